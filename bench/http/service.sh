#!/bin/bash
# The full release service's GET /healthz under wrk (access log and metrics on, as shipped), next
# to the C floor (bench/http/floor.c) in the same run, with server CPU per request read from
# /proc/PID/stat. By hand: bench/http/service.sh [seconds] [rounds]
set -u
cd "$(dirname "$0")/../.."
D=${1:-8}
ROUNDS=${2:-2}
PORT=${SHORTLIST_BENCH_PORT:-18098}
FLOOR_PORT=${SHORTLIST_BENCH_FLOOR_PORT:-18199}
OUT=bench/out/http-service
mkdir -p "$OUT"
swift build -c release --product shortlist 2>&1 | grep -E "error|warning:"
cc -O2 -pthread bench/http/floor.c -o bench/out/http-floor
rm -f "$OUT"/s.db*
.build/release/shortlist serve --port "$PORT" --db "$OUT/s.db" > "$OUT/log.txt" 2>&1 &
SERVICE=$!
bench/out/http-floor "$FLOOR_PORT" $((ROUNDS * 4 * (D + 2) + 20)) &
FLOOR=$!
trap 'kill $SERVICE $FLOOR 2>/dev/null' EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done

# One wrk run: requests/s, latency percentiles, and the server's CPU (user + system) per request.
measure() {
  local name=$1 pid=$2 port=$3 conns=$4 threads=$(( $4 >= 2 ? 2 : 1 ))
  local t0 t1 out reqs
  t0=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
  out=$(wrk -t"$threads" -c"$conns" -d"${D}s" --latency "http://127.0.0.1:$port/healthz")
  t1=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%-8s c=%-3s %9s req/s  p50 %-9s p99 %-9s cpu/req %s us\n' "$name" "$conns" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1 == "50%" {print $2}')" \
    "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(python3 -c "print(round(($t1 - $t0) / $(getconf CLK_TCK) * 1e6 / $reqs, 1))")" | tee -a "$OUT/rows.txt"
}
uptime
rm -f "$OUT/rows.txt"
for round in $(seq 1 "$ROUNDS"); do
  for conns in 64 1; do
    measure service $SERVICE "$PORT" $conns
    measure floor $FLOOR "$FLOOR_PORT" $conns
  done
done | tee "$OUT/results.txt"
echo "access log lines: $(wc -l < "$OUT/log.txt")"
# Machine-readable figures for bench/bench.py: per connection count, the best round of the service
# (requests/s, p99 in us, server CPU per request) with the C floor's best round of the same run.
python3 - "$OUT/rows.txt" "$D" "$ROUNDS" <<'PY'
import sys
def us(text):
    for unit, scale in (("us", 1), ("ms", 1e3), ("s", 1e6)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * scale
    return float(text)
best = {}
for line in open(sys.argv[1]):
    w = line.split()
    name, conns = w[0], w[1][2:]
    row = (float(w[2]), us(w[7]), float(w[9]))
    if (name, conns) not in best or row[0] > best[name, conns][0]:
        best[name, conns] = row
note = f"GET /healthz, release service as shipped, wrk {sys.argv[2]}s, best of {sys.argv[3]} rounds; floor: bench/http/floor.c"
for conns in ("64", "1"):
    s, f = best.get(("service", conns)), best.get(("floor", conns))
    if not s or not f:
        continue
    print(f"BENCH-RESULT name=c{conns}-requests-per-s value={s[0]} unit=req/s floor={f[0]} note={note}")
    print(f"BENCH-RESULT name=c{conns}-p99 value={s[1]:.0f} unit=us floor={f[1]:.0f} note={note}")
    print(f"BENCH-RESULT name=c{conns}-cpu-per-request value={s[2]} unit=us floor={f[2]} note={note}")
PY
