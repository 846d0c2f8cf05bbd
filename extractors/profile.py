"""Campaign profiles: TOML files loaded into strict pydantic models.

A profile holds every campaign fact (labels, limits, headings, quotas, dates, 汇总表 layout);
the code holds none. Unknown keys are errors that name where they are.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from extractors.models import Severity


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


FieldType = Literal["text", "longtext", "int", "number", "date", "bool", "list", "phone"]


class ColumnSpec(_Strict):
    """A column of a list-layout table (a unit's own 推荐汇总表), or of a form's sub-table."""

    key: str
    headers: list[str] = Field(min_length=1)
    type: FieldType = "text"
    unit: str = ""  # a number's unit ("万元": "12.5万元" is 12.5, "8000元" 0.8)


class FieldSpec(_Strict):
    """One field of a form: how to find it and what it holds."""

    key: str
    labels: list[str] = []
    type: FieldType = "text"
    unit: str = ""
    # "table": a label cell in a table, value beside or below it;
    # "line": "标签：值" in a paragraph line (header lines such as 推荐单位/联系人/电话).
    where: Literal["table", "line", "any"] = "any"
    # Only cells after the cell holding this anchor text (a repeated sub-block such as 领衔人情况), or after any of
    # several (the block's merged cell "领衔人情况" or its section heading "一、有领衔人才", numbered or not).
    after: str | list[str] = ""
    required: bool = False
    max_chars: int | None = None
    max_items: int | None = None
    evidence: bool = False
    # Template prompt text that units often leave in place; removed before counting.
    placeholder: list[str] = []
    # A value written at the end of another field rather than under a label of its own: the date of a signed
    # opinion ("同意推荐。（盖章）2024年11月8日"). The other field keeps the opinion, without the date and the
    # seal/signature prompts; this field takes the date.
    date_of: str = ""
    # The closed set of answers the form expects (政治面貌: 中共党员, 群众, …). A value read by OCR that is
    # exactly one of them is not doubtful, however faint its print: a misreading would not land on an answer.
    choices: list[str] = []
    # A choice among ``choices``, written as boxes (☑/□/■/√/Wingdings) beside the options or typed
    # ("所属行动：暖心聚力"). "single": the value is the chosen option's text (none or several ticked, or a text
    # that is no option, leaves it empty and choice.invalid says what was written); "multiple": the list of the
    # ticked options' texts.
    # A yes/no question asked as two boxes ("□是 □否") is a single choice of ``type = "bool"``: the first option
    # means yes (True), the second no (False).
    choice: Literal["", "single", "multiple"] = ""
    # Answers that mean nothing was filled in ("无", "/"): the value is empty, the text as written is kept.
    blank: list[str] = []
    # The end of a date range written under another field's label ("实施时间：2019年3月—2020年10月"): that field
    # takes the start, this one the end; "至今/持续" leaves the end empty (the range is open, not unfilled).
    range_of: str = ""
    # A sub-table: repeating rows under a header row inside the form's table (团队成员: 姓名|性别|…), found under
    # the field's label (a label cell beside or above the header row). The value is the list of its rows, each a
    # dict under these columns' keys (a column the form lacks is null); blank rows are dropped; the rows end at the
    # next label row, section heading or another sub-table's header.
    subtable: list[ColumnSpec] = []
    # This (int) field states how many rows the named sub-table field holds (成员人数 -> 团队成员):
    # subtable.count_mismatch compares the two.
    count_of: str = ""
    # A signed statement (真实性承诺 … 完成人签字：____): the value is true when a name is written after this
    # prompt, false when it is left blank or underscores (``type = "bool"``).
    signed_after: str = ""
    # A free-form document's field found by what it is rather than by a label (``layout = "document"``): its
    # issuer (the 落款 above its date, else its red header), its 文号 ("X工发〔2023〕12号"), its date (the 落款's),
    # or the names it lists (``type = "list"``: a table's column headed by one of ``labels``, else its numbered
    # lines) — a 表彰决定's honoured results.
    find: Literal["", "issuer", "doc_number", "doc_date", "names"] = ""

    @property
    def anchors(self) -> list[str]:
        return [a for a in ([self.after] if isinstance(self.after, str) else self.after) if a]

    @model_validator(mode="after")
    def _labelled(self) -> FieldSpec:
        if not self.labels and not self.date_of and not self.range_of:
            raise ValueError(f"栏目 {self.key} 需要 labels（或用 date_of / range_of 指明它写在哪个栏目里）")
        if self.date_of and self.type != "date":
            raise ValueError(f"栏目 {self.key}：date_of 只用于日期栏目（type = \"date\"）")
        if self.range_of and self.type != "date":
            raise ValueError(f"栏目 {self.key}：range_of 只用于日期栏目（type = \"date\"）")
        if self.choice and not self.choices:
            raise ValueError(f"栏目 {self.key}：choice 需要用 choices 列出选项")
        if self.signed_after and self.type != "bool":
            raise ValueError(f"栏目 {self.key}：signed_after 只用于是/否栏目（type = \"bool\"）")
        if self.find == "names" and self.type != "list":
            raise ValueError(f"栏目 {self.key}：find = \"names\" 的栏目应为列表（type = \"list\"）")
        if self.find == "doc_date" and self.type != "date":
            raise ValueError(f"栏目 {self.key}：find = \"doc_date\" 的栏目应为日期（type = \"date\"）")
        if self.choice and self.type == "bool" and (self.choice != "single" or len(self.choices) != 2):
            raise ValueError(f"栏目 {self.key}：是/否栏目（type = \"bool\"）的 choice 须为 single，choices 为“是”“否”两项")
        if self.subtable:
            keys = [c.key for c in self.subtable]
            if len(set(keys)) != len(keys):
                raise ValueError(f"栏目 {self.key}：subtable 中的列 key 重复：{keys}")
            if self.choice or self.type != "text":
                raise ValueError(f"栏目 {self.key}：子表（subtable）栏目不能同时是选择题或指定 type")
        if self.count_of and self.type != "int":
            raise ValueError(f"栏目 {self.key}：count_of 只用于整数栏目（type = \"int\"）")
        return self


class SectionSpec(_Strict):
    key: str
    title: str
    headings: list[str] = Field(min_length=1)
    required: bool = True
    evidence: bool = False


class KindSpec(_Strict):
    key: str
    title: str
    # form: labelled cells; sections: a headed write-up; list: a table with a header row;
    # document: free-form material recognised by its title (supporting evidence, a work report).
    layout: Literal["form", "sections", "list", "document"]
    # entry: what is recommended (one per 推荐对象); attachment: belongs to one entry (link_field); summary: the
    # unit's own list; reference: a document of the unit about several entries (a 基层表彰文件 naming several
    # results), linked to none, read by the rules that ask for it ([[named_in]]).
    role: Literal["entry", "attachment", "summary", "reference"]
    # Phrases of the document's own title; a match adds to the recognition score.
    titles: list[str] = []
    # Regular expressions over a document-layout kind's text (a 文号 "〔2023〕12号"): the title and each pattern
    # that matches add one to the score, which must reach ``min_matches`` (title and 文号: 2).
    patterns: list[str] = []
    # Minimum number of distinct labels / headings / column headers to recognise the kind.
    min_matches: int = 2
    subject: str = ""  # field naming what the document is about (班组名称)
    link_field: str = ""  # attachment -> entry: field whose value names the entry's subject
    fields: list[FieldSpec] = []
    sections: list[SectionSpec] = []
    columns: list[ColumnSpec] = []
    # Limit on the whole body of a sections-layout document (headings and title excluded).
    max_chars: int | None = None
    count_field: str = ""  # where the body's 字数 is stored
    title_field: str = ""  # where a sections-layout document's title is stored
    duplicate_keys: list[list[str]] = []
    # An attachment kind every entry must have (material.missing reports an entry without one). A kind whose
    # absence another check judges (佐证材料: the standards) sets false.
    required: bool = True
    # A regular expression matched on the document's first lines (its title); each named group becomes a field of
    # the record: "(?P<工作室名称>.+?)工作台账[（(](?P<年度>\\d{4})年?[）)]" links a ledger to its studio.
    title_pattern: str = ""

    @model_validator(mode="after")
    def _pattern(self) -> KindSpec:
        if self.title_pattern:
            try:
                pat = re.compile(self.title_pattern)
            except re.error as e:
                raise ValueError(f"{self.key}.title_pattern 不是有效的正则表达式：{e}") from e
            if not pat.groupindex:
                raise ValueError(f"{self.key}.title_pattern 需要至少一个命名分组，如 (?P<工作室名称>…)")
        return self

    def title_fields(self) -> tuple[str, ...]:
        """The fields ``title_pattern`` writes (its named groups)."""
        return tuple(re.compile(self.title_pattern).groupindex) if self.title_pattern else ()

    def made_fields(self) -> tuple[str, ...]:
        """Fields the mapping writes beside the declared ones: 字数, the title, the title pattern's groups."""
        return tuple(x for x in (self.count_field, self.title_field) if x) + self.title_fields()

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)


