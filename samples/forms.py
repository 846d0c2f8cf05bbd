"""The samples' form-writing library: everything that writes an inbox's files and is not a campaign's data.

A campaign (samples/banzu.py, samples/studio.py) is its data, the layout of its templates and a builder
that calls this module:

* docx: ``new_doc`` (A4, 宋体, pinned core properties), ``para``/``fill_cell``/``set_widths``, Word's
  Wingdings check boxes (``add_wingdings``), content controls (``add_sdt``), ``page_break``, and
  ``docx_bytes``/``normalise_ooxml`` (fixed zip timestamps and core-property dates);
* xlsx: ``xlsx_title`` (a list's merged title row) and ``xlsx_bytes``;
* archives: ``gbk_zip`` (Windows' zip: GBK names, no UTF-8 flag), ``archive`` (.zip/.7z/.rar) and ``pack``
  (paths through an archive become its members, nested archives packed first);
* LibreOffice: ``convert_all`` (every conversion of an inbox, two calls at a time, outputs pinned),
  ``to_pdf``, ``pin_odf``, ``pin_pdf``;
* deliveries: ``FORMAT_EXT``/``OCR_FORMATS`` (how a typed docx reaches the inbox) and ``rasterised``
  (scans, phone photos, a mixed PDF, a PDF with a garbage text layer, made from the PDF export);
* official documents: ``official_document`` (a 表彰决定: red header, 文号, its list as a table or numbered lines,
  the 落款), and ``deliver`` (typed docx files delivered in every format of FORMAT_EXT: converted by LibreOffice,
  exported to PDF, scanned or photographed, macro-enabled, padded past an upload limit);
* forms, write-ups and lists from labels and values: ``form_table`` (a form's table, its cells styled per kind in
  each template's variant), ``writeup_paragraphs`` (sections in each heading style, or as a table),
  ``list_docx_table`` and ``list_xlsx`` (a 汇总表 as a Word table or a workbook);
* made-up files: ``note_docx`` (a short typed note), ``event_photo``, ``junk_bytes`` (owner files,
  Thumbs.db, .DS_Store, AppleDouble);
* the inbox: ``empty_dest`` and ``write_inbox``;
* what the campaigns' planted data share: Word's 字数 (``word_count``), the finding record
  (``finding``), the near-copy threshold and the genre's set phrases (``STOCK_PHRASES``).

Every function that stamps a date takes ``when`` (default ``SAMPLES_DT``, 2024-09-23 09:30, the date
samples/hostile.py and samples/scans.py pin); a campaign passes its own. Everything is deterministic.

May import: the standard library, python-docx, openpyxl, Pillow/PDFium (through samples.scans),
samples.hostile and samples.scans; never a campaign module.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font

from samples import hostile, scans

__all__ = [
    "ARCHIVE_EXT",
    "BODY_FONT",
    "ENCRYPTED_PDF",
    "FORMAT_EXT",
    "HEAD_FONT",
    "NEAR_COPY_SIMILARITY",
    "NEAR_COPY_THRESHOLD",
    "OCR_FORMATS",
    "PDF_EXPORT",
    "SAMPLES_DT",
    "STOCK_PHRASES",
    "TITLE_FONT",
    "VIA_LIBREOFFICE",
    "WORD97",
    "add_sdt",
    "add_wingdings",
    "archive",
    "convert_all",
    "docx_bytes",
    "empty_dest",
    "event_photo",
    "fill_cell",
    "finding",
    "format_para",
    "GbkZipInfo",
    "gbk_zip",
    "has_soffice",
    "junk_bytes",
    "new_doc",
    "normalise_ooxml",
    "note_docx",
    "pack",
    "page_break",
    "para",
    "pin_odf",
    "pin_pdf",
    "rasterised",
    "set_run_font",
    "set_widths",
    "to_pdf",
    "word_count",
    "write_inbox",
    "xlsx_bytes",
    "xlsx_title",
    "zip_stamp",
    "CELL_STYLES",
    "FormCell",
    "form_table",
    "list_docx_table",
    "list_xlsx",
    "writeup_paragraphs",
    "official_document",
    "deliver",
]

SAMPLES_DT = dt.datetime(2024, 9, 23, 9, 30, 0)  # the default stamp: docx/xlsx core properties (naive = UTC)


def zip_stamp(when: dt.datetime) -> tuple[int, ...]:
    """``when`` as a zip entry's date_time: (year, month, day, hour, minute, second)."""
    return tuple(when.timetuple()[:6])


