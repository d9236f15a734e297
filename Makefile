# Two commands matter: `make run` (the service) and `make test` (every test). Both set up what they need,
# as `make token` (the API token) does.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run token test lint format bench setup clean chromium axe-core team

# RAPPORT_PORT=8766 make run listens on another port.
run: $(STAMP)
	$(PY) -m server serve

# The team deployment on this machine, without containers (README: "Team use"): PostgreSQL from Debian's
# package on 127.0.0.1, the web tier under gunicorn (RAPPORT_WEB_PROCESSES, 3), two queue workers.
team: $(STAMP)
	@$(PY) -c "import procrastinate, gunicorn" 2>/dev/null || $(PY) -m pip install --quiet -e ".[postgres]"
	deploy/team

# The API token the extension's options ask for (made on first use).
token: $(STAMP)
	@$(PY) -m server token

test: $(STAMP) chromium axe-core
	$(PY) -m pytest

# The browser tests drive Debian's Chromium (never a downloaded browser).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "The browser tests need Chromium: sudo apt-get install -y chromium"; exit 1; fi; }

# The browser tests' accessibility check injects axe-core (MPL-2.0), installed from npm beside them, pinned,
# never committed (tests/browser/node_modules is ignored). Without npm or the network that check is skipped,
# saying so, and every other test runs.
AXE_VERSION := 4.14.1
AXE_DIR := tests/browser/node_modules/axe-core
axe-core:
	@grep -qs '"version": "$(AXE_VERSION)"' $(AXE_DIR)/package.json || \
	  npm install --no-save --no-audit --no-fund --ignore-scripts --prefix tests/browser axe-core@$(AXE_VERSION) || \
	  echo "Could not install axe-core with npm: the browser tests' accessibility check will be skipped"

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
	$(PY) bench/llm_run.py
	$(PY) bench/personas.py
	$(PY) bench/titles.py
	$(PY) bench/persona_stability.py
	$(PY) bench/trickle.py
	$(PY) bench/sse_listeners.py
	$(PY) bench/team.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-output tests/browser/node_modules
