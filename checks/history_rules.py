"""Batch checks that look beyond one file: near copies between units, and what earlier years left in the
registry (named items, earlier submissions, earlier texts). The pipeline hands them the registry's
contents as data (``Batch.history``); they never open it themselves."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from checks.base import Batch, Check, EarlierText, Lookup
from checks.memo import Memo
from checks.models import Finding
from extractors.models import Record, Severity
from extractors.profile import KindSpec, Profile
from extractors.text import norm_name

_HOW = {
    "name": "名称相同",
    "name_unit_unknown": "名称相同（名单未写单位）",
    "leader": "名称不同，但单位和负责人相同，可能是更名后再次申报",
}


# Near-copy fingerprints by text (jieba is the cost of the near-copy check): the pipeline preloads the ones
# its cache holds and stores the new ones, so a re-run tokenises only texts it has not seen.
_fingerprints: Memo[bytes] = Memo()
preload_fingerprints = _fingerprints.preload
take_new_fingerprints = _fingerprints.take_new


@lru_cache(maxsize=1)
def _fp_version() -> str:
    """A changed similarity module (the index or the text side, which makes the fingerprints) changes every
    fingerprint key: no stale signature is ever reused."""
    from checks import similarity as sim
    from checks import similarity_text as sim_text

    return hashlib.sha1(b"".join(Path(m.__file__).read_bytes() for m in (sim_text, sim))).hexdigest()[:12]


def _fp_key(text: str) -> str:
    return hashlib.sha1(f"{_fp_version()}\0{text}".encode()).hexdigest()


def text_fingerprint(text: str) -> bytes:
    """checks.similarity.fingerprint(text), remembered."""
    from checks import similarity as sim

    return _fingerprints.get(_fp_key(text), lambda: sim.fingerprint(text))


@dataclass(frozen=True)
class LongText:
    """One long text of a record as compared for near copies."""

    key: str  # "<path>#<label>"
    record: Record
    label: str
    text: str


def long_texts(profile: Profile, records: Iterable[Record]) -> Iterator[LongText]:
    """Write-up bodies (all sections of a sections-layout document, as one text) and long-text fields
    (竞赛情况, 主要业绩 …) of the records, in path order."""
    for r in sorted(records, key=lambda r: r.path):
        kind = profile.kind(r.kind)
        if kind is None:
            continue
        if r.sections:
            body = "\n".join(s.body for s in r.sections.values() if s.body)
            if body:
                yield LongText(f"{r.path}#正文", r, f"{kind.title}正文", body)
        for f in kind.fields:
            if f.type == "longtext" and (v := r.value(f.key)):
                yield LongText(f"{r.path}#{f.key}", r, f.labels[0], str(v))


def _earlier(check: Check, batch: Batch, lookup: Lookup | None) -> Iterator[tuple[Record, KindSpec, str, list]]:
    """(record, kind, name, hits) for every entry of the batch that ``lookup`` finds in a year before the
    batch's, newest hit first, in path order."""
    profile = check.profile
    kind = profile.kind(profile.summary_table.entry_kind)
    if batch.history is None or lookup is None or kind is None or not kind.subject:
        return
    spec = profile.registry
    for r in sorted(batch.of_kind(kind.key), key=lambda r: r.path):
        name = r.subject(kind.subject).strip()
        if not name:
            continue
        unit = str(r.value(spec.unit_field) or "") if spec.unit_field else r.unit
        leader = str(r.value(spec.leader_field) or "") if spec.leader_field else ""
        hits = [x for x in lookup.find(name, unit, leader) if x.year < batch.history.year]
        if hits:
            yield r, kind, name, hits


