"""Writing primitives: docx table forms in each layout variant, write-ups, summaries, conversions, scans.

Content strings use a few conventions: "\\n" starts a new paragraph, "\\v" is a line break inside a
paragraph, TICK / UNTICK are Word Wingdings check-box symbols (w:sym), and a leading BOLD marks a bold
paragraph.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field

import docx
import openpyxl
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Border, Font, Side

FIXED_DT = datetime.datetime(2024, 9, 20, 9, 30, 0)
ZIP_DT = (2024, 9, 20, 9, 30, 0)
TICK = "\ue0fe"  # Wingdings F0FE: ticked box
UNTICK = "\ue0a8"  # Wingdings F0A8: empty box
BOLD = "\ue100"  # paragraph marker: bold
CENTER = "\ue101"  # paragraph marker: centred
SYMS = {TICK: "F0FE", UNTICK: "F0A8"}

# ---------------------------------------------------------------- counting and numbers

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x3000, 0x303F), (0xFF00, 0xFFEF),
               (0x2010, 0x2027), (0x2030, 0x205E), (0x20000, 0x2FFFF))


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return any(a <= o <= b for a, b in _CJK_RANGES)


def word_count(text: str | None) -> int:
    """Word's 字数: each CJK ideograph / full-width or CJK punctuation mark is 1; each run of other
    non-space characters is 1."""
    n, in_run = 0, False
    for ch in text or "":
        if ch.isspace():
            in_run = False
        elif is_cjk(ch):
            n += 1
            in_run = False
        elif not in_run:
            n += 1
            in_run = True
    return n


def has_figure(text: str | None) -> bool:
    return bool(re.search(r"[0-9０-９]", text or ""))


_CN_DIG = "零一二三四五六七八九"


def cn_int(n: int) -> str:
    """Chinese numerals for 0..99999 (十二, 一百二十六, 一千零五, 一万二千)."""
    if n < 10:
        return _CN_DIG[n]
    if n < 20:
        return "十" + (_CN_DIG[n % 10] if n % 10 else "")
    out, zero = "", False
    for unit, val in (("万", 10000), ("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // val % 10
        if d:
            if zero and out:
                out += "零"
            out += _CN_DIG[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def fmt_int(n: int, style: str, unit: str = "") -> str:
    """L5a bare digits, L5b digits + unit, L5c Chinese numerals, L5d 约 + digits + unit."""
    if style == "L5a":
        return str(n)
    if style == "L5b":
        return f"{n}{unit}"
    if style == "L5c":
        return (cn_int(n) if n else "0") + unit
    if style == "L5d":
        return f"约{n}{unit}"
    raise ValueError(style)


def fmt_money(x: float, style: str) -> str:
    """Money in 万元: L5f bare, L5g 万元, L5h Chinese 万元, L5i yuan with thousands separators, L5j decimal 万元."""
    if style == "L5f":
        return f"{x:g}"
    if style in ("L5g", "L5j"):
        return f"{x:g}万元"
    if style == "L5h":
        assert x == int(x)
        return cn_int(int(x)) + "万元"
    if style == "L5i":
        return f"{round(x * 10000):,}元"
    if style == "L5d":
        return f"约{x:g}万元"
    raise ValueError(style)


def fmt_date(d: str, style: str) -> str:
    """d is 'YYYY-MM' or 'YYYY-MM-DD'. L6a 2019年3月, L6b 2019.03, L6c 2019/3, L6d 2019-03-05,
    L6e 2019年3月5日, L6f 2019.3."""
    parts = [int(p) for p in d.split("-")]
    y, m = parts[0], parts[1]
    if len(parts) == 3:
        day = parts[2]
        return {"L6d": f"{y}-{m:02d}-{day:02d}", "L6e": f"{y}年{m}月{day}日"}[style]
    return {"L6a": f"{y}年{m}月", "L6b": f"{y}.{m:02d}", "L6c": f"{y}/{m}", "L6f": f"{y}.{m}"}[style]


NUMBERINGS = ("1.", "1、", "（1）", "①")


def numbered(i: int, style: str) -> str:
    if style == "1.":
        return f"{i + 1}."
    if style == "1、":
        return f"{i + 1}、"
    if style == "（1）":
        return f"（{i + 1}）"
    return chr(0x2460 + i)


# ---------------------------------------------------------------- decks (seeded coverage)

class Decks:
    """Deal variation options from shuffled decks so that each option of a dimension is used before any
    repeats (coverage with few files), in a seeded order."""

    def __init__(self, rng):
        self.rng = rng
        self.decks: dict[str, list] = {}

    def deal(self, dim: str, options):
        d = self.decks.get(dim)
        if not d:
            d = list(options)
            self.rng.shuffle(d)
            self.decks[dim] = d
        return d.pop()

    def deal_allowed(self, dim: str, options, allowed):
        """Deal the next option of the deck that is allowed here (the others stay in the deck)."""
        d = self.decks.get(dim)
        if not d:
            d = list(options)
            self.rng.shuffle(d)
            self.decks[dim] = d
        for i in range(len(d) - 1, -1, -1):
            if d[i] in allowed:
                return d.pop(i)
        return self.rng.choice(list(allowed))


# ---------------------------------------------------------------- docx basics

def new_document(author: str = "Administrator", size: float = 10.5) -> docx.Document:
    doc = docx.Document()
    st = doc.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), "宋体")
    for s in doc.sections:
        s.page_width, s.page_height = Cm(21), Cm(29.7)
        s.top_margin = s.bottom_margin = Cm(2.2)
        s.left_margin = s.right_margin = Cm(2.3)
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.created = FIXED_DT
    cp.modified = FIXED_DT
    cp.last_printed = FIXED_DT
    cp.revision = 1
    cp.title = ""
    cp.comments = ""
    cp.subject = ""
    cp.keywords = ""
    return doc


def _fill_paragraph(p, text: str, bold: bool = False, size: float | None = None) -> None:
    for ch_i, chunk in enumerate(re.split(r"([\v" + TICK + UNTICK + "])", text)):
        del ch_i
        if not chunk:
            continue
        if chunk == "\v":
            (p.runs[-1] if p.runs else p.add_run()).add_break()
        elif chunk in SYMS:
            r = OxmlElement("w:r")
            sym = OxmlElement("w:sym")
            sym.set(qn("w:font"), "Wingdings")
            sym.set(qn("w:char"), SYMS[chunk])
            r.append(sym)
            p._p.append(r)
        else:
            run = p.add_run(chunk)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)


def add_paragraph(container, text: str, bold: bool = False, center: bool = False, size: float | None = None):
    if text.startswith(BOLD):
        bold, text = True, text[1:]
    if text.startswith(CENTER):
        center, text = True, text[1:]
    p = container.add_paragraph()
    _fill_paragraph(p, text, bold, size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def set_cell(cell, content: str, bold: bool = False) -> None:
    paras = content.split("\n") if content else [""]
    first = True
    for text in paras:
        b = bold
        if text.startswith(BOLD):
            b, text = True, text[1:]
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _fill_paragraph(p, text, b)


def docx_bytes(doc) -> bytes:
    # Word always ends a document with a paragraph mark; python-docx lets a table end it, which no real file
    # does (and LibreOffice's .doc export then drops that table's structure).
    body = doc.element.body
    blocks = [el for el in body if el.tag.rsplit("}", 1)[-1] in ("p", "tbl")]
    if blocks and blocks[-1].tag.endswith("}tbl"):
        doc.add_paragraph("")
    buf = io.BytesIO()
    doc.save(buf)
    return pin_zip(buf.getvalue())


def pin_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed timestamps (byte-identical rebuilds)."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2024-09-20T09:30:00Z", body)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, body)
    return out.getvalue()


# ---------------------------------------------------------------- form tables

@dataclass
class F:
    """One label/value pair of a form."""
    label: str
    value: str = ""


@dataclass
class Row:
    """Pairs on one template row. style: a = label | value; b1 = "label：value" in one cell spanning both;
    b2 = "label：value" in the label cell, value cell left empty; c = labels row, values in the row below."""
    fields: list[F]
    style: str = "a"


@dataclass
class Group:
    """A vertically merged label cell to the left of its rows (L2a, 班组基本情况)."""
    label: str
    rows: list


@dataclass
class Checks:
    """Check-box groups side by side: (group label, [(option, mark)]); inline: one cell per group whose
    text is the mark of each option followed by the option ("☑党支部　□党小组")."""
    groups: list[tuple[str, list[tuple[str, str]]]]
    inline: bool = False


@dataclass
class Wide:
    """A label and a value spanning the rest of the row; above: the label on its own row above (L8e)."""
    label: str
    value: str
    above: bool = False


@dataclass
class ListRows:
    """One item per table row under a vertically merged label (L4f)."""
    label: str
    items: list[str]


@dataclass
class Full:
    text: str


@dataclass
class SubTable:
    """A sub-table inside a form: a header row of columns, then one row per entry (a row of "" is a blank
    template row). left: the label in a vertically merged cell to the left; else a title row above the header.
    header False: the rows only (the rest of a sub-table continued in a second Word table)."""
    label: str
    columns: list[str]
    rows: list[list[str]]
    left: bool = True
    header: bool = True


@dataclass
class _Cell:
    r: int
    c: int
    rs: int
    cs: int
    text: str
    bold: bool = False


@dataclass
class _Grid:
    cells: list = field(default_factory=list)
    nrows: int = 0


def _need(block) -> int:
    if isinstance(block, Row):
        k = len(block.fields)
        return k if block.style == "b1" else 2 * k
    if isinstance(block, Group):
        return 1 + max(_need(b) for b in block.rows)
    if isinstance(block, Checks):
        return (2 if block.inline else 3) * len(block.groups)
    if isinstance(block, (Wide, ListRows)):
        return 2
    if isinstance(block, SubTable):
        return len(block.columns) + (1 if block.left else 0)
    return 1


def _split(width: int, k: int) -> list[int]:
    base = width // k
    return [base] * (k - 1) + [width - base * (k - 1)]


def _lay(block, g: _Grid, r0: int, c0: int, width: int) -> int:
    add = g.cells.append
    if isinstance(block, Row):
        k = len(block.fields)
        if block.style == "b1":
            c = c0
            for f, w in zip(block.fields, _split(width, k), strict=True):
                add(_Cell(r0, c, 1, w, f"{f.label.rstrip('：:')}：{f.value}"))
                c += w
            return 1
        vws = _split(width - k, k)
        c = c0
        for f, vw in zip(block.fields, vws, strict=True):
            if block.style == "c":
                add(_Cell(r0, c, 1, 1 + vw, f.label))
                add(_Cell(r0 + 1, c, 1, 1 + vw, f.value))
            elif block.style == "b2":
                add(_Cell(r0, c, 1, 1, f"{f.label.rstrip('：:')}：{f.value}"))
                add(_Cell(r0, c + 1, 1, vw, ""))
            else:
                add(_Cell(r0, c, 1, 1, f.label))
                add(_Cell(r0, c + 1, 1, vw, f.value))
            c += 1 + vw
        return 2 if block.style == "c" else 1
    if isinstance(block, Group):
        r = r0
        for b in block.rows:
            r += _lay(b, g, r, c0 + 1, width - 1)
        add(_Cell(r0, c0, r - r0, 1, block.label))
        return r - r0
    if isinstance(block, Checks):
        n = len(block.groups)
        c = c0
        if block.inline:
            for (label, opts), w in zip(block.groups, _split(width, n), strict=True):
                add(_Cell(r0, c, 1, 1, label))
                add(_Cell(r0, c + 1, 1, w - 1, "　".join(m + o for o, m in opts)))
                c += w
            return 1
        rows = max(len(opts) for _, opts in block.groups)
        for (label, opts), w in zip(block.groups, _split(width, n), strict=True):
            add(_Cell(r0, c, rows, 1, label))
            for i, (opt, mark) in enumerate(opts):
                add(_Cell(r0 + i, c + 1, 1, 1, opt))
                add(_Cell(r0 + i, c + 2, 1, w - 2, mark))
            c += w
        return rows
    if isinstance(block, Wide):
        if block.above:
            add(_Cell(r0, c0, 1, width, block.label))
            add(_Cell(r0 + 1, c0, 1, width, block.value))
            return 2
        add(_Cell(r0, c0, 1, 1, block.label))
        add(_Cell(r0, c0 + 1, 1, width - 1, block.value))
        return 1
    if isinstance(block, ListRows):
        n = max(1, len(block.items))
        add(_Cell(r0, c0, n, 1, block.label))
        for i, it in enumerate(block.items or [""]):
            add(_Cell(r0 + i, c0 + 1, 1, width - 1, it))
        return n
    if isinstance(block, Full):
        add(_Cell(r0, c0, 1, width, block.text))
        return 1
    if isinstance(block, SubTable):
        r, c = r0, c0
        if block.left:
            c += 1
        elif block.label:
            add(_Cell(r, c0, 1, width, block.label))
            r += 1
        ws = _split(width - (c - c0), len(block.columns))
        lines = ([block.columns] if block.header else []) + block.rows
        for line in lines:
            cc = c
            for text, cw in zip(line, ws, strict=True):
                add(_Cell(r, cc, 1, cw, text))
                cc += cw
            r += 1
        if block.left:
            add(_Cell(r0, c0, r - r0, 1, block.label))
        return r - r0
    raise TypeError(block)


def add_form_table(doc, blocks: list, min_cols: int = 0):
    ncols = max([min_cols] + [_need(b) for b in blocks])
    g = _Grid()
    r = 0
    for b in blocks:
        r += _lay(b, g, r, 0, ncols)
    table = doc.add_table(rows=r, cols=ncols)
    table.style = doc.styles["Table Grid"]
    # the grid's cells looked up once (table.cell() walks the whole table each time); the layout's rectangles do
    # not overlap, so a merge leaves the other rectangles' cells as they are
    grid = table._cells
    for cell in g.cells:
        tc = grid[cell.r * ncols + cell.c]
        if cell.rs > 1 or cell.cs > 1:
            tc = tc.merge(grid[(cell.r + cell.rs - 1) * ncols + cell.c + cell.cs - 1])
        set_cell(tc, cell.text, cell.bold)
    return table


def space_label(label: str, style: str) -> str:
    """L1d: 班　组　名　称 (full-width) or 姓 名 (half-width); only for short plain labels."""
    if len(label) > 5 or "（" in label or "(" in label:
        return label
    return ("　" if style == "full" else " ").join(label)


TEMPLATE_BREAKS = {"班组基本情况": "班组\n基本\n情况", "班组负责人": "班组\n负责人", "是否成立党组织": "是否成立\n党组织",
                   "是否成立工会组织": "是否成立\n工会组织", "班组竞赛情况": "班组\n竞赛\n情况", "平均年龄": "平均\n年龄",
                   "工作室领衔人情况": "工作室\n领衔人\n情况"}


def break_label(label: str, every: int = 2) -> str:
    """L1e: labels broken over lines as the template prints them (班组\\n基本\\n情况)."""
    if label in TEMPLATE_BREAKS:
        return TEMPLATE_BREAKS[label]
    if len(label) <= 3 or "（" in label:
        return label
    return "\n".join(label[i:i + every] for i in range(0, len(label), every))


# ---------------------------------------------------------------- write-up headings

CN_ORD = "一二三四五六七八九十"
CN_ORD_EXT = [*CN_ORD, "十一", "十二", "十三", "十四", "十五"]


def heading(style: str, i: int, name: str, end: str = "") -> str:
    """a 一、X  b 1.X  c 1、X  d （一）X  e 【X】  g bold X (unnumbered); end appends '。' or '：'."""
    ordn = CN_ORD_EXT[i]
    text = {"a": f"{ordn}、{name}", "b": f"{i + 1}.{name}", "c": f"{i + 1}、{name}",
            "d": f"（{ordn}）{name}", "e": f"【{name}】", "g": name}[style]
    return text + end


# ---------------------------------------------------------------- summaries

def summary_docx(title_lines: list[str], header_lines: list[str], columns: list[str], rows: list[list[str]],
                 header_rows: list[list[str]] | None = None, author: str = "Administrator",
                 landscape: bool = False) -> bytes:
    doc = new_document(author)
    if landscape:
        from docx.enum.section import WD_ORIENT
        s = doc.sections[0]
        s.orientation = WD_ORIENT.LANDSCAPE
        s.page_width, s.page_height = s.page_height, s.page_width
    for t in title_lines:
        add_paragraph(doc, t)
    for h in header_lines:
        add_paragraph(doc, h)
    n_head = len(header_rows or [])
    table = doc.add_table(rows=n_head + 1 + len(rows), cols=len(columns))
    table.style = doc.styles["Table Grid"]
    for i, hr in enumerate(header_rows or []):
        cells = table.rows[i].cells
        if len(hr) == 2:  # label | value spanning the rest
            set_cell(cells[0], hr[0])
            m = cells[1].merge(cells[-1])
            set_cell(m, hr[1])
        else:
            for c, t in zip(cells, hr, strict=False):
                set_cell(c, t)
    widths = [Cm(1.4)] + [Cm((16.4 if not landscape else 25) / (len(columns) - 1))] * (len(columns) - 1)
    table.autofit = False
    for col, wd in zip(table.columns, widths, strict=False):
        col.width = wd
    for row in table.rows:
        for c, wd in zip(row.cells, widths, strict=False):
            c.width = wd
    for c, t in zip(table.rows[n_head].cells, columns, strict=True):
        set_cell(c, t, bold=True)
    for r, row in enumerate(rows):
        for c, t in zip(table.rows[n_head + 1 + r].cells, row, strict=True):
            set_cell(c, t)
    return docx_bytes(doc)


def summary_xlsx(title: str, header_cells: list[tuple[str, str]], columns: list[str], rows: list[list],
                 author: str = "Administrator", header_row: int = 4) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ncol = len(columns)
    ws.cell(1, 1, title).font = Font(name="宋体", size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    for ref, text in header_cells:
        ws[ref] = text
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c, name in enumerate(columns, 1):
        cell = ws.cell(header_row, c, name)
        cell.font = Font(name="宋体", bold=True)
        cell.border = border
    for r, row in enumerate(rows, header_row + 1):
        for c, v in enumerate(row, 1):
            cell = ws.cell(r, c, v if v != "" else None)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for c, w in zip("ABCDEF", (6, 26, 30, 36, 16, 16), strict=False):
        ws.column_dimensions[c].width = w
    p = wb.properties
    p.creator = author
    p.lastModifiedBy = author
    p.created = FIXED_DT
    p.modified = FIXED_DT
    buf = io.BytesIO()
    wb.save(buf)
    return pin_zip(buf.getvalue())


# ---------------------------------------------------------------- conversions and scans

def _pinned_fonts() -> dict[str, str]:
    """Render with the repository's pinned font set (samples/fonts.conf: DejaVu + Noto CJK), so the scans these
    fixtures make do not change with the fonts a machine happens to have (fonts-liberation arrives with chromium)."""
    conf = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "fonts.conf")
    return {**os.environ, "FONTCONFIG_FILE": os.path.abspath(conf)}


def soffice_convert(files: list[str], target: str, outdir: str, timeout: int = 240) -> None:
    """Convert a batch of files with ONE soffice call (own profile dir, timeout)."""
    if not files:
        return
    exe = shutil.which("soffice") or "/usr/bin/soffice"
    profile = os.path.join(tempfile.gettempdir(), f"hs_blind_lo_{os.getpid()}_{uuid.uuid4().hex[:8]}")
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", outdir, *files]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, start_new_session=True, env=_pinned_fonts())
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":")[0]
    missing = [f for f in files
               if not os.path.exists(os.path.join(outdir, os.path.splitext(os.path.basename(f))[0] + "." + ext))]
    if missing:
        raise RuntimeError(f"soffice did not convert {missing}: {proc.stderr.decode(errors='replace')[-500:]}")


def pin_pdf(data: bytes) -> bytes:
    """Same-length rewrite of LibreOffice's creation date, /ID and /DocChecksum (repeatable bytes)."""
    data = re.sub(rb"D:\d{14}", b"D:20240920093000", data)
    body = re.sub(rb"<[0-9A-F]{32}>|/[0-9A-F]{32}", b"", data)
    digest = hashlib.md5(body).hexdigest().upper().encode()
    data = re.sub(rb"(/ID \[ ?<)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}>", rb"\g<1>" + digest + rb"\g<2>" + digest + b">", data)
    return re.sub(rb"(/DocChecksum /)[0-9A-F]{32}", rb"\g<1>" + digest, data)


