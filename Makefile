# 汇审 — set-up and everyday commands. `make demo` and `make test` work on a fresh machine.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
CAMPAIGNS := banzu studio youzhi chuangjian wuxiao

.PHONY: demo test sysdeps venv lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# LibreOffice Writer reads .doc/.wps/.rtf/.odt and builds the PDF samples; Calc reads .xls/.ods and proves
# the xlsx outputs open in LibreOffice; Noto CJK gives both Chinese glyphs and DejaVu the Latin ones (the samples
# render with these two only: samples/fonts.conf); unar (unrar-free as fallback)
# decompresses .rar members; PostgreSQL only lets the tests prove a shared registry works (the registry tests
# start a throwaway server; an office's own registry is SQLite unless it points at a server). Installed only when missing: as root via apt-get, otherwise a message.
# chromium and chromium-driver let the web page's tests run in a real browser (Selenium; no browser download).
SYSPKGS := libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-dejavu-core unar unrar-free postgresql \
           chromium chromium-driver
sysdeps:
	@missing=""; for p in $(SYSPKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ] || ! command -v dpkg >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "安装系统组件：$$missing ……"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $$missing >/dev/null; \
	else echo "提示：缺少系统组件$$missing；PDF 样例和相关测试将跳过。安装：sudo apt-get install$$missing"; fi

# One sample inbox per bundled campaign, each run as a user would: outputs/demo_<campaign>/. Last year's
# 命名名单 goes into a demo registry of its own (outputs/demo_registry/, never the user's), and the batch is
# remembered there, so the demo shows the registry checks too.
DEMO_REGISTRY := outputs/demo_registry
demo: venv sysdeps
	@rm -rf $(DEMO_REGISTRY); for c in $(CAMPAIGNS); do \
	  rm -rf samples/inbox_$$c outputs/demo_$$c && \
	  year=$$($(BIN)/python -c "from samples.named_list import named_list; print(named_list('$$c')[0])") && \
	  $(BIN)/python -m samples.generate $$c samples/inbox_$$c --named-list outputs/$${year}命名名单-$$c.xlsx && \
	  HUISHEN_REGISTRY=$(DEMO_REGISTRY) $(BIN)/huishen registry import outputs/$${year}命名名单-$$c.xlsx \
	    --campaign $$c --year $$year && \
	  HUISHEN_REGISTRY=$(DEMO_REGISTRY) $(BIN)/huishen run samples/inbox_$$c --profile $$c \
	    --out outputs/demo_$$c --remember || exit 1; \
	done
	@echo "在浏览器中查看这几批结果：HUISHEN_REGISTRY=$(DEMO_REGISTRY) $(BIN)/huishen serve --folder outputs/demo_banzu --folder outputs/demo_studio --folder outputs/demo_youzhi --folder outputs/demo_chuangjian --folder outputs/demo_wuxiao"

test: venv sysdeps
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check pipeline extractors checks samples tests

clean:
	rm -rf $(VENV) samples/inbox_* outputs/demo_* .pytest_cache
