"""Ways real submissions are written that our own samples did not: one test per class of failure seen on an
inbox written by other hands (issue 11), and variation matrices (every label/value layout × checkbox style ×
list style of a form; every heading style × the lines under a case's title), built by code."""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from checks.catalog import all_checks, run_record_checks, selected
from extractors.mapping import FormMapper, map_sections
from extractors.models import FieldValue, Record
from extractors.readers.docx import read_docx
from extractors.text import parse_list, parse_number, word_count
from extractors.topics import covered_indicators
from pipeline.config import resolve_profile
from tests.docx_fixtures import W_NS

BANZU = resolve_profile("banzu")
STUDIO = resolve_profile("studio")
FORM = BANZU.kind("banzu_form")
CASE = BANZU.kind("banzu_case")
STUDIO_FORM = STUDIO.kind("studio_form")


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _table_docx(header: list[str], rows: list[list[str]], merges: list[tuple[int, int, int, int]] = (),
                wingdings: dict[tuple[int, int], str] | None = None) -> bytes:
    """Header paragraphs, then one table (rows padded to the widest); merges (r0, c0, r1, c1) keep the text
    of (r0, c0); ``wingdings``: cells that hold a Wingdings symbol (w:sym) instead of text."""
    d = docx.Document()
    for line in header:
        d.add_paragraph(line)
    width = max(len(r) for r in rows)
    t = d.add_table(rows=len(rows), cols=width)
    t.style = "Table Grid"  # ruled, as forms are (a PDF's table is found from its lines)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = t.cell(r, c)
            lines = text.split("\n")
            cell.text = lines[0]
            for more in lines[1:]:
                cell.add_paragraph(more)
    for (r, c), char in (wingdings or {}).items():
        p = t.cell(r, c).paragraphs[0]._p
        p.append(parse_xml(f'<w:r {W_NS}><w:sym w:font="Wingdings" w:char="{char}"/></w:r>'))
    for r0, c0, r1, c1 in merges:
        keep = t.cell(r0, c0).text
        t.cell(r0, c0).merge(t.cell(r1, c1)).text = keep
    return _save(d)


# ---------------------------------------------------------------- the form: a variation matrix

VALUES = {"班组名称": "热工实验中心", "所在单位": "河海大学能源学院", "班组总人数": ("十二", 12),
          "党员人数": ("7人", 7), "女职工人数": ("5", 5), "研究生及以上学历人数": ("8人", 8),
          "高技能人才人数": ("2", 2), "平均年龄": ("约38.5岁", 38.5)}
HONOURS = ["2019.05 江苏省工人先锋号", "2021年12月 南京市五一劳动奖状", "2022.10 江苏省教育科技系统先进集体"]
HONOUR_STYLES = {
    "lines": "\n".join(HONOURS),
    "numbered": "\n".join(f"{i}. {h}" for i, h in enumerate(HONOURS, 1)),
    "numbered-、": "\n".join(f"{i}、{h}" for i, h in enumerate(HONOURS, 1)),
    "circled-inline": "".join(f"{'①②③'[i]}{h}" for i, h in enumerate(HONOURS)),
    "semicolons": "；".join(HONOURS),
    "rows": None,  # one per table row under a label merged down
}
# 党支部 ticked, 党小组 not, 分工会 ticked, 工会小组 not: how each style writes the four cells (label, value).
BOX_STYLES = ("☑☐", "■□", "√blank", "是否", "有无", "wingdings", "one-cell")
WANT_BOXES = {"党支部": True, "党小组": False, "分工会": True, "工会小组": False}
LAYOUTS = ("right", "inline", "below")


def _box_rows(style: str) -> tuple[list[list[str]], dict[tuple[int, int], str]]:
    """Rows (relative) and Wingdings cells for the 是否成立党组织/工会组织 block."""
    if style == "one-cell":
        return [["是否成立党组织", "☑党支部　□党小组"], ["是否成立工会组织", "☑分工会　□工会小组"]], {}
    marks = {"☑☐": ("☑", "☐"), "■□": ("■", "□"), "√blank": ("√", ""), "是否": ("是", "否"),
             "有无": ("有", "无"), "wingdings": ("", "")}[style]
    rows = [["是否成立党组织", "党支部", marks[0], "是否成立工会组织", "分工会", marks[0]],
            ["", "党小组", marks[1], "", "工会小组", marks[1]]]
    syms = {}
    if style == "wingdings":
        syms = {(0, 2): "F0FE", (1, 2): "F0A8", (0, 5): "F0FE", (1, 5): "F0A8"}
    return rows, syms


