"""Corrected copies (pipeline/supersede.py): within one unit, the newest version of one material counts and the
others are listed as superseded (file.superseded), instead of a second recommendation (重复推荐, 名额, a second
汇总表 row).

First the rule on hand-made records; then end to end on a copy of the banzu sample inbox with two corrected
copies added: a 修改稿 beside 南京市教育工会's form (the unit is at its quota of 4, so a second count would be
over it), and 无锡市教育工会's form of one 班组 sent again later under another name, with no correction word.
"""

from __future__ import annotations

import copy
import os
import shutil
import time
from pathlib import Path

import openpyxl
import pytest

from checks.catalog import all_checks, run_record_checks, selected
from extractors.models import FieldValue, Record
from pipeline.config import resolve_profile
from pipeline.supersede import correction_mark, newest, supersede

BANZU = resolve_profile("banzu")
STUDIO = resolve_profile("studio")
T0 = 1_726_000_000.0  # 2024-09-10 (UTC)


def _rec(path: str, kind: str = "banzu_form", unit: str = "南京市教育工会", *, mtime: float | None = T0,
         fmt: str = "docx", ocr_pages: int = 0, source: str = "表头", **fields: str) -> Record:
    r = Record(path=path, kind=kind, unit=unit, unit_source=source, sha256="", fmt=fmt, ocr_pages=ocr_pages,
               mtime=mtime)
    for k, v in fields.items():
        r.fields[k] = FieldValue(k, v, v)
    return r


def _winner(*recs: Record) -> tuple[str, dict[str, str]]:
    w, why = newest(list(recs), "物理创新实验教研组")
    return w.path, why


# ---------------------------------------------------------------------------------------- the winner rule


@pytest.mark.parametrize(("name", "word", "version"), [
    ("附件1-基本情况表-X（修改稿）.docx", "修改稿", 0),
    ("X-更正.pdf", "更正", 0),
    ("X 最终版.docx", "最终版", 0),
    ("X重新提交.docx", "重新提交", 0),
    ("X v2.docx", "", 2),
    ("X_V3.1.docx", "", 3),
    ("X第2版.docx", "", 2),
    ("X第三稿.docx", "", 3),
    ("X（2）.docx", "", 2),
    ("X (2).docx", "", 2),
    ("X-2.docx", "", 2),
    ("附件1-基本情况表-X.docx", "", 0),
    ("附件1-设备更新改造班组.docx", "", 0),  # "更新" is the 班组's own name here, not a correction
])
def test_correction_marks(name, word, version):
    m = correction_mark(f"甲工会/{name}", "设备更新改造班组")
    assert (m.word, m.version) == (word, version)


def test_a_marker_wins_over_none_even_when_older():
    old = _rec("南京市教育工会/附件1-物理创新实验教研组.docx", mtime=T0 + 3600)
    new = _rec("南京市教育工会/附件1-物理创新实验教研组（修改稿）.docx", mtime=T0)
    assert _winner(old, new) == (new.path, {old.path: "按文件名中的“修改稿”判断"})


def test_a_marker_in_the_folder_counts():
    old = _rec("南京市教育工会/附件1-物理创新实验教研组.docx", mtime=T0 + 3600)
    new = _rec("南京市教育工会/更正材料/附件1-物理创新实验教研组.docx", mtime=T0)
    assert _winner(old, new) == (new.path, {old.path: "按文件夹名中的“更正”判断"})


def test_the_higher_version_wins():
    v2 = _rec("甲/附件1-物理创新实验教研组v2.docx", mtime=T0 + 3600)
    v3 = _rec("甲/附件1-物理创新实验教研组v3.docx", mtime=T0)
    plain = _rec("甲/附件1-物理创新实验教研组.docx", mtime=T0 + 7200)
    assert _winner(v2, v3, plain) == (v3.path, {v2.path: "按文件名中的版本号“v3”判断（高于“v2”）",
                                                plain.path: "按文件名中的版本号“v3”判断"})
    windows = _rec("甲/附件1-物理创新实验教研组（2）.docx", mtime=T0)
    assert _winner(plain, windows) == (windows.path, {plain.path: "按文件名中的版本号“（2）”判断"})
    fixed, again = (_rec(f"甲/附件1-物理创新实验教研组（修改稿）{v}.docx", mtime=T0) for v in ("", "（2）"))
    assert _winner(again, fixed) == (again.path, {fixed.path: "按文件名中的版本号“（2）”判断"})