class Indicator(_Strict):
    """One item of an outline that supporting documents should cover."""

    key: str
    headings: list[str] = Field(min_length=1)  # a heading line naming it covers it
    keywords: list[str] = []  # or this many keyword mentions in the text
    min_hits: int = 2


class CoverageSpec(_Strict):
    """Which outline items the documents of ``kinds`` cover, per entry they belong to."""

    title: str
    kinds: list[str] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)


class DateAgeRule(_Strict):
    """A date field must lie at least ``years`` before the reference date (the notice date by default)."""

    field: str
    years: int
    reference: dt.date | None = None
    description: str = ""  # the notice's wording, shown in messages ("已有效运行3年以上")


class AcceptedValueRule(_Strict):
    """A field's value must match one of the regular expressions (e.g. 高级以上职称)."""

    field: str
    accepted: list[str] = Field(min_length=1)
    description: str = ""


class ImplementedRule(_Strict):
    """已实施: the start date ``field`` is filled and not after ``deadline`` (the profile's deadline by default);
    and the ``sections`` of a write-up are not written as a plan (``cues`` as the main verb of most sentences)."""

    field: str
    deadline: dt.date | None = None
    sections: list[str] = []
    cues: list[str] = ["拟", "计划", "将", "预计", "准备", "打算", "将要", "力争", "争取"]
    description: str = ""


