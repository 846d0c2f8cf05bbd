"""The studio campaign: its sample inbox, with planted defects, and the truth the tests compare against.

``build_studio_inbox(dest)`` writes the inbox for the 2024 河南省教科文卫体工会 劳模工匠创新工作室推荐
campaign: six 推荐单位, one subfolder each (洛阳 as a Windows-style .zip with GBK member names), holding
per 工作室 its 附件1 推荐表, its 工作实绩支撑材料 (附件3 outline, 15 indicators) and its 近三年工作总结, and
per unit its 附件2 推荐汇总表. Real-world variations are applied (dates as "2019年3月"/"2019.03"/"2019/3",
经费 as "50（万元）"/"约50万元"/"50", labels with full-width spaces, the notice's own "推荐单意见" label, a
10+ page PDF 支撑材料 exported by LibreOffice, a 支撑材料 split over two files, an .xlsx 汇总表).

The campaign is four modules: samples/studio_content.py (what the units sent, as raw specs),
samples/studio_evidence.py (the texts of the 支撑材料 and 工作总结), samples/studio_docs.py (the documents' layout)
and this one (the normalised data, the planted findings and the builder). The writing itself is samples/forms.py's.

Module-level data is the single source of truth for tests:

* ``STUDIO_UNITS``  – every unit, its files and, per 工作室, the NORMALISED field values an extractor should
  produce from its 附件1, its file paths and the indicators its 支撑材料 cover.
* ``EXPECTED_STUDIO`` – the planted findings (code, unit, paths, field, actual, limit, subject).
* ``NEAR_COPY_PLANTS`` – the 主要业绩 planted for duplicate.near_copy (a light paraphrase across units, a
  repetition inside one unit, a hard negative), as in samples.banzu.
* ``NAMED_LIST_STUDIO`` / ``EXPECTED_STUDIO_REGISTRY`` – last year's 命名名单 and the finding it adds.

Everything is fixed text; docx/xlsx zip timestamps and core properties are pinned to 2024-11-15 09:30,
and the PDF CreationDate/ID written by LibreOffice are overwritten in place, so repeated runs give the
same bytes (as far as the installed LibreOffice renders identically).

May import: samples.forms, samples.studio_content, samples.studio_evidence, samples.studio_docs (never another
campaign, nor samples.generate).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from samples.forms import (
    NEAR_COPY_SIMILARITY,
    NEAR_COPY_THRESHOLD,
    STOCK_PHRASES,
    empty_dest,
    finding,
    to_pdf,
    word_count,
    write_inbox,
)
from samples.studio_content import INDICATORS, LONG_MAIN, STUDIO_DT, STUDIO_SPECS, UNIT_SPECS
from samples.studio_docs import evidence_docs, form_docx, report_docx, summary_docx, summary_xlsx
from samples.studio_evidence import evidence_sections, report_paragraphs

__all__ = [
    "STUDIO_UNITS",
    "EXPECTED_STUDIO",
    "EXPECTED_STUDIO_REGISTRY",
    "NAMED_LIST_STUDIO",
    "NEAR_COPY_PLANTS",
    "build_studio_inbox",
]

# --------------------------------------------------------------------------------------------------
# Fixed constants

MAIN_LIMIT = 500
QUOTA_MAX = 2
ESTABLISHED_CUTOFF = "2021-11-05"  # notice 2024-11-05 minus 3 years (已有效运行3年以上)

# The exact 字数 of the planted over-limit 主要业绩 (asserted against word_count below).
LONG_MAIN_CHARS = 537

FORM_FIELD_KEYS = (
    "工作室名称", "成员人数", "专业领域", "建立日期", "所在单位", "所属行业", "工作室认定单位", "工作室认定时间",
    "经费投入", "创新成果数量", "成果创效", "技能培训人数", "导师带徒人数", "取得专利数量", "创新成果所获奖项",
    "领衔人姓名", "领衔人性别", "领衔人出生年月", "领衔人民族", "领衔人学历", "领衔人政治面貌", "领衔人专业工种",
    "领衔人技术等级", "领衔人联系电话", "领衔人单位及职务", "领衔人个人荣誉", "领衔人技能奖项", "主要业绩",
    "所在单位工会意见", "所在单位工会意见日期", "推荐单位意见", "推荐单位意见日期",
)  # fmt: skip

# The profile's coverage keywords, repeated here (independently of the profile) for the self-check.
INDICATOR_KEYWORDS = {
    "基础情况": ("成立", "建立时间", "认定", "工作领域"),
    "领衔人": ("领衔人", "技术等级", "业务专长"),
    "创新团队": ("团队成员", "组织分工", "团队"),
    "工作保障": ("工作场所", "设施设备", "工作经费", "经费"),
    "制度建设": ("管理制度", "考核", "工作计划", "中长期规划"),
    "承担任务": ("技术攻关", "课题", "攻关项目"),
    "成果转化": ("转化", "经济效益", "社会效益"),
    "技能传授": ("技能培训", "技术交流"),
    "导师带徒": ("带徒", "师徒", "徒弟"),
    "创新联盟": ("联盟",),
    "获奖情况": ("获奖", "奖项", "一等奖", "二等奖", "三等奖"),
    "取得专利": ("专利",),
    "形成规范": ("标准", "操作规范", "工作法"),
    "助企行动": ("助企", "技术帮扶"),
    "宣传报道": ("报道", "宣传", "媒体"),
}

# Figures in 主要业绩 that the profile's [[consistency]] rules compare with form fields (cue words,
# units), repeated here for the self-check.
CONSISTENCY = (
    ("取得专利数量", ("专利",), ("项", "件")),
    ("成果创效", ("经济效益", "创效", "创造效益", "效益"), ("亿元", "万元", "元")),
    ("创新成果数量", ("创新成果",), ("项", "个")),
    ("技能培训人数", ("培训",), ("人次", "人", "名")),
    ("导师带徒人数", ("带徒", "徒弟"), ("人", "名")),
)

# --------------------------------------------------------------------------------------------------
# Normalised data (STUDIO_UNITS) built from the specs above


def _iso_day(date: str) -> str | None:
    """"2024年11月12日" -> "2024-11-12"; an opinion left undated ("年 月 日" as in the template) -> None."""
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", date)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def _studio_files(name: str) -> dict[str, str]:
    return {
        "form": f"附件1-推荐表-{name}",
        "evidence": f"工作实绩支撑材料-{name}",
        "report": f"近三年工作总结-{name}",
    }


def _build_units() -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    for us in UNIT_SPECS:
        root = f"{us['container']}/{us['name']}" if us["kind"] == "zip" else us["container"]
        unit: dict[str, Any] = {
            "推荐单位": us["name"],
            "联系人": us["contact"],
            "电话": us["phone"],
            "container": us["container"],
            "kind": us["kind"],
            "root": root,
            "studios": [],
            "not_received": [],
        }
        for key in us["studios"]:
            s = copy.deepcopy(STUDIO_SPECS[key])
            ld, ev = s["leader"], s["ev"]
            fields = {
                "工作室名称": s["name"],
                "成员人数": s["members"],
                "专业领域": s["field"],
                "建立日期": s["established"][1],
                "所在单位": s["org"],
                "所属行业": s["industry"],
                "工作室认定单位": s["cert_unit"],
                "工作室认定时间": s["certified"][1],
                "经费投入": s["funds"][1],
                "创新成果数量": s["results"],
                "成果创效": s["benefit"][1],
                "技能培训人数": s["trained"],
                "导师带徒人数": s["apprentices"],
                "取得专利数量": s["patents"],
                "创新成果所获奖项": list(s["awards"]),
                "领衔人姓名": ld["name"],
                "领衔人性别": ld["sex"],
                "领衔人出生年月": ld["birth"][1],
                "领衔人民族": ld["nation"],
                "领衔人学历": ld["edu"],
                "领衔人政治面貌": ld["politics"],
                "领衔人专业工种": ld["specialty"],
                "领衔人技术等级": ld["title"],
                "领衔人联系电话": ld["phone"][1],
                "领衔人单位及职务": ld["job"],
                "领衔人个人荣誉": list(ld["honours"]),
                "领衔人技能奖项": list(ld["skills"]),
                "主要业绩": s["main"],
                "所在单位工会意见": s["union"],
                "所在单位工会意见日期": _iso_day(s["date"]),
                "推荐单位意见": s["rec"],
                "推荐单位意见日期": _iso_day(s["date"]),
            }
            assert tuple(fields) == FORM_FIELD_KEYS
            names = _studio_files(s["name"])
            covered = [k for k in INDICATORS if k not in ev.get("skip", ())]
            if ev.get("pdf"):
                ev_paths = [f"{root}/{names['evidence']}.pdf"]
                ev_format = "pdf"
            elif ev.get("split"):
                ev_paths = [f"{root}/{names['evidence']}（一）.docx", f"{root}/{names['evidence']}（二）.docx"]
                ev_format = "docx"
            else:
                ev_paths = [f"{root}/{names['evidence']}.docx"]
                ev_format = "docx"
            unit["studios"].append({
                "key": key,
                "fields": fields,
                "form_path": f"{root}/{names['form']}.docx",
                "evidence_paths": sorted(ev_paths),
                "evidence_format": ev_format,
                "report_path": None if s.get("no_report") else f"{root}/{names['report']}.docx",
                "indicators": covered,
                "main_chars": word_count(fields["主要业绩"]),
                "written": {  # how the form writes the values that are normalised
                    "建立日期": s["established"][0], "工作室认定时间": s["certified"][0], "经费投入": s["funds"][0],
                    "成果创效": s["benefit"][0], "领衔人出生年月": ld["birth"][0], "领衔人联系电话": ld["phone"][0],
                },
                "form_style": dict(s["form_style"]),
                "evidence_style": ev["style"],
                "_spec": s,
            })
        for nr in us.get("not_received", []):
            unit["not_received"].append({"工作室名称": nr["name"], "领衔人": nr["leader"], "所在单位": nr["org"],
                                         "专业领域": nr["field"]})
        sm = us["summary"]
        ext = ".xlsx" if sm["fmt"] == "xlsx" else ".docx"
        listed = [st["fields"]["工作室名称"] for st in unit["studios"] if st["fields"]["工作室名称"] not in sm["omit"]]
        listed += [nr["工作室名称"] for nr in unit["not_received"]]
        unit["summary"] = {
            "path": f"{root}/附件2-推荐汇总表{ext}",
            "format": sm["fmt"],
            "listed": listed,
            "pad_to": sm["pad_to"],
        }
        unit["_spec"] = {"author": us["author"]}
        units.append(unit)
    return units


STUDIO_UNITS: list[dict[str, Any]] = _build_units()


def _unit(name: str) -> dict[str, Any]:
    return next(u for u in STUDIO_UNITS if u["推荐单位"] == name)


def _st(unit: str, name: str) -> dict[str, Any]:
    return next(s for s in _unit(unit)["studios"] if s["fields"]["工作室名称"] == name)


NEAR_COPY_LABEL = "创新工作室主要业绩"  # the near-copy finding's field: the label of the compared form field


def _near_copy_plants() -> list[dict[str, Any]]:
    """The 主要业绩 planted for duplicate.near_copy: one light paraphrase across units (a finding) and two pairs
    that must not be one although, compared on their own, they are as similar as a copy: two 工作室 of one
    unit repeating the unit's own sentences, and two of the same field written with the same set phrases (which
    occur in six of the six units' texts, so the check discounts them)."""
    src, copy = _st("洛阳市教科文卫体工会", "孙晓峰技能大师工作室"), _st("郑州大学工会", "陈永刚劳模创新工作室")
    rep_a, rep_b = _st("河南大学工会", "刘春华劳模创新工作室"), _st("河南大学工会", "郭丽娟劳模创新工作室")
    neg_a, neg_b = _st("河南省人民医院工会", "张丽萍劳模创新工作室"), _st("新乡医学院工会", "赵敏劳模创新工作室")
    plants = [("light_paraphrase", True, "洛阳市教科文卫体工会", src, "郑州大学工会", copy),
              ("same_unit", False, "河南大学工会", rep_a, "河南大学工会", rep_b),
              ("hard_negative", False, "河南省人民医院工会", neg_a, "新乡医学院工会", neg_b)]
    return [{"plant": plant, "flagged": flagged, "units": (ua, ub), "paths": (a["form_path"], b["form_path"]),
             "texts": (a["fields"]["主要业绩"], b["fields"]["主要业绩"])}
            for plant, flagged, ua, a, ub, b in plants]


