"""PDF reader: pdfplumber pages -> Document (paragraphs in reading order, ruled tables as grids).

What a reader of a Chinese award form needs from a PDF, in order of importance:

- Ruled tables as grids with merged cells as spans. pdfplumber reports a merged cell as one cell
  bbox and leaves the positions it covers empty (``None``) in ``table.rows``; the grid is rebuilt
  from the union of all cell edges, so spans come out of the geometry, not from row counting.
- Text without layout wraps. A line that stops short of the right edge is a real break; a line
  that runs to the edge continues on the next one (unless that one is indented or set apart by a
  larger gap). This is applied to body text (lines -> paragraphs) and inside cells (wraps joined,
  real breaks kept as "\\n"), so a unit name wrapped in a narrow cell reads as one name.
- Tables continued on the next page stitched back into one, with a repeated header row dropped
  and a row split by the page break (a long write-up in one cell) folded back into one cell.
- Running headers/footers (page numbers, a title repeated on every page) set apart in
  ``Document.headers`` so they neither pollute the body nor break a table across a page.
- Pages without usable text (a scan; or a text layer of unmapped ``(cid:NN)`` glyphs, private-use
  or replacement characters) are rendered and OCR'd (``extractors.readers.ocr``); text pages of the
  same file are read as above. Without the OCR engine such pages read as before, with a warning.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any
from unicodedata import normalize as _normalize_unicode

import pdfplumber
from pdfminer import settings as pdfminer_settings
from pdfminer.layout import LTChar
from pdfminer.pdffont import LITERAL_STANDARD_ENCODING, PDFFont, PDFType1Font, Type1FontHeaderParser
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import int_value, stream_value
from pdfminer.psparser import literal_name
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import chars_to_textmap

try:  # what Page.process_object keeps of a pdfminer object; see _fast_char_objects
    from pdfplumber.page import ALL_ATTRS as _PLUMBER_ATTRS
    from pdfplumber.page import fix_fontname_bytes as _fix_fontname_bytes
except ImportError:  # pragma: no cover — another pdfplumber: its own conversion is used
    _PLUMBER_ATTRS = None

from extractors.models import Block, Cell, Document, Paragraph, Table
from extractors.readers import ReaderError, ReadOptions, short_reason
from extractors.text import is_wide

_log = logging.getLogger(__name__)

EDGE_TOLERANCE = 1.0  # pt: cell edges closer than this are the same grid line
STITCH_EDGE_TOLERANCE = 2.5  # pt: column lines of two table fragments that count as the same
STITCH_BOTTOM_FRACTION = 0.72  # a fragment continued on the next page ends below this (of height)
STITCH_TOP_FRACTION = 0.28  # ... and its continuation starts above this
HEADER_BAND = 0.075  # top/bottom share of the page where running headers/footers live (above a
# 72 pt body margin on A4 and Letter, so the first body line of a page never counts)
MAX_HEADER_ROWS = 3  # repeated header rows dropped from a continued table, at most
# Between CJK and Latin text, a gap (beyond the line's own spacing) narrower than this share of the font size is
# the typesetter's autospacing (0.2-0.25 em measured in LibreOffice's PDFs), not a typed space (0.32 em).
AUTOSPACE_EM = 0.28
LONG_CELL_CHARS = 100  # a cell this long, continued on the next page under a blank label, is one text
PITCH_BREAK_RATIO = 1.35  # a line pitch this much above the usual one starts a new paragraph
GARBAGE_SHARE = 0.5  # a text layer with at least this share of unusable characters is a scan's
SCAN_IMAGE_SHARE = 0.5  # a page an image covers this much of ...
SCAN_MAX_CHARS = 10  # ... with fewer characters than this (a stamped page number) is a scan

_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(第\s*)?\d+\s*(页)?\s*([/／]\s*\d+|共\s*\d+\s*页)?\s*(页)?[-—–－\s]*$"
    r"|^(page\s*)?\d+(\s*of\s*\d+)?$",
    re.IGNORECASE,
)
# Punctuation that may not start a line: it travels with the character before it when a CJK
# line wraps, so the first "unit" of a wrapped line is that character plus these.
_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—·,.;:?!)]}%")
_GARBAGE_CHAR = re.compile("[\ue000-\uf8ff\ufffd]")  # private-use or replacement character
_PLAIN_TYPES = frozenset((float, int, bool, str, type(None)))  # values resolve_all returns as they are


def read_pdf(data: bytes, options: ReadOptions | None = None) -> Document:
    """Read a PDF into a Document; raise ReaderError (Chinese reason) when it cannot be opened."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfplumber wraps every pdfminer failure in PdfminerException
        raise ReaderError(_open_failure_reason(e)) from e
    try:
        pdf.rsrcmgr = _FontManager()  # no page has been read yet: nothing is cached in the old one
        limit = options.max_table_pages if options else None
        if limit and len(pdf.pages) > limit:
            fast = _read_text_only(data)
            if fast is not None:
                return fast
            return _read_open_pdf(pdf, tables=False)
        return _read_open_pdf(pdf, data=data)
    except ReaderError:
        raise
    except Exception as e:  # noqa: BLE001 — a reader must never let anything else escape
        _log.exception("PDF reader failed")
        raise ReaderError(f"PDF 无法解析：{short_reason(e)}") from e
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: BLE001
            pass


