#!/usr/bin/env python3
"""Hostile-client figures (issue 13), each next to a floor measured in the same run.

1. Three concurrent large POST /v1/exemplars bodies (a huge query_vector, numbers written with
   9 decimals, or with --numbers short as `0,0,0,...`): the service's peak RSS growth (VmHWM
   after clear_refs) against the bytes of the bodies themselves. A vector wider than any stored
   checkpoint is skipped unread and answered 400; with --wide the bench first stores a one-item
   pool whose checkpoint is exactly as wide as the vector, so each body is decoded into Float
   storage (then answered whatever the pipeline says). A body over the memory budget gets 503.
2. Eight clients that request an 11 MB ndjson job result and never read: latency of /healthz and
   GET /v1/pools probes while they stall, against the same probes before any client stalled.

Usage: bench/hostile/run.py [--bin .build/release/shortlist] [--body-mb 216] [--budget BYTES]
                            [--numbers decimal|short] [--wide] [--skip-stall]
Figures: bench/README-hostile.md.
"""
import argparse, os, random, socket, sqlite3, subprocess, sys, tempfile, threading, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def status(pid, field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return -1

def start(binary, db, extra=()):
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--port", str(port), "--db", db, *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close(); return proc, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("service did not start")

def request(port, raw, timeout=600):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    got = bytearray(); done = threading.Event()
    def reader():
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk: break
                got.extend(chunk)
        except OSError:
            pass
        done.set()
    threading.Thread(target=reader, daemon=True).start()
    try:
        s.sendall(raw)
    except OSError:
        pass
    done.wait(timeout); s.close()
    return bytes(got)

def body(mb, numbers, pool):
    """The body and how many numbers its vector has."""
    if numbers == "short":
        count = (mb << 20) // 2
        text = ",".join(["0"] * count)
    else:
        rng = random.Random(1)
        parts = []; size = 0
        while size < mb << 20:
            p = "0.%09d" % rng.randrange(10 ** 9); parts.append(p); size += len(p) + 1
        count = len(parts); text = ",".join(parts)
    return ('{"pool": "%s", "question": "q", "query_vector": [%s]}' % (pool, text)).encode(), count

def store_wide_pool(port, dim):
    """One item whose feature `emb` has one checkpoint of `dim` dims (a streamed npy upload)."""
    import struct
    def call(method, path, data, ctype):
        head = (f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n").encode()
        r = request(port, head + data)
        assert r.split(b" ")[1][:1] == b"2", r[:300]
    call("POST", "/v1/pools", b'{"name": "wide"}', "application/json")
    call("POST", "/v1/pools/wide/items", b'{"items": [{"id": "only", "question": "q", "answer": "a"}]}', "application/json")
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, %d), }" % dim
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    npy = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + bytes(4 * dim)
    call("PUT", "/v1/pools/wide/features/emb", npy, "application/x-npy")

def large_bodies(binary, mb, budget, numbers="decimal", wide=False):
    with tempfile.TemporaryDirectory() as d:
        extra = ["--body-memory-budget", str(budget)] if budget else []
        proc, port = start(binary, os.path.join(d, "b.db"), extra)
        payload, count = body(mb, numbers, "wide" if wide else "absent")
        if wide:
            store_wide_pool(port, count)
        raw = (f"POST /v1/exemplars HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode() + payload
        time.sleep(0.5)
        open(f"/proc/{proc.pid}/clear_refs", "w").write("5")
        before = status(proc.pid, "VmRSS")
        results = [None] * 3
        started = time.time()
        threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, request(port, raw))) for i in range(3)]
        for t in threads: t.start()
        for t in threads: t.join()
        took = time.time() - started
        peak = status(proc.pid, "VmHWM")
        proc.terminate(); proc.wait()
    statuses = [r.split(b" ")[1].decode() if r else "none" for r in results]
    for r in results:
        if r: print("  answer:", r.split(b"\r\n\r\n", 1)[-1][:200].decode(errors="replace"))
    growth = peak - before
    body_bytes = len(payload)
    admitted = sum(1 for x in statuses if x not in ("503", "none"))
    print(f"3 x {body_bytes / 2**20:.0f} MB bodies ({numbers} numbers, {count} of them{', decoded: a checkpoint that wide is stored' if wide else ''}),"
          f" budget {budget or 'default'}: statuses {statuses}, {took:.1f} s, load average {os.getloadavg()}")
    print(f"  RSS before {before / 2**20:.0f} MB, peak growth {growth / 2**20:.0f} MB;"
          f" floor (bytes of the three bodies) {3 * body_bytes / 2**20:.0f} MB -> {growth / (3 * body_bytes):.2f}x;"
          f" per admitted body {growth / body_bytes / max(1, admitted):.2f}x")
    name = f"rss-growth-3x{body_bytes >> 20}MB-{numbers}" + ("-decoded" if wide else "-refused")
    print(f"BENCH-RESULT name={name} value={growth / 2**20:.1f} unit=MB floor={admitted * body_bytes / 2**20:.1f}"
          f" note=peak RSS growth vs the bytes of the {admitted} admitted bodies; statuses {' '.join(statuses)}; binary {binary}")

