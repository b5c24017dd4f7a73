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
    /tmp/exemplars-floor 1000
    OPENBLAS_NUM_THREADS=1 python3 bench/exemplars-route/floor.py
    python3 bench/exemplars-route/latency.py --port "$port" --n 500 --pid "$pid"
done
wrk -t2 -c16 -d10s --latency -s bench/exemplars-route/post.lua "http://127.0.0.1:$port/v1/exemplars" | grep -E "Latency|50%|99%|Requests/sec|Non-2xx"
/tmp/exemplars-floor 1000
uptime
