# One command to run, one to test. Everything lands in .venv and DATA_DIR (default ./var).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGES := core publisher catalogue resources metadata workflows

.PHONY: run test install lint typecheck format bootstrap clean messages

# The web port and the worker threads of `make run` (the Procfile reads them from the environment).
PORT ?= 8000
WORKER_CONCURRENCY ?= 2
export PORT WORKER_CONCURRENCY

run: $(STAMP)  ## Set up and start web + worker + beat on http://127.0.0.1:$PORT (Ctrl-C stops all)
	$(BIN)/python manage.py bootstrap
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C stops web, worker and beat)"
	@echo "Admin: log in at http://127.0.0.1:$(PORT)/login/ with the admin account above;"
	@echo "       the installation's status is at http://127.0.0.1:$(PORT)/admin/status/"
	$(BIN)/honcho start -f Procfile -p $(PORT)

test: $(STAMP)  ## Run the whole test suite (embedded default unless DATABASE_URL/CELERY_BROKER_URL are set)
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q $(PACKAGES) manage.py  # as pip does for installed packages
	touch $(STAMP)

bootstrap: $(STAMP)
	$(BIN)/python manage.py bootstrap

lint: $(STAMP) typecheck  ## The gates CI runs before the tests: ruff, format, mypy, migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

typecheck: $(STAMP)  ## mypy as configured in pyproject.toml (strict on the Django-free packages)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

LOCALES := es fr pt ru zh_Hant ja
MESSAGES_IGNORE := -i ".venv/*" -i "var/*" -i "static/vendor/*" -i "tests/*" -i "benchmarks/*" -i "examples/*" -i "node_modules/*"

messages: $(STAMP)  ## Regenerate locale/*/django.po from the code (needs GNU gettext) and compile the .mo files
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LOCALES)) --add-location=file --no-obsolete --no-wrap $(MESSAGES_IGNORE)
	$(BIN)/python manage.py makemessages -d djangojs $(addprefix -l ,$(LOCALES)) --add-location=file --no-obsolete --no-wrap $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compile_catalogues

clean:
	rm -rf $(VENV) var
