#!/usr/bin/env bash
# Builds Sources/Providers + bench/providers/main.swift into one optimised binary, starts two stubs
# (fast, and 200 ms slow, embeddings dim 384) and runs the benchmark. By hand; takes ~30 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${TMPDIR:-/tmp}/shortlist-providers-bench"
mkdir -p "$out"
rm -f "$out/fast.port" "$out/slow.port"
swiftc -O -module-name ProvidersBench -I "$root/Sources/CCurl" "$root"/Sources/Providers/*.swift \
  "$root/bench/providers/main.swift" -o "$out/bench"
python3 "$root/scripts/stub_llm.py" --port 0 --dim 384 --exit-on-stdin-eof > "$out/fast.port" < <(sleep 600) &
fast=$!
python3 "$root/scripts/stub_llm.py" --port 0 --mode slow --delay-ms 200 --exit-on-stdin-eof > "$out/slow.port" < <(sleep 600) &
slow=$!
trap 'kill $fast $slow 2>/dev/null || true' EXIT
for f in fast slow; do while [ ! -s "$out/$f.port" ]; do sleep 0.05; done; done
"$out/bench" "$(head -1 "$out/fast.port")" "$(head -1 "$out/slow.port")"
