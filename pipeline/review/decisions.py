"""Staff decisions on findings: 已核实（保留）, 不是问题（忽略）, 已通知 — with a note, who and when.

A decision holds on to a finding's ``key`` (checks.models.Finding.key: check, units, subject or file names,
field), so it survives re-runs and corrected files, and a decision about one problem never lands on another.
Decisions live beside the batch in ``<out>/审核决定.json`` (written atomically; every change is also
appended to its ``history``), and every output shows them: an ignored finding leaves the counts and is listed
in its own section with its note.

Ways in: ``decide`` (the command line and the web page: one finding by its number or key, or a filter such as
a check code and a unit) and ``import_xlsx`` (the 处理决定 / 处理说明 columns staff fill in 异常报告.xlsx).
Both return typed results and print nothing.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from checks.models import Finding
from pipeline.oserrors import os_error_text

DECISIONS_FILE = "审核决定.json"
VERSION = 1


class Status(str, Enum):
    """What staff decided; the value is what records.json and the file hold, ``label`` what a user reads."""

    KEPT = "kept"
    IGNORED = "ignored"
    NOTIFIED = "notified"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {Status.KEPT: "已核实（保留）", Status.IGNORED: "不是问题（忽略）", Status.NOTIFIED: "已通知"}
# What a user may type for each (the labels, their short forms, the values); anything else is refused.
_SPELLINGS = {
    Status.KEPT: ("已核实（保留）", "已核实", "保留", "核实", "kept", "keep"),
    Status.IGNORED: ("不是问题（忽略）", "不是问题", "忽略", "ignored", "ignore"),
    Status.NOTIFIED: ("已通知", "通知", "notified"),
}
CLEAR = ("清除", "撤销", "clear")  # typed in the column or given to ``decide``: the decision is withdrawn


def parse_status(text: str) -> Status | None:
    """The status a user typed ("忽略", "不是问题（忽略）", "ignore"), or None when it is not one."""
    t = _plain(text)
    for status, spellings in _SPELLINGS.items():
        if t in {_plain(s) for s in spellings}:
            return status
    return None


def _plain(text: str) -> str:
    return "".join(str(text).split()).replace("(", "（").replace(")", "）").lower()


@dataclass
class Decision:
    """One decision on one finding. ``code``, ``unit``, ``subject`` and ``message`` are the finding as it was
    when decided: they let a reader of the file (or a letter) see what the decision was about."""

    key: str
    status: Status
    note: str = ""
    who: str = ""
    at: str = ""  # ISO time, local, to the second
    code: str = ""
    unit: str = ""
    subject: str = ""
    message: str = ""

    @property
    def ignored(self) -> bool:
        return self.status is Status.IGNORED

    def as_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["status"] = self.status.value
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Decision:
        return cls(**{**{k: d.get(k, "") for k in ("key", "note", "who", "at", "code", "unit", "subject",
                                                    "message")}, "status": Status(d["status"])})


class DecisionError(Exception):
    """The decisions cannot be read or written; the message is for the user (Chinese)."""


@dataclass
class Decisions:
    """The decisions of one batch, by finding key, and every change ever made (oldest first)."""

    by_key: dict[str, Decision] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)

    def get(self, key: str) -> Decision | None:
        return self.by_key.get(key)

    def is_ignored(self, f: Finding) -> bool:
        d = self.by_key.get(f.key)
        return d is not None and d.ignored

    def __len__(self) -> int:
        return len(self.by_key)


def path_in(out_dir: Path) -> Path:
    return Path(out_dir) / DECISIONS_FILE


def digest(out_dir: Path) -> str:
    """What identifies the folder's decisions as they are now ("" when there are none): outputs written with
    other decisions are out of date."""
    try:
        return hashlib.sha256(path_in(out_dir).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def load(out_dir: Path) -> Decisions:
    """The batch's decisions; none when the file does not exist. A damaged file is an error, never silently
    empty (that would bring every ignored finding back without a word)."""
    p = path_in(out_dir)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Decisions()
    except OSError as e:
        raise DecisionError(f"无法读取审核决定文件 {p}（{os_error_text(e)}）") from e
    try:
        data = json.loads(raw)
        return Decisions({k: Decision.from_json({**v, "key": k}) for k, v in data.get("decisions", {}).items()},
                         list(data.get("history", [])))
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise DecisionError(f"审核决定文件 {p} 已损坏，无法读取；请从备份恢复或删除后重新标注") from e


def save(out_dir: Path, decisions: Decisions) -> Path:
    """Write the decisions atomically (readers see the old file or the new one, never a mix)."""
    from pipeline.atomic import write_atomic

    p = path_in(out_dir)
    data = {"version": VERSION,
            "decisions": {k: {kk: vv for kk, vv in d.as_json().items() if kk != "key"}
                          for k, d in sorted(decisions.by_key.items())},
            "history": decisions.history}
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        write_atomic(p, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    except OSError as e:
        raise DecisionError(f"审核决定无法写入 {p}（{os_error_text(e)}），本次标注没有保存") from e
    return p


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def _who() -> str:
    try:
        return os.environ.get("HUISHEN_USER") or getpass.getuser()
    except Exception:  # noqa: BLE001 — no user name in this environment
        return ""


@dataclass
class Change:
    """One decision set or withdrawn."""

    finding: Finding
    before: Decision | None
    after: Decision | None  # None: withdrawn


def apply(decisions: Decisions, findings: Iterable[Finding], status: Status | None, note: str = "",
          who: str | None = None, at: str | None = None) -> list[Change]:
    """Set (or, with ``status`` None, withdraw) the decision on each finding; returns what changed. A decision
    identical to the one already there (same status and note) is not a change."""
    who = _who() if who is None else who
    at = at or _now()
    changes: list[Change] = []
    seen: set[str] = set()
    for f in findings:
        if f.key in seen:
            continue
        seen.add(f.key)
        before = decisions.by_key.get(f.key)
        if status is None:
            if before is None:
                continue
            del decisions.by_key[f.key]
            after = None
        else:
            if before is not None and before.status is status and before.note == note:
                continue
            after = Decision(f.key, status, note, who, at, f.code, f.unit, f.subject, f.message)
            decisions.by_key[f.key] = after
        decisions.history.append({"key": f.key, "at": at, "who": who, "code": f.code, "unit": f.unit,
                                  "subject": f.subject, "message": f.message,
                                  "status": after.status.value if after else "cleared",
                                  "note": note if after else ""})
        changes.append(Change(f, before, after))
    return changes


# ------------------------------------------------------------------------------------------ choosing findings


@dataclass
class Selection:
    """Findings chosen by a filter, and why a filter chose none."""

    findings: list[Finding]
    problem: str = ""


def numbered(findings: Iterable[Finding]) -> list[Finding]:
    """The findings in report order: their 1-based position is the 序号 shown in 异常报告 and by ``huishen
    review --list`` (stable for one set of outputs; decisions hold on to the key, not the number)."""
    return sorted(findings, key=Finding.sort_key)


def select(findings: list[Finding], refs: Iterable[str] = (), code: str | None = None, unit: str | None = None,
           subject: str | None = None) -> Selection:
    """The findings a user pointed at: by 序号 or key (``refs``), and/or by check code (``code``, a prefix such
    as ``summary.`` allowed), unit (part of its name) and subject (part of it). At least one criterion."""
    refs = [r.strip() for r in refs if r and r.strip()]
    if not refs and not code and not unit and not subject:
        return Selection([], "请指明要标注的问题：序号、问题编号，或 --code / --unit / --subject 条件")
    ordered = numbered(findings)
    chosen: list[Finding] = []
    if refs:
        by_key = {f.key: f for f in ordered}
        for r in refs:
            if r.isdigit():
                n = int(r)
                if not 1 <= n <= len(ordered):
                    return Selection([], f"没有序号为 {n} 的问题（本批共 {len(ordered)} 条）")
                chosen.append(ordered[n - 1])
            elif r in by_key:
                chosen.append(by_key[r])
            else:
                return Selection([], f"没有编号为 {r} 的问题（可用 huishen review 输出文件夹 --list 查看序号和编号）")
    else:
        chosen = ordered
    if code:
        chosen = [f for f in chosen if f.code == code or (code.endswith(".") and f.code.startswith(code))]
    if unit:
        chosen = [f for f in chosen if any(unit in u for u in f.units) or unit in f.unit]
    if subject:
        chosen = [f for f in chosen if subject in f.subject]
    if not chosen:
        return Selection([], "没有符合条件的问题")
    return Selection(chosen)
