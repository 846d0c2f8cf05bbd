"""异常报告 and 汇总表 as a clerk reads, prints and forwards them (issue 14): every unit's problems in one place,
a way to find them, what to do about each, pages set up for print, doubtful scanned values marked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import openpyxl
import pytest

from checks.models import Finding
from extractors.models import FieldValue, Severity
from pipeline import outputs
from pipeline.outputs.summary import _one_date_precision
from pipeline.report import DocumentResult, Report
from pipeline.run import DOUBTFUL_MARK, unit_info
from tests.test_writers import FORM1, FORM3, U1, U2, fields, fv, rec, report  # noqa: F401 (fixture)

EPOCH = 1764892800  # 2025-12-05 00:00 UTC
DUP_MSG = "“护理创新班组”被推荐了 2 次（班组名称＋所在单位相同），来自：东南大学工会、南京市教育工会"


@pytest.fixture
def cross(report: Report, monkeypatch: pytest.MonkeyPatch) -> Report:  # noqa: F811 (the writers' fixture)
    """The hand-built report plus a duplicate between two units and a field read faintly from a scan."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    report.generated = dt.datetime.fromtimestamp(EPOCH).strftime("%Y-%m-%d %H:%M")
    report.batch_findings.append(Finding(
        code="duplicate.submission", severity=Severity.ERROR, title="重复推荐", message=DUP_MSG,
        units=[U1, U2], paths=[FORM1, FORM3], subject="护理创新班组", field="班组名称", actual=2, batch=True))
    form3 = next(d for d in report.documents if d.record.path == FORM3)
    form3.record.fields["所在单位"] = FieldValue(key="所在单位", raw="南京市护理学校", value="南京市护理学校",
                                             confidence=0.61, where="表格1 第2行")
    form3.record.pages = 1
    form3.findings.append(Finding(
        code="field.low_confidence", severity=Severity.WARNING, title="识别结果待核对",
        message="“所在单位”识别不清，请对照原件核对：南京市护理学校", unit=U2, paths=[FORM3], subject="护理创新班组",
        field="所在单位", actual=0.61, limit=0.85, evidence="南京市护理学校"))
    return report


def _sections(doc) -> dict[str, list[list[str]]]:
    """Each unit section's heading -> its rows as cell texts."""
    out = {}
    for sec in doc.xpath("//section[@class='unit']"):
        head = sec.xpath("h2")[0].text.strip()
        out[head] = [[td.text_content().strip() for td in tr.xpath("td")] for tr in sec.xpath(".//tbody/tr")]
    return out


def test_html_report_per_unit_with_contents_legend_and_what_to_do(tmp_path: Path, cross: Report) -> None:
    outputs.write_outputs(cross, tmp_path)
    html = (tmp_path / outputs.FINDINGS_HTML).read_text(encoding="utf-8")
    doc = lxml.html.fromstring(html)

    # Header: generation time, campaign, inbox, and what each severity asks of the clerk
    meta = doc.xpath("//p[@class='meta']")[0].text_content()
    assert meta == f"生成时间：{cross.generated}\u3000\u3000收件文件夹：/data/inbox"
    assert [li.text_content().strip() for li in doc.xpath("//ul[@class='legend']/li")] == [
        "错误 必须更正：不符合通知要求，退回推荐单位修改",
        "警告 需人工核对：可能有问题，请看原件后决定是否退改",
        "提示 仅供参考：不影响报送，无需单位处理",
    ]

    # A table of contents: each unit with its counts, linked to its section
    toc = [([a.text for a in tr.xpath(".//a")][0], tr.xpath(".//a/@href")[0],
             [td.text_content().strip() for td in tr.xpath("td")[1:]]) for tr in doc.xpath("//table[@class='toc']//tbody/tr")]
    assert toc == [
        (U1, "#u1", ["2", "", "1"]),
        (U2, "#u2", ["1", "2", ""]),
        ("未纳入审查的文件（2 份）", "#others", ["", "", ""]),
    ]
    ids = set(doc.xpath("//@id"))
    assert {href.lstrip("#") for _, href, _ in toc} <= ids

    # The duplicate between the two units is under each of them, saying who else it concerns
    css = doc.xpath("//style")[0].text
    sections = _sections(doc)
    assert list(sections) == [U1, U2]
    header = [th.text for th in doc.xpath("//section[@id='u1']//thead//th")]
    assert header == ["序号", "文件", "对象", "检查项", "程度", "说明", "怎么处理", "依据"]
    dup_u1 = next(r for r in sections[U1] if DUP_MSG in r[5])
    dup_u2 = next(r for r in sections[U2] if DUP_MSG in r[5])
    assert dup_u1[0] == dup_u2[0]  # one finding, one 序号
    assert dup_u1[5].endswith(f"同时涉及：{U2}") and dup_u2[5].endswith(f"同时涉及：{U1}")
    assert dup_u1[6] == "同一对象被重复推荐，请与相关单位协商由一个单位推荐，并说明情况"
    # Every row says what to do; a doubtful scanned value is the office's to check, with the page and the cell
    assert all(r[6] for rows in sections.values() for r in rows)
    faint = next(r for r in sections[U2] if r[3].startswith("识别结果待核对"))
    assert faint[4] == "警告"
    assert faint[6] == "审核人员请对照原件核对（原件第 1 页，表格1 第2行）；原件也看不清的，请单位补交清晰件"
    # 依据: the evidence, or the notice's rule the finding was measured against
    info = next(r for r in sections[U1] if r[3].startswith("荣誉级别"))
    assert (info[4], info[6]) == ("提示", "无需处理（仅供参考）")

    # Internal codes only small and grey under the check's name, for the curious, and not printed
    for code in doc.xpath("//section[@class='unit']//span[@class='code']"):
        code.getparent().remove(code)
    visible = doc.xpath("string(//body)")
    assert "duplicate.submission" not in visible and "field.low_confidence" not in visible and "C010" not in visible
    assert "@media print {" in css and "td .code { display: none; }" in css

    # Print: A4 landscape, the campaign and time in the page header, page numbers, a page per unit
    assert "size: A4 landscape" in css
    assert '@top-left { content: "创新型班组对标竞赛（2024 江苏省教育科技工会） · 异常报告";' in css
    assert '@bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页";' in css
    assert "section.unit + section.unit, #pairs, #ignored, #others { break-before: page;" in css


