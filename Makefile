# Every target creates .venv and installs what it needs, so each works on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench fuzz clean sysdeps-chromium sysdeps-postgresql

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,lint,bench]'
	touch $(STAMP)

# Rendering drives the system's Chromium (never a downloaded browser): Debian's package,
# installed only when no Chromium is on PATH (apt-get update first if the package is unknown).
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y
sysdeps-chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
		|| command -v google-chrome >/dev/null \
		|| $(APT_INSTALL) chromium || { apt-get update && $(APT_INSTALL) chromium; }

demo: $(STAMP) sysdeps-chromium
	$(BIN)/python scripts/demo.py

# The SQL export is tested against a real PostgreSQL server (started by the test itself).
sysdeps-postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| $(APT_INSTALL) postgresql || { apt-get update && $(APT_INSTALL) postgresql; }

test: $(STAMP) sysdeps-chromium sysdeps-postgresql
	$(BIN)/python -m pytest -q

# make test runs the property tests on the same examples every time (tests/conftest.py);
# make fuzz draws new ones: FUZZ_ROUNDS runs with random seeds and many more examples.
FUZZ_ROUNDS ?= 5
fuzz: $(STAMP)
	for round in $$(seq $(FUZZ_ROUNDS)); do \
		HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q \
			$$(grep -rl "from hypothesis" tests --include='test_*.py') || exit 1; \
	done

lint: $(STAMP)
	$(BIN)/ruff check extractor tests bench scripts
	$(BIN)/ruff format --check extractor tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP) sysdeps-chromium
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/crawl_vs_scrapy.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/discover.py

clean:
	rm -rf $(VENV) output/*.json output/*.jsonl .pytest_cache .mypy_cache .ruff_cache
