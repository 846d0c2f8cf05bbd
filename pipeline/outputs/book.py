"""The workbook layer every output shares: cell styles, an xlsx workbook streamed by xlsxwriter (``Book``, ``Sheet``), value display and sheet helpers, and the names and labels of the outputs."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import io
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format

from checks.models import Finding
from extractors.models import Record, Severity, Status
from pipeline.report import JUNK, UNREADABLE, UNRECOGNISED, DocumentResult, Report

_log = logging.getLogger(__name__)


SUMMARY_XLSX = "汇总表.xlsx"
FINDINGS_XLSX = "异常报告.xlsx"
FINDINGS_HTML = "异常报告.html"
DETAILS_XLSX = "材料明细.xlsx"
RECORDS_JSON = "records.json"
OUTPUT_NAMES = (SUMMARY_XLSX, FINDINGS_XLSX, FINDINGS_HTML, DETAILS_XLSX, RECORDS_JSON)
# 评审 (huishen scores) keeps its sheets and results in a folder of the output folder; records.json carries the
# results too.
SCORES_FOLDER = "评审"
SCORES_RESULTS_JSON = "评审结果.json"

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

IGNORED_KINDS = (JUNK, UNREADABLE, UNRECOGNISED)
LIST_SEP = "；"
UNKNOWN_UNIT = "（未识别单位）"
BATCH_UNIT = "（全部材料）"
# Column sources of the 汇总表 that are not "<kind>.<field>" (see extractors.profile.OutColumn).
SEQ_SOURCE = "序号"
REMARK_SOURCE = "备注"
ITEMS_KEY = "条目"
OTHER_FILES_SHEET = "其他文件"

STATUS_LABELS = {Status.SUCCESS: "成功", Status.PARTIAL: "部分成功", Status.FAILURE: "失败"}
IGNORED_STATUS_LABELS = {JUNK: "已忽略", UNREADABLE: "无法读取", UNRECOGNISED: "未识别"}

# Excel refuses longer cell text; a longer value is cut and marked rather than failing the run.
_MAX_CELL = 32767
_CUT_MARK = "…（内容过长，已截断）"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
# Control characters a worksheet cannot hold (the set openpyxl refuses); Word's line break \x0b is
# turned into a newline first.
_ILLEGAL_CHARS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

# Cell styles as xlsxwriter format properties. A cell's style is one or more of these, merged left to
# right (``Book.format``); they are module constants, so a combination is looked up by identity.
Style = dict[str, Any]
BORDER: Style = {"border": 1, "border_color": "#000000"}
BOLD: Style = {"bold": True}
_HEADER: Style = {"bold": True, "pattern": 1, "bg_color": "#D9D9D9", **BORDER,
                  "align": "center", "valign": "vcenter", "text_wrap": True}
_DOUBT_FILL: Style = {"pattern": 1, "bg_color": "#F8CBAD"}  # an OCR'd value to check against the original
MISSING_FILL: Style = {"pattern": 1, "bg_color": "#FFF2CC"}
SEVERITY_FILL: dict[Severity, Style] = {
    Severity.ERROR: {"pattern": 1, "bg_color": "#FFC7CE"},
    Severity.WARNING: {"pattern": 1, "bg_color": "#FFEB9C"},
    Severity.INFO: {"pattern": 1, "bg_color": "#DDEBF7"},
}
WRAP_TOP: Style = {"text_wrap": True, "valign": "top"}
TOP: Style = {"valign": "top"}
CENTRED: Style = {"align": "center", "valign": "vcenter", "text_wrap": True}
CENTRED_TOP: Style = {"align": "center", "valign": "top"}
MIDDLE_WRAP: Style = {"valign": "vcenter", "text_wrap": True}
TITLE: Style = {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "text_wrap": True}
GROUP: Style = {"bold": True, "align": "left", "valign": "vcenter", "text_wrap": True, **BORDER}
SUBTITLE: Style = {"bold": True, "font_size": 14}
KB: Style = {"num_format": "0.0"}
_DATE: Style = {"num_format": "yyyy-mm-dd"}
_DATETIME: Style = {"num_format": "yyyy-mm-dd hh:mm"}


class Book:
    """An xlsx workbook built in memory by xlsxwriter, which streams cells straight to XML (openpyxl keeps an
    object per cell and hashes every style: several times slower on a thousand submissions). Each distinct
    combination of styles becomes one format, made once."""

    def __init__(self) -> None:
        self.buf = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buf, {"in_memory": True})
        self._formats: dict[tuple[int, ...], Format] = {}

    def format(self, *styles: Style) -> Format:
        key = tuple(map(id, styles))
        fmt = self._formats.get(key)
        if fmt is None:
            props: Style = {}
            for s in styles:
                props.update(s)
            fmt = self._formats[key] = self.wb.add_format(props)
        return fmt

    def sheet(self, name: str) -> Sheet:
        return Sheet(self, self.wb.add_worksheet(name))


class Sheet:
    """One worksheet; rows and columns count from 1, as Excel shows them."""

    def __init__(self, book: Book, ws: Any) -> None:
        self.book = book
        self.ws = ws

    def put(self, row: int, col: int, value: Any, *styles: Style, fmt: Format | None = None) -> Any:
        """Write a value as ``_xl`` makes it; returns what the cell holds (None for an empty cell).
        Text is always written as text: a value typed as "=…" is never a formula. ``fmt``: the format of
        ``styles`` when the caller has it at hand (a table writes thousands of cells in a few formats)."""
        v = _xl(value)
        r, c = row - 1, col - 1
        if fmt is None and styles:
            fmt = self.book.format(*styles)
        if v is None:
            if fmt is not None:
                self.ws.write_blank(r, c, None, fmt)
        elif type(v) is str:
            self.ws.write_string(r, c, v, fmt)
        elif isinstance(v, (int, float)):
            self.ws.write_number(r, c, v, fmt)
        else:  # a date or datetime
            self.ws.write_datetime(r, c, v, self.book.format(*styles, _DATETIME if isinstance(v, dt.datetime)
                                                             else _DATE))
        return v

    def merge_row(self, row: int, n_cols: int, value: Any, *styles: Style) -> None:
        self.ws.merge_range(row - 1, 0, row - 1, n_cols - 1, "", self.book.format(*styles))
        self.put(row, 1, value, *styles)

    def comment(self, row: int, col: int, note: str) -> None:
        self.ws.write_comment(row - 1, col - 1, note, {"author": "汇审"})

    def height(self, row: int, points: float) -> None:
        self.ws.set_row(row - 1, points)

    def widths(self, widths: Iterable[float], start: int = 1) -> None:
        for i, w in enumerate(widths, start - 1):
            self.ws.set_column(i, i, w)

    def freeze(self, cell: str) -> None:
        self.ws.freeze_panes(cell)

    def autofilter(self, last_row: int, last_col: int) -> None:
        self.ws.autofilter(0, 0, last_row - 1, last_col - 1)


def xlsx_bytes(book: Book) -> bytes:
    book.wb.close()
    return book.buf.getvalue()


# ---------------------------------------------------------------------------------------- values


def display(value: Any) -> str:
    """A normalised value as text: lists joined with "；", bools as 是/否, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, enum.Enum):
        return display(value.value)
    if isinstance(value, dict):  # a sub-table's row
        return "，".join(f"{k}：{t}" for k, v in value.items() if (t := display(v)))
    if isinstance(value, (list, tuple, set)):
        sep = "\n" if value and all(isinstance(v, dict) for v in value) else LIST_SEP  # a sub-table: a line a row
        return sep.join(t for t in (display(v) for v in value) if t)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _clean_text(s: str) -> str:
    # Word line breaks (\x0b) and stray control characters have no place in a cell.
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    s = _ILLEGAL_CHARS.sub("", s)
    if len(s) > _MAX_CELL:
        s = s[: _MAX_CELL - len(_CUT_MARK)] + _CUT_MARK
    return s


