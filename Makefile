# DevZone: make run (development server with demo data), make test (whole suite).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core, each with its own test database. Tests are sent in
# runs of consecutive ones; a module marked xdist_group (tests/demo) goes to one process whole.
TEST_WORKERS ?= auto

.PHONY: venv run test test-api-schema messages clean bench loadtest

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@if [ ! -x $(PY) ]; then \
		boot=$$(command -v python3.11 || command -v python3); \
		echo "Creating $(VENV) with $$boot"; \
		"$$boot" -m venv $(VENV); \
	fi
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -r requirements.txt
	touch $@

run: venv
	@if command -v msgfmt >/dev/null 2>&1; then $(PY) manage.py compilemessages --ignore=$(VENV); else echo "msgfmt not found: using the committed .mo files"; fi
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

test: venv
	$(PY) -c "import django,os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','devzone.settings'); django.setup(); from django.db import connection; print('Database engine:', connection.vendor, connection.settings_dict['NAME'])"
	PERIODIC_WORK_IN_APP=0 $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# schemathesis against the live API schema (tests/api_schema), as staff and as a zone's leader:
# no server error, every answer as the schema says. Kept out of `make test`; .ci/run calls it after.
test-api-schema: venv
	$(PY) -m pytest -m api_schema tests/api_schema -p no:cacheprovider -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

messages: venv
	$(PY) manage.py makemessages -l en --ignore=$(VENV)
	$(PY) manage.py compilemessages --ignore=$(VENV)

# Benchmark on PostgreSQL at BENCH_SIZE=city (default) or province (scripts/with_bench_db.sh): a
# fresh database unless DATABASE_URL is set; prints a table and writes bench-results-<size>.json.
bench: venv
	PY=$(PY) bash scripts/with_bench_db.sh $(PY) scripts/bench.py

# Load test: gunicorn with several workers on PostgreSQL, 50 leaders reading and 10 staff saving
# months for LOADTEST_SECONDS (60); prints throughput, p95 and errors, and stops by itself.
loadtest: venv
	$(PY) -m pip install -q -r requirements-bench.txt
	PY=$(PY) bash scripts/with_bench_db.sh bash scripts/loadtest.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
