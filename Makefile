# linkwork: `make demo` runs the product with a demo world; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(VENV)
export LINKWORK_VAR_DIR ?= $(CURDIR)/var
PG_URL ?= postgres://postgres@127.0.0.1:5432/linkwork_ci
VENDOR := src/linkwork/static/vendor
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk

.PHONY: help install assets migrate demo serve test lint typecheck test-sqlite test-postgres \
        postgres browser pango bench bench-lookups bench-generate bench-evaluation bench-extract bench-validity \
        bench-import bench-package bench-pooled \
        loadtest clean backup

help:
	@echo "make demo   - install, build assets, migrate, build the demo world and serve it"
	@echo "make test   - install, then ruff, mypy and the test suite on SQLite and PostgreSQL"
	@echo "make bench  - run the benchmarks"
	@echo "make bench-generate - build a share of a national year on PostgreSQL beside a bare COPY"
	@echo "make bench-evaluation - the export and the report on PostgreSQL beside DuckDB (EVALUATION_SCALE=1)"
	@echo "make bench-extract - time the bulk extract of every scheme on the world in BENCH_DATABASE_URL"
	@echo "make bench-import - import a generated export into a scheme on PostgreSQL beside a bare COPY"
	@echo "make bench-package - package generated exports offline: time and peak memory by size"
	@echo "make bench-pooled - export each region, pool the packages and report on the pool"
	@echo "make bench-validity - the simulation study: do the report's 95% intervals cover the truth?"
	@echo "make loadtest - drive the production server with every role's pages (LOADTEST_DATABASE_URL for PostgreSQL)"
	@echo "make backup - back up the PostgreSQL database named by DATABASE_URL (docs/backup-restore.md)"

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --quiet --compile-bytecode
	touch $@

install: $(VENV)/.installed pango

# WeasyPrint (the end-of-episode summary's PDF) draws text with Pango; Debian's packages.
pango:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || { \
		echo "Installing Debian's Pango libraries for the PDF documents"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; }

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The NHS.UK frontend's CSS points at /assets/ and at a remote web font; rewrite both so the
# pages work from our own static files with no network access (the font falls back to Arial).
$(VENDOR)/.built: node_modules/.package-lock.json
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/nhsuk/assets $(VENDOR)/htmx
	sed -E 's#@font-face\{[^}]*\}##g; s#url\(/assets/#url(assets/#g; s#/\*\# sourceMappingURL=[^*]*\*/##' \
		$(NHSUK)/nhsuk-frontend.min.css > $(VENDOR)/nhsuk/nhsuk-frontend.min.css
	sed -E 's#//\# sourceMappingURL=.*$$##' $(NHSUK)/nhsuk-frontend.min.js > $(VENDOR)/nhsuk/nhsuk-frontend.min.js
	cp -r $(NHSUK)/assets/images $(VENDOR)/nhsuk/assets/images
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	touch $@

assets: $(VENDOR)/.built

migrate: install
	$(BIN)/linkwork migrate --noinput

# The demo world is dated relative to its reference date: the day it was first built, unless
# DEMO_TODAY=YYYY-MM-DD names another (for a fresh database, or after `linkwork demo --reset`).
# The demo serves as of the date its world records; like production it shows no debug pages,
# and WhiteNoise serves the collected static files.
DEMO_TODAY ?=

demo: install assets migrate
	$(BIN)/linkwork collectstatic --noinput --verbosity 0
	$(BIN)/linkwork demo $(if $(DEMO_TODAY),--reference-date $(DEMO_TODAY))
	@echo "Serving linkwork on http://127.0.0.1:8000/ as of $$($(BIN)/linkwork demo --print-reference-date) (Ctrl+C to stop)"
	DEBUG=false LINKWORK_TODAY=$$($(BIN)/linkwork demo --print-reference-date) $(BIN)/linkwork serve --with-worker --bind 127.0.0.1:8000

serve: install assets
	$(BIN)/linkwork collectstatic --noinput --verbosity 0
	$(BIN)/linkwork serve --with-worker --bind 127.0.0.1:8000

