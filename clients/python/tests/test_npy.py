"""The streamed .npy body is byte-for-byte a file numpy reads back as the array (no server)."""

import io

import numpy as np
import pytest

from shortlist.npy import NpyBody, npy_header


def body_bytes(array, **kwargs) -> bytes:
    return b"".join(bytes(chunk) for chunk in NpyBody(array, **kwargs)())


@pytest.mark.parametrize("dtype", ["<f4", "<f8", "<f2", ">f4", ">f8", "int32", "uint8", "bool"])
def test_every_real_dtype_reads_back_as_the_wire_dtype(dtype):
    a = (np.arange(5 * 7).reshape(5, 7) % 3).astype(dtype)
    got = np.load(io.BytesIO(body_bytes(a, chunk_bytes=40)))
    expected = a.astype(a.dtype.newbyteorder("<") if a.dtype.kind == "f" else "<f4")
    assert got.dtype == expected.dtype
    assert np.array_equal(got, expected)


def test_fortran_order_and_strided_views_are_sent_in_c_order_chunk_by_chunk():
    base = np.random.default_rng(0).standard_normal((40, 9)).astype(np.float32)
    for view in (np.asfortranarray(base), base[::2], base[:, ::3], base.T.copy().T):
        assert np.array_equal(np.load(io.BytesIO(body_bytes(view, chunk_bytes=100))), view)


def test_contiguous_float32_chunks_are_views_of_the_array_not_copies():
    a = np.ones((64, 16), dtype=np.float32)
    chunks = list(NpyBody(a, chunk_bytes=1024)())
    assert all(isinstance(c, memoryview) for c in chunks[1:])
    assert len(chunks) == 1 + 64 * 16 * 4 // 1024
    assert np.shares_memory(np.frombuffer(chunks[1], dtype=np.float32), a)


def test_header_is_padded_to_64_bytes_and_nbytes_is_exact():
    a = np.zeros((3, 5), dtype=np.float16)
    body = NpyBody(a)
    assert len(npy_header(np.dtype("<f4"), (123456789, 4096))) % 64 == 0
    assert body.nbytes == len(body_bytes(a)) == 128 + 3 * 5 * 2


def test_memmap_body_equals_the_file_and_reads_back(tmp_path):
    path = tmp_path / "m.npy"
    a = np.random.default_rng(1).standard_normal((1000, 33)).astype(np.float32)
    np.save(path, a)
    mm = np.load(path, mmap_mode="r")
    assert body_bytes(mm, chunk_bytes=4096) == path.read_bytes()
    assert np.array_equal(mm, a)  # dropping pages never changes the data


def test_not_2d_or_complex_is_refused_before_sending():
    with pytest.raises(ValueError, match="2-D"):
        NpyBody(np.zeros(4))
    with pytest.raises(TypeError, match="real numbers"):
        NpyBody(np.zeros((2, 2), dtype=np.complex64))
