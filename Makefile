# One set of targets, used the same way locally and in CI.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-stamp
DEV := $(VENV)/.dev-stamp
PYTEST_ARGS ?=

.PHONY: setup setup-runtime run ingest test test-fast lint bench bench-smoke bench-answers faults clean

# What serving needs (the API, the page, the bot, ingest): no torch, no browser, no test tools.
$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $(RUNTIME)

# What tests, lint and benchmarks need on top: the test/st/bench extras and headless Chromium.
$(DEV): $(RUNTIME)
	# headless Chromium for the workshop-page browser tests (Debian packages; browsers cannot be downloaded)
	test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || \
	  echo "warning: could not install chromium; browser tests will be skipped"
	# torch: the CPU wheel that lies on disk (any other version pulls a multi-GB CUDA build)
	$(BIN)/pip install -q "torch==2.13.0"
	$(BIN)/pip install -q -e ".[test,st,bench]"
	touch $(DEV)

setup-runtime: $(RUNTIME)

setup: $(DEV)

run: $(RUNTIME)
	$(BIN)/tip ingest --if-changed
	$(BIN)/tip serve

ingest: $(RUNTIME)
	$(BIN)/tip ingest

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not st" $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m bench.run

bench-smoke: setup
	$(BIN)/python -m bench.run --smoke

bench-answers: setup
	$(BIN)/python -m bench.answer_latency

# issue 11 items 1-8 end to end on loopback (real chroma run, tip serve, tip ingest): one line per fault
faults: setup
	$(BIN)/python -m bench.faults

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
