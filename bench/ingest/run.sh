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
"$work/ingest-bench" floor "$work" "$rows" "$dim" | tee -a "$work/figures.txt"; rm -f "$work"/floor.db*
echo "npy_bytes=$(stat -c %s "$work/feature.npy") ndjson_bytes=$(stat -c %s "$work/items.ndjson")"
"$bin" serve --port "$port" --db "$work/bench.db" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "$url/v1/pools" -H 'Content-Type: application/json' -d '{"name":"bench"}' >/dev/null

t=$(curl -sf -o /dev/null -w '%{time_total}' -X POST "$url/v1/pools/bench/items" \
  -H 'Content-Type: application/x-ndjson' --data-binary "@$work/items.ndjson")
python3 -c "print(f'items_post_s={$t:.2f} items_per_s={$rows / $t:.0f}')" | tee -a "$work/figures.txt"

python3 "$root/bench/ingest/rss.py" "$server" "$work/stop" >"$work/rss.txt" &
sampler=$!
sleep 0.2
out=$(curl -sf -o "$work/put.json" -w '%{time_total} %{size_upload}' -X PUT "$url/v1/pools/bench/features/emb" \
  -H 'Content-Type: application/x-npy' --data-binary "@$work/feature.npy")
put_end=$(date +%s.%N)
touch "$work/stop"; wait "$sampler"
read -r t size <<<"$out"
python3 -c "print(f'npy_put_s={$t:.2f} npy_mb_per_s={$size / $t / 1e6:.0f}')" | tee -a "$work/figures.txt"
cat "$work/rss.txt" | tee -a "$work/figures.txt"
head -c 300 "$work/put.json"; echo

# The server checkpoints the upload's WAL in the background after answering: wait for the rows to
# reach the database file before the next measurement competes with it for the disk.
for _ in $(seq 600); do [ "$(stat -c %s "$work/bench.db")" -ge "$(stat -c %s "$work/feature.npy")" ] && break; sleep 0.1; done
python3 -c "import time; print(f'checkpoint_done_after_put_s={time.time() - $put_end:.2f}')"
"$work/ingest-bench" floor "$work" "$rows" "$dim" | tee -a "$work/figures.txt"; rm -f "$work"/floor.db*
"$work/ingest-bench" floor-bg "$work" "$rows" "$dim"; rm -f "$work"/floor.db*
"$work/ingest-bench" writer "$work" "$rows" "$dim" | tee -a "$work/figures.txt"; rm -f "$work"/writer.db*
"$work/ingest-bench" writer-bg "$work" "$rows" "$dim"; rm -f "$work"/writer.db*
kill "$server"; wait "$server" 2>/dev/null || true; server=""
"$work/ingest-bench" read "$work/bench.db" | tee -a "$work/figures.txt"

# Machine-readable figures for bench/bench.py (bench/results/ingest.jsonl), from the key=value lines
# above: the upload against the bare SQLite insert (mean of the runs before and after it) and
# against FeatureRowWriter alone, the items, the RSS growth, and readMatrix against the bare SELECT.
python3 - "$work/figures.txt" "$rows" "$dim" <<'PY'
import sys
figures = {}
floors = []
for line in open(sys.argv[1]):
    for word in line.split():
        key, _, value = word.partition("=")
        if key == "floor_mb_per_s":
            floors.append(float(value))
        elif value and key.replace("_", "").isalnum():
            try:
                figures[key] = float(value)
            except ValueError:
                pass
shape = f"{sys.argv[2]} x {sys.argv[3]} float32 .npy via curl, release service"
floor = sum(floors) / len(floors) if floors else None
if "npy_mb_per_s" in figures:
    print(f"BENCH-RESULT name=npy-put-mb-per-s value={figures['npy_mb_per_s']:.0f} unit=MB/s floor={floor:.0f} "
          f"note=floor: bare keyed SQLite insert, one transaction (mean of {len(floors)} runs before/after); {shape}")
    if "writer_mb_per_s" in figures:
        print(f"BENCH-RESULT name=npy-put-vs-writer-mb-per-s value={figures['npy_mb_per_s']:.0f} unit=MB/s "
              f"floor={figures['writer_mb_per_s']:.0f} note=floor: FeatureRowWriter alone, same rows, no HTTP; {shape}")
if "rss_growth_kb" in figures:
    print(f"BENCH-RESULT name=put-rss-growth value={figures['rss_growth_kb'] / 1024:.1f} unit=MB note=server VmRSS peak - baseline during the PUT; {shape}")
if "items_per_s" in figures:
    print(f"BENCH-RESULT name=items-per-s value={figures['items_per_s']:.0f} unit=items/s note=POST items, {sys.argv[2]} NDJSON items via curl")
if "read_matrix_gbps" in figures:
    print(f"BENCH-RESULT name=read-matrix-gb-per-s value={figures['read_matrix_gbps']} unit=GB/s floor={figures['bare_select_gbps']} "
          f"note=floor: bare SELECT vector ORDER BY item_id + memcpy, median of 3; {sys.argv[2]} x {sys.argv[3]}")
PY