def pdf_pages(path: str) -> int:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def scan_page(pdf_path: str, out_path: str, rng, dpi: int = 170, page: int = 0) -> None:
    """A 'scan' of one PDF page: rendered in grey, turned by at most 0.5°, light speckle; saved as an
    image-only PDF, PNG or JPG by out_path's extension."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        img = pdf[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    angle = rng.uniform(0.2, 0.45) * rng.choice((-1, 1))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=250)
    img = img.filter(ImageFilter.GaussianBlur(0.4))
    px = img.load()
    w, h = img.size
    for _ in range(w * h // 4000):  # paper speckle
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = max(0, px[x, y] - rng.randrange(60, 140))
    img = img.point(lambda v: min(255, int(v * 0.96) + 6))  # greyish paper
    ext = os.path.splitext(out_path)[1].lower()
    if ext == ".pdf":
        img.save(out_path, "PDF", resolution=dpi, creationDate=FIXED_DT.timetuple(), modDate=FIXED_DT.timetuple(),
                 producer="Scanner", title="")
    elif ext in (".jpg", ".jpeg"):
        img.convert("RGB").save(out_path, "JPEG", quality=88, dpi=(dpi, dpi))
    else:
        img.save(out_path, "PNG", dpi=(dpi, dpi))


class _GbkInfo(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's private hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def write_zip_gbk(path: str, members: list[tuple[str, bytes]]) -> None:
    """A zip as Windows' 'send to compressed folder' makes it: GBK member names, no UTF-8 flag."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            zi = _GbkInfo(name, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            z.writestr(zi, data)


# ---------------------------------------------------------------- junk and broken files

def lock_file(user: str = "Administrator") -> bytes:
    """Word's ~$ owner file: 162 bytes, the user name twice."""
    b = bytes([len(user)]) + user.encode("ascii")
    b = b.ljust(54, b"\x20")
    b += bytes([len(user), 0]) + user.encode("utf-16-le")
    return b.ljust(162, b"\x00")


def thumbs_db(rng) -> bytes:
    head = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + bytes.fromhex("3e000300feff0900")
    return head + bytes(rng.randrange(256) for _ in range(3072 - len(head)))


def truncated_docx(data: bytes) -> bytes:
    """Cut a docx in the middle of word/document.xml's compressed data (an interrupted download)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    info = z.getinfo("word/document.xml")
    cut = info.header_offset + 30 + len(info.filename.encode()) + info.compress_size // 2
    return data[:cut]
