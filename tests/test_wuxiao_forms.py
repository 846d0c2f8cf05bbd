"""The wuxiao 申报表 as units fill it in, on small forms built in code: the 其他完成人 sub-table (header worded
either way, its label beside the rows or above them), the 带头人 block merged or written out flat ("带头人单位"),
the pledge signed under another signer's prompt, and the 汇总表 column that shows the sub-table's names."""

from __future__ import annotations

import pytest

from extractors.mapping import FormMapper
from extractors.models import FileFormat
from extractors.profile import ProfileError, load_profile
from extractors.readers import reader_for
from extractors.text import signed
from pipeline.config import bundled_profiles, resolve_profile
from tests.docx_fixtures import form_docx

WUXIAO = resolve_profile("wuxiao")
FORM = WUXIAO.kind("wuxiao_form")
PLEDGE = "本成果无重复申报，无冒用、盗用他人成果，所填内容真实。"


def _map(rows: list[list[str]], merges: list[tuple[int, int, int, int]] = ()) -> dict:
    head = ["“五小”创新成果申报表", "申报单位（盖章）：盂县自来水有限公司　　推荐单位：盂县总工会",
            "联系人：韩梅　　联系电话：13903530001　　填报日期：2023年10月9日"]
    doc = reader_for(FileFormat.DOCX)(form_docx(head, rows, list(merges)), None)
    return {k: v.value for k, v in FormMapper(FORM).map(doc).items()}


def test_merged_leader_block_and_the_team_worded_otherwise_beside_its_label():
    """项目带头人 merged down its rows; 其他完成人 merged down beside a header "姓名|工作单位|职务（职称）|承担工作"
    and its rows, blank template rows after the filled ones; the header's 姓名/工作单位 are no 带头人 label."""
    rows = [
        ["成果名称", "供水管网漏点听音定位辅助杆", "", "", ""],
        ["项目带头人", "姓名", "冯建军", "性别", "男"],
        ["", "工作单位", "盂县自来水有限公司", "联系电话", "13903531234"],
        ["其他完成人", "姓名", "工作单位", "职务（职称）", "承担工作"],
        ["", "郝建国", "盂县自来水有限公司", "检漏工", "制作"],
        ["", "韩梅", "盂县自来水有限公司", "技术员", "测试"],
        ["", "", "", "", ""],
        ["完成时间", "2023年3月", "", "", ""],
        ["真实性承诺", f"{PLEDGE}\n承诺人（签字）：冯建军", "", "", ""],
    ]
    got = _map(rows, [(0, 1, 0, 4), (1, 0, 2, 0), (3, 0, 6, 0), (7, 1, 7, 4), (8, 1, 8, 4)])
    assert got["其他完成人"] == [
        {"姓名": "郝建国", "单位": "盂县自来水有限公司", "职务": "检漏工", "分工": "制作"},
        {"姓名": "韩梅", "单位": "盂县自来水有限公司", "职务": "技术员", "分工": "测试"},
    ]
    assert (got["带头人姓名"], got["带头人单位"], got["带头人电话"]) == ("冯建军", "盂县自来水有限公司", "13903531234")
    assert got["完成时间"] == "2023-03" and got["承诺"] is True


def test_flat_leader_labels_and_the_team_under_a_title_row():
    """"带头人姓名 / 带头人单位 / 带头人电话" with no block cell; 其他完成人 as a title row over "姓名|单位|职务|分工";
    a team left blank (template rows only) is empty."""
    rows = [
        ["成果名称", "耐火砖成型模具快换装置", "", ""],
        ["带头人姓名", "李海龙", "带头人性别", "男"],
        ["带头人单位", "山西平定鑫磊耐火材料有限公司", "带头人电话", "13593516802"],
        ["其他完成人", "", "", ""],
        ["姓名", "单位", "职务", "分工"],
        ["王小军", "山西平定鑫磊耐火材料有限公司", "压机操作工", "试制"],
        ["完成时间", "2022.12", "", ""],
    ]
    got = _map(rows, [(0, 1, 0, 3), (3, 0, 3, 3), (6, 1, 6, 3)])
    assert got["带头人姓名"] == "李海龙" and got["带头人单位"] == "山西平定鑫磊耐火材料有限公司"
    assert got["带头人电话"] == "13593516802"
    assert got["其他完成人"] == [{"姓名": "王小军", "单位": "山西平定鑫磊耐火材料有限公司", "职务": "压机操作工",
                              "分工": "试制"}]
    blank = [r if i != 5 else ["", "", "", ""] for i, r in enumerate(rows)]
    assert _map(blank, [(0, 1, 0, 3), (3, 0, 3, 3), (6, 1, 6, 3)])["其他完成人"] is None


@pytest.mark.parametrize("text, want", [
    (f"{PLEDGE}\n承诺人（签字）：郭建平", True),  # another signer's prompt, bracketed, one name, no date
    (f"{PLEDGE}\n申报人签名：王强　2023年10月9日", True),
    (f"{PLEDGE}\n承诺人(签字)：____________　　年　月　日", False),
    (f"{PLEDGE}\n本人签字：", False),
    (PLEDGE, None),  # no signature prompt at all
])
def test_signed_under_another_signers_prompt(text, want):
    assert signed(text, "完成人签字") is want


def test_summary_column_of_a_subtable_must_name_one_of_its_columns(tmp_path):
    text = bundled_profiles()["wuxiao"].read_text(encoding="utf-8")
    bad = text.replace('source = "wuxiao_form.其他完成人"\ncolumn = "姓名"', 'source = "wuxiao_form.其他完成人"\ncolumn = "名字"')
    assert bad != text
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ProfileError, match="不是有“名字”列的子表栏目"):
        load_profile(path)
