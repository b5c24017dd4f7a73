#!/bin/bash
# `make fuzz` for SECONDS (default 900), its output unchanged, then the figures of libFuzzer's final
# statistics as BENCH-RESULT lines for bench/bench.py (bench/results/fuzz.jsonl).
# Usage: bench/fuzz/run.sh [seconds]
set -eo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-900}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A finding fails `make fuzz`: the figures are still printed, then its status is the harness's.
status=0
make fuzz FUZZ_SECONDS="$seconds" 2>&1 | tee "$log" || status=$?
python3 - "$log" "$seconds" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
stats = dict(re.findall(r"^stat::(\w+):\s+(\d+)", text, re.M))
done = re.findall(r"^#\d+\s+DONE\s+cov: (\d+).*?corp: (\d+)", text, re.M)
note = f"{sys.argv[2]} s, HTTP request parser, -O with ASan, seeds fuzz/seeds"
if "number_of_executed_units" in stats:
    print(f"BENCH-RESULT name=executions value={stats['number_of_executed_units']} unit=runs note={note}")
if "average_exec_per_sec" in stats:
    print(f"BENCH-RESULT name=exec-per-s value={stats['average_exec_per_sec']} unit=runs/s note={note}")
if done:
    print(f"BENCH-RESULT name=coverage value={done[-1][0]} unit=counters note=libFuzzer cov at the end; {note}")
    print(f"BENCH-RESULT name=corpus value={done[-1][1]} unit=files note={note}")
findings = len(re.findall(r"Test unit written to", text))
print(f"BENCH-RESULT name=findings value={findings} unit=inputs note=crashing or failing inputs written; {note}")
PY
exit "$status"
