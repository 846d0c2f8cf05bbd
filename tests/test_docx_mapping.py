"""The docx reader (golden file) and form / write-up mapping on documents built by code."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from extractors.mapping import FormMapper, map_sections, recognise
from extractors.models import Table
from extractors.readers import ReaderError
from extractors.readers.docx import read_docx
from pipeline.config import resolve_profile
from tests import docx_fixtures as fx

GOLDEN = Path(__file__).parent / "data" / "docx" / "groundtruth"
REGEN = os.environ.get("HUISHEN_REGEN_GOLDEN") == "1"
PROFILE = resolve_profile("banzu")
FORM = PROFILE.kind("banzu_form")
CASE = PROFILE.kind("banzu_case")


def _as_json(doc) -> dict:
    return {"blocks": [{"type": type(b).__name__, **dataclasses.asdict(b)} for b in doc.blocks],
            "headers": [dataclasses.asdict(h) for h in doc.headers], "warnings": doc.warnings}


def test_rich_docx_matches_golden():
    doc = read_docx(fx.rich_docx())
    got = _as_json(doc)
    path = GOLDEN / "rich.json"
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1), encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_rich_docx_facts():
    doc = read_docx(fx.rich_docx())
    texts = [p.text for p in doc.paragraphs()]
    assert "控件里的文字" in texts
    assert "党支部☑ 党小组☐" in texts
    assert "分工会\uf0fe工会小组\uf0a8" in texts
    assert "保留插入" in texts
    assert texts.count("文本框内容") == 1  # the mc:Fallback copy is not read twice
    assert [p.part for p in doc.paragraphs() if p.text == "文本框内容"] == ["textbox"]
    assert [h.text for h in doc.headers] == ["页眉文字"]
    (table,) = doc.tables()
    assert isinstance(table, Table) and (table.n_rows, table.n_cols) == (3, 3)
    spans = {(c.row, c.col): (c.rowspan, c.colspan, c.text) for c in table.cells}
    assert spans[(0, 0)] == (1, 2, "横向合并")
    assert spans[(1, 0)] == (2, 1, "纵向合并")
    assert (2, 0) not in spans  # a merged cell appears once
    assert spans[(2, 2)] == (1, 1, "2-2")


def test_truncated_docx_is_a_reader_error():
    data = fx.rich_docx()[:1500]
    with pytest.raises(ReaderError, match="已损坏"):
        read_docx(data)


# ---------------------------------------------------------------- forms

HEADER = ["创新型班组重点培育对象基本情况表", "推荐单位工会：南京市教育工会（盖章）", "联系人：王芳　　电话：025-83536271"]


def _form(rows, merges=()):
    doc = read_docx(fx.form_docx(HEADER, rows, merges))
    return doc, FormMapper(FORM).map(doc)


def test_form_labels_with_spaces_value_in_label_cell_and_units():
    rows = [
        ["班　组　名　称", "", "所在单位", "南京一中"],
        ["班组总人数", "12人", "党员人数", "约8"],
        ["女职工人数", "五", "平均\n年龄", "38.5岁"],
        ["班组负责人", "姓 名", "张　三", ""],
        ["", "政治面貌", "中共党员", ""],
        ["党支部", "☑", "分工会", "□"],
        ["市级以上集体或个人荣誉\n(不超过5项)", "1. 江苏省工人先锋号\n2. 南京市五一劳动奖状", "", ""],
    ]
    rows[0][0] = "班组名称：信息科技教研组"
    doc, f = _form(rows, merges=[(3, 0, 4, 0)])
    assert f["推荐单位"].value == "南京市教育工会"
    assert f["联系人"].value == "王芳"
    assert f["电话"].value == "025-83536271"
    assert f["班组名称"].value == "信息科技教研组"
    assert f["所在单位"].value == "南京一中"
    assert (f["班组总人数"].value, f["班组总人数"].raw) == (12, "12人")
    assert f["党员人数"].value == 8
    assert f["女职工人数"].value == 5
    assert f["平均年龄"].value == 38.5
    assert f["班组负责人姓名"].value == "张 三"
    assert f["班组负责人政治面貌"].value == "中共党员"
    assert f["党支部"].value is True and f["分工会"].value is False
    assert f["荣誉"].value == ["江苏省工人先锋号", "南京市五一劳动奖状"]
    assert f["研究生及以上学历人数"].value is None  # absent label -> missing, not a crash


def test_form_placeholder_prompt_is_not_the_value():
    prompt = "开展“科教报国 创新有我”岗位建功竞赛情况以及下一步对标竞赛工作方案等，不超过1000字。"
    _, f = _form([["班组竞赛情况", prompt]])
    assert f["竞赛情况"].value is None
    _, f = _form([["班组竞赛情况", prompt + "\n本班组开展竞赛3次。"]])
    assert f["竞赛情况"].value == "本班组开展竞赛3次。"


def test_neighbouring_label_is_not_taken_as_value():
    _, f = _form([["班组总人数", "党员人数", "3"]])
    assert f["班组总人数"].value is None
    assert f["党员人数"].value == 3


def test_form_is_recognised_from_content_not_name():
    doc, _ = _form([["班组名称", "甲"], ["所在单位", "乙"], ["班组总人数", "3"], ["党员人数", "2"]])
    assert recognise(PROFILE, doc).kind.key == "banzu_form"
    assert recognise(PROFILE, read_docx(fx.paragraphs_docx(["会议通知", "请各单位按时参会。"]))).kind is None


# ---------------------------------------------------------------- write-ups

BODIES = {"背景": "学校实验室能耗偏高。", "做法": "建立监测平台。", "成果": "获授权专利3项。", "效益": "年节约电费12.5万元，效率提升35%，效果好。"}


@pytest.mark.parametrize(
    "style",
    [
        ["一、案例背景", "二、主要做法", "三、创新成果", "四、效益影响"],
        ["1.案例背景", "2.主要做法", "3.创新成果", "4.效益影响"],
        ["【案例背景】", "【主要做法】", "【创新成果】", "【效益影响】"],
        ["（一）背景", "（二）具体做法", "（三）主要成果", "（四）成效影响"],
    ],
)
def test_sections_with_heading_variants(style):
    lines = ["班组创新案例", "“智慧能耗”监测平台建设", "班组名称：能源管理班组"]
    for heading, key in zip(style, BODIES, strict=True):
        lines += [heading, BODIES[key]]
    doc = read_docx(fx.paragraphs_docx(lines))
    assert recognise(PROFILE, doc).kind.key == "banzu_case"
    res = map_sections(CASE, doc)
    assert res.title == "“智慧能耗”监测平台建设"
    assert res.fields["班组名称"].value == "能源管理班组"
    assert {k: s.body for k, s in res.sections.items()} == BODIES
    assert res.chars == 10 + 7 + 8 + 19


def test_heading_and_text_in_one_paragraph_keeps_full_width_punctuation():
    doc = read_docx(fx.paragraphs_docx(["案例", "案例背景：能耗高，需要改进。", "主要做法：建平台。",
                                        "创新成果：获专利3项。", "效益影响：节约17%，很好。"]))
    res = map_sections(CASE, doc)
    assert res.sections["背景"].body == "能耗高，需要改进。"
    assert res.sections["效益"].body == "节约17%，很好。"
    assert res.sections["效益"].chars == 7


def test_body_line_starting_with_a_heading_word_is_not_a_heading():
    doc = read_docx(fx.paragraphs_docx(["案例", "一、案例背景", "成果转化是难点。", "二、主要做法", "做法", "三、创新成果",
                                        "专利3项", "四、效益影响", "节约5万元"]))
    res = map_sections(CASE, doc)
    assert res.sections["背景"].body == "成果转化是难点。"


def test_writeup_inside_a_table():
    rows = [("案例背景", BODIES["背景"]), ("主要做法", BODIES["做法"]), ("创新成果", BODIES["成果"]),
            ("效益影响", BODIES["效益"])]
    doc = read_docx(fx.table_writeup_docx("表格里的案例", rows))
    assert recognise(PROFILE, doc).kind.key == "banzu_case"
    res = map_sections(CASE, doc)
    assert res.title == "表格里的案例"
    assert {k: s.body for k, s in res.sections.items()} == BODIES
