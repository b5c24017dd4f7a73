#!/bin/sh
# HTTP server benchmark, by hand: release build, hidden env-gated harness test, wrk at 1 and 64
# connections against GET /healthz with a buffered per-request log observer.
# Usage: bench/http/run.sh [seconds-per-run]   (results: bench/out/http-*.txt)
set -u
cd "$(dirname "$0")/../.."
D=${1:-10}
PORT=${SHORTLIST_HTTP_BENCH_PORT:-18080}
mkdir -p bench/out
swift build -c release -Xswiftc -enable-testing --build-tests 2>&1 | grep -E "error|warning:"
SHORTLIST_HTTP_BENCH_SECONDS=$((2 * D + 6)) SHORTLIST_HTTP_BENCH_PORT=$PORT \
  swift test -c release -Xswiftc -enable-testing --skip-build --filter BenchmarkServer > bench/out/http-server.txt 2>&1 &
TEST=$!
# Wait (bounded) for the harness to listen.
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.2
done
wrk -t1 -c1 -d"${D}s" --latency "http://127.0.0.1:$PORT/healthz" > bench/out/http-c1.txt
wrk -t2 -c64 -d"${D}s" --latency "http://127.0.0.1:$PORT/healthz" > bench/out/http-c64.txt
wait $TEST
# The floor, same run: identical design in C with no parsing, routing or logging.
cc -O2 -pthread bench/http/floor.c -o bench/out/http-floor
bench/out/http-floor 18090 $((2 * D + 4)) &
sleep 0.5
wrk -t1 -c1 -d"${D}s" --latency "http://127.0.0.1:18090/healthz" > bench/out/http-floor-c1.txt
wrk -t2 -c64 -d"${D}s" --latency "http://127.0.0.1:18090/healthz" > bench/out/http-floor-c64.txt
wait || true
grep -E "Requests/sec|50%|99%" bench/out/http-floor-c1.txt bench/out/http-floor-c64.txt
grep -E "Requests/sec|Latency|50%|99%" bench/out/http-c1.txt bench/out/http-c64.txt
grep "bench:" bench/out/http-server.txt
# Machine-readable figures for bench/bench.py: requests/s and p99 (us) at 1 and 64 connections, each
# with the C floor of the same run.
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99us() { awk '$1 == "99%" { v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
  print (u == "us" ? v : u == "ms" ? v * 1000 : u == "s" ? v * 1e6 : v) }' "$1"; }
for c in 1 64; do
  echo "BENCH-RESULT name=c$c-requests-per-s value=$(rps bench/out/http-c$c.txt) unit=req/s floor=$(rps bench/out/http-floor-c$c.txt) note=GET /healthz, wrk ${D}s at $c connection(s); floor: bench/http/floor.c; release"
  echo "BENCH-RESULT name=c$c-p99 value=$(p99us bench/out/http-c$c.txt) unit=us floor=$(p99us bench/out/http-floor-c$c.txt) note=GET /healthz, wrk ${D}s at $c connection(s); floor: bench/http/floor.c; release"
done
grep "BENCH-RESULT" bench/out/http-server.txt
