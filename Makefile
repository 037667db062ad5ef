# Two entry points: `make demo` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench clean ner-model

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The WARC and gzip examples are generated from HTML written in examples/make_warc.py (byte for byte
# the same every time), so the repository holds text only.
GENERATED := examples/crawl-sample.warc.gz
$(GENERATED): examples/make_warc.py $(STAMP)
	$(PY) examples/make_warc.py

demo: $(STAMP) $(GENERATED)
	$(VENV)/bin/newsgraph analyze examples/
	$(VENV)/bin/newsgraph ingest examples/ --db newsgraph.db --silent || true  # a failed input is reported, the rest stored
	$(VENV)/bin/newsgraph stats --db newsgraph.db
	$(VENV)/bin/newsgraph events --db newsgraph.db --type CONSULT --aggregated
	$(VENV)/bin/newsgraph serve --db newsgraph.db

test: $(STAMP) $(GENERATED)
	$(PY) -m pytest

# Optional: train the CoNLL-2003 NER that lifts entity F1 from 0.71 to 0.88 (about 40 min on 2 CPU
# cores); not shipped because it is trained on research-only Reuters text. Use it by exporting the
# printed NEWSGRAPH_NER_TRAINED path.
NER_DIR ?= $(HOME)/.cache/newsgraph/ner-conll2003
ner-model: $(STAMP)
	$(PY) -m newsgraph.language.ner_train --data ../shared/data/ner/conll2003/eng.train --out $(NER_DIR)
	@echo "export NEWSGRAPH_NER_TRAINED=$(NER_DIR)/model-best"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
