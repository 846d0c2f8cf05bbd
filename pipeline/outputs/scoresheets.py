"""评审 workbooks: one 评分表 per expert (``score_sheet_xlsx``) and the ranked 评审结果 (``results_xlsx``).

The 评分表 is a form to fill in: only the score cells are unlocked, each validated (0 to the criterion's
maximum, at most one decimal), 合计 a formula, the header rows repeated on every printed A4 page, the expert's
name in the heading and a signature line at the foot. ``pipeline.scores.collect`` reads it back by the cells
named here (``LAYOUT``). Both workbooks carry a fixed creation time: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pipeline.outputs.book import (
    BORDER,
    CENTRED,
    MIDDLE_WRAP,
    TITLE,
    WRAP_TOP,
    Book,
    Sheet,
    header_row,
    wrapped_lines,
    xlsx_bytes,
)

# A fixed document time: xlsxwriter would stamp the current one, and the same sheets must give the same bytes.
FIXED_TIME = dt.datetime(2000, 1, 1)

SCORE_SHEET = "评分表"
LEFT_OUT_SHEET = "未列入评审"
RESULTS_SHEET = "评审结果"
FINDINGS_SHEET = "收表问题"
OUTLIERS_SHEET = "评分偏离"


@dataclass(frozen=True)
class Layout:
    """Where things are on a 评分表 (rows and columns from 1, as Excel shows them)."""

    title_row: int = 1
    expert_row: int = 2  # "评审专家：张三"
    note_row: int = 3
    header_row: int = 4  # 序号 编号 推荐单位 名称 <criteria…> 合计
    points_row: int = 5  # 要点 under each criterion
    first_row: int = 6  # the first entry
    first_score_col: int = 5
    no_col: int = 2
    unit_col: int = 3
    name_col: int = 4
    expert_label: str = "评审专家："


LAYOUT = Layout()
FIXED_HEADERS = ("序号", "编号", "推荐单位", "名称")
TOTAL_HEADER = "合计"
NOTES_WIDTH = 36
SIGN_LINE = "评审专家（签名）：＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿年＿＿月＿＿日"
NOTE = ("填写说明：请在浅黄色格子里填写各项得分（0 到该项满分，最多保留一位小数），合计自动计算；"
        "其他格子已锁定，不要增删行或改动编号、名称。评完请打印签名，并把本文件交回。")

_SCORE: dict[str, Any] = {"locked": False, "pattern": 1, "bg_color": "#FFF9DB", "num_format": "0.0", **BORDER,
                          "align": "center", "valign": "vcenter"}
_TOTAL: dict[str, Any] = {"num_format": "0.0", **BORDER, "align": "center", "valign": "vcenter", "bold": True}
_CELL: dict[str, Any] = {**BORDER, "valign": "vcenter", "text_wrap": True}
_CELL_C: dict[str, Any] = {**BORDER, "align": "center", "valign": "vcenter"}
_POINTS: dict[str, Any] = {**BORDER, "valign": "top", "text_wrap": True, "font_size": 9}
# Styles are looked up by identity (``Book.format``): module constants only, never a literal at the call.
_EXPERT: dict[str, Any] = {"bold": True, "font_size": 12}
_SIGN: dict[str, Any] = {"valign": "vcenter"}
_BOLD_LINE: dict[str, Any] = {"bold": True}
_NUM2: dict[str, Any] = {**BORDER, "num_format": "0.00", "align": "center", "valign": "vcenter"}
_DROPPED: dict[str, Any] = {**_NUM2, "pattern": 1, "bg_color": "#D9D9D9", "font_color": "#7F7F7F"}


def col_letter(col: int) -> str:
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def fmt_points(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _new_book() -> Book:
    book = Book()
    book.wb.set_properties({"created": FIXED_TIME, "author": "汇审"})
    return book


def _print_setup(sh: Sheet, header_rows: tuple[int, int], left: str, right: str, landscape: bool = True) -> None:
    ws = sh.ws
    if landscape:
        ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # all columns on the page width, as many pages down as needed
    ws.repeat_rows(header_rows[0] - 1, header_rows[1] - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&L{_amp(left)}&R{_amp(right)}")
    ws.set_footer("&C第 &P 页 共 &N 页")


def _amp(text: str) -> str:
    return text.replace("&", "&&")


def score_sheet_xlsx(panel: Any, expert: str) -> bytes:
    """The 评分表 of one expert (``panel``: a ``pipeline.scores.panel.Panel``)."""
    spec, L = panel.spec, LAYOUT
    book = _new_book()
    sh = book.sheet(SCORE_SHEET)
    crits = spec.criteria
    total_col = L.first_score_col + len(crits)
    n_cols = total_col
    sh.merge_row(L.title_row, n_cols, f"{panel.campaign}　{spec.title}", TITLE)
    sh.height(L.title_row, 30)
    sh.merge_row(L.expert_row, n_cols, f"{L.expert_label}{expert}", _EXPERT)
    sh.merge_row(L.note_row, n_cols, NOTE, MIDDLE_WRAP)
    sh.height(L.note_row, 40)
    heads = [*FIXED_HEADERS, *(f"{c.key}（{fmt_points(c.max)}分）" for c in crits),
             f"{TOTAL_HEADER}（{fmt_points(sum(c.max for c in crits))}分）"]
    header_row(sh, L.header_row, heads)
    sh.height(L.header_row, 36)
    sh.ws.merge_range(L.points_row - 1, 0, L.points_row - 1, L.name_col - 1, "评分要点", book.format(_POINTS))
    for j, c in enumerate(crits):
        sh.put(L.points_row, L.first_score_col + j, c.points, _POINTS)
    sh.put(L.points_row, total_col, "", _POINTS)
    sh.height(L.points_row, 48)
    first_letter, last_letter = col_letter(L.first_score_col), col_letter(total_col - 1)
    f_score, f_total = book.format(_SCORE), book.format(_TOTAL)
    for i, e in enumerate(panel.entries):
        r = L.first_row + i
        sh.put(r, 1, i + 1, _CELL_C)
        sh.put(r, L.no_col, e.no, _CELL_C)
        sh.put(r, L.unit_col, e.unit, _CELL)
        sh.put(r, L.name_col, e.name, _CELL)
        for j, c in enumerate(crits):
            col = L.first_score_col + j
            sh.ws.write_blank(r - 1, col - 1, None, f_score)
            cell = f"{col_letter(col)}{r}"
            sh.ws.data_validation(r - 1, col - 1, r - 1, col - 1, {
                "validate": "custom",
                "value": f"=AND(ISNUMBER({cell}),{cell}>=0,{cell}<={fmt_points(c.max)},ROUND({cell},1)={cell})",
                "ignore_blank": True,
                "input_title": c.key[:32],
                "input_message": f"0 到 {fmt_points(c.max)} 分，最多一位小数"[:255],
                "error_title": "得分不在范围内",
                "error_message": f"“{c.key}”满分 {fmt_points(c.max)} 分：请填 0 到 {fmt_points(c.max)} 之间的数，"
                                 "最多一位小数"[:255],
            })
        rng = f"{first_letter}{r}:{last_letter}{r}"
        sh.ws.write_formula(r - 1, total_col - 1, f'=IF(COUNT({rng})=0,"",SUM({rng}))', f_total, "")
        sh.height(r, 26)
    sign = L.first_row + len(panel.entries) + 1
    sh.merge_row(sign, n_cols, SIGN_LINE, _SIGN)
    sh.height(sign, 36)
    sh.widths([5, 6, 20, 28, *([13] * len(crits)), 10])
    sh.freeze(f"{col_letter(L.first_score_col)}{L.first_row}")
    _print_setup(sh, (L.header_row, L.points_row), f"{panel.campaign}　{spec.title}", f"评审专家：{expert}")
    sh.ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_rows": True,
                       "format_columns": True})
    if panel.left_out:
        _left_out_sheet(book, panel)
    return xlsx_bytes(book)


def _left_out_sheet(book: Book, panel: Any) -> None:
    sh = book.sheet(LEFT_OUT_SHEET)
    sh.merge_row(1, 4, "以下材料经审查不符合条件，不列入评审（供了解，无需评分）", _BOLD_LINE)
    header_row(sh, 2, ("序号", "推荐单位", "名称", "原因"))
    for i, x in enumerate(panel.left_out, 1):
        sh.put(i + 2, 1, i, _CELL_C)
        sh.put(i + 2, 2, x.unit, _CELL)
        sh.put(i + 2, 3, x.name, _CELL)
        sh.put(i + 2, 4, "\n".join(x.reasons), _CELL)
    sh.widths([5, 20, 28, 70])
    _print_setup(sh, (2, 2), panel.campaign, LEFT_OUT_SHEET)
    sh.ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def results_xlsx(panel: Any, results: Any) -> bytes:
    """评审结果.xlsx (``results``: a ``pipeline.scores.results.Results``): ranked, one column per expert, the
    criteria's means, the spread and the proposed award; then the sheets' problems and the experts' deviations."""
    book = _new_book()
    sh = book.sheet(RESULTS_SHEET)
    crits = [c.key for c in panel.spec.criteria]
    heads = ["名次", "编号", "推荐单位", "名称", *results.experts, "有效评分", results.mean_label,
             *(f"{c}平均" for c in crits), "极差", "建议奖项", "备注"]
    n = len(heads)
    sh.merge_row(1, n, f"{panel.campaign}　评审结果", TITLE)
    sh.height(1, 30)
    sh.merge_row(2, n, results.rule_text, MIDDLE_WRAP)
    sh.height(2, 48)
    header_row(sh, 3, heads)
    sh.height(3, 40)
    for i, r in enumerate(results.entries, 4):
        vals: list[Any] = [r.rank, r.no, r.unit, r.name, *(r.totals.get(x) for x in results.experts), r.count,
                           r.mean, *(r.criteria.get(c) for c in crits), r.spread, r.award, "；".join(r.notes)]
        for j, v in enumerate(vals, 1):
            style = _CELL if j in (3, 4, n) else (_NUM2 if isinstance(v, float) else _CELL_C)
            if 5 <= j < 5 + len(results.experts) and results.experts[j - 5] in r.dropped:
                style = _DROPPED
            sh.put(i, j, v, style)
        sh.height(i, 16 * max(1, wrapped_lines("；".join(r.notes), NOTES_WIDTH)))
    sign = len(results.entries) + 5
    sh.merge_row(sign, n, "评审组组长（签名）：＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿年＿＿月＿＿日", _SIGN)
    sh.widths([5, 6, 18, 26, *([8] * len(results.experts)), 7, 9, *([8] * len(crits)), 6, 9, NOTES_WIDTH])
    sh.freeze("E4")
    _print_setup(sh, (3, 3), f"{panel.campaign}　评审结果", "")
    fs = book.sheet(FINDINGS_SHEET)
    header_row(fs, 1, ("序号", "严重程度", "专家", "编号", "名称", "单元格", "问题"))
    for i, f in enumerate(results.findings, 2):
        for j, v in enumerate((i - 1, f.severity_label, f.expert, f.no, f.name, f.cell, f.message), 1):
            fs.put(i, j, v, WRAP_TOP if j == 7 else CENTRED)
    fs.widths([5, 9, 10, 6, 24, 8, 80])
    _print_setup(fs, (1, 1), f"{panel.campaign}　收表问题", "")
    os_ = book.sheet(OUTLIERS_SHEET)
    header_row(os_, 1, ("专家", "偏离的材料数", "偏离情况"))
    for i, o in enumerate(results.outliers, 2):
        os_.put(i, 1, o.expert, CENTRED)
        os_.put(i, 2, len(o.entries), CENTRED)
        os_.put(i, 3, "；".join(o.entries), WRAP_TOP)
    os_.widths([10, 12, 90])
    _print_setup(os_, (1, 1), f"{panel.campaign}　评分偏离", "")
    return xlsx_bytes(book)
