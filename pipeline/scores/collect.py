"""Filled 评分表 read back (``read_sheet``), kept per expert in ``<out>/评审/已收评分.json`` (``collect``), and
checked against the panel (``validate``): a score above the maximum or negative, an empty or non-numeric cell,
an entry missing or added, a changed entry name, the same expert twice, a typed 合计 that is not the sum.

A sheet is read by its header row (编号, 名称, each criterion, 合计), not by fixed positions, so a sheet typed
again by hand is read as well as the one sent out. A re-collected sheet of an expert replaces the one kept,
and the scores that changed are listed. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pipeline.atomic import write_atomic
from pipeline.outputs.scoresheets import LAYOUT, TOTAL_HEADER, col_letter, fmt_points
from pipeline.scores.model import RowRead, SheetRead, _no, _text
from pipeline.scores.panel import SHEET_PREFIX, Panel, ScoresError, folder

_log = logging.getLogger(__name__)

STORE_FILE = "已收评分.json"
SCAN_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
_SIGN = "评审专家（签名）"


@dataclass
class ScoreFinding:
    code: str
    severity: str  # error | warning | info
    expert: str
    message: str
    no: str = ""
    name: str = ""
    cell: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


def read_sheet(path: Path, panel: Panel) -> SheetRead:
    """One filled 评分表 (.xlsx, or a scan or photo of a printed one); ScoresError when it is not one."""
    if Path(path).suffix.lower() in SCAN_SUFFIXES:
        from pipeline.scores.scans import read_scan

        return read_scan(Path(path), panel)
    return _read_xlsx(path, panel)


def has_scores(path: Path, panel: Panel) -> bool:
    """Whether the file at ``path`` is a 评分表 with any score filled in (False when absent or unreadable)."""
    if not Path(path).is_file():
        return False
    try:
        sheet = _read_xlsx(path, panel)
    except (ScoresError, OSError):
        return False
    return any(v is not None for r in sheet.rows for v in r.scores.values())


def _read_xlsx(path: Path, panel: Panel) -> SheetRead:
    import openpyxl

    data = Path(path).read_bytes()
    try:
        wb_f = openpyxl.load_workbook(path, data_only=False)
        wb_v = openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # noqa: BLE001 — openpyxl raises many types for a file that is not a workbook
        raise ScoresError(f"{Path(path).name} 无法打开（不是有效的 .xlsx 文件，或正被其他程序占用）") from e
    from pipeline.outputs.scoresheets import SCORE_SHEET

    # the 评分表 sheet, wherever an expert moved it; a sheet typed again elsewhere: its first sheet
    ws_f = wb_f[SCORE_SHEET] if SCORE_SHEET in wb_f.sheetnames else wb_f.worksheets[0]
    ws_v = wb_v[ws_f.title]
    crits = [c.key for c in panel.spec.criteria]
    width = len(panel.entries[0].no) if panel.entries else 2
    expert, header_at, columns, c_no, c_name, c_unit = "", 0, {}, 0, 0, 0
    for r in range(1, min(ws_f.max_row, 15) + 1):
        cells = [_text(ws_v.cell(r, c).value) for c in range(1, ws_v.max_column + 1)]
        for t in cells:
            if t.startswith(LAYOUT.expert_label.rstrip("：")) and not expert:
                expert = t.removeprefix(LAYOUT.expert_label.rstrip("：")).lstrip("：:")
        if "编号" in cells and "名称" in cells:
            header_at = r
            c_no, c_name = cells.index("编号") + 1, cells.index("名称") + 1
            c_unit = cells.index("推荐单位") + 1 if "推荐单位" in cells else 0
            for j, t in enumerate(cells, 1):
                for k in crits:
                    if (t == k or t.startswith(f"{k}（") or t.startswith(f"{k}(")) and k not in columns:
                        columns[k] = col_letter(j)
                if t.startswith(TOTAL_HEADER) and TOTAL_HEADER not in columns:
                    columns[TOTAL_HEADER] = col_letter(j)
            break
    if not header_at:
        raise ScoresError(f"{Path(path).name} 中找不到评分表的表头（“编号”“名称”两列）：请交回汇审生成的评分表")
    if not expert:
        stem = Path(path).stem
        expert = stem.removeprefix(SHEET_PREFIX) if stem.startswith(SHEET_PREFIX) else ""
    if not expert:
        raise ScoresError(f"{Path(path).name} 中没有写明评审专家（第 {LAYOUT.expert_row} 行“评审专家：姓名”）")
    from openpyxl.utils import column_index_from_string as idx

    rows: list[RowRead] = []
    for r in range(header_at + 1, ws_f.max_row + 1):
        first = _text(ws_v.cell(r, 1).value)
        if first.startswith(_SIGN) or any(_text(ws_v.cell(r, c).value).startswith(_SIGN) for c in (1, 2)):
            break
        if first == "评分要点":
            continue
        no, name = _no(ws_v.cell(r, c_no).value, width), _text(ws_v.cell(r, c_name).value)
        scores = {k: _value(ws_v.cell(r, idx(columns[k])).value) for k in crits if k in columns}
        if not no and not name and all(v is None for v in scores.values()):
            continue
        total, formula = None, False
        if TOTAL_HEADER in columns:
            c = idx(columns[TOTAL_HEADER])
            raw = ws_f.cell(r, c).value
            formula = isinstance(raw, str) and raw.startswith("=")
            total = _value(ws_v.cell(r, c).value) if not formula else None
        rows.append(RowRead(r, no, name, _text(ws_v.cell(r, c_unit).value) if c_unit else "", scores, total,
                            formula))
    missing = [k for k in crits if k not in columns]
    return SheetRead(expert, Path(path).name, hashlib.sha256(data).hexdigest(), columns, rows, missing)


def _value(v: Any) -> Any:
    if isinstance(v, str):
        t = v.strip()
        return t or None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def number(v: Any) -> Decimal | None:
    """A score cell's value as a number; None when it is not one ("良", "九十")."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return Decimal(str(v))
    try:
        return Decimal(str(v).strip().replace("分", ""))
    except InvalidOperation:
        return None