def _form(layout: str, boxes: str, honours: str) -> bytes:
    header = ["创新型班组重点培育对象基本情况表", "推荐单位工会：常州市教育工会（盖章）", "联系人：周敏　　电话：0519-86001234"]
    rows: list[list[str]] = []
    items = [("班　组　名　称" if k == "班组名称" else k, v[0] if isinstance(v, tuple) else v) for k, v in VALUES.items()]
    if layout == "below":  # a row of labels, the values in the row under it
        for i in range(0, len(items), 4):
            rows += [[lab for lab, _ in items[i:i + 4]], [raw for _, raw in items[i:i + 4]]]
    for label, raw in items if layout != "below" else ():
        rows.append([label, raw] if layout == "right" else [f"{label}：{raw}", ""])
    merges: list[tuple[int, int, int, int]] = []
    # 班组负责人 as a block merged down two rows, 姓名/政治面貌 beside it (label and value in one cell when inline).
    r = len(rows)
    if layout == "inline":
        rows += [["班组负责人", "姓　名：王晓燕"], ["", "政治面貌：群众"]]
    else:
        rows += [["班组负责人", "姓　名", "王晓燕"], ["", "政治面貌", "群众"]]
    merges.append((r, 0, r + 1, 0))
    r = len(rows)
    box_rows, syms = _box_rows(boxes)
    rows += box_rows
    if boxes != "one-cell":
        merges += [(r, 0, r + 1, 0), (r, 3, r + 1, 3)]
    syms = {(r + dr, c): ch for (dr, c), ch in syms.items()}
    r = len(rows)
    if honours == "rows":
        rows += [["市级以上集体或个人荣誉（不超过5项）", h] for h in HONOURS]
        merges.append((r, 0, r + len(HONOURS) - 1, 0))
    else:
        rows.append(["市级以上集体或个人荣誉（不超过5项）", HONOUR_STYLES[honours]])
    rows += [["已开展“科教报国 创新有我”岗位建功竞赛情况", "班组开展竞赛，完成项目3项。"],
             ["下一步对标竞赛工作方案", "下一步，班组将对标先进，新增项目2项。"]]
    return _table_docx(header, rows, merges, syms)


@pytest.mark.parametrize(("layout", "boxes", "honours"),
                         [(la, b, h) for la, b, h in itertools.product(LAYOUTS, BOX_STYLES, HONOUR_STYLES)
                          if not (la == "below" and h == "rows")])
def test_form_variation_matrix(layout, boxes, honours):
    fields = FormMapper(FORM).map(read_docx(_form(layout, boxes, honours)))
    got = {k: fields[k].value for k in VALUES}
    assert got == {k: (v[1] if isinstance(v, tuple) else v) for k, v in VALUES.items()}
    assert (fields["推荐单位"].value, fields["联系人"].value, fields["电话"].value) == (
        "常州市教育工会", "周敏", "0519-86001234")
    assert (fields["班组负责人姓名"].value, fields["班组负责人政治面貌"].value) == ("王晓燕", "群众")
    assert {k: fields[k].value for k in WANT_BOXES} == WANT_BOXES
    assert fields["荣誉"].value == HONOURS
    assert fields["竞赛情况"].value == "班组开展竞赛，完成项目3项。\n下一步，班组将对标先进，新增项目2项。"


def test_no_box_ticked_leaves_the_flags_unknown():
    rows = [["班组名称", "甲"], ["所在单位", "乙"], ["班组总人数", "3"], ["党员人数", "1"],
            ["是否成立党组织", "党支部", "", "党小组", ""]]
    fields = FormMapper(FORM).map(read_docx(_table_docx([], rows)))
    assert [fields[k].value for k in ("党支部", "党小组", "分工会")] == [None, None, None]


# ---------------------------------------------------------------- the case: heading styles × lines under the title

BODIES = {"背景": "学校实验室能耗偏高，设备老化。", "做法": "建立能耗监测平台，分区计量。",
          "成果": "获授权专利3项，软件著作权2项。", "效益": "年节约电费12.5万元，效率提升35%。"}
