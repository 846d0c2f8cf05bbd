"""Map a Document onto a profile's kinds: recognise the kind, then read its fields.

Three layouts cover the campaigns: a *form* (labels in table cells, values beside them), a
*sections* write-up (title plus headed sections, in paragraphs or inside a table) and a *list*
(a table with a header row, one item per row, such as a unit's own 推荐汇总表).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractors import documents
from extractors import text as tx
from extractors.choices import after_label, chosen, range_fields
from extractors.lists import list_score, map_list
from extractors.models import Cell, Document, FieldValue, Record, Section, Table
from extractors.profile import FieldSpec, KindSpec, Profile, SectionSpec
from extractors.subtables import find_subtable, row_mapping, rows_text
from extractors.topics import COVERAGE_FIELD, covered_indicators, evidence_fields, title_fields

# ---------------------------------------------------------------- values


def normalise(spec_type: str, raw: str, unit: str = "") -> tuple[Any, str]:
    """(value, problem) for a raw text of the given field type."""
    raw = raw or ""
    if spec_type in ("text", "longtext"):
        v = tx.clean_value(raw)
        return (v or None), ""
    if spec_type == "int":
        return tx.parse_int(raw, unit)
    if spec_type == "number":
        return tx.parse_number(raw, unit)
    if spec_type == "date":
        return tx.parse_date(raw)
    if spec_type == "bool":
        return tx.parse_bool(raw)
    if spec_type == "list":
        items = tx.parse_list(raw)
        return (items or None), ""
    if spec_type == "phone":
        return tx.parse_phone(raw)
    raise ValueError(spec_type)


def _strip_placeholders(raw: str, placeholders: list[str]) -> str:
    for ph in placeholders:
        chars = tx.squash(ph)
        if not chars:
            continue
        pat = r"[\s\u3000]*".join(re.escape(c) for c in chars)
        raw = re.sub(pat, "", raw)
    return raw


def make_field(spec: FieldSpec, raw: str, label: str, where: str, confidence: float | None = None) -> FieldValue:
    raw = _strip_placeholders(raw, spec.placeholder) if spec.placeholder else raw
    value, problem = normalise(spec.type, raw, spec.unit) if not spec.signed_after else (tx.signed(raw, spec.signed_after), "")
    if spec.blank and tx.squash(tx.nfkc(raw)) in {tx.squash(tx.nfkc(b)) for b in spec.blank}:
        value, problem = None, ""
    return FieldValue(key=spec.key, raw=tx.clean_value(raw), value=value, label=label, where=where, problem=problem,
                      confidence=confidence)


def _least(*scores: float | None) -> float | None:
    """A value is only as sure as the least sure text it was read from (None: typed text)."""
    known = [s for s in scores if s is not None]
    return min(known) if known else None


# ---------------------------------------------------------------- label matching


@lru_cache(maxsize=4096)
def _variants(labels: tuple[str, ...]) -> tuple[str, ...]:
    """Normalised label variants, longest first so "班组负责人姓名" wins over "姓名"."""
    return tuple(sorted({tx.norm_label(x) for x in labels}, key=len, reverse=True))


def _orig(original: str, normalised: str, start: int, end: int | None = None) -> str:
    """A slice of the text as written: NFKC is used to match, never to alter what is kept.

    NFKC maps full-width punctuation one-to-one, so offsets carry over when the lengths agree.
    """
    src = original if len(original) == len(normalised) else normalised
    return src[start:end]


_COLON_SPLIT = re.compile(r"^(?P<label>[^：:]{1,40}?)\s*[：:]\s*(?P<value>.*)$", re.S)


@lru_cache(maxsize=65536)
def _label_in_cell(cell_text: str, variants: tuple[str, ...]) -> tuple[str, str | None] | None:
    """Does this cell hold the label? Returns (label as written, value typed in the same cell or None)."""
    first_line = cell_text.split("\n", 1)[0]
    n = tx.norm_label(cell_text)
    if n in variants:
        return cell_text, None
    norm = tx.nfkc(cell_text)
    m = _COLON_SPLIT.match(norm)
    if m and tx.norm_label(m.group("label")) in variants:
        return m.group("label"), _orig(cell_text, norm, m.start("value")).strip()
    # A checkbox typed straight after its label ("党支部☑").
    n1 = tx.norm_label(first_line)
    for v in variants:
        if n1.startswith(v) and len(n1) > len(v):
            rest = n1[len(v) :]
            if all(ch in tx.CHECKED + tx.UNCHECKED or ch in tx.WINGDINGS_CHECKED | tx.WINGDINGS_UNCHECKED for ch in rest):
                return first_line, rest
    # A label cell whose first line is the label and the rest is a prompt or the value.
    if "\n" in cell_text and n1 in variants:
        return first_line, cell_text.split("\n", 1)[1].strip()
    return None


@dataclass
class _Grid:
    index: int
    table: Table
    grid: list[list[Cell | None]]
    order: list[Cell]  # distinct cells in row-major order


def _grids(doc: Document) -> list[_Grid]:
    out = []
    for i, t in enumerate(doc.tables()):
        order = sorted(t.cells, key=lambda c: (c.row, c.col))
        out.append(_Grid(i, t, t.grid(), order))
    return out


def _right_of(g: _Grid, c: Cell) -> Cell | None:
    row = g.grid[c.row]
    k = c.col + c.colspan
    while k < len(row):
        if row[k] is not None and row[k] is not c:
            return row[k]
        k += 1
    return None


def _below(g: _Grid, c: Cell) -> Cell | None:
    r = c.row + c.rowspan
    if r < len(g.grid):
        below = g.grid[r][c.col]
        if below is not None and below is not c and below.col == c.col:
            return below
    return None


_SENTENCE_MARKS = re.compile(r"[，。；！？,;!?]")
_COLON_NEAR_START = re.compile(r"^[^：:\n，。]{1,40}[：:]")


def _label_like(text: str) -> bool:
    """Short and without sentence punctuation: a label cell, not a value or a prompt."""
    return 0 < len(tx.squash(text)) <= 50 and not _SENTENCE_MARKS.search(text)


@lru_cache(maxsize=65536)
def _label_within(cell_text: str, variants: tuple[str, ...]) -> bool:
    """A long label that names the field in other words, e.g. the template's own wording
    "已开展“科教报国 创新有我”岗位建功竞赛情况" for 竞赛情况: a label-like cell holding one of the variants."""
    if not _label_like(cell_text):
        return False
    n = tx.norm_label(cell_text)
    return any(len(v) >= 4 and v in n for v in variants)


def _scrambled_label(cell_text: str, variants: tuple[str, ...]) -> tuple[str, str | None] | None:
    """A label a scan's recogniser read out of order: a label spread across its cell ("工　作　室　名" with
    "称" wrapped under it) comes back as "工称作室名", "女职工人\n数：六" as "职工女人人数：六". It holds every
    character of a label of four or more, in any order, and at most one more. Returns (label, value typed in
    the cell or None), as ``_label_in_cell``."""
    norm = tx.nfkc(cell_text)
    m = _COLON_SPLIT.match(norm)
    label, inline = (m.group("label"), _orig(cell_text, norm, m.start("value")).strip()) if m else (cell_text, None)
    have = Counter(tx.norm_label(label))
    for v in variants:
        if len(v) >= 4 and not Counter(v) - have and sum(have.values()) <= len(v) + 1:
            # The label in order and one character after it: the scan's grid merged the label's cell with its
            # value's ("是否已获其他资金资助否": a ruling line too faint to split them), the value is that character.
            run_on = tx.norm_label(label)
            if inline is None and len(run_on) == len(v) + 1 and run_on.startswith(v) and run_on[-1].isalnum():
                return v, run_on[-1]
            return label, inline
    return None


def _option_pattern(variants: tuple[str, ...]) -> re.Pattern:
    words = "|".join(r"[\s\u3000]*".join(re.escape(ch) for ch in v) for v in variants)
    marks = re.escape(tx.CHECKED + tx.UNCHECKED + "".join(sorted(tx.WINGDINGS_CHECKED | tx.WINGDINGS_UNCHECKED)))
    return re.compile(rf"(?P<before>[{marks}])[\s\u3000]*(?:{words})|(?:{words})[\s\u3000]*(?P<after>[{marks}])")


_OPTION_PATTERNS: dict[tuple[str, ...], re.Pattern] = {}


def option_mark(text: str, variants: tuple[str, ...]) -> str | None:
    """The box written beside an option among several in one cell or line ("☑党支部　□党小组",
    "党支部√ 党小组□"): the mark, or None when the option has no box beside it. A text that starts with a
    box puts each box before its option."""
    pat = _OPTION_PATTERNS.get(variants) or _OPTION_PATTERNS.setdefault(variants, _option_pattern(variants))
    s = tx.nfkc(text).strip()
    before_first = bool(s) and tx.is_mark(s[0])
    for m in pat.finditer(s):
        if before_first and m.group("before"):
            return m.group("before")
        if not before_first and m.group("after"):
            return m.group("after")
    return None


@lru_cache(maxsize=1024)
def _qualified(labels: tuple[str, ...], anchor: str) -> tuple[str, ...]:
    """A sub-block's labels written out in full where the form has no block cell: "班组负责人姓名" or
    "负责人政治面貌" for 姓名/政治面貌 under 班组负责人, "领衔人姓名" under 工作室领衔人情况 — a part of the
    block's name (two characters or more) before the label."""
    a = tx.norm_anchor(anchor)
    parts = {a[i:j] for i in range(len(a)) for j in range(i + 2, len(a) + 1)}
    return tuple(sorted({p + v for p in parts for v in _variants(labels)}, key=len, reverse=True))


