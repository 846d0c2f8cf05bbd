"""Checks of the general machinery a campaign declares in its profile: a sub-table against the count its form
states (``count_of``), a 工作台账's continuity (``[ledger]``) and a standards assessment (``[standards]``, the
六有: each entry graded 达标 / 存疑 / 不达标 per standard, see checks.standards)."""

from __future__ import annotations

from collections.abc import Iterable

from checks.base import Batch, Check
from checks.models import Finding
from extractors.models import Record, Severity
from extractors.profile import KindSpec


def _label(kind: KindSpec, key: str) -> str:
    f = kind.field(key)
    return f.labels[0] if f and f.labels else key


class SubtableCountMismatch(Check):
    """人数（或项数）与子表行数不符：表中写明的数目（配置里带 ``count_of`` 的栏目，如“成员人数”）与它所指的子表
    （如“团队成员”表）实际填写的行数不同（空行不算）。报告写明两个数字。

    不通过：“成员人数”填 6，团队成员表只列了 5 人。
    通过：“成员人数”填 5，团队成员表列了 5 人；或子表一行也没填（由“必填项缺失”报告）。
    """

    code = "subtable.count_mismatch"
    name = "field.subtable_count_mismatch"
    title = "人数与名单不符"
    severity = Severity.ERROR
    groups = ("field",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for f in kind.fields:
            if not f.count_of:
                continue
            stated, rows = record.value(f.key), record.value(f.count_of)
            if not isinstance(stated, int) or not isinstance(rows, list) or stated == len(rows):
                continue
            unit = f.unit or "项"
            yield self.finding(
                record, f"“{_label(kind, f.key)}”填 {stated} {unit}，“{_label(kind, f.count_of)}”表中列出 {len(rows)} {unit}",
                field=f.key, actual=stated, limit=len(rows),
                evidence=f"{_label(kind, f.key)}：{stated}；{_label(kind, f.count_of)}：{len(rows)} 行",
            )


__all__ = ["SubtableCountMismatch", "Batch"]
