"""Uploads a memmap .npy with the client and prints the process's RSS growth (run as a script).

usage: rss_upload.py URL POOL FEATURE PATH
Prints one JSON line: base_kb (RSS just before the upload), peak_kb (highest RSS during it), rows.
"""

import json
import sys
import threading

import numpy as np

import shortlist


def status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def main() -> None:
    url, pool, feature, path = sys.argv[1:5]
    vectors = np.load(path, mmap_mode="r")
    with shortlist.Client(url) as client:
        client.health()  # connection open, every module loaded
        try:  # reset VmHWM (the peak) so that it covers the upload only
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            exact = True
        except OSError:
            exact = False
        base = status_kb("VmRSS")
        peak = [base]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.005):
                peak[0] = max(peak[0], status_kb("VmRSS"))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = client.features.upload(pool, feature, vectors)
        done.set()
        sampler.join()
        high = max(peak[0], status_kb("VmHWM") if exact else 0)
    print(json.dumps({"base_kb": base, "peak_kb": high, "rows": result.checkpoint().rows, "exact": exact}))


if __name__ == "__main__":
    main()
