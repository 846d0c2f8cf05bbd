"""评审 (huishen scores): generated panels of 5 and 7 experts over a 30-entry batch built in code, with every
kind of sheet error planted and an outlier expert; exact findings, ranks and awards; the sheet's validation and
protection in its XML; LibreOffice opens the workbooks; the same sheets give byte-identical results."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from extractors.profile import ProfileError, load_profile
from pipeline.cli import main
from tests import scores_fixtures as fx
from tests.jargon import jargon_in, workbook_text

EXPERTS5 = [f"专家{i}" for i in range(1, 6)]


def cli(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["scores", *args], catch_exceptions=False)
    return r.exit_code, r.output


def _plant5(j: int):
    """The planted errors of the 5-expert panel, per expert."""
    def edit(ws, row_of):
        if j == 1:
            ws.cell(row_of["02"], 5).value = 35  # above the maximum of 30
        if j == 2:
            ws.cell(row_of["03"], 5).value = -3  # negative
            ws.cell(row_of["03"], 6).value = "良"  # not a number
        if j == 3:
            ws.cell(row_of["04"], 7).value = None  # empty
        if j == 4:
            ws.cell(row_of["05"], 2).value = "31"  # 05 missing, 31 added
        if j == 5:
            ws.cell(row_of["06"], 4).value = "班组六"  # renamed
            ws.cell(row_of["07"], 9).value = 50  # a typed 合计 that is not the sum
    return edit


@pytest.fixture(scope="module")
def panel5(tmp_path_factory):
    base = tmp_path_factory.mktemp("p5")
    profile = fx.scoring_profile(base)
    out = fx.make_batch(base / "out", profile)
    code, text = cli("make", str(out), *sum((["--expert", x] for x in EXPERTS5), []))
    assert code == 0, text
    filled = base / "filled"
    filled.mkdir()
    for j in range(1, 6):
        fx.fill(out / "评审" / f"评分表-专家{j}.xlsx", filled / f"专家{j}.xlsx", j, _plant5(j))
    code, collected = cli("collect", str(out), str(filled))
    assert code == 0, collected
    return base, out, filled, text, collected


def _results(out: Path) -> dict:
    return json.loads((out / "评审" / "评审结果.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------- the profile


def test_scoring_section_is_validated_at_load(tmp_path):
    bad = fx.YOUZHI_SCORING.replace('tie_break = ["实效性"', 'tie_break = ["实效"')
    with pytest.raises(ProfileError) as e:
        load_profile(fx.scoring_profile(tmp_path, bad))
    assert "scoring.tie_break 指向不存在的评审指标“实效”" in str(e.value)
    good = load_profile(fx.scoring_profile(tmp_path))
    assert [c.key for c in good.scoring.criteria] == ["实效性", "创新创优性", "可持续性", "可推广性"]
    assert good.scoring.total_max == 100
    with pytest.raises(ProfileError) as e:
        load_profile(fx.scoring_profile(tmp_path, fx.YOUZHI_SCORING.replace("max = 30", "max = -1", 1)))
    assert "应大于 0" in str(e.value)


def test_an_award_needs_a_count_or_a_share(tmp_path):
    text = fx.YOUZHI_SCORING.replace('name = "三等奖"\ncount = 9', 'name = "三等奖"')
    with pytest.raises(ProfileError) as e:
        load_profile(fx.scoring_profile(tmp_path, text))
    assert "奖项“三等奖”要写 count（名额）或 share（比例）中的一项" in str(e.value)


def test_banzu_and_studio_have_no_scoring_sheet_and_say_so(tmp_path):
    for name in ("banzu", "studio"):
        assert load_profile(Path("pipeline/profiles") / f"{name}.toml").scoring is None
    out = tmp_path / "out"
    fx.make_batch(out, fx.scoring_profile(tmp_path))
    data = json.loads((out / "records.json").read_text(encoding="utf-8"))
    data["profile"] = "banzu"
    (out / "records.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, text = cli("make", str(out), "--experts", "5")
    assert code == 2
    assert "通知没有评审评分表，这项评选没有评分表可以生成" in text
    assert not (out / "评审").exists()


# ---------------------------------------------------------------------------------------- the sheets


def test_eligible_entries_and_those_left_out(panel5):
    _, out, _, text, _ = panel5
    panel = json.loads((out / "评审" / "评审组.json").read_text(encoding="utf-8"))
    assert [e["no"] for e in panel["entries"]] == [f"{i:02d}" for i in range(1, 31)]
    # the ignored eligibility error (05) and a warning (06) do not disqualify; a superseded file does not count
    assert [e["name"] for e in panel["entries"]][4:6] == ["班组05", "班组06"]
    assert [(x["name"], x["reasons"]) for x in panel["left_out"]] == [
        ("班组90", ["班组建立于2023年，不满3年"]), ("班组91", ["班组91 已于2023年被命名"]),
        ("班组93", ["“创新成果”写的是计划，项目尚未实施"])]
    assert "不列入评审的 3 项" in text
    wb = openpyxl.load_workbook(out / "评审" / "评分表-专家1.xlsx")
    left = wb["未列入评审"]
    assert [left.cell(r, 3).value for r in (3, 4)] == ["班组90", "班组91"]
    assert left.cell(4, 4).value == "班组91 已于2023年被命名"


def test_the_sheet_is_protected_validated_and_print_ready(panel5):
    _, out, _, _, _ = panel5
    wb = openpyxl.load_workbook(out / "评审" / "评分表-专家3.xlsx")
    ws = wb["评分表"]
    assert ws["A2"].value == "评审专家：专家3"
    assert [ws.cell(4, c).value for c in range(1, 10)] == [
        "序号", "编号", "推荐单位", "名称", "实效性（30分）", "创新创优性（30分）", "可持续性（20分）", "可推广性（20分）",
        "合计（100分）"]
    assert ws["E5"].value == "教职工参与度、满意度、受益度，成效有数据"
    assert ws.protection.sheet is True
    assert ws["E6"].protection.locked is False and ws["H35"].protection.locked is False
    assert ws["D6"].protection.locked is True and ws["I6"].protection.locked is True
    assert ws["I6"].value == '=IF(COUNT(E6:H6)=0,"",SUM(E6:H6))'
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert len(rules) == 30 * 4
    assert rules["E6"].type == "custom"
    assert rules["E6"].formula1 == "AND(ISNUMBER(E6),E6>=0,E6<=30,ROUND(E6,1)=E6)"
    assert rules["G35"].formula1 == "AND(ISNUMBER(G35),G35>=0,G35<=20,ROUND(G35,1)=G35)"
    assert rules["E6"].showErrorMessage and "满分 30 分" in rules["E6"].error
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$4:$5"
    assert "评审专家：专家3" in ws.oddHeader.right.text
    assert ws.cell(37, 1).value.startswith("评审专家（签名）")


# ---------------------------------------------------------------------------------------- collecting


EXPECTED5 = [
    ("score.over_max", "专家1", "02", "E7"),
    ("score.negative", "专家2", "03", "E8"),
    ("score.not_number", "专家2", "03", "F8"),
    ("score.empty", "专家3", "04", "G9"),
    ("entry.added", "专家4", "31", "B10"),
    ("entry.missing", "专家4", "05", ""),
    ("entry.renamed", "专家5", "06", "D11"),
    ("total.mismatch", "专家5", "07", "I12"),
]


def test_every_planted_error_is_found_and_nothing_else(panel5):
    _, out, _, _, collected = panel5
    res = _results(out)
    assert [(f["code"], f["expert"], f["no"], f["cell"]) for f in res["findings"]] == EXPECTED5
    messages = [f["message"] for f in res["findings"]]
    assert messages[0] == "专家“专家1”的评分表（专家1.xlsx）第 7 行（编号 02　班组02）“实效性”（E7）填了 35 分，超过满分 30 分"
    assert messages[5] == "专家“专家4”的评分表（专家4.xlsx）缺少编号 05（单位05　班组05）的评分（原表第 10 行）"
    assert messages[7] == ("专家“专家5”的评分表（专家5.xlsx）第 12 行（编号 07　班组07）合计（I12）填的是 50，"
                           "各项得分相加是 85；按各项得分计算")
    for m in messages:
        assert m in collected
    assert res["outliers"] == []


RANKS5 = [("01", 1, "一等奖"), ("02", 2, "一等奖"), ("03", 3, "一等奖"), ("04", 4, "二等奖"), ("05", 5, "二等奖"),
          ("06", 6, "二等奖"), ("07", 7, "二等奖"), ("08", 8, "二等奖"), ("09", 9, "二等奖"), ("10", 9, "二等奖"),
          ("12", 11, "三等奖"), ("11", 12, "三等奖")] + [(f"{i:02d}", i, "三等奖") for i in range(13, 19)] + [
          (f"{i:02d}", i, "") for i in range(19, 31)]


def test_ranks_awards_and_means(panel5):
    _, out, _, _, _ = panel5
    res = _results(out)
    assert [(e["no"], e["rank"], e["award"]) for e in res["entries"]] == RANKS5
    first = res["entries"][0]
    # 95 from three experts (95.5, 95, 94.5) once 96 and 94 are dropped
    assert (first["mean"], first["count"], first["spread"]) == (95.0, 5, 2.0)
    assert first["criteria"] == {"实效性": 28.5, "创新创优性": 28.5, "可持续性": 19.0, "可推广性": 19.0}
    assert first["totals"] == {"专家1": 95.0, "专家2": 95.5, "专家3": 94.5, "专家4": 96.0, "专家5": 94.0}
    second = res["entries"][1]  # 专家1's 35 is refused: four experts, not trimmed
    assert (second["count"], second["totals"]["专家1"]) == (4, None)
    assert second["notes"] == ["专家1的评分有误或缺漏，未计入"]
    assert second["mean"] == round(sum(sum(fx.entry_scores(1, j)) for j in range(2, 6)) / 4, 2) == 93.6
    tied = {e["no"]: e["notes"] for e in res["entries"]}
    assert "并列的项目跨过二等奖名额，均暂列二等奖，请评审组决定" in tied["09"]
    assert "平均分与上一名相同，按“实效性”平均分（26.0 比 24.0）排在后面" in tied["11"]
    assert res["rule"].startswith("排名依据：去掉最高分和最低分（灰色）后的平均分")
    assert first["dropped"] == ["专家4", "专家5"]


def test_results_workbook(panel5):
    _, out, _, _, _ = panel5
    wb = openpyxl.load_workbook(out / "评审" / "评审结果.xlsx")
    ws = wb["评审结果"]
    assert [ws.cell(3, c).value for c in range(1, 5)] == ["名次", "编号", "推荐单位", "名称"]
    assert [ws.cell(3, c).value for c in range(5, 10)] == EXPERTS5
    assert ws.cell(4, 4).value == "班组01" and ws.cell(4, 11).value == 95
    heads = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    assert heads[-3:] == ["极差", "建议奖项", "备注"]
    assert ws.cell(4, len(heads) - 1).value == "一等奖"
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.paperSize == 9
    assert [c.value or "" for c in wb["收表问题"]["F"]][1:] == [c for *_, c in EXPECTED5]


def test_same_sheets_give_byte_identical_results(panel5, tmp_path):
    base, out, filled, _, _ = panel5
    before = {n: (out / "评审" / n).read_bytes() for n in ("评审结果.xlsx", "评审结果.json")}
    code, text = cli("collect", str(out), str(filled))
    assert code == 0 and "重新交来的评分表与已收的相同，没有改动" in text
    assert {n: (out / "评审" / n).read_bytes() for n in before} == before
    # a second office, the same batch and the same sheets: the same bytes
    other = tmp_path / "out"
    fx.make_batch(other, fx.scoring_profile(tmp_path))
    data = json.loads((other / "records.json").read_text(encoding="utf-8"))
    data["profile"] = json.loads((out / "records.json").read_text(encoding="utf-8"))["profile"]
    (other / "records.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli("make", str(other), *sum((["--expert", x] for x in EXPERTS5), []))[0] == 0
    for j in range(1, 6):
        x, y = (other / "评审" / f"评分表-专家{j}.xlsx"), (out / "评审" / f"评分表-专家{j}.xlsx")
        assert x.read_bytes() == y.read_bytes()
    assert (other / "评审" / "评审材料.docx").read_bytes() == (out / "评审" / "评审材料.docx").read_bytes()
    assert cli("collect", str(other), str(filled))[0] == 0
    assert {n: (other / "评审" / n).read_bytes() for n in before} == before


def test_a_corrected_sheet_replaces_the_old_and_the_change_is_listed(panel5, tmp_path):
    base, out, filled, _, _ = panel5
    work = tmp_path / "out"
    shutil.copytree(out, work)
    fixed = fx.fill(work / "评审" / "评分表-专家1.xlsx", tmp_path / "专家1-更正.xlsx", 1)
    code, text = cli("collect", str(work), str(fixed))
    assert code == 0, text
    assert "专家1 的评分表已替换（原 专家1.xlsx，现 专家1-更正.xlsx），改动 1 处：" in text
    assert f"编号 02（班组02）“实效性”：35 → {fx.entry_scores(1, 1)[0]}" in text  # 28.1
    res = _results(work)
    assert [f["code"] for f in res["findings"]] == [c for c, *_ in EXPECTED5[1:]]
    assert res["entries"][1]["count"] == 5


def test_the_same_expert_twice_in_one_collect(panel5, tmp_path):
    _, out, filled, _, _ = panel5
    work = tmp_path / "out"
    shutil.copytree(out, work)
    a = fx.fill(work / "评审" / "评分表-专家3.xlsx", tmp_path / "专家3-甲.xlsx", 3)
    b = fx.fill(work / "评审" / "评分表-专家3.xlsx", tmp_path / "专家3-乙.xlsx", 3,
                lambda ws, row_of: setattr(ws.cell(row_of["10"], 5), "value", 20))
    code, text = cli("collect", str(work), str(a), str(b))
    assert code == 0
    twice = "专家“专家3”交来 2 份内容不同的评分表（专家3-乙.xlsx、专家3-甲.xlsx），都没有收入；请确认哪一份是定稿，只收那一份"
    assert twice in text
    res = _results(work)
    assert res["findings"][0] == {
        "code": "expert.twice", "severity": "error", "expert": "专家3", "no": "", "name": "", "cell": "",
        "message": "专家“专家3”交来内容不同的评分表（专家3-乙.xlsx、专家3-甲.xlsx），都没有收入；仍按先前收到的一份计算"}
    assert ("score.empty", "专家3", "04", "G9") in [(f["code"], f["expert"], f["no"], f["cell"]) for f in res["findings"]]
    # the same sheet under two names counts once
    code, text = cli("collect", str(work), str(a), str(tmp_path / "专家3-甲.xlsx"))
    assert "都没有收入" not in text and "改动" in text
    assert _results(work)["findings"][0]["code"] != "expert.twice"


def test_a_sheet_typed_again_by_hand_is_read(panel5, tmp_path):
    """No formulas, no protection, 编号 as numbers: read by its header row all the same."""
    from pipeline.scores.collect import read_sheet
    from pipeline.scores.panel import load_panel

    _, out, _, _, _ = panel5
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["评审专家：王五"])
    ws.append(["序号", "编号", "推荐单位", "名称", "实效性", "创新创优性", "可持续性", "可推广性", "合计"])
    ws.append([1, 1, "单位01", "班组01", 28, 28, 19, 19, 95])
    p = tmp_path / "手录.xlsx"
    wb.save(p)
    s = read_sheet(p, load_panel(out))
    assert s.expert == "王五" and s.rows[0].no == "01" and s.rows[0].total == 95
    assert s.columns == {"实效性": "E", "创新创优性": "F", "可持续性": "G", "可推广性": "H", "合计": "I"}


def test_a_scan_of_a_printed_sheet_is_read_back(panel5, tmp_path):
    """专家1's filled sheet printed by LibreOffice, each page rasterised at 200 dpi into an image-only PDF (what
    a scanner gives), collected in place of the .xlsx: the same scores, the same findings, nothing doubtful."""
    from extractors.readers.ocr import ocr_available

    if shutil.which("soffice") is None or not ocr_available():
        pytest.skip("未安装 LibreOffice 或文字识别组件，跳过扫描件测试")
    import pypdfium2

    _, out, filled, _, _ = panel5
    work = tmp_path / "out"
    shutil.copytree(out, work)
    from samples.hostile import (
        soffice_convert,  # the samples' pinned fonts: the scan does not vary by machine
    )

    printed = soffice_convert({"专家1.xlsx": (filled / "专家1.xlsx").read_bytes()}, "pdf")["专家1.xlsx"]
    pdf = pypdfium2.PdfDocument(printed)
    pages = [pdf[i].render(scale=200 / 72).to_pil().convert("L") for i in range(len(pdf))]
    scan = tmp_path / "专家1-扫描.pdf"
    pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=200)
    code, text = cli("collect", str(work), str(scan))
    assert code == 0, text
    assert "专家1 的评分表已替换（原 专家1.xlsx，现 专家1-扫描.pdf），分数没有改动。" in text
    res = _results(work)
    mine = [(f["code"], f["no"], f["cell"]) for f in res["findings"] if f["expert"] == "专家1"]
    assert mine == [("score.over_max", "02", "E7")]
    assert res["findings"][0]["message"].startswith("专家“专家1”的评分表（专家1-扫描.pdf，扫描件）第 7 行")
    assert [(e["no"], e["rank"], e["award"]) for e in res["entries"]] == RANKS5


def test_something_else_is_refused(panel5, tmp_path):
    _, out, _, _, _ = panel5
    other = tmp_path / "说明.txt"
    other.write_text("x", encoding="utf-8")
    code, text = cli("collect", str(out), str(other))
    assert code == 2 and "说明.txt 不是评分表" in text


# ---------------------------------------------------------------------------------------- seven experts


@pytest.fixture(scope="module")
def panel7(tmp_path_factory):
    base = tmp_path_factory.mktemp("p7")
    out = fx.make_batch(base / "out", fx.scoring_profile(base))
    code, text = cli("make", str(out), "--experts", "7")
    assert code == 0, text
    filled = base / "filled"
    filled.mkdir()

    def outlier(ws, row_of):  # 专家7 marks four entries 20 points below the others
        for no in ("01", "02", "03", "04"):
            r = row_of[no]
            ws.cell(r, 5).value = round(ws.cell(r, 5).value - 15, 1)
            ws.cell(r, 6).value = round(ws.cell(r, 6).value - 5, 1)

    for j in range(1, 8):
        fx.fill(out / "评审" / f"评分表-专家{j}.xlsx", filled / f"评分表-专家{j}.xlsx", j, outlier if j == 7 else None)
    code, collected = cli("collect", str(out), str(filled))
    assert code == 0, collected
    return out, collected


def test_seven_experts_an_outlier_flagged(panel7):
    out, collected = panel7
    res = _results(out)
    assert res["findings"] == []
    assert [o["expert"] for o in res["outliers"]] == ["专家7"]
    assert res["outliers"][0]["entries"][0] == "编号 01 班组01：75.5 分（其他专家平均 95.00）"
    assert len(res["outliers"][0]["entries"]) == 4
    assert "请评审组长留意：专家7 有 4 项评分明显偏离其他专家" in collected
    ranks = [(e["no"], e["rank"], e["award"]) for e in res["entries"]]
    assert ranks == RANKS5
    first = res["entries"][0]
    assert first["notes"] == [] and first["dropped"] == ["专家4", "专家7"]
    assert first["count"] == 7 and first["spread"] == 20.5  # 96 (专家4) - 75.5 (专家7)


# ---------------------------------------------------------------------------------------- plain Chinese, Calc


def test_workbooks_and_messages_are_plain_chinese(panel5, panel7):
    _, out, _, made, collected = panel5
    for name in ("评分表-专家1.xlsx", "评审结果.xlsx"):  # the 合计 formula is read as text here: not shown
        assert jargon_in(workbook_text(out / "评审" / name), allow=("IF", "COUNT", "SUM")) == [], name
    assert jargon_in(made) == [] and jargon_in(collected) == [] and jargon_in(panel7[1]) == []
    for cmd in (["scores", "--help"], ["scores", "make", "--help"], ["scores", "collect", "--help"]):
        assert jargon_in(CliRunner().invoke(main, cmd, prog_name="huishen").output) == [], cmd


def test_libreoffice_opens_the_workbooks(panel5, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("未安装 LibreOffice（soffice），跳过兼容性检查")
    _, out, filled, _, _ = panel5
    files = [out / "评审" / "评分表-专家1.xlsx", out / "评审" / "评审结果.xlsx", filled / "专家2.xlsx"]
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                           "--outdir", str(tmp_path / "csv"), *map(str, files)],
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    produced = sorted(p.name for p in (tmp_path / "csv").glob("*.csv"))
    for stem in ("评分表-专家1", "评审结果", "专家2"):
        assert any(p.startswith(stem) for p in produced), (stem, produced, proc.stdout, proc.stderr)
    sheet = next(p for p in (tmp_path / "csv").glob("评分表-专家1-评分表.csv"))
    text = sheet.read_text(encoding="utf-8")
    assert "评审专家：专家1" in text and "班组30" in text
    filled_csv = next(p for p in (tmp_path / "csv").glob("专家2-评分表.csv")).read_text(encoding="utf-8")
    assert ",95.5" in filled_csv  # Calc computes the 合计 formula of a filled sheet


def test_review_material_one_page_per_entry(panel5):
    import docx

    _, out, _, _, _ = panel5
    d = docx.Document(str(out / "评审" / "评审材料.docx"))
    titles = [p for p in d.paragraphs if p.text.startswith("编号 ")]
    assert [p.text for p in titles] == [f"编号 {i:02d}　班组{i:02d}" for i in range(1, 31)]
    assert [bool(p.paragraph_format.page_break_before) for p in titles] == [False] + [True] * 29
    text = "\n".join(p.text for p in d.paragraphs)
    assert "推荐单位：单位01" in text and jargon_in(text) == []


def test_weights_multiply_a_criterion_and_the_panel_size_defaults_to_the_profile(tmp_path):
    text = fx.YOUZHI_SCORING.replace('key = "实效性"\nmax = 30', 'key = "实效性"\nmax = 30\nweight = 2').replace(
        "experts = 5", "experts = 3")
    profile = fx.scoring_profile(tmp_path, text)
    assert load_profile(profile).scoring.total_max == 130
    out = fx.make_batch(tmp_path / "out", profile, n=4)
    code, made = cli("make", str(out))
    assert code == 0 and "已生成评分表 3 份" in made, made
    filled = tmp_path / "filled"
    filled.mkdir()
    for j in (1, 2, 3):
        fx.fill(out / "评审" / f"评分表-专家{j}.xlsx", filled / f"{j}.xlsx", j)
    assert cli("collect", str(out), str(filled))[0] == 0
    first = _results(out)["entries"][0]
    s = [sum(fx.entry_scores(0, j)) + fx.entry_scores(0, j)[0] for j in (1, 2, 3)]
    assert list(first["totals"].values()) == s == [123.5, 124.5, 122.5]
    assert first["mean"] == 123.5 and first["dropped"] == []  # 3 experts: not trimmed
    wb = openpyxl.load_workbook(out / "评审" / "评分表-专家1.xlsx")
    assert wb["评分表"]["I6"].value == '=IF(COUNT(E6:H6)=0,"",SUM(E6:H6))'  # the sheet adds the points as given


def test_make_again_after_the_batch_changed_is_refused_once_sheets_are_in(panel5, tmp_path):
    _, out, _, _, _ = panel5
    work = tmp_path / "out"
    shutil.copytree(out, work)
    data = json.loads((work / "records.json").read_text(encoding="utf-8"))
    data["documents"][29]["findings"].append({"code": "eligibility.established", "severity": "error",
                                              "message": "不满3年", "key": "0123456789abcdef"})
    (work / "records.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, text = cli("make", str(work), "--experts", "5")
    assert code == 2 and "已经收了 5 份评分表，而评审名单或评审指标已经变了" in text
    assert cli("make", str(work), "--experts", "3", "--expert", "张三")[0] == 2


def test_make_never_overwrites_a_filled_sheet(panel5, tmp_path):
    _, out, filled, _, _ = panel5
    work = tmp_path / "out"
    shutil.copytree(out, work)
    shutil.copy(filled / "专家2.xlsx", work / "评审" / "评分表-专家2.xlsx")  # a returned sheet saved over the blank
    code, text = cli("make", str(work), *sum((["--expert", x] for x in EXPERTS5), []))
    assert code == 0 and "已生成评分表 4 份" in text
    assert "评分表-专家2.xlsx 里已经填了分数，没有覆盖" in text
    assert (work / "评审" / "评分表-专家2.xlsx").read_bytes() == (filled / "专家2.xlsx").read_bytes()


def test_results_are_in_records_json_and_on_the_page(panel5, tmp_path):
    """What collect ranked is in the batch's records.json ("scores", the same as 评审结果.json), the outputs
    written again keep it there, and the page shows the ranking with the proposed awards."""
    from pipeline.outputs.records import load_scores
    from tests.test_web import client

    _, out, _, _, _ = panel5
    records = json.loads((out / "records.json").read_text(encoding="utf-8"))
    assert records["scores"] == _results(out) and records["documents"]
    assert load_scores(out) == _results(out)
    assert load_scores(tmp_path) is None
    with client(tmp_path, folders=[out]) as c:
        bid = c.app.app.state.web.store.all()[0].id
        page = c.get(f"/b/{bid}").text
    first = _results(out)["entries"][0]
    assert '<section class="card" id="scores">' in page
    assert (f"<tr><td>{first['rank']}</td><td>{first['no']}</td><td>{first['unit']}</td><td>{first['name']}</td>"
            f"<td>{first['mean']}</td><td>{first['award'] or ''}</td></tr>") in page

