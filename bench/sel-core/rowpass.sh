#!/bin/sh
# By-hand: per-row costs of the similarity pass (fingerprint, the fused RowScan, a copy)
# against the tile sgemm and the floor. Usage: bench/sel-core/rowpass.sh [N] [D] [M]
# Compiles only the files it times with swiftc -O (seconds, unlike a release build of the package).
set -e
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/shortlist-rowpass"
swiftc -O -I Sources/COpenBLAS Sources/Selection/RowFingerprint.swift Sources/Selection/RowScan.swift \
  bench/sel-core/rowpass/main.swift -lopenblas -o "$out"
OPENBLAS_NUM_THREADS=1 "$out" "$@"
