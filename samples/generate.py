"""Deterministic generator of a realistic sample inbox, with planted defects.

Usage::

    python -m samples.generate banzu DEST [--named-list FILE]

``build_banzu_inbox(dest)`` writes the inbox for the ``banzu`` profile (2024 江苏 创新型班组对标竞赛):
seven units, one subfolder or archive each (.zip from Windows with GBK names and a nested .zip, .7z,
a .rar inside a folder), holding 附件1 基本情况表 / 附件2 班组创新案例 per 班组 and the unit's 附件3
推荐汇总表, laid out like the notice's templates and varied the way real submissions vary: spaced
labels, values typed into label cells, ☑/□ and Wingdings check boxes, content controls,
"8人"/"38.5岁"/"三", four heading styles, a write-up inside a table; delivered as .docx, .docm, .doc,
.wps, .rtf, .odt, PDF exports, scanned PDFs, a mixed PDF, a PDF with a garbage text layer, phone
photos and scans (.jpg .png .tif), plus junk (owner files, Thumbs.db, __MACOSX) and a folder of
broken and hostile files (zero bytes, truncated, a photo named .docx, password-protected, an XML
entity bomb, a looping PDF, path traversal, a zip bomb, encrypted archives) and one file over 50 MB.
The builders live in samples/hostile.py and samples/scans.py.

Module-level data is the single source of truth for tests:

* ``BANZU_UNITS``  – every unit, its files and, per 班组, the NORMALISED field values an extractor
  should produce from its 附件1 and the title and four section bodies of its 附件2.
* ``EXPECTED_BANZU`` – the planted findings (code, unit, paths, field, actual, limit, subject).
* ``NEAR_COPY_PLANTS`` – the texts planted for duplicate.near_copy: a light paraphrase across units (a
  finding), a 班组 repeating its own case in its form and a hard negative sharing set phrases (not findings).
* ``NAMED_LIST_BANZU`` / ``EXPECTED_BANZU_REGISTRY`` – the registry fixture (last year's 命名名单, written by
  samples/named_list.py) and the finding it adds to a run.

Everything is fixed text and seeded noise; zip/7z/rar timestamps, core properties, ODF revision IDs,
encryption salts and the PDF CreationDate/ID are pinned, so repeated runs give the same bytes (as far
as the installed LibreOffice renders identically) except the password-protected PDF, whose key
LibreOffice draws at random.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import re
import shutil
import sys
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Border, Font, Side

from samples import hostile, scans

__all__ = [
    "BANZU_UNITS",
    "EXPECTED_BANZU",
    "EXPECTED_BANZU_REGISTRY",
    "NAMED_LIST_BANZU",
    "NAMED_YEAR",
    "NEAR_COPY_SIMILARITY",
    "OCR_DOUBT",
    "FORMAT_EXT",
    "OCR_FORMATS",
    "SCAN_CONFIDENCE",
    "SUPPLEMENT_FILES",
    "build_banzu_inbox",
    "pack",
    "word_count",
    "main",
]

# --------------------------------------------------------------------------------------------------
# Fixed constants

FIXED_DT = dt.datetime(2024, 9, 23, 9, 30, 0)  # docx/xlsx core properties (naive = UTC)
ZIP_DT = (2024, 9, 23, 9, 30, 0)  # timestamps of every zip entry we write
PDF_DATE = scans.PDF_DATE  # replaces the 14 digits of a PDF writer's CreationDate

COMPETITION_PROMPT = "开展“科教报国 创新有我”岗位建功竞赛情况以及下一步对标竞赛工作方案等，不超过1000字。"
THEME = "“科教报国 创新有我”岗位建功竞赛"
# Set phrases of the genre, written by most units (six of the seven here); the hard negative's two cases share
# all of them.
STOCK_PHRASES = (
    "坚持以习近平新时代中国特色社会主义思想为指导", "深入贯彻落实党的二十大精神", "大力弘扬劳模精神、劳动精神、工匠精神",
    "充分发挥劳模示范引领作用", "取得了显著成效", "形成了可复制、可推广的经验做法", "得到了广泛好评",
    "为高质量发展提供了有力保障",
)  # fmt: skip

CASE_LIMIT = 600
COMPETITION_LIMIT = 1000
HONOURS_LIMIT = 5
QUOTA_CITY_MAX = 4  # 设区市教育工会 3–4

UPLOAD_LIMIT_MB = 50  # 上传文件不超过 50M
# file.scanned's actual is the mean OCR confidence the reader measured: expected in (low, high].
SCAN_CONFIDENCE = (0.8, 1.0)
# duplicate.near_copy's actual is the similarity the check measured: expected in [threshold, 1].
NEAR_COPY_THRESHOLD = 0.3  # the profile's default [near_copy] threshold
NEAR_COPY_SIMILARITY = (NEAR_COPY_THRESHOLD, 1.0)
NEAR_COPY_LABEL = "班组创新案例正文"  # the near-copy finding's field: the compared text's label
# field.low_confidence's actual is the field's measured OCR confidence: below the profile's ocr_min_confidence.
OCR_MIN_CONFIDENCE = 0.85
OCR_DOUBT = (0.0, OCR_MIN_CONFIDENCE)

# The exact 字数 of the two planted over-limit texts (asserted against word_count below).
LONG_CASE_CHARS = 683
LONG_COMPETITION_CHARS = 1091

SECTION_KEYS = ("背景", "做法", "成果", "效益")
SECTION_TITLES = {"背景": "案例背景", "做法": "主要做法", "成果": "创新成果", "效益": "效益影响"}

FORM_FIELD_KEYS = (
    "推荐单位", "联系人", "电话", "班组名称", "所在单位", "班组总人数", "党员人数", "女职工人数",
    "研究生及以上学历人数", "高技能人才人数", "平均年龄", "班组负责人姓名", "班组负责人政治面貌",
    "师徒结对", "劳模工匠创新工作室", "名师工作室", "党支部", "党小组", "分工会", "工会小组", "荣誉",
    "竞赛情况",
)  # fmt: skip

# --------------------------------------------------------------------------------------------------
# 字数 as Word counts it (an independent implementation, used to build the planted texts)

_WIDE_RANGES = (
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # CJK Extensions B+ and Compatibility Supplement
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、。《》【】 …)
    (0xFF00, 0xFFEF),  # Half-width and Full-width Forms (，：；（）！？ …)
    (0xFE10, 0xFE1F),  # Vertical forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
)
# Punctuation that Chinese text uses as full-width although Unicode files it elsewhere.
_AMBIGUOUS_WIDE = frozenset("“”‘’—…·")


def _is_wide(ch: str, broad: bool) -> bool:
    o = ord(ch)
    if any(a <= o <= b for a, b in _WIDE_RANGES):
        return True
    return broad and ch in _AMBIGUOUS_WIDE


def word_count(text: str, *, broad: bool = True) -> int:
    """Word's 字数: each CJK ideograph / full-width punctuation mark is 1, each run of other
    non-space characters is 1. ``broad`` also treats “”‘’—…· as full-width (Word does, in Chinese
    text); the planted texts are written so that both readings give the same number."""
    n = 0
    in_run = False
    for ch in text:
        if ch.isspace():
            in_run = False
        elif _is_wide(ch, broad):
            n += 1
            in_run = False
        else:
            if not in_run:
                n += 1
            in_run = True
    return n


assert word_count("35%") == 1 and word_count("2024年") == 2 and word_count("AI技术") == 3
assert word_count("节约经费12.5万元，") == 8

# --------------------------------------------------------------------------------------------------
# The content. Numbers per 班组: (班组总人数, 党员人数, 女职工人数, 研究生及以上学历人数, 高技能人才人数);
# flags: (党支部, 党小组, 分工会, 工会小组).

_LONG_CASE = {
    "背景": (
        "物理是一门以实验为基础的学科。学校原有演示实验器材大多购置于十年前，老化损坏严重，力学、热学和"
        "电磁学实验现象不明显，数据依靠人工读取，误差大、耗时长。购置成套数字化实验系统每套需8万元以上，"
        "难以覆盖全校36个教学班。教研组在课堂观察和问卷调查中发现，超过六成学生反映实验课看不清现象、测"
        "不准数据，学生动手操作和科学探究的机会明显不足，实验教学成为制约物理学科育人质量提升的短板。"
    ),
    "做法": "\n".join([
        "一是成立器材研制攻关小组。由组长牵头，按力学、电学、光学分设3个攻关小组，每组由1名骨干教师带领2名"
        "青年教师，实行项目清单和周例会制度。",
        "二是坚持低成本自主研制。利用开源硬件、智能手机传感器和废旧材料，设计制作简易数据采集装置，单套成"
        "本控制在300元以内，并编写配套实验指导手册。",
        "三是推动成果进课堂。每学期开展实验创新课展示活动，邀请学生参与器材改进，把研制过程转化为项目式学"
        "习内容，形成教师研制、学生改进、课堂检验的闭环。",
        "四是加强校际交流。通过市级教研活动和名师工作室平台，向兄弟学校推广器材设计图纸和教学案例。",
    ]),
    "成果": (
        "三年来，教研组累计研制数字化实验器材42套，覆盖高中物理必修和选择性必修课程中的28个重点实验；获国"
        "家实用新型专利5项，在省级以上期刊发表实验教学论文11篇；2项成果获江苏省中小学自制教具评比一等奖，"
        "1名教师获全国物理实验教学创新大赛一等奖，指导学生获省级以上科技创新奖项17人次。"
    ),
    "效益": (
        "自制器材替代外购设备，累计节约设备采购经费约46万元，实验开出率由72%提高到100%，学生分组实验课时"
        "增加40%。器材和教学案例已在全市23所学校推广使用，受益学生超过1.2万人，相关做法被市教育局作为实验"
        "教学改革典型案例推介。"
    ),
}

_LONG_COMPETITION = "\n".join([
    "2023年3月以来，班组在学校党委和校工会的领导下，全员参加科教报国、创新有我岗位建功竞赛，围绕智慧校园"
    "建设目标，把竞赛任务细化为网络保障、技术攻关、服务提升三个赛道，制定竞赛实施方案和考核细则，实行月度"
    "讲评、季度评比、年度总结的工作机制，做到竞赛有目标、过程有记录、结果有考核。",
    "一是比保障，确保网络安全稳定运行。班组承担仙林、鼓楼、苏州三个校区的校园网运行维护任务，覆盖有线信"
    "息点8.6万个、无线接入点1.2万个。竞赛期间，班组完成核心网络设备升级改造2批次，圆满完成新生入学、研究"
    "生招生考试、大型国际会议等重要时段网络保障任务46次，全年核心网络可用率保持在99.9%以上，未发生重大网"
    "络安全事件。",
    "二是比攻关，破解运维工作难题。班组聚焦故障发现慢、定位难的问题，设立攻关课题5个，由技术骨干领衔、青"
    "年职工参与，自主研发网络智能运维系统和无线网络质量分析工具，实现故障自动告警和快速定位。竞赛中，班组"
    "成员提出合理化建议31条，其中19条被采纳实施，获软件著作权6项，1项成果获江苏省教育信息化创新应用案例一"
    "等奖。",
    "三是比服务，提升师生获得感。班组开通线上报修和一站式服务窗口，推行首问负责和限时办结制度，网络报修平"
    "均响应时间缩短到15分钟。同时建立服务回访制度，每月随机回访报修师生不少于100人次，及时改进服务中的短"
    "板问题。面向院系开展网络安全培训和上门服务32场，培训师生4800余人次。师生网络服务满意度由86%提升到97%。",
    "四是比成长，建强技术人才队伍。班组实行师徒结对，开展每月一讲技术沙龙，组织成员参加网络运维和安全攻防"
    "技能竞赛，获全国高校网络安全技能竞赛一等奖1项、江苏省职工职业技能大赛二等奖2项，3名青年职工取得高级"
    "网络工程师资格。",
    "五是比安全，筑牢校园网络安全防线。班组深入开展安康杯竞赛和网络安全宣传周活动，建立网络安全隐患排查台"
    "账，每季度组织1次网络安全应急演练，全年处置网络安全告警事件1300余起，修补系统漏洞210个，对全校420个"
    "网站和信息系统开展安全检测，确保校园网络和数据安全。同时，班组把党建工作融入竞赛全过程，党员职工带头"
    "承担急难险重任务，设立党员先锋岗4个，在重大保障任务中发挥了先锋模范作用，班组凝聚力和战斗力进一步增强。",
    "下一步，班组将对标工人先锋号和五好创新型班组标准，重点做好三方面工作：一是实施网络智能运维提升工程，"
    "力争用两年时间实现主要故障自动发现率达到98%以上；二是深化技术攻关，围绕下一代互联网和校园网安全防护"
    "设立新的攻关课题，每年形成不少于3项创新成果；三是完善师带徒和技能竞赛机制，举办校园网运维技能比武，带"
    "动更多青年职工在岗位上建功立业，为学校建设中国特色世界一流大学提供坚实的网络支撑。",
])

# The 班组 of 江南大学 submitted twice: by 无锡市教育工会 and by 江南大学工会.
_JIANGNAN_FERMENT: dict[str, Any] = dict(
    name="食品学院发酵工程实验教学班组", org="江南大学",
    counts=(13, 9, 8, 12, 1), age=42.3, leader=("王立新", "中共党员"), mentor=5, studio=0, master=1,
    flags=(True, False, True, False),
    honours=["2023年江苏省工人先锋号", "2022年江苏省高等教育教学成果奖一等奖", "2021年无锡市巾帼建功标兵（李静）"],
    start="2023年3月",
    did="依托国家级实验教学示范中心，组织开展实验教学创新大赛、虚拟仿真项目设计赛和青年教师讲课比赛，"
    "13名成员全部参赛，获校级以上教学竞赛奖励9项。",
    next="建设发酵工程虚实融合实验教学资源库，每年新增综合性实验项目2个以上，并与食品企业共建实践基地。",
    team="班组13名教师中有12人具有博士学位，王立新教授带领5对师徒建设发酵工程虚实融合实验教学资源，每学期组织"
    "学生走进无锡本地酿造和生物制药企业开展现场教学，累计接待学生1200余人次。",
    case_title="发酵工程虚实融合实验教学创新",
    bg="发酵工程实验周期长、设备贵、操作风险高，学生在有限课时内难以完整体验从菌种选育到产品分离的全流程，"
    "实验教学与产业需求存在差距。",
    do="班组开发发酵工程虚拟仿真实验，与实体发酵罐实验相互衔接；设计综合性、设计性实验项目，引导学生自主"
    "设计工艺方案；吸纳企业工程师参与实验课程建设，把企业真实案例引入课堂。",
    res="建成虚拟仿真实验项目8个，获国家级一流本科课程1门；出版实验教材2部，获授权发明专利4项。",
    ben="实验教学每年服务学生1200余人，实验耗材费用下降30%；虚拟仿真项目被全国60余所高校使用，累计访问量超过"
    "15万人次。",
)

_UNIT_SPECS: list[dict[str, Any]] = [
    # 1 ---------------------------------------------------------------------------------------------
    dict(
        name="南京市教育工会", container="南京市教育工会", kind="folder",
        contact="陈静怡", phone="025-83372516", author="陈静怡",
        form_header="three", fujian=True,
        summary=dict(fmt="docx", fujian=True, pad_to=5, omit=[]),
        supplement="补充材料",  # a folder of broken and hostile files (SUPPLEMENT_FILES)
        banzu=[
            dict(
                name="物理创新实验教研组", org="南京市第一中学",
                counts=(12, 7, 5, 8, 2), age=39.5, leader=("周振华", "中共党员"), mentor=4, studio=1, master=1,
                flags=(False, True, False, True),
                honours=["2023年南京市工人先锋号", "2022年南京市优秀教研组", "2021年江苏省中小学实验教学先进集体"],
                start="2023年3月",
                did="组建器材研制、课堂创新、青年成长3个竞赛小组，开展自制教具评比、实验创新课展示和青年教师实验"
                "技能比武等活动，全员参赛率100%。竞赛期间，教研组研制数字化实验器材15套，2名青年教师在市级实验"
                "技能比武中获一等奖。",
                next="重点推进数字化实验室和跨校教研联盟建设，每学期新增自制器材不少于5套，带动全市物理教师开展实"
                "验教学创新。",
                team="教研组12名教师分成3个竞赛小组，由组长周振华带领青年教师逐个攻克演示实验难题，4对师徒共同承担器材研制"
                "任务；每月举行1次实验创新沙龙，邀请南京师范大学物理科学与技术学院专家到校点评。",
                case_title="自制数字化实验器材破解物理实验教学难题",
                long_case=True,
                form_style=dict(spaced=True),
                case_style=dict(headings="cn", title_line=True),
            ),
            dict(
                name="信息科技教研组", org="南京市金陵中学",
                counts=(9, 5, 4, 6, 1), age=36, leader=("李卫东", "中共党员"), mentor=3, studio=0, master=1,
                flags=(False, True, False, True),
                honours=["2023年南京市教育系统先进集体", "2022年江苏省青少年科技教育先进集体"],
                start="2023年4月",
                did="以人工智能教育为主攻方向，开展项目式教学设计大赛、编程课例展评和学生创客作品评比，组织同课"
                "异构研讨24次，教研组成员获市级以上教学竞赛奖项7项。",
                next="建设人工智能教育实验室，完善进阶式项目课程体系，每年面向全市开放公开课不少于10节。",
                team="教研组依托学校人工智能实验室，组织9名教师轮流执教人工智能项目课，李卫东老师执教的《智能小车循迹》课例获"
                "全市一等奖；教研组还与南京邮电大学共建青少年编程营，每周六向学生开放。",
                case_title="进阶式项目教学提升学生人工智能素养",
                bg="新课程标准将人工智能纳入高中信息科技必修内容，但学校缺少系统课程资源，教师普遍缺乏项目教学经"
                "验，学生学习停留在概念层面，动手实践不足。",
                do="教研组以名师工作室为依托，按照体验、设计、创造三个层级开发进阶式项目课程，每个层级配套教学设计、"
                "微课和评价量表。实行师徒结对和集体备课制度，每周开展1次同课异构，每学期组织1次校级项目展评，邀"
                "请高校专家和企业工程师参与指导。",
                res="两年来，教研组开发项目课程资源包36个、微课120节，编写校本教材2册；教师获省级优质课评比一等奖2"
                "人次；学生在全国青少年人工智能创新挑战赛中获一等奖4项、二等奖9项。",
                ben="课程覆盖全校1800余名学生，学生信息科技学业水平测试优秀率提高18个百分点。课程资源通过市级教研平"
                "台共享，被15所学校采用。",
                form_as="doc",  # Word 97-2003, as an old office saves it
                case_as="wps",  # the same Word 97 bytes under WPS Office's own extension
                form_style=dict(value_in_label=True, cn_mentor=True),
                case_style=dict(headings="num", title_line=False),
            ),
            dict(
                name="智能制造实训班组", org="南京市中华中等专业学校",
                counts=(8, 4, 2, 3, 6), age=38.5, leader=("孙建国", "中共党员"), mentor=5, studio=1, master=0,
                flags=(True, False, False, True),
                honours=["2023年江苏省工人先锋号", "2023年南京市五一劳动奖章（孙建国）", "2022年江苏省职业教育教学成果奖一等奖"],
                start="2023年3月",
                did="以技能大赛为牵引开展岗位练兵，组织实训项目开发赛、教学能力比赛和师生同台技能比武，8名成员全员"
                "参赛，获省级以上教学能力比赛奖项3项。",
                next="推进校企共建智能产线实训中心，每年开发新实训项目4个以上，面向中小企业开展技术服务和员工培训。",
                team="班组长孙建国带领8名成员利用寒暑假到智能装备企业顶岗实践，累计驻厂42天；5对师徒围绕工业机器人编程"
                "和PLC控制开展一对一传帮带，青年教师全部取得技师以上职业资格。",
                case_title="以赛促教打造智能产线实训课堂",
                bg="智能制造产业升级对技能人才提出更高要求，学校原有实训设备以单机操作为主，与企业生产线脱节，学生"
                "综合应用能力不足。",
                do="班组对接区域龙头企业，将真实生产任务转化为实训项目，自主改造搭建柔性智能产线实训平台；推行双导"
                "师制，企业工程师与专业教师共同授课；以技能大赛标准重构课程，建立赛项训练、课堂教学、技能鉴定相互"
                "衔接的培养链条。",
                res="班组自主改造实训设备11台套，开发活页式教材3本；近三年指导学生获全国职业院校技能大赛一等奖2项、"
                "省赛一等奖6项；班组成员获授权发明专利2项、实用新型专利7项。",
                ben="平台改造节约设备投入约85万元，学生中级工证书获取率达到98%，毕业生对口就业率由81%提升到93%。承接"
                "企业员工技能培训560人次，创造社会服务收入32万元。",
                case_as="rtf",
                form_style=dict(checkbox="☑□", with_units=True),
                case_style=dict(headings="bracket", title_line=True),
            ),
            dict(
                name="校园能源与设施运维班组", org="南京市雨花台中学",
                counts=(7, 3, 1, 0, 4), age=45, leader=("吴国强", "群众"), mentor=2, studio=0, master=0,
                flags=(False, False, False, True),
                honours=["2023年南京市教育系统节约型校园建设先进集体"],
                start="2023年5月",
                did="围绕节约型校园建设开展节能小改造、小革新竞赛和设备巡检技能比武，收集合理化建议23条，完成节能"
                "改造项目9项。",
                next="扩大能耗监测覆盖范围，建设校园设施数字化管理台账，力争年综合能耗再下降5%。",
                team="班组7名成员平均年龄45岁，是一支以老带新的后勤技术队伍。吴国强师傅牵头编写《校园水电设施巡检手册》，2"
                "对师徒每周开展1次设备拆装实操，夜间和节假日实行轮流值守，全年处理报修1360余单。",
                case_title="智慧能耗监测助力节约型校园建设",
                # Not a near copy of 东南大学's 九龙湖校区能源管理班组 (the same field, the same set phrases of
                # the genre, which every unit of the inbox uses): a hard negative.
                bg="班组坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神，把节约型校园建设"
                "作为岗位建功的主战场。学校建筑面积大、设备多，照明、空调和供水系统长期依靠人工巡检，跑冒滴漏问题"
                "发现不及时，能耗费用逐年上升。",
                do="班组大力弘扬劳模精神、劳动精神、工匠精神，充分发挥劳模示范引领作用，由组长吴国强带头攻关。班组"
                "自主设计能耗监测方案，在教学楼、食堂和宿舍加装智能电表、水表和传感器，搭建能耗监测平台；制定设备"
                "巡检标准化清单，实行分区包干和问题闭环销号；开展节能小改造、小革新活动，组织师生节能志愿服务。",
                res="节能工作取得了显著成效。班组共安装智能计量终端126个，实现全校用能数据实时采集；完成照明和水泵"
                "节能改造9项，提出合理化建议23条，其中14条被学校采纳。",
                ben="全校年用电量下降17%，年用水量下降22%，每年节约能源费用约38万元；设备故障响应时间由平均4小时缩短"
                "到40分钟。班组形成了可复制、可推广的经验做法，得到了广泛好评，为高质量发展提供了有力保障。",
                case_as="odt",
                form_style=dict(checkbox="wingdings", sdt_name=True, honours="semicolon"),
                case_style=dict(headings="inline", title_line=False),
            ),
        ],
    ),
    # 2 ---------------------------------------------------------------------------------------------
    dict(
        name="苏州市教育工会", container="苏州市教育工会.zip", kind="zip",
        contact="顾敏", phone="0512-65223147", author="Administrator",
        form_header="three", fujian=False,
        summary=dict(fmt="docx", fujian=False, pad_to=0, omit=[]),
        case_dir="创新案例.zip",  # the unit's 附件2 zipped once more, inside the unit's zip
        macosx=True,  # re-zipped on a Mac: __MACOSX/…/._附件3-推荐汇总表.docx rides along

        banzu=[
            dict(
                name="化学实验创新教研组", org="苏州市第十中学校",
                counts=(11, 6, 7, 9, 0), age=41, leader=("沈丽华", "中共党员"), mentor=4, studio=0, master=1,
                flags=(False, True, False, True),
                honours=["2023年苏州市工人先锋号", "2022年苏州市优秀教研组"],
                start="2023年3月",
                did="开展微型实验设计赛、实验说课比赛和绿色化学创新方案评比，11名成员全员参与，完成实验改进项目"
                "23个，获市级以上教学竞赛奖项6项。",
                next="建设绿色化学创新实验室，开发微型实验课程资源包，面向全市化学教师开展专题培训。",
                team="教研组坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神，大力弘扬劳模精神、"
                "劳动精神、工匠精神，充分发挥劳模示范引领作用。沈丽华老师带领青年教师在姑苏区化学教研活动中开设公开课8节，"
                "教研组每学期评选“微型实验之星”，竞赛工作取得了显著成效，形成了可复制、可推广的经验做法，"
                "得到了广泛好评，为高质量发展提供了有力保障。",
                case_title="微型化学实验让课堂更安全更环保",
                bg="传统化学实验药品用量大，部分实验产生有毒气体，存在安全隐患，废液处理成本高，学生分组实验难以全面"
                "开展。",
                do="教研组开展微型化学实验研究，利用井穴板、多用滴管等器材重新设计实验方案；组建青年教师攻关小组，逐"
                "一验证实验条件；编写微型实验手册，在全年级推行分组实验。",
                res="完成微型化实验改进58个，获实用新型专利3项；出版实验教学专著1部，发表论文9篇；团队获江苏省基础教"
                "育教学成果奖二等奖。",
                ben="实验药品用量平均减少85%，每年节约药品经费约6万元，废液产生量下降90%；学生分组实验开出率达到100%，"
                "相关成果在全市40余所学校推广。",
                form_style=dict(),
                case_style=dict(headings="cn", title_line=True),
            ),
            dict(
                name="STEM课程研发班组", org="苏州工业园区星海实验中学",
                counts=(10, 5, 6, 7, 0), age=34.6, leader=("顾晓峰", "中共党员"), mentor=5, studio=0, master=1,
                flags=(False, True, False, True),
                honours=["2023年苏州市青年文明号", "2022年江苏省STEM教育示范团队"],
                start="2023年4月",
                did="开展跨学科课程设计赛、项目学习成果展评和教师创新课例评选，开发项目课程24个，组织学生参加科技"
                "创新竞赛获奖56人次。",
                next="完善STEM课程评价体系，与高校和科技企业共建实践基地，每年开设面向区域学校的开放课程。",
                team="班组成员平均年龄34.6岁，来自物理、生物、信息技术和美术4个学科。顾晓峰老师牵头建立每周三下午的跨学科"
                "集体备课制度，与园区2家科技企业联合开设“城市水环境”研学项目，组织学生实地采样132次。",
                case_title="跨学科STEM项目课程的开发与实施",
                bg="学生在学科学习中普遍存在知识割裂、应用能力不足的问题，学校缺少系统化的跨学科课程，教师跨学科协作"
                "机制尚不健全。",
                do="班组整合物理、生物、信息技术、美术等学科教师，围绕城市水环境、智慧农场等真实问题设计项目课程；建"
                "立课程研发例会和成果展评制度；与2家科技企业共建实践基地。",
                res="开发STEM项目课程24个，形成课程纲要和学生手册各1套；课程获江苏省课程基地建设优秀成果；学生获省级以"
                "上科技创新奖项56人次。",
                ben="课程每年覆盖学生1500余人，学生项目学习满意度达到96%；接待省内外学校参观交流30余批次，辐射带动12所"
                "学校开设同类课程。",
                form_style=dict(),
                case_style=dict(headings="num", title_line=False),
            ),
            dict(
                name="数控加工技术实训班组", org="苏州技师学院",
                counts=(9, 5, 1, 2, 8), age=40.2, leader=("陆建明", "中共党员"), mentor=6, studio=1, master=0,
                flags=(True, False, True, False),
                honours=["2023年苏州市工人先锋号", "2021年苏州市五一劳动奖章（陆建明）"],
                start="2023年3月",
                did="开展数控加工技能比武、五小创新成果评选和实训教学能力比赛，成员获省级技能竞赛奖项4项，完成"
                "五小创新项目7项。",
                next="推进智能产线实训平台二期建设，建设技能大师工作室，每年为合作企业培养高技能人才50名以上。",
                team="班组9名成员中有高技能人才8人，苏州市五一劳动奖章获得者陆建明带领6对师徒开展“每周一题”技术攻关，把企"
                "业来料加工任务转化为实训课题；班组成员在苏州市职工职业技能大赛数控车工项目中包揽前三名。",
                # DEFECT: a light paraphrase of 南京市教育工会's 智能制造实训班组 case (NEAR_COPY_OF)
                case_title="以赛促教建设智能产线实训课堂",
                bg="智能制造产业转型升级对高技能人才提出了更高要求，学院原有实训设备以单机操作为主，与企业生产线"
                "脱节，学生综合应用能力不足。",
                do="班组推行双导师制，由企业工程师与专业教师共同授课；同时对接区域龙头企业，把真实生产任务转化为"
                "实训项目，自主改造搭建柔性智能产线实训平台，并以技能大赛标准重构课程，建立赛项训练、课堂教学、"
                "技能鉴定相互衔接的培养链条。",
                res="近三年班组指导学生获全国职业院校技能大赛一等奖2项、省赛一等奖6项；班组自主改造实训设备11台套，"
                "开发活页式实训教材3本，班组成员获授权发明专利2项、实用新型专利7项。",
                ben="平台改造节约设备投入约85万元，学生中级工证书获取率达到98%，毕业生对口就业率由81%提升到93%；"
                "承接企业员工技能培训560人次，创造社会服务收入32万元。",
                form_style=dict(),
                case_style=dict(headings="cn", title_line=True,
                                titles={"做法": "具体做法", "成果": "主要成果"}),
            ),
            dict(
                name="数学思维课程创新班组", org="苏州市吴中区城西中心小学",
                counts=(8, 3, 7, 4, 0), age=37, leader=("朱敏", "中共党员"), mentor=3, studio=0, master=1,
                flags=(False, True, False, True),
                honours=["2023年苏州市巾帼文明岗"],
                start="2023年5月",
                did="开展数学游戏设计大赛、课堂教学展评和作业设计评比，开发数学游戏48个，成员获市级以上优质课奖项"
                "6项。",
                next="把数学游戏化学习推广到中高年级，建设区域共享资源平台，开展家校共育系列活动。",
                team="班组8名教师中有7名女教师，朱敏老师带领3对师徒开展“每日一游戏”课堂实践，把数学游戏带进课后服务；班组"
                "每学期举办1次亲子数学游园会，吸引1200多个家庭参加。",
                case_title="数学游戏化学习提升低年级学生思维品质",
                bg="低年级学生注意力持续时间短，传统讲练模式下学习兴趣不高，部分学生数学思维发展滞后。",
                do="班组研发数学游戏化学习资源，将计算、图形、推理等内容设计为桌游和闯关活动；每周开设1节数学游戏课；"
                "开展家校共玩活动，引导家长参与。",
                res="开发数学游戏48个，编写校本课程读本2册；相关课题获市级优秀课题，班组教师发表论文14篇，获市级以上优"
                "质课奖项6项。",
                ben="低年级学生数学学习兴趣调查满意度由71%提高到94%；资源在区内21所小学共享使用，受益学生8000余人。",
                form_style=dict(),
                case_style=dict(headings="bracket", title_line=False),
            ),
            dict(
                name="教育信息化技术服务班组", org="苏州市电化教育馆",
                counts=(13, 8, 5, 6, 3), age=42.5, leader=("钱伟", "中共党员"), mentor=4, studio=0, master=0,
                flags=(True, False, True, False),
                honours=["2022年苏州市工人先锋号", "2023年江苏省教育信息化工作先进集体"],
                start="2023年3月",
                did="开展运维技能比武、信息化应用创新案例评选和服务之星评比，提出合理化建议18条，开发运维工具5个。",
                next="建设全市教育装备智能运维平台二期，推动故障预测预警，每年培训教师不少于8000人次。",
                team="班组13名技术人员分片包干全市10个板块的学校，钱伟同志带队在暑期开展“护航开学”专项巡检，两个月走访学"
                "校186所；班组建立技术骨干轮值热线，寒暑假不间断提供远程服务。",
                case_title="一站式运维平台提升中小学信息化服务效率",
                bg="全市中小学信息化设备数量多、品牌杂，学校报修渠道分散，维修响应慢，设备利用率不高。",
                do="班组自主开发一站式运维服务平台，实现报修、派单、回访全流程线上办理；建立故障知识库，组织技术骨干"
                "轮值远程诊断；每学期深入学校开展上门巡检和教师信息技术培训。",
                res="平台接入学校426所，累计处理报修工单2.3万件，建成故障知识库条目860条；平台获软件著作权3项，获市级"
                "教育信息化创新应用一等奖。",
                ben="平均故障处理时长由3天缩短到6小时，设备完好率提高到99%；每年减少外包运维费用约120万元，培训教师"
                "9800人次。",
                form_style=dict(),
                case_style=dict(headings="num", title_line=True),
            ),
        ],
    ),
    # 3 ---------------------------------------------------------------------------------------------
    dict(
        name="南京大学工会", container="03-南京大学", kind="folder",
        contact="刘思远", phone="025-89683125", author="lsy",
        form_header="three", fujian=False,
        summary=dict(fmt="docx", fujian=True, pad_to=5, omit=[]),
        banzu=[
            dict(
                name="大型仪器共享技术服务班组", org="南京大学现代分析中心",
                counts=(16, 11, 7, 14, 5), age=43.8, leader=("黄志刚", "中共党员"), mentor=6, studio=1, master=0,
                flags=(True, False, True, False),
                honours=["2023年江苏省工人先锋号", "2022年南京市五一劳动奖章（黄志刚）", "2021年江苏省高校实验室工作先进集体"],
                start="2023年3月",
                did="开展仪器自主维修技术攻关、测试方法开发竞赛和实验技术人员技能比武，完成自主维修260余次，开发"
                "测试新方法19项，2名成员获全国高校实验技术技能竞赛奖项。",
                next="推进大型仪器开放共享平台智能化升级，建设仪器维修技术创新工作室，扩大对企业和科研院所的测试服务。",
                team="班组16名成员中有14人具有研究生及以上学历。黄志刚同志带领6对师徒开展核磁共振波谱仪、透射电镜等仪器的"
                "自主维修攻关，编写维修案例集2册，每周二面向全校研究生开设仪器操作培训课。",
                case_title="大型仪器开放共享平台建设",
                bg="学校大型科研仪器分散在各院系，部分仪器使用率偏低，校外用户预约难，仪器运行维护依赖厂家，费用高、"
                "周期长。",
                do="班组推动全校大型仪器纳入统一平台管理，建立线上预约、计费和评价系统；成立自主维修小组，开展核心部件"
                "维修技术攻关；面向企业和科研院所提供测试服务和技术培训。",
                res="平台纳入原值50万元以上仪器312台，开发测试新方法19项，自主维修仪器故障260余次；获授权发明专利4项，"
                "获江苏省科学技术奖三等奖1项。",
                ben="仪器年均有效机时提高42%，每年节约维修费用约180万元；为校外用户提供测试服务1.6万样次，服务企业230"
                "余家。",
                form_as="pdf-scan",  # printed, stamped and scanned: an image-only PDF
                case_as="pdf-mixed",  # the typed PDF with a scanned page appended
                case_appendix="附：成果证明材料清单",
                form_style=dict(),
                case_style=dict(headings="cn", title_line=True),
            ),
            dict(
                name="校园网络运维保障班组", org="南京大学信息化建设管理服务中心",
                counts=(14, 9, 4, 10, 6), age=37.2, leader=("马骏", "中共党员"), mentor=5, studio=0, master=0,
                flags=(False, True, False, True),
                honours=["2023年南京市青年文明号", "2022年江苏省高校网络安全工作先进集体"],
                competition=_LONG_COMPETITION,
                long_competition=True,
                case_title="校园网智能运维体系建设",
                bg="学校多校区网络规模大，终端设备超过10万台，传统人工运维难以及时发现故障，网络安全压力大。",
                do="班组自主研发网络智能运维系统，对核心设备和链路进行实时监测与告警；建立7×24小时值班和分级响应机制；"
                "开展网络安全攻防演练，组织青年骨干进行技术攻关。",
                res="系统覆盖网络设备5800余台，实现故障自动发现率95%；获软件著作权6项，在全国高校网络运维技能竞赛中获"
                "一等奖。",
                ben="网络故障平均修复时间由2小时缩短到25分钟，年均网络可用率达到99.9%；每年节约运维外包费用约150万元。",
                case_as="pdf",  # exported to PDF by the unit's office
                form_style=dict(prompt=True),
                case_style=dict(headings="num", title_line=True),
            ),
        ],
    ),
    # 4 ---------------------------------------------------------------------------------------------
    dict(
        name="东南大学工会", container="东南大学工会", kind="folder",
        contact="王海燕", phone="13913876524", author="whY",
        form_header="one_line_fullwidth", fujian=False,
        summary=dict(fmt="docx", fujian=False, pad_to=0, omit=[], half_colon=True),
        case_dir="创新案例.rar",
        banzu=[
            dict(
                name="工程训练中心智能制造实训班组", org="东南大学机械工程学院",
                counts=(15, 9, 3, 6, 7), age=41.5, leader=("张建军", "中共党员"), mentor=7, studio=1, master=0,
                flags=(True, False, True, False),
                honours=["2023年江苏省教育科技系统工人先锋号"],
                start="2023年3月",
                did="开展实训教学创新大赛、虚拟仿真项目开发竞赛和指导教师技能比武，新建实训项目16个，获省级以上"
                "教学竞赛奖项5项。",
                next="建设智能制造虚实融合实训基地，开放共享给省内兄弟高校，每年开展师资培训2期以上。",
                # The PNG scan keeps the words it had when the OCR issues of tests/test_e2e_banzu.py were found.
                team="班组把建强队伍作为竞赛的重要内容，15名成员中有6人具有研究生及以上学历。班组健全工会组织和职工小家"
                "阵地，落实“三长三员”工作机制，经常性开展谈心谈话和困难帮扶；组织成员参加“双学双讲”微讲堂、劳模工匠进"
                "班组等活动，形成学技术、钻业务、创效益、勇创新的浓厚氛围。",
                case_title="虚实结合的智能制造实训教学改革",
                bg="工程训练课程设备台套数有限，智能制造类实训设备价格高、操作风险大，学生人均实操时间不足。",
                do="班组自主开发智能制造虚拟仿真实训系统，与实体产线数据互通；设计从单元操作到产线集成的分层实训项目；"
                "组织教师参加企业实践，提升工程实践能力。",
                res="建成虚拟仿真实训项目16个，获国家级虚拟仿真实验教学一流课程1门；获授权发明专利3项，出版实训教材2部。",
                ben=None,  # DEFECT: no 效益影响 section at all
                form_as="png",  # a clean flatbed scan
                form_style=dict(),
                case_style=dict(headings="cn", title_line=True),
            ),
            dict(
                name="九龙湖校区能源管理班组", org="东南大学后勤管理处",
                counts=(10, 5, 2, 1, 6), age=44, leader=("刘洪", "中共党员"), mentor=3, studio=0, master=0,
                flags=(False, True, False, True),
                honours=["2022年南京市节能工作先进集体", "2023年江苏省公共机构节能先进集体"],
                start="2023年4月",
                did="开展节能降耗劳动竞赛和设备运维技能比武，完成空调、照明节能改造12项，年节约能源费用260万元。",
                next="建设校园综合能源管理平台二期，推进光伏发电和储能项目，力争单位面积能耗再下降3%。",
                team="班组10名成员常年坚守校区能源保障一线，刘洪同志带领3对师徒开展空调机组和配电设备运维技能比武，夏季用电"
                "高峰期间实行24小时值班，及时处置供电故障37起，保障了教学科研正常运行。",
                case_title="校园能源精细化管理实践",
                bg="班组坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神，围绕绿色低碳校园"
                "建设开展岗位创新。九龙湖校区建筑面积大、用能设备多，能源计量不完善，能耗数据统计滞后，节能管理"
                "缺少抓手。",
                do="班组大力弘扬劳模精神、劳动精神、工匠精神，充分发挥劳模示范引领作用。班组建设校园能源管理平台，"
                "对楼宇用能分项计量；推行空调和照明分时控制；开展节能宣传进宿舍活动，引导师生养成节约习惯。",
                # DEFECT: no quantitative data at all in 创新成果
                res="节能工作取得了显著成效。班组建成覆盖全校区的能源监测网络，形成较为完善的能源管理制度体系，班组"
                "成员的数据分析能力明显增强，相关做法受到上级主管部门肯定。",
                ben="校区年用电量下降12%，年节约能源费用约260万元，减少碳排放约1800吨。班组形成了可复制、"
                "可推广的经验做法，得到了广泛好评，为高质量发展提供了有力保障。",
                form_as="jpg",  # photographed with a phone
                form_style=dict(checkbox="■□"),
                case_style=dict(headings="cn", title_line=False),
            ),
            dict(
                name="微纳加工工艺实验室班组", org="东南大学电子科学与工程学院",
                counts=(12, 8, 4, 11, 2), age=38, leader=("徐晨", "中共党员"), mentor=4, studio=0, master=1,
                flags=(False, True, False, True),
                # DEFECT: 6 honours (limit 5)
                honours=[
                    "2023年江苏省工人先锋号",
                    "2023年南京市五一劳动奖章（徐晨）",
                    "2022年江苏省高校实验室工作先进集体",
                    "2022年南京市青年文明号",
                    "2021年江苏省科学技术奖二等奖",
                    "2021年江苏省五一创新能手（王磊）",
                ],
                start="2023年3月",
                did="开展关键工艺攻关竞赛和实验技术创新成果评选，优化光刻、刻蚀等工艺流程27项，成员获授权发明专利6项。",
                next="建设微纳加工公共服务平台，完善工艺数据库，面向校外单位扩大开放共享。",
                team="班组12名成员中有11人具有研究生及以上学历，徐晨同志带领4对师徒建立光刻和刻蚀工艺交接班记录制度，每周"
                "召开工艺例会，面向全校32个课题组开放洁净室，全年提供加工服务4100余机时。",
                case_title="微纳加工关键工艺自主攻关",
                bg="微纳器件研发依赖关键工艺设备，部分工艺长期依靠外协加工，周期长、成本高，制约科研进度。",
                do="班组组建工艺攻关小组，对光刻、刻蚀、薄膜沉积等关键工艺开展参数优化；建立工艺数据库和标准作业流程；"
                "面向校内外课题组开放共享。",
                res="开发稳定工艺流程27项，获授权发明专利6项；支撑国家级科研项目15项，发表高水平论文40余篇。",
                ben="外协加工费用每年减少约95万元，样品加工周期由平均30天缩短到7天；服务校外单位38家。",
                form_style=dict(),
                case_style=dict(headings="num", title_line=True),
            ),
        ],
    ),
    # 5 ---------------------------------------------------------------------------------------------
    dict(
        name="江苏省农业科学院工会", container="江苏省农业科学院工会.7z", kind="7z",
        contact="赵立新", phone="13851762093", author="赵立新",
        form_header="three", fujian=True,
        summary=dict(fmt="xlsx", pad_to=0, omit=[]),
        not_received=[
            dict(name="农产品质量安全检测班组", org="江苏省农业科学院农产品质量安全与营养研究所",
                 case_title="农产品农药残留快速检测技术研发与应用"),
        ],
        banzu=[
            dict(
                name="设施园艺智能装备研发班组", org="江苏省农业科学院农业设施与装备研究所",
                counts=(11, 7, 3, 10, 2), age=39, leader=("杨光", "中共党员"), mentor=4, studio=1, master=0,
                flags=(False, True, False, True),
                honours=["2023年江苏省工人先锋号", "2022年江苏省农业技术推广奖一等奖"],
                start="2023年3月",
                did="开展智能装备研发攻关竞赛和科技服务之星评比，研制智能调控装备5种，深入基层开展技术服务120余次。",
                next="加快装备熟化和标准制定，建设省级示范基地3个，培养基层农技骨干200人。",
                # Not a near copy: two sentences of the 班组's own case, repeated in its own form (one unit).
                team="竞赛中，班组联合企业开展温室环境感知与智能调控技术攻关，研发水肥一体化智能装备。装备在全省推广应用"
                "1.8万亩，节水30%、节肥25%，每亩增收约1200元，累计新增经济效益2.1亿元。杨光同志带领4对师徒常驻"
                "宿迁、盐城示范基地，手把手指导种植户使用新装备。",
                case_title="温室环境智能调控装备研发与应用",
                bg="我省设施园艺面积大，温室环境调控多依赖人工经验，水肥利用率低，劳动强度大。",
                do="班组联合企业开展温室环境感知与智能调控技术攻关，研发水肥一体化智能装备；在示范基地开展长期试验，根"
                "据种植户反馈持续改进；举办技术培训班，培养基层农技人员。",
                res="研制智能调控装备5种，获授权发明专利8项、软件著作权4项；制定地方标准2项；成果获江苏省农业技术推广奖"
                "一等奖。",
                ben="装备在全省推广应用1.8万亩，节水30%、节肥25%，每亩增收约1200元，累计新增经济效益2.1亿元。",
                form_style=dict(),
                case_style=dict(headings="cn", title_line=True),
            ),
            dict(
                name="绿色防控技术推广服务班组", org="江苏省农业科学院植物保护研究所",
                counts=(9, 6, 4, 8, 0), age=40.7, leader=("陈晓东", "中共党员"), mentor=3, studio=0, master=0,
                flags=(False, True, False, True),
                honours=["2023年江苏省青年文明号", "2022年江苏省农业科技服务先进集体"],
                start="2023年4月",
                did="开展科技服务进田间竞赛和病虫害测报技能比武，建立示范基地26个，发布病虫害预警信息180余期。",
                next="构建水稻病虫害智能测报网络，扩大绿色防控技术覆盖面，每年培训种植户5000人次以上。",
                team="班组坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神，大力弘扬劳模精神、"
                "劳动精神、工匠精神，充分发挥劳模示范引领作用。陈晓东同志带领3对师徒在苏北、苏中设立病虫害观测点42个，"
                "每周发布1期测报简报，联合各地植保站举办“植保技术下乡”活动，竞赛工作取得了显著成效，形成了可复制、"
                "可推广的经验做法，得到了广泛好评，为高质量发展提供了有力保障。",
                case_title="水稻病虫害绿色防控技术集成推广",
                bg="水稻病虫害发生频繁，农户过度依赖化学农药，带来农药残留和环境污染问题。",
                do="班组集成生物防治、理化诱控和精准施药技术，建立核心示范区；组建科技服务小分队，深入田间开展技术指导；"
                "利用线上平台发布病虫害预警信息。",
                res="集成绿色防控技术模式3套，获授权发明专利5项；建立示范基地26个，发布预警信息180余期。",
                ben="示范区化学农药使用量减少35%，每亩节本增效约150元；技术累计推广应用420万亩，培训农技人员和种植户1.5"
                "万人次。",
                case_as="tif",  # scanned to TIFF
                form_style=dict(),
                case_style=dict(headings="table", title_line=True),
            ),
        ],
    ),
    # 6 ---------------------------------------------------------------------------------------------
    dict(
        name="无锡市教育工会", container="无锡市教育工会", kind="folder",
        contact="钱佳慧", phone="0510-81823367", author="qjh",
        form_header="one_line_ascii", fujian=False,
        summary=dict(fmt="docx", fujian=False, pad_to=4, omit=["工业机器人应用实训班组"]),
        junk=True,
        banzu=[
            dict(
                name="生物学科创新实验班组", org="无锡市第一中学",
                counts=(9, None, 6, 7, 0), age=38, leader=("蒋红", "中共党员"), mentor=3, studio=0, master=1,
                flags=(False, True, False, True),
                honours=["2023年无锡市优秀教研组", "2022年江苏省青少年科技教育先进集体"],
                start="2023年3月",
                did="开展探究实验设计赛、学生课题指导评比和生态园课程开发竞赛，指导学生完成课题研究65项。",
                next="深化与高校共建实验室，开发长周期探究课程，每年组织区域生物学科开放活动2次。",
                team="班组依托学校生态园和数字化生物实验室，蒋红老师带领3对师徒开设“校园植物志”“水质微生物检测”等长周期课"
                "程；班组每年承办无锡市生物学科青年教师实验技能展示活动，累计开设观摩课15节。",
                case_title="校园生态园里的生物探究课程",
                bg="生物学科实验以验证性实验为主，学生自主探究机会少，校园生态资源没有得到充分利用。",
                do="班组利用校园生态园开发探究课程，设计植物生长观察、微生物检测等长周期项目；指导学生组建科研小组，开展"
                "课题研究；与江南大学等高校共建实验室。",
                res="开发探究课程模块12个，指导学生完成课题研究65项；学生获全国青少年科技创新大赛奖项3项、省级奖项21项。",
                ben="课程每年覆盖学生1100余人，学生选修率达到88%；生态园年接待校外学生研学活动2000余人次。",
                case_as="pdf-cid",  # a PDF whose fonts lack ToUnicode maps: its text layer is garbage
                form_style=dict(checkbox="√□"),
                case_style=dict(headings="num", title_line=True),
            ),
            dict(
                name="工业机器人应用实训班组", org="无锡机电高等职业技术学校",
                counts=(10, 6, 2, 4, 8), age=39.4, leader=("华建新", "中共党员"), mentor=6, studio=1, master=0,
                flags=(True, False, True, False),
                honours=["2023年无锡市工人先锋号", "2022年江苏省职业学校技能大赛优秀指导团队"],
                start="2023年3月",
                did="开展工作站研制攻关、技能大赛集训和校企联合技术比武，研制模块化实训工作站20台，获国赛一等奖1项。",
                next="推进工业机器人实训基地数字化升级，与企业共建产业学院，开展面向社会的技能培训。",
                team="班组坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神，大力弘扬劳模精神、"
                "劳动精神、工匠精神，充分发挥劳模示范引领作用。华建新同志领衔的劳模创新工作室与无锡3家智能装备企业共建实"
                "训工位，6对师徒利用周末开展工作站装配调试训练，竞赛工作取得了显著成效，形成了可复制、可推广的经验做法，"
                "得到了广泛好评，为高质量发展提供了有力保障。",
                case_title="工业机器人实训工作站自主研制",
                bg="工业机器人专业实训工位不足，成品工作站价格高、功能单一，难以满足教学需要。",
                do="班组自主设计模块化实训工作站，可完成搬运、码垛、视觉分拣等多种任务；与企业合作开发实训项目；组织学生"
                "参与工作站装配调试。",
                res="研制模块化工作站20台，获实用新型专利6项；指导学生获全国职业院校技能大赛一等奖1项、二等奖2项。",
                ben="与采购成品设备相比节约经费约160万元，实训工位增加1倍；为企业培训技术人员320人次。",
                case_as="docx-padded",  # DEFECT: over the notice's 50 MB upload limit
                form_style=dict(checkbox="√□"),
                case_style=dict(headings="cn", title_line=True, titles={"效益": "成效影响"}),
            ),
            dict(
                **_JIANGNAN_FERMENT,
                form_style=dict(checkbox="√□"),
                case_style=dict(headings="cn", title_line=True),
            ),
        ],
    ),
    # 7 ---------------------------------------------------------------------------------------------
    dict(
        name="江南大学工会", container="江南大学工会", kind="folder",
        contact="许文博", phone="0510-85913022", author="xwb",
        form_header="three", fujian=False,
        summary=dict(fmt="docx", fujian=False, pad_to=0, omit=[]),
        banzu=[
            dict(
                **_JIANGNAN_FERMENT,
                case_as="docm",  # saved as a macro-enabled document
                form_style=dict(),
                case_style=dict(headings="cn", title_line=True),
            ),
            dict(
                name="物联网工程学院智能感知实验班组", org="江南大学",
                counts=(11, 7, 3, 10, 1), age=36.5, leader=("周毅", "中共党员"), mentor=4, studio=0, master=0,
                flags=(False, True, False, True),
                honours=["2023年无锡市青年文明号"],
                start="2023年4月",
                did="开展实验平台开发竞赛和学生创新项目指导评比，建设开放实验项目14个，指导学生获省级以上竞赛奖项"
                "32项。",
                next="建设智能感知开放实验平台二期，面向地方企业开展技术服务，每年新增校企合作项目3项以上。",
                team="班组坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神，大力弘扬劳模精神、"
                "劳动精神、工匠精神，充分发挥劳模示范引领作用。周毅同志牵头制定实验设备共享管理办法，4对师徒轮流值守开放"
                "实验室，晚上和周末为学生创新团队提供技术支持，竞赛工作取得了显著成效，形成了可复制、可推广的经验做法，"
                "得到了广泛好评，为高质量发展提供了有力保障。",
                case_title="智能感知实验平台开放共享",
                bg="物联网实验教学需要大量传感器和嵌入式设备，设备分散在各课题组，学生使用不便，利用率不高。",
                do="班组整合各课题组设备建设开放实验平台，推行线上预约和分时共享；开发模块化实验套件，编写开放实验指导书。",
                res="建成开放实验项目14个，开发模块化实验套件30套；获授权发明专利3项，指导学生获省级以上竞赛奖项32项。",
                ben="设备利用率提高55%，每年节约设备购置经费约70万元；平台年服务学生2600余人次。",
                truncated_case=True,  # DEFECT: its 附件2 is the first 1500 bytes of a real docx
                form_style=dict(),
                case_style=dict(headings="num", title_line=True),
            ),
        ],
    ),
]

# --------------------------------------------------------------------------------------------------
# Normalised data (BANZU_UNITS) built from the specs above


def _competition_text(spec: dict[str, Any]) -> str:
    """竞赛情况: an opening (one of three stock openings, picked by name) with what the 班组 did, its own
    paragraph about the team (``team``: its people, figures and activities, so no two 班组 of different units
    read alike), and its plans."""
    if "competition" in spec:
        return spec["competition"]
    variant = sum(map(ord, spec["name"])) % 3  # stable, so a 班组 submitted twice reads the same
    openings = (
        f"{spec['start']}以来，班组以{THEME}为抓手，",
        f"班组自{spec['start']}起组织开展{THEME}，",
        f"{spec['start']}，班组全员参与{THEME}，",
    )
    return "\n".join([
        openings[variant] + spec["did"],
        spec["team"],
        "下一步，班组将对标“工人先锋号”和“五好”创新型班组要求，" + spec["next"],
    ])


def _file_names(bz_name: str) -> tuple[str, str]:
    return f"附件1-基本情况表-{bz_name}", f"附件2-创新案例-{bz_name}"


# How a 班组's 附件1/附件2 was delivered (``form_as``/``case_as``) -> the file's extension. docx: python-docx;
# docm: the same package declared macro-enabled; doc: LibreOffice "MS Word 97"; wps: those Word 97 bytes under
# WPS Office's extension; rtf/odt: LibreOffice; pdf: LibreOffice's export; pdf-scan: that PDF printed and
# scanned (an image-only PDF); pdf-mixed: the typed PDF plus one scanned page (``case_appendix``); pdf-cid:
# the typed PDF with its fonts' ToUnicode maps unlinked; jpg: photographed with a phone; png: a clean scan;
# tif: a scan saved as TIFF; docx-padded: the docx grown past 51 MB by an unreferenced media part.
FORMAT_EXT = {
    "docx": ".docx", "docm": ".docm", "doc": ".doc", "wps": ".wps", "rtf": ".rtf", "odt": ".odt",
    "pdf": ".pdf", "pdf-scan": ".pdf", "pdf-mixed": ".pdf", "pdf-cid": ".pdf",
    "jpg": ".jpg", "png": ".png", "tif": ".tif", "docx-padded": ".docx",
}  # fmt: skip
OCR_FORMATS = frozenset({"pdf-scan", "pdf-mixed", "pdf-cid", "jpg", "png", "tif"})  # read by OCR
PADDED_BYTES = 51 * 1024 * 1024

# 南京市教育工会/补充材料/: one file of every broken or hostile kind. (name, how it is made, codes of the
# findings it must get). The archive members are listed as "<archive>/<member>".
SUPPLEMENT_FILES: list[tuple[str, str, tuple[str, ...]]] = [
    ("补充说明.docx", "0 字节（上传中断）", ("file.unreadable",)),
    ("获奖证书.pdf", "LibreOffice 导出的 PDF 只剩前一半（传输中断）", ("file.unreadable",)),
    ("活动照片.docx", "一张拍有横幅标语的 JPEG 照片，扩展名却是 .docx",
     ("file.unrecognised", "file.wrong_extension", "file.scanned")),
    ("成果清单.docx", "设置了打开密码的 Word 文档（msoffcrypto-tool 加密，密码 secret）", ("file.unreadable",)),
    ("专利证书.pdf", "设置了打开密码的 PDF（LibreOffice 导出时加密，密码 secret）", ("file.unreadable",)),
    ("班组简介.docx", "document.xml 中含 XML 实体炸弹（“billion laughs”）", ("file.unreadable",)),
    ("工作总结.pdf", "PDF 的页面树自己引用自己（对象图成环）", ("file.unrecognised",)),
    (".DS_Store", "苹果电脑的文件夹显示设置文件", ("file.junk",)),
    ("压缩包.zip/../../推荐表.docx", "成员名含 ../，解压会写到文件夹之外（路径穿越）", ("file.unreadable",)),
    ("压缩包.zip/附件材料.docx", "20 MB 的 0 字节压成约 20 KB（压缩炸弹）", ("file.unreadable",)),
    ("压缩包.zip/推荐表（加密）.docx", "加了密码的压缩包成员", ("file.unreadable",)),
    ("证明材料.7z", "7z 压缩包连文件列表一起加密（密码 secret）", ("file.unreadable",)),
]  # fmt: skip


def _build_units() -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    for us in _UNIT_SPECS:
        root = f"{us['container']}/{us['name']}" if us["kind"] == "zip" else us["container"]
        case_root = f"{root}/{us['case_dir']}" if us.get("case_dir") else root
        unit: dict[str, Any] = {
            "推荐单位": us["name"],
            "联系人": us["contact"],
            "电话": us["phone"],
            "container": us["container"],  # folder name, or archive file name
            "kind": us["kind"],  # "folder" | "zip" | "7z"
            "root": root,  # inbox-relative prefix of the unit's files
            "banzu": [],
            "not_received": [],
            "junk": [],
            "supplement": [],
        }
        for s in us["banzu"]:
            s = copy.deepcopy(s)
            if s.get("long_case"):
                s.update(bg=_LONG_CASE["背景"], do=_LONG_CASE["做法"], res=_LONG_CASE["成果"], ben=_LONG_CASE["效益"])
            total, party, women, grad, skilled = s["counts"]
            p_branch, p_group, u_branch, u_group = s["flags"]
            fields = {
                "推荐单位": us["name"],
                "联系人": us["contact"],
                "电话": us["phone"],
                "班组名称": s["name"],
                "所在单位": s["org"],
                "班组总人数": total,
                "党员人数": party,
                "女职工人数": women,
                "研究生及以上学历人数": grad,
                "高技能人才人数": skilled,
                "平均年龄": s["age"],
                "班组负责人姓名": s["leader"][0],
                "班组负责人政治面貌": s["leader"][1],
                "师徒结对": s["mentor"],
                "劳模工匠创新工作室": s["studio"],
                "名师工作室": s["master"],
                "党支部": p_branch,
                "党小组": p_group,
                "分工会": u_branch,
                "工会小组": u_group,
                "荣誉": list(s["honours"]),
                "竞赛情况": _competition_text(s),
            }
            assert tuple(fields) == FORM_FIELD_KEYS
            case = {"案例名称": s["case_title"], "背景": s["bg"], "做法": s["do"], "成果": s["res"], "效益": s["ben"]}
            appendix = s.get("case_appendix", "")
            if appendix:  # the appended page's text reads as the end of the last section
                last = [k for k in SECTION_KEYS if case[k]][-1]
                case[last] += "\n" + appendix
            form_name, case_name = _file_names(s["name"])
            form_as, case_as = s.get("form_as", "docx"), s.get("case_as", "docx")
            unit["banzu"].append({
                "fields": fields,
                "case": case,
                "form_path": f"{root}/{form_name}{FORMAT_EXT[form_as]}",
                "case_path": f"{case_root}/{case_name}{FORMAT_EXT[case_as]}",
                "form_format": form_as,
                "case_format": case_as,
                "case_appendix": appendix,
                "case_readable": not s.get("truncated_case"),
                "case_chars": sum(word_count(case[k]) for k in SECTION_KEYS if case[k]),
                "competition_chars": word_count(fields["竞赛情况"]),
                "form_style": dict(s["form_style"]),
                "case_style": dict(s["case_style"]),
            })
        for nr in us.get("not_received", []):
            unit["not_received"].append({"班组名称": nr["name"], "所在单位": nr["org"], "案例名称": nr["case_title"]})
        sm = us["summary"]
        ext = ".xlsx" if sm["fmt"] == "xlsx" else ".docx"
        listed = [b["fields"]["班组名称"] for b in unit["banzu"] if b["fields"]["班组名称"] not in sm["omit"]]
        listed += [nr["班组名称"] for nr in unit["not_received"]]
        unit["summary"] = {
            "path": f"{root}/附件3-推荐汇总表{ext}",
            "format": sm["fmt"],
            "listed": listed,
            "style": {k: v for k, v in sm.items() if k not in ("fmt", "omit")},
        }
        if us.get("junk"):
            unit["junk"] = [f"{root}/~$基本情况表.docx", f"{root}/Thumbs.db"]
        if us.get("macosx"):
            unit["junk"].append(f"{us['container']}/__MACOSX/{us['name']}/._附件3-推荐汇总表.docx")
        if us.get("supplement"):
            folder = f"{root}/{us['supplement']}"
            unit["supplement"] = [
                {"path": f"{folder}/{name}", "说明": what, "codes": list(codes)} for name, what, codes in SUPPLEMENT_FILES
            ]
        unit["_spec"] = {k: us[k] for k in ("author", "form_header", "fujian")}
        units.append(unit)
    return units


BANZU_UNITS: list[dict[str, Any]] = _build_units()


def _unit(name: str) -> dict[str, Any]:
    return next(u for u in BANZU_UNITS if u["推荐单位"] == name)


def _bz(unit: str, name: str) -> dict[str, Any]:
    return next(b for b in _unit(unit)["banzu"] if b["fields"]["班组名称"] == name)


def _case_text(bz: dict[str, Any]) -> str:
    """A case write-up as the near-copy check compares it: its section bodies, one per line."""
    return "\n".join(bz["case"][k] for k in SECTION_KEYS if bz["case"][k])


def _near_copy_plants() -> list[dict[str, Any]]:
    """The texts planted for duplicate.near_copy: one light paraphrase across units (a finding) and two pairs
    that must not be one although, compared on their own, they are as similar as a copy: a 班组 repeating its
    own case in its form (one unit), and two cases of the same field written with the same set phrases
    (which occur in the texts of six of the seven units, so the check discounts them)."""
    copy_src, copy = _bz("南京市教育工会", "智能制造实训班组"), _bz("苏州市教育工会", "数控加工技术实训班组")
    repeat = _bz("江苏省农业科学院工会", "设施园艺智能装备研发班组")
    neg_a, neg_b = _bz("南京市教育工会", "校园能源与设施运维班组"), _bz("东南大学工会", "九龙湖校区能源管理班组")
    return [
        {"plant": "light_paraphrase", "flagged": True, "units": ("南京市教育工会", "苏州市教育工会"),
         "paths": (copy_src["case_path"], copy["case_path"]), "texts": (_case_text(copy_src), _case_text(copy))},
        {"plant": "same_unit", "flagged": False, "units": ("江苏省农业科学院工会",) * 2,
         "paths": (repeat["form_path"], repeat["case_path"]),
         "texts": (repeat["fields"]["竞赛情况"], _case_text(repeat))},
        {"plant": "hard_negative", "flagged": False, "units": ("南京市教育工会", "东南大学工会"),
         "paths": (neg_a["case_path"], neg_b["case_path"]), "texts": (_case_text(neg_a), _case_text(neg_b))},
    ]


NEAR_COPY_PLANTS: list[dict[str, Any]] = _near_copy_plants()


def _finding(code: str, unit: str, paths: list[str], field: str = "", actual: Any = None,
             limit: Any = None, subject: str = "") -> dict[str, Any]:
    return {"code": code, "unit": unit, "paths": sorted(paths), "field": field,
            "actual": actual, "limit": limit, "subject": subject}


def _build_expected() -> list[dict[str, Any]]:
    nj_long = _bz("南京市教育工会", "物理创新实验教研组")
    sz = _unit("苏州市教育工会")
    nju_b = _bz("南京大学工会", "校园网络运维保障班组")
    seu_x = _bz("东南大学工会", "工程训练中心智能制造实训班组")
    seu_y = _bz("东南大学工会", "九龙湖校区能源管理班组")
    seu_z = _bz("东南大学工会", "微纳加工工艺实验室班组")
    jaas = _unit("江苏省农业科学院工会")
    wx = _unit("无锡市教育工会")
    wx_bio = _bz("无锡市教育工会", "生物学科创新实验班组")
    wx_robot = _bz("无锡市教育工会", "工业机器人应用实训班组")
    wx_ferm = _bz("无锡市教育工会", "食品学院发酵工程实验教学班组")
    jn_ferm = _bz("江南大学工会", "食品学院发酵工程实验教学班组")
    jn_iot = _bz("江南大学工会", "物联网工程学院智能感知实验班组")
    return [
        _finding("length.over", "南京市教育工会", [nj_long["case_path"]], "字数",
                 nj_long["case_chars"], CASE_LIMIT, "物理创新实验教研组"),
        _finding("quota.exceeded", "苏州市教育工会", [b["form_path"] for b in sz["banzu"]], "",
                 len(sz["banzu"]), QUOTA_CITY_MAX),
        _finding("length.over", "南京大学工会", [nju_b["form_path"]], "竞赛情况",
                 nju_b["competition_chars"], COMPETITION_LIMIT, "校园网络运维保障班组"),
        _finding("section.missing", "东南大学工会", [seu_x["case_path"]], "效益",
                 subject="工程训练中心智能制造实训班组"),
        _finding("evidence.no_numbers", "东南大学工会", [seu_y["case_path"]], "成果",
                 subject="九龙湖校区能源管理班组"),
        _finding("honors.too_many", "东南大学工会", [seu_z["form_path"]], "荣誉",
                 len(seu_z["fields"]["荣誉"]), HONOURS_LIMIT, "微纳加工工艺实验室班组"),
        _finding("summary.not_received", "江苏省农业科学院工会", [jaas["summary"]["path"]], "班组名称",
                 subject=jaas["not_received"][0]["班组名称"]),
        _finding("field.missing", "无锡市教育工会", [wx_bio["form_path"]], "党员人数",
                 subject="生物学科创新实验班组"),
        _finding("summary.not_listed", "无锡市教育工会", [wx_robot["form_path"]], "班组名称",
                 subject="工业机器人应用实训班组"),
        _finding("file.junk", "无锡市教育工会", [wx["junk"][0]]),
        _finding("file.junk", "无锡市教育工会", [wx["junk"][1]]),
        # A cross-unit finding names every unit involved, in path order.
        _finding("duplicate.submission", "无锡市教育工会、江南大学工会", [wx_ferm["form_path"], jn_ferm["form_path"]],
                 "班组名称", 2, subject="食品学院发酵工程实验教学班组"),
        _finding("file.unreadable", "江南大学工会", [jn_iot["case_path"]]),
        _finding("material.missing", "江南大学工会", [jn_iot["form_path"]], "",
                 subject="物联网工程学院智能感知实验班组"),
        # Real-world deliveries: the unit's office re-zipped on a Mac, a case over the upload limit.
        _finding("file.junk", "苏州市教育工会", [sz["junk"][0]]),
        # 51 MB of padding plus a docx of some tens of KB: 51.0 MB to one decimal
        _finding("file.too_large", "无锡市教育工会", [wx_robot["case_path"]], "",
                 round(PADDED_BYTES / 1024 / 1024, 1), UPLOAD_LIMIT_MB, "工业机器人应用实训班组"),
        # A case lightly reworded from another unit's: reported once, on both files and both units (in path
        # order); the measured similarity is a number in NEAR_COPY_SIMILARITY.
        _near_copy_finding(next(p for p in NEAR_COPY_PLANTS if p["flagged"])),
        # Not a defect of the submission: the detector passes over a line of this clean scan's 竞赛情况 and reads a
        # smudge of punctuation where it is (score 0.57); the line is read on a second look, but the field keeps the
        # doubt, so the OCR reader marks it for checking.
        _finding("field.low_confidence", "东南大学工会", [seu_x["form_path"]], "竞赛情况", OCR_DOUBT,
                 OCR_MIN_CONFIDENCE, "工程训练中心智能制造实训班组"),
        *_scan_findings(),
        *_supplement_findings(),
    ]


def _near_copy_finding(plant: dict[str, Any]) -> dict[str, Any]:
    (path_a, unit_a), (path_b, unit_b) = sorted(zip(plant["paths"], plant["units"], strict=True))
    subject = next(b["fields"]["班组名称"] for u in BANZU_UNITS for b in u["banzu"] if path_a == b["case_path"])
    return _finding("duplicate.near_copy", f"{unit_a}、{unit_b}", [path_a, path_b], NEAR_COPY_LABEL,
                    NEAR_COPY_SIMILARITY, NEAR_COPY_THRESHOLD, subject)


def _scan_findings() -> list[dict[str, Any]]:
    """Every scanned or photographed 附件 is read by OCR and gets file.scanned (info) with its measured
    mean confidence; the data cannot know the number, so ``actual`` is the range it must fall in."""
    out = []
    for u in BANZU_UNITS:
        for b in u["banzu"]:
            for fmt, path in ((b["form_format"], b["form_path"]), (b["case_format"], b["case_path"])):
                if fmt in OCR_FORMATS:
                    out.append(_finding("file.scanned", u["推荐单位"], [path], "", SCAN_CONFIDENCE,
                                        subject=b["fields"]["班组名称"]))
    return out


def _supplement_findings() -> list[dict[str, Any]]:
    out = []
    for u in BANZU_UNITS:
        for f in u["supplement"]:
            for code in f["codes"]:
                actual = {"file.wrong_extension": PurePosixPath(f["path"]).suffix,
                          "file.scanned": SCAN_CONFIDENCE}.get(code)  # fmt: skip
                out.append(_finding(code, u["推荐单位"], [f["path"]], "", actual))
    return out


EXPECTED_BANZU: list[dict[str, Any]] = _build_expected()

# --------------------------------------------------------------------------------------------------
# The registry fixture: last year's 命名名单 (samples/named_list.py writes it as .xlsx)

NAMED_YEAR = 2023
NAMED_LIST_TITLE = "2023年度江苏省教育科技系统创新型班组命名名单"
# (名称, 所在单位, 负责人). One row is a 班组 of the inbox, written with its unit in front of the name; two
# near misses carry the name of an inbox 班组 but belong to another school; the rest are unrelated.
NAMED_LIST_BANZU: list[tuple[str, str, str]] = [
    ("后勤保障服务班组", "扬州大学", "陈静"),
    ("南京市金陵中学信息科技教研组", "南京市金陵中学", "李卫东"),  # = 南京市教育工会's 信息科技教研组
    ("电气自动化实训班组", "常州机电职业技术学院", "刘强"),
    ("信息科技教研组", "南京市第十三中学", "王海涛"),  # near miss: the same name, another school
    ("分析测试中心仪器共享班组", "河海大学", "张伟"),
    ("数控加工技术实训班组", "苏州高级技工学校", "吴建华"),  # near miss: the same name, another school
    ("园林绿化养护班组", "南京林业大学", "孙丽"),
]


def _build_expected_registry() -> list[dict[str, Any]]:
    """What a run adds once the 命名名单 is in the registry (``huishen registry import``)."""
    named = _bz("南京市教育工会", "信息科技教研组")
    return [_finding("registry.already_named", "南京市教育工会", [named["form_path"]], "班组名称", NAMED_YEAR,
                     subject="信息科技教研组")]


EXPECTED_BANZU_REGISTRY: list[dict[str, Any]] = _build_expected_registry()

_NUMERAL_RE = re.compile(r"[0-9０-９%％一二三四五六七八九十百千万亿两零〇]")


def _self_check() -> None:
    """The data must plant exactly the defects listed in EXPECTED_BANZU and nothing else."""
    long_case = _bz("南京市教育工会", "物理创新实验教研组")
    assert long_case["case_chars"] == LONG_CASE_CHARS, long_case["case_chars"]
    assert 650 <= LONG_CASE_CHARS <= 720
    nju_b = _bz("南京大学工会", "校园网络运维保障班组")
    assert nju_b["competition_chars"] == LONG_COMPETITION_CHARS, nju_b["competition_chars"]
    assert 1050 <= LONG_COMPETITION_CHARS <= 1120
    # The planted counts do not depend on how “”—… are classified.
    for text in [*(_LONG_CASE[k] for k in SECTION_KEYS), _LONG_COMPETITION]:
        assert word_count(text) == word_count(text, broad=False)
    seen: set[tuple[str, str]] = set()
    for u in BANZU_UNITS:
        for b in u["banzu"]:
            f, c, name = b["fields"], b["case"], b["fields"]["班组名称"]
            if (u["推荐单位"], name) != ("南京市教育工会", "物理创新实验教研组"):
                assert b["case_chars"] <= 580, (name, b["case_chars"])
            if name != "校园网络运维保障班组":
                assert b["competition_chars"] <= 950, (name, b["competition_chars"])
            if name != "微纳加工工艺实验室班组":
                assert len(f["荣誉"]) <= HONOURS_LIMIT
            for h in f["荣誉"]:
                assert "；" not in h and "\n" not in h
            for k in FORM_FIELD_KEYS:
                if (name, k) != ("生物学科创新实验班组", "党员人数"):
                    assert f[k] not in (None, ""), (name, k)
            if f["党员人数"] is not None:
                assert f["党员人数"] <= f["班组总人数"] and f["女职工人数"] <= f["班组总人数"]
            for k in SECTION_KEYS:
                if (name, k) == ("工程训练中心智能制造实训班组", "效益"):
                    assert c[k] is None
                    continue
                assert c[k], (name, k)
                if k in ("成果", "效益"):
                    if (name, k) == ("九龙湖校区能源管理班组", "成果"):
                        assert not _NUMERAL_RE.search(c[k]), c[k]
                    else:
                        assert re.search(r"\d", c[k]), (name, k)
            seen.add((name, f["所在单位"]))
        expected_rows = [b["fields"]["班组名称"] for b in u["banzu"]] + [n["班组名称"] for n in u["not_received"]]
        assert set(u["summary"]["listed"]) <= set(expected_rows)
    assert len(EXPECTED_BANZU) == 38
    # The near-copy plants: the copy keeps most of its source, the other two pairs share whole sentences.
    paraphrase, repeat, negative = NEAR_COPY_PLANTS
    assert paraphrase["texts"][0] != paraphrase["texts"][1]
    assert "装备在全省推广应用1.8万亩" in repeat["texts"][0] and "装备在全省推广应用1.8万亩" in repeat["texts"][1]
    for phrase in STOCK_PHRASES:
        assert phrase in negative["texts"][0] and phrase in negative["texts"][1], phrase
        users = {u["推荐单位"] for u in BANZU_UNITS for b in u["banzu"]
                 if phrase in b["fields"]["竞赛情况"] or b["case_readable"] and phrase in _case_text(b)}
        assert len(users) >= 6, (phrase, users)  # stock for the check: in the texts of ≥ 5 units


_self_check()

# --------------------------------------------------------------------------------------------------
# docx helpers

_BODY_FONT = "宋体"
_TITLE_FONT = "方正小标宋简体"
_HEAD_FONT = "黑体"


def _set_run_font(run, *, size: float | None = None, bold: bool = False, east: str = _BODY_FONT) -> None:
    if size:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east)


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _format_para(p, *, align: str = "left", indent: bool = False, size: float = 12) -> None:
    pf = p.paragraph_format
    pf.alignment = _ALIGN[align]
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if indent:
        pf.first_line_indent = Pt(size * 2)


def _para(container, text: str, *, align: str = "left", bold: bool = False, size: float = 12,
          east: str = _BODY_FONT, indent: bool = False, space_after: float = 0):
    p = container.add_paragraph()
    _format_para(p, align=align, indent=indent, size=size)
    if space_after:
        p.paragraph_format.space_after = Pt(space_after)
    if text:
        _set_run_font(p.add_run(text), size=size, bold=bold, east=east)
    return p


def _new_doc(author: str):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.0), Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), _BODY_FONT)
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.created = FIXED_DT
    cp.modified = FIXED_DT
    cp.last_printed = FIXED_DT
    cp.revision = 3
    cp.title = ""
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    return doc


def _fill_cell(cell, lines: list[str], *, align: str = "center", bold: bool = False, size: float = 10.5,
               indent: bool = False) -> None:
    """Write ``lines`` as paragraphs into ``cell`` (a "\\n" inside a line becomes a line break)."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for i, line in enumerate(lines or [""]):
        p = first if i == 0 else cell.add_paragraph()
        _format_para(p, align=align, indent=indent, size=size)
        if line:
            _set_run_font(p.add_run(line), size=size, bold=bold)


