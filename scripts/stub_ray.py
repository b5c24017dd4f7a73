#!/usr/bin/env python3
"""Ray job-submission REST API stub for tests (standard library only).

Speaks the part of the Ray dashboard's `/api/jobs/` API that the service uses, with Ray's shapes:

POST   /api/jobs/                {"entrypoint", "submission_id"} -> {"job_id", "submission_id"}
GET    /api/jobs/<id>            {"status", "message", ...}; 404 for an unknown id
GET    /api/jobs/<id>/logs       {"logs": "<the entrypoint's stdout and stderr>"}
POST   /api/jobs/<id>/stop       {"stopped": true|false}
DELETE /api/jobs/<id>            {"deleted": true}
GET    /api/version              {"version": "stub"}
GET    /calls                    every call received, "METHOD path", in arrival order

Modes (--mode):
  run   runs the entrypoint with `--address auto` replaced by `--local` (ray/driver.py's mode
        without Ray): RUNNING while it runs, then SUCCEEDED, or FAILED with Ray's message
        ("Job entrypoint command failed with exit code N, last available logs ...").
  hold  runs nothing: RUNNING with the log line `PROGRESS map 3 10` until stopped (STOPPED).
`--port 0` prints the chosen port first; `--exit-on-stdin-eof` exits when stdin closes, so a
crashed test run leaves no stub behind.
"""
import argparse
import json
import os
import signal
import subprocess
import threading
from http.server import BaseHTTPRequestHandler

from stub_server import serve


class Job:
    def __init__(self, submission_id, entrypoint):
        self.submission_id = submission_id
        self.entrypoint = entrypoint
        self.status = "PENDING"
        self.message = "Job has not started yet."
        self.logs = ""
        self.process = None


class State:
    def __init__(self, mode):
        self.mode = mode
        self.lock = threading.Lock()
        self.jobs = {}
        self.calls = []

    def submit(self, submission_id, entrypoint):
        job = Job(submission_id, entrypoint)
        with self.lock:
            if submission_id in self.jobs:
                return None
            self.jobs[submission_id] = job
        if self.mode == "hold":
            with self.lock:
                job.status, job.message, job.logs = "RUNNING", "Job is currently running.", "PROGRESS map 0 10\nPROGRESS map 3 10\n"
        else:
            threading.Thread(target=self.run, args=(job,), daemon=True).start()
        return job

    def run(self, job):
        command = job.entrypoint.replace("'--address' 'auto'", "'--local'").replace("--address auto", "--local")
        process = subprocess.Popen(["/bin/sh", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        with self.lock:
            job.process = process
            job.status, job.message = "RUNNING", "Job is currently running."
        for line in process.stdout:
            with self.lock:
                job.logs += line.decode("utf-8", "replace")
        code = process.wait()
        with self.lock:
            if job.status == "STOPPED":
                return
            if code == 0:
                job.status, job.message = "SUCCEEDED", "Job finished successfully."
            else:
                job.status = "FAILED"
                job.message = (f"Job entrypoint command failed with exit code {code}, last available logs "
                               f"(truncated to 20,000 chars):\n{job.logs[-20000:]}")

    def stop(self, submission_id):
        with self.lock:
            job = self.jobs.get(submission_id)
            if job is None or job.status in ("SUCCEEDED", "FAILED", "STOPPED"):
                return False
            job.status, job.message = "STOPPED", "Job was intentionally stopped."
            process = job.process
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        return True


class Handler(BaseHTTPRequestHandler):
    state = None

    def log_message(self, *args):
        pass

    def answer(self, status, value):
        body = json.dumps(value).encode() if not isinstance(value, str) else value.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if not isinstance(value, str) else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_call(self, method):
        state = self.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with state.lock:
            state.calls.append(f"{method} {self.path}")
        parts = [p for p in self.path.split("/") if p]
        if method == "GET" and self.path == "/calls":
            with state.lock:
                return self.answer(200, list(state.calls))
        if method == "GET" and self.path == "/api/version":
            return self.answer(200, {"version": "stub", "ray_version": "stub"})
        if parts[:2] != ["api", "jobs"]:
            return self.answer(404, "Not Found")
        if method == "POST" and len(parts) == 2:
            request = json.loads(body)
            job = state.submit(request["submission_id"], request["entrypoint"])
            if job is None:
                return self.answer(400, f"Job with submission_id {request['submission_id']} already exists.")
            return self.answer(200, {"job_id": "raysubmit_stub", "submission_id": job.submission_id})
        with state.lock:
            job = state.jobs.get(parts[2]) if len(parts) > 2 else None
        if job is None:
            return self.answer(404, f"Job {parts[2] if len(parts) > 2 else ''} does not exist")
        if method == "GET" and len(parts) == 3:
            with state.lock:
                return self.answer(200, {"type": "SUBMISSION", "submission_id": job.submission_id, "status": job.status,
                                         "message": job.message, "entrypoint": job.entrypoint})
        if method == "GET" and parts[3:] == ["logs"]:
            with state.lock:
                return self.answer(200, {"logs": job.logs})
        if method == "POST" and parts[3:] == ["stop"]:
            return self.answer(200, {"stopped": state.stop(job.submission_id)})
        if method == "DELETE" and len(parts) == 3:
            with state.lock:
                state.jobs.pop(job.submission_id, None)
            return self.answer(200, {"deleted": True})
        return self.answer(404, "Not Found")

    def do_GET(self):
        self.handle_call("GET")

    def do_POST(self):
        self.handle_call("POST")

    def do_DELETE(self):
        self.handle_call("DELETE")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mode", default="run", choices=["run", "hold"])
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    args = parser.parse_args()
    Handler.state = State(args.mode)
    serve(Handler, args.host, args.port, args.exit_on_stdin_eof)

if __name__ == "__main__":
    main()
