# casework: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs every check.
# Targets are idempotent: the virtualenv is rebuilt only when requirements.txt changes, the
# schema is migrated only when a migration is pending, the demo is loaded only once.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
FLASK := $(BIN)/flask --app web
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn workers for `make run`; empty: deploy/gunicorn.conf.py decides (four per core)
WORKERS ?=
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?= -n 2  # two workers for two cores; each PostgreSQL worker gets its own database
# TODAY=YYYY-MM-DD: load and serve the demo as of that day (a rehearsal); every process reads it
TODAY ?=
ifneq ($(TODAY),)
export CASEWORK_TODAY := $(TODAY)
endif
# Python may cache compiled modules (and pytest its rewritten test modules) however the shell
# is set: compiling them again cost every test process seconds
unexport PYTHONDONTWRITEBYTECODE
# how far test-shifted moves the wall clock ahead (libfaketime's relative offset)
CLOCK_AHEAD ?= +400d

.PHONY: install browser tools bench migrate demo demo-reset run test test-sqlite test-postgres \
	test-shifted test-fast lint typecheck docs

install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --requirement requirements.txt
	touch $@

# The database is DATABASE_URL, or var/casework.db (SQLite) when it is not set.
migrate: install
	$(FLASK) migrate

demo: migrate
	$(FLASK) demo --if-missing

demo-reset: migrate
	$(FLASK) demo --reset --yes

# The demo served as in production (serve.mk): gunicorn with deploy/gunicorn.conf.py and the
# scheduler (`python -m jobs`) beside it. API docs: /api/v1/docs.
run: SERVE_BIND = $(HOST):$(PORT)
run: SERVE_WORKERS = $(WORKERS)
run: demo
	$(WEB_AND_SCHEDULER)

lint: install
	$(BIN)/ruff check .

# mypy over casework/: strict for rules/ and workflows/, lenient elsewhere (pyproject.toml)
typecheck: install
	$(BIN)/mypy

# The edit loop: SQLite only, without the browser, fuzzing, PostgreSQL-only and slow tests
# (markers in pyproject.toml; tests/conftest.py marks tests/browser and tests/fuzz). The two
# directories are not even collected: schemathesis builds its cases as it collects (~7 s).
test-fast: install
	TEST_DATABASE_URL= $(BIN)/python -m pytest -q $(PYTEST_ARGS) -p no:schemathesis \
		--ignore=tests/browser --ignore=tests/fuzz \
		-m "not slow and not browser and not fuzz and not postgres"

# TEST_DATABASE_URL emptied: .ci/run exports it for the PostgreSQL run, not for this one
test-sqlite: install
	TEST_DATABASE_URL= $(BIN)/python -m pytest -q $(PYTEST_ARGS)

# TEST_DATABASE_URL names an existing PostgreSQL database; the tests empty and refill it.
# The browser and the fuzzing drive the web layer, the same on either database: SQLite only
# (they doubled as the slowest part of this run, which .ci/run must keep within its time).
test-postgres: install
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest -q $(PYTEST_ARGS) \
		--ignore=tests/browser --ignore=tests/fuzz

# The browser tests drive Debian's chromium; Playwright's own download does not work here.
browser:
	scripts/install-debian.sh chromium chromium fonts-noto-cjk

# The docs' walk-throughs (run by tests/deploy/test_walkthroughs.py) use curl and jq;
# test-shifted moves the clock with faketime.
tools:
	scripts/install-debian.sh jq jq curl
	scripts/install-debian.sh faketime faketime

# The benchmarks (bench/, each prints its figures and a ratio against a floor); wrk drives
# the HTTP load from its own process.
BENCHMARKS ?= transitions settlement registry overdue http memory
bench: install
	scripts/install-debian.sh wrk wrk
	for name in $(BENCHMARKS); do echo "== bench.$$name"; $(BIN)/python -m bench.$$name || exit 1; done

test: lint typecheck browser tools test-sqlite test-postgres

# The SQLite suite again with the wall clock CLOCK_AHEAD (over a year) ahead: a test or a
# default that silently reads "now" shows up here years before it would go off. .ci/run runs
# it. Not the browser tests: Playwright's node driver dies under libfaketime (and they fix the
# app's clock); nor the fuzzing, whose values schemathesis makes up rather than dates.
test-shifted: install tools
	TEST_DATABASE_URL= faketime -f "$(CLOCK_AHEAD)" $(BIN)/python -m pytest -q $(PYTEST_ARGS) \
		--ignore=tests/browser --ignore=tests/fuzz

docs: install
	$(FLASK) docs

# production serving: make serve, serve-web, serve-scheduler, backup ...
include serve.mk
