"""Field accuracy and finding precision/recall of a run against a truth file.

A truth file (tests/blind writes one per generated inbox; :func:`sample_truth` derives one from the sample
generators' data) says, per input path, the kind, the unit and the value every field should have, and lists
every finding that should be reported. :func:`score` compares a run's records.json with it:

* **fields**: every (document, key) of the truth is one field. Strings compare with all whitespace removed
  (a PDF or a scan wraps lines where the original did not; OCR drops the space between two CJK runs); lists
  element by element the same way; numbers by value. A document read as the wrong kind gets all its fields
  wrong. A list-layout kind's ``条目`` counts one field per (row, column) the truth gives.
* **findings**: a reported finding matches a truth finding of the same code, the same unit(s), whose
  path(s) are among the finding's paths and whose field (when the truth names one) is the finding's
  field. Matching is one to one. Precision = matched / reported, recall = matched / expected, per code.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
ITEMS_KEY = "条目"


def _norm(v: Any) -> Any:
    if isinstance(v, str):
        s = _WS.sub("", v)
        return s or None
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return round(float(v), 6)
    if isinstance(v, list):
        items = [_norm(x) for x in v]
        return items or None
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    return v


def same(want: Any, got: Any) -> bool:
    return _norm(want) == _norm(got)


@dataclass
class Mismatch:
    path: str
    key: str
    want: Any
    got: Any


@dataclass
class FindingKey:
    code: str
    units: frozenset[str]
    paths: frozenset[str]
    field: str
    raw: dict = field(repr=False, default_factory=dict)


@dataclass
class Score:
    name: str
    fields_total: int = 0
    fields_exact: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    mismatches: list[Mismatch] = field(default_factory=list)
    docs_total: int = 0
    kind_exact: int = 0
    unit_exact: int = 0
    doc_errors: list[str] = field(default_factory=list)  # kind/unit/missing document problems
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    false_alarms: list[FindingKey] = field(default_factory=list)
    misses: list[FindingKey] = field(default_factory=list)

    @property
    def field_accuracy(self) -> float:
        return self.fields_exact / self.fields_total if self.fields_total else 1.0

    def precision(self, code: str | None = None) -> float:
        tp = self.tp[code] if code else sum(self.tp.values())
        fp = self.fp[code] if code else sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, code: str | None = None) -> float:
        tp = self.tp[code] if code else sum(self.tp.values())
        fn = self.fn[code] if code else sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0

    def codes(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))


def _units(u: Any) -> frozenset[str]:
    if isinstance(u, (list, tuple)):
        return frozenset(x for x in u if x)
    return frozenset(x for x in str(u or "").split("、") if x)


def _paths(p: Any) -> frozenset[str]:
    if p is None or p == "":
        return frozenset()
    if isinstance(p, (list, tuple)):
        return frozenset(p)
    return frozenset([p])


def reported_findings(records: dict) -> list[FindingKey]:
    out = []
    for d in records["documents"]:
        for f in d["findings"]:  # a finding on a part of a file (its write-up) is about that file
            out.append(FindingKey(f["code"], _units(d["unit"]), frozenset([d.get("part_of") or d["path"]]),
                                  f.get("field") or "", f))
    whole = {d["path"]: d["part_of"] for d in records["documents"] if d.get("part_of")}
    for f in records["findings"]:
        paths = frozenset(whole.get(p, p) for p in _paths(f.get("paths")))
        out.append(FindingKey(f["code"], _units(f.get("unit")), paths, f.get("field") or "", f))
    return out


def truth_findings(truth: dict) -> list[FindingKey]:
    return [FindingKey(t["code"], _units(t.get("unit")), _paths(t.get("path")), t.get("field") or "", t)
            for t in truth["findings"]]


def _matches(t: FindingKey, r: FindingKey) -> bool:
    return (t.code == r.code and t.units == r.units and t.paths <= r.paths
            and (not t.field or t.field == r.field))


def _compare_items(path: str, want: list[dict], got: list[dict], s: Score, kind: str) -> None:
    got = got or []
    for i, w in enumerate(want):
        g = got[i] if i < len(got) else {}
        for k, v in w.items():
            s.fields_total += 1
            s.by_kind[kind][1] += 1
            if same(v, g.get(k)):
                s.fields_exact += 1
                s.by_kind[kind][0] += 1
            else:
                s.mismatches.append(Mismatch(path, f"{ITEMS_KEY}[{i}].{k}", v, g.get(k)))
    if len(got) > len(want):  # rows read that are not there
        extra = len(got) - len(want)
        s.fields_total += extra
        s.by_kind[kind][1] += extra
        s.mismatches.append(Mismatch(path, ITEMS_KEY, f"{len(want)} 行", f"{len(got)} 行"))


def _expected_records(truth: dict) -> list[tuple[str, dict]]:
    """(path, record) for every record the truth expects. A file that holds two (a form and, after its table,
    its write-up) lists them under ``records`` in file order; the first is the file's own."""
    out = []
    for path, want in truth["documents"].items():
        for i, rec in enumerate(want.get("records") or [want]):
            out.append((path, {**({"unit": want["unit"]} if "unit" in want else {}), **rec, "_part": i}))
    return out


