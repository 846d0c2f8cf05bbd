"""End to end: the CLI on the generated banzu inbox finds every planted defect and nothing else."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from checks.base import REGISTRY, all_checks
from samples.generate import BANZU_UNITS, EXPECTED_BANZU, build_banzu_inbox
from tests.e2e_common import expected_paths, found, planted, run_cli, tree_hashes

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="需要 LibreOffice（soffice）生成 PDF 样例：make sysdeps 会安装")

OUTPUTS = ["汇总表.xlsx", "异常报告.xlsx", "异常报告.html", "材料明细.xlsx", "records.json"]


all_checks()  # fills REGISTRY


@pytest.fixture(scope="module")
def run_result(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e")
    return run_cli(build_banzu_inbox(base / "inbox"), "banzu", base / "out")


def test_cli_completes_with_chinese_summary(run_result):
    proc = run_result["proc"]
    assert proc.returncode == 0, proc.stderr
    assert "汇审完成" in proc.stdout
    severities = Counter(REGISTRY[e["code"]].severity.label for e in EXPECTED_BANZU)
    assert severities == {"错误": 9, "警告": 3, "提示": 2}
    for label, n in severities.items():
        assert f"{label} {n}" in proc.stdout
    assert "jieba" not in proc.stderr  # no library chatter for the user
    for name in OUTPUTS:
        assert (run_result["out"] / name).stat().st_size > 0


def test_exactly_the_planted_findings(run_result):
    got, want = found(run_result["records"]), planted(EXPECTED_BANZU)
    assert got - want == set(), "flagged but not planted"
    assert want - got == set(), "planted but not found"


def test_form_fields_exact(run_result):
    docs = {d["path"]: d for d in run_result["records"]["documents"]}
    checked = 0
    for unit in BANZU_UNITS:
        for bz in unit["banzu"]:
            doc = docs[bz["form_path"]]
            assert doc["kind"] == "banzu_form"
            assert doc["unit"] == unit["推荐单位"]
            for key, want in bz["fields"].items():
                assert doc["fields"][key] == want, (bz["form_path"], key)
            checked += 1
    assert checked == 21


def test_case_sections_exact(run_result):
    docs = {d["path"]: d for d in run_result["records"]["documents"]}
    for unit in BANZU_UNITS:
        for bz in unit["banzu"]:
            doc = docs[bz["case_path"]]
            if not bz["case_readable"]:
                assert doc["kind"] == "unreadable"
                continue
            assert doc["kind"] == "banzu_case", bz["case_path"]
            assert doc["unit"] == unit["推荐单位"]
            assert doc["fields"]["班组名称"] == bz["fields"]["班组名称"]
            assert doc["fields"]["字数"] == bz["case_chars"]
            for key, want in bz["case"].items():
                got = doc["fields"].get(key)
                assert (got or None) == want, (bz["case_path"], key)


def test_unit_summaries_read(run_result):
    docs = {d["path"]: d for d in run_result["records"]["documents"]}
    for unit in BANZU_UNITS:
        doc = docs[unit["summary"]["path"]]
        assert doc["kind"] == "banzu_summary"
        assert doc["fields"]["推荐单位"] == unit["推荐单位"]
        assert [i["班组名称"] for i in doc["fields"]["条目"]] == unit["summary"]["listed"]


def test_every_input_accounted_for_and_untouched(run_result):
    inbox = run_result["inbox"]
    assert {d["path"] for d in run_result["records"]["documents"]} == expected_paths(inbox)
    assert tree_hashes(inbox) == run_result["before"]


def test_summary_workbook_layout(run_result):
    wb = openpyxl.load_workbook(run_result["out"] / "汇总表.xlsx")
    ws = wb.active
    assert ws["A1"].value == "重点培育对象和班组创新案例推荐汇总表"
    assert [c.value for c in ws[2]][:5] == ["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"]
    numbers = [r[0] for r in ws.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
    assert numbers == list(range(1, 22))  # 21 班组 received, numbered across the sheet
    group_rows = [r[0] for r in ws.iter_rows(min_row=3, values_only=True) if isinstance(r[0], str)]
    assert len(group_rows) == 7 and all(g.startswith("推荐单位：") for g in group_rows)
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape"


def test_exit_code_for_missing_inbox(tmp_path):
    huishen = Path(sys.executable).parent / "huishen"
    proc = subprocess.run([str(huishen), "run", str(tmp_path / "nope"), "--profile", "banzu", "--out",
                           str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "找不到收件文件夹" in proc.stdout


def test_outputs_open_in_libreoffice_calc(run_result, tmp_path):
    from tests.test_writers import _soffice_to_csv

    out, csv_dir = run_result["out"], tmp_path / "csv"
    names = ["汇总表.xlsx", "异常报告.xlsx", "材料明细.xlsx"]
    proc = _soffice_to_csv([out / n for n in names], csv_dir, tmp_path / "lo_profile")
    assert proc.returncode == 0, proc.stderr
    produced = sorted(p.name for p in csv_dir.glob("*.csv"))
    for name in names:
        assert any(p.startswith(name.removesuffix(".xlsx")) for p in produced), (name, produced)
    summary = next(csv_dir.glob("汇总表*.csv")).read_text(encoding="utf-8")
    assert "重点培育对象和班组创新案例推荐汇总表" in summary