# --------------------------------------------------------------------------------------------------
# What the campaigns' planted data share

# duplicate.near_copy's actual is the similarity the check measured: expected in [threshold, 1].
NEAR_COPY_THRESHOLD = 0.3  # the profile's default [near_copy] threshold
NEAR_COPY_SIMILARITY = (NEAR_COPY_THRESHOLD, 1.0)
# Set phrases of the genre, written by most units (six in each sample inbox); each campaign's hard negative (two
# texts of the same field from two units) shares all of them.
STOCK_PHRASES = (
    "坚持以习近平新时代中国特色社会主义思想为指导", "深入贯彻落实党的二十大精神", "大力弘扬劳模精神、劳动精神、工匠精神",
    "充分发挥劳模示范引领作用", "取得了显著成效", "形成了可复制、可推广的经验做法", "得到了广泛好评",
    "为高质量发展提供了有力保障",
)  # fmt: skip


def finding(code: str, unit: str, paths: list[str], field: str = "", actual: Any = None,
            limit: Any = None, subject: str = "") -> dict[str, Any]:
    """A planted finding as the tests compare it with a run's (paths sorted)."""
    return {"code": code, "unit": unit, "paths": sorted(paths), "field": field,
            "actual": actual, "limit": limit, "subject": subject}


# --------------------------------------------------------------------------------------------------
# 字数 as Word counts it (an independent implementation, used to build the planted texts)

_WIDE_RANGES = (
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # CJK Extensions B+ and Compatibility Supplement
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、。《》【】 …)
    (0xFF00, 0xFFEF),  # Half-width and Full-width Forms (，：；（）！？ …)
    (0xFE10, 0xFE1F),  # Vertical forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
)
# Punctuation that Chinese text uses as full-width although Unicode files it elsewhere.
_AMBIGUOUS_WIDE = frozenset("“”‘’—…·")


def _is_wide(ch: str, broad: bool) -> bool:
    o = ord(ch)
    if any(a <= o <= b for a, b in _WIDE_RANGES):
        return True
    return broad and ch in _AMBIGUOUS_WIDE


def word_count(text: str, *, broad: bool = True) -> int:
    """Word's 字数: each CJK ideograph / full-width punctuation mark is 1, each run of other
    non-space characters is 1. ``broad`` also treats “”‘’—…· as full-width (Word does, in Chinese
    text); the planted texts are written so that both readings give the same number."""
    n = 0
    in_run = False
    for ch in text:
        if ch.isspace():
            in_run = False
        elif _is_wide(ch, broad):
            n += 1
            in_run = False
        else:
            if not in_run:
                n += 1
            in_run = True
    return n


assert word_count("35%") == 1 and word_count("2024年") == 2 and word_count("AI技术") == 3
assert word_count("节约经费12.5万元，") == 8

# --------------------------------------------------------------------------------------------------
# docx helpers

BODY_FONT = "宋体"
TITLE_FONT = "方正小标宋简体"
HEAD_FONT = "黑体"


def set_run_font(run, *, size: float | None = None, bold: bool = False, east: str = BODY_FONT) -> None:
    if size:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east)


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def format_para(p, *, align: str = "left", indent: bool = False, size: float = 12) -> None:
    pf = p.paragraph_format
    pf.alignment = _ALIGN[align]
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if indent:
        pf.first_line_indent = Pt(size * 2)


def para(container, text: str, *, align: str = "left", bold: bool = False, size: float = 12,
         east: str = BODY_FONT, indent: bool = False, space_after: float = 0):
    p = container.add_paragraph()
    format_para(p, align=align, indent=indent, size=size)
    if space_after:
        p.paragraph_format.space_after = Pt(space_after)
    if text:
        set_run_font(p.add_run(text), size=size, bold=bold, east=east)
    return p


