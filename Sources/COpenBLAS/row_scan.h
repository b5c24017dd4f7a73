#ifndef SHORTLIST_ROW_SCAN_H
#define SHORTLIST_ROW_SCAN_H
// The whole groups of 8 floats of Selection's RowScan (one read of a candidate row: fingerprint,
// squared norm, finiteness) with AVX-512 VL + DQ: the fingerprint's 64-bit lane multiplies are
// one vpmullq each, where baseline x86-64 (what Swift compiles to) emulates each with three
// 32-bit multiplies, shifts and adds; that emulation made the scan cost a quarter of the
// similarity pass's GEMM at d = 8192. Groups alternate between the fingerprint's two chains of
// state (a, b for even groups, c, d for odd), so two multiplies are in flight at once. The steps
// and their order are the portable loop's, so the
// fingerprint state, the norm lanes and the finiteness are the same bits: the norm is each
// lane's v * v rounded, then added (no fused multiply-add, as Swift computes it), the float64
// form widens each float first. x86-64 only; elsewhere shortlist_row_scan_supported() is 0.
#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>
#pragma STDC FP_CONTRACT OFF

static inline int shortlist_row_scan_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
}

#define SHORTLIST_ROW_SCAN_TARGET __attribute__((target("avx2,avx512f,avx512vl,avx512dq")))

/// One fingerprint step per group (RowFingerprint.State.absorb) on a[4], b[4]; returns v as floats.
SHORTLIST_ROW_SCAN_TARGET
static inline __m256 shortlist_row_scan_absorb(const float *p, __m256i *a, __m256i *b) {
    const __m256i k1 = _mm256_set1_epi64x((long long)0x9E3779B97F4A7C15ULL);
    const __m256i k2 = _mm256_set1_epi64x((long long)0xC2B2AE3D27D4EB4FULL);
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    __m256i x = _mm256_mullo_epi64(_mm256_xor_si256(*a, v), k1);
    *a = _mm256_xor_si256(x, _mm256_srli_epi64(x, 29));
    __m256i y = _mm256_mullo_epi64(_mm256_add_epi64(*b, v), k2);
    *b = _mm256_xor_si256(y, _mm256_srli_epi64(y, 31));
    return _mm256_castsi256_ps(v);
}

/// Finite lanes: above -inf and below +inf (NaN is neither).
SHORTLIST_ROW_SCAN_TARGET
static inline __m256 shortlist_row_scan_finite(__m256 f) {
    const __m256 inf = _mm256_set1_ps(__builtin_inff());
    const __m256 ninf = _mm256_set1_ps(-__builtin_inff());
    return _mm256_and_ps(_mm256_cmp_ps(f, ninf, _CMP_GT_OQ), _mm256_cmp_ps(f, inf, _CMP_LT_OQ));
}

/// The float32 norm step: the lanes plus each value's square, rounded twice.
SHORTLIST_ROW_SCAN_TARGET
static inline __m256 shortlist_row_scan_square_f32(__m256 sum, __m256 f) {
    __m256 square = _mm256_mul_ps(f, f);
    return _mm256_add_ps(sum, square);
}

/// `groups` groups of 8 floats at p: the fingerprint words (a[4], b[4], c[4], d[4] at `words`)
/// and float32 lanes[8] updated in place; returns 1 when every value was finite.
SHORTLIST_ROW_SCAN_TARGET
static inline int shortlist_row_scan_f32(const float *p, size_t groups, uint64_t *words, float *lanes) {
    __m256i sa = _mm256_loadu_si256((const __m256i *)words), sb = _mm256_loadu_si256((const __m256i *)(words + 4));
    __m256i sc = _mm256_loadu_si256((const __m256i *)(words + 8)), sd = _mm256_loadu_si256((const __m256i *)(words + 12));
    __m256 sum = _mm256_loadu_ps(lanes);
    __m256 finite = _mm256_castsi256_ps(_mm256_set1_epi32(-1));
    size_t g = 0;
    for (; g + 2 <= groups; g += 2) {
        __m256 even = shortlist_row_scan_absorb(p + 8 * g, &sa, &sb);
        __m256 odd = shortlist_row_scan_absorb(p + 8 * g + 8, &sc, &sd);
        sum = shortlist_row_scan_square_f32(shortlist_row_scan_square_f32(sum, even), odd);
        finite = _mm256_and_ps(finite, _mm256_and_ps(shortlist_row_scan_finite(even), shortlist_row_scan_finite(odd)));
    }
    if (g < groups) {
        __m256 even = shortlist_row_scan_absorb(p + 8 * g, &sa, &sb);
        sum = shortlist_row_scan_square_f32(sum, even);
        finite = _mm256_and_ps(finite, shortlist_row_scan_finite(even));
    }
    _mm256_storeu_si256((__m256i *)words, sa);
    _mm256_storeu_si256((__m256i *)(words + 4), sb);
    _mm256_storeu_si256((__m256i *)(words + 8), sc);
    _mm256_storeu_si256((__m256i *)(words + 12), sd);
    _mm256_storeu_ps(lanes, sum);
    return _mm256_movemask_ps(finite) == 0xFF;
}

