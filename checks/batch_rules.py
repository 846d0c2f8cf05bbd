"""Batch checks: run over all records of a run (quotas, a unit's own 汇总表, duplicates, pairing)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from checks.base import Batch, Check
from checks.models import Finding
from checks.record_rules import UNREADABLE, UNRECOGNISED
from extractors.models import Record, Severity
from extractors.profile import Profile, QuotaRule
from extractors.text import norm_name
from extractors.topics import COVERAGE_FIELD


def _entries(check: Check, batch: Batch) -> list[Record]:
    kind = check.profile.summary_table.entry_kind
    return sorted(batch.of_kind(kind), key=lambda r: r.path)


def _subject_key(check: Check) -> str:
    return check.profile.kind(check.profile.summary_table.entry_kind).subject


def _by_unit(records: Iterable[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        out[r.unit].append(r)
    return out


def infer_unit_type(unit: str, rules: list[QuotaRule]) -> tuple[QuotaRule, str] | None:
    """The first rule one of whose patterns matches the unit name, with the matching text."""
    for rule in rules:
        for pat in rule.patterns:
            m = re.search(pat, unit)
            if m:
                return rule, m.group() or pat
    return None


def coverage_by_entry(profile: Profile, records: list[Record], links: dict[str, str]
                      ) -> list[tuple[Record, list[Record], set[str]]]:
    """Per entry (sorted by path): its supporting documents and the outline items they cover together."""
    spec = profile.coverage
    if spec is None:
        return []
    entries = sorted((r for r in records if r.kind == profile.summary_table.entry_kind), key=lambda r: r.path)
    docs_of: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.kind in spec.kinds and r.path in links:
            docs_of[links[r.path]].append(r)
    out = []
    for e in entries:
        docs = sorted(docs_of.get(e.path, []), key=lambda r: r.path)
        covered = {k for d in docs for k in (d.value(COVERAGE_FIELD) or [])}
        out.append((e, docs, covered))
    return out


class QuotaExceeded(Check):
    """推荐数量超过名额。单位类型由推荐单位名称推断（规则见配置 ``[[quota.rules]]``），推断依据写在报告里。

    例：设区市教育工会可推荐 3–4 个，高校、科研院所工会 2–3 个。

    不通过：“苏州市教育工会”推荐 5 个班组（名称含“市教育工会”，判断为设区市教育工会，上限 4 个）。
    通过：推荐 4 个。
    """

    code = "quota.exceeded"
    name = "batch.quota_exceeded"
    title = "推荐数量超过名额"
    severity = Severity.ERROR
    groups = ("batch",)
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        quota = self.profile.quota
        if quota is None:
            return
        counted = sorted(batch.of_kind(quota.kind), key=lambda r: r.path)
        for unit, recs in _by_unit(counted).items():
            inferred = infer_unit_type(unit, quota.rules)
            if inferred is None:
                continue  # quota.unknown_type says so
            rule, hit = inferred
            if len(recs) > rule.max:
                why = f"单位名称“{unit}”含“{hit}”，判断为{rule.unit_type}（可推荐 {rule.min}–{rule.max} 个）"
                yield self.finding(
                    None, f"推荐 {len(recs)} 个，超过{rule.unit_type}名额上限 {rule.max} 个（多 {len(recs) - rule.max} 个）",
                    unit=unit, paths=[r.path for r in recs], actual=len(recs), limit=rule.max, evidence=why,
                )


class QuotaUnknownType(Check):
    """无法从推荐单位名称判断单位类型，因此无法核对名额；请人工确认。

    不通过（提示）：推荐单位“某某协会”不符合任何单位类型规则。
    通过：名称能对应到一种单位类型。
    """

    code = "quota.unknown_type"
    name = "batch.quota_unknown_type"
    title = "无法判断单位类型"
    severity = Severity.INFO
    groups = ("batch",)
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        quota = self.profile.quota
        if quota is None:
            return
        for unit, recs in _by_unit(sorted(batch.of_kind(quota.kind), key=lambda r: r.path)).items():
            if infer_unit_type(unit, quota.rules) is None:
                types = "、".join(r.unit_type for r in quota.rules)
                yield self.finding(
                    None, f"无法从名称“{unit}”判断单位类型（{types}），未核对名额；共推荐 {len(recs)} 个",
                    unit=unit, paths=[r.path for r in recs], actual=len(recs),
                )


def _summary_subjects(check: Check, summaries: list[Record]) -> dict[str, str]:
    key = _subject_key(check)
    out: dict[str, str] = {}
    for s in summaries:
        for item in s.items:
            name = item.get(key)
            if name:
                out.setdefault(norm_name(str(name)), s.path)
    return out


def _unread_about(batch: Batch, unit: str, name: str) -> Record | None:
    """A file of ``unit`` that could not be read (or not recognised) whose name names ``name``: the material was
    sent, so "未收到" / "未提交" would contradict the file's own finding (无法读取: encrypted, damaged …)."""
    want = norm_name(name)
    if not want:
        return None
    for r in batch.records:
        if r.unit == unit and r.kind in (UNREADABLE, UNRECOGNISED) and want in norm_name(r.path.rsplit("/", 1)[-1]):
            return r
    return None


