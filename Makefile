# Two commands matter: `make run` (the service) and `make test` (every test). Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench setup clean

run: $(STAMP)
	$(PY) -m server serve

test: $(STAMP)
	$(PY) -m pytest

setup: $(STAMP)

# Reinstall when the dependency list changes; pip first, because the machine's old pip cannot resolve
# trafilatura's lxml[html-clean] extra.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Rapport needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check server tests bench
	$(VENV)/bin/ruff format --check server tests bench

format: $(STAMP)
	$(VENV)/bin/ruff check --fix server tests bench
	$(VENV)/bin/ruff format server tests bench

bench: $(STAMP)
	$(PY) bench/extraction.py
	$(PY) bench/research_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-output
