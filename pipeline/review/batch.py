"""A finished batch read back from its output folder: its findings (from records.json), and the decisions
staff typed into 异常报告.xlsx (``import_xlsx``). Deciding on findings needs no re-reading of the inbox.

May import ``checks.models``, ``extractors.models`` and ``pipeline.review.decisions``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.models import Finding
from extractors.models import Severity
from pipeline.review import decisions as dec

RECORDS = "records.json"
FINDINGS_XLSX = "异常报告.xlsx"
# The column headers and sheets of 异常报告.xlsx (pipeline.outputs.findings writes them).
DECISION_HEADER, NOTE_HEADER, KEY_HEADER, NUMBER_HEADER = "处理决定", "处理说明", "问题编号", "序号"
FINDINGS_SHEET, IGNORED_SHEET = "异常清单", "已忽略"


class BatchError(Exception):
    """The output folder cannot be used; the message is for the user (Chinese)."""


@dataclass
class Batch:
    """What one output folder says about its batch."""

    out_dir: Path
    profile: str
    profile_title: str
    inbox: str
    findings: list[Finding]  # in report order: position + 1 is the 序号
    inbox_path: str = ""  # the inbox as an absolute path (records.json from before it was kept: "")

    def by_key(self) -> dict[str, Finding]:
        return {f.key: f for f in self.findings}


def _finding(d: dict[str, Any], unit: str = "", path: str = "") -> Finding:
    units = d.get("units") or ([unit] if unit else [])
    return Finding(code=d["code"], severity=Severity(d["severity"]), title=d.get("title", ""),
                   message=d.get("message", ""), paths=list(d.get("paths") or ([path] if path else [])),
                   subject=d.get("subject", ""), field=d.get("field", ""), actual=d.get("actual"),
                   limit=d.get("limit"), evidence=d.get("evidence", ""), units=list(units),
                   batch="paths" in d and not path)


def load_batch(out_dir: Path) -> Batch:
    """The batch an output folder holds (its records.json); BatchError when there is none or it is damaged."""
    out_dir = Path(out_dir)
    p = out_dir / RECORDS
    if not p.is_file():
        raise BatchError(f"{out_dir} 中没有 {RECORDS}：请先用 huishen run 审查材料，再对结果作出处理决定")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        findings = [_finding(f, d.get("unit", ""), d.get("path", "")) for d in data["documents"]
                    for f in d.get("findings", [])]
        findings += [_finding(f) for f in data.get("findings", [])]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BatchError(f"{p} 无法读取或已损坏（{type(e).__name__}），请重新运行 huishen run") from e
    wrong = [f for f, d in zip(findings, _raw_keys(data), strict=True) if d and f.key != d]
    if wrong:  # records.json from another version: its keys are what the decisions hold on to
        raise BatchError(f"{p} 由另一版本的汇审生成，问题编号对不上；请重新运行 huishen run 后再作处理决定")
    return Batch(out_dir, data.get("profile", ""), data.get("profile_title", ""), data.get("inbox", ""),
                 dec.numbered(findings), data.get("inbox_path", ""))


def _raw_keys(data: dict[str, Any]) -> list[str]:
    return ([f.get("key", "") for d in data["documents"] for f in d.get("findings", [])]
            + [f.get("key", "") for f in data.get("findings", [])])


# ------------------------------------------------------------------------------------------ from 异常报告.xlsx


@dataclass
class Refused:
    """A row of the workbook whose decision was not taken, and why (Chinese)."""

    sheet: str
    row: int
    value: str
    reason: str


@dataclass
class Imported:
    changes: list[dec.Change] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    rows_read: int = 0


def import_xlsx(batch: Batch, decisions: dec.Decisions, xlsx: Path | None = None, who: str | None = None) -> Imported:
    """Apply the decisions typed into 异常报告.xlsx (its 处理决定 and 处理说明 columns, on 异常清单 and 已忽略).

    A row is matched by its 问题编号 (the finding's key), never by its position. An empty 处理决定 changes
    nothing; "清除" withdraws a decision; an unknown word, or a key no finding of this batch has, is refused
    and listed — never guessed. ``decisions`` is changed in place; the caller saves it."""
    import openpyxl

    xlsx = Path(xlsx) if xlsx else batch.out_dir / FINDINGS_XLSX
    try:
        wb = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    except FileNotFoundError as e:
        raise BatchError(f"找不到 {xlsx}") from e
    except Exception as e:  # noqa: BLE001 — openpyxl raises many types for a file that is not a workbook
        raise BatchError(f"{xlsx} 无法打开（不是有效的 .xlsx 文件，或正被其他程序占用）") from e
    found = batch.by_key()
    out = Imported()
    wanted: list[tuple[Finding, dec.Status | None, str]] = []
    # A finding about two units is listed under each: its rows must not say two different things.
    said: dict[str, tuple[dec.Status | None, str, str]] = {}

    def differs(key: str, status: dec.Status | None, note: str, where: str) -> str:
        first = said.setdefault(key, (status, note, where))
        return first[2] if first[:2] != (status, note) else ""

    try:
        sheets = [ws for ws in wb.worksheets if ws.title in (FINDINGS_SHEET, IGNORED_SHEET)]
        if not sheets:
            raise BatchError(f"{xlsx} 中没有“{FINDINGS_SHEET}”工作表：请使用汇审生成的异常报告.xlsx")
        for ws in sheets:
            rows = ws.iter_rows(values_only=True)
            header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
            if DECISION_HEADER not in header or KEY_HEADER not in header:
                raise BatchError(f"{xlsx} 的“{ws.title}”工作表缺少“{DECISION_HEADER}”或“{KEY_HEADER}”列："
                                 "请使用本版本汇审生成的异常报告.xlsx")
            c_dec, c_key = header.index(DECISION_HEADER), header.index(KEY_HEADER)
            c_note = header.index(NOTE_HEADER) if NOTE_HEADER in header else None
            for n, values in enumerate(rows, 2):
                typed, key, note = (_cell(values, c) for c in (c_dec, c_key, c_note))
                if not typed:
                    continue
                out.rows_read += 1
                if key not in found:
                    out.refused.append(Refused(ws.title, n, key, "本批没有这个问题编号（问题可能已在更正后消失）"))
                    continue
                status = None if typed in dec.CLEAR else dec.parse_status(typed)
                if status is None and typed not in dec.CLEAR:
                    out.refused.append(Refused(ws.title, n, typed,
                                               "不是可用的处理决定（可填：已核实（保留）、不是问题（忽略）、已通知、清除）"))
                    continue
                note = "" if status is None else note
                if other := differs(key, status, note, f"“{ws.title}”第 {n} 行"):
                    out.refused.append(Refused(ws.title, n, typed, f"同一问题在{other}填了不同的决定或说明，请只留一种"))
                    continue
                wanted.append((found[key], status, note))
    finally:
        wb.close()

    for f, status, note in wanted:
        current = decisions.get(f.key)
        if status is not None and current is not None and current.status is status and current.note == note:
            continue
        out.changes += dec.apply(decisions, [f], status, note, who=who)
    return out


def _cell(values: tuple, col: int | None) -> str:
    """A cell's text, stripped ("" for a missing column or an empty cell)."""
    if col is None or col >= len(values) or values[col] is None:
        return ""
    return str(values[col]).strip()
