"""A live Shortlist server for the whole test session: the debug build of this tree, port 0, a
temporary database. Built with ``swift build`` first when the binary is missing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from typing import Iterator, List, Optional

import httpx
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_ROOT = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(CLIENT_ROOT))
SRC = os.path.join(CLIENT_ROOT, "src")
if SRC not in sys.path:  # test this tree's client even if another copy is installed
    sys.path.insert(0, SRC)

import shortlist  # noqa: E402


def server_binary() -> str:
    explicit = os.environ.get("SHORTLIST_BIN")
    if explicit:
        return explicit
    path = os.path.join(REPO, ".build", "debug", "shortlist")
    if not os.path.exists(path):
        subprocess.run(["swift", "build", "--product", "shortlist"], cwd=REPO, check=True)
    return path


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: str
    api_key: Optional[str]

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def start_server(directory: str, name: str, extra: List[str]) -> Server:
    log_path = os.path.join(directory, f"{name}.log")
    log = open(log_path, "wb")
    process = subprocess.Popen([server_binary(), "serve", "--port", "0", "--db", os.path.join(directory, f"{name}.db"), *extra],
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    port = None
    while port is None:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the server did not start:\n" + open(log_path).read())
        with open(log_path, encoding="utf-8", errors="replace") as f:
            match = re.search(r"msg=listening .*http\.port=(\d+)", f.read())
        if match:
            port = int(match.group(1))
        else:
            time.sleep(0.05)  # the log line is the only signal of the chosen port
    url = f"http://127.0.0.1:{port}"
    httpx.get(f"{url}/healthz", timeout=10).raise_for_status()
    key = extra[extra.index("--api-key") + 1] if "--api-key" in extra else None
    return Server(url=url, process=process, log_path=log_path, api_key=key)


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def workdir() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="shortlist-pyclient-") as d:
        yield d


@pytest.fixture(scope="session")
def server(workdir: str) -> Iterator[Server]:
    s = start_server(workdir, "open", [])
    yield s
    stop(s)
    assert "level=error" not in s.log(), "the server logged errors:\n" + s.log()[-3000:]


@pytest.fixture(scope="session")
def keyed_server(workdir: str) -> Iterator[Server]:
    s = start_server(workdir, "keyed", ["--api-key", "test-key-17"])
    yield s
    stop(s)


@pytest.fixture()
def client(server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[shortlist.Client]:
    monkeypatch.delenv("SHORTLIST_API_KEY", raising=False)
    with shortlist.Client(server.url) as c:
        yield c


@pytest.fixture()
def pool_name() -> str:
    return f"t-{uuid.uuid4().hex[:12]}"