# ---------------------------------------------------------------------------------------- the store


@dataclass
class Change:
    expert: str
    file: str
    old_file: str
    lines: list[str]  # each changed score, in words


@dataclass
class Collected:
    """The outcome of one ``collect``: what was taken, what replaced what, what was refused."""

    taken: list[SheetRead] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # experts whose re-collected sheet says the same
    refused: list[ScoreFinding] = field(default_factory=list)


@dataclass
class Store:
    sheets: dict[str, SheetRead] = field(default_factory=dict)
    conflicts: dict[str, list[str]] = field(default_factory=dict)  # expert -> files that disagree
    history: list[dict[str, Any]] = field(default_factory=list)


def load_store(out_dir: Path) -> Store:
    p = folder(out_dir) / STORE_FILE
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Store()
    except (OSError, ValueError) as e:
        raise ScoresError(f"{p} 无法读取或已损坏：请删除它，再把全部评分表重新收一遍") from e
    return Store({k: SheetRead.from_json(v) for k, v in d.get("sheets", {}).items()},
                 {k: list(v) for k, v in d.get("conflicts", {}).items()}, list(d.get("history", [])))


def save_store(out_dir: Path, store: Store) -> Path:
    p = folder(out_dir) / STORE_FILE
    doc = {"sheets": {k: store.sheets[k].as_json() for k in sorted(store.sheets)},
           "conflicts": {k: store.conflicts[k] for k in sorted(store.conflicts)}, "history": store.history}
    write_atomic(p, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return p


def collect(out_dir: Path, panel: Panel, paths: list[Path], who: str = "") -> tuple[Store, Collected]:
    """Read ``paths`` into the store of ``out_dir`` (not yet saved). Two different sheets of one expert in the
    same call are both refused (the one kept before stays); the same sheet twice counts once."""
    store = load_store(out_dir)
    out = Collected()
    read: dict[str, list[SheetRead]] = {}
    for p in sorted(paths, key=lambda x: x.name):
        try:
            s = read_sheet(p, panel)
        except (ScoresError, OSError) as e:
            out.refused.append(ScoreFinding("sheet.unreadable", "error", "", str(e) if isinstance(e, ScoresError)
                                            else f"{p.name} 无法读取"))
            continue
        read.setdefault(s.expert, []).append(s)
    for expert in sorted(read):
        sheets = read[expert]
        distinct = {json.dumps(s.content(), ensure_ascii=False, sort_keys=True) for s in sheets}
        if len(distinct) > 1:
            files = [s.file for s in sheets]
            store.conflicts[expert] = files
            out.refused.append(ScoreFinding(
                "expert.twice", "error", expert,
                f"专家“{expert}”交来 {len(files)} 份内容不同的评分表（{'、'.join(files)}），都没有收入；"
                "请确认哪一份是定稿，只收那一份"))
            continue
        new = sheets[0]
        store.conflicts.pop(expert, None)
        old = store.sheets.get(expert)
        if old is not None and old.content() == new.content():
            out.unchanged.append(expert)
        elif old is not None:
            out.changes.append(Change(expert, new.file, old.file, _diff(old, new, panel)))
        store.sheets[expert] = new
        out.taken.append(new)
        store.history.append({"at": dt.datetime.now().isoformat(timespec="seconds"), "who": who, "expert": expert,
                              "file": new.file, "sha256": new.sha256,
                              "replaced": old.file if old is not None else ""})
    return store, out


def _diff(old: SheetRead, new: SheetRead, panel: Panel) -> list[str]:
    a = {r.no: r for r in old.rows}
    b = {r.no: r for r in new.rows}
    lines = []
    for no in sorted(set(a) | set(b)):
        name = (panel.entry(no).name if panel.entry(no) else (b.get(no) or a.get(no)).name)
        if no not in a:
            lines.append(f"编号 {no}（{name}）：新增")
            continue
        if no not in b:
            lines.append(f"编号 {no}（{name}）：更正稿中没有")
            continue
        for k in [c.key for c in panel.spec.criteria]:
            x, y = a[no].scores.get(k), b[no].scores.get(k)
            if x != y:
                lines.append(f"编号 {no}（{name}）“{k}”：{_show(x)} → {_show(y)}")
    return lines


def _show(v: Any) -> str:
    return "空" if v is None else str(v)


# ---------------------------------------------------------------------------------------- validation


def validate(panel: Panel, store: Store) -> tuple[list[ScoreFinding], dict[str, dict[str, dict[str, Decimal]]]]:
    """The problems of the kept sheets, and the scores that count: expert -> 编号 -> criterion -> points. An
    expert's scores for an entry count only when every criterion holds a number from 0 to its maximum."""
    findings: list[ScoreFinding] = []
    valid: dict[str, dict[str, dict[str, Decimal]]] = {}
    order = {x: i for i, x in enumerate(panel.experts)}
    for expert, files in sorted(store.conflicts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])):
        findings.append(ScoreFinding("expert.twice", "error", expert,
                                     f"专家“{expert}”交来内容不同的评分表（{'、'.join(files)}），都没有收入；"
                                     + ("仍按先前收到的一份计算" if expert in store.sheets else "该专家的评分暂不计入")))
    for expert in sorted(store.sheets, key=lambda x: (order.get(x, len(order)), x)):
        sheet = store.sheets[expert]
        fs, scores = _validate_sheet(panel, sheet)
        findings += fs
        valid[expert] = scores
    return findings, valid


