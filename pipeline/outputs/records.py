"""records.json: the same, machine-readable, for other systems."""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import math
from pathlib import Path
from typing import Any

from checks.models import Finding
from extractors.models import Record
from pipeline.atomic import write_atomic
from pipeline.outputs.book import ITEMS_KEY, RECORDS_JSON, SCORES_FOLDER, SCORES_RESULTS_JSON
from pipeline.report import DocumentResult, Report

_log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------- records.json


def records_json(report: Report) -> str:
    doc = {
        "profile": report.profile.name,
        "documents": [
            _document_json(report, d) for d in sorted(report.documents, key=lambda d: d.record.path)
        ],
        "findings": [_batch_finding_json(f) | _decision_json(report, f) for f in report.batch_findings],
        "profile_title": report.profile.title,
        "inbox": report.inbox,
        "inbox_path": report.inbox_path,
    }
    if report.scores is not None:  # 评审 results collected for this batch (huishen scores collect)
        doc["scores"] = report.scores
    return format_records(doc)


def load_scores(out_dir: Path) -> dict[str, Any] | None:
    """The 评审 results collected for the batch in ``out_dir`` (None when there are none, or they cannot be
    read: records.json then goes without them, and ``huishen scores collect`` says what is wrong)."""
    try:
        data = json.loads((Path(out_dir) / SCORES_FOLDER / SCORES_RESULTS_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def set_scores(out_dir: Path, scores: dict[str, Any]) -> bool:
    """Put freshly collected 评审 results into the batch's records.json, as the next run would write them;
    False when there is no records.json to update (or it is not ours)."""
    path = Path(out_dir) / RECORDS_JSON
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(doc, dict) or "documents" not in doc:
        return False
    doc["scores"] = scores
    write_atomic(path, format_records(doc).encode("utf-8"))
    return True


def format_records(doc: dict[str, Any]) -> str:
    """records.json's text for ``doc``."""
    # One document or finding per line: readable and diffable, and written by json's C encoder (an indented
    # dump goes through the pure-Python one, about ten times slower on a thousand submissions).
    def dump(v: Any) -> str:
        # The C encoder takes dicts, lists, strings and numbers (str and int enums as their values) itself;
        # ``_plain_leaf`` the rest. A NaN, or a key that is not text, takes the slower, complete ``_plain``.
        try:
            return json.dumps(v, ensure_ascii=False, allow_nan=False, default=_plain_leaf)
        except (ValueError, TypeError):
            return json.dumps(_plain(v), ensure_ascii=False, allow_nan=False)

    parts = []
    for key, value in doc.items():
        if isinstance(value, list):
            body = ",\n".join(dump(v) for v in value)
            parts.append(f"{dump(key)}: [\n{body}\n]" if value else f"{dump(key)}: []")
        else:
            parts.append(f"{dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _document_json(report: Report, d: DocumentResult) -> dict[str, Any]:
    r = d.record
    spec = report.profile.kind(r.kind)
    fields: dict[str, Any] = {k: fv.value for k, fv in r.fields.items()}
    for key, s in r.sections.items():
        if key in fields:
            _log.warning("%s：字段与正文部分同名（%s），records.json 中保留字段值", r.path, key)
            continue
        fields[key] = s.body
    if (spec is not None and spec.layout == "list") or r.items:
        fields[ITEMS_KEY] = r.items
    return {
        "path": r.path,
        "kind": r.kind,
        "unit": r.unit,
        "fields": fields,
        "findings": [_doc_finding_json(f) | _decision_json(report, f) for f in d.findings],
        "kind_label": report.kind_label(r.kind),
        "unit_source": r.unit_source,
        "sha256": r.sha256,
        "fmt": r.fmt,
        "size": r.size,
        "pages": r.pages,
        "status": r.status.value,
        "reason": r.reason,
        "detail": r.detail,  # the technical words behind the reason (a library's message), for support
        "raw": {k: fv.raw for k, fv in r.fields.items()},
        "problems": {k: fv.problem for k, fv in r.fields.items() if fv.problem},
        "sections": {k: {"heading": s.heading, "chars": s.chars} for k, s in r.sections.items()},
        **({"part_of": r.part_of} if r.part_of else {}),  # a material read from part of another's file
        "ocr": _ocr_json(r),
        "superseded_by": r.superseded_by,  # the corrected copy that counts instead of this file ("" if none)
    }


def _ocr_json(r: Record) -> dict[str, Any] | None:
    """For a scan: pages OCR'd, mean confidence and each field's confidence; None for typed documents."""
    if not r.ocr_pages:
        return None
    return {
        "pages": r.ocr_pages,
        "confidence": r.ocr_confidence,
        "fields": {k: fv.confidence for k, fv in r.fields.items() if fv.confidence is not None},
    }


def _decision_json(report: Report, f: Finding) -> dict[str, Any]:
    """Staff's decision on the finding (None when there is none): status (kept / ignored / notified), its
    Chinese label, note, who and when."""
    d = report.decision(f)
    return {"decision": None if d is None else {"status": d.status.value, "label": d.status.label, "note": d.note,
                                                "who": d.who, "at": d.at}}


def _doc_finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "field": f.field,
        "key": f.key,
        "title": f.title,
        "subject": f.subject,
        "actual": f.actual,
        "limit": f.limit,
        "evidence": f.evidence,
        "units": f.units,
        "paths": list(f.paths),
    }


def _pair_json(f: Finding) -> dict[str, Any] | None:
    p = f.extra.get("near_copy")
    if p is None:
        return None
    out = {"similarity": p.similarity, "grade": p.grade, "passages": p.passages,
           "a": {"unit": p.a_unit, "path": p.a_path, "paths": p.a_paths, "subject": p.a_subject, "label": p.a_label,
                 "spans": p.a_spans},
           "b": {"unit": p.b_unit, "path": p.b_path, "paths": p.b_paths, "subject": p.b_subject, "label": p.b_label,
                 "spans": p.b_spans, "year": p.b_year}}
    if group := f.extra.get("group"):  # a text several units sent: every one of them
        out["group"] = [{"unit": m.unit, "path": m.path, "subject": m.subject, "label": m.label,
                         "similarity": m.similarity} for m in group]
    return out


def _batch_finding_json(f: Finding) -> dict[str, Any]:
    """A batch finding: the contract's keys first (code, severity, message, unit, paths), then what a document's
    finding holds, and a near copy's pair."""
    return {"code": f.code, "severity": f.severity.value, "message": f.message, "unit": f.unit,
            "paths": list(f.paths), **_doc_finding_json(f), **({"pair": pair} if (pair := _pair_json(f)) else {})}


def _plain_leaf(obj: Any) -> Any:
    """``json.dumps(default=…)``: what ``_plain`` makes of a value the encoder does not know."""
    if isinstance(obj, (dict, list, tuple)):  # not reached: the encoder handles these
        raise TypeError(type(obj).__name__)
    return _plain(obj)


def _plain(obj: Any) -> Any:
    """Only JSON types: dates as ISO text, enums as their value, NaN as null, the rest as text."""
    if isinstance(obj, enum.Enum):
        return _plain(obj.value)
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((_plain(v) for v in obj), key=str)
    if isinstance(obj, (dt.date, dt.datetime, dt.time)):
        return obj.isoformat()
    return str(obj)
