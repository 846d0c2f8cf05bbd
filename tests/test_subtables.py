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
    """The team beside a label merged down its rows; a blank template row; the next label row ends it."""
    rows = [
        ["工作室名称", "智慧药学创新工作室", "", "", "所在部门", "药学院", "", ""],
        ["姓名", "王强", "性别", "男", "出生年月", "1975.03", "学历", "博士研究生"],
        ["团队成员", *TEAM_HEAD],
        ["", "李娜", "女", "1988年5月", "硕士", "讲师", "药学院", "制剂研究"],
        ["", "赵敏", "女", "1992/07", "本科", "助教", "药学院", "数据整理"],
        ["", "", "", "", "", "", "", ""],
        ["成员人数", "2", "", "", "", "", "", ""],
    ]
    merges = [(0, 1, 0, 3), (0, 5, 0, 7), (2, 0, 5, 0), (6, 1, 6, 7)]
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
