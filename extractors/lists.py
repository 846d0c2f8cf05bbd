"""List-layout documents (推荐汇总表, 工作台账): a table with a header row, one item per row below it.

The header row is the row (among a table's first six) holding most of the kind's column headers; every row below
it is an item under the columns' keys, normalised by the column's type; the template's empty (numbered) rows are
dropped. A date written without its year ("2月15日", as a 台账 dated "（2022年）" in its title writes its rows) takes the
year its title states.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from extractors import text as tx
from extractors.models import Document, Table
from extractors.profile import ColumnSpec, KindSpec

# "2月15日", "2月15号", "02月15日": a day of a month, no year.
_MONTH_DAY = re.compile(r"^\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?\s*$")
# The year a title states: "工作台账（2022年）", "2022年度工作台账".
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
TITLE_LINES = 8


@lru_cache(maxsize=4096)
def _variants(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(tx.norm_label(x) for x in labels)


def _header_row(t: Table, columns: list[ColumnSpec]) -> tuple[int, dict[int, ColumnSpec]] | None:
    best: tuple[int, dict[int, ColumnSpec]] | None = None
    rows = t.rows_text()
    for r, row in enumerate(rows[:6]):
        mapping: dict[int, ColumnSpec] = {}
        for k, cell in enumerate(row):
            n = tx.norm_label(cell)
            for col in columns:
                if col in mapping.values():
                    continue
                if n in _variants(tuple(col.headers)):
                    mapping[k] = col
                    break
        if mapping and (best is None or len(mapping) > len(best[1])):
            best = (r, mapping)
    return best


def list_score(kind: KindSpec, doc: Document) -> int:
    best = 0
    for t in doc.tables():
        hr = _header_row(t, kind.columns)
        if hr:
            best = max(best, len(hr[1]))
    return best


def title_year(doc: Document) -> int | None:
    """The year the document's title (one of its first lines) states, if any."""
    for ln in [x for x in doc.lines() if x.strip()][:TITLE_LINES]:
        if m := _TITLE_YEAR.search(tx.nfkc(ln)):
            return int(m.group(1))
    return None


def dated(raw: str, year: int | None) -> str | None:
    """A date written without its year ("2月15日") in the given year, as YYYY-MM-DD; None when it is no such date."""
    m = _MONTH_DAY.match(tx.nfkc(raw or ""))
    if m is None or year is None:
        return None
    return tx.parse_date(f"{year}年{m.group('m')}月{m.group('d')}日")[0]


def map_list(kind: KindSpec, doc: Document, subject_key: str,
             normalise: Callable[[str, str, str], tuple[Any, str]]) -> list[dict[str, Any]]:
    """The items of a list-layout document; ``normalise(type, raw, unit)`` -> (value, problem) is the form mapper's."""
    items: list[dict[str, Any]] = []
    year = title_year(doc) if any(c.type == "date" for c in kind.columns) else None
    for t in doc.tables():
        hr = _header_row(t, kind.columns)
        if not hr or len(hr[1]) < kind.min_matches:
            continue
        r0, mapping = hr
        for row in t.rows_text()[r0 + 1 :]:
            item: dict[str, Any] = {}
            for k, col in mapping.items():
                raw = row[k] if k < len(row) else ""
                value, _ = normalise(col.type, raw, col.unit)
                if value is None and col.type == "date":
                    value = dated(raw, year)
                item[col.key] = value
            filled = [v for key, v in item.items() if v not in (None, "") and key != "序号"]
            if not filled:
                continue  # the template's empty numbered rows
            if subject_key and subject_key in item and not item.get(subject_key):
                continue
            items.append(item)
    return items
