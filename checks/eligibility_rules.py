"""Per-record checks of a campaign's conditions for entry (项目要求) and of choice fields: each rule is declared in
the profile (``[[eligibility.*]]``, a field's ``choice``), none is a campaign's special case."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

from checks.base import Check
from checks.models import Finding
from checks.record_rules import earliest_day
from extractors.choices import read_choice
from extractors.models import Record, Severity
from extractors.profile import KindSpec
from extractors.text import nfkc, squash

_log = logging.getLogger(__name__)


def _label(kind: KindSpec, key: str) -> str:
    f = kind.field(key)
    return f.labels[0] if f and f.labels else key


class ChoiceInvalid(Check):
    """选择题填写不对：单选栏目（如“所属行动”五选一）没有勾选、勾选了不止一项，或填写的文字不是任何一个选项；
    多选栏目填写的文字不是选项。报告写明实际勾选或填写了什么。勾选可以写作 ☑、■、√ 或 Word 的方框符号，也可以
    直接写选项名称（“所属行动：暖心聚力”）。没有找到这一栏时由“必填项缺失”报告。

    不通过：“所属行动”勾选了“举旗育人”和“暖心聚力”两项 -> “‘所属行动’只能选一项，勾选了 2 项：举旗育人、暖心聚力”。
    通过：“☑暖心聚力”，或写“所属行动：暖心聚力”。
    """

    code = "choice.invalid"
    name = "field.choice_invalid"
    title = "选项填写不对"
    severity = Severity.ERROR
    groups = ("field",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for f in kind.fields:
            fv = record.fields.get(f.key)
            if not f.choice or fv is None or not fv.where:
                continue  # not found at all: field.missing
            got = read_choice(fv.raw, f.choices)
            label = _label(kind, f.key)
            if got.other:
                shown = got.other if len(got.other) <= 30 else got.other[:30] + "……"
                yield self.finding(record, f"“{label}”填写的“{shown}”不是表格给出的选项（{'、'.join(f.choices)}）",
                                   field=f.key, actual=shown, evidence=fv.raw)
            elif f.choice == "single" and len(got.ticked) > 1:
                yield self.finding(record, f"“{label}”只能选一项，勾选了 {len(got.ticked)} 项：{'、'.join(got.ticked)}",
                                   field=f.key, actual=len(got.ticked), limit=1, evidence="、".join(got.ticked))
            elif not got.ticked and (f.required or f.choice == "single" and got.boxed):
                yield self.finding(record, f"“{label}”没有勾选任何一项（应从{'、'.join(f.choices)}中选一项）",
                                   field=f.key, actual=0, limit=1, evidence=fv.raw)


# ---------------------------------------------------------------- written as a plan

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_CLAUSE = re.compile(r"[，,：:]")
_lock = threading.Lock()
_posseg = None


def _cut(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) by jieba's tagger, loaded once."""
    global _posseg
    with _lock:
        if _posseg is None:
            import jieba
            import jieba.posseg

            from extractors.cachedir import keep_jieba_here

            jieba.setLogLevel(logging.WARNING)
            keep_jieba_here(jieba)
            _posseg = jieba.posseg
    return [(w.word, w.flag) for w in _posseg.cut(text)]


def _predicate(words: list[tuple[str, str]], cues: set[str]) -> str | None:
    """The clause's main verb: the first cue word standing before a verb ("拟于明年覆盖", "将继续推广",
    "计划开展") or the first verb; a verb of a time clause ("实施后") is passed over. None without one."""
    for i, (word, flag) in enumerate(words):
        nxt = words[i + 1][1] if i + 1 < len(words) else ""
        if word in cues and nxt and nxt[0] in "vdptrm":
            return word
        if flag.startswith("v") and flag != "vn" and nxt != "f" and word not in cues:
            return word
    return None


def plan_sentences(text: str, cues: list[str]) -> tuple[list[str], int]:
    """The sentences of ``text`` whose main verb is a plan cue (拟/计划/将/预计 …), and how many sentences have a
    main verb at all."""
    cue_set = set(cues)
    plans: list[str] = []
    counted = 0
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        if not sentence:
            continue
        for clause in _CLAUSE.split(nfkc(sentence)):
            head = _predicate(_cut(clause), cue_set)
            if head is not None:
                counted += 1
                if head in cue_set:
                    plans.append(sentence)
                break
    return plans, counted


