"""汇总表.xlsx: the consolidated table in the notice's own layout (``profile.summary_table``), grouped by 推荐单位."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import Any

from extractors.models import Record, Severity
from extractors.profile import STANDARDS_SOURCE
from pipeline.outputs.book import (
    BORDER,
    CENTRED,
    GROUP,
    MIDDLE_WRAP,
    REMARK_SOURCE,
    SEQ_SOURCE,
    SEVERITY_FILL,
    TITLE,
    Blank,
    Book,
    Style,
    field_or_section,
    header_row,
    kind_subject_key,
    norm_name,
    unit_label,
    wrapped_lines,
)
from pipeline.report import UNREADABLE, UNRECOGNISED, Report

_log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------- 汇总表


def summary_workbook(report: Report) -> Book:
    """The notice's 汇总表, grouped by 推荐单位, exactly as ``profile.summary_table`` describes it."""
    spec = report.profile.summary_table
    cols = spec.columns
    n = max(len(cols), 1)

    book = Book()
    sh = book.sheet("汇总表")
    if n > 1:
        sh.merge_row(1, n, spec.title, TITLE)
    else:
        sh.put(1, 1, spec.title, TITLE)
    sh.height(1, 36)
    if n > 1:
        sh.merge_row(2, n, spec.sign_line, SIGN)
    else:
        sh.put(2, 1, spec.sign_line, SIGN)
    sh.height(2, 30)

    header_row(sh, HEADER_ROW, [c.header for c in cols])
    sh.height(HEADER_ROW, 24)
    sh.freeze(f"A{HEADER_ROW + 1}")
    sh.widths([c.width for c in cols])

    getters = [_column_getter(report, c.source, c.until, c.template, c.column) for c in cols]
    getters = _one_date_precision(getters, [r for r in report.records_of(spec.entry_kind) if not r.superseded_by])
    entry_kind = spec.entry_kind
    by_unit: dict[str, list[Record]] = {}
    for r in report.records_of(entry_kind):
        if not r.superseded_by:  # a corrected copy stands in the table instead of its original
            by_unit.setdefault(r.unit, []).append(r)
    remarks_by_unit = _remarks_by_unit(report)
    status_of = _entry_status(report)
    statuses: list[tuple[int, str, str, str, list[str]]] = []
    doubtful = _doubtful(report)
    quota = _over_quota(report)
    row = HEADER_ROW + 1
    seq = marked = 0
    for unit in report.units():
        unit_entries = sorted(by_unit.get(unit, []), key=lambda r: r.path)
        if not unit_entries:
            continue
        head = _group_header(report, unit) + (f"　　【{quota[unit]}】" if unit in quota else "")
        if n > 1:
            sh.merge_row(row, n, head, GROUP)
        else:
            sh.put(row, 1, head, GROUP)
        sh.height(row, 22)
        row += 1

        remarks = remarks_by_unit.get(unit, {})
        for entry in unit_entries:
            seq += 1
            lines = 1
            status, problems = status_of(entry)
            for col, (ocol, getter) in enumerate(zip(cols, getters, strict=True), 1):
                styles: list[Style] = [BORDER, CENTRED if ocol.source == SEQ_SOURCE else MIDDLE_WRAP]
                if ocol.source == SEQ_SOURCE and status == PENDING:
                    styles.append(SEVERITY_FILL[Severity.ERROR])  # a row with open problems (listed below)
                faint = _doubt_of(report, entry, ocol.source, doubtful)
                if faint:
                    styles.append(DOUBT_FILL)
                v = sh.put(row, col, getter(entry, seq, remarks), *styles)
                if faint and v is not None:
                    sh.comment(row, col, faint)
                    marked += 1
                lines = max(lines, wrapped_lines(v, ocol.width))
            # Neither Excel nor Calc grows a row for wrapped text in a written file: size it here.
            sh.height(row, max(20, 15 * lines + 5))
            row += 1
            statuses.append((seq, unit, entry.subject(kind_subject_key(report, entry_kind)), status, problems))

    # Under the table, on the printed page: what is still open, row by row, so nobody forwards it unawares.
    pending = [s for s in statuses if s[3] == PENDING]
    note = (f"注：本表中 {len(pending)} 项材料{PENDING}（序号底色标红），问题如下，详见“{STATUS_SHEET}”工作表；"
            "更正完成前请勿报送。" if pending
            else f"注：经审查，本表所列 {len(statuses)} 项材料未发现待更正的问题。")
    if marked:
        note += "浅橙色单元格为扫描件中识别不清的内容，请对照原件核对（批注中有说明）。"
    notes = [(note, NOTE)] + [(f"{seq}. {subject or '（未写名称）'}：" + "；".join(_short(p) for p in problems),
                               NOTE_LINE) for seq, _, subject, _, problems in pending]
    for text, style in notes:
        if n > 1:
            sh.merge_row(row, n, text, style)
        else:
            sh.put(row, 1, text, style)
        sh.height(row, max(18, 15 * wrapped_lines(text, sum(c.width for c in cols)) + 3))
        row += 1
    _status_sheet(book.sheet(STATUS_SHEET), statuses)

    ws = sh.ws
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many long as it takes
    ws.center_horizontally()
    ws.repeat_rows(HEADER_ROW - 1)  # the header row on every printed page
    ws.set_footer("&C第 &P 页 共 &N 页")
    _log.debug("汇总表：%d 条", seq)
    return book


