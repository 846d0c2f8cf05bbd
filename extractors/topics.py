"""What a supporting document shows (a standards assessment's evidence): the topics its title, its heading lines or
its file name name ("工作室标志上墙照片" shows 标志; "技术攻关管理办法" a 技术攻关 制度)."""

from __future__ import annotations

import re

from extractors import text as tx
from extractors.models import Document, FieldValue, Record
from extractors.profile import CoverageSpec, KindSpec, Profile, StandardsSpec

HEAD_CHARS = 30  # a heading is a short line; a title is one of the first lines


def _named(line: str, names: list[str], with_any: list[str]) -> bool:
    return any(n in line for n in names) and (not with_any or any(w in line for w in with_any))


def shown_topics(spec: StandardsSpec, lines: list[str], file_name: str) -> list[str]:
    """The topics of ``spec`` a document shows, in the spec's order."""
    flat = [tx.squash(tx.nfkc(ln)) for ln in lines if ln.strip()]
    heads = flat[:8] + [ln for ln in flat[8:] if len(ln) <= HEAD_CHARS]
    stem = tx.squash(tx.nfkc(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name)))
    out = []
    for t in spec.topics:
        names = [tx.squash(tx.nfkc(n)) for n in t.names]
        words = [tx.squash(tx.nfkc(w)) for w in t.with_any]
        if any(_named(h, names, words) for h in [*heads, stem]):
            out.append(t.key)
    return out


def evidence_fields(profile: Profile, doc: Document, record: Record) -> None:
    """A supporting document's topics and the standards they back (``[standards]``), as two fields."""
    standards = profile.standards
    topics = shown_topics(standards, doc.lines(), record.path.rsplit("/", 1)[-1])
    entry = profile.kind(profile.summary_table.entry_kind)
    wanted = standards.topic_standards(entry) if entry else {}
    supports = list(dict.fromkeys(s for t in topics for s in wanted.get(t, [])))
    record.fields[standards.evidence_field] = FieldValue(standards.evidence_field, "", supports or None,
                                                         where="标题、小标题与文件名")
    record.fields[standards.topics_field] = FieldValue(standards.topics_field, "", topics or None,
                                                       where="标题、小标题与文件名")


def title_fields(kind: KindSpec, doc: Document, record: Record) -> None:
    """The fields a kind's ``title_pattern`` reads from its title ("XX创新工作室工作台账（2022年）"): the first of the
    document's first lines it matches; a field the document states otherwise keeps that value."""
    pat = re.compile(kind.title_pattern)
    lines = [ln.strip() for ln in doc.lines() if ln.strip()][:8]
    for ln in lines:
        m = pat.search(tx.nfkc(ln))
        if m is None:
            continue
        for key, value in m.groupdict().items():
            if value and (record.fields.get(key) is None or record.fields[key].value is None):
                raw = value.strip()  # a number (the 年度 "2022") is a number
                record.fields[key] = FieldValue(key, raw, int(raw) if raw.isdigit() else raw, where="标题")
        return



COVERAGE_FIELD = "覆盖指标"


def covered_indicators(spec: CoverageSpec, doc: Document) -> list[str]:
    """Outline items a document covers: a heading line that starts with the item's name
    ("（十）创新联盟", "【导师带徒】"), or at least ``min_hits`` mentions of its keywords in the text."""
    lines = [tx.squash(tx.nfkc(ln)) for ln in doc.lines()]
    # A heading is a short line, or a numbered one whose heading ends at its first "。" or "：" with the text
    # running on in the same paragraph ("（一）基础情况。工作室成立于……").
    heads = [tx.HEADING_NUMBER_PREFIX.sub("", ln).lstrip("【[〔") for ln in lines
             if 0 < len(ln) <= 30 or (tx.has_heading_number(ln) and len(re.split(r"[。：:]", ln, maxsplit=1)[0]) <= 30)]
    text = "".join(lines)  # joined without breaks: a keyword wrapped across two lines still counts
    covered = []
    for ind in spec.indicators:
        names = [tx.squash(h) for h in ind.headings]
        if any(h.startswith(n) for h in heads for n in names):
            covered.append(ind.key)
        elif ind.keywords and sum(text.count(tx.squash(k)) for k in ind.keywords) >= ind.min_hits:
            covered.append(ind.key)
    return covered
