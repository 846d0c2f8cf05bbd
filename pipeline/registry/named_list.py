"""Read a 命名名单 (a list of items named or funded in earlier years) from .xlsx or .csv.

The list is whatever a union office keeps: a title row or two ("2023年度……命名名单", often merged across
the columns), then a header row, then one item per row, sometimes with blank rows, the 单位 merged down
over its items, notes at the end. The reader

- takes the first worksheet with a header row (a .csv: UTF-8 with or without BOM, else GB18030);
- finds the header: the first row of the first 30 with a name column (名称, 班组名称, 工作室名称, 项目名称,
  any "…名称" that is not a unit's) and at least one more filled cell; the unit (所在单位 preferred over
  单位/单位名称/工作单位/申报单位/推荐单位), leader (领衔人, 负责人, 班组长, 带头人, …) and year (年份, 命名年度,
  命名时间, …) columns are optional;
- fills cells merged over several rows from their first cell (a merge inside one row, such as a note
  spread over the columns, is not copied into each column);
- skips blank rows and repeated header rows silently, and reports every other row it does not take, with
  its row number as the spreadsheet shows it and a reason in Chinese: no name, a note row, a year it cannot
  read or no year at all, a row repeating an earlier one.

A row's own year wins over the year given for the import. Nothing is written here; ``Registry.add_named``
stores the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import iterparse

from extractors.names import leader_key, name_key
from extractors.text import clean_value, nfkc, norm_label
from pipeline.oserrors import os_error_text
from pipeline.registry.store import NamedRow

_log = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 30
MAX_NAME_CHARS = 100
MIN_YEAR, MAX_YEAR = 1949, 2100
PREVIEW_HEADER = ("行号", "名称", "单位", "领衔人", "年份")

_NAME_LABELS = (
    "名称",
    "班组名称",
    "工作室名称",
    "创新工作室名称",
    "劳模创新工作室名称",
    "项目名称",
    "成果名称",
    "集体名称",
    "班组",
    "工作室",
    "项目",
)
# Preferred first: the unit the item belongs to, before the unit that recommended it.
_UNIT_LABELS = ("所在单位", "单位名称", "单位", "工作单位", "所属单位", "申报单位", "推荐单位")
_LEADER_WORDS = ("领衔人", "负责人", "班组长", "带头人", "领办人", "组长", "姓名")
_YEAR_LABELS = ("年份", "年度", "命名年度", "命名年份", "命名时间", "命名日期", "年", "时间", "批准年度")
_NOTE_PREFIXES = ("注", "备注", "说明", "合计", "共计", "总计", "附", "填表")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class NamedListError(Exception):
    """The file cannot be read as a 命名名单 at all; the message is for the user (Chinese)."""


@dataclass
class SkippedRow:
    row: int  # as the spreadsheet shows it (1-based); a .csv's line of record
    reason: str
    content: str  # the row's filled cells, to find it


@dataclass
class NamedList:
    path: Path
    sheet: str  # worksheet name; "" for a .csv
    header_row: int
    columns: dict[str, str]  # "name" | "unit" | "leader" | "year" -> the header as written
    rows: list[NamedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)


# ---------------------------------------------------------------- cells and years


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return clean_value(str(v)).replace("\n", " ")


def parse_year(v) -> int | None:
    """A year from a cell: 2023, 2023.0, "2023年", "2023年度", "2023.5", a date, "二〇二三年"; None when there is
    none or several different ones."""
    if isinstance(v, dt.date):
        return v.year
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        y = int(v)
        return y if y == v and MIN_YEAR <= y <= MAX_YEAR else None
    s = nfkc(str(v or "")).translate(_CN_DIGITS)
    found = {int(y) for y in _YEAR.findall(s)}
    if len(found) != 1:
        return None
    y = found.pop()
    return y if MIN_YEAR <= y <= MAX_YEAR else None


# ---------------------------------------------------------------- header


def _classify(label: str) -> str | None:
    lab = norm_label(label)
    if not lab:
        return None
    if "单位" in lab:
        return "unit"
    if lab in _NAME_LABELS or (lab.endswith("名称") and "人" not in lab):
        return "name"
    if any(w in lab for w in _LEADER_WORDS):
        return "leader"
    if lab in _YEAR_LABELS or "年份" in lab or "年度" in lab:
        return "year"
    return None


def _rank(kind: str, label: str) -> int:
    lab = norm_label(label)
    if kind == "unit":
        return _UNIT_LABELS.index(lab) if lab in _UNIT_LABELS else len(_UNIT_LABELS)
    if kind == "name":
        return _NAME_LABELS.index(lab) if lab in _NAME_LABELS else len(_NAME_LABELS)
    if kind == "leader":
        return next(i for i, w in enumerate(_LEADER_WORDS) if w in lab)
    return 0


def _header(cells: list[str]) -> dict[str, int] | None:
    """Column of each known field when this row is a header row, else None."""
    best: dict[str, tuple[int, int]] = {}
    for col, label in enumerate(cells):
        kind = _classify(label)
        if kind is None:
            continue
        rank = _rank(kind, label)
        if kind not in best or rank < best[kind][0]:
            best[kind] = (rank, col)
    if "name" not in best or sum(1 for c in cells if c) < 2:
        return None
    return {kind: col for kind, (_, col) in best.items()}


# ---------------------------------------------------------------- grids from files


def _merged_ranges(path: Path, sheet_part: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col), 1-based, of the merges of one worksheet (read-only openpyxl
    does not report them)."""
    from openpyxl.utils.cell import range_boundaries

    out = []
    with zipfile.ZipFile(path) as z, z.open(sheet_part) as f:
        for _, el in iterparse(f):
            if el.tag == _NS_MAIN + "mergeCell" and el.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(el.get("ref"))
                out.append((min_row, min_col, max_row, max_col))
            el.clear()
    return out


