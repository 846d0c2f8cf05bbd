"""退改通知 (huishen letters): which units get a letter, what each says, the Word file it is written in, and
bad input (a template with a Jinja error, a folder that cannot be written, no records.json) refused in Chinese
with nothing half-written."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from checks.models import Finding
from extractors.models import Severity
from pipeline.outputs.letters import (
    BLANK,
    BLANK_SENDER,
    LETTERS_DIR,
    ZIP_NAME,
    LetterTemplate,
    LetterTemplateError,
    LetterWriteError,
    letter_names,
    safe_file_name,
    write_letters,
)
from pipeline.outputs.records import _batch_finding_json, _doc_finding_json
from pipeline.review import decisions
from pipeline.review.letters import REQUIREMENTS, LetterOptions, letters_for

ROOT = Path(__file__).resolve().parent.parent


def huishen(args: list[str]) -> subprocess.CompletedProcess:
    """The ``huishen`` command as a user runs it, from this checkout's sources (whatever an installed ``huishen``
    script would import)."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                                      os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT)
DEADLINE = dt.date(2024, 10, 15)
TODAY = dt.date(2024, 10, 8)
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# ---------------------------------------------------------------------------------------- a small batch

HH, CZ = "河海大学工会", "常州市教育工会"  # get letters
SCANNED, STAFF, IGNORED = "南京工程学院工会", "东南大学工会", "江苏省农业科学院工会"  # get none
HH_FORM = f"{HH}/附件1-基本情况表-水文班组.docx"
HH_CASE = f"{HH}/创新案例.zip/附件2-创新案例-水文班组.docx"
CZ_FORM = f"{CZ}/附件1-基本情况表-机电班组.docx"
CZ_FORM2 = f"{CZ}/附件1-基本情况表-电气班组.docx"
CZ_CASE = f"{CZ}/附件2-创新案例-机电班组.docx"
NEAR = ("班组创新案例正文（河海大学工会“水文班组”）与班组创新案例正文（常州市教育工会“机电班组”）高度相似：较短一篇中有 "
        "82% 的具体内容在另一篇中出现（常见套话不计），共同段落：“班组成员获授权发明专利2项、实用新型专利7项”")


def _doc(path: str, unit: str, kind: str, subject: str, findings: list[Finding]) -> dict:
    return {"path": path, "unit": unit, "kind": kind, "kind_label": kind, "fields": {"班组名称": subject} if subject else {},
            "findings": [_doc_finding_json(f) for f in findings]}


def _f(code: str, severity: Severity, title: str, message: str, unit: str, paths: list[str], **kw) -> Finding:
    return Finding(code, severity, title, message, unit=unit, paths=paths, **kw)


