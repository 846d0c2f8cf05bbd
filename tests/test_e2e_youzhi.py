"""End to end: the CLI on the generated youzhi inbox (2020 江苏 基层工会服务教职工优质项目) reads every field of every
document exactly and finds every planted defect and nothing else."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from samples.youzhi import (
    EXPECTED_YOUZHI,
    EXPECTED_YOUZHI_REGISTRY,
    MEASURED_YOUZHI,
    NAMED_LIST_YOUZHI,
    NAMED_YEAR,
    YOUZHI_UNITS,
    build_youzhi_inbox,
    form_fields,
    writeup_fields,
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


built, run_result, registry_run = campaign_fixtures("youzhi", build_youzhi_inbox, NAMED_YEAR)
_docs = docs_by_path


def _projects():
    return [(u, p) for u in YOUZHI_UNITS for p in u["projects"]]


def test_cli_completes_and_inputs_untouched(run_result):
    assert run_result["proc"].returncode == 0, run_result["proc"].stdout + run_result["proc"].stderr
    assert "汇审完成（配置：youzhi" in run_result["proc"].stdout
    assert tree_hashes(run_result["inbox"]) == run_result["before"]


def test_every_file_accounted_for(run_result):
    """Every input file is a record; the file holding both the 申报表 and the 申报书 gives a second record."""
    docs = _docs(run_result)
    files = {p for p in docs if "#" not in p}
    assert files == expected_paths(run_result["inbox"])
    parts = {p: d["part_of"] for p, d in docs.items() if "#" in p}
    (u, p6), = [(u, p) for u, p in _projects() if p["writeup_as"] == "same"]
    assert parts == {p6["writeup_path"]: p6["form_path"]}


def test_form_fields_exact(run_result):
    docs = _docs(run_result)
    for unit, p in _projects():
        d = docs[p["form_path"]]
        assert d["kind"] == "youzhi_form" and d["unit"] == unit["推荐单位"], p["form_path"]
        assert d["fields"] == form_fields(unit, p), p["form_path"]


def test_writeup_fields_exact(run_result):
    docs = _docs(run_result)
    for unit, p in _projects():
        if p["writeup_path"] is None:
            continue
        d = docs[p["writeup_path"]]
        assert d["kind"] == "youzhi_writeup" and d["unit"] == unit["推荐单位"], p["writeup_path"]
        sections = {k: "\n".join(v) for k, v in p["writeup"].items()}
        want = {**writeup_fields(unit, p), **sections, "创新点": "", "长效机制": ""}
        assert d["fields"] == want, p["writeup_path"]


def test_summary_items_exact(run_result):
    docs = _docs(run_result)
    for unit in YOUZHI_UNITS:
        if not unit["summary"]:
            continue
        d = docs[unit["summary_path"]]
        assert d["kind"] == "youzhi_summary" and d["unit"] == unit["推荐单位"]
        names = [i["项目名称"] for i in d["fields"]["条目"]]
        listed = [p["fields"]["项目名称"] for p in unit["projects"] if p["id"] != "P9"]
        extra = [unit["unlisted_extra"][1]] if unit.get("unlisted_extra") else []
        assert names == listed + extra
        assert [i["推荐排序"] for i in d["fields"]["条目"]] == list(range(1, len(names) + 1))
        assert d["fields"]["推荐单位"] == unit["推荐单位"] and d["fields"]["联系人"] == unit["联系人"]


def test_exactly_the_planted_findings(run_result):
    got, want = found(run_result["records"], MEASURED_YOUZHI), planted(EXPECTED_YOUZHI)
    assert got - want == set(), "flagged but not planted"
    assert want - got == set(), "planted but not found"


def test_near_copy_is_the_reworded_write_up(run_result):
    """常州's 申报书 rewords 南京's: the one pair, shown side by side with the shared passages marked."""
    from tests.e2e_common import assert_near_copy_outputs, near_copy_pairs

    (pair,) = near_copy_pairs(run_result["records"])
    assert (pair["a"]["unit"], pair["b"]["unit"]) == ("南京市教育工会", "常州市教育工会")
    assert pair["passages"]
    assert_near_copy_outputs(run_result["out"])


def test_plan_sentences_quoted(run_result):
    (f,) = [f for d in run_result["records"]["documents"] for f in d["findings"]
            if f["code"] == "eligibility.not_implemented" and f["field"] == "成效"]
    assert f["evidence"].split("\n") == ["项目拟于明年上半年覆盖全院教职工。", "我们计划每月开展一次健康讲座。",
                                         "预计受益教职工将达到300人。"]


def test_summary_table_columns_and_groups(run_result):
    """The 汇总表 in 附件3's columns, grouped by 推荐单位; 实施时间 as one range, an open one "至今"."""
    ws = openpyxl.load_workbook(run_result["out"] / "汇总表.xlsx")["汇总表"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "序号")
    assert header == ["序号", "申报单位", "项目名称", "所属行动", "实施时间", "投入资金（万元）", "受益教职工（人）",
                      "项目负责人", "联系电话", "推荐排序", "备注"]
    body = [r for r in rows if r and isinstance(r[0], int)]
    by_name = {r[2]: r for r in body}
    assert by_name["教职工子女暑期托管班"][3:7] == ["暖心聚力", "2019-07—至今", 12, 800]
    assert by_name["教师书香读书会"][4] == "2021-03—2022-12"
    assert by_name["教职工健步走"][9] == 2  # its unit's own 推荐排序
    groups = [r[0] for r in rows if r and isinstance(r[0], str) and r[0].startswith("推荐单位：")]
    assert len(groups) == len(YOUZHI_UNITS)


