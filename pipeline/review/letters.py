"""退改通知: which units get a correction letter, and what each letter lists (``letters_for``).

Read from a finished run's output folder: ``records.json`` (every finding, per document and batch-wide) and the
staff's decisions (``审核决定.json``). A finding is open unless staff marked it 不是问题（忽略）; a letter lists a
unit's open errors and warnings (not the 提示), each with what the unit must do and the notice's rule it rests
on. A finding between units (a duplicate, a near copy) is in each unit's letter; a batch finding that names no
unit is in none; a unit with nothing open gets no letter. Rendering is ``pipeline.outputs.letters``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.profile import Profile, ProfileError
from pipeline.outputs.letters import LetterError, LetterHead, LetterRow, UnitLetter
from pipeline.review import decisions as decisions_mod

_log = logging.getLogger(__name__)

RECORDS = "records.json"
SEVERITIES = ("error", "warning")  # what a letter lists; 提示 (info) never
# Notes to staff about the review itself, not about the unit's material, so in no letter: a check that failed,
# a scan's field the OCR read faintly (staff compare it with the original) and a file whose unit was guessed
# (staff decide whose it is). A unit could do nothing about any of them.
STAFF_ONLY = frozenset({"check.failed", "field.low_confidence", "unit.guessed"})

# What a unit must do, per check code, in words a unit's secretary understands. {limit}, {actual}, {excess},
# {field}, {section} are the finding's; when one is missing, the code family's wording is used instead.
REQUIREMENTS: dict[str, str] = {
    "length.over": "请压缩到 {limit} 字以内（现 {actual} 字，需压缩 {excess} 字）",
    "honors.too_many": "请精选后保留不超过 {limit} 项（现 {actual} 项）",
    "field.missing": "请补填“{field}”栏目",
    "field.invalid": "请按表格要求重新填写“{field}”栏目（填写具体的数字、日期，或勾选）",
    "field.low_confidence": "扫描件中“{field}”一栏不够清晰，请核对所填内容，并补交清晰的扫描件或可编辑的电子版",
    "file.unreadable": "请重新提交可以打开的文件（去掉密码，或另存为 PDF 或 .docx）",
    "file.unrecognised": "请确认是否报错了文件；如属推荐材料，请按通知附件的模板填写后重新提交",
    "file.wrong_extension": "请核对是否提交了正确的文件，按文件的实际格式保存后重新提交",
    "file.too_large": "请压缩到 {limit} MB 以内后重新提交（如降低图片分辨率或拆分文件）",
    "file.scanned": "请补交可编辑的电子版（Word 或可复制文字的 PDF）",
    "file.junk": "无需处理",
    "file.superseded": "以更正稿为准，原稿不再计入；如应以原稿为准，请说明",
    "check.failed": "无需修改，由我们人工核对",
    "section.missing": "请补写“{section}”部分",
    "evidence.no_numbers": "请在“{section}”部分补充具体数据（如数量、金额、百分比）",
    "evidence.indicator_missing": "请在支撑材料中补充“{field}”方面的具体内容和数据",
    "numbers.inconsistent": "请核对正文与表内“{field}”的数字，改为一致",
    "eligibility.established": "请核实建立时间；如确不满足运行年限要求，请撤回或更换推荐对象",
    "eligibility.title": "请核实“{field}”；如确不符合条件，请撤回或更换推荐对象",
    "eligibility.not_implemented": "请核实项目的实施时间和已取得的成效；尚未实施的项目不能申报，请撤回或更换项目",
    "eligibility.no_investment": "请核实并填写项目投入资金（须大于 0，其中工会经费不超过投入总额）",
    "eligibility.not_union_led": "请确认项目由工会主导实施，申报单位填写工会的名称",
    "eligibility.already_funded": "已被命名或已获其他资金资助的项目不得重复申报，请撤回或更换项目",
    "choice.invalid": "请在“{field}”中按表格选项勾选一项",
    "unit.guessed": "请确认该文件是否为你单位报送，并在材料中写明推荐单位",
    "duplicate.submission": "同一对象被重复推荐，请与相关单位协商由一个单位推荐，并说明情况",
    "duplicate.near_copy": "请说明情况；如有引用他人材料之处，请据实修改",
    "subtable.count_mismatch": "请核对“{field}”与所列名单的行数，改为一致",
    "ledger.gaps": "请补报工作台账，如实记录全年各季度的工作开展情况",
    "standard.not_met": "请对照“{field}”的创建标准补充完善，并补交相应的证明材料；确未达标的，请说明情况",
    "standard.doubtful": "请补交能证明“{field}”的材料（如照片、制度文本、名单）",
    "registry.inspection": "该工作室往年已授牌，本次按年度检查处理：请报送本年度工作台账和创新成效",
    "duplicate.misappropriation": "请说明成果的来源和完成人；如系冒用、盗用他人成果，请撤回",
    "award.missing": "请补填基层评审表彰情况，并附县（区）总工会或基层工会的表彰文件；未经基层评审表彰的成果不能申报",
    "award.unverified": "请补交列有该成果的基层表彰文件（表彰决定或通报）",
    "pledge.missing": "请由完成人在真实性承诺处签字后重新提交",
    "material.missing": "请补报缺少的配套材料",
    "material.unmatched": "请核对附件材料中的名称与推荐表是否一致；如缺少推荐表，请补报",
    "quota.exceeded": "请按名额调整推荐数量（限 {limit} 个，现 {actual} 个），并说明撤回哪些对象",
    "quota.unknown_type": "请说明你单位的单位类型",
    "registry.already_named": "该对象往年已被命名，按通知规定不再推荐，请撤回或更换推荐对象",
    "registry.resubmitted": "请说明该对象往年的申报情况",
    "summary.missing": "请补报本单位的推荐汇总表",
    "summary.not_listed": "请修正推荐汇总表，列入该对象；如不推荐该对象，请说明",
    "summary.not_received": "请补报该对象的材料；如不再推荐，请修正推荐汇总表",
}
FAMILIES: dict[str, str] = {
    "length.": "请压缩到限定字数以内",
    "honors.": "请按上限精简",
    "field.": "请补填或更正该栏目",
    "file.": "请重新提交可以打开的文件",
    "section.": "请补写该部分",
    "evidence.": "请补充具体数据",
    "numbers.": "请核对数字，改为一致",
    "eligibility.": "请核实是否符合推荐条件；如不符合，请撤回或更换推荐对象",
    "unit.": "请确认材料所属的单位",
    "duplicate.": "请说明情况或修改",
    "material.": "请补报配套材料",
    "quota.": "请按名额调整推荐数量",
    "registry.": "请说明情况",
    "summary.": "请补报或修正推荐汇总表",
    "subtable.": "请核对表内人数与名单，改为一致",
    "ledger.": "请补报工作台账",
    "standard.": "请对照创建标准补充完善",
    "award.": "请补充基层评审表彰情况和表彰文件",
    "pledge.": "请由完成人签字承诺",
}
GENERIC = "请按通知要求修改后重新报送"
EVIDENCE_CHARS = 120  # evidence quoted in a letter is cut here ("……")


class LetterInputError(LetterError):
    """The output folder cannot give letters (no records.json, a damaged one, an unknown profile)."""


@dataclass
class LetterOptions:
    """Settings for the letters; None takes the profile's ``[letters]`` value, else the default (the deadline
    ``days`` after today; contact, phone and sender a blank line to fill in by hand)."""

    deadline: dt.date | None = None
    contact: str | None = None
    phone: str | None = None
    sender: str | None = None
    profile: str | None = None  # a profile name or .toml path; default: the one records.json names
    today: dt.date | None = None  # the letters' date (tests fix it)


@dataclass
class Letters:
    """The letters for one output folder, and what was left out of them."""

    head: LetterHead
    letters: list[UnitLetter] = field(default_factory=list)
    ignored: int = 0  # errors and warnings staff marked 不是问题（忽略）
    without_unit: int = 0  # open errors and warnings that name no unit (batch-wide): in no letter
    staff_only: int = 0  # open notes to staff (``STAFF_ONLY``): in no letter
    deadline_from: str = ""  # "命令行" | "配置" | "默认"

    @property
    def units(self) -> list[str]:
        return [letter.unit for letter in self.letters]


def letters_for(out_dir: Path, options: LetterOptions | None = None) -> Letters:
    """The letters a finished run's output folder calls for, one per unit with open errors or warnings, in the
    order of the units' names. Raises ``LetterInputError`` (Chinese message) when the folder cannot give them."""
    options = options or LetterOptions()
    out_dir = Path(out_dir)
    records = _read_records(out_dir)
    profile = _profile(options.profile or str(records.get("profile") or ""))
    try:
        decisions = decisions_mod.load(out_dir)
    except decisions_mod.DecisionError as e:
        raise LetterInputError(str(e)) from e
    head, deadline_from = _head(profile, options)
    gathered = _gather(records, profile, decisions)
    letters = [UnitLetter(unit, head, [row for _, row in sorted(rows, key=lambda x: x[0])])
               for unit, rows in sorted(gathered.rows.items())]
    return Letters(head, letters, gathered.ignored, gathered.without_unit, gathered.staff_only, deadline_from)


