"""One file, two materials: a form whose write-up follows its table in the same file (the drafted 优质项目 forms
allow the 申报书 "after the table"). The write-up is recognised in what follows the form's last table and becomes
a record of its own; the form is read from the part up to that table."""

from __future__ import annotations

from dataclasses import replace

from extractors.mapping import FormMapper, count_headings
from extractors.models import Document, Table
from extractors.profile import KindSpec, Profile

PART_MARK = "#"  # a part's path: "<file path>#<its kind's title>"


def trailing_part(profile: Profile, kind: KindSpec, doc: Document) -> tuple[Document, KindSpec, Document] | None:
    """(the form's own part, the write-up's kind, the write-up's part) when a form-layout ``doc`` goes on after
    its last table with the headings of a write-up kind of the profile; else None."""
    if kind.layout != "form":
        return None
    # The form ends with the last table holding two of its labels or more (a form a PDF split over two pages is
    # two tables); a write-up typed inside a table of its own comes after it.
    mapper = FormMapper(kind)
    last = max((i for i, b in enumerate(doc.blocks) if isinstance(b, Table)
                and sum(1 for c in b.cells if len(c.text) < 60 and mapper.is_label(c.text)) >= 2), default=None)
    if last is None or last == len(doc.blocks) - 1:
        return None
    head, tail = doc.blocks[: last + 1], doc.blocks[last + 1 :]
    rest = replace(doc, blocks=tail, headers=[], warnings=[], details=[])
    for k in profile.kinds:
        if k.layout == "sections" and k.role == "attachment" and count_headings(k, rest) >= k.min_matches:
            return replace(doc, blocks=head), k, rest
    return None


def part_path(path: str, kind: KindSpec) -> str:
    return f"{path}{PART_MARK}{kind.title}"
