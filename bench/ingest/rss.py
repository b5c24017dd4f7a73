#!/usr/bin/env python3
"""Samples VmRSS of PID every 20 ms until the file STOP exists; prints baseline and peak in kB.
Usage: rss.py PID STOP"""
import os
import sys
import time

pid, stop = sys.argv[1], sys.argv[2]


def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


baseline = rss_kb()
peak = baseline
deadline = time.time() + 600
while not os.path.exists(stop) and time.time() < deadline:
    peak = max(peak, rss_kb())
    time.sleep(0.02)
print(f"rss_baseline_kb={baseline} rss_peak_kb={peak} rss_growth_kb={peak - baseline}")
