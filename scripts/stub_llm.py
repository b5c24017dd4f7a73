#!/usr/bin/env python3
"""OpenAI-compatible stub for tests (standard library only).

POST /v1/chat/completions  canned, deterministic chain of thought derived from the prompt
POST /v1/embeddings        deterministic vectors from SHA-256 of each text (float or base64)
GET  /stats                {"chat": n, "embeddings": n, "embedding_inputs": n, "last_authorization": ...}
GET  /chat_requests        every chat request body received, in arrival order (what a test asserts on)
POST /control              JSON with any of the flags below (e.g. {"mode": "500", "fail_times": 1})

Modes (--mode, the X-Stub-Mode request header or /control):
  ok | slow (sleep --delay-ms, then answer) | 429 (with Retry-After: --retry-after) | 500 | malformed
--fail-times N makes only the first N calls fail (429/500/malformed), then answer normally.
--echo-auth puts the Authorization header into error bodies (to test that clients redact keys).
--shuffle answers embeddings in reverse index order. `--port 0` prints the chosen port first.

Scripted answers for evaluation tests (set through /control):
  "answer_rule": "sum"          a chat reply says "The answer is S." where S is the sum of the last
                                number of every assistant turn of the prompt (the exemplars' answers
                                in the chat layout), so the answer depends on which exemplars came.
  "fail_when_contains": [s...]  answer 500 to every chat request whose prompt contains one of s.
"""
import argparse
import base64
import hashlib
import json
import re
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler

from stub_server import serve


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.settings = {
            "mode": args.mode,
            "delay_ms": args.delay_ms,
            "retry_after": args.retry_after,
            "fail_times": args.fail_times,
            "dim": args.dim,
            "shuffle": args.shuffle,
            "echo_auth": args.echo_auth,
            "answer_rule": None,
            "fail_when_contains": [],
        }
        self.counts = {"chat": 0, "embeddings": 0, "embedding_inputs": 0}
        self.failures = 0
        self.last_authorization = None
        self.chat_requests = []


def chain_of_thought(prompt):
    digest = hashlib.sha256(prompt.encode("utf-8")).hexdigest()
    answer = int(digest[:6], 16) % 1000
    words = len(prompt.split())
    # The trailing "Question:" lets callers test that the CoT is cut there.
    return (f"The question has {words} words and digest {digest[:8]}.\n"
            f"The answer is {answer}.\nQuestion: ignored follow-up")


def sum_of_exemplar_answers(messages):
    total = 0
    for m in messages:
        if m.get("role") == "assistant":
            numbers = re.findall(r"-?\d+", str(m.get("content", "")))
            if numbers:
                total += int(numbers[-1])
    return f"Adding the example answers.\nThe answer is {total}."