# --------------------------------------------------------------------------- opening


def _read_text_only(data: bytes) -> Document | None:
    """Text lines of a long PDF through PDFium (pypdfium2, which pdfplumber already depends on).

    pdfminer builds an object per character; on long documents that is nearly all the time spent
    (a 50-page file: 25 s against 0.4 s here). Supporting material needs its text, headings and page
    count, not table geometry. None when PDFium cannot read the file: the caller falls back.
    """
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 — any refusal means: use the pdfminer path
        return None
    doc = Document(pages=len(pdf))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                if line.strip():
                    doc.blocks.append(Paragraph(text=line.strip()))
    except Exception as e:  # noqa: BLE001
        _log.warning("PDFium text extraction failed: %r", e)
        return None
    finally:
        pdf.close()
    if not doc.blocks:
        doc.warnings.append("PDF 没有可提取的文字（可能是扫描件）")
    return doc


def _open_failure_reason(e: BaseException) -> str:
    root = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
    name = type(root).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning") or (
        "Encryption" in name or "Password" in name
    ):
        return "PDF 已加密，需要密码才能打开"
    if name == "PDFTextExtractionNotAllowed":
        return "PDF 设置了禁止提取文字的权限"
    return f"PDF 文件已损坏或不完整：{short_reason(root)}"




# --------------------------------------------------------------------------- fonts


class _Type1Encoding(Mapping[int, str]):
    """The encoding in an embedded Type1 font program's header, parsed on the first look-up."""

    def __init__(self, header: bytes) -> None:
        self._header: bytes | None = header
        self._map: dict[int, str] = {}

    def _load(self) -> dict[int, str]:
        if self._header is not None:
            # pdfminer's own parse; if it raises, it raises on every look-up, as at load time before
            self._map = Type1FontHeaderParser(io.BytesIO(self._header)).get_encoding()
            self._header = None
        return self._map

    def __getitem__(self, cid: int) -> str:
        return self._load()[cid]

    def __iter__(self) -> Iterator[int]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


class _FontManager(PDFResourceManager):
    """pdfminer's resource manager, except that a Type1 font reads its embedded encoding lazily.

    For a Type1 font with an embedded font program and no /Encoding (LibreOffice embeds its CJK
    subsets so), pdfminer parses the program's header for the encoding when the font is loaded: a
    tenth of the time a page takes. That encoding is only looked up for a code the font's /ToUnicode
    map lacks, which LibreOffice's never does. The font is built as pdfminer builds it (with the
    /StandardEncoding it defaults to), then given the header's encoding, parsed on first look-up.
    """

    def get_font(self, objid: object, spec: Mapping[str, object]) -> PDFFont:
        if (objid and objid in self._cached_fonts) or not _lazy_type1(spec):
            return super().get_font(objid, spec)
        font = PDFType1Font(self, {**spec, "Encoding": LITERAL_STANDARD_ENCODING})
        if "FontFile" in font.descriptor:
            # what PDFType1Font.__init__ does next for a spec without /Encoding, less the parse
            font.fontfile = stream_value(font.descriptor.get("FontFile"))
            length1 = int_value(font.fontfile["Length1"])
            font.cid2unicode = _Type1Encoding(font.fontfile.get_data()[:length1])
        if objid and self.caching:
            self._cached_fonts[objid] = font
        return font


def _lazy_type1(spec: Mapping[str, object]) -> bool:
    """A font pdfminer builds as PDFType1Font from a spec without /Encoding (see _FontManager)."""
    if pdfminer_settings.STRICT or not isinstance(spec, dict) or "Encoding" in spec:
        return False
    return "Subtype" in spec and literal_name(spec["Subtype"]) in ("Type1", "MMType1")


# --------------------------------------------------------------------------- page model


