# Bangfu: two commands. `make demo` serves the demo; `make test` installs and passes every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
VENDOR := static/vendor

.PHONY: demo install assets messages migrate seed serve serve-prod test lint typecheck check ci-time worker openapi browser clean bench

demo: install migrate seed
	@$(MANAGE) demo_accounts
	@echo "帮扶 Bangfu: http://127.0.0.1:8000"
	$(MANAGE) runserver 127.0.0.1:8000

$(STAMP): pyproject.toml package.json
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) assets messages

# Front-end assets from the npm registry, served from this host (no CDN).
assets: $(VENDOR)/.stamp
$(VENDOR)/.stamp: package.json
	npm install --no-audit --no-fund --silent
	mkdir -p $(VENDOR)/tabler $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/@tabler/core/dist/css/tabler.min.css $(VENDOR)/tabler/
	cp node_modules/@tabler/core/dist/js/tabler.min.js $(VENDOR)/tabler/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	touch $@

messages: $(STAMP)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install
	$(MANAGE) migrate --noinput -v 0

seed: migrate
	$(MANAGE) seed_demo

serve:
	$(MANAGE) runserver 127.0.0.1:8000

# The production shape on one machine (deploy/README.md): two gunicorn app servers (8001, 8002), one task worker,
# PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bangfu) and Redis (CACHE_URL).
serve-prod: install
	deploy/serve-prod.sh

# A real queue in production: BANGFU_TASK_BACKEND=database (PostgreSQL) or rq (Redis).
worker: install
	@if [ "$${BANGFU_TASK_BACKEND:-immediate}" = "rq" ]; then $(MANAGE) rqworker default selftest --job-class django_tasks_rq.backend.Job; \
	else BANGFU_TASK_BACKEND=database $(MANAGE) task_worker --queue-name "*"; fi

browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

test: install browser
	$(PY) -m pytest -n auto --dist worksteal

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy bangfu config
	$(VENV)/bin/lint-imports --no-logo

check: lint test

# CI's script in CI's order (SQLite, PostgreSQL, lint), each pass timed, the total against CI's 90 minutes.
ci-time:
	scripts/ci_time.sh

# Every benchmark of bench/ at its documented size, figures printed (BENCH_ARGS=--quick: smaller sizes).
bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)

openapi: install
	$(MANAGE) export_openapi > openapi.json

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
