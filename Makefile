# Two entry points: `make demo` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsgraph analyze examples/
	$(VENV)/bin/newsgraph ingest examples/ --db newsgraph.db --silent || true  # a failed input is reported, the rest stored
	$(VENV)/bin/newsgraph stats --db newsgraph.db
	$(VENV)/bin/newsgraph events --db newsgraph.db --type CONSULT --aggregated
	$(VENV)/bin/newsgraph serve --db newsgraph.db

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