def _undated() -> set[tuple[str, str]]:
    """(工作室, date key) of the opinions signed without a date: a planted field.missing each."""
    return {(s["name"], key) for s in STUDIO_SPECS.values() if not s["date"]
            for key in ("所在单位工会意见日期", "推荐单位意见日期")}


def _build_expected() -> list[dict[str, Any]]:
    zz1 = _st("郑州市教科文卫体工会", "李红梅劳模创新工作室")
    zz2 = _st("郑州市教科文卫体工会", "赵志强劳模创新工作室")
    ly = _unit("洛阳市教科文卫体工会")
    ly1 = _st("洛阳市教科文卫体工会", "孙晓峰技能大师工作室")
    ly2 = _st("洛阳市教科文卫体工会", "周立新劳模创新工作室")
    zd1 = _st("郑州大学工会", "王建华医工融合创新工作室")
    zd2 = _st("郑州大学工会", "陈永刚劳模创新工作室")
    hd = _unit("河南大学工会")
    hd1 = _st("河南大学工会", "刘春华劳模创新工作室")
    hd2 = _st("河南大学工会", "郭丽娟劳模创新工作室")
    rm1 = _st("河南省人民医院工会", "王建华劳模创新工作室")
    rm2 = _st("河南省人民医院工会", "张丽萍劳模创新工作室")
    xx1 = _st("新乡医学院工会", "刘振华劳模创新工作室")
    xx2 = _st("新乡医学院工会", "赵敏劳模创新工作室")
    # A cross-unit finding names every unit involved, in the order of their sorted paths.
    dup = sorted([(zd1["form_path"], "郑州大学工会"), (rm1["form_path"], "河南省人民医院工会")])
    return [
        finding("length.over", "郑州市教科文卫体工会", [zz1["form_path"]], "主要业绩",
                 zz1["main_chars"], MAIN_LIMIT, zz1["fields"]["工作室名称"]),
        finding("eligibility.title", "郑州市教科文卫体工会", [zz2["form_path"]], "领衔人技术等级",
                 "工程师", None, zz2["fields"]["工作室名称"]),
        finding("quota.exceeded", "洛阳市教科文卫体工会", [s["form_path"] for s in ly["studios"]], "",
                 len(ly["studios"]), QUOTA_MAX),
        finding("eligibility.established", "洛阳市教科文卫体工会", [ly1["form_path"]], "建立日期",
                 "2022-03", ESTABLISHED_CUTOFF, ly1["fields"]["工作室名称"]),
        finding("numbers.inconsistent", "洛阳市教科文卫体工会", [ly2["form_path"]], "取得专利数量",
                 12, 8, ly2["fields"]["工作室名称"]),
        finding("evidence.indicator_missing", "郑州大学工会", zd2["evidence_paths"], "创新联盟",
                 subject=zd2["fields"]["工作室名称"]),
        finding("evidence.indicator_missing", "郑州大学工会", zd2["evidence_paths"], "助企行动",
                 subject=zd2["fields"]["工作室名称"]),
        finding("field.missing", "河南大学工会", [hd1["form_path"]], "工作室认定时间",
                 subject=hd1["fields"]["工作室名称"]),
        finding("numbers.inconsistent", "河南大学工会", [hd2["form_path"]], "成果创效",
                 300, 30, hd2["fields"]["工作室名称"]),
        finding("summary.not_received", "河南大学工会", [hd["summary"]["path"]], "工作室名称",
                 subject=hd["not_received"][0]["工作室名称"]),
        finding("duplicate.submission", "、".join(u for _, u in dup), [p for p, _ in dup], "领衔人姓名", 2,
                 subject="王建华"),
        finding("material.missing", "河南省人民医院工会", [rm2["form_path"]], "",
                 subject=rm2["fields"]["工作室名称"]),
        finding("evidence.no_numbers", "新乡医学院工会", [xx1["form_path"]], "主要业绩",
                 subject=xx1["fields"]["工作室名称"]),
        finding("summary.not_listed", "新乡医学院工会", [xx2["form_path"]], "工作室名称",
                 subject=xx2["fields"]["工作室名称"]),
        # Both opinions of 新乡医学院's two forms signed without a date ("年 月 日" as in the template).
        *(finding("field.missing", "新乡医学院工会", [st["form_path"]], key, subject=name)
          for st in (xx1, xx2) for name in [st["fields"]["工作室名称"]] for key in ("所在单位工会意见日期", "推荐单位意见日期")
          if (name, key) in _undated()),
        # 郑州大学's 陈永刚 reworded 洛阳's 孙晓峰: one finding on both forms, the units in path order, the
        # measured similarity a number in NEAR_COPY_SIMILARITY.
        finding("duplicate.near_copy", "洛阳市教科文卫体工会、郑州大学工会", [ly1["form_path"], zd2["form_path"]],
                 NEAR_COPY_LABEL, NEAR_COPY_SIMILARITY, NEAR_COPY_THRESHOLD, ly1["fields"]["工作室名称"]),
    ]


