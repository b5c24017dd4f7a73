#ifndef SHORTLIST_PREFETCH_H
#define SHORTLIST_PREFETCH_H
// A software prefetch of every cache line of a short span (LinearAlgebra's CacheLines): Swift has
// no prefetch of its own, and a plain load to warm a line stalls the loop once the reorder buffer
// fills, where a prefetch retires at once and lets many lines be in flight.
#include <stddef.h>

static inline void shortlist_prefetch(const void *start, size_t bytes) {
    const char *p = (const char *)start;
    for (size_t offset = 0; offset < bytes; offset += 64) __builtin_prefetch(p + offset, 0, 3);
}
#endif
