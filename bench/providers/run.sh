#!/usr/bin/env bash
# Builds Sources/Providers + bench/providers/main.swift into one optimised binary (its module
# dependencies as static libraries), starts two stubs
# (fast, and 200 ms slow, embeddings dim 384) and runs the benchmark. By hand; takes ~30 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${TMPDIR:-/tmp}/shortlist-providers-bench"
mkdir -p "$out"
rm -f "$out/fast.port" "$out/slow.port"
# The modules Providers imports, each an optimised static library in dependency order.
module() {
  local name=$1
  swiftc -O -wmo -parse-as-library -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
    -emit-library -static -I "$out" "$root/Sources/$name"/*.swift -o "$out/lib$name.a"
}
module TextHashing
module JSON
module HTTP
swiftc -O -module-name ProvidersBench -I "$out" -I "$root/Sources/CCurl" "$root"/Sources/Providers/*.swift \
  "$root/bench/providers/main.swift" -L "$out" -lHTTP -lJSON -lTextHashing -o "$out/bench"
# (sleep's stderr is not the harness's: bench/bench.py reads that pipe until every writer is gone.)
python3 "$root/scripts/stub_llm.py" --port 0 --dim 384 --exit-on-stdin-eof > "$out/fast.port" < <(sleep 600 2>/dev/null) &
fast=$!
python3 "$root/scripts/stub_llm.py" --port 0 --mode slow --delay-ms 200 --exit-on-stdin-eof > "$out/slow.port" < <(sleep 600 2>/dev/null) &
slow=$!
trap 'kill $fast $slow 2>/dev/null || true' EXIT
for f in fast slow; do while [ ! -s "$out/$f.port" ]; do sleep 0.05; done; done
"$out/bench" "$(head -1 "$out/fast.port")" "$(head -1 "$out/slow.port")"
