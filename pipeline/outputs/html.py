"""异常报告.html: the findings by unit as a page to read or print, near copies side by side."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

import jinja2
import markupsafe

from checks.models import Finding
from pipeline.outputs.book import (
    BATCH_UNIT,
    TEMPLATES,
    is_recognised,
    near_copy_pairs,
    sorted_documents,
    unit_label,
)
from pipeline.report import SEVERITY_ORDER, Report

_log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------- 异常报告.html


def _jinja() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def findings_html(report: Report) -> str:
    return _jinja().get_template("report.html").render(**_html_context(report))


def _html_context(report: Report) -> dict[str, Any]:
    numbers = {id(f): i for i, f in enumerate(report.all_findings(), 1)}
    findings = report.open_findings()
    records = [d.record for d in report.documents]
    sev = report.severity_counts()

    groups: dict[str | None, list[Finding]] = {}
    for f in findings:
        key = None if (f.batch and not f.unit) else f.unit
        groups.setdefault(key, []).append(f)
    units = report.units()
    order: list[str | None] = [None] if None in groups else []
    order += [u for u in units if u in groups]
    order += [u for u in groups if u is not None and u not in units]

    def row(f: Finding) -> dict[str, Any]:
        d = report.decision(f)
        return {
            "number": numbers[id(f)],
            "decision": d.status.label if d else "",
            "note": d.note if d else "",
            "who": d.who if d else "",
            "at": d.at.replace("T", " ") if d else "",
            "unit": unit_label(f.unit) if f.unit else BATCH_UNIT,
            "paths": f.paths,
            "subject": f.subject,
            "title": f.title,
            "code": f.code,
            "severity": f.severity.value,
            "severity_label": f.severity.label,
            "message": f.message,
            "evidence": f.evidence,
        }

    sections = []
    for key in order:
        fs = groups[key]
        c = Counter(f.severity for f in fs)
        sections.append(
            {
                "label": BATCH_UNIT if key is None else unit_label(key),
                "counts": [(s.value, s.label, c[s]) for s in SEVERITY_ORDER if c[s]],
                "findings": [row(f) for f in fs],
            }
        )

    by_kind = Counter(r.kind for r in records if is_recognised(r))
    kinds = [k.key for k in report.profile.kinds if by_kind[k.key]]
    kinds += sorted(k for k in by_kind if k not in kinds)
    others = [
        {
            "unit": unit_label(d.record.unit),
            "path": d.record.path,
            "kind": report.kind_label(d.record.kind),
            "reason": d.record.reason,
        }
        for d in sorted_documents(report)
        if not is_recognised(d.record)
    ]
    return {
        "title": report.profile.title,
        "notice": report.profile.notice,
        "inbox": report.inbox,
        "n_files": len(records),
        "n_records": sum(by_kind.values()),
        "kinds": [(report.kind_label(k), by_kind[k]) for k in kinds],
        "n_ignored": len(others),
        "severity": [(s.value, s.label, sev[s]) for s in SEVERITY_ORDER],
        "n_findings": len(findings),
        "sections": sections,
        "ignored": [row(f) for f in report.ignored_findings()],
        "clean_units": [unit_label(u) for u in units if u not in groups],
        "others": others,
        "pairs": [_pair_html(p) for p in near_copy_pairs(report)],
        "unit_sources": report.unit_sources() if report.units_mixed() else [],
    }


def _marked(text: str, spans: list[tuple[int, int]]) -> markupsafe.Markup:
    """The text, HTML-escaped, with the shared passages in <mark>."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(markupsafe.escape(text[pos:start]))
        out.append(markupsafe.Markup("<mark>") + markupsafe.escape(text[start:end]) + markupsafe.Markup("</mark>"))
        pos = end
    out.append(markupsafe.escape(text[pos:]))
    return markupsafe.Markup("").join(out)


def _pair_html(p: Any) -> dict[str, Any]:
    return {
        "similarity": f"{p.similarity:.0%}",
        "a": {"unit": unit_label(p.a_unit), "path": p.a_path, "subject": p.a_subject, "label": p.a_label,
              "text": _marked(p.a_text, p.a_spans)},
        "b": {"unit": unit_label(p.b_unit) + (f"（{p.b_year} 年）" if p.b_year else ""), "path": p.b_path,
              "subject": p.b_subject, "label": p.b_label, "text": _marked(p.b_text, p.b_spans)},
    }


