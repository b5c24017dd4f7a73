// The floor of one exemplar request in C: cblas_sgemv (row-major, one OpenBLAS thread) of a
// query over a 10,000 x 384 float32 pool, the same call the first stage makes; p50/p99/min over
// many repetitions (and the mean CPU time per call), no Python in the loop.
//   gcc -O2 bench/exemplars-route/floor.c -o /tmp/exemplars-floor -lopenblas && /tmp/exemplars-floor [reps]
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double thread_cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const int n = 10000, d = 384, reps = argc > 1 ? atoi(argv[1]) : 3000;
    openblas_set_num_threads(1);
    float *a = malloc(sizeof(float) * n * d), *x = malloc(sizeof(float) * d), *y = malloc(sizeof(float) * n);
    double *t = malloc(sizeof(double) * reps), cpu = 0;
    srand(1);
    for (long i = 0; i < (long)n * d; i++) a[i] = rand() / (float)RAND_MAX - 0.5f;
    for (int i = 0; i < d; i++) x[i] = a[17 * d + i];
    for (int r = 0; r < reps; r++) {
        double s = now(), c = thread_cpu();
        cblas_sgemv(CblasRowMajor, CblasNoTrans, n, d, 1, a, d, x, 1, 0, y, 1);
        t[r] = now() - s;
        cpu += thread_cpu() - c;
    }
    qsort(t, reps, sizeof(double), ascending);
    printf("cblas_sgemv floor %dx%d: p50 %.3f ms, p99 %.3f ms, min %.3f ms, CPU mean %.3f ms\n", n, d, t[reps / 2] * 1e3,
           t[reps * 99 / 100] * 1e3, t[0] * 1e3, cpu / reps * 1e3);
    return 0;
}