# ---------------------------------------------------------------------------------------- inputs


def _read_records(out_dir: Path) -> dict[str, Any]:
    if not out_dir.exists():
        raise LetterInputError(f"找不到输出文件夹：{out_dir}")
    if not out_dir.is_dir():
        raise LetterInputError(f"{out_dir} 不是文件夹：请给出 huishen run 的输出文件夹")
    path = out_dir / RECORDS
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise LetterInputError(f"{out_dir} 中没有 {RECORDS}：请先用 huishen run 审查材料（--out 指向这个文件夹），"
                               "再生成退改通知") from e
    except (OSError, UnicodeDecodeError) as e:
        raise LetterInputError(f"无法读取 {path}") from e
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise LetterInputError(f"{path} 已损坏（不是完整的 JSON）：请重新运行 huishen run") from e
    if (not isinstance(data, dict) or not isinstance(data.get("documents"), list)
            or not isinstance(data.get("findings"), list)):
        raise LetterInputError(f"{path} 不是汇审生成的审查结果：请重新运行 huishen run")
    return data


def _profile(name: str) -> Profile:
    from pipeline.config import resolve_profile

    if not name:
        raise LetterInputError("records.json 没有写明评选配置：请用 --profile 指明")
    try:
        return resolve_profile(name)
    except ProfileError as e:
        raise LetterInputError(f"{e}\n（本批审查时如用的是配置文件，请用 --profile 给出该文件的路径）") from e