def build_batch(out: Path) -> dict[str, Finding]:
    """records.json of a hand-built batch (and 审核决定.json ignoring three findings); the findings by name."""
    f = {
        "length": _f("length.over", E, "字数超限", "班组竞赛情况 1091 字，超出 1000 字上限 91 字", HH, [HH_FORM],
                     subject="水文班组", field="竞赛情况", actual=1091, limit=1000),
        "scanned": _f("file.scanned", INFO, "扫描件（文字识别）", "扫描件经文字识别（OCR）读取", HH, [HH_FORM]),
        "section": _f("section.missing", E, "缺少必需部分", "缺少“效益影响”部分", HH, [HH_CASE], subject="水文班组",
                      field="效益"),
        "numbers": _f("evidence.no_numbers", W, "缺少数据支撑", "“创新成果”部分没有用数据说明（未发现数字、百分比或数量）",
                      HH, [HH_CASE], subject="水文班组", field="成果", evidence="节能工作取得了显著成效。"),
        "cz_missing": _f("field.missing", E, "必填项缺失", "必填项“党员人数”未填写", CZ, [CZ_FORM], subject="机电班组",
                         field="党员人数"),
        "only_info": _f("file.scanned", INFO, "扫描件（文字识别）", "扫描件经文字识别（OCR）读取", SCANNED,
                        [f"{SCANNED}/附件1.pdf"]),
        "staff": _f("field.low_confidence", W, "识别结果待核对", "“班组总人数”识别清晰度 62.0%，低于 85%，请对照原件核对",
                    STAFF, [f"{STAFF}/附件1.png"], field="班组总人数", actual=0.62, limit=0.85),
        "ignored_only": _f("field.missing", E, "必填项缺失", "必填项“党员人数”未填写", IGNORED,
                           [f"{IGNORED}/附件1.docx"], subject="育种班组", field="党员人数"),
        "no_unit": _f("file.unreadable", E, "文件无法读取", "文件无法读取：Word 文件已损坏或不完整", "", ["说明.docx"]),
    }
    batch = {
        "near": _f("duplicate.near_copy", W, "文本高度相似", NEAR, "", [HH_CASE, CZ_CASE], units=[HH, CZ],
                   subject="水文班组", field="班组创新案例正文", actual=0.82, limit=0.3,
                   evidence="“班组成员获授权发明专利2项、实用新型专利7项”", batch=True),
        "quota": _f("quota.exceeded", E, "推荐数量超过名额", "推荐 5 个，超过设区市教育工会名额上限 4 个（多 1 个）", CZ,
                    [CZ_FORM, CZ_FORM2], actual=5, limit=4, batch=True,
                    evidence="单位名称“常州市教育工会”含“市教育工会”，判断为设区市教育工会（可推荐 3–4 个）"),
        "ignored_summary": _f("summary.missing", W, "缺少推荐汇总表", "未收到本单位的推荐汇总表", IGNORED,
                              [f"{IGNORED}/附件1.docx"], batch=True),
        "unmatched": _f("material.unmatched", W, "附件材料找不到对应的表格", "附件材料找不到对应的基本情况表", "", ["说明.docx"],
                        batch=True),
        "unknown_type": _f("quota.unknown_type", INFO, "无法判断单位类型", "无法判断单位类型", SCANNED, [], batch=True),
    }
    documents = [
        _doc(HH_FORM, HH, "banzu_form", "水文班组", [f["length"], f["scanned"]]),
        _doc(HH_CASE, HH, "banzu_case", "水文班组", [f["section"], f["numbers"]]),
        _doc(CZ_FORM, CZ, "banzu_form", "机电班组", [f["cz_missing"]]),
        _doc(CZ_FORM2, CZ, "banzu_form", "电气班组", []),
        _doc(CZ_CASE, CZ, "banzu_case", "机电班组", []),
        _doc(f"{SCANNED}/附件1.pdf", SCANNED, "banzu_form", "化工班组", [f["only_info"]]),
        _doc(f"{STAFF}/附件1.png", STAFF, "banzu_form", "材料班组", [f["staff"]]),
        _doc(f"{IGNORED}/附件1.docx", IGNORED, "banzu_form", "育种班组", [f["ignored_only"]]),
        _doc("说明.docx", "", "unreadable", "", [f["no_unit"]]),
    ]
    out.mkdir(parents=True, exist_ok=True)
    records = {"profile": "banzu", "profile_title": "创新型班组对标竞赛（2024 江苏省教育科技工会）", "inbox": "inbox",
               "documents": documents, "findings": [_batch_finding_json(x) for x in batch.values()]}
    (out / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    d = decisions.Decisions()
    decisions.apply(d, [f["cz_missing"], f["ignored_only"], batch["ignored_summary"]], decisions.Status.IGNORED,
                    note="已电话核实", who="测试")
    decisions.save(out, d)
    return {**f, **batch}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    o = tmp_path / "out"
    build_batch(o)
    return o


HH_ROWS = [
    ("水文班组\n文件：创新案例.zip/附件2-创新案例-水文班组.docx", "缺少“效益影响”部分", "请补写“效益影响”部分",
     "缺少必需部分\n通知要求：班组创新案例须包含案例背景、主要做法、创新成果、效益影响"),
    ("水文班组\n文件：创新案例.zip/附件2-创新案例-水文班组.docx", NEAR, "请说明情况；如有引用他人材料之处，请据实修改",
     "文本高度相似"),
    ("水文班组\n文件：创新案例.zip/附件2-创新案例-水文班组.docx",
     "“创新成果”部分没有用数据说明（未发现数字、百分比或数量）\n相关内容：节能工作取得了显著成效。",
     "请在“创新成果”部分补充具体数据（如数量、金额、百分比）", "缺少数据支撑\n通知要求：创新成果要以数据体现"),
    ("水文班组\n文件：附件1-基本情况表-水文班组.docx", "班组竞赛情况 1091 字，超出 1000 字上限 91 字",
     "请压缩到 1000 字以内（现 1091 字，需压缩 91 字）", "字数超限\n通知要求：班组竞赛情况不超过 1000 字"),
]
CZ_ROWS = [
    ("机电班组\n电气班组",
     "推荐 5 个，超过设区市教育工会名额上限 4 个（多 1 个）\n相关内容：单位名称“常州市教育工会”含“市教育工会”，"
     "判断为设区市教育工会（可推荐 3–4 个）",
     "请按名额调整推荐数量（限 4 个，现 5 个），并说明撤回哪些对象", "推荐数量超过名额\n通知要求：每个设区市教育工会推荐 3–4 个"),
    ("机电班组\n文件：附件2-创新案例-机电班组.docx", NEAR, "请说明情况；如有引用他人材料之处，请据实修改", "文本高度相似"),
]


def _rows(letter) -> list[tuple[str, str, str, str]]:
    return [(r.material, r.problem, r.requirement, r.basis) for r in letter.rows]


# ---------------------------------------------------------------------------------------- who gets what


def test_which_units_get_letters_and_what_each_lists(out):
    plan = letters_for(out, LetterOptions(deadline=DEADLINE, today=TODAY))
    # Not: a unit with only 提示 (南京工程学院), one with only a note to staff (东南大学), one whose only findings were
    # ignored (江苏省农业科学院); the batch findings without a unit are in no letter.
    assert plan.units == [CZ, HH]
    assert (plan.ignored, plan.staff_only, plan.without_unit) == (3, 1, 2)
    cz, hh = plan.letters
    assert _rows(hh) == HH_ROWS
    assert _rows(cz) == CZ_ROWS  # the ignored 党员人数 is not there; the near copy is in both letters
    assert [(r.code, r.severity) for r in hh.rows] == [("section.missing", "error"), ("duplicate.near_copy", "warning"),
                                                       ("evidence.no_numbers", "warning"), ("length.over", "error")]
    assert (hh.errors, hh.warnings, cz.errors, cz.warnings) == (2, 2, 1, 1)
    head = plan.head
    assert (head.deadline, head.date, plan.deadline_from) == (DEADLINE, TODAY, "命令行")
    assert (head.contact, head.phone, head.sender) == ("常龙尉", "025-83536271", "江苏省教育科技工会")  # banzu's notice
    assert head.campaign_name == "创新型班组对标竞赛"


def test_a_decision_withdrawn_puts_the_finding_back(out):
    d = decisions.load(out)
    batch = json.loads((out / "records.json").read_text(encoding="utf-8"))
    key = next(f["key"] for doc in batch["documents"] if doc["unit"] == IGNORED for f in doc["findings"])
    del d.by_key[key]
    decisions.save(out, d)
    plan = letters_for(out, LetterOptions(deadline=DEADLINE, today=TODAY))
    assert plan.units == [CZ, IGNORED, HH]
    assert [r.requirement for r in plan.letters[1].rows] == ["请补填“党员人数”栏目"]
    # kept and notified findings are open: only 不是问题（忽略） leaves a letter
    decisions.apply(d, [Finding("field.missing", E, "必填项缺失", "必填项“党员人数”未填写", unit=IGNORED,
                                paths=[f"{IGNORED}/附件1.docx"], subject="育种班组", field="党员人数")],
                    decisions.Status.NOTIFIED)
    decisions.save(out, d)
    assert letters_for(out, LetterOptions(deadline=DEADLINE)).units == [CZ, IGNORED, HH]


def test_settings_come_from_the_options_else_the_profile_else_blank(out, tmp_path):
    # A profile without [letters]: 7 days after the letter's date, and blank lines for the rest.
    text = (ROOT / "pipeline/profiles/banzu.toml").read_text(encoding="utf-8")
    bare = tmp_path / "bare.toml"
    bare.write_text(text.split("# ---------------------------------------------------------------- 退改通知")[0],
                    encoding="utf-8")
    plan = letters_for(out, LetterOptions(profile=str(bare), today=TODAY))
    head = plan.head
    assert (head.deadline, plan.deadline_from) == (dt.date(2024, 10, 15), "默认")
    assert (head.contact, head.phone, head.sender) == ("", "", "")
    context = plan.letters[0].context()
    assert (context["联系人"], context["联系电话"], context["发文单位"]) == (BLANK, BLANK, BLANK_SENDER)
    assert context["修改期限"] == "2024年10月15日"
    # ... a deadline in the profile, and the command line over both
    with_deadline = tmp_path / "deadline.toml"
    with_deadline.write_text(bare.read_text(encoding="utf-8") + '\n[letters]\ndeadline = 2024-10-20\ncontact = "王芳"\n',
                             encoding="utf-8")
    plan = letters_for(out, LetterOptions(profile=str(with_deadline), today=TODAY, phone="025-83000000"))
    assert (plan.head.deadline, plan.deadline_from, plan.head.contact, plan.head.phone) == (
        dt.date(2024, 10, 20), "配置", "王芳", "025-83000000")


def test_every_check_has_its_own_wording():
    from checks.catalog import all_checks

    codes = {c.code for c in all_checks()}
    assert codes - set(REQUIREMENTS) == set()
    assert set(REQUIREMENTS) - codes == set()  # no wording for a check that no longer exists


def test_a_profile_can_word_a_requirement_its_own_way(out, tmp_path):
    text = (ROOT / "pipeline/profiles/banzu.toml").read_text(encoding="utf-8")
    own = tmp_path / "own.toml"
    own.write_text(text + '\n[letters.requirements]\n"length.over" = "请删减至 {limit} 字"\n'
                   '"duplicate." = "请提交情况说明"\n', encoding="utf-8")
    hh = letters_for(out, LetterOptions(profile=str(own), deadline=DEADLINE)).letters[1]
    assert [r.requirement for r in hh.rows] == ["请补写“效益影响”部分", "请提交情况说明",
                                                "请在“创新成果”部分补充具体数据（如数量、金额、百分比）", "请删减至 1000 字"]


def test_unit_names_become_safe_file_names():
    assert safe_file_name("南京/大学\x07工会") == "南京_大学_工会"
    assert safe_file_name('常州:"市"教育工会?') == "常州__市_教育工会_"
    assert safe_file_name("..河海大学工会. ") == "河海大学工会"
    assert safe_file_name("") == safe_file_name("///") == "未知单位"
    assert safe_file_name("CON") == "CON_"
    assert len(safe_file_name("很" * 200)) == 60

    class L:
        def __init__(self, unit):
            self.unit = unit

    assert letter_names([L("甲/乙"), L("甲:乙"), L("丙")]) == ["甲_乙.docx", "甲_乙（2）.docx", "丙.docx"]


# ---------------------------------------------------------------------------------------- the Word files


def _table(path: Path) -> list[list[str]]:
    (table,) = docx.Document(str(path)).tables
    return [[c.text for c in row.cells] for row in table.rows]


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_the_command_writes_one_letter_per_unit_and_a_zip(out):
    proc = huishen(["letters", str(out), "--deadline", "2024-10-15", "--contact", "王芳", "--phone", "025-83000000"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = out / LETTERS_DIR
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{CZ}.docx", f"{HH}.docx", ZIP_NAME])
    assert proc.stdout.splitlines()[:4] == [
        f"已生成退改通知 2 份（共 6 个问题），在 {folder}/：",
        f"  {CZ}.docx　错误 1，警告 1",
        f"  {HH}.docx　错误 2，警告 2",
        f"  全部打包：{ZIP_NAME}",
    ]
    assert "  修改期限：2024年10月15日" in proc.stdout
    assert "已标为“不是问题（忽略）”的 3 个问题没有写入通知" in proc.stdout
    with zipfile.ZipFile(folder / ZIP_NAME) as z:
        assert sorted(z.namelist()) == sorted([f"{CZ}.docx", f"{HH}.docx"])
        for name in z.namelist():
            assert z.read(name) == (folder / name).read_bytes()

    hh = folder / f"{HH}.docx"
    today = dt.date.today()
    assert _paragraphs(hh) == [
        "关于报送材料的退改通知",
        f"{HH}：",
        "按照《关于深入开展创新型班组对标竞赛的通知》（2024年8月6日）要求，我们对你单位报送的创新型班组对标竞赛材料进行了审核。"
        "经审核，以下 4 处需要修改或说明：",
        "请你单位对照上表逐项修改，于2024年10月15日前将修改后的材料重新报送；需要说明情况的，请一并报送书面说明。",
        "联系人：王芳　　联系电话：025-83000000",
        "江苏省教育科技工会",
        f"{today.year}年{today.month}月{today.day}日",
    ]
    assert _table(hh) == [["序号", "材料", "存在问题", "修改要求", "依据"]] + [
        [str(i), *row] for i, row in enumerate(HH_ROWS, 1)]
    assert _table(folder / f"{CZ}.docx")[1:] == [[str(i), *row] for i, row in enumerate(CZ_ROWS, 1)]


def test_a_letter_with_nothing_set_leaves_lines_to_fill_by_hand(out, tmp_path):
    text = (ROOT / "pipeline/profiles/banzu.toml").read_text(encoding="utf-8")
    bare = tmp_path / "bare.toml"
    bare.write_text(text.split("# ---------------------------------------------------------------- 退改通知")[0],
                    encoding="utf-8")
    plan = letters_for(out, LetterOptions(profile=str(bare), today=TODAY))
    written = write_letters(out, plan.letters)
    paragraphs = _paragraphs(written.files[0])
    assert f"联系人：{BLANK}　　联系电话：{BLANK}" in paragraphs
    assert paragraphs[-2:] == [BLANK_SENDER, "2024年10月8日"]


def test_the_default_template_is_a_formal_a4_letter():
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document(str(ROOT / "pipeline/templates/退改通知.docx"))
    s = d.sections[0]
    assert (s.page_width.twips, s.page_height.twips) == (11906, 16838)  # A4
    assert [round(m.cm, 2) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        3.7, 3.5, 2.8, 2.6]

    def east(run):
        return run._element.rPr.rFonts.get(qn("w:eastAsia"))

    title = d.paragraphs[0]
    assert (title.text, east(title.runs[0]), title.runs[0].font.size, title.runs[0].font.bold,
            title.alignment) == ("关于报送材料的退改通知", "宋体", Pt(22), True, 1)
    body = d.paragraphs[2].runs[0]
    assert (east(body), body.font.size) == ("仿宋", Pt(16))
    assert d.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    cell = d.tables[0].rows[2].cells[2].paragraphs[0].runs[0]
    assert (cell.text, east(cell), cell.font.size) == ("{{ 行.存在问题 }}", "仿宋", Pt(12))
    borders = d.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert [b.get(qn("w:val")) for b in borders] == ["single"] * 6


def test_the_template_script_rebuilds_the_template(tmp_path):
    from pipeline.templates.letter_template import build

    rebuilt = tmp_path / "退改通知.docx"
    rebuilt.write_bytes(build())
    committed = ROOT / "pipeline/templates/退改通知.docx"
    assert _paragraphs(rebuilt) == _paragraphs(committed) and _table(rebuilt) == _table(committed)


# ---------------------------------------------------------------------------------------- LibreOffice: PDF


A4 = (595.3, 841.9)


def _fonts_conf(tmp_path: Path) -> Path:
    """The Windows fonts the template names, as the closest fonts this machine has (for the picture only)."""
    aliases = "".join(f'<match target="pattern"><test name="family"><string>{win}</string></test>'
                      f'<edit name="family" mode="assign" binding="strong"><string>{here}</string></edit></match>'
                      for win, here in (("仿宋", "Noto Serif CJK SC"), ("宋体", "Noto Serif CJK SC"),
                                        ("黑体", "Noto Sans CJK SC")))
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>",
                    encoding="utf-8")
    return conf


def _to_pdf(src: Path, tmp_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the letter cannot be converted to PDF here")
    work = tmp_path / "pdf"
    work.mkdir()
    shutil.copy(src, work / "letter.docx")
    profile = tmp_path / "lo-profile"
    env = {**os.environ, "HOME": str(tmp_path), "FONTCONFIG_FILE": str(_fonts_conf(tmp_path))}
    proc = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                           "--convert-to", "pdf", "--outdir", str(work), str(work / "letter.docx")],
                          capture_output=True, text=True, timeout=180, env=env)
    pdf = work / "letter.pdf"
    assert pdf.is_file(), proc.stdout + proc.stderr
    return pdf


def test_a_letter_converts_to_pdf_on_a4(out, tmp_path):
    import pdfplumber
    import pypdfium2

    plan = letters_for(out, LetterOptions(deadline=DEADLINE, contact="王芳", phone="025-83000000", today=TODAY))
    written = write_letters(out, plan.letters)
    pdf = _to_pdf(written.files[1], tmp_path)  # 河海大学工会
    with pdfplumber.open(pdf) as doc:
        sizes = [(round(float(p.width), 1), round(float(p.height), 1)) for p in doc.pages]
        text = "".join(p.extract_text() or "" for p in doc.pages)
    assert sizes == [A4] * len(sizes) and 1 <= len(sizes) <= 2
    flat = re.sub(r"\s", "", text)
    for expected in ("关于报送材料的退改通知", f"{HH}：", "《关于深入开展创新型班组对标竞赛的通知》",
                     "以下4处需要修改或说明", "序号材料存在问题修改要求依据",
                     "请你单位对照上表逐项修改，于2024年10月15日前将修改后的材料重新报送",
                     "联系人：王芳联系电话：025-83000000", "江苏省教育科技工会2024年10月8日"):
        assert expected in flat, expected
    page = pypdfium2.PdfDocument(str(pdf))[0].render(scale=1.5).to_pil()
    picture = tmp_path / "letter.png"
    page.save(picture)
    assert page.size == (round(A4[0] * 1.5), round(A4[1] * 1.5))
    if os.environ.get("HUISHEN_REGEN_DOCS") == "1":  # the picture in README (docs/letter.png)
        shutil.copy(picture, ROOT / "docs" / "letter.png")


# ---------------------------------------------------------------------------------------- bad input


def _bad_template(path: Path, lines: list[str]) -> Path:
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_template_with_a_jinja_error_writes_nothing(out, tmp_path):
    bad = _bad_template(tmp_path / "本办模板.docx", ["{{ 推荐单位 }}：", "{% for 行 in 问题 %}{{ 行.材料 }}"])
    proc = huishen(["letters", str(out), "--template", str(bad)])
    assert proc.returncode == 2
    assert proc.stdout.strip() == ("错误：模板 本办模板.docx 有误：正文中有没有结束的 {% for %} 或 {% if %}（缺少 {% endfor %} "
                                   "或 {% endif %}）；出错处的文字：“{% for 行 in 问题 %}{{ 行.材料 }}”。请在 Word 中改正后再用。")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (out / LETTERS_DIR).exists() and _hidden(out) == []
    # an earlier set of letters stays as it was
    assert huishen(["letters", str(out)]).returncode == 0
    before = {p.name: p.read_bytes() for p in (out / LETTERS_DIR).iterdir()}
    assert huishen(["letters", str(out), "--template", str(bad)]).returncode == 2
    assert {p.name: p.read_bytes() for p in (out / LETTERS_DIR).iterdir()} == before


@pytest.mark.parametrize(("lines", "message"), [
    (["{{ 推荐单位 }：正文"], "模板 t.docx 有误：正文中占位符的括号不成对或写法不完整（应写成 {{ 名称 }} 或 {% 标记 %}）；"
                          "出错处的文字：“{{ 推荐单位 }：正文”。请在 Word 中改正后再用。"),
    (["{% endfor %}"], "模板 t.docx 有误：正文中标记 {% endfor %} 没有对应的开始标记（如 {% for %}、{% if %}）；"
                       "出错处的文字：“{% endfor %}”。请在 Word 中改正后再用。"),
    (["{{ 单位名称 }}"], "模板 t.docx 用了不存在的字段：{{ 单位名称 }}。可用的字段：推荐单位、评选名称、评选全称、通知名称、"
                      "通知日期、修改期限、联系人、联系电话、发文单位、发文日期、问题数、错误数、警告数、问题；每行问题的字段："
                      "序号、材料、存在问题、修改要求、依据、严重程度。"),
    (["{% for 行 in 问题 %}{{ 行.材科 }}{% endfor %}"],
     "模板 t.docx 有误：“材科”不是可用的字段（每行问题的字段：序号、材料、存在问题、修改要求、依据、严重程度）。"
     "请在 Word 中改正后再用。"),
])
def test_template_mistakes_are_named_in_chinese(out, tmp_path, lines, message):
    template = _bad_template(tmp_path / "t.docx", lines)
    plan = letters_for(out, LetterOptions(deadline=DEADLINE))
    with pytest.raises(LetterTemplateError) as e:
        write_letters(out, plan.letters, template)
    assert str(e.value) == message
    assert not (out / LETTERS_DIR).exists()


def test_a_template_that_is_not_a_word_file(tmp_path):
    fake = tmp_path / "模板.docx"
    fake.write_text("不是 Word 文件", encoding="utf-8")
    with pytest.raises(LetterTemplateError, match=r"^模板 模板\.docx 不是有效的 Word 文档（\.docx），无法打开$"):
        LetterTemplate.load(fake)
    with pytest.raises(LetterTemplateError, match=r"另存为"):
        LetterTemplate.load(tmp_path / "模板.doc")
    with pytest.raises(LetterTemplateError, match=r"^找不到模板文件"):
        LetterTemplate.load(tmp_path / "没有.docx")


def test_a_letter_folder_that_is_a_file_is_refused(out):
    (out / LETTERS_DIR).write_text("占位", encoding="utf-8")
    proc = huishen(["letters", str(out)])
    assert proc.returncode == 1
    assert proc.stdout.strip() == f"错误：{out / LETTERS_DIR} 是一个文件而不是文件夹，退改通知无法写入；请把它改名或移走后重试。"
    assert "Traceback" not in proc.stdout + proc.stderr
    assert (out / LETTERS_DIR).read_text(encoding="utf-8") == "占位" and _hidden(out) == []


def test_an_output_folder_under_a_file_is_refused(tmp_path):
    blocker = tmp_path / "文件"
    blocker.write_text("x", encoding="utf-8")
    proc = huishen(["letters", str(blocker / "out")])
    assert proc.returncode == 2 and proc.stdout.strip() == f"错误：找不到输出文件夹：{blocker / 'out'}"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="as root (or off POSIX) a read-only folder can still be written: chmod proves nothing")
