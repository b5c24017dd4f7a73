"""``/v1/pools/{pool}/items``: upserting items from dicts, DataFrames or datasets; reading them back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, List, Optional, Tuple

from . import _progress
from ._transport import paginate, segment
from .mapping import FieldMapping, ItemBuilder, rows_of
from .models import Item, UpsertResult
from .spool import DEFAULT_BATCH_ITEMS, ImportResult, ItemSpool, post_batches

if TYPE_CHECKING:  # pragma: no cover
    from ._transport import Transport  # noqa: F401


class ItemsAPI:
    """A pool's items. An item's ``index`` is its position among the pool's live items."""

    def __init__(self, transport: "Transport") -> None:
        self._t = transport

    def _path(self, pool: str) -> str:
        return f"/v1/pools/{segment(pool)}/items"

    def post_ndjson(self, pool: str, body: bytes) -> UpsertResult:
        """Sends one NDJSON body as it is (one request: all of it is stored, or none)."""
        d = self._t.request_json("POST", self._path(pool), content=body,
                                 headers={"Content-Type": "application/x-ndjson"})
        return UpsertResult.from_json(d)

    def upsert(self, pool: str, rows: Any, *, mapping: Optional[FieldMapping] = None,
               batch_size: int = DEFAULT_BATCH_ITEMS, progress: bool = False) -> ImportResult:
        """Inserts or replaces items (by id: an existing id keeps its index).

        Args:
            rows: an iterable of dicts (``{"id", "question"?, "answer"?, "text"?, "metadata"?}``
                or any fields, with ``mapping``), a pandas DataFrame, or a ``datasets.Dataset``.
            mapping: which source field feeds which item field (default: the item's own names).
            batch_size: items per request.
            progress: a tqdm bar over the items sent.

        Every row is checked before the first batch is sent: a bad one raises
        :class:`~shortlist.errors.ImportFileError` naming its 1-based row and nothing is stored.
        """
        builder = ItemBuilder(mapping or FieldMapping(), source=None, unit="row")
        spool = ItemSpool(batch_size)
        try:
            spool.fill(rows_of(rows), builder)
            with _progress.bar(progress, total=len(spool), desc=f"items -> {pool}", unit="item") as bar:
                return post_batches(lambda body: self.post_ndjson(pool, body), spool, source=None, unit="row",
                                    on_items=bar.update)
        finally:
            spool.close()

    def page(self, pool: str, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Tuple[List[Item], Optional[str]]:
        """One page of items in index order, and the cursor of the next (``None`` at the end)."""
        d = self._t.request_json("GET", self._path(pool), params={"limit": limit, "cursor": cursor})
        return [Item.from_json(i) for i in d["data"]], d.get("next_cursor")

    def list(self, pool: str, *, page_size: int = 1000) -> Iterator[Item]:
        """Every item of the pool in index order, fetched a page at a time."""
        return paginate(lambda cursor: self.page(pool, limit=page_size, cursor=cursor))

    def get(self, pool: str, item_id: str) -> Item:
        return Item.from_json(self._t.request_json("GET", f"{self._path(pool)}/{segment(item_id)}"))

    def delete(self, pool: str, item_id: str) -> None:
        """Deletes an item (the indices after it shift down by one)."""
        self._t.request_json("DELETE", f"{self._path(pool)}/{segment(item_id)}")
