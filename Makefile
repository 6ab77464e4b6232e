# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench
CATALOGS := $(wildcard webinars/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test bench install translations extract-messages clean screenshots

install: $(APP_STAMP) translations

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(APP_STAMP)

translations: $(COMPILED)

webinars/translations/%/LC_MESSAGES/messages.mo: webinars/translations/%/LC_MESSAGES/messages.po | $(APP_STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

# Serves http://127.0.0.1:5000 with the demo data on the embedded SQLite database,
# with a background worker beside it (mail lands in instance/outbox/ as .eml files).
# `make run PORT=8080` serves on another port; the links in mails (written by the worker) follow it,
# unless WEBINARS_BASE_URL is set in the environment or .env.
PORT ?= 5000
ifeq ($(shell grep -s '^WEBINARS_BASE_URL=' .env),)
run: export WEBINARS_BASE_URL ?= http://127.0.0.1:$(PORT)
endif
run: install
	$(BIN)/webinars db upgrade
	$(BIN)/webinars demo
	@$(BIN)/webinars worker --workers 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/webinars run --host 127.0.0.1 --port $(PORT)

# axe-core, the accessibility engine of tests/browser/test_accessibility.py, from the npm registry
# (never a CDN). Without npm those tests are skipped with a reason (a failure on CI).
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
$(AXE): | $(VENV)/bin/python
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(VENV)/node axe-core@4 --no-audit --no-fund --silent; \
	else \
		echo "npm is not installed: the accessibility tests will be skipped (apt-get install npm)"; \
	fi

# The whole suite on SQLite, then again on PostgreSQL when WEBINARS_TEST_DATABASE_URL is set.
# The accessibility matrix (axe-core) runs on the PostgreSQL pass only, or with WEBINARS_A11Y=1.
test: $(TEST_STAMP) translations $(AXE)
	env -u WEBINARS_TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$$WEBINARS_TEST_DATABASE_URL" ]; then \
		echo "== again on $$WEBINARS_TEST_DATABASE_URL"; \
		$(BIN)/pytest; \
	fi

# The README's screenshots (docs/screenshots/), taken by tests/browser/test_screenshots.py from the demo
# as the browser tests serve it (skipped by `make test`, which leaves WEBINARS_SCREENSHOTS unset).
screenshots: $(TEST_STAMP) translations
	$(BIN)/python scripts/screenshots.py docs/screenshots

# The benchmark of issue 8 (bench/README.md): PostgreSQL by default, `make bench ARGS=--sqlite`,
# `make bench ARGS=--quick` for a smoke run. Needs wrk (Debian package) and PostgreSQL on 127.0.0.1.
$(BENCH_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@ $(TEST_STAMP) $(APP_STAMP)

bench: $(BENCH_STAMP) translations
	$(BIN)/python bench/run.py $(ARGS)

# Refresh the catalogs after changing user-facing text.
extract-messages: $(APP_STAMP)
	# --ignore-dirs: the default also skips folders starting with "_", such as templates/_macros.
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".* __pycache__" --sort-by-file -o webinars/translations/messages.pot .
	$(BIN)/pybabel update -i webinars/translations/messages.pot -d webinars/translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python scripts/english_catalog.py

clean:
	rm -rf $(VENV) instance .pytest_cache
