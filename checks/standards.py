"""A standards assessment (the 六有): every entry graded 达标 / 存疑 / 不达标 per standard of the profile's
``[standards]``, with the reasons. Pure data in, data out: the checks report it (checks.standards_rules), the
outputs show the table (材料明细, 异常报告.html, the 汇总表's 达标情况 column)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from extractors.choices import split_range
from extractors.models import Record
from extractors.profile import KindSpec, Profile, StandardRule
from extractors.text import nfkc, norm_name

MET, DOUBTFUL, NOT_MET = "达标", "存疑", "不达标"
_RANK = {MET: 0, DOUBTFUL: 1, NOT_MET: 2}


@dataclass
class Grade:
    standard: str
    grade: str
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)


@dataclass
class Assessment:
    entry: Record
    evidence: list[Record]
    grades: list[Grade]

    def met(self) -> int:
        return sum(1 for g in self.grades if g.grade == MET)

    def summary(self) -> str:
        """"5/6 达标"."""
        return f"{self.met()}/{len(self.grades)} 达标"


def _label(kind: KindSpec, key: str) -> str:
    f = kind.field(key)
    return f.labels[0] if f and f.labels else key


def _shown(v: Any) -> str:
    if v is True:
        return "是"
    if v is False:
        return "否"
    if isinstance(v, list):
        return "、".join(str(x) for x in v)
    return "" if v is None else str(v)


def _years(text: Any) -> list[int]:
    return [int(y) for y in re.findall(r"(?:19|20)\d{2}", nfkc(str(text or "")))]


def _day(iso: str | None) -> dt.date | None:
    if not iso:
        return None
    parts = [int(x) for x in iso.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


class _Judge:
    """Evaluates one entry's rules: (passed, why not)."""

    def __init__(self, profile: Profile, kind: KindSpec, entry: Record, evidence: list[Record]):
        self.profile, self.kind, self.entry, self.evidence = profile, kind, entry, evidence
        spec = profile.standards
        self.shown: set[str] = {t for d in evidence for t in (d.value(spec.topics_field) or [])}

    def label(self, key: str) -> str:
        return _label(self.kind, key)

    def rows(self, key: str) -> list[dict[str, Any]]:
        v = self.entry.value(key)
        return v if isinstance(v, list) else []

    def __call__(self, r: StandardRule) -> tuple[bool, str]:
        return getattr(self, f"_{r.test}")(r)

    def _filled(self, r: StandardRule) -> tuple[bool, str]:
        return self.entry.value(r.field) is not None, f"“{self.label(r.field)}”未填写"

    def _above(self, r: StandardRule) -> tuple[bool, str]:
        v = self.entry.value(r.field)
        if not isinstance(v, int | float):
            return False, f"“{self.label(r.field)}”未填写"
        return v > float(r.value), f"“{self.label(r.field)}”为 {v:g}"

    def _equals(self, r: StandardRule) -> tuple[bool, str]:
        v = self.entry.value(r.field)
        said = "未填写" if v is None else f"为“{_shown(v)}”"
        return v == r.value, f"“{self.label(r.field)}”{said}"

    def _matches(self, r: StandardRule) -> tuple[bool, str]:
        v = self.entry.value(r.field)
        items = v if isinstance(v, list) else [] if v is None else [v]
        ok = any(re.search(p, nfkc(str(x))) for x in items for p in r.patterns)
        return ok, f"“{self.label(r.field)}”{'未填写' if not items else '为“' + _shown(items) + '”'}"

    def _all_chosen(self, r: StandardRule) -> tuple[bool, str]:
        chosen = self.entry.value(r.field) or []
        chosen = chosen if isinstance(chosen, list) else [chosen]
        missing = [o for o in self.kind.field(r.field).choices if o not in chosen]
        return not missing, f"“{self.label(r.field)}”未勾选{'、'.join(missing)}"

    def _rows_min(self, r: StandardRule) -> tuple[bool, str]:
        leader = norm_name(str(self.entry.value(r.exclude_field) or "")) if r.exclude_field else ""
        rows = [x for x in self.rows(r.field) if not leader or norm_name(str(x.get(r.column) or "")) != leader]
        besides = "除领衔人外" if r.exclude_field else ""
        return len(rows) >= float(r.value), f"{besides}{self.label(r.field)} {len(rows)} 人，少于 {float(r.value):g} 人"

    def _rows_equal(self, r: StandardRule) -> tuple[bool, str]:
        stated, rows = self.entry.value(r.field), self.rows(r.column)
        return stated == len(rows), f"“{self.label(r.field)}”{_shown(stated) or '未填写'}，{self.label(r.column)}表 {len(rows)} 人"

    def _spread(self, r: StandardRule) -> tuple[bool, str]:
        years = [y for x in self.rows(r.field) for y in _years(x.get(r.column))[:1]]
        if len(years) < 2:
            return False, f"{self.label(r.field)}的{r.column}不足两人可比"
        gap = max(years) - min(years)
        return gap >= float(r.value), f"{self.label(r.field)}{r.column} {min(years)}—{max(years)} 年，相差 {gap} 年"

    def _levels(self, r: StandardRule) -> tuple[bool, str]:
        found: list[str] = []
        for x in self.rows(r.field):
            text = nfkc(str(x.get(r.column) or ""))
            level = next((name for name, pats in r.levels.items() if any(re.search(p, text) for p in pats)), None)
            if level and level not in found:
                found.append(level)
        return len(found) >= float(r.value), (f"{self.label(r.field)}{r.column}只有 {len(found)} 个层级"
                                              + (f"（{'、'.join(found)}）" if found else ""))

    def _recent(self, r: StandardRule) -> tuple[bool, str]:
        ref = _day(self.entry.value(r.reference)) or self.profile.notice_date
        start = ref.replace(year=ref.year - r.years) if not (ref.month == 2 and ref.day == 29) else ref.replace(
            year=ref.year - r.years, day=28)
        n = 0
        for x in self.rows(r.field):
            span = split_range(str(x.get(r.column) or ""))
            first = _day(span.start)
            if first is None:
                continue
            last = _day(span.end) or (ref if span.end_raw else first)  # "2021年9月至今" runs to the reference
            if first <= ref and last >= start:
                n += 1
        return n >= float(r.value), f"近 {r.years} 年（{start.isoformat()} 以来）的{r.field} {n} 项"

    def _evidence(self, r: StandardRule) -> tuple[bool, str]:
        return bool(self.shown & set(r.topics)), "佐证材料中没有" + "、".join(r.topics)

    def _evidence_each(self, r: StandardRule) -> tuple[bool, str]:
        chosen = self.entry.value(r.field) or []
        chosen = chosen if isinstance(chosen, list) else [chosen]
        missing = [o for o in chosen if o not in self.shown]
        return not missing, "佐证材料中没有" + "、".join(f"“{o}”" for o in missing) + "的文本"

    def _any(self, r: StandardRule) -> tuple[bool, str]:
        results = [self(x) for x in r.rules]
        return any(ok for ok, _ in results), "；".join(why for _, why in results)


def _grade(judge: _Judge, key: str, rules: list[StandardRule]) -> Grade:
    worst, reasons = MET, []
    for r in rules:
        ok, why = judge(r)
        if ok:
            continue
        reasons.append(f"{why}（要求：{r.says}）" if r.says else why)
        if _RANK[r.fail] > _RANK[worst]:
            worst = r.fail
    return Grade(key, worst, reasons)


def assess(profile: Profile, records: list[Record], links: dict[str, str]) -> list[Assessment]:
    """Every entry (by path) with its supporting documents and its grade per standard; [] without [standards]."""
    spec = profile.standards
    kind = profile.kind(profile.summary_table.entry_kind)
    if spec is None or kind is None:
        return []
    docs: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.kind in spec.evidence_kinds and r.path in links and not r.superseded_by:
            docs[links[r.path]].append(r)
    out = []
    for e in sorted((r for r in records if r.kind == kind.key and not r.superseded_by), key=lambda r: r.path):
        evidence = sorted(docs.get(e.path, []), key=lambda r: r.path)
        judge = _Judge(profile, kind, e, evidence)
        out.append(Assessment(e, evidence, [_grade(judge, s.key, s.rules) for s in spec.items]))
    return out