def test_else_the_later_modification_time():
    first = _rec("甲/附件1-物理创新实验教研组.docx", mtime=T0 + 86400)
    again = _rec("甲/物理创新实验教研组基本情况表.docx", mtime=T0 + 2 * 86400)
    day = {t: time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) for t in (first.mtime, again.mtime)}
    assert _winner(first, again) == (again.path, {
        first.path: f"按文件修改时间判断：更正稿 {day[again.mtime]}，原稿 {day[first.mtime]}"})


def test_at_the_same_time_word_wins_over_its_pdf_export_and_a_pdf_over_a_scan():
    docx = _rec("甲/附件1-物理创新实验教研组.docx", mtime=T0)
    pdf = _rec("甲/附件1-物理创新实验教研组.pdf", fmt="pdf", mtime=T0 + 1.5)  # exported straight after saving
    scan = _rec("甲/附件1-物理创新实验教研组（盖章）.pdf", fmt="pdf", ocr_pages=1, mtime=T0)
    assert _winner(pdf, docx) == (docx.path, {pdf.path: "两份修改时间相同，Word 版的栏目可直接读取，优先于PDF 版"})
    assert _winner(scan, pdf)[0] == pdf.path
    later_pdf = _rec("甲/附件1-物理创新实验教研组.pdf", fmt="pdf", mtime=T0 + 600)
    assert _winner(later_pdf, docx)[0] == later_pdf.path  # saved again after the Word file: the newer


def test_else_the_later_path():
    a = _rec("甲/a/附件1-物理创新实验教研组.docx")
    b = _rec("甲/b/附件1-物理创新实验教研组.docx")
    assert _winner(b, a) == (b.path, {a.path: "文件名和修改时间分不出先后，按文件名顺序取后一份"})
    assert _winner(_rec(a.path, mtime=None), _rec(b.path, mtime=None))[0] == b.path


# ---------------------------------------------------------------------------------------- what is one material


def _form(path: str, unit: str = "南京市教育工会", org: str = "南京市第一中学", name: str = "物理创新实验教研组",
          **kw) -> Record:
    return _rec(path, unit=unit, 班组名称=name, 所在单位=org, **kw)


def test_versions_only_within_one_unit_and_one_subject():
    orig = _form("南京市教育工会/附件1-物理创新实验教研组.docx")
    fix = _form("南京市教育工会/附件1-物理创新实验教研组（修改稿）.docx", org="南京市第一中学（高中部）")
    other_unit = _form("苏州市教育工会/附件1-物理创新实验教研组（修改稿）.docx", unit="苏州市教育工会")
    other_school = _form("南京市教育工会/附件1-物理创新实验教研组-十三中.docx", org="南京市第十三中学")
    guessed = _form("混合/附件1-物理创新实验教研组 v2.docx", source="推测")
    case = _rec("南京市教育工会/附件2-物理创新实验教研组.docx", "banzu_case", 班组名称="物理创新实验教研组")
    records = [orig, fix, other_unit, other_school, guessed, case]
    links = supersede(BANZU, records, {case.path: orig.path})
    assert [(r.path, r.superseded_by) for r in records if r.superseded_by] == [(orig.path, fix.path)]
    assert links == {case.path: fix.path}  # the case belongs to the form that replaced its own


def test_a_name_written_another_way_is_the_same_subject():
    orig = _form("甲/附件1-电气班组.docx", name="电气班组", org="南京大学")
    fix = _form("甲/附件1-电气班组（更正）.docx", name="南京大学电气创新型班组", org="")
    supersede(BANZU, [orig, fix], {})
    assert orig.superseded_by == fix.path


