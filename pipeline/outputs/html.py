"""异常报告.html: the findings by unit as a page to read or print, near copies side by side."""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

import jinja2
import markupsafe

from checks.models import Finding
from pipeline.outputs.advice import LEGEND, Advice, by_unit, units_of
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


EVIDENCE_CHARS = 300  # a page shows this much of a finding's evidence; the workbook and records.json keep all


def _css_string(text: str) -> markupsafe.Markup:
    """Text to sit inside a CSS string in the page's <style> (the printed page header)."""
    return markupsafe.Markup(re.sub(r'[\\"<>\n]', " ", text))


def _html_context(report: Report) -> dict[str, Any]:
    numbers = {id(f): i for i, f in enumerate(report.all_findings(), 1)}
    findings = report.open_findings()
    records = [d.record for d in report.documents]
    sev = report.severity_counts()
    todo = Advice(report)

    grouped = by_unit(findings)
    units = report.units()
    groups = dict(grouped)

    def row(f: Finding, under: str | None = None) -> dict[str, Any]:
        d = report.decision(f)
        return {
            "number": numbers[id(f)],
            "decision": d.status.label if d else "",
            "note": d.note if d else "",
            "who": d.who if d else "",
            "at": d.at.replace("T", " ") if d else "",
            "unit": unit_label(f.unit) if f.unit else BATCH_UNIT,
            "others": [unit_label(u) for u in units_of(f) if u != under] if under is not None else [],
            "paths": f.paths,
            "subject": f.subject,
            "title": f.title,
            "code": f.code,
            "severity": f.severity.value,
            "severity_label": f.severity.label,
            "message": f.message,
            "todo": todo(f),
            "evidence": todo.basis(f, limit=EVIDENCE_CHARS),
        }

    sections = []
    for i, (key, fs) in enumerate(grouped, 1):
        c = Counter(f.severity for f in fs)
        sections.append(
            {
                "anchor": f"u{i}",
                "label": BATCH_UNIT if key is None else unit_label(key),
                "counts": [(s.value, s.label, c[s]) for s in SEVERITY_ORDER if c[s]],
                "all_counts": [c[s] for s in SEVERITY_ORDER],
                "findings": [row(f, key) for f in fs],
            }
        )
    toc = [{"anchor": s["anchor"], "label": s["label"], "counts": s["all_counts"]} for s in sections]
    pairs = [_pair_html(p) for p in near_copy_pairs(report)]
    ignored = [row(f) for f in report.ignored_findings()]

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
    standards = _standards_html(report)
    blank = ["" for _ in SEVERITY_ORDER]
    toc += [{"anchor": "standards", "label": standards["title"], "counts": blank}] if standards else []
    toc += [{"anchor": "pairs", "label": f"相似文本对照（{len(pairs)} 对）", "counts": blank}] if pairs else []
    toc += [{"anchor": "ignored", "label": f"已忽略的问题（{len(ignored)} 项）", "counts": blank}] if ignored else []
    toc += [{"anchor": "others", "label": f"未纳入审查的文件（{len(others)} 份）", "counts": blank}] if others else []
    return {
        "title": report.profile.title,
        "css_title": _css_string(report.profile.title),
        "generated": report.generated,
        "legend": [(s.value, s.label, LEGEND[s]) for s in SEVERITY_ORDER],
        "toc": toc,
        "notice": report.profile.notice,
        "inbox": report.inbox,
        "n_files": len(records),
        "n_records": sum(by_kind.values()),
        "kinds": [(report.kind_label(k), by_kind[k]) for k in kinds],
        "n_ignored": len(others),
        "severity": [(s.value, s.label, sev[s]) for s in SEVERITY_ORDER],
        "n_findings": len(findings),
        "sections": sections,
        "ignored": ignored,
        "clean_units": [unit_label(u) for u in units if u not in groups],
        "others": others,
        "pairs": pairs,
        "standards": standards,
        "unit_sources": report.unit_sources() if report.units_mixed() else [],
    }


_GRADE_CLASS = {"达标": "met", "存疑": "warning", "不达标": "error"}


def _standards_html(report: Report) -> dict[str, Any] | None:
    """The standards table (entry × standard: grade and reason), or None when the profile has no [standards]."""
    from checks.standards import assess

    spec = report.profile.standards
    if spec is None:
        return None
    subject = report.profile.kind(report.profile.summary_table.entry_kind).subject
    rows = [{"unit": unit_label(a.entry.unit), "subject": a.entry.subject(subject), "summary": a.summary(),
             "cells": [{"grade": g.grade, "cls": _GRADE_CLASS[g.grade], "reason": g.reason} for g in a.grades]}
            for a in assess(report.profile, [d.record for d in report.documents], report.links)]
    return {"title": spec.title, "unit_header": report.profile.unit_field, "subject_header": subject or "对象",
            "headers": [s.key for s in spec.items], "rows": rows}


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