HEADINGS = {
    "一、": ["一、案例背景", "二、主要做法", "三、创新成果", "四、效益影响"],
    "1.": ["1.案例背景", "2.主要做法", "3.创新成果", "4.效益影响"],
    "（一）。": ["（一）案例背景。", "（二）主要做法。", "（三）创新成果。", "（四）效益影响。"],
    "【】": ["【案例背景】", "【主要做法】", "【创新成果】", "【效益影响】"],
    "同段": ["案例背景：", "主要做法：", "创新成果：", "效益影响："],
}
BYLINES = {
    "none": [],
    "推荐单位": ["推荐单位：常州市教育工会"],
    "班组名称": ["班组名称：热工实验中心"],
    "括号": ["（河海大学 热工实验中心）"],
    "单位名": ["河海大学能源学院"],
    "同一行": ["所在单位：河海大学能源学院　班组名称：热工实验中心"],
}
TITLES = {"plain": ("智慧能耗监测平台建设", "智慧能耗监测平台建设"),
          "书名号": ("《智慧能耗监测平台建设》", "智慧能耗监测平台建设"),
          "案例名称": ("案例名称：智慧能耗监测平台建设", "智慧能耗监测平台建设"),
          "附件": ("附件2：班组创新案例\n智慧能耗监测平台建设", "智慧能耗监测平台建设")}


def _case_lines(heading: str, byline: str, title: str) -> list[str]:
    lines = [*TITLES[title][0].split("\n"), *BYLINES[byline]]
    for h, key in zip(HEADINGS[heading], BODIES, strict=True):
        lines += [h + BODIES[key]] if heading == "同段" else [h, BODIES[key]]
    return lines


@pytest.mark.parametrize(("heading", "byline", "title"), list(itertools.product(HEADINGS, BYLINES, TITLES)))
def test_case_variation_matrix(heading, byline, title):
    doc = read_docx(_paragraphs(_case_lines(heading, byline, title)))
    res = map_sections(CASE, doc)
    assert {k: s.body for k, s in res.sections.items()} == BODIES
    assert res.title == TITLES[title][1]
    # The limit applies to the body: no title, heading or line that only names the unit or the 班组.
    assert res.chars == sum(word_count(b) for b in BODIES.values())


def _paragraphs(lines: list[str]) -> bytes:
    d = docx.Document()
    for ln in lines:
        d.add_paragraph(ln)
    return _save(d)


def test_a_lead_paragraph_of_prose_is_body():
    lead = "近年来，班组围绕节能降耗开展攻关，形成了一套办法。"
    res = map_sections(CASE, read_docx(_paragraphs(["智慧能耗", "推荐单位：常州市教育工会", lead,
                                                    *_case_lines("一、", "none", "plain")[1:]])))
    assert res.chars == word_count(lead) + sum(word_count(b) for b in BODIES.values())


def test_case_in_a_table_with_numbered_headings_ending_in_a_full_stop():
    rows = [[h, BODIES[k]] for h, k in zip(HEADINGS["（一）。"], BODIES, strict=True)]
    res = map_sections(CASE, read_docx(_table_docx(["智慧能耗", "班组名称：热工实验中心"], rows)))
    assert {k: s.body for k, s in res.sections.items()} == BODIES


# ---------------------------------------------------------------- linking: names as the form states them


def _rec(kind: str, path: str, unit: str, source: str = "表头", **fields) -> Record:
    r = Record(path=path, kind=kind, unit=unit, unit_source=source, sha256="")
    r.fields = {k: FieldValue(k, str(v), v) for k, v in fields.items()}
    return r


