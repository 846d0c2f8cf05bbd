"""A scanner for what users read: English words, internal codes and in-house jargon left in text meant for a
union office clerk. ``jargon_in(text)`` returns what it found (empty: the text is clean).

Meant for every user-facing text: the CLI's messages and help (tests/test_cli_text.py), and the outputs'
cells and pages (apply it to the text of 汇总表/异常报告/材料明细 and the HTML, leaving out the columns that
deliberately show codes, such as 异常报告's narrow 代码 column).

What is allowed (``ALLOWED``): the command's and its options' names, file extensions and file names it writes,
profile names, product and format names a clerk knows (Word, Excel, WPS, PDF, OCR), environment variables,
paths and addresses. Pass ``allow`` for words a particular text may hold (a check's code in its own column).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words a clerk reads without help, or names she types.
ALLOWED = {
    # the command, its subcommands and config names
    "huishen", "run", "watch", "checks", "cache", "info", "clear", "profiles", "review", "letters", "registry",
    "serve", "scores", "make", "collect",
    "import", "banzu", "studio", "youzhi", "chuangjian", "wuxiao", "outputs",
    # formats, products and things on a keyboard
    "xlsx", "xls", "docx", "doc", "pdf", "csv", "toml", "json", "html", "zip", "rar", "7z", "sqlite", "log",
    "wps", "word", "excel", "office", "ocr", "cpu", "mb", "gb", "kb", "ctrl", "windows", "bash", "libreoffice",
    "id", "url", "jpg", "jpeg", "png", "tif", "tiff", "bmp", "heic", "oa", "ai", "macosx",
    # the profile's section and key a clerk may set for letters ("[letters] deadline")
    "deadline",
}

# In-house words a clerk does not use (with what to say instead, for the message).
JARGON = {
    "主表": "对应的推荐表/申报表",
    "置信度": "识别清晰度",
    "压缩炸弹": "解压后过大的压缩包",
}

# Removed before words are looked at: things that are names, not words.
_NAMES = [
    re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9@:/+.\-_…]*"),  # addresses (postgresql+psycopg://…)
    re.compile(r"(?:~|\.{1,2}|[\w.\-]+)?(?:/[\w.\-~…]+)+/?|[\w.\-]+/"),  # paths (~/.local/…, out/)
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),  # options (--profile, -j)
    re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"),  # environment variables (HUISHEN_REGISTRY)
    re.compile(r"[\w\u4e00-\u9fff~$.\-]+\.(?:xlsx|xls|docx|doc|pdf|csv|toml|json|html|zip|rar|7z|sqlite|log|db)\b",
               re.IGNORECASE),  # file names (records.json, 汇总表.xlsx, Thumbs.db)
    re.compile(r"\.DS_Store\b"),
    re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b"),  # a finding's number (its stable key: 5bd8937934746d96)
]
# An internal code: dotted lower-case words (field.missing, length.over) or a pydantic-style snake_case key.
_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)*(?:\.[a-z_]+)+\b|\b[a-z]+(?:_[a-z]+)+\b")
_WORD = re.compile(r"[A-Za-z]{2,}")


def jargon_in(text: str, allow: Iterable[str] = ()) -> list[str]:
    """Every English word, internal code and jargon term in ``text`` that a clerk would stumble on, in order
    of appearance (each once). ``allow``: further words or codes this text may hold."""
    allowed = ALLOWED | {a.lower() for a in allow}
    found: list[str] = []

    def add(item: str) -> None:
        if item not in found:
            found.append(item)

    for term in JARGON:
        if term in text:
            add(term)
    rest = text
    for pattern in _NAMES:
        rest = pattern.sub(" ", rest)
    for code in _CODE.findall(rest):
        if code.lower() not in allowed:
            add(code)
    rest = _CODE.sub(" ", rest)
    for word in _WORD.findall(rest):
        if word.lower() not in allowed:
            add(word)
    return found


def workbook_text(path, skip_headers: Iterable[str] = ("代码",)) -> str:
    """Every text cell and sheet name of an .xlsx, one per line, for ``jargon_in``; the columns whose header
    (in the first row of a sheet that holds one of ``skip_headers``) is in ``skip_headers`` are left out."""
    import openpyxl

    lines: list[str] = []
    skip = set(skip_headers)
    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        skipped: set[int] = set()
        for row in ws.iter_rows(values_only=True):
            if not skipped and skip & {v for v in row if isinstance(v, str)}:
                skipped = {j for j, v in enumerate(row) if v in skip}
            lines += [v for j, v in enumerate(row) if isinstance(v, str) and j not in skipped]
        lines.append(ws.title)
    wb.close()
    return "\n".join(lines)


def html_text(path, skip_classes: Iterable[str] = ("code",)) -> str:
    """The text a reader sees on an HTML page (no script, style or tags; the ``title`` attributes included),
    leaving out elements with one of ``skip_classes``."""
    from html.parser import HTMLParser

    skip = set(skip_classes)
    void = {"br", "img", "meta", "link", "input", "hr", "col", "wbr", "source"}

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.stack: list[bool] = []  # per open element: is its text hidden?

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            hidden = (bool(self.stack) and self.stack[-1]) or tag in ("script", "style") or bool(
                skip & set((a.get("class") or "").split()))
            if not hidden and a.get("title"):
                self.parts.append(a["title"])
            if tag not in void:
                self.stack.append(hidden)

        def handle_endtag(self, tag):
            if tag not in void and self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if not (self.stack and self.stack[-1]):
                self.parts.append(data)

    parser = _Text()
    parser.feed(open(path, encoding="utf-8").read())
    return "\n".join(parser.parts)
