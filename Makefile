# Mexico local-diplomacy compendium. `make help` lists the targets.
# Everything runs inside .venv, created on first use from the pinned requirements.lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
UV := $(BIN)/uv
KERNEL := mx-local-diplomacy
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
# The translation catalogs, compiled from their .po files (never committed): every target that
# runs a report or a test needs them.
CATALOGS := $(wildcard src/helpers/words/locale/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
export UV_PYTHON_DOWNLOADS := never
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.DEFAULT_GOAL := help
.PHONY: help setup catalogs messages report archive picture test test-fast lint format lab lock clean system-deps bench bench-instructions dictionary

help: ## Show this list of targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{ printf "%-20s%s\n", $$1, $$2 }'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# uv (its version and hashes are in the lock like every other package) installs the rest.
	@test -x $(UV) || { awk '/^uv==/ {keep=1; print; next} keep && /^ / {print; next} {keep=0}' \
	  requirements.lock > $(VENV)/uv-requirement.txt && \
	  $(BIN)/python -m pip install -q --require-hashes --no-deps -r $(VENV)/uv-requirement.txt; }
	$(UV) pip sync -q --python $(BIN)/python --require-hashes --compile-bytecode requirements.lock
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (mx-local-diplomacy)" >/dev/null
	@# JupyterLab opens without asking to fetch news or check for updates (no pop-up, no request out).
	@mkdir -p $(LAB_SETTINGS) && printf '%s\n' \
	  '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
	  > $(LAB_SETTINGS)/overrides.json
	@if git rev-parse --git-dir >/dev/null 2>&1; then $(BIN)/nbstripout --install --attributes .gitattributes \
	  --extra-keys "metadata.papermill cell.metadata.papermill cell.metadata.execution"; fi
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP) ## Create .venv and install the locked dependencies and the package

$(COMPILED): %.mo: %.po $(STAMP)
	$(BIN)/python -m helpers.words.catalog compile

catalogs: $(COMPILED) ## Compile the translation catalogs (refused while a message is untranslated)

messages: $(STAMP) ## After editing src/helpers/words/messages.py: rewrite messages.pot and merge it into each .po
	$(BIN)/python -m helpers.words.catalog extract

report: $(STAMP) $(COMPILED) ## Regenerate every output from data/raw/ (tables, figures, notebooks, HTML, PDF, the site in reports/site/)
	$(BIN)/python -m helpers.build.cli report $(REPORT_FLAGS)
	@cp docs/data_dictionary.md reports/data_dictionary.md

archive: report ## One versioned zip (dist/) of the site, processed tables, datapackage.json, CITATION.cff and terms
	$(BIN)/python -m helpers.build.cli archive

picture: $(STAMP) ## After changing the site's look: the picture of its front page that opens the README
	$(BIN)/python docs/front_page_picture.py

test: $(STAMP) $(COMPILED) lint ## Lint, then run the whole test suite (what CI runs)
	$(BIN)/python -m pytest

test-fast: $(STAMP) $(COMPILED) ## The tests not marked slow (no notebook, build, browser or subprocess): a minute
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP) ## Ruff lint and format check (notebooks included), and the stage layers (import-linter)
	$(BIN)/ruff check src tests notebooks benchmarks docs
	$(BIN)/ruff format --check src tests notebooks benchmarks docs
	$(BIN)/lint-imports --no-cache

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests notebooks benchmarks docs
	$(BIN)/ruff format src tests notebooks benchmarks docs

lab: $(STAMP) $(COMPILED) ## Start JupyterLab with the project's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks --LabApp.news_url=None

bench: $(STAMP) $(COMPILED) ## Benchmarks: the report build against the naive way, and cleaning at scale
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_cleaning.py

bench-instructions: $(STAMP) ## Instructions per cleaned row, by callgrind: they repeat, timings on a shared machine do not (needs valgrind)
	$(BIN)/python benchmarks/instructions.py

dictionary: $(STAMP) ## Regenerate docs/data_dictionary.md from the pandera schemas
	$(BIN)/python -m helpers.tables.dictionary > docs/data_dictionary.md

lock: $(STAMP) ## Re-resolve pyproject.toml's dependencies into requirements.lock (hashes; kept versions unless UPGRADE=1)
	$(UV) pip compile pyproject.toml --extra test --extra dev --generate-hashes --no-annotate \
	  --python-version 3.11.5 --python-platform x86_64-unknown-linux-gnu \
	  --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) -o requirements.lock

system-deps: ## Debian: Pango, HarfBuzz's subsetter and fonts for the PDF step, Chromium for the browser tests (where missing)
	@missing=""; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	fc-list | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then apt-get update -q && apt-get install -y -q $$missing; \
	else echo "system libraries present"; fi

clean: ## Remove generated outputs (data/processed, reports), keeping .venv
	rm -rf data/processed reports/executed reports/html reports/pdf reports/figures reports/failed reports/logs reports/site reports/.cache reports/manifest.json dist