def test_attachments_of_one_entry_and_a_stale_attachment_unlinked():
    form = _form("甲/附件1-物理创新实验教研组.docx")
    old = _rec("甲/附件2-创新案例.docx", "banzu_case", 班组名称="物理创新实验教研组")
    new = _rec("甲/附件2-创新案例（修订版）.docx", "banzu_case", 班组名称="物理创新实验教研组")
    links = supersede(BANZU, [form, old, new], {old.path: form.path, new.path: form.path})
    assert (old.superseded_by, new.superseded_by) == (new.path, "")
    assert links == {new.path: form.path}


def test_supporting_material_in_parts_is_not_a_correction():
    """工作实绩支撑材料 may come in several files (profile [coverage]): parts (一)(二) stay; a 修改稿 of one part
    replaces that part only."""
    form = _rec("甲/附件1-推荐表.docx", "studio_form", unit="甲工会", 工作室名称="张三劳模创新工作室")
    parts = [_rec(f"甲/工作实绩支撑材料-张三工作室{p}.docx", "studio_evidence", unit="甲工会",
                  工作室名称="张三劳模创新工作室") for p in ("（一）", "（二）", "（二）（修改稿）")]
    links = supersede(STUDIO, [form, *parts], {p.path: form.path for p in parts})
    assert [p.superseded_by for p in parts] == ["", parts[2].path, ""]
    assert sorted(links) == sorted([parts[0].path, parts[2].path])


def test_a_superseded_record_gets_only_file_superseded():
    all_checks()
    orig = _form("南京市教育工会/附件1-物理创新实验教研组.docx")
    fix = _form("南京市教育工会/附件1-物理创新实验教研组（修改稿）.docx")
    supersede(BANZU, [orig, fix], {})
    found = list(run_record_checks(selected(BANZU), orig, BANZU))  # blank required fields: field.missing otherwise
    assert [(f.code, f.severity.label, f.title, f.message) for f in found] == [(
        "file.superseded", "提示", "已被更正稿取代",
        "“附件1-物理创新实验教研组（修改稿）.docx”是同一班组的更正稿，原稿“附件1-物理创新实验教研组.docx”不再计入"
        "（按文件名中的“修改稿”判断）")]
    assert "file.superseded" not in {f.code for f in run_record_checks(selected(BANZU), fix, BANZU)}


# ---------------------------------------------------------------------------------------- file times


def test_archive_members_keep_their_own_times(tmp_path):
    import zipfile

    from pipeline.discover import discover

    (tmp_path / "甲工会.zip").write_bytes(b"")
    with zipfile.ZipFile(tmp_path / "甲工会.zip", "w") as z:
        z.writestr(zipfile.ZipInfo("甲工会/a.txt", (2024, 9, 18, 9, 0, 0)), "a")
        z.writestr(zipfile.ZipInfo("甲工会/b.txt", (2024, 9, 20, 10, 16, 0)), "b")
    (tmp_path / "乙工会").mkdir()
    (tmp_path / "乙工会" / "c.txt").write_text("c")
    os.utime(tmp_path / "乙工会" / "c.txt", (T0, T0))
    times = {s.path: s.mtime for s in discover(tmp_path)}
    assert times == {"甲工会.zip/甲工会/a.txt": time.mktime((2024, 9, 18, 9, 0, 0, 0, 0, -1)),
                     "甲工会.zip/甲工会/b.txt": time.mktime((2024, 9, 20, 10, 16, 0, 0, 0, -1)),
                     "乙工会/c.txt": T0}


