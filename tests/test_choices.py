"""Choice fields and date ranges (extractors.choices), and both read from a form's table by the mapping."""

from __future__ import annotations

import pytest

from extractors.choices import Choice, after_label, choice_value, read_choice, split_range
from extractors.mapping import FormMapper
from extractors.models import Cell, Document, Paragraph, Table
from pipeline.config import resolve_profile

ACTIONS = ["学悟守正", "举旗育人", "建功立业", "暖心聚力", "强基固本"]


@pytest.mark.parametrize(("raw", "ticked", "boxed", "other"), [
    ("□学悟守正 □举旗育人 □建功立业 ☑暖心聚力 □强基固本", ("暖心聚力",), True, ""),
    ("□学悟守正　■举旗育人　☑暖心聚力", ("举旗育人", "暖心聚力"), True, ""),
    ("□学悟守正 □举旗育人 □建功立业 □暖心聚力 □强基固本", (), True, ""),
    ("学悟守正□ 举旗育人√ 建功立业□", ("举旗育人",), True, ""),
    ("\uf0a8学悟守正 \uf0fe建功立业 \uf0a8强基固本", ("建功立业",), True, ""),  # Word's Wingdings boxes
    ("暖心聚力", ("暖心聚力",), False, ""),
    ("“暖心聚力”行动", ("暖心聚力",), False, ""),
    ("服务教职工", (), False, "服务教职工"),
    ("", (), False, ""),
])
def test_read_choice(raw, ticked, boxed, other):
    assert read_choice(raw, ACTIONS) == Choice(ticked, boxed, other)


@pytest.mark.parametrize(("raw", "ticked"), [
    ("□是 ☑否", ("否",)), ("☑是 □否", ("是",)), ("是√　否□", ("是",)), ("是□ 否√", ("否",)), ("否", ("否",)),
])
def test_read_yes_no_the_yes_of_its_label_is_not_an_answer(raw, ticked):
    assert read_choice(raw, ["是", "否"]).ticked == ticked


def test_choice_value_single_and_multiple():
    two = Choice(("举旗育人", "暖心聚力"), True)
    # a single choice with several ticked keeps them (choice.invalid reports it)
    assert choice_value("single", two) == choice_value("multiple", two) == ["举旗育人", "暖心聚力"]
    assert choice_value("single", Choice(("否",), True), ["是", "否"], yes_no=True) is False
    assert choice_value("single", Choice(("是",), True), ["是", "否"], yes_no=True) is True
    assert choice_value("single", Choice(("暖心聚力",), True)) == "暖心聚力"
    assert choice_value("multiple", Choice((), True)) is None


@pytest.mark.parametrize(("raw", "start", "end"), [
    ("2019年3月—2020年10月", "2019-03", "2020-10"),
    ("2019.03至今", "2019-03", None),
    ("2019.03-2020.10", "2019-03", "2020-10"),
    ("2019-03-01至2020-10-31", "2019-03-01", "2020-10-31"),
    ("2018/9～2020/10", "2018-09", "2020-10"),
    ("2019年3月起，持续开展", "2019-03", None),
    ("2020年12月—至今", "2020-12", None),
])
def test_split_range(raw, start, end):
    r = split_range(raw)
    assert (r.start, r.end, r.problem) == (start, end, "")


def test_split_range_without_a_date_is_a_problem_of_the_start():
    r = split_range("持续")
    assert (r.start, r.end) == (None, None) and r.problem == "无法识别为起止日期：持续"


