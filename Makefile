# The README's commands. `make run` serves the site, `make test` runs the whole suite.
# python3.13 from the PATH, else pyenv's (the project's .python-version asks for 3.13).
PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo $${PYENV_ROOT:-$$HOME/.pyenv}/shims/python3.13)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run worker test lint typecheck format lock bench bench-http bench-admin screenshots clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 13), "Filmsite needs Python 3.13, not " + sys.version'
	$(PYTHON) -m venv $(VENV)

# Stamps record which lock file the environment was last synced with.
$(VENV)/.runtime-installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.runtime-installed

# Development settings for manage.py in any terminal: debug on and a random key. Written once
# (privately, whole or not at all) and never overwritten; gunicorn and the image never read it.
.env.local: | $(BIN)/python
	umask 077 && $(BIN)/python -c 'import secrets; print("DJANGO_DEBUG=true"); print("DJANGO_SECRET_KEY=" + secrets.token_urlsafe(50))' > $@.tmp
	mv $@.tmp $@

run: $(VENV)/.runtime-installed .env.local
	$(MANAGE) migrate --no-input
	$(MANAGE) load_seed
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The task worker (README: Background tasks); in debug it restarts when the code changes.
worker: $(VENV)/.runtime-installed .env.local
	$(MANAGE) db_worker

# Tests run with debug off, as production does; the key below signs nothing outside them.
test: export DJANGO_SECRET_KEY ?= insecure-key-for-the-test-suite-only
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs, whose plugin imports the settings: a throwaway key lets it do so
# with debug off, as production runs.
typecheck: export DJANGO_SECRET_KEY ?= insecure-key-for-type-checking-only
typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Page timings and importer throughput on a large catalog (README: Performance).
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Requests per second under gunicorn and wrk, as production serves the pages (README:
# Performance); PostgreSQL, Redis and wrk on this machine.
bench-http: $(VENV)/.dev-installed
	$(BIN)/python bench/http.py $(BENCH_HTTP_ARGS)

# Server time of every admin change list at catalog scale, on PostgreSQL (README: Performance).
bench-admin: $(VENV)/.dev-installed
	$(BIN)/python bench/admin.py $(BENCH_ADMIN_ARGS)

# Every page type at a phone's and a desktop's width (light, and the film page dark) in
# screenshots/, from a throwaway site with the seed and generated films; needs Chromium.
SCREENSHOTS_PORT ?= 8765
screenshots: $(VENV)/.dev-installed
	$(BIN)/python scripts/screenshots.py --port $(SCREENSHOTS_PORT)

# Re-resolve the dependencies declared in pyproject.toml into the hashed lock files.
lock: $(VENV)/.dev-installed
	$(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --universal --python-version 3.13 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --quiet --group dev --generate-hashes --universal --python-version 3.13 -o requirements-dev.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
