"""Turning rows of a user's data (dicts, DataFrame rows, dataset records, file lines) into items.

An item is ``{"id", "question"?, "answer"?, "text"?, "metadata"?}``. :class:`FieldMapping` says
which source field feeds each: by default the item's own names, so dicts that already look like
items need no mapping. Every rule the service checks is checked here too, so that a file or an
iterable is validated whole before its first batch is sent: a bad row stops an import with the
line that holds it, and nothing is stored.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .errors import ImportFileError

MAX_ID_BYTES = 256


@dataclass(frozen=True)
class FieldMapping:
    """Which source field becomes which item field.

    Attributes:
        id_field: the field holding the item id (strings; integers are turned into strings).
            ``None``: number the rows instead, ``id_prefix`` + the 0-based row number.
        question_field, answer_field, text_field: fields for ``question``, ``answer``, ``text``;
            ``None`` leaves that item field out. A field missing from a row (or null, NaN) leaves
            it out for that row.
        metadata_fields: source fields copied into ``metadata`` under their own names (values must
            be strings, numbers or booleans; null/NaN values are left out).
        metadata_field: a field holding a whole metadata object (default ``metadata``), merged
            with ``metadata_fields``.
        id_prefix: put before generated ids (``id_field=None``).
    """

    id_field: Optional[str] = "id"
    question_field: Optional[str] = "question"
    answer_field: Optional[str] = "answer"
    text_field: Optional[str] = "text"
    metadata_fields: Sequence[str] = field(default_factory=tuple)
    metadata_field: Optional[str] = "metadata"
    id_prefix: str = ""

    def source_fields(self) -> List[str]:
        """Every source field this mapping reads (for choosing Parquet/CSV columns)."""
        names = [self.id_field, self.question_field, self.answer_field, self.text_field, self.metadata_field]
        return [n for n in names if n] + [m for m in self.metadata_fields if m not in names]


_PLAIN = {str, int, float, bool, type(None)}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value: Any) -> Any:
    """numpy / pandas scalars as plain Python values."""
    if type(value) in _PLAIN:
        return value
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__.startswith("numpy"):
        return item()
    return value


def _metadata_problem(value: Any, name: str) -> Optional[str]:
    """Why ``value`` cannot be a metadata value (``None`` when it can)."""
    if isinstance(value, (bool, str, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"metadata {name!r} is {value}; numbers must be finite"
    return f"metadata {name!r} must be a string, number or boolean, got {type(value).__name__}"


class ItemBuilder:
    """Applies a :class:`FieldMapping` row by row, validating as the service does.

    ``build(row, line, number)`` returns the item dict; it raises :class:`ImportFileError` naming
    ``line`` for a row that cannot become an item, including an id seen on an earlier line.
    """

    def __init__(self, mapping: FieldMapping, *, source: Optional[str] = None, unit: str = "line") -> None:
        self.mapping = mapping
        self.source = source
        self.unit = unit
        self._seen: Dict[str, int] = {}

    def _fail(self, message: str, line: int, name: Optional[str] = None) -> ImportFileError:
        return ImportFileError(message, line=line, field=name, source=self.source, unit=self.unit)

    def _metadata_value(self, value: Any, line: int, name: str) -> Any:
        value = _plain(value)
        problem = _metadata_problem(value, name)
        if problem:
            raise self._fail(problem, line, name)
        return value

    def _text(self, row: Mapping[str, Any], name: Optional[str], line: int) -> Optional[str]:
        if name is None:
            return None
        value = _plain(row.get(name))
        if _missing(value):
            return None
        if not isinstance(value, str):
            raise self._fail(f"field {name!r} must be a string, got {type(value).__name__}", line, name)
        return value

    def _id(self, row: Mapping[str, Any], line: int, number: int) -> str:
        m = self.mapping
        if m.id_field is None:
            ident = f"{m.id_prefix}{number}"
        else:
            value = _plain(row.get(m.id_field))
            if _missing(value):
                raise self._fail(f"id field {m.id_field!r} is missing (set id_field=None to number the rows)", line, m.id_field)
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                raise self._fail(f"id field {m.id_field!r} must be a string or an integer, got {type(value).__name__}", line, m.id_field)
            ident = str(value)
        size = len(ident.encode("utf-8"))
        if not 1 <= size <= MAX_ID_BYTES:
            raise self._fail(f"item id must be 1 to {MAX_ID_BYTES} bytes, got {size}", line, m.id_field)
        first = self._seen.get(ident)
        if first is not None:
            raise self._fail(f"duplicate id {ident!r} (first on {self.unit} {first})", line, m.id_field)
        self._seen[ident] = line
        return ident

    def _metadata(self, row: Mapping[str, Any], line: int) -> Dict[str, Any]:
        m = self.mapping
        out: Dict[str, Any] = {}
        if m.metadata_field:
            whole = row.get(m.metadata_field)
            if isinstance(whole, str) and whole.startswith("{"):
                try:  # CSV cells and string columns carry metadata as JSON text
                    whole = json.loads(whole)
                except ValueError:
                    raise self._fail(f"field {m.metadata_field!r} is not a JSON object", line, m.metadata_field) from None
            if not _missing(whole) and not (isinstance(whole, str) and whole == ""):
                if not isinstance(whole, (dict, Mapping)):
                    raise self._fail(f"field {m.metadata_field!r} must be an object, got {type(whole).__name__}", line, m.metadata_field)
                for key, value in whole.items():
                    if not _missing(value):
                        out[str(key)] = self._metadata_value(value, line, str(key))
        for name in m.metadata_fields:
            value = row.get(name)
            if not _missing(value):
                out[name] = self._metadata_value(value, line, name)
        return out

    def build(self, row: Any, line: int, number: int) -> Dict[str, Any]:
        if not isinstance(row, (dict, Mapping)):  # dict first: an ABC check costs far more
            raise self._fail(f"a row must be an object, got {type(row).__name__}", line)
        item: Dict[str, Any] = {"id": self._id(row, line, number)}
        for key, name in (("question", self.mapping.question_field), ("answer", self.mapping.answer_field),
                          ("text", self.mapping.text_field)):
            value = self._text(row, name, line)
            if value is not None:
                item[key] = value
        metadata = self._metadata(row, line)
        if metadata:
            item["metadata"] = metadata
        return item


def encode_line(item: Mapping[str, Any]) -> bytes:
    """One NDJSON line (UTF-8, ``\\n``-terminated)."""
    return json.dumps(item, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8") + b"\n"


def rows_of(source: Any) -> Iterable[Tuple[int, Any]]:
    """(1-based row number, row) of an iterable of dicts, a pandas DataFrame or a datasets.Dataset."""
    from ._optional import is_hf_dataset, is_pandas_frame

    if is_pandas_frame(source):
        columns = [str(c) for c in source.columns]
        for n, values in enumerate(source.itertuples(index=False, name=None), start=1):
            yield n, dict(zip(columns, values))
        return
    if is_hf_dataset(source):
        for n, row in enumerate(source, start=1):
            yield n, row
        return
    for n, row in enumerate(source, start=1):
        yield n, row