def _set_widths(table, widths_cm: tuple[float, ...]) -> None:
    """Fixed column widths, on the grid (what LibreOffice reads) and on every cell (what Word reads)."""
    table.autofit = False
    for i, col in enumerate(table.columns):
        col.width = Cm(widths_cm[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[i])


def _add_wingdings(paragraph, char: str, size: float = 10.5) -> None:
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:ascii"), "Wingdings")
    fonts.set(qn("w:hAnsi"), "Wingdings")
    rpr.append(fonts)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    r.append(rpr)
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Wingdings")
    sym.set(qn("w:char"), char)
    r.append(sym)
    paragraph._p.append(r)


def _add_sdt(paragraph, text: str, alias: str, sdt_id: int, size: float = 10.5) -> None:
    xml = (
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{alias}"/>'
        f'<w:id w:val="{sdt_id}"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:rPr>'
        f'<w:rFonts w:eastAsia="{_BODY_FONT}"/><w:sz w:val="{int(size * 2)}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:sdtContent></w:sdt>'
    )
    paragraph._p.append(parse_xml(xml))


def _docx_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_ooxml(buf.getvalue())


_CORE_DATE_RE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _normalise_ooxml(data: bytes, when: dt.datetime = FIXED_DT, zip_dt: tuple[int, ...] = ZIP_DT) -> bytes:
    """Rewrite an OOXML package with fixed zip timestamps and fixed core-property dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATE_RE.sub(rb"\g<1>" + stamp + rb"\g<2>", blob)
            zi = zipfile.ZipInfo(info.filename, date_time=zip_dt)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            dst.writestr(zi, blob)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# 附件1 基本情况表

# Grid columns (cm); 9 columns so that the template's merged cells line up.
_FORM_WIDTHS = (1.3, 2.2, 1.5, 1.5, 2.0, 1.5, 1.5, 1.6, 1.7)
_CHECKBOX = {
    "☑☐": ("☑", "☐"),
    "☑□": ("☑", "□"),
    "■□": ("■", "□"),
    "√□": ("√", "□"),
}
_CN_DIGITS = "零一二三四五六七八九十"


def _space_label(label: str) -> str:
    compact = label.replace("\n", "")
    return "　".join(compact) if len(compact) <= 5 else label


def _num_text(v: Any, unit: str, style: dict[str, Any]) -> str:
    if v is None:
        return ""
    s = f"{v:g}" if isinstance(v, float) else str(v)
    return s + unit if style.get("with_units") and unit else s


def _form_docx(unit: dict[str, Any], bz: dict[str, Any], sdt_id: int) -> bytes:
    f, st, us = bz["fields"], bz["form_style"], unit["_spec"]
    doc = _new_doc(us["author"])
    if us["fujian"]:
        _para(doc, "附件1", size=14, east=_HEAD_FONT)
    _para(doc, "创新型班组重点培育对象基本情况表", align="center", bold=True, size=18, east=_TITLE_FONT,
          space_after=12)
    _para(doc, f"推荐单位工会：{f['推荐单位']}（盖章）", size=12)
    if us["form_header"] == "one_line_fullwidth":
        _para(doc, f"联系人：{f['联系人']}　　　　电话：{f['电话']}", size=12, space_after=6)
    elif us["form_header"] == "one_line_ascii":
        _para(doc, f"联系人：{f['联系人']}        电话：{f['电话']}", size=12, space_after=6)
    else:
        _para(doc, f"联系人：{f['联系人']}", size=12)
        _para(doc, f"电话：{f['电话']}", size=12, space_after=6)

    lab = _space_label if st.get("spaced") else (lambda s: s)
    cb_style = st.get("checkbox", "☑☐")

    def num(key: str, unit_suffix: str = "") -> str:
        return _num_text(f[key], unit_suffix, st)

    mentor = _CN_DIGITS[f["师徒结对"]] if st.get("cn_mentor") else num("师徒结对", "对")
    honours = f["荣誉"]
    honour_lines = ["；".join(honours)] if st.get("honours") == "semicolon" else list(honours)
    competition = ([COMPETITION_PROMPT] if st.get("prompt") else []) + f["竞赛情况"].split("\n")

    # (row, col, rowspan, colspan, kind, payload); kind: L label, V value, C checkbox, N 班组名称 value,
    # H honours, T long text.
    name_label = lab("班组名称")
    if st.get("value_in_label"):
        name_label, name_value = f"班组名称：{f['班组名称']}", ""
    else:
        name_value = f["班组名称"]
    layout = [
        (0, 0, 1, 2, "L", name_label), (0, 2, 1, 3, "N", name_value),
        (0, 5, 1, 2, "L", lab("所在单位")), (0, 7, 1, 2, "V", f["所在单位"]),
        (1, 0, 7, 1, "L", "班组\n基本\n情况"),
        (1, 1, 1, 2, "L", lab("班组总人数")), (1, 3, 1, 1, "V", num("班组总人数", "人")),
        (1, 4, 1, 2, "L", lab("党员人数")), (1, 6, 1, 1, "V", num("党员人数", "人")),
        (1, 7, 1, 1, "L", lab("女职工人数")), (1, 8, 1, 1, "V", num("女职工人数", "人")),
        (2, 1, 1, 2, "L", "研究生及以上学历人数"), (2, 3, 1, 1, "V", num("研究生及以上学历人数", "人")),
        (2, 4, 1, 2, "L", ["高技能人才人数", "(取得高级工及以上技能等级)"]),
        (2, 6, 1, 1, "V", num("高技能人才人数", "人")),
        (2, 7, 1, 1, "L", lab("平均\n年龄")), (2, 8, 1, 1, "V", num("平均年龄", "岁")),
        (3, 1, 2, 1, "L", lab("班组负责人")), (3, 2, 1, 1, "L", lab("姓名")),
        (3, 3, 1, 2, "V", f["班组负责人姓名"]),
        (3, 5, 2, 2, "L", "师徒结对(对)"), (3, 7, 2, 2, "V", mentor),
        (4, 2, 1, 1, "L", lab("政治面貌")), (4, 3, 1, 2, "V", f["班组负责人政治面貌"]),
        (5, 1, 1, 3, "L", "劳模工匠创新工作室(个)"), (5, 4, 1, 2, "V", num("劳模工匠创新工作室", "个")),
        (5, 6, 1, 2, "L", "名师工作室(个)"), (5, 8, 1, 1, "V", num("名师工作室", "个")),
        (6, 1, 2, 1, "L", "是否成立\n党组织"), (6, 2, 1, 1, "L", lab("党支部")), (6, 3, 1, 1, "C", f["党支部"]),
        (6, 4, 2, 1, "L", "是否成立\n工会组织"), (6, 5, 1, 2, "L", lab("分工会")), (6, 7, 1, 2, "C", f["分工会"]),
        (7, 2, 1, 1, "L", lab("党小组")), (7, 3, 1, 1, "C", f["党小组"]),
        (7, 5, 1, 2, "L", lab("工会小组")), (7, 7, 1, 2, "C", f["工会小组"]),
        (8, 0, 1, 2, "L", ["市级以上集体或个人荣誉", "(不超过5项)"]), (8, 2, 1, 7, "H", honour_lines),
        (9, 0, 1, 2, "L", "班组竞赛情况"), (9, 2, 1, 7, "T", competition),
    ]

    table = doc.add_table(rows=10, cols=9)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, _FORM_WIDTHS)
    for r, row in enumerate(table.rows):
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Cm({8: 2.6, 9: 9.0}.get(r, 0.95))

    for r, c, rs, cs, kind, payload in layout:
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        if kind == "L":
            _fill_cell(cell, payload if isinstance(payload, list) else [payload])
        elif kind == "V":
            _fill_cell(cell, [payload])
        elif kind == "N":
            if st.get("sdt_name") and payload:
                _fill_cell(cell, [""])
                _add_sdt(cell.paragraphs[0], payload, "班组名称", sdt_id)
            else:
                _fill_cell(cell, [payload])
        elif kind == "C":
            if cb_style == "wingdings":
                _fill_cell(cell, [""])
                _add_wingdings(cell.paragraphs[0], "F0FE" if payload else "F0A8")
            else:
                on, off = _CHECKBOX[cb_style]
                _fill_cell(cell, [on if payload else off])
        elif kind == "H":
            _fill_cell(cell, payload, align="left")
        elif kind == "T":
            _fill_cell(cell, payload, align="justify", indent=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    # Word always ends the body with a paragraph after a table (LibreOffice's .doc export drops a table
    # that ends the document); 1 pt, so it never spills onto a second page.
    tail = _para(doc, "")
    tail.paragraph_format.line_spacing = Pt(1)  # exact: the paragraph takes no room
    tail._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="2"/></w:rPr>'))
    return _docx_bytes(doc)


# --------------------------------------------------------------------------------------------------
# 附件2 班组创新案例

_CN_ORDINALS = ("一", "二", "三", "四")


def _heading_text(style: str, i: int, title: str) -> str:
    return {
        "cn": f"{_CN_ORDINALS[i]}、{title}",
        "num": f"{i + 1}.{title}",
        "bracket": f"【{title}】",
    }[style]


def _case_docx(unit: dict[str, Any], bz: dict[str, Any]) -> bytes:
    case, st = dict(bz["case"]), bz["case_style"]
    if bz.get("case_appendix"):  # that line is on a scanned page appended to the PDF, not typed here
        last = [k for k in SECTION_KEYS if case[k]][-1]
        case[last] = case[last].removesuffix("\n" + bz["case_appendix"])
    doc = _new_doc(unit["_spec"]["author"])
    if st.get("title_line"):
        _para(doc, "班组创新案例", align="center", bold=True, size=16, east=_HEAD_FONT, space_after=6)
    _para(doc, case["案例名称"], align="center", bold=True, size=18, east=_TITLE_FONT, space_after=6)
    _para(doc, f"班组名称：{bz['fields']['班组名称']}", align="center", size=14, space_after=12)
    titles = {**SECTION_TITLES, **st.get("titles", {})}
    present = [k for k in SECTION_KEYS if case[k] is not None]
    style = st["headings"]
    if style == "table":
        table = doc.add_table(rows=len(present), cols=2)
        table.style = "Table Grid"
        _set_widths(table, (2.6, 13.2))
        for r, k in enumerate(present):
            _fill_cell(table.cell(r, 0), [titles[k]], bold=True, size=12)
            _fill_cell(table.cell(r, 1), case[k].split("\n"), align="justify", size=12, indent=True)
        return _docx_bytes(doc)
    for i, k in enumerate(present):
        paras = case[k].split("\n")
        if style == "inline":
            p = doc.add_paragraph()
            _format_para(p, align="justify", indent=True)
            _set_run_font(p.add_run(f"{titles[k]}："), size=12, bold=True, east=_HEAD_FONT)
            _set_run_font(p.add_run(paras[0]), size=12)
            paras = paras[1:]
        else:
            _para(doc, _heading_text(style, i, titles[k]), bold=True, size=14, east=_HEAD_FONT)
        for text in paras:
            _para(doc, text, align="justify", size=12, indent=True)
    return _docx_bytes(doc)


# --------------------------------------------------------------------------------------------------
# 附件3 推荐汇总表

_SUMMARY_TITLE = "重点培育对象和班组创新案例推荐汇总表"
_SUMMARY_HEADERS = ("序号", "班组名称", "所在单位", "班组创新案例名称", "备注")


def _summary_rows(unit: dict[str, Any]) -> list[tuple[str, str, str]]:
    by_name = {b["fields"]["班组名称"]: (b["fields"]["所在单位"], b["case"]["案例名称"]) for b in unit["banzu"]}
    by_name.update({n["班组名称"]: (n["所在单位"], n["案例名称"]) for n in unit["not_received"]})
    return [(name, *by_name[name]) for name in unit["summary"]["listed"]]


def _summary_docx(unit: dict[str, Any]) -> bytes:
    st = unit["summary"]["style"]
    doc = _new_doc(unit["_spec"]["author"])
    colon = ":" if st.get("half_colon") else "："
    if st.get("fujian"):
        _para(doc, "附件3", size=14, east=_HEAD_FONT)
    _para(doc, _SUMMARY_TITLE, align="center", bold=True, size=18, east=_TITLE_FONT, space_after=12)
    stamp = "(盖章)" if st.get("half_colon") else "（盖章）"
    _para(doc, f"推荐单位{colon}{unit['推荐单位']}{stamp}")
    _para(doc, f"联系人{colon}{unit['联系人']}")
    _para(doc, f"电话{colon}{unit['电话']}", space_after=6)
    rows = _summary_rows(unit)
    n_rows = max(len(rows), st.get("pad_to", 0))
    table = doc.add_table(rows=1 + n_rows, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, (1.3, 4.4, 4.0, 5.0, 1.6))
    for row in table.rows:
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Cm(1.0)
    for i, h in enumerate(_SUMMARY_HEADERS):
        _fill_cell(table.cell(0, i), [h], bold=True, size=12)
    for r in range(n_rows):
        values = (str(r + 1), *rows[r], "") if r < len(rows) else (str(r + 1), "", "", "", "")
        for i, v in enumerate(values):
            _fill_cell(table.cell(r + 1, i), [v], size=12)
    return _docx_bytes(doc)


def _xlsx_title(ws, row: int, last_col: str, title: str) -> None:
    """A list's title row as the notices set it: merged across the table, 方正小标宋 16 bold, centred, 36 pt."""
    ws.merge_cells(f"A{row}:{last_col}{row}")
    ws[f"A{row}"] = title
    ws[f"A{row}"].font = Font(name="方正小标宋简体", size=16, bold=True)
    ws[f"A{row}"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = 36


def _xlsx_bytes(wb, author: str, when: dt.datetime = FIXED_DT, zip_dt: tuple[int, ...] = ZIP_DT) -> bytes:
    """The workbook's bytes with its author and dates pinned (openpyxl stamps "modified" with now())."""
    wb.properties.creator = wb.properties.lastModifiedBy = author
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_ooxml(buf.getvalue(), when, zip_dt)


def _summary_xlsx(unit: dict[str, Any]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "推荐汇总表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    _xlsx_title(ws, 1, "E", _SUMMARY_TITLE)
    header_lines = [f"推荐单位工会：{unit['推荐单位']}（盖章）", f"联系人：{unit['联系人']}", f"电话：{unit['电话']}"]
    for i, line in enumerate(header_lines, start=2):
        ws.merge_cells(f"A{i}:E{i}")
        ws[f"A{i}"] = line
        ws[f"A{i}"].font = Font(name="宋体", size=12)
    hr = 2 + len(header_lines)
    for c, h in enumerate(_SUMMARY_HEADERS, start=1):
        cell = ws.cell(row=hr, column=c, value=h)
        cell.font = Font(name="黑体", size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border
    for r, row in enumerate(_summary_rows(unit), start=1):
        values = (r, *row, "")
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=hr + r, column=c, value=v)
            cell.font = Font(name="宋体", size=11)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
        ws.row_dimensions[hr + r].height = 30
    for col, width in zip("ABCDE", (6, 28, 34, 40, 10), strict=True):
        ws.column_dimensions[col].width = width
    return _xlsx_bytes(wb, unit["_spec"]["author"])


# --------------------------------------------------------------------------------------------------
# Archives, PDF, office conversions


class _GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is stored as GBK bytes without the UTF-8 flag, as Windows' zip does."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's own name)
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _gbk_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    dirs = sorted({name.rsplit("/", 1)[0] + "/" for name in members if "/" in name})
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for d in dirs:
            zi = _GbkZipInfo(d, date_time=ZIP_DT)
            zi.create_system = 0
            zi.external_attr = 0x10  # MS-DOS directory
            zi.compress_type = zipfile.ZIP_STORED
            zf.writestr(zi, b"")
        for name in sorted(members):
            zi = _GbkZipInfo(name, date_time=ZIP_DT)
            zi.create_system = 0
            zi.external_attr = 0x20  # MS-DOS archive bit
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, members[name])
    return buf.getvalue()


ARCHIVE_EXT = (".zip", ".7z", ".rar")


def _archive(name: str, members: dict[str, bytes]) -> bytes:
    """An archive as a unit's office makes it: .zip from Windows (GBK names), .7z from 7-Zip, .rar with
    stored members (there is no free RAR writer that compresses)."""
    ext = PurePosixPath(name).suffix.lower()
    if ext == ".zip":
        return _gbk_zip(members)
    if ext == ".7z":
        return hostile.seven_zip({n: members[n] for n in sorted(members)})
    return hostile.rar4([(n, members[n], False) for n in sorted(members)])


def pack(files: dict[str, bytes]) -> dict[str, bytes]:
    """Files whose path runs through a segment ending in .zip/.7z/.rar become members of that archive,
    built bottom-up (an archive inside an archive is packed first). Returns the top-level files."""
    out: dict[str, bytes] = {}
    archives: dict[str, dict[str, bytes]] = {}
    for path, data in files.items():
        parts = path.split("/")
        at = next((i for i, seg in enumerate(parts[:-1]) if seg.lower().endswith(ARCHIVE_EXT)), None)
        if at is None:
            out[path] = data
        else:
            archives.setdefault("/".join(parts[: at + 1]), {})["/".join(parts[at + 1 :])] = data
    for name, members in archives.items():
        out[name] = _archive(name, pack(members))
    return out


_ODF_RSID_RE = re.compile(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+')


def _pin_odf(data: bytes) -> bytes:
    """An OpenDocument package with fixed zip timestamps and revision IDs (``mimetype`` stays first)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DT)
            zi.compress_type = info.compress_type
            blob = src.read(info)
            if info.filename == "settings.xml":  # LibreOffice draws a random revision-save ID
                blob = _ODF_RSID_RE.sub(rb"\g<1>1", blob)
            dst.writestr(zi, blob)
    return out.getvalue()


_PDF_EXPORT = "pdf"
_WORD97 = "doc:MS Word 97"
_ENCRYPTED_PDF = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                  '"DocumentOpenPassword":{"type":"string","value":"secret"}}')  # fmt: skip
_PINNERS = {_PDF_EXPORT: scans.pin_pdf, "odt": _pin_odf}


def _convert_all(jobs: dict[str, dict[str, bytes]]) -> dict[str, bytes]:
    """Every LibreOffice conversion of the inbox ({target: {path: docx}}): one call per target, two at a
    time. Each call gets a fresh profile (two calls sharing one fail silently, also across two
    generators running at once; a fresh profile costs a quarter of a second)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(target: str) -> dict[str, bytes]:
        got = hostile.soffice_convert(jobs[target], target)
        pin = _PINNERS.get(target)
        return {path: pin(data) if pin else data for path, data in got.items()}

    out: dict[str, bytes] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for part in pool.map(one, [t for t in jobs if jobs[t]]):
            out.update(part)
    return out


def _to_pdf(docs: dict[str, bytes]) -> dict[str, bytes]:
    """Convert docx bytes to PDF with one LibreOffice call. Keys are inbox-relative target paths."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        raise RuntimeError("生成 PDF 样例需要 LibreOffice（找不到 soffice 命令）；请先安装 LibreOffice。")
    return {path: scans.pin_pdf(data) for path, data in hostile.soffice_convert(docs, "pdf").items()}


# --------------------------------------------------------------------------------------------------
# Scans and photos of the typed PDFs


def _noise_seed(path: str) -> int:
    return zlib.crc32(path.encode("utf-8"))


def _rasterised(fmt: str, path: str, pdf: bytes, appendix: str) -> bytes:
    """The typed ``pdf`` delivered as ``fmt`` (see FORMAT_EXT)."""
    seed = _noise_seed(path)
    if fmt == "pdf":
        return pdf
    if fmt == "pdf-cid":
        return scans.without_tounicode(pdf)
    if fmt == "pdf-mixed":
        page = scans.scanned(scans.text_page([appendix]), angle=0.3, seed=seed)
        return scans.merge_pdfs(pdf, scans.image_pdf(page))
    pages = [scans.render_page(pdf, i) for i in range(_page_count(pdf))]
    dpi = (scans.SCAN_DPI, scans.SCAN_DPI)
    if fmt == "pdf-scan":  # an office scanner: sharp, a little noisy, JPEG-compressed into the PDF
        assert len(pages) == 1, path
        return scans.image_pdf(scans.scanned(pages[0], angle=0.3, seed=seed, blur=0.0, noise=4.0), quality=85)
    if fmt == "png":  # a clean flatbed scan
        assert len(pages) == 1, path
        return scans.encode(pages[0], "PNG", dpi=dpi, optimize=True)
    if fmt == "jpg":  # a phone photo: slightly turned, a little sensor noise, JPEG
        assert len(pages) == 1, path
        photo = scans.scanned(pages[0], angle=0.4, seed=seed, blur=0.5, noise=4.0).convert("RGB")
        return scans.encode(photo, "JPEG", quality=85, dpi=dpi)
    if fmt == "tif":  # an office scanner's TIFF, one frame per page
        frames = [scans.scanned(p, angle=-0.3, seed=seed + i, noise=0.0) for i, p in enumerate(pages)]
        return scans.encode(frames[0], "TIFF", compression="tiff_lzw", dpi=dpi, save_all=True,
                            append_images=frames[1:])  # fmt: skip
    raise ValueError(fmt)


def _page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


# --------------------------------------------------------------------------------------------------
# 补充材料: one file of every broken or hostile kind


def _note_docx(author: str, title: str, lines: list[str]) -> bytes:
    """A short typed document (a title and a few paragraphs), the raw material of the broken files."""
    doc = _new_doc(author)
    _para(doc, title, align="center", bold=True, size=18, east=_TITLE_FONT, space_after=12)
    for line in lines:
        _para(doc, line, align="justify", indent=True)
    return _docx_bytes(doc)


PHOTO_BANNER = "创新型班组对标竞赛成果展示交流会"


def _event_photo() -> bytes:
    """A phone photo of an event: a wall, a red banner with a line of text on it, people's heads."""
    from PIL import Image, ImageDraw

    w, h = 1600, 1200
    img = Image.new("RGB", (w, h), (196, 188, 172))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 820, w, h), fill=(120, 104, 92))  # floor
    draw.rectangle((140, 180, 1460, 360), fill=(178, 28, 36))  # banner
    face = scans.font(72)
    tw = draw.textlength(PHOTO_BANNER, font=face)
    draw.text(((w - tw) / 2, 226), PHOTO_BANNER, font=face, fill=(250, 236, 200))
    for i in range(9):  # the audience, from behind
        x = 120 + i * 165
        draw.ellipse((x, 860, x + 110, 980), fill=(34, 30, 28))
        draw.rectangle((x - 20, 960, x + 130, h), fill=(52 + 9 * i, 60, 78))
    photo = scans.scanned(img.convert("L"), angle=1.2, seed=11, blur=1.0, noise=5.0)
    tinted = Image.merge("RGB", [photo.point(lambda v, k=k: min(255, round(v * k))) for k in (1.0, 0.97, 0.9)])
    return scans.encode(tinted, "JPEG", quality=85)


