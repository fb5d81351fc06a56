# 棚改通 — the two commands of the README, and the steps they share.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint bench install assets messages pdf browser clean

run: install assets messages pdf ## Start PostgreSQL, Redis, web, worker and beat with demo data
	$(PY) -m config.stack run

test: install assets messages pdf browser lint ## The house's order and style, then the tests on real PostgreSQL and Redis
	$(PY) -m config.stack exec -- $(PY) -m pytest $(PYTEST_ARGS)

lint: install ## Layers (import-linter contract in pyproject.toml) and style (ruff)
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: install assets messages ## Benchmarks on the city dataset: each figure beside a floor measured in the same run
	$(PY) -m pip install --quiet -c constraints.txt -e ".[embedded,test,bench]"
	$(PY) -m config.stack exec -- sh -c "$(PY) manage.py migrate --noinput -v 0 && $(PY) manage.py collectstatic --noinput -v 0 && $(PY) benchmarks/city.py && $(PY) benchmarks/pages.py && $(PY) benchmarks/weekly_report.py && $(PY) benchmarks/roster_import.py"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[embedded,test]"
	touch $(STAMP)

assets: static/vendor/.built

static/vendor/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons static/vendor/echarts static/vendor/htmx
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts static/vendor/bootstrap-icons/
	cp node_modules/echarts/dist/echarts.min.js static/vendor/echarts/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	touch static/vendor/.built

pdf: ## Pango and the CJK fonts WeasyPrint prints the agreements with
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -q "CJK SC"; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-cjk; \
	  else echo "打印协议（PDF）需要 Pango 与中文字体：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"; exit 1; fi; }

browser: ## Debian's chromium and CJK fonts for the browser tests (Playwright drives them)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; \
	  else echo "浏览器测试需要 Debian 的 chromium：sudo apt-get install chromium fonts-noto-cjk"; exit 1; fi; }

messages: install
	$(PY) -m config.stack compilemessages

clean:
	rm -rf $(VENV) node_modules static/vendor