def _got_record(path: str, want: dict, docs: dict[str, dict], parts: dict[str, list[dict]]) -> dict | None:
    """The run's record for an expected one: the file's own, or a part the file also gave (records.json
    ``part_of``) of the expected kind."""
    if not want["_part"]:
        return docs.get(path)
    return next((d for d in parts.get(path, []) if d["kind"] == want["kind"]), None)


def score(truth: dict, records: dict, name: str = "") -> Score:
    s = Score(name or truth.get("profile", ""))
    docs = {d["path"]: d for d in records["documents"] if not d.get("part_of")}
    parts: dict[str, list[dict]] = defaultdict(list)
    for d in records["documents"]:
        if d.get("part_of"):
            parts[d["part_of"]].append(d)
    for path, want in _expected_records(truth):
        s.docs_total += 1
        d = _got_record(path, want, docs, parts)
        if d is None:
            s.doc_errors.append(f"{path}: 没有这份记录" + (f"（{want['kind']}）" if want["_part"] else ""))
            got_kind, got_unit, got_fields = None, None, {}
        else:
            got_kind, got_unit, got_fields = d["kind"], d["unit"], d["fields"]
        if got_kind == want["kind"]:
            s.kind_exact += 1
        else:
            s.doc_errors.append(f"{path}: 类别 {got_kind} ≠ {want['kind']}")
        if "unit" in want:
            if got_unit == want["unit"]:
                s.unit_exact += 1
            else:
                s.doc_errors.append(f"{path}: 单位 {got_unit} ≠ {want['unit']}")
        kind = want["kind"]
        for key, value in (want.get("fields") or {}).items():
            got = got_fields.get(key) if got_kind == kind else None
            if key == ITEMS_KEY and isinstance(value, list):
                _compare_items(path, value, got if isinstance(got, list) else [], s, kind)
                continue
            s.fields_total += 1
            s.by_kind[kind][1] += 1
            if got_kind == kind and same(value, got):
                s.fields_exact += 1
                s.by_kind[kind][0] += 1
            else:
                s.mismatches.append(Mismatch(path, key, value, got))
    want_f, got_f = truth_findings(truth), reported_findings(records)
    taken = [False] * len(got_f)
    for t in want_f:
        j = next((j for j, r in enumerate(got_f) if not taken[j] and _matches(t, r)), None)
        if j is None:
            s.fn[t.code] += 1
            s.misses.append(t)
        else:
            taken[j] = True
            s.tp[t.code] += 1
    for j, r in enumerate(got_f):
        if not taken[j]:
            s.fp[r.code] += 1
            s.false_alarms.append(r)
    return s


# ---------------------------------------------------------------- truth of the sample inboxes


def sample_truth(campaign: str) -> dict:
    """A truth file for a sample inbox, from its campaign's data (samples/banzu.py, samples/studio.py)."""
    if campaign == "banzu":
        return _banzu_sample_truth()
    if campaign == "studio":
        return _studio_sample_truth()
    if campaign == "youzhi":
        return _youzhi_sample_truth()
    raise ValueError(campaign)


def _expected_findings(expected: list[dict]) -> list[dict]:
    return [{"code": e["code"], "unit": e["unit"].split("、"), "path": e["paths"], "field": e["field"] or None}
            for e in expected]


def _banzu_sample_truth() -> dict:
    from samples.banzu import BANZU_UNITS, EXPECTED_BANZU

    docs: dict[str, dict] = {}
    for u in BANZU_UNITS:
        unit = u["推荐单位"]
        for b in u["banzu"]:
            docs[b["form_path"]] = {"kind": "banzu_form", "unit": unit, "fields": dict(b["fields"])}
            if b["case_readable"]:
                docs[b["case_path"]] = {"kind": "banzu_case", "unit": unit,
                                        "fields": {"班组名称": b["fields"]["班组名称"], **b["case"],
                                                   "字数": b["case_chars"]}}
        s = u["summary"]
        docs[s["path"]] = {"kind": "banzu_summary", "unit": unit,
                           "fields": {"推荐单位": unit, ITEMS_KEY: [{"班组名称": n} for n in s["listed"]]}}
    return {"profile": "banzu", "documents": docs, "findings": _expected_findings(EXPECTED_BANZU)}