class FormMapper:
    """Reads a form-layout kind from a document."""

    def __init__(self, kind: KindSpec):
        self.kind = kind
        self.all_variants = {v for f in kind.fields for v in _variants(tuple(f.labels))}
        self.all_variants |= {v for f in kind.fields for a in f.anchors for v in _qualified(tuple(f.labels), a)}

    def is_label(self, text: str) -> bool:
        return tx.norm_label(text) in self.all_variants or bool(
            (m := _COLON_SPLIT.match(tx.nfkc(text))) and tx.norm_label(m.group("label")) in self.all_variants
        )

    def score(self, doc: Document) -> int:
        """How many distinct table-field labels the document holds."""
        found = set()
        grids = _grids(doc)
        for f in self.kind.fields:
            if f.where == "line" or not f.labels:
                continue
            vs = _variants(tuple(f.labels))
            for g in grids:
                if any(_label_in_cell(c.text, vs) for c in g.order if len(c.text) < 60):
                    found.add(f.key)
                    break
        return len(found)

    def map(self, doc: Document) -> dict[str, FieldValue]:
        grids = _grids(doc)
        lines = _header_lines(doc)
        scores = _line_confidence(doc)
        out: dict[str, FieldValue] = {}
        used: set[int] = set()  # id() of cells already taken as a label
        for f in self.kind.fields:  # sub-tables first: their header cells ("姓名") are no other field's labels
            if f.subtable:
                out[f.key] = self._subtable(f, grids, used)
        for f in self.kind.fields:
            if f.date_of or f.subtable:
                continue  # filled from its field below, or above
            fv = None
            if f.where in ("table", "any"):
                fv = self._from_tables(f, grids, used)
            if fv is None and f.where in ("line", "any"):
                fv = _from_lines(f, lines, self.kind, scores)
            if fv is None and f.where == "line":
                fv = self._from_tables(f, grids, used)
            if (fv is None or fv.value is None) and f.type == "bool" and not f.choice and not f.signed_after:
                fv = _option_in_text(f, grids, lines) or fv
            if fv is None and f.choice:  # the options in the label's own cell or line
                fv = next((make_field(f, rest, f.labels[0], where) for where, text in _texts(grids, lines)
                           if (rest := after_label(text, f.labels, f.choices)) is not None), None)
            out[f.key] = fv or FieldValue(key=f.key, raw="", value=None)
        self._blank_boxes_unticked(out)
        for f in self.kind.fields:
            if f.date_of:
                out[f.key] = _split_date(f, out, self.kind)
            elif f.range_of:
                out[f.range_of], out[f.key] = range_fields(f, out[f.range_of])
            elif f.choice:
                out[f.key] = chosen(f, out[f.key], self._other_label_at)

        return {f.key: out[f.key] for f in self.kind.fields}

    def _subtable(self, f: FieldSpec, grids: list[_Grid], used: set[int]) -> FieldValue:
        others = [g.subtable for g in self.kind.fields if g.subtable and g.key != f.key]
        found = find_subtable(f, [g.table for g in grids], self.is_label,
                              lambda grid, r: any(row_mapping(grid, r, cols) for cols in others), used,
                              normalise)
        if found is None:
            return FieldValue(key=f.key, raw="", value=None)
        used.update(id(c) for c in found.cells)
        conf = _least(*(c.confidence for c in found.cells))
        return FieldValue(key=f.key, raw=rows_text(found.rows), value=found.rows or None, label=f.labels[0],
                          where=f"表格{found.table_index + 1} 第{found.header_row + 1}行起", confidence=conf)

    def _blank_boxes_unticked(self, out: dict[str, FieldValue]) -> None:
        """Where a form ticks some options ("√" in one cell) and leaves the others' cells blank, the blank
        ones are unticked; a form that ticks nothing leaves them unknown."""
        flags = [f for f in self.kind.fields if f.type == "bool" and not f.signed_after]
        if not any(out[f.key].value is not None for f in flags):
            return
        for f in flags:
            fv = out[f.key]
            if fv.value is None and fv.label and not fv.raw:
                fv.value = False

    def _from_tables(self, f: FieldSpec, grids: list[_Grid], used: set[int]) -> FieldValue | None:
        """The field from the form's tables: under its label (after its block's anchor cell when it has one),
        else, when the form has no such block, under the label written out in full ("班组负责人姓名")."""
        vs, found = _variants(tuple(f.labels)), None
        for anchor in f.anchors or [""]:
            found = found or self._scan(f, grids, used, vs, tx.norm_anchor(anchor))
        for anchor in f.anchors:
            found = found or self._scan(f, grids, used, _qualified(tuple(f.labels), anchor), "")
        if found is None and f.anchors and (distinct := tuple(v for v in vs if len(v) >= 4)):
            found = self._scan(f, grids, used, distinct, "")  # "技能奖项及时间" needs no block to be known
        return found

    def _scan(self, f: FieldSpec, grids: list[_Grid], used: set[int], vs: tuple[str, ...], anchor: str
              ) -> FieldValue | None:
        long_text = f.type in ("longtext", "list")
        for g in grids:
            started = not anchor
            parts: list[FieldValue] = []
            last_row = -1
            for c in g.order:
                if not started:
                    started = anchor in (tx.norm_anchor(c.text), tx.norm_anchor(c.text.split("\n")[0]))
                    continue
                if parts and c.row > last_row + 1:
                    break  # the next part of a text split over rows sits directly below the last
                if id(c) in used or (len(c.text) > 80 and not _COLON_NEAR_START.match(c.text)):
                    continue  # a long cell is a value, unless it starts "标签：" (label and value in one cell)
                hit = _label_in_cell(c.text, vs)
                if not hit and long_text and not self.is_label(c.text) and _label_within(c.text, vs):
                    hit = (c.text, None)
                if not hit and c.confidence is not None:
                    hit = _scrambled_label(c.text, vs)
                if not hit:
                    continue
                used.add(id(c))
                parts.append(self._value_at(f, g, c, *hit))
                last_row = c.row + c.rowspan - 1
                if not long_text:
                    break
            if parts:
                return parts[0] if len(parts) == 1 else _joined(f, parts)
        return None

    def _value_at(self, f: FieldSpec, g: _Grid, c: Cell, label: str, inline: str | None) -> FieldValue:
        """The value of the label in cell ``c``: typed in it, to its right, or below it."""
        where = f"表格{g.index + 1} 第{c.row + 1}行"
        nxt = _right_of(g, c)
        if f.choice and not inline and nxt is not None and not self.is_label(nxt.text):
            rows = self._option_rows(g, c)
            return make_field(f, "\n".join(" ".join(x.text for x in row) for row in rows), label, where,
                              _least(*(x.confidence for row in rows for x in row)))
        nxt_text = "" if nxt is None or self.is_label(nxt.text) else nxt.text
        if c.confidence is not None and nxt is not None and not nxt.text.strip() and not inline:
            # A scan's grid may split a merged value cell and put its text in a later column ("其他资金来源 | |
            # 学校行政经费 | "): the first filled cell further on the row, when it is no label.
            far = _right_of(g, nxt)
            while far is not None and not far.text.strip():
                far = _right_of(g, far)
            if far is not None and not self.is_label(far.text) and not self._scrambled(far.text):
                nxt, nxt_text = far, far.text
        if inline:  # typed in the label cell; an empty neighbour is the usual reason
            raw = inline if not nxt_text else f"{inline}\n{nxt_text}"
            return make_field(f, raw, label, where, _least(c.confidence, nxt.confidence if nxt_text else None))
        if c.rowspan > 1 and f.type in ("longtext", "list"):
            # A label merged down several rows, one entry per row beside it (荣誉 one per row).
            beside = self._beside_rows(g, c)
            if len(beside) > 1:
                raw = "\n".join(x.text for x in beside)
                return make_field(f, raw, label, where, _least(*(x.confidence for x in beside)))
        source = nxt
        if nxt is None or (not nxt_text and (self.is_label(nxt.text) or self._labels_only(g, c.row))):
            # At the row's end, beside another label, or in a row of labels: the value is in the row below (if
            # it reads as one).
            below = _below(g, c)
            below_text = "" if below is None or self.is_label(below.text) else below.text
            if below_text and (nxt is None or not normalise(f.type, below_text, f.unit)[1]):
                nxt_text, source = below_text, below
        return make_field(f, nxt_text, label, where, source.confidence if nxt_text else None)

    def _other_label_at(self, f: FieldSpec, line: str) -> bool:
        """Does ``line`` start with another field's label (a scan's grid joined the next row to this cell)?"""
        n = tx.norm_label(line)  # the label whole, or its first line ("是否已获其他" of a label broken over two)
        return any(len(v) >= 4 and (n.startswith(v) or (len(n) >= 4 and v.startswith(n)))
                   for g in self.kind.fields if g.key != f.key for v in _variants(tuple(g.labels)))

    def _scrambled(self, text: str) -> bool:
        """A cell that is one of the kind's labels as a scan read it out of order (``_scrambled_label``)."""
        return any(_scrambled_label(text, _variants(tuple(f.labels))) for f in self.kind.fields if f.labels)

    def _option_rows(self, g: _Grid, c: Cell) -> list[list[Cell]]:
        """A choice's options right of its label: the rest of the row, one cell each ("☑暖心聚力 | □强基固本"),
        and the rows below while the label's column is its merged cell or blank (one option per row, its box
        beside it)."""
        rows: list[list[Cell]] = []
        for r in range(c.row, len(g.grid)):
            head = g.grid[r][c.col]
            row = list({id(x): x for x in g.grid[r][c.col + c.colspan:] if x is not None and x.text.strip()}.values())
            if r > c.row and ((head is not c and head is not None and head.text.strip()) or not row
                              or any(self.is_label(x.text) for x in row)):
                break
            rows.append([x for x in row if x.row == r or r == c.row])
        return rows

    def _labels_only(self, g: _Grid, row: int) -> bool:
        """A row whose filled cells are all labels (at least two): the header of values written below it."""
        filled = [x for k, x in enumerate(g.grid[row]) if x is not None and x.row == row and x.col == k
                  and x.text.strip() and x.rowspan == 1]  # a block's name merged down the rows is no label
        return len(filled) >= 2 and all(self.is_label(x.text) for x in filled)

    def _beside_rows(self, g: _Grid, c: Cell) -> list[Cell]:
        out: list[Cell] = []
        k = c.col + c.colspan
        for r in range(c.row, min(c.row + c.rowspan, len(g.grid))):
            x = g.grid[r][k] if k < len(g.grid[r]) else None
            if x is not None and x is not c and x.text.strip() and not self.is_label(x.text) and x not in out:
                out.append(x)
        return out


