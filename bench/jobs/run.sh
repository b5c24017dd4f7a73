#!/bin/sh
# By-hand benchmark of a selection job (round_robin k = 10,000 over N x D float32 candidates in a
# pool with C checkpoints, M stored targets) against a bare SELECT of the rows (read(2) and mmap)
# and the M x N sgemm, in one run; peak RSS of the process during the job (VmHWM reset before
# each job) and POST /v1/exemplars latency on another pool while the job runs.
# Usage: bench/jobs/run.sh [N] [D] [M] [BLOCK] [C]   (defaults 20000 8192 200 4096 1)
# More knobs (environment): SHORTLIST_BENCH_RUNS (jobs, default 2), SHORTLIST_BENCH_CORE=0 (skip
# the job-core runs), SHORTLIST_BENCH_EXEMPLARS=0 (no exemplar load).
#
# Parallel jobs (issue 14): bench/jobs/run.sh parallel [N] [D] [M] [W]  (defaults 100000 8192 200 2)
# runs each method's job on 1 and W job threads, alone and with POST /v1/exemplars and GET /healthz
# beside it (p50/p99), its peak RSS against (1.1 + 0.1 W) x one checkpoint, the block reader alone
# on 1 and W connections and the sgemm on 1 and W threads. SHORTLIST_BENCH_METHODS picks methods.
# (-enable-testing: the test targets use @testable imports, which a plain release build rejects.)
set -e
cd "$(dirname "$0")/../.."
if [ "$1" = parallel ]; then
  SHORTLIST_BENCH_PARALLEL_JOB=1 SHORTLIST_BENCH_N="${2:-100000}" SHORTLIST_BENCH_D="${3:-8192}" SHORTLIST_BENCH_M="${4:-200}" \
  SHORTLIST_BENCH_WORKERS="${5:-2}" OPENBLAS_NUM_THREADS=1 \
  swift test -c release -Xswiftc -enable-testing --filter JobParallelBenchTests 2>&1 | grep BENCH
  exit 0
fi
SHORTLIST_BENCH=1 SHORTLIST_BENCH_N="${1:-20000}" SHORTLIST_BENCH_D="${2:-8192}" SHORTLIST_BENCH_M="${3:-200}" \
SHORTLIST_BENCH_BLOCK="${4:-4096}" SHORTLIST_BENCH_CHECKPOINTS="${5:-1}" OPENBLAS_NUM_THREADS=1 \
swift test -c release -Xswiftc -enable-testing --filter JobBenchTests 2>&1 | grep BENCH