class InvestmentRule(_Strict):
    """有投入: ``field`` (the whole investment) is filled and above 0, and ``part`` (a share of it) not above it."""

    field: str
    part: str = ""
    description: str = ""


class SuffixRule(_Strict):
    """``field`` ends in one of ``suffixes`` (申报单位 is a 工会: "…工会", "…分工会", "…工会委员会")."""

    field: str
    suffixes: list[str] = Field(min_length=1)
    description: str = ""


class NotAgainRule(_Strict):
    """Each of ``fields`` answered yes (true, or the text ``value``) excludes the entry (曾获命名, 已获资助)."""

    fields: list[str] = Field(min_length=1)
    value: str = "是"
    description: str = ""


class EligibilitySpec(_Strict):
    established: list[DateAgeRule] = []
    titles: list[AcceptedValueRule] = []
    implemented: list[ImplementedRule] = []
    investment: list[InvestmentRule] = []
    led_by: list[SuffixRule] = []
    not_again: list[NotAgainRule] = []


class ConsistencyRule(_Strict):
    """A figure stated in a long text near one of ``cues`` must agree with a form field. The text is a field of
    the same form, or a section of an attachment (申报书的“取得成效”) compared with its entry's field."""

    text_field: str
    field: str
    cues: list[str] = Field(min_length=1)
    units: list[str] = Field(min_length=1)


class PriorAwardRule(_Strict):
    """先表彰后申报: the lower-level award ``fields`` are all filled, the ``issuer`` field matches one of ``issuers``
    and none of ``not_issuers`` (regular expressions on the name), and the ``date`` is not after the ``before``
    date (the 填报日期). award.missing says which."""

    fields: list[str] = Field(min_length=1)
    issuer: str = ""
    issuers: list[str] = []
    not_issuers: list[str] = []
    date: str = ""
    before: str = ""
    description: str = ""


class NamedInRule(_Strict):
    """A document of ``kind`` among the unit's materials must name the entry (its subject), in its ``field`` (a
    list of names, or a text): a 基层表彰文件 listing the result. Names compare as the registry's (written
    differently is fine). award.unverified when none does."""

    kind: str
    field: str
    description: str = ""


class QuotaRule(_Strict):
    unit_type: str
    patterns: list[str] = Field(min_length=1)  # regular expressions on the 推荐单位 name
    min: int = 0
    max: int


class QuotaSpec(_Strict):
    kind: str  # which kind's records are counted
    rules: list[QuotaRule]


# A 汇总表 column whose value is the entry's standards assessment ("5/6 达标").
STANDARDS_SOURCE = "达标情况"


class OutColumn(_Strict):
    header: str
    # "序号", "<kind>.<field>" of the entry or its attachment, "备注", or the unit field (推荐单位)
    source: str
    width: float = 16
    # A date range: ``source`` holds its start, ``until`` ("<kind>.<field>") its end; shown "2019-03—2020-10",
    # an open end as "至今".
    until: str = ""
    # Several fields of ``source``'s kind in one column: "{表彰单位}{表彰名称}（{表彰文号}）"; empty fields are left
    # out with the brackets around them, a row with all of them empty is blank.
    template: str = ""
    # Of a sub-table field (``source``), one column of its rows joined with "、" (其他完成人's 姓名: "李强、王磊").
    column: str = ""


class SummaryTableSpec(_Strict):
    title: str
    entry_kind: str
    columns: list[OutColumn]
    group_header: str = "推荐单位：{推荐单位}"
    # The line under the title the forwarding office fills in and stamps (the notices' 附件 have 推荐单位（盖章）、
    # 联系人、电话 there).
    sign_line: str = "填报单位（盖章）：　　　　　　　　填报人：　　　　　　联系电话：　　　　　　　　日期：　　　　年　　月　　日"


class RegistrySpec(_Strict):
    """How an entry is looked up in the registry of earlier campaigns (``huishen registry``).

    The name is the entry kind's ``subject``; ``unit_field`` holds the item's own unit (所在单位: the
    school or company, not the recommending union), ``leader_field`` its leader (a renamed 工作室 of the
    same unit and leader is still found)."""

    unit_field: str = ""  # "" : the recommending unit
    leader_field: str = ""
    # What an entry on an earlier year's list means: "not_again" (命名 items are not recommended again:
    # registry.already_named, an error) or "inspection" (a studio already 授牌 comes for its yearly inspection, not
    # a new 创建: registry.inspection, a warning).
    named_means: Literal["not_again", "inspection"] = "not_again"


