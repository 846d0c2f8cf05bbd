"""Sub-tables (团队成员, 课题, 成果) and list fields read from small code-built forms: docx, xlsx and a PDF."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from extractors.mapping import FormMapper
from extractors.models import FileFormat
from extractors.profile import load_profile
from extractors.readers import reader_for
from tests.docx_fixtures import form_docx

ROOT = Path(__file__).resolve().parents[1]
PROFILE = load_profile(ROOT / "pipeline" / "profiles" / "chuangjian.toml")
FORM = PROFILE.kind("chuangjian_form")

TEAM_HEAD = ["姓名", "性别", "出生年月", "学历", "职称", "部门", "分工"]


def _rows_label_column() -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The team beside a label merged down its rows; a blank template row; the next label row ends it. The
    领衔人's labels are the drafted form's, under its heading "一、有领衔人才"."""
    rows = [
        ["工作室名称", "智慧药学创新工作室", "", "", "所在部门", "药学院", "", ""],
        ["一、有领衔人才", "", "", "", "", "", "", ""],
        ["姓名", "王强", "性别", "男", "出生年月", "1975.03", "学历", "博士研究生"],
        ["团队成员", *TEAM_HEAD],
        ["", "李娜", "女", "1988年5月", "硕士", "讲师", "药学院", "制剂研究"],
        ["", "赵敏", "女", "1992/07", "本科", "助教", "药学院", "数据整理"],
        ["", "", "", "", "", "", "", ""],
        ["成员人数", "2", "", "", "", "", "", ""],
    ]
    merges = [(0, 1, 0, 3), (0, 5, 0, 7), (1, 0, 1, 7), (3, 0, 6, 0), (7, 1, 7, 7)]
    return rows, merges


def _read(data: bytes, fmt: FileFormat):
    return reader_for(fmt)(data, None)


def test_team_beside_a_merged_label_and_the_leader_apart():
    rows, merges = _rows_label_column()
    doc = _read(form_docx(["申报分工会（盖章）：药学院分工会"], rows, merges), FileFormat.DOCX)
    got = FormMapper(FORM).map(doc)
    assert got["团队成员"].value == [
        {"姓名": "李娜", "性别": "女", "出生年月": "1988-05", "学历": "硕士", "职称": "讲师", "部门": "药学院",
         "分工": "制剂研究"},
        {"姓名": "赵敏", "性别": "女", "出生年月": "1992-07", "学历": "本科", "职称": "助教", "部门": "药学院",
         "分工": "数据整理"},
    ]
    # The header row's 姓名/性别 are no labels of the 领衔人's fields.
    assert got["领衔人姓名"].value == "王强" and got["领衔人性别"].value == "男"
    assert got["成员人数"].value == 2


def test_label_row_above_a_numbered_table_ends_at_the_next_section():
    """"团队成员（每行一人）" across the table, then 序号|姓名|…, the rows, and "四、有场地经费" ends them; a
    missing column (分工) is null; a 课题 table after it is its own."""
    rows = [
        ["团队成员（每行一人）", "", "", "", "", "", "", ""],
        ["序号", "姓名", "性别", "出生年月", "学历", "职称", "部门", ""],
        ["1", "孙磊", "男", "1980.01", "博士", "副教授", "临床医学院", ""],
        ["2", "", "", "", "", "", "", ""],
        ["四、有场地经费", "", "", "", "", "", "", ""],
        ["在研课题/攻关项目", "名称", "", "级别", "起止时间", "", "进展", ""],
        ["", "智能药房研究", "", "省级", "2021年9月—2023年8月", "", "在研", ""],
        ["近三年创新成果", "名称", "", "", "类型", "时间", "", ""],
        ["", "一种药盒", "", "", "专利", "2022.05", "", ""],
    ]
    merges = [(0, 0, 0, 7), (4, 0, 4, 7), (5, 1, 5, 2), (5, 4, 5, 5), (5, 6, 5, 7), (6, 1, 6, 2), (6, 4, 6, 5),
              (6, 6, 6, 7), (7, 1, 7, 3), (7, 5, 7, 7), (8, 1, 8, 3), (8, 5, 8, 7)]
    doc = _read(form_docx([], rows, merges), FileFormat.DOCX)
    got = FormMapper(FORM).map(doc)
    assert got["团队成员"].value == [{"姓名": "孙磊", "性别": "男", "出生年月": "1980-01", "学历": "博士",
                                   "职称": "副教授", "部门": "临床医学院", "分工": None}]
    assert got["课题"].value == [{"名称": "智能药房研究", "级别": "省级", "起止时间": "2021年9月—2023年8月",
                                 "进展": "在研"}]
    assert got["成果"].value == [{"名称": "一种药盒", "类型": "专利", "时间": "2022-05"}]


