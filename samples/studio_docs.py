"""The studio campaign's documents: 附件1 推荐表, 工作实绩支撑材料, 近三年工作总结 and 附件2 推荐汇总表.

``form_docx``, ``evidence_docs``, ``report_docx``, ``summary_docx`` and ``summary_xlsx`` take a unit and a 工作室 of
samples.studio.STUDIO_UNITS and return the files' bytes, laid out like the notice's templates with samples/forms.py;
the texts of the 支撑材料 and 工作总结 are samples/studio_evidence.py's.

May import: samples.forms, samples.studio_content and samples.studio_evidence (never samples.studio, which
imports this module).
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from samples.forms import (
    HEAD_FONT,
    TITLE_FONT,
    FormCell,
    docx_bytes,
    form_table,
    list_docx_table,
    list_xlsx,
    new_doc,
    page_break,
    para,
    writeup_paragraphs,
)
from samples.studio_content import FORM_TITLE, INDICATOR_GROUPS, INDICATORS, STUDIO_DT, SUMMARY_TITLE
from samples.studio_evidence import MA_ANNEXES, MA_PHOTOS, MA_TABLES, evidence_sections, report_paragraphs

__all__ = ["evidence_docs", "form_docx", "report_docx", "summary_docx", "summary_xlsx"]

# The 支撑材料's heading numbers (一、… 十五、, （一）…).
_CN_ORD = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
           "十一", "十二", "十三", "十四", "十五")  # fmt: skip

# --------------------------------------------------------------------------------------------------
# 附件1 推荐表: a 6-column grid; the top block uses label | value(2) | label | value(2).

_FORM_WIDTHS = (2.7, 2.4, 2.3, 2.6, 2.2, 3.6)


def _opinion(cell) -> None:
    """An opinion's cell: its text indented, the stamp and the date set right."""
    for p in cell.paragraphs[-2:]:
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cell.paragraphs[0].paragraph_format.first_line_indent = Pt(21)


# The template's cells: labels plain, a "\n" in one a line break; H the table's heading row, M a list (one item a
# line), T the long text, O an opinion (text, 签章, date).
_FORM_STYLES = {"L": {"breaks": True}, "V": {"breaks": True}, "H": {"bold": True, "size": 12, "breaks": True},
                "M": {"align": "left"}, "T": {"align": "justify", "indent": True, "top": True},
                "O": {"align": "left", "top": True, "then": _opinion}}


def _label(text: str, spaced: bool) -> str:
    """The template's labels; ``spaced`` writes the short ones with full-width spaces ("姓　　名")."""
    if not spaced or "\n" in text or "（" in text:
        return text
    compact = text.replace(" ", "")
    if len(compact) == 2:
        return "　　".join(compact)
    if len(compact) <= 4:
        return "　".join(compact)
    return compact