class NearCopySpec(_Strict):
    """duplicate.near_copy: long texts compared across units and with earlier years' texts."""

    # Similarity from which two texts count as near copies (see checks.similarity for the measure and the
    # measured precision/recall behind the default).
    threshold: float | None = Field(None, gt=0.0, le=1.0)
    min_chars: int = 100  # shorter texts (a one-line 竞赛情况) are not compared
    # Fields of the entry that say whose result it is (带头人, 申报单位): a near copy between entries that differ in
    # one of them (both filled) is duplicate.misappropriation (冒用、盗用他人成果, an error) rather than
    # duplicate.near_copy; an earlier year's text is compared by the registry's unit and leader fields. Texts of
    # one owner are never compared, even within one 推荐单位. Empty: every near copy is duplicate.near_copy.
    owner_fields: list[str] = []
    # The notice's rule on such copies, quoted in the finding and in the 退改通知 ("一经发现查实，取消其评选资格").
    owner_rule: str = ""


class LettersSpec(_Strict):
    """退改通知 (``huishen letters``): the settings a letter to a unit needs. Each is a default the command line
    can override; one left empty is printed as a blank line to fill in by hand, never made up."""

    deadline: dt.date | None = None  # corrected files due; without it, ``days`` after the letter's date
    days: int = Field(7, ge=1, le=90)
    contact: str = ""  # the office's contact person for corrections
    phone: str = ""
    sender: str = ""  # the office signing the letter
    # What a unit must do, per check code (or code family "length."), replacing the built-in wording.
    requirements: dict[str, str] = {}


class Criterion(_Strict):
    """One line of a scoring sheet (评审评分表): what experts score, its maximum points and what to look at."""

    key: str = Field(min_length=1)  # the criterion as the notice names it (实效性)
    max: float = Field(gt=0, le=1000)
    points: str = ""  # 要点: what earns the points, shown on the sheet
    # Multiplies the criterion's points in an expert's total (the office's own weighting; the notice's maximum
    # points are the default weighting, 1).
    weight: float = Field(1.0, gt=0, le=100)


class AwardLevel(_Strict):
    """One award level, by a number of entries or a share of the eligible entries (rounded down)."""

    name: str = Field(min_length=1)  # 特等奖, 一等奖, …
    count: int | None = Field(None, ge=0)
    share: float | None = Field(None, gt=0, le=1)

    @model_validator(mode="after")
    def _one_of(self) -> AwardLevel:
        if (self.count is None) == (self.share is None):
            raise ValueError(f"奖项“{self.name}”要写 count（名额）或 share（比例）中的一项")
        return self


class ScoringSpec(_Strict):
    """评审 (``huishen scores``): the scoring sheet of the notice, the panel's rules, the proposed awards."""

    title: str = "评审评分表"
    criteria: list[Criterion] = Field(min_length=1)
    experts: int = Field(5, ge=1, le=50)  # default panel size for ``scores make --experts``
    # Drop each entry's highest and lowest total when at least this many experts scored it (0: never).
    trim_from: int = Field(5, ge=0)
    # An expert is flagged when, on at least ``outlier_entries`` entries, the total lies more than
    # ``outlier_sd`` standard deviations (of the other experts' totals) and ``outlier_gap`` points from their mean.
    outlier_sd: float = Field(2.0, gt=0)
    outlier_entries: int = Field(3, ge=1)
    outlier_gap: float = Field(5.0, ge=0)
    # Equal means are ordered by these criteria's means, in this order (default: the heaviest criteria first);
    # entries still equal share the rank.
    tie_break: list[str] = []
    awards: list[AwardLevel] = []
    # Open errors whose code starts with one of these leave an entry out of the scoring ("eligibility.": a family).
    disqualify: list[str] = ["eligibility.", "registry.already_named", "duplicate.misappropriation"]

    @model_validator(mode="after")
    def _consistent(self) -> ScoringSpec:
        keys = [c.key for c in self.criteria]
        wrong = [k for k in dict.fromkeys(keys) if keys.count(k) > 1]
        if wrong:
            raise ValueError(f"scoring.criteria 中评审指标重复：{'、'.join(wrong)}")
        for k in self.tie_break:
            if k not in keys:
                raise ValueError(f"scoring.tie_break 指向不存在的评审指标“{k}”")
        names = [a.name for a in self.awards]
        if len(set(names)) != len(names):
            raise ValueError(f"scoring.awards 中奖项重复：{'、'.join(names)}")
        if sum(a.share or 0 for a in self.awards) > 1:
            raise ValueError("scoring.awards 的比例（share）合计超过 1")
        return self

    def ordering(self) -> list[str]:
        """The criteria that break ties, in order: the declared ones, else the heaviest first (then as listed)."""
        if self.tie_break:
            return list(self.tie_break)
        return [c.key for c in sorted(self.criteria, key=lambda c: -c.max * c.weight)]

    @property
    def total_max(self) -> float:
        return sum(c.max * c.weight for c in self.criteria)


class LedgerSpec(_Strict):
    """A 工作台账 (a list-layout kind linked to its entry): ledger.gaps wants entries in at least ``min_quarters``
    quarters of its year (an entry without a ledger is material.missing's, the ledger kind being required)."""

    kind: str
    date: str = "日期"  # the item key holding an entry's date
    year: str = ""  # the ledger's field giving its year (from its title); else the year most entries fall in
    min_quarters: int = Field(3, ge=1, le=4)


