#!/usr/bin/env python3
"""bm25, hybrid and dpp through POST /v1/exemplars, each next to its floor in the same run
(issue 16), against a release server already seeded by setup.py (the 10,000 x 384 pool `bench`):

* bm25: seeds a pool `lexical` of --items items (default 100,000) whose questions come from
  questions.py (no feature), then, --rounds times interleaved: the bare FTS5 query
  `SELECT rowid, rank FROM <the pool's table> WHERE <table> MATCH ? ORDER BY rank LIMIT k` on the
  server's own database file (python's sqlite3, the system libsqlite3, read-only), then the route,
  both over the same --queries questions. The MATCH strings are the ones the service builds: its
  `diagnostics.bm25.query_tokens`, quoted and joined with OR (exemplars-lexical.md §2.2).
* hybrid and dpp: on the pool `bench` (m = 64, k = 8), each query (a unit vector and a question)
  sent as lore, hybrid and dpp one after the other, so all three see the same neighbours; the
  floor is lore's time on the same queries (goal: <= 1.5x at p50 and p99).
Server-side time is `timings_ms.total`. Prints BENCH-RESULT lines (bench/bench.py).
  python3 bench/exemplars-route/methods.py --port P --db PATH_OF_THE_SERVERS_DATABASE
"""
import argparse, http.client, json, os, sqlite3, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from questions import questions  # noqa: E402


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(self, method, path, body, ctype="application/json", ok=()):
        self.conn.request(method, path, body, {"Content-Type": ctype})
        r = self.conn.getresponse()
        data = r.read()
        if r.status in ok:
            return None
        if r.status >= 300:
            raise SystemExit(f"{method} {path}: {r.status} {data[:300]!r}")
        return data

    def exemplars(self, body):
        t = time.perf_counter()
        data = self.call("POST", "/v1/exemplars", json.dumps(body).encode())
        client = (time.perf_counter() - t) * 1e3
        doc = json.loads(data)
        return doc, doc["timings_ms"]["total"], client


def seed_lexical(c, n):
    # A second run against the same server finds the pool made (409) and keeps it.
    if c.call("POST", "/v1/pools", json.dumps({"name": "lexical"}).encode(), ok=(409,)) is None:
        return
    texts = questions(n, seed=1)
    for start in range(0, n, 20000):
        rows = "\n".join(json.dumps({"id": f"l{i}", "question": texts[i], "answer": f"a{i}"})
                         for i in range(start, min(n, start + 20000)))
        c.call("POST", "/v1/pools/lexical/items", rows.encode(), "application/x-ndjson")


def match_expression(tokens):
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def bm25(c, a):
    t = time.perf_counter()
    seed_lexical(c, a.items)
    print(f"seeded pool lexical: {a.items} items in {time.perf_counter() - t:.1f} s", flush=True)
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    pool_id = db.execute("SELECT id FROM pools WHERE name = 'lexical'").fetchone()[0]
    table = f"item_search_{pool_id}"
    floor_sql = f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT ?"
    # The query the service itself runs (every match and its bm25, in row-id order: the ranking of
    # F needs all of them, exemplars-lexical.md §2.3): a second, stricter floor.
    scores_sql = f"SELECT rowid, bm25({table}) FROM {table} WHERE {table} MATCH ? ORDER BY rowid"
    qs = questions(a.queries, seed=2)
    bodies = [{"pool": "lexical", "question": q, "k": a.k, "method": "bm25"} for q in qs]
    # Warm-up pass: the service's tokens of each question, its matches and its best score, checked
    # against the bare query's (the same bm25 from the same index).
    matches, mismatched, matched, first = [], 0, [], None
    for body in bodies:
        doc, total, _ = c.exemplars(body)
        # The first request after the seeding is answered by FTS5 and starts reading the pool's index (once per write).
        first = total if first is None else first
        diag = doc["diagnostics"]["bm25"]
        matches.append(match_expression(diag["query_tokens"]))
        matched.append(diag["n_matched"])
        best = db.execute(floor_sql, (matches[-1], a.k)).fetchall()
        if best and abs(-best[0][1] - doc["exemplars"][0]["score"]) > 1e-9 * abs(best[0][1]):
            mismatched += 1
    print(f"bm25: {len(qs)} questions, matches per query p50 {pct(matched, 0.5)} of {a.items}, "
          f"best score differs from the bare query's in {mismatched}; first request (answered by FTS5 while the pool's index is read in the background) "
          f"{first:.1f} ms", flush=True)
    note = (f"{len(qs)} questions (questions.py, 8-24 words), k={a.k}, pool of {a.items} items, release; "
            f"matches per query p50 {pct(matched, 0.5)}; floor: bare FTS5 MATCH ... ORDER BY rank LIMIT k, python sqlite3 "
            f"{sqlite3.sqlite_version}, same database file")
    for r in range(1, a.rounds + 1):
        floor, scores = [], []
        for m in matches:
            t = time.perf_counter()
            db.execute(floor_sql, (m, a.k)).fetchall()
            floor.append((time.perf_counter() - t) * 1e3)
            t = time.perf_counter()
            db.execute(scores_sql, (m,)).fetchall()
            scores.append((time.perf_counter() - t) * 1e3)
        server, client = [], []
        for body in bodies:
            _, s, cl = c.exemplars(body)
            server.append(s)
            client.append(cl)
        f50, f99, s50, s99 = pct(floor, 0.5), pct(floor, 0.99), pct(server, 0.5), pct(server, 0.99)
        b50 = pct(scores, 0.5)
        print(f"round {r} (load {os.getloadavg()[0]:.2f}): bare FTS5 p50 {f50:.3f} / p99 {f99:.3f} ms "
              f"(every match with its bm25: p50 {b50:.3f} ms); "
              f"route timings_ms.total p50 {s50:.3f} / p99 {s99:.3f} ms ({s50 / f50:.2f}x / {s99 / f99:.2f}x); "
              f"client p50 {pct(client, 0.5):.3f} ms", flush=True)
        print(f"BENCH-RESULT name=bm25-round{r}-server-p50 value={s50:.3f} unit=ms floor={f50:.3f} note=timings_ms.total p50; {note}")
        print(f"BENCH-RESULT name=bm25-round{r}-server-p99 value={s99:.3f} unit=ms floor={f99:.3f} note=timings_ms.total p99, floor p99; {note}")
        print(f"BENCH-RESULT name=bm25-round{r}-server-p50-vs-all-matches value={s50:.3f} unit=ms floor={b50:.3f} "
              f"note=timings_ms.total p50; floor: the query the service runs, bare (every match with its bm25, ORDER BY rowid), p50")


