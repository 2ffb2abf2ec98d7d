# Two commands do all set-up on a fresh Linux machine with Python 3.11+:
#   make run   - create .venv, install, start the app
#   make test  - create .venv, install, run every test
# The venv is reused; it is reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "SMS Desk needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m desktop

test: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m pytest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) build dist *.egg-info

# --- translations (composer/i18n) -------------------------------------------------------
# .qm files are build products (see .gitignore); `run` and `test` build them first.
# After adding or changing user-visible text: `make translations-update`, then translate
# the new entries in resources/translations/*.ts (tests fail on unfinished entries).
TS_FILES := resources/translations/smsdesk_sv.ts
QM_FILES := $(TS_FILES:.ts=.qm)
TR_SOURCES = $(shell find desktop -name '*.py' | sort)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations-update: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -locations none -no-obsolete $(TR_SOURCES) -ts $(TS_FILES)

run test: $(QM_FILES)

.PHONY: translations-update
# --- end translations -------------------------------------------------------------------

# --- bench -----------------------------------------------------------------------------
# Figures users feel, each against a baseline measured in the same run (about 15 minutes;
# see bench/__init__.py). Writes bench/RESULTS.md and bench/results.json. Never part of test.
.PHONY: bench
bench: $(STAMP) $(QM_FILES)
	$(PY) -m bench.run
# --- end bench -------------------------------------------------------------------------

# --- bundle (packaging) -----------------------------------------------------------------
# `make bundle`: a one-folder PyInstaller build of the app in dist/sms-desk/ (build.spec).
# The folder runs from anywhere: copy it, then `sms-desk --smoke` self-tests it offscreen.
# PyInstaller comes from the `bundle` extra, installed into .venv on first use; `make test`
# does not need it (tests/acceptance/test_bundle_smoke.py skips until a bundle exists).
BUNDLE_STAMP := $(VENV)/.bundle-stamp

$(BUNDLE_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[bundle]'
	@touch $@

bundle: $(STAMP) $(BUNDLE_STAMP) $(QM_FILES)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller build.spec
	@du -sh dist/sms-desk | awk '{ print "bundle: dist/sms-desk/ is " $$1 " (run dist/sms-desk/sms-desk)" }'

.PHONY: bundle
# --- end bundle -------------------------------------------------------------------------
