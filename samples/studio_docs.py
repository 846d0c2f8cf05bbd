"""The studio campaign's documents: 附件1 推荐表, 工作实绩支撑材料, 近三年工作总结 and 附件2 推荐汇总表.

``evidence_sections`` and ``report_paragraphs`` write the text of a 工作室's 支撑材料 (per indicator of the
附件3 outline) and 工作总结 from its data (samples/studio.py checks them too); ``form_docx``,
``evidence_docs``, ``report_docx``, ``summary_docx`` and ``summary_xlsx`` take a unit and a 工作室 of
samples.studio.STUDIO_UNITS and return the files' bytes, laid out like the notice's templates. The long
PDF 支撑材料 (马文博劳模工匠创新工作室) gets extra paragraphs, tables, photo captions and an annex list.

May import: samples.forms and samples.studio_content (never samples.studio, which imports this module).
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from samples.forms import (
    HEAD_FONT,
    TITLE_FONT,
    FormCell,
    docx_bytes,
    form_table,
    list_docx_table,
    list_xlsx,
    new_doc,
    page_break,
    para,
    writeup_paragraphs,
)
from samples.studio_content import FORM_TITLE, INDICATOR_GROUPS, INDICATORS, STUDIO_DT, SUMMARY_TITLE

__all__ = ["evidence_docs", "evidence_sections", "form_docx", "report_docx", "report_paragraphs", "summary_docx",
           "summary_xlsx"]

# The 支撑材料's heading numbers (一、… 十五、, （一）…).
_CN_ORD = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
           "十一", "十二", "十三", "十四", "十五")  # fmt: skip

# --------------------------------------------------------------------------------------------------
# 工作实绩支撑材料 and 近三年工作总结: text built from each 工作室's data

# Extra material for the long PDF (马文博劳模工匠创新工作室): more paragraphs and the lists units attach.
_MA_EXTRA: dict[str, list[str]] = {
    "基础情况": [
        "龙门石窟是世界文化遗产，现存窟龛2345个、造像10万余尊、碑刻题记2800余品。石窟开凿于石灰岩山体之上，"
        "长期受到岩体裂隙、渗水、风化和生物病害的威胁。为集中力量破解石窟保护中的关键技术难题，研究院以马文博"
        "同志为核心，整合岩土工程、文物保护、化学分析和数字化技术等方面的骨干力量，组建了本工作室。",
        "工作室成立后，先后被确定为洛阳市劳模创新工作室、河南省文物系统科技创新团队，主要职责是：开展石窟保护"
        "关键技术攻关，承担石窟保护修复工程的技术设计和现场实施，开展文物保护技术培训，推动保护技术成果的转化"
        "和推广。成立文件、认定文件复印件见附件1-1、附件1-2。",
    ],
    "领衔人": [
        "马文博同志1998年参加工作，二十多年来扎根石窟保护一线，主持完成奉先寺、万佛洞、古阳洞等重点洞窟的保护"
        "修复工程，提出了以渗水治理为核心的石窟综合保护思路，在国内石窟保护领域具有较高影响。",
        "作为领衔人，他全面负责工作室的规划制定、课题组织和人才培养，坚持每年带头承担最难的攻关任务，带领团队"
        "成员常年工作在脚手架上和洞窟里，被同事们称为“石窟医生”。",
    ],
    "创新团队": [
        "团队成员中，研究馆员3人、副研究馆员5人、馆员4人，另有高级技师2人；专业涵盖岩土工程、文物保护技术、"
        "分析化学、测绘和计算机等。团队按照岩体加固、渗水治理、彩绘保护、数字化保护4个方向分组，每个小组由1名"
        "副研究馆员以上人员担任组长。",
    ],
    "工作保障": [
        "研究院将工作室建设纳入年度预算，近三年投入的工作经费主要用于购置便携式检测设备、开展保护材料试验、组织"
        "技术培训和学术交流。工作室实验室通过了省级文物保护实验室评估，具备开展岩石物理力学性能测试、彩绘颜料"
        "分析和环境监测的能力。",
    ],
    "制度建设": [
        "工作室实行项目负责人制度，每个课题和工程项目明确负责人、技术路线和时间节点；建立了周例会、月通报和季度"
        "讲评机制，考核结果与成员的评优评先和职称推荐挂钩。工作室还制定了文物保护现场安全管理规定，确保高空作业"
        "和洞窟内作业安全。",
    ],
    "承担任务": [
        "在奉先寺渗水治理课题中，工作室采用地球物理探测与水化学分析相结合的方法，查明了渗水通道和补给来源，设计"
        "实施了裂隙封堵、防渗排水和岩体灌浆相结合的综合治理方案，奉先寺主要渗水点得到有效控制。",
        "在彩绘保护课题中，工作室利用便携式X射线荧光光谱、拉曼光谱等无损分析手段，对重点洞窟的彩绘颜料进行系统"
        "分析，建立了龙门石窟彩绘颜料数据库，为彩绘保护材料的筛选提供了科学依据。",
    ],
    "成果转化": [
        "石窟数字化采集技术已应用于国内多处石窟寺的数字化保护项目，形成的高精度三维数据被用于展览展示、文化创意"
        "产品开发和考古研究；渗水治理材料和工艺在省内外石窟寺保护工程中推广应用，取得了良好效果。",
    ],
    "技能传授": [
        "工作室坚持“请进来”和“走出去”相结合，一方面邀请国内知名专家来院讲学，另一方面选派骨干参加国内外学术会议"
        "和技术交流活动。近三年承办全国性石窟保护技术交流会2次，在国际学术会议上作报告5次。",
    ],
    "导师带徒": [
        "工作室实行“一对一”“一对多”相结合的带徒方式，导师带领徒弟参与课题研究和保护工程现场实施，在实践中传授"
        "技术。徒弟出师须通过理论考试、实际操作考核和成果答辩三个环节。",
    ],
    "创新联盟": [
        "工作室还加入了全国石窟寺保护技术协作组织，与敦煌研究院、云冈研究院等单位开展联合攻关，共同开展石窟寺"
        "保护技术交流活动。在联盟组织的成果展示活动中，工作室的石窟数字化成果受到广泛关注。",
    ],
    "获奖情况": [
        "工作室成员个人也取得了突出成绩，马文博同志获河南省先进工作者称号，2名成员获洛阳市五一劳动奖章，1名成员"
        "获河南省文物保护技能竞赛一等奖。",
    ],
    "取得专利": [
        "工作室注重知识产权保护，建立了专利挖掘和申报机制，对攻关项目中形成的新装置、新方法及时申请专利，部分专利"
        "已在保护工程中应用。",
    ],
    "形成规范": [
        "工作室参与起草的石窟寺岩体裂隙灌浆技术规程，总结了多年来石窟岩体加固的实践经验，对灌浆材料、施工工艺、"
        "质量检验等作出规定，为同类石窟保护工程提供了技术依据。",
    ],
    "助企行动": [
        "工作室与洛阳本地文化企业合作，利用石窟高精度三维数据开发数字展览和文创产品，帮助企业提升产品的文化内涵；"
        "同时为文物保护工程施工企业提供技术培训和现场指导，提升施工队伍的专业化水平。",
    ],
    "宣传报道": [
        "工作室注重利用新媒体开展宣传，研究院官方微信公众号开设“石窟医生”专栏，介绍石窟保护知识和工作室成员的"
        "工作故事，累计阅读量超过100万人次。",
    ],
}

_MA_TABLES: dict[str, tuple[str, tuple[str, ...], list[tuple[str, ...]]]] = {
    "创新团队": ("表1 工作室团队成员名单", ("序号", "姓名", "职称", "专业方向", "团队分工"), [
        ("1", "马文博", "研究馆员", "文物保护", "领衔人，总体负责"),
        ("2", "高建设", "研究馆员", "岩土工程", "岩体加固组组长"),
        ("3", "杨晓红", "研究馆员", "分析化学", "彩绘保护组组长"),
        ("4", "王振宇", "副研究馆员", "水文地质", "渗水治理组组长"),
        ("5", "李雪梅", "副研究馆员", "测绘工程", "数字化保护组组长"),
        ("6", "范志军", "副研究馆员", "文物保护", "保护工程现场负责"),
        ("7", "刘思远", "副研究馆员", "材料科学", "保护材料研究"),
        ("8", "陈露", "副研究馆员", "考古学", "价值评估与档案"),
        ("9", "张鹏", "馆员", "计算机", "数据处理与平台"),
        ("10", "赵一鸣", "馆员", "环境工程", "环境监测"),
        ("11", "孙静", "馆员", "文物保护", "彩绘分析"),
        ("12", "周凯", "馆员", "测绘工程", "三维数据采集"),
        ("13", "郭建军", "高级技师", "石质文物修复", "现场修复"),
        ("14", "何志刚", "高级技师", "石质文物修复", "灌浆与加固施工"),
    ]),
    "工作保障": ("表2 主要设施设备", ("序号", "设备名称", "数量", "主要用途"), [
        ("1", "三维激光扫描仪", "2台", "洞窟和造像三维数据采集"),
        ("2", "便携式X射线荧光光谱仪", "1台", "彩绘颜料和岩石成分分析"),
        ("3", "红外热像仪", "2台", "渗水和空鼓病害探测"),
        ("4", "超声波检测仪", "2台", "岩体风化程度检测"),
        ("5", "环境监测系统", "1套", "洞窟温湿度和降雨监测"),
        ("6", "激光拉曼光谱仪", "1台", "颜料物相分析"),
        ("7", "地质雷达", "1台", "岩体裂隙和渗水通道探测"),
        ("8", "高空作业平台", "2台", "现场修复作业"),
    ]),
    "承担任务": ("表3 近三年承担的课题和攻关项目", ("序号", "课题（项目）名称", "来源", "起止时间", "进展"), [
        ("1", "龙门石窟奉先寺渗水病害综合治理研究", "国家文物局", "2021—2023", "已结题"),
        ("2", "石窟彩绘颜料分析与保护材料研究", "河南省科技厅", "2022—2024", "成果推广"),
        ("3", "石窟寺高精度数字化采集与展示技术", "河南省文物局", "2022—2025", "按计划推进"),
        ("4", "万佛洞岩体加固保护工程", "研究院", "2021—2022", "已完成"),
        ("5", "古阳洞造像表面风化机理研究", "研究院", "2023—2025", "按计划推进"),
    ]),
    "技能传授": ("表4 近三年主要技能培训和技术交流活动", ("序号", "活动名称", "时间", "参加人数"), [
        ("1", "全国石窟寺保护修复技术培训班", "2022年5月", "120人"),
        ("2", "文物数字化采集技术研修班", "2022年10月", "80人"),
        ("3", "石窟保护技术交流会", "2023年4月", "150人"),
        ("4", "青年文物保护工作者岗位练兵", "2023年9月", "60人"),
        ("5", "全国石窟寺保护修复技术培训班", "2024年5月", "130人"),
    ]),
    "取得专利": ("表5 工作室取得的授权专利", ("序号", "专利名称", "类型", "授权时间"), [
        ("1", "一种石窟岩体裂隙灌浆装置", "实用新型", "2021年6月"),
        ("2", "一种石质文物表面渗水监测装置", "实用新型", "2021年9月"),
        ("3", "一种石窟彩绘颜料无损分析方法", "发明", "2022年3月"),
        ("4", "一种便携式岩体风化检测装置", "实用新型", "2022年5月"),
        ("5", "一种洞窟环境温湿度调控装置", "实用新型", "2022年8月"),
        ("6", "一种石质文物表面清洗装置", "实用新型", "2022年11月"),
        ("7", "一种高空作业用文物防护架", "实用新型", "2023年2月"),
        ("8", "一种基于三维扫描的造像病害标注方法", "发明", "2023年6月"),
        ("9", "一种石窟渗水收集装置", "实用新型", "2023年9月"),
        ("10", "一种灌浆材料流动性测试装置", "实用新型", "2024年1月"),
        ("11", "一种石窟寺数字化数据管理系统", "发明", "2024年4月"),
    ]),
    "宣传报道": ("表6 主要宣传报道", ("序号", "报道题目", "媒体", "时间"), [
        ("1", "为千年石窟“看病”的人", "《人民日报》", "2022年6月"),
        ("2", "龙门石窟：科技守护千年瑰宝", "中央电视台新闻频道", "2023年3月"),
        ("3", "马文博：把青春献给龙门石窟", "《河南日报》", "2023年5月"),
        ("4", "数字化让石窟“活”起来", "《洛阳日报》", "2024年4月"),
    ]),
}

_MA_PHOTOS: dict[str, tuple[str, ...]] = {
    "基础情况": ("工作室挂牌仪式", "工作室外景"),
    "工作保障": ("文物保护实验室", "数字化采集工作室", "修复材料试验场"),
    "承担任务": ("奉先寺渗水治理现场", "彩绘颜料现场检测"),
    "技能传授": ("全国石窟寺保护修复技术培训班开班式", "培训学员现场实习"),
    "导师带徒": ("师徒结对签约仪式",),
    "创新联盟": ("参加洛阳市劳模工匠创新工作室联盟成果展",),
    "助企行动": ("为文化创意企业提供数字化技术帮扶",),
}

_MA_ANNEXES = (
    "工作室成立文件及主要职责",
    "洛阳市劳模工匠创新工作室认定文件",
    "领衔人职称证书、荣誉证书复印件",
    "团队成员名单、职称证书及组织结构图",
    "工作场所照片、主要设施设备清单",
    "工作经费使用清单（研究院财务处盖章）",
    "工作室管理制度汇编、年度工作计划、中长期规划",
    "课题（项目）名单、立项文件及结题验收材料（研究院盖章）",
    "转化成果名单及创效核算结果（研究院盖章）",
    "技能培训和技术交流活动通知、签到表、照片",
    "导师带徒协议及徒弟取得成绩的证明材料",
    "参加劳模工匠创新工作室联盟活动列表及照片",
    "获奖证书复印件",
    "专利证书复印件",
    "参与起草的标准、操作规范文本",
    "参加劳模工匠助企行动的工作资料及照片",
    "宣传报道列表及截图",
)


def _date_cn(norm: str) -> str:
    parts = norm.split("-")
    out = f"{int(parts[0])}年"
    if len(parts) > 1:
        out += f"{int(parts[1])}月"
    if len(parts) > 2:
        out += f"{int(parts[2])}日"
    return out


def _dated(item: str) -> str:
    """"2020年 河南省先进工作者" -> "河南省先进工作者（2020年）"."""
    year, _, what = item.partition(" ")
    return f"{what}（{year}）" if what else item


def _join(items: list[str]) -> str:
    return "、".join(items)


def _quoted(items: list[str]) -> str:
    return "、".join(f"“{x}”" for x in items)


def _level(cert_unit: str) -> str:
    if cert_unit.endswith("市总工会"):
        return "市级劳模工匠创新工作室"
    return "省管单位劳模创新工作室"


def evidence_sections(st: dict[str, Any]) -> dict[str, list[str]]:
    """Per covered indicator, the body paragraphs of the 支撑材料 (headings excluded)."""
    s, f, ev = st["_spec"], st["fields"], st["_spec"]["ev"]
    name, org, leader = f["工作室名称"], f["所在单位"], f["领衔人姓名"]
    est_year = int(f["建立日期"][:4])
    cert = ev.get("certified_real") or _date_cn(f["工作室认定时间"])
    t = {
        "基础情况": [
            f"{name}成立于{_date_cn(f['建立日期'])}，依托{org}建设，以领衔人{leader}同志的名字命名，主要工作领域为"
            f"{f['专业领域']}。",
            f"{cert}，工作室经{f['工作室认定单位']}认定为{_level(f['工作室认定单位'])}。截至2024年10月，工作室已连续"
            f"运行{2024 - est_year}年，建立时间、认定文件及主要职责等材料附后。",
        ],
        "领衔人": [
            f"工作室领衔人{leader}，{f['领衔人性别']}，{f['领衔人民族']}，{_date_cn(f['领衔人出生年月'])}出生，"
            f"{f['领衔人学历']}学历，{f['领衔人政治面貌']}，技术等级为{f['领衔人技术等级']}，现任{f['领衔人单位及职务']}。",
            f"{leader}同志长期从事{f['领衔人专业工种']}工作，业务专长为{ev['expertise']}，先后获得"
            f"{_join([_dated(h) for h in s['leader']['honours']])}等荣誉。领衔人的职称证书、荣誉证书复印件附后。",
        ],
        "创新团队": [
            f"工作室现有团队成员{f['成员人数']}人，其中具有高级职称的{ev['senior']}人，具有研究生学历的{ev['grad']}人，"
            f"平均年龄{ev['age']}岁，形成了老中青结合、专业互补的创新团队。",
            f"团队实行领衔人总负责、小组长分工负责的组织分工方式，下设{_join(ev['groups'])}{len(ev['groups'])}个专业"
            f"小组，各小组明确牵头人和工作任务。团队成员名单、技能等级证书和组织结构图附后。",
        ],
        "工作保障": [
            f"{org}为工作室提供固定工作场所{ev['area']}平方米，{ev['place']}，配备{_join(ev['equipment'])}等主要设施"
            f"设备，能够满足技术攻关、技能培训和成果展示的需要。",
            f"近三年，单位累计投入工作经费{f['经费投入']:g}万元。经费实行专账管理，主要用于设备购置、课题研究、人才"
            f"培养和交流活动，工作经费使用清单已由单位财务部门盖章确认。",
        ],
        "制度建设": [
            f"工作室制定了{_join(['《' + r + '》' for r in ev['rules']])}等管理制度，对工作室运行、成员考核、成果奖励和"
            f"成果转化作出明确规定。",
            f"工作室每年年初制定年度工作计划，年中开展督促检查，年底对照计划进行考核，并编制了《{name}中长期规划"
            f"（2024—2028年）》，明确今后五年的攻关方向和人才培养目标。",
        ],
        "承担任务": [
            f"近三年，工作室围绕{f['专业领域']}领域的重点难点问题开展技术攻关，承担各级课题和攻关项目"
            f"{len(ev['topics'])}项，主要包括：{_quoted(ev['topics'])}。",
            f"其中，“{ev['topics'][0]}”已完成结题验收，“{ev['topics'][1]}”进入成果推广阶段，“{ev['topics'][2]}”"
            f"正按计划推进。课题名单、参与人员和完成进度已由单位盖章确认。",
        ],
        "成果转化": [
            f"工作室积极推进创新成果转化，{_join(ev['transfer'])}等成果已在{ev['scope']}推广应用。",
            f"经单位核算，近三年工作室成果转化累计创造经济效益{f['成果创效']:g}万元，在{ev['social']}方面取得了良好的"
            f"社会效益。转化成果名单和创效核算结果附后。",
        ],
        "技能传授": [
            f"工作室坚持对内开展技能培训、对外开展技术交流协作，先后举办{_join(ev['trainings'])}等活动，近三年累计"
            f"培训{f['技能培训人数']}人次。",
            f"工作室与{_join(ev['exchange'])}等单位建立了常态化的技术交流机制，定期开展专题研讨和互访学习。培训计划、"
            f"签到表和活动照片附后。",
        ],
        "导师带徒": [
            "工作室实行导师带徒制度，由领衔人和骨干成员担任导师，与徒弟签订师徒协议，明确培养目标、培养内容和考核要求。",
            f"近三年工作室共带徒{f['导师带徒人数']}人，{ev['apprentice_result']}。导师带徒名单、协议和徒弟取得成绩的证明"
            f"材料附后。",
        ],
        "获奖情况": [
            f"工作室的创新攻关课题和成果积极参加各级各类评选，先后获得{_join([_dated(a) for a in s['awards']])}等奖项。",
            "获奖课题和成果的基本情况、参与的工作室成员名单及获奖证书复印件附后。",
        ],
        "取得专利": [
            f"工作室成员围绕创新攻关项目积极申请专利，目前已取得授权专利{f['取得专利数量']}项，代表性专利有："
            f"{_join(ev['patents_list'])}。",
            "专利证书复印件及取得专利的工作室成员名单附后。",
        ],
        "形成规范": [
            f"工作室注重把创新经验固化为标准和规范，参与起草或制定了{_join(ev['standards'])}。",
            f"工作室总结提炼的{ev['method']}在{ev['scope']}推广应用，有效提升了工作质量和效率。形成的标准、操作规范文本"
            f"附后。",
        ],
    }
    if "alliance" in ev:
        t["创新联盟"] = [
            f"工作室是{ev['alliance']}成员单位，积极参加联盟组织的技术交流、联合攻关和成果展示活动，近三年参加联盟活动"
            f"{ev['alliance_times']}次。",
            f"依托联盟平台，工作室与{ev['alliance_partners']}等开展协作，实现资源共享、优势互补。参加联盟活动列表和照片附后。",
        ]
    if "help" in ev:
        t["助企行动"] = [
            f"工作室{ev['help']}。",
            "工作室建立助企服务台账，跟踪帮扶成效，通过技术帮扶帮助服务对象解决实际难题。相关工作资料和照片附后。",
        ]
    t["宣传报道"] = [
        f"工作室的创新事迹和成果先后被{_join(ev['media'])}等媒体宣传报道，扩大了劳模工匠创新工作室的社会影响。",
        "工作室注重发挥劳模工匠精神的示范作用，通过开放日、成果展示等形式开展宣传。宣传报道列表和截图附后。",
    ]
    if ev.get("pdf"):
        for k, extra in _MA_EXTRA.items():
            t[k] = t[k] + extra
    return {k: t[k] for k in INDICATORS if k in st["indicators"]}


_INDUSTRY_WORK = {"教育": "教育", "科技": "科普", "卫生": "卫生健康", "文化": "文化"}


def report_paragraphs(st: dict[str, Any]) -> list[tuple[str, str]]:
    """The 近三年工作总结 as (style, text): "h" a heading, "p" a body paragraph."""
    f, ev = st["fields"], st["_spec"]["ev"]
    name, org = f["工作室名称"], f["所在单位"]
    return [
        ("p", f"近三年来，{name}在{org}党委的领导和工会的指导下，坚持以{ev['summary_focus']}为主线，团结带领"
              f"{f['成员人数']}名团队成员立足岗位、攻坚克难，各项工作取得了新的进展。现将近三年工作总结如下。"),
        ("h", "一、主要工作和成效"),
        ("p", f"（一）聚焦重点难题，扎实开展攻关。工作室围绕“{ev['topics'][0]}”“{ev['topics'][1]}”等课题组织集中攻关，"
              f"近三年累计取得创新成果{f['创新成果数量']}项，获授权专利{f['取得专利数量']}项。"),
        ("p", f"（二）推进成果应用，服务事业发展。{_join(ev['transfer'])}等成果已在{ev['scope']}推广应用，累计创造经济"
              f"效益{f['成果创效']:g}万元。"),
        ("p", f"（三）注重传帮带，建设人才队伍。工作室坚持导师带徒，共带徒{f['导师带徒人数']}人，{ev['apprentice_result']}；"
              f"面向行业开展各类技能培训，累计培训{f['技能培训人数']}人次。"),
        ("p", f"（四）完善制度机制，规范日常管理。工作室修订完善了{_join(['《' + r + '》' for r in ev['rules'][:3]])}，"
              f"做到年初有计划、过程有记录、年底有考核。"),
        ("h", "二、存在的不足"),
        ("p", "一是成果转化的渠道还不够宽，部分成果仍停留在试用阶段；二是青年骨干的创新能力有待进一步提升；三是对外交流"
              "的广度和深度还需加强。"),
        ("h", "三、下一步工作打算"),
        ("p", f"工作室将继续发挥劳模工匠示范引领作用，围绕{f['专业领域']}深化技术攻关，完善管理制度，加强人才培养，力争"
              f"在成果转化和推广应用方面取得新突破，为{_INDUSTRY_WORK[f['所属行业']]}事业高质量发展作出新的贡献。"),
    ]


# --------------------------------------------------------------------------------------------------
# 附件1 推荐表: a 6-column grid; the top block uses label | value(2) | label | value(2).

_FORM_WIDTHS = (2.7, 2.4, 2.3, 2.6, 2.2, 3.6)


def _opinion(cell) -> None:
    """An opinion's cell: its text indented, the stamp and the date set right."""
    for p in cell.paragraphs[-2:]:
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cell.paragraphs[0].paragraph_format.first_line_indent = Pt(21)


