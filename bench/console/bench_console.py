#!/usr/bin/env python3
"""Console result page of a 100,000-candidate selection in headless Chromium (bench/README-console.md).

A live server (SHORTLIST_BIN, default the release build) with N candidates (d = D, random
float32 uploaded as .npy), M inline targets and a round_robin job of k = K. Each run loads
/#/jobs/{id}/result in a fresh tab and reads, from the page's own clock (performance.now(), 0 at
navigation start): the first plot drawn (the score curve, `data-first-plot-ms`) and the map drawn
(every sampled point in the DOM). Floor, in the same page: one bare fetch + JSON parse of the
result the first plot needs (`GET /v1/jobs/{id}/result?limit=100000`).
Env: N (100000), D (64), M (50), K (1000), RUNS (5).
"""
import json
import os
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent.parent / "scripts/tests"))
from console_server import ROOT, Server, chromium, npy  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

N, D, M, K, RUNS = (int(os.environ.get(k, v)) for k, v in (("N", 100000), ("D", 64), ("M", 50), ("K", 1000), ("RUNS", 5)))


def load():
    return open("/proc/loadavg").read().split()[:3]


binary = os.environ.get("SHORTLIST_BIN", str(ROOT / ".build/release/shortlist"))
server = Server(binary=binary)
try:
    rng = np.random.default_rng(0)
    server.call("POST", "/v1/pools", {"name": "big"})
    server.items("big", [{"id": f"q{i}", "question": f"question {i}"} for i in range(N)])
    candidates = rng.standard_normal((N, D)).astype(np.float32)
    server.call("PUT", "/v1/pools/big/features/emb", npy(N, D, candidates.tobytes()), content_type="application/x-npy")
    targets = rng.standard_normal((M, D)).astype(np.float32).tolist()
    job = server.call("POST", "/v1/selections", {"candidates": {"pool": "big", "feature": "emb"}, "targets": {"vectors": targets},
                                                 "method": "round_robin", "budget": {"k": K}})
    assert server.wait_job(job["id"])["status"] == "succeeded"
    driver = chromium(log_browser=False)
    try:
        figures = []
        for run in range(RUNS):
            driver.get("about:blank")
            driver.get(f"{server.url}/#/jobs/{job['id']}/result")
            WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.body.dataset.firstPlotMs"))
            first = float(driver.execute_script("return document.body.dataset.firstPlotMs"))
            WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.querySelectorAll('#map circle.pt').length") > 0)
            mapped = driver.execute_script("return performance.now()")
            points = driver.execute_script("return document.querySelectorAll('#map circle.pt').length")
            floor = driver.execute_async_script(
                "const done = arguments[arguments.length - 1]; const t = performance.now();"
                f"fetch('/v1/jobs/{job['id']}/result?limit=100000').then(r => r.json()).then(() => done(performance.now() - t));")
            figures.append((first, mapped, floor))
            print(f"run {run + 1}: first plot {first:.0f} ms, map ({points} points) {mapped:.0f} ms, floor (result fetch + parse) {floor:.0f} ms; load {' '.join(load())}")
        best = min(figures)
        print(json.dumps({"n": N, "d": D, "m": M, "k": K, "first_plot_ms_best": round(best[0]), "first_plot_ms_median": round(sorted(f[0] for f in figures)[len(figures) // 2]),
                          "map_ms_median": round(sorted(f[1] for f in figures)[len(figures) // 2]), "floor_ms_median": round(sorted(f[2] for f in figures)[len(figures) // 2]),
                          "load": load()}))
        # Machine-readable figures for bench/bench.py (bench/results/console.jsonl): medians of the runs.
        median = lambda i: sorted(f[i] for f in figures)[len(figures) // 2]  # noqa: E731
        shape = f"N={N} d={D} M={M} round_robin k={K}, median of {RUNS} runs, headless Chromium, server {pathlib.Path(binary).parent.name} build"
        print(f"BENCH-RESULT name=first-plot value={median(0):.0f} unit=ms floor={median(2):.0f} note=page clock; floor: one fetch + JSON parse of the result; {shape}")
        print(f"BENCH-RESULT name=map-drawn value={median(1):.0f} unit=ms floor={median(2):.0f} note=page clock; floor: one fetch + JSON parse of the result; {shape}")
    finally:
        driver.quit()
finally:
    server.stop()
