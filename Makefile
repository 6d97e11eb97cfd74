# The two commands of the README: `make run` (portal with demo data) and `make test`.
# Both set up what they need and are safe to run twice.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1:8000

# Development defaults; any of them can be overridden from the environment.
export DEBUG ?= 1
export DJANGO_SETTINGS_MODULE := takbai_ita.settings

.PHONY: run test lint lock system-run system-test messages worker

run: system-run $(VENV)/.installed-run messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Open http://$(HOST)/ and log in with a demo user listed above."
	@scripts/dev-server.sh $(HOST)

# Parallel test workers (pytest-xdist): `auto` is one per CPU; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest --ds=takbai_ita.settings_test -n $(PYTEST_WORKERS)

test: system-test $(VENV)/.installed-test messages lint
	$(MANAGE) makemigrations --check --dry-run
	$(PYTEST) $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

messages: $(VENV)/.installed-run
	$(MANAGE) compilemessages --ignore=.venv -v0

system-run:
	@scripts/system-packages.sh run

system-test:
	@scripts/system-packages.sh test

# The Celery worker with beat embedded (schedules from the database), in the foreground.
worker: $(VENV)/.installed-run
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run the worker and beat."; exit 1; }
	$(BIN)/celery -A takbai_ita worker --beat -l info

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

# Recompile the locked requirements (exact versions and hashes) from the .in files.
lock: $(VENV)/.installed-test
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --strip-extras -o requirements.txt requirements.in
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --strip-extras -o requirements-dev.txt requirements-dev.in
