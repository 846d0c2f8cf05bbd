"""Word 字数 and value normalisation, as tables of cases."""

from __future__ import annotations

import pytest

from extractors import text as tx


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("35%", 1),
        ("2024年", 2),
        ("AI技术", 3),
        ("，。！？：；、（）《》【】", 13),  # full-width punctuation counts 1 each
        ("“创新”", 4),
        ("效率提升35%，节约12.5万元。", 12),
        ("Hello world", 2),
        ("a-b_c/d", 1),
        ("  \n\t", 0),
        ("", 0),
        ("班　组", 2),  # an ideographic space is a space
        ("第3名", 3),
        ("ISO9001认证", 3),
        ("……", 2),
        ("——", 2),
        ("5G＋", 2),  # "5G" run, then a full-width plus
    ],
)
def test_word_count(text, count):
    assert tx.word_count(text) == count


def _word_count_by_character(text: str) -> int:
    """The rule spelled out one character at a time (word_count does it with one regex)."""
    n, in_run = 0, False
    for ch in text:
        if ch.isspace() or ch in "\u200b\ufeff":
            in_run = False
        elif tx._is_cjk_char(ch):
            n, in_run = n + 1, False
        elif not in_run:
            n, in_run = n + 1, True
    return n


def test_word_count_agrees_with_the_rule_for_every_character():
    for c in range(0x110000):  # lone surrogates too: a str can hold them
        t = f"a{chr(c)}a"
        assert tx.word_count(t) == _word_count_by_character(t), hex(c)


@pytest.mark.parametrize(
    ("raw", "unit", "value", "problem"),
    [
        ("8人", "人", 8, ""),
        ("约50万元", "万元", 50, ""),
        ("50（万元）", "万元", 50, ""),
        ("500000元", "万元", 50, ""),
        ("12.5万元", "万元", 12.5, ""),
        ("三", "对", 3, ""),
        ("十二", "", 12, ""),
        ("二十", "", 20, ""),
        ("一百零五", "", 105, ""),
        ("38.5岁", "岁", 38.5, ""),
        ("1,200", "", 1200, ""),
        ("3万", "人", 30000, ""),
        ("", "", None, ""),
        ("若干", "", None, "无法识别为数字：若干"),
    ],
)
def test_parse_number(raw, unit, value, problem):
    assert tx.parse_number(raw, unit) == (value, problem)


def test_parse_int_flags_fraction():
    assert tx.parse_int("8.5人", "人") == (8.5, "应为整数：8.5人")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2019年3月", "2019-03"),
        ("2019.03", "2019-03"),
        ("2019/3", "2019-03"),
        ("2019-3-5", "2019-03-05"),
        ("2019年3月5日", "2019-03-05"),
        ("2019.3.15", "2019-03-15"),
        ("2019年", "2019"),
        ("2015.11", "2015-11"),
    ],
)
def test_parse_date(raw, value):
    assert tx.parse_date(raw) == (value, "")


def test_parse_date_rejects_bad_month():
    assert tx.parse_date("2019.13") == (None, "月份不正确：2019.13")


@pytest.mark.parametrize(
    ("raw", "value"),
    [("☑", True), ("■", True), ("√", True), ("\uf0fe", True), ("\uf0fc", True), ("☐", False), ("□", False),
     ("\uf0a8", False), ("是", True), ("否", False), ("", None)],
)
def test_parse_bool(raw, value):
    assert tx.parse_bool(raw)[0] is value


def test_parse_list_splits_lines_and_semicolons_and_drops_numbering():
    raw = "1. 2023年江苏省工人先锋号\n2、南京市五一劳动奖状；（3）校级先进集体\n① 省教育科技工会优秀班组"
    assert tx.parse_list(raw) == ["2023年江苏省工人先锋号", "南京市五一劳动奖状", "校级先进集体", "省教育科技工会优秀班组"]


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("班　组　名　称", "班组名称"),
        ("姓 名：", "姓名"),
        ("劳模工匠创新工作室(个)", "劳模工匠创新工作室"),
        ("高技能人才人数 (取得高级工及以上技能等级)", "高技能人才人数"),
        ("经费投入（万元）", "经费投入"),
        ("平均\n年龄", "平均年龄"),
        ("【创新成果】", "创新成果"),
    ],
)
def test_norm_label(raw, label):
    assert tx.norm_label(raw) == label


def test_clean_value_removes_stamp_note_and_folds_spaces():
    assert tx.clean_value("  南京大学工会（盖章）  ") == "南京大学工会"
    assert tx.clean_value("a  b\n\n c ") == "a b\nc"


def test_parse_phone():
    assert tx.parse_phone("025—83536271") == ("025-83536271", "")
    assert tx.parse_phone("13901583504") == ("13901583504", "")
