#ifndef SHORTLIST_HALF_ROWS_H
#define SHORTLIST_HALF_ROWS_H
// Half-precision (IEEE binary16) copies of float32 rows and their dot products with a float32
// query, for a pre-scan that reads half the bytes of an sgemv. Only a bound on the error is ever
// relied on (LinearAlgebra's HalfPrecisionRows), never the exact values. x86-64 with AVX2, FMA
// and F16C only; elsewhere shortlist_half_rows_supported() is 0 and nothing else may be called.
#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>

static inline int shortlist_half_rows_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

/// out[i] = binary16(in[i]), rounded to nearest even.
__attribute__((target("avx2,fma,f16c")))
static inline void shortlist_half_rows_convert(const float *in, uint16_t *out, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm_storeu_si128((__m128i *)(out + i), h);
    }
    for (; i < count; i++) out[i] = _cvtss_sh(in[i], _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

/// y[r] = sum_t float(a[r * d + t]) * x[t] for r < rows, float32 FMAs in a fixed order.
__attribute__((target("avx2,fma,f16c")))
static inline void shortlist_half_rows_gemv(const uint16_t *a, size_t rows, size_t d, const float *x, float *y) {
    for (size_t r = 0; r < rows; r++) {
        const uint16_t *p = a + r * d;
        __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        size_t t = 0;
        for (; t + 32 <= d; t += 32) {
            s0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + t))), _mm256_loadu_ps(x + t), s0);
            s1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + t + 8))), _mm256_loadu_ps(x + t + 8), s1);
            s2 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + t + 16))), _mm256_loadu_ps(x + t + 16), s2);
            s3 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + t + 24))), _mm256_loadu_ps(x + t + 24), s3);
        }
        for (; t + 8 <= d; t += 8) {
            s0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + t))), _mm256_loadu_ps(x + t), s0);
        }
        __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
        __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        h = _mm_hadd_ps(h, h);
        h = _mm_hadd_ps(h, h);
        float sum = _mm_cvtss_f32(h);
        for (; t < d; t++) sum += _cvtsh_ss(p[t]) * x[t];
        y[r] = sum;
    }
}
#else
static inline int shortlist_half_rows_supported(void) { return 0; }
static inline void shortlist_half_rows_convert(const float *in, uint16_t *out, size_t count) { (void)in; (void)out; (void)count; }
static inline void shortlist_half_rows_gemv(const uint16_t *a, size_t rows, size_t d, const float *x, float *y) {
    (void)a; (void)rows; (void)d; (void)x; (void)y;
}
#endif
#endif
