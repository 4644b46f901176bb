# Bootstraps everything from nothing: `make run` and `make test` create .venv and install first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# torch's CPU build; the project's range admits it (see pyproject.toml).
TORCH_SPEC ?= torch==2.13.0
STAMP := $(VENV)/.installed

.PHONY: install run demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install pickwise with its dev tools

run: $(STAMP) ## The main job: the web UI and HTTP API on the demo catalog with the bundled local model
	$(BIN)/pickwise serve

test: lint typecheck ## Lint, type-check and run every test (slow ones included)
	$(BIN)/python -m pytest

unit: $(STAMP) ## Only the fast, offline unit tests
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check pickwise tests
	$(BIN)/ruff format --check pickwise tests

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP) ## Retrieval benchmark: ingestion overhead, query latency at 10k/100k, memory
	$(BIN)/pickwise bench retrieval

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
