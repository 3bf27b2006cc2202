# dialbook: make run (serve on SQLite), make test (lint, types, tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench bench-large wrk clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/python -m dialbook.demo
	$(BIN)/dialbook serve

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# The benchmark (docs/performance.md): 100,000 contacts, SQLite then PostgreSQL.
bench: install wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# getInfo at 10,000 against 1,000,000 contacts, and the worker's memory.
bench-large: install wrk
	$(BIN)/python bench/run.py --scale --contacts 1000000 $(BENCH_ARGS)

wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
