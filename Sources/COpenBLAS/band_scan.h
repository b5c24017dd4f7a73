#ifndef SHORTLIST_BAND_SCAN_H
#define SHORTLIST_BAND_SCAN_H
// The two list scans of facility_location's band sweep (LinearAlgebra's BandScan): keep the
// candidates whose bound reaches the list's floor, and report those whose bound reaches the
// band's. With AVX-512 F the bounds are gathered eight at a time and the kept indices written
// with a compress-store, instead of a branch per candidate that the branch predictor cannot
// learn (a bound's side of the band is random). Both forms keep the list's order; the portable
// loop runs where AVX-512 is missing.
#include <stddef.h>
#include <stdint.h>

static inline size_t shortlist_band_scan_portable(int32_t *active, size_t count, const double *bounds, double floor, double band,
                                                  int32_t *hits, size_t *hitCount) {
    size_t kept = 0, found = 0;
    for (size_t p = 0; p < count; p++) {
        int32_t j = active[p];
        double bound = bounds[j];
        if (bound < floor) continue;
        active[kept++] = j;
        if (!(bound < band)) hits[found++] = j;
    }
    *hitCount = found;
    return kept;
}

static inline size_t shortlist_list_rebuild_portable(const double *bounds, size_t n, double floor, int32_t *active) {
    size_t count = 0;
    for (size_t j = 0; j < n; j++) {
        if (!(bounds[j] < floor)) active[count++] = (int32_t)j;
    }
    return count;
}

#if defined(__x86_64__)
#include <immintrin.h>

static inline int shortlist_band_scan_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
}

__attribute__((target("avx2,avx512f,avx512vl")))
static inline size_t shortlist_band_scan_avx512(int32_t *active, size_t count, const double *bounds, double floor, double band,
                                                int32_t *hits, size_t *hitCount) {
    const __m512d f = _mm512_set1_pd(floor), b = _mm512_set1_pd(band);
    size_t kept = 0, found = 0, p = 0;
    for (; p + 8 <= count; p += 8) {
        __m256i j = _mm256_loadu_si256((const __m256i *)(active + p));
        __m512d v = _mm512_i32gather_pd(j, bounds, 8);
        // Not below (as the portable loop tests): bounds are never NaN.
        __mmask8 keep = _mm512_cmp_pd_mask(v, f, _CMP_NLT_UQ);
        __mmask8 hit = _mm512_cmp_pd_mask(v, b, _CMP_NLT_UQ) & keep;
        // kept <= p, so the store never overtakes the loads still to come.
        _mm256_mask_compressstoreu_epi32(active + kept, keep, j);
        kept += (size_t)__builtin_popcount(keep);
        if (hit) {
            _mm256_mask_compressstoreu_epi32(hits + found, hit, j);
            found += (size_t)__builtin_popcount(hit);
        }
    }
    size_t tailHits = 0;
    size_t tailKept = shortlist_band_scan_portable(active + p, count - p, bounds, floor, band, hits + found, &tailHits);
    // The tail's kept entries moved to its own start: slide them down behind the others.
    for (size_t t = 0; t < tailKept; t++) active[kept + t] = active[p + t];
    *hitCount = found + tailHits;
    return kept + tailKept;
}

__attribute__((target("avx2,avx512f,avx512vl")))
static inline size_t shortlist_list_rebuild_avx512(const double *bounds, size_t n, double floor, int32_t *active) {
    const __m512d f = _mm512_set1_pd(floor);
    __m256i j = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i eight = _mm256_set1_epi32(8);
    size_t count = 0, x = 0;
    for (; x + 8 <= n; x += 8) {
        __mmask8 keep = _mm512_cmp_pd_mask(_mm512_loadu_pd(bounds + x), f, _CMP_NLT_UQ);
        _mm256_mask_compressstoreu_epi32(active + count, keep, j);
        count += (size_t)__builtin_popcount(keep);
        j = _mm256_add_epi32(j, eight);
    }
    for (; x < n; x++) {
        if (!(bounds[x] < floor)) active[count++] = (int32_t)x;
    }
    return count;
}

/// Keeps, in order and in place, the entries of `active` whose bound reaches `floor`; writes
/// those whose bound also reaches `band` to `hits` (in order, `*hitCount` of them). Returns how
/// many were kept.
static inline size_t shortlist_band_scan(int32_t *active, size_t count, const double *bounds, double floor, double band,
                                         int32_t *hits, size_t *hitCount, int vectorized) {
    return vectorized ? shortlist_band_scan_avx512(active, count, bounds, floor, band, hits, hitCount)
                      : shortlist_band_scan_portable(active, count, bounds, floor, band, hits, hitCount);
}

/// Writes every candidate whose bound reaches `floor` to `active`, in index order; returns how many.
static inline size_t shortlist_list_rebuild(const double *bounds, size_t n, double floor, int32_t *active, int vectorized) {
    return vectorized ? shortlist_list_rebuild_avx512(bounds, n, floor, active) : shortlist_list_rebuild_portable(bounds, n, floor, active);
}
#else
static inline int shortlist_band_scan_supported(void) { return 0; }
static inline size_t shortlist_band_scan(int32_t *active, size_t count, const double *bounds, double floor, double band,
                                         int32_t *hits, size_t *hitCount, int vectorized) {
    (void)vectorized;
    return shortlist_band_scan_portable(active, count, bounds, floor, band, hits, hitCount);
}
static inline size_t shortlist_list_rebuild(const double *bounds, size_t n, double floor, int32_t *active, int vectorized) {
    (void)vectorized;
    return shortlist_list_rebuild_portable(bounds, n, floor, active);
}
#endif
#endif