def _joined(f: FieldSpec, parts: list[FieldValue]) -> FieldValue:
    """One value from the parts of a text written over several labelled rows, in order."""
    raw = "\n".join(p.raw for p in parts if p.raw)
    value, problem = normalise(f.type, raw, f.unit)
    return FieldValue(key=f.key, raw=raw, value=value, label=parts[0].label, where=parts[0].where,
                      problem=problem, confidence=_least(*(p.confidence for p in parts)))


def _texts(grids: list[_Grid], lines: list[str]) -> list[tuple[str, str]]:
    """(where, text) of every cell and header line."""
    return [*((f"表格{g.index + 1} 第{c.row + 1}行", c.text) for g in grids for c in g.order), *(("表头", ln) for ln in lines)]


def _option_in_text(f: FieldSpec, grids: list[_Grid], lines: list[str]) -> FieldValue | None:
    """A yes/no field written as one boxed option among several in a cell or line ("☑党支部　□党小组")."""
    vs = _variants(tuple(f.labels))
    for g in grids:
        for c in g.order:
            if len(c.text) <= 80 and (mark := option_mark(c.text, vs)):
                return make_field(f, mark, f.labels[0], f"表格{g.index + 1} 第{c.row + 1}行", c.confidence)
    for ln in lines:
        if len(ln) <= 80 and (mark := option_mark(ln, vs)):
            return make_field(f, mark, f.labels[0], "表头")
    return None


