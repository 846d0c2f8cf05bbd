"""Checks of what a result must have before it is recommended: a lower-level award (先表彰后申报, declared in
``[[prior_award]]``), a document of the unit that names it (``[[named_in]]``), and a signed pledge (a field's
``signed_after``). None is a campaign's special case."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from checks.base import Batch, Check
from checks.models import Finding
from checks.record_rules import earliest_day
from extractors.models import Record, Severity
from extractors.names import abridged, name_forms, plain, same_name
from extractors.profile import KindSpec
from extractors.text import nfkc, squash


def _label(kind: KindSpec, key: str) -> str:
    f = kind.field(key)
    return f.labels[0] if f and f.labels else key


def latest_day(value: str) -> dt.date | None:
    """The last day a date written as "YYYY", "YYYY-MM" or "YYYY-MM-DD" can mean."""
    parts = [int(x) for x in str(value).split("-")]
    try:
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return dt.date(parts[0], parts[1], parts[2])
    except (ValueError, IndexError):
        return None


class AwardMissing(Check):
    """没有经过基层评审表彰：通知规定“先表彰后申报”，成果须经县（区）总工会或基层工会评审表彰后方可申报。
    规则来自配置 ``[[prior_award]]``：表彰单位、表彰名称、表彰时间、表彰文号都要填写（报告写明缺哪几项）；
    表彰单位应是县（区）总工会或基层工会（``issuers`` / ``not_issuers``，按名称判断，报告写明依据）；表彰时间
    不能晚于填报日期。

    不通过：基层评审表彰情况四栏空白；表彰单位“平定县科学技术局”（不是工会）；表彰时间 2023-11，填报日期
    2023-10-20。
    通过：表彰单位“盂县总工会”，表彰名称“2023年度职工五小创新优秀成果一等奖”，表彰时间 2023-06，文号
    “盂工发〔2023〕21号”。
    """

    code = "award.missing"
    name = "eligibility.prior_award_missing"
    title = "未经基层评审表彰"
    severity = Severity.ERROR
    groups = ("eligibility",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None or kind.role != "entry":
            return
        for rule in self.profile.prior_award:
            if kind.field(rule.fields[0]) is None:
                continue
            need = rule.description or "须经基层评审表彰后方可申报"
            empty = [k for k in rule.fields if record.value(k) is None]
            labels = "、".join(_label(kind, k) for k in empty)
            if len(empty) == len(rule.fields):
                yield self.finding(record, f"没有填写基层评审表彰情况（{labels}）：{need}", field=rule.fields[0],
                                   evidence=f"空白：{labels}")
                continue
            if empty:
                yield self.finding(record, f"基层评审表彰情况没有填全，缺少{labels}", field=empty[0],
                                   evidence=f"空白：{labels}")
            yield from self._issuer(record, kind, rule, need)
            yield from self._date(record, kind, rule)

    def _issuer(self, record: Record, kind: KindSpec, rule, need: str) -> Iterable[Finding]:
        value = record.value(rule.issuer) if rule.issuer else None
        if not isinstance(value, str) or not (rule.issuers or rule.not_issuers):
            return
        name = re.sub(r"[（(]?盖章[）)]?$", "", squash(nfkc(value)))
        wrong = next((p for p in rule.not_issuers if re.search(p, name)), None)
        if wrong is None and (not rule.issuers or any(re.search(p, name) for p in rule.issuers)):
            return
        why = ("是上级工会，不是县（区）总工会或基层工会" if wrong is not None
               else "不是县（区）总工会或基层工会（名称不以“总工会”“工会”“工会委员会”结尾）")
        yield self.finding(record, f"{_label(kind, rule.issuer)}“{value}”{why}：{need}", field=rule.issuer,
                           actual=value, evidence=f"按名称判断：{value}")

    def _date(self, record: Record, kind: KindSpec, rule) -> Iterable[Finding]:
        if not rule.date or not rule.before:
            return
        when, before = record.value(rule.date), record.value(rule.before)
        if not when or not before:
            return
        first, last = earliest_day(str(when)), latest_day(str(before))
        if first and last and first > last:
            yield self.finding(record, f"{_label(kind, rule.date)} {when} 晚于{_label(kind, rule.before)} {before}："
                               "申报时还没有经过基层评审表彰", field=rule.date, actual=when, limit=before,
                               evidence=f"{_label(kind, rule.date)} {when}，{_label(kind, rule.before)} {before}")


def _names_in(value) -> list[str]:
    if isinstance(value, list):
        return [str(x) for x in value if x]
    return [str(value)] if value else []


class AwardUnverified(Check):
    """基层表彰存疑：单位的材料中没有一份基层表彰文件（表彰决定、通报）列出这项成果。规则来自配置
    ``[[named_in]]``：哪类材料（如基层表彰文件）的哪个栏目（如获表彰成果名单）应写有成果名称。名称按登记库的
    规则比较（extractors/names.py：忽略全半角、空格、引号书名号等标点，名称前带申报单位名的与不带的相同），
    也认文件里写在更长的一行中的名称，以及把名称中的词写简或写全的（“模具快换装置”与“模具快速更换装置”）。
    没有填写基层评审表彰情况的成果已由“未经基层评审表彰”报告，这里不重复。
    是警告：文件可能另行报送，请核对。

    不通过：“带式输送机托辊快速更换装置”的单位只交了一份表彰决定，名单里没有这项成果。
    通过：表彰决定的名单写着“《带式输送机托辊快速更换装置》（一矿机电科 张建国）”。
    """

    code = "award.unverified"
    name = "evidence.award_unverified"
    title = "基层表彰存疑"
    severity = Severity.WARNING
    groups = ("batch", "evidence")
    phase = "batch"

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        entry_kind = self.profile.kind(self.profile.summary_table.entry_kind)
        if entry_kind is None or not entry_kind.subject:
            return
        unit_field = self.profile.registry.unit_field
        for rule in self.profile.named_in:
            spec = self.profile.kind(rule.kind)
            docs: dict[str, list[Record]] = defaultdict(list)
            for d in sorted(batch.of_kind(rule.kind), key=lambda r: r.path):
                docs[d.unit].append(d)
            award_fields = [k for r in self.profile.prior_award for k in r.fields]
            for e in sorted(batch.of_kind(entry_kind.key), key=lambda r: r.path):
                name = e.subject(entry_kind.subject)
                if not name or (award_fields and all(e.value(k) is None for k in award_fields)):
                    continue  # no name to look for, or no award stated at all: award.missing
                own = str(e.value(unit_field) or "") if unit_field else ""
                mine = docs.get(e.unit, [])
                if any(self._names(d, rule.field, name, own) for d in mine):
                    continue
                need = rule.description or f"须附{spec.title}"
                if not mine:
                    yield self.finding(e, f"本单位材料中没有{spec.title}，无法核实“{name}”已经基层评审表彰（存疑）：{need}",
                                       field=entry_kind.subject, evidence=f"未收到{spec.title}")
                    continue
                listed = "；".join(f"{d.path.rsplit('/', 1)[-1]}" + (f"（{d.value('文号')}）" if d.value("文号") else "")
                                  + f"列有：{'、'.join(_names_in(d.value(rule.field))) or '（未读出名单）'}"
                                  for d in mine)
                yield self.finding(e, f"本单位的{spec.title}中没有找到“{name}”（存疑）：{need}",
                                   field=entry_kind.subject, evidence=listed)

    @staticmethod
    def _names(doc: Record, key: str, name: str, unit: str) -> bool:
        """Does the document name the entry: a listed name that is the same (names rules), one holding it, or one
        that shortens or spells out a word of it ("快换" / "快速更换")."""
        forms = name_forms(name)
        for listed in _names_in(doc.value(key)):
            if (same_name(listed, name, unit, unit) or any(f and f in plain(listed) for f in forms)
                    or abridged(listed, name)):
                return True
        return False


class PledgeMissing(Check):
    """真实性承诺没有签字：申报表的承诺栏（“本成果无重复申报，无冒用、盗用他人成果，所填内容真实。完成人签字：”）
    要有完成人签名。配置中带 ``signed_after`` 的栏目：签字处空白或只有下划线、日期，或者表中没有这一栏，都报告。

    不通过：“完成人签字：__________”。
    通过：“完成人签字：张建国　2023年10月18日”。
    """

    code = "pledge.missing"
    name = "field.pledge_unsigned"
    title = "真实性承诺未签字"
    severity = Severity.ERROR
    groups = ("field",)

    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        if kind is None:
            return
        for f in kind.fields:
            if not f.signed_after or record.value(f.key) is True:
                continue
            fv = record.fields.get(f.key)
            label = _label(kind, f.key)
            if fv is None or not fv.where:
                message, evidence = f"没有找到“{label}”一栏（须由完成人签字承诺）", f"按栏目名查找：{'、'.join(f.labels)}"
            elif fv.value is None:
                message, evidence = f"“{label}”一栏没有“{f.signed_after}”处，无法确认完成人已签字", fv.raw[:60]
            else:
                message, evidence = f"“{label}”没有{f.signed_after.removesuffix('签字')}签字", fv.raw[-40:]
            yield self.finding(record, message, field=f.key, evidence=evidence)