class AlreadyNamed(Check):
    """已被命名（或已获资助）的对象再次申报：登记库中有往年命名名单上的同一对象
    （``huishen registry import`` 导入的名单；名称的比较规则见 extractors/names.py：忽略全半角、空格、
    括号，“工作室/创新工作室”等后缀，以及名称前的单位名）。通知规定这类对象不再推荐。

    不通过：2023 年名单上有南京大学“大型仪器共享技术服务班组”，2024 年又推荐了“南京大学大型仪器共享技术服务班组”。
    通过：名单上没有这个对象；或没有使用登记库。
    """

    code = "registry.already_named"
    name = "registry.already_named"
    title = "往年已命名"
    severity = Severity.ERROR
    groups = ("batch", "registry")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        if self.profile.registry.named_means == "inspection":
            return  # registry.inspection: a 授牌 studio comes for its yearly inspection
        for r, kind, name, hits in _earlier(self, batch, batch.history and batch.history.named):
            top = hits[0]
            listed = f"名单中为“{top.name}”" + (f"，{top.unit}" if top.unit else "") + (
                f"，负责人{top.leader}" if top.leader else "")
            yield self.finding(
                r, f"“{name}”已于 {top.year} 年被命名（{_HOW.get(getattr(top.match, 'value', top.match), '')}；"
                   f"{listed}），按通知规定不再推荐",
                field=kind.subject, actual=top.year, evidence=f"{top.source}：{top.name}" if top.source else top.name,
            )


class Inspection(Check):
    """往年已授牌，本次是年度检查：配置 ``[registry] named_means = "inspection"`` 的评选（如创新工作室创建），
    登记库的往年名单上有同一对象（已授牌的工作室），本次材料不是新的创建申报，而应按年度检查对待——对照上一年的
    记录核查它的工作台账和创新成效。说明里列出本年台账的条数和各子表（课题、成果）的项数，供核对。

    不通过（警告）：2021 年已授牌的“智慧药学创新工作室”2022 年又报来创建申报表。
    通过：名单上没有这个工作室；或没有使用登记库。
    """

    code = "registry.inspection"
    name = "registry.inspection"
    title = "已授牌，应为年度检查"
    severity = Severity.WARNING
    groups = ("batch", "registry")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        if self.profile.registry.named_means != "inspection":
            return
        by_path = batch.by_path()
        ledger = self.profile.ledger
        for r, kind, name, hits in _earlier(self, batch, batch.history and batch.history.named):
            top = hits[0]
            counts = []
            if ledger is not None:
                n = sum(len(by_path[a].items) for a, e in batch.links.items()
                        if e == r.path and a in by_path and by_path[a].kind == ledger.kind)
                counts.append(f"本年工作台账 {n} 条")
            for f in kind.fields:
                if f.subtable:
                    rows = r.value(f.key)
                    counts.append(f"{f.labels[0]} {len(rows) if isinstance(rows, list) else 0} 项")
            yield self.finding(
                r, f"“{name}”已于 {top.year} 年授牌（名单中为“{top.name}”），本次不是新创建，应按年度检查对待："
                   f"请对照上一年的记录核查工作台账和创新成效（{'，'.join(counts)}）",
                field=kind.subject, actual=top.year, evidence=f"{top.source}：{top.name}" if top.source else top.name,
            )


class Resubmitted(Check):
    """往年已申报过的对象：登记库中有往年批次（``huishen run --remember`` 记下的）同一对象的申报。
    不一定违规（落选后可以再报），提示核对是否属于重复申报。

    不通过（警告）：“数控加工班组”2023 年已由同一单位申报过。
    通过：往年没有申报记录；或没有使用登记库。
    """

    code = "registry.resubmitted"
    name = "registry.resubmitted"
    title = "往年已申报"
    severity = Severity.WARNING
    groups = ("batch", "registry")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        for r, kind, name, hits in _earlier(self, batch, batch.history and batch.history.submitted):
            years = sorted({x.year for x in hits})
            top = hits[0]
            by = f"（{top.unit}）" if top.unit else ""
            yield self.finding(
                r, f"“{name}”曾于 {'、'.join(map(str, years))} 年申报过{by}，请核对是否属于重复申报",
                field=kind.subject, actual=years[-1], evidence=f"{top.source}：{top.name}" if top.source else top.name,
            )


@dataclass
class NearCopyPair:
    """Both sides of a near-copy finding, for the report's pair sheet and side-by-side view. When one side
    stands for several texts of one subject (the same case sent as .docx and .pdf, a form and a case that
    repeat each other), ``a_path``/``b_path`` are those of the most similar pair and ``a_paths``/``b_paths``
    list every file of each side."""

    similarity: float
    a_unit: str
    a_path: str
    a_subject: str
    a_label: str
    a_text: str
    a_spans: list[tuple[int, int]]
    b_unit: str
    b_path: str
    b_subject: str
    b_label: str
    b_text: str
    b_spans: list[tuple[int, int]]
    b_year: int | None  # an earlier year's text from the registry; None: this batch
    passages: list[str]
    grade: str = ""  # "高度相似" / "部分内容相同" (checks.similarity.grade)
    a_paths: list[str] = field(default_factory=list)
    b_paths: list[str] = field(default_factory=list)


