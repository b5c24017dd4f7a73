#!/usr/bin/env python3
"""One selection job via Ray vs the same job local (W = 2), on this machine, by hand or through
`make bench PART=ray` (the release build first: swift build -c release).

Usage: run.py [ROWS DIM [SHARD_MB]] (default 100,000 x 512 in shards of 32 MB; the issue's
shape is `make bench PART=ray ARGS="100000 8192 256"`, 3.3 GB per checkpoint, 256 MB shards).
ROWS, DIM, TARGETS, K, REPS and SHARD_BYTES may also come from the environment.

One run: a Ray head on free ports (2 CPUs), one service (`--ray-address`, `--shard-store` in a
temp dir, `--job-threads 2`), a candidate pool of ROWS x DIM float32 (one checkpoint, generated
from a fixed seed into an `.npy` file and streamed to the service), TARGETS target rows,
`round_robin` with k = K. After one unmeasured local job, jobs alternate local, ray, REPS times;
the first Ray job exports the shards, the later ones find them unchanged. Each job's stages are
timed by polling `GET /v1/jobs/{id}` every 20 ms: export (`exporting`), submit and schedule
(`submitting` until the first map step is done), map (until `reduce` or `storing`), reduce and
store (until succeeded). Every Ray result is checked against the local one byte for byte.
Then, per shard, with the same binary outside Ray: one `shortlist engine map` of a full shard
(floor: one single-threaded sgemm of that shard against the targets, numpy) and its SHA-256
(hashlib), the part of the step that checks the shard. Figures: BENCH-RESULT lines (the floor of
the Ray wall is the local wall of the same run), with the load average.
"""
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts/tests"))
from console_server import Server  # noqa: E402
from ray_head import RayHead  # noqa: E402

ARGS = sys.argv[1:]
ROWS = int(ARGS[0] if len(ARGS) > 0 else os.environ.get("ROWS", 100_000))
DIM = int(ARGS[1] if len(ARGS) > 1 else os.environ.get("DIM", 512))
SHARD_BYTES = int(ARGS[2]) << 20 if len(ARGS) > 2 else int(os.environ.get("SHARD_BYTES", 32 << 20))
TARGETS = int(os.environ.get("TARGETS", 100))
K = int(os.environ.get("K", 1000))
REPS = int(os.environ.get("REPS", 2))
# Rows generated (and written) at a time: the matrix never has to fit in this process.
CHUNK = 8192


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


def write_npy(path, rows, rng):
    """ROWS x DIM standard normal float32 rows into an .npy file, CHUNK rows at a time."""
    out = np.lib.format.open_memmap(path, mode="w+", dtype="<f4", shape=(rows, DIM))
    for start in range(0, rows, CHUNK):
        out[start:start + CHUNK] = rng.standard_normal((min(CHUNK, rows - start), DIM), dtype=np.float32)
    out.flush()
    del out


def put_npy(server, path, url):
    """PUT the .npy file as the request body, streamed from disk."""
    with open(path, "rb") as f:
        request = urllib.request.Request(server.url + url, data=f, method="PUT", headers={
            "Content-Type": "application/x-npy", "Content-Length": str(os.path.getsize(path))})
        with urllib.request.urlopen(request, timeout=3600) as response:
            response.read()


def timed_command(args):
    start = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, timeout=3600)
    return time.monotonic() - start


def sgemm_floor(shard_rows):
    """Seconds of one single-threaded sgemm of a shard (shard_rows x DIM) against the targets."""
    code = (f"import numpy as np, time; a = np.ones(({shard_rows}, {DIM}), np.float32); b = np.ones(({DIM}, {TARGETS}), np.float32); "
            "a @ b; t = time.monotonic(); a @ b; print(time.monotonic() - t)")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=600).stdout)


def per_shard(binary, server, store, body, work, shape):
    """One map step of a full shard and its SHA-256, outside Ray, on the store the jobs used."""
    request, job = os.path.join(work, "request.json"), os.path.join(work, "job")
    with open(request, "w") as f:
        json.dump(body, f)
    subprocess.run([binary, "engine", "prepare", "--db", os.path.join(server.dir, "console.db"), "--shard-store", store,
                    "--shard-bytes", str(SHARD_BYTES), "--request", request, "--job", job], check=True, stdout=subprocess.DEVNULL, timeout=3600)
    with open(os.path.join(job, "job.json")) as f:
        manifest_path = json.load(f)["checkpoints"][0]["manifest"]
    with open(manifest_path) as f:
        shard = json.load(f)["shards"][0]
    step = min(timed_command([binary, "engine", "map", "--job", job, "--checkpoint", "0", "--shard", "0", "--out", os.path.join(work, "maps")])
               for _ in range(2))
    note = f"{shape},shard={shard['rows']}x{DIM},{shard['bytes'] >> 20}MB,load={load().replace(' ', '/')}"
    result("ray_map_step_per_shard", step, "s", floor=sgemm_floor(shard["rows"]), note=note)
    with open(os.path.join(os.path.dirname(manifest_path), shard["file"]), "rb") as f:
        data = f.read()
    start = time.monotonic()
    hashlib.sha256(data).hexdigest()
    result("ray_shard_sha256_hashlib", time.monotonic() - start, "s", note=note)


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
            path = os.path.join(work, f"{pool}.npy")
            write_npy(path, rows, rng)
            put_npy(server, path, f"/v1/pools/{pool}/features/emb")
            os.remove(path)
        body = {"candidates": {"pool": "cands", "feature": "emb"}, "targets": {"pool": "tgts", "feature": "emb"},
                "method": "round_robin", "budget": {"k": K}}
        shape = f"{ROWS}x{DIM},M={TARGETS},k={K},shards={SHARD_BYTES >> 20}MB"
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
            result(f"ray_overhead_{tag}", ray_wall - local_wall, "s", note=note)
            export = seen["submitting"] - seen["exporting"]
            result(f"ray_export_{tag}", export, "s", note=note)
            result(f"ray_export_rate_{tag}", ROWS * DIM * 4 / 1e6 / export, "MB/s", note=note)
            # The driver prints its first progress line before ray.init: submit until then is
            # Ray starting the driver's process (seen at the service's 0.5 s polls).
            result(f"ray_driver_start_{tag}", seen.get("ray map", seen["first map done"]) - seen["submitting"], "s", note=note)
            result(f"ray_submit_schedule_{tag}", seen["first map done"] - seen["submitting"], "s", note=note)
            # The reduce can be over between two polls: the map ends where the reduce or the storing starts.
            map_end = min(seen[s] for s in ("reduce", "storing") if s in seen)
            result(f"ray_map_{tag}", map_end - seen["first map done"], "s", note=note)
            result(f"ray_reduce_store_{tag}", ray_wall - map_end, "s", note=note)
        per_shard(binary, server, os.path.join(work, "store"), body, work, shape)
    finally:
        if server:
            server.stop()
        head.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