class StandardTopic(_Strict):
    """What a supporting document can show (标志照片, a 制度's text), known by a word of its title, a heading line or
    its file name."""

    key: str
    names: list[str] = Field(min_length=1)
    # The line (or file name) must also hold one of these words ("技术攻关" in "技术攻关管理办法", not in a 课题's
    # title): empty, any line naming it.
    with_any: list[str] = []
    # Standards a document showing it backs besides those whose evidence rules want the topic (a 场所 photo backs
    # 有场地经费, a 课题 list 有创新成效, though neither standard asks for a document).
    backs: list[str] = []


StandardTest = Literal["filled", "above", "equals", "matches", "all_chosen", "rows_min", "rows_equal", "spread",
                       "levels", "recent", "evidence", "evidence_each", "any"]


class StandardRule(_Strict):
    """One condition of a standard; failing it grades the standard ``fail`` (the worst failed rule wins).

    filled: ``field`` has a value; above: ``field`` > ``value``; equals: ``field`` == ``value``; matches: ``field``
    (or one of its list items) matches one of ``patterns``; all_chosen: a multiple choice ``field`` with every option;
    rows_min: at least ``value`` rows of the sub-table ``field`` (rows whose ``column`` is ``exclude_field``'s value
    not counted); rows_equal: ``field`` (a number) equals the rows of the sub-table ``column``; spread: the years of
    the sub-table ``field``'s ``column`` span at least ``value`` years; levels: its ``column`` holds at least ``value``
    of the ``levels`` (name -> patterns); recent: at least ``value`` rows of ``field`` dated (``column``) within
    ``years`` years before the date field ``reference``; evidence: the entry's supporting documents show one of
    ``topics``; evidence_each: each option chosen in ``field`` is shown by a supporting document (a topic of that
    key); any: one of ``rules`` holds."""

    test: StandardTest
    field: str = ""
    value: bool | float | str | None = None
    patterns: list[str] = []
    column: str = ""
    exclude_field: str = ""
    levels: dict[str, list[str]] = {}
    reference: str = ""
    years: int = 3
    topics: list[str] = []
    rules: list[StandardRule] = []
    fail: Literal["不达标", "存疑"] = "不达标"
    says: str = ""  # the requirement in the notice's words, quoted when it fails

    @model_validator(mode="after")
    def _complete(self) -> StandardRule:
        need = {"filled": ("field",), "above": ("field", "value"), "equals": ("field", "value"),
                "matches": ("field", "patterns"), "all_chosen": ("field",), "rows_min": ("field", "value"),
                "rows_equal": ("field", "column"), "spread": ("field", "column", "value"),
                "levels": ("field", "column", "value", "levels"), "recent": ("field", "column", "reference", "value"),
                "evidence": ("topics",), "evidence_each": ("field",), "any": ("rules",)}[self.test]
        missing = [k for k in need if getattr(self, k) in ("", None, [], {})]
        if missing:
            raise ValueError(f"达标规则 test = \"{self.test}\" 需要：{'、'.join(missing)}")
        for pat in [*self.patterns, *(p for ps in self.levels.values() for p in ps)]:
            try:
                re.compile(pat)
            except re.error as e:
                raise ValueError(f"达标规则中的正则表达式“{pat}”有误：{e}") from e
        return self


StandardRule.model_rebuild()


class StandardSpec(_Strict):
    """One standard (有领衔人才): every entry gets 达标 / 存疑 / 不达标 by its rules."""

    key: str
    rules: list[StandardRule] = Field(min_length=1)


class StandardsSpec(_Strict):
    """A standards assessment (the 六有): per entry and standard 达标 / 存疑 / 不达标 with the reasons;
    standard.not_met / standard.doubtful report them, 材料明细 and 异常报告.html show the table."""

    title: str = "达标情况"
    # Supporting documents: each gets ``evidence_field`` (the standards it supports) and ``topics_field`` (the
    # topics it shows), from its title, headings and file name.
    evidence_kinds: list[str] = []
    evidence_field: str = "佐证"
    topics_field: str = "佐证内容"
    topics: list[StandardTopic] = []
    items: list[StandardSpec] = Field(min_length=1)


class ChecksConfig(_Strict):
    select: list[str] = ["*"]
    ignore: list[str] = []
    severity: dict[str, Severity] = {}


class EvidenceConfig(_Strict):
    """Vocabulary for quantitative evidence; language facts with campaign-overridable defaults."""

    units: list[str] | None = None


