# graphcli: the same commands locally and in CI (.ci/run calls `make test`).
# Fresh machine: `make demo` or `make test` installs what is missing (a JDK 17 and Maven via apt,
# the virtualenv, Neo4j + GDS + APOC via `graphcli neo4j install`).

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
GRAPHCLI = $(VENV)/bin/graphcli
STAMP   = $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?= -q
DEMO_OUT ?= demo-out
BENCH_HOME ?= $(HOME)/.local/share/graphcli-bench
# `make demo DEMO_PROFILE=small` for the bigger world (a few minutes more)
DEMO_PROFILE ?= tiny
DEMO_FORMATS ?=  # empty: graphcli demo's own default (every format but Meta Content Library and Parquet)
ROOMS   = package model server cypher loaders detect analytics synth monitor cli
# ruff; mypy over the package as installed (tests/typecheck.py); pylint's duplicate-code check; the layers.
LINT = $(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && \
       $(PY) -m tests.typecheck && \
       $(VENV)/bin/pylint --disable=all --enable=duplicate-code --score=n $(ROOMS) && \
       $(PY) -m pytest -q -p no:cacheprovider tests/test_layers.py

.PHONY: help system-deps venv neo4j-start neo4j-stop lint test test-fast demo bench clean

help:  ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

system-deps:  ## Java 17+ and Maven (and Chromium, for the report's browser test) from apt, only if missing
	@missing=""; \
	if ! command -v mvn >/dev/null 2>&1 || ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then \
		missing="openjdk-17-jdk-headless maven"; fi; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		echo "installing with apt-get:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,spark]'
	touch $(STAMP)

venv: $(STAMP)  ## The virtualenv with graphcli and the test tools

neo4j-start: system-deps venv  ## Install (once) and start the managed Neo4j
	$(GRAPHCLI) neo4j install
	$(GRAPHCLI) neo4j start

neo4j-stop:  ## Stop the managed Neo4j
	$(GRAPHCLI) neo4j stop

lint: venv  ## ruff (lint + format), mypy, the duplicate-code check and the layer test
	$(LINT)

test-fast: venv  ## The offline tests only (no Neo4j needed): under a minute
	$(PY) -m pytest -q -p no:cacheprovider -m "not neo4j"

test: neo4j-start  ## Lint and the whole suite against the live server; stops the server after
	@status=0; \
	$(LINT) || status=1; \
	$(PY) -m pytest $(PYTEST_ARGS) || status=1; \
	$(GRAPHCLI) neo4j stop; \
	exit $$status

demo: neo4j-start  ## The main job on a generated sample; writes the report under demo-out/
	$(GRAPHCLI) demo $(DEMO_OUT) --profile $(DEMO_PROFILE) $(if $(DEMO_FORMATS),--formats $(DEMO_FORMATS))

# The benchmarks wipe the database they run on, so they get a scratch server of their own.
BENCH_ENV = GRAPHCLI_HOME=$(BENCH_HOME) GRAPHCLI_BOLT_PORT=7688 GRAPHCLI_HTTP_PORT=7475

bench: system-deps venv  ## Benchmarks (scratch server, own home and ports): ours vs a baseline, with the ratio
	$(PY) -m pip install -q -e '.[test,spark,bench]'
	$(BENCH_ENV) $(GRAPHCLI) neo4j start
	@status=0; cd bench && \
	for script in load.py bins.py cosharing.py quality.py; do \
		echo "== bench/$$script"; $(BENCH_ENV) ../$(PY) $$script || status=1; \
	done; \
	$(BENCH_ENV) ../$(GRAPHCLI) neo4j stop; exit $$status

clean:  ## Remove the virtualenv and build leftovers (not the Neo4j data)
	rm -rf $(VENV) build dist *.egg-info $(DEMO_OUT) .mypy_cache