def test_case_name_with_its_unit_prefix_is_stated_as_the_form_does():
    from pipeline.run import link_attachments

    form = _rec("banzu_form", "u/附件1.docx", "常州市教育工会", 班组名称="热工实验中心", 所在单位="河海大学能源学院")
    case = _rec("banzu_case", "u/附件2.docx", "常州市教育工会", 班组名称="河海大学能源学院热工实验中心",
                案例名称="河海大学能源学院热工实验中心：智慧能耗监测平台")
    other = _rec("banzu_case", "u/附件2b.docx", "常州市教育工会", 班组名称="热工实验中心", 案例名称="智慧能耗：让节能看得见")
    links = link_attachments(BANZU, [form, case, other])
    assert links == {"u/附件2.docx": "u/附件1.docx", "u/附件2b.docx": "u/附件1.docx"}
    assert (case.value("班组名称"), case.value("所在单位"), case.value("案例名称")) == (
        "热工实验中心", "河海大学能源学院", "智慧能耗监测平台")
    assert other.value("案例名称") == "智慧能耗：让节能看得见"  # a colon in a title is not a prefix


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(("raw", "items"), [
    ("2019.05 江苏省工人先锋号\n2020.10 省级先进", ["2019.05 江苏省工人先锋号", "2020.10 省级先进"]),
    ("1. 2019.05 江苏省工人先锋号\n2. 2020年 南京市先进", ["2019.05 江苏省工人先锋号", "2020年 南京市先进"]),
    ("1.2019年 江苏省先进", ["2019年 江苏省先进"]),
    ("（1）2019.05 甲（2）2020.10 乙", ["2019.05 甲", "2020.10 乙"]),
    ("1.甲奖 2.乙奖 3.丙奖", ["甲奖", "乙奖", "丙奖"]),
    ("12.5万元项目奖", ["12.5万元项目奖"]),
])
def test_a_year_is_not_list_numbering(raw, items):
    assert parse_list(raw) == items


@pytest.mark.parametrize(("raw", "value"), [("一百二十六万元", 126), ("一百二十六万", 126), ("五十", 50),
                                            ("十二万五千元", 12.5), ("1,260,000元", 126), ("126万元", 126)])
def test_money_in_chinese_numerals(raw, value):
    assert parse_number(raw, "万元") == (value, "")


OPINIONS = [
    ("同意推荐。\n签　章\n2024年11月8日", "同意推荐。", "2024-11-08"),
    ("同意推荐\n（盖章）\n2024年11月8日", "同意推荐", "2024-11-08"),
    ("情况属实，同意推荐。\n\n2024.11.08", "情况属实，同意推荐。", "2024-11-08"),
    ("同意推荐。\n（签章）\n年　　月　　日", "同意推荐。", None),
    ("签　章\n年　月　日", None, None),
]


def _studio_form(union: str, lists: str) -> bytes:
    rows = [["工作室名称", "甲工作室", "成员人数", "8"], ["建立日期", "2019.3", "经费投入（万元）", "一百二十六万元"],
            ["创新成果所获奖项", lists], ["工作室领衔人情况"], ["姓　名", "张三", "性　别", "女"],
            ["个人荣誉及获得时间", lists, "技能（工匠）奖项及时间", lists],
            ["所在单位工会意见", union, "推荐单意见", union]]
    return _table_docx(["河南省教科文卫体系统劳模工匠创新工作室推荐表"], rows)


@pytest.mark.parametrize(("union", "opinion", "date"), OPINIONS)
def test_signed_opinion_and_its_date(union, opinion, date):
    f = FormMapper(STUDIO_FORM).map(read_docx(_studio_form(union, "无")))
    assert (f["所在单位工会意见"].value, f["所在单位工会意见日期"].value) == (opinion, date)
    assert (f["推荐单位意见"].value, f["推荐单位意见日期"].value) == (opinion, date)
    assert f["经费投入"].value == 126 and f["建立日期"].value == "2019-03"
    all_checks()
    missing = {x.field for c in selected(STUDIO) if c.code == "field.missing"
               for x in run_record_checks([c], _as_record(f), STUDIO)}
    assert ("所在单位工会意见" in missing) == (opinion is None)
    assert ("所在单位工会意见日期" in missing) == (date is None)


def _as_record(fields: dict[str, FieldValue]) -> Record:
    r = Record(path="a.docx", kind="studio_form", unit="甲", unit_source="表头", sha256="")
    r.fields = fields
    return r


@pytest.mark.parametrize("written", ["2022年 甲奖\n2023年 乙奖", "1.2022年 甲奖 2.2023年 乙奖", "2022年 甲奖；2023年 乙奖"])
def test_studio_award_fields_are_lists(written):
    f = FormMapper(STUDIO_FORM).map(read_docx(_studio_form("同意。", written)))
    for key in ("创新成果所获奖项", "领衔人个人荣誉", "领衔人技能奖项"):
        assert f[key].value == ["2022年 甲奖", "2023年 乙奖"], key


