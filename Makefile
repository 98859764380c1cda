# Every target sets itself up: it finds a Python >= 3.12, builds .venv from
# pyproject.toml when that file changed, and then does its work.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTHON_FOR_VENV = $(shell sh scripts/find-python)

.PHONY: run test demo bench lint install clean

$(STAMP): pyproject.toml
	@py="$(PYTHON_FOR_VENV)"; test -n "$$py" || exit 1; \
	  if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	    rm -rf $(VENV); echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/coffeechat serve $(ARGS)

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL names one.
# mypy runs without its cache: django-stubs reports managers it can't resolve after an
# incremental run over changed models, which would fail a clean tree.
# The suite runs in worker processes (pytest-xdist), one per CPU and at most 8, each with its
# own test database; `make test PYTEST_WORKERS=0` runs it in one process, PYTEST_WORKERS=4
# in four. (Not --dist loadgroup: with pytest 9.2 it ignores xdist_group, pytest-xdist#1386.)
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --maxprocesses=8 --dist load
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy --no-incremental coffeechat
	DATABASE_URL= $(BIN)/python -m pytest $(PYTEST_PARALLEL)
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== The suite again on PostgreSQL =="; \
	  $(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not backend_independent"; \
	else echo "(DATABASE_URL is not set: PostgreSQL run skipped)"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --no-incremental coffeechat

# Sample data in a throwaway data folder, so your own data is never touched.
demo: $(STAMP)
	@home=$$(mktemp -d -t coffeechat-demo.XXXXXX); echo "Demo data folder: $$home"; \
	  COFFEECHAT_HOME=$$home DATABASE_URL= $(BIN)/coffeechat demo && \
	  COFFEECHAT_HOME=$$home DATABASE_URL= $(BIN)/coffeechat serve $(ARGS)

bench: $(STAMP)
	DATABASE_URL= $(BIN)/python -m bench.run $(ARGS)

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