def new_doc(author: str, when: dt.datetime = SAMPLES_DT):
    """An empty A4 document (宋体 12 pt) by ``author``, its core properties dated ``when``."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 3
    cp.title = ""
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    return doc


def fill_cell(cell, lines: list[str], *, align: str = "center", bold: bool = False, size: float = 10.5,
              indent: bool = False) -> None:
    """Write ``lines`` as paragraphs into ``cell`` (a "\\n" inside a line becomes a line break)."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for i, line in enumerate(lines or [""]):
        p = first if i == 0 else cell.add_paragraph()
        format_para(p, align=align, indent=indent, size=size)
        if line:
            set_run_font(p.add_run(line), size=size, bold=bold)


def set_widths(table, widths_cm: tuple[float, ...]) -> None:
    """Fixed column widths, on the grid (what LibreOffice reads) and on every cell (what Word reads)."""
    table.autofit = False
    for i, col in enumerate(table.columns):
        col.width = Cm(widths_cm[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[i])


def add_wingdings(paragraph, char: str, size: float = 10.5) -> None:
    """A symbol Word inserts from the Wingdings font (``F0FE`` a ticked box, ``F0A8`` an empty one)."""
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:ascii"), "Wingdings")
    fonts.set(qn("w:hAnsi"), "Wingdings")
    rpr.append(fonts)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    r.append(rpr)
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Wingdings")
    sym.set(qn("w:char"), char)
    r.append(sym)
    paragraph._p.append(r)


def add_sdt(paragraph, text: str, alias: str, sdt_id: int, size: float = 10.5) -> None:
    """``text`` inside a plain-text content control (``<w:sdt>``), which python-docx's ``cell.text`` misses."""
    xml = (
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{alias}"/>'
        f'<w:id w:val="{sdt_id}"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:rPr>'
        f'<w:rFonts w:eastAsia="{BODY_FONT}"/><w:sz w:val="{int(size * 2)}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:sdtContent></w:sdt>'
    )
    paragraph._p.append(parse_xml(xml))


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def docx_bytes(doc, when: dt.datetime = SAMPLES_DT) -> bytes:
    """The document's bytes, zip timestamps and core-property dates pinned to ``when``."""
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_ooxml(buf.getvalue(), when)


_CORE_DATE_RE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalise_ooxml(data: bytes, when: dt.datetime = SAMPLES_DT) -> bytes:
    """Rewrite an OOXML package with fixed zip timestamps and fixed core-property dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    zip_dt = zip_stamp(when)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATE_RE.sub(rb"\g<1>" + stamp + rb"\g<2>", blob)
            zi = zipfile.ZipInfo(info.filename, date_time=zip_dt)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            dst.writestr(zi, blob)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# xlsx helpers


def xlsx_title(ws, row: int, last_col: str, title: str) -> None:
    """A list's title row as the notices set it: merged across the table, 方正小标宋 16 bold, centred, 36 pt."""
    ws.merge_cells(f"A{row}:{last_col}{row}")
    ws[f"A{row}"] = title
    ws[f"A{row}"].font = Font(name="方正小标宋简体", size=16, bold=True)
    ws[f"A{row}"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = 36


def xlsx_bytes(wb, author: str, when: dt.datetime = SAMPLES_DT) -> bytes:
    """The workbook's bytes with its author and dates pinned (openpyxl stamps "modified" with now())."""
    wb.properties.creator = wb.properties.lastModifiedBy = author
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_ooxml(buf.getvalue(), when)


# --------------------------------------------------------------------------------------------------
# Archives


class GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is stored as GBK bytes without the UTF-8 flag, as Windows' zip does."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's own name)
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def gbk_zip(members: dict[str, bytes], when: dt.datetime = SAMPLES_DT) -> bytes:
    """A zip as Windows' "send to compressed folder" makes it: GBK names, a directory entry per folder."""
    zip_dt = zip_stamp(when)
    buf = io.BytesIO()
    dirs = sorted({name.rsplit("/", 1)[0] + "/" for name in members if "/" in name})
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for d in dirs:
            zi = GbkZipInfo(d, date_time=zip_dt)
            zi.create_system = 0
            zi.external_attr = 0x10  # MS-DOS directory
            zi.compress_type = zipfile.ZIP_STORED
            zf.writestr(zi, b"")
        for name in sorted(members):
            zi = GbkZipInfo(name, date_time=zip_dt)
            zi.create_system = 0
            zi.external_attr = 0x20  # MS-DOS archive bit
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, members[name])
    return buf.getvalue()


ARCHIVE_EXT = (".zip", ".7z", ".rar")


