#!/bin/sh
# By-hand: the TAROT Sinkhorn (final-weights shape, 7708 x 500) in one optimised executable built from
# Sinkhorn.swift + Sinkhorn+LogSumExp.swift + VectorExp.swift (the `import LinearAlgebra` is dropped: one module).
# Usage: bench/sel-perf/sinkhorn.sh [git-rev]   (default: the work tree; e.g. 1e5acd0 = scalar glibc exp)
set -e
cd "$(dirname "$0")/../.."
dir="${TMPDIR:-/tmp}/shortlist-sinkhorn-bench"; rm -rf "$dir"; mkdir -p "$dir"
for f in Sources/Selection/Sinkhorn.swift Sources/Selection/Sinkhorn+LogSumExp.swift Sources/LinearAlgebra/VectorExp.swift; do
  if [ -n "$1" ]; then git show "$1:$f" > "$dir/$(basename "$f")" 2>/dev/null || true; else cp "$f" "$dir/"; fi
done
sed -i '/^import LinearAlgebra/d' "$dir"/*.swift
for f in "$dir"/*.swift; do [ -s "$f" ] || rm "$f"; done
swiftc -O "$dir"/*.swift bench/sel-perf/sinkhorn/main.swift -o "$dir/sinkhorn"
"$dir/sinkhorn"
