"""Streams a 2-D array as an ``.npy`` request body without copying it whole.

The body is the ``.npy`` header followed by the array's bytes, handed to the socket in chunks of
whole rows: a C-contiguous little-endian float16/32/64 array is sent straight from its memory
(``memoryview``, no copy on the client's side); any other layout or dtype is converted one chunk at
a time. An ``np.memmap`` (also ``np.load(..., mmap_mode="r")``) of many GB is sent in constant
memory: after each chunk the pages it mapped are handed back to the kernel (``MADV_DONTNEED``),
so the process's resident size stays near one chunk whatever the file's size.
"""

from __future__ import annotations

import mmap
from typing import Any, Iterator, Optional, Tuple

import numpy as np

try:  # numpy >= 2
    from numpy.lib.array_utils import byte_bounds
except ImportError:  # pragma: no cover - numpy 1.x
    byte_bounds = np.byte_bounds  # type: ignore[attr-defined]

#: Bytes per chunk handed to the socket.
DEFAULT_CHUNK_BYTES = 8 << 20

_SENT_AS_IS = {np.dtype("<f2"), np.dtype("<f4"), np.dtype("<f8")}


def npy_header(dtype: np.dtype, shape: Tuple[int, int]) -> bytes:
    """A format 1.0 ``.npy`` header for a C-order array, padded to a multiple of 64 bytes."""
    text = "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }" % (dtype.str, shape[0], shape[1])
    pad = 64 - (10 + len(text) + 1) % 64
    text = text + " " * (pad % 64) + "\n"
    length = len(text)
    if length > 0xFFFF:  # pragma: no cover - a 2-D shape never gets there
        raise ValueError("npy header too long")
    return b"\x93NUMPY\x01\x00" + length.to_bytes(2, "little") + text.encode("latin1")


def wire_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype sent for an array of ``dtype``: floats keep their width (little-endian), other
    real numbers become float32."""
    if dtype.kind == "f" and dtype.itemsize in (2, 4, 8):
        return dtype.newbyteorder("<")
    if dtype.kind in "iub":
        return np.dtype("<f4")
    raise TypeError(f"feature vectors must be real numbers; got dtype {dtype}")


class _FileMapping:
    """The shared file mapping behind a memmap-backed array, whose pages can be dropped safely."""

    def __init__(self, mm: mmap.mmap, start_address: int) -> None:
        self.mm = mm
        self.start = start_address

    @staticmethod
    def of(array: np.ndarray) -> Optional["_FileMapping"]:
        node: Any = array
        while node is not None:
            base = getattr(node, "base", None)
            if isinstance(node, np.memmap) and isinstance(base, mmap.mmap):
                # np.memmap maps from offset rounded down to the allocation granularity.
                if getattr(node, "mode", "c") == "c" or not hasattr(mmap, "MADV_DONTNEED"):
                    return None  # copy-on-write pages may hold private edits: never drop them
                start = node.ctypes.data - node.offset % mmap.ALLOCATIONGRANULARITY
                return _FileMapping(base, start)
            node = base
        return None

    def drop(self, block: np.ndarray) -> None:
        """Hands the pages under ``block`` back to the kernel (they are re-read if touched again)."""
        low, high = byte_bounds(block)
        begin = max(0, low - self.start)
        begin -= begin % mmap.PAGESIZE
        end = min(len(self.mm), high - self.start)
        if end > begin:
            try:
                self.mm.madvise(mmap.MADV_DONTNEED, begin, end - begin)
            except (OSError, ValueError):  # pragma: no cover - a kernel that refuses: keep going
                pass


class NpyBody:
    """A re-iterable ``.npy`` body of a 2-D array (call it for a fresh iterator, e.g. on a retry).

    Attributes:
        nbytes: the body's exact length (sent as ``Content-Length``).
        shape: (rows, dim) of the array.
    """

    def __init__(self, array: Any, *, chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> None:
        arr = array if isinstance(array, np.ndarray) else np.asarray(array)
        if arr.ndim != 2:
            raise ValueError(f"feature vectors must be a 2-D array (rows = items in index order); got shape {arr.shape}")
        self.array = arr
        self.shape = (int(arr.shape[0]), int(arr.shape[1]))
        self.dtype = wire_dtype(arr.dtype)
        self.header = npy_header(self.dtype, self.shape)
        self.row_bytes = self.shape[1] * self.dtype.itemsize
        self.nbytes = len(self.header) + self.shape[0] * self.row_bytes
        self.rows_per_chunk = max(1, chunk_bytes // max(1, self.row_bytes))
        self._mapping = _FileMapping.of(arr)

    def __call__(self) -> Iterator[Any]:
        return self.chunks()

    def chunks(self, on_rows: Optional[Any] = None) -> Iterator[Any]:
        """The header, then the rows in chunks; ``on_rows(n)`` is called after each chunk is sent."""
        yield self.header
        rows = self.shape[0]
        as_is = self.array.dtype in _SENT_AS_IS
        for start in range(0, rows, self.rows_per_chunk):
            block = self.array[start:start + self.rows_per_chunk]
            if as_is and block.flags.c_contiguous:
                yield memoryview(block).cast("B")
            else:
                yield memoryview(np.ascontiguousarray(block, dtype=self.dtype)).cast("B")
            if self._mapping is not None:
                self._mapping.drop(block)
            if on_rows is not None:
                on_rows(block.shape[0])
