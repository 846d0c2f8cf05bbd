"""Near-copy detection (checks/similarity.py) on small hand-written write-ups."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from checks.similarity import (
    DEFAULT_THRESHOLD,
    MIN_PASSAGE,
    NearCopyIndex,
    Text,
    fingerprint,
    normalise,
)

# Stock sentences of the field: every unit writes them.
STOCK = [
    "坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神。",
    "充分发挥劳模示范引领作用，大力弘扬劳模精神、劳动精神、工匠精神。",
    "项目取得了显著成效，得到了上级部门和兄弟单位的充分肯定。",
    "营造了比学赶超的浓厚氛围，为企业高质量发展贡献了班组力量。",
]
S1, S2, S3, S4 = STOCK

ORIGINAL = (
    S1
    + S2
    + "针对变电站隔离开关触头发热频繁、人工测温效率低的问题，运维二班成立了由班长王建国牵头的攻关小组。"
    "小组历时八个月，先后进行十二次现场试验，研制出一套基于红外传感的触头温度在线监测装置，"
    "可在温度超过六十五摄氏度时自动报警。装置在全市二十三座变电站推广应用后，触头发热缺陷发现时间"
    "由平均三天缩短到两小时，每年减少停电损失约四十万元。" + S3 + S4
)
# Light paraphrase: some words changed, two sentences merged, another team and leader.
PARAPHRASE = (
    S1 + "围绕变电站隔离开关触头发热频繁、人工测温效率偏低的难题，检修一班组建了由班长李明牵头的攻关团队。"
    "团队历时八个月，先后开展十二次现场试验，研制出一套基于红外传感的触头温度在线监测装置，"
    "可在温度超过六十五摄氏度时自动报警，装置在全市二十三座变电站推广应用后，触头发热缺陷发现时间"
    "由平均三天缩短到两小时，每年减少停电损失约四十万元。" + S2 + S3
)
# Hard negative: the same field and all the stock sentences, different substance.
HARD_NEGATIVE = (
    S1 + S2 + "针对配电线路故障定位慢、抢修人员往返奔波的问题，配电三班在线路分段开关处加装了故障指示器，"
    "并开发手机端告警推送程序，调度员可直接看到故障区段。实施一年来，故障查找时间由平均九十分钟"
    "减少到二十五分钟，用户年均停电时间下降百分之三十。" + S3 + S4
)
# Other units' write-ups with the same stock sentences: with them the batch has five units and
# the stock sentences are recognised as such.
OTHERS = [
    S1 + "护理部针对夜间输液巡视人手紧张的问题，设计了输液余量智能提醒器，护士站可实时看到每位患者的"
    "输液进度，夜间呼叫次数下降一半，患者满意度提高到百分之九十六。" + S2 + S3 + S4,
    S1 + S2 + "实验中心将分散在八个学院的大型仪器纳入共享预约平台，统一培训操作人员，仪器年机时利用率"
    "由百分之三十一提高到百分之六十七，服务校外企业四十余家。" + S3 + S4,
    S1 + S2 + S3 + "管网分公司引入夜间最小流量分析方法，按片区排查暗漏，两年修复漏点三百一十处，"
    "管网漏损率从百分之十四降到百分之九点二，年节水一百六十万吨。" + S4,
]

A = Text("单位甲/附件2-创新案例.docx#案例正文", "单位甲", ORIGINAL, "单位甲 案例正文")
B = Text("单位乙/附件2-创新案例.docx#案例正文", "单位乙", PARAPHRASE, "单位乙 案例正文")
C = Text("单位丙/附件2-创新案例.docx#案例正文", "单位丙", HARD_NEGATIVE)
FILLERS = [
    Text(f"单位{u}/附件2-创新案例.docx#案例正文", f"单位{u}", t)
    for u, t in zip("丁戊己", OTHERS, strict=True)
]


def batch(*items: Text, **kwargs) -> NearCopyIndex:
    index = NearCopyIndex(**kwargs)
    for item in items:
        index.add(item)
    return index


def pair(x: Text, y: Text) -> tuple[str, str]:
    return tuple(sorted((x.key, y.key)))


def assert_passages_check_out(match, *items: Text) -> None:
    texts = {item.key: item.text for item in items}
    text_a, text_b = texts[match.a], texts[match.b]
    assert match.passages, "a near copy is reported with the shared passages as evidence"
    assert len(match.passages) == len(match.spans_a) == len(match.spans_b) <= 3
    lengths = [len(normalise(p)) for p in match.passages]
    assert lengths == sorted(lengths, reverse=True)
    for passage, (a0, a1), (b0, b1) in zip(match.passages, match.spans_a, match.spans_b, strict=True):
        assert len(normalise(passage)) >= MIN_PASSAGE
        assert text_a[a0:a1] == passage  # quoted from a's text as written
        assert normalise(text_b[b0:b1]) == normalise(passage)


def test_light_paraphrase_across_units_is_the_only_pair_of_the_batch():
    matches = batch(A, B, C, *FILLERS).pairs()
    assert [(m.a, m.b) for m in matches] == [pair(A, B)]
    m = matches[0]
    assert DEFAULT_THRESHOLD <= 0.6 <= m.similarity <= 1.0
    assert_passages_check_out(m, A, B)
    # The longest shared passage is the copied substance, not a stock sentence.
    assert "研制出一套基于红外传感的触头温度在线监测装置" in m.passages[0]
    assert not any(normalise(p) in normalise(s) for p in m.passages for s in STOCK)


def test_hard_negative_sharing_the_stock_sentences_is_not_reported():
    index = batch(A, B, C, *FILLERS)
    assert index.similarity(A.key, C.key) < DEFAULT_THRESHOLD / 2
    assert index.similarity(B.key, C.key) < DEFAULT_THRESHOLD / 2
    assert not [m for m in index.pairs() if C.key in (m.a, m.b)]


def test_stock_texts_stand_in_for_a_batch_too_small_to_learn_stock_phrases():
    # Two texts alone, without the built-in stock phrases: nothing occurs in five units, so the shared stock
    # sentences weigh as much as anything else and the hard negative reaches the threshold...
    alone = batch(A, C, builtin_stock=False)
    assert alone.similarity(A.key, C.key) >= DEFAULT_THRESHOLD
    # ...unless the stock sentences are given (from the notice or the profile)...
    given = batch(A, C, stock_texts=STOCK, builtin_stock=False)
    assert given.similarity(A.key, C.key) < DEFAULT_THRESHOLD / 2
    assert given.pairs() == []
    assert [(m.a, m.b) for m in batch(A, B, stock_texts=STOCK, builtin_stock=False).pairs()] == [pair(A, B)]
    # ...or known to the built-in list (checks/stock_phrases.txt), as they are by default.
    builtin = batch(A, C)
    assert builtin.similarity(A.key, C.key) < DEFAULT_THRESHOLD / 2
    assert builtin.pairs() == []
    assert [(m.a, m.b) for m in batch(A, B).pairs()] == [pair(A, B)]


def test_repetition_inside_one_unit_is_not_reported():
    # The unit's 基本情况表 repeats the substance of its own case write-up.
    form = Text(
        "单位甲/附件1-基本情况表.docx#竞赛情况",
        "单位甲",
        "班组近年竞赛与创新情况：" + ORIGINAL[len(S1 + S2) :],
    )
    index = batch(A, form, C, *FILLERS)
    assert index.similarity(A.key, form.key) >= 0.9
    assert index.pairs() == []
    # The same two texts from two different units are a near copy.
    other_unit = Text(form.key, "单位庚", form.text)
    assert [(m.a, m.b) for m in batch(A, other_unit, C, *FILLERS).pairs()] == [pair(A, other_unit)]


def test_partial_copy_of_one_section_into_a_different_text_is_found():
    section = ORIGINAL[ORIGINAL.index("小组历时八个月") : ORIGINAL.index("每年减少停电损失")]
    host = Text(
        "单位辛/附件2-创新案例.docx#案例正文",
        "单位辛",
        "一、案例背景\n变电运维班负责辖区内十四座变电站的设备巡视和倒闸操作，近年来设备数量增加一倍，"
        "而班组人数没有增加，巡视质量难以保证。\n二、主要做法\n" + section + "\n三、创新成果\n"
        "班组还编制了巡视标准化作业卡二十张，培养技师三名，班组获评省工人先锋号。",
    )
    matches = batch(A, host, C, *FILLERS).pairs()
    assert [(m.a, m.b) for m in matches] == [pair(A, host)]
    assert matches[0].similarity >= DEFAULT_THRESHOLD
    assert_passages_check_out(matches[0], A, host)
    assert normalise("研制出一套基于红外传感的触头温度在线监测装置") in normalise(matches[0].passages[0])


def test_pairs_are_deterministic_and_ordered():
    second_copy = Text("单位壬/案例.docx#案例正文", "单位壬", PARAPHRASE.replace("李明", "赵强"))
    items = [A, B, C, second_copy, *FILLERS]
    first = batch(*items).pairs()
    again = batch(*reversed(items)).pairs()
    assert [(m.a, m.b, m.similarity, m.passages, m.spans_a, m.spans_b) for m in first] == [
        (m.a, m.b, m.similarity, m.passages, m.spans_a, m.spans_b) for m in again
    ]
    assert {(m.a, m.b) for m in first} == {pair(A, B), pair(A, second_copy), pair(B, second_copy)}
    assert all(m.a < m.b for m in first)
    assert [(-m.similarity, m.a, m.b) for m in first] == sorted((-m.similarity, m.a, m.b) for m in first)


def test_fingerprint_round_trip_finds_an_earlier_years_text():
    fp = fingerprint(A.text)
    assert isinstance(fp, bytes) and fp == fingerprint(A.text)
    assert len(fp) < 4 * len(A.text)
    earlier = Text("2023/单位甲/案例.docx#案例正文", "单位甲", A.text)
    index = NearCopyIndex()
    index.add_fingerprint(earlier, fp, earlier=True)
    for item in (C, *FILLERS):
        index.add(item)
    found = index.query(B)
    assert [(m.a, m.b) for m in found] == [pair(earlier, B)]
    assert found[0].similarity == batch(A, B, C, *FILLERS).pairs()[0].similarity
    assert_passages_check_out(found[0], earlier, B)


def test_earlier_texts_are_not_paired_with_each_other():
    index = NearCopyIndex()
    index.add_fingerprint(Text("2023/甲", "单位甲", A.text), fingerprint(A.text), earlier=True)
    index.add_fingerprint(Text("2023/乙", "单位乙", B.text), fingerprint(B.text), earlier=True)
    assert index.pairs() == []
    index.add(Text("2024/丙", "单位丙", B.text))
    matches = index.pairs()
    assert [(m.a, m.b) for m in matches] == [("2023/乙", "2024/丙"), ("2023/甲", "2024/丙")]
    assert matches[0].similarity == 1.0 > matches[1].similarity


def test_unusable_fingerprint_is_rebuilt_from_the_text(caplog):
    index = NearCopyIndex()
    with caplog.at_level(logging.WARNING, logger="checks.similarity"):
        index.add_fingerprint(A, b"HSNC\x09 not a fingerprint")
    assert "unusable" in caplog.text
    index.add(B)
    assert [(m.a, m.b) for m in index.pairs()] == [pair(A, B)]


def test_a_fingerprint_of_the_previous_format_is_rebuilt_without_a_warning(caplog):
    import struct

    from checks.similarity import is_current_fingerprint

    v1 = struct.pack("<4sBBIHI", b"HSNC", 1, 3, len(normalise(A.text)), 1, 0) + bytes(4)
    assert not is_current_fingerprint(v1) and is_current_fingerprint(fingerprint(A.text))
    index = NearCopyIndex()
    with caplog.at_level(logging.INFO, logger="checks.similarity"):
        index.add_fingerprint(A, v1)
        index.add(B)
        assert [(m.a, m.b) for m in index.pairs()] == [pair(A, B)]
    assert "unusable" not in caplog.text and "1 fingerprints of an older format" in caplog.text


def test_short_texts_are_not_compared():
    short = "班组研制的触头温度在线监测装置在全市二十三座变电站推广应用。"
    assert len(normalise(short)) < 100
    assert batch(Text("x", "单位甲", short), Text("y", "单位乙", short)).pairs() == []


def test_normalisation_and_spans_survive_width_and_expanding_characters():
    assert normalise("ＡＩ技术，提升３５％！") == "ai技术提升35"
    # "……" and "㈠" expand under NFKC: the spans must still point into the original text.
    a = Text("a", "单位甲", "㈠ 基本情况……" + ORIGINAL)
    b = Text("b", "单位乙", PARAPHRASE.replace("，", "，　"))
    (m,) = batch(a, b).pairs()
    assert_passages_check_out(m, a, b)


def test_minhashes_are_datasketch_affine32_minhashes():
    from datasketch import MinHash

    from checks import similarity as sim

    index = batch(A, B, builtin_stock=False)  # no stock shingle: every shingle of the chunk is hashed
    index.pairs()
    sig = index._entries[0].sig
    bands, rows = sim.CHUNK_BANDS
    start, end = int(sig.chunks[0]), int(sig.chunks[1])
    reference = MinHash(num_perm=bands * rows, seed=sim.SEED, hashfunc=lambda x: x)
    reference.update_batch([int(x) for x in sig.shingles[start:end]])
    assert list(index._entries[0].chunk_mhs[0].hashvalues) == list(reference.hashvalues)


def test_importing_the_module_loads_no_heavy_library():
    probe = "import json, sys, checks.similarity; print(json.dumps([m for m in {m} if m in sys.modules]))"
    heavy = ["jieba", "datasketch", "numpy", "scipy"]
    proc = subprocess.run([sys.executable, "-c", probe.format(m=heavy)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


@pytest.mark.parametrize("bad", [Text("a", "g", "x" * 200), Text("a", "g2", "y" * 200)])
def test_duplicate_keys_are_refused(bad):
    index = batch(Text("a", "g", "字" * 200))
    with pytest.raises(ValueError, match="duplicate key"):
        index.add(bad)
