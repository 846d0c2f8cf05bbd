"""Campaign profiles: TOML files loaded into strict pydantic models.

A profile holds every campaign fact (labels, limits, headings, quotas, dates, 汇总表 layout);
the code holds none. Unknown keys are errors that name where they are.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from extractors.models import Severity


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


FieldType = Literal["text", "longtext", "int", "number", "date", "bool", "list", "phone"]


class FieldSpec(_Strict):
    """One field of a form: how to find it and what it holds."""

    key: str
    labels: list[str] = []
    type: FieldType = "text"
    unit: str = ""
    # "table": a label cell in a table, value beside or below it;
    # "line": "标签：值" in a paragraph line (header lines such as 推荐单位/联系人/电话).
    where: Literal["table", "line", "any"] = "any"
    # Only cells after the cell holding this anchor text (a repeated sub-block such as 领衔人情况).
    after: str = ""
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

    @model_validator(mode="after")
    def _labelled(self) -> FieldSpec:
        if not self.labels and not self.date_of:
            raise ValueError(f"栏目 {self.key} 需要 labels（或用 date_of 指明它写在哪个栏目末尾）")
        if self.date_of and self.type != "date":
            raise ValueError(f"栏目 {self.key}：date_of 只用于日期栏目（type = \"date\"）")
        return self


class SectionSpec(_Strict):
    key: str
    title: str
    headings: list[str] = Field(min_length=1)
    required: bool = True
    evidence: bool = False


class ColumnSpec(_Strict):
    """A column of a list-layout table (a unit's own 推荐汇总表)."""

    key: str
    headers: list[str] = Field(min_length=1)
    type: FieldType = "text"


class KindSpec(_Strict):
    key: str
    title: str
    # form: labelled cells; sections: a headed write-up; list: a table with a header row;
    # document: free-form material recognised by its title (supporting evidence, a work report).
    layout: Literal["form", "sections", "list", "document"]
    role: Literal["entry", "attachment", "summary"]
    # Phrases of the document's own title; a match adds to the recognition score.
    titles: list[str] = []
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


class EligibilitySpec(_Strict):
    established: list[DateAgeRule] = []
    titles: list[AcceptedValueRule] = []


class ConsistencyRule(_Strict):
    """A figure stated in a long text near one of ``cues`` must agree with a form field."""

    text_field: str
    field: str
    cues: list[str] = Field(min_length=1)
    units: list[str] = Field(min_length=1)


class QuotaRule(_Strict):
    unit_type: str
    patterns: list[str] = Field(min_length=1)  # regular expressions on the 推荐单位 name
    min: int = 0
    max: int


class QuotaSpec(_Strict):
    kind: str  # which kind's records are counted
    rules: list[QuotaRule]


class OutColumn(_Strict):
    header: str
    # "序号", "<kind>.<field>" of the entry or its attachment, "备注", or the unit field (推荐单位)
    source: str
    width: float = 16


class SummaryTableSpec(_Strict):
    title: str
    entry_kind: str
    columns: list[OutColumn]
    group_header: str = "推荐单位：{推荐单位}"


class RegistrySpec(_Strict):
    """How an entry is looked up in the registry of earlier campaigns (``huishen registry``).

    The name is the entry kind's ``subject``; ``unit_field`` holds the item's own unit (所在单位: the
    school or company, not the recommending union), ``leader_field`` its leader (a renamed 工作室 of the
    same unit and leader is still found)."""

    unit_field: str = ""  # "" : the recommending unit
    leader_field: str = ""


class NearCopySpec(_Strict):
    """duplicate.near_copy: long texts compared across units and with earlier years' texts."""

    # Similarity from which two texts count as near copies (see checks.similarity for the measure and the
    # measured precision/recall behind the default).
    threshold: float | None = Field(None, gt=0.0, le=1.0)
    min_chars: int = 100  # shorter texts (a one-line 竞赛情况) are not compared


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
    coverage: CoverageSpec | None = None
    # PDFs longer than this are read for text lines only (PDFium, no table geometry): long supporting
    # material must not slow the batch, and forms are never that long.
    max_table_pages: int = 8
    registry: RegistrySpec = RegistrySpec()
    near_copy: NearCopySpec = NearCopySpec()
    # Fields read by OCR below this confidence are marked for checking against the original.
    ocr_min_confidence: float = Field(0.85, ge=0.0, le=1.0)

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
            for f in k.fields:
                if f.date_of and k.field(f.date_of) is None:
                    raise ValueError(f"{k.key} 的栏目 {f.key}：date_of 指向不存在的栏目：{f.date_of}")
        if self.summary_table.entry_kind not in keys:
            raise ValueError(f"summary_table.entry_kind 指向不存在的材料类别：{self.summary_table.entry_kind}")
        if self.quota and self.quota.kind not in keys:
            raise ValueError(f"quota.kind 指向不存在的材料类别：{self.quota.kind}")
        if self.coverage:
            for k in self.coverage.kinds:
                if k not in keys:
                    raise ValueError(f"coverage.kinds 指向不存在的材料类别：{k}")
        return self

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


def load_profile(path: Path) -> Profile:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ProfileError(f"配置文件 {path.name} 格式错误：{e}") from e
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        lines = []
        for err in e.errors():
            where = ".".join(str(p) for p in err["loc"])
            line = _locate(text, err["loc"])
            msg = "未知的配置项" if err["type"] == "extra_forbidden" else err["msg"]
            lines.append(f"  {where}{'（' + line + '）' if line else ''}：{msg}")
        raise ProfileError(f"配置文件 {path.name} 有误：\n" + "\n".join(lines)) from e