def _head(profile: Profile, options: LetterOptions) -> tuple[LetterHead, str]:
    today = options.today or dt.date.today()
    spec = profile.letters
    if options.deadline is not None:
        deadline, source = options.deadline, "命令行"
    elif spec.deadline is not None:
        deadline, source = spec.deadline, "配置"
    else:
        deadline, source = today + dt.timedelta(days=spec.days), "默认"

    def pick(given: str | None, configured: str) -> str:
        return (given if given is not None else configured).strip()

    head = LetterHead(campaign=profile.title, notice=profile.notice, notice_date=profile.notice_date,
                      deadline=deadline, date=today, contact=pick(options.contact, spec.contact),
                      phone=pick(options.phone, spec.phone), sender=pick(options.sender, spec.sender))
    return head, source


# ---------------------------------------------------------------------------------------- gathering


@dataclass
class _Gathered:
    rows: dict[str, list[tuple[tuple, LetterRow]]] = field(default_factory=dict)
    ignored: int = 0
    without_unit: int = 0
    staff_only: int = 0


def _gather(records: dict[str, Any], profile: Profile, decisions: decisions_mod.Decisions) -> _Gathered:
    documents = [d for d in records["documents"] if isinstance(d, dict)]
    by_path = {d.get("path", ""): d for d in documents}
    out = _Gathered()

    def take(f: dict[str, Any]) -> bool:
        if f.get("severity") not in SEVERITIES:
            return False
        decision = decisions.get(str(f.get("key") or ""))
        if decision is not None and decision.ignored:
            out.ignored += 1
            return False
        if f.get("code") in STAFF_ONLY:
            out.staff_only += 1
            return False
        return True

    for d in documents:
        unit = str(d.get("unit") or "")
        for f in d.get("findings") or []:
            if not take(f):
                continue
            if not unit:
                out.without_unit += 1
                continue
            out.rows.setdefault(unit, []).append(_row(f, [d], [d.get("path", "")], profile))
    for f in records["findings"]:
        if not isinstance(f, dict) or not take(f):
            continue
        units = [u for u in (f.get("units") or ([f["unit"]] if f.get("unit") else [])) if u]
        if not units:
            out.without_unit += 1
            continue
        for unit in dict.fromkeys(units):
            paths = [p for p in f.get("paths") or [] if (by_path.get(p) or {}).get("unit") == unit]
            docs = [by_path[p] for p in paths]
            out.rows.setdefault(unit, []).append(_row(f, docs, paths, profile, unit))
    return out


