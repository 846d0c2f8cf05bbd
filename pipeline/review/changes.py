"""What changed since the batch was last checked with other files: per unit, the files that are new, replaced or
gone, and the findings resolved, remaining and new (本次更正).

The baseline is the output folder's previous records.json. When a run's files differ from it, it is kept in
``<out>/历史/`` (named by the time it was written) before the new outputs replace it: the office can show when
a unit corrected what. A run on the same files (a refresh after decisions) compares with the latest kept
baseline, so its 本次更正 stays what the correction brought.

May import ``checks.models``, ``extractors.models`` and the pipeline's report; never the outputs (they import it).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.models import Finding
from extractors.models import Severity
from pipeline.atomic import write_atomic
from pipeline.report import Report

_log = logging.getLogger(__name__)

HISTORY_DIR = "历史"
RECORDS = "records.json"


@dataclass
class Was:
    """A finding of the baseline, as records.json kept it."""

    key: str
    code: str
    severity: Severity
    message: str
    subject: str
    paths: list[str]


@dataclass
class UnitChanges:
    unit: str
    new_files: list[str] = field(default_factory=list)
    replaced_files: list[str] = field(default_factory=list)  # same path, other content
    removed_files: list[str] = field(default_factory=list)
    resolved: list[Was] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)

    @property
    def files_changed(self) -> bool:
        return bool(self.new_files or self.replaced_files or self.removed_files)


@dataclass
class Changes:
    since: str  # when the baseline was written (local time, "2024-10-08 15:30")
    units: list[UnitChanges]

    def any(self) -> bool:
        return any(u.files_changed or u.resolved or u.new for u in self.units)


def _files(records: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """path -> (sha256, unit)"""
    return {d["path"]: (d.get("sha256", ""), d.get("unit", "")) for d in records.get("documents", [])}


def _was(records: dict[str, Any]) -> list[tuple[list[str], Was]]:
    """(units, finding) for every finding of a records.json that was open then (not marked 不是问题)."""
    out = []
    for d in records.get("documents", []):
        for f in d.get("findings", []):
            if not _ignored(f):
                out.append((f.get("units") or [d.get("unit", "")], _finding_was(f, f.get("paths") or [d["path"]])))
    for f in records.get("findings", []):
        if not _ignored(f):
            out.append((f.get("units") or ([f["unit"]] if f.get("unit") else []),
                        _finding_was(f, f.get("paths", []))))
    return out


def _ignored(f: dict[str, Any]) -> bool:
    return (f.get("decision") or {}).get("status") == "ignored"


def _finding_was(f: dict[str, Any], paths: list[str]) -> Was:
    return Was(f["key"], f["code"], Severity(f["severity"]), f.get("message", ""), f.get("subject", ""), list(paths))


def compare(baseline: dict[str, Any], report: Report, since: str) -> Changes:
    """Per unit (the report's units, then units only the baseline had): files and findings then and now.
    Ignored findings count as resolved: staff decided they are not problems."""
    then_files = _files(baseline)
    now_files = {d.record.path: (d.record.sha256, d.record.unit) for d in report.documents}
    units: dict[str, UnitChanges] = {}

    def unit(name: str) -> UnitChanges:
        return units.setdefault(name, UnitChanges(name))

    for path, (sha, u) in now_files.items():
        if path not in then_files:
            unit(u).new_files.append(path)
        elif then_files[path][0] != sha:
            unit(u).replaced_files.append(path)
    for path, (_sha, u) in then_files.items():
        if path not in now_files:
            unit(u).removed_files.append(path)

    now = report.open_findings()
    now_keys = {f.key for f in now}
    then = _was(baseline)
    then_keys = {w.key for _, w in then}
    for units_of, w in then:
        if w.key not in now_keys:
            for u in units_of or [""]:
                unit(u).resolved.append(w)
    for f in now:
        for u in f.units or [""]:
            (unit(u).remaining if f.key in then_keys else unit(u).new).append(f)
    order = {u: i for i, u in enumerate(report.units())}
    ordered = sorted(units.values(), key=lambda c: (c.unit not in order, order.get(c.unit, 0), c.unit))
    return Changes(since, ordered)


def _written_at(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def _same_files(records: dict[str, Any], report: Report) -> bool:
    return {p: s for p, (s, _) in _files(records).items()} == {d.record.path: d.record.sha256
                                                               for d in report.documents}


def prepare(out_dir: Path, report: Report) -> Changes | None:
    """The changes this run's outputs should show, and the baseline kept in 历史/ when this run's files differ
    from the previous run's. None on a first run (or when no baseline can be read: a damaged or foreign
    records.json only costs the comparison)."""
    out_dir = Path(out_dir)
    current = out_dir / RECORDS
    history = out_dir / HISTORY_DIR
    try:
        previous = json.loads(current.read_text(encoding="utf-8"))
        at = _written_at(current)
    except (OSError, ValueError):
        previous, at = None, None
    if previous is not None and previous.get("profile") != report.profile.name:
        previous = None  # another campaign's outputs in this folder: nothing to compare with
    if previous is not None and not _same_files(previous, report):
        try:
            history.mkdir(exist_ok=True)
            keep = history / f"{at:%Y%m%d-%H%M%S}-{RECORDS}"
            if not keep.exists():
                write_atomic(keep, current.read_bytes())
                os.utime(keep, (at.timestamp(), at.timestamp()))
        except OSError as e:
            _log.warning("无法在 %s 中保存上次的审查结果：%s", history, e)
        return _changes(previous, report, at)
    kept = sorted(history.glob(f"*-{RECORDS}")) if history.is_dir() else []
    for path in reversed(kept):  # the latest baseline this batch was corrected from
        try:
            baseline = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if baseline.get("profile") == report.profile.name:
            return _changes(baseline, report, _written_at(path))
    return None


def _changes(baseline: dict[str, Any], report: Report, at: dt.datetime | None) -> Changes:
    return compare(baseline, report, f"{at:%Y-%m-%d %H:%M}" if at else "")
