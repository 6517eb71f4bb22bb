# DevZone: make run (development server with demo data), make test (whole suite).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: venv run test messages clean

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
	$(PY) -m pytest $(PYTEST_ARGS)

messages: venv
	$(PY) manage.py makemessages -l en --ignore=$(VENV)
	$(PY) manage.py compilemessages --ignore=$(VENV)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