def _row(f: Mapping[str, Any], docs: list[dict[str, Any]], paths: list[str], profile: Profile,
         unit: str = "") -> tuple[tuple, LetterRow]:
    code = str(f.get("code") or "")
    severity = str(f.get("severity") or "")
    kind = next((profile.kind(d.get("kind", "")) for d in docs if profile.kind(d.get("kind", ""))), None)
    row = LetterRow(material=_material(f, docs, paths, _subject(f, docs, profile, unit), profile),
                    problem=_problem(f),
                    requirement=requirement(f, profile, kind), basis=basis(f, profile, kind, unit),
                    code=code, severity=severity, key=str(f.get("key") or ""))
    order = (min(paths) if paths else "\uffff", SEVERITIES.index(severity), code, str(f.get("field") or ""),
             row.problem)
    return order, row


ARCHIVES = (".zip", ".7z", ".rar")


def _file_name(path: str) -> str:
    """A file as the unit knows it: its path inside what the unit sent (the unit's own folder or archive, and
    a folder of the same name inside that archive, left out)."""
    parts = path.split("/")
    if len(parts) > 1:
        top = parts.pop(0)
        stem = next((top[: -len(ext)] for ext in ARCHIVES if top.lower().endswith(ext)), top)
        if len(parts) > 1 and parts[0] == stem:
            parts.pop(0)
    return "/".join(parts)


def _subject(f: Mapping[str, Any], docs: list[dict[str, Any]], profile: Profile, unit: str) -> str:
    """What the finding is about, as this unit names it: a finding between units names one side's subject (a
    near copy: the first unit's 班组), so each unit's letter takes the subject of its own document."""
    if unit and len(f.get("units") or []) > 1:
        for d in docs:
            if own := _doc_subject(d, profile):
                return own
    return str(f.get("subject") or "").strip()


def _doc_subject(d: dict[str, Any], profile: Profile) -> str:
    kind = profile.kind(d.get("kind", ""))
    if kind is None or not kind.subject:
        return ""
    return str((d.get("fields") or {}).get(kind.subject) or "").strip()


