#!/usr/bin/env python3
"""Server-side latency of POST /v1/exemplars: `timings_ms.total` of N sequential requests with
body.json (written by setup.py), plus the client round trip; prints p50 / p99 of both."""
import argparse, http.client, json, os, time

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=8099)
ap.add_argument("--n", type=int, default=1000)
ap.add_argument("--pid", type=int, help="server pid: also report its CPU time per request (/proc/<pid>/stat)")
ap.add_argument("--floor-ms", type=float, help="the sgemv floor's p50 of the same round: print BENCH-RESULT lines against it")
ap.add_argument("--round", default="1", help="the round's number, in the BENCH-RESULT names")
a = ap.parse_args()

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

body = open("bench/exemplars-route/body.json", "rb").read()
conn = http.client.HTTPConnection("127.0.0.1", a.port)
server, client = [], []
cpu_start = cpu_seconds(a.pid) if a.pid else 0
for i in range(a.n):
    t = time.perf_counter()
    conn.request("POST", "/v1/exemplars", body, {"Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    client.append((time.perf_counter() - t) * 1e3)
    assert r.status == 200, data[:300]
    server.append(json.loads(data)["timings_ms"]["total"])
cpu_end = cpu_seconds(a.pid) if a.pid else 0
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]
print(f"server timings_ms.total: p50 {pct(server, 0.5):.3f} ms, p99 {pct(server, 0.99):.3f} ms")
print(f"client round trip:       p50 {pct(client, 0.5):.3f} ms, p99 {pct(client, 0.99):.3f} ms")
if a.pid:
    print(f"server CPU per request:  {(cpu_end - cpu_start) / a.n * 1e3:.3f} ms (whole process, {a.n} requests)")
if a.floor_ms:
    # Machine-readable figures for bench/bench.py (bench/results/exemplars-route.jsonl).
    note = f"{a.n} sequential requests, lore m=64 k=8 over 10,000 x 384, release; floor: cblas_sgemv p50 (floor.c)"
    print(f"BENCH-RESULT name=round{a.round}-server-p50 value={pct(server, 0.5):.3f} unit=ms floor={a.floor_ms} note=timings_ms.total; {note}")
    print(f"BENCH-RESULT name=round{a.round}-server-p99 value={pct(server, 0.99):.3f} unit=ms floor={a.floor_ms} note=timings_ms.total; {note}")
    print(f"BENCH-RESULT name=round{a.round}-client-p50 value={pct(client, 0.5):.3f} unit=ms floor={a.floor_ms} note=round trip; {note}")
