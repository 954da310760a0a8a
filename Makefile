# The commands README.md points to. Everything runs from a virtual environment in .venv,
# created on first use; nothing is installed system-wide and nothing needs root.
PYTHON_BIN ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run worker test checker lint messages migrate install install-dev lock fonts chartjs clean

run: migrate ## Redis + the Celery workers (models; links and feeds) + beat + the web server on http://127.0.0.1:8000 (Ctrl-C stops all)
	$(PY) manage.py runstack

worker: migrate ## A Celery worker alone, for a machine that only processes jobs (uses REDIS_URL)
	$(VENV)/bin/celery -A newsapp worker --loglevel INFO

test: install-dev messages ## The whole test suite, with real Redis and a real Celery worker
	$(PY) -m pytest

checker: install-dev ## Retrain the fact checker when its corpora, code or options changed (needs ../shared)
	$(PY) manage.py train_checker --if-changed

lint: install-dev ## ruff (lint and format check) and mypy, configured in pyproject.toml; .ci/run runs it
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

fonts: ## Vendor the web fonts from npm's @fontsource packages (pinned, checksummed; the result is committed)
	scripts/vendor-fonts.sh

chartjs: ## Vendor Chart.js, which draws the desk's charts, from npm (pinned, checksummed; the result is committed)
	scripts/vendor-chartjs.sh

migrate: install messages
	$(PY) manage.py migrate --noinput

messages: install ## Compile the Arabic UI translations (.mo files are build output, not committed)
	$(PY) manage.py compilemessages --ignore "$(VENV)" -v 0

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Installs come from the lock files: every package, dependencies included, at the version and with the
# hashes the tests ran with (see `make lock`). --no-deps: the lock already lists every dependency, so pip
# installs exactly its lines and resolves nothing; resolving is where pip versions disagree (pip 23.2.1,
# the one `python3.11 -m venv` brings, takes an extra such as lxml[html_clean] for an unpinned requirement
# and refuses the lock). `pip check` then proves that what was installed satisfies every requirement.
# PIP_FLAGS: more for pip, e.g. --no-compile for a throwaway venv (tests/deploy/test_install.py). Not by
# default: where PYTHONDONTWRITEBYTECODE is set nothing would ever be compiled, and every process would
# compile torch again.
PIP_INSTALL := $(PY) -m pip install --quiet --no-deps --require-hashes $(PIP_FLAGS)
$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.lock
	$(PY) -m pip check
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP_INSTALL) -r requirements-dev.lock
	$(PY) -m pip check
	touch $@

# After changing requirements.txt or requirements-dev.txt: regenerate both locks (needs the package index)
# and commit them together with the change.
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: install-dev
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) -o requirements.lock requirements.txt
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) -o requirements-dev.lock requirements-dev.txt

clean:
	rm -rf $(VENV) var staticfiles test-db.sqlite3*
