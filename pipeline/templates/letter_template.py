"""Builds the default 退改通知 template, ``退改通知.docx`` beside this file (python-docx).

The committed .docx is what ``huishen letters`` uses; this script is how it was made, so it can be rebuilt:

    python pipeline/templates/letter_template.py

Layout as official letters have it (GB/T 9704): A4; margins 上 3.7 cm 下 3.5 cm 左 2.8 cm 右 2.6 cm; the title
in 宋体 二号 bold, centred; the body in 仿宋 三号 with a fixed 28-point line; the table in 仿宋 小四 with single
borders and its header row (黑体) repeated on every page; the page number "— 1 —" in the footer. Every run names
its East Asian font (w:eastAsia), so Word and WPS do not fall back to the Latin one for Chinese text.

The placeholders are Jinja in Chinese (docxtpl); ``pipeline.outputs.letters.FIELDS`` lists them.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent / "退改通知.docx"

LATIN = "Times New Roman"
BODY = "仿宋"  # FangSong, shipped with Windows; 仿宋_GB2312 is not on every machine
TITLE = "宋体"
HEADER = "黑体"
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(12)  # 小四
SIZE_PAGE_NO = Pt(14)  # 四号
LINE_BODY = Pt(28)
# Column widths (cm), 15.6 cm in all: A4's 21 cm less the 2.8 + 2.6 cm margins.
COLUMNS = (("序号", 1.3), ("材料", 3.3), ("存在问题", 4.9), ("修改要求", 3.3), ("依据", 2.8))
CELLS = ("{{ 行.序号 }}", "{{ 行.材料 }}", "{{ 行.存在问题 }}", "{{ 行.修改要求 }}", "{{ 行.依据 }}")
FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)  # the package's dates, so a rebuild differs only where the design does


def _fonts(rpr, east: str, latin: str = LATIN) -> None:
    """Set the run properties' fonts explicitly (no theme fonts, which would override them in Word)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east)
    fonts.set(qn("w:cs"), latin)


def _run(paragraph, text: str, east: str = BODY, size=SIZE_BODY, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold
    _fonts(run._element.get_or_add_rPr(), east)
    return run


def _para(container, text: str = "", *, east: str = BODY, size=SIZE_BODY, bold: bool = False,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, line=LINE_BODY, before=0, after=0):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is None:
        fmt.line_spacing = 1.0
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # two characters
    if text:
        _run(p, text, east, size, bold)
    return p


def _defaults(doc) -> None:
    """Document defaults and the Normal style: 仿宋 三号, Chinese language, no theme fonts."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr_default, BODY)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_BODY
    _fonts(normal.element.get_or_add_rPr(), BODY)


def _page(doc) -> None:
    s = doc.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Cm(21), Cm(29.7)
    s.top_margin, s.bottom_margin = Cm(3.7), Cm(3.5)
    s.left_margin, s.right_margin = Cm(2.8), Cm(2.6)
    s.header_distance, s.footer_distance = Cm(1.5), Cm(2.5)
    # Page number "— 1 —", centred (GB/T 9704 puts it outside on alternate pages; a letter is short).
    p = s.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", TITLE, SIZE_PAGE_NO)
    run = _run(p, "", TITLE, SIZE_PAGE_NO)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    _run(p, " —", TITLE, SIZE_PAGE_NO)


def _cell_margins(table, top=60, bottom=60, side=80) -> None:
    """Inner cell margins (twentieths of a point)."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("left", side), ("bottom", bottom), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")  # half a point
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _fill(cell, text: str, *, east: str = BODY, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.paragraph_format.alignment = align
    p.paragraph_format.line_spacing = 1.15
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    if text:
        _run(p, text, east, SIZE_TABLE, bold)


def _table(doc) -> None:
    table = doc.add_table(rows=4, cols=len(COLUMNS))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    _cell_margins(table)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, (_, width) in enumerate(COLUMNS):
        table.columns[i].width = Cm(width)
        for row in table.rows:
            row.cells[i].width = Cm(width)
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeated at the top of every page the table runs onto
    tr_pr.append(repeat)
    for cell, (title, _) in zip(header.cells, COLUMNS, strict=True):
        _fill(cell, title, east=HEADER, align=WD_ALIGN_PARAGRAPH.CENTER)
    # docxtpl: the {%tr %} rows are removed and the row between them repeated, once per problem.
    _fill(table.rows[1].cells[0], "{%tr for 行 in 问题 %}")
    for i, (cell, text) in enumerate(zip(table.rows[2].cells, CELLS, strict=True)):
        _fill(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER if i == 0 else WD_ALIGN_PARAGRAPH.LEFT)
    _fill(table.rows[3].cells[0], "{%tr endfor %}")


def build() -> bytes:
    doc = Document()
    _defaults(doc)
    _page(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # python-docx's template starts with an empty paragraph
        body.remove(p)
    _para(doc, "关于报送材料的退改通知", east=TITLE, size=SIZE_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
          line=Pt(36), after=18)
    _para(doc, "{{ 推荐单位 }}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "按照《{{ 通知名称 }}》（{{ 通知日期 }}）要求，我们对你单位报送的{{ 评选名称 }}材料进行了审核。"
               "经审核，以下 {{ 问题数 }} 处需要修改或说明：", indent=True)
    _para(doc, "", line=Pt(12))
    _table(doc)
    _para(doc, "", line=Pt(12))
    _para(doc, "请你单位对照上表逐项修改，于{{ 修改期限 }}前将修改后的材料重新报送；需要说明情况的，"
               "请一并报送书面说明。", indent=True)
    _para(doc, "联系人：{{ 联系人 }}　　联系电话：{{ 联系电话 }}", indent=True)
    _para(doc, "")
    _para(doc, "{{ 发文单位 }}", align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.right_indent = Pt(32)
    _para(doc, "{{ 发文日期 }}", align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.right_indent = Pt(32)
    props = doc.core_properties
    props.title = "关于报送材料的退改通知"
    props.author = props.last_modified_by = "汇审"
    props.created = props.modified = FIXED
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_dates(buf.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The package with every member dated ``FIXED``: a rebuild of an unchanged design is the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    target.write_bytes(build())
    print(f"wrote {target}")
