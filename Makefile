# `make site` and `make test` are all a newcomer needs: each creates .venv and installs what it uses.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test install lint schemas bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/kb validate

test: $(STAMP)
	$(BIN)/kb schemas --check
	$(BIN)/ruff check generators tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check generators tests benchmarks

schemas: $(STAMP)
	$(BIN)/kb schemas

bench: $(STAMP)
	$(BIN)/python benchmarks/validate.py

clean:
	rm -rf $(VENV) public site/generated .pytest_cache .ruff_cache