def test_a_touched_file_is_the_newer_although_its_record_is_cached(tmp_path):
    """The record cache keys a file by its content and place, not its time: the time comes from discovery on
    every run, and the run's memo (same inputs, same result) counts it too."""
    from pipeline.cache import RecordCache
    from pipeline.run import run
    from samples.banzu import BANZU_UNITS
    from samples.banzu_docs import form_docx

    unit = BANZU_UNITS[0]
    bz = unit["banzu"][0]
    name = bz["fields"]["班组名称"]
    folder = tmp_path / "inbox" / unit["推荐单位"]
    folder.mkdir(parents=True)
    first, again = folder / f"附件1-基本情况表-{name}.docx", folder / f"{name}基本情况表.docx"
    first.write_bytes(form_docx(unit, bz, 1))
    again.write_bytes(form_docx(unit, bz, 2))
    cache = RecordCache(tmp_path / "cache")

    def winner(newer: Path, older: Path) -> tuple[dict[str, str], int]:
        os.utime(newer, (T0 + 86400,) * 2)
        os.utime(older, (T0,) * 2)
        report = run(tmp_path / "inbox", BANZU, jobs=0, cache=cache)
        return {d.record.path: d.record.superseded_by for d in report.documents}, report.read_count

    rel = {p: f"{unit['推荐单位']}/{p.name}" for p in (first, again)}
    assert winner(again, first) == ({rel[first]: rel[again], rel[again]: ""}, 2)
    assert winner(first, again) == ({rel[first]: "", rel[again]: rel[first]}, 0)  # from the cache, not read
    cache.close()


# ---------------------------------------------------------------------------------------- end to end

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）生成样例")

NJ, WX = "南京市教育工会", "无锡市教育工会"
NJ_NAME, WX_NAME = "物理创新实验教研组", "生物学科创新实验班组"
NJ_ORG_FIXED = "南京市第一中学（高中部）"


@pytest.fixture(scope="module")
def corrected(tmp_path_factory, banzu_inbox):
    """A copy of the sample inbox with two corrected copies added, and the CLI's run on it."""
    from samples.banzu import BANZU_UNITS
    from samples.banzu_docs import form_docx
    from tests.e2e_common import run_cli

    base = tmp_path_factory.mktemp("supersede")
    inbox = base / "inbox"
    shutil.copytree(banzu_inbox, inbox)
    units = {u["推荐单位"]: u for u in BANZU_UNITS}
    nj_bz = next(b for b in units[NJ]["banzu"] if b["fields"]["班组名称"] == NJ_NAME)
    wx_bz = next(b for b in units[WX]["banzu"] if b["fields"]["班组名称"] == WX_NAME)

    # 南京: a 修改稿 beside the form, 所在单位 written in full; saved an hour BEFORE the original's time (the
    # original copied again later): the word in its name still makes it the newer.
    fixed = copy.deepcopy(nj_bz)
    fixed["fields"]["所在单位"] = NJ_ORG_FIXED
    nj_orig = inbox / nj_bz["form_path"]
    nj_new = nj_orig.with_name(f"{nj_orig.stem}（修改稿）.docx")
    nj_new.write_bytes(form_docx(units[NJ], fixed, 1_473_929_001))
    os.utime(nj_new, (nj_orig.stat().st_mtime - 3600,) * 2)

    # 无锡: the same 班组's form sent again a day later under another name, its blank 党员人数 filled in.
    again = copy.deepcopy(wx_bz)
    again["fields"]["党员人数"] = 5
    wx_orig = inbox / wx_bz["form_path"]
    wx_new = wx_orig.with_name(f"{WX_NAME}基本情况表.docx")  # sorts before the original: the time decides
    wx_new.write_bytes(form_docx(units[WX], again, 1_473_929_002))
    os.utime(wx_new, (wx_orig.stat().st_mtime + 86400,) * 2)

    result = run_cli(inbox, "banzu", base / "out")
    assert result["proc"].returncode == 0, result["proc"].stderr
    rel = {p: p.relative_to(inbox).as_posix() for p in (nj_orig, nj_new, wx_orig, wx_new)}
    return {**result, "nj": (rel[nj_orig], rel[nj_new]), "wx": (rel[wx_orig], rel[wx_new])}


