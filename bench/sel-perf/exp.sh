#!/bin/sh
# By-hand: VectorExp against glibc's scalar exp, thread CPU time, one process.
# Compiles LinearAlgebra's VectorExp.swift with the harness into one optimised executable (fast to build
# on the shared box, unlike a release build of the whole package).
set -e
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/shortlist-expbench"
swiftc -O Sources/LinearAlgebra/VectorExp.swift bench/sel-perf/exp/main.swift -o "$out"
"$out"
