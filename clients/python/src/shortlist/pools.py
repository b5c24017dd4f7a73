"""``/v1/pools``: pools, and loading JSONL / CSV / Parquet files into them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple

from . import _progress
from ._transport import paginate, segment
from .errors import ConflictError, NotFoundError
from .files import FileRows, detect_format
from .items import ItemsAPI
from .mapping import FieldMapping, ItemBuilder
from .models import Pool
from .spool import DEFAULT_BATCH_ITEMS, ImportResult, ItemSpool, post_batches

if TYPE_CHECKING:  # pragma: no cover
    from ._transport import Transport  # noqa: F401


class PoolsAPI:
    """Pools of items (names match ``[A-Za-z0-9_.-]{1,64}``)."""

    def __init__(self, transport: "Transport", items: ItemsAPI) -> None:
        self._t = transport
        self._items = items

    def create(self, name: str, *, description: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None,
               exist_ok: bool = False) -> Pool:
        """Creates an empty pool (409 :class:`ConflictError` if it exists, unless ``exist_ok``)."""
        body: Dict[str, Any] = {"name": name}
        if description is not None:
            body["description"] = description
        if metadata is not None:
            body["metadata"] = metadata
        try:
            return Pool.from_json(self._t.request_json("POST", "/v1/pools", json_body=body))
        except ConflictError:
            if not exist_ok:
                raise
            return self.get(name)

    def page(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Tuple[List[Pool], Optional[str]]:
        d = self._t.request_json("GET", "/v1/pools", params={"limit": limit, "cursor": cursor})
        return [Pool.from_json(p) for p in d["data"]], d.get("next_cursor")

    def list(self, *, page_size: int = 100) -> Iterator[Pool]:
        """Every pool, fetched a page at a time."""
        return paginate(lambda cursor: self.page(limit=page_size, cursor=cursor))

    def get(self, name: str) -> Pool:
        """The pool with its item count and features."""
        return Pool.from_json(self._t.request_json("GET", f"/v1/pools/{segment(name)}"))

    def delete(self, name: str, *, missing_ok: bool = False) -> None:
        """Deletes the pool with its items and features."""
        try:
            self._t.request_json("DELETE", f"/v1/pools/{segment(name)}")
        except NotFoundError:
            if not missing_ok:
                raise

    def import_file(
        self,
        pool: str,
        path: str,
        *,
        mapping: Optional[FieldMapping] = None,
        id_field: Optional[str] = "id",
        question_field: Optional[str] = "question",
        answer_field: Optional[str] = "answer",
        text_field: Optional[str] = "text",
        metadata_fields: Sequence[str] = (),
        metadata_field: Optional[str] = "metadata",
        id_prefix: str = "",
        format: Optional[str] = None,
        batch_size: int = DEFAULT_BATCH_ITEMS,
        create: bool = True,
        progress: bool = True,
    ) -> ImportResult:
        """Loads a JSONL, CSV (or TSV) or Parquet file into ``pool`` as items.

        The file is read once, each row mapped (``mapping``, or the ``*_field`` arguments) and
        validated; only when every row has passed are the items posted, ``batch_size`` per request,
        with a progress bar. A bad row raises :class:`~shortlist.errors.ImportFileError` naming the
        file's line (Parquet: the row) and nothing is stored. ``create``: create the pool if it
        does not exist (once the file has passed). Existing ids are replaced in place (upsert).

        Args:
            format: ``jsonl``, ``csv``, ``tsv`` or ``parquet``; default from the extension
                (``.jsonl``/``.ndjson``/``.json``, ``.csv``, ``.tsv``, ``.parquet``/``.pq``, ``.gz``
                after the text ones). Parquet needs pyarrow (``shortlist-client[parquet]``).
        """
        mapping = mapping or FieldMapping(id_field=id_field, question_field=question_field, answer_field=answer_field,
                                          text_field=text_field, metadata_fields=tuple(metadata_fields),
                                          metadata_field=metadata_field, id_prefix=id_prefix)
        rows = FileRows(path, format or detect_format(path), columns=mapping.source_fields())
        if not create:
            self.get(pool)  # fail fast on an unknown pool, before reading the file
        builder = ItemBuilder(mapping, source=path, unit=rows.unit)
        spool = ItemSpool(batch_size)
        try:
            with _progress.bar(progress, desc=f"checking {path}", unit=rows.unit) as bar:
                spool.fill(rows, builder, on_row=bar.update)
            if create:  # only now: a file with a bad row leaves no trace, not even an empty pool
                self.create(pool, exist_ok=True)
            with _progress.bar(progress, total=len(spool), desc=f"items -> {pool}", unit="item") as bar:
                return post_batches(lambda body: self._items.post_ndjson(pool, body), spool, source=path,
                                    unit=rows.unit, on_items=bar.update)
        finally:
            spool.close()
