# SPDX-License-Identifier: EUPL-1.2
# The two commands of the README:  make demo  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test test-fast bench lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Main job: workspace, import of all real data found, web app on http://127.0.0.1:8000/
demo: install
	$(BIN)/stellwerk demo

## The whole test suite on SQLite and PostgreSQL (PostgreSQL is started or installed if missing)
# Two pytest workers on two cores: one BLAS thread each, or they slow each other down.
test: install
	scripts/ensure-test-services.sh
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 --dist loadgroup -q

test-fast: install
	STELLWERK_TEST_POSTGRES=0 $(BIN)/python -m pytest -q -x -m "not browser and not slow"

bench: install
	$(BIN)/python bench/run_all.py

## Re-pin every dependency after changing pyproject.toml
lock:
	tmp=$$(mktemp -d) && $(PYTHON) -m venv $$tmp/venv && \
	$$tmp/venv/bin/pip install -q --disable-pip-version-check ".[dev]" && \
	$$tmp/venv/bin/pip freeze --exclude stellwerk | sort > requirements.lock && rm -rf $$tmp

clean:
	rm -rf $(VENV) workspace .pytest_cache