@dataclass
class _Line:
    """One visual text line: its text, box, font size, and chars (for wrap decisions)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    chars: list[dict[str, Any]] = field(repr=False)
    page: int = 0


@dataclass
class _Fragment:
    """A table as found on one page, before stitching: a grid over explicit x edges."""

    x_edges: list[float]
    n_rows: int
    cells: list[Cell]
    top: float
    bottom: float
    page: int
    page_height: float
    # id(cell) -> (first line, last line, text-area left, right): to tell, at a page break,
    # whether a cell's text runs on into the same cell on the next page
    wraps: dict[int, tuple[_Line, _Line, float, float]] = field(default_factory=dict)


@dataclass
class _PageResult:
    width: float
    height: float
    lines: list[_Line]  # text outside tables, top to bottom
    tables: list[_Fragment]
    n_chars: int
    index: int = 0
    scanned: bool = False  # no usable text layer: OCR it
    ocr_blocks: list[Block] | None = None  # set when the page was OCR'd


def _read_open_pdf(pdf: Any, tables: bool = True, data: bytes | None = None) -> Document:
    doc = Document(pages=len(pdf.pages))
    results: list[_PageResult] = []
    failed = 0
    for index, page in enumerate(pdf.pages):
        try:
            _fast_char_objects(page)
            results.append(_read_page(page, index, tables))
        except Exception as e:  # noqa: BLE001 — one bad page must not lose the others
            failed += 1
            _log.warning("PDF page %d failed: %r", index + 1, e)
            doc.warnings.append(f"第{index + 1}页无法解析：{short_reason(e)}")
        finally:
            try:
                page.close()
            except Exception:  # noqa: BLE001
                pass
    if doc.pages and failed == doc.pages:
        raise ReaderError("PDF 文件已损坏：所有页面都无法解析")
    if not doc.pages:
        # pdfminer found no page tree it could follow (seen on scans and hand-made PDFs that a
        # viewer still shows); the caller sees it as an empty, text-less document.
        doc.warnings.append("PDF 中未找到页面（页面目录可能已损坏）")
    ocr_found = _ocr_scanned(data, results, doc) if data is not None else False
    if not ocr_found and not any(r.n_chars for r in results if r.ocr_blocks is None):
        doc.warnings.append("PDF 没有可提取的文字（可能是扫描件）")

    _split_running_lines(results, doc)
    _assemble(results, doc)
    return doc


def _fast_char_objects(page: Any) -> None:
    """Let ``page`` build its char dicts without pdfplumber's generic per-attribute work.

    ``Page.process_object`` passes every attribute of every pdfminer object through
    ``resolve_all`` and decodes the colour-space name char by char: on a text page that is a fifth
    of the read, for values that are plain floats and strings. This is the same method for chars
    (same keys in the same order, same values), with those steps skipped where they return their
    input unchanged; any other object (lines, rects, images, a subclass of LTChar) goes through
    pdfplumber's own method. A test compares the two on a real page.
    """
    original = getattr(page, "process_object", None)
    if _PLUMBER_ATTRS is None or original is None or hasattr(page, "_objects"):
        return
    attrs = _PLUMBER_ATTRS
    plain = _PLAIN_TYPES
    norm = page.pdf.unicode_norm
    page_number = page.page_number
    mb_x0, mb_top = page.mediabox[:2]
    height = page.height  # an uncropped page: its bbox is its mediabox and never changes
    doctop = page.initial_doctop
    decoded: dict[str, Any] = {}  # colour-space name -> resolve_and_decode(name)

    def process_object(obj: Any) -> dict[str, Any]:
        if type(obj) is not LTChar:
            return original(obj)
        attr: dict[str, Any] = {}
        for k, v in obj.__dict__.items():
            if k in attrs:
                t = type(v)
                if t in plain or (t is tuple and plain.issuperset(map(type, v))):
                    attr[k] = v  # resolve_all would return it (a tuple: an equal copy)
                else:
                    attr[k] = resolve_all(v)
        attr["object_type"] = "char"
        attr["page_number"] = page_number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                name = getattr(obj, cs).name
                if type(name) is not str:
                    attr[cs] = resolve_and_decode(name)
                    continue
                if name not in decoded:
                    decoded[name] = resolve_and_decode(name)
                attr[cs] = decoded[name]
        text = obj.get_text()
        attr["text"] = _normalize_unicode(norm, text) if norm is not None else text
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = _fix_fontname_bytes(attr["fontname"])
        if "y0" in attr:
            attr["top"] = (height - attr["y1"]) + mb_top
            attr["bottom"] = (height - attr["y0"]) + mb_top
            attr["doctop"] = doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr

    page.process_object = process_object


def _read_page(page: Any, index: int, tables: bool = True) -> _PageResult:
    page = _dedupe_chars(page)  # fake-bold CJK is drawn twice at (almost) the same spot
    chars = [c for c in page.chars if c.get("text", "").strip()]
    fragments: list[_Fragment] = []
    claimed: set[int] = set()
    for table in page.find_tables() if tables else ():
        frag = _fragment_from(table, chars, claimed, index, float(page.height))
        if frag is not None:
            fragments.append(frag)
    free = [c for i, c in enumerate(chars) if i not in claimed]
    lines = _lines_from_chars(free, index)
    fragments.sort(key=lambda f: f.top)
    result = _PageResult(float(page.width), float(page.height), lines, fragments, len(chars), index)
    result.scanned = _unusable_text(chars) or (len(chars) < SCAN_MAX_CHARS and _mostly_image(page))
    return result


def _unusable_text(chars: list[dict[str, Any]]) -> bool:
    """No text layer, or one that is not text: unmapped CIDs (``(cid:12)``, a CID font without a
    ToUnicode map), private-use characters (U+E000-U+F8FF) or replacement characters."""
    if not chars:
        return True
    bad = 0
    for c in chars:
        text = str(c.get("text", ""))
        if text.startswith("(cid:") or _GARBAGE_CHAR.search(text):
            bad += 1
    return bad >= GARBAGE_SHARE * len(chars)


def _mostly_image(page: Any) -> bool:
    area = float(page.width) * float(page.height) or 1.0
    covered = sum(
        max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
        for im in page.images
    )
    return covered >= SCAN_IMAGE_SHARE * area


def _ocr_scanned(data: bytes, results: list[_PageResult], doc: Document) -> bool:
    """OCR the pages without usable text; True when OCR found any text."""
    scanned = [r for r in results if r.scanned]
    if not scanned:
        return False
    from extractors.readers import ocr

    try:
        pages = ocr.ocr_pdf(data, [r.index for r in scanned])
    except ocr.OcrUnavailable as e:
        doc.warnings.append(str(e))
        return False
    except Exception as e:  # noqa: BLE001 — e.g. PDFium refuses a file pdfminer opened
        _log.warning("OCR of scanned PDF pages failed: %r", e)
        doc.warnings.append(f"扫描页文字识别失败：{short_reason(e)}")
        return False
    for r, page in zip(scanned, pages, strict=True):
        if page.error:
            doc.warnings.append(f"第{r.index + 1}页{page.error}")
            continue
        r.ocr_blocks, r.lines, r.tables = page.blocks, [], []
    ocr.finish_ocr(doc, [p for p in pages if not p.error])
    return any(p.scores for p in pages)


def _dedupe_chars(page: Any, tolerance: float = 1.0) -> Any:
    """``page.dedupe_chars()`` with the same rule, in O(n log n).

    pdfplumber 0.11 restores the original order with ``sorted(..., key=chars.index)``, which is
    quadratic: 35 s of a 38 s read on a 15-page, 58k-char PDF. The rule is the same: chars with the
    same text, font and size whose positions agree within ``tolerance`` are one, and the topmost,
    then leftmost, copy is kept.
    """
    chars = page.chars

    def key(c: dict[str, Any]) -> tuple[bool, str, str, float]:
        return bool(c.get("upright")), str(c.get("text")), str(c.get("fontname")), c.get("size") or 0.0

    keys = [key(c) for c in chars]  # computed once: sorting and grouping both need them
    keep: set[int] = set()
    by_key = sorted(range(len(chars)), key=keys.__getitem__)
    for _, indices in itertools.groupby(by_key, key=keys.__getitem__):
        group = [chars[i] for i in indices]
        if len(group) == 1 or _all_apart([c["doctop"] for c in group], tolerance):
            keep.update(map(id, group))  # every cluster below would hold one char
            continue
        for y_cluster in cluster_objects(group, itemgetter("doctop"), tolerance):
            if len(y_cluster) == 1 or _all_apart([c["x0"] for c in y_cluster], tolerance):
                keep.update(map(id, y_cluster))  # a character repeated on a line, not a copy
                continue
            for x_cluster in cluster_objects(y_cluster, itemgetter("x0"), tolerance):
                keep.add(id(min(x_cluster, key=itemgetter("doctop", "x0"))))
    if len(keep) == len(chars):
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in keep)


def _all_apart(values: list[float], tolerance: float) -> bool:
    """True when ``cluster_objects`` would put each value in a cluster of its own: no two of them
    chain within ``tolerance`` (the same comparison as ``cluster_list``). False when unsure (NaN)."""
    values = sorted(values)
    if any(v != v for v in values):
        return False
    return not any(b <= a + tolerance for a, b in zip(values, values[1:], strict=False))


def _lines_from_chars(chars: list[dict[str, Any]], page: int = 0) -> list[_Line]:
    if not chars:
        return []
    out: list[_Line] = []
    for d in chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True):
        line_chars = [c for c in d.get("chars", []) if c is not None]
        text = d["text"].strip()
        if not text or not line_chars:
            continue
        sizes = [float(c.get("size") or 0) or float(c["bottom"] - c["top"]) for c in line_chars]
        size = max(statistics.median(sizes), 1.0)
        out.append(
            _Line(
                text=_drop_autospace(text, line_chars, size),
                x0=float(d["x0"]),
                x1=float(d["x1"]),
                top=float(d["top"]),
                bottom=float(d["bottom"]),
                size=size,
                bold=all("bold" in str(c.get("fontname", "")).lower() for c in line_chars),
                chars=line_chars,
                page=page,
            )
        )
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


def _drop_autospace(text: str, chars: list[dict[str, Any]], size: float) -> str:
    """Remove the spaces the text layout put where a CJK character meets a Latin letter or a digit only
    because the typesetter spaced them apart (Asian/Latin autospacing: "超过 10万台" for "超过10万台").
    A typed space leaves a wider gap (``AUTOSPACE_EM``) and is kept, as is every space glyph the PDF holds."""
    if " " not in text:
        return text
    # A justified line spreads every character a little: what counts is the gap beyond the spacing of its
    # CJK characters.
    spread = [float(b["x0"]) - float(a["x1"]) for a, b in itertools.pairwise(chars)
              if _is_wide(a["text"]) and _is_wide(b["text"])]
    base = max(statistics.median(spread), 0.0) if spread else 0.0
    out: list[str] = []
    k = 0  # the char the next non-inserted character of ``text`` is
    for ch in text:
        if ch == " " and k < len(chars) and chars[k]["text"] != " ":
            a, b = chars[k - 1] if k else None, chars[k]
            if (a is not None and _is_wide(a["text"]) != _is_wide(b["text"])
                    and float(b["x0"]) - float(a["x1"]) - base < AUTOSPACE_EM * size):
                continue
        elif k < len(chars) and (ch != " " or chars[k]["text"] == " "):
            k += 1
        out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- tables


def _cluster_edges(values: list[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    """Sorted distinct grid lines: values within ``tolerance`` of a group's first are one line."""
    edges: list[list[float]] = []
    for v in sorted(values):
        if edges and v - edges[-1][0] <= tolerance:
            edges[-1].append(v)
        else:
            edges.append([v])
    return [sum(g) / len(g) for g in edges]


