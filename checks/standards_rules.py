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





def _assessed(check: Check, batch: Batch):
    from checks.standards import assess

    return assess(check.profile, batch.records, batch.links)


class StandardNotMet(Check):
    """达标标准不达标：配置 ``[standards]`` 的每项标准（如“六有”的“有领衔人才”）由若干条件组成，每个对象逐项评定
    达标 / 存疑 / 不达标；任一“不达标”条件不满足即为不达标，一项标准报一条，``field`` 为标准名称，说明写明哪些条件
    不满足及实际填写的内容。条件可以是栏目（已填写、大于 0、勾选齐全、符合写法）、子表（行数、年龄跨度、职称层级、
    近几年的项目）或佐证材料（标题、小标题、文件名说明它佐证什么）。

    不通过：“有场地经费”：“学校专项经费”为 0（要求：学校给予专项经费保障）。
    通过：场所地点、使用面积、专项经费都已填写且大于 0。
    """

    code = "standard.not_met"
    name = "standard.not_met"
    title = "标准不达标"
    severity = Severity.ERROR
    groups = ("batch", "standard")
    phase = "batch"
    grade = "不达标"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        for a in _assessed(self, batch):
            for g in a.grades:
                if g.grade == self.grade:
                    yield self.finding(a.entry, f"“{g.standard}”{g.grade}：{g.reason}", field=g.standard,
                                       actual=g.grade, evidence="\n".join(g.reasons))


class StandardDoubtful(StandardNotMet):
    """达标标准存疑：某项标准的“不达标”条件都满足，但有“存疑”条件不满足（如勾选了四项标志却没有标志上墙照片，
    勾选了制度却没有制度文本，团队人数、年龄或职称结构不合要求），需要人工核实。一项标准报一条，``field`` 为标准名称。

    不通过（警告）：“有明显标志”：佐证材料中没有标志（要求：佐证材料中有标志上墙（牌匾）照片）。
    通过：佐证材料中有“工作室标志上墙照片”。
    """

    code = "standard.doubtful"
    name = "standard.doubtful"
    title = "标准存疑"
    severity = Severity.WARNING
    grade = "存疑"


_QUARTERS = "一二三四"


class LedgerGaps(Check):
    """工作台账不连续：配置 ``[ledger]`` 的台账（如创新工作室工作台账）应有全年的记录——台账年度内有记录的季度
    少于 ``min_quarters``（默认 3 个），报告写明哪几个季度没有记录。年度取台账标题中的年份，标题没有年份时取多数
    记录所在的年份。没有提交台账不在此报告：台账是必交的附件（``required``）时由“配套材料缺失”报告。

    不通过（警告）：“2022 年台账只有第一、二季度有记录，第三、四季度没有记录”。
    通过：2022 年四个季度（或其中三个）都有记录。
    """

    code = "ledger.gaps"
    name = "ledger.gaps"
    title = "工作台账不连续"
    severity = Severity.WARNING
    groups = ("batch", "ledger")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        spec = self.profile.ledger
        entry_kind = self.profile.kind(self.profile.summary_table.entry_kind)
        ledger_kind = self.profile.kind(spec.kind) if spec else None
        if spec is None or entry_kind is None or ledger_kind is None:
            return
        by_path = batch.by_path()
        ledgers: dict[str, list[Record]] = {}
        for a, e in batch.links.items():
            if a in by_path and by_path[a].kind == spec.kind:
                ledgers.setdefault(e, []).append(by_path[a])
        for e in sorted(batch.of_kind(entry_kind.key), key=lambda r: r.path):
            mine = sorted(ledgers.get(e.path, []), key=lambda r: r.path)
            if not mine:
                continue  # no 台账 at all: material.missing's
            days = [str(it.get(spec.date)) for r in mine for it in r.items if it.get(spec.date)]
            years = [int(d[:4]) for d in days if d[:4].isdigit()]
            stated = next((str(r.value(spec.year)) for r in mine if spec.year and r.value(spec.year)), "")
            year = int(stated) if stated.isdigit() else (max(set(years), key=years.count) if years else None)
            quarters = sorted({(int(d[5:7]) - 1) // 3 for d in days if year and d[:4] == str(year) and d[5:7].isdigit()})
            if len(quarters) >= spec.min_quarters:
                continue
            gaps = [q for q in range(4) if q not in quarters]
            have = "、".join(f"第{_QUARTERS[q]}季度" for q in quarters) or "没有一个季度"
            miss = "、".join(f"第{_QUARTERS[q]}季度" for q in gaps)
            when = f"{year} 年" if year else ""
            yield self.finding(
                mine[0], f"{when}{ledger_kind.title}只有{have}有记录，{miss}没有记录（至少应有 {spec.min_quarters} 个季度）"
                if quarters else f"{when}{ledger_kind.title}没有可识别日期的记录",
                paths=[r.path for r in mine], subject=e.known_as(entry_kind.subject), field=ledger_kind.title,
                actual=len(quarters), limit=spec.min_quarters, evidence=f"没有记录的季度：{miss}",
            )