STATUS_SHEET = "审查状态"
HEADER_ROW = 3  # the title, the line to fill in and stamp, then the column headers
SIGN: dict[str, Any] = {"align": "left", "valign": "vcenter", "font_size": 11}
DOUBT_FILL: dict[str, Any] = {"pattern": 1, "bg_color": "#F8CBAD"}  # as 材料明细 marks an OCR'd value to check


def _doubtful(report: Report) -> dict[tuple[str, str], str]:
    """(path, field) -> the note for a cell read faintly from a scan (an open field.low_confidence finding)."""
    out: dict[tuple[str, str], str] = {}
    for f in report.open_findings():
        if f.code == "field.low_confidence" and f.field:
            sure = f"{f.actual:.0%}" if isinstance(f.actual, (int, float)) else ""
            for p in f.paths:
                out[(p, f.field)] = ("扫描件中这一栏识别不清" + (f"（识别把握 {sure}）" if sure else "")
                                     + "，请对照原件核对")
    return out


def _doubt_of(report: Report, entry: Record, source: str, doubtful: dict[tuple[str, str], str]) -> str:
    """The note for one cell of the entry's row, or "" when its value was read clearly."""
    if not doubtful:
        return ""
    kind, sep, key = source.partition(".")
    if not sep:
        return ""
    paths = [entry.path] if kind == entry.kind else [r.path for r in report.attachments_of(entry.path)
                                                    if r.kind == kind]
    return next((doubtful[(p, key)] for p in paths if (p, key) in doubtful), "")


def _over_quota(report: Report) -> dict[str, str]:
    """unit -> what its group header says when it recommends more (or fewer) than its quota."""
    out: dict[str, str] = {}
    for f in report.open_findings():
        if f.code.startswith("quota.") and f.units:
            for u in f.units:
                out.setdefault(u, f.message)
    return out
COMPLETE, PENDING, CORRECTED = "材料齐全", "待更正", "已更正"
NOTE: dict[str, Any] = {"bold": True, "text_wrap": True, "valign": "top"}
NOTE_LINE: dict[str, Any] = {"text_wrap": True, "valign": "top"}
SHORT = 60  # a problem in the list under the table is cut here (审查状态 has it whole)


