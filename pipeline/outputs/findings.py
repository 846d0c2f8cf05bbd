"""异常报告.xlsx: every finding a row, the near-copy pairs, every input file's fate, and the overview."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from checks.models import Finding
from extractors.models import Severity, Status
from pipeline.outputs.book import (
    BATCH_UNIT,
    BOLD,
    BORDER,
    IGNORED_KINDS,
    KB,
    SEVERITY_FILL,
    SUBTITLE,
    TOP,
    WRAP_TOP,
    Book,
    Col,
    Sheet,
    Style,
    finding_unit_label,
    header_row,
    is_recognised,
    kb,
    near_copy_pairs,
    sorted_documents,
    status_label,
    table_sheet,
    unit_label,
)
from pipeline.report import SEVERITY_ORDER, UNREADABLE, UNRECOGNISED, Report
from pipeline.review.batch import (
    DECISION_HEADER,
    FINDINGS_SHEET,
    IGNORED_SHEET,
    KEY_HEADER,
    NOTE_HEADER,
    NUMBER_HEADER,
)
from pipeline.review.decisions import LABELS as DECISION_LABELS

_log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------- 异常报告.xlsx

_FINDING_COLUMNS: list[tuple[str, float, Callable[[Finding], Any]]] = [
    ("推荐单位", 22, finding_unit_label),
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
# Staff type their decisions into the 处理决定 / 处理说明 columns (read back by pipeline.review.batch.import_xlsx);
# 问题编号 is the finding's key, which the import matches on.


def findings_workbook(report: Report) -> Book:
    book = Book()
    numbers = {id(f): i for i, f in enumerate(report.all_findings(), 1)}
    _findings_sheet(book.sheet(FINDINGS_SHEET), report, report.open_findings(), numbers, ignored=False)
    ignored = report.ignored_findings()
    if ignored:
        _findings_sheet(book.sheet(IGNORED_SHEET), report, ignored, numbers, ignored=True)
    if report.changes is not None and report.changes.any():
        _changes_sheet(book.sheet(CHANGES_SHEET), report)

    pairs = near_copy_pairs(report)
    if pairs:
        _pairs_sheet(book.sheet(PAIRS_SHEET), pairs)
    _files_sheet(book.sheet("文件清单"), report)
    _overview_sheet(book.sheet("概况"), report)
    return book


def _findings_sheet(sh: Sheet, report: Report, findings: list[Finding], numbers: dict[int, int],
                    ignored: bool) -> None:
    """One finding a row: 序号, what it is, then the decision columns staff fill in (a drop-down of the three
    decisions), who decided when (on the 已忽略 sheet), and the finding's key."""
    extra = [(DECISION_HEADER, 16), (NOTE_HEADER, 30)] + ([("标注人", 10), ("标注时间", 18)] if ignored else [])
    headers = [NUMBER_HEADER] + [h for h, _, _ in _FINDING_COLUMNS] + [h for h, _ in extra] + [KEY_HEADER]
    header_row(sh, 1, headers)
    sh.widths([6] + [w for _, w, _ in _FINDING_COLUMNS] + [w for _, w in extra] + [18])
    sh.freeze("B2")
    styles = [WRAP_TOP if h in _FINDING_WRAP else TOP for h, _, _ in _FINDING_COLUMNS]
    row = 1
    for f in findings:
        row += 1
        sh.put(row, 1, numbers[id(f)], TOP)
        for col, (header, _, get) in enumerate(_FINDING_COLUMNS, 2):
            if header == "严重程度":
                sh.put(row, col, get(f), TOP, SEVERITY_FILL[f.severity])
            else:
                sh.put(row, col, get(f), styles[col - 2])
        d = report.decision(f)
        values = [d.status.label if d else None, d.note if d else None]
        if ignored:
            values += [d.who if d else None, d.at.replace("T", " ") if d else None]
        for col, v in enumerate([*values, f.key], len(_FINDING_COLUMNS) + 2):
            sh.put(row, col, v, WRAP_TOP)
    decision_col = len(_FINDING_COLUMNS) + 1  # 0-based
    if row > 1:
        sh.ws.data_validation(1, decision_col, row - 1, decision_col, {
            "validate": "list", "source": [*DECISION_LABELS.values(), "清除"],
            "error_type": "warning", "error_title": "处理决定",
            "error_message": "请从列表中选择：已核实（保留）、不是问题（忽略）、已通知，或“清除”撤销原来的决定",
        })
    sh.autofilter(row, len(headers))


PAIRS_SHEET = "相似文本"
CHANGES_SHEET = "本次更正"


