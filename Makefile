# Two entry points: `make demo` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench clean ner-model java

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) java

# Spark (newsgraph spark run, tests/test_spark.py) needs a Java 17+ runtime. As root, Debian's
# openjdk-17-jre-headless is installed when none is found; otherwise make stops and says so.
java:
	@major=$$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1); \
	if [ -n "$$major" ] && [ "$$major" -ge 17 ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Java 17+ not found (found: $${major:-none}): installing openjdk-17-jre-headless"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; \
	else \
		echo "Spark needs a Java 17+ runtime (found: $${major:-none}). Install one, e.g." \
		     "'sudo apt-get install openjdk-17-jre-headless', then run make again." >&2; exit 1; \
	fi

# The WARC and gzip examples are generated from HTML written in examples/make_warc.py (byte for byte
# the same every time), so the repository holds text only.
GENERATED := examples/crawl-sample.warc.gz
$(GENERATED): examples/make_warc.py $(STAMP)
	$(PY) examples/make_warc.py

# The demo stores the examples, then shows one line per article, one full card, the store's
# figures and a query before the web UI's address (under 80 lines in all).
demo: $(STAMP) $(GENERATED)
	@$(VENV)/bin/newsgraph ingest examples/ --db newsgraph.db --quiet || true  # a failed input is reported, the rest stored
	@$(VENV)/bin/newsgraph articles --db newsgraph.db
	@$(VENV)/bin/newsgraph show --db newsgraph.db "Ghent tram"
	@$(VENV)/bin/newsgraph stats --db newsgraph.db
	@echo "newsgraph events --type CONSULT --aggregated --limit 5"
	@$(VENV)/bin/newsgraph events --db newsgraph.db --type CONSULT --aggregated --limit 5
	$(VENV)/bin/newsgraph serve --db newsgraph.db

test: $(STAMP) $(GENERATED) java
	$(PY) -m pytest

# Rebuild the news NER shipped in src/newsgraph/language/models/ner_conll from the CoNLL-2003
# training split (about 10 minutes on one idle core; bit-for-bit the committed model with the same
# spaCy/thinc versions; see that folder's MANIFEST.json).
ner-model: $(STAMP)
	$(PY) -m newsgraph.language.entities.train --data ../shared/data/ner/conll2003/eng.train --install

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
