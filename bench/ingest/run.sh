#!/usr/bin/env bash
# Ingest benchmark, by hand, against the release build (swift build -c release first):
# 100,000 items via POST items (NDJSON), a 100,000 x 768 float32 .npy via PUT with curl
# --data-binary on loopback while sampling the server's VmRSS, then the feature read back into one
# matrix (main.swift) against a bare SELECT loop; the SQLite insert floor (main.swift floor) runs
# just before and just after the upload, since the machine is shared and noisy. ROWS, DIM and PORT override the defaults.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rows="${ROWS:-100000}"; dim="${DIM:-768}"; port="${PORT:-18471}"
bin="$root/.build/release/shortlist"
work="$(mktemp -d /tmp/shortlist-ingest-XXXXXX)"
url="http://127.0.0.1:$port"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

swiftc -O -wmo -module-name IngestBench -I "$root/Sources/CSQLite" \
  "$root"/Sources/Storage/*.swift "$root/bench/ingest/main.swift" -o "$work/ingest-bench" 2>&1 | grep -v warning || true
python3 "$root/bench/ingest/make_data.py" "$work" "$rows" "$dim"
"$work/ingest-bench" floor "$work" "$rows" "$dim"; rm -f "$work"/floor.db*
echo "npy_bytes=$(stat -c %s "$work/feature.npy") ndjson_bytes=$(stat -c %s "$work/items.ndjson")"
"$bin" serve --port "$port" --db "$work/bench.db" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "$url/v1/pools" -H 'Content-Type: application/json' -d '{"name":"bench"}' >/dev/null

t=$(curl -sf -o /dev/null -w '%{time_total}' -X POST "$url/v1/pools/bench/items" \
  -H 'Content-Type: application/x-ndjson' --data-binary "@$work/items.ndjson")
python3 -c "print(f'items_post_s={$t:.2f} items_per_s={$rows / $t:.0f}')"

python3 "$root/bench/ingest/rss.py" "$server" "$work/stop" >"$work/rss.txt" &
sampler=$!
sleep 0.2
out=$(curl -sf -o "$work/put.json" -w '%{time_total} %{size_upload}' -X PUT "$url/v1/pools/bench/features/emb" \
  -H 'Content-Type: application/x-npy' --data-binary "@$work/feature.npy")
touch "$work/stop"; wait "$sampler"
read -r t size <<<"$out"
python3 -c "print(f'npy_put_s={$t:.2f} npy_mb_per_s={$size / $t / 1e6:.0f}')"
cat "$work/rss.txt"
head -c 300 "$work/put.json"; echo

"$work/ingest-bench" floor "$work" "$rows" "$dim"; rm -f "$work"/floor.db*
"$work/ingest-bench" writer "$work" "$rows" "$dim"; rm -f "$work"/writer.db*
kill "$server"; wait "$server" 2>/dev/null || true; server=""
"$work/ingest-bench" read "$work/bench.db"
