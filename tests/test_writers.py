"""The five output files, rendered from a small hand-built Report."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from checks.models import Finding
from extractors.models import FieldValue, Record, Section, Severity, Status
from extractors.profile import load_profile
from pipeline import outputs
from pipeline.config import BUNDLED
from pipeline.outputs import book, files, records
from pipeline.report import DocumentResult, Report

U1 = "东南大学工会"
U2 = "南京市教育工会"
U3 = "苏州市教育工会"

FORM1 = f"{U1}/附件1-基本情况表-智能制造班组.docx"
FORM2 = f"{U1}/附件1-基本情况表-精密测量班组.pdf"
CASE1 = f"{U1}/附件2-班组创新案例-智能制造班组.docx"
SUMMARY1 = f"{U1}/附件3-推荐汇总表.docx"
FORM3 = f"{U2}/基本情况表.docx"
SCAN = f"{U2}/扫描件.pdf"
LOCK = f"{U3}/~$基本情况表.docx"

LONG = "第一段\x0b第二段" + "赛" * 1200
MSG_HTML = "案例正文 687 字，超出 600 字上限 87 字 <b>&</b>"


def fv(key: str, value, raw: str | None = None) -> FieldValue:
    return FieldValue(key=key, raw=str(value) if raw is None else raw, value=value)


def fields(*fvs: FieldValue) -> dict[str, FieldValue]:
    return {f.key: f for f in fvs}


def rec(path: str, kind: str, unit: str, **kw) -> Record:
    kw.setdefault("fmt", path.rsplit(".", 1)[-1])
    kw.setdefault("size", 2048)
    return Record(
        path=path, kind=kind, unit=unit, unit_source="文件夹", sha256=path[-6:].encode().hex(), **kw
    )


def sec(key: str, body: str) -> Section:
    return Section(key=key, heading=key, body=body, chars=len(body))


@pytest.fixture
def report() -> Report:
    profile = load_profile(BUNDLED / "banzu.toml")
    form1 = rec(
        FORM1,
        "banzu_form",
        U1,
        fields=fields(
            fv("推荐单位", U1),
            fv("联系人", "王芳"),
            fv("电话", "025-83790000"),
            fv("班组名称", "智能制造班组", "智能制造 班组"),
            fv("所在单位", "机械工程学院"),
            fv("班组总人数", 12, "12人"),
            fv("党支部", True, "☑是 □否"),
            fv(
                "荣誉", ["江苏省工人先锋号", "南京市五一巾帼标兵岗"], "江苏省工人先锋号\n南京市五一巾帼标兵岗"
            ),
            fv("竞赛情况", LONG),
        ),
        size=20480,
        pages=2,
    )
    form2 = rec(
        FORM2,
        "banzu_form",
        U1,
        fields=fields(fv("班组名称", "精密测量班组"), fv("所在单位", "仪器科学学院"), fv("党支部", None, "")),
        status=Status.PARTIAL,
    )
    case1 = rec(
        CASE1,
        "banzu_case",
        U1,
        fields=fields(
            fv("班组名称", "智能制造班组"), fv("案例名称", "数字孪生产线改造"), fv("字数", 687, "")
        ),
        sections={
            "背景": sec("背景", "产线老化。"),
            "做法": sec("做法", "建设数字孪生平台。"),
            "成果": sec("成果", "良率提升 12%。"),
            "效益": sec("效益", "年节约 50 万元。"),
        },
    )
    summary1 = rec(
        SUMMARY1,
        "banzu_summary",
        U1,
        fields=fields(fv("推荐单位", U1), fv("联系人", "王芳"), fv("电话", "025-83790000")),
        items=[
            {
                "序号": 1,
                "班组名称": "智能制造 班组",
                "所在单位": "机械工程学院",
                "班组创新案例名称": "数字孪生产线改造",
                "备注": "重点培育",
            },
            {
                "序号": 2,
                "班组名称": "未提交班组",
                "所在单位": "土木学院",
                "班组创新案例名称": "",
                "备注": "材料后补",
            },
        ],
    )
    form3 = rec(
        FORM3,
        "banzu_form",
        U2,
        fields=fields(fv("班组名称", "护理创新班组"), fv("所在单位", "=南京市护理学校")),
    )
    scan = rec(SCAN, "unreadable", U2, status=Status.FAILURE, reason="扫描件，没有文字层", size=1536)
    lock = rec(LOCK, "junk", U3, reason="Word 临时锁定文件", size=162, fmt="junk")

    f_info = Finding(
        code="F030",
        severity=Severity.INFO,
        title="荣誉级别",
        message="荣誉“南京市五一巾帼标兵岗”无法判断级别",
        unit=U1,
        paths=[FORM1],
        subject="智能制造班组",
        field="荣誉",
    )
    f_len = Finding(
        code="C010",
        severity=Severity.ERROR,
        title="案例字数",
        message=MSG_HTML,
        unit=U1,
        paths=[CASE1],
        subject="智能制造班组",
        field="字数",
        actual=687,
        limit=600,
        evidence="按 Word 字数统计：<正文>",
    )
    f_quota = Finding(
        code="Q001",
        severity=Severity.WARNING,
        title="推荐数量",
        message="推荐 1 个，少于下限 3 个",
        unit=U2,
        paths=[FORM3],
        actual=1,
        limit="3–4",
        batch=True,
    )
    docs = [
        DocumentResult(summary1),
        DocumentResult(form1, [f_info]),
        DocumentResult(case1, [f_len]),
        DocumentResult(form2),
        DocumentResult(form3),
        DocumentResult(scan),
        DocumentResult(lock),
    ]
    return Report(
        profile=profile,
        inbox="/data/inbox",
        documents=docs,
        batch_findings=[f_quota],
        links={CASE1: FORM1},
        unit_info={
            U1: {"推荐单位": U1, "联系人": "王芳", "电话": "025-83790000"},
            U2: {"推荐单位": U2, "联系人": "李强"},
        },
    )


@pytest.fixture
def out(tmp_path: Path, report: Report) -> Path:
    d = tmp_path / "outputs" / "run"  # does not exist yet
    paths = outputs.write_outputs(report, d)
    assert [p.name for p in paths] == list(outputs.OUTPUT_NAMES)
    return d


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


# ---------------------------------------------------------------------------------------- files


def test_writes_exactly_five_files_and_no_temp_files(out: Path) -> None:
    assert sorted(os.listdir(out)) == sorted(outputs.OUTPUT_NAMES)


def test_rewrite_replaces_files(out: Path, report: Report) -> None:
    (out / outputs.RECORDS_JSON).write_text("old", encoding="utf-8")
    outputs.write_outputs(report, out)
    assert json.loads((out / outputs.RECORDS_JSON).read_text(encoding="utf-8"))["profile"] == "banzu"
    assert sorted(os.listdir(out)) == sorted(outputs.OUTPUT_NAMES)


def _previous_set(folder: Path) -> dict[str, bytes]:
    for name in outputs.OUTPUT_NAMES:
        (folder / name).write_bytes(f"old {name}".encode())
    return {name: (folder / name).read_bytes() for name in outputs.OUTPUT_NAMES}


@pytest.mark.parametrize("locked_name", [outputs.SUMMARY_XLSX, outputs.RECORDS_JSON])
def test_a_file_that_cannot_be_replaced_keeps_the_whole_previous_set(
    tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch, locked_name: str
) -> None:
    """One output held open (Excel/WPS): no new file takes its place, so none of the others does either —
    never the new workbooks beside the previous run's records.json."""
    before = _previous_set(tmp_path)
    real_replace = os.replace

    def locked(src, dst):  # as Windows does for a file another program holds open: it neither moves nor goes
        if Path(src).name == locked_name or (Path(dst).name == locked_name and Path(dst).exists()):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(outputs.OutputError) as e:
        outputs.write_outputs(report, tmp_path)
    assert str(e.value) == (f"{locked_name} 正被其他程序（通常是 Excel 或 WPS）打开，无法替换。"
                            f"请先在 Excel/WPS 中关闭 {locked_name}，然后重新运行；输出文件夹中原有的文件一份也没有改动。")
    assert e.value.written == []
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temp or backup file left