def _short(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else ""
    return first if len(first) <= SHORT and first == message.strip() else first[:SHORT].rstrip("，、；：") + "……"


def _entry_status(report: Report) -> Callable[[Record], tuple[str, list[str]]]:
    """An entry's status and its open problems (errors and warnings not marked 不是问题, about the entry or the
    materials linked to it, or naming its subject within its unit): 待更正 while there are some; else 已更正
    when the last correction resolved some; else 材料齐全. Findings are indexed by path and by (unit, subject),
    so a thousand entries do not each scan every finding."""
    subject_key = kind_subject_key(report, report.profile.summary_table.entry_kind)
    open_findings = [f for f in report.open_findings() if f.severity in (Severity.ERROR, Severity.WARNING)]
    resolved = [(c.unit, w) for c in (report.changes.units if report.changes is not None else [])
                for w in c.resolved]

    def index(items: list[tuple[list[str], str, list[str], Any]]) -> tuple[dict, dict]:
        by_path: dict[str, list[int]] = {}
        by_subject: dict[tuple[str, str], list[int]] = {}
        for i, (units, subject, paths, _) in enumerate(items):
            for p in paths:
                by_path.setdefault(p, []).append(i)
            if subject:
                for u in units:
                    by_subject.setdefault((u, norm_name(subject)), []).append(i)
        return by_path, by_subject

    now = [(f.units, f.subject, f.paths, f.message) for f in open_findings]
    then = [([u], w.subject, w.paths, None) for u, w in resolved]
    now_index, then_index = index(now), index(then)

    def about(entry: Record, paths: set[str], subject: str, idx: tuple[dict, dict]) -> list[int]:
        by_path, by_subject = idx
        hits = {i for p in paths for i in by_path.get(p, ())}
        if subject:
            hits.update(by_subject.get((entry.unit, norm_name(subject)), ()))
        return sorted(hits)

    # A file that could not be read is linked to nothing; it belongs to the entry its name names (the checks
    # then report it as unreadable, not the material as missing).
    unread = [d.record for d in report.documents if d.record.kind in (UNREADABLE, UNRECOGNISED)]

    def status(entry: Record) -> tuple[str, list[str]]:
        subject = entry.subject(subject_key)
        paths = {entry.path} | {r.path for r in report.attachments_of(entry.path)}
        if norm_name(subject):
            paths |= {r.path for r in unread if r.unit == entry.unit
                      and norm_name(subject) in norm_name(r.path.rsplit("/", 1)[-1])}
        mine = about(entry, paths, subject, now_index)
        if mine:
            return PENDING, [now[i][3] for i in mine]
        if about(entry, paths, subject, then_index):
            return CORRECTED, []
        return COMPLETE, []

    return status


def _status_sheet(sh: Any, statuses: list[tuple[int, str, str, str, list[str]]]) -> None:
    widths = [6, 22, 28, 10, 80]
    header_row(sh, 1, ["序号", "推荐单位", "名称", "审查状态", "待解决的问题"])
    sh.widths(widths)
    sh.freeze("A2")
    fills = {PENDING: SEVERITY_FILL[Severity.ERROR], CORRECTED: SEVERITY_FILL[Severity.INFO]}
    for row, (seq, unit, subject, status, problems) in enumerate(statuses, 2):
        values = [seq, unit_label(unit), subject, status,
                  "\n".join(f"{i}. {m}" for i, m in enumerate(problems, 1)) if problems else None]
        for col, v in enumerate(values, 1):
            sh.put(row, col, v, BORDER, CENTRED if col == 1 else MIDDLE_WRAP,
                   *([fills[status]] if col == 4 and status in fills else []))
        # Neither Excel nor Calc grows a row for wrapped text in a written file: size it here.
        sh.height(row, max(20, 15 * max(wrapped_lines(v, w) for v, w in zip(values, widths, strict=True)) + 5))
    ws = sh.ws
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&C审查状态　第 &P 页 共 &N 页")


Getter = Callable[[Record, int, dict[str, Any]], Any]
_DATE_TEXT = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _precision(v: Any) -> int | None:
    """3 for a day, 2 for a month; None for a value that is not a date."""
    if isinstance(v, dt.date):
        return 3
    m = _DATE_TEXT.match(v) if isinstance(v, str) else None
    return (3 if m.group(3) else 2) if m else None


def _one_date_precision(getters: list[Getter], entries: list[Record]) -> list[Getter]:
    """A column of dates shows them all at one precision: when some entries give only the month ("2019-03"),
    a full date ("2019-03-15") in the same column is shown as its month too, so the column reads alike."""
    out = list(getters)
    for i, get in enumerate(getters):
        values = [get(e, 0, {}) for e in entries]
        kinds = {_precision(v) for v in values if v not in (None, "")}
        if kinds == {2, 3}:
            def monthly(entry: Record, seq: int, remarks: dict[str, Any], get: Getter = get) -> Any:
                v = get(entry, seq, remarks)
                if isinstance(v, dt.date):
                    return f"{v.year:04d}-{v.month:02d}"
                return v[:7] if _precision(v) == 3 else v
            out[i] = monthly
    return out


def _summary_getter(report: Report, source: str) -> Getter:
    entry_kind = report.profile.summary_table.entry_kind
    if source == SEQ_SOURCE:
        return lambda entry, seq, remarks: seq
    if source == REMARK_SOURCE:
        subject_key = kind_subject_key(report, entry_kind)
        return lambda entry, seq, remarks: remarks.get(norm_name(entry.subject(subject_key)))
    if source == report.profile.unit_field:
        return lambda entry, seq, remarks: entry.unit
    if source == STANDARDS_SOURCE:
        from checks.standards import assess

        graded = {a.entry.path: a.summary() for a in assess(report.profile, [d.record for d in report.documents],
                                                              report.links)}
        return lambda entry, seq, remarks: graded.get(entry.path)
    kind, sep, key = source.partition(".")
    if not sep or report.profile.kind(kind) is None:
        _log.warning("汇总表列来源“%s”无法识别，该列留空", source)
        return lambda entry, seq, remarks: None
    if kind == entry_kind:
        return lambda entry, seq, remarks: field_or_section(entry, key)
    if report.profile.kind(kind).role == "summary":  # a column of the unit's own list (推荐排序), by the entry's name
        listed = _remarks_by_unit(report, key)
        subject_key = kind_subject_key(report, entry_kind)
        return lambda entry, seq, remarks: listed.get(entry.unit, {}).get(norm_name(entry.subject(subject_key)))

    def from_attachment(entry: Record, seq: int, remarks: dict[str, Any]) -> Any:
        linked = sorted(
            (r for r in report.attachments_of(entry.path) if r.kind == kind), key=lambda r: r.path
        )
        return field_or_section(linked[0], key) if linked else None

    return from_attachment




_PLACE = re.compile(r"\{([^{}]+)\}")


def _templated(report: Report, source: str, template: str) -> Getter:
    """Several fields of ``source``'s record in one text ("{表彰单位}{表彰名称}（{表彰文号}）"): an empty field goes
    with the brackets around it; all of them empty, the cell is blank."""
    getters = {name: _summary_getter(report, f"{source.partition('.')[0]}.{name}")
               for name in _PLACE.findall(template)}

    def composed(entry: Record, seq: int, remarks: dict[str, Any]) -> Any:
        values = {name: get(entry, seq, remarks) for name, get in getters.items()}
        if all(v in (None, "") for v in values.values()):
            return None
        text = _PLACE.sub(lambda m: "" if values[m.group(1)] in (None, "") else str(values[m.group(1)]), template)
        return re.sub(r"[（(]\s*[）)]|《\s*》", "", text).strip() or None

    return composed


def _column_getter(report: Report, source: str, until: str, template: str = "", column: str = "") -> Getter:
    """A column's values; with ``until``, a date range from ``source`` to ``until`` ("2019-03—至今"); with
    ``template``, several fields of ``source``'s kind in one text; with ``column``, that column of the rows of
    the sub-table ``source`` ("李强、王磊")."""
    if template:
        return _templated(report, source, template)
    start = _summary_getter(report, source)
    if column:
        def picked(entry: Record, seq: int, remarks: dict[str, Any]) -> Any:
            rows = start(entry, seq, remarks)
            if not isinstance(rows, list):
                return rows
            return "、".join(str(r[column]) for r in rows if isinstance(r, dict) and r.get(column)) or None

        return picked
    if not until:
        return start
    end = _summary_getter(report, until)

    def ranged(entry: Record, seq: int, remarks: dict[str, Any]) -> Any:
        first = start(entry, seq, remarks)
        return None if first in (None, "") else f"{first}—{end(entry, seq, remarks) or '至今'}"

    return ranged


def _group_header(report: Report, unit: str) -> str:
    template = report.profile.summary_table.group_header
    # The unit's name is known even when its forms gave no unit line (推荐单位：…).
    info = Blank({report.profile.unit_field: unit_label(unit)})
    info.update({k: ("" if v is None else str(v)) for k, v in report.unit_info.get(unit, {}).items() if v})
    try:
        return template.format_map(info)
    except (ValueError, IndexError, AttributeError, TypeError) as e:
        _log.warning("汇总表分组标题格式有误（%s）：%s", template, e)
        return template


def _remarks_by_unit(report: Report, column: str = REMARK_SOURCE) -> dict[str, dict[str, Any]]:
    """Per unit: normalised subject -> the ``column`` (备注) of its row in the unit's own summary list(s)."""
    subject_key = kind_subject_key(report, report.profile.summary_table.entry_kind)
    if not subject_key:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for spec in report.profile.kinds_with_role("summary"):
        for rec in sorted(report.records_of(spec.key), key=lambda r: r.path):
            mine = out.setdefault(rec.unit, {})
            for item in rec.items:
                name = norm_name(item.get(subject_key))
                if name and name not in mine:
                    mine[name] = item.get(column)
    return out