def seed_result(db, rows):
    conn = sqlite3.connect(db)
    pad = "x" * 500
    with conn:
        conn.execute("INSERT INTO jobs (id, seq, kind, status, request, created_at, finished_at) VALUES ('stall', 1, 'selection', 'succeeded', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
        conn.executemany("INSERT INTO job_results (job_id, rank, item_id, item_index, score) VALUES ('stall', ?, ?, ?, 0.5)",
                         ((r, f"item-{r}-{pad}", r) for r in range(1, rows + 1)))
    conn.close()

def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

def wait_idle(pid, timeout=120):
    started = time.time(); last = cpu_ticks(pid); quiet = 0
    while quiet < 3 and time.time() - started < timeout:
        time.sleep(0.1)
        now = cpu_ticks(pid); quiet = quiet + 1 if now == last else 0; last = now
    return time.time() - started

def probe(port, seconds):
    lat = []
    end = time.time() + seconds
    while time.time() < end:
        for path in ("/healthz", "/v1/pools"):
            t = time.perf_counter()
            r = request(port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), timeout=10)
            lat.append(time.perf_counter() - t)
            assert r.startswith(b"HTTP/1.1 200"), r[:40]
    lat.sort()
    return lat

def summary(lat):
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] * 1000
    return f"n={len(lat)} p50 {q(0.5):.1f} ms, p99 {q(0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms"

def stalled_readers(binary):
    with tempfile.TemporaryDirectory() as d:
        db = os.path.join(d, "s.db")
        proc, port = start(binary, db); proc.terminate(); proc.wait()
        seed_result(db, 20000)
        proc, port = start(binary, db, ["--write-timeout", "10"])
        floor = probe(port, 3)
        readers = []
        for _ in range(8):
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", port)); s.sendall(b"GET /v1/jobs/stall/result?format=ndjson HTTP/1.1\r\nHost: x\r\n\r\n")
            readers.append(s)
        # Probe once the streams are blocked on their sockets: until then the service is still
        # encoding rows into the kernel's send buffers (about 4 MB per connection).
        settled = wait_idle(proc.pid)
        stalled = probe(port, 3)
        for s in readers: s.close()
        proc.terminate(); proc.wait()
    print("probes before any reader stalled (floor):", summary(floor))
    print(f"streams blocked after {settled:.1f} s")
    print("probes while 8 readers stall:            ", summary(stalled), f"-> p99 {stalled[int(0.99 * len(stalled))] / floor[int(0.99 * len(floor))]:.2f}x the floor")

if __name__ == "__main__":
    a = argparse.ArgumentParser()
    a.add_argument("--bin", default=".build/release/shortlist")
    a.add_argument("--body-mb", type=int, default=216)
    a.add_argument("--budget", type=int, default=0)
    a.add_argument("--numbers", choices=["decimal", "short"], default="decimal")
    a.add_argument("--wide", action="store_true", help="store a checkpoint as wide as the vector, so the bodies are decoded")
    a.add_argument("--skip-stall", action="store_true", help="only the large bodies")
    args = a.parse_args()
    print(os.popen("uptime").read().strip())
    large_bodies(args.bin, args.body_mb, args.budget, args.numbers, args.wide)
    if not args.skip_stall:
        stalled_readers(args.bin)
    print(os.popen("uptime").read().strip())
