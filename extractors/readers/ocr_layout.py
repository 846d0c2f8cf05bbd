"""Recognised text on an OCR'd page: the ``Piece`` the recogniser read, and how pieces become text.

Pieces are grouped into visual lines (vertical overlap), top to bottom, left to right. Inside a cell a
line that runs to the cell's edge wraps into the next (as the PDF reader joins wraps), other line breaks
are kept as "\\n"; outside the tables lines are joined into paragraphs where they wrap at the right
margin, and page numbers in the top/bottom band are marked ``part="header"/"footer"``.

Imports none of the other OCR modules: ``ocr_grid``, ``ocr_boxes`` and ``ocr`` build on this one.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from extractors.models import Paragraph
from extractors.text import is_wide

PAGE_NUMBER_BAND = 0.2  # a page number is the first/last line within this share of the page
PITCH_BREAK_RATIO = 1.35  # a line pitch this much above the usual one starts a new paragraph

_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(第\s*)?\d+\s*(页)?\s*([/／]\s*\d+|共\s*\d+\s*页)?\s*(页)?[-—–－\s]*$"
    r"|^(page\s*)?\d+(\s*of\s*\d+)?$",
    re.IGNORECASE,
)


# The recogniser puts spaces next to CJK characters that the page does not have ("50 万元").
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’…—"
CJK_SPACE = re.compile(f"(?<=[{_WIDE}]) +| +(?=[{_WIDE}])")


@dataclass
class Piece:
    """A run of recognised text on one line, in deskewed page coordinates."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float
    # per character/word: (text, x centre) when the engine's word boxes agree with the text
    chars: list[tuple[str, float, float]] = field(default_factory=list, repr=False)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


# --------------------------------------------------------------------------- lines and cells


def join_words(words: list[str]) -> str:
    out = ""
    for w in words:
        out = out + w if not out or _is_wide(out[-1]) or _is_wide(w[0]) else out + " " + w
    return out


def _visual_lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into lines (vertical overlap), top to bottom, each left to right."""
    lines: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: p.cy):
        if lines:
            last = lines[-1]
            top, bottom = min(q.y0 for q in last), max(q.y1 for q in last)
            overlap = min(bottom, p.y1) - max(top, p.y0)
            if overlap >= 0.5 * min(p.height, bottom - top):
                last.append(p)
                continue
        lines.append([p])
    return [sorted(line, key=lambda p: p.x0) for line in lines]


def _line_text(line: list[Piece]) -> str:
    text = line[0].text
    for prev, p in zip(line, line[1:], strict=False):
        gap = p.x0 - prev.x1
        wide = _is_wide(text[-1]) or _is_wide(p.text[0])
        text += ("" if wide and gap < 0.75 * p.height else " ") + p.text
    return text


def _wraps(
    prev: list[Piece], nxt: list[Piece], left: float, right: float, pitch_limit: float | None, in_cell: bool
) -> bool:
    """True when ``prev`` ran to the right edge, so the break before ``nxt`` was a wrap.

    Outside tables a change of height means another font size (a heading); inside a cell it
    does not: detection boxes of short pieces vary by a third at the same size.
    """
    h = statistics.fmean(p.height for p in prev)
    em = 0.8 * h  # a detection box is 1 to 1.3 em high
    first = nxt[0]
    if not in_cell and abs(first.height - prev[-1].height) > 0.25 * max(first.height, prev[-1].height):
        return False  # another font size: a heading, not a wrap
    pitch = min(p.y0 for p in nxt) - min(p.y0 for p in prev)
    if pitch > (pitch_limit if pitch_limit is not None else 2.0 * h):
        return False  # set apart: a new paragraph
    if prev[0].x0 - left > 3 * em:
        return False  # a centred or right-aligned line (a title, a document number) ends itself
    room = right - prev[-1].x1
    x0, x1 = first.x0, nxt[-1].x1
    centred = abs((x0 + x1) / 2 - (left + right) / 2) < em  # a centred label's last line
    indented = x0 - left > 1.2 * em and not centred
    return room < 1.8 * em and not indented


def _pitch_limit(lines: list[list[Piece]]) -> float | None:
    """Above this line pitch a line starts a new paragraph (the PDF reader's rule)."""
    pitches = []
    for a, b in zip(lines, lines[1:], strict=False):
        h = max(p.height for p in a)
        pitch = min(p.y0 for p in b) - min(p.y0 for p in a)
        if 0 < pitch < 3 * h:
            pitches.append(pitch)
    return PITCH_BREAK_RATIO * statistics.median(pitches) + 1.0 if pitches else None


def cell_text(pieces: list[Piece], x0: float, x1: float) -> str:
    lines = _visual_lines(pieces)
    if not lines:
        return ""
    # Padding is symmetric: what the leftmost line keeps from the left border, the text keeps
    # from the right one.
    pad = max(min(line[0].x0 for line in lines) - x0, 0.0)
    left, right = x0 + pad, x1 - min(pad, 0.4 * (x1 - x0))
    text = _line_text(lines[0])
    for prev, line in zip(lines, lines[1:], strict=False):
        text += ("" if _wraps(prev, line, left, right, None, in_cell=True) else "\n") + _line_text(line)
    return text


# --------------------------------------------------------------------------- paragraphs


def paragraphs(pieces: list[Piece], width: int, height: int) -> list[tuple[float, Paragraph]]:
    """Text outside tables: lines joined where they wrap at the right margin; page numbers apart."""
    lines = _visual_lines(pieces)
    if not lines:
        return []
    x0s = sorted(line[0].x0 for line in lines)
    x1s = sorted(line[-1].x1 for line in lines)
    left = x0s[len(x0s) // 10]
    right = x1s[min(len(x1s) - 1, (len(x1s) * 9) // 10)]
    if len(lines) < 4:
        right = max(right, width - left)  # a few short lines: assume symmetric margins
    pitch_limit = _pitch_limit(lines)

    out: list[tuple[float, Paragraph]] = []
    current: list[list[Piece]] = []

    def flush() -> None:
        if current:
            text = _line_text(current[0])
            for line in current[1:]:
                text = join_words([text, _line_text(line)])
            score = min(p.score for line in current for p in line)
            out.append((current[0][0].y0, Paragraph(text=text, confidence=round(score, 4))))
            current.clear()

    for i, line in enumerate(lines):
        band = _page_number_band(line, i, len(lines), height)
        if band:
            flush()
            score = round(min(p.score for p in line), 4)
            out.append((line[0].y0, Paragraph(text=_line_text(line), part=band, confidence=score)))
            continue
        if not (current and _wraps(current[-1], line, left, right, pitch_limit, in_cell=False)):
            flush()
        current.append(line)
    flush()
    return out


def _page_number_band(line: list[Piece], index: int, n_lines: int, height: int) -> str:
    """ "header"/"footer" for a page number: the first or last line of the page, in its top or
    bottom part. A scan's margins are wider than a PDF's, so the band is larger than the PDF
    reader's; a number above 999 is a year or an amount, not a page."""
    text = _line_text(line).strip()
    if not _PAGE_NUMBER.match(text) or any(int(n) > 999 for n in re.findall(r"\d+", text)):
        return ""
    top, bottom = min(p.y0 for p in line), max(p.y1 for p in line)
    if index == 0 and bottom <= height * PAGE_NUMBER_BAND:
        return "header"
    if index == n_lines - 1 and top >= height * (1 - PAGE_NUMBER_BAND):
        return "footer"
    return ""


def _is_wide(ch: str) -> bool:
    return is_wide(ch, shapes=True)
