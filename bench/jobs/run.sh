#!/bin/sh
# By-hand benchmark of a selection job (round_robin k = 10,000 over N x D float32 candidates in a
# pool, M stored targets) against a bare SELECT of the rows and the M x N sgemm, in one run.
# Usage: bench/jobs/run.sh [N] [D] [M] [BLOCK]   (defaults 20000 8192 200 4096)
# (-enable-testing: the test targets use @testable imports, which a plain release build rejects.)
set -e
cd "$(dirname "$0")/../.."
SHORTLIST_BENCH=1 SHORTLIST_BENCH_N="${1:-20000}" SHORTLIST_BENCH_D="${2:-8192}" SHORTLIST_BENCH_M="${3:-200}" \
SHORTLIST_BENCH_BLOCK="${4:-4096}" OPENBLAS_NUM_THREADS=1 \
swift test -c release -Xswiftc -enable-testing --filter JobBenchTests 2>&1 | grep BENCH