def _split_date(f: FieldSpec, out: dict[str, FieldValue], kind: KindSpec) -> FieldValue:
    """A signed opinion's date, split off its opinion field (which keeps the opinion only)."""
    src = out.get(f.date_of)
    if src is None or not src.raw:
        return FieldValue(key=f.key, raw="", value=None)
    opinion, date = tx.split_signed(src.raw)
    spec = kind.field(f.date_of)
    value, problem = normalise(spec.type, opinion, spec.unit)
    out[f.date_of] = FieldValue(key=spec.key, raw=opinion, value=value, label=src.label, where=src.where,
                                problem=problem, confidence=src.confidence)
    dvalue, dproblem = normalise("date", date)
    return FieldValue(key=f.key, raw=date, value=dvalue, label=src.label, where=src.where, problem=dproblem,
                      confidence=src.confidence if date else None)


def _header_lines(doc: Document) -> list[str]:
    """Paragraph lines where "标签：值" header fields live: body paragraphs and page headers."""
    out = []
    for p in doc.paragraphs():
        out.extend(p.text.split("\n"))
    for p in doc.headers:
        out.extend(p.text.split("\n"))
    return [ln for ln in out if ln.strip()]


def _line_confidence(doc: Document) -> dict[str, float]:
    """OCR confidence of each text line (the least sure paragraph or cell holding it); empty when typed."""
    out: dict[str, float] = {}
    if not doc.ocr_pages:
        return out
    pieces = [*doc.paragraphs(), *doc.headers, *(c for t in doc.tables() for c in t.cells)]
    for p in pieces:
        if p.confidence is not None:
            for ln in p.text.split("\n"):
                for key in (ln, ln.strip()):
                    out[key] = min(out.get(key, 1.0), p.confidence)
    return out


