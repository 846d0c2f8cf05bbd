"""What a supporting document shows (a standards assessment's evidence): the topics its heading lines and captions
name, else its title or its file name ("工作室标志上墙照片" shows 标志; "技术攻关管理办法" a 技术攻关 制度). A document no
other kind claims is a supporting document when it shows one (recognise_evidence)."""

from __future__ import annotations

import re

from extractors import text as tx
from extractors.models import Document, FieldValue, Record
from extractors.profile import CoverageSpec, FieldSpec, KindSpec, Profile, StandardRule, StandardsSpec

HEAD_CHARS = 30  # a heading or a photo's caption is a short line
_ATTACHMENT_NO = re.compile(r"^附件\s*\d*\s*[:：]?$")  # "附件3" above a title
PICTURE_CHARS = 5  # a picture whose reading found fewer characters than this holds no text (a photo, not a scan)


def _named(line: str, names: list[str], with_any: list[str]) -> bool:
    return any(n in line for n in names) and (not with_any or any(w in line for w in with_any))


def _topics_in(spec: StandardsSpec, lines: list[str]) -> list[str]:
    out = []
    for t in spec.topics:
        names = [tx.squash(tx.nfkc(n)) for n in t.names]
        words = [tx.squash(tx.nfkc(w)) for w in t.with_any]
        if any(_named(h, names, words) for h in lines):
            out.append(t.key)
    return out


def shown_topics(spec: StandardsSpec, lines: list[str], file_name: str) -> list[str]:
    """The topics of ``spec`` a document shows, in the spec's order: those its headings and captions (the short
    lines after its title: "一、学习研究制度", "图2 组织机构上墙") name; when they name none, those of its title and file
    name — what each photo shows, not the general words over them ("标志及场所照片" over a 门牌 and a 实验室)."""
    flat = [tx.squash(tx.nfkc(ln)) for ln in lines if ln.strip()]
    flat = [ln for ln in flat if not _ATTACHMENT_NO.match(ln)]
    stem = tx.squash(tx.nfkc(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name)))
    return _topics_in(spec, [ln for ln in flat[1:] if len(ln) <= HEAD_CHARS]) or _topics_in(spec, [*flat[:1], stem])


def topic_standards(spec: StandardsSpec, entry: KindSpec) -> dict[str, list[str]]:
    """topic key -> the standards whose evidence rules want it (an ``evidence_each`` rule: its field's options), and
    those its ``backs`` names."""
    out: dict[str, list[str]] = {}

    def walk(std: str, rules: list[StandardRule]) -> None:
        for r in rules:
            wanted = list(r.topics)
            if r.test == "evidence_each" and (f := entry.field(r.field)) is not None:
                wanted += f.choices
            for t in wanted:
                if std not in out.setdefault(t, []):
                    out[t].append(std)
            walk(std, r.rules)

    for s in spec.items:
        walk(s.key, s.rules)
    for t in spec.topics:
        out.setdefault(t.key, []).extend(b for b in t.backs if b not in out.get(t.key, []))
    return out


def option_fields(spec: StandardsSpec, entry: KindSpec) -> list[FieldSpec]:
    """The entry's fields whose options each want a document of their own (``evidence_each``: 制度)."""
    out: list[FieldSpec] = []

    def walk(rules: list[StandardRule]) -> None:
        for r in rules:
            if r.test == "evidence_each" and (f := entry.field(r.field)) is not None and f not in out:
                out.append(f)
            walk(r.rules)

    for s in spec.items:
        walk(s.rules)
    return out


def evidence_fields(profile: Profile, doc: Document, record: Record) -> None:
    """A supporting document's topics and the standards they back (``[standards]``), as two fields; and for each
    entry field whose options each want a document (``evidence_each``: 制度), the options it backs, under that
    field's key (null if none)."""
    standards = profile.standards
    topics = shown_topics(standards, doc.lines(), record.path.rsplit("/", 1)[-1])
    entry = profile.kind(profile.summary_table.entry_kind)
    wanted = topic_standards(standards, entry) if entry else {}
    supports = list(dict.fromkeys(s for t in topics for s in wanted.get(t, [])))
    where = "标题、小标题与文件名"
    record.fields[standards.evidence_field] = FieldValue(standards.evidence_field, "", supports or None, where=where)
    record.fields[standards.topics_field] = FieldValue(standards.topics_field, "", topics or None, where=where)
    for f in option_fields(standards, entry) if entry else []:
        backed = [t for t in topics if t in f.choices]
        record.fields[f.key] = FieldValue(f.key, "、".join(backed), backed or None, where=where)


def recognise_evidence(profile: Profile, doc: Document, path: str) -> tuple[KindSpec, Document] | None:
    """A document no kind claims that shows a topic of ``[standards]`` (by its headings, title or file name) is a
    supporting document of the first evidence kind: ("工作室标志牌照片.jpg", "XX创新工作室学习研究制度", a scanned
    "课题及成果清单"). A picture whose reading found next to no text is a photo, not a scan: known by its file name,
    it is read as holding no text (the document returned is then empty). None when it shows nothing."""
    spec = profile.standards
    kind = profile.kind(spec.evidence_kinds[0]) if spec and spec.evidence_kinds else None
    if kind is None:
        return None
    if doc.ocr_pages and len("".join(tx.squash(ln) for ln in doc.lines())) < PICTURE_CHARS:
        doc = Document(pages=doc.pages)
    return (kind, doc) if shown_topics(spec, doc.lines(), path.rsplit("/", 1)[-1]) else None


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