/// The float64 norm step on lanes low[4], high[4]: each value widened, squared, added.
SHORTLIST_ROW_SCAN_TARGET
static inline void shortlist_row_scan_square_f64(__m256d *low, __m256d *high, __m256 f) {
    __m256d w0 = _mm256_cvtps_pd(_mm256_castps256_ps128(f)), w1 = _mm256_cvtps_pd(_mm256_extractf128_ps(f, 1));
    __m256d s0 = _mm256_mul_pd(w0, w0), s1 = _mm256_mul_pd(w1, w1);
    *low = _mm256_add_pd(*low, s0);
    *high = _mm256_add_pd(*high, s1);
}

/// The same with float64 lanes[8].
SHORTLIST_ROW_SCAN_TARGET
static inline int shortlist_row_scan_f64(const float *p, size_t groups, uint64_t *words, double *lanes) {
    __m256i sa = _mm256_loadu_si256((const __m256i *)words), sb = _mm256_loadu_si256((const __m256i *)(words + 4));
    __m256i sc = _mm256_loadu_si256((const __m256i *)(words + 8)), sd = _mm256_loadu_si256((const __m256i *)(words + 12));
    __m256d low = _mm256_loadu_pd(lanes), high = _mm256_loadu_pd(lanes + 4);
    __m256 finite = _mm256_castsi256_ps(_mm256_set1_epi32(-1));
    size_t g = 0;
    for (; g + 2 <= groups; g += 2) {
        __m256 even = shortlist_row_scan_absorb(p + 8 * g, &sa, &sb);
        __m256 odd = shortlist_row_scan_absorb(p + 8 * g + 8, &sc, &sd);
        shortlist_row_scan_square_f64(&low, &high, even);
        shortlist_row_scan_square_f64(&low, &high, odd);
        finite = _mm256_and_ps(finite, _mm256_and_ps(shortlist_row_scan_finite(even), shortlist_row_scan_finite(odd)));
    }
    if (g < groups) {
        __m256 even = shortlist_row_scan_absorb(p + 8 * g, &sa, &sb);
        shortlist_row_scan_square_f64(&low, &high, even);
        finite = _mm256_and_ps(finite, shortlist_row_scan_finite(even));
    }
    _mm256_storeu_si256((__m256i *)words, sa);
    _mm256_storeu_si256((__m256i *)(words + 4), sb);
    _mm256_storeu_si256((__m256i *)(words + 8), sc);
    _mm256_storeu_si256((__m256i *)(words + 12), sd);
    _mm256_storeu_pd(lanes, low);
    _mm256_storeu_pd(lanes + 4, high);
    return _mm256_movemask_ps(finite) == 0xFF;
}
#else
static inline int shortlist_row_scan_supported(void) { return 0; }
static inline int shortlist_row_scan_f32(const float *p, size_t groups, uint64_t *words, float *lanes) {
    (void)p; (void)groups; (void)words; (void)lanes;
    return 0;
}
static inline int shortlist_row_scan_f64(const float *p, size_t groups, uint64_t *words, double *lanes) {
    (void)p; (void)groups; (void)words; (void)lanes;
    return 0;
}
#endif
#endif
