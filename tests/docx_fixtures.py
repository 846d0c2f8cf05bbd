"""Small .docx fixtures built with python-docx plus raw WordprocessingML where python-docx has no API."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W_NS = nsdecls("w")
W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _append_xml(d, xml: str) -> None:
    body = d.element.body
    body.insert(len(body) - 1, parse_xml(xml))  # before w:sectPr


def rich_docx() -> bytes:
    """One of everything the docx reader must handle beyond python-docx's own API."""
    d = docx.Document()
    d.add_paragraph("标题段落")
    # Content control (block level) holding a paragraph.
    _append_xml(d, f'<w:sdt {W_NS}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件里的文字</w:t></w:r></w:p>'
                   f'</w:sdtContent></w:sdt>')
    # w14 checkbox content controls, checked and unchecked, inline in one paragraph.
    box = ('<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{v}"/></w14:checkbox></w:sdtPr>'
           '<w:sdtContent><w:r><w:t>{g}</w:t></w:r></w:sdtContent></w:sdt>')
    _append_xml(d, f'<w:p {W_NS} {W14}><w:r><w:t xml:space="preserve">党支部</w:t></w:r>'
                   f'{box.format(v=1, g="☒")}<w:r><w:t xml:space="preserve"> 党小组</w:t></w:r>'
                   f'{box.format(v=0, g="☐")}</w:p>')
    # Wingdings symbols.
    _append_xml(d, f'<w:p {W_NS}><w:r><w:t>分工会</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
                   f'<w:r><w:t>工会小组</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r></w:p>')
    # Tracked changes: the insertion is content, the deletion is not.
    _append_xml(d, f'<w:p {W_NS}><w:r><w:t xml:space="preserve">保留</w:t></w:r>'
                   f'<w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
                   f'<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>')
    # A text box: mc:Choice read once, mc:Fallback (the VML copy) not read.
    _append_xml(d, f'<w:p {W_NS} {MC} {WPS}><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
                   f'<w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent>'
                   f'</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>'
                   f'<w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>'
                   f'</w:r></w:p>')
    # A table with a horizontal and a vertical merge.
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "横向合并"
    t.cell(0, 2).text = "右上"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "纵向合并"
    for r in (1, 2):
        for c in (1, 2):
            t.cell(r, c).text = f"{r}-{c}"
    d.sections[0].header.paragraphs[0].text = "页眉文字"
    d.add_paragraph("结尾")
    return _save(d)


def form_docx(header_lines: list[str], rows: list[list[str]], merges: list[tuple[int, int, int, int]] = ()) -> bytes:
    """A form: header paragraphs, then one table; merges are (r0, c0, r1, c1) with the text of (r0, c0)."""
    d = docx.Document()
    for line in header_lines:
        d.add_paragraph(line)
    n_cols = max(len(r) for r in rows)
    t = d.add_table(rows=len(rows), cols=n_cols)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        keep = t.cell(r0, c0).text
        t.cell(r0, c0).merge(t.cell(r1, c1)).text = keep
    return _save(d)


def paragraphs_docx(lines: list[str]) -> bytes:
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    return _save(d)


def table_writeup_docx(title: str, rows: list[tuple[str, str]]) -> bytes:
    d = docx.Document()
    d.add_paragraph(title)
    t = d.add_table(rows=len(rows), cols=2)
    for r, (head, body) in enumerate(rows):
        t.cell(r, 0).text = head
        t.cell(r, 1).text = body
    return _save(d)