@needs_soffice
def test_corrected_copies_replace_their_originals(corrected):
    """Exactly the sample's planted findings, except: the 无锡 form's blank 党员人数 is corrected, and each
    original has one file.superseded. No 重复推荐 and no over-quota for 南京 (4 班组, its quota)."""
    from samples.banzu import EXPECTED_BANZU, OCR_DOUBT, SCAN_CONFIDENCE
    from samples.forms import NEAR_COPY_SIMILARITY
    from tests.e2e_common import found, planted

    measured = {"file.scanned": SCAN_CONFIDENCE, "field.low_confidence": OCR_DOUBT,
                "duplicate.near_copy": NEAR_COPY_SIMILARITY}  # as tests/test_e2e_banzu.py compares them

    nj_orig, wx_orig = corrected["nj"][0], corrected["wx"][0]
    want = [e for e in EXPECTED_BANZU if not (e["code"] == "field.missing" and e["paths"] == [wx_orig])]
    assert len(want) == len(EXPECTED_BANZU) - 1
    want += [{"code": "file.superseded", "unit": NJ, "paths": [nj_orig], "field": "", "actual": None, "limit": None,
              "subject": NJ_NAME},
             {"code": "file.superseded", "unit": WX, "paths": [wx_orig], "field": "", "actual": None, "limit": None,
              "subject": WX_NAME}]
    got, want = found(corrected["records"], measured), planted(want)
    assert got - want == set(), "flagged but not expected"
    assert want - got == set(), "expected but not found"


@needs_soffice
def test_each_original_names_its_corrected_copy_and_why(corrected):
    docs = {d["path"]: d for d in corrected["records"]["documents"]}
    (nj_orig, nj_new), (wx_orig, wx_new) = corrected["nj"], corrected["wx"]
    assert {p: d["superseded_by"] for p, d in docs.items() if d["superseded_by"]} == {nj_orig: nj_new,
                                                                                       wx_orig: wx_new}
    (nj,) = docs[nj_orig]["findings"]
    assert nj["message"] == (f"“附件1-基本情况表-{NJ_NAME}（修改稿）.docx”是同一班组的更正稿，原稿“附件1-基本情况表-"
                             f"{NJ_NAME}.docx”不再计入（按文件名中的“修改稿”判断）")
    (wx,) = docs[wx_orig]["findings"]  # its field.missing is no longer the unit's: the copy that counts has it
    assert wx["message"].startswith(f"“{WX_NAME}基本情况表.docx”是同一班组的更正稿，原稿“附件1-基本情况表-{WX_NAME}"
                                    ".docx”不再计入（按文件修改时间判断：更正稿 ")
    assert docs[wx_new]["fields"]["党员人数"] == 5 and docs[wx_new]["findings"] == []
    assert docs[nj_new]["fields"]["所在单位"] == NJ_ORG_FIXED and docs[nj_new]["superseded_by"] == ""


@needs_soffice
def test_summary_table_has_one_row_with_the_corrected_value(corrected):
    ws = openpyxl.load_workbook(corrected["out"] / "汇总表.xlsx").active
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert [r[0] for r in rows] == list(range(1, 22))  # 21 班组, as in the sample: no second row
    assert [r[2] for r in rows if r[1] == NJ_NAME] == [NJ_ORG_FIXED]
    assert len([r for r in rows if r[1] == WX_NAME]) == 1


@needs_soffice
def test_file_list_keeps_the_originals_as_superseded(corrected):
    ws = openpyxl.load_workbook(corrected["out"] / "异常报告.xlsx")["文件清单"]
    header = [c.value for c in ws[1]]
    status = {r[header.index("文件")]: r[header.index("状态")] for r in ws.iter_rows(min_row=2, values_only=True)}
    (nj_orig, nj_new), (wx_orig, wx_new) = corrected["nj"], corrected["wx"]
    assert (status[nj_orig], status[wx_orig]) == ("已被更正稿取代",) * 2
    assert (status[nj_new], status[wx_new]) == ("成功",) * 2