def test_a_full_disk_keeps_the_whole_previous_set(tmp_path: Path, report: Report,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = _previous_set(tmp_path)
    real_write_temp = files.write_temp

    def full(path, data):
        if path.name == outputs.DETAILS_XLSX:
            raise OSError(28, "No space left on device")
        return real_write_temp(path, data)

    monkeypatch.setattr(files, "write_temp", full)
    with pytest.raises(outputs.OutputError) as e:
        outputs.write_outputs(report, tmp_path)
    assert str(e.value) == (f"无法在输出文件夹 {tmp_path} 中写入文件（磁盘空间已满）。请腾出磁盘空间后重新运行；"
                            "输出文件夹中原有的文件一份也没有改动。")
    assert e.value.written == []
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# ---------------------------------------------------------------------------------------- 汇总表


def test_summary_table(out: Path) -> None:
    wb = openpyxl.load_workbook(out / outputs.SUMMARY_XLSX)
    ws = wb.active
    assert ws.title == "汇总表"
    sign = "填报单位（盖章）：　　　　　　　　填报人：　　　　　　联系电话：　　　　　　　　日期：　　　　年　　月　　日"
    assert rows(ws) == [
        ["重点培育对象和班组创新案例推荐汇总表", None, None, None, None],
        [sign, None, None, None, None],  # to fill in and stamp, as the notice's 附件 has it
        ["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"],
        [f"推荐单位：{U1}　　联系人：王芳　　电话：025-83790000", None, None, None, None],
        [1, "智能制造班组", "机械工程学院", "数字孪生产线改造", "重点培育"],
        [2, "精密测量班组", "仪器科学学院", None, None],
        [f"推荐单位：{U2}　　联系人：李强　　电话：", None, None, None, None],
        [3, "护理创新班组", "=南京市护理学校", None, None],
        ["注：本表中 2 项材料待更正（序号底色标红），问题如下，详见“审查状态”工作表；更正完成前请勿报送。", None, None, None, None],
        ["1. 智能制造班组：" + MSG_HTML, None, None, None, None],
        ["3. 护理创新班组：推荐 1 个，少于下限 3 个", None, None, None, None],
    ]
    # no blank row anywhere; the rows with open problems have their 序号 filled red
    assert [ws[f"A{r}"].fill.fgColor.rgb[-6:] for r in (5, 6, 8)] == ["FFC7CE", "000000", "FFC7CE"]
    assert ws["C8"].data_type == "s"  # typed text, not a formula
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:E1", "A2:E2", "A4:E4", "A7:E7", "A9:E9", "A10:E10", "A11:E11"}
    # Each row's status and what is still open about it (the entry, its case, its unit's quota)
    assert rows(wb["审查状态"]) == [
        ["序号", "推荐单位", "名称", "审查状态", "待解决的问题"],
        [1, U1, "智能制造班组", "待更正", "1. " + MSG_HTML],
        [2, U1, "精密测量班组", "材料齐全", None],
        [3, U2, "护理创新班组", "待更正", "1. 推荐 1 个，少于下限 3 个"],
    ]
    assert ws["A1"].font.b and ws["A1"].font.sz == 16 and ws["A1"].alignment.horizontal == "center"
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("D9D9D9") for c in ws[3])
    assert ws["B5"].border.left.style == "thin" and ws["E8"].border.bottom.style == "thin"
    assert ws["B5"].alignment.wrap_text and ws["B5"].alignment.vertical == "center"
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    # The file stores Excel's width, which includes the cell padding (5 px at 7 px per character); Excel shows
    # the profile's width.
    assert [round((ws.column_dimensions[c].width * 7 - 5) / 7, 1) for c in "ABCDE"] == [6, 28, 24, 40, 20]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # fitToWidth is left out when it is 1, the schema's default
    assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_group_header_without_unit_info(tmp_path: Path, report: Report) -> None:
    report.unit_info = {}
    outputs.write_outputs(report, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / outputs.SUMMARY_XLSX).active
    assert ws["A4"].value == f"推荐单位：{U1}　　联系人：　　电话："