EXPECTED_STUDIO: list[dict[str, Any]] = _build_expected()
NEAR_COPY_PLANTS: list[dict[str, Any]] = _near_copy_plants()

# The registry fixture: last year's 命名名单 (samples/named_list.py writes it as .xlsx)
NAMED_YEAR = 2023
NAMED_LIST_TITLE = "2023年度河南省教科文卫体系统劳模工匠创新工作室命名名单"
# (名称, 所在单位, 负责人). One row is a 工作室 of the inbox under the shorter title of the same family
# (劳模创新工作室 for 劳模工匠创新工作室); two near misses: a 张丽萍 studio of another hospital, and another
# leader's studio of 河南省人民医院; the rest are unrelated.
NAMED_LIST_STUDIO: list[tuple[str, str, str]] = [
    ("李建国劳模创新工作室", "河南科技大学", "李建国"),
    ("马文博劳模创新工作室", "龙门石窟研究院", "马文博"),  # = 洛阳's 马文博劳模工匠创新工作室
    ("张丽萍劳模创新工作室", "郑州大学第一附属医院", "张丽萍"),  # near miss: another hospital
    ("杨秀英劳模创新工作室", "安阳市人民医院", "杨秀英"),
    ("刘建国劳模创新工作室", "河南省人民医院", "刘建国"),  # near miss: another leader, the same hospital
    ("黄河水文化研究创新工作室", "华北水利水电大学", "高志远"),
]


