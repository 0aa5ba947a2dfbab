# The two commands: `make run` (the product) and `make test` (every test). See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
REQS := requirements.txt requirements-dev.txt constraints.txt
STAMP := $(VENV)/.installed-$(shell cat $(REQS) 2>/dev/null | sha1sum | cut -c1-12)
RESULTS := results
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: run run-cluster test-cluster test install train validate lint test-fast test-unit test-stories check-scenarios score-report nlu-report nlu-options bench bench-short bench-cluster clean

## run: install what is missing, train if stale, start every process, print the URLs
run: install
	$(PY) -m bot run

## run-cluster: the same with several servers behind nginx (docs/deploy.md): N from CLUSTER_REPLICAS
run-cluster: install
	$(PY) -m bot run --replicas

## test: every test: data validation, unit and end-to-end tests, conversation tests, the short bench
test: install lint train validate test-unit test-stories bench-short

## install: the virtual environment with pinned packages (does nothing when up to date)
install: $(STAMP)

$(STAMP): $(REQS)
	@python310=$$(scripts/find-python310.sh) || exit 1; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then \
	  echo "Replacing $(VENV): it is not Python 3.10"; rm -rf $(VENV); fi; \
	[ -x $(PY) ] || $$python310 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@rm -f $(VENV)/.installed-*; touch $@

## train: train the model only when config, domain or training data changed
train: install
	$(PY) -m bot train

## check-scenarios: validate data/scenarios/*.yml and play every case with scripted trainees (docs/scenarios.md)
check-scenarios: install
	$(PY) -m bot scenarios check

## lint: ruff over the whole tree, then mypy over our packages (both configured in pyproject.toml)
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

validate: install
	$(PY) -m bot scenarios check
	$(PY) -m bot rasa data validate --data data/nlu data/stories --domain domain.yml --config config.yml --fail-on-warnings

## test-fast: lint and the package rules, then the tests that need no trained model, no server,
## no PostgreSQL and no child process (no training); under a minute on 2 cores
test-fast: install lint
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PY) -m pytest -q -m "not model and not server" tests

test-unit: install train
	$(PY) -m pytest -q -m "not cluster" tests

## bench-cluster: the cluster against one server at the same training floor, side by side (needs PostgreSQL, nginx, Redis)
bench-cluster: install train
	$(PY) -m bench.cluster

## test-cluster: the fault test: 2 of each server behind nginx, Redis, PostgreSQL; servers killed under load (a few minutes)
test-cluster: install train
	$(PY) -m pytest -q -m cluster tests

test-stories: install train
	$(PY) -m bot rasa test core --stories tests/ --model models/coach.tar.gz \
	  --fail-on-prediction-errors --out $(RESULTS)/stories

## nlu-report: intent macro F1, band accuracy and replies two bands off, dev and frozen held-out set apart; how often two raters agree
nlu-report: install train
	$(PY) -m tests.nlu_report --json $(RESULTS)/nlu-report.json

## score-report: the dev set only, every miss listed (the tuning view; the held-out set is not read)
score-report: install train
	$(PY) -m tests.nlu_report --misses

## nlu-options: the NLU set-ups compared side by side (cold training, F1, bands, parse time; docs/nlu.md)
nlu-options: install
	$(PY) -m bench.nlu_options

## bench: the full benchmark (about 16 minutes): latency ours vs bare Rasa, training, memory, scorer
bench: install train
	$(PY) -m bench

## bench-short: the same with a few seconds of load per level (part of `make test`)
bench-short: install train
	$(PY) -m bench --short

clean:
	rm -rf models .rasa $(RESULTS) .pytest_cache
