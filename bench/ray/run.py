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
the first Ray job exports the shards, the later ones find them unchanged. Every Ray result is
checked against the local one byte for byte. A Ray job's stages come from the service's own
clock (its `job finished` log line): export (`exporting`), the driver's start (`submitting`:
until the driver's first progress line, seen at the service's 0.5 s polls of Ray), map (`ray
map`: ray.init, the tasks, until the service sees the Ray job succeeded), reduce and store; and,
polled over HTTP every 20 ms, submit and schedule (`submitting` until the first map step is
done). Then, with the same binary outside Ray on the store the jobs used: one
`shortlist engine map` of a full shard (floor: one single-threaded numpy sgemm of that shard
against the targets) and its SHA-256 (hashlib), then the other map steps and the reduce alone
(W = 2), whose CSV must be the local job's, with the bytes the tile map steps wrote (what a Ray
driver gathers); then the list map steps round_robin runs since they exist (one a range of rows,
`engine check`, any second round), their bytes and the reduce on the merged lists; and the export
alone (`shortlist engine export`, cold and warm, W = 1 and 2, and an earlier binary's when
SHORTLIST_BEFORE_BIN names one) against SQLite's bare blob read and a `cat` of the shard files.
Figures: BENCH-RESULT lines (the floor of
the Ray wall is the local wall of the same run), with the load average.
"""
import hashlib
import json
import os
import pathlib
import re
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


STAGES = re.compile(r'msg="job finished" .*job\.id=(\w+) job\.stages="([^"]*)"')


def logged_stages(server, job_id, timeout=30):
    """{stage: seconds} of the job as the service's own clock measured them (its `job finished`
    log line): exact, where the progress polled over HTTP can miss a stage shorter than a write."""
    deadline = time.monotonic() + timeout
    while True:
        for line in open(server.log.name):
            found = STAGES.search(line)
            if found and found.group(1) == job_id:
                # "contacting ray 3 ms, exporting 1520 ms, ...": a stage's name can hold spaces.
                parts = (part.rsplit(" ", 2) for part in found.group(2).split(", "))
                return {name: int(ms) / 1000 for name, ms, _ in parts}
        assert time.monotonic() < deadline, f"no `job finished` line for {job_id} in the service's log"
        time.sleep(0.1)


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


def outside_ray(binary, server, store, body, work, shape, local_csv):
    """On the store the jobs used, with the same binary and no Ray: one map step of a full shard
    (best of 2) and its SHA-256, then every other map step and the reduce alone (W = 2), whose
    CSV must be the local job's."""
    request, job, maps = os.path.join(work, "request.json"), os.path.join(work, "job"), os.path.join(work, "maps")
    with open(request, "w") as f:
        json.dump(body, f)
    subprocess.run([binary, "engine", "prepare", "--db", os.path.join(server.dir, "console.db"), "--shard-store", store,
                    "--shard-bytes", str(SHARD_BYTES), "--request", request, "--job", job], check=True, stdout=subprocess.DEVNULL, timeout=3600)
    with open(os.path.join(job, "job.json")) as f:
        checkpoint = json.load(f)["checkpoints"][0]
    with open(checkpoint["manifest"]) as f:
        shard = json.load(f)["shards"][0]

    def map_step(s):
        return timed_command([binary, "engine", "map", "--job", job, "--checkpoint", "0", "--shard", str(s), "--out", maps])

    step = min(map_step(0) for _ in range(2))
    note = f"{shape},shard={shard['rows']}x{DIM},{shard['bytes'] >> 20}MB,load={load().replace(' ', '/')}"
    result("ray_map_step_per_shard", step, "s", floor=sgemm_floor(shard["rows"]), note=note)
    with open(os.path.join(os.path.dirname(checkpoint["manifest"]), shard["file"]), "rb") as f:
        data = f.read()
    start = time.monotonic()
    hashlib.sha256(data).hexdigest()
    result("ray_shard_sha256_hashlib", time.monotonic() - start, "s", note=note)
    del data
    for s in range(1, checkpoint["shards"]):
        map_step(s)
    out = os.path.join(work, "reduce.csv")
    reduce = timed_command([binary, "engine", "reduce", "--job", job, "--maps", maps, "--out", out, "--workers", "2"])
    with open(out, "rb") as f:
        assert f.read() == local_csv, "the reduce's CSV differs from the local job's"
    result("ray_reduce_alone", reduce, "s", note=f"{shape},tiles,MxN={TARGETS}x{ROWS},W=2,load={load().replace(' ', '/')}")
    result("ray_gathered_tiles", directory_bytes(maps) / 1e6, "MB", note=f"{shape},every tile map step's files")
    # The same job as the Ray job runs it since the list map steps: one step a range of rows, the
    # driver's check (which runs the reduce on the merged lists), any second round, then the reduce.
    lists = os.path.join(work, "lists")
    plan = json.loads(subprocess.run([binary, "engine", "lists", "--job", job], check=True, capture_output=True, text=True, timeout=600).stdout)
    ranges, length, steps, rounds, check = plan["ranges"], plan["length"], 0.0, 0, 0.0
    while True:
        rounds += 1
        for lo, hi in ranges:
            arguments = ["--rows", f"{lo}:{hi}", "--length", str(length)]
            if os.path.exists(os.path.join(lists, f"repeats-{lo}.npy")):
                arguments += ["--repeats", os.path.join(lists, f"repeats-{lo}.npy")]
            steps += timed_command([binary, "engine", "map", "--job", job, *arguments, "--out", lists])
        start = time.monotonic()
        answer = json.loads(subprocess.run([binary, "engine", "check", "--job", job, "--maps", lists], check=True, capture_output=True,
                                           text=True, timeout=3600).stdout)
        check += time.monotonic() - start
        if answer["status"] != "lists":
            break
        ranges, length = answer["ranges"], answer["length"]
    assert answer["status"] == "ok", f"the list run ended with {answer}: this shape has no list figures"
    out = os.path.join(work, "reduce-lists.csv")
    reduce = timed_command([binary, "engine", "reduce", "--job", job, "--maps", lists, "--out", out, "--workers", "2"])
    with open(out, "rb") as f:
        assert f.read() == local_csv, "the reduce's CSV on the lists differs from the local job's"
    note = f"{shape},lists,L={plan['length']},rounds={rounds},MxN={TARGETS}x{ROWS},W=2,load={load().replace(' ', '/')}"
    result("ray_reduce_alone_lists", reduce, "s", note=note)
    result("ray_list_check", check, "s", note=note)
    result("ray_list_map_steps", steps, "s", note=note + f",steps={len(plan['ranges'])}")
    result("ray_gathered_lists", directory_bytes(lists) / 1e6, "MB", note=note + ",every list map step's files")


