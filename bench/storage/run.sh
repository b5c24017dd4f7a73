#!/usr/bin/env bash
# Builds bench/storage/main.swift with -O together with Sources/Storage (as one module, so no
# Package.swift change is needed) and runs it. Usage: bench/storage/run.sh   (BENCH_ROWS, BENCH_DIM)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/bench/out"
mkdir -p "$out"
swiftc -O -wmo -module-name StorageBench -I "$root/Sources/CSQLite" \
  "$root"/Sources/Storage/*.swift "$root/bench/storage/main.swift" -o "$out/storage-bench"
"$out/storage-bench"
