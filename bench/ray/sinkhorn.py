#!/usr/bin/env python3
"""uot's Sinkhorn rounds in block processes (issue 19): `make bench PART=ray-sinkhorn
[ARGS="ROWS DIM TARGETS ROUNDS"]` (default 100,000 x 512, 100 targets, 100 rounds).

A prepared job (one checkpoint of ROWS x DIM float32 from a fixed seed, shards of 32 MB, TARGETS
targets, uot with max_iter ROUNDS, tol 1e-300 and reg_m 1, so that it runs every round) is run by
ray/driver.py three times: `--local` with one block process, `--local` with two (one after the
other in the driver), and on a Ray head on free ports (2 CPUs: two block actors). The driver's
progress lines are stamped as they arrive: building the blocks (their rows read, S built, the
kernel, their fingerprints and load) is the time from `sinkhorn 0 0` to the first round's
progress; a round is the mean time between two round progress lines; the end (masses, quality
figures, the reduce ranking them) is the rest.
Every CSV must equal the first. Floors: for building, one single-threaded numpy sgemm of the
candidates against the targets (the GEMM the blocks' S costs at least); for a round, the two
single-threaded numpy float64 mat-vecs over an M x N matrix a round makes (`Kᵀu`, then `K v`),
best of 3. Figures as BENCH-RESULT lines, with the load average.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import hashlib

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts/tests"))
from ray_head import RayHead  # noqa: E402

ARGS = [int(a) for a in sys.argv[1:]]
ROWS, DIM, TARGETS, ROUNDS = (ARGS + [100_000, 512, 100, 100][len(ARGS):])[:4]
BINARY = ROOT / ".build/release/shortlist"
DRIVER = ROOT / "ray/driver.py"


def write_job(root):
    rng = np.random.default_rng(19)
    c = rng.uniform(-1, 1, (ROWS, DIM)).astype(np.float32)
    targets = rng.uniform(-1, 1, (TARGETS, DIM)).astype(np.float32)
    store, job = root / "store", root / "job"
    store.mkdir()
    job.mkdir()
    rows = max(1024, (32 << 20) // (DIM * 4) // 1024 * 1024)
    shards = []
    for s, offset in enumerate(range(0, ROWS, rows)):
        path = store / f"shard-{s:05d}.npy"
        np.save(path, c[offset:offset + rows])
        data = path.read_bytes()
        shards.append({"file": path.name, "row_offset": offset, "rows": min(rows, ROWS - offset), "bytes": len(data),
                       "sha256": hashlib.sha256(data).hexdigest()})
    (store / "manifest.json").write_text(json.dumps({
        "format": "shortlist-shards/1", "pool": "cands", "feature": "emb", "checkpoint": "default", "rows": ROWS, "dim": DIM,
        "dtype": "<f4", "shard_rows": rows, "shards": shards, "item_ids": [f"item-{i}" for i in range(ROWS)]}))
    np.save(job / "targets-0.npy", targets)
    params = {"max_iter": ROUNDS, "tol": 1e-300, "reg_m": 1.0}
    request = {"candidates": {"pool": "cands", "feature": "emb"}, "method": "uot", "budget": {"k": 1000}, "params": params}
    (job / "job.json").write_text(json.dumps({
        "format": "shortlist-engine-job/1", "method": "uot", "candidate_count": ROWS, "target_count": TARGETS,
        "checkpoints": [{"label": "default", "weight": 1.0, "dim": DIM, "manifest": str(store / "manifest.json"),
                         "targets": "targets-0.npy", "shards": len(shards)}], "request": request}))
    return job, c, targets


def run(job, out, mode):
    """The driver with its progress lines stamped; returns (wall, build, per round, reduce)."""
    start = time.monotonic()
    p = subprocess.Popen([sys.executable, str(DRIVER), "--binary", str(BINARY), "--job", str(job), "--maps", str(out) + ".maps",
                          "--out", str(out), *mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stamps = [(time.monotonic(), line.split()) for line in p.stdout]
    assert p.wait() == 0, p.stderr.read()
    wall = time.monotonic() - start
    at = {tuple(words[1:]): t for t, words in stamps}
    # `sinkhorn r ROUNDS` comes before round r + 1's request; the last, `ROUNDS ROUNDS`, after the
    # masses and the quality figures.
    rounds = sorted((int(w[2]), t) for t, w in stamps if w[1] == "sinkhorn" and int(w[3]) == ROUNDS and int(w[2]) < ROUNDS)
    build = rounds[0][1] - at[("sinkhorn", "0", "0")]
    per_round = (rounds[-1][1] - rounds[0][1]) / (rounds[-1][0] - rounds[0][0])
    return wall, build - per_round, per_round, time.monotonic() - rounds[-1][1]


def main():
    assert BINARY.exists(), "swift build -c release first"
    with tempfile.TemporaryDirectory(prefix="shortlist-bench-sinkhorn-") as temp:
        root = pathlib.Path(temp)
        job, c, targets = write_job(root)
        t = time.monotonic()
        c @ targets.T
        floor = time.monotonic() - t
        kernel = np.random.default_rng(1).uniform(0, 1, (TARGETS, ROWS))
        u, v = np.ones(TARGETS), np.ones(ROWS)
        passes = []
        for _ in range(3):
            t = time.monotonic()
            u @ kernel
            kernel @ v
            passes.append(time.monotonic() - t)
        round_floor = min(passes)
        del kernel
        results = [("local, 1 block", run(job, root / "a.csv", ["--local"]))]
        results.append(("local, 2 blocks (in turn)", run(job, root / "b.csv", ["--local", "--blocks", "2"])))
        head = RayHead(cpus=2)
        try:
            gcs = head.process.args[head.process.args.index("--port") + 1]
            results.append(("Ray, 2 actors", run(job, root / "c.csv", ["--address", f"127.0.0.1:{gcs}"])))
        finally:
            head.stop()
        first = (root / "a.csv").read_bytes()
        assert all((root / f"{x}.csv").read_bytes() == first for x in "bc"), "the CSVs differ"
        load = os.getloadavg()
        shape = f"{ROWS}x{DIM},M={TARGETS},rounds={ROUNDS},load={load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}"
        for key, (name, (wall, build, per_round, end)) in zip(["local1", "local2", "ray2"], results):
            note = f"{shape},{name}"
            print(f"BENCH-RESULT name=sinkhorn_wall_{key} value={wall:.3f} unit=s note={note}")
            print(f"BENCH-RESULT name=sinkhorn_build_{key} value={build:.3f} unit=s floor={floor:.4f} note={note},floor 1-thread sgemm")
            print(f"BENCH-RESULT name=sinkhorn_round_{key} value={per_round * 1000:.2f} unit=ms floor={round_floor * 1000:.2f} "
                  f"note={note},floor 2 numpy dgemv")
            print(f"BENCH-RESULT name=sinkhorn_end_{key} value={end:.3f} unit=s note={note},masses+quality+reduce")


if __name__ == "__main__":
    main()