def _summaries_by_unit(check: Check, batch: Batch) -> dict[str, list[Record]]:
    kinds = {k.key for k in check.profile.kinds_with_role("summary")}
    return _by_unit(sorted((r for r in batch.records if r.kind in kinds), key=lambda r: r.path))


class SummaryNotReceived(Check):
    """单位自己的推荐汇总表里列出了某个对象，但没有收到它的材料（基本情况表/推荐表）。

    名称比较时忽略空格、全半角差异。

    不通过：汇总表列出“智慧农业装备研发班组”，文件夹里没有这个班组的基本情况表。
    通过：汇总表列出的每个班组都收到了材料；或收到了、但文件无法读取（文件名写明了这个班组）：那样只报“文件无法读取”。
    """

    code = "summary.not_received"
    name = "batch.summary_not_received"
    title = "汇总表所列材料未收到"
    severity = Severity.ERROR
    groups = ("batch", "summary")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        key = _subject_key(self)
        received = _by_unit(_entries(self, batch))
        for unit, summaries in _summaries_by_unit(self, batch).items():
            have = {norm_name(r.known_as(key)) for r in received.get(unit, [])}
            for name, path in _summary_subjects(self, summaries).items():
                if name not in have and _unread_about(batch, unit, name) is None:
                    yield self.finding(
                        None, f"推荐汇总表列出“{name}”，但未收到其{self.profile.kind(self.profile.summary_table.entry_kind).title}",
                        unit=unit, paths=[path], subject=name, field=key,
                    )


class SummaryNotListed(Check):
    """收到了某个对象的材料，但本单位的推荐汇总表里没有列出它。

    不通过：收到“机电维修班组”的基本情况表，推荐汇总表只列了另外两个班组。
    通过：收到的每份基本情况表都在汇总表中。
    """

    code = "summary.not_listed"
    name = "batch.summary_not_listed"
    title = "材料未列入推荐汇总表"
    severity = Severity.WARNING
    groups = ("batch", "summary")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        key = _subject_key(self)
        summaries = _summaries_by_unit(self, batch)
        for unit, recs in _by_unit(_entries(self, batch)).items():
            if unit not in summaries:
                continue  # summary.missing says so
            listed = _summary_subjects(self, summaries[unit])
            for r in recs:
                name = r.subject(key)
                if name and norm_name(name) not in listed:
                    yield self.finding(r, f"收到“{name}”的材料，但本单位推荐汇总表中未列出", field=key)


class SummaryMissing(Check):
    """单位寄来了推荐材料，却没有附上本单位的推荐汇总表。

    不通过：某单位文件夹里只有基本情况表和案例。
    通过：附有推荐汇总表（Word、PDF 或 Excel 均可）。
    """

    code = "summary.missing"
    name = "batch.summary_missing"
    title = "缺少推荐汇总表"
    severity = Severity.WARNING
    groups = ("batch", "summary")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        summaries = _summaries_by_unit(self, batch)
        kinds = self.profile.kinds_with_role("summary")
        if not kinds:
            return
        for unit, recs in _by_unit(_entries(self, batch)).items():
            if unit not in summaries:
                yield self.finding(None, f"未收到本单位的{kinds[0].title}", unit=unit, paths=[r.path for r in recs])


class DuplicateSubmission(Check):
    """同一对象被重复推荐：两份材料的关键栏目相同（配置 ``duplicate_keys``，如 班组名称+所在单位），
    无论来自同一单位还是不同单位。比较时忽略空格、全半角和括号差异。

    不通过：无锡市教育工会和江南大学工会都推荐了江南大学的“食品安全检测班组”。
    通过：每个班组只出现一次。
    """

    code = "duplicate.submission"
    name = "batch.duplicate_submission"
    title = "重复推荐"
    severity = Severity.ERROR
    groups = ("batch", "duplicate")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        for kind in self.profile.kinds_with_role("entry"):
            recs = sorted(batch.of_kind(kind.key), key=lambda r: r.path)
            reported: set[tuple[str, ...]] = set()  # the same records found again by another key: one finding
            for keys in kind.duplicate_keys:
                groups: dict[tuple, list[Record]] = defaultdict(list)
                for r in recs:
                    values = tuple(norm_name(str(r.value(k) or "")) for k in keys)
                    if all(values):
                        groups[values].append(r)
                for values, dup in groups.items():
                    if len(dup) < 2 or tuple(r.path for r in dup) in reported:
                        continue
                    reported.add(tuple(r.path for r in dup))
                    units = list(dict.fromkeys(r.unit for r in dup))
                    label = "＋".join(keys)
                    where = "、".join(units) if len(units) > 1 else f"{units[0]}（同一单位）"
                    yield self.finding(
                        None, f"“{' / '.join(values)}”被推荐了 {len(dup)} 次（{label}相同），来自：{where}",
                        units=units, paths=[r.path for r in dup], subject=values[0],
                        field=keys[0], actual=len(dup),
                    )


