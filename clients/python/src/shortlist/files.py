"""Reading JSONL, CSV and Parquet files row by row, each row with the line (or row) it came from.

Files are read as streams (a few MB at a time), never whole: JSONL line by line, CSV record by
record, Parquet in record batches of only the columns the mapping reads. ``.gz`` JSONL and CSV
files are read through gzip.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from dataclasses import dataclass
from typing import IO, Any, Dict, Iterator, List, Optional, Tuple

from ._optional import require_pyarrow
from .errors import ImportFileError

FORMATS = ("jsonl", "csv", "tsv", "parquet")

_EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".parquet": "parquet", ".pq": "parquet",
}


def detect_format(path: str) -> str:
    """The format named by the file's extension (``.jsonl``/``.ndjson``, ``.csv``, ``.tsv``,
    ``.parquet``; ``.gz`` after the first two)."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext not in _EXTENSIONS:
        raise ValueError(f"cannot tell the format of {path!r} from its extension; pass format= one of {', '.join(FORMATS)}")
    return _EXTENSIONS[ext]


@dataclass(frozen=True)
class FileRows:
    """A file's rows: iterate for (line, row dict); ``unit`` is ``line`` or (Parquet) ``row``."""

    path: str
    format: str
    columns: Optional[List[str]] = None
    encoding: str = "utf-8"

    @property
    def unit(self) -> str:
        return "row" if self.format == "parquet" else "line"

    def size(self) -> int:
        return os.path.getsize(self.path)

    def __iter__(self) -> Iterator[Tuple[int, Dict[str, Any]]]:
        if self.format == "jsonl":
            return _jsonl_rows(self.path)
        if self.format in ("csv", "tsv"):
            return _csv_rows(self.path, "\t" if self.format == "tsv" else ",", self.encoding)
        if self.format == "parquet":
            return _parquet_rows(self.path, self.columns)
        raise ValueError(f"unknown format {self.format!r}; use one of {', '.join(FORMATS)}")


def _open_binary(path: str) -> IO[bytes]:
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb", buffering=1 << 20)


class JsonlRow(dict):
    """A JSONL row that keeps its line: when the mapping leaves the row as it is, the line is sent
    as it was read instead of being encoded again."""

    __slots__ = ("raw",)


def _jsonl_rows(path: str) -> Iterator[Tuple[int, Dict[str, Any]]]:
    with _open_binary(path) as f:
        for n, raw in enumerate(f, start=1):
            if not raw.strip():
                continue  # blank lines (a trailing newline) carry no row
            try:
                value = json.loads(raw)
            except ValueError as e:
                raise ImportFileError(f"not valid JSON ({e})", line=n, source=path) from None
            if isinstance(value, dict):
                row = JsonlRow(value)
                row.raw = raw
                yield n, row
            else:
                yield n, value


def _csv_rows(path: str, delimiter: str, encoding: str) -> Iterator[Tuple[int, Dict[str, Any]]]:
    with _open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise ImportFileError(f"malformed CSV ({e})", line=1, source=path) from None
        width = len(header)
        start = reader.line_num + 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as e:
                raise ImportFileError(f"malformed CSV ({e})", line=start, source=path) from None
            line, start = start, reader.line_num + 1
            if not record:
                continue
            if len(record) != width:
                raise ImportFileError(f"{len(record)} fields, but the header has {width}", line=line, source=path)
            # An empty cell is a missing value.
            yield line, {name: (value if value != "" else None) for name, value in zip(header, record)}


def _parquet_rows(path: str, columns: Optional[List[str]]) -> Iterator[Tuple[int, Dict[str, Any]]]:
    pa = require_pyarrow()
    parquet = pa.parquet.ParquetFile(path)
    present = set(parquet.schema_arrow.names)
    wanted = [c for c in columns if c in present] if columns is not None else None
    n = 0
    for batch in parquet.iter_batches(batch_size=8192, columns=wanted):
        for row in batch.to_pylist():
            n += 1
            yield n, row