def archive(name: str, members: dict[str, bytes], when: dt.datetime = SAMPLES_DT) -> bytes:
    """An archive as a unit's office makes it: .zip from Windows (GBK names), .7z from 7-Zip, .rar with
    stored members (there is no free RAR writer that compresses)."""
    ext = PurePosixPath(name).suffix.lower()
    if ext == ".zip":
        return gbk_zip(members, when)
    if ext == ".7z":
        return hostile.seven_zip({n: members[n] for n in sorted(members)}, when=zip_stamp(when))
    return hostile.rar4([(n, members[n], False) for n in sorted(members)], when=zip_stamp(when))


def pack(files: dict[str, bytes], when: dt.datetime = SAMPLES_DT) -> dict[str, bytes]:
    """Files whose path runs through a segment ending in .zip/.7z/.rar become members of that archive,
    built bottom-up (an archive inside an archive is packed first). Returns the top-level files."""
    out: dict[str, bytes] = {}
    archives: dict[str, dict[str, bytes]] = {}
    for path, data in files.items():
        parts = path.split("/")
        at = next((i for i, seg in enumerate(parts[:-1]) if seg.lower().endswith(ARCHIVE_EXT)), None)
        if at is None:
            out[path] = data
        else:
            archives.setdefault("/".join(parts[: at + 1]), {})["/".join(parts[at + 1 :])] = data
    for name, members in archives.items():
        out[name] = archive(name, pack(members, when), when)
    return out


# --------------------------------------------------------------------------------------------------
# LibreOffice conversions