def _nearest(edges: list[float], v: float) -> int:
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def _fragment_from(
    table: Any, chars: list[dict[str, Any]], claimed: set[int], page: int, page_height: float
) -> _Fragment | None:
    bboxes = [tuple(map(float, b)) for b in table.cells if b is not None]
    if not bboxes:
        return None
    xs = _cluster_edges([b[0] for b in bboxes] + [b[2] for b in bboxes])
    ys = _cluster_edges([b[1] for b in bboxes] + [b[3] for b in bboxes])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1 or (n_rows == 1 and n_cols == 1):
        # A lone box (a frame round a paragraph, a page border) is not a grid: its text stays in
        # the flow, where wraps and paragraphs are handled like any other text.
        return None

    grid: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    placed: list[tuple[int, int, int, int, tuple[float, float, float, float]]] = []
    for b in sorted(bboxes, key=lambda b: (b[1], b[0])):
        r0, r1 = _nearest(ys, b[1]), _nearest(ys, b[3])
        c0, c1 = _nearest(xs, b[0]), _nearest(xs, b[2])
        if r1 <= r0 or c1 <= c0:
            continue  # a sliver thinner than the edge tolerance
        if any(grid[r][c] is not None for r in range(r0, r1) for c in range(c0, c1)):
            continue  # overlapping boxes: the first one found keeps the positions
        for r in range(r0, r1):
            for c in range(c0, c1):
                grid[r][c] = len(placed)
        placed.append((r0, c0, r1 - r0, c1 - c0, b))

    cell_chars: list[list[dict[str, Any]]] = [[] for _ in placed]
    left, top, right, bottom = xs[0], ys[0], xs[-1], ys[-1]
    for i, ch in enumerate(chars):
        if i in claimed:
            continue
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (left <= cx <= right and top <= cy <= bottom):
            continue
        r = min(max(bisect_right(ys, cy) - 1, 0), n_rows - 1)
        c = min(max(bisect_right(xs, cx) - 1, 0), n_cols - 1)
        owner = grid[r][c]
        if owner is not None:
            cell_chars[owner].append(ch)
            claimed.add(i)

    cells: list[Cell] = []
    wraps: dict[int, tuple[_Line, _Line, float, float]] = {}
    for (r0, c0, rs, cs, b), own in zip(placed, cell_chars, strict=True):
        text, wrap = _cell_text(own, b, page)
        cell = Cell(row=r0, col=c0, text=text, rowspan=rs, colspan=cs)
        cells.append(cell)
        if wrap is not None:
            wraps[id(cell)] = wrap
    cells.sort(key=lambda c: (c.row, c.col))
    return _Fragment(xs, n_rows, cells, top, bottom, page, page_height, wraps)