def test_no_english_or_codes_in_what_the_outputs_say(run_result):
    """The four outputs for people say everything in Chinese (the 代码 column aside), new checks included."""
    import re

    from tests.jargon import html_text, jargon_in, workbook_text

    out, records = run_result["out"], run_result["records"]
    theirs: set[str] = set()
    for d in records["documents"]:
        theirs.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", str([d["path"], d["fields"], d["raw"]])))
    found = {name: jargon_in(workbook_text(out / name), allow=theirs)
             for name in ("汇总表.xlsx", "异常报告.xlsx", "材料明细.xlsx")}
    found["异常报告.html"] = jargon_in(html_text(out / "异常报告.html"), allow=theirs)
    assert found == {name: [] for name in found}


def test_cli_counts_files_not_records(run_result):
    """23 files make 24 records: the file holding both the 申报表 and the 申报书 is one file."""
    out = run_result["proc"].stdout
    n_files = len(expected_paths(run_result["inbox"]))
    assert f"文件 {n_files} 个，来自 6 个单位；识别出材料 {n_files + 1} 份" in out


def test_registry_import_and_already_named(registry_run):
    """With 2019's 命名名单 in the registry, the project named then (its name written differently there) is
    reported, and nothing else changes; the batch's 10 projects are remembered."""
    assert_registry_run(registry_run, len(NAMED_LIST_YOUZHI), 10, EXPECTED_YOUZHI + EXPECTED_YOUZHI_REGISTRY,
                        MEASURED_YOUZHI)


def test_letters_say_what_to_do_for_the_new_checks(run_result, tmp_path):
    """The 退改通知 of a unit with the new findings words each as the unit's task, and cites the notice's rule."""
    import docx

    from tests.e2e_common import huishen

    out = tmp_path / "out"
    shutil.copytree(run_result["out"], out)
    proc = huishen(["letters", str(out)])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = [[c.text for c in r.cells] for t in docx.Document(out / "退改通知" / "苏州市教育工会.docx").tables
            for r in t.rows]
    todo = {r[3] for r in rows}
    assert "请核实并填写项目投入资金（须大于 0，其中工会经费不超过投入总额）" in todo
    assert "请确认项目由工会主导实施，申报单位填写工会的名称" in todo
    assert "请核实项目的实施时间和已取得的成效；尚未实施的项目不能申报，请撤回或更换项目" in todo
    basis = "\n".join(r[4] for r in rows)
    assert "通知要求：申报的项目必须是工会主导完成的" in basis
    assert "通知要求：每个设区市教育工会推荐 1–2 个" in basis


def test_web_shows_the_second_material_of_a_file_with_its_file(run_result, tmp_path):
    """In the browser the 申报书 read from after the 申报表's table has its own page, and its original is the file."""
    import re
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from pipeline.web.app import build_app
    from pipeline.web.settings import WebSettings

    c = TestClient(build_app(WebSettings(data_dir=tmp_path / "web", jobs=0, folders=[run_result["out"]])),
                   headers={"origin": "http://testserver"})
    (batch,) = sorted(set(re.findall(r'href="(/b/[^"/]+)"', c.get("/").text)))
    docs = run_result["records"]["documents"]
    (i,) = [i for i, d in enumerate(docs) if d.get("part_of")]
    page = c.get(f"{batch}/doc/{i}")
    assert page.status_code == 200 and "机械学院教职工健康小屋" in page.text
    original = c.get(f"{batch}/doc/{i}/original")
    assert original.status_code == 200
    assert original.content == (run_result["inbox"] / docs[i]["part_of"]).read_bytes()
