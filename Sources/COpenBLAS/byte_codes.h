#ifndef SHORTLIST_BYTE_CODES_H
#define SHORTLIST_BYTE_CODES_H
// The weighted positive-part sum over byte codes of LinearAlgebra's ByteCodes (the 8-bit bound of
// facility_location's lazy greedy): sum_i w_i * max(0, float(q_i) * scale - c_i), in AVX2 with
// FMA, eight targets per instruction instead of Swift's portable four. Codes come 16 to a load;
// levels and weights are in the load's lane order (target 16b + 4k + t at 16b + 4t + k), so a
// 16-byte load broadcast to both halves and shifted by 0/8 (then 16/24) bits per half lines up
// with 8 contiguous levels. x86-64 only; elsewhere shortlist_byte_codes_supported() is 0.
#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>

static inline int shortlist_byte_codes_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/// Returns the sum; *positive is 1 when some max(0, ...) term is above 0. `padded` is a multiple of 16.
__attribute__((target("avx2,fma")))
static inline float shortlist_byte_codes_positive_part(const uint8_t *codes, float scale, const float *levels,
                                                       const float *weights, size_t padded, int *positive) {
    const __m256i shiftLow = _mm256_setr_epi32(0, 0, 0, 0, 8, 8, 8, 8);
    const __m256i shiftHigh = _mm256_setr_epi32(16, 16, 16, 16, 24, 24, 24, 24);
    const __m256i low = _mm256_set1_epi32(0xFF);
    const __m256 s = _mm256_set1_ps(scale), zero = _mm256_setzero_ps();
    __m256 a0 = zero, a1 = zero, d0 = zero, d1 = zero;
    for (size_t i = 0; i < padded; i += 16) {
        __m256i x = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(codes + i)));
        __m256 v0 = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_and_si256(_mm256_srlv_epi32(x, shiftLow), low)), s);
        __m256 v1 = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_and_si256(_mm256_srlv_epi32(x, shiftHigh), low)), s);
        __m256 e0 = _mm256_max_ps(_mm256_sub_ps(v0, _mm256_loadu_ps(levels + i)), zero);
        __m256 e1 = _mm256_max_ps(_mm256_sub_ps(v1, _mm256_loadu_ps(levels + i + 8)), zero);
        d0 = _mm256_add_ps(d0, e0);
        d1 = _mm256_add_ps(d1, e1);
        a0 = _mm256_fmadd_ps(e0, _mm256_loadu_ps(weights + i), a0);
        a1 = _mm256_fmadd_ps(e1, _mm256_loadu_ps(weights + i + 8), a1);
    }
    __m256 a = _mm256_add_ps(a0, a1), d = _mm256_add_ps(d0, d1);
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    h = _mm_hadd_ps(h, h);
    h = _mm_hadd_ps(h, h);
    __m128 g = _mm_add_ps(_mm256_castps256_ps128(d), _mm256_extractf128_ps(d, 1));
    g = _mm_hadd_ps(g, g);
    g = _mm_hadd_ps(g, g);
    *positive = _mm_cvtss_f32(g) > 0;
    return _mm_cvtss_f32(h);
}
#else
static inline int shortlist_byte_codes_supported(void) { return 0; }
static inline float shortlist_byte_codes_positive_part(const uint8_t *codes, float scale, const float *levels,
                                                       const float *weights, size_t padded, int *positive) {
    (void)codes; (void)scale; (void)levels; (void)weights; (void)padded;
    *positive = 0;
    return 0;
}
#endif
#endif
