# Two commands on a fresh machine: `make run` and `make test`. Everything they need is set up on the way.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PYTHON311 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.11*/bin/python3.11) $(shell command -v python3.11))
PYTHON310 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.10*/bin/python3.10) $(shell command -v python3.10))

VENV := .venv
BOT_VENV := bot/.venv
PY := $(VENV)/bin/python
BOT_PY := $(BOT_VENV)/bin/python
MODEL := bot/models/assistant.tar.gz
# The held-out, independent and untouched sets (see docs/measuring.md); CSV=path measures one file.
CSV ?= tests/data/nlu_heldout.csv tests/data/nlu_independent.csv tests/data/nlu_untouched.csv
EVAL_MODEL ?= $(MODEL)
# make run: create demonstration accounts and working plans on a database with no staff (development only)
DEMO ?= 1

export RASA_TELEMETRY_ENABLED := false
export KIOSK_API_PORT ?= 8000
export RASA_PORT ?= 5005
export ACTION_SERVER_PORT ?= 5055

BOT_SOURCES := bot/config.yml $(shell find bot/domain bot/data bot/components multilingual -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' \) 2>/dev/null) $(wildcard knowledge/programmes/*.yaml) knowledge/other_benefits.yaml knowledge/loader.py
PO_FILES := $(wildcard locales/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help setup run shell test eval bench audit train catalogs catalogs-extract catalogs-update catalogs-review catalogs-check \
        knowledge-check validate lint migrate admin purge learn system-packages lock bench-load bench-nlu bench-telegram danger-model

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -n "$(PYTHON311)" || { echo "Python 3.11 is needed (pyenv install 3.11)"; exit 1; }
	$(PYTHON311) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]' -c requirements.lock
	touch $@

lock: $(VENV)/.installed  ## After changing pyproject.toml: pin the hub's whole environment in requirements.lock
	$(VENV)/bin/pip install -q -e '.[dev]'
	{ sed -n '/^#/p' requirements.lock; $(VENV)/bin/pip freeze --exclude-editable | grep -v '^kentro-koinotitas'; } \
		> requirements.lock.new && mv requirements.lock.new requirements.lock

# Rasa pins SQLAlchemy 1.4 and pydantic 1, so it lives in its own virtualenv; a .pth file lets it import the
# project's shared packages (knowledge, multilingual) from the repository.
$(BOT_VENV)/.installed: bot/requirements.txt bot/requirements.lock
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed (pyenv install 3.10)"; exit 1; }
	$(PYTHON310) -m venv $(BOT_VENV)
	$(BOT_VENV)/bin/pip install -q --upgrade pip 'setuptools<70' wheel
	$(BOT_VENV)/bin/pip install -q -r bot/requirements.txt -c bot/requirements.lock
	echo "$(CURDIR)" > "$$($(BOT_PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/community_centre.pth"
	touch $@

setup: $(VENV)/.installed $(BOT_VENV)/.installed catalogs system-packages  ## Create both virtualenvs and compile the catalogs

# Debian's Chromium for the browser tests, espeak-ng for the kiosk's "listen" button; installed when missing
# (as root, as on CI), otherwise named.
system-packages:
	@missing=""; for command in chromium espeak-ng; do command -v $$command >/dev/null || missing="$$missing $$command"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get install -y -q $$missing >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null; }; \
		else echo "Please install:$$missing (Debian: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile -D messages -i $< -o $@

catalogs: $(MO_FILES)  ## Compile the gettext catalogs

catalogs-extract: $(VENV)/.installed  ## Extract the translatable strings into locales/messages.pot
	$(VENV)/bin/pybabel extract -F locales/babel.cfg --no-location --sort-output \
		--project "Community Centre assistant" -o locales/messages.pot .

catalogs-update: catalogs-extract  ## Merge new strings from the template into every catalog
	$(PY) -m tools.catalogs update