def _cell_text(
    chars: list[dict[str, Any]], bbox: tuple[float, float, float, float], page: int
) -> tuple[str, tuple[_Line, _Line, float, float] | None]:
    lines = _lines_from_chars(chars, page)
    if not lines:
        return "", None
    # Cell padding is symmetric: the left offset of the leftmost line also holds on the right. It
    # is capped so that a right-aligned cell does not squeeze the text area to nothing.
    pad = min(max(min(ln.x0 for ln in lines) - bbox[0], 0.0), 0.4 * (bbox[2] - bbox[0]))
    left, right = bbox[0] + pad, bbox[2] - pad
    limit = _pitch_limit(_median_pitch([lines]))
    text = lines[0].text
    for prev, nxt in zip(lines, lines[1:], strict=False):
        if _continues(prev, nxt, left, right, limit):
            text = _join(text, nxt.text)
        else:
            text += "\n" + nxt.text
    return text.strip(), (lines[0], lines[-1], left, right)


# --------------------------------------------------------------------------- wraps and paragraphs


def _is_wide(text: str) -> bool:
    """True for CJK ideographs and full-width forms (judged by the first character of ``text``)."""
    # a pdfminer "char" can be a ligature or "(cid:123)"
    return bool(text) and is_wide(text[0])


def _join(a: str, b: str) -> str:
    """Join a wrapped line to the text before it: no space around CJK, one between words."""
    if not a or not b or _is_wide(a[-1]) or _is_wide(b[0]) or a.endswith("-"):
        return a + b
    return a + " " + b


