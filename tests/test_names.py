"""Name matching of 班组/工作室/项目 names, as tables of same and different pairs."""

from __future__ import annotations

import pytest

from extractors.names import NameMatch, match_names, name_key, same_name, unit_key

# (a, unit_a, b, unit_b, expected match)
SAME = [
    ("电气班组", "", "电气班组", "", NameMatch.NAME),
    ("ＡＩ电气班组", "", "ai电气班组", "", NameMatch.NAME),  # width and case
    ("电气 班组", "", "电\u3000气\u00a0班\u200b组", "", NameMatch.NAME),  # every kind of space
    ("XX（电气）班组", "", "XX(电气)班组", "", NameMatch.NAME),
    ("XX【电气】班组", "", "XX[电气]班组", "", NameMatch.NAME),
    ("XX〔电气〕班组", "", "XX电气班组", "", NameMatch.NAME),
    ("“匠心”创新工作室", "", "匠心创新工作室", "", NameMatch.NAME),  # quotes
    ("阿依古丽·买买提工作室", "", "阿依古丽买买提工作室", "", NameMatch.NAME),
    ("张三劳模创新工作室", "", "张三创新工作室", "", NameMatch.NAME),
    ("张三劳模创新工作室", "", "张三工作室", "", NameMatch.NAME),
    ("张三劳模工作室", "", "张三创新工作室", "", NameMatch.NAME),
    ("张三劳模工匠创新工作室", "", "张三工匠创新工作室", "", NameMatch.NAME),
    ("张三职工创新工作室", "", "张三劳模和工匠人才创新工作室", "", NameMatch.NAME),
    ("数控技术创新工作室", "", "数控创新工作室", "", NameMatch.NAME),
    ("张三技能大师工作室", "", "张三技能大师工作室", "", NameMatch.NAME),
    ("电气班组", "", "电气", "", NameMatch.NAME),  # a name without a suffix is a 班组 name
    ("电气创新型班组", "", "电气班组", "", NameMatch.NAME),
    ("电气创新班组", "", "电气", "", NameMatch.NAME),
    ("教职工心理健康服务项目", "", "教职工心理健康服务", "", NameMatch.NAME),
    ("南京大学电气班组", "南京大学", "电气班组", "南京大学", NameMatch.NAME),
    ("南京大学电气班组", "南京大学工会", "电气班组", "南京大学", NameMatch.NAME),  # trailing 工会
    ("南京大学电气班组", "南京大学工会委员会", "电气班组", "南京大学", NameMatch.NAME),
    ("电气班组", "南京大学委员会", "电气班组", "南京大学", NameMatch.NAME),
    ("南京大学电气班组", "", "电气班组", "南京大学", NameMatch.NAME),  # unit written into the name
    ("南京大学张三劳模创新工作室", "", "张三工作室", "南京大学工会", NameMatch.NAME),
    ("南京大学工会电气班组", "南京大学工会", "电气班组", "南京大学", NameMatch.NAME),
    ("南京大学创新工作室", "南京大学", "南京大学劳模创新工作室", "", NameMatch.NAME),
    ("电气班组", "", "电气班组", "南京大学", NameMatch.NAME_UNIT_UNKNOWN),  # one side names no unit
    ("张三工作室", "南京大学", "张三劳模创新工作室", "", NameMatch.NAME_UNIT_UNKNOWN),
]

DIFFERENT = [
    ("张三劳模创新工作室", "", "李四劳模创新工作室", ""),  # different leader in the name
    ("张三劳模创新工作室", "南京大学", "李四劳模创新工作室", "南京大学"),
    ("张三技能大师工作室", "", "张三劳模创新工作室", ""),  # a different programme's title
    ("张三名师工作室", "", "张三工作室", ""),
    ("电气班组", "", "电气创新工作室", ""),  # a 班组 is not a studio
    ("电气", "", "电气工作室", ""),
    ("电气班组", "南京大学", "电气班组", "东南大学"),  # different units
    ("南京大学电气班组", "", "电气班组", "东南大学"),
    ("电工班", "", "电工班组", ""),  # 班 alone is kept
    ("电工一班", "", "电工1班", ""),  # numerals are not converted
    ("电气班组", "", "南京大学电气班组", ""),  # the second names a unit the first does not
    ("互联网+班组", "", "互联网班组", ""),  # symbols are kept
    ("创新工作室", "", "创新工作室", ""),  # only a suffix, no unit: says nothing
    ("", "", "", ""),
    ("", "南京大学", "", "南京大学"),
    ("南京大学后勤集团电气班组", "南京大学", "电气班组", "南京大学"),  # a sub-unit in the name is kept
    ("南京一中电气班组", "南京市教育工会", "电气班组", "南京一中"),  # the recommending unit is not a prefix
]


@pytest.mark.parametrize(("a", "unit_a", "b", "unit_b", "expected"), SAME)
def test_same(a, unit_a, b, unit_b, expected):
    assert match_names(a, b, unit_a, unit_b) == expected
    assert match_names(b, a, unit_b, unit_a) == expected  # symmetric
    assert same_name(a, b, unit_a, unit_b)


@pytest.mark.parametrize(("a", "unit_a", "b", "unit_b"), DIFFERENT)
def test_different(a, unit_a, b, unit_b):
    assert match_names(a, b, unit_a, unit_b) is None
    assert match_names(b, a, unit_b, unit_a) is None
    assert not same_name(a, b, unit_a, unit_b)


@pytest.mark.parametrize(
    ("name", "unit", "key"),
    [
        ("南京大学电气班组", "南京大学工会", "南京大学电气"),
        ("电气班组", "南京大学", "南京大学电气"),
        ("张三劳模创新工作室", "", "张三#工作室"),
        ("（张三）创新工作室", "南京大学", "南京大学张三#工作室"),
        ("创新工作室", "", ""),
        ("", "南京大学", ""),
    ],
)
def test_name_key(name, unit, key):
    assert name_key(name, unit) == key


@pytest.mark.parametrize(
    ("unit", "key"),
    [
        ("南京大学工会", "南京大学"),
        ("南京大学工会委员会", "南京大学"),
        ("  南京大学 ", "南京大学"),
        ("工会", "工会"),
    ],
)
def test_unit_key(unit, key):
    assert unit_key(unit) == key
