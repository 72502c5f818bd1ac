# chainnav: `make demo` runs the main job on the bundled data, `make test` runs the test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= chainnav.duckdb
OUT    ?= demo-output
SF     ?= 0.1
ECHARTS_JS := src/chainnav/static/vendor/echarts.min.js

.PHONY: demo test lint bench install system-deps assets serve clean

demo: install
	$(BIN)/chainnav demo --db $(DB) --out $(OUT)

test: install
	$(BIN)/ruff check src tests bench
	@set +e; $(BIN)/pytest -q -n 2 --dist loadgroup; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python -m bench.run --sf $(SF)

serve: install
	$(BIN)/chainnav serve --db $(DB)

install: $(VENV)/.installed assets system-deps

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,spark]'
	touch $@

assets: $(ECHARTS_JS)

$(ECHARTS_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(dir $@)
	cp node_modules/echarts/dist/echarts.min.js $@

# Debian packages: Chromium for browser tests and chart rendering, Noto CJK fonts for Chinese
# text in PDF and PNG, poppler-utils for PDF checks. Installed only when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  echo "installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

clean:
	rm -rf $(VENV) node_modules $(ECHARTS_JS) $(DB) $(OUT)
