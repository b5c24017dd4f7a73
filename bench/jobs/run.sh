#!/bin/sh
# By-hand benchmark of a selection job (round_robin k = 10,000 over N x D float32 candidates in a
# pool with C checkpoints, M stored targets) against a bare SELECT of the rows (read(2) and mmap)
# and the M x N sgemm, in one run; peak RSS of the process during the job (VmHWM reset before
# each job) and POST /v1/exemplars latency on another pool while the job runs.
# Usage: bench/jobs/run.sh [N] [D] [M] [BLOCK] [C]   (defaults 20000 8192 200 4096 1)
# More knobs (environment): SHORTLIST_BENCH_RUNS (jobs, default 2), SHORTLIST_BENCH_CORE=0 (skip
# the job-core runs), SHORTLIST_BENCH_EXEMPLARS=0 (no exemplar load).
# (-enable-testing: the test targets use @testable imports, which a plain release build rejects.)
set -e
cd "$(dirname "$0")/../.."
SHORTLIST_BENCH=1 SHORTLIST_BENCH_N="${1:-20000}" SHORTLIST_BENCH_D="${2:-8192}" SHORTLIST_BENCH_M="${3:-200}" \
SHORTLIST_BENCH_BLOCK="${4:-4096}" SHORTLIST_BENCH_CHECKPOINTS="${5:-1}" OPENBLAS_NUM_THREADS=1 \
swift test -c release -Xswiftc -enable-testing --filter JobBenchTests 2>&1 | grep BENCH
