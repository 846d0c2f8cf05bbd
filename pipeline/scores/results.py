"""Results of a panel: per entry the (trimmed) mean of the experts' totals, the criteria's means, the spread;
experts far from the panel flagged; a rank with ties broken by the declared criteria; the proposed award.

Totals are exact decimals (a weighted criterion multiplies its points); ranks compare exact values, the
workbook and JSON show two decimals. The same kept sheets give the same bytes (``results_json``).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor
from pathlib import Path
from typing import Any

from pipeline.atomic import write_atomic
from pipeline.outputs.book import SCORES_RESULTS_JSON
from pipeline.outputs.records import set_scores
from pipeline.outputs.scoresheets import fmt_points, results_xlsx
from pipeline.scores.collect import ScoreFinding, Store, validate
from pipeline.scores.panel import Panel, folder

RESULTS_XLSX = "评审结果.xlsx"
RESULTS_JSON = SCORES_RESULTS_JSON


@dataclass
class EntryResult:
    no: str
    unit: str
    name: str
    totals: dict[str, float | None]  # expert -> total (None: no valid score)
    count: int = 0
    mean: float | None = None
    criteria: dict[str, float] = field(default_factory=dict)
    spread: float | None = None
    rank: int | None = None
    award: str = ""
    notes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # the experts of the highest and the lowest total, left out
    exact: Fraction | None = None
    exact_criteria: dict[str, Fraction] = field(default_factory=dict)


@dataclass
class Outlier:
    expert: str
    entries: list[str]  # "编号 03 名称：82 分（其他专家平均 61.25）"


@dataclass
class Results:
    experts: list[str]
    entries: list[EntryResult]
    findings: list[ScoreFinding]
    outliers: list[Outlier]
    mean_label: str
    rule_text: str


def _r2(x: Fraction | Decimal) -> float:
    d = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else x
    return float(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def compute(panel: Panel, store: Store) -> Results:
    spec = panel.spec
    findings, valid = validate(panel, store)
    experts = list(panel.experts) + sorted(x for x in store.sheets if x not in panel.experts)
    weights = {c.key: Fraction(str(c.weight)) for c in spec.criteria}
    out: list[EntryResult] = []
    for e in panel.entries:
        per: dict[str, tuple[Fraction, dict[str, Fraction]]] = {}
        for x in experts:
            got = valid.get(x, {}).get(e.no)
            if got is not None:
                crit = {k: Fraction(v) for k, v in got.items()}
                per[x] = (sum((crit[k] * weights[k] for k in crit), Fraction(0)), crit)
        r = EntryResult(e.no, e.unit, e.name, {x: (_r2(per[x][0]) if x in per else None) for x in experts})
        r.count = len(per)
        missing = [x for x in experts if x not in per and x in store.sheets]
        if missing:
            r.notes.append(f"{'、'.join(missing)}的评分有误或缺漏，未计入")
        if per:
            ranked = sorted(per, key=lambda x: (per[x][0], experts.index(x)))
            kept = ranked[1:-1] if spec.trim_from and len(ranked) >= spec.trim_from else ranked
            if len(kept) < len(ranked):
                r.dropped = [ranked[-1], ranked[0]]
            r.exact = sum((per[x][0] for x in kept), Fraction(0)) / len(kept)
            r.exact_criteria = {c.key: sum((per[x][1][c.key] for x in kept), Fraction(0)) / len(kept)
                                for c in spec.criteria}
            r.mean = _r2(r.exact)
            r.criteria = {k: _r2(v) for k, v in r.exact_criteria.items()}
            r.spread = _r2(per[ranked[-1]][0] - per[ranked[0]][0])
        out.append(r)
    _rank(panel, out)
    _award(panel, out)
    outliers = _outliers(panel, experts, out, valid, weights)
    trim = (f"去掉最高分和最低分（灰色）后的平均分（{spec.trim_from} 位及以上专家有效评分时）" if spec.trim_from
            else "全部专家的平均分")
    mean_label = "平均分" if not spec.trim_from else "平均分（去高低）"
    ties = "、".join(spec.ordering())
    awards = "；".join(f"{a.name} {a.count} 项" if a.count is not None else f"{a.name} {a.share:.0%}（向下取整）"
                      for a in spec.awards) or "配置中没有设定奖项名额"
    rule = (f"排名依据：{trim}；平均分相同的，依次比较 {ties} 的平均分，仍相同的并列。"
            f"建议奖项按名次依次确定：{awards}。满分 {fmt_points(spec.total_max)} 分。")
    return Results(experts, sorted(out, key=lambda r: (r.rank is None, r.rank or 0, r.no)), findings, outliers,
                   mean_label, rule)


def _rank(panel: Panel, out: list[EntryResult]) -> None:
    order = panel.spec.ordering()

    def key(r: EntryResult) -> tuple:
        return (-(r.exact or 0), *(-(r.exact_criteria.get(k) or 0) for k in order))

    scored = sorted((r for r in out if r.exact is not None), key=lambda r: (key(r), r.no))
    for i, r in enumerate(scored):
        prev = scored[i - 1] if i else None
        if prev is not None and key(prev) == key(r):
            r.rank = prev.rank
            for x in (prev, r):
                note = "与其他项目得分完全相同，并列"
                if note not in x.notes:
                    x.notes.append(note)
        else:
            r.rank = i + 1
            if prev is not None and prev.exact == r.exact:
                r.notes.append(f"平均分与上一名相同，按{_decided_by(prev, r, order)}排在后面")


def _decided_by(a: EntryResult, b: EntryResult, order: list[str]) -> str:
    for k in order:
        if a.exact_criteria.get(k) != b.exact_criteria.get(k):
            return f"“{k}”平均分（{_r2(a.exact_criteria[k])} 比 {_r2(b.exact_criteria[k])}）"
    return "名称"


def _award(panel: Panel, out: list[EntryResult]) -> None:
    awards = panel.spec.awards
    if not awards:
        return
    n = len(panel.entries)
    cut: list[tuple[int, str]] = []
    total = 0
    for a in awards:
        total += a.count if a.count is not None else floor(Fraction(str(a.share)) * n)
        cut.append((total, a.name))
    sizes: dict[int, int] = {}
    for r in out:
        if r.rank is not None:
            sizes[r.rank] = sizes.get(r.rank, 0) + 1
    for r in out:
        if r.rank is None:
            continue
        pos = r.rank - 1  # tied entries all take the place of the first of them
        r.award = next((name for c, name in cut if pos < c), "")
        if any(pos < c < pos + sizes[r.rank] for c, _ in cut):
            r.notes.append(f"并列的项目跨过{r.award}名额，均暂列{r.award}，请评审组决定")


def _outliers(panel: Panel, experts: list[str], out: list[EntryResult], valid: dict, weights: dict) -> list[Outlier]:
    spec = panel.spec
    hits: dict[str, list[str]] = {}
    for r in out:
        totals = {x: v for x, v in r.totals.items() if v is not None}
        if len(totals) < 3:
            continue
        for x, v in totals.items():
            others = [w for y, w in totals.items() if y != x]
            m = statistics.fmean(others)
            sd = statistics.stdev(others) if len(others) > 1 else 0.0
            gap = abs(v - m)
            if gap > spec.outlier_sd * sd and gap > spec.outlier_gap:
                hits.setdefault(x, []).append(f"编号 {r.no} {r.name}：{fmt_points(v)} 分（其他专家平均 {m:.2f}）")
    return [Outlier(x, hits[x]) for x in experts if len(hits.get(x, [])) >= spec.outlier_entries]


def results_json(panel: Panel, res: Results) -> str:
    doc: dict[str, Any] = {
        "campaign": panel.campaign, "profile": panel.profile, "experts": res.experts, "rule": res.rule_text,
        "criteria": [{"key": c.key, "max": c.max, "weight": c.weight} for c in panel.spec.criteria],
        "entries": [{"rank": r.rank, "no": r.no, "unit": r.unit, "name": r.name, "totals": r.totals,
                     "count": r.count, "mean": r.mean, "criteria": r.criteria, "spread": r.spread,
                     "dropped": r.dropped, "award": r.award, "notes": r.notes} for r in res.entries],
        "left_out": [{"unit": x.unit, "name": x.name, "path": x.path, "reasons": x.reasons} for x in panel.left_out],
        "outliers": [{"expert": o.expert, "entries": o.entries} for o in res.outliers],
        "findings": [{"code": f.code, "severity": f.severity, "expert": f.expert, "no": f.no, "name": f.name,
                      "cell": f.cell, "message": f.message} for f in res.findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def write_results(out_dir: Path, panel: Panel, res: Results) -> list[Path]:
    d = folder(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    paths = [d / RESULTS_XLSX, d / RESULTS_JSON]
    write_atomic(paths[0], results_xlsx(panel, res))
    text = results_json(panel, res)
    write_atomic(paths[1], text.encode("utf-8"))
    set_scores(out_dir, json.loads(text))  # records.json says the same (a later run keeps it there)
    return paths