def _xl(value: Any) -> Any:
    """A value as an Excel cell holds it: numbers and dates stay typed, everything else is text."""
    if type(value) is str:
        return _clean_text(value) or None
    if value is None or value == []:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    return _clean_text(display(value)) or None


def unit_label(unit: str, batch_wide: bool = False) -> str:
    if unit:
        return unit
    return BATCH_UNIT if batch_wide else UNKNOWN_UNIT


def finding_unit_label(f: Finding) -> str:
    return unit_label(f.unit, batch_wide=f.batch)


SUPERSEDED_LABEL = "已被更正稿取代"


def status_label(record: Record) -> str:
    if record.superseded_by:
        return SUPERSEDED_LABEL
    if record.kind in IGNORED_STATUS_LABELS:
        return IGNORED_STATUS_LABELS[record.kind]
    return STATUS_LABELS.get(record.status, str(record.status))


def kb(size: int) -> float:
    return round(size / 1024, 1)


@functools.lru_cache(maxsize=16384)  # unit names, kinds, formats and statuses recur in every column
def _text_width(s: str, cap: int = 1000) -> int:
    """Display width of the longest line: CJK and full-width characters count 2. Widths beyond ``cap``
    are not measured (a column is never wider than its cap; a 1,000-character text need not be counted)."""
    best = 0
    for line in s.split("\n"):
        if len(line) >= cap:
            return cap
        w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        best = max(best, w)
    return min(best, cap)


