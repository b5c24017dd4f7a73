#!/bin/sh
# One measuring run of POST /v1/exemplars against the bare-scan floor, interleaved so that both
# see the same neighbours (the box is shared): C floor, Python floor, route latency, three times,
# then wrk with 16 connections and the floor once more. Needs a release server seeded by setup.py.
#   sh bench/exemplars-route/run.sh [port]
set -e
port=${1:-8099}
pid=$(ss -ltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
gcc -O2 bench/exemplars-route/floor.c -o /tmp/exemplars-floor -lopenblas
uptime
for i in 1 2 3; do
    floor=$(/tmp/exemplars-floor 1000)
    echo "$floor"
    OPENBLAS_NUM_THREADS=1 python3 bench/exemplars-route/floor.py
    # --floor-ms and --round: latency.py prints the machine-readable figures of this round too.
    python3 bench/exemplars-route/latency.py --port "$port" --n 500 --pid "$pid" \
        --floor-ms "$(echo "$floor" | awk '{for (i = 1; i < NF; i++) if ($i == "p50") {print $(i + 1); exit}}')" --round "$i"
done
wrk=$(wrk -t2 -c16 -d10s --latency -s bench/exemplars-route/post.lua "http://127.0.0.1:$port/v1/exemplars")
echo "$wrk" | grep -E "Latency|50%|99%|Requests/sec|Non-2xx"
echo "BENCH-RESULT name=c16-requests-per-s value=$(echo "$wrk" | awk '/Requests\/sec/ {print $2}') unit=req/s note=wrk -t2 -c16 -d10s, lore m=64 k=8 over 10,000 x 384, release"
/tmp/exemplars-floor 1000
uptime
