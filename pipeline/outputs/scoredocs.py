"""评审材料.docx: what the experts read, one page per entry in the order of the 评分表 — the entry's form
(its short fields as a two-column table) and its texts (the form's long fields, the sections of the write-ups
linked to it), each cut to fit the page with a pointer to the full material.

Built with python-docx; the file is normalised (fixed times in the zip) so that the same batch gives the same
bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

PAGE_CHARS = 800  # the texts of one entry together, so that the page holds them beside the form's fields
CUT = "……（以下从略，全文见报送材料）"
_FIXED = (1980, 1, 1, 0, 0, 0)


@dataclass
class EntryMaterial:
    no: str
    unit: str
    name: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # label, value
    texts: list[tuple[str, str]] = field(default_factory=list)  # heading, text


def _cut(texts: list[tuple[str, str]], budget: int = PAGE_CHARS) -> list[tuple[str, str]]:
    """The texts within ``budget`` characters in all, each given its share (a short one leaves room to others)."""
    out: list[tuple[str, str]] = []
    left = budget
    for i, (head, text) in enumerate(texts):
        share = max(left // max(len(texts) - i, 1), 80)
        t = " ".join(text.split())
        if len(t) > share:
            t = t[: max(share - len(CUT), 20)] + CUT
        out.append((head, t))
        left -= len(t)
    return out


def materials_docx(campaign: str, entries: list[EntryMaterial]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.top_margin = sec.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = "宋体"  # creates rFonts; the East Asian font is a separate attribute
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    doc.core_properties.author = "汇审"
    doc.core_properties.title = f"{campaign}　评审材料"
    for i, e in enumerate(entries):
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.page_break_before = i > 0
        run = title.add_run(f"编号 {e.no}　{e.name}")
        run.bold = True
        run.font.size = Pt(15)
        sub = doc.add_paragraph(f"推荐单位：{e.unit}")
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if e.fields:
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            table.autofit = False
            table.columns[0].width, table.columns[1].width = Cm(4), Cm(12.6)
            for label, value in e.fields:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
                cells[0].width, cells[1].width = Cm(4), Cm(12.6)
        for head, text in _cut(e.texts):
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(6)
            r = p.add_run(head)
            r.bold = True
            doc.add_paragraph(text).paragraph_format.first_line_indent = Pt(21)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalised(buf.getvalue())


def _normalised(data: bytes) -> bytes:
    """The same package with fixed member times and core-property dates: the same input, the same bytes."""
    import re

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", blob)
            z.writestr(zipfile.ZipInfo(info.filename, _FIXED), blob, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def material_of(doc: dict[str, Any], attachments: list[dict[str, Any]], profile: Any, no: str, unit: str,
                name: str) -> EntryMaterial:
    """An entry's page from its records.json document and its linked attachments' documents."""
    m = EntryMaterial(no, unit, name)
    spec = profile.kind(doc.get("kind", ""))
    values = doc.get("fields") or {}
    for f in spec.fields if spec else []:
        v = values.get(f.key)
        if v in (None, "", []):
            continue
        if f.where == "line" or f.type == "phone":  # the header lines (推荐单位, 联系人, 电话): not for experts
            continue
        text = _shown(v)
        if f.type == "longtext":
            m.texts.append((f.key, text))
        elif f.key != spec.subject:
            m.fields.append((f.key, text + (f.unit if f.unit and f.type in ("int", "number") else "")))
    for a in attachments:
        aspec = profile.kind(a.get("kind", ""))
        if aspec is None:
            continue
        av = a.get("fields") or {}
        for s in aspec.sections:
            if av.get(s.key):
                m.texts.append((f"{aspec.title}：{s.title}", _shown(av[s.key])))
        for f in aspec.fields:
            if f.type == "longtext" and av.get(f.key):
                m.texts.append((f"{aspec.title}：{f.key}", _shown(av[f.key])))
    return m


def _shown(v: Any) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, list):
        return "；".join(_shown(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