catalogs-review: $(VENV)/.installed  ## List the strings still marked as needing review, per language
	$(PY) -m tools.catalogs review

catalogs-check: catalogs  ## Check that every language of the registry has a complete, compiled catalog
	$(PY) -m tools.catalogs check

migrate: $(VENV)/.installed  ## Bring the database (DATABASE_URL, SQLite by default) up to date
	$(VENV)/bin/alembic upgrade head

purge: migrate  ## Delete transcripts older than RETENTION_DAYS now (the hub also does it every hour)
	$(PY) -m kiosk_api.flows.retention

learn: migrate $(MODEL)  ## Train on what reviewers taught; serve the new model only if no language's held-out figures drop
	$(PY) -m kiosk_api.learning.job

admin: $(VENV)/.installed  ## Create the first administrator: make admin EMAIL=you@example.org NAME="Your Name"
	$(PY) -m kiosk_api.staff.create_admin --email "$(EMAIL)" --name "$(NAME)"

knowledge-check: $(VENV)/.installed  ## Validate the knowledge base and list stale or draft entries
	$(PY) -m knowledge.check

$(MODEL): $(BOT_VENV)/.installed $(BOT_SOURCES)
	cd bot && .venv/bin/rasa train --domain domain --out models --fixed-model-name assistant
	touch $@

train: $(MODEL)  ## Train the model if the bot's data changed

danger-model: $(VENV)/.installed  ## Train the hub's danger recogniser if its data changed (1–2 minutes; kept in var/)
	$(PY) -m kiosk_api.danger.recogniser

validate: $(BOT_VENV)/.installed  ## rasa data validate
	cd bot && .venv/bin/rasa data validate --domain domain --fail-on-warnings

lint: $(VENV)/.installed  ## ruff, and the hub's layers (import-linter, [tool.importlinter] in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

run: setup $(MODEL) danger-model  ## Set up, then start the hub, Rasa and the action server [DEMO=0: no demonstration accounts]
	DEMO=$(DEMO) $(PY) -m tools.run

shell: setup $(MODEL) danger-model  ## Talk to the assistant in the terminal (starts the hub and action server)
	$(PY) -m tools.run --shell

test: setup $(MODEL) danger-model  ## Set up, then run the whole suite
	$(MAKE) --no-print-directory lint validate knowledge-check
	$(PY) -m tools.audit --when-reachable
	$(PY) -m pytest -q --durations=20 -n 2 --dist loadgroup --no-loadscope-reorder -m "not alone"
	$(PY) -m pytest -q -m alone

eval: setup $(MODEL) danger-model  ## Evaluate on the labelled sets (or CSV=path) [EVAL_MODEL=other.tar.gz]; then the danger recogniser
	$(foreach csv,$(CSV),cd bot && .venv/bin/python evaluate.py --csv "$(abspath $(csv))" --model "$(abspath $(EVAL_MODEL))" \
		--report "$(CURDIR)/reports/nlu-eval-$(basename $(notdir $(csv))).json" && cd .. &&) true
	$(PY) -m kiosk_api.danger.evaluate --report "$(CURDIR)/reports/danger-eval.json"

audit: $(VENV)/.installed  ## Known vulnerabilities in both environments' locked dependencies (needs api.osv.dev)
	$(PY) -m tools.audit

bench: setup $(MODEL)  ## Benchmarks: NLU and full-turn latency, training time, memory
	$(PY) -m bench.run

bench-nlu: setup $(MODEL)  ## NLU parse latency alone [BENCH_MODELS="before.tar.gz after.tar.gz": several models, same run]
	$(PY) -m bench.nlu $(BENCH_MODELS)

bench-load: setup $(MODEL)  ## The load benchmark alone (50 citizens through the hub and straight to Rasa)
	$(PY) -m bench.load

bench-telegram: setup $(MODEL)  ## The Telegram gateway alone: update-to-reply against the bot turn, 20 users at once
	$(PY) -m bench.telegram
