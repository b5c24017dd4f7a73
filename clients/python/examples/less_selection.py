"""LESS-style training-data selection from numpy feature files, on a running service (``make serve``).

    python examples/less_selection.py --features grads.npy --targets val_grads.npy -k 100 --out subset.jsonl

``--features``: one row per candidate (e.g. LoRA gradients after a random projection), row i =
item i of ``--items`` (a JSONL of items; without it the candidates are named ``cand-<i>``).
``--targets``: the target task's rows (validation gradients). Without files, a synthetic pair is
written first (candidates around 8 directions, targets around one of them) so the script runs as
is. The candidates' file is opened with ``np.load(mmap_mode="r")`` and streamed: any size uploads in
constant memory. The selected items, best first, are written to ``--out`` (.jsonl or .parquet).
"""

import argparse
import os
import tempfile

import numpy as np

import shortlist


def synthetic(directory: str, n: int = 2000, d: int = 256, m: int = 16):
    """Candidates around 8 unit directions (cluster c = i % 8); targets around direction 3."""
    rng = np.random.default_rng(0)
    centers = rng.standard_normal((8, d)).astype(np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    grads = centers[np.arange(n) % 8] + 0.35 * rng.standard_normal((n, d), dtype=np.float32) / np.sqrt(d)
    targets = centers[3] + 0.35 * rng.standard_normal((m, d), dtype=np.float32) / np.sqrt(d)
    paths = os.path.join(directory, "grads.npy"), os.path.join(directory, "val_grads.npy")
    np.save(paths[0], grads.astype(np.float32))
    np.save(paths[1], targets.astype(np.float32))
    return paths


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--features", help="candidates' .npy (N x d)")
    p.add_argument("--targets", help="targets' .npy (M x d)")
    p.add_argument("--items", help="JSONL of the N candidate items, in the rows' order")
    p.add_argument("--pool", default="less-demo")
    p.add_argument("-k", type=int, default=100)
    p.add_argument("--out", default="subset.jsonl")
    args = p.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        features, targets = (args.features, args.targets) if args.features else synthetic(tmp)
        grads = np.load(features, mmap_mode="r")
        with shortlist.Client() as client:
            client.pools.create(args.pool, exist_ok=True)
            if args.items:
                client.pools.import_file(args.pool, args.items, progress=True)
            else:
                client.items.upsert(args.pool, ({"id": f"cand-{i}", "text": f"candidate {i}", "metadata": {"cluster": i % 8}}
                                                for i in range(grads.shape[0])))
            client.features.upload(args.pool, "grads", grads, progress=True)

            job = client.selections.create(f"{args.pool}/grads", np.load(targets), method="less", k=args.k)
            job.wait(timeout=600, progress=True)
            rows = job.export(args.out)
            result = job.result(items=True)
    print(f"selected {len(result)} of {grads.shape[0]} candidates; wrote {rows} rows to {args.out}")
    for row in result.selected[:5]:
        print(f"  #{row.rank} {row.id} score {row.score:.4f} {row.metadata}")
    if not args.features:
        from_target = sum(1 for r in result if r.metadata and r.metadata.get("cluster") == 3)
        print(f"{from_target} of {len(result)} come from the targets' direction (cluster 3)")


if __name__ == "__main__":
    main()
