"""ray/driver.py on a real Ray head: the map steps as Ray tasks (submitted through Ray's job
REST API, as the service does) give the same result CSV, byte for byte, as the driver's local
mode, which the Swift tests (ShardedRunTests) prove equal to the local job's. A Ray worker killed
in the middle of a map step is retried by Ray, with the same result; so is the actor holding one
of uot's Sinkhorn block processes, killed with its process in the middle of the rounds. The service on that head
(`--ray-address`) at the issue's size: test_ray_service.py.

The head (conftest.py) is started on free ports with its own temp dir (ray_head.py) and always
stopped (by its process id); every wait has a timeout. Needs `ray[default]` (make py-deps) and
the debug binary.
"""
import hashlib
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ray_head import get_json  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build/debug/shortlist"
DRIVER = ROOT / "ray/driver.py"
N, D, M = 4500, 12, 6


def write_job(root, method, budget, params):
    """A prepared job as `shortlist engine prepare` writes it: two checkpoints of five shards,
    rows repeated across shards and a target equal to a candidate (exact ties)."""
    rng = np.random.default_rng(7)
    checkpoints = []
    job = root / "job"
    job.mkdir(parents=True)
    for t, (label, weight) in enumerate([("early", 1.0), ("late", 2.0)]):
        c = rng.uniform(-1, 1, (N, D)).astype(np.float32)
        for copy, of in [(3100, 7), (2048, 1030), (4499, 0), (1100, 7)]:
            c[copy] = c[of]
        targets = rng.uniform(-1, 1, (M, D)).astype(np.float32)
        targets[0] = c[2500]
        store = root / "store" / "cands" / "emb" / label
        store.mkdir(parents=True)
        shards = []
        for s, offset in enumerate(range(0, N, 1024)):
            path = store / f"shard-{s:05d}.npy"
            np.save(path, c[offset:offset + 1024])
            data = path.read_bytes()
            shards.append({"file": path.name, "row_offset": offset, "rows": min(1024, N - offset), "bytes": len(data),
                           "sha256": hashlib.sha256(data).hexdigest()})
        (store / "manifest.json").write_text(json.dumps({
            "format": "shortlist-shards/1", "pool": "cands", "feature": "emb", "checkpoint": label, "rows": N, "dim": D,
            "dtype": "<f4", "shard_rows": 1024, "shards": shards, "item_ids": [f"item-{i}" for i in range(N)]}))
        np.save(job / f"targets-{t}.npy", targets if method != "random" else targets[:0])
        checkpoints.append({"label": label, "weight": weight, "dim": D, "manifest": str(store / "manifest.json"),
                            "targets": f"targets-{t}.npy", "shards": len(shards)})
    request = {"candidates": {"pool": "cands", "feature": "emb"}, "method": method, "budget": budget, "params": params}
    (job / "job.json").write_text(json.dumps({
        "format": "shortlist-engine-job/1", "method": method, "candidate_count": N, "target_count": 0 if method == "random" else M,
        "checkpoints": checkpoints, "request": request}))
    # The method's step before the maps (gist's subspaces), as `engine prepare` runs it.
    subprocess.run([str(BINARY), "engine", "plan", "--job", str(job)], check=True, timeout=120)
    return job


