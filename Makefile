# The commands README.md points to. Everything runs from a virtual environment in .venv,
# created on first use; nothing is installed system-wide and nothing needs root.
PYTHON_BIN ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run worker test messages migrate install install-dev clean

run: migrate ## Redis + one Celery worker + the web server on http://127.0.0.1:8000 (Ctrl-C stops all)
	$(PY) manage.py runstack

worker: migrate ## A Celery worker alone, for a machine that only processes jobs (uses REDIS_URL)
	$(VENV)/bin/celery -A newsapp worker --loglevel INFO

test: install-dev messages ## The whole test suite, with real Redis and a real Celery worker
	$(PY) -m pytest

migrate: install messages
	$(PY) manage.py migrate --noinput

messages: install ## Compile the Arabic UI translations (.mo files are build output, not committed)
	$(PY) manage.py compilemessages --ignore "$(VENV)" -v 0

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) var staticfiles test-db.sqlite3*
