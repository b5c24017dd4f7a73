#!/usr/bin/env python3
"""Seeds a running shortlist (release build) with a 10,000 x 384 pool and writes body.json.

  swift build -c release && .build/release/shortlist serve --port 8099 --db /tmp/bench.db &
  python3 bench/exemplars-route/setup.py --port 8099
  wrk -t2 -c16 -d10s -s bench/exemplars-route/post.lua http://127.0.0.1:8099/v1/exemplars
Vectors are uploaded as NDJSON to PUT /v1/pools/bench/features/embedding (features route).
"""
import argparse, json, os, random, struct, sys, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from questions import questions  # noqa: E402

def call(port, method, path, body, ctype="application/json"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers={"Content-Type": ctype})
    with urllib.request.urlopen(req) as r:
        return r.status

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8099)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--dim", type=int, default=384)
    a = ap.parse_args()
    rng = random.Random(0)
    call(a.port, "POST", "/v1/pools", json.dumps({"name": "bench"}).encode())
    # Real-looking questions (questions.py), so that hybrid's bm25 list is not empty (methods.py).
    texts = questions(a.n, seed=5)
    items = "\n".join(json.dumps({"id": f"e{i}", "question": texts[i], "answer": f"a{i}"}) for i in range(a.n))
    call(a.port, "POST", "/v1/pools/bench/items", items.encode(), "application/x-ndjson")
    def vec():
        v = [rng.gauss(0, 1) for _ in range(a.dim)]
        n = sum(x * x for x in v) ** 0.5
        return [x / n for x in v]
    rows = "\n".join(json.dumps({"id": f"e{i}", "vector": vec()}) for i in range(a.n))
    call(a.port, "PUT", "/v1/pools/bench/features/embedding", rows.encode(), "application/x-ndjson")
    body = {"pool": "bench", "question": "q", "query_vector": vec(), "m": 64, "k": 8, "method": "lore"}
    open("bench/exemplars-route/body.json", "w").write(json.dumps(body))

if __name__ == "__main__":
    main()
