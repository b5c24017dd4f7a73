"""A live Shortlist server for the console's browser tests and bench: a free port, a temporary
database, the stub embedder (scripts/stub_llm.py) as the embedding endpoint, and a small HTTP
client. Used by scripts/tests/test_console_browser.py and bench/console/bench_console.py."""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stub:
    """scripts/stub_llm.py on a free port; it exits when its stdin closes."""

    def __init__(self, dim=16):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts/stub_llm.py"), "--port", "0", "--dim", str(dim)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.port = int(self.process.stdout.readline())

    def control(self, **settings):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/control", data=json.dumps(settings).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        urllib.request.urlopen(request, timeout=10).read()

    def stop(self):
        self.process.stdin.close()
        self.process.terminate()
        self.process.wait(timeout=10)


class Server:
    def __init__(self, api_key=None, embed_base_url=None, binary=None, extra_args=(), db=None):
        """`db`: a database file to serve (kept on stop); by default a new one in a temp dir."""
        self.dir = tempfile.mkdtemp(prefix="shortlist-console-")
        self.port = free_port()
        self.api_key = api_key
        binary = binary or os.environ.get("SHORTLIST_BIN", str(ROOT / ".build/debug/shortlist"))
        args = [binary, "serve", "--port", str(self.port), "--db", db or os.path.join(self.dir, "console.db")]
        if api_key:
            args += ["--api-key", api_key]
        if embed_base_url:
            args += ["--embed-base-url", embed_base_url, "--embed-model", "stub"]
        args += list(extra_args)
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {open(self.log.name).read()[-2000:]}")
                time.sleep(0.05)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def call(self, method, path, body=None, content_type="application/json", raw=False):
        data = body if isinstance(body, (bytes, bytearray)) else (json.dumps(body).encode() if body is not None else None)
        headers = {"Content-Type": content_type} if data is not None else {}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                payload = response.read()
                return payload if raw else (json.loads(payload) if payload else None)
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {path}: {error.code} {error.read()[:500]!r}") from None

    def wait_job(self, job_id, statuses=("succeeded", "failed", "cancelled"), timeout=600):
        deadline = time.monotonic() + timeout
        while True:
            job = self.call("GET", f"/v1/jobs/{job_id}")
            if job["status"] in statuses:
                return job
            if time.monotonic() > deadline:
                raise AssertionError(f"job {job_id} still {job['status']}")
            time.sleep(0.05)

    def items(self, pool, items):
        for start in range(0, len(items), 20000):
            self.call("POST", f"/v1/pools/{pool}/items", {"items": items[start:start + 20000]})

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def npy(rows, cols, values):
    """A version 1.0 .npy of float32 values (bytes), row-major."""
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + values


def chromium(log_browser=True):
    """Headless Debian Chromium driven through the system chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    if log_browser:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = DriverService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)