# ---------------------------------------------------------------------------------------- 异常报告.xlsx


def test_findings_sheet(out: Path, report: Report) -> None:
    wb = openpyxl.load_workbook(out / outputs.FINDINGS_XLSX)
    assert wb.sheetnames == ["异常清单", "文件清单", "概况"]
    ws = wb["异常清单"]
    got = rows(ws)
    # 序号 first; the decision columns staff fill in, and the finding's key the import matches on, last
    assert [r[0] for r in got] == ["序号", 1, 2, 3]
    assert [r[13:] for r in got] == [["处理决定", "处理说明", "问题编号"]] + [
        [None, None, f.key] for f in report.all_findings()]
    assert str(ws.data_validations.dataValidation[0].sqref) == "N2:N4"
    # What it is, what the unit must do (怎么处理), the evidence or the notice's rule (依据), the measures, and the
    # internal code last (a narrow grey column, not printed)
    assert [r[1:13] for r in got] == [
        ["推荐单位", "文件", "对象", "检查项", "严重程度", "说明", "怎么处理", "依据", "字段", "实测值", "限值", "代码"],
        [U1, FORM1, "智能制造班组", "荣誉级别", "提示", "荣誉“南京市五一巾帼标兵岗”无法判断级别", "无需处理（仅供参考）", None,
         "荣誉", None, None, "F030"],
        [U1, CASE1, "智能制造班组", "案例字数", "错误", MSG_HTML, "请按通知要求修改后重新报送", "按 Word 字数统计：<正文>",
         "字数", 687, 600, "C010"],
        [U2, FORM3, None, "推荐数量", "警告", "推荐 1 个，少于下限 3 个", "请按通知要求修改后重新报送", None, None, 1, "3–4",
         "Q001"],
    ]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:P4"
    assert ws["A1"].font.b
    assert [ws[f"F{r}"].fill.fgColor.rgb[-6:] for r in (2, 3, 4)] == ["DDEBF7", "FFC7CE", "FFEB9C"]
    assert ws["G3"].alignment.wrap_text and ws["C3"].alignment.wrap_text and ws["I3"].alignment.wrap_text
    assert ws["M3"].font.sz == 8 and ws["M3"].font.color.rgb[-6:] == "808080"
    # Printed: A4 landscape, one page wide, the header row on every page, 序号 to 依据 only, page numbers
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth or 1) == 1  # 1: the default
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1" and ws.print_area == "'异常清单'!$A$1:$I$4"
    assert ws.oddFooter.center.text == "创新型班组对标竞赛（2024 江苏省教育科技工会）　异常清单　第 &P 页 共 &N 页"


