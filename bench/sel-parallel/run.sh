#!/bin/sh
# By-hand benchmark of the parallel engine: every method at W = 1 and W workers next to one
# OpenBLAS sgemm of the same shape on 1 and W threads, and TAROT's OTM folds at W = 1 and W.
# Usage: bench/sel-parallel/run.sh [N] [D] [M] [W]   (defaults 100000 8192 200 2)
# Environment: SHORTLIST_BENCH_REPS (best of, default 2), SHORTLIST_BENCH_METHODS (comma list),
# SHORTLIST_BENCH_TAROT_N (default 20000). Figures: bench/README-parallel.md.
set -e
cd "$(dirname "$0")/../.."
SHORTLIST_BENCH_PARALLEL=1 SHORTLIST_BENCH_N="${1:-100000}" SHORTLIST_BENCH_D="${2:-8192}" SHORTLIST_BENCH_M="${3:-200}" \
SHORTLIST_BENCH_WORKERS="${4:-2}" OPENBLAS_NUM_THREADS=1 \
swift test -c release -Xswiftc -enable-testing --filter ParallelBenchTests 2>&1 | grep BENCH
