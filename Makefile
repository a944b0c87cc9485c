# Two commands matter: `make run` and `make test`. Both install what they need and are idempotent.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
APT_PACKAGES := chromium poppler-utils fonts-dejavu-core fonts-liberation2 \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libreoffice-writer-nogui

.PHONY: install system run test lint vendor plaatjes

install: $(VENV)/.installed system

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[test]"
	touch $@

# System packages for PDF rendering and browser tests; only installs what is missing.
system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "apt-get install $$missing"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi

# Mails link to SITE_URL: the address this server is on, unless SITE_URL is set (a proxy, a tunnel).
run: export DEBUG = true
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py demo
	@# One worker for the background jobs beside the web server; stopping make stops both.
	@$(PY) manage.py werker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Two processes, one per core; a test file stays in one process (its Redis database, its live server). The
# slowest tests are listed at the end, to keep the suite well under 15 minutes.
test: install
	SECRET_KEY=alleen-voor-tests DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -n 2 --dist loadfile --durations=25

# Style, formatting and the import contract ([tool.importlinter] in pyproject.toml: packages depend one way).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# NL Design System CSS (Rijkshuisstijl Community), copied as built files so running the app needs no Node.
vendor:
	tmp=$$(mktemp -d) && \
	npm install --prefix $$tmp --no-audit --no-fund --no-save \
		@rijkshuisstijl-community/components-css@12.0.0 @rijkshuisstijl-community/design-tokens@11.1.0 && \
	mkdir -p static/vendor/nlds && \
	cp $$tmp/node_modules/@rijkshuisstijl-community/components-css/dist/index.css static/vendor/nlds/components.css && \
	cp $$tmp/node_modules/@rijkshuisstijl-community/design-tokens/dist/index.css static/vendor/nlds/design-tokens.css && \
	cp $$tmp/node_modules/@rijkshuisstijl-community/components-css/LICENSE.md static/vendor/nlds/LICENSE.md; \
	status=$$?; rm -rf $$tmp; exit $$status

# PNG images of the first pages of the demo annex, to look at: var/plaatjes/bijlage-01.png, ...
# Renders into a throwaway database under var/plaatjes; `make plaatjes PAGINAS=5` for more pages.
PAGINAS ?= 3
plaatjes: install
	rm -rf var/plaatjes && mkdir -p var/plaatjes
	export DEBUG=true LOG_LEVEL=WARNING DATABASE_URL=sqlite:///$(CURDIR)/var/plaatjes/demo.sqlite3 \
		MEDIA_ROOT=$(CURDIR)/var/plaatjes/media && \
	$(PY) manage.py migrate --noinput -v0 && \
	$(PY) manage.py laad_bijlage fixtures/bijlage-2021-06-29.json --rapportage "Stand van zaken juni 2021" \
		--kamerstuk "35 510, nr. 60" >/dev/null && \
	$(PY) manage.py maak_bijlage --rapportage 1 -o var/plaatjes/bijlage.pdf --html var/plaatjes/bijlage.html
	pdftoppm -png -r 80 -l $(PAGINAS) var/plaatjes/bijlage.pdf var/plaatjes/bijlage
	@ls var/plaatjes/*.png
