#!/usr/bin/env bash
# Contract test: schemathesis drives the live server with requests generated from openapi.yaml and
# checks every response against it (no 5xx, status codes, headers, content types and bodies as
# documented, auth enforced). Bounded: a fixed number of examples per operation, deterministic.
#
# The "positive data acceptance" check is excluded on purpose: a request can be schema-valid yet
# semantically invalid (an unknown pool, k larger than the pool, a float64 value outside float32, a
# cursor of another list), and the service answers those with a 400 naming the field.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SHORTLIST_BIN:-.build/debug/shortlist}
EXAMPLES=${CONTRACT_EXAMPLES:-40}
KEY=contract-test-key
DIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --port "$PORT" --db "$DIR/contract.db" --api-key "$KEY" > "$DIR/server.log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
# Some data for the operations that need an existing pool: generated names rarely hit it, but the
# stateful phase follows POST /v1/pools.
curl -fsS -X POST "http://127.0.0.1:$PORT/v1/pools" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"name": "contract"}' >/dev/null
status=0
SCHEMATHESIS_HOOKS=scripts.schemathesis_hooks st --no-color run openapi.yaml \
  --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Bearer $KEY" \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "$EXAMPLES" --generation-deterministic \
  --request-timeout 30 || status=$?
if ! kill -0 "$PID" 2>/dev/null; then echo "contract test: the server died" >&2; tail -20 "$DIR/server.log" >&2; exit 1; fi
grep -q 'level=error' "$DIR/server.log" && { echo "contract test: the server logged errors:" >&2; grep 'level=error' "$DIR/server.log" | head -20 >&2; status=1; }
exit $status
