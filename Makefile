# The two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app lie_review
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test chromium db bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test chromium

# Debian's chromium drives the browser tests; Playwright never downloads a browser here.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; \
	  else \
	    echo "chromium is missing: run 'apt-get install -y --no-install-recommends chromium' as root"; exit 1; \
	  fi; \
	fi

db: install
	$(FLASK) init-db
	$(FLASK) seed-demo

run: db
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance/*.sqlite3*