def test_generation_time_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.report import generated_at

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert generated_at() == dt.datetime.fromtimestamp(EPOCH).strftime("%Y-%m-%d %H:%M")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs(dt.datetime.strptime(generated_at(), "%Y-%m-%d %H:%M") - dt.datetime.now()) < dt.timedelta(minutes=2)


def test_findings_workbook_lists_a_cross_unit_finding_under_each_unit(tmp_path: Path, cross: Report) -> None:
    outputs.write_outputs(cross, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / outputs.FINDINGS_XLSX)
    ws = wb["异常清单"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    dup = [r for r in rows if r["代码"] == "duplicate.submission"]
    assert [r["推荐单位"] for r in dup] == [U1, U2]
    assert len({r["序号"] for r in dup}) == 1 and len({r["问题编号"] for r in dup}) == 1
    assert dup[0]["说明"] == f"{DUP_MSG}\n（同时涉及：{U2}）"
    # grouped by unit, 序号 upwards within each
    assert [r["推荐单位"] for r in rows] == [U1, U1, U1, U2, U2, U2]
    assert all(r["怎么处理"] for r in rows)
    # every sheet prints on A4 landscape, one page wide, with the sheet's name and page numbers in the footer
    for sh in wb.worksheets:
        assert sh.page_setup.orientation == "landscape" and int(sh.page_setup.paperSize) == 9, sh.title
        assert sh.sheet_properties.pageSetUpPr.fitToPage and int(sh.page_setup.fitToHeight) == 0, sh.title
        assert sh.oddFooter.center.text.endswith(f"{sh.title}　第 &P 页 共 &N 页"), sh.title


def test_a_decision_typed_differently_on_the_two_rows_of_one_finding_is_refused(tmp_path: Path,
                                                                                  cross: Report) -> None:
    from pipeline.review import batch as batch_mod
    from pipeline.review import decisions as dec

    outputs.write_outputs(cross, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / outputs.FINDINGS_XLSX)
    ws = wb["异常清单"]
    header = [c.value for c in ws[1]]
    col = {h: header.index(h) + 1 for h in ("处理决定", "处理说明", "代码")}
    first, second = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col["代码"]).value == "duplicate.submission"]
    ws.cell(first, col["处理决定"], "忽略")
    ws.cell(first, col["处理说明"], "两单位已协商")
    ws.cell(second, col["处理决定"], "保留")
    wb.save(tmp_path / "typed.xlsx")
    decisions = dec.Decisions()
    got = batch_mod.import_xlsx(batch_mod.load_batch(tmp_path), decisions, tmp_path / "typed.xlsx", who="测试员")
    assert [(r.row, r.reason) for r in got.refused] == [
        (second, f"同一问题在“异常清单”第 {first} 行填了不同的决定或说明，请只留一种")]
    assert [(d.status, d.note) for d in decisions.by_key.values()] == [(dec.Status.IGNORED, "两单位已协商")]