def form_docx(unit: dict[str, Any], st: dict[str, Any]) -> bytes:
    f, s, style = st["fields"], st["_spec"], st["form_style"]
    w = st["written"]
    spaced = bool(style.get("spaced"))
    doc = new_doc(unit["_spec"]["author"], STUDIO_DT)
    if style.get("fujian"):
        para(doc, "附件1", size=14, east=HEAD_FONT)
    para(doc, FORM_TITLE, align="center", bold=True, size=18, east=TITLE_FONT, space_after=12)

    def lab(text: str) -> str:
        return _label(text, spaced)

    def num(key: str, suffix: str) -> str:
        return f"{f[key]}{suffix}" if style.get("with_units") else str(f[key])

    opinion_lines = ["", "签　章", s["date"] or "年　　月　　日"]
    union_label = "所\n在\n单\n位\n工\n会\n意\n见" if spaced else "所在单位\n工会意见"
    rec_label = "推荐单\n意见" if style.get("typo_label") else ("推\n荐\n单\n位\n意\n见" if spaced else "推荐单位\n意见")
    cells: list[FormCell] = [
        (0, 0, 1, 1, "L", lab("工作室名称")), (0, 1, 1, 2, "V", f["工作室名称"]),
        (0, 3, 1, 1, "L", lab("成员人数")), (0, 4, 1, 2, "V", num("成员人数", "人")),
        (1, 0, 1, 1, "L", lab("专业领域")), (1, 1, 1, 2, "V", f["专业领域"]),
        (1, 3, 1, 1, "L", lab("建立日期")), (1, 4, 1, 2, "V", w["建立日期"]),
        (2, 0, 1, 1, "L", lab("所在单位")), (2, 1, 1, 2, "V", f["所在单位"]),
        (2, 3, 1, 1, "L", lab("所属行业")), (2, 4, 1, 2, "V", f["所属行业"]),
        (3, 0, 1, 1, "L", "工作室认定单位"), (3, 1, 1, 2, "V", f["工作室认定单位"]),
        (3, 3, 1, 1, "L", "工作室认定时间"), (3, 4, 1, 2, "V", w["工作室认定时间"]),
        (4, 0, 1, 1, "L", "经费投入（万元）"), (4, 1, 1, 2, "V", w["经费投入"]),
        (4, 3, 1, 1, "L", "创新成果数量"), (4, 4, 1, 2, "V", num("创新成果数量", "项")),
        (5, 0, 1, 1, "L", "成果创效（万元）"), (5, 1, 1, 2, "V", w["成果创效"]),
        (5, 3, 1, 1, "L", "技能培训人数"), (5, 4, 1, 2, "V", num("技能培训人数", "人次")),
        (6, 0, 1, 1, "L", "导师带徒人数"), (6, 1, 1, 2, "V", num("导师带徒人数", "人")),
        (6, 3, 1, 1, "L", "取得专利数量"), (6, 4, 1, 2, "V", num("取得专利数量", "项")),
        (7, 0, 1, 1, "L", "创新成果\n所获奖项"), (7, 1, 1, 5, "M", s["awards"]),
        (8, 0, 1, 6, "H", "工作室领衔人情况"),
        (9, 0, 1, 1, "L", lab("姓 名")), (9, 1, 1, 1, "V", f["领衔人姓名"]),
        (9, 2, 1, 1, "L", lab("性 别")), (9, 3, 1, 1, "V", f["领衔人性别"]),
        (9, 4, 1, 1, "L", lab("出生年月")), (9, 5, 1, 1, "V", w["领衔人出生年月"]),
        (10, 0, 1, 1, "L", lab("民 族")), (10, 1, 1, 1, "V", f["领衔人民族"]),
        (10, 2, 1, 1, "L", lab("学 历")), (10, 3, 1, 1, "V", f["领衔人学历"]),
        (10, 4, 1, 1, "L", lab("政治面貌")), (10, 5, 1, 1, "V", f["领衔人政治面貌"]),
        (11, 0, 1, 1, "L", "专业/工种"), (11, 1, 1, 1, "V", f["领衔人专业工种"]),
        (11, 2, 1, 1, "L", lab("技术等级")), (11, 3, 1, 1, "V", f["领衔人技术等级"]),
        (11, 4, 1, 1, "L", lab("联系电话")), (11, 5, 1, 1, "V", w["领衔人联系电话"]),
        (12, 0, 1, 1, "L", "单位及职务"), (12, 1, 1, 5, "V", f["领衔人单位及职务"]),
        (13, 0, 1, 1, "L", "个人荣誉及\n获得时间"), (13, 1, 1, 2, "M", s["leader"]["honours"]),
        (13, 3, 1, 1, "L", "技能（工匠）\n奖项及时间"), (13, 4, 1, 2, "M", s["leader"]["skills"]),
        (14, 0, 1, 1, "L", "创新工作室\n主要业绩\n（500字）"), (14, 1, 1, 5, "T", f["主要业绩"].split("\n")),
        (15, 0, 1, 1, "L", union_label), (15, 1, 1, 2, "O", [s["union"], *opinion_lines]),
        (15, 3, 1, 1, "L", rec_label), (15, 4, 1, 2, "O", [s["rec"], *opinion_lines]),
    ]
    form_table(doc, 16, 6, cells, _FORM_WIDTHS, styles=_FORM_STYLES, center=True,
               heights=(0.95, {7: 1.6, 13: 2.2, 14: 9.5, 15: 4.6}))
    return docx_bytes(doc, STUDIO_DT)


