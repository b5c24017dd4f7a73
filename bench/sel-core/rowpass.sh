#!/bin/sh
# By-hand: per-row costs of the similarity pass (fingerprint, the fused RowScan, a copy)
# against the tile sgemm and the floor. Usage: bench/sel-core/rowpass.sh [N] [D] [M]
# Compiles only the files it times with swiftc -O (seconds, unlike a release build of the package).
set -e
cd "$(dirname "$0")/../.."
dir="${TMPDIR:-/tmp}/shortlist-rowpass.d"
mkdir -p "$dir"
swiftc -O -parse-as-library -module-name LinearAlgebra -I Sources/COpenBLAS -emit-module -emit-module-path "$dir/LinearAlgebra.swiftmodule" \
  -emit-library -static -o "$dir/libLinearAlgebra.a" Sources/LinearAlgebra/RowScanKernel.swift
swiftc -O -I Sources/COpenBLAS -I "$dir" -L "$dir" -lLinearAlgebra Sources/Selection/RowFingerprint.swift Sources/Selection/RowScan.swift \
  bench/sel-core/rowpass/main.swift -lopenblas -o "$dir/rowpass"
OPENBLAS_NUM_THREADS=1 "$dir/rowpass" "$@"