@dataclass
class NearCopyMember:
    """One text of a group finding (a text copied by several units)."""

    unit: str
    path: str
    subject: str
    label: str
    similarity: float  # with the group's representative text (its own: 1.0)


_MEASURED = "较短一篇中有 {pct} 的具体内容在另一篇中出现（常见套话不计）"


def _quote(passages: list[str]) -> str:
    return "；".join(f"“{p[:60]}{'……' if len(p) > 60 else ''}”" for p in passages[:2])


class NearCopy(Check):
    """不同单位的长文本相似（疑似抄袭、冒用他人成果）：案例正文、竞赛情况、主要业绩等长文本两两比较，
    也与登记库中往年的文本比较。同一单位自己的材料之间（如基本情况表和案例重复同一句话）不算；两个单位推荐了
    同一个对象（名称相同）时由 duplicate.submission 报告，这里不重复。
    相似度是较短一篇中有区分度的具体内容在另一篇中出现的比例（常见套话不计：工会写作的套话和通知原文内置为套话，
    checks/stock_phrases.txt；数字、金额等具体内容权重更高，见 checks/similarity.py），达到配置项
    ``near_copy.threshold``（默认 30%）即报告，并引用最长的共同段落。60% 及以上称“高度相似”，以下称“部分内容相同”，
    说明中写明百分比及其含义。一对对象（单位+对象名称）只报告一条：同一案例的 .docx 和 .pdf、同一对象的表和案例
    都列在这一条里。同一篇文本被 3 个及以上单位提交（套用同一模板）时报告一条，列出所有单位和文件。

    不通过：江南大学工会的案例改写了东南大学工会一篇案例的大部分段落（高度相似，82%）。
    不通过：6 个单位提交的案例基本是同一篇文本（一条发现，列出 6 个单位）。
    通过：两篇案例都用了“坚持以……为指导”“取得了显著成效”等套话和整句的通用表述，但内容不同。
    """

    code = "duplicate.near_copy"
    name = "duplicate.near_copy"
    title = "不同单位文本相似"
    severity = Severity.WARNING
    groups = ("batch", "duplicate")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        from checks import similarity as sim

        spec = self.profile.near_copy
        texts = {t.key: t for t in long_texts(self.profile, batch.records)}
        earlier: dict[str, EarlierText] = {}
        if batch.history is not None:
            earlier = {t.key: t for t in batch.history.texts if t.year < batch.history.year}
        if len(texts) + len(earlier) < 2 or not texts:
            return
        self.threshold = spec.threshold or sim.DEFAULT_THRESHOLD
        index = sim.NearCopyIndex(self.threshold, min_chars=spec.min_chars)
        self._owners = _Owners(self.profile, batch)
        for t in texts.values():
            index.add_fingerprint(sim.Text(t.key, self._group(t.record), t.text, t.label), text_fingerprint(t.text))
        for t in earlier.values():
            item = sim.Text(t.key, f"{t.year}:{t.unit}", t.text, t.label)
            if t.fingerprint and sim.is_current_fingerprint(t.fingerprint):
                index.add_fingerprint(item, t.fingerprint, earlier=True)
            else:  # none stored, or one of an older format: made anew (and remembered by the fingerprint memo)
                index.add_fingerprint(item, text_fingerprint(t.text), earlier=True)
        found = index.grouped()
        for group in found.groups:
            owners = {self._owners.of(texts[k].record) for k in group.keys}
            if self._keeps(len(_differ_pairwise(owners)) > 0):
                yield self._group_finding(group, texts, sim)
        # One finding per pair of subjects (unit + 班组/工作室 on each side): the most similar of its pairs.
        by_subjects: dict[tuple, list[tuple]] = {}
        for m in found.matches:
            a_key, b_key, a_spans, b_spans = m.a, m.b, m.spans_a, m.spans_b
            if a_key in earlier or (b_key in texts and self._side(texts[b_key]) < self._side(texts[a_key])):
                a_key, b_key, a_spans, b_spans = b_key, a_key, b_spans, a_spans  # this batch's text first
            a, b = texts[a_key], texts.get(b_key)
            if b is not None and self._same_subject(a.record, b.record):
                continue  # one 班组 recommended by two units: duplicate.submission's finding, not copying
            other = self._owners.of(b.record) if b is not None else self._owners.of_earlier(earlier[b_key])
            if not self._keeps(_differ(self._owners.of(a.record), other)):
                continue  # the other check's: a near copy under another 带头人 or 申报单位, or under the same
            side_b = self._side(b) if b is not None else self._earlier_side(earlier[b_key])
            by_subjects.setdefault((self._side(a), side_b), []).append((m, a, a_spans, b_key, b_spans))
        for key in sorted(by_subjects, key=lambda k: (-max(x[0].similarity for x in by_subjects[k]), k)):
            members = by_subjects[key]
            m, a, a_spans, b_key, b_spans = max(members, key=lambda x: (x[0].similarity, x[1].key, x[3]))
            pair = self._pair(m, a, a_spans, texts.get(b_key), earlier.get(b_key), b_spans, sim)
            pair.a_paths = sorted({x[1].record.path for x in members})
            pair.b_paths = sorted({texts[x[3]].record.path if x[3] in texts else self._earlier_path(earlier[x[3]])
                                   for x in members})  # fmt: skip
            in_group = [found.groups[found.group_of[k]] for k in (a.key, b_key) if k in found.group_of]
            yield self._finding(pair, a, texts.get(b_key), in_group, earlier.get(b_key))

    def _group(self, r: Record) -> str:
        """The texts never paired with each other: one unit's (its form repeating its case is no copying)."""
        return r.unit

    def _keeps(self, owned_differently: bool) -> bool:
        """Whether this check reports a near copy: with ``near_copy.owner_fields`` declared, those between
        different owners are duplicate.misappropriation's."""
        return not (self.profile.near_copy.owner_fields and owned_differently)

    def _side(self, t: LongText) -> tuple:
        """The subject a text is about: its unit and normalised 班组/工作室 name (its file when it has none)."""
        r = t.record
        return ("", r.unit, norm_name(self._subject(r)) or r.path)

    @staticmethod
    def _earlier_side(t: EarlierText) -> tuple:
        return (str(t.year), t.unit, norm_name(t.name) or t.ref or t.source or t.key)

    @staticmethod
    def _earlier_path(t: EarlierText) -> str:
        return t.ref or t.source

    def _same_subject(self, a: Record, b: Record) -> bool:
        name_a, name_b = norm_name(self._subject(a)), norm_name(self._subject(b))
        return bool(name_a) and name_a == name_b

    def _subject(self, r: Record) -> str:
        kind = self.profile.kind(r.kind)
        return r.subject(kind.subject) if kind else ""

    def _pair(self, m, a: LongText, a_spans, b: LongText | None, old: EarlierText | None, b_spans,
              sim) -> NearCopyPair:  # fmt: skip
        passages = list(m.passages)
        grade = sim.grade(m.similarity)
        if b is not None:
            return NearCopyPair(m.similarity, a.record.unit, a.record.path, self._subject(a.record), a.label, a.text,
                                list(a_spans), b.record.unit, b.record.path, self._subject(b.record), b.label,
                                b.text, list(b_spans), None, passages, grade, [a.record.path], [b.record.path])
        assert old is not None
        return NearCopyPair(m.similarity, a.record.unit, a.record.path, self._subject(a.record), a.label, a.text,
                            list(a_spans), old.unit, self._earlier_path(old), old.name, old.label, old.text,
                            list(b_spans), old.year, passages, grade, [a.record.path], [self._earlier_path(old)])

    def _finding(self, pair: NearCopyPair, a: LongText, b: LongText | None, in_group: list,
                 old: EarlierText | None = None) -> Finding:
        quoted = _quote(pair.passages)
        measured = _MEASURED.format(pct=f"{pair.similarity:.0%}")
        files = ""
        if len(pair.a_paths) > 1 or len(pair.b_paths) > 1:
            files = f"（涉及文件：{'、'.join(pair.a_paths)}；{'、'.join(pair.b_paths)}）"
        group = ""
        if in_group:
            group = f"；其中一方是 {len(in_group[0].keys)} 份内容相同的文本之一，见同组的发现"
        if b is None:  # an earlier year's text
            msg = (f"{pair.a_label}与 {pair.b_year} 年{pair.b_unit}提交的“{pair.b_subject}”{pair.b_label}"
                   f"{pair.grade}：{measured}{files}{group}")
            return self.finding(a.record, msg + (f"，共同段落：{quoted}" if quoted else ""), field=pair.a_label,
                                paths=pair.a_paths, actual=pair.similarity, limit=self.threshold, evidence=quoted,
                                extra={"near_copy": pair})  # fmt: skip
        msg = (f"{pair.a_label}（{pair.a_unit}“{pair.a_subject}”）与{pair.b_label}（{pair.b_unit}“{pair.b_subject}”）"
               f"{pair.grade}：{measured}{files}{group}")
        # Reported once, on both subjects' files and both units (in path order).
        paths = sorted({*pair.a_paths, *pair.b_paths})
        first_a = min(pair.a_paths) <= min(pair.b_paths)
        units = list(dict.fromkeys([pair.a_unit, pair.b_unit] if first_a else [pair.b_unit, pair.a_unit]))
        return self.finding(None, msg + (f"，共同段落：{quoted}" if quoted else ""), units=units,
                            paths=paths, subject=pair.a_subject, field=pair.a_label, actual=pair.similarity,
                            limit=self.threshold, evidence=quoted, extra={"near_copy": pair})  # fmt: skip

    def _group_finding(self, group, texts: dict[str, LongText], sim) -> Finding:
        """One finding for a text copied by several units: every unit, subject and file; the passages of the
        representative and its closest copy."""
        rep, m = texts[group.representative], group.match
        other = texts[m.b if m.a == rep.key else m.a]
        spans_rep, spans_other = (m.spans_a, m.spans_b) if m.a == rep.key else (m.spans_b, m.spans_a)
        pair = self._pair(m, rep, spans_rep, other, None, spans_other, sim)
        members = sorted((texts[k] for k in group.keys), key=lambda t: (t.record.path, t.key))
        listed = [NearCopyMember(t.record.unit, t.record.path, self._subject(t.record), t.label,
                                 group.similarity[t.key]) for t in members]  # fmt: skip
        by_subject: dict[tuple, list[NearCopyMember]] = {}
        for t, x in zip(members, listed, strict=True):
            by_subject.setdefault(self._side(t), []).append(x)
        units = list(dict.fromkeys(x.unit for x in listed))
        lines = "；".join(
            f"{xs[0].unit}“{xs[0].subject}”{xs[0].label}（{'、'.join(dict.fromkeys(x.path for x in xs))}）"
            for xs in by_subject.values()
        )
        sims = [group.similarity[k] for k in group.keys if k != group.representative]
        lo, hi = min(sims), max(sims)
        quoted = _quote(pair.passages)
        msg = (f"{len(units)} 个单位提交了内容基本相同的文本（疑似套用同一模板或互相抄袭）：{lines}。"
               f"与{rep.record.unit}“{self._subject(rep.record)}”的{rep.label}相比，各篇{sim.grade(lo)}："
               + _MEASURED.format(pct=f"{lo:.0%}" if f"{lo:.0%}" == f"{hi:.0%}" else f"{lo:.0%}–{hi:.0%}"))
        return self.finding(None, msg + (f"，共同段落：{quoted}" if quoted else ""), units=units,
                            paths=sorted({x.path for x in listed}), subject=self._subject(rep.record),
                            field=rep.label, actual=lo, limit=self.threshold, evidence=quoted,
                            extra={"near_copy": pair, "group": listed})  # fmt: skip


