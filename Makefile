# Linkwork: `make run` serves the app with demo data; `make test` runs every check.
# Both set everything up first (virtualenv, pinned dependencies, front-end assets, migrations).

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
TEST_SETTINGS := linkwork.config.settings.test

.PHONY: setup run test check lint format migrate lock clean bench

$(BIN)/.installed: requirements/dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Linkwork needs Python 3.11 or newer (found %s)." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

var/frontend/.built: node_modules/.installed scripts/build_frontend.py $(BIN)/.installed
	$(BIN)/python scripts/build_frontend.py
	@touch $@

setup: $(BIN)/.installed var/frontend/.built

# Benchmarks over HTTP (docs/scaling.md, "Benchmarks"): PostgreSQL only; an empty database is
# migrated and seeded with the reference dataset first. gunicorn is stopped at the end, even on error.
bench: setup
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name (see docs/scaling.md)."; exit 2;; esac
	DJANGO_SETTINGS_MODULE=linkwork.bench.settings $(MANAGE) run_bench $(BENCH_ARGS)

migrate: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) sync_instruments

# A task worker (outbox delivery) runs in the background in the same process group as the web
# server, so Ctrl+C, or killing the group, stops both; the trap stops it when the server ends.
run: migrate
	$(MANAGE) seed_demo
	@echo "Linkwork is at http://127.0.0.1:$(PORT)/ (stop with Ctrl+C); a worker sends its messages"
	$(MANAGE) db_worker --no-reload --interval 2 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

check: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(MANAGE) check

# The suite runs on every core (TEST_WORKERS=0 runs it in one process); each test file stays on one
# worker, so records a module builds once are built once. The 25 slowest tests are listed every run.
TEST_WORKERS ?= auto
test: check
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=25 $(PYTEST_ARGS)

lint: check

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin dependencies after editing requirements/*.in (needs the registry).
lock:
	$(PYTHON) -m venv /tmp/linkwork-pip-tools
	/tmp/linkwork-pip-tools/bin/pip install --quiet pip-tools
	cd requirements && /tmp/linkwork-pip-tools/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o base.lock base.in
	cd requirements && /tmp/linkwork-pip-tools/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o dev.lock dev.in

clean:
	rm -rf $(VENV) node_modules var