def _form(rows: list[list[str]]) -> Document:
    cells = [Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Document(blocks=[Paragraph("基层工会服务教职工优质项目申报表"), Table(len(rows), len(rows[0]), cells)])


def test_form_reads_options_spread_over_cells_a_range_and_yes_no():
    kind = resolve_profile("youzhi").kind("youzhi_form")
    doc = _form([
        ["项目名称", "暖心驿站", "", ""],
        ["所属行动", "□学悟守正", "■暖心聚力", "□强基固本"],  # one option per cell
        ["实施时间", "2019.03至今", "是否已获其他资金资助", "☑是　□否"],
    ])
    got = {k: v.value for k, v in FormMapper(kind).map(doc).items()}
    assert got["所属行动"] == "暖心聚力"
    assert (got["实施开始"], got["实施结束"]) == ("2019-03", None)
    assert got["已获资助"] is True


@pytest.mark.parametrize(("text", "rest"), [
    ("所属行动　□学悟守正 ☑暖心聚力", "□学悟守正 ☑暖心聚力"),
    ("所属行动（单选）：□学悟守正 ☑暖心聚力", "□学悟守正 ☑暖心聚力"),
    ("所 属 行 动 暖心聚力", "暖心聚力"),
    ("所属行动", None),
    ("所属行动说明", None),
])
def test_options_in_the_label_cell(text, rest):
    assert after_label(text, ["所属行动"], ACTIONS) == rest


def test_form_reads_options_typed_in_the_label_cell():
    kind = resolve_profile("youzhi").kind("youzhi_form")
    doc = _form([["项目名称", "暖心驿站"], ["所属行动　□学悟守正　√建功立业", ""],
                 ["是否曾被省总工会命名　☑否　□是", ""]])
    got = {k: v.value for k, v in FormMapper(kind).map(doc).items()}
    assert (got["所属行动"], got["曾获命名"]) == ("建功立业", False)


def test_a_multiple_choice_is_the_list_of_ticked_options():
    from extractors.profile import FieldSpec, KindSpec

    kind = KindSpec(key="k", title="表", layout="form", role="entry", fields=[
        FieldSpec(key="项目名称", labels=["项目名称"]),
        FieldSpec(key="服务对象", labels=["服务对象"], choice="multiple", choices=["在职教师", "退休教师", "后勤职工"]),
    ])
    doc = _form([["项目名称", "暖心驿站"], ["服务对象", "☑在职教师　□退休教师　☑后勤职工"]])
    assert FormMapper(kind).map(doc)["服务对象"].value == ["在职教师", "后勤职工"]


def test_a_box_a_scan_lost_is_the_ticked_one():
    """OCR reads the empty boxes but loses a filled ■ or ☑: the options left without a box are the ticked ones."""
    assert read_choice("☐学悟守正☐举旗育人☐建功立业暖心聚力☐强基固本", ACTIONS).ticked == ("暖心聚力",)
    assert read_choice("☐学悟守正举旗育人☐建功立业暖心聚力☐强基固本", ACTIONS).ticked == ("举旗育人", "暖心聚力")


def test_a_scan_grid_that_split_a_merged_value_cell():
    """A scan's grid may leave a merged value cell split, its text in a later column: the value is the first
    filled cell further on the row, unless that is a label (then the value is blank)."""
    kind = resolve_profile("youzhi").kind("youzhi_form")
    rows = [["项目名称", "暖心驿站", "", ""], ["其他资金来源", "", "学校行政经费", ""],
            ["负责人电话", "", "实施时间", "2019年3月—2020年10月"]]
    cells = [Cell(r, c, text, confidence=0.97) for r, row in enumerate(rows) for c, text in enumerate(row)]
    doc = Document(blocks=[Table(len(rows), 4, cells)], ocr_pages=1)
    got = {k: v.value for k, v in FormMapper(kind).map(doc).items()}
    assert (got["其他来源"], got["负责人电话"], got["实施开始"]) == ("学校行政经费", None, "2019-03")


def test_a_scan_grid_that_joined_a_label_to_its_value():
    """A ruling line too faint to split a label's cell from its value's: "是否已获其他资金资助否" is the label and
    the value 否 (the one character after the label in order), not a label with nothing beside it."""
    kind = resolve_profile("youzhi").kind("youzhi_form")
    rows = [["是否曾被省总工会命名", "否", "是否已获其他资金资助否", ""]]
    cells = [Cell(0, 0, rows[0][0], confidence=0.93), Cell(0, 1, rows[0][1], confidence=0.95),
             Cell(0, 2, rows[0][2], confidence=0.91, colspan=2)]
    doc = Document(blocks=[Table(1, 4, cells)], ocr_pages=1)
    got = FormMapper(kind).map(doc)
    assert (got["曾获命名"].value, got["已获资助"].raw, got["已获资助"].value) == (False, "否", False)
    # one character after a label written out of order is still part of the scrambled label, as before
    cells[2] = Cell(0, 2, "是否获已其他资金资助否", confidence=0.91, colspan=2)
    assert FormMapper(kind).map(Document(blocks=[Table(1, 4, cells)], ocr_pages=1))["已获资助"].value is None


def test_a_scan_grid_that_joined_the_next_row_to_a_choice():
    """A choice's cell that runs on into the next row's label: the options are read from its own lines only."""
    kind = resolve_profile("youzhi").kind("youzhi_form")
    doc = _form([["项目名称", "暖心驿站"], ["是否曾被省总工会命名", "☐是否\n是否已获其他资金资助□是☑否"]])
    fv = FormMapper(kind).map(doc)["曾获命名"]
    assert (fv.raw, fv.value) == ("☐是否", False)  # the box a scan lost is 否's


def test_nothing_filled_in_words():
    kind = resolve_profile("youzhi").kind("youzhi_form")
    doc = _form([["项目名称", "暖心驿站"], ["其他资金来源", "无"]])
    fv = FormMapper(kind).map(doc)["其他来源"]
    assert (fv.raw, fv.value) == ("无", None)