# The template's cells: labels plain, a "\n" in one a line break; H the table's heading row, M a list (one item a
# line), T the long text, O an opinion (text, 签章, date).
_FORM_STYLES = {"L": {"breaks": True}, "V": {"breaks": True}, "H": {"bold": True, "size": 12, "breaks": True},
                "M": {"align": "left"}, "T": {"align": "justify", "indent": True, "top": True},
                "O": {"align": "left", "top": True, "then": _opinion}}


def _label(text: str, spaced: bool) -> str:
    """The template's labels; ``spaced`` writes the short ones with full-width spaces ("姓　　名")."""
    if not spaced or "\n" in text or "（" in text:
        return text
    compact = text.replace(" ", "")
    if len(compact) == 2:
        return "　　".join(compact)
    if len(compact) <= 4:
        return "　".join(compact)
    return compact


def form_docx(unit: dict[str, Any], st: dict[str, Any]) -> bytes:
    f, s, style = st["fields"], st["_spec"], st["form_style"]
    w = st["written"]
    spaced = bool(style.get("spaced"))
    doc = new_doc(unit["_spec"]["author"], STUDIO_DT)
    if style.get("fujian"):
        para(doc, "附件1", size=14, east=HEAD_FONT)
    para(doc, FORM_TITLE, align="center", bold=True, size=18, east=TITLE_FONT, space_after=12)

    def lab(text: str) -> str:
        return _label(text, spaced)

    def num(key: str, suffix: str) -> str:
        return f"{f[key]}{suffix}" if style.get("with_units") else str(f[key])

    opinion_lines = ["", "签　章", s["date"] or "年　　月　　日"]
    union_label = "所\n在\n单\n位\n工\n会\n意\n见" if spaced else "所在单位\n工会意见"
    rec_label = "推荐单\n意见" if style.get("typo_label") else ("推\n荐\n单\n位\n意\n见" if spaced else "推荐单位\n意见")
    cells: list[FormCell] = [
        (0, 0, 1, 1, "L", lab("工作室名称")), (0, 1, 1, 2, "V", f["工作室名称"]),
        (0, 3, 1, 1, "L", lab("成员人数")), (0, 4, 1, 2, "V", num("成员人数", "人")),
        (1, 0, 1, 1, "L", lab("专业领域")), (1, 1, 1, 2, "V", f["专业领域"]),
        (1, 3, 1, 1, "L", lab("建立日期")), (1, 4, 1, 2, "V", w["建立日期"]),
        (2, 0, 1, 1, "L", lab("所在单位")), (2, 1, 1, 2, "V", f["所在单位"]),
        (2, 3, 1, 1, "L", lab("所属行业")), (2, 4, 1, 2, "V", f["所属行业"]),
        (3, 0, 1, 1, "L", "工作室认定单位"), (3, 1, 1, 2, "V", f["工作室认定单位"]),
        (3, 3, 1, 1, "L", "工作室认定时间"), (3, 4, 1, 2, "V", w["工作室认定时间"]),
        (4, 0, 1, 1, "L", "经费投入（万元）"), (4, 1, 1, 2, "V", w["经费投入"]),
        (4, 3, 1, 1, "L", "创新成果数量"), (4, 4, 1, 2, "V", num("创新成果数量", "项")),
        (5, 0, 1, 1, "L", "成果创效（万元）"), (5, 1, 1, 2, "V", w["成果创效"]),
        (5, 3, 1, 1, "L", "技能培训人数"), (5, 4, 1, 2, "V", num("技能培训人数", "人次")),
        (6, 0, 1, 1, "L", "导师带徒人数"), (6, 1, 1, 2, "V", num("导师带徒人数", "人")),
        (6, 3, 1, 1, "L", "取得专利数量"), (6, 4, 1, 2, "V", num("取得专利数量", "项")),
        (7, 0, 1, 1, "L", "创新成果\n所获奖项"), (7, 1, 1, 5, "M", s["awards"]),
        (8, 0, 1, 6, "H", "工作室领衔人情况"),
        (9, 0, 1, 1, "L", lab("姓 名")), (9, 1, 1, 1, "V", f["领衔人姓名"]),
        (9, 2, 1, 1, "L", lab("性 别")), (9, 3, 1, 1, "V", f["领衔人性别"]),
        (9, 4, 1, 1, "L", lab("出生年月")), (9, 5, 1, 1, "V", w["领衔人出生年月"]),
        (10, 0, 1, 1, "L", lab("民 族")), (10, 1, 1, 1, "V", f["领衔人民族"]),
        (10, 2, 1, 1, "L", lab("学 历")), (10, 3, 1, 1, "V", f["领衔人学历"]),
        (10, 4, 1, 1, "L", lab("政治面貌")), (10, 5, 1, 1, "V", f["领衔人政治面貌"]),
        (11, 0, 1, 1, "L", "专业/工种"), (11, 1, 1, 1, "V", f["领衔人专业工种"]),
        (11, 2, 1, 1, "L", lab("技术等级")), (11, 3, 1, 1, "V", f["领衔人技术等级"]),
        (11, 4, 1, 1, "L", lab("联系电话")), (11, 5, 1, 1, "V", w["领衔人联系电话"]),
        (12, 0, 1, 1, "L", "单位及职务"), (12, 1, 1, 5, "V", f["领衔人单位及职务"]),
        (13, 0, 1, 1, "L", "个人荣誉及\n获得时间"), (13, 1, 1, 2, "M", s["leader"]["honours"]),
        (13, 3, 1, 1, "L", "技能（工匠）\n奖项及时间"), (13, 4, 1, 2, "M", s["leader"]["skills"]),
        (14, 0, 1, 1, "L", "创新工作室\n主要业绩\n（500字）"), (14, 1, 1, 5, "T", f["主要业绩"].split("\n")),
        (15, 0, 1, 1, "L", union_label), (15, 1, 1, 2, "O", [s["union"], *opinion_lines]),
        (15, 3, 1, 1, "L", rec_label), (15, 4, 1, 2, "O", [s["rec"], *opinion_lines]),
    ]
    form_table(doc, 16, 6, cells, _FORM_WIDTHS, styles=_FORM_STYLES, center=True,
               heights=(0.95, {7: 1.6, 13: 2.2, 14: 9.5, 15: 4.6}))
    return docx_bytes(doc, STUDIO_DT)


