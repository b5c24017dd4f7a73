"""The service's Ray executor at the issue's size, on a real Ray head (conftest.py): a pool of
60,000 x 128 float32 with two checkpoints, exported into four shards each, selected with
`"execution": {"engine": "ray"}` by every method `shortlist engine methods` names (the code's
supported set, so a method that gains a sharded run is covered here without another list), each
result CSV equal to the local job's byte for byte. On the same pool: a Ray worker killed in the
middle of a map step still gives the local result; cancel while the Ray job runs stops it; an
address that refuses connections, or accepts them and never answers, fails the job with a message
naming the cluster before anything is exported; a service without `--ray-address` answers 400
naming `execution` and stores nothing.

The pool is generated from a fixed seed and loaded once through the service's bulk paths (items
in batches of 20,000, each checkpoint one `.npy` PUT); every service here serves its own copy of
that database file (SQLite's backup API), so no two processes share one. Every wait has a timeout.
"""
import json
import os
import pathlib
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from console_server import Server, free_port, npy  # noqa: E402
from ray_head import get_json  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build/debug/shortlist"
N, D, M = 60_000, 128, 40
# Shards hold 16 tiles of 1,024 rows: 3 x 16,384 + 10,848 rows, four per checkpoint.
SHARD_ROWS = 16_384
SHARDS = 4
CHECKPOINTS = (("early", 1.0), ("late", 2.0))

# Budgets and parameters of the methods that take more than a budget; any other method the
# binary names runs with {"k": 1000} and its defaults.
BODIES = {
    "random": {"budget": {"k": 700}, "seed": 9},
    "round_robin": {"budget": {"k": 1200}},
    "less": {"budget": {"k": 900}, "params": {"groups": 2}},
    "doubly_greedy": {"budget": {"k": 800}},
    "mean_topk": {"budget": {"k": 600}},
    "uot": {"budget": {"k": 1000}},
    "knn_uniform": {"budget": {"k": 500}},
}


