"""Render a Report into the five files a user receives.

``write_outputs`` renders every file in memory first and only then writes them, each one
atomically (temporary file in the output folder, fsync, ``os.replace``), so a rendering bug never
leaves a half-updated set and a crash never leaves a half-written file. The 汇总表 layout comes
from ``profile.summary_table`` alone; no campaign fact lives here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import hashlib
import io
import json
import logging
import math
import os
import re
import secrets
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import xlsxwriter
from xlsxwriter.format import Format

from checks.batch_rules import coverage_by_entry
from checks.models import Finding
from extractors.models import Record, Severity, Status
from extractors.profile import KindSpec
from pipeline.report import JUNK, SEVERITY_ORDER, UNREADABLE, UNRECOGNISED, DocumentResult, Report

_log = logging.getLogger(__name__)

SUMMARY_XLSX = "汇总表.xlsx"
FINDINGS_XLSX = "异常报告.xlsx"
FINDINGS_HTML = "异常报告.html"
DETAILS_XLSX = "材料明细.xlsx"
RECORDS_JSON = "records.json"
OUTPUT_NAMES = (SUMMARY_XLSX, FINDINGS_XLSX, FINDINGS_HTML, DETAILS_XLSX, RECORDS_JSON)

TEMPLATES = Path(__file__).resolve().parent / "templates"

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
# right (``_Book.format``); they are module constants, so a combination is looked up by identity.
Style = dict[str, Any]
_BORDER: Style = {"border": 1, "border_color": "#000000"}
_BOLD: Style = {"bold": True}
_HEADER: Style = {"bold": True, "pattern": 1, "bg_color": "#D9D9D9", **_BORDER,
                  "align": "center", "valign": "vcenter", "text_wrap": True}
_DOUBT_FILL: Style = {"pattern": 1, "bg_color": "#F8CBAD"}  # an OCR'd value to check against the original
_MISSING_FILL: Style = {"pattern": 1, "bg_color": "#FFF2CC"}
_SEVERITY_FILL: dict[Severity, Style] = {
    Severity.ERROR: {"pattern": 1, "bg_color": "#FFC7CE"},
    Severity.WARNING: {"pattern": 1, "bg_color": "#FFEB9C"},
    Severity.INFO: {"pattern": 1, "bg_color": "#DDEBF7"},
}
_WRAP_TOP: Style = {"text_wrap": True, "valign": "top"}
_TOP: Style = {"valign": "top"}
_CENTRED: Style = {"align": "center", "valign": "vcenter", "text_wrap": True}
_CENTRED_TOP: Style = {"align": "center", "valign": "top"}
_MIDDLE_WRAP: Style = {"valign": "vcenter", "text_wrap": True}
_TITLE: Style = {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "text_wrap": True}
_GROUP: Style = {"bold": True, "align": "left", "valign": "vcenter", "text_wrap": True, **_BORDER}
_SUBTITLE: Style = {"bold": True, "font_size": 14}
_KB: Style = {"num_format": "0.0"}
_DATE: Style = {"num_format": "yyyy-mm-dd"}
_DATETIME: Style = {"num_format": "yyyy-mm-dd hh:mm"}


class OutputError(Exception):
    """Some output files could not be written; the message is for the user."""

    def __init__(self, message: str, written: list[Path]):
        super().__init__(message)
        self.written = written


# ---------------------------------------------------------------------------------------- entry


def write_outputs(report: Report, out_dir: Path) -> list[Path]:
    """Write 汇总表.xlsx, 异常报告.xlsx, 异常报告.html, 材料明细.xlsx and records.json into ``out_dir``.

    Returns the paths written, in that order. Files that cannot be written (typically because
    Excel or WPS holds them open on Windows) are reported together in one ``OutputError`` after
    the others have been written.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"无法创建输出文件夹 {out_dir}：{e}", written=[]) from e
    if report.fingerprint and _outputs_current(out_dir, report.fingerprint):
        report.outputs_reused = True
        _log.info("输入、配置和程序都与上次相同，%s 中的输出文件保持不变", out_dir)
        return [out_dir / name for name in OUTPUT_NAMES]
    with contextlib.suppress(OSError):
        (out_dir / STATE_FILE).unlink()  # from here on, the outputs may differ from what it describes

    rendered = _render(report)
    written = _replace_all(out_dir, rendered)
    if report.fingerprint:
        state = {"fingerprint": report.fingerprint,
                 "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in rendered}}
        try:
            _write_atomic(out_dir / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1).encode())
        except OSError as e:  # only costs the next run its shortcut
            _log.warning("无法写入 %s：%s", out_dir / STATE_FILE, e)
    return written


# From this many documents on, 材料明细 (a cell per field of every document: the largest workbook) is built in
# a forked copy of this process while this one builds the others; below it, the fork is not worth its cost.
FORK_MIN_DOCUMENTS = 300


