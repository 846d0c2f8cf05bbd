"""Word .docx reader: the package's main part and its headers/footers parsed directly with lxml.

python-docx builds its object model from every part of the package (styles, theme, numbering,
settings…), nine times the work of reading the parts we need (53 ms against 6 ms a form here);
the vocabulary we read goes beyond its API anyway. python-docx stays the tool for writing fixtures
and samples. The parser never resolves entities or fetches anything.

Handled: content controls (block, row, cell and inline ``w:sdt``),
``w14:checkbox`` states, ``w:sym`` symbols (Wingdings checkboxes), text boxes (``mc:Choice`` only,
so the ``mc:Fallback`` VML copy is not read twice), tracked insertions kept and deletions dropped,
merged cells (``w:gridSpan``, ``w:vMerge``, ``w:gridBefore``), nested tables, headers/footers kept
apart from the body.
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
import zlib

from lxml import etree

from extractors.models import Cell, Document, Paragraph, Table
from extractors.readers import ReaderError, ReadOptions, damaged, has_dtd, short_reason

_log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


T, TAB, BR, CR, SYM = (_q(W, x) for x in ("t", "tab", "br", "cr", "sym"))
P, R, TBL, TR, TC, SDT, SDTCONTENT, SDTPR = (_q(W, x) for x in ("p", "r", "tbl", "tr", "tc", "sdt", "sdtContent", "sdtPr"))
DEL, MOVEFROM, INSTR, DELTEXT, TXBX = (_q(W, x) for x in ("del", "moveFrom", "instrText", "delText", "txbxContent"))
NOBREAKHYPHEN, PPR, RPR, TBLPR, TRPR, TCPR = (_q(W, x) for x in ("noBreakHyphen", "pPr", "rPr", "tblPr", "trPr", "tcPr"))
CUSTOMXML, SMARTTAG, HYPERLINK, FLDSIMPLE = (_q(W, x) for x in ("customXml", "smartTag", "hyperlink", "fldSimple"))
ALTCONTENT, CHOICE, FALLBACK = (_q(MC, x) for x in ("AlternateContent", "Choice", "Fallback"))
W14_CHECKBOX, W14_CHECKED = _q(W14, "checkbox"), _q(W14, "checked")
VAL = _q(W, "val")
FLDCHAR = _q(W, "fldChar")

# Elements whose text is never document content.
_SKIP = {DEL, MOVEFROM, INSTR, DELTEXT, FALLBACK, PPR, RPR, TBLPR, TRPR, TCPR, SDTPR}
_CONTAINERS = {SDT, SDTCONTENT, CUSTOMXML, SMARTTAG}


class _Walker:
    """Collects text from a subtree; text boxes met on the way are gathered separately."""

    def __init__(self) -> None:
        self.textboxes: list[Paragraph] = []

    def run_text(self, el: etree._Element) -> str:
        parts: list[str] = []
        self._collect(el, parts)
        return "".join(parts)

    def _collect(self, el: etree._Element, out: list[str]) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == T:
            out.append(el.text or "")
            return
        if tag == TAB:
            out.append("\t")
            return
        if tag in (BR, CR):
            out.append("\n")
            return
        if tag == NOBREAKHYPHEN:
            out.append("-")
            return
        if tag == SYM:
            code = el.get(_q(W, "char"), "")
            try:
                out.append(chr(int(code, 16)))
            except ValueError:
                pass
            return
        if tag == FLDCHAR:
            state = _legacy_checkbox_state(el)
            if state is not None:
                out.append("☑" if state else "☐")
            return
        if tag == SDT:
            state = _checkbox_state(el)
            if state is not None:
                out.append("☑" if state else "☐")
                return
        if tag == ALTCONTENT:
            choice = el.find(CHOICE)
            if choice is not None:
                self._collect(choice, out)
            return
        if tag == TXBX:
            for p in el.iter(P):
                if p.getparent() is not None and _nearest_txbx(p) is el:
                    text = _Walker().run_text(p).strip()
                    if text:
                        self.textboxes.append(Paragraph(text=text, part="textbox"))
            return
        for child in el:
            self._collect(child, out)


def _nearest_txbx(p: etree._Element) -> etree._Element | None:
    for anc in p.iterancestors():
        if anc.tag == TXBX:
            return anc
    return None


def _checkbox_state(sdt: etree._Element) -> bool | None:
    pr = sdt.find(SDTPR)
    if pr is None:
        return None
    box = pr.find(W14_CHECKBOX)
    if box is None:
        return None
    checked = box.find(W14_CHECKED)
    return checked is not None and checked.get(_q(W14, "val"), "1") in ("1", "true")


def _legacy_checkbox_state(fld: etree._Element) -> bool | None:
    """A legacy form-field checkbox: w:fldChar/w:ffData/w:checkBox, w:checked overriding w:default."""
    box = fld.find(f"{_q(W, 'ffData')}/{_q(W, 'checkBox')}")
    if box is None:
        return None
    for tag in ("checked", "default"):
        el = box.find(_q(W, tag))
        if el is not None:
            return el.get(VAL, "1") not in ("0", "false")
    return False


def _para_meta(p: etree._Element) -> tuple[str, bool]:
    style = ""
    ppr = p.find(PPR)
    if ppr is not None:
        ps = ppr.find(_q(W, "pStyle"))
        if ps is not None:
            style = ps.get(VAL, "")
    runs = [r for r in p.iter(R) if "".join(t.text or "" for t in r.iter(T)).strip()]
    bold = bool(runs) and all(_run_bold(r) for r in runs)
    return style, bold


def _run_bold(r: etree._Element) -> bool:
    rpr = r.find(RPR)
    if rpr is None:
        return False
    b = rpr.find(_q(W, "b"))
    return b is not None and b.get(VAL, "1") not in ("0", "false")


def _paragraph(p: etree._Element, part: str) -> list[Paragraph]:
    w = _Walker()
    text = w.run_text(p)
    style, bold = _para_meta(p)
    out = [Paragraph(text=text.strip(), style=style, bold=bold, part=part)]
    out.extend(w.textboxes)
    return out


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Children with ``tag`` (w:tr of a table, w:tc of a row), looking through content controls."""
    out = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif child.tag in _CONTAINERS:
            out.extend(_children(child, tag))
    return out