class EligibilityNotImplemented(Check):
    """项目尚未实施：通知要求申报“已实施并有投入”的项目。规则来自配置 ``[[eligibility.implemented]]``：
    开始日期栏目（如“实施时间”的开始）没有填写，或晚于截止日期（只写到月的按该月第一天算）；或申报书的指定部分
    （如“取得成效”）写的是计划而不是结果——多数句子的主要动词是“拟、计划、将、预计”等，报告引用这些句子。

    不通过：实施时间“2021年3月—2022年12月”，晚于截止日期 2020-11-09；或“取得成效”写“项目拟于明年覆盖全校教职工，
    预计受益800人”。
    通过：实施时间“2019年3月至今”，“取得成效”写“开展活动12场，参与教职工1500人次，满意度96%”。
    """

    code = "eligibility.not_implemented"
    name = "eligibility.not_implemented"
    title = "项目尚未实施"
    severity = Severity.ERROR
    groups = ("eligibility",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for rule in self.profile.eligibility.implemented:
            deadline = rule.deadline or self.profile.deadline
            if kind.field(rule.field) is not None:
                value = record.value(rule.field)
                label = _label(kind, rule.field)
                fv = record.fields.get(rule.field)
                if value is None and not (fv is not None and fv.problem):
                    yield self.finding(record, f"没有填写{label}（开始时间），无法确认项目已经实施", field=rule.field)
                elif value is not None and deadline and (day := earliest_day(value)) and day > deadline:
                    yield self.finding(record, f"{label}从 {value} 开始，晚于申报截止日期 {deadline.isoformat()}，"
                                       "项目尚未实施", field=rule.field, actual=value, limit=deadline.isoformat())
            for key in rule.sections:
                sec = record.sections.get(key)
                spec = next((s for s in kind.sections if s.key == key), None)
                if sec is None or spec is None or not sec.body.strip():
                    continue
                plans, counted = plan_sentences(sec.body, rule.cues)
                if plans and len(plans) * 2 > counted:  # most of its sentences
                    quoted = "；".join(f"“{s}”" for s in plans[:3])
                    yield self.finding(record, f"“{spec.title}”写的是计划而不是已取得的结果（{counted} 句中 {len(plans)} 句"
                                       f"以“拟、计划、将、预计”等为主要动词）：{quoted}",
                                       field=key, actual=len(plans), limit=counted, evidence="\n".join(plans))


class EligibilityNoInvestment(Check):
    """项目没有投入：通知要求“已实施并有投入”。规则来自配置 ``[[eligibility.investment]]``：投入资金栏目
    没有填写或为 0，或其中一部分（如“其中工会经费”）大于投入总额。

    不通过：“项目投入资金（万元）”填 0；或投入资金 5 万元，其中工会经费 8 万元。
    通过：投入资金 12.5 万元，其中工会经费 8 万元。
    """

    code = "eligibility.no_investment"
    name = "eligibility.no_investment"
    title = "项目没有投入"
    severity = Severity.ERROR
    groups = ("eligibility",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for rule in self.profile.eligibility.investment:
            if kind.field(rule.field) is None:
                continue
            total = record.value(rule.field)
            label = _label(kind, rule.field)
            fv = record.fields.get(rule.field)
            if total is None and fv is not None and fv.problem:
                continue  # written but unreadable: field.invalid
            if not isinstance(total, int | float) or total <= 0:
                said = "没有填写" if total is None else f"为 {total:g}"
                yield self.finding(record, f"{label}{said}，不符合“已实施并有投入”的要求", field=rule.field,
                                   actual=total, limit=0)
                continue
            part = record.value(rule.part) if rule.part and kind.field(rule.part) is not None else None
            if isinstance(part, int | float) and part > total:
                yield self.finding(record, f"{_label(kind, rule.part)} {part:g}，大于{label} {total:g}",
                                   field=rule.part, actual=part, limit=total)


class EligibilityNotUnionLed(Check):
    """申报单位不是工会：通知要求项目“工会主导完成”，申报主体为基层工会。规则来自配置
    ``[[eligibility.led_by]]``：单位名称应以“工会”“分工会”“工会委员会”等结尾。只是提示核对（学校或学院的名称
    也可能是工会代为填写），所以是警告。

    不通过（警告）：申报单位“南京市第一中学”。
    通过：申报单位“南京市第一中学工会”“东南大学机械工程学院分工会”。
    """

    code = "eligibility.not_union_led"
    name = "eligibility.not_union_led"
    title = "申报单位不是工会"
    severity = Severity.WARNING
    groups = ("eligibility",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None or kind.role != "entry":
            return
        for rule in self.profile.eligibility.led_by:
            value = record.value(rule.field) if kind.field(rule.field) is not None else None
            if not isinstance(value, str):
                continue
            name = re.sub(r"[（(]?盖章[）)]?$", "", squash(nfkc(value)))
            if not any(name.endswith(s) for s in rule.suffixes):
                yield self.finding(record, f"{_label(kind, rule.field)}“{value}”不是工会（名称不以"
                                   f"{'、'.join(rule.suffixes)}结尾），请核实项目是否由工会主导",
                                   field=rule.field, actual=value)


class EligibilityAlreadyFunded(Check):
    """不得重复申报：去年已被省总工会命名的项目、已获其他资金资助的项目不得申报。规则来自配置
    ``[[eligibility.not_again]]``：表中“是否曾被省总工会命名”“是否已获其他资金资助”勾选“是”。（往年命名名单
    中的项目另由登记库核对。）

    不通过：“是否已获其他资金资助”勾选“☑是”。
    通过：两项都勾选“否”。
    """

    code = "eligibility.already_funded"
    name = "eligibility.already_funded"
    title = "不得重复申报"
    severity = Severity.ERROR
    groups = ("eligibility",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for rule in self.profile.eligibility.not_again:
            for key in rule.fields:
                value = record.value(key)
                if kind.field(key) is not None and (value is True or value == rule.value):
                    yield self.finding(record, f"“{_label(kind, key)}”填“{rule.value}”：按通知规定不得重复申报",
                                       field=key, actual=rule.value)