lint: install
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	PYTHONPATH=tools $(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# Each database's suite keeps its own var directory, so the two can run side by side.
test-sqlite: install assets browser
	$(BIN)/linkwork makemigrations --check --dry-run
	env -u DATABASE_URL LINKWORK_VAR_DIR=$(LINKWORK_VAR_DIR)/test-sqlite $(BIN)/pytest -q
	$(BIN)/python scripts/check-upgrade --database sqlite

postgres:
	@scripts/ensure-postgres

# The browser journeys run once, in the SQLite suite (the demo's database): Chromium is most
# of their cost, and the views and services behind their pages have tests that run on both.
test-postgres: install assets browser postgres
	DATABASE_URL=$(PG_URL) LINKWORK_VAR_DIR=$(LINKWORK_VAR_DIR)/test-postgres \
		$(BIN)/pytest -q --create-db -m "not browser"
	$(BIN)/python scripts/check-upgrade --database postgres

# The two suites run at once, one on each core (most of a test's time is Python, on one
# core); each suite's output is printed whole when it ends.
test: lint typecheck install assets browser postgres
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# A pg_dump of DATABASE_URL with its checksum, into BACKUP_DIR (default var/backups); backups
# older than BACKUP_KEEP_DAYS are then deleted. Restore with scripts/restore-postgres.
BACKUP_DIR ?= $(LINKWORK_VAR_DIR)/backups
BACKUP_KEEP_DAYS ?= 35

backup:
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the PostgreSQL database to back up." >&2; exit 1; }
	scripts/backup-postgres --dir "$(BACKUP_DIR)" --keep-days $(BACKUP_KEEP_DAYS)

bench: install assets
	$(BIN)/python -m linkwork.bench

# Load a national-size (synthetic) postcode file on PostgreSQL and SQLite beside a bare COPY.
bench-lookups: install
	$(BIN)/python -m linkwork.bench.lookups_load

# Build a share of a national year (GENERATE_SCALE) on PostgreSQL beside a bare COPY of the
# same rows; figures only (README, "A national year, generated").
GENERATE_SCALE ?= 1/100national
bench-generate: install
	$(BIN)/python -m linkwork.bench.generate --scale $(GENERATE_SCALE)

# The export and the full report on PostgreSQL beside DuckDB's aggregates from the exported
# Parquet (README, "Evaluated fast"). Rebuilds the demo world at EVALUATION_SCALE in
# BENCH_DATABASE_URL unless EVALUATION_REUSE=--reuse. Not part of `make test`.
EVALUATION_SCALE ?= 1
EVALUATION_REUSE ?=
bench-evaluation: install postgres
	DATABASE_URL=$(or $(BENCH_DATABASE_URL),postgres://postgres@127.0.0.1:5432/linkwork_bench) \
		$(BIN)/python -m linkwork.bench.evaluation_speed --scale $(EVALUATION_SCALE) $(EVALUATION_REUSE)

# The common dataset's bulk extract of every scheme, timed on the world already in
# BENCH_DATABASE_URL (build it first, e.g. `linkwork demo --scale 0.1national`).
bench-extract: install postgres
	DATABASE_URL=$(or $(BENCH_DATABASE_URL),postgres://postgres@127.0.0.1:5432/linkwork_bench) \
		$(BIN)/python -m linkwork.bench.extract_speed

# Import a generated case-management export (IMPORT_ROWS referrals) into a scheme on a scratch
# PostgreSQL database beside a bare COPY of the rows it wrote, then the same volume with one
# row in ten broken (--skip-invalid); figures only (docs/import.md).
IMPORT_ROWS ?= 20000
bench-import: install postgres
	$(BIN)/python -m linkwork.bench.import_speed --rows $(IMPORT_ROWS)

# Package generated case-management exports (PACKAGE_ROWS referrals each) offline, in a process
# of their own: time and peak memory by size; figures only (docs/import.md, "Large exports").
PACKAGE_ROWS ?= 20000 100000
bench-package: install
	$(BIN)/python -m linkwork.bench.package_memory --rows $(PACKAGE_ROWS)

# Export each region of the world already in BENCH_DATABASE_URL as a package of its own, pool
# them and run the external report on the pool beside DuckDB (README, "Evaluated fast").
bench-pooled: install postgres
	DATABASE_URL=$(or $(BENCH_DATABASE_URL),postgres://postgres@127.0.0.1:5432/linkwork_bench) \
		$(BIN)/python -m linkwork.bench.pooled_evaluation

# 200 replications of a small simulated world through the report's own estimators (about a
# minute on two cores). Not part of `make test`.
VALIDITY_REPLICATIONS ?= 200
VALIDITY_WORKERS ?= 2
bench-validity: install
	$(BIN)/linkwork evaluation simulate --replications $(VALIDITY_REPLICATIONS) --seed 1 \
		--workers $(VALIDITY_WORKERS)

# Not part of `make test`: figures, never pass or fail (README, "Under load"). A demo world is
# built in var/loadtest (or LOADTEST_DATABASE_URL) and served on a free port while it runs.
loadtest: install assets
	scripts/loadtest

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