def test_files_sheet_lists_every_document(out: Path, report: Report) -> None:
    ws = openpyxl.load_workbook(out / outputs.FINDINGS_XLSX)["文件清单"]
    got = rows(ws)
    assert got[0] == ["序号", "推荐单位", "文件", "格式", "大小（KB）", "材料类别", "状态", "原因", "问题数"]
    assert got[1:] == [
        [1, U1, FORM1, "docx", 20.0, "创新型班组重点培育对象基本情况表", "成功", None, 1],
        [2, U1, FORM2, "pdf", 2.0, "创新型班组重点培育对象基本情况表", "部分成功", None, 0],
        [3, U1, CASE1, "docx", 2.0, "班组创新案例", "成功", None, 1],
        [4, U1, SUMMARY1, "docx", 2.0, "重点培育对象和班组创新案例推荐汇总表", "成功", None, 0],
        [5, U2, FORM3, "docx", 2.0, "创新型班组重点培育对象基本情况表", "成功", None, 0],
        [6, U2, SCAN, "pdf", 1.5, "无法读取", "无法读取", "扫描件，没有文字层", 0],
        [7, U3, LOCK, "junk", 0.2, "无关文件", "已忽略", "Word 临时锁定文件", 0],
    ]
    assert {r[2] for r in got[1:]} == {d.record.path for d in report.documents}
    assert ws["E2"].number_format == "0.0"


def test_overview_sheet(out: Path) -> None:
    ws = openpyxl.load_workbook(out / outputs.FINDINGS_XLSX)["概况"]
    got = [[v for v in r if v is not None] for r in rows(ws)]
    got = [r for r in got if r]
    assert got == [
        ["审查概况"],
        ["评选活动", "创新型班组对标竞赛（2024 江苏省教育科技工会）"],
        ["通知", "关于深入开展创新型班组对标竞赛的通知"],
        ["收件文件夹", "/data/inbox"],
        ["文件", "数量"],
        ["文件总数", 7],
        ["已识别材料", 5],
        ["未纳入审查", 2],
        ["材料类别", "数量"],
        ["创新型班组重点培育对象基本情况表", 3],
        ["班组创新案例", 1],
        ["重点培育对象和班组创新案例推荐汇总表", 1],
        ["无关文件", 1],
        ["无法读取", 1],
        ["所属单位的依据", "文件数"],
        ["所在文件夹", 7],
        ["严重程度", "数量"],
        ["错误", 1],
        ["警告", 1],
        ["提示", 1],
        ["合计", 3],
        ["代码", "检查项", "数量"],
        ["C010", "案例字数", 1],
        ["F030", "荣誉级别", 1],
        ["Q001", "推荐数量", 1],
        ["推荐单位", "文件数", "错误", "警告", "提示"],
        [U1, 4, 1, 0, 1],
        [U2, 2, 0, 1, 0],
        [U3, 1, 0, 0, 0],
    ]


# ---------------------------------------------------------------------------------------- html


