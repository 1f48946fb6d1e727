# Mahalla: `make run` serves the platform with demo data; `make test` runs the whole suite.
PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast lint bench migrations-check setup demo clean

$(VENV)/.base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

setup: $(VENV)/.base
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: setup
	$(PY) manage.py seed_demo

run: demo
	PORT=$(PORT) PY=$(PY) bash scripts/run.sh

test: $(VENV)/.dev
	$(PY) manage.py compile_translations
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: $(VENV)/.dev
	$(PY) -m pytest -n 2 --dist loadfile -m "not browser" $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

migrations-check: $(VENV)/.dev
	$(PY) manage.py makemigrations --check --dry-run

bench: $(VENV)/.dev
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	for script in bench/*_bench.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf var/mahalla.sqlite3* var/static