@lru_cache(maxsize=256)
def _line_pattern(variants: tuple[str, ...]) -> re.Pattern:
    """"标签：" for any of a kind's labels, spaces allowed between the characters, longest first."""
    alternation = "|".join(r"[\s\u3000]*".join(re.escape(ch) for ch in v)
                           for v in sorted(variants, key=len, reverse=True))
    # "推荐单位（盖章）：……": a bracketed note may stand between the label and its colon.
    return re.compile(rf"(?P<label>{alternation})\s*(?:[（(][^）)：:]{{0,8}}[）)])?\s*[：:]")


def _from_lines(f: FieldSpec, lines: list[str], kind: KindSpec, scores: dict[str, float] | None = None
                ) -> FieldValue | None:
    """"推荐单位工会：南京大学工会（盖章）" or "联系人：王芳　电话：025-1234" within a paragraph."""
    pat = _line_pattern(tuple(sorted({v for g in kind.fields for v in _variants(tuple(g.labels))})))
    mine = set(_variants(tuple(f.labels)))
    for ln in lines:
        s = tx.nfkc(ln)
        matches = list(pat.finditer(s))
        for i, m in enumerate(matches):
            if tx.norm_label(m.group("label")) not in mine:
                continue
            # A longer label must not be read as a shorter one ("联系电话" is not "电话"); a distinctive label
            # (four characters or more) may follow other text directly: a scan joins a title and the line
            # "班组名称：…" under it.
            # So may a label after another field's value on the same line, when a scan lost the space between
            # them ("联系人：周敏电话：0519-…").
            glued = m.start() > 0 and not re.match(r"[\s\u3000：:，,;；]", s[m.start() - 1])
            if glued and (_ends_longer_label(s[: m.end("label")], m.group("label"), kind)
                          or (len(tx.norm_label(m.group("label"))) < 4 and i == 0)):
                continue
            end = matches[i + 1].start() if i + 1 < len(matches) else len(s)
            # A scan may lose the colon of the next label ("联系人：周敏　电话 025-…"): the value still ends there.
            if cut := _bare_label(kind).search(s, m.end(), end):
                end = cut.start("label")
            return make_field(f, _orig(ln, s, m.end(), end), m.group("label"), "表头", (scores or {}).get(ln))
    for ln in lines:  # the label's own colon lost: "联系人：周敏　电话 025-83451234" (a short header line)
        s = tx.nfkc(ln)
        if len(s) > 60 or f.where != "line" or not pat.search(s):
            continue
        for m in _bare_label(kind).finditer(" " + s):
            if tx.norm_label(m.group("label")) not in mine:
                continue
            start = m.end() - 1
            nxt = [x.start() for x in pat.finditer(s, start)] + [
                x.start("label") - 1 for x in _bare_label(kind).finditer(" " + s, m.end())]
            end = min(nxt, default=len(s))
            return make_field(f, _orig(ln, s, start, end), m.group("label"), "表头", (scores or {}).get(ln))
    return None


