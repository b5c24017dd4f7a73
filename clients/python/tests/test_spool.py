"""Batching of checked items, and a batch the service refuses mapped back to the source line (no server)."""

import pytest

import shortlist
from shortlist import spool as spool_module
from shortlist.models import UpsertResult
from shortlist.spool import ItemSpool, post_batches


def filled(n, batch_items, source_lines=None):
    s = ItemSpool(batch_items)
    for i in range(n):
        s.add(b'{"id":"%d"}\n' % i, (source_lines or list(range(1, n + 1)))[i])
    return s


def test_batches_hold_at_most_batch_items_in_order():
    s = filled(12, 5)
    batches = list(s.batches())
    assert [(first, count) for _, first, count in batches] == [(0, 5), (5, 5), (10, 2)]
    assert b"".join(body for body, _, _ in batches) == b"".join(b'{"id":"%d"}\n' % i for i in range(12))


def test_a_batch_is_also_cut_by_bytes(monkeypatch):
    monkeypatch.setattr(spool_module, "MAX_BATCH_BYTES", 35)
    s = filled(7, 100)  # 11 bytes a line: 3 lines a batch
    assert [count for _, _, count in s.batches()] == [3, 3, 1]


def test_an_empty_spool_sends_nothing():
    assert list(ItemSpool().batches()) == []
    assert post_batches(lambda body: pytest.fail("sent"), ItemSpool(), source=None).batches == 0


def test_a_refused_line_is_reported_at_its_source_line():
    s = filled(6, 4, source_lines=[2, 3, 5, 8, 13, 21])  # e.g. blank lines skipped in the file
    sent = []

    def post(body):
        sent.append(body)
        if len(sent) == 2:
            raise shortlist.InvalidRequestError("line 2: metadata.x must be ...", status=400, param="line 2")
        return UpsertResult(body.count(b"\n"), 0)

    with pytest.raises(shortlist.ImportFileError) as e:
        post_batches(post, s, source="f.jsonl")
    assert (e.value.line, str(e.value).startswith("f.jsonl: line 21: refused by the service")) == (21, True)
