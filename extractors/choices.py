"""Two value shapes any profile can declare: a choice among options, and a date range.

A choice is written as boxes beside its options ("☑暖心聚力　□强基固本", "暖心聚力√", Word's Wingdings boxes) or
typed ("所属行动：暖心聚力"). A date range ("2019年3月—2020年10月", "2019.03至今") gives a start and an end; an
open end ("至今", "持续") is no end, not a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors import text as tx
from extractors.models import FieldValue
from extractors.profile import FieldSpec


@dataclass(frozen=True)
class Choice:
    """What a choice field says: the ticked options (in the form's order), whether boxes were used at all, and
    the text written when it is no option ("服务教职工" typed where an action was to be chosen)."""

    ticked: tuple[str, ...]
    boxed: bool
    other: str = ""
    guessed: bool = False  # the ticked ones are those whose box a scan lost (no box read as ticked)


def _mark_before_or_after(text: str, option: str, others: str = "") -> str | None:
    """The box beside ``option`` in ``text``: before it ("☑是") or, when the text does not start with a box, after
    it ("是√"); None when the option has no box beside it."""
    marks = tx.CHECKED + tx.UNCHECKED + "".join(sorted(tx.WINGDINGS_CHECKED | tx.WINGDINGS_UNCHECKED))
    word = r"[\s\u3000]*".join(re.escape(ch) for ch in option)
    # Boxes after their options ("是□ 否√") when the text ends with one and does not start with one; else before
    # them ("□是 ☑否"), also when a scan lost the first box ("是☐否").
    starts_boxed = bool(text) and (tx.is_mark(text[0]) or not tx.is_mark(text[-1]))
    # A one-character option stands alone or beside another option (a scan loses the spaces: "☐是否"), never
    # inside a word: "是" is not the 是 of "是否曾被…". Longer ones may touch anything.
    near = re.escape(marks + others)
    own = rf"(?![^\s\u3000{near}])" if len(option) == 1 else ""
    before = rf"(?<![^\s\u3000{near}])" if len(option) == 1 else ""
    pat = (rf"([{re.escape(marks)}])[\s\u3000]*{word}{own}" if starts_boxed
           else rf"{before}{word}[\s\u3000]*([{re.escape(marks)}])")
    m = re.search(pat, text)
    return m.group(1) if m else None


def _line_marks(text: str, options: list[str]) -> dict[str, str | None] | None:
    """One option per line, its box on its line ("学悟守正 ☐\n暖心聚力 ☑", a row per option beside a merged
    label): each option's box; None when the text is not written so."""
    lines = [tx.squash(ln) for ln in text.split("\n") if ln.strip()]
    names = {o: tx.squash(tx.nfkc(o)) for o in options}
    if len(lines) < 2 or any(sum(1 for n in names.values() if n in ln) > 1 for ln in lines):
        return None
    out: dict[str, str | None] = {}
    for o, n in names.items():
        line = next((ln for ln in lines if n in ln), "")
        out[o] = next((ch for ch in line if tx.is_mark(ch)), None)
    return out


def read_choice(raw: str, options: list[str]) -> Choice:
    """The options ``raw`` ticks, or names when it has no boxes."""
    text = tx.nfkc(raw or "").strip()
    if not text:
        return Choice((), False)
    boxed = any(tx.is_mark(ch) for ch in text)
    if boxed:
        marks = _line_marks(text, options)
        if marks is None:
            ends = "".join(tx.nfkc(o)[0] + tx.nfkc(o)[-1] for o in options)
            marks = {o: _mark_before_or_after(text, tx.nfkc(o), ends) for o in options}
        ticked = [o for o, m in marks.items() if m and tx.is_checked_mark(m)]
        guessed = not ticked and any(marks.values())
        if guessed:
            # Every box read is empty, but some options stand without one: their box is the one a scan could not
            # read (a filled ■ or a tick in ink comes back as nothing), so they are the ticked ones.
            ticked = [o for o, m in marks.items() if m is None and tx.squash(tx.nfkc(o)) in tx.squash(text)]
        if ticked or any(marks.values()):
            return Choice(tuple(ticked), True, guessed=guessed and bool(ticked))
        # Boxes, but none beside an option: "√" alone in the cell of a one-option row is read by the caller.
    flat = tx.squash(text.strip("：:"))
    exact = [o for o in options if tx.squash(tx.nfkc(o)) == flat]
    if exact:
        return Choice((exact[0],), False)
    named = [o for o in options if tx.squash(tx.nfkc(o)) in flat]
    if named and not boxed and len(named) == len(options) > 1:
        return Choice((), True)  # every option printed, no box read (a scan lost them all): nothing to go by
    if named and not boxed:
        return Choice(tuple(named), False)
    return Choice((), boxed, other=text)


def after_label(text: str, labels: list[str], options: list[str]) -> str | None:
    """The options written in the label's own cell or line, after it ("所属行动　□学悟守正 ☑暖心聚力",
    "是否曾被省总工会命名 □是 ☑否"): the text after the label when it holds a box or an option; else None."""
    s = tx.nfkc(text).strip()
    for label in sorted(labels, key=len, reverse=True):
        word = r"[\s\u3000]*".join(re.escape(ch) for ch in tx.nfkc(label))
        m = re.match(rf"^{word}[\s\u3000]*(?:[（(][^）)：:]{{0,6}}[）)])?[\s\u3000]*[：:]?[\s\u3000]*(?P<rest>\S.*)$", s, re.S)
        if m and (any(tx.is_mark(ch) for ch in m["rest"]) or read_choice(m["rest"], options).ticked):
            return m["rest"].strip()
    return None


def choice_value(kind: str, choice: Choice, options: list[str] | None = None, yes_no: bool = False
                 ) -> str | bool | list[str] | None:
    """The field's value: the one option of a single choice (True/False for a yes/no question, whose first
    option means yes), the list of a multiple one; a single choice with several ticked keeps them all (a list),
    which choice.invalid reports; nothing ticked is None."""
    if kind == "multiple" or len(choice.ticked) > 1:
        return list(choice.ticked) or None
    if not choice.ticked:
        return None
    return choice.ticked[0] == options[0] if yes_no and options else choice.ticked[0]


_DAY = r"(?P<y{n}>(?:19|20)\d{{2}})\s*[年./\-－]\s*(?P<m{n}>\d{{1,2}})(?!\d)(?:\s*[月./\-－]\s*(?P<d{n}>\d{{1,2}})(?!\d)\s*[日号]?|\s*月)?"
_DATE = re.compile(_DAY.format(n=""))
OPEN_END = ("至今", "持续", "今", "现在", "长期", "常态化")


def _iso(m: re.Match) -> str | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), m.group("d")
    if not 1 <= mo <= 12 or (d is not None and not 1 <= int(d) <= 31):
        return None
    return f"{y:04d}-{mo:02d}" + (f"-{int(d):02d}" if d else "")