def _ends_longer_label(text: str, label: str, kind: KindSpec) -> bool:
    """Does ``text`` end with a label of the kind longer than ``label``, the one it was matched as?"""
    squashed, n = tx.squash(text), len(tx.norm_label(label))
    return any(len(v) > n and squashed.endswith(v) for f in kind.fields for v in _variants(tuple(f.labels)))


@lru_cache(maxsize=64)
def _bare_label_pattern(variants: tuple[str, ...]) -> re.Pattern:
    alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"[\s\u3000]+(?P<label>{alternation})(?=[\s\u3000]*\S)")


def _bare_label(kind: KindSpec) -> re.Pattern:
    """A header-line label of the kind standing after a space without its colon."""
    return _bare_label_pattern(tuple(sorted({v for g in kind.fields if g.where == "line"
                                             for v in _variants(tuple(g.labels))})))


# ---------------------------------------------------------------- sections

_NUMBERING = tx.HEADING_NUMBER


@lru_cache(maxsize=64)
def _heading_pattern(headings: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern, list[str]]:
    """The heading regex for a kind and, per named group s<i>, the section key it stands for."""
    variants = sorted({(v, key) for key, vs in headings for v in vs}, key=lambda p: len(p[0]), reverse=True)
    alternation = "|".join(f"(?P<s{i}>{re.escape(v)})" for i, (v, _) in enumerate(variants))
    pattern = re.compile(
        rf"^\s*{_NUMBERING}\s*(?P<open>[【\[〔［])?\s*(?:{alternation})\s*(?P<close>[】\]〕］])?"
        rf"\s*(?P<colon>[：:。])?\s*(?P<rest>.*)$",
        re.S,
    )
    return pattern, [key for _, key in variants]


def _heading_tuple(kind: KindSpec) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((s.key, tuple(s.headings)) for s in kind.sections)


def _match_heading(kind: KindSpec, line: str) -> tuple[SectionSpec, str, str] | None:
    """(section, heading as written, text after the heading on the same line) or None."""
    pat, keys = _heading_pattern(_heading_tuple(kind))
    norm = tx.nfkc(line)
    m = pat.match(norm)
    if not m:
        return None
    key = next(keys[i] for i in range(len(keys)) if m.group(f"s{i}") is not None)
    rest = _orig(line, norm, m.start("rest")).strip()
    marked = bool(m.group("open") or m.group("close") or m.group("colon") or _has_number_prefix(line))
    if rest and not marked:
        return None  # "成果转化取得……" is body text, not a heading
    heading = line[: len(line) - len(rest)].strip() if rest else line.strip()
    spec = next(s for s in kind.sections if s.key == key)
    return spec, heading, rest


_has_number_prefix = tx.has_heading_number


def count_headings(kind: KindSpec, doc: Document) -> int:
    return len({m[0].key for ln in doc.lines() if (m := _match_heading(kind, ln))})


@dataclass
class SectionsResult:
    title: str
    sections: dict[str, Section]
    intro: str
    fields: dict[str, FieldValue]
    chars: int
    bylines: list[str] = dataclasses.field(default_factory=list)  # lines naming the unit/班组, not counted


# Labels of the lines that name who wrote a write-up rather than say anything ("推荐单位：…", "作者：…"):
# with the kind's own field labels, a line "标签：值" under one of them is not the title and not body.
_BYLINE_LABELS = ("单位", "推荐单位", "申报单位", "报送单位", "填报单位", "所在单位", "工作单位", "作者", "执笔人",
                  "撰稿人", "撰写人", "联系人", "电话", "联系电话", "负责人", "班组", "团队", "部门", "科室")
_TITLE_LABELS = ("名称", "题目", "标题")  # "案例名称：…", "案例题目：…", "标题：…" hold the title


