"""异常报告.xlsx: every finding a row, the near-copy pairs, every input file's fate, and the overview."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from checks.models import Finding
from extractors.models import Severity, Status
from pipeline.outputs.advice import Advice, by_unit, units_of
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
    wrapped_lines,
)
from pipeline.report import SEVERITY_ORDER, UNREADABLE, UNRECOGNISED, Report, format_label
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

# One column of the findings sheets: header, width, and the value for (finding, the unit it is listed under).
_FINDING_COLUMNS: list[tuple[str, float]] = [
    ("推荐单位", 20), ("文件", 36), ("对象", 16), ("检查项", 14), ("严重程度", 9), ("说明", 44), ("怎么处理", 34),
    ("依据", 36), ("字段", 10), ("实测值", 9), ("限值", 9), ("代码", 9),
]
_FINDING_WRAP = {"推荐单位", "文件", "说明", "怎么处理", "依据", "对象", "检查项"}
CODE_STYLE: Style = {"font_color": "#808080", "font_size": 8, "valign": "top"}
# Staff type their decisions into the 处理决定 / 处理说明 columns (read back by pipeline.review.batch.import_xlsx);
# 问题编号 is the finding's key, which the import matches on. A finding about two units is listed under each
# (one 序号 and one 问题编号 on both rows).


def _finding_values(f: Finding, under: str | None, advice: Advice) -> list[Any]:
    others = [u for u in units_of(f) if u != under] if under is not None else []
    message = f.message + (f"\n（同时涉及：{'、'.join(others)}）" if others else "")
    return [
        unit_label(under) if under is not None else finding_unit_label(f),
        "\n".join(f.paths), f.subject, f.title, f.severity.label, message, advice(f), advice.basis(f),
        f.field, f.actual, f.limit, f.code,
    ]


def findings_workbook(report: Report) -> Book:
    book = Book()
    numbers = {id(f): i for i, f in enumerate(report.all_findings(), 1)}
    advice = Advice(report)
    _findings_sheet(book.sheet(FINDINGS_SHEET), report, report.open_findings(), numbers, advice, ignored=False)
    ignored = report.ignored_findings()
    if ignored:
        _findings_sheet(book.sheet(IGNORED_SHEET), report, ignored, numbers, advice, ignored=True)
    if report.changes is not None and report.changes.any():
        _changes_sheet(book.sheet(CHANGES_SHEET), report)

    pairs = near_copy_pairs(report)
    if pairs:
        sh = book.sheet(PAIRS_SHEET)
        _pairs_sheet(sh, pairs)
        print_setup(sh, report, PAIRS_SHEET)
    _files_sheet(sh := book.sheet(FILES_SHEET), report)
    print_setup(sh, report, FILES_SHEET)
    _overview_sheet(sh := book.sheet(OVERVIEW_SHEET), report)
    print_setup(sh, report, OVERVIEW_SHEET, header_rows=0)
    return book


def _findings_sheet(sh: Sheet, report: Report, findings: list[Finding], numbers: dict[int, int],
                    advice: Advice, ignored: bool) -> None:
    """One finding a row under each unit it concerns: 序号, what it is and what to do, then the decision columns
    staff fill in (a drop-down of the three decisions), who decided when (on the 已忽略 sheet), and the key.
    Printed: A4 landscape, one page wide, the header on every page, page numbers."""
    extra = [(DECISION_HEADER, 14), (NOTE_HEADER, 24)] + ([("标注人", 10), ("标注时间", 16)] if ignored else [])
    headers = [NUMBER_HEADER] + [h for h, _ in _FINDING_COLUMNS] + [h for h, _ in extra] + [KEY_HEADER]
    header_row(sh, 1, headers)
    widths = [6] + [w for _, w in _FINDING_COLUMNS] + [w for _, w in extra] + [18]
    sh.widths(widths)
    sh.freeze("B2")
    styles = [CODE_STYLE if h == "代码" else WRAP_TOP if h in _FINDING_WRAP else TOP for h, _ in _FINDING_COLUMNS]
    sev_col = [h for h, _ in _FINDING_COLUMNS].index("严重程度") + 2
    row = 1
    for under, group in by_unit(findings):
        for f in group:
            row += 1
            values = _finding_values(f, under, advice)
            sh.put(row, 1, numbers[id(f)], TOP)
            for col, v in enumerate(values, 2):
                if col == sev_col:
                    sh.put(row, col, v, TOP, SEVERITY_FILL[f.severity])
                else:
                    sh.put(row, col, v, styles[col - 2])
            d = report.decision(f)
            more = [d.status.label if d else None, d.note if d else None]
            if ignored:
                more += [d.who if d else None, d.at.replace("T", " ") if d else None]
            for col, v in enumerate([*more, f.key], len(_FINDING_COLUMNS) + 2):
                sh.put(row, col, v, WRAP_TOP)
            # Neither Excel nor Calc grows a row for wrapped text in a written file: size it here (capped: a
            # long quoted text stays readable in its cell without a page-long row).
            lines = max(wrapped_lines(v, w) for v, w in zip([None, *values], widths, strict=False))
            sh.height(row, min(15 * lines + 5, 200))
    decision_col = len(_FINDING_COLUMNS) + 1  # 0-based
    if row > 1:
        sh.ws.data_validation(1, decision_col, row - 1, decision_col, {
            "validate": "list", "source": [*DECISION_LABELS.values(), "清除"],
            "error_type": "warning", "error_title": "处理决定",
            "error_message": "请从列表中选择：已核实（保留）、不是问题（忽略）、已通知，或“清除”撤销原来的决定",
        })
    sh.autofilter(row, len(headers))
    print_setup(sh, report, "已忽略的问题" if ignored else "异常清单", header_rows=1,
                columns=1 + [h for h, _ in _FINDING_COLUMNS].index("依据") + 1, last_row=row)


def print_setup(sh: Sheet, report: Report, what: str, header_rows: int = 1, columns: int = 0,
                last_row: int = 0) -> None:
    """A4 landscape, one page wide, the header rows on every page, a footer naming the campaign, the sheet and the
    page ("第 2 页 共 5 页"). ``columns``: print only the first so many (the columns staff read, not the key)."""
    ws = sh.ws
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    if header_rows:
        ws.repeat_rows(0, header_rows - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if columns and last_row:
        ws.print_area(0, 0, last_row - 1, columns - 1)
    title = f"{report.profile.title}　{what}".replace("&", "&&")
    ws.set_footer(f"&C{title}　第 &P 页 共 &N 页")


PAIRS_SHEET = "相似文本"
FILES_SHEET = "文件清单"
OVERVIEW_SHEET = "概况"
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
    print_setup(sh, report, CHANGES_SHEET, header_rows=2)




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
            format_label(r.fmt),
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

    files = [r for r in records if not r.part_of]  # a file holding two materials is one file
    block(
        ["文件", "数量"],
        [["文件总数", len(files)], ["已识别材料", recognised], ["未纳入审查", len(records) - recognised]],
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

    files_by_unit = Counter(r.unit for r in files)
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


