"""Layout for the PDF reader (``extractors.readers.pdf``): a page's chars and table cells -> Document blocks.

Holds the page model (``PageResult``, ``Fragment``, lines), text lines from chars (typesetter's CJK/Latin
autospacing removed), table fragments from pdfplumber's cell boxes, layout wraps joined into paragraphs
and cell texts, running headers/footers set apart (``split_running_lines``), and the pages assembled in
reading order with tables stitched across page breaks (``assemble``). It opens no file.

Imports pdfplumber's text utilities, ``extractors.models`` and ``extractors.text`` only; never
``extractors.readers.pdf`` or ``pdf_fonts``.
"""

from __future__ import annotations

import itertools
import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.utils.text import chars_to_textmap

from extractors.models import Block, Cell, Document, Paragraph, Table
from extractors.text import is_wide

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

_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(第\s*)?\d+\s*(页)?\s*([/／]\s*\d+|共\s*\d+\s*页)?\s*(页)?[-—–－\s]*$"
    r"|^(page\s*)?\d+(\s*of\s*\d+)?$",
    re.IGNORECASE,
)
# Punctuation that may not start a line: it travels with the character before it when a CJK
# line wraps, so the first "unit" of a wrapped line is that character plus these.
_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—·,.;:?!)]}%")


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
class Fragment:
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
class PageResult:
    width: float
    height: float
    lines: list[_Line]  # text outside tables, top to bottom
    tables: list[Fragment]
    n_chars: int
    index: int = 0
    scanned: bool = False  # no usable text layer: OCR it
    ocr_blocks: list[Block] | None = None  # set when the page was OCR'd


def lines_from_chars(chars: list[dict[str, Any]], page: int = 0) -> list[_Line]:
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


def fragment_from(
    table: Any, chars: list[dict[str, Any]], claimed: set[int], page: int, page_height: float
) -> Fragment | None:
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
    return Fragment(xs, n_rows, cells, top, bottom, page, page_height, wraps)


def _cell_text(
    chars: list[dict[str, Any]], bbox: tuple[float, float, float, float], page: int
) -> tuple[str, tuple[_Line, _Line, float, float] | None]:
    lines = lines_from_chars(chars, page)
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


def split_running_lines(results: list[PageResult], doc: Document) -> None:
    """Move page numbers and lines repeated in the top/bottom band of the pages to doc.headers."""

    def band(r: PageResult, ln: _Line) -> str:
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


def assemble(results: list[PageResult], doc: Document) -> None:
    left, right = _margins(results, [ln for r in results for ln in r.lines])
    pitch_limit = _pitch_limit(_median_pitch([r.lines for r in results]))

    current: list[_Line] = []
    # The last block when it is a table: its fragment (grown by stitching) and its Table block.
    open_table: tuple[Fragment, Table] | None = None

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
        items: list[tuple[float, int, _Line | Fragment]] = [(ln.top, 1, ln) for ln in r.lines]
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


def _stitch(acc: Fragment, frag: Fragment) -> bool:
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


def _continue_split_row(acc: Fragment, frag: Fragment, first: int) -> bool:
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


def _wrapped_on(acc: Fragment, frag: Fragment, prev: Cell, c: Cell) -> bool:
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


def _regrid(frag: Fragment, edges: list[float]) -> None:
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


def _margins(results: list[PageResult], lines: list[_Line]) -> tuple[float, float]:
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


def _as_table(f: Fragment) -> Table:
    return Table(n_rows=f.n_rows, n_cols=len(f.x_edges) - 1, cells=list(f.cells))