_ODF_RSID_RE = re.compile(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+')


def pin_odf(data: bytes, when: dt.datetime = SAMPLES_DT) -> bytes:
    """An OpenDocument package with fixed zip timestamps and revision IDs (``mimetype`` stays first)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=zip_stamp(when))
            zi.compress_type = info.compress_type
            blob = src.read(info)
            if info.filename == "settings.xml":  # LibreOffice draws a random revision-save ID
                blob = _ODF_RSID_RE.sub(rb"\g<1>1", blob)
            dst.writestr(zi, blob)
    return out.getvalue()


def pin_pdf(data: bytes, when: dt.datetime = SAMPLES_DT) -> bytes:
    """A PDF writer's timestamps, document ID and checksum overwritten in place (samples.scans.pin_pdf),
    its dates set to ``when``."""
    return scans.pin_pdf(data).replace(scans.PDF_DATE, when.strftime("%Y%m%d%H%M%S").encode())


# ``--convert-to`` targets
PDF_EXPORT = "pdf"
WORD97 = "doc:MS Word 97"
ENCRYPTED_PDF = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                 '"DocumentOpenPassword":{"type":"string","value":"secret"}}')  # fmt: skip


def has_soffice() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def convert_all(jobs: dict[str, dict[str, bytes]], when: dt.datetime = SAMPLES_DT) -> dict[str, bytes]:
    """Every LibreOffice conversion of the inbox ({target: {path: docx}}): one call per target, two at a
    time. Each call gets a fresh profile (two calls sharing one fail silently, also across two
    generators running at once; a fresh profile costs a quarter of a second). PDF exports and .odt are
    pinned to ``when``."""
    from concurrent.futures import ThreadPoolExecutor

    pinners = {PDF_EXPORT: pin_pdf, "odt": pin_odf}

    def one(target: str) -> dict[str, bytes]:
        got = hostile.soffice_convert(jobs[target], target)
        pin = pinners.get(target)
        return {path: pin(data, when) if pin else data for path, data in got.items()}

    out: dict[str, bytes] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for part in pool.map(one, [t for t in jobs if jobs[t]]):
            out.update(part)
    return out


def to_pdf(docs: dict[str, bytes], when: dt.datetime = SAMPLES_DT) -> dict[str, bytes]:
    """Convert docx bytes to PDF with one LibreOffice call. Keys are inbox-relative target paths."""
    if not has_soffice():
        raise RuntimeError("生成 PDF 样例需要 LibreOffice（找不到 soffice 命令）；请先安装 LibreOffice。")
    return {path: pin_pdf(data, when) for path, data in hostile.soffice_convert(docs, "pdf").items()}


# --------------------------------------------------------------------------------------------------
# Deliveries: how a typed docx reaches the inbox

# How a file was delivered (a campaign's ``form_as``/``case_as``) -> the file's extension. docx: python-docx;
# docm: the same package declared macro-enabled; doc: LibreOffice "MS Word 97"; wps: those Word 97 bytes under
# WPS Office's extension; rtf/odt: LibreOffice; pdf: LibreOffice's export; pdf-scan: that PDF printed and
# scanned (an image-only PDF); pdf-mixed: the typed PDF plus one scanned page (an appendix line); pdf-cid:
# the typed PDF with its fonts' ToUnicode maps unlinked; jpg: photographed with a phone; png: a clean scan;
# tif: a scan saved as TIFF; docx-padded: the docx grown past 51 MB by an unreferenced media part.
FORMAT_EXT = {
    "docx": ".docx", "docm": ".docm", "doc": ".doc", "wps": ".wps", "rtf": ".rtf", "odt": ".odt",
    "pdf": ".pdf", "pdf-scan": ".pdf", "pdf-mixed": ".pdf", "pdf-cid": ".pdf",
    "jpg": ".jpg", "png": ".png", "tif": ".tif", "docx-padded": ".docx",
}  # fmt: skip
OCR_FORMATS = frozenset({"pdf-scan", "pdf-mixed", "pdf-cid", "jpg", "png", "tif"})  # read by OCR
# The formats LibreOffice converts the docx to directly -> its ``--convert-to`` target. The PDF formats and
# OCR_FORMATS start from the PDF export (PDF_EXPORT) and are finished by ``rasterised``.
VIA_LIBREOFFICE = {"doc": WORD97, "wps": WORD97, "rtf": "rtf", "odt": "odt"}


def _noise_seed(path: str) -> int:
    return zlib.crc32(path.encode("utf-8"))


def rasterised(fmt: str, path: str, pdf: bytes, appendix: str) -> bytes:
    """The typed ``pdf`` delivered as ``fmt`` (see FORMAT_EXT); the noise is seeded by ``path``."""
    seed = _noise_seed(path)
    if fmt == "pdf":
        return pdf
    if fmt == "pdf-cid":
        return scans.without_tounicode(pdf)
    if fmt == "pdf-mixed":
        page = scans.scanned(scans.text_page([appendix]), angle=0.3, seed=seed)
        return scans.merge_pdfs(pdf, scans.image_pdf(page))
    pages = [scans.render_page(pdf, i) for i in range(_page_count(pdf))]
    dpi = (scans.SCAN_DPI, scans.SCAN_DPI)
    if fmt == "pdf-scan":  # an office scanner: sharp, a little noisy, JPEG-compressed into the PDF
        assert len(pages) == 1, path
        return scans.image_pdf(scans.scanned(pages[0], angle=0.3, seed=seed, blur=0.0, noise=4.0), quality=85)
    if fmt == "png":  # a clean flatbed scan
        assert len(pages) == 1, path
        return scans.encode(pages[0], "PNG", dpi=dpi, optimize=True)
    if fmt == "jpg":  # a phone photo: slightly turned, a little sensor noise, JPEG
        assert len(pages) == 1, path
        photo = scans.scanned(pages[0], angle=0.4, seed=seed, blur=0.5, noise=4.0).convert("RGB")
        return scans.encode(photo, "JPEG", quality=85, dpi=dpi)
    if fmt == "tif":  # an office scanner's TIFF, one frame per page
        frames = [scans.scanned(p, angle=-0.3, seed=seed + i, noise=0.0) for i, p in enumerate(pages)]
        return scans.encode(frames[0], "TIFF", compression="tiff_lzw", dpi=dpi, save_all=True,
                            append_images=frames[1:])  # fmt: skip
    raise ValueError(fmt)


def _page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


# --------------------------------------------------------------------------------------------------
# Made-up files: notes, a photo, junk


def note_docx(author: str, when: dt.datetime, title: str, lines: list[str]) -> bytes:
    """A short typed document (a title and a few paragraphs), the raw material of the broken files."""
    doc = new_doc(author, when)
    para(doc, title, align="center", bold=True, size=18, east=TITLE_FONT, space_after=12)
    for line in lines:
        para(doc, line, align="justify", indent=True)
    return docx_bytes(doc, when)


def event_photo(banner: str) -> bytes:
    """A phone photo of an event: a wall, a red banner with ``banner`` on it, people's heads."""
    from PIL import Image, ImageDraw

    w, h = 1600, 1200
    img = Image.new("RGB", (w, h), (196, 188, 172))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 820, w, h), fill=(120, 104, 92))  # floor
    draw.rectangle((140, 180, 1460, 360), fill=(178, 28, 36))  # banner
    face = scans.font(72)
    tw = draw.textlength(banner, font=face)
    draw.text(((w - tw) / 2, 226), banner, font=face, fill=(250, 236, 200))
    for i in range(9):  # the audience, from behind
        x = 120 + i * 165
        draw.ellipse((x, 860, x + 110, 980), fill=(34, 30, 28))
        draw.rectangle((x - 20, 960, x + 130, h), fill=(52 + 9 * i, 60, 78))
    photo = scans.scanned(img.convert("L"), angle=1.2, seed=11, blur=1.0, noise=5.0)
    tinted = Image.merge("RGB", [photo.point(lambda v, k=k: min(255, round(v * k))) for k in (1.0, 0.97, 0.9)])
    return scans.encode(tinted, "JPEG", quality=85)


