"""End to end: the CLI on the generated banzu inbox finds every planted defect and nothing else.

The inbox holds what real submissions hold (samples/README.md): docx, .doc/.wps/.rtf/.odt/.docm,
scans (image-only PDF, PNG, phone JPEG, TIFF), a mixed PDF, a PDF with a garbage text layer, archives
(.zip with a nested .zip, .7z, .rar) and a folder of broken and hostile files; one case is a light paraphrase
of another unit's. Generation (~20 s) and OCR of seven scanned pages make this one of the slowest tests
(60-90 s on two cores). A second run on the same inbox (its files' extraction cached: a few seconds) has last
year's 命名名单 in a registry and also finds the 班组 named then.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from checks.base import REGISTRY
from checks.catalog import all_checks
from samples.banzu import (
    BANZU_UNITS,
    EXPECTED_BANZU,
    EXPECTED_BANZU_REGISTRY,
    NAMED_LIST_BANZU,
    NAMED_YEAR,
    NEAR_COPY_PLANTS,
    OCR_DOUBT,
    SCAN_CONFIDENCE,
)
from samples.banzu_content import SECTION_KEYS
from samples.forms import NEAR_COPY_SIMILARITY, NEAR_COPY_THRESHOLD, OCR_FORMATS
from tests.e2e_common import (
    assert_near_copy_outputs,
    assert_near_copy_plants,
    assert_registry_run,
    expected_paths,
    found,
    planted,
    run_cli,
    run_with_named_list,
    tree_hashes,
)

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="需要 LibreOffice（soffice）生成 PDF 样例：make sysdeps 会安装")

OUTPUTS = ["汇总表.xlsx", "异常报告.xlsx", "异常报告.html", "材料明细.xlsx", "records.json"]
# Measured, not planted: file.scanned's actual is the mean OCR confidence, field.low_confidence's the field's,
# duplicate.near_copy's the similarity.
MEASURED = {"file.scanned": SCAN_CONFIDENCE, "field.low_confidence": OCR_DOUBT,
            "duplicate.near_copy": NEAR_COPY_SIMILARITY}

# (code, path, field) of findings reported although the file gives no cause. None today (the 分工会 ☑ of
# 南京大学's scanned form, read from the drawing, no longer takes the recogniser's 0.68).

# The reason every refused or junk file of 南京市教育工会/补充材料 must give (records.json "reason").
SUPPLEMENT_REASONS = {
    "补充说明.docx": "空文件（0 字节）",
    "获奖证书.pdf": "PDF 文件已损坏或不完整（文件末尾缺失，可能没有传完或下载中断）",
    "活动照片.docx": "未识别出本次评选的表格或案例（没有找到表单栏目、案例小标题或汇总表表头）",
    "成果清单.docx": "文件已加密（设置了打开密码），请去掉密码后重新提交",
    "专利证书.pdf": "PDF 已加密，需要密码才能打开",
    "班组简介.docx": "Word 文件内部含有可能有害的内容，为安全起见未读取；请打开后另存一份再提交",
    "工作总结.pdf": "文件中没有可提取的文字（可能是扫描件或图片）；PDF 中未找到页面（页面目录可能已损坏）；"
    "PDF 没有可提取的文字（可能是扫描件）",
    ".DS_Store": "系统生成的文件（.DS_Store）",
    "压缩包.zip/../../推荐表.docx": "压缩包内文件名含有非法路径（../../推荐表.docx），为安全起见未解压",
    "压缩包.zip/附件材料.docx": "压缩包内文件压缩比异常（1029:1，上限 200:1；解压后 20 MB），可能是恶意文件，为安全起见未解压",
    "压缩包.zip/推荐表（加密）.docx": "压缩包已加密（此文件需要密码才能解压），请去掉密码后重新提交",
    "证明材料.7z": "压缩包已加密，需要密码才能解压，请去掉密码后重新提交",
}  # fmt: skip
SUPPLEMENT_KINDS = {"file.unreadable": "unreadable", "file.unrecognised": "unrecognised", "file.junk": "junk"}


all_checks()  # fills REGISTRY


@pytest.fixture(scope="module")
def built(tmp_path_factory, banzu_inbox):
    return tmp_path_factory.mktemp("e2e"), banzu_inbox


@pytest.fixture(scope="module")
def run_result(built):
    base, inbox = built
    return run_cli(inbox, "banzu", base / "out")


@pytest.fixture(scope="module")
def registry_run(built, run_result):
    """Last year's 命名名单 imported into a registry of its own, then ``run --remember`` on the same inbox
    (after the plain run, so the extraction cache it filled makes this run quick)."""
    base, inbox = built
    return run_with_named_list(base, inbox, "banzu", NAMED_YEAR)


@pytest.fixture(scope="module")
def docs(run_result) -> dict[str, dict]:
    return {d["path"]: d for d in run_result["records"]["documents"]}


def _ocr_text(value):
    """The recogniser drops the space inside “科教报国 创新有我” (a half-width space between two CJK
    runs): OCR'd text is compared without spaces; line breaks still count."""
    return value.replace(" ", "") if isinstance(value, str) else value