def test_a_read_only_folder_keeps_the_letters_it_has(out):
    assert huishen(["letters", str(out)]).returncode == 0
    before = {p.name: p.read_bytes() for p in (out / LETTERS_DIR).iterdir()}
    out.chmod(0o555)
    try:
        proc = huishen(["letters", str(out), "--deadline", "2024-11-01"])
    finally:
        out.chmod(0o755)
    assert proc.returncode == 1
    assert proc.stdout.strip() == (f"错误：退改通知无法写入 {out / LETTERS_DIR}（没有写入权限，或文件正被 Word 等程序打开）；"
                                   "原有的退改通知保持不变。")
    assert {p.name: p.read_bytes() for p in (out / LETTERS_DIR).iterdir()} == before


def test_a_failure_while_writing_or_swapping_keeps_the_previous_letters(out, monkeypatch):
    import errno

    import pipeline.outputs.letters as letters_mod

    plan = letters_for(out, LetterOptions(deadline=DEADLINE))
    write_letters(out, plan.letters)
    before = {p.name: p.read_bytes() for p in (out / LETTERS_DIR).iterdir()}
    later = letters_for(out, LetterOptions(deadline=dt.date(2024, 11, 1))).letters

    real_open = open
    written = []

    def full_disk(path, *args, **kwargs):
        if str(path).endswith(".docx") and len(written) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(letters_mod, "open", full_disk, raising=False)
    with pytest.raises(LetterWriteError) as e:
        write_letters(out, later)
    assert str(e.value) == f"退改通知无法写入 {out / LETTERS_DIR}（磁盘空间已满）；原有的退改通知保持不变。"
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in (out / LETTERS_DIR).iterdir()} == before and _hidden(out) == []

    real_replace = os.replace

    def refuse_new_folder(src, dst):
        if str(src).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(letters_mod.os, "replace", refuse_new_folder)
    with pytest.raises(LetterWriteError, match="原有的退改通知保持不变"):
        write_letters(out, later)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in (out / LETTERS_DIR).iterdir()} == before and _hidden(out) == []