def test_summary_marks_faint_scanned_cells(tmp_path: Path, cross: Report) -> None:
    outputs.write_outputs(cross, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / outputs.SUMMARY_XLSX).active
    row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "护理创新班组")
    cell = row[2]
    assert cell.value == "南京市护理学校" and cell.fill.fgColor.rgb[-6:] == "F8CBAD"
    assert cell.comment.text == "扫描件中这一栏识别不清（识别把握 61%），请对照原件核对"
    assert row[1].comment is None and row[1].fill.fgColor.rgb[-6:] == "000000"
    notes = [r[0] for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], str) and r[0].startswith("注：")]
    assert notes[0].endswith("浅橙色单元格为扫描件中识别不清的内容，请对照原件核对（批注中有说明）。")


def test_unit_contacts_prefer_a_clear_value_and_mark_a_faint_one(report: Report) -> None:  # noqa: F811
    faint = FieldValue(key="电话", raw="东25-834512344", value="东25-834512344", confidence=0.41)
    a = rec(f"{U1}/a.jpg", "banzu_form", U1, fields={"电话": faint, "联系人": fv("联系人", "周敏")})
    b = rec(f"{U1}/b.docx", "banzu_form", U1, fields=fields(fv("电话", "025-83451234")))
    c = rec(f"{U2}/c.jpg", "banzu_form", U2, fields={"电话": faint})
    info = unit_info(report.profile, [a, b, c])
    assert info[U1]["电话"] == "025-83451234" and info[U1]["联系人"] == "周敏"
    assert info[U2]["电话"] == "东25-834512344" + DOUBTFUL_MARK


def test_a_date_column_reads_at_one_precision() -> None:
    a = rec("a.docx", "studio_form", U1, fields=fields(fv("建立日期", "2019-03")))
    b = rec("b.docx", "studio_form", U1, fields=fields(fv("建立日期", "2018-05-17")))
    c = rec("c.docx", "studio_form", U1, fields=fields(fv("建立日期", dt.date(2020, 1, 2))))

    def get(entry, seq, remarks):
        return entry.value("建立日期")

    (one,) = _one_date_precision([get], [a, b, c])
    assert [one(r, 0, {}) for r in (a, b, c)] == ["2019-03", "2018-05", "2020-01"]
    (same,) = _one_date_precision([get], [b, c])  # all full dates: left as they are
    assert same is get


def test_details_workbook_prints_with_its_header_on_every_page(tmp_path: Path, cross: Report) -> None:
    outputs.write_outputs(cross, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / outputs.DETAILS_XLSX)
    for sh in wb.worksheets:
        assert sh.page_setup.orientation == "landscape" and int(sh.page_setup.paperSize) == 9, sh.title
        assert sh.page_setup.pageOrder == "overThenDown", sh.title
        assert (sh.print_title_rows, sh.page_setup.scale) == ("$1:$1", 75), sh.title
        assert sh.oddFooter.center.text == "&A　第 &P 页 共 &N 页", sh.title


def test_an_entry_whose_case_could_not_be_read_is_not_complete(tmp_path: Path, cross: Report) -> None:
    """The unreadable case is linked to nothing, but its name names the entry: the entry waits for it."""
    path = f"{U1}/附件2-班组创新案例-精密测量班组.docx"
    cross.documents.append(DocumentResult(
        rec(path, "unreadable", U1, reason="文件已加密"),
        [Finding(code="file.unreadable", severity=Severity.ERROR, title="文件无法读取", message="文件无法读取：文件已加密",
                 unit=U1, paths=[path])]))
    outputs.write_outputs(cross, tmp_path)
    status = {r[2]: (r[3], r[4]) for r in openpyxl.load_workbook(tmp_path / outputs.SUMMARY_XLSX)["审查状态"].iter_rows(
        min_row=2, values_only=True)}
    assert status["精密测量班组"] == ("待更正", "1. 文件无法读取：文件已加密")


def test_written_outputs_keep_the_collected_scores(tmp_path: Path, report: Report) -> None:  # noqa: F811
    """records.json carries 评审/评审结果.json when there is one; a change to it is a change of the outputs, so a
    run that is otherwise unchanged writes records.json again instead of keeping a stale one."""
    import json

    report.fingerprint = "unchanged-inputs"
    outputs.write_outputs(report, tmp_path)
    assert "scores" not in json.loads((tmp_path / "records.json").read_text(encoding="utf-8"))
    (tmp_path / "评审").mkdir()
    results = tmp_path / "评审" / "评审结果.json"
    for first in ("甲", "乙"):
        results.write_text(json.dumps({"entries": [{"rank": 1, "name": first}]}, ensure_ascii=False), encoding="utf-8")
        report.outputs_reused = False
        outputs.write_outputs(report, tmp_path)
        assert not report.outputs_reused
        got = json.loads((tmp_path / "records.json").read_text(encoding="utf-8"))["scores"]
        assert got == {"entries": [{"rank": 1, "name": first}]}
    outputs.write_outputs(report, tmp_path)
    assert report.outputs_reused  # nothing changed since: the outputs stand