def _build_expected_registry() -> list[dict[str, Any]]:
    """What a run adds once the 命名名单 is in the registry (``huishen registry import``)."""
    ma = _st("洛阳市教科文卫体工会", "马文博劳模工匠创新工作室")
    return [finding("registry.already_named", "洛阳市教科文卫体工会", [ma["form_path"]], "工作室名称", NAMED_YEAR,
                     subject=ma["fields"]["工作室名称"])]


EXPECTED_STUDIO_REGISTRY: list[dict[str, Any]] = _build_expected_registry()

# --------------------------------------------------------------------------------------------------
# Self-check: the data plants exactly the defects of EXPECTED_STUDIO and nothing else

_NUMERAL_RE = re.compile(r"[0-9０-９%％一二三四五六七八九十百千万亿两零〇]")
_SENTENCE_RE = re.compile(r"[^。；！？\n]+")
_FIGURE_RE = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)\s*(?:余|多)?\s*({units})"
# Senior titles (高级以上职称) of the series used here, written independently of the profile.
_SENIOR_RE = re.compile(r"正高级|高级(?!工(?!程|艺))|教授|研究员|研究馆员|主任(医|护|技|药)师|高级技师")

# (工作室名称, consistency field) -> the figure the 主要业绩 states instead of the form's value.
_PLANTED_MISMATCH = {("周立新劳模创新工作室", "取得专利数量"): 12, ("郭丽娟劳模创新工作室", "成果创效"): 300}