def test_no_rows_is_empty_and_a_list_field_drops_numbers_and_none():
    rows = [
        ["团队成员", *TEAM_HEAD],
        ["", "", "", "", "", "", "", ""],
        ["荣誉称号（名称、授予单位、时间）", "1.济宁市劳动模范（济宁市人民政府，2019年）\n（2）山东省教学名师", "", "", "", "", "", ""],
    ]
    doc = _read(form_docx([], rows, [(2, 1, 2, 7)]), FileFormat.DOCX)
    got = FormMapper(FORM).map(doc)
    assert got["团队成员"].value is None
    assert got["领衔人荣誉"].value == ["济宁市劳动模范（济宁市人民政府，2019年）", "山东省教学名师"]
    none = _read(form_docx([], [["荣誉称号", "无"]]), FileFormat.DOCX)
    assert FormMapper(FORM).map(none)["领衔人荣誉"].value is None


def test_team_in_an_xlsx_form():
    import openpyxl

    rows, merges = _rows_label_column()
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v or None)
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    buf = io.BytesIO()
    wb.save(buf)
    got = FormMapper(FORM).map(_read(buf.getvalue(), FileFormat.XLSX))
    assert [m["姓名"] for m in got["团队成员"].value] == ["李娜", "赵敏"]
    assert got["团队成员"].value[0]["出生年月"] == "1988-05"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）生成 PDF")
def test_team_in_a_pdf():
    import docx

    from samples.forms import to_pdf

    rows, merges = _rows_label_column()
    d = docx.Document(io.BytesIO(form_docx(["申报分工会（盖章）：药学院分工会"], rows, merges)))
    d.tables[0].style = "Table Grid"  # ruled, as forms are: the PDF reader finds tables by their lines
    buf = io.BytesIO()
    d.save(buf)
    pdf = to_pdf({"f.pdf": buf.getvalue()})["f.pdf"]
    got = FormMapper(FORM).map(_read(pdf, FileFormat.PDF))
    assert [m["姓名"] for m in got["团队成员"].value] == ["李娜", "赵敏"]
    assert got["团队成员"].value[1]["分工"] == "数据整理"


# ---------------------------------------------------------------- the 领衔人 block and a team over two tables


def _docx_tables(tables: list[tuple[list[list[str]], list[tuple[int, int, int, int]]]], between: list[str]) -> bytes:
    """Several tables (rows, merges (r0, c0, r1, c1)), ``between`` the paragraphs after each but the last."""
    import docx

    d = docx.Document()
    for i, (rows, merges) in enumerate(tables):
        t = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        for r0, c0, r1, c1 in merges:
            keep = t.cell(r0, c0).text
            t.cell(r0, c0).merge(t.cell(r1, c1)).text = keep
        if i < len(tables) - 1:
            d.add_paragraph(between[i])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_leader_labels_written_out_in_a_row_of_labels_with_the_values_below():
    """"领衔人姓名 | 领衔人性别" as a row of labels, the values in the row below: no label is another's value."""
    rows = [
        ["一、有领衔人才", "", "", ""],
        ["领衔人姓名", "", "领衔人性别", ""],
        ["刘倩", "", "女", ""],
        ["领衔人职称/职业资格等级", "", "领衔人职务", ""],
        ["副教授", "", "心理咨询中心教师", ""],
        ["团队成员", "", "", ""],
        ["姓名", "性别", "职称", "部门"],
        ["刘倩", "女", "副教授", "精神卫生学院"],
    ]
    merges = [(0, 0, 0, 3), (1, 0, 1, 1), (1, 2, 1, 3), (2, 0, 2, 1), (2, 2, 2, 3), (3, 0, 3, 1), (3, 2, 3, 3),
              (4, 0, 4, 1), (4, 2, 4, 3), (5, 0, 5, 3)]
    got = FormMapper(FORM).map(_read(form_docx([], rows, merges), FileFormat.DOCX))
    assert [got[k].value for k in ("领衔人姓名", "领衔人性别", "领衔人职称", "领衔人职务")] == \
        ["刘倩", "女", "副教授", "心理咨询中心教师"]


