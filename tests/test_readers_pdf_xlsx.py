"""Golden and robustness tests for the PDF and XLSX readers.

Fixture documents are built by code at test time (python-docx -> LibreOffice -> PDF, openpyxl ->
XLSX); their expected Documents live in ``tests/data/<fmt>/groundtruth/*.json``. Regenerate those
only on purpose: ``HUISHEN_REGEN_GOLDEN=1 pytest tests/test_readers_pdf_xlsx.py``. Each golden test
also asserts the key facts by hand, so a regenerated file cannot quietly bless a regression.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from extractors.models import Cell, Document, Paragraph, Table
from extractors.readers import ReaderError
from extractors.readers.pdf import read_pdf
from extractors.readers.xlsx import format_value, read_xlsx
from tests.conftest import CORPUS

DATA = Path(__file__).parent / "data"
ENCRYPTED = CORPUS / "pdfminer" / "encryption"
REGEN = os.environ.get("HUISHEN_REGEN_GOLDEN") == "1"


# --------------------------------------------------------------------------- golden helpers


def as_json(doc: Document) -> dict[str, Any]:
    """Document -> plain data: dataclasses.asdict, each block tagged with its type name."""
    return {
        "pages": doc.pages,
        "warnings": list(doc.warnings),
        "headers": [dataclasses.asdict(p) for p in doc.headers],
        "blocks": [{"type": type(b).__name__, **dataclasses.asdict(b)} for b in doc.blocks],
    }


def check_golden(doc: Document, fmt: str, name: str) -> None:
    path = DATA / fmt / "groundtruth" / f"{name}.json"
    actual = as_json(doc)
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    assert path.exists(), f"no groundtruth {path}; run with HUISHEN_REGEN_GOLDEN=1 to create it"
    assert actual == json.loads(path.read_text(encoding="utf-8"))


def cell_at(table: Table, row: int, col: int):
    found = [c for c in table.cells if (c.row, c.col) == (row, col)]
    assert found, f"no cell starts at ({row}, {col})"
    return found[0]


# --------------------------------------------------------------------------- fixture documents

MERGED_STORY = "该同志长期扎根一线，带领班组攻坚克难。\n2023年获评省级工人先锋号。"
BODY_1 = (
    "本班组成立于2015年，现有职工十二人，其中高级技师三人。近三年来，班组围绕设备智能巡检开展技术攻关，"
    "累计完成技术革新十七项，获得国家实用新型专利四项，为单位节约维修费用约一百二十万元。"
)
BODY_2 = "班组坚持每周开展一次技术交流，形成了比学赶超的良好氛围。"


def _merged_docx(path: Path) -> None:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.add_heading("2024年度工人先锋号推荐表", level=1)
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    for (r, c), text in {
        (0, 0): "姓名", (0, 1): "王芳", (0, 2): "性别", (0, 3): "女",
        (1, 0): "工作单位",
        (2, 2): "职务", (2, 3): "主席",
        (3, 2): "联系电话", (3, 3): "13800000000",
    }.items():  # fmt: skip
        t.cell(r, c).text = text
    t.cell(1, 1).merge(t.cell(1, 3)).text = "南京大学工会"  # horizontal merge
    t.cell(2, 0).merge(t.cell(3, 0)).text = "主要事迹"  # vertical merge
    # vertical merge whose text both wraps in the narrow cell and has a typed line break
    t.cell(2, 1).merge(t.cell(3, 1)).text = MERGED_STORY
    for body in (BODY_1, BODY_2):
        p = d.add_paragraph(body)
        p.paragraph_format.first_line_indent = Pt(22)
    d.add_paragraph("推荐单位（盖章）：南京大学工会")
    d.save(path)


def _long_docx(path: Path, repeat_header: bool) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "江苏省教育工会（内部资料）"
    footer = section.footer.paragraphs[0]
    footer.add_run("第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" 页")

    d.add_paragraph("班组创新案例汇总表")
    t = d.add_table(rows=61, cols=3)
    t.style = "Table Grid"
    for j, v in enumerate(["序号", "班组名称", "所在单位"]):
        t.cell(0, j).text = v
    if repeat_header:
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        t.rows[0]._tr.get_or_add_trPr().append(flag)
    for i in range(1, 61):
        for j, v in enumerate([str(i), f"第{i}班组", f"单位{i}"]):
            t.cell(i, j).text = v
    d.add_paragraph("以上共60个班组。")
    d.save(path)


SPLIT_STORY = [
    f"第{k + 1}段：班组坚持技术创新，开展岗位练兵和技能比武活动，累计完成技术革新项目{k + 3}项，"
    "取得显著经济效益，并将经验做法在全系统推广。" * 2
    for k in range(12)
]


def _split_row_docx(path: Path) -> None:
    """A form whose write-up cell is too long for the page: Word/LibreOffice split the row."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.add_paragraph("附件1 基本情况表")
    t = d.add_table(rows=12, cols=4)
    t.style = "Table Grid"
    for i in range(10):
        for j in range(4):
            t.cell(i, j).text = f"字段{i}{j}" if j % 2 == 0 else f"值{i}{j}"
    t.cell(10, 0).text = "主要事迹"
    story = t.cell(10, 1).merge(t.cell(10, 3))
    for k, text in enumerate(SPLIT_STORY):
        p = story.paragraphs[0] if k == 0 else story.add_paragraph()
        p.text = text
        p.paragraph_format.first_line_indent = Pt(22)
    t.cell(11, 0).text = "推荐意见"
    t.cell(11, 1).merge(t.cell(11, 3)).text = "同意推荐"
    d.save(path)


