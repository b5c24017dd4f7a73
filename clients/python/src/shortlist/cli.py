"""``shortlist-py`` (also ``python -m shortlist``): loading files into pools, exporting results.

The console script is named ``shortlist-py`` so that it never shadows the service's own
``shortlist`` binary (a Swift program: ``shortlist serve``, ``shortlist pools ...``).

    shortlist-py import gsm8k train.jsonl --answer-field solution --metadata-fields level,type
    shortlist-py export JOB_ID subset.parquet
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import List, Optional

from . import __version__
from .client import Client
from .errors import ShortlistError
from .files import FORMATS
from .mapping import FieldMapping


def _fields(text: str) -> List[str]:
    return [f.strip() for f in text.split(",") if f.strip()]


def _optional_field(text: str) -> Optional[str]:
    """``-`` (or an empty string) turns an item field off."""
    return None if text in ("", "-") else text


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shortlist-py", description="Shortlist's Python client: files in, selected data out.")
    p.add_argument("--version", action="version", version=f"shortlist-client {__version__}")
    p.add_argument("--url", help="the service (default: SHORTLIST_URL, else http://127.0.0.1:8080)")
    p.add_argument("--api-key", help="the API key (default: SHORTLIST_API_KEY)")
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="load a JSONL, CSV/TSV or Parquet file into a pool as items",
                         description="Every row is checked first; a bad row stops the import with its line and "
                                     "nothing is stored. Then the items are posted in batches.")
    imp.add_argument("pool")
    imp.add_argument("file")
    imp.add_argument("--format", choices=FORMATS, help="default: from the file's extension")
    imp.add_argument("--id-field", default="id", help="source field of the item id (default: id)")
    imp.add_argument("--auto-id", action="store_true", help="number the rows instead of reading ids (0-based, after --id-prefix)")
    imp.add_argument("--id-prefix", default="", help="put before numbered ids (with --auto-id)")
    imp.add_argument("--question-field", default="question", type=_optional_field, help="default: question ('-': none)")
    imp.add_argument("--answer-field", default="answer", type=_optional_field, help="default: answer ('-': none)")
    imp.add_argument("--text-field", default="text", type=_optional_field, help="default: text ('-': none)")
    imp.add_argument("--metadata-fields", default="", type=_fields, help="comma-separated fields copied into metadata")
    imp.add_argument("--metadata-field", default="metadata", type=_optional_field,
                     help="field holding a whole metadata object (default: metadata; '-': none)")
    imp.add_argument("--batch-size", type=int, default=5000, help="items per request (default 5000)")
    imp.add_argument("--no-create", action="store_true", help="fail if the pool does not exist (default: create it)")
    imp.add_argument("--no-progress", action="store_true", help="no progress bars")

    exp = sub.add_parser("export", help="write a selection job's selected items to JSONL or Parquet")
    exp.add_argument("job")
    exp.add_argument("output", help="the file to write (.jsonl or .parquet)")
    exp.add_argument("--format", choices=("jsonl", "parquet"), help="default: from the extension")
    exp.add_argument("--rows-only", action="store_true", help="only rank, id, index, score (no item content)")
    return p


def run_import(client: Client, args: argparse.Namespace) -> str:
    mapping = FieldMapping(
        id_field=None if args.auto_id else args.id_field, question_field=args.question_field,
        answer_field=args.answer_field, text_field=args.text_field, metadata_fields=tuple(args.metadata_fields),
        metadata_field=args.metadata_field, id_prefix=args.id_prefix)
    started = time.monotonic()
    r = client.pools.import_file(args.pool, args.file, mapping=mapping, format=args.format, batch_size=args.batch_size,
                                 create=not args.no_create, progress=not args.no_progress and sys.stderr.isatty())
    seconds = time.monotonic() - started
    return (f"imported {r.rows} rows into {args.pool}: {r.inserted} inserted, {r.updated} updated, "
            f"{r.batches} requests, {seconds:.1f} s")


def run_export(client: Client, args: argparse.Namespace) -> str:
    n = client.jobs.export(args.job, args.output, format=args.format, items=not args.rows_only)
    return f"wrote {n} rows to {args.output}"


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        with Client(args.url, args.api_key) as client:
            line = run_import(client, args) if args.command == "import" else run_export(client, args)
    except ShortlistError as e:
        print(f"shortlist-py: {e}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"shortlist-py: {e}", file=sys.stderr)
        return 2
    print(line)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
