#ifndef SHORTLIST_FORWARD_NORMS_H
#define SHORTLIST_FORWARD_NORMS_H
// ||L^{-1} x||^2 for 32 rows x at once (LinearAlgebra's ForwardNorms, leverage scores): each
// row's forward substitution is one chain of dependent subtractions, so one row at a time waits
// on every subtraction's latency; 32 rows in 8-wide AVX-512 lanes run four independent chains.
// Every lane does exactly the scalar loop's operations in its order (s = x_a; s = s - L[a][c] *
// z_c for c < a, each product rounded, then subtracted; v = s / L[a][a]; tau = tau + v * v), so
// each row's value is the scalar loop's bit for bit, wherever the row sits among the 32.
#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>
#pragma STDC FP_CONTRACT OFF

static inline int shortlist_forward_norms_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

/// `l`: the lower factor, row-major d x d. `xt`: the 32 rows transposed (d x 32, row r's value a
/// at xt[32 a + r]). `z`: d x 32 scratch. Writes the 32 squared norms to `tau`.
__attribute__((target("avx2,avx512f")))
static inline void shortlist_forward_norms_32(const double *l, size_t d, const double *xt, double *z, double *tau) {
    __m512d t0 = _mm512_setzero_pd(), t1 = t0, t2 = t0, t3 = t0;
    for (size_t a = 0; a < d; a++) {
        const double *row = l + a * d;
        __m512d s0 = _mm512_loadu_pd(xt + 32 * a), s1 = _mm512_loadu_pd(xt + 32 * a + 8);
        __m512d s2 = _mm512_loadu_pd(xt + 32 * a + 16), s3 = _mm512_loadu_pd(xt + 32 * a + 24);
        for (size_t c = 0; c < a; c++) {
            const __m512d r = _mm512_set1_pd(row[c]);
            const double *zc = z + 32 * c;
            __m512d p0 = _mm512_mul_pd(r, _mm512_loadu_pd(zc)), p1 = _mm512_mul_pd(r, _mm512_loadu_pd(zc + 8));
            __m512d p2 = _mm512_mul_pd(r, _mm512_loadu_pd(zc + 16)), p3 = _mm512_mul_pd(r, _mm512_loadu_pd(zc + 24));
            s0 = _mm512_sub_pd(s0, p0);
            s1 = _mm512_sub_pd(s1, p1);
            s2 = _mm512_sub_pd(s2, p2);
            s3 = _mm512_sub_pd(s3, p3);
        }
        const __m512d diagonal = _mm512_set1_pd(row[a]);
        __m512d v0 = _mm512_div_pd(s0, diagonal), v1 = _mm512_div_pd(s1, diagonal);
        __m512d v2 = _mm512_div_pd(s2, diagonal), v3 = _mm512_div_pd(s3, diagonal);
        _mm512_storeu_pd(z + 32 * a, v0);
        _mm512_storeu_pd(z + 32 * a + 8, v1);
        _mm512_storeu_pd(z + 32 * a + 16, v2);
        _mm512_storeu_pd(z + 32 * a + 24, v3);
        __m512d q0 = _mm512_mul_pd(v0, v0), q1 = _mm512_mul_pd(v1, v1), q2 = _mm512_mul_pd(v2, v2), q3 = _mm512_mul_pd(v3, v3);
        t0 = _mm512_add_pd(t0, q0);
        t1 = _mm512_add_pd(t1, q1);
        t2 = _mm512_add_pd(t2, q2);
        t3 = _mm512_add_pd(t3, q3);
    }
    _mm512_storeu_pd(tau, t0);
    _mm512_storeu_pd(tau + 8, t1);
    _mm512_storeu_pd(tau + 16, t2);
    _mm512_storeu_pd(tau + 24, t3);
}
#else
static inline int shortlist_forward_norms_supported(void) { return 0; }
static inline void shortlist_forward_norms_32(const double *l, size_t d, const double *xt, double *z, double *tau) {
    (void)l; (void)d; (void)xt; (void)z; (void)tau;
}
#endif
#endif
