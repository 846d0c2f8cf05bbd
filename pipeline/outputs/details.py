"""材料明细.xlsx: every extracted field of every document, a sheet per kind."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from checks.batch_rules import coverage_by_entry
from checks.standards import DOUBTFUL, NOT_MET, assess
from extractors.models import Record, Severity
from extractors.profile import KindSpec
from pipeline.outputs.book import (
    CENTRED_TOP,
    IGNORED_KINDS,
    MISSING_FILL,
    OTHER_FILES_SHEET,
    SEVERITY_FILL,
    Book,
    Col,
    Sheet,
    display,
    kb,
    kind_subject_key,
    sheet_name,
    table_sheet,
    unit_label,
)
from pipeline.report import Report, format_label

_log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------- 材料明细.xlsx




def details_workbook(report: Report) -> Book:
    book = Book()
    used = {OTHER_FILES_SHEET}
    by_kind: dict[str, list[Record]] = {}
    for d in sorted(report.documents, key=lambda d: d.record.path):
        by_kind.setdefault(d.record.kind, []).append(d.record)

    kinds = [k.key for k in report.profile.kinds if k.key in by_kind]
    kinds += sorted(k for k in by_kind if k not in kinds and k not in IGNORED_KINDS)
    for kind in kinds:
        sh = book.sheet(sheet_name(report.kind_label(kind), used))
        spec = report.profile.kind(kind)
        recs = by_kind[kind]
        if spec is not None and spec.layout == "list":
            _list_sheet(sh, spec, recs)
        else:
            _record_sheet(sh, spec, recs, report.profile.ocr_min_confidence)

    if report.profile.coverage is not None:
        _coverage_sheet(book.sheet(sheet_name(report.profile.coverage.title, used)), report)
    if report.profile.standards is not None:
        _standards_sheet(book.sheet(sheet_name(report.profile.standards.title, used)), report)

    sh = book.sheet(OTHER_FILES_SHEET)
    others = [r for k in IGNORED_KINDS for r in by_kind.get(k, [])]
    others.sort(key=lambda r: r.path)
    cols = [
        Col("推荐单位", lambda r: unit_label(r.unit)),
        Col("文件", lambda r: r.path),
        Col("格式", lambda r: format_label(r.fmt)),
        Col("大小（KB）", lambda r: kb(r.size)),
        Col("材料类别", lambda r: report.kind_label(r.kind)),
        Col("原因", lambda r: r.reason, wrap=True),
    ]
    table_sheet(sh, cols, others, freeze="C2")
    return book


def _coverage_sheet(sh: Sheet, report: Report) -> None:
    """One row per entry: which outline items its supporting documents cover (✓) or miss (—)."""
    spec = report.profile.coverage
    subject = kind_subject_key(report, report.profile.summary_table.entry_kind)
    rows = coverage_by_entry(report.profile, [d.record for d in report.documents], report.links)
    cols = [
        Col("推荐单位", lambda row: unit_label(row[0].unit)),
        Col(subject or "对象", lambda row: row[0].subject(subject)),
        Col("支撑材料", lambda row: "\n".join(d.path for d in row[1]) or "（未收到）", wrap=True),
        Col("覆盖", lambda row: f"{len(row[2])}/{len(spec.indicators)}"),
    ]
    cols += [Col(ind.key, lambda row, k=ind.key: "✓" if k in row[2] else "—", style=CENTRED_TOP, width=9,
                  fill=lambda v: MISSING_FILL if v == "—" else None)
             for ind in spec.indicators]
    table_sheet(sh, cols, rows, freeze="C2")


GRADE_FILL = {NOT_MET: SEVERITY_FILL[Severity.ERROR], DOUBTFUL: SEVERITY_FILL[Severity.WARNING]}


def _standards_sheet(sh: Sheet, report: Report) -> None:
    """One row per entry: each standard's grade (达标 / 存疑 / 不达标), the reason in the column beside it."""
    spec = report.profile.standards
    subject = kind_subject_key(report, report.profile.summary_table.entry_kind)
    rows = assess(report.profile, [d.record for d in report.documents], report.links)
    cols = [
        Col(report.profile.unit_field, lambda a: unit_label(a.entry.unit)),
        Col(subject or "对象", lambda a: a.entry.subject(subject)),
        Col("达标情况", lambda a: a.summary()),
    ]
    for i, std in enumerate(spec.items):
        cols.append(Col(std.key, lambda a, i=i: a.grades[i].grade, style=CENTRED_TOP, width=10,
                        fill=lambda v: GRADE_FILL.get(v)))
        cols.append(Col(f"{std.key}（原因）", lambda a, i=i: a.grades[i].reason or None, wrap=True))
    table_sheet(sh, cols, rows, freeze="C2")


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
) -> list[Col]:
    cols: list[Col] = []
    for key in keys:
        header = _unique(key, used)
        doubt = (lambda x, k=key: _doubt(of(x), k, threshold)) if threshold is not None else None
        cols.append(Col(header, lambda x, k=key: of(x).value(k), wrap=key in long_keys, doubt=doubt))
        if any(_raw_differs(r, key) for r in recs):
            raw_header = _unique(f"{header}（原文）", used)
            cols.append(Col(raw_header, lambda x, k=key: _raw(of(x), k), wrap=key in long_keys))
    return cols


