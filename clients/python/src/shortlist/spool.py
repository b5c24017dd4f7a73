"""Items checked whole before any is sent, then posted in NDJSON batches.

An import reads its source once: each row is mapped, validated and written as one NDJSON line
to a spool (in memory up to 64 MB, then a temporary file), with the source line it came from.
Only when every row has passed are the batches posted, so a bad row stores nothing. Each batch
is one request (all or nothing on the server too); a batch the server still refuses is reported
with the source line of the item it names.
"""

from __future__ import annotations

import re
import tempfile
from array import array
from dataclasses import dataclass
from typing import Any, Callable, Iterable, List, Optional, Tuple

from .errors import ImportFileError, InvalidRequestError
from .mapping import ItemBuilder, encode_line
from .models import UpsertResult

DEFAULT_BATCH_ITEMS = 5000
#: Well under the service's 256 MiB limit for item bodies.
MAX_BATCH_BYTES = 32 << 20

_LINE_PARAM = re.compile(r"^line (\d+)")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: rows read, items inserted and replaced, requests sent."""

    rows: int
    inserted: int
    updated: int
    batches: int

    @property
    def upsert(self) -> UpsertResult:
        return UpsertResult(self.inserted, self.updated)


class ItemSpool:
    """NDJSON lines with their source lines, cut into batches of at most ``batch_items`` items."""

    def __init__(self, batch_items: int = DEFAULT_BATCH_ITEMS) -> None:
        if batch_items < 1:
            raise ValueError("batch_size must be at least 1")
        self.batch_items = batch_items
        self._file = tempfile.SpooledTemporaryFile(max_size=64 << 20)
        self._lines = array("q")
        # (byte offset, item offset) of each batch's start.
        self._batches: List[Tuple[int, int]] = []
        self._bytes = 0
        self._batch_bytes = 0
        self._batch_items = 0

    def __len__(self) -> int:
        return len(self._lines)

    def add(self, line_bytes: bytes, source_line: int) -> None:
        full = self._batch_items >= self.batch_items or self._batch_bytes + len(line_bytes) > MAX_BATCH_BYTES
        if not self._batches or (full and self._batch_items):
            self._batches.append((self._bytes, len(self._lines)))
            self._batch_bytes = self._batch_items = 0
        self._file.write(line_bytes)
        self._lines.append(source_line)
        self._bytes += len(line_bytes)
        self._batch_bytes += len(line_bytes)
        self._batch_items += 1

    def fill(self, rows: Iterable[Tuple[int, Any]], builder: ItemBuilder,
             on_row: Optional[Callable[[int], None]] = None) -> "ItemSpool":
        """Maps and validates every row (raising :class:`ImportFileError` at the first bad one)."""
        for number, (line, row) in enumerate(rows):
            item = builder.build(row, line, number)
            raw = getattr(row, "raw", None)
            # A JSONL line that already is this exact item goes as it was read (one encode saved).
            self.add(raw.rstrip(b"\r\n") + b"\n" if raw is not None and item == row else encode_line(item), line)
            if on_row is not None:
                on_row(1)
        return self

    def batches(self) -> Iterable[Tuple[bytes, int, int]]:
        """(NDJSON body, first item offset, item count) of each batch, in order."""
        bounds = self._batches + [(self._bytes, len(self._lines))]
        for (start, first), (end, stop) in zip(bounds, bounds[1:]):
            self._file.seek(start)
            yield self._file.read(end - start), first, stop - first

    def source_line(self, item_offset: int) -> int:
        return int(self._lines[item_offset])

    def close(self) -> None:
        self._file.close()


def post_batches(post: Callable[[bytes], UpsertResult], spool: ItemSpool, *, source: Optional[str],
                 unit: str = "line", on_items: Optional[Callable[[int], None]] = None) -> ImportResult:
    """Posts every batch of ``spool`` with ``post``; a 400 naming ``line k`` of a batch is raised
    as :class:`ImportFileError` naming the source line of that item."""
    total = UpsertResult(0, 0)
    batches = 0
    for body, first, count in spool.batches():
        try:
            total = total + post(body)
        except InvalidRequestError as e:
            match = _LINE_PARAM.match(e.param or "")
            if not match:
                raise
            line = spool.source_line(first + int(match.group(1)) - 1)
            raise ImportFileError(f"refused by the service: {e.message}", line=line, source=source, unit=unit) from e
        batches += 1
        if on_items is not None:
            on_items(count)
    return ImportResult(rows=len(spool), inserted=total.inserted, updated=total.updated, batches=batches)