def _validate_sheet(panel: Panel, sheet: SheetRead) -> tuple[list[ScoreFinding], dict[str, dict[str, Decimal]]]:
    who = sheet.expert
    out: list[ScoreFinding] = []
    scores: dict[str, dict[str, Decimal]] = {}

    def add(code: str, severity: str, message: str, no: str = "", name: str = "", cell: str = "") -> None:
        out.append(ScoreFinding(code, severity, who, message, no, name, cell))

    where = f"专家“{who}”的评分表（{sheet.file}{'，扫描件' if sheet.scan else ''}）"
    if who not in panel.experts:
        add("expert.unknown", "warning", f"{where}：“{who}”不在生成评分表时的专家名单中"
            f"（{'、'.join(panel.experts)}），已照收；如是笔误，请改正姓名后重新收表")
    for k in sheet.missing_criteria:
        add("criterion.missing", "error", f"{where}中找不到“{k}”一列，各项评分都不完整，不计入结果")
    crits = panel.spec.criteria
    seen: dict[str, int] = {}
    for r in sheet.rows:
        e = panel.entry(r.no)
        label = f"{where}第 {r.row} 行"
        if e is None:
            add("entry.added", "error", f"{label}“编号 {r.no or '（空）'}　{r.name}”不在评审名单中（多出的一行），"
                "这一行的评分不计入", r.no, r.name, f"{col_letter(LAYOUT.no_col)}{r.row}")
            continue
        if r.no in seen:
            add("entry.twice", "error", f"{label}：编号 {r.no}（{e.name}）在第 {seen[r.no]} 行已经评过一次，"
                "这一行的评分不计入", r.no, e.name, f"{col_letter(LAYOUT.no_col)}{r.row}")
            continue
        seen[r.no] = r.row
        if r.name != _text(e.name):
            add("entry.renamed", "warning", f"{label}编号 {r.no} 的名称写成“{r.name}”，评审名单中是“{e.name}”；"
                "仍按编号计分，请核对专家评的是不是这一项", r.no, e.name, f"{col_letter(LAYOUT.name_col)}{r.row}")
        got: dict[str, Decimal] = {}
        for c in crits:
            if c.key not in sheet.columns:
                continue
            cell = f"{sheet.columns[c.key]}{r.row}"
            v = r.scores.get(c.key)
            x = number(v)
            what = f"{label}（编号 {r.no}　{e.name}）“{c.key}”（{cell}）"
            if v is None:
                add("score.empty", "error", f"{what}没有填分", r.no, e.name, cell)
            elif x is None:
                add("score.not_number", "error", f"{what}填的是“{v}”，不是分数", r.no, e.name, cell)
            elif x < 0:
                add("score.negative", "error", f"{what}填了 {v} 分，不能是负数", r.no, e.name, cell)
            elif x > Decimal(str(c.max)):
                add("score.over_max", "error", f"{what}填了 {v} 分，超过满分 {fmt_points(c.max)} 分",
                    r.no, e.name, cell)
            else:
                if c.key in r.doubt:
                    add("score.low_confidence", "warning", f"{what}扫描识别为 {v} 分，字迹不够清晰（识别清晰度 "
                        f"{r.doubt[c.key]:.0%}），请与纸质评分表核对", r.no, e.name, cell)
                if x != x.quantize(Decimal("0.1")):
                    add("score.decimals", "warning", f"{what}填了 {v} 分，超过一位小数；按所填数值计算",
                        r.no, e.name, cell)
                got[c.key] = x
        complete = len(got) == len(crits)  # else the expert's scores for this entry do not count
        if complete:
            scores[r.no] = got
        if complete and r.total is not None and TOTAL_HEADER in sheet.columns:
            cell = f"{sheet.columns[TOTAL_HEADER]}{r.row}"
            s = sum(got.values(), Decimal(0))
            t = number(r.total)
            if t is None or abs(t - s) > Decimal("0.05"):
                add("total.mismatch", "warning", f"{label}（编号 {r.no}　{e.name}）合计（{cell}）填的是 {r.total}，"
                    f"各项得分相加是 {_plain(s)}；按各项得分计算", r.no, e.name, cell)
    for i, e in enumerate(panel.entries):
        if e.no not in seen:
            add("entry.missing", "error", f"{where}缺少编号 {e.no}（{e.unit}　{e.name}）的评分"
                f"（原表第 {LAYOUT.first_row + i} 行）", e.no, e.name)
    return out, scores


def _plain(x: Decimal) -> str:
    t = format(x.normalize(), "f")
    return t