def _first_unit_width(line: _Line) -> tuple[float, bool]:
    """Width of what a line-breaker would have had to fit on the line above, and if it is a word.

    For CJK that is the first character plus any punctuation that may not start a line; for
    Latin text or digits, the first word.
    """
    chars = line.chars
    first = chars[0]["text"]
    end = 0
    if _is_wide(first):
        while end + 1 < len(chars) and chars[end + 1]["text"] in _NO_LINE_START:
            end += 1
        return chars[end]["x1"] - chars[0]["x0"], False
    while (
        end + 1 < len(chars)
        and not _is_wide(chars[end + 1]["text"])
        and chars[end + 1]["x0"] - chars[end]["x1"] < 0.2 * line.size
    ):
        end += 1
    return chars[end]["x1"] - chars[0]["x0"], True


def _soft_wrap(prev: _Line, nxt: _Line, left: float, right: float) -> bool:
    """True when ``nxt``'s first unit would not have fit after ``prev``: the break was a wrap."""
    room = right - prev.x1
    width, is_word = _first_unit_width(nxt)
    if is_word:
        width += 0.25 * prev.size  # the space before the word
    return room < width + 0.3 * prev.size


def _indented(line: _Line, left: float, right: float) -> bool:
    """A first-line indent (not a centred line, which also starts right of the margin)."""
    indent = line.x0 - left
    centred = abs((line.x0 + line.x1) / 2 - (left + right) / 2) < line.size
    return indent >= 1.2 * line.size and not centred


def _median_pitch(groups: list[list[_Line]]) -> float | None:
    pitches = [
        b.top - a.top
        for lines in groups
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < b.top - a.top < 3 * max(a.size, b.size)
    ]
    return statistics.median(pitches) if pitches else None


def _pitch_limit(median: float | None) -> float | None:
    return PITCH_BREAK_RATIO * median + 1.0 if median else None


def _continues(prev: _Line, nxt: _Line, left: float, right: float, pitch_limit: float | None) -> bool:
    if abs(prev.size - nxt.size) > 0.15 * max(prev.size, nxt.size) or prev.bold != nxt.bold:
        return False
    if prev.page == nxt.page:
        pitch = nxt.top - prev.top
        if pitch <= 0:
            return False
        limit = pitch_limit if pitch_limit is not None else 2.2 * prev.size
        if pitch > limit:
            return False
    return _soft_wrap(prev, nxt, left, right) and not _indented(nxt, left, right)


