"""Jobs (selections and embeddings): waiting with a progress bar, results as rows, DataFrames or files."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Tuple

from . import _progress
from ._optional import require_pandas, require_pyarrow
from ._transport import paginate, segment as _segment
from .errors import JobFailedError
from .models import JobError, JobProgress, SelectedRow, SelectionResult

if TYPE_CHECKING:  # pragma: no cover
    from ._transport import Transport  # noqa: F401

FINISHED = ("succeeded", "failed", "cancelled")
#: Rows per page when a whole result is fetched as JSON (the service's maximum).
RESULT_PAGE = 100_000
#: Rows per Parquet row group when a result is exported.
PARQUET_BATCH = 10_000


@dataclass
class Job:
    """A job as last fetched. ``refresh()``, ``wait()`` and ``cancel()`` update it in place.

    ``status`` is ``queued``, ``running``, ``succeeded``, ``failed`` or ``cancelled``;
    ``progress`` the job's own ``{stage, done, total}``; ``error`` set for a failed job;
    ``request`` the request with every default filled in; ``ray_job_id`` the Ray job of a
    selection run with ``engine="ray"`` (None otherwise).
    """

    id: str
    kind: str
    status: str
    progress: JobProgress
    created_at: str
    started_at: Optional[str]
    finished_at: Optional[str]
    last_progress_at: Optional[str]
    request: Dict[str, Any] = field(repr=False)
    error: Optional[JobError] = None
    ray_job_id: Optional[str] = None
    _jobs: Optional["JobsAPI"] = field(default=None, repr=False, compare=False)

    @classmethod
    def from_json(cls, d: Dict[str, Any], jobs: Optional["JobsAPI"] = None) -> "Job":
        return cls(id=d["id"], kind=d["kind"], status=d["status"], progress=JobProgress.from_json(d["progress"]),
                   created_at=d["created_at"], started_at=d.get("started_at"), finished_at=d.get("finished_at"),
                   last_progress_at=d.get("last_progress_at"), request=d.get("request") or {},
                   error=JobError.from_json(d["error"]) if d.get("error") else None,
                   ray_job_id=d.get("ray_job_id"), _jobs=jobs)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def _api(self) -> "JobsAPI":
        if self._jobs is None:
            raise RuntimeError("this Job was not fetched through a client")
        return self._jobs

    def _update(self, other: "Job") -> "Job":
        for name in ("status", "progress", "started_at", "finished_at", "last_progress_at", "request", "error",
                     "ray_job_id"):
            setattr(self, name, getattr(other, name))
        return self

    def refresh(self) -> "Job":
        """Fetches the job again (``GET /v1/jobs/{id}``)."""
        return self._update(self._api().get(self.id))

    def cancel(self) -> "Job":
        """Asks the service to cancel the job (``POST /v1/jobs/{id}/cancel``; 409 once finished)."""
        return self._update(self._api().cancel(self.id))

    def wait(self, timeout: Optional[float] = None, *, progress: bool = False, poll_interval: float = 0.5,
             raise_on_failure: bool = True) -> "Job":
        """Polls until the job has finished and returns it.

        Args:
            timeout: seconds before ``TimeoutError`` (``None``: no limit).
            progress: show a tqdm bar fed by the job's ``progress`` (one bar per stage).
            poll_interval: the longest wait between polls (the first polls come sooner).
            raise_on_failure: raise :class:`JobFailedError` for a failed or cancelled job.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.05
        bar: Any = None
        stage: Optional[str] = None
        try:
            while True:
                if progress and self.progress.stage is not None:
                    if self.progress.stage != stage:  # one bar per stage, as the job reports them
                        stage = self.progress.stage
                        if bar is not None:
                            bar.close()
                        bar = _progress.bar(True, total=self.progress.total or None, desc=f"{self.kind} {stage}")
                    bar.total = self.progress.total or bar.total
                    bar.update(max(0, self.progress.done - bar.n))
                if self.finished:
                    break
                if deadline is not None and time.monotonic() >= deadline:
                    raise TimeoutError(f"job {self.id} is still {self.status} after {timeout} s")
                pause = delay if deadline is None else max(0.0, min(delay, deadline - time.monotonic()))
                time.sleep(pause)
                delay = min(poll_interval, delay * 2)
                self.refresh()
        finally:
            if bar is not None:
                bar.close()
        if raise_on_failure:
            self.raise_for_status()
        return self

    def raise_for_status(self) -> None:
        """Raises :class:`JobFailedError` when the job failed or was cancelled."""
        if self.status == "failed":
            err = self.error or JobError(type="internal", message="unknown error")
            raise JobFailedError(f"job {self.id} failed: {err.message}", job=self, type=err.type, code=err.code,
                                 param=err.param)
        if self.status == "cancelled":
            raise JobFailedError(f"job {self.id} was cancelled", job=self, type="cancelled")

    # ---------- results ----------

    def result(self, *, items: bool = False) -> SelectionResult:
        """Every selected row, best first (TAROT: ascending index), with the diagnostics.

        ``items=True`` also brings each item's ``question``, ``answer``, ``text`` and ``metadata``.
        """
        return self._api().result(self.id, items=items)

    def rows(self, *, items: bool = False) -> Iterator[SelectedRow]:
        """The selected rows streamed one by one (``format=jsonl``), without holding them all."""
        return self._api().rows(self.id, items=items)

    def to_pandas(self, *, items: bool = False):
        """The selected rows as a pandas DataFrame, in rank order."""
        return self._api().to_pandas(self.id, items=items)

    def export(self, path: str, *, format: Optional[str] = None, items: bool = True) -> int:
        """Writes the selected items (``include=items``) to ``path`` as JSONL or Parquet; returns the row count."""
        return self._api().export(self.id, path, format=format, items=items)