def _material(f: Mapping[str, Any], docs: list[dict[str, Any]], paths: list[str], subject: str,
              profile: Profile) -> str:
    """The subject, then the unit's own files, one per line. A finding about several documents and no one
    subject (a quota: every form the unit sent) lists what each is about, which the unit knows better than
    its file names."""
    files = list(dict.fromkeys(_file_name(p) for p in paths))
    if f.get("code") == "summary.missing":
        files = ["推荐汇总表（未收到）"]
    elif not subject and len(docs) > 1 and all(_doc_subject(d, profile) for d in docs):
        return "\n".join(dict.fromkeys(_doc_subject(d, profile) for d in docs))
    if subject and files:
        return f"{subject}\n文件：" + "\n".join(files)
    return "\n".join([subject] if subject else files) or "—"


def _problem(f: Mapping[str, Any]) -> str:
    message = str(f.get("message") or "").strip()
    evidence = str(f.get("evidence") or "").strip()
    if not evidence or evidence[:20] in message:
        return message
    if len(evidence) > EVIDENCE_CHARS:
        evidence = evidence[:EVIDENCE_CHARS] + "……"
    return f"{message}\n相关内容：{evidence}"


def _number(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


class _Strict(dict):
    """format_map values: a missing or empty one is an error, so the family's wording is used instead."""

    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def _values(f: Mapping[str, Any], profile: Profile, kind) -> _Strict:
    values = _Strict()
    actual, limit = f.get("actual"), f.get("limit")
    if actual is not None and not isinstance(actual, bool):
        values["actual"] = _number(actual)
    if limit is not None and not isinstance(limit, bool):
        values["limit"] = _number(limit)
    if isinstance(actual, (int, float)) and isinstance(limit, (int, float)) and actual > limit:
        values["excess"] = _number(actual - limit)
    key = str(f.get("field") or "")
    if key:
        values["field"] = _field_label(key, kind)
        if kind is not None and (section := next((s for s in kind.sections if s.key == key), None)):
            values["section"] = section.title
    return values


def _field_label(key: str, kind) -> str:
    """A field as the form names it (its first label), else as the finding names it."""
    if kind is not None:
        if key in (kind.count_field, kind.title_field) and key:
            return kind.title if key == kind.count_field else key
        if (spec := kind.field(key)) is not None and spec.labels:
            return spec.labels[0]
    return key


def requirement(f: Mapping[str, Any], profile: Profile, kind=None) -> str:
    """What the unit must do about finding ``f``: the profile's wording for its code or family, else the
    built-in one, else its family's, else a generic sentence. Every registered check has its own wording."""
    code = str(f.get("code") or "")
    family = code.split(".", 1)[0] + "."
    own = profile.letters.requirements
    for wording in (own.get(code), own.get(family), REQUIREMENTS.get(code)):
        if wording:
            try:
                return string.Formatter().vformat(wording, (), _values(f, profile, kind))
            except (KeyError, IndexError, ValueError):
                continue
    return FAMILIES.get(family, GENERIC)


# 怎么处理 in the reports and on the page: findings only the office can act on are said to the clerk, notes
# (提示) ask nothing of anyone unless they do, the rest is the unit's task as its letter words it.
STAFF_TODO: dict[str, str] = {
    "check.failed": "由审核人员人工核对这一项",
    "field.low_confidence": "审核人员请对照原件核对（{where}）；原件也看不清的，请单位补交清晰件",
    "unit.guessed": "审核人员请确认该文件属于哪个单位",
}
INFO_TODO = "无需处理（仅供参考）"
INFO_WITH_TASK = frozenset({"file.superseded"})  # a note that still asks something (which copy counts)


def todo(f: Mapping[str, Any], profile: Profile, kind=None, where: str = "原件") -> str:
    """What to do about finding ``f`` (a records.json finding or the same keys): ``where`` is the place in the
    original a doubtful value is ("原件第 1 页，表格1 第2行")."""
    code = str(f.get("code") or "")
    if code in STAFF_TODO:
        return STAFF_TODO[code].format(where=where)
    severity = f.get("severity")
    if str(getattr(severity, "value", severity)) == "info" and code not in INFO_WITH_TASK:
        return INFO_TODO
    return requirement(f, profile, kind)


def basis(f: Mapping[str, Any], profile: Profile, kind=None, unit: str = "") -> str:
    """The check's title and, where the profile states it, the notice's rule ("通知要求：…不超过 600 字")."""
    title = str(f.get("title") or f.get("code") or "")
    said = rule(f, profile, kind, unit)
    return f"{title}\n通知要求：{said}" if said else title


def _eligibility_rule(code: str, key: str, profile: Profile) -> str:
    """The notice's wording of a 项目要求 rule (``description`` in the profile's ``[[eligibility.*]]``)."""
    rules = {
        "eligibility.not_implemented": [(r.description, [r.field, *r.sections]) for r in profile.eligibility.implemented],
        "eligibility.no_investment": [(r.description, [r.field, r.part]) for r in profile.eligibility.investment],
        "eligibility.not_union_led": [(r.description, [r.field]) for r in profile.eligibility.led_by],
        "eligibility.already_funded": [(r.description, list(r.fields)) for r in profile.eligibility.not_again],
    }.get(code, [])
    return next((d for d, keys in rules if d and key in keys), "")


def rule(f: Mapping[str, Any], profile: Profile, kind, unit: str) -> str:
    """The notice's rule a finding measures against, as the profile states it ("" when it states none)."""
    import re

    code = str(f.get("code") or "")
    limit = _number(f.get("limit"))
    key = str(f.get("field") or "")
    what = _field_label(key, kind) if key else (kind.title if kind is not None else "")
    if code == "length.over" and limit and what:
        return f"{what}不超过 {limit} 字"
    if code == "honors.too_many" and limit and what:
        return f"{what}不超过 {limit} 项"
    if code == "file.too_large" and profile.max_file_mb:
        return f"上传文件不超过 {_number(profile.max_file_mb)} MB"
    if code == "field.missing" and what:
        return f"“{what}”须填写"
    if code == "section.missing" and kind is not None and kind.sections:
        return f"{kind.title}须包含" + "、".join(s.title for s in kind.sections if s.required)
    if code == "evidence.no_numbers" and kind is not None and (key in {s.key for s in kind.sections}):
        return f"{next(s.title for s in kind.sections if s.key == key)}要以数据体现"
    if code == "quota.exceeded" and profile.quota:
        for rule in profile.quota.rules:
            if any(re.search(p, unit) for p in rule.patterns):
                span = f"{rule.min}–{rule.max}" if rule.min else f"不超过 {rule.max}"
                return f"每个{rule.unit_type}推荐 {span} 个"
    if code == "eligibility.established":
        rule = next((r for r in profile.eligibility.established if r.field == key), None)
        if rule is not None:
            return rule.description or f"{what}距通知日期满 {rule.years} 年"
    if code == "eligibility.title":
        rule = next((r for r in profile.eligibility.titles if r.field == key), None)
        if rule is not None and rule.description:
            return rule.description
    said = _eligibility_rule(code, key, profile)
    if said:
        return said
    if code == "choice.invalid" and kind is not None and (spec := kind.field(key)) is not None and spec.choices:
        return f"“{what}”" + ("从" + "、".join(spec.choices) + "中选一项" if spec.choice == "single" else "按表格选项勾选")
    if code.startswith("summary."):
        summary = next(iter(profile.kinds_with_role("summary")), None)
        if summary is not None:
            return (f"报送本单位{summary.title}" if code == "summary.missing"
                    else f"{summary.title}与报送的材料一致")
    if code == "registry.already_named":
        return "往年已命名的对象不再推荐"
    if code == "award.missing":
        return next((r.description for r in profile.prior_award if r.description), "")
    if code == "award.unverified":
        return next((r.description for r in profile.named_in if r.description), "")
    if code == "duplicate.misappropriation":
        return profile.near_copy.owner_rule
    return ""
