"""What the pages show, read from an output folder: its records.json (every document and finding) and its
审核决定.json (staff decisions). Numbers (序号) and keys are those of ``huishen review`` and 异常报告; what a
unit must do is the letters' own wording (``pipeline.review.letters.requirement``).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.models import Severity
from extractors.profile import Profile, ProfileError
from pipeline.report import JUNK, KIND_LABELS, UNREADABLE, UNRECOGNISED
from pipeline.review import batch as rb
from pipeline.review import decisions as dec
from pipeline.review.letters import todo

STATUS_LABELS = {"success": "读取成功", "partial": "部分读取", "failure": "无法读取"}


class ViewError(Exception):
    """The output folder cannot be shown; Chinese."""


@dataclass
class FindingView:
    number: int
    key: str
    code: str
    title: str
    severity: str
    severity_label: str
    message: str
    evidence: str
    unit: str  # for display: "甲大学工会、乙市教育工会", or "整批"
    units: list[str]
    subject: str
    field: str
    docs: list[tuple[int, str]]  # (document index, file name)
    requirement: str
    decision: dict[str, Any] | None  # status, label, note, who, at

    @property
    def ignored(self) -> bool:
        return bool(self.decision) and self.decision["status"] == dec.Status.IGNORED.value

    @property
    def evidence_shown(self) -> str:
        """The evidence, unless the message already says it (as the letters decide)."""
        e = self.evidence.strip()
        return "" if not e or e[:20] in self.message else e


@dataclass
class FieldRow:
    key: str
    value: str
    raw: str
    mark: str  # "" | "ocr" | "doubtful"
    note: str  # why it is marked (Chinese)


@dataclass
class DocView:
    index: int
    path: str
    name: str
    unit: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    reason: str
    fmt: str
    size: int
    pages: int
    superseded_by: str
    ocr: dict[str, Any] | None
    raw: dict[str, Any]
    findings: list[FindingView] = field(default_factory=list)
    part_of: str = ""  # the file a second material was read from (a 申报书 after its 申报表's table)

    @property
    def file(self) -> str:
        """The input file holding the material: its own path, or the file it is part of."""
        return self.part_of or self.path

    @property
    def recognised(self) -> bool:
        return self.kind not in (JUNK, UNREADABLE, UNRECOGNISED)


@dataclass
class UnitView:
    name: str
    docs: list[DocView] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)

    def open_counts(self) -> Counter:
        return Counter(f.severity for f in self.findings if not f.ignored)


@dataclass
class BatchView:
    out: Path
    profile: Profile | None
    profile_name: str
    profile_title: str
    inbox: str
    docs: list[DocView]
    findings: list[FindingView]  # in 序号 order
    units: list[UnitView]
    scores: dict[str, Any] | None = None  # 评审 results (records.json "scores", from huishen scores collect)

    def counts(self) -> dict[str, Any]:
        sev = Counter(f.severity for f in self.findings if not f.ignored)
        kinds = Counter(d.kind_label for d in self.docs)
        return {"files": len(self.docs), "units": len([u for u in self.units if u.name]),
                "recognised": sum(1 for d in self.docs if d.recognised),
                "kinds": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
                "error": sev.get("error", 0), "warning": sev.get("warning", 0), "info": sev.get("info", 0),
                "ignored": sum(1 for f in self.findings if f.ignored),
                "decided": sum(1 for f in self.findings if f.decision)}

    def unit(self, name: str) -> UnitView | None:
        return next((u for u in self.units if u.name == name), None)

    def doc(self, index: int) -> DocView | None:
        return self.docs[index] if 0 <= index < len(self.docs) else None

    def filtered(self, unit: str = "", code: str = "", severity: str = "", decided: str = "") -> list[FindingView]:
        out = self.findings
        if unit:
            out = [f for f in out if unit in f.units or (unit == "整批" and not f.units)]
        if code:
            out = [f for f in out if f.code == code]
        if severity:
            out = [f for f in out if f.severity == severity]
        if decided == "open":
            out = [f for f in out if not f.decision]
        elif decided == "ignored":
            out = [f for f in out if f.ignored]
        elif decided == "decided":
            out = [f for f in out if f.decision]
        return out

    def codes(self) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for f in self.findings:
            seen.setdefault(f.code, f.title or f.code)
        return sorted(seen.items())


# ------------------------------------------------------------------------------------------ loading

_CACHE: dict[Path, tuple[tuple, BatchView, dict[str, Any]]] = {}
_LOCK = threading.Lock()
_PROFILES: dict[str, Profile | None] = {}


def _stamp(out: Path) -> tuple:
    def one(p: Path) -> tuple:
        try:
            st = p.stat()
            return (st.st_mtime_ns, st.st_size)
        except OSError:
            return (0, 0)

    return one(out / rb.RECORDS), one(dec.path_in(out))


def _profile(name: str) -> Profile | None:
    if name not in _PROFILES:
        from pipeline.config import resolve_profile

        try:
            _PROFILES[name] = resolve_profile(name) if name else None
        except ProfileError:
            _PROFILES[name] = None
    return _PROFILES[name]


def load(out: Path) -> tuple[BatchView, dict[str, Any]]:
    """The batch in ``out`` as the pages show it, and its records.json; cached until either file changes."""
    out = Path(out)
    stamp = _stamp(out)
    with _LOCK:
        hit = _CACHE.get(out)
        if hit is not None and hit[0] == stamp:
            return hit[1], hit[2]
    try:
        records = json.loads((out / rb.RECORDS).read_text(encoding="utf-8"))
        batch = rb.load_batch(out)
        decisions = dec.load(out)
    except (OSError, ValueError) as e:
        raise ViewError(f"{out} 中的 records.json 无法读取（{type(e).__name__}）") from e
    except (rb.BatchError, dec.DecisionError) as e:
        raise ViewError(str(e)) from e
    view = _build(out, records, batch, decisions)
    with _LOCK:
        _CACHE[out] = (stamp, view, records)
    return view, records


def _where(doc: dict[str, Any] | None) -> str:
    """The original a doubtful value is to be checked in, for 怎么处理 (records.json keeps no cell positions)."""
    if not doc:
        return "原件"
    pages = int(doc.get("pages") or 0)
    return "原件第 1 页" if pages <= 1 else f"原件，共 {pages} 页"


def _build(out: Path, records: dict[str, Any], batch: rb.Batch, decisions: dec.Decisions) -> BatchView:
    profile = _profile(str(records.get("profile") or ""))
    numbers = {f.key: i for i, f in enumerate(batch.findings, 1)}
    raw_docs = records.get("documents") or []
    index = {d.get("path", ""): i for i, d in enumerate(raw_docs)}
    docs: list[DocView] = []
    for i, d in enumerate(raw_docs):
        kind = str(d.get("kind") or "")
        docs.append(DocView(i, d.get("path", ""), str(d.get("path", "")).rsplit("/", 1)[-1], d.get("unit", ""),
                            kind, d.get("kind_label") or KIND_LABELS.get(kind, kind), d.get("status", ""),
                            STATUS_LABELS.get(d.get("status", ""), d.get("status", "")), d.get("reason", ""),
                            d.get("fmt", ""), int(d.get("size") or 0), int(d.get("pages") or 0),
                            d.get("superseded_by", ""), d.get("ocr"), d.get("raw") or {},
                            part_of=d.get("part_of", "")))

    def view(f: dict[str, Any], doc: dict[str, Any] | None) -> FindingView:
        key = str(f.get("key") or "")
        units = list(f.get("units") or ([doc.get("unit")] if doc and doc.get("unit") else []))
        if not units and f.get("unit"):
            units = [f["unit"]]
        paths = list(f.get("paths") or ([doc["path"]] if doc else []))
        kind = profile.kind(doc.get("kind", "")) if (profile is not None and doc) else None
        decision = decisions.get(key)
        sev = str(f.get("severity") or "info")
        return FindingView(
            number=numbers.get(key, 0), key=key, code=str(f.get("code") or ""), title=str(f.get("title") or ""),
            severity=sev, severity_label=Severity(sev).label if sev in ("error", "warning", "info") else sev,
            message=str(f.get("message") or ""), evidence=str(f.get("evidence") or ""),
            unit="、".join(units) or "整批", units=units, subject=str(f.get("subject") or ""),
            field=str(f.get("field") or ""),
            docs=[(index[p], p.rsplit("/", 1)[-1]) for p in dict.fromkeys(paths) if p in index],
            requirement=todo(f, profile, kind, _where(doc)) if profile is not None else "",
            decision=None if decision is None else {"status": decision.status.value, "label": decision.status.label,
                                                    "note": decision.note, "who": decision.who, "at": decision.at})

    findings: list[FindingView] = []
    for i, d in enumerate(raw_docs):
        for f in d.get("findings") or []:
            fv = view(f, d)
            docs[i].findings.append(fv)
            findings.append(fv)
    for f in records.get("findings") or []:
        fv = view(f, None)
        findings.append(fv)
        for i, _ in fv.docs:
            docs[i].findings.append(fv)
    findings.sort(key=lambda f: (f.number or 10**9))
    units: dict[str, UnitView] = {}
    for d in sorted(docs, key=lambda d: d.path):
        units.setdefault(d.unit, UnitView(d.unit)).docs.append(d)
    for f in findings:
        for u in f.units or [""]:
            units.setdefault(u, UnitView(u)).findings.append(f)
    ordered = sorted(units.values(), key=lambda u: (u.name == "", u.name))
    return BatchView(out, profile, str(records.get("profile") or ""), str(records.get("profile_title") or ""),
                     str(records.get("inbox") or ""), docs, findings, ordered,
                     records.get("scores") if isinstance(records.get("scores"), dict) else None)


# ------------------------------------------------------------------------------------------ a document's fields


def _shown(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, list):
        return "\n".join(_shown(x) if not isinstance(x, dict) else "；".join(f"{k}：{_shown(y)}" for k, y in x.items())
                         for x in v)
    if isinstance(v, dict):
        return "；".join(f"{k}：{_shown(y)}" for k, y in v.items())
    return str(v)


def field_rows(profile: Profile | None, raw_doc: dict[str, Any], d: DocView) -> list[FieldRow]:
    """Every extracted field of a document, with a mark where a reader should look twice: read by OCR (and
    how sure), a value the reader found doubtful, a finding about that field."""
    fields = raw_doc.get("fields") or {}
    raw = raw_doc.get("raw") or {}
    problems = raw_doc.get("problems") or {}
    ocr = raw_doc.get("ocr") or None
    conf = (ocr or {}).get("fields") or {}
    threshold = profile.ocr_min_confidence if profile is not None else 0.85
    about = {f.field: f for f in d.findings if f.field}
    rows = []
    for key, value in fields.items():
        mark, notes = "", []
        if ocr is not None:
            mark = "ocr"
            c = conf.get(key)
            if c is not None:
                notes.append(f"文字识别，识别清晰度 {c:.0%}")
                if c < threshold:
                    mark = "doubtful"
            else:
                notes.append("文字识别")
        if problems.get(key):
            mark = "doubtful"
            notes.append(str(problems[key]))
        if key in about:
            mark = "doubtful"
            notes.append(f"{about[key].severity_label}：{about[key].message}")
        shown_raw = _shown(raw.get(key)) if key in raw else ""
        rows.append(FieldRow(key, _shown(value), shown_raw if shown_raw != _shown(value) else "", mark,
                             "；".join(notes)))
    return rows