def run_local(job, out):
    done = subprocess.run([sys.executable, str(DRIVER), "--local", "--binary", str(BINARY), "--job", str(job),
                           "--maps", str(job / "maps-local"), "--out", str(out), "--step-timeout", "120"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def submit_driver(address, job, out, submission, binary=BINARY, extra=()):
    entrypoint = " ".join([sys.executable, str(DRIVER), "--address", "auto", "--binary", str(binary), "--job", str(job),
                           "--maps", str(job / "maps-ray"), "--out", str(out), "--step-timeout", "120", *extra])
    get_json(address + "/api/jobs/", timeout=15, data={"entrypoint": entrypoint, "submission_id": submission})


def wait_driver(address, submission):
    """Waits for the Ray job to end; returns its status and logs."""
    deadline = time.monotonic() + 300
    while True:
        status = get_json(f"{address}/api/jobs/{submission}", timeout=15)
        if status["status"] in ("SUCCEEDED", "FAILED", "STOPPED"):
            break
        assert time.monotonic() < deadline, f"Ray job {submission} still {status['status']} after 300 s"
        time.sleep(0.5)
    return status, get_json(f"{address}/api/jobs/{submission}/logs", timeout=15)["logs"]


def run_on_ray(address, job, out, submission):
    submit_driver(address, job, out, submission)
    status, logs = wait_driver(address, submission)
    assert status["status"] == "SUCCEEDED", logs[-3000:]
    # Ten tile steps (two checkpoints of five shards), five list steps (one a range of rows), or
    # for uot no map step but its Sinkhorn rounds.
    assert ("PROGRESS map 10 10" in logs or "PROGRESS map 5 5" in logs or "PROGRESS sinkhorn 1 " in logs) \
        and "PROGRESS reduce 1 1" in logs, logs[-3000:]
    return out.read_bytes()


CASES = {
    "random": ({"k": 700}, {}),
    "round_robin": ({"k": 600}, {}),
    "less": ({"k": 500}, {"groups": 2}),
    "uot": ({"k": 400}, {}),
    "knn_uniform": ({"k": 300}, {}),
    "gist": ({"k": 380}, {"rank": 4}),
}


@pytest.mark.parametrize("method", sorted(CASES))
def test_ray_run_gives_the_local_modes_csv_byte_for_byte(ray_head, tmp_path, method):
    assert BINARY.exists(), "build the shortlist binary first (swift build)"
    budget, params = CASES[method]
    job = write_job(tmp_path, method, budget, params)
    local = run_local(job, tmp_path / "local.csv")
    assert local.startswith(b"rank,id,index,score,weight\n") and local.count(b"\n") == budget["k"] + 1
    assert run_on_ray(ray_head, job, tmp_path / "ray.csv", f"shortlist-test-{method}-{os.getpid()}") == local


def kill_map_step_of_rows_2048(ray_head, tmp_path, job, submission, extra=()):
    """Submits the driver with a wrapper binary whose first (list) map step of rows 2048:3072
    writes its Ray worker's pid (its parent: the driver runs the binary directly) and its own,
    then waits; kills both (SIGKILL) and returns the Ray job's final status and logs."""
    held = tmp_path / "held"
    wrapper = tmp_path / "shortlist-wrapper"
    wrapper.write_text(f"""#!/bin/sh
case " $* " in *" --rows 2048:3072 "*)
  if mkdir '{held}' 2>/dev/null; then echo "$PPID $$" > '{held}/pids.tmp'; mv '{held}/pids.tmp' '{held}/pids'; exec sleep 300; fi;;
esac
exec '{BINARY}' "$@"
""")
    wrapper.chmod(0o755)
    submit_driver(ray_head, job, tmp_path / "ray.csv", submission, binary=wrapper, extra=extra)
    deadline = time.monotonic() + 300
    while not (held / "pids").exists():
        assert time.monotonic() < deadline, "the map step of rows 2048:3072 never started"
        assert get_json(f"{ray_head}/api/jobs/{submission}", timeout=15)["status"] in ("PENDING", "RUNNING")
        time.sleep(0.2)
    worker, step = (int(p) for p in (held / "pids").read_text().split())
    os.kill(worker, signal.SIGKILL)
    os.kill(step, signal.SIGKILL)
    return wait_driver(ray_head, submission)


def test_ray_retries_a_map_step_whose_worker_was_killed(ray_head, tmp_path):
    """A Ray worker killed (SIGKILL) in the middle of a map step: Ray runs the task again
    (the driver's --max-retries) and the result is still the local mode's byte for byte."""
    assert BINARY.exists(), "build the shortlist binary first (swift build)"
    job = write_job(tmp_path, "round_robin", {"k": 600}, {})
    local = run_local(job, tmp_path / "local.csv")
    status, logs = kill_map_step_of_rows_2048(ray_head, tmp_path, job, f"shortlist-test-kill-{os.getpid()}")
    assert status["status"] == "SUCCEEDED", logs[-3000:]
    assert (tmp_path / "ray.csv").read_bytes() == local


def test_ray_job_fails_naming_the_step_when_a_killed_worker_may_not_be_retried(ray_head, tmp_path):
    """With --max-retries 0 the same kill fails the Ray job (no hang, no partial CSV), and the
    driver's message names the map step that was lost."""
    assert BINARY.exists(), "build the shortlist binary first (swift build)"
    job = write_job(tmp_path, "round_robin", {"k": 600}, {})
    status, logs = kill_map_step_of_rows_2048(ray_head, tmp_path, job, f"shortlist-test-noretry-{os.getpid()}",
                                            extra=("--max-retries", "0"))
    assert status["status"] == "FAILED", logs[-3000:]
    assert "map step of rows 2048:3072 failed" in logs, logs[-3000:]
    assert not (tmp_path / "ray.csv").exists()


def test_ray_restarts_a_sinkhorn_block_whose_actor_was_killed(ray_head, tmp_path):
    """uot's Sinkhorn rounds in block actors: once the rounds run (the driver's progress passed
    round 50 of 1,500), the Ray worker holding the block and its block process are killed
    (SIGKILL). Ray restarts the actor and runs its call again, a fresh block process loads its
    rows and answers that round (requests are self-contained), and the CSV is still the local
    mode's byte for byte."""
    assert BINARY.exists(), "build the shortlist binary first (swift build)"
    job = write_job(tmp_path, "uot", {"k": 400}, {"max_iter": 1500, "tol": 1e-300, "reg_m": 1.0})
    local = run_local(job, tmp_path / "local.csv")
    held = tmp_path / "held"
    wrapper = tmp_path / "shortlist-wrapper"
    wrapper.write_text(f"""#!/bin/sh
case " $* " in *" sinkhorn-block "*)
  if mkdir '{held}' 2>/dev/null; then echo "$PPID $$" > '{held}/pids.tmp'; mv '{held}/pids.tmp' '{held}/pids'; fi;;
esac
exec '{BINARY}' "$@"
""")
    wrapper.chmod(0o755)
    submission = f"shortlist-test-kill-block-{os.getpid()}"
    submit_driver(ray_head, job, tmp_path / "ray.csv", submission, binary=wrapper)
    deadline = time.monotonic() + 300
    while True:
        status = get_json(f"{ray_head}/api/jobs/{submission}", timeout=15)["status"]
        assert status in ("PENDING", "RUNNING"), f"the Ray job ended ({status}) before its rounds reached 50"
        logs = get_json(f"{ray_head}/api/jobs/{submission}/logs", timeout=15)["logs"]
        if (held / "pids").exists() and "PROGRESS sinkhorn 50 1500" in logs:
            break
        assert time.monotonic() < deadline, "the Sinkhorn rounds never reached round 50"
        time.sleep(0.2)
    worker, block = (int(p) for p in (held / "pids").read_text().split())
    # The block first: once its worker is gone it may be reaped before it could be killed.
    os.kill(block, signal.SIGKILL)
    os.kill(worker, signal.SIGKILL)
    status, logs = wait_driver(ray_head, submission)
    assert status["status"] == "SUCCEEDED", logs[-3000:]
    assert "PROGRESS sinkhorn 1500 1500" in logs, logs[-3000:]
    assert (tmp_path / "ray.csv").read_bytes() == local
