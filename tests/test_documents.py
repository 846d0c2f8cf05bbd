"""The free-form document reader (a 表彰决定's issuer, 文号, date and honoured names), its recognition in the wuxiao
profile, and the signed pledge (真实性承诺) from the text to pledge.missing — on small documents built in code."""

from __future__ import annotations

import pytest

from checks.award_rules import PledgeMissing
from extractors.documents import doc_date, doc_number, issuer, listed_names
from extractors.mapping import FormMapper, map_document, recognise
from extractors.models import Cell, Document, Paragraph, Record, Table
from extractors.text import parse_date, signed
from pipeline.config import resolve_profile

WUXIAO = resolve_profile("wuxiao")


def _doc(lines: list[str], table: list[list[str]] | None = None, at: int | None = None) -> Document:
    blocks: list = [Paragraph(x) for x in lines]
    if table:
        cells = [Cell(r, c, text) for r, row in enumerate(table) for c, text in enumerate(row)]
        blocks.insert(len(blocks) if at is None else at, Table(len(table), len(table[0]), cells))
    return Document(blocks=blocks)


DECISION = ["盂县总工会文件", "盂工发〔2023〕21号", "关于表彰2023年度职工“五小”创新优秀成果的决定", "各基层工会：",
            "经评审，决定对以下成果予以表彰。"]
SIGNED = ["希望受表彰的集体和个人再接再厉。", "盂县总工会", "（盖章）", "2023年6月20日"]


def test_a_decision_with_its_results_in_a_table():
    table = [["序号", "成果名称", "完成单位", "主要完成人"], ["1", "《托辊快换装置》", "一矿", "张建国"],
             ["2", "皮带机纠偏装置", "二矿", "王海"]]
    doc = _doc(DECISION + SIGNED, table, at=len(DECISION))
    assert issuer(doc) == "盂县总工会" and doc_number(doc) == "盂工发〔2023〕21号" and doc_date(doc) == "2023年6月20日"
    assert listed_names(doc, ["成果名称"]) == ["托辊快换装置", "皮带机纠偏装置"]


@pytest.mark.parametrize("line, name", [
    ("1．带式输送机托辊快速更换装置（华阳集团一矿机电工区　张建国）", "带式输送机托辊快速更换装置"),
    ("2・耐火砖成型模具快换结构（平定县耐火材料厂孙丽)", "耐火砖成型模具快换结构"),  # a scan: "・", no space
    ("（3）阀门研磨装置（二代）", "阀门研磨装置（二代）"),  # a short bracket is the name's own
    ("4、“一键启停”控制系统——城区热力公司", "“一键启停”控制系统"),
    # the unit and people in brackets, then the grade
    ("1.“带式输送机跑偏自动纠偏装置”（综采一队　王建军）　一等奖", "带式输送机跑偏自动纠偏装置"),
    ("（1）数控车床对刀辅助装置（机电工程系　侯文斌）　一等奖", "数控车床对刀辅助装置"),
    # under a grade's heading: the unit and people after spaces, or (a scan) after one space
    ("1.换热站板式换热器在线清洗装置　　阳泉市郊区供热有限公司　高振华", "换热站板式换热器在线清洗装置"),
    ("2.综采工作面液压支架快速接头改进 综采二队梁国栋", "综采工作面液压支架快速接头改进"),
    ("3.5G智能巡检 APP开发", "5G智能巡检 APP开发"),  # a space beside a Latin word is the name's
])
def test_numbered_lines_as_the_list(line, name):
    doc = _doc([*DECISION, "一、总体情况", line, *SIGNED])
    assert listed_names(doc, ["成果名称"]) == [name]


def test_a_signature_dated_in_chinese_numerals_and_a_title_run_into_the_number():
    """"二〇二三年八月二十五日" under the issuer; a PDF's title and 文号 on one line; the 文号's brackets as written."""
    doc = _doc(["关于公布2023年度公司职工“五小”创新成果评审结果的通报阳供电工（2023）6号", "各基层工会：",
                "一、一等奖（1项）", "1.配电柜五防闭锁便携检测仪　　运维检修部　赵志强",
                "华阳新材料科技集团有限公司一矿工会", "二〇二三年八月二十五日"])
    assert doc_number(doc) == "阳供电工（2023）6号"
    assert issuer(doc) == "华阳新材料科技集团有限公司一矿工会" and doc_date(doc) == "二〇二三年八月二十五日"
    assert listed_names(doc, ["成果名称"]) == ["配电柜五防闭锁便携检测仪"]
    rec = recognise(WUXIAO, doc)  # a 通报 of 评审结果 with no word of 表彰: its title, 文号 and grades
    assert rec.kind is not None and rec.kind.key == "wuxiao_award"
    record = Record(path="a.pdf", kind="wuxiao_award", unit="", unit_source="文件夹", sha256="")
    map_document(WUXIAO, rec.kind, doc, record)
    assert record.value("日期") == "2023-08-25"