def _labelled(line: str) -> tuple[str, str] | None:
    """("标签", "值") of a short "标签：值" line."""
    m = _COLON_SPLIT.match(tx.nfkc(line))
    if not m or len(tx.squash(m.group("label"))) > 12 or _SENTENCE_MARKS.search(m.group("label")):
        return None
    return tx.norm_label(m.group("label")), _orig(line, tx.nfkc(line), m.start("value")).strip()


def _is_byline(line: str, labels: set[str]) -> bool:
    """A line between the title and the first heading that only names the unit, the 班组 or the author:
    "推荐单位：…", "（河海大学 热工实验中心）", a bare unit name. A lead paragraph of prose is not one."""
    lab = _labelled(line)
    if lab is not None and (lab[0] in labels or any(lab[0].endswith(x) for x in _BYLINE_LABELS)):
        return True
    return len(tx.squash(line)) <= 40 and not _SENTENCE_MARKS.search(line)


def _is_caption(n: str, title_norms: set[str]) -> bool:
    """"班组创新案例", "附件2", "附件2：班组创新案例": the template's caption above the title."""
    rest = re.sub(r"^附件\d*[:：、.．]?", "", n)
    return n in title_norms or not rest or rest in title_norms


def map_sections(kind: KindSpec, doc: Document) -> SectionsResult:
    lines = [ln.strip() for ln in doc.lines()]
    lines = [ln for ln in lines if ln]
    scores = _line_confidence(doc)
    fields: dict[str, FieldValue] = {}
    field_lines: set[int] = set()
    for f in kind.fields:
        fv = None
        for i, ln in enumerate(lines):
            got = _from_lines(f, [ln], kind, scores)
            if got is not None and got.value is not None:
                fv = got
                field_lines.add(i)
                break
        fields[f.key] = fv or FieldValue(key=f.key, raw="", value=None)

    title_norms = {tx.norm_label(t) for t in kind.titles}
    bodies: dict[str, list[str]] = {}
    headings: dict[str, str] = {}
    current: str | None = None
    pre: list[str] = []
    label_at = _line_pattern(tuple(sorted({v for g in kind.fields for v in _variants(tuple(g.labels))})))
    for i, ln in enumerate(lines):
        if i in field_lines:
            # A scan may join the title and the "班组名称：…" line under it: the title stays a line of its own.
            m = label_at.search(tx.nfkc(ln)) if current is None else None
            if m and m.start() > 0 and ln[: m.start()].strip():
                pre.append(ln[: m.start()].strip())
            continue
        h = _match_heading(kind, ln)
        if h and h[0].key not in headings:
            current = h[0].key
            headings[current] = h[1]
            bodies[current] = [h[2]] if h[2] else []
            continue
        if current is None:
            pre.append(ln)
        else:
            bodies[current].append(ln)

    labels = {v for f in kind.fields for v in _variants(tuple(f.labels))} | set(_BYLINE_LABELS)
    subject = tx.norm_name(str(fields[kind.subject].value or "")) if kind.subject in fields else ""
    title = ""
    intro: list[str] = []
    bylines: list[str] = []
    for ln in pre:
        n = tx.norm_label(ln)
        if not title and (_is_caption(n, title_norms) or _is_instruction(ln)):
            continue
        lab = _labelled(ln)
        if not title and lab is not None and lab[1] and lab[0].endswith(_TITLE_LABELS):
            title = _unwrap_title(lab[1])
        elif not title and lab is not None and lab[0] in labels:
            bylines.append(ln)
        elif not title:
            title = _unwrap_title(strip_subject_prefix(ln.strip(), subject))
        elif _is_byline(ln, labels):
            bylines.append(ln)
        else:
            intro.append(ln)

    if kind.subject in fields and fields[kind.subject].value is None and (named := _named_title(title)):
        # "汽车维修实训班组：新能源汽车故障诊断实训台的开发": the 班组 the case is about, then its title.
        name, title = named
        spec = kind.field(kind.subject)
        fields[kind.subject] = make_field(spec, name, "", "标题") if spec else FieldValue(kind.subject, name, name)

    sections = {}
    for s in kind.sections:
        body = "\n".join(bodies.get(s.key, []))
        sections[s.key] = Section(key=s.key, heading=headings.get(s.key, ""), body=body, chars=tx.word_count(body))
    chars = sum(sec.chars for sec in sections.values()) + sum(tx.word_count(x) for x in intro)
    return SectionsResult(title=title, sections=sections, intro="\n".join(intro), fields=fields, chars=chars,
                          bylines=bylines)


_SUBJECT_TAIL = re.compile(r"(?:班组|工作室)$")  # a name of the 班组 or 工作室 family (extractors.names)


def _named_title(title: str) -> tuple[str, str] | None:
    """(name, title) of a title written "<班组/工作室 name>：<title>", else None."""
    m = re.match(r"^(?P<head>[^：:，。]{2,40})[：:]\s*(?P<rest>\S.*)$", title)
    if m and _SUBJECT_TAIL.search(tx.squash(m.group("head"))):
        return m.group("head").strip(), m.group("rest").strip()
    return None