class JobsAPI:
    """``/v1/jobs``: list, get, cancel, and a selection's result."""

    def __init__(self, transport: "Transport") -> None:
        self._t = transport

    def page(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Tuple[List[Job], Optional[str]]:
        """One page of jobs, newest first, and the cursor of the next (``None`` at the end)."""
        d = self._t.request_json("GET", "/v1/jobs", params={"limit": limit, "cursor": cursor})
        return [Job.from_json(j, self) for j in d["data"]], d.get("next_cursor")

    def list(self, *, page_size: int = 100) -> Iterator[Job]:
        """Every job, newest first, fetched a page at a time."""
        return paginate(lambda cursor: self.page(limit=page_size, cursor=cursor))

    def get(self, job_id: str) -> Job:
        return Job.from_json(self._t.request_json("GET", f"/v1/jobs/{_segment(job_id)}"), self)

    def cancel(self, job_id: str) -> Job:
        return Job.from_json(self._t.request_json("POST", f"/v1/jobs/{_segment(job_id)}/cancel"), self)

    def wait(self, job_id: str, timeout: Optional[float] = None, *, progress: bool = False) -> Job:
        return self.get(job_id).wait(timeout, progress=progress)

    def result_page(self, job_id: str, *, offset: int = 0, limit: int = 1000, items: bool = False) -> Dict[str, Any]:
        """One page of ``format=json`` as the service sends it (``selected``, ``diagnostics``, ``total``...)."""
        return self._t.request_json("GET", f"/v1/jobs/{_segment(job_id)}/result",
                                    params={"offset": offset, "limit": limit, "include": "items" if items else None})

    def result(self, job_id: str, *, items: bool = False) -> SelectionResult:
        """Every selected row of a succeeded selection job (409 while it runs, or if it failed)."""
        first = self.result_page(job_id, offset=0, limit=RESULT_PAGE, items=items)
        rows = [SelectedRow.from_json(r) for r in first["selected"]]
        while len(rows) < first["total"]:
            page = self.result_page(job_id, offset=len(rows), limit=RESULT_PAGE, items=items)
            if not page["selected"]:
                break
            rows.extend(SelectedRow.from_json(r) for r in page["selected"])
        return SelectionResult(method=first["method"], k=first["k"], selected=rows,
                               diagnostics=first.get("diagnostics", {}), warnings=first.get("warnings", []),
                               with_items=items)

    def rows(self, job_id: str, *, items: bool = False) -> Iterator[SelectedRow]:
        for d in self.iter_json(job_id, items=items):
            yield SelectedRow.from_json(d)

    def iter_json(self, job_id: str, *, items: bool = True) -> Iterator[Dict[str, Any]]:
        """The result's JSONL lines as dicts, streamed in rank order."""
        with self._t.stream("GET", f"/v1/jobs/{_segment(job_id)}/result",
                            params={"format": "jsonl", "include": "items" if items else None}) as response:
            for line in response.iter_lines():
                if line:
                    yield json.loads(line)

    def to_pandas(self, job_id: str, *, items: bool = False):
        require_pandas()
        return self.result(job_id, items=items).to_pandas()

    def export(self, job_id: str, path: str, *, format: Optional[str] = None, items: bool = True) -> int:
        """Streams the result (with the items, by default) into ``path``; returns the row count.

        ``format``: ``jsonl`` (the service's lines written as they arrive) or ``parquet`` (needs
        pyarrow; ``metadata`` is stored as JSON text, so that rows with different keys share one
        schema); by default from the extension. The file appears only once complete.
        """
        fmt = format or ("parquet" if path.lower().endswith((".parquet", ".pq")) else "jsonl")
        partial = f"{path}.part"
        try:
            if fmt == "jsonl":
                count = self._export_jsonl(job_id, partial, items)
            elif fmt == "parquet":
                count = self._export_parquet(job_id, partial, items)
            else:
                raise ValueError(f"format must be jsonl or parquet, got {fmt!r}")
            os.replace(partial, path)
            return count
        finally:
            if os.path.exists(partial):
                os.remove(partial)

    def _export_jsonl(self, job_id: str, path: str, items: bool) -> int:
        count = 0
        with open(path, "wb") as out, self._t.stream(
                "GET", f"/v1/jobs/{_segment(job_id)}/result",
                params={"format": "jsonl", "include": "items" if items else None}) as response:
            for chunk in response.iter_bytes():
                count += chunk.count(b"\n")
                out.write(chunk)
        return count

    def _export_parquet(self, job_id: str, path: str, items: bool) -> int:
        pa = require_pyarrow()
        fields = [("rank", pa.int64()), ("id", pa.string()), ("index", pa.int64()), ("score", pa.float64()),
                  ("weight", pa.float64()), ("picked_by", pa.int64())]
        if items:
            fields += [("question", pa.string()), ("answer", pa.string()), ("text", pa.string()), ("metadata", pa.string())]
        schema = pa.schema(fields)
        names = [n for n, _ in fields]
        count = 0
        with pa.parquet.ParquetWriter(path, schema) as writer:
            batch: List[Dict[str, Any]] = []
            for row in self.iter_json(job_id, items=items):
                if items and row.get("metadata") is not None:
                    row["metadata"] = json.dumps(row["metadata"], ensure_ascii=False, sort_keys=True)
                batch.append(row)
                if len(batch) >= PARQUET_BATCH:
                    writer.write_table(pa.Table.from_pylist([{n: r.get(n) for n in names} for r in batch], schema=schema))
                    count += len(batch)
                    batch = []
            if batch or count == 0:
                writer.write_table(pa.Table.from_pylist([{n: r.get(n) for n in names} for r in batch], schema=schema))
                count += len(batch)
        return count