def directory_bytes(path):
    return sum(os.path.getsize(os.path.join(path, name)) for name in os.listdir(path))


def export_alone(binary, server, work, shape):
    """`shortlist engine export` of the candidates outside any job, into a fresh store (cold) and
    again into the same store (warm), on 1 and 2 threads, and, when SHORTLIST_BEFORE_BIN names an
    earlier binary, with that binary too (its export has no thread setting). Floors of the same
    run: SQLite's bare read of every blob in index order (Python's sqlite3, one connection) and a
    bare copy of the exported shard files into one new file (`cat`, from the page cache)."""
    db = os.path.join(server.dir, "console.db")
    store = os.path.join(work, "export-store")
    mb = ROWS * DIM * 4 / 1e6

    def export(program, threads):
        args = [program, "engine", "export", "--db", db, "--shard-store", store, "--shard-bytes", str(SHARD_BYTES), "--pool", "cands", "--feature", "emb"]
        return timed_command(args + (["--job-threads", str(threads)] if threads else []))

    def floors():
        import sqlite3
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        start, total = time.monotonic(), 0
        for (blob,) in connection.execute("SELECT vector FROM feature_rows WHERE checkpoint_id = "
                                          "(SELECT c.id FROM checkpoints c JOIN features f ON f.id = c.feature_id JOIN pools p ON p.id = f.pool_id "
                                          "WHERE p.name = 'cands') ORDER BY item_id"):
            total += len(blob)
        read = time.monotonic() - start
        connection.close()
        assert total == ROWS * DIM * 4, total
        folder = next(pathlib.Path(store).glob("*/*/*"))
        copy = os.path.join(work, "copy.bin")
        start = time.monotonic()
        subprocess.run(f"cat {folder}/shard-*.npy > {copy}", shell=True, check=True, timeout=3600)
        write = time.monotonic() - start
        os.remove(copy)
        return read, write

    programs = [("before", os.environ["SHORTLIST_BEFORE_BIN"], [None])] if os.environ.get("SHORTLIST_BEFORE_BIN") else []
    programs.append(("after", binary, [1, 2]))
    floor = None
    for label, program, thread_counts in programs:
        for threads in thread_counts:
            shutil.rmtree(store, ignore_errors=True)
            cold = export(program, threads)
            if floor is None:
                floor = floors()
                note = f"{shape},load={load().replace(' ', '/')}"
                result("export_floor_sqlite_read", floor[0], "s", note=note + ",python sqlite3,1 connection")
                result("export_floor_cat_write", floor[1], "s", note=note + ",cat of the shard files")
            warm = export(program, threads)
            tag = f"{label},W={threads or 1}"
            note = f"{shape},{tag},load={load().replace(' ', '/')}"
            name = "export_alone" if label == "after" else "export_alone_before"
            suffix = f"_w{threads}" if threads else ""
            # The floor of a cold export: one read of the rows plus one write of the files.
            result(f"{name}_cold{suffix}", cold, "s", floor=floor[0] + floor[1], note=note + f",{mb / cold:.0f}MB/s")
            result(f"{name}_warm{suffix}", warm, "s", floor=floor[0], note=note + f",{mb / warm:.0f}MB/s")
    shutil.rmtree(store, ignore_errors=True)


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
            stages = logged_stages(server, job["id"])
            result(f"ray_export_{tag}", stages["exporting"], "s", note=note)
            result(f"ray_export_rate_{tag}", ROWS * DIM * 4 / 1e6 / stages["exporting"], "MB/s", note=note)
            # Submitted until the driver's first progress line (printed before ray.init), as the
            # service sees it at its 0.5 s polls of Ray.
            result(f"ray_driver_start_{tag}", stages["submitting"], "s", note=note)
            # Polled: submitted until the first map step is done (ray.init, a worker, one step).
            result(f"ray_submit_schedule_{tag}", seen["first map done"] - seen["submitting"], "s", note=note)
            # The driver's first progress line until the service sees the Ray job succeeded.
            result(f"ray_map_{tag}", stages["ray map"], "s", note=note)
            result(f"ray_reduce_{tag}", stages["reduce"], "s", note=note)
            result(f"ray_store_{tag}", stages["storing"], "s", note=note)
        outside_ray(binary, server, os.path.join(work, "store"), body, work, shape, local_csv)
        export_alone(binary, server, work, shape)
    finally:
        if server:
            server.stop()
        head.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
