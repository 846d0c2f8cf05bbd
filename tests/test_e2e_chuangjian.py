"""End to end: the CLI on the generated chuangjian inbox (2022 济宁医学院 创新工作室创建, the 六有) reads every field of
every document exactly, grades every studio as planted and finds every planted defect and nothing else."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from samples.chuangjian import (
    CHUANGJIAN_UNITS,
    EXPECTED_CHUANGJIAN,
    EXPECTED_CHUANGJIAN_REGISTRY,
    GRADES,
    MEASURED_CHUANGJIAN,
    NAMED_LIST_CHUANGJIAN,
    NAMED_YEAR,
    STANDARDS,
    build_chuangjian_inbox,
    evidence_fields,
    form_fields,
    ledger_fields,
)
from tests.e2e_common import (
    assert_registry_run,
    campaign_fixtures,
    docs_by_path,
    expected_paths,
    found,
    planted,
    tree_hashes,
)

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="需要 LibreOffice（soffice）生成 PDF 样例：make sysdeps 会安装")


built, run_result, registry_run = campaign_fixtures("chuangjian", build_chuangjian_inbox, NAMED_YEAR)
_docs = docs_by_path


def _studios():
    return [(u, s) for u in CHUANGJIAN_UNITS for s in u["studios"]]


def test_cli_completes_and_inputs_untouched(run_result):
    assert run_result["proc"].returncode == 0, run_result["proc"].stdout + run_result["proc"].stderr
    assert "汇审完成（配置：chuangjian" in run_result["proc"].stdout
    assert tree_hashes(run_result["inbox"]) == run_result["before"]


def test_every_file_accounted_for(run_result):
    assert set(_docs(run_result)) == expected_paths(run_result["inbox"])


def test_form_fields_exact(run_result):
    """Every field of every 申报表 under its drafted key: choices as lists / true-false, the sub-tables as lists of
    dicts, the 领衔人's honours a list."""
    docs = _docs(run_result)
    for u, s in _studios():
        d = docs[s["form_path"]]
        assert d["kind"] == "chuangjian_form" and d["unit"] == u["unit"], s["form_path"]
        assert d["fields"] == form_fields(s), s["form_path"]


def test_ledger_and_evidence_fields_exact(run_result):
    """A 台账's rows under 条目, its studio and year from its title; a 佐证材料 says which 有 it supports."""
    docs = _docs(run_result)
    for u, s in _studios():
        if s["ledger_path"]:
            d = docs[s["ledger_path"]]
            assert d["kind"] == "chuangjian_ledger" and d["unit"] == u["unit"]
            assert d["fields"] == ledger_fields(s), s["ledger_path"]
        for e, path in s["evidence_paths"].items():
            d = docs[path]
            assert d["kind"] == "chuangjian_evidence" and d["unit"] == u["unit"]
            assert d["fields"] == evidence_fields(s, e), path


def test_exactly_the_planted_findings(run_result):
    got, want = found(run_result["records"], MEASURED_CHUANGJIAN), planted(EXPECTED_CHUANGJIAN)
    assert got - want == set(), "flagged but not planted"
    assert want - got == set(), "planted but not found"


def test_standards_sheet_cells(run_result):
    """材料明细's 六有达标情况: a row per studio, each standard's grade and, beside it, the reason when not 达标."""
    ws = openpyxl.load_workbook(run_result["out"] / "材料明细.xlsx")["六有达标情况"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:3] == ["申报分工会", "工作室名称", "达标情况"]
    assert rows[0][3::2] == STANDARDS and rows[0][4::2] == [f"{k}（原因）" for k in STANDARDS]
    got = {r[1]: r[3::2] for r in rows[1:]}
    assert got == GRADES
    for r in rows[1:]:
        assert r[2] == f"{GRADES[r[1]].count('达标')}/6 达标"
        assert [bool(x) for x in r[4::2]] == [g != "达标" for g in GRADES[r[1]]]
    html = (run_result["out"] / "异常报告.html").read_text(encoding="utf-8")
    assert 'id="standards"' in html and html.count('class="badge met"') == sum(g.count("达标") for g in GRADES.values())


def test_summary_table_columns_and_groups(run_result):
    ws = openpyxl.load_workbook(run_result["out"] / "汇总表.xlsx")["汇总表"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "序号")
    assert header == ["序号", "申报分工会", "工作室名称", "领衔人", "创新方向", "成员人数", "六有达标情况", "备注"]
    body = {r[2]: r for r in rows if r and isinstance(r[0], int)}
    assert len(body) == len(_studios())
    for u, s in _studios():
        f = s["fields"]
        row = body[f["工作室名称"]]
        assert row[1] == u["unit"] and row[3] == f["领衔人姓名"] and row[5] == f["成员人数"]
        assert row[6] == f"{GRADES[f['工作室名称']].count('达标')}/6 达标"
    groups = [r[0] for r in rows if r and isinstance(r[0], str) and r[0].startswith("申报分工会：")]
    assert groups == [f"申报分工会：{u['unit']}" for u in CHUANGJIAN_UNITS]


def test_no_english_or_codes_in_what_the_outputs_say(run_result):
    import re

    from tests.jargon import html_text, jargon_in, workbook_text

    out, records = run_result["out"], run_result["records"]
    theirs: set[str] = set()
    for d in records["documents"]:
        theirs.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", str([d["path"], d["fields"], d["raw"]])))
    got = {name: jargon_in(workbook_text(out / name), allow=theirs)
           for name in ("汇总表.xlsx", "异常报告.xlsx", "材料明细.xlsx")}
    got["异常报告.html"] = jargon_in(html_text(out / "异常报告.html"), allow=theirs)
    assert got == {name: [] for name in got}


def test_registry_a_studio_already_awarded_is_an_inspection(registry_run):
    """With 2021's 授牌名单 in the registry, the studio awarded then is a yearly inspection (a warning), not a
    registry.already_named error; the batch's 9 studios are remembered."""
    assert_registry_run(registry_run, len(NAMED_LIST_CHUANGJIAN), 9,
                        EXPECTED_CHUANGJIAN + EXPECTED_CHUANGJIAN_REGISTRY, MEASURED_CHUANGJIAN)
    (f,) = [f for f in registry_run["records"]["findings"] if f["code"] == "registry.inspection"]
    assert "年度检查" in f["message"] and "本年工作台账 4 条" in f["message"]