# --------------------------------------------------------------------------- running headers/footers


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _split_running_lines(results: list[_PageResult], doc: Document) -> None:
    """Move page numbers and lines repeated in the top/bottom band of the pages to doc.headers."""

    def band(r: _PageResult, ln: _Line) -> str:
        if ln.bottom <= r.height * HEADER_BAND:
            return "header"
        if ln.top >= r.height * (1 - HEADER_BAND):
            return "footer"
        return ""

    seen: dict[tuple[str, str], set[int]] = {}
    for i, r in enumerate(results):
        for ln in r.lines:
            where = band(r, ln)
            if where:
                seen.setdefault((where, _running_key(ln.text)), set()).add(i)

    for i, r in enumerate(results):
        keep: list[_Line] = []
        for ln in r.lines:
            where = band(r, ln)
            repeated = len(seen.get((where, _running_key(ln.text)), ())) >= 2
            if where and (repeated or _PAGE_NUMBER.match(ln.text.strip())):
                doc.headers.append(Paragraph(text=ln.text, bold=ln.bold, part=where))
            else:
                keep.append(ln)
        results[i].lines = keep


# --------------------------------------------------------------------------- assembly


def _assemble(results: list[_PageResult], doc: Document) -> None:
    left, right = _margins(results, [ln for r in results for ln in r.lines])
    pitch_limit = _pitch_limit(_median_pitch([r.lines for r in results]))

    current: list[_Line] = []
    # The last block when it is a table: its fragment (grown by stitching) and its Table block.
    open_table: tuple[_Fragment, Table] | None = None

    def flush() -> None:
        if current:
            doc.blocks.append(Paragraph(text=_paragraph_text(current), bold=all(ln.bold for ln in current)))
            current.clear()

    for page_index, r in enumerate(results):
        if r.ocr_blocks is not None:
            flush()
            for b in r.ocr_blocks:
                (doc.headers if isinstance(b, Paragraph) and b.part != "body" else doc.blocks).append(b)
            open_table = None
            continue
        items: list[tuple[float, int, _Line | _Fragment]] = [(ln.top, 1, ln) for ln in r.lines]
        items += [(f.top, 0, f) for f in r.tables]
        items.sort(key=lambda t: (t[0], t[1]))
        for position, (_, _, item) in enumerate(items):
            if isinstance(item, _Line):
                if not (current and _continues(current[-1], item, left, right, pitch_limit)):
                    flush()
                current.append(item)
                open_table = None
                continue
            flush()
            if (
                position == 0
                and open_table is not None
                and open_table[0].page == page_index - 1
                and _stitch(open_table[0], item)
            ):
                acc, table = open_table
                table.n_rows, table.n_cols, table.cells = acc.n_rows, len(acc.x_edges) - 1, acc.cells
            else:
                table = Table(n_rows=item.n_rows, n_cols=len(item.x_edges) - 1, cells=item.cells)
                doc.blocks.append(table)
                open_table = (item, table)
        if open_table is not None and open_table[0].page != page_index:
            open_table = None  # a page without a table in between: nothing to continue
    flush()


def _stitch(acc: _Fragment, frag: _Fragment) -> bool:
    """Append ``frag`` (top of a page) to ``acc`` (bottom of the page before) if it continues it."""
    if acc.bottom < STITCH_BOTTOM_FRACTION * acc.page_height:
        return False
    if frag.top > STITCH_TOP_FRACTION * frag.page_height:
        return False
    edges = _common_edges(acc.x_edges, frag.x_edges)
    if edges is None:
        return False
    _regrid(acc, edges)
    _regrid(frag, edges)
    skip = _repeated_header_rows(acc.cells, frag.cells)
    offset = acc.n_rows - skip
    if skip < frag.n_rows and _continue_split_row(acc, frag, skip):
        offset -= 1  # the first row on the new page was the rest of the last row
        skip += 1
    for c in frag.cells:
        if c.row >= skip:
            c.row += offset
            acc.cells.append(c)
            if id(c) in frag.wraps:
                acc.wraps[id(c)] = frag.wraps[id(c)]
    acc.n_rows = offset + frag.n_rows
    acc.bottom, acc.page, acc.page_height = frag.bottom, frag.page, frag.page_height
    return True


