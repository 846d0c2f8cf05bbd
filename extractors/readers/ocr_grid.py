"""Grid recovery from ruling lines: a scanned form's tables, as grids of line positions filled with text.

The page is binarised (adaptive threshold) and its skew measured from the long ruling lines, or from the
text boxes when there are none. Ruling lines are the long thin runs a morphological opening keeps; a
segment counts when it meets two lines of the other direction, and the grid is the set of distinct line
positions. A merged cell is where an inner line is missing between two grid positions; each text piece
goes to the cell that holds its centre, split at a cell border by its characters when the detector drew
it across one.

May import ``ocr_layout`` (text pieces, a cell's text); never ``ocr_boxes`` or ``ocr``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extractors.models import Cell, Table
from extractors.readers.ocr_layout import Piece, cell_text, join_words

if TYPE_CHECKING:
    import numpy as np

MAX_SKEW_DEGREES = 3.0  # a larger angle is not a skewed scan but a layout: left alone
INK_OFFSET = 15  # grey levels below the local mean that count as ink
LINE_COVERAGE = 0.6  # share of a grid edge a ruling line must cover to separate two cells


@dataclass
class Seg:
    """A ruling-line segment: ``pos`` across the line, ``lo..hi`` along it."""

    pos: float
    lo: float
    hi: float


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    h_segs: list[Seg]
    v_segs: list[Seg]

    @property
    def top(self) -> float:
        return self.ys[0]


# --------------------------------------------------------------------------- ruling lines


def binarize(gray: np.ndarray, text_h: float) -> np.ndarray:
    import cv2

    block = int(max(15, min(61, text_h))) | 1
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.adaptiveThreshold(
        smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, INK_OFFSET
    )


def skew_angle(binary: np.ndarray, text_h: float, quads: list[Any]) -> float:
    """Degrees to rotate by (cv2 convention) to make the page straight; 0 when unsure."""
    import cv2
    import numpy as np

    height, width = binary.shape
    # A 1° line of 3 px has straight runs of ~170 px: a kernel of ~3 text heights still catches it.
    k = int(max(3 * text_h, width / 40))
    mask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    angles: list[tuple[float, float]] = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < width / 6 or h > max(12, 0.6 * text_h):
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        if len(xs) < 20:
            continue
        slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
        angles.append((float(np.degrees(np.arctan(slope))), float(w)))
    if not angles:
        for q in quads:  # no ruling lines: the top edges of long text boxes
            dx, dy = q[1][0] - q[0][0], q[1][1] - q[0][1]
            h = abs(q[3][1] - q[0][1]) or 1.0
            if dx > 4 * h:
                angles.append((float(np.degrees(np.arctan2(dy, dx))), float(dx)))
    if not angles:
        return 0.0
    angle = _weighted_median(angles)
    return angle if abs(angle) <= MAX_SKEW_DEGREES else 0.0


def _weighted_median(values: list[tuple[float, float]]) -> float:
    values = sorted(values)
    half = sum(w for _, w in values) / 2
    acc = 0.0
    for v, w in values:
        acc += w
        if acc >= half:
            return v
    return values[-1][0]


def _segments(binary: np.ndarray, horizontal: bool, length: int, max_thick: float) -> list[Seg]:
    import cv2

    size = (length, 1) if horizontal else (1, length)
    mask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[Seg] = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if horizontal and h <= max_thick:
            out.append(Seg(y + h / 2, x, x + w))
        elif not horizontal and w <= max_thick:
            out.append(Seg(x + w / 2, y, y + h))
        else:  # a ruling line with bold text touching it (a tight row): the line is the run of full rows
            out.extend(_line_in_blob(mask[y:y + h, x:x + w], x, y, horizontal, max_thick, length))
    return out


def _line_in_blob(blob: np.ndarray, x: int, y: int, horizontal: bool, max_thick: float, length: int
                  ) -> list[Seg]:
    """The thin runs of a thick component that are long along the line's direction."""
    import numpy as np

    along = blob if horizontal else blob.T
    filled = (along > 0).sum(axis=1)
    rows = np.flatnonzero(filled >= max(length, 0.5 * along.shape[1]))
    out: list[Seg] = []
    start = 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or rows[k] != rows[k - 1] + 1:
            group = rows[start:k]
            if len(group) and len(group) <= max_thick:
                cols = np.flatnonzero((along[group] > 0).any(axis=0))
                pos, lo, hi = (group[0] + group[-1] + 1) / 2, int(cols[0]), int(cols[-1]) + 1
                out.append(Seg(y + pos, x + lo, x + hi) if horizontal else Seg(x + pos, y + lo, y + hi))
            start = k
    return out