def _supplement_sources(author: str) -> dict[str, bytes]:
    """The typed documents the broken files of 补充材料 are made from (keys: supplement file names)."""
    return {
        "获奖证书.pdf": _note_docx(author, "获奖证书", [
            "南京市第一中学物理创新实验教研组：",
            "在2023年南京市中小学自制教具评比中，你组研制的数字化力学实验器材荣获一等奖。特发此证，以资鼓励。",
            "南京市教育局　2023年12月",
        ]),
        "专利证书.pdf": _note_docx(author, "实用新型专利证书", [
            "实用新型名称：一种基于智能手机传感器的简易数据采集装置",
            "专利权人：南京市第一中学　授权公告日：2023年6月16日",
        ]),
        "成果清单.docx": _note_docx(author, "班组创新成果清单", [
            "1.数字化实验器材42套；2.国家实用新型专利5项；3.省级以上期刊论文11篇。",
        ]),
        "班组简介.docx": _note_docx(author, "班组简介", ["物理创新实验教研组现有成员12人。"]),
        "证明材料.docx": _note_docx(author, "证明材料", ["以上成果真实有效，特此证明。"]),
    }  # fmt: skip


def _supplement_files(folder: str, converted: dict[str, bytes], sources: dict[str, bytes]) -> dict[str, bytes]:
    """补充材料/ as the unit sent it: {inbox path: bytes}, archives already packed."""
    award = converted[f"{folder}/获奖证书.pdf"]
    zipped = hostile.encrypted_member_zip(
        {"../../推荐表.docx": sources["成果清单.docx"],  # extracted naively, it lands two folders up
         "附件材料.docx": b"\x00" * (20 * 1024 * 1024),  # 20 MB that deflate to some 20 KB
         "推荐表（加密）.docx": sources["成果清单.docx"]},
        {"推荐表（加密）.docx"}, zipfile.ZIP_DEFLATED)  # fmt: skip
    files = {
        "补充说明.docx": b"",
        "获奖证书.pdf": award[: len(award) // 2],
        "活动照片.docx": _event_photo(),
        "成果清单.docx": hostile.encrypted_docx(sources["成果清单.docx"]),
        "专利证书.pdf": converted[f"{folder}/专利证书.pdf"],
        "班组简介.docx": hostile.entity_bomb_docx(sources["班组简介.docx"]),
        "工作总结.pdf": hostile.self_loop_pdf(),
        ".DS_Store": hostile.ds_store(),
        "压缩包.zip": zipped,
        "证明材料.7z": hostile.seven_zip({"证明材料.docx": sources["证明材料.docx"]}, "secret", header_encryption=True),
    }
    return {f"{folder}/{name}": data for name, data in files.items()}


# --------------------------------------------------------------------------------------------------
# The inbox


def _junk_bytes(path: str) -> bytes:
    name = PurePosixPath(path).name
    if name.startswith("~$"):
        return hostile.owner_file()
    if name.startswith("._"):
        return hostile.apple_double()
    if name == ".DS_Store":
        return hostile.ds_store()
    return hostile.thumbs_db()


def build_banzu_inbox(dest: Path) -> Path:
    """Create the sample inbox for the ``banzu`` profile in ``dest`` (absent or empty); return ``dest``."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise FileExistsError(f"目标目录已存在且不为空：{dest}")
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        raise RuntimeError("生成样例需要 LibreOffice（找不到 soffice 命令）：sudo apt-get install libreoffice-writer-nogui")

    files: dict[str, bytes] = {}  # inbox path -> bytes; archive members as "<archive>/<member>", packed last
    jobs: dict[str, dict[str, bytes]] = {_PDF_EXPORT: {}, _WORD97: {}, "rtf": {}, "odt": {}, _ENCRYPTED_PDF: {}}
    scanned: list[tuple[str, str, str]] = []  # (path, format, appendix): made from the PDF export
    via = {"doc": _WORD97, "wps": _WORD97, "rtf": "rtf", "odt": "odt"}
    sdt_id = 1_473_920_000
    for unit in BANZU_UNITS:
        for bz in unit["banzu"]:
            sdt_id += 1
            made = ((bz["form_path"], bz["form_format"], _form_docx(unit, bz, sdt_id), ""),
                    (bz["case_path"], bz["case_format"], _case_docx(unit, bz), bz["case_appendix"]))  # fmt: skip
            for path, fmt, docx, appendix in made:
                if fmt in via:
                    jobs[via[fmt]][path] = docx
                elif fmt.startswith("pdf") or fmt in OCR_FORMATS:
                    jobs[_PDF_EXPORT][path] = docx
                    scanned.append((path, fmt, appendix))
                elif fmt == "docm":
                    files[path] = hostile.macro_enabled(docx)
                elif fmt == "docx-padded":
                    files[path] = hostile.padded(docx, PADDED_BYTES)
                elif path == bz["case_path"] and not bz["case_readable"]:
                    files[path] = docx[:1500]  # an interrupted upload / copy
                else:
                    files[path] = docx
        sm = unit["summary"]
        files[sm["path"]] = _summary_xlsx(unit) if sm["format"] == "xlsx" else _summary_docx(unit)
        for path in unit["junk"]:
            files[path] = _junk_bytes(path)
    supplement_folder = ""
    sources: dict[str, bytes] = {}
    for unit in BANZU_UNITS:
        if unit["supplement"]:
            supplement_folder = PurePosixPath(unit["supplement"][0]["path"]).parent.as_posix()
            sources = _supplement_sources(unit["_spec"]["author"])
            jobs[_PDF_EXPORT][f"{supplement_folder}/获奖证书.pdf"] = sources["获奖证书.pdf"]
            jobs[_ENCRYPTED_PDF][f"{supplement_folder}/专利证书.pdf"] = sources["专利证书.pdf"]

    converted = _convert_all(jobs)
    for path, fmt, appendix in scanned:
        converted[path] = _rasterised(fmt, path, converted[path], appendix)
    if supplement_folder:
        files.update(_supplement_files(supplement_folder, converted, sources))
        converted.pop(f"{supplement_folder}/获奖证书.pdf")
        converted.pop(f"{supplement_folder}/专利证书.pdf")
    files.update(converted)

    dest.mkdir(parents=True, exist_ok=True)
    for rel, data in pack(files).items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description="生成带预置问题的样例收件箱。")
    parser.add_argument("profile", choices=["banzu", "studio"], help="活动配置：banzu 或 studio")
    parser.add_argument("dest", type=Path, help="输出目录（不存在或为空）")
    parser.add_argument("--named-list", type=Path, metavar="FILE",
                        help="另外生成上一年度的命名名单（.xlsx，登记库样例）；不能放在输出目录里面")
    args = parser.parse_args(argv)
    if args.named_list and args.named_list.resolve().is_relative_to(args.dest.resolve()):
        print(f"错误：命名名单不能放在收件文件夹里面（那里的文件都会当作申报材料读取）：{args.named_list}",
              file=sys.stderr)
        return 2
    if args.profile == "studio":
        from samples import studio  # imported here: samples.studio itself imports this module

        build, units, entries, noun, expected = (studio.build_studio_inbox, studio.STUDIO_UNITS, "studios",
                                                 "工作室", studio.EXPECTED_STUDIO)
    else:
        build, units, entries, noun, expected = build_banzu_inbox, BANZU_UNITS, "banzu", "班组", EXPECTED_BANZU
    try:
        out = build(args.dest)
    except (FileExistsError, RuntimeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    n_forms = sum(len(u[entries]) for u in units)
    n_files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"已生成样例收件箱 {out}：{len(units)} 个推荐单位、{n_forms} 个{noun}、{n_files} 个文件，"
          f"预置问题 {len(expected)} 条。")
    if args.named_list:
        from samples.named_list import named_list, write_named_list

        year, _title, rows = named_list(args.profile)
        path = write_named_list(args.profile, args.named_list)
        print(f"已生成 {year} 年度命名名单 {path}：{len(rows)} 条。导入登记库：huishen registry import {path} "
              f"--campaign {args.profile} --year {year}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
