"""The banzu campaign's three templates as files: 附件1 基本情况表, 附件2 班组创新案例, 附件3 推荐汇总表.

``form_docx``, ``case_docx``, ``summary_docx`` and ``summary_xlsx`` take a unit and a 班组 of
samples.banzu.BANZU_UNITS (normalised values plus ``form_style``/``case_style``/the summary's ``style``)
and return the file's bytes, laid out like the notice's templates and varied the way the units' offices
vary them. samples/banzu.py delivers them (conversions, scans, archives); bench/run.py builds its pool
from them.

May import: samples.forms and samples.banzu_content (never samples.banzu, which imports this module).
"""

from __future__ import annotations

from typing import Any

import openpyxl
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Border, Font, Side

from samples.banzu_content import COMPETITION_PROMPT, FIXED_DT, SECTION_KEYS, SECTION_TITLES
from samples.forms import (
    HEAD_FONT,
    TITLE_FONT,
    add_sdt,
    add_wingdings,
    docx_bytes,
    fill_cell,
    format_para,
    new_doc,
    para,
    set_run_font,
    set_widths,
    xlsx_bytes,
    xlsx_title,
)

__all__ = ["case_docx", "form_docx", "summary_docx", "summary_xlsx"]

# --------------------------------------------------------------------------------------------------
# 附件1 基本情况表

# Grid columns (cm); 9 columns so that the template's merged cells line up.
_FORM_WIDTHS = (1.3, 2.2, 1.5, 1.5, 2.0, 1.5, 1.5, 1.6, 1.7)
_CHECKBOX = {
    "☑☐": ("☑", "☐"),
    "☑□": ("☑", "□"),
    "■□": ("■", "□"),
    "√□": ("√", "□"),
}
_CN_DIGITS = "零一二三四五六七八九十"


def _space_label(label: str) -> str:
    compact = label.replace("\n", "")
    return "　".join(compact) if len(compact) <= 5 else label


def _num_text(v: Any, unit: str, style: dict[str, Any]) -> str:
    if v is None:
        return ""
    s = f"{v:g}" if isinstance(v, float) else str(v)
    return s + unit if style.get("with_units") and unit else s