class Profile(_Strict):
    name: str
    title: str
    notice: str
    notice_date: dt.date
    deadline: dt.date | None = None
    max_file_mb: float | None = None
    # The field (on entry and summary kinds) that names the recommending unit.
    unit_field: str = "推荐单位"
    kinds: list[KindSpec]
    quota: QuotaSpec | None = None
    summary_table: SummaryTableSpec
    checks: ChecksConfig = ChecksConfig()
    evidence: EvidenceConfig = EvidenceConfig()
    eligibility: EligibilitySpec = EligibilitySpec()
    consistency: list[ConsistencyRule] = []
    prior_award: list[PriorAwardRule] = []
    named_in: list[NamedInRule] = []
    coverage: CoverageSpec | None = None
    # PDFs longer than this are read for text lines only (PDFium, no table geometry): long supporting
    # material must not slow the batch, and forms are never that long.
    max_table_pages: int = 8
    registry: RegistrySpec = RegistrySpec()
    near_copy: NearCopySpec = NearCopySpec()
    letters: LettersSpec = LettersSpec()
    # Fields read by OCR below this confidence are marked for checking against the original.
    ocr_min_confidence: float = Field(0.85, ge=0.0, le=1.0)
    # The notice's scoring sheet; None when the notice gives no criteria (``huishen scores`` then says so).
    scoring: ScoringSpec | None = None
    ledger: LedgerSpec | None = None
    standards: StandardsSpec | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        keys = [k.key for k in self.kinds]
        if len(set(keys)) != len(keys):
            raise ValueError(f"kinds 中有重复的 key：{keys}")
        for k in self.kinds:
            if k.layout == "form" and not k.fields:
                raise ValueError(f"表单类材料 {k.key} 没有定义 fields")
            if k.layout == "sections" and not k.sections:
                raise ValueError(f"正文类材料 {k.key} 没有定义 sections")
            if k.layout == "list" and not k.columns:
                raise ValueError(f"列表类材料 {k.key} 没有定义 columns")
            if k.layout == "document" and not k.titles:
                raise ValueError(f"文档类材料 {k.key} 需要 titles 才能识别")
        wrong = self._wrong_references()
        if wrong:
            raise ValueError("；".join(wrong))
        return self

    def _wrong_references(self) -> list[str]:
        """Every name in the profile that names a kind or a field no kind defines ("工作室名", "建立日朝"): such a
        check would otherwise load and quietly skip. Each message quotes the wrong name (load_profile finds its
        line by it)."""
        kinds = {k.key: k for k in self.kinds}
        out: list[str] = []

        def kind_ok(where: str, key: str) -> KindSpec | None:
            if key not in kinds:
                out.append(f"{where} 指向不存在的材料类别“{key}”")
                return None
            return kinds[key]

        def field_ok(where: str, kind: KindSpec, key: str, derived: tuple[str, ...] = ()) -> None:
            if key and kind.field(key) is None and key not in derived:
                out.append(f"{where} 指向 {kind.key} 中不存在的栏目“{key}”")

        def in_some_kind(where: str, key: str) -> None:
            if key and not any(k.field(key) is not None for k in self.kinds):
                out.append(f"{where} 指向不存在的栏目“{key}”（没有哪类材料定义它）")

        for k in self.kinds:
            made = k.made_fields()  # written by the mapping itself
            field_ok(f"{k.key}.subject", k, k.subject, made)
            field_ok(f"{k.key}.link_field", k, k.link_field, made)
            for group in k.duplicate_keys:
                for key in group:
                    field_ok(f"{k.key}.duplicate_keys", k, key, made)
            for f in k.fields:
                if f.date_of:
                    field_ok(f"{k.key} 的栏目 {f.key}：date_of", k, f.date_of)
                if f.range_of:
                    field_ok(f"{k.key} 的栏目 {f.key}：range_of", k, f.range_of)
                if f.count_of:
                    field_ok(f"{k.key} 的栏目 {f.key}：count_of", k, f.count_of)
                    if (target := k.field(f.count_of)) is not None and not target.subtable:
                        out.append(f"{k.key} 的栏目 {f.key}：count_of 指向的“{f.count_of}”不是子表（subtable）栏目")
        entry = kind_ok("summary_table.entry_kind", self.summary_table.entry_kind)
        for col in self.summary_table.columns:
            for source in (col.source, col.until):
                kind_key, _, field = source.partition(".")
                if not field:
                    continue
                ref = kind_ok(f"summary_table 列“{col.header}”的 source", kind_key)
                if ref is not None:
                    # A unit's own list gives its columns (推荐排序); a write-up its title and 字数.
                    made = ref.made_fields() + tuple(c.key for c in ref.columns)
                    field_ok(f"summary_table 列“{col.header}”的 source", ref, field, made)
            if col.template and (ref := self.kind(col.source.partition(".")[0])) is not None:
                for name in re.findall(r"\{([^{}]+)\}", col.template):
                    field_ok(f"summary_table 列“{col.header}”的 template", ref, name)
            if col.column and (ref := self.kind(col.source.partition(".")[0])) is not None and col.column not in [
                    c.key for c in getattr(ref.field(col.source.partition(".")[2]), "subtable", [])]:
                out.append(f"summary_table 列“{col.header}”的 column：“{col.source}”不是有“{col.column}”列的子表栏目")
            if col.source.partition(".")[2]:
                continue
            if col.source == STANDARDS_SOURCE and self.standards is None:
                out.append(f"summary_table 列“{col.header}”的 source 为“{STANDARDS_SOURCE}”，但配置没有 [standards]")
                continue
            if col.source not in ("序号", "备注", STANDARDS_SOURCE, self.unit_field) and entry is not None:
                field_ok(f"summary_table 列“{col.header}”的 source", entry, col.source)
        if self.quota:
            kind_ok("quota.kind", self.quota.kind)
        if self.coverage:
            for key in self.coverage.kinds:
                kind_ok("coverage.kinds", key)
        if entry is not None:
            field_ok("registry.unit_field", entry, self.registry.unit_field)
            field_ok("registry.leader_field", entry, self.registry.leader_field)
        for rule in self.eligibility.established:
            in_some_kind("eligibility.established.field", rule.field)
        for rule in self.eligibility.titles:
            in_some_kind("eligibility.titles.field", rule.field)
        for rule in self.eligibility.implemented:
            in_some_kind("eligibility.implemented.field", rule.field)
            for key in rule.sections:
                if not any(s.key == key for k in self.kinds for s in k.sections):
                    out.append(f"eligibility.implemented.sections 指向不存在的正文部分“{key}”")
        for rule in self.eligibility.investment:
            in_some_kind("eligibility.investment.field", rule.field)
            in_some_kind("eligibility.investment.part", rule.part)
        for rule in self.eligibility.led_by:
            in_some_kind("eligibility.led_by.field", rule.field)
        for rule in self.eligibility.not_again:
            for key in rule.fields:
                in_some_kind("eligibility.not_again.fields", key)
        for rule in self.prior_award:
            for key in (*rule.fields, rule.issuer, rule.date, rule.before):
                field_ok("prior_award", entry, key) if entry is not None else None
        for rule in self.named_in:
            ref = kind_ok("named_in.kind", rule.kind)
            if ref is not None:
                field_ok("named_in.field", ref, rule.field)
        for key in self.near_copy.owner_fields:
            if entry is not None:
                field_ok("near_copy.owner_fields", entry, key)
        for rule in self.consistency:
            if not any(s.key == rule.text_field for k in self.kinds for s in k.sections):  # or a write-up's part
                in_some_kind("consistency.text_field", rule.text_field)
            in_some_kind("consistency.field", rule.field)
        in_some_kind("unit_field", self.unit_field)
        if self.ledger:
            ledger = kind_ok("ledger.kind", self.ledger.kind)
            if ledger is not None:
                if ledger.layout != "list" or not any(c.key == self.ledger.date for c in ledger.columns):
                    out.append(f"ledger.date 指向 {ledger.key} 中不存在的列“{self.ledger.date}”（台账须为列表类材料）")
                field_ok("ledger.year", ledger, self.ledger.year, ledger.made_fields())
        if self.standards and entry is not None:
            out += self._wrong_standards(entry, kind_ok)
        return out

    def _wrong_standards(self, entry: KindSpec, kind_ok) -> list[str]:
        """Every name of [standards] that names no kind, field, sub-table column or topic."""
        spec = self.standards
        out: list[str] = []
        for key in spec.evidence_kinds:
            kind_ok("standards.evidence_kinds", key)
        topics = {t.key for t in spec.topics}

        def field_of(where: str, key: str) -> FieldSpec | None:
            f = entry.field(key)
            if key and f is None:
                out.append(f"{where} 指向 {entry.key} 中不存在的栏目“{key}”")
            return f

        def check(where: str, rules: list[StandardRule]) -> None:
            for r in rules:
                f = field_of(f"{where}.field", r.field)
                for key in (r.exclude_field, r.reference):
                    field_of(where, key)
                if r.column and r.test == "rows_equal":
                    t = field_of(f"{where}.column", r.column)
                    if t is not None and not t.subtable:
                        out.append(f"{where}.column 指向的“{r.column}”不是子表（subtable）栏目")
                elif r.column and f is not None and not any(c.key == r.column for c in f.subtable):
                    out.append(f"{where}.column 指向 {r.field} 中不存在的列“{r.column}”")
                if r.test in ("rows_min", "spread", "levels", "recent") and f is not None and not f.subtable:
                    out.append(f"{where}.field 指向的“{r.field}”不是子表（subtable）栏目")
                if r.test in ("all_chosen", "evidence_each") and f is not None and not f.choices:
                    out.append(f"{where}.field 指向的“{r.field}”不是选择题（没有 choices）")
                if r.test == "evidence_each" and f is not None:
                    out.extend(f"{where}：选项“{o}”没有对应的 standards.topics" for o in f.choices if o not in topics)
                out.extend(f"{where}.topics 指向不存在的佐证内容“{t}”" for t in r.topics if t not in topics)
                check(where, r.rules)

        for s in spec.items:
            check(f"standards“{s.key}”", s.rules)
        items = {s.key for s in spec.items}
        out.extend(f"standards.topics“{t.key}”.backs 指向不存在的标准“{b}”" for t in spec.topics for b in t.backs
                   if b not in items)
        return out

    def kind(self, key: str) -> KindSpec | None:
        return next((k for k in self.kinds if k.key == key), None)

    def kinds_with_role(self, role: str) -> list[KindSpec]:
        return [k for k in self.kinds if k.role == role]


