"""duplicate.near_copy in the batches a city union sends (3–10 units): generic sentences shared whole are no
copy, a real paraphrase is one finding with the grade it measured, one finding per pair of subjects, and a
text copied by many units is one group finding (at a cost linear in the copies)."""

from __future__ import annotations

import re

import pytest

from checks import similarity as sim
from checks.base import REGISTRY, Batch
from checks.catalog import all_checks
from checks.history_rules import NearCopyMember, NearCopyPair
from extractors.models import FieldValue, Record, Section
from extractors.text import word_count
from pipeline.config import resolve_profile

PROFILE = resolve_profile("banzu")
SECTIONS = {"背景": "一、案例背景", "做法": "二、主要做法", "成果": "三、创新成果", "效益": "四、效益影响"}

# Whole generic sentences unrelated cases share: union set phrases and generic statements about the team
# that no list holds in full ("班组始终把职工的冷暖放在心上…").
GENERIC = [
    "近年来，班组坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神，充分发挥工会组织的桥梁纽带作用。",
    "班组始终把职工的冷暖放在心上，坚持做到职工有困难第一时间到场、有诉求第一时间回应。",
    "班组成员团结协作、攻坚克难，在急难险重任务面前总是冲锋在前、勇挑重担。",
    "项目取得了显著成效，形成了可复制、可推广的经验做法，得到了上级部门和兄弟单位的充分肯定。",
    "下一步，班组将继续保持昂扬向上的精神状态，努力为企业高质量发展贡献更多力量。",
]
G1, G2, G3, G4, G5 = GENERIC

SUBSTATION = {
    "背景": G1
    + "运维二班负责全市二十三座变电站的设备巡视，隔离开关触头发热缺陷多靠人工测温发现，平均发现时间长达三天，"
    "2022年因此发生非计划停运4起，损失约38万元。",
    "做法": G2
    + "班组成立由班长王建国牵头的攻关小组，历时八个月先后进行十二次现场试验，研制出一套基于红外传感的触头温度"
    "在线监测装置，温度超过六十五摄氏度时自动报警，并把报警信息推送到运维人员手机。" + G3,
    "成果": "装置在二十三座变电站推广应用后，触头发热缺陷发现时间由平均三天缩短到两小时，取得实用新型专利2项，"
    "获2023年市五小创新成果一等奖。" + G4,
    "效益": "每年减少停电损失约40万元，巡视人员由每班4人减少为2人。" + G5,
}
# The same case lightly reworded by another unit: another team and leader, words changed, sentences merged.
PARAPHRASE = {
    "背景": G1
    + "检修一班承担全市二十三座变电站的设备巡视工作，隔离开关触头发热缺陷主要靠人工测温发现，平均发现时间长达三天，"
    "2022年因此造成非计划停运4起，损失约38万元。",
    "做法": G2
    + "班组组建由班长李明牵头的攻关团队，历时八个月先后开展十二次现场试验，研制出一套基于红外传感的触头温度"
    "在线监测装置，温度超过六十五摄氏度时自动报警，同时把报警信息推送到运维人员手机。" + G3,
    "成果": "装置在二十三座变电站推广使用后，触头发热缺陷发现时间由平均三天缩短到两小时，取得实用新型专利2项，"
    "获2023年市五小创新成果一等奖。" + G4,
    "效益": "每年减少停电损失约40万元，巡视人员由每班4人减少为2人。" + G5,
}
HOSPITAL = {
    "背景": G1 + "护理部夜间只有两名护士值守四十张病床，输液巡视全靠人工，2022年发生输液外渗和回血事件17起，"
    "患者夜间呼叫平均每晚31次。",
    "做法": G2
    + "小组设计了输液余量智能提醒器，挂在输液架上称重，余量低于五十毫升时向护士站大屏和护士手环发送提醒，"
    "并编写了使用规范和交接班流程。" + G3,
    "成果": "提醒器在6个病区使用，夜间呼叫次数下降一半，输液不良事件降到3起，患者满意度由91%提高到98.6%。"
    + G4,
    "效益": "护士夜间往返病房的步数减少约四成，年节约一次性耗材费用12万元。" + G5,
}
WATER = {
    "背景": G1
    + "管网分公司供水管网长一千二百公里，2022年管网漏损率高达14.3%，暗漏多、查找难，抢修常在爆管之后。",
    "做法": G2 + "班组引入夜间最小流量分析方法，按片区安装远传压力计37台，用听音定位仪逐段排查暗漏，"
    "每周召开分析会确定排查重点。" + G3,
    "成果": "两年修复漏点310处，管网漏损率从14.3%降到9.2%，年节水一百六十万吨。" + G4,
    "效益": "年节约制水成本约260万元，居民停水投诉下降四成。" + G5,
}


def _case(path: str, unit: str, team: str, body: dict[str, str]) -> Record:
    rec = Record(path=path, kind="banzu_case", unit=unit, unit_source="表头", sha256="", size=1000, reason="",
                 fmt=path.rsplit(".", 1)[-1], pages=1, ocr_pages=0, ocr_confidence=None, name_hint="",
                 name_hint_source="")  # fmt: skip
    rec.fields["班组名称"] = FieldValue("班组名称", team, team)
    for key, text in body.items():
        rec.sections[key] = Section(key, SECTIONS[key], text, word_count(text))
    return rec