def test_leader_block_label_broken_over_lines_is_no_value():
    """"领衔人\n情况" merged down beside 姓名/性别…: the block's name is not read as the 领衔人's name."""
    rows = [
        ["领衔人\n情况", "姓名", "孔德军", "性别", "男"],
        ["", "职称/职业资格等级", "高级技师", "联系电话", "13515378826"],
    ]
    got = FormMapper(FORM).map(_read(form_docx([], rows, [(0, 0, 1, 0)]), FileFormat.DOCX))
    assert (got["领衔人姓名"].value, got["领衔人性别"].value, got["领衔人职称"].value, got["领衔人电话"].value) == \
        ("孔德军", "男", "高级技师", "13515378826")


TEAM = [["孔德军", "男", "1970-12-05", "大专", "高级技师", "后勤管理处", "领衔人"],
        ["刘洋", "男", "1984-03-17", "本科", "技师", "后勤管理处", "电气维修"],
        ["张敏", "女", "1990-07-01", "本科", "工程师", "后勤管理处", "节能监测"]]
TEAM_DAYS = ["姓名", "性别", "出生年月日", "学历", "职称", "部门", "分工"]


def _member(row: list[str]) -> dict:
    return dict(zip(["姓名", "性别", "出生年月", "学历", "职称", "部门", "分工"], row, strict=True))


def test_a_member_whose_role_reads_like_a_label_and_a_birth_date_to_the_day():
    """The 领衔人's own row ("分工：领衔人") is a row of the team, and 出生年月日 keeps the day."""
    rows = [["团队成员", *TEAM_DAYS], *([""] + r for r in TEAM), ["成员人数", "3", "", "", "", "", "", ""]]
    got = FormMapper(FORM).map(_read(form_docx([], rows, [(0, 0, 3, 0), (4, 1, 4, 7)]), FileFormat.DOCX))
    assert got["团队成员"].value == [_member(r) for r in TEAM]
    assert got["成员人数"].value == 3


def test_team_continued_in_a_second_table_with_its_header_again():
    """T3a: the rows go on after a page break under "（续表）", a title row "团队成员（续）" and the header again;
    the blank template rows after them are dropped and the section heading ends them."""
    first = ([["三、有创新团队", "", "", "", "", "", ""], ["团队成员", "", "", "", "", "", ""], TEAM_DAYS, TEAM[0]],
             [(0, 0, 0, 6), (1, 0, 1, 6)])
    rest = ([["团队成员（续）", "", "", "", "", "", ""], TEAM_DAYS, TEAM[1], TEAM[2], [""] * 7,
             ["四、有场地经费", "", "", "", "", "", ""], ["场所地点", "维修车间", "", "", "", "", ""]],
            [(0, 0, 0, 6), (5, 0, 5, 6), (6, 1, 6, 6)])
    got = FormMapper(FORM).map(_read(_docx_tables([first, rest], ["（续表）"]), FileFormat.DOCX))
    assert got["团队成员"].value == [_member(r) for r in TEAM]
    assert got["场所地点"].value == "维修车间"


def test_team_continued_in_a_second_table_with_rows_only():
    """T3b: the second table holds only the rest of the rows (beside a blank merged cell where the label was)."""
    first = ([["团队成员", *TEAM_DAYS], ["", *TEAM[0]], ["", *TEAM[1]]], [(0, 0, 2, 0)])
    rest = ([["", *TEAM[2]], ["", *[""] * 7], ["成员人数", "3", "", "", "", "", "", ""]], [(0, 0, 1, 0), (2, 1, 2, 7)])
    got = FormMapper(FORM).map(_read(_docx_tables([first, rest], [""]), FileFormat.DOCX))
    assert got["团队成员"].value == [_member(r) for r in TEAM]
    assert got["成员人数"].value == 3


def test_a_next_table_of_other_columns_is_no_continuation():
    """A table after the team's whose cells sit elsewhere (a 课题 table) is not read as more members."""
    first = ([["团队成员", *TEAM_DAYS], ["", *TEAM[0]]], [])
    other = ([["在研课题/攻关项目", "名称", "级别", "起止时间", "进展"], ["", "路灯改造", "校级", "2022.04-2022.12", "已完成"]],
             [(0, 0, 1, 0)])
    got = FormMapper(FORM).map(_read(_docx_tables([first, other], [""]), FileFormat.DOCX))
    assert got["团队成员"].value == [_member(TEAM[0])]
    assert got["课题"].value == [{"名称": "路灯改造", "级别": "校级", "起止时间": "2022.04-2022.12", "进展": "已完成"}]
