# `make site` and `make test` are all a newcomer needs: each creates .venv and installs what it uses.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test explore install lint schemas bench clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The Coverage page compares with LiteLLM's cost map when the shared data sits beside the checkout.
LITELLM_MAP := ../shared/data/litellm/model_prices_and_context_window.json

# KB_BUILD_FLAGS="--cache .build-cache" reuses the pages of the previous build whose Markdown did not change.
site: $(STAMP)
	$(BIN)/kb build $(KB_BUILD_FLAGS) $(if $(wildcard $(LITELLM_MAP)),--coverage-against $(LITELLM_MAP))

# Browser tests drive Debian's chromium (no browser download); install it when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and cannot be installed here: browser tests will be skipped"; fi; }

test: $(STAMP) chromium
	$(BIN)/kb schemas --check
	$(BIN)/ruff check generators tests
	$(BIN)/mypy
	$(BIN)/python -m pytest --hypothesis-profile=repeatable

# New random draws for every property test, 1,000 each (the fixed draw of `make test` stays as it is).
explore: $(STAMP)
	$(BIN)/python -m pytest --hypothesis-profile=explore $$(grep -l "@given" tests/*.py)

lint: $(STAMP)
	$(BIN)/ruff check generators tests

schemas: $(STAMP)
	$(BIN)/kb schemas

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/validate.py
	$(BIN)/python tests/benchmarks/site.py

clean:
	rm -rf $(VENV) public .pytest_cache .ruff_cache