# --------------------------------------------------------------------------------------------------
# 工作实绩支撑材料, 近三年工作总结

def _heading(style: str, i: int, key: str) -> str:
    if style == "num":
        return f"{i + 1}.{key}"
    if style == "grouped":
        return f"（{_CN_ORD[i]}）{key}"
    return f"{_CN_ORD[i]}、{key}"


def _add_table(doc, caption: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    para(doc, caption, align="center", bold=True, size=12, east=HEAD_FONT, space_after=4)
    widths = {4: (1.2, 7.0, 3.2, 4.4), 5: (1.2, 5.4, 2.6, 2.6, 4.0)}[len(headers)]
    list_docx_table(doc, list(headers), rows, widths, center=True)
    para(doc, "", space_after=6)


def evidence_docs(unit: dict[str, Any], st: dict[str, Any]) -> dict[str, bytes]:
    """The 支撑材料 file(s) of one 工作室 as docx bytes, keyed by inbox path (a .pdf path: to convert)."""
    f, ev = st["fields"], st["_spec"]["ev"]
    name = f["工作室名称"]
    sections = evidence_sections(st)
    keys = list(sections)
    style = ev["style"]
    if ev.get("split"):
        parts = [(keys[:8], "（一）"), (keys[8:], "（二）")]
    else:
        parts = [(keys, "")]
    out: dict[str, bytes] = {}
    for (part_keys, suffix), path in zip(parts, st["evidence_paths"], strict=True):
        doc = new_doc(unit["_spec"]["author"], STUDIO_DT)
        para(doc, f"{name}工作实绩支撑材料{suffix}", align="center", bold=True, size=20 if ev.get("pdf") else 18,
              east=TITLE_FONT, space_after=12)
        if ev.get("pdf"):  # a cover page
            for _ in range(12):
                para(doc, "")
            para(doc, f"推荐单位：{unit['推荐单位']}", align="center", size=16)
            para(doc, f"所在单位：{f['所在单位']}", align="center", size=16)
            para(doc, "二〇二四年十一月", align="center", size=16)
            page_break(doc)
            para(doc, "目　录", align="center", bold=True, size=16, east=HEAD_FONT, space_after=12)
            for g, (group, members) in enumerate(INDICATOR_GROUPS):
                para(doc, f"{_CN_ORD[g]}、{group}", size=14, east=HEAD_FONT)
                for m in members:
                    para(doc, f"　　{_heading(style, INDICATORS.index(m), m)}", size=14)
            para(doc, f"{_CN_ORD[len(INDICATOR_GROUPS)]}、附件清单", size=14, east=HEAD_FONT)
            page_break(doc)
        if suffix or ev.get("name_line"):
            para(doc, f"工作室名称：{name}", align="center", size=14, space_after=12)
        i = keys.index(part_keys[0])
        group_no = 0
        for k in part_keys:
            if style == "grouped":
                group = next(g for g, members in INDICATOR_GROUPS if k in members)
                first_of_group = next(m for m in next(ms for g, ms in INDICATOR_GROUPS if g == group) if m in keys)
                if k == first_of_group:
                    if ev.get("pdf") and group_no:
                        page_break(doc)
                    para(doc, f"{_CN_ORD[group_no]}、{group}", bold=True, size=16, east=HEAD_FONT, space_after=6)
                    group_no += 1
            para(doc, _heading(style, i, k), bold=True, size=14, east=HEAD_FONT if style != "grouped" else "楷体",
                  space_after=3)
            for text in sections[k]:
                para(doc, text, align="justify", size=12 if not ev.get("pdf") else 14, indent=True)
            if ev.get("pdf") and k in MA_TABLES:
                _add_table(doc, *MA_TABLES[k])
            if ev.get("pdf"):
                for caption in MA_PHOTOS.get(k, ()):
                    para(doc, f"（照片：{caption}，原件附后）", align="center", size=12, space_after=6)
            elif k == "取得专利" and style == "num":
                rows = [(str(n + 1), p.rsplit("（", 1)[0], p.rsplit("（", 1)[1].rstrip("）"))
                        for n, p in enumerate(ev["patents_list"])]
                list_docx_table(doc, ["序号", "专利名称", "专利类型"], rows, (1.4, 10.4, 3.0), center=True,
                                aligns=("center", "left", "center"))
            i += 1
        if ev.get("pdf"):
            page_break(doc)
            para(doc, f"{_CN_ORD[len(INDICATOR_GROUPS)]}、附件清单", bold=True, size=16, east=HEAD_FONT, space_after=6)
            for n, item in enumerate(MA_ANNEXES, start=1):
                para(doc, f"附件{n}　{item}", size=14)
        out[path] = docx_bytes(doc, STUDIO_DT)
    return out


def report_docx(unit: dict[str, Any], st: dict[str, Any]) -> bytes:
    f = st["fields"]
    doc = new_doc(unit["_spec"]["author"], STUDIO_DT)
    sections: list[tuple[str, list[str]]] = [("", [])]
    for kind, text in report_paragraphs(st):
        if kind == "h":
            sections.append((text, []))
        else:
            sections[-1][1].append(text)
    writeup_paragraphs(doc, f"{f['工作室名称']}近三年工作总结", [f"（{f['所在单位']}　2024年11月）"], sections,
                       heading_size=14, byline_after=12)
    return docx_bytes(doc, STUDIO_DT)


# --------------------------------------------------------------------------------------------------
# 附件2 推荐汇总表

_SUMMARY_HEADERS = ("序号", "工作室名称", "领衔人", "所在单位", "专业领域", "备注")


def _summary_rows(unit: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    by_name = {st["fields"]["工作室名称"]: (st["fields"]["领衔人姓名"], st["fields"]["所在单位"], st["fields"]["专业领域"])
               for st in unit["studios"]}
    by_name.update({nr["工作室名称"]: (nr["领衔人"], nr["所在单位"], nr["专业领域"]) for nr in unit["not_received"]})
    return [(name, *by_name[name]) for name in unit["summary"]["listed"]]


def summary_docx(unit: dict[str, Any]) -> bytes:
    doc = new_doc(unit["_spec"]["author"], STUDIO_DT)
    sec = doc.sections[0]  # the 汇总表 is printed landscape
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(2.6), Cm(2.2)
    para(doc, "附件2", size=14, east=HEAD_FONT)
    para(doc, SUMMARY_TITLE, align="center", bold=True, size=18, east=TITLE_FONT, space_after=12)
    para(doc, f"推荐单位（盖章）：{unit['推荐单位']}")
    para(doc, f"联系人：{unit['联系人']}　联系电话：{unit['电话']}", space_after=6)
    rows = [[str(i), *row, ""] for i, row in enumerate(_summary_rows(unit), start=1)]
    rows += [[str(i), "", "", "", "", ""] for i in range(len(rows) + 1, unit["summary"]["pad_to"] + 1)]
    list_docx_table(doc, list(_SUMMARY_HEADERS), rows, (1.4, 6.6, 2.2, 6.0, 5.2, 3.0), size=11, head_size=12,
                    center=True, row_height=1.0)
    return docx_bytes(doc, STUDIO_DT)


def summary_xlsx(unit: dict[str, Any]) -> bytes:
    header_lines = [f"推荐单位（盖章）：{unit['推荐单位']}", f"联系人：{unit['联系人']}　联系电话：{unit['电话']}"]
    rows = [[i, *row, ""] for i, row in enumerate(_summary_rows(unit), start=1)]
    return list_xlsx(SUMMARY_TITLE, header_lines, list(_SUMMARY_HEADERS), rows, (6, 30, 10, 26, 22, 10),
                     unit["_spec"]["author"], STUDIO_DT, caption="附件2", fonts=True, landscape=True)
