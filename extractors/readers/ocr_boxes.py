"""Checkbox judging: boxes (☐ ☑ ☒ ■) found in the drawing, and whether each is ticked from the ink inside.

The recogniser often drops a lone box or reads it as "□" whatever is in it; the drawing decides, and the
result is written into the text pieces as ☑/☐.

May import ``ocr_grid`` (a table's small cells are not boxes) and ``ocr_layout`` (text pieces); never ``ocr``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.readers.ocr_grid import Grid
from extractors.readers.ocr_layout import Piece, join_words

if TYPE_CHECKING:
    import numpy as np

CHECKED_BOX, UNCHECKED_BOX = "☑", "☐"
_BOX_CHARS = set("□☐◻☑☒■▣√✔✓")  # what the recogniser makes of a box


# --------------------------------------------------------------------------- checkboxes


@dataclass
class Box:
    """A checkbox drawn on the page: its square and whether it is ticked."""

    x0: float
    y0: float
    x1: float
    y1: float
    checked: bool
    sure: bool  # False when the ink inside is neither clearly empty nor clearly a tick


def checkboxes(binary: np.ndarray, text_h: float, grids: list[Grid]) -> list[Box]:
    """Small hollow (or filled) squares about a character in size: ☐ ☑ ☒ ■.

    The recogniser often drops a lone box or reads it as "□" whatever is in it, so boxes are
    found in the drawing and whether one is ticked is read from the ink inside it.
    """
    import cv2

    # Two-level hierarchy: the outer boundary of every ink component, also those inside a
    # table's cells (holes of the table's component), at the top level.
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    tol = max(4.0, 0.3 * text_h)
    out: list[Box] = []
    for contour, (_next, _prev, _child, parent) in zip(contours, hierarchy[0], strict=True):
        if parent != -1:
            continue  # a hole
        x, y, w, h = cv2.boundingRect(contour)
        if not (0.3 * text_h <= w <= 1.2 * text_h and 0.3 * text_h <= h <= 1.2 * text_h):
            continue
        if not 0.8 <= w / h <= 1.25:
            continue
        if any(_on_grid(g, x, y, x + w, y + h, tol) for g in grids):
            continue  # a small cell of a table, not a box to tick
        t = max(2, min(w, h) // 8)
        square = binary[y : y + h, x : x + w] > 0
        sides = (
            square[:t, :].any(axis=0),
            square[-t:, :].any(axis=0),
            square[:, :t].any(axis=1),
            square[:, -t:].any(axis=1),
        )
        if min(float(side.mean()) for side in sides) < 0.9:
            continue  # not closed on four sides: a stroke, a tick, most characters
        m = max(t + 1, min(w, h) // 5)
        inner = square[m : h - m, m : w - m]
        if inner.size == 0:
            continue
        fill = float(inner.mean())
        out.append(Box(x, y, x + w, y + h, checked=fill > 0.12, sure=fill < 0.06 or fill > 0.2))
    return out


def _on_grid(grid: Grid, x0: float, y0: float, x1: float, y1: float, tol: float) -> bool:
    def near(v: float, edges: list[float]) -> bool:
        return any(abs(v - e) <= tol for e in edges)

    return near(x0, grid.xs) and near(x1, grid.xs) and near(y0, grid.ys) and near(y1, grid.ys)


def with_checkboxes(pieces: list[Piece], boxes: list[Box]) -> list[Piece]:
    """Pieces with the boxes written in as ☑/☐: replacing a box character the recogniser read
    (with whatever tick it guessed), or added where it read nothing at all. A box under any other
    character is left alone: it is that character (口, 回, 日...)."""
    added: list[Piece] = []
    for box in boxes:
        glyph = CHECKED_BOX if box.checked else UNCHECKED_BOX
        score = 0.99 if box.sure else 0.6
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        covering = [p for p in pieces if p.y0 <= cy <= p.y1 and p.x0 - 2 <= cx <= p.x1 + 2]
        if not covering:
            added.append(Piece(glyph, score, box.x0, box.y0, box.x1, box.y1))
            continue
        for p in covering:
            hits = [i for i, (w, _, x) in enumerate(p.chars) if box.x0 - 2 <= x <= box.x1 + 2]
            if not p.chars and p.text in _BOX_CHARS:
                p.text, p.score = glyph, score  # the drawing decides, not the recogniser's guess
            for i in hits:
                if p.chars[i][0] in _BOX_CHARS:
                    p.chars[i] = (glyph, score, p.chars[i][2])
                    p.text = join_words([w for w, _, _ in p.chars])
                    # Nothing but boxes: the drawing decides; otherwise the other characters' doubt stays.
                    only_boxes = all(w in _BOX_CHARS for w, _, _ in p.chars)
                    p.score = min(s for _, s, _ in p.chars) if only_boxes else min(p.score, score)
    return pieces + added