def _stated(text: str, cues: tuple[str, ...], units: tuple[str, ...]) -> list[float]:
    """Every figure with one of ``units`` in a sentence that mentions one of ``cues`` (stricter than the
    checker, which only looks at the cue's own clause)."""
    unit_alt = "|".join(sorted(units, key=len, reverse=True))
    out = []
    for sent in _SENTENCE_RE.findall(text):
        if not any(c in sent for c in cues):
            continue
        for m in re.finditer(_FIGURE_RE.format(units=unit_alt), sent):
            num = m.group(1)
            if num[0].isdigit():
                out.append(float(num))
            else:  # a Chinese numeral with a unit next to a cue would be read as a figure too
                raise AssertionError(f"中文数字紧跟单位：{sent}")
    return out


def _self_check() -> None:
    long_main = _st("郑州市教科文卫体工会", "李红梅劳模创新工作室")
    assert long_main["main_chars"] == LONG_MAIN_CHARS, long_main["main_chars"]
    assert 520 <= LONG_MAIN_CHARS <= 560
    assert word_count(LONG_MAIN) == word_count(LONG_MAIN, broad=False)
    names: set[str] = set()
    people: dict[tuple[str, str], int] = {}
    for u in STUDIO_UNITS:
        n = len(u["studios"])
        assert (n == 3) if u["推荐单位"] == "洛阳市教科文卫体工会" else (1 <= n <= QUOTA_MAX), u["推荐单位"]
        for st in u["studios"]:
            f, name = st["fields"], st["fields"]["工作室名称"]
            assert name not in names
            names.add(name)
            person = (f["领衔人姓名"], f["领衔人出生年月"])
            people[person] = people.get(person, 0) + 1
            # 主要业绩: length, figures
            if name != "李红梅劳模创新工作室":
                assert st["main_chars"] <= 480, (name, st["main_chars"])
            if name == "刘振华劳模创新工作室":
                assert not _NUMERAL_RE.search(f["主要业绩"]), f["主要业绩"]
            else:
                assert re.search(r"\d", f["主要业绩"]), name
            for field, cues, units in CONSISTENCY:
                for num in _stated(f["主要业绩"], cues, units):
                    planted = _PLANTED_MISMATCH.get((name, field))
                    assert num == f[field] or num == planted, (name, field, num, f[field])
            for (pname, field), num in _PLANTED_MISMATCH.items():
                if pname == name:
                    assert num in _stated(f["主要业绩"], *next((c, un) for k, c, un in CONSISTENCY if k == field))
            # required fields, eligibility
            for k in FORM_FIELD_KEYS:
                if (name, k) != ("刘春华劳模创新工作室", "工作室认定时间") and (name, k) not in _undated():
                    assert f[k] not in (None, ""), (name, k)
            for k in ("所在单位工会意见", "推荐单位意见"):
                assert "签" not in f[k] and not re.search(r"年\s*月\s*日", f[k])
            if name != "孙晓峰技能大师工作室":
                assert f["建立日期"] <= "2021-06", (name, f["建立日期"])
            if name != "赵志强劳模创新工作室":
                assert _SENIOR_RE.search(f["领衔人技术等级"]), (name, f["领衔人技术等级"])
            else:
                assert not _SENIOR_RE.search(f["领衔人技术等级"])
            # materials
            assert (st["report_path"] is None) == (name == "张丽萍劳模创新工作室")
            sections = evidence_sections(st)
            missing = {"创新联盟", "助企行动"} if name == "陈永刚劳模创新工作室" else set()
            assert set(INDICATORS) - set(sections) == missing, name
            for k, paras in sections.items():
                body = "".join(paras)
                hits = sum(body.count(w) for w in INDICATOR_KEYWORDS[k])
                assert hits >= 2, (name, k, hits)
            if missing:
                texts = [p for ps in sections.values() for p in ps]
                texts += [t for _, t in report_paragraphs(st)] + [f["主要业绩"]]
                for k in missing:
                    for w in (k, *INDICATOR_KEYWORDS[k]):
                        assert not any(w in x for x in texts), (name, w)
        listed = set(u["summary"]["listed"])
        received = {st["fields"]["工作室名称"] for st in u["studios"]}
        extra = {nr["工作室名称"] for nr in u["not_received"]}
        assert listed == (received | extra) - ({"赵敏劳模创新工作室"} if u["推荐单位"] == "新乡医学院工会" else set())
    assert [p for p, c in people.items() if c > 1] == [("王建华", "1968-07")]
    assert len(EXPECTED_STUDIO) == 19
    # The near-copy plants: the copy keeps most of its source, the other two pairs share whole sentences.
    paraphrase, repeat, negative = NEAR_COPY_PLANTS
    assert paraphrase["texts"][0] != paraphrase["texts"][1]
    assert "全校劳模创新工作室联合开放日" in repeat["texts"][0] and "全校劳模创新工作室联合开放日" in repeat["texts"][1]
    for phrase in STOCK_PHRASES:
        assert phrase in negative["texts"][0] and phrase in negative["texts"][1], phrase
        users = {u["推荐单位"] for u in STUDIO_UNITS for st in u["studios"] if phrase in st["fields"]["主要业绩"]}
        assert len(users) >= 6, (phrase, users)  # stock for the check: in the texts of ≥ 5 units


_self_check()

# --------------------------------------------------------------------------------------------------
# The inbox


def build_studio_inbox(dest: Path) -> Path:
    """Create the sample inbox for the ``studio`` profile in ``dest`` (absent or empty); return ``dest``."""
    dest = empty_dest(dest)

    files: dict[str, bytes] = {}  # inbox-relative path -> bytes; zip members as "<archive>/<member>"
    pdf_jobs: dict[str, bytes] = {}
    for unit in STUDIO_UNITS:
        for st in unit["studios"]:
            files[st["form_path"]] = form_docx(unit, st)
            for path, data in evidence_docs(unit, st).items():
                if path.endswith(".pdf"):
                    pdf_jobs[path] = data
                else:
                    files[path] = data
            if st["report_path"]:
                files[st["report_path"]] = report_docx(unit, st)
        sm = unit["summary"]
        files[sm["path"]] = summary_xlsx(unit) if sm["format"] == "xlsx" else summary_docx(unit)
    if pdf_jobs:  # one LibreOffice call for all of them
        files.update(to_pdf(pdf_jobs, STUDIO_DT))
    return write_inbox(dest, files, STUDIO_DT)
