# The README's commands. `make run` sets up and runs the main job on the bundled data;
# `make test` sets up and runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: run test setup setup-test quick lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install -q -e .

setup-test: $(BIN)/python node_modules/.installed
	./scripts/install-system-deps.sh
	$(BIN)/pip install -q -e ".[test]"

# JavaScript clients the tests check our output with (jsonld.js, Comunica): package.json
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(BIN)/coekg validate
	mkdir -p $(OUT)
	$(BIN)/coekg export --format turtle -o $(OUT)/coekg.ttl
	$(BIN)/coekg export --format nq -o $(OUT)/coekg.nq
	$(BIN)/coekg publish -o $(OUT)/site
	@echo "validated; exports in $(OUT)/, site in $(OUT)/site (try: $(BIN)/coekg serve)"

test: setup-test
	$(BIN)/python -m pytest -q -n auto --dist loadfile

quick: setup-test
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "not endpoint and not browser and not reasoner and not slow"

lint: setup-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: setup-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache node_modules
