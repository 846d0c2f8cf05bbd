"""A 工作台账 (list layout) read from small code-built files: its year from its title as a number, its rows' dates
written without a year ("2月15日") dated in that year, in Word and in Excel."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl

from extractors.mapping import map_document
from extractors.models import FileFormat, Record
from extractors.profile import load_profile
from extractors.readers import reader_for

ROOT = Path(__file__).resolve().parents[1]
PROFILE = load_profile(ROOT / "pipeline" / "profiles" / "chuangjian.toml")
LEDGER = PROFILE.kind("chuangjian_ledger")
TITLE = "后勤节能服务创新工作室工作台账（2022年）"
HEAD = ["日期", "类别", "内容", "参加人员", "备注"]
ROWS = [["2月15日", "学习研讨", "节能政策学习", "孔德军等5人", ""],
        ["11月21日", "成果", "路灯改造验收", "孔德军、刘洋", "校级"],
        ["", "", "", "", ""]]


def _record(data: bytes, fmt: FileFormat) -> Record:
    rec = Record(path="台账", kind=LEDGER.key, unit="", unit_source="", sha256="")
    map_document(PROFILE, LEDGER, reader_for(fmt)(data, None), rec)
    return rec


def _docx(title: str, rows: list[list[str]]) -> bytes:
    d = docx.Document()
    d.add_paragraph(title)
    t = d.add_table(rows=1 + len(rows), cols=len(HEAD))
    for r, row in enumerate([HEAD, *rows]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx(title: str, rows: list[list[str]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
    for row in [HEAD, *rows]:
        ws.append([x or None for x in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


WANT = [{"日期": "2022-02-15", "类别": "学习研讨", "内容": "节能政策学习", "参加人员": "孔德军等5人", "备注": None},
        {"日期": "2022-11-21", "类别": "成果", "内容": "路灯改造验收", "参加人员": "孔德军、刘洋", "备注": "校级"}]


def test_word_ledger_year_from_its_title_and_dates_without_a_year():
    rec = _record(_docx(TITLE, ROWS), FileFormat.DOCX)
    assert rec.value("工作室名称") == "后勤节能服务创新工作室"
    assert rec.value("年度") == 2022  # a number, as the contract's 年度 is
    assert rec.items == WANT


def test_excel_ledger_the_same():
    rec = _record(_xlsx(TITLE, ROWS), FileFormat.XLSX)
    assert rec.value("年度") == 2022 and rec.items == WANT


def test_without_a_year_in_the_title_such_a_date_stays_unknown():
    """No year stated anywhere: "2月15日" is not guessed (null), a full date is read as written."""
    rec = _record(_docx("后勤节能服务创新工作室工作台账", [["2月15日", "学习研讨", "学习", "", ""],
                                                      ["2022.3.9", "其他", "检修", "", ""]]), FileFormat.DOCX)
    assert [it["日期"] for it in rec.items] == [None, "2022-03-09"]