def supported_methods():
    """The methods a sharded run supports, from the binary itself (empty when it is not built:
    test_every_supported_method_has_a_case then fails)."""
    if not BINARY.exists():
        return []
    done = subprocess.run([str(BINARY), "engine", "methods"], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.split()


METHODS = supported_methods()


def body(method):
    spec = BODIES.get(method, {"budget": {"k": 1000}})
    request = {"candidates": {"pool": "cands", "feature": "emb"}, "method": method, "budget": spec["budget"]}
    if method != "random":
        request["targets"] = {"pool": "tgts", "feature": "emb"}
    for key in ("params", "seed"):
        if key in spec:
            request[key] = spec[key]
    return request


def request(server, method, path, payload=None):
    """(status, parsed JSON body) without raising on a 4xx."""
    data = None if payload is None else json.dumps(payload).encode()
    call = urllib.request.Request(server.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(call, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def run_job(server, payload, timeout=600):
    """Runs a selection to its end; returns (job, result CSV bytes or None)."""
    job = server.call("POST", "/v1/selections", payload)
    done = server.wait_job(job["id"], timeout=timeout)
    csv = server.call("GET", f"/v1/jobs/{job['id']}/result?format=csv", raw=True) if done["status"] == "succeeded" else None
    return done, csv


def wait_for(condition, what, timeout=300):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.1)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (its parent has not reaped it yet) has stopped too.
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture(scope="module")
def pool_db(tmp_path_factory):
    """A database file holding pool `cands` (N items, feature `emb` with two checkpoints, rows
    repeated across shards) and pool `tgts` (M items, one target equal to a candidate)."""
    assert BINARY.exists(), "build the shortlist binary first (swift build)"
    path = str(tmp_path_factory.mktemp("ray-pool") / "pool.db")
    server = Server(db=path)
    try:
        rng = np.random.default_rng(19)
        for pool, rows in (("cands", N), ("tgts", M)):
            server.call("POST", "/v1/pools", {"name": pool})
            server.items(pool, [{"id": f"{pool}-{i}", "text": f"text {i}"} for i in range(rows)])
        for label, weight in CHECKPOINTS:
            c = rng.standard_normal((N, D), dtype=np.float32)
            # Repeats whose first occurrence is in an earlier shard, and one inside a shard.
            for copy, of in ((40_000, 5), (N - 1, SHARD_ROWS + 3), (100, 7)):
                c[copy] = c[of]
            t = rng.standard_normal((M, D), dtype=np.float32)
            t[0] = c[30_000]  # exact ties with a candidate
            for pool, matrix in (("cands", c), ("tgts", t)):
                server.call("PUT", f"/v1/pools/{pool}/features/emb?checkpoint={label}&weight={weight}",
                            npy(*matrix.shape, matrix.tobytes()), content_type="application/x-npy")
    finally:
        server.stop()
    return path


def copy_db(source, directory):
    """A consistent copy of the database file for one service."""
    target = str(directory / "copy.db")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@pytest.fixture(scope="module")
def ray_service(ray_head, pool_db, tmp_path_factory):
    """A service on a copy of the pool with --ray-address of the head. Its tasks run a wrapper of
    the binary that, while `arm` exists, holds the first map step of checkpoint 0, shard 2 (a
    tile step) or of the third range of rows (a list step: round_robin, knn_uniform): it writes
    its Ray worker's pid (its parent) and its own to `held/pids` and sleeps until killed."""
    directory = tmp_path_factory.mktemp("ray-service")
    wrapper = directory / "shortlist-wrapper"
    arm, held = directory / "arm", directory / "held"
    wrapper.write_text(f"""#!/bin/sh
if [ -e '{arm}' ]; then case " $* " in *" map "*" --checkpoint 0 --shard 2 "*|*" map "*" --rows {2 * SHARD_ROWS}:"*)
  if mkdir '{held}' 2>/dev/null; then echo "$PPID $$" > '{held}/pids.tmp'; mv '{held}/pids.tmp' '{held}/pids'; exec sleep 300; fi;;
esac; fi
exec '{BINARY}' "$@"
""")
    wrapper.chmod(0o755)
    store = directory / "store"
    server = Server(db=copy_db(pool_db, directory), extra_args=[
        "--ray-address", ray_head, "--shard-store", str(store), "--shard-bytes", str(SHARD_ROWS * D * 4),
        "--engine-binary", str(wrapper), "--job-threads", "2"])
    server.ray_head, server.store, server.arm, server.held = ray_head, store, arm, held
    try:
        yield server
    finally:
        server.stop()


def held_step(server, job_id):
    """Arms the wrapper, waits until it holds a map step of `job_id`'s Ray job; returns the pids
    (Ray worker, held step)."""
    pids = server.held / "pids"

    def holding():
        job = server.call("GET", f"/v1/jobs/{job_id}")
        assert job["status"] in ("queued", "running"), job
        return pids.exists()

    wait_for(holding, "the held map step never started")
    return tuple(int(p) for p in pids.read_text().split())


def release(server, pids):
    """Disarms the wrapper and kills what is left of a held step."""
    server.arm.unlink(missing_ok=True)
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    (server.held / "pids").unlink(missing_ok=True)
    if server.held.exists():
        server.held.rmdir()


def test_every_supported_method_has_a_case():
    assert METHODS, "`shortlist engine methods` named no method (is the debug binary built?)"
    assert "round_robin" in METHODS and "tarot" not in METHODS, METHODS


@pytest.mark.parametrize("method", METHODS)
def test_ray_job_stores_the_local_jobs_csv_byte_for_byte(ray_service, method):
    local_job, local = run_job(ray_service, {**body(method), "execution": {"engine": "local"}})
    assert local_job["status"] == "succeeded", local_job
    k = body(method)["budget"]["k"]
    assert local.startswith(b"rank,id,index,score,weight\n") and local.count(b"\n") == k + 1
    job, csv = run_job(ray_service, {**body(method), "execution": {"engine": "ray"}})
    assert job["status"] == "succeeded", job
    assert csv == local
    assert get_json(f"{ray_service.ray_head}/api/jobs/{job['ray_job_id']}", timeout=15)["status"] == "SUCCEEDED"
    for label, _ in CHECKPOINTS:
        manifest = json.loads((ray_service.store / "cands" / "emb" / label / "manifest.json").read_text())
        assert [s["rows"] for s in manifest["shards"]] == [SHARD_ROWS] * (SHARDS - 1) + [N - (SHARDS - 1) * SHARD_ROWS]


def test_ray_job_gives_the_local_result_when_a_worker_is_killed_mid_map(ray_service):
    """SIGKILL to the Ray worker running a map step (and to the step): Ray runs the task again
    and the stored result is still the local job's byte for byte."""
    payload = body("round_robin")
    _, local = run_job(ray_service, {**payload, "execution": {"engine": "local"}})
    ray_service.arm.touch()
    job = ray_service.call("POST", "/v1/selections", {**payload, "execution": {"engine": "ray"}})
    pids = ()
    try:
        pids = held_step(ray_service, job["id"])
        ray_service.arm.unlink()  # the retry runs the binary
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        done = ray_service.wait_job(job["id"], timeout=600)
    finally:
        release(ray_service, pids)
    assert done["status"] == "succeeded", done
    assert ray_service.call("GET", f"/v1/jobs/{job['id']}/result?format=csv", raw=True) == local


def test_cancel_while_the_ray_job_runs_stops_it(ray_service):
    """The job is cancelled, the Ray job ends STOPPED and the worker of its running map step
    goes: the cluster does not go on computing a result nobody will store."""
    ray_service.arm.touch()
    job = ray_service.call("POST", "/v1/selections", {**body("round_robin"), "execution": {"engine": "ray"}})
    pids = ()
    try:
        pids = held_step(ray_service, job["id"])
        running = ray_service.call("GET", f"/v1/jobs/{job['id']}")
        assert running["status"] == "running" and running["progress"]["stage"] == "ray map", running
        # round_robin maps lists: one step a range of rows (the checkpoints' shards have equal rows).
        assert running["progress"]["total"] == SHARDS, running
        submission = running["ray_job_id"]
        ray_service.call("POST", f"/v1/jobs/{job['id']}/cancel")
        assert ray_service.wait_job(job["id"], timeout=120)["status"] == "cancelled"
        wait_for(lambda: get_json(f"{ray_service.ray_head}/api/jobs/{submission}", timeout=15)["status"] == "STOPPED",
                 f"Ray job {submission} stopped", timeout=120)
        wait_for(lambda: not alive(pids[0]), f"the Ray worker {pids[0]} of the held map step gone", timeout=120)
    finally:
        release(ray_service, pids)


class SilentListener:
    """A port that accepts connections (the kernel's backlog) and never answers."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.address = f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def close(self):
        self.socket.close()


@pytest.mark.parametrize("cluster", ["refusing", "silent"])
def test_unreachable_ray_address_fails_the_job_naming_the_cluster(pool_db, tmp_path, cluster):
    listener = SilentListener() if cluster == "silent" else None
    address = listener.address if listener else f"http://127.0.0.1:{free_port()}"
    server = Server(db=copy_db(pool_db, tmp_path), extra_args=["--ray-address", address, "--shard-store", str(tmp_path / "store")])
    try:
        # Every call to the cluster has a 15 s timeout and the job fails on its first one.
        job, _ = run_job(server, {**body("round_robin"), "execution": {"engine": "ray"}}, timeout=60)
    finally:
        server.stop()
        if listener:
            listener.close()
    assert job["status"] == "failed", job
    message = job["error"]["message"]
    assert f"the Ray cluster at {address} did not answer" in message, message
    # It fails before the export: no shard was written.
    assert list((tmp_path / "store").rglob("*.npy")) == []


def test_execution_ray_without_a_ray_address_answers_400_naming_execution(pool_db, tmp_path):
    server = Server(db=copy_db(pool_db, tmp_path))
    try:
        before = server.call("GET", "/v1/jobs")
        status, answer = request(server, "POST", "/v1/selections", {**body("round_robin"), "execution": {"engine": "ray"}})
        after = server.call("GET", "/v1/jobs")
    finally:
        server.stop()
    assert status == 400, answer
    assert answer["error"]["param"] == "execution", answer
    assert "--ray-address" in answer["error"]["message"], answer
    assert after == before