def junk_bytes(path: str) -> bytes:
    """What the system file at ``path`` holds: a Word owner file (~$…), an AppleDouble (._…), a .DS_Store
    or (any other name) Windows' Thumbs.db."""
    name = PurePosixPath(path).name
    if name.startswith("~$"):
        return hostile.owner_file()
    if name.startswith("._"):
        return hostile.apple_double()
    if name == ".DS_Store":
        return hostile.ds_store()
    return hostile.thumbs_db()


# --------------------------------------------------------------------------------------------------
# The inbox


def empty_dest(dest: Path) -> Path:
    """``dest`` as a Path, or FileExistsError when it exists and is not an empty folder."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise FileExistsError(f"目标目录已存在且不为空：{dest}")
    return dest


def write_inbox(dest: Path, files: dict[str, bytes], when: dt.datetime = SAMPLES_DT) -> Path:
    """Write ``files`` ({inbox path: bytes}; archive members as "<archive>/<member>", see ``pack``) under
    ``dest``; return ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for rel, data in pack(files, when).items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return dest


# --------------------------------------------------------------------------------------------------
# Forms, write-ups and lists from their labels and values (any campaign)

# A form's cell: (row, col, rowspan, colspan, kind, payload). kind "L" a label (bold, centred), "V" a value
# (centred), "T" a long text (a list of paragraphs, justified), "W" boxes written with Word's Wingdings symbols
# (payload: [(ticked, option), …]; an option "" is a box alone), "S" a value inside a content control (payload:
# (text, alias, id)), or any kind a campaign defines in ``form_table``'s ``styles``.
FormCell = tuple[int, int, int, int, str, Any]
# How each kind is written: fill_cell's options, and "top" (aligned to the cell's top), "breaks" (a "\n" in a
# text is a line break inside one paragraph, not a new paragraph), "then" (a function finishing the cell).
CELL_STYLES: dict[str, dict[str, Any]] = {"L": {"bold": True}, "V": {}, "T": {"align": "justify", "indent": True},
                                          "W": {"align": "left"}, "S": {}}


def form_table(doc, n_rows: int, n_cols: int, cells: list[FormCell], widths_cm: tuple[float, ...], *,
               styles: dict[str, dict[str, Any]] | None = None, center: bool = False,
               heights: tuple[float, dict[int, float]] | None = None):
    """A form's table: ``cells`` placed on an ``n_rows`` × ``n_cols`` grid, merged by their spans. A payload that is
    a list is the cell's paragraphs; a text is split at "\n". ``styles`` overrides or adds kinds (CELL_STYLES);
    ``center`` centres the table on the page; ``heights`` (cm of every row, {row: cm}) are minimum row heights."""
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    if center:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths_cm)
    for r, row in enumerate(table.rows if heights else ()):
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Cm(heights[1].get(r, heights[0]))
    kinds = {**CELL_STYLES, **(styles or {})}
    for r, c, rs, cs, kind, payload in cells:
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        opts = dict(kinds[kind])
        top, breaks, then = opts.pop("top", False), opts.pop("breaks", False), opts.pop("then", None)
        if kind == "W":
            fill_cell(cell, [""], **opts)
            p = cell.paragraphs[0]
            for ticked, option in payload:
                add_wingdings(p, "F0FE" if ticked else "F0A8")
                if option:
                    set_run_font(p.add_run(f"{option}　"), size=10.5)
        elif kind == "S":
            fill_cell(cell, [""], **opts)
            add_sdt(cell.paragraphs[0], *payload)
        elif isinstance(payload, (list, tuple)):
            fill_cell(cell, list(payload), **opts)
        else:
            fill_cell(cell, [str(payload)] if breaks else str(payload).split("\n"), **opts)
        if top:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        if then:
            then(cell)
    return table


