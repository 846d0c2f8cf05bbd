"""End to end: the CLI on the generated wuxiao inbox (2023 阳泉“五小”竞赛) reads every field of every document
exactly and finds every planted defect and nothing else; with last year's winners and last year's batch in the
registry, it also finds the result named then and the description copied from last year under another 带头人."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from samples.wuxiao import (
    AWARD_DOCS,
    EARLIER_WUXIAO,
    EXPECTED_WUXIAO,
    EXPECTED_WUXIAO_REGISTRY,
    MEASURED_WUXIAO,
    NAMED_LIST_WUXIAO,
    NAMED_YEAR,
    WUXIAO_UNITS,
    build_wuxiao_inbox,
    form_fields,
)
from tests.e2e_common import (
    assert_registry_run,
    campaign_fixtures,
    docs_by_path,
    expected_paths,
    found,
    huishen,
    planted,
    run_cli,
    tree_hashes,
)

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="需要 LibreOffice（soffice）生成 PDF 样例：make sysdeps 会安装")


# The registry run is the campaign's own: last year's batch is remembered too, not only its winners list.
built, run_result = campaign_fixtures("wuxiao", build_wuxiao_inbox, NAMED_YEAR)[:2]


@pytest.fixture(scope="module")
def registry_run(built):
    """Last year's winners imported into a registry of its own, last year's batch remembered in it (one result
    whose description this year's W17 rewords), then ``run --remember`` on the inbox."""
    from pipeline.registry.store import Registry, RegistryEntry, TextItem
    from samples.named_list import write_named_list

    base, inbox = built
    env = {"HUISHEN_REGISTRY": str(base / "registry")}
    named = write_named_list("wuxiao", base / f"{NAMED_YEAR}命名名单.xlsx")
    imported = huishen(["registry", "import", str(named), "--campaign", "wuxiao", "--year", str(NAMED_YEAR)], env)
    e = EARLIER_WUXIAO
    with Registry.open(str(base / "registry")) as reg:
        reg.remember([RegistryEntry("wuxiao", e["year"], e["name"], e["unit"], kind="wuxiao_form", leader=e["leader"],
                                    source="2022年“五小”竞赛", ref="2022/配电室轨道巡检小车-申报表.docx",
                                    texts=[TextItem(e["label"], e["text"])])])
    return {"import": imported, **run_cli(inbox, "wuxiao", base / "out_registry", ["--remember"], env)}


_docs = docs_by_path


def _results():
    return [(u, r) for u in WUXIAO_UNITS for r in u["results"]]


def test_cli_completes_and_inputs_untouched(run_result):
    assert run_result["proc"].returncode == 0, run_result["proc"].stdout + run_result["proc"].stderr
    assert "汇审完成（配置：wuxiao" in run_result["proc"].stdout
    assert tree_hashes(run_result["inbox"]) == run_result["before"]


def test_every_file_accounted_for(run_result):
    docs = _docs(run_result)
    assert set(docs) == expected_paths(run_result["inbox"])
    n = len(docs)
    assert f"文件 {n} 个，来自 6 个单位；识别出材料 {n} 份" in run_result["proc"].stdout


def test_form_fields_exact(run_result):
    docs = _docs(run_result)
    for unit, r in _results():
        d = docs[r["form_path"]]
        assert d["kind"] == "wuxiao_form" and d["unit"] == unit["推荐单位"], r["form_path"]
        assert d["fields"] == form_fields(unit, r), r["form_path"]


def test_award_documents_exact(run_result):
    """Each unit's 表彰决定 (one a scan listing its results as numbered lines) gives its issuer, 文号, date and
    the names it honours, as written."""
    docs = _docs(run_result)
    for path, unit in AWARD_DOCS.items():
        a = unit["award"]
        y, m, d = a["date"].replace("年", "-").replace("月", "-").removesuffix("日").split("-")
        names = [next(r for _, r in _results() if r["id"] == rid)["fields"]["成果名称"] for rid in a["listed"]]
        assert docs[path]["kind"] == "wuxiao_award" and docs[path]["unit"] == unit["推荐单位"], path
        assert docs[path]["fields"] == {"发文单位": a["issuer"], "文号": a["number"],
                                        "日期": f"{y}-{int(m):02d}-{int(d):02d}", "表彰成果": names}, path


def test_summary_items_exact(run_result):
    docs = _docs(run_result)
    for unit in WUXIAO_UNITS:
        if not unit["summary"]:
            continue
        d = docs[unit["summary_path"]]
        assert d["kind"] == "wuxiao_summary" and d["unit"] == unit["推荐单位"]
        listed = [r for r in unit["results"] if r["id"] != unit.get("unlisted")]
        names = [i["成果名称"] for i in d["fields"]["条目"]]
        extra = [unit["unlisted_extra"][1]] if unit.get("unlisted_extra") else []
        assert names == [r["fields"]["成果名称"] for r in listed] + extra
        assert [i["经济效益"] for i in d["fields"]["条目"][:len(listed)]] == [r["fields"]["经济效益"] for r in listed]
        assert [i["其他完成人"] for i in d["fields"]["条目"][:len(listed)]] == [
            "、".join(t[0] for t in r["team"]) if r["team"] else None for r in listed]
        assert d["fields"]["推荐单位"] == unit["推荐单位"] and d["fields"]["联系人"] == unit["联系人"]


def test_exactly_the_planted_findings(run_result):
    got, want = found(run_result["records"], MEASURED_WUXIAO), planted(EXPECTED_WUXIAO)
    assert got - want == set(), "flagged but not planted"
    assert want - got == set(), "planted but not found"


def test_misappropriation_names_both_sides(run_result):
    """The copied description is an error naming both results, both 带头人 and both 申报单位, with the shared
    passages; it is in the 相似文本 sheet and shown side by side."""
    (f,) = [f for f in run_result["records"]["findings"] if f["code"] == "duplicate.misappropriation"]
    assert f["severity"] == "error"
    for name in ("液压支架快速拆装工具", "综采支架立柱拆装器", "赵勇", "周平", "盂县东方煤业有限公司", "阳泉市矿区兴达机械厂"):
        assert name in f["message"], name
    assert f["pair"]["passages"] and all(p in f["message"] or p[:60] in f["message"] for p in f["pair"]["passages"][:2])
    assert not [x for x in run_result["records"]["findings"] if x["code"] == "duplicate.near_copy"]
    rows = list(openpyxl.load_workbook(run_result["out"] / "异常报告.xlsx")["相似文本"].iter_rows(values_only=True))
    assert len(rows) == 2
    assert "相似文本对照" in (run_result["out"] / "异常报告.html").read_text(encoding="utf-8")


def test_summary_table_columns_and_groups(run_result):
    """The 汇总表 in 附件2's columns, grouped by 推荐单位; 基层表彰情况 from the form's four fields."""
    ws = openpyxl.load_workbook(run_result["out"] / "汇总表.xlsx")["汇总表"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "序号")
    assert header == ["序号", "申报单位", "成果名称", "成果类别", "项目带头人", "其他完成人", "基层表彰情况",
                      "经济效益（万元/年）", "联系电话", "备注"]
    body = {r[2]: r for r in rows if r and isinstance(r[0], int)}
    assert body["带式输送机托辊快速更换装置"][1:] == [
        "华阳集团一矿机电工区", "带式输送机托辊快速更换装置", "小革新", "张建国", "李强、王磊",
        "盂县总工会2023年度职工“五小”创新优秀成果（盂工发〔2023〕21号）", 30, "13903530000", None]
    assert body["阀门密封面研磨装置"][7] == 12.5
    assert body["果园自走式割草机"][6] is None  # no award stated
    groups = [r[0] for r in rows if r and isinstance(r[0], str) and r[0].startswith("推荐单位：")]
    assert len(groups) == len(WUXIAO_UNITS)


def test_scores_make_leaves_out_the_disqualified(run_result, tmp_path):
    """huishen scores make on the batch: one sheet per expert with 附件4's five criteria; the results copied from
    another's are not scored."""
    out = tmp_path / "out"
    shutil.copytree(run_result["out"], out)
    proc = huishen(["scores", "make", str(out), "--experts", "2"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sheets = sorted((out / "评审").glob("评分表-*.xlsx"))
    assert len(sheets) == 2
    text = "\n".join(str(c) for r in openpyxl.load_workbook(sheets[0]).worksheets[0].iter_rows(values_only=True)
                     for c in r if c is not None)
    for criterion in ("创新性", "实用性", "经济效益", "推广应用", "社会效益"):
        assert criterion in text
    assert "带式输送机托辊快速更换装置" in text and "液压支架快速拆装工具" not in text


def test_registry_already_named_and_copied_from_last_year(registry_run):
    """With 2022's winners and 2022's batch in the registry: the result named then (its name written differently)
    and the description reworded from 2022's record of another 带头人 and 申报单位; nothing else changes."""
    assert_registry_run(registry_run, len(NAMED_LIST_WUXIAO), 18, EXPECTED_WUXIAO + EXPECTED_WUXIAO_REGISTRY,
                        MEASURED_WUXIAO)
    records = registry_run["records"]
    (f,) = [f for f in [*records["findings"], *(x for d in records["documents"] for x in d["findings"])]
            if f["code"] == "duplicate.misappropriation" and "韩冬" in f["message"]]
    assert "韩冬" in f["message"] and "陈涛" in f["message"] and "2022 年" in f["message"]