def strip_subject_prefix(title: str, subject: str) -> str:
    """"常州大学材料学院薄膜制备团队：薄膜沉积工艺改进" -> "薄膜沉积工艺改进" when the part before the colon
    names the subject (``subject``: its normalised name, e.g. "薄膜制备团队"); a title that merely has a colon
    ("智慧能耗：让校园节能看得见") stays whole."""
    m = re.match(r"^(?P<head>[^：:，。]{2,40})[：:]\s*(?P<rest>\S.*)$", title)
    if not subject or not m:
        return title
    head = tx.norm_name(m.group("head"))
    return m.group("rest").strip() if head.endswith(subject) or head == subject else title


_WRAPPERS = ("《》", "“”", '""', "「」")


def _unwrap_title(title: str) -> str:
    """《智慧能耗》 -> 智慧能耗, but “智慧能耗”监测平台 stays as written."""
    for pair in _WRAPPERS:
        if len(title) > 2 and title[0] == pair[0] and title[-1] == pair[1] and pair[1] not in title[1:-1]:
            return title[1:-1].strip()
    return title


def _is_instruction(line: str) -> bool:
    """Template guidance that units leave in ("围绕某个方面……不超过600字。")."""
    n = tx.nfkc(line)
    return bool(re.search(r"不超过\s*\d+\s*字", n)) and len(n) > 20


# ---------------------------------------------------------------- recognition


@dataclass
class Recognition:
    kind: KindSpec | None
    score: int
    reason: str


def _title_hit(kind: KindSpec, doc: Document) -> bool:
    first = [tx.norm_label(ln) for ln in doc.lines()[:8] if ln.strip()]
    titles = [tx.norm_label(t) for t in kind.titles]
    return any(t and t in ln for ln in first for t in titles)


def recognise(profile: Profile, doc: Document) -> Recognition:
    """The kind whose structure the document matches best, judged from content only."""
    scored: list[tuple[int, int, KindSpec]] = []
    for k in profile.kinds:
        if k.layout == "form":
            s = FormMapper(k).score(doc)
        elif k.layout == "sections":
            s = count_headings(k, doc)
        elif k.layout == "list":
            s = list_score(k, doc)
        elif k.patterns:  # a free-form document known by its title and what its text holds (a 文号)
            text = "\n".join(doc.lines())
            s = int(_title_hit(k, doc)) + sum(1 for p in k.patterns if re.search(p, tx.nfkc(text)))
        else:  # free-form documents are known by their title alone
            s = k.min_matches if _title_hit(k, doc) else 0
        if s >= k.min_matches:
            titled = _title_hit(k, doc)
            scored.append((s + (2 if titled else 0), int(titled), k))
    if not scored:
        return Recognition(None, 0, "未识别出本次评选的表格或案例（没有找到表单栏目、案例小标题或汇总表表头）")
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    best = scored[0]
    return Recognition(best[2], best[0], "")


def map_document(profile: Profile, kind: KindSpec, doc: Document, record: Record) -> None:
    """Fill ``record`` (created by the caller with path/unit/hash) from ``doc`` as ``kind``."""
    if kind.layout == "form":
        record.fields = FormMapper(kind).map(doc)
    elif kind.layout == "sections":
        res = map_sections(kind, doc)
        record.fields = res.fields
        record.sections = res.sections
        record.bylines = res.bylines
        if kind.title_field:
            record.fields[kind.title_field] = FieldValue(kind.title_field, res.title, res.title or None, where="标题")
        if kind.count_field:
            record.fields[kind.count_field] = FieldValue(kind.count_field, str(res.chars), res.chars, where="正文")
    elif kind.layout == "list":
        mapper = FormMapper(kind)
        record.fields = mapper.map(doc) if kind.fields else {}
        subject = profile.kind(profile.summary_table.entry_kind).subject if profile.summary_table else ""
        record.items = map_list(kind, doc, subject, normalise)
    else:
        lines = [ln.strip() for ln in doc.lines() if ln.strip()]
        scores = _line_confidence(doc)
        record.fields = {f.key: _found(f, doc) if f.find else
                         _from_lines(f, lines, kind, scores) or FieldValue(f.key, "", None)
                         for f in kind.fields}
        if kind.title_field:
            title = lines[0] if lines else ""
            record.fields[kind.title_field] = FieldValue(kind.title_field, title, title or None, where="标题")
    if kind.title_pattern:
        title_fields(kind, doc, record)
    if profile.standards and kind.key in profile.standards.evidence_kinds:
        evidence_fields(profile, doc, record)
    if profile.coverage and kind.key in profile.coverage.kinds:
        record.fields[COVERAGE_FIELD] = FieldValue(COVERAGE_FIELD, "", covered_indicators(profile.coverage, doc),
                                                   where="标题与正文")


def _found(f: FieldSpec, doc: Document) -> FieldValue:
    """A free-form document's field found by what it is (``find``: issuer, 文号, date, listed names)."""
    got = documents.find(f.find, doc, f.labels)
    if isinstance(got, list):
        return FieldValue(f.key, "\n".join(got), got or None, where="正文")
    if not got:
        return FieldValue(f.key, "", None)
    return make_field(f, got, "", "正文")