@pytest.mark.parametrize("text, want", [
    ("二〇二三年八月二十五日", "2023-08-25"), ("二○二三年十二月", "2023-12"), ("二O二三年六月二十八日", "2023-06-28"),
    ("二〇二三年", "2023"), ("二0二三年九月十二日", "2023-09-12"), ("三年", None), ("2020年5月", "2020-05"),
])
def test_dates_in_chinese_numerals(text, want):
    assert parse_date(text)[0] == want


def test_numbered_sentences_are_not_results():
    doc = _doc([*DECISION, "1．各单位要认真组织学习，广泛宣传受表彰成果。", *SIGNED])
    assert listed_names(doc, ["成果名称"]) == []


def test_issuer_from_the_red_header_when_the_signature_has_no_date():
    doc = _doc(["平定县总工会文件", "平工发[2023]8号", "关于表彰优秀成果的通报"])
    assert issuer(doc) == "平定县总工会" and doc_number(doc) == "平工发[2023]8号" and doc_date(doc) is None


def test_recognised_as_the_award_document_and_read():
    doc = _doc(DECISION + ["1．托辊快换装置（一矿　张建国）"] + SIGNED)
    rec = recognise(WUXIAO, doc)
    assert rec.kind is not None and rec.kind.key == "wuxiao_award"
    record = Record(path="a.docx", kind="wuxiao_award", unit="盂县总工会", unit_source="文件夹", sha256="")
    map_document(WUXIAO, rec.kind, doc, record)
    assert {k: v.value for k, v in record.fields.items()} == {
        "发文单位": "盂县总工会", "文号": "盂工发〔2023〕21号", "日期": "2023-06-20", "表彰成果": ["托辊快换装置"]}


def test_a_notice_without_a_document_number_is_not_an_award_document():
    doc = _doc(["关于表彰工作的说明", "请各单位做好表彰准备。"])
    assert recognise(WUXIAO, doc).kind is None


@pytest.mark.parametrize("text, want", [
    ("本成果无重复申报，所填内容真实。\n完成人签字：王强　　2023年10月20日", True),
    ("完成人签字（签名）：张 三", True),
    ("完成人签字：__李四__", True),
    ("本成果无重复申报，所填内容真实。\n完成人签字：________　　2023年10月18日", False),
    ("完成人签字：＿＿＿＿　日期：　年　月　日", False),
    ("完成人签字：", False),
    ("本成果无重复申报，所填内容真实。", None),
])
def test_signed(text, want):
    assert signed(text, "完成人签字") is want


def _form_with_pledge(pledge: str | None) -> Record:
    rows = [["成果名称", "托辊快换装置"], ["成果类别", "☑小革新"], ["参赛类别", "☑企事业单位职工"],
            ["完成时间", "2023年3月"], ["问题描述", "托辊更换慢。"], ["主要内容及创新点", "杠杆式快换装置。"]]
    if pledge is not None:
        rows.append(["真实性承诺", pledge])
    kind = WUXIAO.kind("wuxiao_form")
    record = Record(path="a.docx", kind=kind.key, unit="盂县总工会", unit_source="文件夹", sha256="")
    record.fields = FormMapper(kind).map(_doc([], rows))
    return record


@pytest.mark.parametrize("pledge, message", [
    ("本成果无重复申报，无冒用、盗用他人成果，所填内容真实。\n完成人签字：张建国　2023年10月18日", None),
    ("本成果无重复申报，无冒用、盗用他人成果，所填内容真实。\n完成人签字：__________", "“真实性承诺”没有完成人签字"),
    ("本成果无重复申报，无冒用、盗用他人成果，所填内容真实。", "“真实性承诺”一栏没有“完成人签字”处，无法确认完成人已签字"),
    (None, "没有找到“真实性承诺”一栏（须由完成人签字承诺）"),
])
def test_pledge_from_the_form_to_the_finding(pledge, message):
    record = _form_with_pledge(pledge)
    found = list(PledgeMissing(WUXIAO).check_record(record, WUXIAO.kind("wuxiao_form")))
    assert [f.message for f in found] == ([message] if message else [])
    assert record.value("承诺") is (True if message is None else None if pledge is None or "签字" not in pledge else False)
