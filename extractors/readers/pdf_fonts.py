"""Faster ways through pdfminer and pdfplumber for the PDF reader (``extractors.readers.pdf``).

Each gives what the library's own way gives, with work skipped that does not change the result: a
resource manager whose Type1 fonts parse their embedded encoding on first look-up (``FontManager``),
char dicts built without pdfplumber's generic per-attribute conversion (``fast_char_objects``), and
``page.dedupe_chars()`` in O(n log n) (``dedupe_chars``). A test compares the first two with the
library's own.

Imports pdfminer and pdfplumber only; never ``extractors.readers.pdf`` or ``pdf_layout``.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator, Mapping
from operator import itemgetter
from typing import Any
from unicodedata import normalize as _normalize_unicode

from pdfminer import settings as pdfminer_settings
from pdfminer.layout import LTChar
from pdfminer.pdffont import LITERAL_STANDARD_ENCODING, PDFFont, PDFType1Font, Type1FontHeaderParser
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import int_value, stream_value
from pdfminer.psparser import literal_name
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.clustering import cluster_objects

try:  # what Page.process_object keeps of a pdfminer object; see fast_char_objects
    from pdfplumber.page import ALL_ATTRS as _PLUMBER_ATTRS
    from pdfplumber.page import fix_fontname_bytes as _fix_fontname_bytes
except ImportError:  # pragma: no cover — another pdfplumber: its own conversion is used
    _PLUMBER_ATTRS = None

_PLAIN_TYPES = frozenset((float, int, bool, str, type(None)))  # values resolve_all returns as they are


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


class FontManager(PDFResourceManager):
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
    """A font pdfminer builds as PDFType1Font from a spec without /Encoding (see FontManager)."""
    if pdfminer_settings.STRICT or not isinstance(spec, dict) or "Encoding" in spec:
        return False
    return "Subtype" in spec and literal_name(spec["Subtype"]) in ("Type1", "MMType1")


# --------------------------------------------------------------------------- chars


def fast_char_objects(page: Any) -> None:
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


def dedupe_chars(page: Any, tolerance: float = 1.0) -> Any:
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