def _recommend_xlsx(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总表"
    ws["A1"] = "2024年度班组创新案例推荐汇总表"
    ws.merge_cells("A1:E1")
    ws["A2"] = "推荐单位：南京大学工会"
    ws["A3"] = "  联系人：王芳  "
    ws.append(["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"])
    ws.append([1, "电气班", "南京大学后勤集团", "智能巡检系统", 2015.11])
    ws.append([2, "维修班", "南京大学资产公司", "设备预防性维修", 3.0])
    ws.append([3, "绿化班", None, "校园绿化节水改造", dt.datetime(2020, 5, 1)])
    ws.merge_cells("C6:C7")  # 维修班 and 绿化班 share one unit cell
    ws["E8"] = 2015.1  # a month typed as a number under a two-decimal format reads 2015.10
    ws["E8"].number_format = "0.00"
    ws["A8"] = 4
    hidden = wb.create_sheet("草稿")
    hidden["A1"] = "不应出现"
    hidden["B1"] = "隐藏工作表"
    hidden.sheet_state = "hidden"
    wb.save(path)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the fixture documents once; PDFs only when LibreOffice is available."""
    root = tmp_path_factory.mktemp("reader_fixtures")
    out: dict[str, Path] = {}
    docs = {
        "merged": _merged_docx,
        "long_repeat": lambda p: _long_docx(p, repeat_header=True),
        "long_plain": lambda p: _long_docx(p, repeat_header=False),
        "split_row": _split_row_docx,
    }
    for name, make in docs.items():
        make(root / f"{name}.docx")
    _recommend_xlsx(root / "recommend.xlsx")
    out["recommend.xlsx"] = root / "recommend.xlsx"

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{root}/lo_profile",
                "--convert-to",
                "pdf",
                "--outdir",
                str(root),
                *(str(root / f"{n}.docx") for n in docs),
            ],
            check=False,
            capture_output=True,
            timeout=180,
        )
        for name in docs:
            if (root / f"{name}.pdf").exists():
                out[f"{name}.pdf"] = root / f"{name}.pdf"
    return out


def pdf_fixture(built: dict[str, Path], name: str) -> bytes:
    path = built.get(f"{name}.pdf")
    if path is None:
        if not (shutil.which("soffice") or shutil.which("libreoffice")):
            pytest.skip("LibreOffice (soffice) is not installed: cannot build the PDF fixtures")
        pytest.fail(f"LibreOffice did not produce {name}.pdf")
    return path.read_bytes()


# --------------------------------------------------------------------------- PDF: golden + facts


def test_pdf_merged_cells(built: dict[str, Path]) -> None:
    doc = read_pdf(pdf_fixture(built, "merged"))
    check_golden(doc, "pdf", "merged")

    assert doc.pages == 1 and doc.warnings == []
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph", "Paragraph", "Paragraph"]
    title, table, body1, body2, closing = doc.blocks
    assert title.text == "2024年度工人先锋号推荐表"

    assert (table.n_rows, table.n_cols) == (4, 4)
    assert len(table.cells) == 12  # 16 positions, 3 covered by the row merge, 1+1 by the column merges
    assert [c.text for c in table.row_cells(0)] == ["姓名", "王芳", "性别", "女"]
    unit = cell_at(table, 1, 1)
    assert (unit.text, unit.rowspan, unit.colspan) == ("南京大学工会", 1, 3)
    label = cell_at(table, 2, 0)
    assert (label.text, label.rowspan, label.colspan) == ("主要事迹", 2, 1)
    story = cell_at(table, 2, 1)
    # the wrap inside the narrow cell is joined; the typed line break is kept
    assert (story.text, story.rowspan, story.colspan) == (MERGED_STORY, 2, 1)
    assert cell_at(table, 3, 3).text == "13800000000"
    assert table.grid()[3][0] is label and table.grid()[1][3] is unit

    # a paragraph wrapped over several lines comes back as one paragraph, without spaces
    assert body1.text == BODY_1
    assert body2.text == BODY_2
    assert closing.text == "推荐单位（盖章）：南京大学工会"


@pytest.mark.parametrize("name", ["long_repeat", "long_plain"])
def test_pdf_table_stitched_across_pages(built: dict[str, Path], name: str) -> None:
    doc = read_pdf(pdf_fixture(built, name))
    check_golden(doc, "pdf", name)

    assert doc.pages == 2
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    table = doc.tables()[0]
    assert (table.n_rows, table.n_cols) == (61, 3)  # one header row (repeat dropped) + 60 rows
    assert [r[0] for r in table.rows_text()] == ["序号"] + [str(i) for i in range(1, 61)]
    assert table.rows_text()[60] == ["60", "第60班组", "单位60"]
    assert doc.paragraphs()[-1].text == "以上共60个班组。"
    # the running header and the page numbers are set apart, not body text
    assert [(p.part, p.text) for p in doc.headers if p.part == "footer"] == [
        ("footer", "第 1 页"),
        ("footer", "第 2 页"),
    ]
    assert [p.text for p in doc.headers if p.part == "header"] == ["江苏省教育工会（内部资料）"] * 2


def test_pdf_row_split_across_pages_is_one_cell(built: dict[str, Path]) -> None:
    doc = read_pdf(pdf_fixture(built, "split_row"))
    check_golden(doc, "pdf", "split_row")

    assert doc.pages == 2
    (table,) = doc.tables()
    # page 2 holds the rest of the write-up (a 2-column strip) and the last row: mapped onto the
    # 4-column grid, and the strip folded back into the write-up cell instead of a new row
    assert (table.n_rows, table.n_cols) == (12, 4)
    assert cell_at(table, 10, 0).text == "主要事迹"
    story = cell_at(table, 10, 1)
    assert (story.rowspan, story.colspan) == (1, 3)
    assert story.text == "\n".join(SPLIT_STORY)
    assert [c.text for c in table.row_cells(11)] == ["推荐意见", "同意推荐"]


@pytest.mark.parametrize("name", ["merged", "long_repeat", "pdfminer/contrib/pagelabels.pdf"])
def test_pdf_reader_shortcuts_match_pdfplumber(built: dict[str, Path], name: str) -> None:
    """The reader's faster ways through pdfplumber and pdfminer give exactly what they give.

    Char dicts (fast_char_objects) and fonts with a lazily parsed Type1 encoding (FontManager) are
    compared with the library's own. The fixtures' Type1 fonts
    have a /ToUnicode map (and an empty encoding); the corpus file's TeX fonts have neither map
    nor /Encoding, so their text comes from the lazily parsed encoding.
    """
    import io

    import pdfplumber

    from extractors.readers import pdf_fonts as reader

    if name.endswith(".pdf"):
        if not (CORPUS / name).exists():
            pytest.skip("third-party corpus not present")
        data = (CORPUS / name).read_bytes()
    else:
        data = pdf_fixture(built, name)
    with pdfplumber.open(io.BytesIO(data)) as plain, pdfplumber.open(io.BytesIO(data)) as fast:
        fast.rsrcmgr = reader.FontManager()
        n_chars = 0
        for p, q in zip(plain.pages, fast.pages, strict=True):
            reader.fast_char_objects(q)
            assert list(p.objects) == list(q.objects)
            for kind in p.objects:  # same keys in the same order, same values of the same types
                for a, b in zip(p.objects[kind], q.objects[kind], strict=True):
                    assert list(a.items()) == list(b.items())
                    assert [type(v) for v in a.values()] == [type(v) for v in b.values()]
            n_chars += len(q.chars)
        assert n_chars > 100

        def facts(f: Any) -> tuple[Any, ...]:
            return type(f), f.fontname, f.widths, f.descent, f.bbox, dict(f.cid2unicode)

        # the same fonts, an embedded Type1 encoding read lazily (on first look-up; here, now)
        theirs, mine = plain.rsrcmgr._cached_fonts, fast.rsrcmgr._cached_fonts
        assert theirs.keys() == mine.keys()
        assert [facts(f) for f in theirs.values()] == [facts(mine[k]) for k in theirs]


# --------------------------------------------------------------------------- PDF: failures


def _needs_password(path: Path) -> bool:
    import pdfplumber

    try:
        with pdfplumber.open(path):
            return False
    except Exception as e:  # noqa: BLE001
        return "Password" in type(e.args[0] if e.args else e).__name__


ENCRYPTED_FILES = sorted(ENCRYPTED.glob("*.pdf")) if ENCRYPTED.is_dir() else []


@pytest.mark.skipif(not ENCRYPTED_FILES, reason="third-party corpus not present")
def test_pdf_encrypted_with_password_is_reader_error() -> None:
    locked = [p for p in ENCRYPTED_FILES if _needs_password(p)]
    # aes-128(-m), aes-256(-m, -r6), rc4-40, rc4-128 need a user password; base.pdf and
    # encrypted_doc_no_id.pdf open with an empty one.
    assert len(locked) >= 5
    for path in locked:
        with pytest.raises(ReaderError, match="PDF 已加密，需要密码才能打开"):
            read_pdf(path.read_bytes())
    for path in set(ENCRYPTED_FILES) - set(locked):
        assert isinstance(read_pdf(path.read_bytes()), Document)


def test_pdf_truncated_is_reader_error(built: dict[str, Path]) -> None:
    data = pdf_fixture(built, "merged")
    for broken in (data[: len(data) // 3], data[:200], b"", b"not a pdf at all"):
        with pytest.raises(ReaderError, match="^PDF 文件已损坏或不完整") as caught:
            read_pdf(broken)
        assert caught.value.detail  # the library's words, for the log
        assert not re.search("[A-Za-z]{3,}", str(caught.value).replace("PDF", "")), str(caught.value)  # none in the reason


def test_pdf_without_text_warns() -> None:
    import io

    # a one-page PDF with a drawn rectangle and no text, as a scan without OCR would be
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    ]
    stream = b"10 10 50 50 re f"
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    buf = io.BytesIO()
    buf.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(buf.tell())
        buf.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = buf.tell()
    buf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        buf.write(b"%010d 00000 n \n" % off)
    buf.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    doc = read_pdf(buf.getvalue())
    assert doc.pages == 1 and doc.blocks == []
    assert doc.warnings == ["PDF 没有可提取的文字（可能是扫描件）"]


# Every corpus PDF is read by the whole pipeline in tests/test_corpus.py (no crash, every file accounted for, no
# reader bug: a table cell outside its grid is refused by Table itself). Here only what that run cannot show:
# a page tree pdfminer cannot follow is said, not taken for an empty document.
@pytest.mark.parametrize("name", ["pdfplumber/issue-297-example.pdf", "pdfminer/nonfree/175.pdf"])
def test_pdf_without_a_page_tree_says_so(name: str) -> None:
    if not (CORPUS / name).is_file():
        pytest.skip("third-party corpus not present")
    doc = read_pdf((CORPUS / name).read_bytes())
    assert doc.pages == 0
    assert "PDF 中未找到页面（页面目录可能已损坏）" in doc.warnings and not doc.blocks


def test_a_table_refuses_a_cell_outside_its_grid() -> None:
    with pytest.raises(ValueError):
        Table(n_rows=2, n_cols=2, cells=[Cell(row=1, col=1, text="x", rowspan=2)])
    with pytest.raises(ValueError):
        Table(n_rows=2, n_cols=2, cells=[Cell(row=0, col=-1, text="x")])
    assert Table(n_rows=2, n_cols=2, cells=[Cell(row=0, col=0, text="x", rowspan=2, colspan=2)]).grid()[1][1].text == "x"


# --------------------------------------------------------------------------- XLSX


def test_xlsx_sheet(built: dict[str, Path]) -> None:
    doc = read_xlsx(built["recommend.xlsx"].read_bytes())
    check_golden(doc, "xlsx", "recommend")

    assert doc.warnings == []
    assert [type(b) for b in doc.blocks] == [Paragraph, Paragraph, Paragraph, Table]
    assert [p.text for p in doc.paragraphs()] == [
        "2024年度班组创新案例推荐汇总表",
        "推荐单位：南京大学工会",
        "联系人：王芳",
    ]
    (table,) = doc.tables()  # the hidden sheet is skipped
    assert (table.n_rows, table.n_cols) == (5, 5)
    assert table.rows_text()[0] == ["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"]
    assert table.rows_text()[1] == ["1", "电气班", "南京大学后勤集团", "智能巡检系统", "2015.11"]
    assert cell_at(table, 2, 4).text == "3"  # a whole float reads like an int
    assert cell_at(table, 3, 4).text == "2020-05-01"
    assert cell_at(table, 4, 4).text == "2015.10"
    shared = cell_at(table, 2, 2)
    assert (shared.text, shared.rowspan, shared.colspan) == ("南京大学资产公司", 2, 1)
    assert table.grid()[3][2] is shared
    assert not any("不应出现" in line for line in doc.lines())


def test_xlsx_value_formatting() -> None:
    assert format_value(2015.11) == "2015.11"
    assert format_value(2015.1100000000001) == "2015.11"  # binary noise from a formula
    assert format_value(0.1 + 0.2) == "0.3"
    assert format_value(3) == "3" and format_value(3.0) == "3"
    assert format_value(2015.1, "0.00") == "2015.10"
    assert format_value(0.35, "0.0%") == "35.0%"
    assert format_value(dt.datetime(2019, 3, 1)) == "2019-03-01"
    assert format_value(dt.date(2019, 3, 1)) == "2019-03-01"
    assert format_value("  王芳\n") == "王芳"
    assert format_value(None) == ""


def test_xlsx_broken_is_reader_error(built: dict[str, Path]) -> None:
    data = built["recommend.xlsx"].read_bytes()
    for broken in (data[: len(data) // 2], b"", b"PK\x03\x04 not really a zip"):
        with pytest.raises(ReaderError, match="^Excel 文件"):
            read_xlsx(broken)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    with pytest.raises(ReaderError, match="已加密"):
        read_xlsx(ole + "EncryptionInfo".encode("utf-16-le"))
    with pytest.raises(ReaderError, match="旧版 .xls"):
        read_xlsx(ole)


@pytest.mark.skipif(not (CORPUS / "pdfminer" / "nonfree" / "i1040nr.pdf").exists(), reason="corpus not present")
def test_long_pdf_is_read_for_text_lines_only() -> None:
    from extractors.readers import ReadOptions

    data = (CORPUS / "pdfminer" / "nonfree" / "i1040nr.pdf").read_bytes()
    doc = read_pdf(data, ReadOptions(max_table_pages=8))
    assert doc.pages == 50
    assert doc.tables() == []
    texts = [p.text for p in doc.paragraphs()]
    assert len(texts) > 1000 and all(t == t.strip() and t for t in texts)
    assert any("Form 1040" in t for t in texts)
