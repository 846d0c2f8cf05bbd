"""What the reports say around a finding: what to do about it (怎么处理), which units it belongs under, and the
legend of the three severities. Shared by 异常报告.html and 异常报告.xlsx, so the two always agree."""

from __future__ import annotations

from checks.models import Finding
from extractors.models import Severity
from pipeline.report import Report
from pipeline.review import letters

# What each severity asks of the clerk (the reports' legend).
LEGEND: dict[Severity, str] = {
    Severity.ERROR: "必须更正：不符合通知要求，退回推荐单位修改",
    Severity.WARNING: "需人工核对：可能有问题，请看原件后决定是否退改",
    Severity.INFO: "仅供参考：不影响报送，无需单位处理",
}


class Advice:
    """怎么处理 for every finding of one report: the unit's task in the words of the correction letters
    (``pipeline.review.letters.requirement``, the profile's own wording first), or the clerk's for the findings
    only the office can act on."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._records = {d.record.path: d.record for d in report.documents}

    def _kind(self, f: Finding):
        """The kind of the first of the finding's files this report read (None for a batch-only finding)."""
        return next((self.report.profile.kind(self._records[p].kind) for p in f.paths if p in self._records), None)

    def __call__(self, f: Finding) -> str:
        kind = self._kind(f)
        fields = {"code": f.code, "severity": f.severity.value, "field": f.field, "actual": f.actual,
                  "limit": f.limit}
        where = self._where(f) if f.code in letters.STAFF_TODO else "原件"
        return letters.todo(fields, self.report.profile, kind, where)

    def basis(self, f: Finding, limit: int = 0) -> str:
        """The row's 依据: the finding's own evidence (cut at ``limit`` characters when given), else the notice's
        rule it was measured against ("通知要求：班组竞赛情况不超过 1000 字")."""
        if f.evidence:
            text = f.evidence.strip()
            return text[:limit] + "……" if limit and len(text) > limit else text
        fields = {"code": f.code, "field": f.field, "actual": f.actual, "limit": f.limit}
        said = letters.rule(fields, self.report.profile, self._kind(f), f.units[0] if f.units else "")
        return f"通知要求：{said}" if said else ""

    def _where(self, f: Finding) -> str:
        """Where in the original the doubtful text is: its page (a one-page scan is page 1) and its cell."""
        rec = next((self._records[p] for p in f.paths if p in self._records), None)
        if rec is None:
            return "原件"
        fv = rec.fields.get(f.field) if f.field else None
        page = "原件第 1 页" if rec.pages <= 1 else f"原件，共 {rec.pages} 页"  # as the page says it
        return page + (f"，{fv.where}" if fv is not None and fv.where else "")


def units_of(f: Finding) -> list[str]:
    """The units a finding belongs under: each unit it names (a duplicate between two units is listed under
    both), or none for one about the whole batch."""
    if f.units:
        return list(f.units)
    return [] if f.batch else [f.unit]


def by_unit(findings: list[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """Findings grouped under the units they concern, a finding about two units in both groups, those about the
    whole batch under None. Groups come in the order their units first appear in ``findings``: given in report
    order (``Report.all_findings``), the 序号 run upwards through the report."""
    groups: dict[str | None, list[Finding]] = {}
    for f in findings:
        for key in units_of(f) or [None]:
            groups.setdefault(key, []).append(f)
    return list(groups.items())