# --------------------------------------------------------------------------------------------------
# 工作实绩支撑材料, 近三年工作总结

def _heading(style: str, i: int, key: str) -> str:
    if style == "num":
        return f"{i + 1}.{key}"
    if style == "grouped":
        return f"（{_CN_ORD[i]}）{key}"
    return f"{_CN_ORD[i]}、{key}"


def _add_table(doc, caption: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    para(doc, caption, align="center", bold=True, size=12, east=HEAD_FONT, space_after=4)
    widths = {4: (1.2, 7.0, 3.2, 4.4), 5: (1.2, 5.4, 2.6, 2.6, 4.0)}[len(headers)]
    list_docx_table(doc, list(headers), rows, widths, center=True)
    para(doc, "", space_after=6)


def evidence_docs(unit: dict[str, Any], st: dict[str, Any]) -> dict[str, bytes]:
    """The 支撑材料 file(s) of one 工作室 as docx bytes, keyed by inbox path (a .pdf path: to convert)."""
    f, ev = st["fields"], st["_spec"]["ev"]
    name = f["工作室名称"]
    sections = evidence_sections(st)
    keys = list(sections)
    style = ev["style"]
    if ev.get("split"):
        parts = [(keys[:8], "（一）"), (keys[8:], "（二）")]
    else:
        parts = [(keys, "")]
    out: dict[str, bytes] = {}
    for (part_keys, suffix), path in zip(parts, st["evidence_paths"], strict=True):
        doc = new_doc(unit["_spec"]["author"], STUDIO_DT)
        para(doc, f"{name}工作实绩支撑材料{suffix}", align="center", bold=True, size=20 if ev.get("pdf") else 18,
              east=TITLE_FONT, space_after=12)
        if ev.get("pdf"):  # a cover page
            for _ in range(12):
                para(doc, "")
            para(doc, f"推荐单位：{unit['推荐单位']}", align="center", size=16)
            para(doc, f"所在单位：{f['所在单位']}", align="center", size=16)
            para(doc, "二〇二四年十一月", align="center", size=16)
            page_break(doc)
            para(doc, "目　录", align="center", bold=True, size=16, east=HEAD_FONT, space_after=12)
            for g, (group, members) in enumerate(INDICATOR_GROUPS):
                para(doc, f"{_CN_ORD[g]}、{group}", size=14, east=HEAD_FONT)
                for m in members:
                    para(doc, f"　　{_heading(style, INDICATORS.index(m), m)}", size=14)
            para(doc, f"{_CN_ORD[len(INDICATOR_GROUPS)]}、附件清单", size=14, east=HEAD_FONT)
            page_break(doc)
        if suffix or ev.get("name_line"):
            para(doc, f"工作室名称：{name}", align="center", size=14, space_after=12)
        i = keys.index(part_keys[0])
        group_no = 0
        for k in part_keys:
            if style == "grouped":
                group = next(g for g, members in INDICATOR_GROUPS if k in members)
                first_of_group = next(m for m in next(ms for g, ms in INDICATOR_GROUPS if g == group) if m in keys)
                if k == first_of_group:
                    if ev.get("pdf") and group_no:
                        page_break(doc)
                    para(doc, f"{_CN_ORD[group_no]}、{group}", bold=True, size=16, east=HEAD_FONT, space_after=6)
                    group_no += 1
            para(doc, _heading(style, i, k), bold=True, size=14, east=HEAD_FONT if style != "grouped" else "楷体",
                  space_after=3)
            for text in sections[k]:
                para(doc, text, align="justify", size=12 if not ev.get("pdf") else 14, indent=True)
            if ev.get("pdf") and k in _MA_TABLES:
                _add_table(doc, *_MA_TABLES[k])
            if ev.get("pdf"):
                for caption in _MA_PHOTOS.get(k, ()):
                    para(doc, f"（照片：{caption}，原件附后）", align="center", size=12, space_after=6)
            elif k == "取得专利" and style == "num":
                rows = [(str(n + 1), p.rsplit("（", 1)[0], p.rsplit("（", 1)[1].rstrip("）"))
                        for n, p in enumerate(ev["patents_list"])]
                list_docx_table(doc, ["序号", "专利名称", "专利类型"], rows, (1.4, 10.4, 3.0), center=True,
                                aligns=("center", "left", "center"))
            i += 1
        if ev.get("pdf"):
            page_break(doc)
            para(doc, f"{_CN_ORD[len(INDICATOR_GROUPS)]}、附件清单", bold=True, size=16, east=HEAD_FONT, space_after=6)
            for n, item in enumerate(_MA_ANNEXES, start=1):
                para(doc, f"附件{n}　{item}", size=14)
        out[path] = docx_bytes(doc, STUDIO_DT)
    return out


def report_docx(unit: dict[str, Any], st: dict[str, Any]) -> bytes:
    f = st["fields"]
    doc = new_doc(unit["_spec"]["author"], STUDIO_DT)
    sections: list[tuple[str, list[str]]] = [("", [])]
    for kind, text in report_paragraphs(st):
        if kind == "h":
            sections.append((text, []))
        else:
            sections[-1][1].append(text)
    writeup_paragraphs(doc, f"{f['工作室名称']}近三年工作总结", [f"（{f['所在单位']}　2024年11月）"], sections,
                       heading_size=14, byline_after=12)
    return docx_bytes(doc, STUDIO_DT)


# --------------------------------------------------------------------------------------------------
# 附件2 推荐汇总表

_SUMMARY_HEADERS = ("序号", "工作室名称", "领衔人", "所在单位", "专业领域", "备注")


def _summary_rows(unit: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    by_name = {st["fields"]["工作室名称"]: (st["fields"]["领衔人姓名"], st["fields"]["所在单位"], st["fields"]["专业领域"])
               for st in unit["studios"]}
    by_name.update({nr["工作室名称"]: (nr["领衔人"], nr["所在单位"], nr["专业领域"]) for nr in unit["not_received"]})
    return [(name, *by_name[name]) for name in unit["summary"]["listed"]]


def summary_docx(unit: dict[str, Any]) -> bytes:
    doc = new_doc(unit["_spec"]["author"], STUDIO_DT)
    sec = doc.sections[0]  # the 汇总表 is printed landscape
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(2.6), Cm(2.2)
    para(doc, "附件2", size=14, east=HEAD_FONT)
    para(doc, SUMMARY_TITLE, align="center", bold=True, size=18, east=TITLE_FONT, space_after=12)
    para(doc, f"推荐单位（盖章）：{unit['推荐单位']}")
    para(doc, f"联系人：{unit['联系人']}　联系电话：{unit['电话']}", space_after=6)
    rows = [[str(i), *row, ""] for i, row in enumerate(_summary_rows(unit), start=1)]
    rows += [[str(i), "", "", "", "", ""] for i in range(len(rows) + 1, unit["summary"]["pad_to"] + 1)]
    list_docx_table(doc, list(_SUMMARY_HEADERS), rows, (1.4, 6.6, 2.2, 6.0, 5.2, 3.0), size=11, head_size=12,
                    center=True, row_height=1.0)
    return docx_bytes(doc, STUDIO_DT)


def summary_xlsx(unit: dict[str, Any]) -> bytes:
    header_lines = [f"推荐单位（盖章）：{unit['推荐单位']}", f"联系人：{unit['联系人']}　联系电话：{unit['电话']}"]
    rows = [[i, *row, ""] for i, row in enumerate(_summary_rows(unit), start=1)]
    return list_xlsx(SUMMARY_TITLE, header_lines, list(_SUMMARY_HEADERS), rows, (6, 30, 10, 26, 22, 10),
                     unit["_spec"]["author"], STUDIO_DT, caption="附件2", fonts=True, landscape=True)