@dataclass(frozen=True)
class DateRange:
    start: str | None
    end: str | None
    start_raw: str
    end_raw: str
    problem: str = ""


def split_range(raw: str) -> DateRange:
    """"2019年3月—2020年10月" -> 2019-03 / 2020-10; "2019.03至今" -> 2019-03 / None (open); "2019年3月起" ->
    2019-03 / None. A text with no date in it is a problem for the start."""
    text = tx.nfkc(raw or "").strip()
    if not text:
        return DateRange(None, None, "", "")
    found = list(_DATE.finditer(text))
    if not found:
        return DateRange(None, None, text, "", f"无法识别为起止日期：{text}")
    start = found[0]
    rest = text[start.end():].strip()
    rest = re.sub(r"^[\s—－\-~～]+", "", rest).strip()
    if len(found) > 1:
        end = found[1]
        return DateRange(_iso(start), _iso(end), start.group().strip(), end.group().strip())
    return DateRange(_iso(start), None, start.group().strip(), rest)


# ---------------------------------------------------------------- as a form's fields


def range_fields(f: FieldSpec, src: FieldValue) -> tuple[FieldValue, FieldValue]:
    """A date range read under the start field's label, split into its start and its end (``f``)."""
    r = split_range(src.raw)
    start = FieldValue(key=src.key, raw=r.start_raw, value=r.start, label=src.label, where=src.where,
                       problem=r.problem, confidence=src.confidence)
    end = FieldValue(key=f.key, raw=r.end_raw, value=r.end, label=src.label if r.end_raw else "",
                     where=src.where if r.end_raw else "", confidence=src.confidence if r.end_raw else None)
    return start, end


def chosen(f: FieldSpec, fv: FieldValue, other_label) -> FieldValue:
    """A choice field's value (see ``choice_value``), from its own lines: those after a line starting with another
    field's label belong to that field."""
    words = list(re.finditer(r"\S+", fv.raw))
    cut = next((w.start() for i, w in enumerate(words) if i and other_label(f, w.group())), len(fv.raw))
    raw = fv.raw[:cut].rstrip()
    value = choice_value(f.choice, read_choice(raw, f.choices), f.choices, f.type == "bool")
    return FieldValue(key=fv.key, raw=raw, value=value, label=fv.label, where=fv.where, confidence=fv.confidence)
