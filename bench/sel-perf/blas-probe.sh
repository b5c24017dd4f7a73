#!/bin/sh
# Does OpenBLAS sgemm give identical candidate rows identical bits inside ONE call? (bench/README-sel-perf.md)
# Every row of a cap-row tile is a copy of row 0; prints the shapes where some row's products differ.
set -e
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/shortlist-blas-probe"
swiftc -O -I Sources/COpenBLAS bench/sel-perf/blas-probe/main.swift -lopenblas -o "$out"
OPENBLAS_NUM_THREADS=1 "$out"
