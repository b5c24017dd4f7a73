#!/bin/bash
# The whole exemplars-route measurement with one command (`make bench PART=exemplars-route`): the
# release binary built, served on a free port with a temporary database, seeded by setup.py, measured
# by run.sh, then bm25 (a 100,000-item pool next to the bare FTS5 query), hybrid and dpp (next to
# lore) by methods.py, then stopped. Usage: bench/exemplars-route/bench.sh [port]   (default: a free port)
set -eo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product shortlist
port=${1:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
dir=$(mktemp -d)
.build/release/shortlist serve --port "$port" --db "$dir/bench.db" 2> "$dir/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
# Up to 60 s for it to answer (a cold start on a loaded machine), then the set-up and the run.
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$dir/serve.log"; exit 1; }
python3 bench/exemplars-route/setup.py --port "$port"
sh bench/exemplars-route/run.sh "$port"
python3 bench/exemplars-route/methods.py --port "$port" --db "$dir/bench.db"