def form_docx(unit: dict[str, Any], bz: dict[str, Any], sdt_id: int) -> bytes:
    f, st, us = bz["fields"], bz["form_style"], unit["_spec"]
    doc = new_doc(us["author"], FIXED_DT)
    if us["fujian"]:
        para(doc, "附件1", size=14, east=HEAD_FONT)
    para(doc, "创新型班组重点培育对象基本情况表", align="center", bold=True, size=18, east=TITLE_FONT,
          space_after=12)
    para(doc, f"推荐单位工会：{f['推荐单位']}（盖章）", size=12)
    if us["form_header"] == "one_line_fullwidth":
        para(doc, f"联系人：{f['联系人']}　　　　电话：{f['电话']}", size=12, space_after=6)
    elif us["form_header"] == "one_line_ascii":
        para(doc, f"联系人：{f['联系人']}        电话：{f['电话']}", size=12, space_after=6)
    else:
        para(doc, f"联系人：{f['联系人']}", size=12)
        para(doc, f"电话：{f['电话']}", size=12, space_after=6)

    lab = _space_label if st.get("spaced") else (lambda s: s)
    cb_style = st.get("checkbox", "☑☐")

    def num(key: str, unit_suffix: str = "") -> str:
        return _num_text(f[key], unit_suffix, st)

    mentor = _CN_DIGITS[f["师徒结对"]] if st.get("cn_mentor") else num("师徒结对", "对")
    honours = f["荣誉"]
    honour_lines = ["；".join(honours)] if st.get("honours") == "semicolon" else list(honours)
    competition = ([COMPETITION_PROMPT] if st.get("prompt") else []) + f["竞赛情况"].split("\n")

    # (row, col, rowspan, colspan, kind, payload); kind: L label, V value, C checkbox, N 班组名称 value,
    # H honours, T long text.
    name_label = lab("班组名称")
    if st.get("value_in_label"):
        name_label, name_value = f"班组名称：{f['班组名称']}", ""
    else:
        name_value = f["班组名称"]
    layout = [
        (0, 0, 1, 2, "L", name_label), (0, 2, 1, 3, "N", name_value),
        (0, 5, 1, 2, "L", lab("所在单位")), (0, 7, 1, 2, "V", f["所在单位"]),
        (1, 0, 7, 1, "L", "班组\n基本\n情况"),
        (1, 1, 1, 2, "L", lab("班组总人数")), (1, 3, 1, 1, "V", num("班组总人数", "人")),
        (1, 4, 1, 2, "L", lab("党员人数")), (1, 6, 1, 1, "V", num("党员人数", "人")),
        (1, 7, 1, 1, "L", lab("女职工人数")), (1, 8, 1, 1, "V", num("女职工人数", "人")),
        (2, 1, 1, 2, "L", "研究生及以上学历人数"), (2, 3, 1, 1, "V", num("研究生及以上学历人数", "人")),
        (2, 4, 1, 2, "L", ["高技能人才人数", "(取得高级工及以上技能等级)"]),
        (2, 6, 1, 1, "V", num("高技能人才人数", "人")),
        (2, 7, 1, 1, "L", lab("平均\n年龄")), (2, 8, 1, 1, "V", num("平均年龄", "岁")),
        (3, 1, 2, 1, "L", lab("班组负责人")), (3, 2, 1, 1, "L", lab("姓名")),
        (3, 3, 1, 2, "V", f["班组负责人姓名"]),
        (3, 5, 2, 2, "L", "师徒结对(对)"), (3, 7, 2, 2, "V", mentor),
        (4, 2, 1, 1, "L", lab("政治面貌")), (4, 3, 1, 2, "V", f["班组负责人政治面貌"]),
        (5, 1, 1, 3, "L", "劳模工匠创新工作室(个)"), (5, 4, 1, 2, "V", num("劳模工匠创新工作室", "个")),
        (5, 6, 1, 2, "L", "名师工作室(个)"), (5, 8, 1, 1, "V", num("名师工作室", "个")),
        (6, 1, 2, 1, "L", "是否成立\n党组织"), (6, 2, 1, 1, "L", lab("党支部")), (6, 3, 1, 1, "C", f["党支部"]),
        (6, 4, 2, 1, "L", "是否成立\n工会组织"), (6, 5, 1, 2, "L", lab("分工会")), (6, 7, 1, 2, "C", f["分工会"]),
        (7, 2, 1, 1, "L", lab("党小组")), (7, 3, 1, 1, "C", f["党小组"]),
        (7, 5, 1, 2, "L", lab("工会小组")), (7, 7, 1, 2, "C", f["工会小组"]),
        (8, 0, 1, 2, "L", ["市级以上集体或个人荣誉", "(不超过5项)"]), (8, 2, 1, 7, "H", honour_lines),
        (9, 0, 1, 2, "L", "班组竞赛情况"), (9, 2, 1, 7, "T", competition),
    ]

    table = doc.add_table(rows=10, cols=9)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, _FORM_WIDTHS)
    for r, row in enumerate(table.rows):
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Cm({8: 2.6, 9: 9.0}.get(r, 0.95))

    for r, c, rs, cs, kind, payload in layout:
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        if kind == "L":
            fill_cell(cell, payload if isinstance(payload, list) else [payload])
        elif kind == "V":
            fill_cell(cell, [payload])
        elif kind == "N":
            if st.get("sdt_name") and payload:
                fill_cell(cell, [""])
                add_sdt(cell.paragraphs[0], payload, "班组名称", sdt_id)
            else:
                fill_cell(cell, [payload])
        elif kind == "C":
            if cb_style == "wingdings":
                fill_cell(cell, [""])
                add_wingdings(cell.paragraphs[0], "F0FE" if payload else "F0A8")
            else:
                on, off = _CHECKBOX[cb_style]
                fill_cell(cell, [on if payload else off])
        elif kind == "H":
            fill_cell(cell, payload, align="left")
        elif kind == "T":
            fill_cell(cell, payload, align="justify", indent=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    # Word always ends the body with a paragraph after a table (LibreOffice's .doc export drops a table
    # that ends the document); 1 pt, so it never spills onto a second page.
    tail = para(doc, "")
    tail.paragraph_format.line_spacing = Pt(1)  # exact: the paragraph takes no room
    tail._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="2"/></w:rPr>'))
    return docx_bytes(doc, FIXED_DT)


# --------------------------------------------------------------------------------------------------
# 附件2 班组创新案例

_CN_ORDINALS = ("一", "二", "三", "四")


def _heading_text(style: str, i: int, title: str) -> str:
    return {
        "cn": f"{_CN_ORDINALS[i]}、{title}",
        "num": f"{i + 1}.{title}",
        "bracket": f"【{title}】",
    }[style]


def case_docx(unit: dict[str, Any], bz: dict[str, Any]) -> bytes:
    case, st = dict(bz["case"]), bz["case_style"]
    if bz.get("case_appendix"):  # that line is on a scanned page appended to the PDF, not typed here
        last = [k for k in SECTION_KEYS if case[k]][-1]
        case[last] = case[last].removesuffix("\n" + bz["case_appendix"])
    doc = new_doc(unit["_spec"]["author"], FIXED_DT)
    if st.get("title_line"):
        para(doc, "班组创新案例", align="center", bold=True, size=16, east=HEAD_FONT, space_after=6)
    para(doc, case["案例名称"], align="center", bold=True, size=18, east=TITLE_FONT, space_after=6)
    para(doc, f"班组名称：{bz['fields']['班组名称']}", align="center", size=14, space_after=12)
    titles = {**SECTION_TITLES, **st.get("titles", {})}
    present = [k for k in SECTION_KEYS if case[k] is not None]
    style = st["headings"]
    if style == "table":
        table = doc.add_table(rows=len(present), cols=2)
        table.style = "Table Grid"
        set_widths(table, (2.6, 13.2))
        for r, k in enumerate(present):
            fill_cell(table.cell(r, 0), [titles[k]], bold=True, size=12)
            fill_cell(table.cell(r, 1), case[k].split("\n"), align="justify", size=12, indent=True)
        return docx_bytes(doc, FIXED_DT)
    for i, k in enumerate(present):
        paras = case[k].split("\n")
        if style == "inline":
            p = doc.add_paragraph()
            format_para(p, align="justify", indent=True)
            set_run_font(p.add_run(f"{titles[k]}："), size=12, bold=True, east=HEAD_FONT)
            set_run_font(p.add_run(paras[0]), size=12)
            paras = paras[1:]
        else:
            para(doc, _heading_text(style, i, titles[k]), bold=True, size=14, east=HEAD_FONT)
        for text in paras:
            para(doc, text, align="justify", size=12, indent=True)
    return docx_bytes(doc, FIXED_DT)


# --------------------------------------------------------------------------------------------------
# 附件3 推荐汇总表

_SUMMARY_TITLE = "重点培育对象和班组创新案例推荐汇总表"
_SUMMARY_HEADERS = ("序号", "班组名称", "所在单位", "班组创新案例名称", "备注")


def _summary_rows(unit: dict[str, Any]) -> list[tuple[str, str, str]]:
    by_name = {b["fields"]["班组名称"]: (b["fields"]["所在单位"], b["case"]["案例名称"]) for b in unit["banzu"]}
    by_name.update({n["班组名称"]: (n["所在单位"], n["案例名称"]) for n in unit["not_received"]})
    return [(name, *by_name[name]) for name in unit["summary"]["listed"]]


def summary_docx(unit: dict[str, Any]) -> bytes:
    st = unit["summary"]["style"]
    doc = new_doc(unit["_spec"]["author"], FIXED_DT)
    colon = ":" if st.get("half_colon") else "："
    if st.get("fujian"):
        para(doc, "附件3", size=14, east=HEAD_FONT)
    para(doc, _SUMMARY_TITLE, align="center", bold=True, size=18, east=TITLE_FONT, space_after=12)
    stamp = "(盖章)" if st.get("half_colon") else "（盖章）"
    para(doc, f"推荐单位{colon}{unit['推荐单位']}{stamp}")
    para(doc, f"联系人{colon}{unit['联系人']}")
    para(doc, f"电话{colon}{unit['电话']}", space_after=6)
    rows = _summary_rows(unit)
    n_rows = max(len(rows), st.get("pad_to", 0))
    table = doc.add_table(rows=1 + n_rows, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, (1.3, 4.4, 4.0, 5.0, 1.6))
    for row in table.rows:
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Cm(1.0)
    for i, h in enumerate(_SUMMARY_HEADERS):
        fill_cell(table.cell(0, i), [h], bold=True, size=12)
    for r in range(n_rows):
        values = (str(r + 1), *rows[r], "") if r < len(rows) else (str(r + 1), "", "", "", "")
        for i, v in enumerate(values):
            fill_cell(table.cell(r + 1, i), [v], size=12)
    return docx_bytes(doc, FIXED_DT)




def summary_xlsx(unit: dict[str, Any]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "推荐汇总表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    xlsx_title(ws, 1, "E", _SUMMARY_TITLE)
    header_lines = [f"推荐单位工会：{unit['推荐单位']}（盖章）", f"联系人：{unit['联系人']}", f"电话：{unit['电话']}"]
    for i, line in enumerate(header_lines, start=2):
        ws.merge_cells(f"A{i}:E{i}")
        ws[f"A{i}"] = line
        ws[f"A{i}"].font = Font(name="宋体", size=12)
    hr = 2 + len(header_lines)
    for c, h in enumerate(_SUMMARY_HEADERS, start=1):
        cell = ws.cell(row=hr, column=c, value=h)
        cell.font = Font(name="黑体", size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border
    for r, row in enumerate(_summary_rows(unit), start=1):
        values = (r, *row, "")
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=hr + r, column=c, value=v)
            cell.font = Font(name="宋体", size=11)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
        ws.row_dimensions[hr + r].height = 30
    for col, width in zip("ABCDE", (6, 28, 34, 40, 10), strict=True):
        ws.column_dimensions[col].width = width
    return xlsx_bytes(wb, unit["_spec"]["author"], FIXED_DT)