def wrapped_lines(value: Any, width: float) -> int:
    """Lines a wrapped cell needs at this column width (width units ~ one Latin character)."""
    if value is None:
        return 1
    usable = max(width - 1, 1)
    lines = 0
    for line in str(value).split("\n"):
        # A CJK glyph at the default 11pt is about 1.7 units wide in Excel's and Calc's measure.
        w = sum(1.7 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in line)
        lines += max(1, math.ceil(w / usable))
    return lines


def is_recognised(record: Record) -> bool:
    return record.kind not in IGNORED_KINDS


def sorted_documents(report: Report) -> list[DocumentResult]:
    """Documents grouped by unit (in ``report.units()`` order), by path within a unit."""
    order = {u: i for i, u in enumerate(report.units())}
    return sorted(report.documents, key=lambda d: (order.get(d.record.unit, len(order)), d.record.path))


def norm_name(s: Any) -> str:
    """Names compared across documents: whitespace (incl. full-width) does not count."""
    return re.sub(r"\s+", "", display(s))


def field_or_section(record: Record, key: str) -> Any:
    if key in record.fields:
        return record.value(key)
    if key in record.sections:
        return record.sections[key].body
    return None


class Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


# ---------------------------------------------------------------------------------------- sheet helpers


def header_row(sh: Sheet, row: int, headers: Iterable[str], start_col: int = 1) -> None:
    for i, h in enumerate(headers):
        sh.put(row, start_col + i, h, _HEADER)


def _auto_width(header: str, values: Iterable[Any], lo: float = 8, hi: float = 50) -> float:
    w = _text_width(header)
    for n, v in enumerate(values):
        if n >= 500:  # enough to judge a column
            break
        w = max(w, _text_width(display(v), int(hi)))
    return float(min(max(w + 2, lo), hi))


def sheet_name(label: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", label).strip("'").strip() or "Sheet"
    name = base[:31]
    n = 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f"（{n}）"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name




@dataclass
class Col:
    header: str
    get: Callable[[Any], Any]  # a Record, or (Record, item) for list rows
    wrap: bool = False  # a long text: the column may be wider (its cells still keep to one line)
    style: Style = field(default_factory=lambda: TOP)  # one of the module's styles (looked up by identity)
    # A note when the cell needs a second look (an OCR'd value below the confidence threshold): the
    # cell is filled orange and carries the note as a comment.
    doubt: Callable[[Any], str] | None = None
    # A fill for some values (the outline items a supporting document misses).
    fill: Callable[[Any], Style | None] | None = None
    width: float | None = None  # fixed; otherwise measured from the header and the values


def table_sheet(sh: Sheet, cols: list[Col], rows: list[Any], freeze: str) -> None:
    """A header row, then one row per item of ``rows``. Long texts stay on one line (unless a column's
    style wraps) so that the sheet remains scannable; the cell holds it all."""
    header_row(sh, 1, [c.header for c in cols])
    values = [[c.get(x) for c in cols] for x in rows]
    marked = [j for j, c in enumerate(cols) if c.doubt is not None or c.fill is not None]
    fmts = [sh.book.format(c.style) for c in cols]
    for i, (x, vs) in enumerate(zip(rows, values, strict=True), 2):
        for j, (c, v) in enumerate(zip(cols, vs, strict=True)):
            if j not in marked:
                sh.put(i, j + 1, v, c.style, fmt=fmts[j])
            elif c.doubt is not None and (note := c.doubt(x)):
                sh.put(i, j + 1, v, c.style, _DOUBT_FILL)
                sh.comment(i, j + 1, note)
            elif c.fill is not None and (fill := c.fill(v)) is not None:
                sh.put(i, j + 1, v, c.style, fill)
            else:
                sh.put(i, j + 1, v, c.style)
    for j, c in enumerate(cols):
        width = c.width or _auto_width(c.header, (vs[j] for vs in values), hi=60 if c.wrap else 40)
        sh.widths([width], start=j + 1)
    sh.freeze(freeze)
    sh.autofilter(len(rows) + 1, len(cols))
    # Printed: A4 landscape at 75 %, page after page across then down, the header row on every page, the sheet's
    # name and page numbers at the foot. (Repeating the wide 推荐单位/文件 columns left room for one field a page.)
    ws = sh.ws
    ws.set_landscape()
    ws.set_paper(9)
    ws.print_across()
    ws.set_print_scale(75)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&C&A　第 &P 页 共 &N 页")


def kind_subject_key(report: Report, kind: str) -> str:
    spec = report.profile.kind(kind)
    return spec.subject if spec else ""


def near_copy_pairs(report: Report) -> list[Any]:
    """The duplicate.near_copy pairs of the run (checks.history_rules.NearCopyPair), most similar first."""
    pairs = [f.extra["near_copy"] for f in report.all_findings() if "near_copy" in f.extra]
    return sorted(pairs, key=lambda p: (-p.similarity, p.a_path, p.b_path))
