#!/bin/sh
# By-hand benchmark of the selection methods of issue 16 next to their floors (CoverageBenchTests):
# facility_location vs one sgemm, leverage vs dsyrk + dpotrf, dsir vs a bare tokenise-and-hash pass
# (at two sizes, each in its own process, so that their peak RSS can be compared).
# Usage: bench/sel-coverage/run.sh [N] [D] [M] [DSIR_N]   (defaults 100000 8192 200 1000000)
# Environment: SHORTLIST_BENCH_REPS (best of, default 2). Figures: bench/README-sel-coverage.md.
set -e
cd "$(dirname "$0")/../.."
N="${1:-100000}"; D="${2:-8192}"; M="${3:-200}"; DSIR_N="${4:-1000000}"
run() {
    env SHORTLIST_BENCH_COVERAGE=1 SHORTLIST_BENCH_N="$N" SHORTLIST_BENCH_D="$D" SHORTLIST_BENCH_M="$M" OPENBLAS_NUM_THREADS=1 "$@" \
        swift test -c release -Xswiftc -enable-testing --filter "CoverageBenchTests/$BENCH" 2>&1 | grep BENCH || true
}
BENCH=bench_facilityLocation run
BENCH=bench_leverage run
BENCH=bench_dsir run SHORTLIST_BENCH_DSIR_N=$((DSIR_N / 10))
BENCH=bench_dsir run SHORTLIST_BENCH_DSIR_N="$DSIR_N"
