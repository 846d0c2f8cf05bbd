"""Profiles are data: strict loading, and a new campaign that needs only a file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.profile import ProfileError, load_profile
from pipeline.config import bundled_profiles, resolve_profile
from tests import docx_fixtures as fx

# A small campaign invented for this test: a 五小 result form plus its write-up.
WUXIAO = """
name = "wuxiao_test"
title = "五小竞赛（测试）"
notice = "测试通知"
notice_date = 2023-05-01
max_file_mb = 20

[[kinds]]
key = "wx_form"
title = "五小成果申报表"
layout = "form"
role = "entry"
titles = ["五小成果申报表"]
min_matches = 2
subject = "成果名称"
duplicate_keys = [["成果名称"]]

[[kinds.fields]]
key = "推荐单位"
labels = ["申报单位"]
where = "line"
required = true

[[kinds.fields]]
key = "成果名称"
labels = ["成果名称", "项目名称"]
required = true

[[kinds.fields]]
key = "成果类别"
labels = ["成果类别"]
required = true

[[kinds.fields]]
key = "创效金额"
labels = ["创效金额"]
type = "number"
unit = "万元"

[[kinds.fields]]
key = "成果简介"
labels = ["成果简介"]
type = "longtext"
max_chars = 20
evidence = true

[[kinds]]
key = "wx_story"
title = "成果说明"
layout = "sections"
role = "attachment"
link_field = "成果名称"
min_matches = 2
max_chars = 300
count_field = "字数"
title_field = "标题"

[[kinds.fields]]
key = "成果名称"
labels = ["成果名称"]
where = "line"

[[kinds.sections]]
key = "问题"
title = "存在问题"
headings = ["存在问题"]

[[kinds.sections]]
key = "改进"
title = "改进措施"
headings = ["改进措施"]
evidence = true

[quota]
kind = "wx_form"

[[quota.rules]]
unit_type = "基层工会"
patterns = ["工会$"]
max = 1

[summary_table]
title = "五小成果汇总表"
entry_kind = "wx_form"

[[summary_table.columns]]
header = "序号"
source = "序号"

[[summary_table.columns]]
header = "成果名称"
source = "wx_form.成果名称"

[[summary_table.columns]]
header = "创效金额（万元）"
source = "wx_form.创效金额"
"""


def test_bundled_profiles_load():
    assert "banzu" in bundled_profiles()
    p = resolve_profile("banzu")
    assert p.kind("banzu_case").max_chars == 600
    assert p.kind("banzu_form").field("竞赛情况").max_chars == 1000


def test_unknown_key_is_an_error_naming_the_line(tmp_path):
    bad = WUXIAO.replace('labels = ["成果类别"]', 'lables = ["成果类别"]')
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ProfileError) as e:
        load_profile(path)
    line = next(i for i, ln in enumerate(bad.splitlines(), 1) if ln.startswith("lables"))
    assert f"第 {line} 行" in str(e.value)
    assert "未知的配置项" in str(e.value)


def test_wrong_type_is_an_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(WUXIAO.replace("max_chars = 20", 'max_chars = "二十"'), encoding="utf-8")
    with pytest.raises(ProfileError, match="max_chars"):
        load_profile(path)


def test_unknown_profile_name_lists_the_available_ones():
    with pytest.raises(ProfileError, match="banzu"):
        resolve_profile("no_such_campaign")


def test_a_new_campaign_is_only_a_file(tmp_path):
    profile = tmp_path / "wuxiao_test.toml"
    profile.write_text(WUXIAO, encoding="utf-8")
    inbox = tmp_path / "inbox"
    unit = inbox / "城建集团工会"
    unit.mkdir(parents=True)
    (unit / "申报表一.docx").write_bytes(fx.form_docx(
        ["五小成果申报表", "申报单位：城建集团工会"],
        [["成果名称", "钢筋快速定位卡具"], ["成果类别", "小发明"], ["创效金额", "约12万元"],
         ["成果简介", "一种卡具，使定位更快更准，受到一线工人欢迎。"]]))
    (unit / "申报表二.docx").write_bytes(fx.form_docx(
        ["五小成果申报表", "申报单位：城建集团工会"],
        [["成果名称", "隧道照明改造"], ["成果类别", ""], ["创效金额", "30"], ["成果简介", "节电20%"]]))
    (unit / "说明.docx").write_bytes(fx.paragraphs_docx(
        ["卡具说明", "成果名称：钢筋快速定位卡具", "存在问题", "定位慢。", "改进措施", "效率提高一倍。"]))
    out = tmp_path / "out"
    huishen = Path(sys.executable).parent / "huishen"
    proc = subprocess.run([str(huishen), "run", str(inbox), "--profile", str(profile), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads((out / "records.json").read_text(encoding="utf-8"))
    assert data["profile"] == "wuxiao_test"
    docs = {d["path"].split("/")[-1]: d for d in data["documents"]}
    assert docs["申报表一.docx"]["kind"] == "wx_form"
    assert docs["申报表一.docx"]["fields"]["创效金额"] == 12
    assert docs["说明.docx"]["kind"] == "wx_story"
    assert docs["说明.docx"]["fields"]["改进"] == "效率提高一倍。"
    per_doc = sorted((name, f["code"], f["field"]) for name, d in docs.items() for f in d["findings"])
    assert per_doc == [
        ("申报表一.docx", "evidence.no_numbers", "成果简介"),
        ("申报表一.docx", "length.over", "成果简介"),
        ("申报表二.docx", "field.missing", "成果类别"),
    ]  # 说明.docx: "提高一倍" is a figure
    batch = sorted((f["code"], tuple(f["paths"])) for f in data["findings"])
    assert batch == [
        ("material.missing", ("城建集团工会/申报表二.docx",)),
        ("quota.exceeded", ("城建集团工会/申报表一.docx", "城建集团工会/申报表二.docx")),
    ]


def test_a_reference_to_a_field_no_kind_defines_is_an_error_naming_its_line(tmp_path):
    """A misspelt subject or rule field would load and its checks quietly skip: every reference is resolved
    at load time."""
    text = bundled_profiles()["studio"].read_text(encoding="utf-8")
    bad = text.replace('subject = "工作室名称"', 'subject = "工作室名"', 1).replace(
        'field = "建立日期"\nyears', 'field = "建立日朝"\nyears').replace('kind = "studio_form"\n\n[[quota', 'kind = "studio_from"\n\n[[quota')
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ProfileError) as e:
        load_profile(path)
    line = {name: next(i for i, ln in enumerate(bad.splitlines(), 1) if f'"{name}"' in ln)
            for name in ("工作室名", "建立日朝", "studio_from")}
    assert str(e.value).splitlines()[1:] == [
        f"  studio_form.subject 指向 studio_form 中不存在的栏目“工作室名”（第 {line['工作室名']} 行）",
        f"  quota.kind 指向不存在的材料类别“studio_from”（第 {line['studio_from']} 行）",
        f"  eligibility.established.field 指向不存在的栏目“建立日朝”（没有哪类材料定义它）（第 {line['建立日朝']} 行）",
    ]
