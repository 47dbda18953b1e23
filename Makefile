# Paper Atlas. `make site` builds the site from data/raw/; `make test` runs every test.
VENV   ?= .venv
PY     := $(VENV)/bin/python
MKDOCS := $(PY) -m mkdocs
export NO_MKDOCS_2_WARNING := 1

.PHONY: site site-full serve ingest update build test bench deploy check report browser clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

ingest: $(VENV)/.runtime
	$(PY) -m generator ingest

# ingest + build in one process (the corpus passed on in memory); MkDocs then finds docs/ up to date.
update: $(VENV)/.runtime
	$(PY) -m generator update

build: $(VENV)/.runtime
	$(PY) -m generator build

check: $(VENV)/.runtime
	$(PY) -m generator check

report: $(VENV)/.runtime
	$(PY) -m generator report

# `mkdocs build --strict` into a scratch folder, then swapped in: an interrupted build never
# leaves half a site. Only the pages that changed are rendered when that gives the same site
# (generator/incremental.py); `make site-full` renders every page.
site: update
	$(PY) -m generator site
	@echo "site/ is ready: open site/index.html or run 'make serve'"

site-full: update
	$(PY) -m generator site --full
	@echo "site/ is ready: open site/index.html or run 'make serve'"

serve: update
	$(MKDOCS) serve

# Debian's Chromium drives the browser tests (Playwright cannot download browsers here);
# GitHub's Ubuntu runners have one at /usr/bin/chromium already. sudo only when not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.dev browser
	$(PY) -m pytest -n auto --dist loadfile

bench: $(VENV)/.dev
	$(PY) -m bench

# Publish to the gh-pages branch. The address (site_url) is SITE_URL when given
# (`make deploy SITE_URL=https://example.org/atlas/`), else the GitHub Pages URL of
# the git remote `origin`; anything else stops here, before building.
deploy: $(VENV)/.runtime
	SITE_URL="$$($(PY) -m generator site-url)" && export SITE_URL && echo "publishing at $$SITE_URL" && \
	  $(PY) -m generator update && $(MKDOCS) gh-deploy --force --strict

clean:
	rm -rf site .site-build .site.atlas-build.json .pytest_cache