def test_html(out: Path) -> None:
    html = (out / outputs.FINDINGS_HTML).read_text(encoding="utf-8")
    assert "<h1>创新型班组对标竞赛（2024 江苏省教育科技工会）</h1>" in html
    assert "案例正文 687 字，超出 600 字上限 87 字 &lt;b&gt;&amp;&lt;/b&gt;" in html
    assert "<b>&</b>" not in html
    assert "按 Word 字数统计：&lt;正文&gt;" in html
    assert "荣誉“南京市五一巾帼标兵岗”无法判断级别" in html
    assert "推荐 1 个，少于下限 3 个" in html
    assert f"以下单位未发现问题：{U3}" in html
    assert html.index(f"<h2>{U1}") < html.index(f"<h2>{U2}") < html.index("以下单位未发现问题")
    assert "共收到文件 <strong>7</strong> 份" in html
    assert '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif' in html
    assert "size: A4 landscape" in html and 'counter(page) " 页，共 " counter(pages)' in html
    assert "<link" not in html and "<script" not in html and "src=" not in html
    assert SCAN in html and "扫描件，没有文字层" in html  # every input file accounted for


# ---------------------------------------------------------------------------------------- 材料明细


def test_details_workbook(out: Path) -> None:
    wb = openpyxl.load_workbook(out / outputs.DETAILS_XLSX)
    assert wb.sheetnames == [
        "创新型班组重点培育对象基本情况表",
        "班组创新案例",
        "重点培育对象和班组创新案例推荐汇总表",
        "其他文件",
    ]
    form = rows(wb["创新型班组重点培育对象基本情况表"])
    assert form[0] == [
        "推荐单位",
        "文件",
        "推荐单位（填写）",
        "联系人",
        "电话",
        "班组名称",
        "班组名称（原文）",
        "所在单位",
        "班组总人数",
        "班组总人数（原文）",
        "党员人数",
        "女职工人数",
        "研究生及以上学历人数",
        "高技能人才人数",
        "平均年龄",
        "班组负责人姓名",
        "班组负责人政治面貌",
        "师徒结对",
        "劳模工匠创新工作室",
        "名师工作室",
        "党支部",
        "党支部（原文）",
        "党小组",
        "分工会",
        "工会小组",
        "荣誉",
        "荣誉（原文）",
        "竞赛情况",
    ]
    row = dict(zip(form[0], form[1], strict=True))
    assert row["推荐单位"] == U1 and row["文件"] == FORM1
    assert row["班组名称"] == "智能制造班组" and row["班组名称（原文）"] == "智能制造 班组"
    assert row["班组总人数"] == 12 and row["班组总人数（原文）"] == "12人"
    assert row["党支部"] == "是" and row["党支部（原文）"] == "☑是 □否"
    assert row["荣誉"] == "江苏省工人先锋号；南京市五一巾帼标兵岗"
    assert row["竞赛情况"] == LONG.replace("\x0b", "\n")
    assert row["党员人数"] is None
    assert [r[1] for r in form[1:]] == [FORM1, FORM2, FORM3]

    case = rows(wb["班组创新案例"])
    assert case == [
        ["推荐单位", "文件", "班组名称", "所在单位", "推荐单位（填写）", "案例名称", "背景", "做法", "成果", "效益", "字数"],
        [
            U1,
            CASE1,
            "智能制造班组",
            None,
            None,
            "数字孪生产线改造",
            "产线老化。",
            "建设数字孪生平台。",
            "良率提升 12%。",
            "年节约 50 万元。",
            687,
        ],
    ]
    summary = rows(wb["重点培育对象和班组创新案例推荐汇总表"])
    assert summary == [
        [
            "推荐单位",
            "文件",
            "序号",
            "班组名称",
            "所在单位",
            "班组创新案例名称",
            "备注",
            "推荐单位（填写）",
            "联系人",
            "电话",
        ],
        [
            U1,
            SUMMARY1,
            1,
            "智能制造 班组",
            "机械工程学院",
            "数字孪生产线改造",
            "重点培育",
            U1,
            "王芳",
            "025-83790000",
        ],
        [U1, SUMMARY1, 2, "未提交班组", "土木学院", None, "材料后补", U1, "王芳", "025-83790000"],
    ]
    assert rows(wb["其他文件"]) == [
        ["推荐单位", "文件", "格式", "大小（KB）", "材料类别", "原因"],
        [U2, SCAN, "PDF", 1.5, "无法读取", "扫描件，没有文字层"],
        [U3, LOCK, "系统临时文件", 0.2, "无关文件", "Word 临时锁定文件"],
    ]