def _form(path: str, unit: str, team: str, competition: str) -> Record:
    rec = Record(path=path, kind="banzu_form", unit=unit, unit_source="表头", sha256="", size=1000, reason="",
                 fmt="docx", pages=1, ocr_pages=0, ocr_confidence=None, name_hint="", name_hint_source="")  # fmt: skip
    rec.fields["班组名称"] = FieldValue("班组名称", team, team)
    rec.fields["竞赛情况"] = FieldValue("竞赛情况", competition, competition)
    return rec


def _near_copies(*records: Record) -> list:
    all_checks()
    check = REGISTRY["duplicate.near_copy"](PROFILE)
    return list(check.check_batch(Batch(list(records))))


def _percent(message: str) -> int:
    m = re.search(r"较短一篇中有 (\d+)% 的具体内容在另一篇中出现", message)
    assert m, message
    return int(m.group(1))


def _text(body: dict[str, str]) -> str:
    return "\n".join(body.values())


def test_three_units_sharing_five_whole_generic_sentences_are_not_near_copies():
    records = [_case("甲工会/案例.docx", "甲工会", "变电运维二班", SUBSTATION),
               _case("乙工会/案例.docx", "乙工会", "护理质量改进小组", HOSPITAL),
               _case("丙工会/案例.docx", "丙工会", "管网检漏班", WATER)]  # fmt: skip
    assert _near_copies(*records) == []
    # The built-in stock phrases take the set phrases out; what is left of the shared sentences weighs
    # little against each case's own figures and substance.
    for other in (HOSPITAL, WATER):
        without = _similarity(SUBSTATION, other, builtin_stock=False)
        assert without >= 0.25 and _similarity(SUBSTATION, other) < min(0.6 * without, sim.DEFAULT_THRESHOLD)


def test_a_real_paraphrase_in_a_three_unit_batch_is_one_finding_with_its_measured_grade():
    (f,) = _near_copies(_case("甲工会/案例.docx", "甲工会", "变电运维二班", SUBSTATION),
                        _case("乙工会/案例.docx", "乙工会", "变电检修一班", PARAPHRASE),
                        _case("丙工会/案例.docx", "丙工会", "管网检漏班", WATER))  # fmt: skip
    assert f.code == "duplicate.near_copy" and f.severity.value == "warning"
    assert f.unit == "乙工会、甲工会" and f.paths == ["乙工会/案例.docx", "甲工会/案例.docx"]  # in path order
    assert f.actual >= sim.HIGH_SIMILARITY and f.limit == sim.DEFAULT_THRESHOLD
    assert "高度相似" in f.message and _percent(f.message) == round(f.actual * 100)
    pair = f.extra["near_copy"]
    assert isinstance(pair, NearCopyPair) and pair.grade == "高度相似"
    assert any("基于红外传感的触头温度在线监测装置" in p for p in pair.passages)
    assert not any(sim.normalise(p) in sim.normalise(g) for p in pair.passages for g in GENERIC)


def test_the_same_case_as_two_files_of_one_unit_and_a_copy_in_another_is_one_finding_per_pair_of_subjects():
    own_form = _form("甲工会/附件1-基本情况表.docx", "甲工会", "变电运维二班",
                     "班组近年竞赛与创新情况：" + SUBSTATION["做法"] + SUBSTATION["成果"])  # fmt: skip
    findings = _near_copies(
        _case("甲工会/附件2-创新案例.docx", "甲工会", "变电运维二班", SUBSTATION),
        _case("甲工会/附件2-创新案例.pdf", "甲工会", "变电运维二班", SUBSTATION),
        own_form,
        _case("乙工会/附件2-创新案例.docx", "乙工会", "变电检修一班", PARAPHRASE),
        _case("丙工会/附件2-创新案例.docx", "丙工会", "护理质量改进小组", HOSPITAL),
    )
    (f,) = findings
    assert f.unit == "乙工会、甲工会"
    assert f.paths == ["乙工会/附件2-创新案例.docx", "甲工会/附件1-基本情况表.docx", "甲工会/附件2-创新案例.docx",
                       "甲工会/附件2-创新案例.pdf"]  # fmt: skip
    pair = f.extra["near_copy"]
    assert {pair.a_unit: pair.a_paths, pair.b_unit: pair.b_paths} == {
        "甲工会": ["甲工会/附件1-基本情况表.docx", "甲工会/附件2-创新案例.docx", "甲工会/附件2-创新案例.pdf"],
        "乙工会": ["乙工会/附件2-创新案例.docx"],
    }
    assert (
        pair.similarity
        == f.actual
        == max(_similarity(a, PARAPHRASE) for a in (SUBSTATION, {"x": own_form.value("竞赛情况")}))
    )


def _similarity(a: dict[str, str], b: dict[str, str], **kw) -> float:
    index = sim.NearCopyIndex(**kw)
    index.add(sim.Text("a", "甲", _text(a)))
    index.add(sim.Text("b", "乙", _text(b)))
    return round(index.similarity("a", "b"), 4)