class ProfileError(Exception):
    """A profile file that cannot be used; the message is for the user."""


def _locate(text: str, loc: tuple) -> str:
    """Best-effort line number of the offending key in the TOML source."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return ""
    needle = names[-1]
    for i, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith(needle) and s[len(needle) :].lstrip().startswith("="):
            return f"第 {i} 行"
    return ""


def _locate_value(text: str, message: str, after: dict[str, int]) -> str:
    """The line of the quoted name of ``message`` (“…”) as a TOML string value: its next occurrence after the
    one an earlier message took (``after``: name -> line), so three wrong ``subject`` lines name three lines."""
    m = re.search(r"“([^”]+)”", message)
    if not m:
        return ""
    name = m.group(1)
    for i, line in enumerate(text.splitlines(), 1):
        if i > after.get(name, 0) and f'"{name}"' in line.split("#", 1)[0]:
            after[name] = i
            return f"第 {i} 行"
    return ""


# pydantic's messages are English: each error type a profile can meet, in Chinese (``{…}`` from the error's ctx).
_PLAIN_ERRORS = {
    "missing": "缺少这一项",
    "extra_forbidden": "未知的配置项",
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数（不能有小数）",
    "float_type": "应为数字", "float_parsing": "应为数字", "finite_number": "应为数字",
    "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false",
    "string_type": "应为文字（加英文双引号）",
    "list_type": "应为列表（写在 [ ] 里）", "tuple_type": "应为列表（写在 [ ] 里）", "set_type": "应为列表（写在 [ ] 里）",
    "dict_type": "应为一节设置（[名称] 下的若干项）", "model_type": "应为一节设置（[名称] 下的若干项）",
    "model_attributes_type": "应为一节设置（[名称] 下的若干项）",
    "date_type": "应为日期，如 2024-09-30", "date_parsing": "应为日期，如 2024-09-30",
    "date_from_datetime_parsing": "应为日期，如 2024-09-30", "date_from_datetime_inexact": "应为日期，如 2024-09-30",
    "greater_than": "应大于 {gt}", "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}", "less_than_equal": "应不大于 {le}",
    "too_short": "至少要有 {min_length} 项", "too_long": "至多只能有 {max_length} 项",
    "string_too_short": "至少要有 {min_length} 个字", "string_too_long": "至多只能有 {max_length} 个字",
    "literal_error": "应为以下之一：{expected}", "enum": "应为以下之一：{expected}",
    "string_pattern_mismatch": "写法不对",
}


def _plain_error(err: dict) -> str:
    """One pydantic error in Chinese; a validator's own message (already Chinese) as it is."""
    if err["type"] in ("value_error", "assertion_error"):
        return err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _PLAIN_ERRORS.get(err["type"], "取值不对")
    try:
        return template.format(**{k: str(v).replace("'", "") for k, v in (err.get("ctx") or {}).items()})
    except (KeyError, IndexError):
        return template.split("{", 1)[0].rstrip("：，") or "取值不对"


