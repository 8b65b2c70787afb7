# Two commands do all set-up on a fresh machine: `make site` and `make test`.
# Both create .venv from pyproject.toml (pinned by requirements.lock) if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check serve bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $@

site: $(STAMP)
	$(BIN)/noticegen build

check: $(STAMP)
	$(BIN)/noticegen check

serve: $(STAMP)
	$(BIN)/noticegen serve

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[bench]'
	$(BIN)/python benchmarks/build_sites.py

clean:
	rm -rf site .venv .pytest_cache