# ---------------------------------------------------------------- whose result a text is


def _differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two owners differ when some field is filled on both sides and not the same."""
    return any(x and y and x != y for x, y in zip(a, b, strict=True))


def _differ_pairwise(owners: set[tuple[str, ...]]) -> list[tuple]:
    listed = sorted(owners)
    return [(a, b) for i, a in enumerate(listed) for b in listed[i + 1:] if _differ(a, b)]


class _Owners:
    """Whose result a record is, by the profile's ``near_copy.owner_fields`` (带头人, 申报单位), read from the
    entry the record is or belongs to; an earlier year's text by the registry's unit and leader fields."""

    def __init__(self, profile: Profile, batch: Batch):
        self.fields = profile.near_copy.owner_fields
        self.spec = profile.registry
        self.by_path = batch.by_path()
        self.links = batch.links

    def _norm(self, key: str, value: object) -> str:
        from extractors.names import plain, unit_key

        text = str(value or "")
        return unit_key(text) if key == self.spec.unit_field or "单位" in key else plain(text)

    def entry(self, r: Record) -> Record:
        return self.by_path.get(self.links.get(r.path, ""), r)

    def of(self, r: Record) -> tuple[str, ...]:
        e = self.entry(r)
        return tuple(self._norm(k, e.value(k)) for k in self.fields)

    def of_earlier(self, t: EarlierText) -> tuple[str, ...]:
        known = {self.spec.unit_field: t.unit, self.spec.leader_field: t.leader}
        return tuple(self._norm(k, known.get(k, "")) if k else "" for k in self.fields)

    def shown(self, r: Record | None, t: EarlierText | None = None) -> str:
        """"带头人姓名 张三，申报单位 某某公司" of one side, as written."""
        if r is not None:
            e = self.entry(r)
            pairs = [(k, e.value(k)) for k in self.fields]
        else:
            assert t is not None
            known = {self.spec.unit_field: t.unit, self.spec.leader_field: t.leader}
            pairs = [(k, known.get(k)) for k in self.fields]
        return "，".join(f"{k} {v}" for k, v in pairs if v)


class Misappropriation(NearCopy):
    """冒用、盗用他人成果：一项成果的描述（问题描述、主要内容等长文本）与另一项成果的几乎相同，而两边的
    带头人或申报单位不同——本批材料之间，或与登记库中往年的记录之间。哪些栏目说明“是谁的成果”由配置
    ``[near_copy] owner_fields`` 指定（如 带头人姓名、申报单位）；只有配置了它的评选才有这项检查，其余评选的
    相似文本仍是“不同单位文本相似”（警告）。相似度的算法、阈值和共同段落与“不同单位文本相似”相同；报告写明
    双方（单位、成果、带头人、申报单位、文件）和共同段落。通知规定一经查实取消评选资格，所以是错误；同一推荐单位
    报来的两项成果之间也比较。两份材料名称相同时是重复申报（duplicate.submission），这里不重复报告。

    不通过：阳泉煤业一矿“带式输送机托辊快速更换装置”（带头人张建国）的主要内容与平定县某公司“皮带机托辊
    快换工具”（带头人李明）的高度相似（85%）。
    通过：两项成果都写了“安全生产”“提质增效”等套话，但具体内容不同；或相似的两份材料带头人和申报单位都相同。
    """

    code = "duplicate.misappropriation"
    name = "duplicate.misappropriation"
    title = "疑似冒用、盗用他人成果"
    severity = Severity.ERROR
    groups = ("batch", "duplicate")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        if not self.profile.near_copy.owner_fields:
            return
        yield from super().check_batch(batch)

    def _group(self, r: Record) -> str:
        """One owner's texts are never paired; two owners' are, even within one unit."""
        return "\x1f".join((r.unit, *self._owners.of(r)))

    def _keeps(self, owned_differently: bool) -> bool:
        return owned_differently

    def _finding(self, pair: NearCopyPair, a: LongText, b: LongText | None, in_group: list,
                 old: EarlierText | None = None) -> Finding:
        found = super()._finding(pair, a, b, in_group, old)
        who_a = self._owners.shown(a.record)
        who_b = self._owners.shown(b.record) if b is not None else self._owners.shown(None, old)
        head = f"疑似冒用、盗用他人成果（双方的{'或'.join(self.profile.near_copy.owner_fields)}不同："
        rule = self.profile.near_copy.owner_rule
        found.message = f"{head}{who_a or '未填'}；{who_b or '未填'}）。{found.message}" + (f"。通知规定：{rule}" if rule else "")
        return found
