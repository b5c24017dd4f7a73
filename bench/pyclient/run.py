#!/usr/bin/env python3
"""Python client benchmark, by hand, against the release build (swift build -c release first).

In one run, against one server (port 0, temp database):
1. features: the same 100,000 x 768 float32 .npy (307 MB) PUT by `curl --data-binary @file` and by
   `client.features.upload(np.load(path, mmap_mode="r"))`, alternated (after one unmeasured warm-up
   upload), each replacing the checkpoint's rows; MB/s by wall time around each upload.
2. items: the same 100,000 NDJSON items posted by curl in one request, and imported from the
   JSONL file by `client.pools.import_file` (mapping, whole-file check, batches of 5,000; and one
   batch), each into a fresh pool; items/s.
Prints each run with the load average. ROWS, DIM, REPS override the defaults.
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "clients", "python", "src"))

import numpy as np  # noqa: E402

import shortlist  # noqa: E402

ROWS = int(os.environ.get("ROWS", 100_000))
DIM = int(os.environ.get("DIM", 768))
REPS = int(os.environ.get("REPS", 3))


def load() -> str:
    return open("/proc/loadavg").read().split()[0]


def start(binary: str, work: str):
    log = open(os.path.join(work, "server.log"), "wb")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--db", os.path.join(work, "bench.db")], stdout=log, stderr=subprocess.STDOUT)
    while True:
        m = re.search(r"http\.port=(\d+)", open(os.path.join(work, "server.log")).read())
        if m:
            return proc, f"http://127.0.0.1:{m.group(1)}"
        if proc.poll() is not None:
            sys.exit(open(os.path.join(work, "server.log")).read())
        time.sleep(0.05)


def curl(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run(["curl", "-sf", "-o", "/dev/null", *args], check=True)
    return time.perf_counter() - t


def main() -> None:
    binary = os.environ.get("SHORTLIST_BIN", os.path.join(ROOT, ".build", "release", "shortlist"))
    with tempfile.TemporaryDirectory(prefix="shortlist-pyclient-bench-") as work:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "ingest", "make_data.py"), work, str(ROWS), str(DIM)], check=True)
        npy, ndjson = os.path.join(work, "feature.npy"), os.path.join(work, "items.ndjson")
        size = os.path.getsize(npy)
        proc, url = start(binary, work)
        try:
            client = shortlist.Client(url, timeout=600)
            client.pools.create("bench")
            curl("-X", "POST", f"{url}/v1/pools/bench/items", "-H", "Content-Type: application/x-ndjson", "--data-binary", f"@{ndjson}")
            put = ["-X", "PUT", f"{url}/v1/pools/bench/features/emb", "-H", "Content-Type: application/x-npy", "--data-binary", f"@{npy}"]
            curl(*put)  # warm-up: the first upload inserts, the measured ones replace
            print(f"features: {ROWS} x {DIM} float32, {size / 1e6:.0f} MB")
            speeds = {"curl": [], "client": []}
            for rep in range(REPS):
                for who in ("curl", "client") if rep % 2 == 0 else ("client", "curl"):
                    before = load()
                    if who == "curl":
                        seconds = curl(*put)
                    else:
                        t = time.perf_counter()
                        client.features.upload("bench", "emb", np.load(npy, mmap_mode="r"))
                        seconds = time.perf_counter() - t
                    speeds[who].append(size / seconds / 1e6)
                    print(f"  {who:6} run {rep + 1}: {seconds:6.2f} s  {size / seconds / 1e6:6.1f} MB/s  (load {before})")
            c, p = statistics.median(speeds["curl"]), statistics.median(speeds["client"])
            print(f"  median: curl {c:.1f} MB/s, client {p:.1f} MB/s, client/curl {p / c:.2f} (goal >= 0.9)")
            # Machine-readable figure for bench/bench.py (bench/results/pyclient.jsonl).
            print(f"BENCH-RESULT name=upload-mb-per-s value={p:.1f} unit=MB/s floor={c:.1f} "
                  f"note=client.features.upload from a memmap, median of {REPS}; floor: curl --data-binary; {ROWS} x {DIM} float32, release server")

            print(f"items: {ROWS} NDJSON rows, {os.path.getsize(ndjson) / 1e6:.1f} MB")
            rates = {"curl": [], "client": [], "client-1-batch": []}
            for rep in range(REPS):
                for who in rates:
                    pool = f"items-{who}-{rep}"
                    before = load()
                    if who == "curl":
                        client.pools.create(pool)
                        seconds = curl("-X", "POST", f"{url}/v1/pools/{pool}/items", "-H", "Content-Type: application/x-ndjson",
                                       "--data-binary", f"@{ndjson}")
                    else:
                        t = time.perf_counter()
                        r = client.pools.import_file(pool, ndjson, progress=False, batch_size=ROWS if who == "client-1-batch" else 5000)
                        seconds = time.perf_counter() - t
                        assert r.inserted == ROWS
                    rates[who].append(ROWS / seconds)
                    print(f"  {who:14} run {rep + 1}: {seconds:6.2f} s  {ROWS / seconds:8.0f} items/s  (load {before})")
                    client.pools.delete(pool)
            c = statistics.median(rates["curl"])
            for who in ("client", "client-1-batch"):
                r = statistics.median(rates[who])
                print(f"  median {who}: {r:.0f} items/s, vs curl {c:.0f} items/s: {r / c:.2f}")
                batches = "one batch" if who == "client-1-batch" else "batches of 5,000"
                print(f"BENCH-RESULT name=import-{who}-items-per-s value={r:.0f} unit=items/s floor={c:.0f} "
                      f"note=pools.import_file, {batches}, median of {REPS}; floor: curl, one NDJSON request; {ROWS} items, release server")
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()