def _changes_sheet(sh: Sheet, report: Report) -> None:
    """Per unit, what changed since the batch was last checked with other files: files new, replaced or gone,
    findings resolved, remaining and new (pipeline.review.changes)."""
    ch = report.changes
    n = 6
    sh.merge_row(1, n, f"与 {ch.since} 的审查结果相比（已忽略的问题算作已解决）", SUBTITLE)
    header_row(sh, 2, ["推荐单位", "变化", "文件", "对象", "问题", "严重程度"])
    sh.widths([22, 12, 44, 20, 50, 9])
    sh.freeze("A3")
    row = 2
    for u in ch.units:
        lines: list[tuple[str, str, str, str, Any]] = []
        lines += [("新增文件", p, "", "", None) for p in u.new_files]
        lines += [("替换文件", p, "", "", None) for p in u.replaced_files]
        lines += [("撤下文件", p, "", "", None) for p in u.removed_files]
        lines += [("已解决", "\n".join(w.paths), w.subject, w.message, w.severity) for w in u.resolved]
        lines += [("新出现", "\n".join(f.paths), f.subject, f.message, f.severity) for f in u.new]
        lines += [("仍存在", "\n".join(f.paths), f.subject, f.message, f.severity) for f in u.remaining]
        if not (u.files_changed or u.resolved or u.new):
            continue  # nothing happened for this unit
        for what, paths, subject, message, severity in lines:
            row += 1
            values = [unit_label(u.unit) if u.unit else BATCH_UNIT, what, paths, subject, message]
            for col, v in enumerate(values, 1):
                sh.put(row, col, v, WRAP_TOP)
            if severity is not None:
                sh.put(row, 6, severity.label, TOP, SEVERITY_FILL[severity])
    sh.ws.autofilter(1, 0, row - 1, n - 1)  # the header is row 2




def _pairs_sheet(sh: Sheet, pairs: list[Any]) -> None:
    """One row per near-copy pair: both sides, the similarity and the shared passages."""
    cols = [
        Col("相似度", lambda p: f"{p.similarity:.0%}"),
        Col("单位甲", lambda p: unit_label(p.a_unit)),
        Col("文件甲", lambda p: p.a_path),
        Col("对象甲", lambda p: p.a_subject),
        Col("文本甲", lambda p: p.a_label),
        Col("单位乙", lambda p: unit_label(p.b_unit) + (f"（{p.b_year} 年）" if p.b_year else "")),
        Col("文件乙", lambda p: p.b_path),
        Col("对象乙", lambda p: p.b_subject),
        Col("文本乙", lambda p: p.b_label),
        Col("共同段落", lambda p: "\n".join(f"“{s}”" for s in p.passages), wrap=True, style=WRAP_TOP),
    ]
    table_sheet(sh, cols, pairs, freeze="B2")


def _files_sheet(sh: Sheet, report: Report) -> None:
    headers = ["序号", "推荐单位", "文件", "格式", "大小（KB）", "材料类别", "状态", "原因", "问题数"]
    header_row(sh, 1, headers)
    sh.widths([6, 22, 50, 8, 11, 24, 10, 40, 8])
    sh.freeze("A2")
    row = 1
    for i, d in enumerate(sorted_documents(report), 1):
        r = d.record
        row += 1
        values = [
            i,
            unit_label(r.unit),
            r.path,
            r.fmt,
            kb(r.size),
            report.kind_label(r.kind),
            status_label(r),
            r.reason,
            len(d.findings),
        ]
        if r.status is Status.FAILURE or r.kind == UNREADABLE:
            status_fill: tuple[Style, ...] = (SEVERITY_FILL[Severity.ERROR],)
        elif r.status is Status.PARTIAL or r.kind == UNRECOGNISED:
            status_fill = (SEVERITY_FILL[Severity.WARNING],)
        else:
            status_fill = ()
        for col, v in enumerate(values, 1):
            if col == 5:
                sh.put(row, col, v, TOP, KB)
            elif col == 7:
                sh.put(row, col, v, TOP, *status_fill)
            else:
                sh.put(row, col, v, WRAP_TOP if col in (3, 8) else TOP)
    sh.autofilter(row, len(headers))


def _overview_sheet(sh: Sheet, report: Report) -> None:
    """Counts in small blocks, each with its own header row."""
    sh.widths([28, 40, 10, 10, 10])
    sh.put(1, 1, "审查概况", SUBTITLE)
    meta = [("评选活动", report.profile.title), ("通知", report.profile.notice), ("收件文件夹", report.inbox)]
    row = 2
    for k, v in meta:
        sh.put(row, 1, k, BOLD)
        sh.put(row, 2, v)
        row += 1

    records = [d.record for d in report.documents]
    recognised = sum(1 for r in records if is_recognised(r))
    findings = report.open_findings()

    def block(headers: list[str], rows: list[list[Any]]) -> None:
        nonlocal row
        row += 1
        header_row(sh, row, headers)
        for values in rows:
            row += 1
            for col, v in enumerate(values, 1):
                sh.put(row, col, v, BORDER)
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
        [[s.label, sev[s]] for s in SEVERITY_ORDER] + [["合计", len(findings)]]
        + ([["已忽略（不计入以上各项）", len(ignored)]] if (ignored := report.ignored_findings()) else []),
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
        [unit_label(u), files_by_unit[u]] + [unit_sev.get(u, Counter())[s] for s in SEVERITY_ORDER]
        for u in report.units()
    ]
    unit_rows += [
        [unit_label(u), 0] + [unit_sev[u][s] for s in SEVERITY_ORDER]
        for u in sorted(k for k in unit_sev if k is not None and k not in files_by_unit)
    ]
    if None in unit_sev:
        unit_rows.append([BATCH_UNIT, None] + [unit_sev[None][s] for s in SEVERITY_ORDER])
    block(["推荐单位", "文件数"] + [s.label for s in SEVERITY_ORDER], unit_rows)