def writeup_paragraphs(doc, title: str, bylines: list[str], sections: list[tuple[str, list[str]]],
                       *, caption: str = "", inline: bool = False, heading_size: float = 12, byline_size: float = 12,
                       byline_after: float = 0, table: tuple[float, float] | None = None) -> None:
    """A write-up: a caption ("附件2"), its title (none when ""), lines naming its unit, then each section's heading as
    written ("一、项目背景", "【取得成效】"; none when "") and its paragraphs. ``inline`` runs the first paragraph on after
    the heading ("推广价值：……"), "bold" as a bold 黑体 run of its own; ``table`` (two widths, cm) writes the sections as
    a table's rows instead (heading | paragraphs)."""
    if caption:
        para(doc, caption, size=14, east=HEAD_FONT)
    if title:
        para(doc, title, align="center", bold=True, size=18, east=TITLE_FONT, space_after=6)
    for i, line in enumerate(bylines, start=1):
        para(doc, line, align="center", size=byline_size, space_after=byline_after if i == len(bylines) else 0)
    if table:
        grid = doc.add_table(rows=len(sections), cols=2)
        grid.style = "Table Grid"
        set_widths(grid, table)
        for r, (heading, body) in enumerate(sections):
            fill_cell(grid.cell(r, 0), [heading], bold=True, size=12)
            fill_cell(grid.cell(r, 1), body, align="justify", size=12, indent=True)
        return
    for heading, body in sections:
        rest = body
        if inline == "bold" and body:
            p = para(doc, "", align="justify", indent=True)
            set_run_font(p.add_run(heading), size=12, bold=True, east=HEAD_FONT)
            set_run_font(p.add_run(body[0]), size=12)
            rest = body[1:]
        elif inline and body:
            para(doc, f"{heading}{body[0]}", align="justify", indent=True)
            rest = body[1:]
        elif heading:
            para(doc, heading, bold=True, size=heading_size, east=HEAD_FONT)
        for text in rest:
            para(doc, text, align="justify", indent=True)


def list_docx_table(doc, headers: list[str], rows: list[list[Any]], widths_cm: tuple[float, ...], *,
                    size: float = 10.5, head_size: float | None = None, center: bool = False,
                    row_height: float | None = None, aligns: tuple[str, ...] = ()) -> None:
    """A list's table: a header row, then one row per item (``size`` pt; the header row ``head_size``). ``center``
    centres it on the page, ``row_height`` (cm) is every row's minimum height, ``aligns`` the columns' alignments."""
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    if center:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths_cm)
    for row in table.rows if row_height else ():
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Cm(row_height)
    for c, h in enumerate(headers):
        fill_cell(table.cell(0, c), [h], bold=True, size=head_size or size)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            fill_cell(table.cell(r, c), ["" if v is None else str(v)], size=size,
                      align=aligns[c] if aligns else "center")