def _xlsx_sheets(path: Path):
    """(sheet name, grid) of each visible worksheet, merges over several rows filled."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 — any failure of a damaged or encrypted file is one message
        raise NamedListError(
            f"无法读取 {path.name}：文件可能已损坏、已加密或不是 .xlsx 文件（{type(e).__name__}）"
        ) from e
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            ws.reset_dimensions()  # some writers record a wrong used range
            grid = [list(r) for r in ws.iter_rows(min_row=1, values_only=True)]
            part = getattr(ws, "_worksheet_path", None)
            try:
                merges = _merged_ranges(path, part) if part else []
            except (KeyError, zipfile.BadZipFile, SyntaxError) as e:
                _log.warning("merges of %s not read: %s", ws.title, e)
                merges = []
            for r1, c1, r2, c2 in merges:
                if r2 == r1 or r1 > len(grid):
                    continue
                top = grid[r1 - 1]
                value = top[c1 - 1] if c1 - 1 < len(top) else None
                for r in range(r1, min(r2, len(grid)) + 1):
                    row = grid[r - 1]
                    row.extend([None] * (c2 - len(row)))
                    for c in range(c1, c2 + 1):
                        row[c - 1] = value
            yield ws.title, grid
    finally:
        wb.close()


def _csv_grid(path: Path) -> list[list]:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise NamedListError(
            f"无法识别 {path.name} 的文字编码：请在 Excel/WPS 中另存为 UTF-8 的 .csv 或 .xlsx。"
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]


# ---------------------------------------------------------------- rows


def _is_note(text: str) -> bool:
    return text.startswith(_NOTE_PREFIXES)


def _read_grid(grid: list[list], default_year: int | None, out: NamedList) -> bool:
    """Fill ``out`` from one sheet; False when the sheet has no header row."""
    texts = [[_text(v) for v in row] for row in grid]
    cols = None
    for i, cells in enumerate(texts[:HEADER_SCAN_ROWS]):
        cols = _header(cells)
        if cols is not None:
            out.header_row = i + 1
            break
    if cols is None:
        return False
    header = texts[out.header_row - 1]
    out.columns = {kind: header[col] for kind, col in cols.items()}
    seen: dict[tuple[str, str], int] = {}

    def cell(cells: list[str], kind: str) -> str:
        col = cols.get(kind)
        return cells[col] if col is not None and col < len(cells) else ""

    for i in range(out.header_row, len(grid)):
        n = i + 1
        cells = texts[i]
        filled = [c for c in cells if c]
        if not filled or cells == header[: len(cells)] or cells[: len(header)] == header:
            continue
        content = " | ".join(filled)[:80]
        name = cell(cells, "name")
        if len(filled) == 1 and _is_note(filled[0]):
            out.skipped.append(SkippedRow(n, "说明文字，不是名单条目", content))
            continue
        if not name:
            reason = "不是名单条目（只有一格有内容）" if len(filled) == 1 else "缺少名称"
            out.skipped.append(SkippedRow(n, reason, content))
            continue
        if len(name) > MAX_NAME_CHARS:
            out.skipped.append(SkippedRow(n, f"名称过长（{len(name)} 字），不像是名称", content))
            continue
        year = default_year
        year_cell = cell(cells, "year")
        if year_cell:
            col = cols["year"]
            year = parse_year(grid[i][col] if col < len(grid[i]) else year_cell)
            if year is None:
                out.skipped.append(SkippedRow(n, f"年份无法识别：“{year_cell}”", content))
                continue
        elif year is None:
            out.skipped.append(
                SkippedRow(n, "缺少年份：名单中没有年份，导入时也没有指定年份（--year）", content)
            )
            continue
        unit, leader = cell(cells, "unit"), cell(cells, "leader")
        key = (name_key(name, unit) or name, leader_key(leader), year)
        if key in seen:
            out.skipped.append(SkippedRow(n, f"与第 {seen[key]} 行重复", content))
            continue
        seen[key] = n
        out.rows.append(NamedRow(name=name, unit=unit, leader=leader, year=year, row=n))
    return True


def read_named_list(path: Path, year: int | None = None) -> NamedList:
    """The rows of a 命名名单; ``year`` is the year of rows that give none."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ods"):
        raise NamedListError(
            f"{path.name} 是旧版或其他格式的表格：请在 Excel/WPS 中另存为 .xlsx 或 .csv 后再导入。"
        )
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise NamedListError(f"{path.name} 不是 .xlsx 或 .csv 文件。")
    try:
        sheets = [("", _csv_grid(path))] if suffix in (".csv", ".txt") else _xlsx_sheets(path)
        for sheet, grid in sheets:
            out = NamedList(path=path, sheet=sheet, header_row=0, columns={})
            if _read_grid(grid, year, out):
                _log.info(
                    "named list %s: sheet %r, header row %d, %d rows, %d skipped",
                    path.name,
                    sheet,
                    out.header_row,
                    len(out.rows),
                    len(out.skipped),
                )
                return out
    except OSError as e:
        raise NamedListError(f"无法读取 {path.name}：{os_error_text(e)}") from e
    raise NamedListError(
        f"{path.name} 中没有找到表头：前 {HEADER_SCAN_ROWS} 行里没有“名称”“班组名称”“工作室名称”"
        "“项目名称”等列名。"
    )


def preview(rows: list[NamedRow], limit: int = 10) -> list[tuple[str, ...]]:
    """The first rows as they will be stored, in the columns of ``PREVIEW_HEADER``."""
    return [
        (str(r.row), r.name, r.unit, r.leader, str(r.year) if r.year is not None else "")
        for r in rows[:limit]
    ]