def test_a_header_label_that_lost_its_colon_still_ends_the_value_before_it():
    summary = BANZU.kind("banzu_summary")
    doc = read_docx(_table_docx(["推荐汇总表", "推荐单位：常州市教育工会", "联系人：周敏　电话 025-83451234"],
                                [["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"], ["1", "甲", "乙", "丙", ""]]))
    f = FormMapper(summary).map(doc)
    assert (f["联系人"].value, f["电话"].value) == ("周敏", "025-83451234")


# ---------------------------------------------------------------- supporting material's outline


def test_numbered_outline_headings_with_text_running_on():
    lines = ["（一）基础情况。工作室成立于2019年3月，主要从事护理技术创新。", "（二）领衔人：张三，主任护师。",
             "五、制度建设。工作室制定了管理制度。"]
    covered = covered_indicators(STUDIO.coverage, read_docx(_paragraphs(lines)))
    assert {"基础情况", "领衔人", "制度建设"} <= set(covered)


# ---------------------------------------------------------------- a cell continued across a page break (PDF)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）把 Word 转成 PDF")
def test_pdf_cell_continued_on_the_next_page_is_one_value(tmp_path):
    from extractors.readers.pdf import read_pdf

    text = "\n".join(f"第{i}段，班组围绕实验教学改革开展竞赛活动，完成项目{i}项，参与教师{i + 10}人。" for i in range(1, 40))
    rows = [["班组名称", "热工实验中心"], ["所在单位", "河海大学能源学院"]] + [["荣誉", "无"]] * 10
    rows.append(["班组竞赛情况", text])
    (tmp_path / "f.docx").write_bytes(_table_docx(["创新型班组重点培育对象基本情况表"], rows))
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "f.docx")],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = read_pdf((tmp_path / "f.pdf").read_bytes())
    assert doc.pages >= 2
    value = FormMapper(FORM).map(doc)["竞赛情况"].value
    assert word_count(value) == word_count(text)
    assert value.replace("\n", "") == text.replace("\n", "")


# ---------------------------------------------------------------- units and names from the whole batch


def _inbox(tmp_path: Path, files: dict[str, bytes]) -> Path:
    inbox = tmp_path / "inbox"
    for name, data in files.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(data)
    return inbox


def _banzu_form(unit: str, name: str | None, org: str) -> bytes:
    rows = [["班组名称", name or ""], ["所在单位", org], ["班组总人数", "10"], ["党员人数", "5"], ["女职工人数", "3"],
            ["研究生及以上学历人数", "4"], ["高技能人才人数", "1"], ["平均年龄", "40"],
            ["班组负责人", "姓名", "李四"], ["", "政治面貌", "群众"], ["班组竞赛情况", "开展竞赛，完成项目3项。"]]
    return _table_docx(["创新型班组重点培育对象基本情况表", f"推荐单位工会：{unit}", "联系人：王五　电话：025-1234567"],
                       rows, [(8, 0, 9, 0)])


def _banzu_case(name: str | None, title: str) -> bytes:
    head = [title] + ([f"班组名称：{name}"] if name else [])
    return _paragraphs(head + [x for h, k in zip(HEADINGS["一、"], BODIES, strict=True) for x in (h, BODIES[k])])


def _banzu_summary(unit: str, rows: list[tuple[str, str, str]]) -> bytes:
    table = [["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"]]
    table += [[str(i), *r, ""] for i, r in enumerate(rows, 1)]
    return _table_docx(["重点培育对象和班组创新案例推荐汇总表", f"推荐单位：{unit}", "联系人：王五　电话：025-1234567"], table)


def _run(inbox: Path, profile=BANZU, leave_out: str = ""):
    """The documents of a run by path, and its findings as (code, unit, field) — but those on ``leave_out``."""
    from pipeline.run import run

    report = run(inbox, profile, jobs=0)
    docs = {d.record.path: d for d in report.documents}
    codes = sorted((f.code, f.unit, f.field) for d in report.documents for f in d.findings
                   if d.record.path != leave_out)
    codes += sorted((f.code, f.unit, f.field) for f in report.batch_findings if leave_out not in f.paths)
    return docs, codes, report