def test_cli_completes_with_chinese_summary(run_result):
    proc = run_result["proc"]
    assert proc.returncode == 0, proc.stderr
    assert "汇审完成" in proc.stdout
    severities = Counter(REGISTRY[e["code"]].severity.label for e in EXPECTED_BANZU)
    assert severities == {"错误": 18, "警告": 8, "提示": 11}
    for label, n in severities.items():
        assert f"{label} {n}" in proc.stdout
    assert "jieba" not in proc.stderr  # no library chatter for the user
    for name in OUTPUTS:
        assert (run_result["out"] / name).stat().st_size > 0


def test_exactly_the_planted_findings(run_result):
    """Including the light paraphrase across units; so neither the same-unit repetition nor the hard
    negative is flagged."""
    got, want = found(run_result["records"], MEASURED), planted(EXPECTED_BANZU)
    assert got - want == set(), "flagged but not planted"
    assert want - got == set(), "planted but not found"


def _long_text(doc: dict, path: str) -> str:
    """The text of ``path`` the near-copy check compares: a form's 竞赛情况, a case's sections one per line."""
    if doc["kind"] == "banzu_form":
        return doc["fields"]["竞赛情况"]
    return "\n".join(doc["fields"][k] for k in SECTION_KEYS if doc["fields"].get(k))


def test_near_copy_plants_only_the_copy_is_reported(docs, run_result):
    """Of the three planted pairs only the light paraphrase is reported; one unit's own repetition and the
    texts that share only set phrases are not."""
    assert_near_copy_plants(run_result["records"], NEAR_COPY_PLANTS, lambda p: _long_text(docs[p], p),
                            NEAR_COPY_THRESHOLD)


def test_near_copy_sheet_and_side_by_side_page(run_result):
    assert_near_copy_outputs(run_result["out"])


def test_registry_import_and_already_named(registry_run):
    assert_registry_run(registry_run, len(NAMED_LIST_BANZU), 21, EXPECTED_BANZU + EXPECTED_BANZU_REGISTRY,
                        MEASURED)


def test_form_fields_exact(docs):
    checked = 0
    for unit in BANZU_UNITS:
        for bz in unit["banzu"]:
            doc = docs[bz["form_path"]]
            assert doc["kind"] == "banzu_form", bz["form_path"]
            assert doc["unit"] == unit["推荐单位"]
            scan = bz["form_format"] in OCR_FORMATS
            for key, want in bz["fields"].items():
                got = doc["fields"][key]
                if scan:
                    got, want = _ocr_text(got), _ocr_text(want)
                assert got == want, (bz["form_path"], key)
            checked += 1
    assert checked == 21


def test_case_sections_exact(docs):
    for unit in BANZU_UNITS:
        for bz in unit["banzu"]:
            doc = docs[bz["case_path"]]
            if not bz["case_readable"]:
                assert doc["kind"] == "unreadable"
                continue
            assert doc["kind"] == "banzu_case", bz["case_path"]
            assert doc["unit"] == unit["推荐单位"]
            assert doc["fields"]["班组名称"] == bz["fields"]["班组名称"]
            assert doc["fields"]["字数"] == bz["case_chars"], bz["case_path"]
            for key, want in bz["case"].items():
                assert (doc["fields"].get(key) or None) == want, (bz["case_path"], key)


def test_scans_are_read_by_ocr(docs):
    """Every scanned or photographed 附件 went through OCR: pages and confidence in records.json."""
    n = 0
    for unit in BANZU_UNITS:
        for bz in unit["banzu"]:
            for fmt, path in ((bz["form_format"], bz["form_path"]), (bz["case_format"], bz["case_path"])):
                ocr = docs[path].get("ocr")
                if fmt in OCR_FORMATS:
                    assert ocr and SCAN_CONFIDENCE[0] < ocr["confidence"] <= SCAN_CONFIDENCE[1], path
                    n += 1
                else:
                    assert not ocr, path
    assert n == 6


