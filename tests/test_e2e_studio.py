"""End to end: the CLI on the generated studio inbox finds every planted defect and nothing else; with last
year's 命名名单 in a registry, it also finds the 工作室 named then."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from samples.forms import NEAR_COPY_SIMILARITY, NEAR_COPY_THRESHOLD
from samples.studio import (
    EXPECTED_STUDIO,
    EXPECTED_STUDIO_REGISTRY,
    NAMED_LIST_STUDIO,
    NAMED_YEAR,
    NEAR_COPY_PLANTS,
    STUDIO_UNITS,
    build_studio_inbox,
)
from samples.studio_content import INDICATORS
from tests.e2e_common import (
    assert_near_copy_outputs,
    assert_near_copy_plants,
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


MEASURED = {"duplicate.near_copy": NEAR_COPY_SIMILARITY}  # actual = the measured similarity


built, run_result, registry_run = campaign_fixtures("studio", build_studio_inbox, NAMED_YEAR)
_docs = docs_by_path


def test_cli_completes(run_result):
    assert run_result["proc"].returncode == 0, run_result["proc"].stdout + run_result["proc"].stderr
    assert "汇审完成（配置：studio" in run_result["proc"].stdout


def test_exactly_the_planted_findings(run_result):
    """Including the light paraphrase across units; so neither the same-unit repetition nor the hard
    negative is flagged."""
    got, want = found(run_result["records"], MEASURED), planted(EXPECTED_STUDIO)
    assert got - want == set(), "flagged but not planted"
    assert want - got == set(), "planted but not found"


def test_near_copy_plants_only_the_copy_is_reported(run_result):
    """Of the three planted pairs only the light paraphrase is reported; one unit's own repetition and the
    texts that share only set phrases are not."""
    docs = _docs(run_result)
    assert_near_copy_plants(run_result["records"], NEAR_COPY_PLANTS, lambda p: docs[p]["fields"]["主要业绩"],
                            NEAR_COPY_THRESHOLD)


def test_near_copy_sheet_and_side_by_side_page(run_result):
    assert_near_copy_outputs(run_result["out"])


def test_registry_import_and_already_named(registry_run):
    assert_registry_run(registry_run, len(NAMED_LIST_STUDIO), 13, EXPECTED_STUDIO + EXPECTED_STUDIO_REGISTRY,
                        MEASURED)


def test_each_new_check_fires_at_least_once():
    codes = {e["code"] for e in EXPECTED_STUDIO}
    assert {"length.over", "evidence.no_numbers", "field.missing", "eligibility.established", "eligibility.title",
            "quota.exceeded", "summary.not_received", "summary.not_listed", "duplicate.submission",
            "numbers.inconsistent", "evidence.indicator_missing"} <= codes


def test_form_fields_exact_including_the_leader_block(run_result):
    docs = _docs(run_result)
    n = 0
    for unit in STUDIO_UNITS:
        for st in unit["studios"]:
            doc = docs[st["form_path"]]
            assert doc["kind"] == "studio_form"
            assert doc["unit"] == unit["推荐单位"]
            for key, want in st["fields"].items():
                assert doc["fields"][key] == want, (st["form_path"], key)
            n += 1
    assert n == 13


def test_supporting_documents_kinds_links_and_coverage(run_result):
    docs = _docs(run_result)
    for unit in STUDIO_UNITS:
        for st in unit["studios"]:
            name = st["fields"]["工作室名称"]
            covered = set()
            for path in st["evidence_paths"]:
                assert docs[path]["kind"] == "studio_evidence", path
                assert docs[path]["fields"]["工作室名称"] == name
                covered |= set(docs[path]["fields"]["覆盖指标"])
            assert covered == set(st["indicators"]), name
            if st["report_path"]:
                assert docs[st["report_path"]]["kind"] == "studio_report"
                assert docs[st["report_path"]]["fields"]["工作室名称"] == name


def test_long_pdf_read_for_text_only_and_still_covered(run_result):
    docs = _docs(run_result)
    long_pdfs = [d for d in docs.values() if d["path"].endswith(".pdf") and d["kind"] == "studio_evidence"]
    assert long_pdfs and all(d["pages"] > 8 for d in long_pdfs)
    assert all(len(d["fields"]["覆盖指标"]) == len(INDICATORS) for d in long_pdfs)


def test_every_input_accounted_for_and_untouched(run_result):
    inbox = run_result["inbox"]
    assert {d["path"] for d in run_result["records"]["documents"]} == expected_paths(inbox)
    assert tree_hashes(inbox) == run_result["before"]


def test_summary_table_columns_from_the_profile(run_result):
    ws = openpyxl.load_workbook(run_result["out"] / "汇总表.xlsx").active
    assert [c.value for c in ws[3]] == ["序号", "工作室名称", "领衔人", "所在单位", "专业领域", "成员人数", "建立日期",
                                        "推荐单位", "备注"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert [r[0] for r in rows] == list(range(1, 14))
    by_name = {r[1]: r for r in rows}
    for unit in STUDIO_UNITS:
        for st in unit["studios"]:
            r = by_name[st["fields"]["工作室名称"]]
            assert r[2] == st["fields"]["领衔人姓名"] and r[7] == unit["推荐单位"]


def test_coverage_sheet(run_result):
    wb = openpyxl.load_workbook(run_result["out"] / "材料明细.xlsx")
    ws = wb["工作实绩支撑材料覆盖情况"]
    header = [c.value for c in ws[1]]
    assert header[4:] == list(INDICATORS)
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    for unit in STUDIO_UNITS:
        for st in unit["studios"]:
            r = rows[st["fields"]["工作室名称"]]
            assert r[3] == f"{len(st['indicators'])}/15"
            assert [k for k, v in zip(INDICATORS, r[4:], strict=True) if v == "✓"] == \
                [k for k in INDICATORS if k in st["indicators"]]
    # a missed item is filled yellow, a covered one is not
    marks = [c for r in ws.iter_rows(min_row=2, min_col=5) for c in r]
    assert {c.value for c in marks} == {"✓", "—"}
    assert all((c.fill.fill_type == "solid" and c.fill.fgColor.rgb[-6:] == "FFF2CC") == (c.value == "—") for c in marks)