def test_sheet_names_are_short_and_unique() -> None:
    used = {"其他文件"}
    long = "一二三四五六七八九十" * 4
    a = book.sheet_name(long, used)
    b = book.sheet_name(long, used)
    c = book.sheet_name("其他文件", used)
    d = book.sheet_name("a/b:c", used)
    assert len(a) == 31 and len(b) == 31 and a != b and b.endswith("（2）")
    assert c == "其他文件（2）" and d == "a_b_c"


# ---------------------------------------------------------------------------------------- records.json

CONTRACT_DOC = ["path", "kind", "unit", "fields", "findings"]
CONTRACT_FINDING = ["code", "severity", "message", "unit", "paths"]
CONTRACT_DOC_FINDING = ["code", "severity", "message", "field"]


def test_records_json_contract(out: Path) -> None:
    text = (out / outputs.RECORDS_JSON).read_text(encoding="utf-8")
    assert "东南大学工会" in text  # ensure_ascii=False
    data = json.loads(text)
    assert list(data)[:3] == ["profile", "documents", "findings"]
    for d in data["documents"]:
        assert list(d)[:5] == CONTRACT_DOC
        for f in d["findings"]:
            assert list(f)[:4] == CONTRACT_DOC_FINDING
    for f in data["findings"]:
        assert list(f)[:5] == CONTRACT_FINDING

    contract = {
        "profile": data["profile"],
        "documents": [
            {
                k: d[k] if k != "findings" else [{c: f[c] for c in CONTRACT_DOC_FINDING} for f in d[k]]
                for k in CONTRACT_DOC
            }
            for d in data["documents"]
        ],
        "findings": [{k: f[k] for k in CONTRACT_FINDING} for f in data["findings"]],
    }
    assert contract == {
        "profile": "banzu",
        "documents": [
            {
                "path": FORM1,
                "kind": "banzu_form",
                "unit": U1,
                "fields": {
                    "推荐单位": U1,
                    "联系人": "王芳",
                    "电话": "025-83790000",
                    "班组名称": "智能制造班组",
                    "所在单位": "机械工程学院",
                    "班组总人数": 12,
                    "党支部": True,
                    "荣誉": ["江苏省工人先锋号", "南京市五一巾帼标兵岗"],
                    "竞赛情况": LONG,
                },
                "findings": [
                    {
                        "code": "F030",
                        "severity": "info",
                        "message": "荣誉“南京市五一巾帼标兵岗”无法判断级别",
                        "field": "荣誉",
                    }
                ],
            },
            {
                "path": FORM2,
                "kind": "banzu_form",
                "unit": U1,
                "fields": {"班组名称": "精密测量班组", "所在单位": "仪器科学学院", "党支部": None},
                "findings": [],
            },
            {
                "path": CASE1,
                "kind": "banzu_case",
                "unit": U1,
                "fields": {
                    "班组名称": "智能制造班组",
                    "案例名称": "数字孪生产线改造",
                    "字数": 687,
                    "背景": "产线老化。",
                    "做法": "建设数字孪生平台。",
                    "成果": "良率提升 12%。",
                    "效益": "年节约 50 万元。",
                },
                "findings": [{"code": "C010", "severity": "error", "message": MSG_HTML, "field": "字数"}],
            },
            {
                "path": SUMMARY1,
                "kind": "banzu_summary",
                "unit": U1,
                "fields": {
                    "推荐单位": U1,
                    "联系人": "王芳",
                    "电话": "025-83790000",
                    "条目": [
                        {
                            "序号": 1,
                            "班组名称": "智能制造 班组",
                            "所在单位": "机械工程学院",
                            "班组创新案例名称": "数字孪生产线改造",
                            "备注": "重点培育",
                        },
                        {
                            "序号": 2,
                            "班组名称": "未提交班组",
                            "所在单位": "土木学院",
                            "班组创新案例名称": "",
                            "备注": "材料后补",
                        },
                    ],
                },
                "findings": [],
            },
            {
                "path": FORM3,
                "kind": "banzu_form",
                "unit": U2,
                "fields": {"班组名称": "护理创新班组", "所在单位": "=南京市护理学校"},
                "findings": [],
            },
            {"path": SCAN, "kind": "unreadable", "unit": U2, "fields": {}, "findings": []},
            {"path": LOCK, "kind": "junk", "unit": U3, "fields": {}, "findings": []},
        ],
        "findings": [
            {
                "code": "Q001",
                "severity": "warning",
                "message": "推荐 1 个，少于下限 3 个",
                "unit": U2,
                "paths": [FORM3],
            }
        ],
    }

    # The extra keys that follow the contract.
    case = data["documents"][2]
    assert case["unit_source"] == "文件夹" and case["status"] == "success" and case["reason"] == ""
    assert case["findings"][0]["actual"] == 687 and case["findings"][0]["limit"] == 600
    assert case["findings"][0]["title"] == "案例字数" and case["findings"][0]["subject"] == "智能制造班组"
    assert case["sections"]["成果"] == {"heading": "成果", "chars": len("良率提升 12%。")}
    assert data["documents"][0]["raw"]["班组总人数"] == "12人"
    assert (
        data["documents"][5]["status"] == "failure" and data["documents"][5]["reason"] == "扫描件，没有文字层"
    )
    assert data["findings"][0]["actual"] == 1 and data["findings"][0]["limit"] == "3–4"
    assert data["findings"][0]["title"] == "推荐数量"


