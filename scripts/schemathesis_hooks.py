"""Schemathesis hooks for Shortlist's non-JSON media types.

Use: SCHEMATHESIS_HOOKS=scripts.schemathesis_hooks schemathesis run openapi.yaml --url http://127.0.0.1:8080
(run from the repository root, so that `scripts` is importable).

openapi.yaml (OpenAPI 3.0 has no sequential media types) describes an NDJSON body as an array
whose elements are its lines; these hooks turn such arrays into lines and back, so that generated
bodies are real NDJSON and NDJSON responses are checked against their line schema. The CSV
result is described the same way (one element per data row); its deserializer checks the header
and types the cells (integers, numbers, empty = null) so the rows can be checked too.
"""

import csv
import io
import json

import schemathesis

CSV_HEADER = ["rank", "id", "index", "score", "weight"]


def ndjson_lines(value) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    rows = value if isinstance(value, list) else [value]
    # ensure_ascii=False: item ids and texts are UTF-8 on the wire, as a client would send them.
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def ndjson_rows(content: bytes) -> list:
    return [json.loads(line) for line in content.decode("utf-8").splitlines() if line.strip()]


@schemathesis.serializer("application/x-ndjson")
def serialize_ndjson(ctx, value):
    return ndjson_lines(value)


@schemathesis.serializer("application/x-npy")
def serialize_npy(ctx, value):
    # The schema is `format: binary`: generated values are raw bytes (mostly not a valid .npy,
    # which the service must refuse with a 400 `bad_npy`, never a 500).
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


@schemathesis.deserializer("application/x-ndjson")
def deserialize_ndjson(ctx, response):
    return ndjson_rows(response.content)


def csv_cell(column: str, cell: str):
    if column == "id":
        return cell
    if cell == "":
        return None
    return int(cell) if column in ("rank", "index") else float(cell)


def csv_rows(content: bytes) -> list:
    reader = csv.reader(io.StringIO(content.decode("utf-8"), newline=""))
    header = next(reader, None)
    if header != CSV_HEADER:
        raise ValueError(f"CSV header is {header!r}, expected {','.join(CSV_HEADER)!r}")
    return [{column: csv_cell(column, cell) for column, cell in zip(CSV_HEADER, row, strict=True)}
            for row in reader]


@schemathesis.deserializer("text/csv")
def deserialize_csv(ctx, response):
    return csv_rows(response.content)