def _doubt(record: Record, key: str, threshold: float) -> str:
    fv = record.fields.get(key)
    if fv is None or fv.confidence is None or fv.confidence >= threshold or not fv.raw.strip():
        return ""
    return f"识别清晰度 {fv.confidence:.1%}（低于 {threshold:.0%}），请对照原件核对"


def _ocr_label(record: Record) -> str:
    if not record.ocr_pages:
        return ""
    conf = f"，平均识别清晰度 {record.ocr_confidence:.1%}" if record.ocr_confidence is not None else ""
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


def _record_sheet(sh: Sheet, spec: KindSpec | None, recs: list[Record], threshold: float) -> None:
    used = {"推荐单位", "文件"}
    cols = [Col("推荐单位", lambda r: unit_label(r.unit)), Col("文件", lambda r: r.path)]
    scanned = any(r.ocr_pages for r in recs)
    if scanned:  # only sheets that hold a scan get the column
        used.add("识别方式")
        cols.append(Col("识别方式", _ocr_label))
    long_keys = _long_keys(spec)
    for what, key in _detail_keys(spec, recs):
        if what == "field":
            cols += _field_columns([key], recs, used, lambda r: r, long_keys, threshold if scanned else None)
        else:
            cols.append(Col(_unique(key, used), lambda r, k=key: _section_body(r, k), wrap=True))
    table_sheet(sh, cols, recs, freeze="C2")


def _section_body(record: Record, key: str) -> str | None:
    s = record.sections.get(key)
    return s.body if s is not None else None


def _list_sheet(sh: Sheet, spec: KindSpec, recs: list[Record]) -> None:
    """One row per item of a unit's own list; a list with no items still shows its file."""
    used = {"推荐单位", "文件"}
    cols = [
        Col("推荐单位", lambda x: unit_label(x[0].unit)),
        Col("文件", lambda x: x[0].path),
    ]
    item_keys = [c.key for c in spec.columns]
    item_keys += [
        k for k in dict.fromkeys(k for r in recs for it in r.items for k in it) if k not in item_keys
    ]
    for key in item_keys:
        cols.append(Col(_unique(key, used), lambda x, k=key: x[1].get(k) if x[1] else None))
    field_keys = [k for what, k in _detail_keys(spec, recs) if what == "field"]
    cols += _field_columns(field_keys, recs, used, lambda x: x[0], _long_keys(spec))
    rows = [(r, item) for r in recs for item in (r.items or [None])]
    table_sheet(sh, cols, rows, freeze="C2")