def test_a_blank_name_is_linked_by_its_file_name(tmp_path):
    unit = "河海大学工会"
    inbox = _inbox(tmp_path, {
        f"{unit}/附件1-热工实验中心.docx": _banzu_form(unit, None, "河海大学能源学院"),
        f"{unit}/附件1-水文实验班组.docx": _banzu_form(unit, "水文实验班组", "河海大学水文学院"),
        f"{unit}/附件2-案例一.docx": _banzu_case("热工实验中心", "智慧能耗"),
        f"{unit}/附件2-案例二.docx": _banzu_case("水文实验班组", "智慧水文"),
        f"{unit}/附件3.docx": _banzu_summary(unit, [("热工实验中心", "河海大学能源学院", "智慧能耗"),
                                                   ("水文实验班组", "河海大学水文学院", "智慧水文")]),
    })
    docs, codes, _ = _run(inbox)
    assert codes == [("field.missing", unit, "班组名称")]
    (finding,) = docs[f"{unit}/附件1-热工实验中心.docx"].findings
    assert "按文件名推断为“热工实验中心”" in finding.evidence


def test_a_flat_folder_credits_each_file_to_its_own_unit(tmp_path):
    a, b = "常州市教育工会", "河海大学工会"
    inbox = _inbox(tmp_path, {
        "附件1-数控实训班组.docx": _banzu_form(a, "数控实训班组", "常州技师学院"),
        "附件1-化学教研组.docx": _banzu_form(a, "化学教研组", "常州市第一中学"),
        "附件1-物理教研组.docx": _banzu_form(a, "物理教研组", "常州市第二中学"),
        "附件1-热工实验中心.docx": _banzu_form(b, "热工实验中心", "河海大学能源学院"),
        "附件1-水文实验班组.docx": _banzu_form(b, "水文实验班组", "河海大学水文学院"),
        "数控实训班组-附件2.docx": _banzu_case("数控实训班组", "数控改造"),
        "附件2-化学.docx": _banzu_case("化学教研组", "微型实验"),
        "附件2-物理.docx": _banzu_case("物理教研组", "数字实验"),
        "河海大学-附件2-热工.docx": _banzu_case(None, "热工实验中心：智慧能耗"),
        "附件2-水文.docx": _banzu_case("水文实验班组", "智慧水文"),
        "推荐汇总表(常州市教育工会).docx": _banzu_summary(a, [("数控实训班组", "常州技师学院", "数控改造"),
                                                      ("化学教研组", "常州市第一中学", "微型实验"),
                                                      ("物理教研组", "常州市第二中学", "数字实验")]),
        "推荐汇总表(河海大学).docx": _banzu_summary(b, [("热工实验中心", "河海大学能源学院", "智慧能耗"),
                                                  ("水文实验班组", "河海大学水文学院", "智慧水文")]),
        "说明.docx": _banzu_case(None, "补充说明"),
        "河海大学-工作简报.docx": _paragraphs(["工作简报", "本月开展了三次活动。"]),
    })
    docs, codes, report = _run(inbox, leave_out="说明.docx")
    units = {p: d.record.unit for p, d in docs.items()}
    assert units["河海大学-附件2-热工.docx"] == b and units["附件2-水文.docx"] == b
    assert units["附件2-化学.docx"] == a and units["数控实训班组-附件2.docx"] == a
    assert docs["河海大学-附件2-热工.docx"].record.value("案例名称") == "智慧能耗"
    assert units["河海大学-工作简报.docx"] == b  # by its file name
    assert codes == [("file.unrecognised", b, "")]
    # Nothing ties 说明.docx to a unit: a guess, and said so.
    assert docs["说明.docx"].record.unit_source == "推测"
    assert "unit.guessed" in {f.code for f in docs["说明.docx"].findings}
    # The report says how the units were worked out.
    from pipeline.outputs.html import findings_html

    assert report.unit_sources() == [("材料表头写明的推荐单位", 7), ("它所对应的推荐表", 5), ("文件名里的单位名", 1),
                                      ("无法确定，暂按推测（请核对）", 1)]
    assert "逐个文件确定所属单位：材料表头写明的推荐单位 7 个，它所对应的推荐表 5 个" in findings_html(report)
