"""Free-form official documents read by what they are, not by labels: a 表彰决定 or 通报 gives its issuer (the
落款 above its date), its 文号 ("盂工发〔2023〕12号"), its date and the names it honours (a table's 成果名称
column, or its numbered lines). A profile asks for these with a field's ``find``; nothing here is a campaign's.
"""

from __future__ import annotations

import re

from extractors import text as tx
from extractors.models import Document

# "盂工发〔2023〕12号", "阳煤工字[2023]5号", "平工发（2023）8号": an issuer's abbreviation, the year in brackets, a number.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号")
_FULL_DATE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$|^\s*(?:19|20)\d{2}[.\-/．]\d{1,2}[.\-/．]\d{1,2}\s*$")
_SEAL = re.compile(r"[（(]\s*(?:盖章|印章|章)\s*[）)]")
_RED_HEAD = re.compile(r"^(?P<issuer>.{2,30}?)(?:文件|通知|简报)$")
_SENTENCE = re.compile(r"[，。；！？,;!?：:]")
# A numbered line of a list: "1．名称", "1、名称", "（1）名称", "①名称" (never "一、" — the decision's own parts).
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}\s*[.．、)）,，・·]|[（(]\d{1,3}[）)]|[①-⑳])\s*(?P<rest>\S.*)$")
# What follows a name on its line: "（阳泉煤业一矿　张建国）" (perhaps then its grade, "　一等奖"), "——阳泉煤业一矿",
# "  完成人：张建国", "　　综采二队　梁国栋" — as a scan reads it, one space between the name and the unit ("装置 综采二队");
# a bracket of more than six characters is the unit and people too (a scan loses the space in it), "（二代）" is the
# name's.
_TAIL = re.compile(r"\s*(?:[（(][^（）()]*(?:[，,、；;\s]|单位|完成人)[^（）()]*[）)].*|[（(][^（）()]{7,}[）)].*|——.*"
                   r"|[-－]{2}.*|\s{2,}.*|　.*|(?<=[\u4e00-\u9fff])\s(?=[\u4e00-\u9fff]).*)$")
_QUOTES = "《》“”\"「」"


def _lines(doc: Document) -> list[str]:
    return [ln.strip() for ln in doc.lines() if ln.strip()]


# A title run into the 文号 on one line (a PDF's or a scan's lines joined): the 文号 starts after it.
_BEFORE_NUMBER = re.compile(r"^.*(?:通报|决定|通知|意见|报告|的)")


def doc_number(doc: Document) -> str | None:
    """The document's 文号 as written: the first one in its text (the line under the red header), without a
    title run into it ("…评审结果的通报阳供电工〔2023〕6号" -> "阳供电工〔2023〕6号")."""
    for ln in _lines(doc)[:30]:
        if m := DOC_NUMBER.search(re.sub(r"[\s\u3000]", "", ln)):
            return _BEFORE_NUMBER.sub("", m.group())
    return None


def _signing(doc: Document) -> tuple[str | None, str | None]:
    """(issuer, date) of the 落款: the last line that is a whole date, and the short line above it."""
    lines = _lines(doc)
    for i in range(len(lines) - 1, -1, -1):
        if _FULL_DATE.match(tx.cn_dates_to_digits(tx.nfkc(lines[i]))):
            above = _SEAL.sub("", lines[i - 1]).strip() if i > 0 else ""
            issuer = above if above and len(tx.squash(above)) <= 30 and not _SENTENCE.search(above) else None
            return issuer, lines[i]
    return None, None


def issuer(doc: Document) -> str | None:
    """Who issued the document: the 落款 above its date, else its red header ("盂县总工会文件")."""
    found, _ = _signing(doc)
    if found:
        return tx.squash(found)
    for ln in _lines(doc)[:5]:
        if m := _RED_HEAD.match(tx.squash(ln)):
            return m.group("issuer")
    return None


def doc_date(doc: Document) -> str | None:
    """The date of the 落款, as written."""
    return _signing(doc)[1]


def _name(text: str) -> str:
    """A listed name without what follows it on its line and without its quotes."""
    s = _TAIL.sub("", text.strip()).strip(" 。；;，,")
    return s.strip(_QUOTES) if s[:1] in _QUOTES and s[-1:] in _QUOTES else s


def listed_names(doc: Document, headers: list[str]) -> list[str]:
    """The names a document lists: the cells under a column headed by one of ``headers`` in its tables, else
    its numbered lines that are no sentence (a list of results, each perhaps followed by its unit and people)."""
    wanted = {tx.norm_label(h) for h in headers}
    names: list[str] = []
    for t in doc.tables():
        rows = t.rows_text()
        for r, row in enumerate(rows[:4]):
            cols = [k for k, cell in enumerate(row) if tx.norm_label(cell) in wanted]
            if cols:
                for below in rows[r + 1:]:
                    value = below[cols[0]] if cols[0] < len(below) else ""
                    if value.strip() and tx.norm_label(value) not in wanted:
                        names.append(_name(tx.clean_value(value).replace("\n", "")))
                break
    if names:
        return names
    for p in doc.paragraphs():
        for ln in p.text.split("\n"):
            m = _NUMBERED.match(ln)
            if not m:
                continue
            rest = m.group("rest").strip()
            if rest.endswith("。") or len(tx.squash(rest)) > 80:
                continue  # a numbered sentence of the decision, not an item of its list
            if name := _name(rest):
                names.append(name)
    return names


def find(what: str, doc: Document, labels: list[str]) -> str | list[str] | None:
    """The value of a field found by ``what`` (a FieldSpec's ``find``), as written."""
    if what == "issuer":
        return issuer(doc)
    if what == "doc_number":
        return doc_number(doc)
    if what == "doc_date":
        return doc_date(doc)
    if what == "names":
        return listed_names(doc, labels)
    raise ValueError(what)