def test_an_output_folder_without_records(tmp_path):
    empty = tmp_path / "out"
    empty.mkdir()
    proc = huishen(["letters", str(empty)])
    assert proc.returncode == 2
    assert proc.stdout.strip() == (f"错误：{empty} 中没有 records.json：请先用 huishen run 审查材料（--out 指向这个文件夹），"
                                   "再生成退改通知")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert list(empty.iterdir()) == []


def test_a_damaged_records_file_or_a_wrong_date(out):
    proc = huishen(["letters", str(out), "--deadline", "10月15日"])
    assert proc.returncode == 2
    assert proc.stdout.strip() == "错误：--deadline “10月15日”不是日期，请写成 2024-10-15 这样的日期"
    (out / "records.json").write_text('{"profile": "banzu", "documents": [', encoding="utf-8")
    proc = huishen(["letters", str(out)])
    assert proc.returncode == 2
    assert proc.stdout.strip() == f"错误：{out / 'records.json'} 已损坏（不是完整的 JSON）：请重新运行 huishen run"
    assert not (out / LETTERS_DIR).exists()


def test_when_nothing_is_open_the_folder_holds_no_letters(out):
    assert huishen(["letters", str(out)]).returncode == 0
    records = json.loads((out / "records.json").read_text(encoding="utf-8"))
    for d in records["documents"]:
        d["findings"] = [f for f in d["findings"] if f["severity"] == "info"]
    records["findings"] = []
    (out / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    proc = huishen(["letters", str(out)])
    assert proc.returncode == 0
    assert proc.stdout.startswith("没有需要退改的单位")
    assert list((out / LETTERS_DIR).iterdir()) == []  # no letter from an earlier run is left to be sent by mistake


# ---------------------------------------------------------------------------------------- a real run


def test_letters_after_a_real_run(tmp_path):
    """The pipeline on a small generated inbox, then decisions and letters: the duplicate between two units is in
    both letters; a unit with only a junk file, and one whose findings were all ignored, get none."""
    from tests import docx_fixtures as fx

    inbox = tmp_path / "inbox"

    def form(unit: str, name: str, where: str) -> bytes:
        rows = [["班组名称", name], ["所在单位", where], ["班组总人数", "8"], ["党员人数", "3"], ["女职工人数", "2"],
                ["研究生及以上学历人数", "4"], ["高技能人才人数", "1"], ["平均年龄", "38"], ["班组负责人", ""],
                ["姓名", "张三"], ["政治面貌", "中共党员"], ["竞赛情况", "班组开展岗位建功竞赛，完成项目3项。"]]
        return fx.form_docx([f"推荐单位工会：{unit}", "联系人：李四", "电话：025-83786000"], rows)

    for unit, name, where in [("河海大学工会", "水文监测班组", "河海大学"), ("南京市教育工会", "水文监测班组", "河海大学"),
                              ("南京市教育工会", "物理教研组", "南京市第一中学"), ("江南大学工会", "食品检测班组", "江南大学")]:
        (inbox / unit).mkdir(parents=True, exist_ok=True)
        (inbox / unit / f"附件1-基本情况表-{name}.docx").write_bytes(form(unit, name, where))
    (inbox / "东南大学工会").mkdir()
    (inbox / "东南大学工会" / "Thumbs.db").write_bytes(b"\0" * 64)
    out = tmp_path / "out"
    run = huishen(["run", str(inbox), "--profile", "banzu", "--out", str(out), "--jobs", "0", "--no-cache"])
    assert run.returncode == 0, run.stdout + run.stderr
    records = json.loads((out / "records.json").read_text(encoding="utf-8"))
    findings = [(d["unit"], f) for d in records["documents"] for f in d["findings"]]
    findings += [(u, f) for f in records["findings"] for u in f["units"]]
    # Staff decide: everything of 江南大学工会 is not a problem, nor is 南京市教育工会's missing 汇总表.
    ignore = [f for u, f in findings if u == "江南大学工会" or (u == "南京市教育工会" and f["code"] == "summary.missing")]
    d = decisions.Decisions({f["key"]: decisions.Decision(f["key"], decisions.Status.IGNORED, "已电话核实", "测试")
                             for f in ignore})
    decisions.save(out, d)

    proc = huishen(["letters", str(out), "--deadline", "2024-10-15"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = out / LETTERS_DIR
    assert sorted(p.name for p in folder.iterdir()) == ["南京市教育工会.docx", "河海大学工会.docx", ZIP_NAME]
    duplicate = ("“水文监测班组 / 河海大学”被推荐了 2 次（班组名称＋所在单位相同），来自：南京市教育工会、河海大学工会")
    assert [row[1:4] for row in _table(folder / "河海大学工会.docx")[1:]] == [
        ["水文监测班组\n文件：附件1-基本情况表-水文监测班组.docx", duplicate,
         "同一对象被重复推荐，请与相关单位协商由一个单位推荐，并说明情况"],
        ["水文监测班组\n文件：附件1-基本情况表-水文监测班组.docx", "“水文监测班组”未提交班组创新案例", "请补报缺少的配套材料"],
        ["推荐汇总表（未收到）", "未收到本单位的重点培育对象和班组创新案例推荐汇总表", "请补报本单位的推荐汇总表"],
    ]
    assert [row[1:4] for row in _table(folder / "南京市教育工会.docx")[1:]] == [
        ["水文监测班组\n文件：附件1-基本情况表-水文监测班组.docx", duplicate,
         "同一对象被重复推荐，请与相关单位协商由一个单位推荐，并说明情况"],
        ["水文监测班组\n文件：附件1-基本情况表-水文监测班组.docx", "“水文监测班组”未提交班组创新案例", "请补报缺少的配套材料"],
        ["物理教研组\n文件：附件1-基本情况表-物理教研组.docx", "“物理教研组”未提交班组创新案例", "请补报缺少的配套材料"],
    ]
    assert f"已标为“不是问题（忽略）”的 {len(ignore)} 个问题没有写入通知" in proc.stdout


def test_zip_names_open_as_chinese(out):
    written = write_letters(out, letters_for(out, LetterOptions(deadline=DEADLINE)).letters)
    with zipfile.ZipFile(io.BytesIO(written.zip.read_bytes())) as z:
        assert all(info.flag_bits & 0x800 for info in z.infolist())  # names stored as UTF-8
        assert sorted(z.namelist()) == sorted([f"{CZ}.docx", f"{HH}.docx"])


def test_leftovers_of_an_interrupted_write_are_cleared(out):
    stale = out / f".{LETTERS_DIR}-0a0b0c0d.tmp"
    stale.mkdir()
    (stale / "半份.docx").write_bytes(b"PK")
    os.utime(stale, (0, 0))
    busy = out / f".{LETTERS_DIR}-1a1b1c1d.tmp"  # another write under way just now: left alone
    busy.mkdir()
    write_letters(out, letters_for(out, LetterOptions(deadline=DEADLINE)).letters)
    assert _hidden(out) == [busy.name]
