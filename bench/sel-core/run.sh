#!/bin/sh
# By-hand benchmark of the selection core (similarity, less, round_robin, uot, knn_uniform) against
# the single-sgemm floor. Usage: bench/sel-core/run.sh [N] [D] [M]   (defaults 20000 8192 200)
# Env: SHORTLIST_BENCH_REPS (default 2) pairs of (floor, method) per method, SHORTLIST_BENCH_BLOCK (4096).
# (-enable-testing: other test targets use @testable imports, which a plain release build rejects.)
set -e
cd "$(dirname "$0")/../.."
SHORTLIST_BENCH=1 SHORTLIST_BENCH_N="${1:-20000}" SHORTLIST_BENCH_D="${2:-8192}" SHORTLIST_BENCH_M="${3:-200}" SHORTLIST_BENCH_REPS="${SHORTLIST_BENCH_REPS:-2}" \
OPENBLAS_NUM_THREADS=1 swift test -c release -Xswiftc -enable-testing --filter SimilarityBenchTests 2>&1 | grep BENCH