def _render(report: Report) -> list[tuple[str, bytes]]:
    """Every output file's bytes, in OUTPUT_NAMES order."""
    renderers: dict[str, Callable[[], bytes]] = {
        SUMMARY_XLSX: lambda: _xlsx_bytes(summary_workbook(report)),
        FINDINGS_XLSX: lambda: _xlsx_bytes(findings_workbook(report)),
        FINDINGS_HTML: lambda: findings_html(report).encode("utf-8"),
        DETAILS_XLSX: lambda: _xlsx_bytes(details_workbook(report)),
        RECORDS_JSON: lambda: records_json(report).encode("utf-8"),
    }
    apart = _in_child(renderers[DETAILS_XLSX]) if _can_fork(report) else None
    try:
        out = {name: fn() for name, fn in renderers.items() if name != DETAILS_XLSX or apart is None}
    finally:
        data = apart() if apart is not None else None  # always waited for, so no child is left behind
    if apart is not None:
        out[DETAILS_XLSX] = data if data is not None else renderers[DETAILS_XLSX]()
    return [(name, out[name]) for name in OUTPUT_NAMES]


def _can_fork(report: Report) -> bool:
    """A fork copies only the calling thread: safe when it is the only one (no lock held elsewhere)."""
    return (hasattr(os, "fork") and len(report.documents) >= FORK_MIN_DOCUMENTS
            and threading.active_count() == 1)


def _in_child(fn: Callable[[], bytes]) -> Callable[[], bytes | None]:
    """Run ``fn`` in a forked child (it shares this process's memory as it is now, so nothing is copied or
    pickled); returns a function that waits for its bytes, or None if the child failed (the caller then
    renders the file itself: a failure here costs time, never a file)."""
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return lambda: None
    if pid == 0:  # the child: render, hand the bytes over, leave without running any clean-up of the parent's
        code = 1
        try:
            os.close(r)
            data = fn()
            with os.fdopen(w, "wb") as f:
                f.write(len(data).to_bytes(8, "big") + data)
            code = 0
        finally:
            os._exit(code)
    os.close(w)

    def result() -> bytes | None:
        with os.fdopen(r, "rb") as f:
            got = f.read()
        _, status = os.waitpid(pid, 0)
        size = int.from_bytes(got[:8], "big") if len(got) >= 8 else -1
        if status != 0 or size != len(got) - 8:
            _log.warning("材料明细未能在子进程中生成（状态 %s），改为直接生成", status)
            return None
        return got[8:]

    return result


# Beside the outputs: the fingerprint of the run that wrote them and each file's hash. A re-run with the
# same fingerprint whose outputs are all still there, unedited, leaves them as they are.
STATE_FILE = ".huishen-outputs.json"


def _outputs_current(out_dir: Path, fingerprint: str) -> bool:
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
        if state.get("fingerprint") != fingerprint or set(state.get("outputs", {})) != set(OUTPUT_NAMES):
            return False
        return all(hashlib.sha256((out_dir / name).read_bytes()).hexdigest() == digest
                   for name, digest in state["outputs"].items())
    except (OSError, ValueError, AttributeError):
        return False


KEPT = "输出文件夹中仍是上次运行的结果，一份也没有改动"


def _replace_all(out_dir: Path, rendered: list[tuple[str, bytes]]) -> list[Path]:
    """Put every output in place, or none: all are written beside their targets first (a full disk stops here),
    then the old files are moved aside (one held open by Excel or WPS stops here, and what was moved comes
    back), then the new ones take their names. A failure leaves the previous run's set as it was."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in rendered:
            staged.append((_write_temp(out_dir / name, data), out_dir / name))
    except OSError as e:
        _discard(tmp for tmp, _ in staged)
        _log.error("无法写入输出：%s", e, exc_info=True)
        raise OutputError(f"输出文件写不进 {out_dir}（{_why(e)}）；{KEPT}。", written=[]) from e
    aside: list[tuple[Path, Path]] = []
    for _, target in staged:
        if not target.exists():
            continue
        backup = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
        try:
            os.replace(target, backup)
        except OSError as e:
            for back, original in reversed(aside):
                with contextlib.suppress(OSError):
                    os.replace(back, original)
            _discard(tmp for tmp, _ in staged)
            _log.error("无法替换 %s：%s", target, e, exc_info=True)
            hint = "文件可能正被 Excel 或 WPS 打开，请关闭后重新运行" if isinstance(e, PermissionError) else _why(e)
            raise OutputError(f"{target.name} 无法替换（{hint}）；{KEPT}。", written=[]) from e
        aside.append((backup, target))
    done: list[Path] = []
    try:
        for tmp, target in staged:
            os.replace(tmp, target)
            done.append(target)
    except OSError as e:  # a new file refused its name: the previous set comes back whole
        _discard(done)
        for back, original in aside:
            with contextlib.suppress(OSError):
                os.replace(back, original)
        _discard(tmp for tmp, _ in staged)
        _log.error("无法写入输出：%s", e, exc_info=True)
        hint = "文件可能正被 Excel 或 WPS 打开，请关闭后重新运行" if isinstance(e, PermissionError) else _why(e)
        raise OutputError(f"{target.name} 无法写入（{hint}）；{KEPT}。", written=[]) from e
    for target in done:
        _log.info("已写出 %s（%d 字节）", target, target.stat().st_size)
    _discard(back for back, _ in aside)
    _fsync_dir(out_dir)
    return done


def _why(e: OSError) -> str:
    if getattr(e, "errno", None) == 28:  # ENOSPC
        return "磁盘空间已满"
    if isinstance(e, PermissionError):
        return "没有写入权限"
    return e.strerror or type(e).__name__


def _discard(paths) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()


def _write_temp(path: Path, data: bytes) -> Path:
    """``data`` in a new hidden file beside ``path``, on disk (fsync), not yet under its name."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 lets the umask decide permissions, as for any ordinary file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 lets the umask decide permissions, as for any ordinary file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Book:
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

    def sheet(self, name: str) -> _Sheet:
        return _Sheet(self, self.wb.add_worksheet(name))


