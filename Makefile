# Set up the portal's environment, then hand over to invoke (tasks.py).
#   make serve   build the site and serve it on http://127.0.0.1:8000/
#   make test    run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help setup setup-dev browser serve build test lint validate clean

help:
	@echo "make serve    installe, construit et sert le portail sur http://127.0.0.1:8000/"
	@echo "make test     installe, vérifie le style et les types, puis lance toute la suite de tests"
	@echo "make lint     installe et vérifie seulement le style et les types"
	@echo "make build    installe et construit le site dans output/"
	@echo "make validate installe et vérifie le contenu sans construire"

$(STAMP): requirements.txt package-lock.json pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	npm ci --no-audit --no-fund
	touch $(STAMP)

# Tests and tools (pytest, Playwright, linters…) on top of what builds the site.
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

setup: $(STAMP)

setup-dev: $(DEV_STAMP)

# Browser tests drive Debian's Chromium; the Nu validator needs Java; the reproducibility
# test moves the clock with faketime. Install what is missing (needs root or sudo).
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v faketime >/dev/null 2>&1 || missing="$$missing faketime"; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

serve: setup
	$(BIN)/invoke build serve

build: setup
	$(BIN)/invoke build

validate: setup
	$(BIN)/invoke validate

test: setup-dev browser
	$(BIN)/invoke lint test

lint: setup-dev
	$(BIN)/invoke lint

clean:
	rm -rf output output.new output.old