# Word tables have at most 63 columns; a larger span or offset is damage, and taken at face value it
# would make the table grid billions of cells wide.
MAX_GRID_COLS = 63


def _int_attr(parent: etree._Element | None, path: str, default: int) -> int:
    if parent is None:
        return default
    el = parent.find(path)
    if el is None:
        return default
    try:
        return int(el.get(VAL, default))
    except (TypeError, ValueError):
        return default


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    for blk in _block_children(tc):
        if blk.tag == P:
            lines.extend(p.text for p in _paragraph(blk, "body"))
        elif blk.tag == TBL:
            for row in _table(blk).rows_text():
                joined = " ".join(x for x in row if x)
                if joined:
                    lines.append(joined)
    return "\n".join(ln for ln in lines if ln.strip()).strip()


def _table(tbl: etree._Element) -> Table:
    cells: list[Cell] = []
    # (col) -> cell currently open for vertical merge in that column
    open_v: dict[int, Cell] = {}
    n_cols = 0
    rows = _children(tbl, TR)
    for r, tr in enumerate(rows):
        col = min(max(0, _int_attr(tr.find(TRPR), _q(W, "gridBefore"), 0)), MAX_GRID_COLS)
        for tc in _children(tr, TC):
            tcpr = tc.find(TCPR)
            span = min(max(1, _int_attr(tcpr, _q(W, "gridSpan"), 1)), MAX_GRID_COLS)
            vm = tcpr.find(_q(W, "vMerge")) if tcpr is not None else None
            is_continue = vm is not None and vm.get(VAL, "continue") == "continue"
            above = open_v.get(col)
            if is_continue and above is not None and above.colspan == span:
                above.rowspan = r - above.row + 1
                extra = _cell_text(tc)
                if extra:  # text typed into a continuation cell is still content
                    above.text = f"{above.text}\n{extra}".strip()
            else:
                cell = Cell(row=r, col=col, text=_cell_text(tc), colspan=span)
                cells.append(cell)
                for k in range(col, col + span):
                    open_v.pop(k, None)
                open_v[col] = cell
            col += span
        n_cols = max(n_cols, col)
    return Table(n_rows=len(rows), n_cols=n_cols, cells=cells)


