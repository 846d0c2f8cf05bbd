"""Sub-tables: repeating rows under a header row inside a form's table (团队成员: 姓名|性别|出生年月|…; 课题; 成果).

A profile declares one as a field with ``subtable`` columns (key + header variants). The header row is the row
holding enough of those headers (half of them, at least two); among several, the one nearest below the field's
own label (a label cell on the header row's left, merged down beside the rows, or in the two rows above). The
rows below it are the sub-table's until a row starts with another label (a cell in the label column, a form
label, a numbered section heading "四、有场地经费"), a cell spans the whole sub-table (a heading or a note), or
another sub-table's header row begins. Each row becomes a dict under the columns' keys, normalised by the column's
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
    found: list[tuple[int, int, int, dict[int, ColumnSpec], Cell | None, list[list[Cell | None]]]] = []
    for ti, t in enumerate(tables):
        grid = t.grid()
        for r, mapping in header_rows(grid, f.subtable):
            if taken and any(id(grid[r][k]) in taken for k in mapping):
                continue
            label = _label_cell(grid, r, min(mapping), labels)
            found.append((0 if label is not None else 1, ti, r, mapping, label, grid))
    if not found:
        return None
    _, ti, h, mapping, label, grid = min(found, key=lambda x: (x[0], x[1], x[2]))
    first = min(mapping)
    # Columns left of the sub-table that hold its label (merged down beside the rows), not a 序号 column of its own.
    label_cols = [k for k in range(first) if grid[h][k] is not None and (grid[h][k] is label or grid[h][k].row < h)]
    taken_cells: list[Cell] = [grid[h][k] for k in mapping]
    rows: list[dict[str, Any]] = []
    raw_rows: list[list[str]] = []
    span = {k for k in range(first, len(grid[h]))}
    for r in range(h + 1, len(grid)):
        row = grid[r]
        starts = [c for k, c in enumerate(row) if c is not None and c.row == r and c.col == k]
        if any(c.text.strip() for c in starts if c.col in label_cols):
            break  # a new label in the label column
        if any(c.text.strip() and (is_label(c.text) or _SECTION_HEADING.match(c.text)) for c in starts):
            break
        if other_headers is not None and other_headers(grid, r):
            break
        wide = [c for c in starts if c.text.strip() and c.colspan > 1 and set(range(c.col, c.col + c.colspan)) >= span]
        if wide:
            break  # a heading or a note across the whole sub-table
        item: dict[str, Any] = {c.key: None for c in f.subtable}
        raw: list[str] = []
        for k, col in mapping.items():
            cell = row[k] if k < len(row) else None
            text = "" if cell is None or cell is label else cell.text
            if cell is not None and cell is not label:
                taken_cells.append(cell)
            value = normalise(col.type, text)[0] if normalise else (tx.clean_value(text) or None)
            item[col.key] = value
            raw.append(tx.clean_value(text))
        if any(v not in (None, "") for v in item.values()):
            rows.append(item)
            raw_rows.append(raw)
    if label is not None:
        taken_cells.append(label)
    return SubTable(ti, h, mapping, rows, raw_rows, taken_cells)


def rows_text(rows: list[dict[str, Any]]) -> str:
    """The rows as one text, a line per row ("姓名：张三，性别：男，…"): the field's raw text."""
    def show(v: Any) -> str:
        return "" if v is None else str(v)

    return "\n".join("，".join(f"{k}：{show(v)}" for k, v in row.items() if v not in (None, "")) for row in rows)