def test_records_json_plain_values() -> None:
    import datetime as dt

    assert records._plain(
        {"d": dt.date(2019, 3, 1), "s": Severity.ERROR, "n": float("nan"), "t": (1, 2)}
    ) == {
        "d": "2019-03-01",
        "s": "error",
        "n": None,
        "t": [1, 2],
    }


# ---------------------------------------------------------------------------------------- LibreOffice


# 44,34,76 = comma, double quote, UTF-8; the last token -1 exports every sheet.
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _soffice_to_csv(files: list[Path], out_dir: Path, profile_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{profile_dir}",
            "--convert-to",
            _CSV_FILTER,
            "--outdir",
            str(out_dir),
            *[str(f) for f in files],
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.fixture(scope="module")
def soffice_calc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice profile folder, once LibreOffice has shown it can open a trivial .xlsx at all."""
    if shutil.which("soffice") is None:
        pytest.skip("未安装 LibreOffice（soffice），跳过兼容性检查")
    base = tmp_path_factory.mktemp("lo")
    probe = base / "probe.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "探针"
    wb.save(probe)
    _soffice_to_csv([probe], base / "csv", base / "profile")
    if not list((base / "csv").glob("*.csv")):
        pytest.skip("LibreOffice 没有安装 Calc 组件（打不开任何 .xlsx），跳过兼容性检查")
    return base / "profile"


def test_libreoffice_opens_every_workbook(out: Path, tmp_path: Path, soffice_calc: Path) -> None:
    csv_dir = tmp_path / "csv"
    names = [outputs.SUMMARY_XLSX, outputs.FINDINGS_XLSX, outputs.DETAILS_XLSX]
    proc = _soffice_to_csv([out / n for n in names], csv_dir, soffice_calc)
    assert proc.returncode == 0, proc.stderr
    produced = {p.name for p in csv_dir.glob("*.csv")}
    for name in names:
        stem = name.removesuffix(".xlsx")
        assert any(p.startswith(stem) for p in produced), (name, produced, proc.stdout, proc.stderr)

    def read(p: Path) -> list[list[str]]:
        with p.open(encoding="utf-8", newline="") as f:
            return list(csv.reader(f))

    summary = read(next(p for p in sorted(csv_dir.glob("汇总表*.csv")) if "审查状态" not in p.name))
    assert summary[0][0] == "重点培育对象和班组创新案例推荐汇总表"
    assert summary[4][:5] == ["1", "智能制造班组", "机械工程学院", "数字孪生产线改造", "重点培育"]
    # LibreOffice names one file per sheet "<file>-<sheet>.csv".
    findings_csv = next(csv_dir.glob("异常报告*异常清单*.csv"), csv_dir / "异常报告.csv")
    findings = read(findings_csv)
    assert findings[2][12] == "C010" and findings[2][6] == MSG_HTML


def test_batch_wide_finding_and_unknown_unit(tmp_path: Path, report: Report) -> None:
    report.batch_findings.append(
        Finding(
            code="Q900",
            severity=Severity.ERROR,
            title="推荐总数",
            message="全省推荐 31 个，超过 30 个",
            batch=True,
        )
    )
    report.documents.append(
        DocumentResult(rec("散件/未知.docx", "unrecognised", "", reason="不是本次通知的表格"))
    )
    outputs.write_outputs(report, tmp_path)

    ws = openpyxl.load_workbook(tmp_path / outputs.FINDINGS_XLSX)["异常清单"]
    assert rows(ws)[1][:5] + rows(ws)[1][12:13] == [1, "（全部材料）", None, None, "推荐总数", "Q900"]
    files = rows(openpyxl.load_workbook(tmp_path / outputs.FINDINGS_XLSX)["文件清单"])
    # units in order of first sorted path: 东南… < 南京… < 散件/ (no unit) < 苏州…
    assert [r[1] for r in files[1:]] == [U1] * 4 + [U2] * 2 + ["（未识别单位）", U3]
    assert files[7][2:8] == ["散件/未知.docx", "docx", 2.0, "未识别材料", "未识别", "不是本次通知的表格"]

    html = (tmp_path / outputs.FINDINGS_HTML).read_text(encoding="utf-8")
    assert html.index("<h2>（全部材料）") < html.index(f"<h2>{U1}")
    assert f"以下单位未发现问题：（未识别单位）、{U3}" in html

    data = json.loads((tmp_path / outputs.RECORDS_JSON).read_text(encoding="utf-8"))
    assert [f["code"] for f in data["findings"]] == ["Q001", "Q900"]
    assert data["findings"][1]["unit"] == "" and data["findings"][1]["paths"] == []


def test_scanned_values_to_check_and_dates(tmp_path: Path, report: Report) -> None:
    """材料明细: a field OCR read below the threshold is filled orange and says why in a comment; a date is a
    date cell. Both sheets keep their other cells plain."""
    import datetime as dt

    scan = rec(f"{U2}/基本情况表-扫描.jpg", "banzu_form", U2, fmt="image", ocr_pages=1, ocr_confidence=0.912,
               fields=fields(FieldValue(key="班组名称", raw="护理创新班组", value="护理创新班组", confidence=0.62),
                             FieldValue(key="所在单位", raw="护理学校", value="护理学校", confidence=0.97),
                             fv("填表日期", dt.date(2024, 9, 1), "2024年9月1日")))
    report.documents.append(DocumentResult(scan))
    outputs.write_outputs(report, tmp_path)

    ws = openpyxl.load_workbook(tmp_path / outputs.DETAILS_XLSX)["创新型班组重点培育对象基本情况表"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == scan.path)
    name, unit, ocr = (row[header.index(h)] for h in ("班组名称", "所在单位", "识别方式"))
    assert ocr.value == "文字识别 1 页，平均识别清晰度 91.2%"
    assert name.fill.fgColor.rgb[-6:] == "F8CBAD"
    assert (name.comment.text, name.comment.author) == ("识别清晰度 62.0%（低于 85%），请对照原件核对", "汇审")
    assert unit.fill.fill_type is None and unit.comment is None
    date = row[header.index("填表日期")]
    assert (date.value, date.number_format) == (dt.datetime(2024, 9, 1), "yyyy-mm-dd")


def _parts(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # its creation time differs


def test_details_built_in_a_forked_child_are_the_same(tmp_path: Path, report: Report, monkeypatch, caplog) -> None:
    """A large batch builds 材料明细 in a forked child: the same bytes as built here; and when the child fails,
    the file is built here after all (with a warning), never missing."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(files, "FORK_MIN_DOCUMENTS", 10**9)
    outputs.write_outputs(report, tmp_path / "here")
    monkeypatch.setattr(files, "FORK_MIN_DOCUMENTS", 1)
    assert files._can_fork(report)
    outputs.write_outputs(report, tmp_path / "child")
    for name in (outputs.SUMMARY_XLSX, outputs.FINDINGS_XLSX, outputs.DETAILS_XLSX):
        assert _parts(tmp_path / "here" / name) == _parts(tmp_path / "child" / name)

    parent = os.getpid()
    real = files.details_workbook

    def broken_in_child(r):
        if os.getpid() != parent:
            raise RuntimeError("child fails")
        return real(r)

    monkeypatch.setattr(files, "details_workbook", broken_in_child)
    outputs.write_outputs(report, tmp_path / "fallback")
    assert _parts(tmp_path / "fallback" / outputs.DETAILS_XLSX) == _parts(tmp_path / "here" / outputs.DETAILS_XLSX)
    assert "材料明细未能在子进程中生成" in caplog.text


def test_a_new_file_refused_its_name_puts_the_previous_set_back(tmp_path: Path, report: Report,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = _previous_set(tmp_path)
    real_replace = os.replace

    def refused(src, dst):  # the old files moved aside fine; the last new one cannot take its name
        if str(src).endswith(".tmp") and Path(dst).name == outputs.RECORDS_JSON:
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", refused)
    with pytest.raises(outputs.OutputError) as e:
        outputs.write_outputs(report, tmp_path)
    assert str(e.value) == ("records.json 无法替换（磁盘读写出错）。请换一个输出文件夹后重新运行；"
                            "输出文件夹中原有的文件一份也没有改动。")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
