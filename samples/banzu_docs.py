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

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from samples.banzu_content import COMPETITION_PROMPT, FIXED_DT, SECTION_KEYS, SECTION_TITLES
from samples.forms import (
    HEAD_FONT,
    TITLE_FONT,
    FormCell,
    docx_bytes,
    form_table,
    list_docx_table,
    list_xlsx,
    new_doc,
    para,
    writeup_paragraphs,
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
# The template's cells: labels plain, a "\n" in a label or value a line break; boxes centred; honours one per line.
_FORM_STYLES = {"L": {"breaks": True}, "V": {"breaks": True}, "W": {}, "H": {"align": "left"},
                "T": {"align": "justify", "indent": True, "top": True}}


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

    def box(ticked: bool) -> tuple[str, Any]:
        if cb_style == "wingdings":
            return "W", [(ticked, "")]
        return "V", _CHECKBOX[cb_style][0 if ticked else 1]

    name_label = lab("班组名称")
    name_kind, name_value = ("S", (f["班组名称"], "班组名称", sdt_id)) if st.get("sdt_name") else ("V", f["班组名称"])
    if st.get("value_in_label"):
        name_label, name_kind, name_value = f"班组名称：{f['班组名称']}", "V", ""
    cells: list[FormCell] = [
        (0, 0, 1, 2, "L", name_label), (0, 2, 1, 3, name_kind, name_value),
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
        (6, 1, 2, 1, "L", "是否成立\n党组织"), (6, 2, 1, 1, "L", lab("党支部")), (6, 3, 1, 1, *box(f["党支部"])),
        (6, 4, 2, 1, "L", "是否成立\n工会组织"), (6, 5, 1, 2, "L", lab("分工会")), (6, 7, 1, 2, *box(f["分工会"])),
        (7, 2, 1, 1, "L", lab("党小组")), (7, 3, 1, 1, *box(f["党小组"])),
        (7, 5, 1, 2, "L", lab("工会小组")), (7, 7, 1, 2, *box(f["工会小组"])),
        (8, 0, 1, 2, "L", ["市级以上集体或个人荣誉", "(不超过5项)"]), (8, 2, 1, 7, "H", honour_lines),
        (9, 0, 1, 2, "L", "班组竞赛情况"), (9, 2, 1, 7, "T", competition),
    ]
    form_table(doc, 10, 9, cells, _FORM_WIDTHS, styles=_FORM_STYLES, center=True, heights=(0.95, {8: 2.6, 9: 9.0}))
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
        "inline": f"{title}：",
    }[style]


def case_docx(unit: dict[str, Any], bz: dict[str, Any]) -> bytes:
    case, st = dict(bz["case"]), bz["case_style"]
    if bz.get("case_appendix"):  # that line is on a scanned page appended to the PDF, not typed here
        last = [k for k in SECTION_KEYS if case[k]][-1]
        case[last] = case[last].removesuffix("\n" + bz["case_appendix"])
    doc = new_doc(unit["_spec"]["author"], FIXED_DT)
    if st.get("title_line"):
        para(doc, "班组创新案例", align="center", bold=True, size=16, east=HEAD_FONT, space_after=6)
    titles = {**SECTION_TITLES, **st.get("titles", {})}
    style = st["headings"]
    present = [k for k in SECTION_KEYS if case[k] is not None]
    heads = [titles[k] if style == "table" else _heading_text(style, i, titles[k]) for i, k in enumerate(present)]
    writeup_paragraphs(doc, case["案例名称"], [f"班组名称：{bz['fields']['班组名称']}"],
                       [(h, case[k].split("\n")) for h, k in zip(heads, present, strict=True)],
                       inline="bold" if style == "inline" else False, heading_size=14, byline_size=14, byline_after=12,
                       table=(2.6, 13.2) if style == "table" else None)
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
    rows = [[str(i), *row, ""] for i, row in enumerate(_summary_rows(unit), start=1)]
    rows += [[str(i), "", "", "", ""] for i in range(len(rows) + 1, st.get("pad_to", 0) + 1)]
    list_docx_table(doc, _SUMMARY_HEADERS, rows, (1.3, 4.4, 4.0, 5.0, 1.6), size=12, center=True, row_height=1.0)
    return docx_bytes(doc, FIXED_DT)


def summary_xlsx(unit: dict[str, Any]) -> bytes:
    header_lines = [f"推荐单位工会：{unit['推荐单位']}（盖章）", f"联系人：{unit['联系人']}", f"电话：{unit['电话']}"]
    rows = [[i, *row, ""] for i, row in enumerate(_summary_rows(unit), start=1)]
    return list_xlsx(_SUMMARY_TITLE, header_lines, list(_SUMMARY_HEADERS), rows, (6, 28, 34, 40, 10),
                     unit["_spec"]["author"], FIXED_DT, caption=None, fonts=True)
