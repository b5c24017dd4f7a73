"""Every client method against the live server."""

import json

import numpy as np
import pandas as pd
import pytest

import shortlist
from shortlist import FieldMapping


def unit_rows(n: int, d: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def items(n: int, prefix: str = "i"):
    return [{"id": f"{prefix}{i}", "question": f"question {i}?", "answer": f"answer {i}",
             "metadata": {"n": i, "even": i % 2 == 0, "split": "train" if i < n - 2 else "test"}} for i in range(n)]


def make_pool(client, name, n=30, d=8, seed=0, feature="emb"):
    client.pools.create(name)
    client.items.upsert(name, items(n))
    x = unit_rows(n, d, seed)
    client.features.upload(name, feature, x)
    return x


# ---------- ops ----------

def test_health_metrics_and_openapi(client):
    h = client.health()
    assert (h.status, h.database) == ("ok", "ok") and h.version
    assert "# TYPE" in client.metrics()
    assert "/v1/jobs/{id}/result" in client.openapi()


# ---------- pools ----------

def test_pools_create_get_list_delete(client, pool_name):
    p = client.pools.create(pool_name, description="about", metadata={"source": {"url": "x"}})
    assert (p.name, p.description, p.metadata, p.item_count, p.features) == (pool_name, "about", {"source": {"url": "x"}}, 0, [])
    assert client.pools.get(pool_name) == p
    with pytest.raises(shortlist.ConflictError) as e:
        client.pools.create(pool_name)
    assert e.value.status == 409
    assert client.pools.create(pool_name, exist_ok=True) == p
    others = [client.pools.create(f"{pool_name}-{i}").name for i in range(3)]
    listed = [q.name for q in client.pools.list(page_size=1)]  # follows next_cursor page by page
    assert {pool_name, *others} <= set(listed) and len(listed) == len(set(listed))
    client.pools.delete(pool_name)
    with pytest.raises(shortlist.NotFoundError):
        client.pools.get(pool_name)
    client.pools.delete(pool_name, missing_ok=True)
    with pytest.raises(shortlist.NotFoundError):
        client.pools.delete(pool_name)


# ---------- items ----------

def test_items_upsert_from_dicts_then_get_list_delete(client, pool_name):
    client.pools.create(pool_name)
    r = client.items.upsert(pool_name, items(12), batch_size=5)
    assert (r.rows, r.inserted, r.updated, r.batches) == (12, 12, 0, 3)
    again = client.items.upsert(pool_name, [{"id": "i3", "text": "replaced"}, {"id": "new", "text": "t"}])
    assert (again.inserted, again.updated) == (1, 1)
    i3 = client.items.get(pool_name, "i3")
    assert (i3.index, i3.text, i3.question, i3.metadata) == (3, "replaced", None, {})
    listed = list(client.items.list(pool_name, page_size=4))
    assert [i.id for i in listed] == [f"i{i}" for i in range(12)] + ["new"]
    assert [i.index for i in listed] == list(range(13))
    client.items.delete(pool_name, "i0")
    assert client.items.get(pool_name, "i1").index == 0
    with pytest.raises(shortlist.NotFoundError) as e:
        client.items.get(pool_name, "i0")
    assert e.value.param == "id"


def test_item_ids_with_slashes_and_spaces_round_trip(client, pool_name):
    client.pools.create(pool_name)
    odd = "a/b c?d#e%f"
    client.items.upsert(pool_name, [{"id": odd, "text": "t"}])
    assert client.items.get(pool_name, odd).id == odd
    client.items.delete(pool_name, odd)
    assert client.pools.get(pool_name).item_count == 0


def test_items_from_a_dataframe_with_a_mapping(client, pool_name):
    client.pools.create(pool_name)
    frame = pd.DataFrame({"uid": [10, 11, 12], "problem": ["p0", "p1", None], "solution": ["s0", "s1", "s2"],
                          "level": [1, 2, np.nan], "kind": ["a", "b", "c"]})
    mapping = FieldMapping(id_field="uid", question_field="problem", answer_field="solution", metadata_fields=["level", "kind"])
    r = client.items.upsert(pool_name, frame, mapping=mapping)
    assert r.inserted == 3
    got = {i.id: i for i in client.items.list(pool_name)}
    assert (got["10"].question, got["10"].answer, got["10"].metadata) == ("p0", "s0", {"level": 1.0, "kind": "a"})
    assert got["12"].question is None and got["12"].metadata == {"kind": "c"}  # None and NaN are left out


def test_items_from_a_datasets_dataset(client, pool_name):
    datasets = pytest.importorskip("datasets", reason="datasets is not installed (optional extra)")
    client.pools.create(pool_name)
    ds = datasets.Dataset.from_dict({"question": ["q0", "q1"], "answer": ["a0", "a1"]})
    r = client.items.upsert(pool_name, ds, mapping=FieldMapping(id_field=None, id_prefix="ds-"))
    assert r.inserted == 2
    assert [(i.id, i.question) for i in client.items.list(pool_name)] == [("ds-0", "q0"), ("ds-1", "q1")]


def test_a_bad_row_in_an_iterable_stores_nothing_and_names_the_row(client, pool_name):
    client.pools.create(pool_name)
    rows = items(9) + [{"id": "bad", "question": 7}] + items(3, prefix="late")
    with pytest.raises(shortlist.ImportFileError) as e:
        client.items.upsert(pool_name, rows, batch_size=2)
    assert (e.value.line, e.value.param, e.value.field) == (10, "row 10", "question")
    assert client.pools.get(pool_name).item_count == 0


# ---------- features ----------

def test_feature_upload_get_and_delete(client, pool_name):
    client.pools.create(pool_name)
    client.items.upsert(pool_name, items(20))
    f = client.features.upload(pool_name, "grads", unit_rows(20, 6, 1), checkpoint="ckpt1", weight=0.25, progress=True)
    assert [(c.label, c.dim, c.weight, c.rows, c.complete) for c in f.checkpoints] == [("ckpt1", 6, 0.25, 20, True)]
    f = client.features.upload(pool_name, "grads", unit_rows(20, 4, 2).astype(np.float64), checkpoint="ckpt2")
    assert [c.label for c in f.checkpoints] == ["ckpt1", "ckpt2"] and f.checkpoint("ckpt2").dim == 4
    assert client.features.get(pool_name, "grads") == f
    assert client.pools.get(pool_name).features[0].name == "grads"
    client.features.delete(pool_name, "grads", checkpoint="ckpt1")
    assert [c.label for c in client.features.get(pool_name, "grads").checkpoints] == ["ckpt2"]
    client.features.delete(pool_name, "grads")
    with pytest.raises(shortlist.NotFoundError):
        client.features.get(pool_name, "grads")


@pytest.mark.parametrize("variant", ["float32", "float64", "float16", "int", "fortran", "strided", "big-endian", "list"])
def test_uploaded_vectors_are_the_array_rows(client, pool_name, variant):
    """knn with a stored row as the query finds that row's item first, whatever the array's layout."""
    x = unit_rows(16, 5, 3)
    arrays = {
        "float32": x, "float64": x.astype(np.float64), "float16": x.astype(np.float16),
        "int": np.round(x * 1000).astype(np.int32), "fortran": np.asfortranarray(x),
        "strided": np.repeat(x, 2, axis=0)[::2], "big-endian": x.astype(">f4"), "list": x.tolist(),
    }
    client.pools.create(pool_name)
    client.items.upsert(pool_name, items(16))
    f = client.features.upload(pool_name, "emb", arrays[variant], chunk_bytes=64)
    assert f.checkpoint().rows == 16
    for row in (0, 7, 15):
        hits = client.exemplars.select(pool_name, "?", k=1, method="knn", query_vector=x[row])
        assert hits.exemplars[0].id == f"i{row}"


def test_upload_rows_by_id_as_ndjson(client, pool_name):
    client.pools.create(pool_name)
    client.items.upsert(pool_name, items(3))
    f = client.features.upload_rows(pool_name, "partial", {"i0": [1, 0], "i2": np.array([0.0, 1.0])})
    assert (f.checkpoint().rows, f.checkpoint().complete) == (2, False)
    f = client.features.upload_rows(pool_name, "partial", [("i1", [1, 1])])
    assert f.checkpoint().complete


def test_a_wrong_row_count_is_a_shape_mismatch_naming_the_body(client, pool_name):
    client.pools.create(pool_name)
    client.items.upsert(pool_name, items(4))
    with pytest.raises(shortlist.InvalidRequestError) as e:
        client.features.upload(pool_name, "emb", np.zeros((5, 3), np.float32))
    assert (e.value.status, e.value.code, e.value.param) == (400, "shape_mismatch", "body")
    assert client.pools.get(pool_name).features == []


def test_embed_job_fills_the_feature_with_progress(client, pool_name):
    client.pools.create(pool_name)
    client.items.upsert(pool_name, items(25))
    job = client.features.embed(pool_name, "embedding", template="{question}")
    assert job.kind == "embed" and job.status in ("queued", "running", "succeeded")
    assert job.wait(60, progress=True) is job and job.status == "succeeded"
    assert (job.progress.done, job.progress.total) == (25, 25)
    f = client.features.get(pool_name, "embedding")
    assert f.embedder and f.checkpoint().complete
    with pytest.raises(shortlist.NotFoundError):  # an embed job has no result
        job.result()


# ---------- exemplars ----------

def test_exemplars_with_the_hashing_embedder_filter_and_options(client, pool_name):
    client.pools.create(pool_name)
    client.items.upsert(pool_name, items(30))
    client.features.embed(pool_name).wait(60)
    r = client.exemplars.select(pool_name, "question 5?", k=3, include_prompt=True, lambda_=0.3, seed=1)
    assert (r.method, r.k, r.requested_k, len(r)) == ("lore", 3, 3, 3)
    assert [e.rank for e in r] == [1, 2, 3] and r.warnings
    assert r.prompt_format == "chat" and r.prompt is None
    assert [m["role"] for m in r.messages] == ["system"] + ["user", "assistant"] * 3 + ["user"]
    assert r.messages[-1]["content"] == "question 5?"
    assert r.exemplars[0].id == "i5"
    text = client.exemplars.select(pool_name, "question 5?", k=3, include_prompt=True, prompt_format="text")
    assert text.prompt.endswith("Question: question 5?\nA: Let's think step by step.")
    assert text.messages == [{"role": "user", "content": text.prompt}]
    filtered = client.exemplars.select(pool_name, "question 5?", k=10, method="knn", filter={"metadata.split": "test"},
                                       exclude_ids=["i29"])
    assert [e.id for e in filtered] == ["i28"] and filtered.requested_k == 10


# ---------- selections and jobs ----------

def test_selection_job_wait_result_rows_dataframe(client, pool_name):
    x = make_pool(client, pool_name, n=40, d=8, seed=4)
    targets = f"{pool_name}-val"
    make_pool(client, targets, n=5, d=8, seed=5)
    job = client.selections.create(f"{pool_name}/emb", (targets, "emb"), method="round_robin", k=12)
    assert job.kind == "selection" and job.request["method"] == "round_robin"
    job.wait(60, progress=True)
    assert job.status == "succeeded" and job.finished_at
    result = job.result()
    assert (result.method, result.k, len(result)) == ("round_robin", 12, 12)
    assert [r.rank for r in result] == list(range(1, 13))
    assert result.ids == [f"i{i}" for i in result.indices]
    assert all(r.picked_by is not None and r.question is None for r in result)
    assert list(job.rows()) == result.selected
    frame = job.to_pandas()
    assert list(frame["id"]) == result.ids and list(frame.columns) == ["rank", "id", "index", "score", "picked_by"]
    # inline targets: the same vectors give the same selection
    inline = client.selections.create(f"{pool_name}/emb", client_vectors(client, targets, x.shape[1], seed=5),
                                      method="round_robin", k=12).wait(60)
    assert inline.result().ids == result.ids
    assert client.jobs.get(job.id).status == "succeeded"
    assert {job.id, inline.id} <= {j.id for j in client.jobs.list(page_size=1)}
    with pytest.raises(shortlist.ConflictError):
        job.cancel()
    assert job.ray_job_id is None
    # engine="ray" becomes "execution": {"engine": "ray"}, refused by a service without a Ray address
    with pytest.raises(shortlist.InvalidRequestError) as e:
        client.selections.create(f"{pool_name}/emb", (targets, "emb"), method="round_robin", k=12, engine="ray")
    assert e.value.param == "execution" and "--ray-address" in e.value.message


def client_vectors(client, pool, d, seed):
    """The target pool's vectors as make_pool wrote them."""
    return unit_rows(5, d, seed)


def test_selection_budgets_checkpoints_seed_and_params(client, pool_name):
    make_pool(client, pool_name, n=50, d=6, seed=6)
    r1 = client.selections.create(f"{pool_name}/emb", method="random", fraction=0.1, seed=3).wait(60).result()
    r2 = client.selections.create((pool_name, "emb"), method="random", k=5, seed=3).wait(60).result()
    assert r1.ids == r2.ids and len(r1) == 5  # floor(0.1 * 50) = 5, same seed
    per_label = client.selections.create({"pool": pool_name, "feature": "emb"}, {"default": unit_rows(3, 6, 7)},
                                         method="uot", k=4, params={"eps": 0.05}).wait(60)
    assert per_label.request["params"]["eps"] == 0.05 and len(per_label.result()) == 4
    with pytest.raises(shortlist.InvalidRequestError) as e:
        client.selections.create(f"{pool_name}/emb", unit_rows(3, 6, 7), method="uot", k=4, params={"groups": "each"})
    assert (e.value.code, e.value.param) == ("unknown_parameter", "params.groups")
    with pytest.raises(ValueError):
        client.selections.create(f"{pool_name}/emb", method="random", k=1, fraction=0.1)
    # Neither k nor fraction sends a null budget: a method that needs one says so by name.
    with pytest.raises(shortlist.InvalidRequestError) as e:
        client.selections.create(f"{pool_name}/emb", method="random", seed=3)
    assert e.value.param == "budget"


def test_result_with_items_equals_the_items_joined_by_hand(client, pool_name, tmp_path):
    make_pool(client, pool_name, n=30, d=8, seed=8)
    client.items.upsert(pool_name, [{"id": "i4", "text": "only text now"}])  # an item with no metadata
    job = client.selections.create(f"{pool_name}/emb", unit_rows(4, 8, 9), method="round_robin", k=10).wait(60)
    by_id = {i.id: i for i in client.items.list(pool_name)}
    expected = []
    for row in job.result().selected:
        item = by_id[row.id]
        line = {"rank": row.rank, "id": row.id, "index": row.index, "score": row.score, "picked_by": row.picked_by}
        line.update(question=item.question, answer=item.answer, text=item.text, metadata=item.metadata)
        expected.append(line)
    assert [r.__dict__ for r in job.result(items=True).selected] == [
        {**{k: None for k in ("weight",)}, **e} for e in expected]
    # JSONL: the service's lines, written as they arrive
    assert job.export(str(tmp_path / "subset.jsonl")) == 10
    lines = [json.loads(line) for line in (tmp_path / "subset.jsonl").read_text().splitlines()]
    assert lines == expected
    # Parquet: the same rows, metadata as JSON text
    assert client.jobs.export(job.id, str(tmp_path / "subset.parquet")) == 10
    table = pd.read_parquet(tmp_path / "subset.parquet")
    assert list(table["id"]) == [e["id"] for e in expected]
    assert [json.loads(m) for m in table["metadata"]] == [e["metadata"] for e in expected]
    assert list(table["question"].where(table["question"].notna(), None)) == [e["question"] for e in expected]
    frame = job.to_pandas(items=True)
    assert list(frame["text"].where(frame["text"].notna(), None)) == [e["text"] for e in expected]
    assert not (tmp_path / "subset.jsonl.part").exists()


def test_job_failed_error_carries_the_jobs_error():
    job = shortlist.Job.from_json({
        "object": "job", "id": "j1", "kind": "selection", "status": "failed",
        "progress": {"stage": None, "done": 0, "total": 0}, "created_at": "t", "started_at": "t",
        "finished_at": "t", "last_progress_at": None, "request": {},
        "error": {"type": "not_found", "message": "pool 'p' not found", "param": "candidates.pool"}})
    with pytest.raises(shortlist.JobFailedError) as e:
        job.wait(1)
    assert (e.value.type, e.value.param, e.value.job) == ("not_found", "candidates.pool", job)
    cancelled = shortlist.Job.from_json({**job_json(job), "status": "cancelled", "error": None})
    with pytest.raises(shortlist.JobFailedError, match="cancelled"):
        cancelled.raise_for_status()
    assert cancelled.wait(1, raise_on_failure=False) is cancelled


def job_json(job):
    return {"id": job.id, "kind": job.kind, "status": job.status, "created_at": job.created_at,
            "progress": {"stage": None, "done": 0, "total": 0}, "request": {}}
