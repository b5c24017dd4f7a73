#!/usr/bin/env python3
"""One selection job via Ray vs the same job local (W = 2), on this machine, by hand or through
`make bench PART=ray` (the release build first: swift build -c release).

One run: a Ray head on free ports (2 CPUs), one service (`--ray-address`, `--shard-store` in a
temp dir, `--job-threads 2`), a candidate pool of ROWS x DIM float32 (one checkpoint), TARGETS
target rows, `round_robin` with k = K. After one unmeasured local job, jobs alternate local, ray,
REPS times; the first Ray job exports the shards, the later ones find them unchanged. Each job's
stages are timed by polling `GET /v1/jobs/{id}` every 20 ms: export (`exporting`), submit and
schedule (`submitting` until the first map step is done), map (until `reduce` or `storing`),
reduce and store (until succeeded). Every Ray result is checked against the local one byte for
byte. Figures: BENCH-RESULT lines (the floor of the Ray wall is the local wall of the same run),
with the load average.
"""
import os
import pathlib
import shutil
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts/tests"))
from console_server import Server, npy  # noqa: E402
from ray_head import RayHead  # noqa: E402

ROWS = int(os.environ.get("ROWS", 100_000))
DIM = int(os.environ.get("DIM", 512))
TARGETS = int(os.environ.get("TARGETS", 100))
K = int(os.environ.get("K", 1000))
REPS = int(os.environ.get("REPS", 2))
SHARD_BYTES = int(os.environ.get("SHARD_BYTES", 32 << 20))


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def timed_job(server, body):
    """Runs one job; returns (seconds from POST to each stage's first sight, total, job, csv)."""
    start = time.monotonic()
    job = server.call("POST", "/v1/selections", body)
    seen = {}
    while True:
        j = server.call("GET", f"/v1/jobs/{job['id']}")
        stage = j["progress"]["stage"]
        now = time.monotonic() - start
        if stage and stage not in seen:
            seen[stage] = now
        if stage == "ray map" and j["progress"]["done"] > 0 and "first map done" not in seen:
            seen["first map done"] = now
        if j["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.02)
    assert j["status"] == "succeeded", j
    return seen, now, j, server.call("GET", f"/v1/jobs/{job['id']}/result?format=csv", raw=True)


def result(name, value, unit, floor=None, note=""):
    line = f"BENCH-RESULT name={name} value={value:.3f} unit={unit}"
    if floor:
        line += f" floor={floor:.3f}"
    print(line + (f" note={note}" if note else ""), flush=True)


def main():
    binary = os.environ.get("SHORTLIST_BIN", str(ROOT / ".build/release/shortlist"))
    assert os.path.exists(binary), f"{binary} is missing: swift build -c release"
    work = tempfile.mkdtemp(prefix="shortlist-bench-ray-")
    head = RayHead(cpus=2)
    server = None
    try:
        server = Server(binary=binary, extra_args=["--ray-address", head.address, "--shard-store", os.path.join(work, "store"),
                                                   "--shard-bytes", str(SHARD_BYTES), "--job-threads", "2"])
        rng = np.random.default_rng(1)
        for pool, rows in (("cands", ROWS), ("tgts", TARGETS)):
            server.call("POST", "/v1/pools", {"name": pool})
            server.items(pool, [{"id": f"{pool}-{i}", "text": "t"} for i in range(rows)])
            matrix = rng.standard_normal((rows, DIM)).astype(np.float32)
            server.call("PUT", f"/v1/pools/{pool}/features/emb", npy(rows, DIM, matrix.tobytes()), content_type="application/x-npy")
            del matrix
        body = {"candidates": {"pool": "cands", "feature": "emb"}, "targets": {"pool": "tgts", "feature": "emb"},
                "method": "round_robin", "budget": {"k": K}}
        shape = f"{ROWS}x{DIM},M={TARGETS},k={K}"
        print(f"# {shape}, shards of {SHARD_BYTES} bytes, load {load()}", flush=True)
        # Unmeasured: the first job after the upload reads the candidates from a cold database file.
        timed_job(server, {**body, "execution": {"engine": "local"}})
        for rep in range(REPS):
            _, local_wall, _, local_csv = timed_job(server, {**body, "execution": {"engine": "local"}})
            seen, ray_wall, job, ray_csv = timed_job(server, {**body, "execution": {"engine": "ray"}})
            assert ray_csv == local_csv, "the Ray job's CSV differs from the local job's"
            print(f"# rep {rep}: local {local_wall:.2f} s, ray {ray_wall:.2f} s ({job['ray_job_id']}), stages {seen}, load {load()}", flush=True)
            tag = "cold" if rep == 0 else "warm"
            note = f"{shape},{tag},load={load().replace(' ', '/')}"
            result(f"ray_job_wall_{tag}", ray_wall, "s", floor=local_wall, note=note)
            result(f"ray_export_{tag}", seen["submitting"] - seen["exporting"], "s", note=note)
            result(f"ray_submit_schedule_{tag}", seen["first map done"] - seen["submitting"], "s", note=note)
            # The reduce can be over between two polls: the map ends where the reduce or the storing starts.
            map_end = min(seen[s] for s in ("reduce", "storing") if s in seen)
            result(f"ray_map_{tag}", map_end - seen["first map done"], "s", note=note)
            result(f"ray_reduce_store_{tag}", ray_wall - map_end, "s", note=note)
    finally:
        if server:
            server.stop()
        head.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
