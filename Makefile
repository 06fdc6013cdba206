# Safe Harbour. `make html` or `make test` on a fresh clone is the whole set-up: both install
# what they need into .venv first (fast when nothing changed).

# The newest supported Python present (3.13, 3.12, then 3.11): scripts/newest-python.
# `make install PYTHON=python3.11` picks one by hand.
PYTHON ?= $(shell sh scripts/newest-python)
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican
# One stamp per Python version: choosing another Python (a newer one installed, or PYTHON=...)
# makes `make install` rebuild .venv with it instead of keeping one built by the old one.
STAMP := $(VENV)/.installed-$(PYTHON_VERSION)
OUTPUT ?= output
CONF ?= pelicanconf.py
PORT ?= 8000
PELICAN_OPTS ?=

.PHONY: help install html serve test check publish report clean lock bench bench-anonymiser
.PHONY: new-story preview pr-report

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

install: $(STAMP) ## Create .venv and install the pinned requirements (idempotent)

# Re-runs only when the pins or the package list change.
$(STAMP): requirements.txt pyproject.toml
	@test -n "$(PYTHON_VERSION)" || { echo "no Python 3.11 to 3.13 found (scripts/newest-python)" >&2; exit 1; }
	@if test -x $(PY) && [ "$$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PYTHON_VERSION)" ]; then \
	  echo "rebuilding $(VENV) with Python $(PYTHON_VERSION) ($(PYTHON))"; rm -rf $(VENV); fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

html: install ## Build the site into output/
	$(PELICAN) content -o $(OUTPUT) -s $(CONF) $(PELICAN_OPTS)

serve: install ## Build, serve on http://127.0.0.1:8000 and rebuild on every change
	$(PELICAN) content -o $(OUTPUT) -s $(CONF) --autoreload --listen --bind 127.0.0.1 --port $(PORT) $(PELICAN_OPTS)

test: install ## Run the whole test suite
	$(PY) -m pytest

publish: install ## Build the site for publishing (absolute URLs, anonymisation forced on)
	$(MAKE) html CONF=publishconf.py
	$(MAKE) check

check: install ## Leak gate on an existing output: no removed name, place or school in any file (uses cache/leak-gate)
	$(PY) -m plugins.leak_gate $(OUTPUT)

report: install ## Editor's report per story + summary into reports/ (private, never published; cached after a build)
	$(PY) -m plugins.leak_gate.report --settings $(CONF) --out reports

clean: ## Remove the output, the caches and the editor's reports
	rm -rf $(OUTPUT) cache reports output-screenshots .pytest_cache

lock: install ## Re-pin requirements.txt from requirements.in
	$(PY) -m pip install --quiet -r requirements.in
	( echo "# Pinned by 'make lock' from requirements.in: every package the site, tests and benchmarks use."; \
	  $(PY) -m pip freeze --exclude-editable ) > requirements.txt

bench-anonymiser: install ## Anonymiser words per second over a large synthetic corpus
	$(PY) bench/bench_anonymiser.py

# The build benchmark runs last: the anonymiser's and the search page's benchmarks first.
bench: install bench-anonymiser bench-search ## Build times, weights and targets at 1,000 synthetic stories -> bench/results.md
	$(PY) bench/bench_build.py

.PHONY: bench-search search-quality anon-quality risk-quality
risk-quality: install ## The re-identification check on every quasi-identifier corpus -> bench/results-risk.md
	$(PY) bench/risk_quality.py bench/risk-holdout --markdown bench/results-risk.md
	$(PY) bench/risk_quality.py bench/risk-holdout-2 --markdown bench/results-risk.md --append
	$(PY) bench/risk_quality.py bench/risk-holdout-3 --markdown bench/results-risk.md --append
	$(PY) bench/risk_quality.py bench/risk-holdout-4 --markdown bench/results-risk.md --append
	$(PY) bench/risk_quality.py bench/risk-holdout-5 --markdown bench/results-risk.md --append
	$(PY) bench/risk_quality.py bench/risk-holdout-6 --markdown bench/results-risk.md --append
	$(PY) bench/risk_quality.py bench/risk-holdout-7 --markdown bench/results-risk.md --append

anon-quality: install ## Anonymiser recall and precision on every annotated corpus -> bench/results-anonymiser.md
	$(PY) bench/anon_quality.py

.PHONY: probe
probe: install ## Name and place substitution probe by community and position -> bench/results-probe.md
	$(PY) bench/name_probe.py

bench-search: install ## Search page on a throttled phone at 50/300/1,000 stories: first and complete results -> bench/results-search.md
	$(PY) bench/bench_search.py

.PHONY: bench-publish
bench-publish: install ## Build the site with each unseen corpus added; count leak-gate alarms, real and false -> bench/results-publish.md
	$(PY) bench/bench_publish.py

search-quality: install ## Reader queries and the detail set (words in one story only): first and complete results vs whole-body lunr
	$(PY) bench/search_quality.py

# Editors' commands (CONTRIBUTING.md). TITLE, STORY and STORIES reach the tools through the
# environment ("$$TITLE"), so quotes and apostrophes in a title need no escaping.
new-story: install ## Start a new story: make new-story TITLE="The week the letter came"
	@$(PY) -m plugins.editor_tools.new_story --title "$$TITLE"

preview: install ## Check, anonymise and report on one story: make preview STORY=content/stories/<file>.md [HTML=1] [UNMASK=1]
	@$(PY) -m plugins.editor_tools.preview $(if $(HTML),--html) $(if $(UNMASK),--unmask) -- "$$STORY"

pr-report: install ## The pull-request report comment for some stories: make pr-report STORIES="a.md b.md"
	@$(PY) -m plugins.editor_tools.pr_report $$STORIES
