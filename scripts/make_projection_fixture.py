#!/usr/bin/env python3
"""Writes Tests/Fixtures/projection/*.json: numpy's 2-D PCA of float32 rows, the reference of the
projection endpoint (GET /v1/pools/{pool}/features/{name}/projection, method pca).

Reference: the mean, np.cov (divisor n - 1), np.linalg.eigh, the two largest eigenvectors with
the sign rule (the largest-|loading| entry of each axis positive, first on ties), coordinates
(x - mean) @ axes.T. Rows are float32 (what the service stores); the maths is float64.
"""
import json
import pathlib

import numpy as np

root = pathlib.Path(__file__).resolve().parent.parent
out_dir = root / "Tests/Fixtures/projection"


def pca(x, k=2):
    x64 = x.astype(np.float64)
    mean = x64.mean(axis=0)
    cov = np.cov(x64, rowvar=False, ddof=1) if x.shape[0] > 1 else np.zeros((x.shape[1], x.shape[1]))
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:k]
    axes = vectors[:, order].T.copy()
    for row in axes:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return mean, axes, values[order], np.trace(cov)


def case(name, n, d, seed, scales, extra_rows=None):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((n, d)) * np.asarray(scales)).astype(np.float32)
    # A random rotation so the axes are not the coordinate axes.
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    x = (x @ q.T + rng.standard_normal(d) * 3).astype(np.float32)
    mean, axes, variances, trace = pca(x)
    others = (rng.standard_normal((5, d)) * 2).astype(np.float32)
    doc = {
        "case": name,
        "description": f"{n}x{d} float32 rows, per-axis scales {list(scales)[:4]}..., rotated and shifted",
        "rows": x.tolist(),
        "others": others.tolist(),
        "expected": {
            "mean": mean.tolist(),
            "axes": axes.tolist(),
            "variances": variances.tolist(),
            "total_variance": float(trace),
            "coordinates": ((x.astype(np.float64) - mean) @ axes.T).tolist(),
            "other_coordinates": ((others.astype(np.float64) - mean) @ axes.T).tolist(),
        },
    }
    (out_dir / f"{name}.json").write_text(json.dumps(doc, indent=None, separators=(",", ":")) + "\n")


out_dir.mkdir(parents=True, exist_ok=True)
case("rotated_gaussian", n=300, d=12, seed=7, scales=[5, 3, 1.5] + [0.5] * 9)
# More rows than one 512-row block: the blocked covariance accumulation is exercised.
case("two_blocks", n=1100, d=6, seed=11, scales=[4, 2, 1, 1, 0.5, 0.25])
case("wide", n=40, d=32, seed=3, scales=[6, 4] + [1] * 30)
print("wrote", sorted(p.name for p in out_dir.glob("*.json")))
