"""Sub-tables: repeating rows under a header row inside a form's table (团队成员: 姓名|性别|出生年月|…; 课题; 成果).

A profile declares one as a field with ``subtable`` columns (key + header variants). The header row is the row
holding enough of those headers (half of them, at least two); among several, the one nearest below the field's
own label (a label cell on the header row's left, merged down beside the rows, or in the two rows above). The
rows below it are the sub-table's until a row starts with another label (a cell in the label column, a form
label, a numbered section heading "四、有场地经费"), a cell spans the whole sub-table (a heading or a note), or
another sub-table's header row begins; a row is ended by a label only in its first filled cell (a member's 分工
may read "领衔人"). Rows that run to the end of their table go on in the next table when it opens with the header
again (under "（续表）" / "团队成员（续）") or with rows only, cell for cell where the columns were. Each row becomes a dict under the columns' keys, normalised by the column's
type; a column the form lacks is null; rows with nothing filled in are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from extractors import text as tx
from extractors.models import Cell, Table
from extractors.profile import ColumnSpec, FieldSpec

_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")


def _variants(labels: list[str]) -> set[str]:
    return {tx.norm_label(x) for x in labels if tx.norm_label(x)}


@dataclass
class SubTable:
    """A sub-table found in a table: its header row, its columns (grid column -> spec) and its rows."""

    table_index: int
    header_row: int
    columns: dict[int, ColumnSpec]
    rows: list[dict[str, Any]]
    raw_rows: list[list[str]]
    cells: list[Cell]  # every cell it took (header and rows): no other field reads them as labels


def row_mapping(grid: list[list[Cell | None]], r: int, columns: list[ColumnSpec]) -> dict[int, ColumnSpec] | None:
    """Grid column -> column of row ``r`` when it holds enough of the columns' headers (half, at least two)."""
    need = min(len(columns), max(2, (len(columns) + 1) // 2))
    mapping: dict[int, ColumnSpec] = {}
    seen: set[int] = set()
    for c in grid[r]:
        if c is None or id(c) in seen or c.row != r:
            continue
        seen.add(id(c))
        n = tx.norm_label(c.text)
        col = next((x for x in columns if x not in mapping.values() and n in _variants(x.headers)), None)
        if col is not None:
            mapping[c.col] = col
    return mapping if len(mapping) >= need else None


def header_rows(grid: list[list[Cell | None]], columns: list[ColumnSpec]) -> list[tuple[int, dict[int, ColumnSpec]]]:
    """(row, grid column -> column) of every row holding enough of the columns' headers."""
    return [(r, m) for r in range(len(grid)) if (m := row_mapping(grid, r, columns))]


def _label_cell(grid: list[list[Cell | None]], r: int, first_col: int, labels: set[str]) -> Cell | None:
    """The field's label near header row ``r``: left of its first column on the row, or in the two rows above."""
    near: list[Cell] = [c for c in grid[r][:first_col] if c is not None]
    for above in (r - 1, r - 2):
        if above >= 0:
            near += [c for c in grid[above] if c is not None]
    for c in near:
        n = tx.norm_label(c.text)
        if n in labels or (len(tx.squash(c.text)) <= 40 and any(len(v) >= 2 and v in n for v in labels)):
            return c
    return None


def find_subtable(f: FieldSpec, tables: list[Table], is_label: Callable[[str], bool],
                  other_headers: Callable[[list[list[Cell | None]], int], bool] | None = None,
                  taken: set[int] | None = None,
                  normalise: Callable[[str, str], tuple[Any, str]] | None = None) -> SubTable | None:
    """The sub-table of field ``f`` in the first table that has one (see the module's docstring). ``is_label``
    tells a form label (the rows end at one); ``other_headers(grid, row)`` a row that is another sub-table's
    header; ``taken``: id() of cells another field already read; ``normalise(type, text)`` -> (value, problem)
    makes a cell's value (the form mapper's own normalisation; the text as it is without one)."""
    labels = _variants(f.labels)
    grids = [t.grid() for t in tables]
    found: list[tuple[int, int, int, dict[int, ColumnSpec], Cell | None]] = []
    for ti, grid in enumerate(grids):
        for r, mapping in header_rows(grid, f.subtable):
            if taken and any(id(grid[r][k]) in taken for k in mapping):
                continue
            label = _label_cell(grid, r, min(mapping), labels)
            found.append((0 if label is not None else 1, ti, r, mapping, label))
    if not found:
        return None
    _, ti, h, mapping, label = min(found, key=lambda x: (x[0], x[1], x[2]))
    out = SubTable(ti, h, mapping, [], [], [grids[ti][h][k] for k in mapping])
    grid, start = grids[ti], h + 1
    while True:
        ended = _read_rows(f, grid, start, mapping, label, is_label, other_headers, normalise, out)
        if label is not None:
            out.cells.append(label)
        if ended or ti + 1 >= len(grids):
            break
        more = _continued(f, grids[ti + 1], tables[ti].n_cols == tables[ti + 1].n_cols, mapping, labels,
                          is_label)
        if more is None:
            break
        ti, grid = ti + 1, grids[ti + 1]
        start, mapping, label, head = more
        out.cells += head
    return out


def _read_rows(f: FieldSpec, grid: list[list[Cell | None]], start: int, mapping: dict[int, ColumnSpec],
               label: Cell | None, is_label: Callable[[str], bool],
               other_headers: Callable[[list[list[Cell | None]], int], bool] | None,
               normalise: Callable[[str, str], tuple[Any, str]] | None, out: SubTable) -> bool:
    """The rows of a sub-table from grid row ``start`` on, added to ``out``; True when something ended them
    (False: they ran to the table's end, and may go on in the next table)."""
    first = min(mapping)
    if start >= len(grid):
        return False
    # Columns left of the sub-table that hold its label (merged down beside the rows), not a 序号 column of its own.
    label_cols = [k for k in range(first) if (c := grid[start][k]) is not None and (c is label or c.row < start)]
    span = set(range(first, len(grid[start])))
    for r in range(start, len(grid)):
        row = grid[r]
        starts = [c for k, c in enumerate(row) if c is not None and c.row == r and c.col == k]
        if any(c.text.strip() for c in starts if c.col in label_cols):
            return True  # a new label in the label column
        lead = next((c for c in starts if c.text.strip()), None)
        # A row that starts with a form label or a section heading ends the rows; a label's words further on the
        # row are a member's value ("分工：领衔人").
        if lead is not None and (is_label(lead.text) or _SECTION_HEADING.match(lead.text)):
            return True
        if other_headers is not None and other_headers(grid, r):
            return True
        wide = [c for c in starts if c.text.strip() and c.colspan > 1 and set(range(c.col, c.col + c.colspan)) >= span]
        if wide:
            return True  # a heading or a note across the whole sub-table
        item: dict[str, Any] = {c.key: None for c in f.subtable}
        raw: list[str] = []
        for k, col in mapping.items():
            cell = row[k] if k < len(row) else None
            text = "" if cell is None or cell is label else cell.text
            if cell is not None and cell is not label:
                out.cells.append(cell)
            value = normalise(col.type, text)[0] if normalise else (tx.clean_value(text) or None)
            item[col.key] = value
            raw.append(tx.clean_value(text))
        if any(v not in (None, "") for v in item.values()):
            out.rows.append(item)
            out.raw_rows.append(raw)
    return False


_CONTINUED = re.compile(r"[（(]?\s*续\s*表?\s*[）)]?")


def _continued(f: FieldSpec, grid: list[list[Cell | None]], same_width: bool, mapping: dict[int, ColumnSpec],
               labels: set[str], is_label: Callable[[str], bool]
               ) -> tuple[int, dict[int, ColumnSpec], Cell | None, list[Cell]] | None:
    """A sub-table that ran to the end of its table going on in the next one (a page break between them): the next
    table opens with its header row again, under a "（续表）" / "团队成员（续）" title row or beside that label
    merged down; or, as wide as the last, with rows only, each cell where the sub-table's columns were.
    (first row, grid column -> column, label cell, the header's cells) or None."""
    for r in range(min(2, len(grid))):
        m = row_mapping(grid, r, f.subtable)
        if m is not None:
            if r == 1 and not _continued_title(grid[0], labels):
                return None
            label = _label_cell(grid, r, min(m), labels)
            return r + 1, m, label, [grid[r][k] for k in m]
        if not _continued_title(grid[r], labels):
            break
    if not same_width or not grid:
        return None
    starts = {k for k, c in enumerate(grid[0]) if c is not None and c.col == k}
    first = min(mapping)
    filled = [c for k, c in enumerate(grid[0]) if c is not None and c.col == k and c.text.strip()]
    if starts - set(range(first)) != set(mapping) or not filled or is_label(filled[0].text) \
            or _SECTION_HEADING.match(filled[0].text) or any(c.col < first for c in filled):
        return None
    label = grid[0][first - 1] if first > 0 and grid[0][first - 1] is not None else None
    return 0, mapping, label, []


def _continued_title(row: list[Cell | None], labels: set[str]) -> bool:
    """A row that is only a continued table's title ("（续表）", "团队成员（续）")."""
    cells = {id(c): c for c in row if c is not None and c.text.strip()}
    if len(cells) != 1:
        return False
    text = tx.squash(tx.nfkc(next(iter(cells.values())).text))
    return bool(_CONTINUED.search(text)) and (_CONTINUED.fullmatch(text) is not None
                                              or any(text.startswith(v) for v in labels))


def rows_text(rows: list[dict[str, Any]]) -> str:
    """The rows as one text, a line per row ("姓名：张三，性别：男，…"): the field's raw text."""
    def show(v: Any) -> str:
        return "" if v is None else str(v)

    return "\n".join("，".join(f"{k}：{show(v)}" for k, v in row.items() if v not in (None, "")) for row in rows)