class _Sheet:
    """One worksheet; rows and columns count from 1, as Excel shows them."""

    def __init__(self, book: _Book, ws: Any) -> None:
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


def _xlsx_bytes(book: _Book) -> bytes:
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
    if isinstance(value, (list, tuple, set)):
        return LIST_SEP.join(t for t in (display(v) for v in value) if t)
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


def _unit_label(unit: str, batch_wide: bool = False) -> str:
    if unit:
        return unit
    return BATCH_UNIT if batch_wide else UNKNOWN_UNIT


def _finding_unit_label(f: Finding) -> str:
    return _unit_label(f.unit, batch_wide=f.batch)


def _status_label(record: Record) -> str:
    if record.kind in IGNORED_STATUS_LABELS:
        return IGNORED_STATUS_LABELS[record.kind]
    return STATUS_LABELS.get(record.status, str(record.status))


def _kb(size: int) -> float:
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


def _wrapped_lines(value: Any, width: float) -> int:
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


def _is_recognised(record: Record) -> bool:
    return record.kind not in IGNORED_KINDS


def _sorted_documents(report: Report) -> list[DocumentResult]:
    """Documents grouped by unit (in ``report.units()`` order), by path within a unit."""
    order = {u: i for i, u in enumerate(report.units())}
    return sorted(report.documents, key=lambda d: (order.get(d.record.unit, len(order)), d.record.path))


def _norm_name(s: Any) -> str:
    """Names compared across documents: whitespace (incl. full-width) does not count."""
    return re.sub(r"\s+", "", display(s))


def _field_or_section(record: Record, key: str) -> Any:
    if key in record.fields:
        return record.value(key)
    if key in record.sections:
        return record.sections[key].body
    return None


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


# ---------------------------------------------------------------------------------------- sheet helpers


def _header_row(sh: _Sheet, row: int, headers: Iterable[str], start_col: int = 1) -> None:
    for i, h in enumerate(headers):
        sh.put(row, start_col + i, h, _HEADER)


def _auto_width(header: str, values: Iterable[Any], lo: float = 8, hi: float = 50) -> float:
    w = _text_width(header)
    for n, v in enumerate(values):
        if n >= 500:  # enough to judge a column
            break
        w = max(w, _text_width(display(v), int(hi)))
    return float(min(max(w + 2, lo), hi))


