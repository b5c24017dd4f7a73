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
#else
static inline int shortlist_byte_codes_supported(void) { return 0; }
static inline int32_t shortlist_byte_codes_sum(const uint8_t *codes, const uint8_t *levels, const int8_t *weights, size_t padded) {
    (void)codes; (void)levels; (void)weights; (void)padded;
    return 0;
}
#endif
#endif