def _continue_split_row(acc: _Fragment, frag: _Fragment, first: int) -> bool:
    """Fold row ``first`` of ``frag`` into the last row of ``acc`` if it is that row, split by the
    page break (Word lets a row break across pages; a long write-up in one cell does).

    It is taken as the rest of the row when the two rows have the same cells, left to right, and
    every filled cell on the new page continues a wrapped line of the cell above it: a new row
    ("4", "维修班") starts after lines that stopped short, so it is never folded in.
    """
    last = acc.n_rows - 1
    above = {c.col: c for c in acc.cells if c.row <= last < c.row + c.rowspan}
    below = [c for c in frag.cells if c.row == first]
    if not below or any(c.rowspan != 1 for c in below):
        return False
    if sorted((c.col, c.colspan) for c in above.values()) != sorted((c.col, c.colspan) for c in below):
        return False
    filled = [c for c in below if c.text]
    if not filled:
        return False
    if all(_wrapped_on(acc, frag, above[c.col], c) for c in filled):
        joint = _join
    elif _long_text_continued(above, below):
        joint = _new_paragraph  # the page broke between two paragraphs of the cell
    else:
        return False
    for c in filled:
        prev = above[c.col]
        prev.text = joint(prev.text, c.text)
        if id(prev) in acc.wraps and id(c) in frag.wraps:
            acc.wraps[id(prev)] = (acc.wraps[id(prev)][0], frag.wraps[id(c)][1], *acc.wraps[id(prev)][2:])
    frag.cells = [c for c in frag.cells if c.row != first]
    return True


def _wrapped_on(acc: _Fragment, frag: _Fragment, prev: Cell, c: Cell) -> bool:
    """``c`` starts on the next page with the rest of a line wrapped from ``prev``."""
    a, b = acc.wraps.get(id(prev)), frag.wraps.get(id(c))
    return bool(prev.text) and a is not None and b is not None and _continues(a[1], b[0], a[2], a[3], None)


def _long_text_continued(above: dict[int, Cell], below: list[Cell]) -> bool:
    """A row whose label cell is blank on the new page and whose filled cells each continue a long text
    above them: the rest of a long write-up cell (a page break between two of its paragraphs). A new row
    has its own label, and the cells of a list (汇总表) are short."""
    blank_label = any(not c.text and above[c.col].text for c in below)
    return blank_label and all(above[c.col].text and len(above[c.col].text) >= LONG_CELL_CHARS
                               for c in below if c.text)


def _new_paragraph(a: str, b: str) -> str:
    return f"{a}\n{b}"


def _common_edges(a: list[float], b: list[float]) -> list[float] | None:
    """The column lines of two fragments of one table, or None if they cannot be one table.

    The outer edges must agree, and one fragment's lines must all be lines of the other: a page
    whose rows merge some columns still continues the table above it.
    """
    tol = STITCH_EDGE_TOLERANCE
    if abs(a[0] - b[0]) > tol or abs(a[-1] - b[-1]) > tol:
        return None

    def within(small: list[float], big: list[float]) -> bool:
        return all(abs(big[_nearest(big, v)] - v) <= tol for v in small)

    if within(b, a):
        return a
    if within(a, b):
        return b
    return None


def _regrid(frag: _Fragment, edges: list[float]) -> None:
    if frag.x_edges is edges:
        return
    old = frag.x_edges
    for c in frag.cells:
        c0 = _nearest(edges, old[c.col])
        c1 = _nearest(edges, old[c.col + c.colspan])
        c.col, c.colspan = c0, max(c1 - c0, 1)
    frag.x_edges = edges


def _repeated_header_rows(first: list[Cell], cont: list[Cell]) -> int:
    """How many leading rows of a continuation repeat the table's leading rows (0 if none)."""

    def block(cells: list[Cell], k: int) -> list[tuple[int, int, int, int, str]] | None:
        rows = [c for c in cells if c.row < k]
        if any(c.row + c.rowspan > k for c in rows) or not any(c.text for c in rows):
            return None
        return sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in rows)

    for k in range(MAX_HEADER_ROWS, 0, -1):
        head = block(first, k)
        if head is not None and head == block(cont, k):
            return k
    return 0


def _margins(results: list[_PageResult], lines: list[_Line]) -> tuple[float, float]:
    """Left and right edges of the body text: robust to a stray line in the margin."""
    if not lines:
        return 0.0, max((r.width for r in results), default=0.0)
    x0s = sorted(ln.x0 for ln in lines)
    x1s = sorted(ln.x1 for ln in lines)
    left = x0s[len(x0s) // 10]
    right = x1s[min(len(x1s) - 1, (len(x1s) * 9) // 10)]
    width = statistics.median(r.width for r in results)
    # symmetric margins: a page of short lines still knows where the right margin is
    return left, max(right, width - left)


def _paragraph_text(lines: list[_Line]) -> str:
    text = lines[0].text
    for ln in lines[1:]:
        text = _join(text, ln.text)
    return text


def _as_table(f: _Fragment) -> Table:
    return Table(n_rows=f.n_rows, n_cols=len(f.x_edges) - 1, cells=list(f.cells))
