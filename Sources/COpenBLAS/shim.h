#ifndef SHORTLIST_COPENBLAS_SHIM_H
#define SHORTLIST_COPENBLAS_SHIM_H
// Debian's OpenBLAS ships cblas.h (with openblas_set_num_threads); LAPACKE comes from liblapacke
// and resolves to OpenBLAS's LAPACK at run time. lapack_int is a macro: Swift sees Int32.
#include <cblas.h>
#include <lapacke.h>
#include "half_rows.h"
#include "prefetch.h"
#include "byte_codes.h"
#include "row_scan.h"
#include "band_scan.h"
#include "forward_norms.h"
#endif