def _studio_sample_truth() -> dict:
    from samples.studio import EXPECTED_STUDIO, STUDIO_UNITS

    docs: dict[str, dict] = {}
    for u in STUDIO_UNITS:
        unit = u["推荐单位"]
        for st in u["studios"]:
            name = st["fields"]["工作室名称"]
            docs[st["form_path"]] = {"kind": "studio_form", "unit": unit, "fields": dict(st["fields"])}
            for p in st["evidence_paths"]:
                docs[p] = {"kind": "studio_evidence", "unit": unit, "fields": {"工作室名称": name}}
            if st.get("report_path"):
                docs[st["report_path"]] = {"kind": "studio_report", "unit": unit, "fields": {"工作室名称": name}}
        s = u["summary"]
        docs[s["path"]] = {"kind": "studio_summary", "unit": unit,
                           "fields": {"推荐单位": unit, ITEMS_KEY: [{"工作室名称": n} for n in s["listed"]]}}
    return {"profile": "studio", "documents": docs, "findings": _expected_findings(EXPECTED_STUDIO)}


def _youzhi_sample_truth() -> dict:
    """The youzhi sample's truth, in the blind truth's shape: a file holding the 申报表 and, after its table, the
    申报书 lists both under ``records``; findings name files (a part's findings its file)."""
    from samples.youzhi import EXPECTED_YOUZHI, YOUZHI_UNITS, form_fields, writeup_fields

    docs: dict[str, dict] = {}
    whole: dict[str, str] = {}
    for u in YOUZHI_UNITS:
        unit = u["推荐单位"]
        for p in u["projects"]:
            form = {"kind": "youzhi_form", "fields": form_fields(u, p)}
            docs[p["form_path"]] = {"unit": unit, **form}
            if p["writeup_path"]:
                sections = {k: "\n".join(v) for k, v in p["writeup"].items()}
                writeup = {"kind": "youzhi_writeup", "fields": {**writeup_fields(u, p), **sections}}
                if p["writeup_as"] == "same":
                    docs[p["form_path"]]["records"] = [form, writeup]
                    whole[p["writeup_path"]] = p["form_path"]
                else:
                    docs[p["writeup_path"]] = {"unit": unit, **writeup}
        if u["summary"]:
            listed = [p["fields"]["项目名称"] for p in u["projects"] if p["id"] != "P9"]
            listed += [u["unlisted_extra"][1]] if u.get("unlisted_extra") else []
            docs[u["summary_path"]] = {"kind": "youzhi_summary", "unit": unit,
                                       "fields": {"推荐单位": unit, ITEMS_KEY: [{"项目名称": n} for n in listed]}}
    findings = _expected_findings(EXPECTED_YOUZHI)
    for f in findings:
        f["path"] = [whole.get(x, x) for x in f["path"]]
    return {"profile": "youzhi", "documents": docs, "findings": findings}


def load_truth(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def report_lines(s: Score, limit: int = 40) -> list[str]:
    """A readable account of one score: the totals, per kind, per check, and the first mismatches."""
    out = [f"== {s.name}: 栏目 {s.fields_exact}/{s.fields_total} = {s.field_accuracy:.1%}；"
           f"类别 {s.kind_exact}/{s.docs_total}，单位 {s.unit_exact}/{s.docs_total}；"
           f"问题 精确率 {s.precision():.1%} 召回率 {s.recall():.1%}"
           f"（命中 {sum(s.tp.values())}，误报 {sum(s.fp.values())}，漏报 {sum(s.fn.values())}）"]
    for kind, (ok, n) in sorted(s.by_kind.items()):
        out.append(f"   {kind:<18} {ok}/{n} = {ok / n:.1%}" if n else f"   {kind}")
    for code in s.codes():
        out.append(f"   {code:<28} 命中 {s.tp[code]:>3}  误报 {s.fp[code]:>3}  漏报 {s.fn[code]:>3}")
    for e in s.doc_errors[:limit]:
        out.append(f"   [文档] {e}")
    for m in s.mismatches[:limit]:
        out.append(f"   [栏目] {m.path} · {m.key}: 应为 {str(m.want)[:80]!r}，读出 {str(m.got)[:80]!r}")
    for f in s.false_alarms[:limit]:
        out.append(f"   [误报] {f.code} {'、'.join(sorted(f.units))} {sorted(f.paths)[:2]} {f.field} "
                   f"{str(f.raw.get('message', ''))[:80]}")
    for f in s.misses[:limit]:
        out.append(f"   [漏报] {f.code} {'、'.join(sorted(f.units))} {sorted(f.paths)[:2]} {f.field} "
                   f"{f.raw.get('why', '')}")
    return out
