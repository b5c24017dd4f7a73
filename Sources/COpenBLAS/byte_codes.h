#ifndef SHORTLIST_BYTE_CODES_H
#define SHORTLIST_BYTE_CODES_H
// The integer sum of LinearAlgebra's ByteCodes (the 8-bit bound of facility_location's lazy
// greedy): sum_i w_i * max(0, q_i - c_i) over unsigned byte codes q and levels c and signed byte
// weights w (0 to 127), 32 targets per instruction pair: a saturating byte subtraction gives
// max(0, q - c), and vpdpbusd multiplies those unsigned bytes by the signed weights and adds each
// group of four products into a 32-bit lane. Integer arithmetic is exact, so the result is the
// portable loop's, whatever the order. x86-64 with AVX-512 VL + VNNI only; elsewhere
// shortlist_byte_codes_supported() is 0.
#include <stddef.h>
#include <stdint.h>

/// One candidate's codes: ceil(x) of x = column[i] * inverses[i] clamped to [0, 255], the
/// portable loop (a truncation and a comparison: baseline x86-64 has no rounding instruction).
static inline void shortlist_byte_codes_encode_portable(const double *column, const double *inverses, size_t m, uint8_t *out) {
    for (size_t i = 0; i < m; i++) {
        double x = column[i] * inverses[i];
        x = x < 0 ? 0 : (x > 255 ? 255 : x);
        int t = (int)x;
        out[i] = (uint8_t)((double)t < x ? t + 1 : t);
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

static inline int shortlist_byte_codes_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}

/// The sum over `padded` targets (a multiple of 32); at most 65,536 targets keep it in 32 bits.
__attribute__((target("avx2,avx512f,avx512vl,avx512vnni")))
static inline int32_t shortlist_byte_codes_sum(const uint8_t *codes, const uint8_t *levels, const int8_t *weights, size_t padded) {
    __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256();
    size_t i = 0;
    // Two accumulators: each vpdpbusd waits for the previous one on its accumulator.
    for (; i + 64 <= padded; i += 64) {
        __m256i e0 = _mm256_subs_epu8(_mm256_loadu_si256((const __m256i *)(codes + i)), _mm256_loadu_si256((const __m256i *)(levels + i)));
        __m256i e1 = _mm256_subs_epu8(_mm256_loadu_si256((const __m256i *)(codes + i + 32)), _mm256_loadu_si256((const __m256i *)(levels + i + 32)));
        a0 = _mm256_dpbusd_epi32(a0, e0, _mm256_loadu_si256((const __m256i *)(weights + i)));
        a1 = _mm256_dpbusd_epi32(a1, e1, _mm256_loadu_si256((const __m256i *)(weights + i + 32)));
    }
    if (i < padded) {
        __m256i e0 = _mm256_subs_epu8(_mm256_loadu_si256((const __m256i *)(codes + i)), _mm256_loadu_si256((const __m256i *)(levels + i)));
        a0 = _mm256_dpbusd_epi32(a0, e0, _mm256_loadu_si256((const __m256i *)(weights + i)));
    }
    __m256i a = _mm256_add_epi32(a0, a1);
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

/// The same codes eight at a time: the conversion rounds towards +infinity, which is ceil.
__attribute__((target("avx2,avx512f,avx512vl")))
static inline void shortlist_byte_codes_encode_avx512(const double *column, const double *inverses, size_t m, uint8_t *out) {
    const __m512d zero = _mm512_setzero_pd(), top = _mm512_set1_pd(255);
    size_t i = 0;
    for (; i + 8 <= m; i += 8) {
        __m512d x = _mm512_mul_pd(_mm512_loadu_pd(column + i), _mm512_loadu_pd(inverses + i));
        x = _mm512_min_pd(_mm512_max_pd(x, zero), top);
        __m256i q = _mm512_cvt_roundpd_epi32(x, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC);
        _mm_storel_epi64((__m128i *)(out + i), _mm256_cvtepi32_epi8(q));
    }
    shortlist_byte_codes_encode_portable(column + i, inverses + i, m - i, out + i);
}

static inline int shortlist_byte_codes_encode_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
}

static inline void shortlist_byte_codes_encode(const double *column, const double *inverses, size_t m, uint8_t *out, int vectorized) {
    if (vectorized) shortlist_byte_codes_encode_avx512(column, inverses, m, out);
    else shortlist_byte_codes_encode_portable(column, inverses, m, out);
}
#else
static inline int shortlist_byte_codes_supported(void) { return 0; }
static inline int shortlist_byte_codes_encode_supported(void) { return 0; }
static inline void shortlist_byte_codes_encode(const double *column, const double *inverses, size_t m, uint8_t *out, int vectorized) {
    (void)vectorized;
    shortlist_byte_codes_encode_portable(column, inverses, m, out);
}
static inline int32_t shortlist_byte_codes_sum(const uint8_t *codes, const uint8_t *levels, const int8_t *weights, size_t padded) {
    (void)codes; (void)levels; (void)weights; (void)padded;
    return 0;
}
#endif
#endif
