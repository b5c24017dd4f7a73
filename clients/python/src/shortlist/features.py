"""``/v1/pools/{pool}/features/{name}``: vectors from numpy arrays (streamed as ``.npy``), embeddings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Tuple, Union

import httpx
import numpy as np

from . import _progress
from ._transport import segment
from .jobs import Job, JobsAPI
from .models import Feature
from .npy import DEFAULT_CHUNK_BYTES, NpyBody

if TYPE_CHECKING:  # pragma: no cover
    from ._transport import Transport  # noqa: F401

#: An upload is answered once the whole body is stored: allow a long commit for many GB.
UPLOAD_TIMEOUT = httpx.Timeout(60.0, read=900.0)

VectorRows = Union[Mapping[str, Any], Iterable[Tuple[str, Any]]]


class FeaturesAPI:
    """Named features of a pool; each has one or more checkpoints (label, dim, weight, rows)."""

    def __init__(self, transport: "Transport", jobs: JobsAPI) -> None:
        self._t = transport
        self._jobs = jobs

    def _path(self, pool: str, name: str) -> str:
        return f"/v1/pools/{segment(pool)}/features/{segment(name)}"

    def upload(self, pool: str, name: str, vectors: Any, *, checkpoint: Optional[str] = None,
               weight: Optional[float] = None, progress: bool = False,
               chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> Feature:
        """Replaces one checkpoint's rows with ``vectors`` (row i = the item of index i).

        ``vectors``: a 2-D array with exactly one row per live item: a numpy array (float16/32/64
        are sent as they are; other real dtypes as float32), an ``np.memmap`` or
        ``np.load(path, mmap_mode="r")`` of any size (sent in constant memory), or anything
        ``np.asarray`` takes (a CPU torch tensor: ``tensor.numpy()``). The body is streamed in
        chunks of ``chunk_bytes``; nothing is copied whole.

        Args:
            checkpoint: the checkpoint label (service default ``default``).
            weight: the checkpoint's weight (default 1 for a new one; kept for an existing one).
            progress: a tqdm bar over the rows sent.
        """
        body = NpyBody(vectors, chunk_bytes=chunk_bytes)
        with _progress.bar(progress, total=body.shape[0], desc=f"{pool}/{name}", unit="row") as bar:
            def content() -> Iterable[Any]:
                bar.reset(total=body.shape[0])  # a retried upload starts over
                return body.chunks(on_rows=bar.update)

            d = self._t.request_json("PUT", self._path(pool, name), params={"checkpoint": checkpoint, "weight": weight},
                                     content=content, timeout=UPLOAD_TIMEOUT,
                                     headers={"Content-Type": "application/x-npy", "Content-Length": str(body.nbytes)})
        return Feature.from_json(d)

    def upload_rows(self, pool: str, name: str, rows: VectorRows, *, checkpoint: Optional[str] = None,
                    weight: Optional[float] = None) -> Feature:
        """Upserts the vectors of some items by id (``{id: vector}`` or ``(id, vector)`` pairs), as NDJSON."""
        pairs = rows.items() if isinstance(rows, Mapping) else rows
        lines = []
        for item_id, vector in pairs:
            values = np.asarray(vector, dtype=np.float64).ravel().tolist()
            try:
                lines.append(json.dumps({"id": item_id, "vector": values}, allow_nan=False, separators=(",", ":")))
            except ValueError:
                raise ValueError(f"the vector of item {item_id!r} holds NaN or infinity") from None
        body = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
        d = self._t.request_json("PUT", self._path(pool, name), params={"checkpoint": checkpoint, "weight": weight},
                                 content=body, timeout=UPLOAD_TIMEOUT, headers={"Content-Type": "application/x-ndjson"})
        return Feature.from_json(d)

    def get(self, pool: str, name: str) -> Feature:
        """The feature with its checkpoints (in creation order) and whether each is complete."""
        return Feature.from_json(self._t.request_json("GET", self._path(pool, name)))

    def delete(self, pool: str, name: str, *, checkpoint: Optional[str] = None) -> None:
        """Deletes the whole feature, or only ``checkpoint``."""
        self._t.request_json("DELETE", self._path(pool, name), params={"checkpoint": checkpoint})

    def embed(self, pool: str, name: str = "embedding", *, template: Optional[str] = None) -> Job:
        """Starts a job embedding every item without a row (checkpoint ``default``) with the
        service's embedder; ``template`` renders an item's text (default ``{question}\\n{answer}``)."""
        body = {} if template is None else {"template": template}
        d = self._t.request_json("POST", f"{self._path(pool, name)}/embed", json_body=body)
        return Job.from_json(d, self._jobs)
