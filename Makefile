# The two set-up commands: `make run` (try it locally: the server and a background
# worker) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run demo-logins test lint format messages reset-demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# A local .env for plain-HTTP development: a random secret key, no HTTPS redirect.
.env:
	@printf '%s\n' \
	  "# Local settings written by make; production sets its own environment." \
	  "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  "SECURE_SSL_REDIRECT=off" "SESSION_COOKIE_SECURE=off" "CSRF_COOKIE_SECURE=off" \
	  "SECURE_HSTS_SECONDS=0" > $@
	@echo "Wrote .env with a new SECRET_KEY."

run: $(VENV)/.installed .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_wilayah
	@$(MAKE) --no-print-directory demo-logins
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Open http://127.0.0.1:8000/ and sign in."
	@# A worker beside the server runs the background jobs (imports, mail); Ctrl+C stops both.
	$(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:8000

# The demo roster and its logins; when the database holds real data, why there are none
# (seed_demo's message) and what to do instead. `make run` goes on either way.
demo-logins:
	@$(PY) manage.py seed_demo || echo "make run: no demo logins (see above); the server starts all the same."

test: $(VENV)/.installed .env
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed .env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Indonesian catalogue after changing user-facing text.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale id --ignore '.venv/*' --no-obsolete
	$(PY) manage.py compilemessages --locale id --ignore '.venv/*'

reset-demo: $(VENV)/.installed .env
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
