# `make run` and `make test` are the whole set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# `make test` runs on every core (pytest-xdist), at most four workers; TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= auto

.PHONY: help run test test-browser lint check bench clean cluster cluster-stop cluster-test messages

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

run: $(VENV)/.installed ## Install, migrate, load demo content, start the task worker and serve on http://127.0.0.1:8000
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	DJANGO_DEBUG=1 $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

test: $(VENV)/.installed ## Run every test in parallel (SQLite unless DATABASE_URL is set)
	$(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist load $(PYTEST_ARGS)

# The browser tests' checkers (vnu-jar, axe-core), pinned in package-lock.json; no install scripts
# (vnu-jar's would fetch a Java: the machine's runs the jar).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test-browser: $(VENV)/.installed node_modules/.installed ## Browser tests: Playwright driving the system's Chromium (/usr/bin/chromium) against a live server; vnu and axe-core on every public page
	$(PY) -m pytest tests/browser -m browser $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff check, format check and the import contract (docs/ARCHITECTURE.md)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check: $(VENV)/.installed ## Missing migrations and the deployment checklist
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=$$(openssl rand -hex 40) DJANGO_ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING

cluster: $(VENV)/.installed ## Production on this machine: nginx (TLS) on https://localhost:8443 over two app servers, worker, S3 (moto); Ctrl-C stops
	$(PY) scripts/cluster.py start

cluster-stop: ## Stop a cluster started by `make cluster` in another terminal
	$(PY) scripts/cluster.py stop

cluster-test: $(VENV)/.installed ## Start the cluster, test it as an operator would (failover, shared sessions, media, backup), stop it
	$(PY) scripts/cluster_test.py

bench: $(VENV)/.installed ## Requests/s and CPU per request of each page type vs a bare Django view (PostgreSQL, 10,000 articles, gunicorn, wrk)
	$(PY) scripts/bench.py $(BENCH_ARGS)

# The interface's translations: locale/<lang>/LC_MESSAGES/django.po (edited by hand) and the
# compiled django.mo (committed, so `make run` and `make test` need no gettext tools).
MESSAGES_IGNORE := -i .venv -i tests -i staticfiles -i media -i private -i .cluster -i scripts
messages: $(VENV)/.installed ## Collect new interface strings into locale/ru/…/django.po and compile it (needs GNU gettext)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l ru --no-obsolete --no-location -e html,txt,py,xml $(MESSAGES_IGNORE)
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages -l ru -i .venv
	@msgfmt --statistics -o /dev/null locale/ru/LC_MESSAGES/django.po

clean: ## Remove the venv, node_modules, the SQLite database and uploaded media
	rm -rf $(VENV) node_modules db.sqlite3 media private staticfiles .cluster .bench
