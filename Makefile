# The two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app lie_review
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test chromium wrk db bench clean translations-extract translations-update translations-compile
LOCALES := zh_Hant ru th
CATALOGS := lie_review/translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# Catalogs: the .po files are the source, committed; the .mo files are built here, never committed.
translations-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k N_ --no-location --sort-output \
	  --project lie_review -w 100 -o $(CATALOGS)/messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel update -i $(CATALOGS)/messages.pot -d $(CATALOGS) --no-fuzzy-matching --ignore-obsolete -w 100

translations-compile: install
	$(BIN)/pybabel compile -d $(CATALOGS) --statistics

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

# Debian's wrk is the HTTP load generator of the page benchmarks (`make bench`); the tests never need it.
wrk:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk; \
	  else \
	    echo "wrk is missing: run 'apt-get install -y --no-install-recommends wrk' as root"; exit 1; \
	  fi; \
	fi

db: install translations-compile
	$(FLASK) init-db
	$(FLASK) seed-demo

run: db
	$(FLASK) serve --host $(HOST) --port $(PORT)

test: install-test translations-compile
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install translations-compile wrk
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance/*.sqlite3*
