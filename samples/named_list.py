"""The registry fixture: last year's 命名名单 of a campaign as the provincial union publishes it (.xlsx).

Usage::

    python -m samples.generate banzu DEST --named-list 2023命名名单.xlsx
    huishen registry import 2023命名名单.xlsx --campaign banzu --year 2023

The list has a title row, the header 序号/名称/所在单位/负责人 and one row per named 班组 or 工作室 (data:
``samples.banzu.NAMED_LIST_BANZU``, ``samples.studio.NAMED_LIST_STUDIO``). Exactly one row is an item of the
sample inbox, written differently from its form; a run with the list in the registry reports it
(``EXPECTED_BANZU_REGISTRY`` / ``EXPECTED_STUDIO_REGISTRY``). The file must not be written into the inbox:
everything there is read as a submission. Every list is stamped with the samples' default date
(samples.forms.SAMPLES_DT), whatever the campaign's own.

May import: samples.forms, and a campaign (samples.banzu, samples.studio) for its list's data.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

from samples.forms import xlsx_bytes, xlsx_title

__all__ = ["named_list_xlsx", "named_list", "write_named_list"]

HEADER = ("序号", "名称", "所在单位", "负责人")


def named_list_xlsx(title: str, rows: list[tuple[str, str, str]]) -> bytes:
    """The 命名名单 workbook: a merged title row, the header, then 序号 and ``rows`` (名称, 所在单位, 负责人)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "命名名单"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    xlsx_title(ws, 1, "D", title)
    for r, values in enumerate([HEADER, *((i, *row) for i, row in enumerate(rows, start=1))], start=2):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.font = Font(name="黑体" if r == 2 else "宋体", size=12 if r == 2 else 11)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
    for col, width in zip("ABCD", (6, 36, 34, 10), strict=True):
        ws.column_dimensions[col].width = width
    return xlsx_bytes(wb, "省总工会")


def named_list(profile: str) -> tuple[int, str, list[tuple[str, str, str]]]:
    """(year, title, rows) of the sample 命名名单 of ``profile`` (``banzu``, ``studio``, ``youzhi`` or ``wuxiao``)."""
    if profile == "studio":
        from samples import studio

        return studio.NAMED_YEAR, studio.NAMED_LIST_TITLE, studio.NAMED_LIST_STUDIO
    if profile == "youzhi":
        from samples import youzhi

        return youzhi.NAMED_YEAR, youzhi.NAMED_LIST_TITLE, youzhi.NAMED_LIST_YOUZHI
    if profile == "chuangjian":
        from samples import chuangjian

        return chuangjian.NAMED_YEAR, chuangjian.NAMED_LIST_TITLE, chuangjian.NAMED_LIST_CHUANGJIAN
    if profile == "wuxiao":
        from samples import wuxiao

        return wuxiao.NAMED_YEAR, wuxiao.NAMED_LIST_TITLE, wuxiao.NAMED_LIST_WUXIAO
    if profile == "banzu":
        from samples import banzu

        return banzu.NAMED_YEAR, banzu.NAMED_LIST_TITLE, banzu.NAMED_LIST_BANZU
    raise ValueError(f"没有这个评选的样例命名名单：{profile}")


def write_named_list(profile: str, path: Path) -> Path:
    """Write the sample 命名名单 of ``profile`` to ``path`` (.xlsx); return ``path``."""
    _year, title, rows = named_list(profile)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(named_list_xlsx(title, rows))
    return path