def find_grids(binary: np.ndarray, text_h: float, pieces: list[Piece] = ()) -> list[Grid]:
    """Ruled tables on the page: groups of line segments that meet, as grids of line positions."""
    tol = max(4.0, 0.3 * text_h)
    max_thick = max(8.0, 0.4 * text_h)
    # Longer than any stroke of a character (a CJK stroke spans at most about one em, and the
    # OCR box is ~1.3 em high), shorter than a cell holding one line of text.
    h_segs = _segments(binary, True, int(max(15, 1.5 * text_h)), max_thick)
    v_segs = _segments(binary, False, int(max(10, 0.8 * text_h)), max_thick)
    # In a row barely taller than its text, a character's vertical stroke ("州", "中") reaches from one ruling
    # line to the next and would read as a column line: a short segment inside recognised text is a stroke.
    v_segs = [v for v in v_segs if not _stroke_in_text(v, pieces, text_h, tol)]
    # A ruling line broken by a speck of scanner noise or a faint stretch is still one line.
    h_segs, v_segs = _bridge(h_segs, tol, 1.5 * text_h), _bridge(v_segs, tol, 1.5 * text_h)

    def meets(h: Seg, v: Seg) -> bool:
        return h.lo - tol <= v.pos <= h.hi + tol and v.lo - tol <= h.pos <= v.hi + tol

    # A ruling line meets at least two lines across it; strokes, underlines, stamps do not.
    # Dropping one line can leave another short of two: repeat until nothing changes (a staircase of
    # lines each meeting the next would otherwise leave a line that meets none).
    while True:
        before = (len(h_segs), len(v_segs))
        h_segs = [h for h in h_segs if sum(meets(h, v) for v in v_segs) >= 2]
        v_segs = [v for v in v_segs if sum(meets(h, v) for h in h_segs) >= 2]
        if (len(h_segs), len(v_segs)) == before:
            break
    if len(h_segs) < 2 or len(v_segs) < 2:
        return []

    # Tables: connected groups of segments.
    parent = list(range(len(h_segs) + len(v_segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(h_segs):
        for j, v in enumerate(v_segs):
            if meets(h, v):
                parent[find(i)] = find(len(h_segs) + j)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(h_segs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(v_segs):
        groups.setdefault(find(len(h_segs) + j), ([], []))[1].append(v)

    grids: list[Grid] = []
    for hs, vs in groups.values():
        if not hs or not vs:
            continue
        ys = _cluster([h.pos for h in hs], tol)
        xs = _cluster([v.pos for v in vs], tol)
        # A table drawn without its outer left/right (top/bottom) border: the lines running
        # past the last line across them mark where it ends.
        left, right = min(h.lo for h in hs), max(h.hi for h in hs)
        top, bottom = min(v.lo for v in vs), max(v.hi for v in vs)
        if xs[0] - left > text_h:
            xs.insert(0, left)
        if right - xs[-1] > text_h:
            xs.append(right)
        if ys[0] - top > text_h:
            ys.insert(0, top)
        if bottom - ys[-1] > text_h:
            ys.append(bottom)
        if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
            continue  # a lone box (a frame round a paragraph, the paper's edge) is not a grid
        grids.append(Grid(xs, ys, hs, vs))
    grids.sort(key=lambda g: g.top)
    return grids


def _bridge(segs: list[Seg], tol: float, gap: float) -> list[Seg]:
    """Collinear segments (positions within ``tol``) less than ``gap`` apart joined into one."""
    rows: list[list[Seg]] = []  # segments grouped by position
    for s in sorted(segs, key=lambda s: s.pos):
        if rows and s.pos - rows[-1][-1].pos <= tol:
            rows[-1].append(s)
        else:
            rows.append([s])
    out: list[Seg] = []
    for row in rows:
        joined: list[Seg] = []
        for s in sorted(row, key=lambda s: s.lo):
            last = joined[-1] if joined else None
            if last is not None and s.lo - last.hi <= gap and abs(last.pos - s.pos) <= tol:
                joined[-1] = Seg((last.pos + s.pos) / 2, last.lo, max(last.hi, s.hi))
            else:
                joined.append(s)
        out.extend(joined)
    return out


def _stroke_in_text(v: Seg, pieces: list[Piece], text_h: float, tol: float) -> bool:
    return v.hi - v.lo <= 1.3 * text_h and any(
        p.x0 + 2 < v.pos < p.x1 - 2 and p.y0 - tol <= v.lo and v.hi <= p.y1 + tol for p in pieces)


def _cluster(values: list[float], tol: float) -> list[float]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [statistics.fmean(g) for g in groups]


def _covered(segs: list[Seg], pos: float, lo: float, hi: float, tol: float) -> bool:
    """Whether line segments at ``pos`` cover most of ``lo..hi`` (a grid edge)."""
    margin = min(tol, (hi - lo) / 4)
    lo, hi = lo + margin, hi - margin
    spans = sorted(
        (max(s.lo, lo), min(s.hi, hi)) for s in segs if abs(s.pos - pos) <= tol and s.hi > lo and s.lo < hi
    )
    total, end = 0.0, lo
    for a, b in spans:
        a = max(a, end)
        if b > a:
            total += b - a
            end = b
    return hi > lo and total >= LINE_COVERAGE * (hi - lo)



# --------------------------------------------------------------------------- cells


def fill_grid(
    grid: Grid, pieces: list[Piece], text_h: float, noise: list[Piece] = ()
) -> tuple[Table, list[Piece]]:
    """The grid's Table with its text; returns the pieces left outside it. A noise piece inside a cell
    that holds text lowers the cell's confidence to its own: something there could not be read."""
    from bisect import bisect_right

    xs, ys = grid.xs, grid.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    tol = max(4.0, 0.3 * text_h)

    # Merged cells: grid positions joined where the line between them is missing.
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and (not _covered(grid.v_segs, xs[c + 1], ys[r], ys[r + 1], tol)
                                   or _char_on(pieces, xs[c + 1], ys[r], ys[r + 1], text_h)):
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            if r + 1 < n_rows and not _covered(grid.h_segs, ys[r + 1], xs[c], xs[c + 1], tol):
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    owner: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []  # r0, c0, r1, c1 (exclusive)
    for r in range(n_rows):
        for c in range(n_cols):
            if owner[r][c] is not None:
                continue
            root = find(r * n_cols + c)
            members = [(i // n_cols, i % n_cols) for i in range(n_rows * n_cols) if find(i) == root]
            r1 = max(m[0] for m in members) + 1
            c1 = max(m[1] for m in members) + 1
            for rr in range(r, r1):  # an L-shaped group takes its bounding box, minus taken parts
                for cc in range(c, c1):
                    if owner[rr][cc] is None:
                        owner[rr][cc] = len(spans)
            spans.append((r, c, r1, c1))

    inside: list[list[Piece]] = [[] for _ in spans]
    outside: list[Piece] = []
    for piece in pieces:
        if not (xs[0] - tol <= piece.cx <= xs[-1] + tol and ys[0] - tol <= piece.cy <= ys[-1] + tol):
            outside.append(piece)
            continue
        r = min(max(bisect_right(ys, piece.cy) - 1, 0), n_rows - 1)
        for part in _split_at_columns(piece, xs, owner[r], tol):
            c = min(max(bisect_right(xs, part.cx) - 1, 0), n_cols - 1)
            cell = owner[r][c]
            if cell is not None:
                inside[cell].append(part)

    doubts: list[list[float]] = [[] for _ in spans]
    for piece in noise:
        if xs[0] <= piece.cx <= xs[-1] and ys[0] <= piece.cy <= ys[-1]:
            r = min(max(bisect_right(ys, piece.cy) - 1, 0), n_rows - 1)
            c = min(max(bisect_right(xs, piece.cx) - 1, 0), n_cols - 1)
            if (cell := owner[r][c]) is not None:
                doubts[cell].append(piece.score)

    cells = []
    for (r0, c0, r1, c1), own, doubt in zip(spans, inside, doubts, strict=True):
        text = cell_text(own, xs[c0], xs[c1])
        confidence = round(min([p.score for p in own] + doubt), 4) if own else None
        cells.append(Cell(row=r0, col=c0, text=text, rowspan=r1 - r0, colspan=c1 - c0, confidence=confidence))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(n_rows=n_rows, n_cols=n_cols, cells=cells), outside


def _char_on(pieces: list[Piece], x: float, top: float, bottom: float, text_h: float) -> bool:
    """Whether a recognised character sits on ``x`` in the row ``top..bottom``: in a row barely taller than its
    text, the character's stroke joins the ruling lines above and below into what looks like a column line."""
    for p in pieces:
        if p.chars and p.x0 < x < p.x1 and top < p.cy < bottom:
            if any(abs(cx - x) < 0.2 * text_h for _, _, cx in p.chars):
                return True
    return False


def _split_at_columns(
    piece: Piece, xs: list[float], row_owner: list[int | None], tol: float
) -> list[Piece]:
    """A text box the detector drew across a cell border, cut at that border by its characters."""
    cuts = [
        xs[k]
        for k in range(1, len(xs) - 1)
        if piece.x0 + tol < xs[k] < piece.x1 - tol and row_owner[k - 1] != row_owner[k]
    ]
    if not cuts or not piece.chars:
        return [piece]
    parts: list[Piece] = []
    edges = [piece.x0, *cuts, piece.x1]
    for a, b in zip(edges, edges[1:], strict=False):
        chars = [ch for ch in piece.chars if a <= ch[2] < b or (b == piece.x1 and ch[2] >= b)]
        if not chars:
            continue
        text = join_words([w for w, _, _ in chars])
        score = statistics.fmean(s for _, s, _ in chars)
        parts.append(Piece(text, score, max(a, piece.x0), piece.y0, min(b, piece.x1), piece.y1, chars))
    return parts or [piece]