def _block_children(parent: etree._Element):
    """Block-level p/tbl elements in order, looking through content controls and customXml."""
    for child in parent:
        if child.tag in (P, TBL):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _block_children(child)
        elif child.tag == ALTCONTENT:
            choice = child.find(CHOICE)
            if choice is not None:
                yield from _block_children(choice)


PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# What reading a damaged member raises: bad CRC or header (BadZipFile), a broken deflate stream
# (zlib.error), an unsupported compression method (NotImplementedError), a member flagged as
# encrypted (RuntimeError).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


UNSAFE_XML = "Word 文件内部含有可能有害的内容，为安全起见未读取；请打开后另存一份再提交"


def _safe(raw: bytes) -> bytes:
    """A part with a DTD is refused before parsing (entities are never expanded either)."""
    if has_dtd(raw):
        raise ReaderError(UNSAFE_XML)
    return raw


def _part_xml(z: zipfile.ZipFile, name: str) -> etree._Element:
    raw = _safe(z.read(name)).replace(STRICT_W.encode(), W.encode())  # Strict OOXML: same words, other ns
    return etree.fromstring(raw, _PARSER)


def _relationships(z: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, part name) for each internal relationship of ``part`` ("" for the package itself)."""
    folder, _, base = part.rpartition("/")
    rels_name = f"{folder + '/' if folder else ''}_rels/{base}.rels"
    try:
        root = etree.fromstring(_safe(z.read(rels_name)), _PARSER)
    except (KeyError, etree.XMLSyntaxError, *_ZIP_ERRORS):  # damaged counts as missing
        return []
    out = []
    for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Type", ""), name))
    return out


MAX_BODY_XML = 64 * 1024 * 1024  # a form's or a case's document.xml is well under 1 MB


def _xml_reason(e: etree.XMLSyntaxError) -> str:
    """Why the body's XML could not be parsed, in Chinese (libxml2's own words only where they say something)."""
    msg = (e.msg or "").strip()
    if "huge" in msg.lower():
        return "Word 文件正文中有过大的文字段（超过 10 MB），不像是填写的表格或案例，请检查文件后重新提交"
    if not msg or msg.lower().startswith("unknown error"):
        return "Word 文件内容（XML）已损坏"
    return f"Word 文件内容（XML）已损坏（第 {e.lineno} 行附近）" if e.lineno else "Word 文件内容（XML）已损坏"


def read_docx(data: bytes, options: ReadOptions | None = None) -> Document:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
    except zipfile.BadZipFile as e:
        raise ReaderError("Word 文件已损坏或不完整（不是有效的 .docx 压缩包）", detail=short_reason(e)) from e
    main = next((n for t, n in _relationships(z, "") if t.endswith("/officeDocument") and n in names), None)
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"  # a package without its relationships part still has its body
    if main is None:
        raise ReaderError("不是有效的 Word 文档（找不到正文部分）")
    size = z.getinfo(main).file_size if main in names else 0
    if size > MAX_BODY_XML:
        raise ReaderError(f"Word 文件正文过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_BODY_XML // 1024 // 1024} MB），"
                          "不像是填写的表格或案例，请检查文件后重新提交")
    try:
        root = _part_xml(z, main)
    except etree.XMLSyntaxError as e:
        raise ReaderError(_xml_reason(e), detail=short_reason(e)) from e
    except (KeyError, *_ZIP_ERRORS) as e:
        raise damaged("Word 文件已损坏或不完整", e) from e
    doc = Document()
    body = root.find(_q(W, "body"))
    if body is None:
        raise ReaderError("不是有效的 Word 文档（正文部分没有内容结构）")
    _read_body(body, doc.blocks)
    for rel_type, name in _relationships(z, main):
        kind = rel_type.rsplit("/", 1)[-1]
        if kind not in ("header", "footer"):
            continue
        try:
            el = _part_xml(z, name)
        except (KeyError, etree.XMLSyntaxError, *_ZIP_ERRORS):
            doc.warnings.append(f"页眉/页脚部分（{name}）缺失或已损坏，已跳过")
            continue
        for blk in _block_children(el):
            if blk.tag == P:
                doc.headers.extend(p for p in _paragraph(blk, kind) if p.text)
    return doc


def _read_body(body: etree._Element, blocks: list) -> None:
    for blk in _block_children(body):
        if blk.tag == P:
            blocks.extend(_paragraph(blk, "body"))
        else:
            t = _table(blk)
            if t.cells:
                blocks.append(t)