def test_supplement_files_give_their_reason(docs):
    """补充材料/ holds one file of every broken or hostile kind; each ends with its exact reason."""
    (unit,) = [u for u in BANZU_UNITS if u["supplement"]]
    assert {f["path"].split("/补充材料/")[1] for f in unit["supplement"]} == set(SUPPLEMENT_REASONS)
    for f in unit["supplement"]:
        doc = docs[f["path"]]
        kind = next(SUPPLEMENT_KINDS[c] for c in f["codes"] if c in SUPPLEMENT_KINDS)
        assert (doc["kind"], doc["reason"]) == (kind, SUPPLEMENT_REASONS[f["path"].split("/补充材料/")[1]]), f["path"]
        assert doc["unit"] == unit["推荐单位"]


def test_unit_summaries_read(docs):
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
    assert ws["A2"].value.startswith("填报单位（盖章）：") and "填报人：" in ws["A2"].value and "日期：" in ws["A2"].value
    assert [c.value for c in ws[3]][:5] == ["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert None not in [r[0] for r in rows]  # no blank row
    numbers = [r[0] for r in rows if isinstance(r[0], int)]
    assert numbers == list(range(1, 22))  # 21 班组 received (scanned, legacy and archived ones too)
    group_rows = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("推荐单位：")]
    assert len(group_rows) == 7 and all(g.startswith("推荐单位：") for g in group_rows)
    # under the table: the note, then each row with open problems (16) by its 序号; the over-quota unit says so
    note = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith("注："))
    assert rows[note][0].startswith("注：本表中 16 项材料待更正（序号底色标红）")
    assert len(rows) - note - 1 == 16 and all(re.match(r"\d+\. ", r[0]) for r in rows[note + 1:])
    assert [g for g in group_rows if "【" in g] == [next(g for g in group_rows if "苏州市教育工会" in g)]
    assert "【推荐 5 个，超过设区市教育工会名额上限 4 个（多 1 个）】" in next(g for g in group_rows if "苏州" in g)
    group_rows = group_rows[:7]
    # every received 班组 sits under its unit, with its 所在单位 and (when readable) its case title
    by_unit, unit = {}, None
    for r in rows:
        if isinstance(r[0], str):
            unit = r[0].removeprefix("推荐单位：").split("\u3000")[0]
        elif isinstance(r[0], int):
            by_unit.setdefault(unit, set()).add((r[1], r[2]))
    assert by_unit == {u["推荐单位"]: {(b["fields"]["班组名称"], b["fields"]["所在单位"]) for b in u["banzu"]}
                       for u in BANZU_UNITS}  # fmt: skip
    titles = {r[3] for r in rows if isinstance(r[0], int)}
    for u in BANZU_UNITS:
        for b in u["banzu"]:
            if b["case_readable"]:
                assert b["case"]["案例名称"] in titles
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
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
    summary = next(p for p in sorted(csv_dir.glob("汇总表*.csv")) if "审查状态" not in p.name).read_text(encoding="utf-8")
    assert "重点培育对象和班组创新案例推荐汇总表" in summary


def test_no_english_or_codes_in_what_the_outputs_say(run_result):
    """Everything a clerk reads in the four outputs for people is Chinese: no internal code (except the grey 代码
    column), no library English, no in-house jargon. English the submissions themselves contain (STEM, PLC, file
    names) is theirs, and allowed."""
    from tests.jargon import html_text, jargon_in, workbook_text

    out, records = run_result["out"], run_result["records"]
    theirs: set[str] = set()

    def collect(v):
        if isinstance(v, str):
            theirs.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", v))
        elif isinstance(v, dict):
            for x in v.values():
                collect(x)
        elif isinstance(v, list):
            for x in v:
                collect(x)

    for d in records["documents"]:
        collect([d["path"], d.get("fields"), d.get("raw"), d.get("sections"), d.get("items")])
    found = {name: jargon_in(workbook_text(out / name), allow=theirs)
             for name in ("汇总表.xlsx", "异常报告.xlsx", "材料明细.xlsx")}
    found["异常报告.html"] = jargon_in(html_text(out / "异常报告.html"), allow=theirs)
    assert found == {name: [] for name in found}
