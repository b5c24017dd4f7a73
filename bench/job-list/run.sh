#!/bin/bash
# By-hand benchmark of GET /v1/jobs: JOBS finished selection jobs whose stored requests carry ROWS
# inline target rows of D values, listed in pages of 100; per page the route, the SQLite floor
# (the same rows read, request text included) and the page written with the stored requests
# spliced as text against parsed and written again (what the route did before).
# Usage: bench/job-list/run.sh [JOBS] [ROWS] [D] [RUNS]   (defaults 1000 1000 8 3)
# A release build by default; BUILD=debug reuses the debug build of `swift build --build-tests`
# when a release build is out of reach (each figure's note names the build).
# (-enable-testing: the test targets use @testable imports, which a plain release build rejects.)
# pipefail: a build or test failure is the harness's exit status (bench.py records it), not grep's.
set -eo pipefail
cd "$(dirname "$0")/../.."
if [ "${BUILD:-release}" = "debug" ]; then flags=""; else flags="-c release -Xswiftc -enable-testing"; fi
SHORTLIST_BENCH=1 SHORTLIST_BENCH_JOBS="${1:-1000}" SHORTLIST_BENCH_ROWS="${2:-1000}" SHORTLIST_BENCH_D="${3:-8}" \
SHORTLIST_BENCH_RUNS="${4:-3}" \
swift test $flags --filter JobListBenchTests 2>&1 | grep -E 'BENCH|error:|✘'