def dense(c, a):
    import numpy as np
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((a.dense_queries, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    qs = questions(a.dense_queries, seed=4)
    queries = [(q, [float(x) for x in v]) for q, v in zip(qs, vectors)]
    methods = ("lore", "hybrid", "dpp")
    body = lambda q, v, method: {"pool": "bench", "question": q, "query_vector": v, "m": 64, "k": a.k, "method": method}
    # hybrid's own bm25 list is one FTS5 query over the pool: timed bare too (python's sqlite3 on the
    # same file, every match with its bm25, as hybrid needs them), with the service's MATCH strings.
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    pool_id = db.execute("SELECT id FROM pools WHERE name = 'bench'").fetchone()[0]
    table = f"item_search_{pool_id}"
    fts_sql = f"SELECT rowid, bm25({table}) FROM {table} WHERE {table} MATCH ?"
    matches = []
    for q, v in queries:
        doc, _, _ = c.exemplars(body(q, v, "hybrid"))
        matches.append(match_expression(doc["diagnostics"]["bm25"]["query_tokens"]))
        for method in methods:
            c.exemplars(body(q, v, method))
    note = (f"{len(queries)} queries (unit vector + questions.py question), m=64 k={a.k} over 10,000 x 384, release; "
            f"floor: lore on the same queries, interleaved")
    for r in range(1, a.rounds + 1):
        times = {method: [] for method in methods}
        fts = []
        for (q, v), m in zip(queries, matches):
            for method in methods:
                times[method].append(c.exemplars(body(q, v, method))[1])
            t = time.perf_counter()
            db.execute(fts_sql, (m,)).fetchall()
            fts.append((time.perf_counter() - t) * 1e3)
        lore50, lore99 = pct(times["lore"], 0.5), pct(times["lore"], 0.99)
        fts50, fts99 = pct(fts, 0.5), pct(fts, 0.99)
        line = (f"round {r} (load {os.getloadavg()[0]:.2f}): lore p50 {lore50:.3f} / p99 {lore99:.3f} ms; "
                f"bare FTS5 bm25 query p50 {fts50:.3f} / p99 {fts99:.3f} ms")
        for method in methods[1:]:
            m50, m99 = pct(times[method], 0.5), pct(times[method], 0.99)
            line += f"; {method} p50 {m50:.3f} / p99 {m99:.3f} ms ({m50 / lore50:.2f}x / {m99 / lore99:.2f}x)"
            print(f"BENCH-RESULT name={method}-round{r}-server-p50 value={m50:.3f} unit=ms floor={lore50:.3f} note=timings_ms.total p50; {note}")
            print(f"BENCH-RESULT name={method}-round{r}-server-p99 value={m99:.3f} unit=ms floor={lore99:.3f} note=timings_ms.total p99, floor lore p99; {note}")
        h50 = pct(times["hybrid"], 0.5)
        print(f"BENCH-RESULT name=hybrid-round{r}-vs-lore-plus-fts-p50 value={h50:.3f} unit=ms floor={lore50 + fts50:.3f} "
              f"note=hybrid p50; floor: lore p50 + the bare FTS5 bm25 query p50 of the same questions ({fts50:.3f} ms, python sqlite3)")
        print(line, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8099)
    ap.add_argument("--db", required=True, help="the server's database file (the bare FTS5 floor reads it)")
    ap.add_argument("--items", type=int, default=100000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--dense-queries", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--k", type=int, default=8)
    ap.add_argument("--only", choices=("bm25", "dense"))
    a = ap.parse_args()
    c = Client(a.port)
    print(os.popen("uptime").read().strip(), flush=True)
    if a.only != "dense":
        bm25(c, a)
    if a.only != "bm25":
        dense(c, a)
    print(os.popen("uptime").read().strip(), flush=True)


if __name__ == "__main__":
    main()