def list_xlsx(title: str, header_lines: list[str], headers: list[str], rows: list[list[Any]],
              widths: tuple[float, ...], author: str, when: dt.datetime = SAMPLES_DT, caption: str | None = "", *,
              fonts: bool = False, landscape: bool = False) -> bytes:
    """A list as a workbook: caption (None: no caption row, the title is row 1), merged title, header lines, the
    header row and the rows. ``fonts`` sets the notices' fonts (the caption and the header row 黑体 12, the header
    lines 宋体 12, the rows 宋体 11 and 30 pt high); ``landscape`` prints it landscape, fitted to the page's width."""
    import openpyxl
    from openpyxl.styles import Border, Side
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "推荐汇总表"
    last = get_column_letter(len(headers))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = 1 if caption is None else 2
    if caption is not None:
        ws["A1"] = caption
        if fonts:
            ws["A1"].font = Font(name=HEAD_FONT, size=12)
    xlsx_title(ws, top, last, title)
    for i, line in enumerate(header_lines, start=top + 1):
        ws.merge_cells(f"A{i}:{last}{i}")
        ws[f"A{i}"] = line
        if fonts:
            ws[f"A{i}"].font = Font(name=BODY_FONT, size=12)
    hr = top + 1 + len(header_lines)
    for r, values in enumerate([headers, *rows], start=hr):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if fonts:
                cell.font = Font(name=HEAD_FONT, size=12) if r == hr else Font(name=BODY_FONT, size=11)
            wrap = True if r > hr or not fonts else None  # with the fonts, the header row does not wrap
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=wrap)
            cell.border = border
        if fonts and r > hr:
            ws.row_dimensions[r].height = 30
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    if landscape:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    return xlsx_bytes(wb, author, when)


def official_document(doc, issuer: str, number: str, title: str, addressee: str, body: list[str], *,
                      headers: list[str] | None = None, rows: list[list[Any]] | None = None,
                      items: list[str] | None = None, closing: list[str] = (), signed: str = "",
                      widths_cm: tuple[float, ...] = ()) -> None:
    """An official document (a 表彰决定, a 通报): the red header "<issuer>文件", its 文号, the title, the addressee,
    the body, the list it announces — a table (``headers``, ``rows``) or numbered lines (``items``) — the closing
    paragraphs and the 落款 (the issuer above the date ``signed``, as written)."""
    para(doc, f"{issuer}文件", align="center", bold=True, size=22, east=TITLE_FONT, space_after=6)
    para(doc, number, align="center", space_after=12)
    para(doc, title, align="center", bold=True, size=16, east=TITLE_FONT, space_after=6)
    para(doc, addressee)
    for text in body:
        para(doc, text, align="justify", indent=True)
    if headers:
        list_docx_table(doc, headers, rows or [], widths_cm or tuple(15.8 / len(headers) for _ in headers))
    for i, item in enumerate(items or [], start=1):
        para(doc, f"{i}．{item}")
    for text in closing:
        para(doc, text, align="justify", indent=True)
    para(doc, "")
    para(doc, issuer, align="center")
    para(doc, signed, align="center")


def deliver(typed: dict[str, tuple], when: dt.datetime = SAMPLES_DT, more: dict[str, dict[str, bytes]] | None = None,
            padded_to: int = 51 * 1024 * 1024) -> dict[str, bytes]:
    """Each typed .docx delivered as its path's format: {inbox path: (docx bytes, how[, appendix])}, ``how`` a key of
    FORMAT_EXT: "docx"; "docm", "docx-padded" (grown to ``padded_to`` bytes); "doc", "wps", "rtf", "odt" (LibreOffice);
    "pdf" (its export) or a scan format of ``rasterised`` made from the export (``appendix``: the line on the scanned
    page of a "pdf-mixed"). The conversions run together (``convert_all``) with ``more`` ({target: {key: docx}}),
    whose results are returned under their keys."""
    out: dict[str, bytes] = {}
    jobs: dict[str, dict[str, bytes]] = {PDF_EXPORT: {}, **{t: {} for t in VIA_LIBREOFFICE.values()}}
    for target, docs in (more or {}).items():
        jobs.setdefault(target, {}).update(docs)
    exported: dict[str, tuple[str, str, str]] = {}  # job key -> (path, how, appendix)
    for path, (data, how, *appendix) in typed.items():
        if how == "docx":
            out[path] = data
        elif how == "docm":
            out[path] = hostile.macro_enabled(data)
        elif how == "docx-padded":
            out[path] = hostile.padded(data, padded_to)
        elif how in VIA_LIBREOFFICE:
            jobs[VIA_LIBREOFFICE[how]][path] = data
        else:
            jobs[PDF_EXPORT][f"{path}.docx"] = data  # the key's extension tells LibreOffice what it reads
            exported[f"{path}.docx"] = (path, how, "".join(appendix))
    for key, data in convert_all(jobs, when).items():
        path, how, appendix = exported.get(key, (key, "", ""))
        out[path] = rasterised(how, path, data, appendix) if how not in ("", "pdf") else data
    return dict(sorted(out.items()))
