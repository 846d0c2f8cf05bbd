"""XLSX reader: each visible worksheet -> title lines as paragraphs, then its used range as one Table.

A submission sheet usually opens with a merged title row and a few one-cell lines
("推荐单位：XX", "联系人：XX") before the real header row; those lines are paragraphs, and the
table starts at the first row with two or more filled cells. Values are rendered the way the
sheet shows them where that matters to a reader: whole numbers without ".0", dates as
YYYY-MM-DD, fixed-decimal formats with their decimals (a month typed as the number 2015.10 under
format "0.00" reads "2015.10", not "2015.1"), and no binary float noise (2015.11, not
2015.1100000000001).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import warnings
import zipfile
from bisect import bisect_left, bisect_right
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries

from extractors.models import Cell, Document, Paragraph, Table
from extractors.readers import ReaderError, ReadOptions, damaged, short_reason

_log = logging.getLogger(__name__)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_FIXED_DECIMALS = re.compile(r"^[#,]*0+(?:\.(0+))?$")  # 0, 0.00, #,##0.0 ...
_PERCENT = re.compile(r"^0(?:\.(0+))?%$")
# openpyxl makes an object for every cell a merge covers: one merge over a whole sheet
# (A1:XFD1048576) costs minutes and gigabytes before a value is read. Merges beyond this many
# covered cells per sheet are dropped before opening (a whole-row title merge is 16384).
MAX_MERGED_CELLS = 20_000
_MERGE_CELL = re.compile(rb'<((?:[\w.-]+:)?)mergeCell\b[^>]*?\bref="([^"]*)"[^>]*?(?:/>|>\s*</\1mergeCell>)')
# A used range larger than this is mostly empty (a stray value in a far corner of the sheet): the
# table is then read as the rows and columns that hold something.
MAX_TABLE_CELLS = 100_000


def read_xlsx(data: bytes, options: ReadOptions | None = None) -> Document:
    """Read an .xlsx workbook into a Document; raise ReaderError (Chinese reason) if unreadable."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTION_STREAM in data:
            raise ReaderError("Excel 文件已加密，需要密码才能打开")
        raise ReaderError("不是 .xlsx 文件（可能是旧版 .xls），请另存为 .xlsx 后再提交")
    data, dropped = _drop_huge_merges(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except zipfile.BadZipFile as e:
        raise damaged("Excel 文件已损坏或不完整", e) from e
    except Exception as e:  # noqa: BLE001 — openpyxl raises anything from KeyError to lxml errors
        raise ReaderError("Excel 文件无法打开（内容不符合 .xlsx 格式，可能已损坏或由其他软件生成）"
                          "，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交", detail=short_reason(e)) from e

    try:
        doc = Document()
        doc.warnings.extend(f"合并单元格范围异常大（{ref}），已按未合并读取" for ref in dropped)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            _read_sheet(ws, doc)
        if not doc.blocks:
            doc.warnings.append("Excel 文件没有可读取的内容")
        return doc
    except Exception as e:  # noqa: BLE001 — a reader must never let anything else escape
        _log.exception("XLSX reader failed")
        raise ReaderError("Excel 文件无法读取，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交",
                          detail=short_reason(e)) from e
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001
            pass


def _drop_huge_merges(data: bytes) -> tuple[bytes, list[str]]:
    """The package without the merges past MAX_MERGED_CELLS on a sheet, and their ranges.

    Any other damage is left as it is, for openpyxl to report.
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        members = [(info.filename, z.read(info)) for info in z.infolist()]
    except Exception:  # noqa: BLE001
        return data, []
    dropped: list[str] = []
    total = 0

    def keep(m: re.Match) -> bytes:
        nonlocal total
        try:
            c0, r0, c1, r1 = range_boundaries(m.group(2).decode("ascii"))
            size = (r1 - r0 + 1) * (c1 - c0 + 1)
        except Exception:  # noqa: BLE001 — not a range of cells: openpyxl's to judge
            return m.group(0)
        if total + size <= MAX_MERGED_CELLS:
            total += size
            return m.group(0)
        dropped.append(m.group(2).decode("ascii"))
        return b""

    rewritten = []
    for name, blob in members:
        if name.endswith(".xml") and b"mergeCell" in blob:
            total = 0
            blob = _MERGE_CELL.sub(keep, blob)
        rewritten.append((name, blob))
    if not dropped:
        return data, []
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        warnings.simplefilter("ignore")  # a duplicated member name stays duplicated
        for name, blob in rewritten:
            out.writestr(name, blob)
    return buf.getvalue(), dropped




def _read_sheet(ws: Any, doc: Document) -> None:
    # ws._cells holds only the cells present in the file; iter_rows() over ws.max_row would create
    # every position of a range that formatting alone can stretch to a million rows.
    values: dict[tuple[int, int], str] = {}
    for (r, c), cell in ws._cells.items():
        text = format_value(cell.value, cell.number_format)
        if text:
            values[(r, c)] = text
    if not values:
        return

    filled_per_row: dict[int, int] = {}
    for r, _ in values:
        filled_per_row[r] = filled_per_row.get(r, 0) + 1
    table_rows = [r for r, n in filled_per_row.items() if n >= 2]
    first_table_row = min(table_rows) if table_rows else max(filled_per_row) + 1

    for pos in sorted(k for k in values if k[0] < first_table_row):  # one value per row here
        doc.blocks.append(Paragraph(text=values[pos]))
    if not table_rows:
        return

    in_table = {k: v for k, v in values.items() if k[0] >= first_table_row}
    merges = [
        (m.min_row, m.min_col, m.max_row, m.max_col)
        for m in ws.merged_cells.ranges
        if m.max_row >= first_table_row
    ]
    top = first_table_row
    bottom = max(r for r, _ in in_table)
    left = min(c for _, c in in_table)
    right = max(c for _, c in in_table)
    # a merge whose top-left holds a value stretches the used range to its full extent
    for r0, c0, r1, c1 in merges:
        if (r0, c0) in in_table:
            bottom, left, right = max(bottom, r1), min(left, c0), max(right, c1)

    clipped = []
    for r0, c0, r1, c1 in merges:
        r0c, c0c = max(r0, top), max(c0, left)
        r1c, c1c = min(r1, bottom), min(c1, right)
        if r1c >= r0c and c1c >= c0c:
            clipped.append((r0, c0, r0c, c0c, r1c, c1c))
    # sheet rows and columns that make the table's rows and columns: all of the used range, or
    # when that is mostly empty, those that hold a value or start a merge
    rows: range | list[int] = range(top, bottom + 1)
    cols: range | list[int] = range(left, right + 1)
    if len(rows) * len(cols) > MAX_TABLE_CELLS:
        rows = sorted({r for r, _ in in_table} | {m[2] for m in clipped})
        cols = sorted({c for _, c in in_table} | {m[3] for m in clipped})
    covered: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r0, c0, r0c, c0c, r1c, c1c in clipped:
        i0, i1 = bisect_left(rows, r0c), bisect_right(rows, r1c)
        j0, j1 = bisect_left(cols, c0c), bisect_right(cols, c1c)
        # a merge that starts above the table (in the title lines) keeps no text in the table
        text = values.get((r0, c0), "") if (r0, c0) == (r0c, c0c) else ""
        cells.append(Cell(i0, j0, text, i1 - i0, j1 - j0))
        covered.update((i, j) for i in range(i0, i1) for j in range(j0, j1))
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            if (i, j) not in covered:
                cells.append(Cell(i, j, in_table.get((r, c), "")))
    cells.sort(key=lambda c: (c.row, c.col))
    doc.blocks.append(Table(n_rows=len(rows), n_cols=len(cols), cells=cells))


def format_value(value: Any, number_format: str | None = None) -> str:
    """A cell value as text, the way a person reading the sheet would copy it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _format_float(value, number_format or "General")
    return str(value).strip()


def _format_float(v: float, number_format: str) -> str:
    if v != v or v in (float("inf"), float("-inf")):
        return str(v)
    fmt = number_format.split(";")[0].replace("\\", "").strip()
    fixed = _FIXED_DECIMALS.match(fmt)
    # Only fractions take the format's decimals: 2015.1 under "0.00" is the month 2015.10, while
    # a whole number stays "3" like an int cell does.
    if fixed and not v.is_integer():
        return f"{v:.{len(fixed.group(1) or '')}f}"
    percent = _PERCENT.match(fmt)
    if percent:
        return f"{v * 100:.{len(percent.group(1) or '')}f}%"
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    # Excel shows at most 15 significant digits; that also drops binary noise
    # (2015.1100000000001 -> "2015.11").
    return f"{v:.15g}"
