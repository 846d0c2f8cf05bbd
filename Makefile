# 汇审 — set-up and everyday commands. `make demo` and `make test` work on a fresh machine.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
INBOX   := samples/inbox_banzu
OUT     := outputs/demo_banzu

.PHONY: demo test sysdeps venv lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# LibreOffice builds the PDF samples and fixtures; Noto CJK gives it Chinese glyphs.
# Installed only when missing; as root via apt-get, otherwise a clear message.
sysdeps:
	@if command -v soffice >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "安装系统组件：LibreOffice（生成 PDF 样例）、Noto CJK 中文字体……"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui fonts-noto-cjk >/dev/null; \
	else echo "提示：未找到 LibreOffice（soffice）或中文字体；PDF 样例和相关测试将跳过。" \
	  "安装：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"; fi

demo: venv sysdeps
	rm -rf $(INBOX) $(OUT)
	$(BIN)/python -m samples.generate banzu $(INBOX)
	$(BIN)/huishen run $(INBOX) --profile banzu --out $(OUT)

test: venv sysdeps
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check pipeline extractors checks samples tests

clean:
	rm -rf $(VENV) samples/inbox_* outputs/demo_* .pytest_cache
