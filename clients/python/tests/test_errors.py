"""Errors as exceptions with every field; retries on 429/503; SHORTLIST_URL and SHORTLIST_API_KEY."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import shortlist


def test_invalid_request_carries_type_code_param_message_status(client, pool_name):
    with pytest.raises(shortlist.InvalidRequestError) as e:
        client.pools.create("no spaces")
    err = e.value
    assert (err.status, err.type, err.code, err.param) == (400, "invalid_request", None, "name")
    assert "no spaces" in err.message and "param: name" in str(err)
    client.pools.create(pool_name)
    with pytest.raises(shortlist.InvalidRequestError) as e:
        client.selections.create(f"{pool_name}/missing", method="random", k=1)
    assert e.value.param == "candidates.feature"


def test_not_found_and_conflict(client, pool_name):
    with pytest.raises(shortlist.NotFoundError) as e:
        client.pools.get(pool_name)
    assert (e.value.status, e.value.type, e.value.param) == (404, "not_found", "pool")
    client.pools.create(pool_name)
    with pytest.raises(shortlist.ConflictError) as e:
        client.pools.create(pool_name)
    assert (e.value.status, e.value.type) == (409, "conflict")
    with pytest.raises(shortlist.NotFoundError):
        client.jobs.get("no-such-job")


def test_payload_too_large(client):
    with pytest.raises(shortlist.PayloadTooLargeError) as e:
        client.pools.create("big", description="x" * (17 << 20))
    assert (e.value.status, e.value.type) == (413, "payload_too_large")


def test_unauthorized_without_the_key_and_the_key_from_the_environment(keyed_server, monkeypatch):
    monkeypatch.delenv("SHORTLIST_API_KEY", raising=False)
    monkeypatch.setenv("SHORTLIST_URL", keyed_server.url)
    with shortlist.Client() as anonymous:
        assert anonymous.url == keyed_server.url
        assert anonymous.health().status == "ok"  # /healthz needs no key
        with pytest.raises(shortlist.UnauthorizedError) as e:
            list(anonymous.pools.list())
        assert (e.value.status, e.value.type) == (401, "unauthorized")
    monkeypatch.setenv("SHORTLIST_API_KEY", keyed_server.api_key)
    with shortlist.Client() as keyed:
        assert isinstance(list(keyed.pools.list()), list)
    with shortlist.Client(api_key="wrong") as wrong:  # an explicit key wins over the environment
        with pytest.raises(shortlist.UnauthorizedError):
            wrong.jobs.page()


class Scripted(BaseHTTPRequestHandler):
    """Answers each request with the next (status, headers, body) of the server's script."""

    def do_GET(self):  # noqa: N802
        self.server.seen.append((self.command, self.path, time.monotonic()))
        status, headers, body = self.server.script.pop(0) if self.server.script else (200, {}, {"status": "ok", "version": "x", "database": "ok"})
        data = json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_PUT = do_GET  # noqa: N815

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        self.do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture()
def scripted():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    httpd.script, httpd.seen = [], []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


UNAVAILABLE = {"error": {"type": "unavailable", "message": "the job queue is full"}}


def test_429_and_503_are_retried_with_backoff_then_succeed(scripted):
    scripted.script = [(503, {}, UNAVAILABLE), (429, {"Retry-After": "0.2"}, {"error": {"type": "invalid_request", "message": "slow down"}})]
    with shortlist.Client(f"http://127.0.0.1:{scripted.server_port}", backoff=0.05) as c:
        assert c.health().status == "ok"
    times = [t for _, _, t in scripted.seen]
    assert len(times) == 3
    assert times[2] - times[1] >= 0.2  # Retry-After honoured


def test_retries_are_bounded_then_the_error_carries_every_field(scripted):
    scripted.script = [(503, {}, UNAVAILABLE)] * 3
    with shortlist.Client(f"http://127.0.0.1:{scripted.server_port}", max_retries=2, backoff=0.01) as c:
        with pytest.raises(shortlist.UnavailableError) as e:
            c.health()
    assert (e.value.status, e.value.type, e.value.message) == (503, "unavailable", "the job queue is full")
    assert len(scripted.seen) == 3


def test_a_streamed_upload_is_sent_again_whole_on_retry(scripted):
    import numpy as np

    feature = {"object": "feature", "pool": "p", "name": "f", "embedder": None,
               "checkpoints": [{"label": "default", "dim": 2, "weight": 1, "rows": 3, "complete": True}]}
    scripted.script = [(503, {}, UNAVAILABLE), (200, {}, feature)]
    with shortlist.Client(f"http://127.0.0.1:{scripted.server_port}", backoff=0.01) as c:
        f = c.features.upload("p", "f", np.zeros((3, 2), np.float32))
    assert f.checkpoint().rows == 3 and len(scripted.seen) == 2


def test_an_error_without_a_json_body_keeps_its_status(scripted):
    class Plain(Scripted):
        def do_GET(self):  # noqa: N802
            self.send_response(502)
            self.send_header("Content-Length", "11")
            self.end_headers()
            self.wfile.write(b"bad gateway")

    scripted.RequestHandlerClass = Plain
    with shortlist.Client(f"http://127.0.0.1:{scripted.server_port}", max_retries=0) as c:
        with pytest.raises(shortlist.UpstreamError) as e:
            c.health()
    assert (e.value.status, e.value.type, e.value.message) == (502, None, "bad gateway")


def test_no_server_is_a_connection_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        with shortlist.Client(f"http://127.0.0.1:{port}", max_retries=1, backoff=0.01) as c:
            with pytest.raises(shortlist.ConnectionError) as e:
                c.health()
    assert e.value.status is None and str(port) in str(e.value)


def test_a_callers_httpx_client_gets_the_base_url_and_the_key(keyed_server, monkeypatch):
    import httpx

    monkeypatch.delenv("SHORTLIST_URL", raising=False)
    own = httpx.Client(timeout=5)
    with shortlist.Client(keyed_server.url, api_key=keyed_server.api_key, http_client=own) as c:
        assert isinstance(list(c.pools.list()), list)
    assert own.headers["Authorization"] == f"Bearer {keyed_server.api_key}"