def _toml_error(e: tomllib.TOMLDecodeError) -> str:
    """Where the TOML is malformed, in Chinese (tomllib says it in English: "Invalid value (at line 2, column 9)")."""
    if m := re.search(r"at line (\d+), column (\d+)", str(e)):
        return f"第 {m[1]} 行第 {m[2]} 列附近写法不对（不是有效的 TOML：检查引号、等号和括号是否成对）"
    if "end of document" in str(e):
        return "文件末尾写法不对（不是有效的 TOML：检查引号和括号是否成对）"
    return "写法不对（不是有效的 TOML：检查引号、等号和括号是否成对）"


def load_profile(path: Path) -> Profile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ProfileError(f"配置文件 {path.name} 不是 UTF-8 编码：请在编辑器中把它另存为 UTF-8 编码的文本") from e
    except IsADirectoryError as e:
        raise ProfileError(f"{path.name} 是一个文件夹，不是配置文件") from e
    except FileNotFoundError as e:
        raise ProfileError(f"找不到配置文件 {path}") from e
    except PermissionError as e:
        raise ProfileError(f"没有权限读取配置文件 {path}") from e
    except OSError as e:
        raise ProfileError(f"无法读取配置文件 {path}（系统错误，编号 {e.errno}）") from e
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ProfileError(f"配置文件 {path.name} 格式错误：{_toml_error(e)}") from e
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        lines = []
        for err in e.errors():
            where = ".".join(str(p) for p in err["loc"])
            line = _locate(text, err["loc"])
            msg = _plain_error(err)
            if not err["loc"]:  # a whole-profile check: one line per wrong name, found by the name it quotes
                seen: dict[str, int] = {}
                for part in msg.split("；"):
                    found = _locate_value(text, part, seen)
                    lines.append(f"  {part}{'（' + found + '）' if found else ''}")
                continue
            lines.append(f"  {where}{'（' + line + '）' if line else ''}：{msg}")
        raise ProfileError(f"配置文件 {path.name} 有误：\n" + "\n".join(lines)) from e