UNITS = [
    "南京市教育工会",
    "苏州市教育工会",
    "无锡市教育工会",
    "常州市教育工会",
    "扬州市教育工会",
    "镇江市教育工会",
]
TEAMS = ["变电运维二班", "配电运检三班", "输电巡检一班", "城区供电服务班", "变电检修四班", "开关柜运维班"]
LEADERS = ["王建国", "张伟", "刘强", "陈静", "杨帆", "赵敏"]


def _template_copy(n: int) -> dict[str, str]:
    return {k: v.replace("运维二班", TEAMS[n]).replace("王建国", LEADERS[n]) for k, v in SUBSTATION.items()}


def test_six_units_sending_one_template_give_one_group_finding_listing_them_all():
    records = [_case(f"{u}/附件2-创新案例.docx", u, TEAMS[n], _template_copy(n)) for n, u in enumerate(UNITS)]
    records.append(
        _case("盐城市教育工会/附件2-创新案例.docx", "盐城市教育工会", "护理质量改进小组", HOSPITAL)
    )
    (f,) = _near_copies(*records)
    in_path_order = sorted(records[:6], key=lambda r: r.path)
    assert f.unit == "、".join(r.unit for r in in_path_order) and f.paths == [r.path for r in in_path_order]
    assert "6 个单位提交了内容基本相同的文本" in f.message and "高度相似" in f.message
    assert all(u in f.message for u in UNITS)
    members = f.extra["group"]
    assert [m.unit for m in members] == [r.unit for r in in_path_order]
    assert all(isinstance(m, NearCopyMember) for m in members)
    assert {m.subject for m in members} == set(TEAMS)
    assert min(m.similarity for m in members) == f.actual >= sim.GROUP_SIMILARITY
    assert f.extra["near_copy"].passages  # quoted once, for the group


def test_a_mid_similarity_is_worded_as_what_it_measured_not_as_high():
    # 乙 took 甲's methods section into an otherwise different case.
    part = {"背景": WATER["背景"], "做法": SUBSTATION["做法"], "成果": WATER["成果"], "效益": WATER["效益"]}
    (f,) = _near_copies(_case("甲工会/案例.docx", "甲工会", "变电运维二班", SUBSTATION),
                        _case("乙工会/案例.docx", "乙工会", "管网检漏班", part),
                        _case("丙工会/案例.docx", "丙工会", "护理质量改进小组", HOSPITAL))  # fmt: skip
    assert sim.DEFAULT_THRESHOLD <= f.actual < sim.HIGH_SIMILARITY
    assert "高度相似" not in f.message and "部分内容相同" in f.message
    assert _percent(f.message) == round(f.actual * 100)
    assert f.extra["near_copy"].grade == "部分内容相同"
    assert sim.grade(0.36) == "部分内容相同" and sim.grade(0.6) == sim.grade(0.91) == "高度相似"


@pytest.mark.parametrize("copies", [10, 40])
def test_a_group_costs_a_comparison_per_copy_and_passages_once(monkeypatch, copies):
    calls = {"verify": 0, "passages": 0}
    verify, passages = sim.NearCopyIndex._verify, sim.NearCopyIndex._passages

    def counted_verify(self, e, f, floor=0.0):
        calls["verify"] += 1
        return verify(self, e, f, floor)

    def counted_passages(self, a, b):
        calls["passages"] += 1
        return passages(self, a, b)

    index = sim.NearCopyIndex()
    for n in range(copies):
        body = {
            k: v.replace("运维二班", f"第{n + 1}运维班").replace("王建国", f"职工{n + 1}")
            for k, v in SUBSTATION.items()
        }
        index.add(sim.Text(f"单位{n:02d}/案例", f"单位{n:02d}", _text(body)))
    index.add(sim.Text("其他/案例", "其他", _text(HOSPITAL)))
    monkeypatch.setattr(sim.NearCopyIndex, "_verify", counted_verify)
    monkeypatch.setattr(sim.NearCopyIndex, "_passages", counted_passages)
    found = index.grouped()
    assert [len(g.keys) for g in found.groups] == [copies] and found.matches == []
    assert calls["verify"] <= 2 * copies and calls["passages"] == 1


def test_grouped_does_not_depend_on_the_order_texts_were_added():
    items = [sim.Text(f"{u}/案例#正文", u, _text(_template_copy(n))) for n, u in enumerate(UNITS[:4])]
    items += [
        sim.Text("甲/案例#正文", "甲", _text(PARAPHRASE)),
        sim.Text("乙/案例#正文", "乙", _text(HOSPITAL)),
    ]

    def run(order):
        index = sim.NearCopyIndex()
        for item in order:
            index.add(item)
        found = index.grouped()
        return (
            [(g.representative, g.keys, g.similarity, g.match.passages) for g in found.groups],
            [(m.a, m.b, m.similarity, m.passages) for m in found.matches],
        )

    first = run(items)
    assert first == run(list(reversed(items)))
    (group,), matches = first
    assert len(group[1]) == 5  # the four copies and the paraphrase of their source
    assert matches == []