def _sheet_name(label: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", label).strip("'").strip() or "Sheet"
    name = base[:31]
    n = 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f"（{n}）"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


# ---------------------------------------------------------------------------------------- 汇总表


def summary_workbook(report: Report) -> _Book:
    """The notice's 汇总表, grouped by 推荐单位, exactly as ``profile.summary_table`` describes it."""
    spec = report.profile.summary_table
    cols = spec.columns
    n = max(len(cols), 1)

    book = _Book()
    sh = book.sheet("汇总表")
    if n > 1:
        sh.merge_row(1, n, spec.title, _TITLE)
    else:
        sh.put(1, 1, spec.title, _TITLE)
    sh.height(1, 36)

    _header_row(sh, 2, [c.header for c in cols])
    sh.height(2, 24)
    sh.freeze("A3")
    sh.widths([c.width for c in cols])

    getters = [_summary_getter(report, c.source) for c in cols]
    entry_kind = spec.entry_kind
    by_unit: dict[str, list[Record]] = {}
    for r in report.records_of(entry_kind):
        by_unit.setdefault(r.unit, []).append(r)
    remarks_by_unit = _remarks_by_unit(report)
    row = 3
    seq = 0
    for unit in report.units():
        unit_entries = sorted(by_unit.get(unit, []), key=lambda r: r.path)
        if not unit_entries:
            continue
        if n > 1:
            sh.merge_row(row, n, _group_header(report, unit), _GROUP)
        else:
            sh.put(row, 1, _group_header(report, unit), _GROUP)
        sh.height(row, 22)
        row += 1

        remarks = remarks_by_unit.get(unit, {})
        for entry in unit_entries:
            seq += 1
            lines = 1
            for col, (ocol, getter) in enumerate(zip(cols, getters, strict=True), 1):
                v = sh.put(row, col, getter(entry, seq, remarks),
                           _BORDER, _CENTRED if ocol.source == SEQ_SOURCE else _MIDDLE_WRAP)
                lines = max(lines, _wrapped_lines(v, ocol.width))
            # Neither Excel nor Calc grows a row for wrapped text in a written file: size it here.
            sh.height(row, max(20, 15 * lines + 5))
            row += 1

    ws = sh.ws
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many long as it takes
    ws.center_horizontally()
    ws.repeat_rows(1)  # the header row (row 2) on every printed page
    ws.set_footer("&C第 &P 页 共 &N 页")
    _log.debug("汇总表：%d 条", seq)
    return book


Getter = Callable[[Record, int, dict[str, Any]], Any]


def _summary_getter(report: Report, source: str) -> Getter:
    entry_kind = report.profile.summary_table.entry_kind
    if source == SEQ_SOURCE:
        return lambda entry, seq, remarks: seq
    if source == REMARK_SOURCE:
        subject_key = _subject_key(report, entry_kind)
        return lambda entry, seq, remarks: remarks.get(_norm_name(entry.subject(subject_key)))
    if source == report.profile.unit_field:
        return lambda entry, seq, remarks: entry.unit
    kind, sep, key = source.partition(".")
    if not sep or report.profile.kind(kind) is None:
        _log.warning("汇总表列来源“%s”无法识别，该列留空", source)
        return lambda entry, seq, remarks: None
    if kind == entry_kind:
        return lambda entry, seq, remarks: _field_or_section(entry, key)

    def from_attachment(entry: Record, seq: int, remarks: dict[str, Any]) -> Any:
        linked = sorted(
            (r for r in report.attachments_of(entry.path) if r.kind == kind), key=lambda r: r.path
        )
        return _field_or_section(linked[0], key) if linked else None

    return from_attachment


def _subject_key(report: Report, kind: str) -> str:
    spec = report.profile.kind(kind)
    return spec.subject if spec else ""


def _group_header(report: Report, unit: str) -> str:
    template = report.profile.summary_table.group_header
    # The unit's name is known even when its forms gave no unit line (推荐单位：…).
    info = _Blank({report.profile.unit_field: _unit_label(unit)})
    info.update({k: ("" if v is None else str(v)) for k, v in report.unit_info.get(unit, {}).items() if v})
    try:
        return template.format_map(info)
    except (ValueError, IndexError, AttributeError, TypeError) as e:
        _log.warning("汇总表分组标题格式有误（%s）：%s", template, e)
        return template


def _remarks_by_unit(report: Report) -> dict[str, dict[str, Any]]:
    """Per unit: normalised subject -> 备注, from the unit's own summary list(s)."""
    subject_key = _subject_key(report, report.profile.summary_table.entry_kind)
    if not subject_key:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for spec in report.profile.kinds_with_role("summary"):
        for rec in sorted(report.records_of(spec.key), key=lambda r: r.path):
            mine = out.setdefault(rec.unit, {})
            for item in rec.items:
                name = _norm_name(item.get(subject_key))
                if name and name not in mine:
                    mine[name] = item.get(REMARK_SOURCE)
    return out


# ---------------------------------------------------------------------------------------- 异常报告.xlsx

_FINDING_COLUMNS: list[tuple[str, float, Callable[[Finding], Any]]] = [
    ("推荐单位", 22, _finding_unit_label),
    ("文件", 40, lambda f: "\n".join(f.paths)),
    ("对象", 18, lambda f: f.subject),
    ("代码", 10, lambda f: f.code),
    ("检查项", 18, lambda f: f.title),
    ("严重程度", 9, lambda f: f.severity.label),
    ("字段", 12, lambda f: f.field),
    ("实测值", 10, lambda f: f.actual),
    ("限值", 10, lambda f: f.limit),
    ("说明", 50, lambda f: f.message),
    ("依据", 40, lambda f: f.evidence),
]
_FINDING_WRAP = {"文件", "说明", "依据", "对象", "检查项"}


def findings_workbook(report: Report) -> _Book:
    book = _Book()
    sh = book.sheet("异常清单")
    headers = [h for h, _, _ in _FINDING_COLUMNS]
    _header_row(sh, 1, headers)
    sh.widths([w for _, w, _ in _FINDING_COLUMNS])
    sh.freeze("A2")
    styles = [_WRAP_TOP if h in _FINDING_WRAP else _TOP for h, _, _ in _FINDING_COLUMNS]
    row = 1
    for f in report.all_findings():
        row += 1
        for col, (header, _, get) in enumerate(_FINDING_COLUMNS, 1):
            if header == "严重程度":
                sh.put(row, col, get(f), _TOP, _SEVERITY_FILL[f.severity])
            else:
                sh.put(row, col, get(f), styles[col - 1])
    sh.autofilter(row, len(headers))

    pairs = _near_copy_pairs(report)
    if pairs:
        _pairs_sheet(book.sheet(PAIRS_SHEET), pairs)
    _files_sheet(book.sheet("文件清单"), report)
    _overview_sheet(book.sheet("概况"), report)
    return book


PAIRS_SHEET = "相似文本"


def _near_copy_pairs(report: Report) -> list[Any]:
    """The duplicate.near_copy pairs of the run (checks.history_rules.NearCopyPair), most similar first."""
    pairs = [f.extra["near_copy"] for f in report.all_findings() if "near_copy" in f.extra]
    return sorted(pairs, key=lambda p: (-p.similarity, p.a_path, p.b_path))


def _pairs_sheet(sh: _Sheet, pairs: list[Any]) -> None:
    """One row per near-copy pair: both sides, the similarity and the shared passages."""
    cols = [
        _Col("相似度", lambda p: f"{p.similarity:.0%}"),
        _Col("单位甲", lambda p: _unit_label(p.a_unit)),
        _Col("文件甲", lambda p: p.a_path),
        _Col("对象甲", lambda p: p.a_subject),
        _Col("文本甲", lambda p: p.a_label),
        _Col("单位乙", lambda p: _unit_label(p.b_unit) + (f"（{p.b_year} 年）" if p.b_year else "")),
        _Col("文件乙", lambda p: p.b_path),
        _Col("对象乙", lambda p: p.b_subject),
        _Col("文本乙", lambda p: p.b_label),
        _Col("共同段落", lambda p: "\n".join(f"“{s}”" for s in p.passages), wrap=True, style=_WRAP_TOP),
    ]
    _table_sheet(sh, cols, pairs, freeze="B2")


def _files_sheet(sh: _Sheet, report: Report) -> None:
    headers = ["序号", "推荐单位", "文件", "格式", "大小（KB）", "材料类别", "状态", "原因", "问题数"]
    _header_row(sh, 1, headers)
    sh.widths([6, 22, 50, 8, 11, 24, 10, 40, 8])
    sh.freeze("A2")
    row = 1
    for i, d in enumerate(_sorted_documents(report), 1):
        r = d.record
        row += 1
        values = [
            i,
            _unit_label(r.unit),
            r.path,
            r.fmt,
            _kb(r.size),
            report.kind_label(r.kind),
            _status_label(r),
            r.reason,
            len(d.findings),
        ]
        if r.status is Status.FAILURE or r.kind == UNREADABLE:
            status_fill: tuple[Style, ...] = (_SEVERITY_FILL[Severity.ERROR],)
        elif r.status is Status.PARTIAL or r.kind == UNRECOGNISED:
            status_fill = (_SEVERITY_FILL[Severity.WARNING],)
        else:
            status_fill = ()
        for col, v in enumerate(values, 1):
            if col == 5:
                sh.put(row, col, v, _TOP, _KB)
            elif col == 7:
                sh.put(row, col, v, _TOP, *status_fill)
            else:
                sh.put(row, col, v, _WRAP_TOP if col in (3, 8) else _TOP)
    sh.autofilter(row, len(headers))


def _overview_sheet(sh: _Sheet, report: Report) -> None:
    """Counts in small blocks, each with its own header row."""
    sh.widths([28, 40, 10, 10, 10])
    sh.put(1, 1, "审查概况", _SUBTITLE)
    meta = [("评选活动", report.profile.title), ("通知", report.profile.notice), ("收件文件夹", report.inbox)]
    row = 2
    for k, v in meta:
        sh.put(row, 1, k, _BOLD)
        sh.put(row, 2, v)
        row += 1

    records = [d.record for d in report.documents]
    recognised = sum(1 for r in records if _is_recognised(r))
    findings = report.all_findings()

    def block(headers: list[str], rows: list[list[Any]]) -> None:
        nonlocal row
        row += 1
        _header_row(sh, row, headers)
        for values in rows:
            row += 1
            for col, v in enumerate(values, 1):
                sh.put(row, col, v, _BORDER)
        row += 1

    block(
        ["文件", "数量"],
        [["文件总数", len(records)], ["已识别材料", recognised], ["未纳入审查", len(records) - recognised]],
    )

    by_kind = Counter(r.kind for r in records)
    kinds = [k.key for k in report.profile.kinds]
    kinds += sorted(k for k in by_kind if k not in kinds and k not in IGNORED_KINDS)
    kinds += [k for k in IGNORED_KINDS if by_kind[k]]
    block(["材料类别", "数量"], [[report.kind_label(k), by_kind[k]] for k in kinds])

    block(["所属单位的依据", "文件数"], [[how, n] for how, n in report.unit_sources()])

    sev = report.severity_counts()
    block(
        ["严重程度", "数量"],
        [[s.label, sev[s]] for s in SEVERITY_ORDER] + [["合计", len(findings)]],
    )

    titles: dict[str, str] = {}
    by_code: Counter[str] = Counter()
    for f in findings:
        by_code[f.code] += 1
        titles.setdefault(f.code, f.title)
    block(["代码", "检查项", "数量"], [[c, titles[c], by_code[c]] for c in sorted(by_code)])

    files_by_unit = Counter(r.unit for r in records)
    unit_sev: dict[str | None, Counter[Severity]] = {}
    for f in findings:
        key = f.unit if (f.unit or not f.batch) else None  # None: about the whole batch
        unit_sev.setdefault(key, Counter())[f.severity] += 1
    unit_rows = [
        [_unit_label(u), files_by_unit[u]] + [unit_sev.get(u, Counter())[s] for s in SEVERITY_ORDER]
        for u in report.units()
    ]
    unit_rows += [
        [_unit_label(u), 0] + [unit_sev[u][s] for s in SEVERITY_ORDER]
        for u in sorted(k for k in unit_sev if k is not None and k not in files_by_unit)
    ]
    if None in unit_sev:
        unit_rows.append([BATCH_UNIT, None] + [unit_sev[None][s] for s in SEVERITY_ORDER])
    block(["推荐单位", "文件数"] + [s.label for s in SEVERITY_ORDER], unit_rows)


# ---------------------------------------------------------------------------------------- 异常报告.html


def _jinja() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def findings_html(report: Report) -> str:
    return _jinja().get_template("report.html").render(**_html_context(report))


def _html_context(report: Report) -> dict[str, Any]:
    findings = report.all_findings()
    records = [d.record for d in report.documents]
    sev = report.severity_counts()

    groups: dict[str | None, list[Finding]] = {}
    for f in findings:
        key = None if (f.batch and not f.unit) else f.unit
        groups.setdefault(key, []).append(f)
    units = report.units()
    order: list[str | None] = [None] if None in groups else []
    order += [u for u in units if u in groups]
    order += [u for u in groups if u is not None and u not in units]

    def row(f: Finding) -> dict[str, Any]:
        return {
            "paths": f.paths,
            "subject": f.subject,
            "title": f.title,
            "code": f.code,
            "severity": f.severity.value,
            "severity_label": f.severity.label,
            "message": f.message,
            "evidence": f.evidence,
        }

    sections = []
    for key in order:
        fs = groups[key]
        c = Counter(f.severity for f in fs)
        sections.append(
            {
                "label": BATCH_UNIT if key is None else _unit_label(key),
                "counts": [(s.value, s.label, c[s]) for s in SEVERITY_ORDER if c[s]],
                "findings": [row(f) for f in fs],
            }
        )

    by_kind = Counter(r.kind for r in records if _is_recognised(r))
    kinds = [k.key for k in report.profile.kinds if by_kind[k.key]]
    kinds += sorted(k for k in by_kind if k not in kinds)
    others = [
        {
            "unit": _unit_label(d.record.unit),
            "path": d.record.path,
            "kind": report.kind_label(d.record.kind),
            "reason": d.record.reason,
        }
        for d in _sorted_documents(report)
        if not _is_recognised(d.record)
    ]
    return {
        "title": report.profile.title,
        "notice": report.profile.notice,
        "inbox": report.inbox,
        "n_files": len(records),
        "n_records": sum(by_kind.values()),
        "kinds": [(report.kind_label(k), by_kind[k]) for k in kinds],
        "n_ignored": len(others),
        "severity": [(s.value, s.label, sev[s]) for s in SEVERITY_ORDER],
        "n_findings": len(findings),
        "sections": sections,
        "clean_units": [_unit_label(u) for u in units if u not in groups],
        "others": others,
        "pairs": [_pair_html(p) for p in _near_copy_pairs(report)],
        "unit_sources": report.unit_sources() if report.units_mixed() else [],
    }


def _marked(text: str, spans: list[tuple[int, int]]) -> markupsafe.Markup:
    """The text, HTML-escaped, with the shared passages in <mark>."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(markupsafe.escape(text[pos:start]))
        out.append(markupsafe.Markup("<mark>") + markupsafe.escape(text[start:end]) + markupsafe.Markup("</mark>"))
        pos = end
    out.append(markupsafe.escape(text[pos:]))
    return markupsafe.Markup("").join(out)


def _pair_html(p: Any) -> dict[str, Any]:
    return {
        "similarity": f"{p.similarity:.0%}",
        "a": {"unit": _unit_label(p.a_unit), "path": p.a_path, "subject": p.a_subject, "label": p.a_label,
              "text": _marked(p.a_text, p.a_spans)},
        "b": {"unit": _unit_label(p.b_unit) + (f"（{p.b_year} 年）" if p.b_year else ""), "path": p.b_path,
              "subject": p.b_subject, "label": p.b_label, "text": _marked(p.b_text, p.b_spans)},
    }


# ---------------------------------------------------------------------------------------- 材料明细.xlsx


@dataclass
class _Col:
    header: str
    get: Callable[[Any], Any]  # a Record, or (Record, item) for list rows
    wrap: bool = False  # a long text: the column may be wider (its cells still keep to one line)
    style: Style = field(default_factory=lambda: _TOP)  # one of the module's styles (looked up by identity)
    # A note when the cell needs a second look (an OCR'd value below the confidence threshold): the
    # cell is filled orange and carries the note as a comment.
    doubt: Callable[[Any], str] | None = None
    # A fill for some values (the outline items a supporting document misses).
    fill: Callable[[Any], Style | None] | None = None
    width: float | None = None  # fixed; otherwise measured from the header and the values


def details_workbook(report: Report) -> _Book:
    book = _Book()
    used = {OTHER_FILES_SHEET}
    by_kind: dict[str, list[Record]] = {}
    for d in sorted(report.documents, key=lambda d: d.record.path):
        by_kind.setdefault(d.record.kind, []).append(d.record)

    kinds = [k.key for k in report.profile.kinds if k.key in by_kind]
    kinds += sorted(k for k in by_kind if k not in kinds and k not in IGNORED_KINDS)
    for kind in kinds:
        sh = book.sheet(_sheet_name(report.kind_label(kind), used))
        spec = report.profile.kind(kind)
        recs = by_kind[kind]
        if spec is not None and spec.layout == "list":
            _list_sheet(sh, spec, recs)
        else:
            _record_sheet(sh, spec, recs, report.profile.ocr_min_confidence)

    if report.profile.coverage is not None:
        _coverage_sheet(book.sheet(_sheet_name(report.profile.coverage.title, used)), report)

    sh = book.sheet(OTHER_FILES_SHEET)
    others = [r for k in IGNORED_KINDS for r in by_kind.get(k, [])]
    others.sort(key=lambda r: r.path)
    cols = [
        _Col("推荐单位", lambda r: _unit_label(r.unit)),
        _Col("文件", lambda r: r.path),
        _Col("格式", lambda r: r.fmt),
        _Col("大小（KB）", lambda r: _kb(r.size)),
        _Col("材料类别", lambda r: report.kind_label(r.kind)),
        _Col("原因", lambda r: r.reason, wrap=True),
    ]
    _table_sheet(sh, cols, others, freeze="C2")
    return book


def _coverage_sheet(sh: _Sheet, report: Report) -> None:
    """One row per entry: which outline items its supporting documents cover (✓) or miss (—)."""
    spec = report.profile.coverage
    subject = _subject_key(report, report.profile.summary_table.entry_kind)
    rows = coverage_by_entry(report.profile, [d.record for d in report.documents], report.links)
    cols = [
        _Col("推荐单位", lambda row: _unit_label(row[0].unit)),
        _Col(subject or "对象", lambda row: row[0].subject(subject)),
        _Col("支撑材料", lambda row: "\n".join(d.path for d in row[1]) or "（未收到）", wrap=True),
        _Col("覆盖", lambda row: f"{len(row[2])}/{len(spec.indicators)}"),
    ]
    cols += [_Col(ind.key, lambda row, k=ind.key: "✓" if k in row[2] else "—", style=_CENTRED_TOP, width=9,
                  fill=lambda v: _MISSING_FILL if v == "—" else None)
             for ind in spec.indicators]
    _table_sheet(sh, cols, rows, freeze="C2")


def _detail_keys(spec: KindSpec | None, recs: list[Record]) -> list[tuple[str, str]]:
    """("field" | "section", key) in column order: the profile's fields, title, sections and 字数,
    then whatever else the records hold."""
    keys: list[tuple[str, str]] = []
    if spec is not None:
        keys += [("field", f.key) for f in spec.fields]
        if spec.title_field:
            keys.append(("field", spec.title_field))
        keys += [("section", s.key) for s in spec.sections]
        if spec.count_field:
            keys.append(("field", spec.count_field))
    keys += [("field", k) for r in recs for k in r.fields]
    keys += [("section", k) for r in recs for k in r.sections]
    return list(dict.fromkeys(keys))


def _field_columns(
    keys: list[str],
    recs: list[Record],
    used: set[str],
    of: Callable[[Any], Record],
    long_keys: set[str],
    threshold: float | None = None,
) -> list[_Col]:
    cols: list[_Col] = []
    for key in keys:
        header = _unique(key, used)
        doubt = (lambda x, k=key: _doubt(of(x), k, threshold)) if threshold is not None else None
        cols.append(_Col(header, lambda x, k=key: of(x).value(k), wrap=key in long_keys, doubt=doubt))
        if any(_raw_differs(r, key) for r in recs):
            raw_header = _unique(f"{header}（原文）", used)
            cols.append(_Col(raw_header, lambda x, k=key: _raw(of(x), k), wrap=key in long_keys))
    return cols


def _doubt(record: Record, key: str, threshold: float) -> str:
    fv = record.fields.get(key)
    if fv is None or fv.confidence is None or fv.confidence >= threshold or not fv.raw.strip():
        return ""
    return f"识别置信度 {fv.confidence:.1%}（低于 {threshold:.0%}），请对照原件核对"


def _ocr_label(record: Record) -> str:
    if not record.ocr_pages:
        return ""
    conf = f"，平均置信度 {record.ocr_confidence:.1%}" if record.ocr_confidence is not None else ""
    return f"文字识别 {record.ocr_pages} 页{conf}"


def _raw(record: Record, key: str) -> str:
    fv = record.fields.get(key)
    return fv.raw if fv is not None else ""


def _raw_differs(record: Record, key: str) -> bool:
    fv = record.fields.get(key)
    if fv is None or not fv.raw.strip():
        return False
    return fv.raw.strip() != display(fv.value)


def _unique(name: str, used: set[str]) -> str:
    candidate = name
    n = 1
    while candidate in used:
        candidate = f"{name}（填写）" if n == 1 else f"{name}（{n}）"
        n += 1
    used.add(candidate)
    return candidate


def _long_keys(spec: KindSpec | None) -> set[str]:
    return {f.key for f in spec.fields if f.type == "longtext"} if spec else set()


def _record_sheet(sh: _Sheet, spec: KindSpec | None, recs: list[Record], threshold: float) -> None:
    used = {"推荐单位", "文件"}
    cols = [_Col("推荐单位", lambda r: _unit_label(r.unit)), _Col("文件", lambda r: r.path)]
    scanned = any(r.ocr_pages for r in recs)
    if scanned:  # only sheets that hold a scan get the column
        used.add("识别方式")
        cols.append(_Col("识别方式", _ocr_label))
    long_keys = _long_keys(spec)
    for what, key in _detail_keys(spec, recs):
        if what == "field":
            cols += _field_columns([key], recs, used, lambda r: r, long_keys, threshold if scanned else None)
        else:
            cols.append(_Col(_unique(key, used), lambda r, k=key: _section_body(r, k), wrap=True))
    _table_sheet(sh, cols, recs, freeze="C2")


def _section_body(record: Record, key: str) -> str | None:
    s = record.sections.get(key)
    return s.body if s is not None else None


def _list_sheet(sh: _Sheet, spec: KindSpec, recs: list[Record]) -> None:
    """One row per item of a unit's own list; a list with no items still shows its file."""
    used = {"推荐单位", "文件"}
    cols = [
        _Col("推荐单位", lambda x: _unit_label(x[0].unit)),
        _Col("文件", lambda x: x[0].path),
    ]
    item_keys = [c.key for c in spec.columns]
    item_keys += [
        k for k in dict.fromkeys(k for r in recs for it in r.items for k in it) if k not in item_keys
    ]
    for key in item_keys:
        cols.append(_Col(_unique(key, used), lambda x, k=key: x[1].get(k) if x[1] else None))
    field_keys = [k for what, k in _detail_keys(spec, recs) if what == "field"]
    cols += _field_columns(field_keys, recs, used, lambda x: x[0], _long_keys(spec))
    rows = [(r, item) for r in recs for item in (r.items or [None])]
    _table_sheet(sh, cols, rows, freeze="C2")


def _table_sheet(sh: _Sheet, cols: list[_Col], rows: list[Any], freeze: str) -> None:
    """A header row, then one row per item of ``rows``. Long texts stay on one line (unless a column's
    style wraps) so that the sheet remains scannable; the cell holds it all."""
    _header_row(sh, 1, [c.header for c in cols])
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


# ---------------------------------------------------------------------------------------- records.json


def records_json(report: Report) -> str:
    doc = {
        "profile": report.profile.name,
        "documents": [
            _document_json(report, d) for d in sorted(report.documents, key=lambda d: d.record.path)
        ],
        "findings": [_batch_finding_json(f) for f in report.batch_findings],
        "profile_title": report.profile.title,
        "inbox": report.inbox,
    }
    # One document or finding per line: readable and diffable, and written by json's C encoder (an indented
    # dump goes through the pure-Python one, about ten times slower on a thousand submissions).
    def dump(v: Any) -> str:
        # The C encoder takes dicts, lists, strings and numbers (str and int enums as their values) itself;
        # ``_plain_leaf`` the rest. A NaN, or a key that is not text, takes the slower, complete ``_plain``.
        try:
            return json.dumps(v, ensure_ascii=False, allow_nan=False, default=_plain_leaf)
        except (ValueError, TypeError):
            return json.dumps(_plain(v), ensure_ascii=False, allow_nan=False)

    parts = []
    for key, value in doc.items():
        if isinstance(value, list):
            body = ",\n".join(dump(v) for v in value)
            parts.append(f"{dump(key)}: [\n{body}\n]" if value else f"{dump(key)}: []")
        else:
            parts.append(f"{dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _document_json(report: Report, d: DocumentResult) -> dict[str, Any]:
    r = d.record
    spec = report.profile.kind(r.kind)
    fields: dict[str, Any] = {k: fv.value for k, fv in r.fields.items()}
    for key, s in r.sections.items():
        if key in fields:
            _log.warning("%s：字段与正文部分同名（%s），records.json 中保留字段值", r.path, key)
            continue
        fields[key] = s.body
    if (spec is not None and spec.layout == "list") or r.items:
        fields[ITEMS_KEY] = r.items
    return {
        "path": r.path,
        "kind": r.kind,
        "unit": r.unit,
        "fields": fields,
        "findings": [_doc_finding_json(f) for f in d.findings],
        "kind_label": report.kind_label(r.kind),
        "unit_source": r.unit_source,
        "sha256": r.sha256,
        "fmt": r.fmt,
        "size": r.size,
        "pages": r.pages,
        "status": r.status.value,
        "reason": r.reason,
        "raw": {k: fv.raw for k, fv in r.fields.items()},
        "problems": {k: fv.problem for k, fv in r.fields.items() if fv.problem},
        "sections": {k: {"heading": s.heading, "chars": s.chars} for k, s in r.sections.items()},
        "ocr": _ocr_json(r),
    }


def _ocr_json(r: Record) -> dict[str, Any] | None:
    """For a scan: pages OCR'd, mean confidence and each field's confidence; None for typed documents."""
    if not r.ocr_pages:
        return None
    return {
        "pages": r.ocr_pages,
        "confidence": r.ocr_confidence,
        "fields": {k: fv.confidence for k, fv in r.fields.items() if fv.confidence is not None},
    }


def _doc_finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "field": f.field,
        "title": f.title,
        "subject": f.subject,
        "actual": f.actual,
        "limit": f.limit,
        "evidence": f.evidence,
    }


def _pair_json(f: Finding) -> dict[str, Any] | None:
    p = f.extra.get("near_copy")
    if p is None:
        return None
    out = {"similarity": p.similarity, "grade": p.grade, "passages": p.passages,
           "a": {"unit": p.a_unit, "path": p.a_path, "paths": p.a_paths, "subject": p.a_subject, "label": p.a_label,
                 "spans": p.a_spans},
           "b": {"unit": p.b_unit, "path": p.b_path, "paths": p.b_paths, "subject": p.b_subject, "label": p.b_label,
                 "spans": p.b_spans, "year": p.b_year}}
    if group := f.extra.get("group"):  # a text several units sent: every one of them
        out["group"] = [{"unit": m.unit, "path": m.path, "subject": m.subject, "label": m.label,
                         "similarity": m.similarity} for m in group]
    return out


def _batch_finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "unit": f.unit,
        "paths": list(f.paths),
        "title": f.title,
        "subject": f.subject,
        "field": f.field,
        "actual": f.actual,
        "limit": f.limit,
        "evidence": f.evidence,
        **({"pair": pair} if (pair := _pair_json(f)) else {}),
    }


def _plain_leaf(obj: Any) -> Any:
    """``json.dumps(default=…)``: what ``_plain`` makes of a value the encoder does not know."""
    if isinstance(obj, (dict, list, tuple)):  # not reached: the encoder handles these
        raise TypeError(type(obj).__name__)
    return _plain(obj)


def _plain(obj: Any) -> Any:
    """Only JSON types: dates as ISO text, enums as their value, NaN as null, the rest as text."""
    if isinstance(obj, enum.Enum):
        return _plain(obj.value)
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((_plain(v) for v in obj), key=str)
    if isinstance(obj, (dt.date, dt.datetime, dt.time)):
        return obj.isoformat()
    return str(obj)
