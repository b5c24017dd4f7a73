"""A 200 MiB np.memmap uploaded with the client while its RSS grows by less than 100 MB."""

import json
import os
import subprocess
import sys

import numpy as np

from conftest import HERE, SRC
from shortlist.npy import npy_header

ROWS, DIM = 12_800, 4096  # float32: 209,715,200 bytes


def write_npy(path, rows, dim):
    """Written block by block: the test process never holds the array either."""
    rng = np.random.default_rng(17)
    with open(path, "wb") as f:
        f.write(npy_header(np.dtype("<f4"), (rows, dim)))
        for start in range(0, rows, 512):
            f.write(rng.standard_normal((min(512, rows - start), dim), dtype=np.float32).tobytes())


def test_a_200_mb_memmap_uploads_in_constant_memory(client, server, pool_name, tmp_path):
    path = tmp_path / "big.npy"
    write_npy(path, ROWS, DIM)
    assert os.path.getsize(path) > 200 * 1024 * 1024
    client.pools.create(pool_name)
    client.items.upsert(pool_name, ({"id": f"r{i}"} for i in range(ROWS)), batch_size=ROWS)
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run([sys.executable, os.path.join(HERE, "rss_upload.py"), server.url, pool_name, "big", str(path)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    growth_mb = (report["peak_kb"] - report["base_kb"]) / 1024
    print(f"client RSS grew by {growth_mb:.1f} MB uploading {os.path.getsize(path) / 2**20:.0f} MiB (exact peak: {report['exact']})")
    assert report["rows"] == ROWS
    assert growth_mb < 100
    checkpoint = client.features.get(pool_name, "big").checkpoint()
    assert (checkpoint.dim, checkpoint.rows, checkpoint.complete) == (DIM, ROWS, True)
