#!/usr/bin/env python3
"""The floor of one exemplar request: a bare float32 sgemv of the query over the 10,000 x 384 pool
(numpy, one BLAS thread), median and p99 over many repetitions.
Run as: OPENBLAS_NUM_THREADS=1 python3 bench/exemplars-route/floor.py"""
import time
import numpy as np

rng = np.random.default_rng(0)
pool = rng.standard_normal((10000, 384)).astype(np.float32)
pool /= np.linalg.norm(pool, axis=1, keepdims=True)
q = pool[17].copy()
times = []
for _ in range(3000):
    t = time.perf_counter()
    pool @ q
    times.append(time.perf_counter() - t)
times.sort()
print(f"sgemv floor: p50 {times[len(times)//2]*1e3:.3f} ms, p99 {times[int(len(times)*0.99)]*1e3:.3f} ms")
