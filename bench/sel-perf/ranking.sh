#!/bin/sh
# By-hand: TopKAccumulator / Ranking.order called from ANOTHER module (as Selection calls LinearAlgebra).
# Usage: bench/sel-perf/ranking.sh [git-rev]   (default: the work tree; e.g. 4038e9f = before @inlinable)
set -e
cd "$(dirname "$0")/../.."
dir="${TMPDIR:-/tmp}/shortlist-ranking-bench"; rm -rf "$dir"; mkdir -p "$dir"
if [ -n "$1" ]; then git show "$1:Sources/LinearAlgebra/Ranking.swift" > "$dir/Ranking.swift"; else cp Sources/LinearAlgebra/Ranking.swift "$dir/"; fi
(cd "$dir" && swiftc -O -parse-as-library -emit-library -emit-module -module-name RankLib Ranking.swift -o libRankLib.so)
swiftc -O -I "$dir" -L "$dir" -lRankLib bench/sel-perf/ranking/main.swift -o "$dir/bench"
LD_LIBRARY_PATH="$dir" "$dir/bench"