class MaterialMissing(Check):
    """对象的配套材料缺失：每份基本情况表都应有对应的附件材料（如班组创新案例）。

    配套关系按附件中写明的名称（如“班组名称：……”）或文件名中的名称确定。

    不通过：“数控加工班组”只有基本情况表，没有创新案例。
    通过：每个班组都有基本情况表和创新案例；或案例交了、但无法读取（如加密，文件名写明了这个班组）：那样只报“文件无法读取”。
    """

    code = "material.missing"
    name = "batch.material_missing"
    title = "配套材料缺失"
    severity = Severity.WARNING
    groups = ("batch", "pairing")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        by_path = batch.by_path()
        has: set[tuple[str, str]] = {(entry, by_path[a].kind) for a, entry in batch.links.items() if a in by_path}
        for entry_kind in self.profile.kinds_with_role("entry"):
            entries = sorted(batch.of_kind(entry_kind.key), key=lambda r: r.path)
            # The same entry sent twice by a unit (a corrected copy beside the original) shares its attachments.
            named: dict[tuple[str, str], list[Record]] = defaultdict(list)
            for e in entries:
                if e.known_as(entry_kind.subject):
                    named[(e.unit, norm_name(e.known_as(entry_kind.subject)))].append(e)
            for att_kind in self.profile.kinds_with_role("attachment"):
                if not att_kind.required:
                    continue  # its absence is another check's (a ledger's gaps, a standard's evidence)
                for e in entries:
                    twins = named.get((e.unit, norm_name(e.known_as(entry_kind.subject))), [e])
                    if not any((t.path, att_kind.key) in has for t in twins) and _unread_about(
                            batch, e.unit, e.known_as(entry_kind.subject)) is None:
                        yield self.finding(
                            e, f"“{e.subject(entry_kind.subject) or e.path}”未提交{att_kind.title}",
                        )


class MaterialUnmatched(Check):
    """附件材料（如创新案例）找不到对应的基本情况表：名称对不上，或基本情况表没有提交。

    不通过：案例写“班组名称：数控班组”，但该单位没有这个班组的基本情况表。
    通过：案例能对应到一份基本情况表。
    """

    code = "material.unmatched"
    name = "batch.material_unmatched"
    title = "附件材料找不到对应的表格"
    severity = Severity.WARNING
    groups = ("batch", "pairing")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        for att_kind in self.profile.kinds_with_role("attachment"):
            for a in sorted(batch.of_kind(att_kind.key), key=lambda r: r.path):
                if a.path not in batch.links:
                    name = a.value(att_kind.link_field) or a.value(att_kind.title_field) or a.path
                    yield self.finding(a, f"{att_kind.title}“{name}”找不到对应的{self.profile.kind(self.profile.summary_table.entry_kind).title}")


class EvidenceIndicatorMissing(Check):
    """支撑材料没有覆盖提纲中的某项指标。对每个推荐对象，汇总它的全部支撑材料（可以分成几个文件），
    逐项看提纲（配置 ``[coverage]``，如附件3 的 15 项指标）：有以该指标为标题的短行，或正文中多次出现该指标的
    关键词，即算覆盖。没有任何支撑材料的对象由“配套材料缺失”报告，不在这里逐项列出。

    不通过：支撑材料里既没有“创新联盟”小标题，也没有提到“联盟”。
    通过：支撑材料有“（十）创新联盟”一节。
    """

    code = "evidence.indicator_missing"
    name = "coverage.indicator_missing"
    title = "支撑材料缺少指标"
    severity = Severity.WARNING
    groups = ("batch", "coverage")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        spec = self.profile.coverage
        if spec is None:
            return
        for entry, docs, covered in coverage_by_entry(self.profile, batch.records, batch.links):
            if not docs:
                continue
            for ind in spec.indicators:
                if ind.key not in covered:
                    yield self.finding(
                        entry, f"支撑材料未涉及“{ind.key}”（提纲要求的指标，未找到相应标题或内容）",
                        paths=sorted(d.path for d in docs), field=ind.key,
                    )
