#!/usr/bin/env python3
"""Writes the ingest benchmark's inputs into a directory: items.ndjson (question, answer and 3
metadata keys per item) and feature.npy (rows x dim float32, C order, format 1.0), without numpy
so the harness runs wherever Python does. Usage: make_data.py DIR ROWS DIM"""
import array
import json
import struct
import sys


def npy_header(rows, dim):
    text = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, dim)
    pad = (64 - (10 + len(text) + 1) % 64) % 64
    text += " " * pad + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode("ascii")


def main():
    out, rows, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(f"{out}/items.ndjson", "w") as f:
        for i in range(rows):
            f.write(json.dumps({"id": f"item-{i}", "question": f"What is {i} plus {i + 1}?",
                                "answer": f"{i} + {i + 1} = {2 * i + 1}. #### {2 * i + 1}",
                                "metadata": {"split": "train", "n": i, "hard": i % 7 == 0}}) + "\n")
    row = array.array("f", [(j % 97) * 0.01 for j in range(dim)])
    with open(f"{out}/feature.npy", "wb") as f:
        f.write(npy_header(rows, dim))
        block = row.tobytes() * 1000
        for start in range(0, rows, 1000):
            n = min(1000, rows - start)
            f.write(block if n == 1000 else row.tobytes() * n)


if __name__ == "__main__":
    main()
