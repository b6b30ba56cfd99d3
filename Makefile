# The book's commands. `make html` builds both editions; `make test` proves them.
# Both create the virtual environment from requirements.txt when it is missing or stale.

# The Python that makes the virtual environment: the first suitable one on the PATH
# (tools/find-python says which versions work), or `make PYTHON=...`.
PYTHON ?= $(shell tools/find-python)
EDITION ?= he
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# npm ci writes this last: the npm packages of package-lock.json are in node_modules
NODE_STAMP := node_modules/.package-lock.json

.PHONY: html pdf test golden lint doctest properties bench preview mutate clean

html: $(STAMP) $(NODE_STAMP)
	$(PY) -m tools.build

# The printed edition, _build/pdf/autograd-{he,en}.pdf (tools/pdf.py; needs chromium, poppler-utils).
pdf: $(STAMP) $(NODE_STAMP)
	$(PY) -m tools.pdf

# pytest-xdist: TEST_WORKERS processes, each running whole test files (their fixtures
# start a browser or a build once per file); TEST_WORKERS=0 runs them in this process.
# (Test by test, --dist load, was slower: each worker then starts every file's fixtures.)
TEST_WORKERS ?= 2
test: lint $(NODE_STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# Accept what the pages now show as the golden outputs (tests/test_golden.py), printing
# the diff against the previous snapshot; review it, then commit it.
SNAPSHOTS := tests/__snapshots__
golden: $(STAMP)
	@mkdir -p $(SNAPSHOTS) && old=$$(mktemp -d) && cp -R $(SNAPSHOTS) $$old/ && \
	$(PY) -m pytest -q tests/test_golden.py --snapshot-update; status=$$?; \
	diff -ru $$old/__snapshots__ $(SNAPSHOTS) && echo "golden outputs unchanged"; \
	rm -rf $$old; exit $$status

# ruff lints and checks the formatting of the book's Python (settings in pyproject.toml).
lint: $(STAMP)
	$(PY) -m ruff check code tools tests book/_ext book/conf.py
	$(PY) -m ruff format --check code tools tests book/_ext book/conf.py

doctest: $(STAMP)
	$(PY) -m pytest code book/_ext tests/test_doctests.py

# The engine's property test with many more examples than make test runs, from a fresh
# seed each time (hypothesis profile "properties", tests/conftest.py): a few minutes.
properties: $(STAMP)
	$(PY) -m pytest -q tests/test_engine_properties.py --hypothesis-profile=properties

bench: $(STAMP) $(NODE_STAMP)
	$(PY) -m tools.bench

# Plants known defects one at a time in a scratch copy; fails if the tests miss one.
mutate: $(STAMP) $(NODE_STAMP)
	$(PY) -m tools.mutate

preview: $(STAMP)
	$(PY) -m tools.preview $(EDITION)

clean:
	rm -rf _build

# The stamp records the requirements it was installed from: a changed
# requirements.txt (or a missing venv) reinstalls. Warming matplotlib's font
# cache here keeps its one-time notice off the first notebook's stderr. pip
# byte-compiles what it installs: where PYTHONDONTWRITEBYTECODE is set, Python never
# writes a .pyc of its own, and every Sphinx run and kernel would compile torch
# again on import (about 2 s each).
$(STAMP): requirements.txt
	@test -x $(PY) || { test -n "$(PYTHON)" || exit 1; \
	  echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"; \
	  $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip check
	$(PY) -c "import matplotlib.font_manager"
	cp requirements.txt $@

# PurgeCSS for the build (tools/unused_css.py); the browser tests' and validators' tools.
# No install scripts: puppeteer-core downloads no browser, vnu-jar no Java.
$(NODE_STAMP): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
