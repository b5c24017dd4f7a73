"""Files in: JSONL, CSV and Parquet with a field mapping, a bad row stopping everything, the CLI."""

import csv
import json
import os
import shutil
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import shortlist
from conftest import SRC

ROWS = [{"uid": f"gsm-{i}", "problem": f"Problem {i}, with a comma?", "solution": f"Step 1.\nStep 2.\n#### {i}",
         "level": i % 4, "type": "arith" if i % 2 else "algebra", "ignored": "x"} for i in range(23)]
MAPPING = dict(id_field="uid", question_field="problem", answer_field="solution", metadata_fields=["level", "type"])
CLI_MAPPING = ["--id-field", "uid", "--question-field", "problem", "--answer-field", "solution", "--metadata-fields", "level,type"]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write((json.dumps(r) if isinstance(r, dict) else r) + "\n")
    return str(path)


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(ROWS[0]))
        w.writeheader()
        w.writerows(rows)
    return str(path)


def write_parquet(path, rows):
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=5)
    return str(path)


def stored(client, pool):
    return {i.id: i for i in client.items.list(pool)}


def expect_rows(items, level_as=int):
    assert sorted(items) == sorted(r["uid"] for r in ROWS)
    for r in ROWS:
        item = items[r["uid"]]
        assert (item.question, item.answer, item.text) == (r["problem"], r["solution"], None)
        assert item.metadata == {"level": level_as(r["level"]), "type": r["type"]}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_import_with_a_mapping_in_batches(client, pool_name, tmp_path, fmt):
    path = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}[fmt](tmp_path / f"rows.{fmt}", ROWS)
    r = client.pools.import_file(pool_name, path, batch_size=7, progress=False, **MAPPING)
    assert (r.rows, r.inserted, r.updated, r.batches) == (23, 23, 0, 4)
    expect_rows(stored(client, pool_name), level_as=str if fmt == "csv" else int)  # CSV cells are strings
    again = client.pools.import_file(pool_name, path, progress=False, **MAPPING)
    assert (again.inserted, again.updated) == (0, 23)


def test_numbered_ids_and_a_gzipped_jsonl(client, pool_name, tmp_path):
    import gzip

    path = tmp_path / "rows.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in ROWS[:3]:
            f.write(json.dumps({"question": r["problem"], "answer": r["solution"]}) + "\n\n")  # blank lines skipped
    client.pools.import_file(pool_name, str(path), id_field=None, id_prefix="train-", progress=False)
    assert list(stored(client, pool_name)) == ["train-0", "train-1", "train-2"]


def bad_jsonl(tmp_path):
    rows = [json.dumps(r) for r in ROWS[:3]] + [json.dumps({**ROWS[3], "problem": 12})] + [json.dumps(r) for r in ROWS[4:]]
    return write_jsonl(tmp_path / "bad.jsonl", rows)


def test_a_bad_jsonl_row_names_its_line_and_stores_nothing(client, pool_name, tmp_path):
    with pytest.raises(shortlist.ImportFileError) as e:
        client.pools.import_file(pool_name, bad_jsonl(tmp_path), batch_size=2, progress=False, **MAPPING)
    assert (e.value.line, e.value.param, e.value.field) == (4, "line 4", "problem")
    assert "bad.jsonl: line 4: field 'problem' must be a string" in str(e.value)
    with pytest.raises(shortlist.NotFoundError):  # not even the pool was created
        client.pools.get(pool_name)


def test_malformed_json_and_a_duplicate_id_name_their_lines(client, pool_name, tmp_path):
    client.pools.create(pool_name)
    client.items.upsert(pool_name, [{"id": "keep", "text": "t"}])
    path = write_jsonl(tmp_path / "broken.jsonl", [json.dumps(ROWS[0]), "{not json"])
    with pytest.raises(shortlist.ImportFileError) as e:
        client.pools.import_file(pool_name, path, progress=False, **MAPPING)
    assert e.value.line == 2 and "not valid JSON" in str(e.value)
    path = write_jsonl(tmp_path / "dup.jsonl", ROWS[:5] + [ROWS[1]])
    with pytest.raises(shortlist.ImportFileError) as e:
        client.pools.import_file(pool_name, path, progress=False, **MAPPING)
    assert e.value.line == 6 and "first on line 2" in str(e.value)
    assert list(stored(client, pool_name)) == ["keep"]


def test_a_bad_csv_record_names_the_line_it_starts_on(client, pool_name, tmp_path):
    path = write_csv(tmp_path / "bad.csv", ROWS[:4])
    with open(path, "a", encoding="utf-8") as f:
        f.write("gsm-x,only three,fields\n")
    # header = line 1; each solution spans 3 lines, so record 5 starts on line 2 + 4 * 3 = 14
    with pytest.raises(shortlist.ImportFileError) as e:
        client.pools.import_file(pool_name, path, progress=False, **MAPPING)
    assert e.value.line == 14 and "3 fields, but the header has 6" in str(e.value)
    with pytest.raises(shortlist.NotFoundError):
        client.pools.get(pool_name)


def test_a_bad_parquet_row_is_named_by_its_row_number(client, pool_name, tmp_path):
    rows = [dict(r) for r in ROWS]
    rows[8]["uid"] = None
    path = write_parquet(tmp_path / "bad.parquet", rows)
    with pytest.raises(shortlist.ImportFileError) as e:
        client.pools.import_file(pool_name, path, progress=False, **MAPPING)
    assert (e.value.line, e.value.param, e.value.unit) == (9, "row 9", "row")
    assert "id field 'uid' is missing" in str(e.value)


def test_an_unknown_pool_without_create_fails_before_reading(client, pool_name, tmp_path):
    with pytest.raises(shortlist.NotFoundError):
        client.pools.import_file(pool_name, write_jsonl(tmp_path / "r.jsonl", ROWS), create=False, progress=False, **MAPPING)


def run_cli(command, server, *args):
    env = {**os.environ, "SHORTLIST_URL": server.url, "PYTHONPATH": SRC}
    env.pop("SHORTLIST_API_KEY", None)
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=120)


def test_python_m_shortlist_import_and_export(client, server, pool_name, tmp_path):
    path = write_parquet(tmp_path / "rows.parquet", ROWS)
    done = run_cli([sys.executable, "-m", "shortlist"], server, "import", pool_name, path, *CLI_MAPPING, "--batch-size", "10")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"imported 23 rows into {pool_name}: 23 inserted, 0 updated, 3 requests")
    expect_rows(stored(client, pool_name))
    client.features.embed(pool_name).wait(60)
    job = client.selections.create(f"{pool_name}/embedding", method="random", k=5, seed=1).wait(60)
    out = tmp_path / "picked.jsonl"
    done = run_cli([sys.executable, "-m", "shortlist"], server, "export", job.id, str(out))
    assert done.returncode == 0 and done.stdout.strip() == f"wrote 5 rows to {out}", done.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == job.result().ids


def test_console_script_reports_a_bad_row_and_exits_1(server, pool_name, tmp_path):
    script = shutil.which("shortlist-py")
    if script is None:
        pytest.skip("shortlist-py is not on PATH (the package is not installed; `make test` installs it)")
    done = run_cli([script], server, "import", pool_name, bad_jsonl(tmp_path), *CLI_MAPPING)
    assert done.returncode == 1
    assert "bad.jsonl: line 4: field 'problem' must be a string" in done.stderr