def vector(text, dim):
    values = []
    counter = 0
    while len(values) < dim:
        block = hashlib.sha256(f"{counter}:{text}".encode("utf-8")).digest()
        for i in range(0, len(block), 4):
            if len(values) == dim:
                break
            (word,) = struct.unpack("<I", block[i:i + 4])
            values.append(word / 2**31 - 1.0)
        counter += 1
    # Round to float32 so float and base64 answers carry the same numbers.
    return list(struct.unpack(f"<{dim}f", struct.pack(f"<{dim}f", *values)))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, *args):
        pass

    def send_json(self, status, payload, headers=None, raw=None):
        body = raw if raw is not None else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return None

    def do_GET(self):
        if self.path == "/stats":
            with self.state.lock:
                payload = dict(self.state.counts, last_authorization=self.state.last_authorization)
            self.send_json(200, payload)
        elif self.path == "/chat_requests":
            with self.state.lock:
                payload = list(self.state.chat_requests)
            self.send_json(200, payload)
        else:
            self.send_json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        body = self.read_json()
        if self.path == "/control":
            with self.state.lock:
                self.state.settings.update(body or {})
                self.state.failures = 0
            self.send_json(200, {"ok": True})
            return
        endpoint = {"/v1/chat/completions": "chat", "/v1/embeddings": "embeddings"}.get(self.path)
        if endpoint is None:
            self.send_json(404, {"error": {"message": "not found"}})
            return
        with self.state.lock:
            self.state.counts[endpoint] += 1
            self.state.last_authorization = self.headers.get("Authorization")
            settings = dict(self.state.settings)
            mode = self.headers.get("X-Stub-Mode") or settings["mode"]
            failing = mode in ("429", "500", "malformed")
            if failing and settings["fail_times"] is not None:
                failing = self.state.failures < settings["fail_times"]
                if failing:
                    self.state.failures += 1
        if mode == "slow":
            time.sleep(settings["delay_ms"] / 1000.0)
        if failing and self.fail(mode, settings):
            return
        if body is None:
            self.send_json(400, {"error": {"message": "request body is not JSON"}})
        elif endpoint == "chat":
            with self.state.lock:
                self.state.chat_requests.append(body)
            prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages") or [])
            if any(s in prompt for s in settings["fail_when_contains"] or []):
                self.send_json(500, {"error": {"message": "stub: scripted failure"}})
            else:
                self.chat(body, settings)
        else:
            self.embeddings(body, settings)

    def fail(self, mode, settings):
        auth = self.headers.get("Authorization") or ""
        detail = f" (you sent {auth})" if settings["echo_auth"] else ""
        if mode == "429":
            self.send_json(429, {"error": {"message": "rate limited" + detail}},
                           headers={"Retry-After": str(settings["retry_after"])})
        elif mode == "500":
            self.send_json(500, {"error": {"message": "stub internal error" + detail}})
        else:
            self.send_json(200, None, raw=b'{"choices": [ {"message": ')
        return True

    def chat(self, body, settings):
        messages = body.get("messages") or []
        prompt = "\n".join(str(m.get("content", "")) for m in messages)
        if settings["answer_rule"] == "sum":
            content = sum_of_exemplar_answers(messages)
        else:
            content = chain_of_thought(prompt)
        for stop in body.get("stop") or []:
            if stop in content:
                content = content[:content.index(stop)]
        # Word counts stand in for token counts, so callers can test that usage is passed on.
        self.send_json(200, {
            "id": "chatcmpl-stub", "object": "chat.completion", "model": body.get("model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": len(prompt.split()), "completion_tokens": len(content.split())},
        })

    def embeddings(self, body, settings):
        inputs = body.get("input")
        if isinstance(inputs, str):
            inputs = [inputs]
        with self.state.lock:
            self.state.counts["embedding_inputs"] += len(inputs or [])
        as_base64 = body.get("encoding_format") == "base64"
        dim = int(settings["dim"])
        items = []
        for index, text in enumerate(inputs or []):
            values = vector(text, dim)
            embedding = (base64.b64encode(struct.pack(f"<{dim}f", *values)).decode("ascii")
                         if as_base64 else values)
            items.append({"object": "embedding", "index": index, "embedding": embedding})
        if settings["shuffle"]:
            items.reverse()
        self.send_json(200, {"object": "list", "data": items, "model": body.get("model")})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mode", default="ok", choices=["ok", "slow", "429", "500", "malformed"])
    parser.add_argument("--delay-ms", type=int, default=200)
    parser.add_argument("--retry-after", default="1")
    parser.add_argument("--fail-times", type=int, default=None)
    parser.add_argument("--dim", type=int, default=8)
    parser.add_argument("--shuffle", action="store_true")
    parser.add_argument("--echo-auth", action="store_true")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="exit when stdin closes, so a crashed test run leaves no stub behind")
    args = parser.parse_args()
    Handler.state = State(args)
    serve(Handler, args.host, args.port, args.exit_on_stdin_eof)

if __name__ == "__main__":
    main()
