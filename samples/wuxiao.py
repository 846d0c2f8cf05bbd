"""The wuxiao campaign (2023 阳泉“五小”竞赛): its sample inbox, planted findings and truth.

``build_wuxiao_inbox(dest)`` writes six 推荐单位' folders (平定's as a Windows .zip), each holding per result its
附件1 申报表 (.docx, two as PDF), the unit's 附件3 基层表彰文件 (a 表彰决定 listing the honoured results as a table,
or as numbered lines in the scanned one, a .png) and its 附件2 推荐汇总表 (.xlsx or .docx; one unit sends none). The
forms are drafted in shared/notices/2023-阳泉-五小竞赛-附件（拟定）.md; their variations are those the drafted form
invites: 成果类别/参赛类别 ticked as ☑, ■, "√" after the option, Word's Wingdings boxes or typed; money as "12.5万元",
"约30万元"; dates as "2023年3月", "2023.05"; 其他完成人 as a sub-table of zero to two rows.

Module data is the truth the tests compare against: ``WUXIAO_UNITS`` (each result's normalised fields as
records.json should hold them) and ``EXPECTED_WUXIAO`` (every planted finding; clean results have none).
The files are written with samples/forms.py; this module holds only the campaign's data and layout.

May import: samples.forms (never another campaign, nor samples.generate).
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from docx.shared import Cm

from samples.forms import (
    HEAD_FONT,
    NEAR_COPY_SIMILARITY,
    NEAR_COPY_THRESHOLD,
    TITLE_FONT,
    FormCell,
    deliver,
    docx_bytes,
    empty_dest,
    finding,
    form_table,
    list_docx_table,
    list_xlsx,
    new_doc,
    official_document,
    para,
    word_count,
    write_inbox,
)

__all__ = ["AWARD_DOCS", "EARLIER_WUXIAO", "EXPECTED_WUXIAO", "EXPECTED_WUXIAO_REGISTRY", "MEASURED_WUXIAO",
           "NAMED_LIST_TITLE", "NAMED_LIST_WUXIAO", "NAMED_YEAR", "WUXIAO_DT", "WUXIAO_UNITS", "build_wuxiao_inbox",
           "form_fields"]

WUXIAO_DT = dt.datetime(2023, 10, 20, 9, 30, 0)
FILLED = "2023-10-20"  # 填报日期 of every form
CATEGORIES = ["小发明", "小创造", "小革新", "小设计", "小建议"]
ENTRANTS = ["企事业单位职工", "高校及中高职院校师生", "农业领域工作人员"]
SUMMARY_HEADERS = ["序号", "申报单位", "成果名称", "成果类别", "项目带头人", "其他完成人", "基层表彰情况",
                   "经济效益（万元/年）", "联系电话", "备注"]
PLEDGE = "本成果无重复申报，无冒用、盗用他人成果，所填内容真实。"
OPINION = ["同意推荐。", "（盖章）", "2023年10月20日"]
AWARD_NAME = "2023年度职工“五小”创新优秀成果"

# ------------------------------------------------------------------------------------------------ the results

# 液压支架 (W3) and its copy under another 带头人 and 申报单位 (W6): duplicate.misappropriation in this batch.
_HYDRAULIC = ("综采工作面液压支架检修时，立柱和推移千斤顶拆装要用手拉葫芦吊挂，四名职工配合一个班只能完成两架。"
              "我们设计了液压支架快速拆装工具，由可调式支撑座、同步顶升油缸和快换销轴组成，油缸借用支架自身乳化液"
              "供液，一人操作即可完成立柱拆装，单架拆装时间由三小时缩短到四十分钟，已在十二个综采工作面使用。")
_HYDRAULIC_COPY = ("综采工作面液压支架检修时，立柱和推移千斤顶拆装需要用手拉葫芦吊挂，四名职工配合一个班只能完成两架。"
                   "本装置由可调式支撑座、同步顶升油缸和快换销轴组成，油缸借用支架自身的乳化液供液，一人操作即可完成"
                   "立柱拆装，单架拆装时间由三小时缩短到四十分钟，已在十二个综采工作面推广使用。")
# 配电室巡检 (W17) rewords a 2022 record of 阳泉市城区供电所 (韩冬): duplicate.misappropriation with the registry.
_PATROL = ("配电室每天人工巡检两次，抄录三十多块表计数据，夜间和节假日无人值守时故障发现不及时。我们利用轨道式巡检"
           "小车搭载红外测温和表计识别摄像头，按设定路线自动巡视，识别结果实时上传值班室，温度超过七十五度自动报警，"
           "巡检数据保存九十天，可以追溯。")
EARLIER_WUXIAO = {"year": 2022, "name": "配电室轨道巡检小车", "unit": "阳泉市城区供电所", "leader": "韩冬",
                  "label": "主要内容及创新点",
                  "text": ("配电室每天需要人工巡检两次，抄录三十多块表计的数据，夜间和节假日无人值守时故障发现不及时。利用"
                           "轨道式巡检小车搭载红外测温和表计识别摄像头，按设定路线自动巡视，识别结果实时上传值班室，温度"
                           "超过七十五度时自动报警，巡检数据保存九十天，便于追溯。")}
_PUMP = [f"第{n}台水泵加装{part}，信号接入井下环网，地面调度室可以远程启停并查看运行曲线，改造后该泵房实现无人值守。"
         for n, part in zip("一二三四五六七八", ("电动闸阀", "压力变送器", "液位传感器", "流量计", "温度巡检仪",
                                             "振动传感器", "电流互感器", "真空度传感器"), strict=True)]
_PUMP_TROUBLE = [f"{what}，给安全生产带来隐患。" for what in (
    "井下主排水泵房原来由四名泵工三班倒值守，人工巡检每两小时一次，记录全靠手抄", "水仓水位只能靠人工观察标尺",
    "水泵启停要在现场操作，遇到突水时反应慢", "阀门开关靠人力转动，一台闸阀要转三百多圈", "泵房噪声大、湿度高，职工长期值守身体吃不消",
    "设备运行数据没有留存，故障原因难以追溯", "备用泵长期不轮换，锈蚀卡死时有发生", "配电柜电流电压靠肉眼读表，误差大")]
_DRIP = [f"{crop}大棚安装控制箱后，经合作社技术员连续一个生长季的跟踪记录，{what}。" for crop, what in (
    ("番茄", "土壤含水量始终保持在百分之六十五到七十五之间，亩产提高百分之十八"), ("黄瓜", "每亩每季节水一百二十立方米"),
    ("辣椒", "每亩节省人工四十个"), ("茄子", "病害发生率下降百分之三十"), ("草莓", "亩均增收三千二百元"),
    ("西葫芦", "施肥量减少百分之二十五"), ("芹菜", "灌溉时间由每次两小时缩短到二十分钟"),
    ("生菜", "合作社二十八户菜农全部用上"), ("菠菜", "全年节约电费一万二千元"), ("甘蓝", "年创经济效益20万元"))]

_Res = dict[str, Any]


def _result(rid: str, name: str, applicant: str, leader: str, category: str | list[str] | None, benefit: float,
            problem: str, content: str, effect: str, *, written: dict[str, str] | None = None, **values: Any) -> _Res:
    """A result: its id, the values records.json should hold (``fields``) and how its form writes them."""
    fields = {
        "成果名称": name, "成果类别": category, "参赛类别": "企事业单位职工", "带头人姓名": leader, "带头人性别": "男",
        "带头人出生年月": "1978-05", "带头人单位": applicant, "带头人职务": "技术员", "带头人电话": "13903530000",
        "完成时间": "2023-03", "已投入使用": True, "知识产权": None, "问题描述": problem, "主要内容": content,
        "应用效果": effect, "经济效益": benefit,
        "测算依据": f"按年节约材料、配件费用和减少停机损失测算，经单位财务部门核定，合计{benefit:g}万元。",
        "社会效益": "减轻了职工劳动强度，消除了一处安全隐患，带动班组职工参与技术革新。", "承诺": True,
        "基层工会意见": "同意推荐。", "基层工会意见日期": FILLED, "推荐单位意见": "同意推荐。", "推荐单位意见日期": FILLED,
        "申报单位": applicant,
    }
    team = values.pop("team", None)
    fields["其他完成人"] = [dict(zip(("姓名", "单位", "职务", "分工"), t, strict=True)) for t in team] if team else None
    fields.update(values)
    shown = {"box": "unicode", "完成时间": "2023年3月", "经济效益": f"{benefit:g}", "signed": leader}
    shown.update(written or {})
    return {"id": rid, "fields": fields, "written": shown, "team": team}


def _unit(name: str, contact: str, phone: str, folder: str, award: dict[str, Any], results: list[_Res],
          **extra: Any) -> dict[str, Any]:
    return {"推荐单位": name, "联系人": contact, "电话": phone, "folder": folder, "award": award, "results": results,
            **extra}


def _award(issuer: str, number: str, day: str, listed: list[str], how: str = "docx", style: str = "table") -> dict:
    """A unit's 基层表彰文件: who issued it, its 文号 and date, the ids of the results it lists, how it is sent."""
    return {"issuer": issuer, "number": number, "date": day, "listed": listed, "as": how, "style": style}


WUXIAO_UNITS: list[dict[str, Any]] = [
    _unit("盂县总工会", "郝文", "0353-6061234", "盂县总工会",
          _award("盂县总工会", "盂工发〔2023〕21号", "2023年6月20日", ["W1", "W2", "W3"]), [
              _result("W1", "带式输送机托辊快速更换装置", "华阳集团一矿机电工区", "张建国", "小革新", 30,
                      "带式输送机托辊损坏后要停机拆卸，两人配合更换一组托辊需要四十分钟，影响原煤运输。",
                      "设计杠杆式托辊快换装置，由支撑臂、偏心顶升块和快速卡扣组成，顶升块卡住托辊架后扳动手柄即可"
                      "抬起输送带，单人操作五分钟完成一组托辊更换，装置重量只有八公斤，便于井下携带。",
                      "已在一矿八条主运输皮带使用，单组托辊更换时间由40分钟缩短到5分钟，年减少停机120小时，"
                      "年创经济效益30万元。", team=[("李强", "一矿机电工区", "技术员", "结构设计"),
                                                  ("王磊", "一矿机电工区", "维修工", "试制")]),
              _result("W2", "井下主排水泵房远程监控改造", "华阳集团二矿机电队", "王海", "小革新", 45,
                      "".join(_PUMP_TROUBLE * 2), "".join(_PUMP * 3),
                      "改造后泵房由4人值守改为无人值守，年节约人工费用28万元，减少停机损失17万元，年创经济效益45万元。",
                      written={"box": "solid", "经济效益": "约45万元"}),
              _result("W3", "液压支架快速拆装工具", "盂县东方煤业有限公司", "赵勇", "小发明", 36,
                      "液压支架检修拆装靠手拉葫芦吊挂，效率低、劳动强度大，存在砸伤风险。", _HYDRAULIC,
                      "单架拆装时间由3小时缩短到40分钟，每年少用检修工2400工时，年创经济效益36万元。",
                      written={"box": "wingdings"}, 知识产权="实用新型专利 ZL202220123456.7"),
          ], summary="xlsx"),
    _unit("平定县总工会", "冯丽", "0353-6021234", "平定县总工会.zip",
          _award("平定县总工会", "平工发〔2023〕8号", "2023年7月5日", ["W4", "W5", "W16"], how="png", style="list"), [
              _result("W4", "阀门密封面研磨装置", "平定县东升阀门有限公司", "刘洋", "小发明", 12.5,
                      "闸阀密封面靠手工研磨，一名熟练工每天只能研磨三台，质量不稳定。",
                      "研制行星式密封面研磨装置，电机带动三个研磨盘公转加自转，研磨压力由弹簧自动补偿，配套不同口径"
                      "的快换夹具，一名职工可以同时看管两台设备，研磨后的密封面一次试压合格。",
                      "研磨效率提高3倍，试压一次合格率由82%提高到99%，年节约返修费用12.5万元。",
                      written={"box": "typed", "经济效益": "12.5万元", "完成时间": "2023.05"}, 完成时间="2023-05"),
              _result("W5", "耐火砖成型模具快换结构", "平定县耐火材料厂", "孙丽", "小创造", 8,
                      "耐火砖压机换模要拆卸十六颗螺栓，每次换模停机两小时。",
                      "把模具固定方式改为楔块加液压锁紧，模框两侧加定位销，换模时松开液压锁紧即可整体吊出，模具上"
                      "刻有刻度，新模就位后不用再找正，配合专用转运小车一人即可完成。",
                      "换模时间由2小时缩短到15分钟，压机年增加有效作业时间300小时，年创经济效益8万元。",
                      written={"box": "after"}, 带头人性别="女", 表彰单位="平定县科学技术局"),
              _result("W16", "带式输送机托辊快速更换装置", "华阳集团一矿机电工区", "张建国", "小革新", 30, "", "", "",
                      dup_of="W1"),
          ], summary="docx"),
    _unit("阳泉市矿区总工会", "武斌", "0353-2021234", "阳泉市矿区总工会",
          _award("阳泉市矿区总工会", "矿工发〔2023〕15号", "2023年8月1日", ["W6", "W8"]), [
              _result("W6", "综采支架立柱拆装器", "阳泉市矿区兴达机械厂", "周平", "小发明", 36,
                      "支架立柱拆装费时费力，存在安全风险。", _HYDRAULIC_COPY,
                      "单架拆装时间缩短到40分钟，年创经济效益36万元。"),
              _result("W7", "矿用电缆收放车", "阳泉市矿区兴达机械厂", "武刚", "小创造", 9,
                      "井下移动变电站电缆靠人工拖拽收放，一次要八个人，电缆外皮磨损严重。",
                      "用废旧绞车改制电缆收放车，卷筒由液压马达驱动，排缆器随卷筒同步移动，电缆整齐缠绕，车架装有"
                      "防爆照明和急停按钮，收放速度可以无级调节，一百五十米电缆十分钟收完。",
                      "收放电缆由8人减为2人，电缆年更换量减少600米，年创经济效益9万元。", written={"box": "after"}),
              _result("W8", "皮带机头清扫器改进", "阳泉市矿区煤炭运销公司", "贾明", "小革新", 6,
                      "皮带机头原有刮板清扫器清扫不净，回程带粘煤造成跑偏和撒煤。",
                      "改用聚氨酯分段刮刀加弹簧自动张紧，每段刮刀可以单独浮动贴合带面，更换刮刀不用拆机架，"
                      "另在机头下方加装回收溜槽，清下来的煤直接回到主运输系统。",
                      "回程带粘煤基本消除，每班减少清煤人工2个，年创经济效益6万元。",
                      written={"signed": ""}, 承诺=False, form="pdf"),
          ], summary="docx"),
    _unit("阳泉职业技术学院工会", "高敏", "0353-5081234", "阳泉职业技术学院工会",
          _award("阳泉职业技术学院工会", "阳职院工字〔2023〕3号", "2023年6月30日", ["W9", "W10"]), [
              _result("W9", "数控车床对刀辅助仪", "阳泉职业技术学院机电系", "高峰", ["小发明", "小设计"], 3,
                      "学生实训对刀全靠试切，一次对刀要十几分钟，还常常撞刀。",
                      "研制光学对刀辅助仪，十倍放大镜头对准刀尖投影，屏幕显示刀尖与基准线的偏差，学生按提示微调刀架"
                      "即可完成对刀，仪器用磁力表座吸附在车床导轨上，拆装方便，适用于实训车间全部车床。",
                      "对刀时间由15分钟缩短到3分钟，实训撞刀事故由每学期20起降到2起，年节约刀具费用3万元。",
                      written={"ticked": "小发明,小设计"}, 参赛类别="高校及中高职院校师生"),
              _result("W10", "实训焊接烟尘移动净化车", "阳泉职业技术学院机电系", "刘芳", "小设计", 2,
                      "焊接实训车间烟尘大，固定式排风口覆盖不到所有工位。",
                      "设计带万向吸臂的移动净化车，滤筒加静电两级过滤，吸臂可以伸到工位任一角度，车上装有烟尘浓度"
                      "显示，浓度超标时自动提高风机转速，一台车可以服务四个工位。",
                      "实训车间粉尘浓度由每立方米8毫克降到1.5毫克，年节约改造费用2万元。",
                      参赛类别="高校及中高职院校师生", 带头人性别="女", 表彰时间="2023-11",
                      written={"表彰时间": "2023年11月"}),
          ], summary=None),
    _unit("阳泉市郊区总工会", "段红", "0353-3051234", "阳泉市郊区总工会",
          _award("阳泉市郊区总工会", "郊工发〔2023〕6号", "2023年7月20日", ["W11", "W12", "W13"]), [
              _result("W11", "大棚卷帘机防倒转装置", "郊区河底镇蔬菜专业合作社", "马林", "小创造", 4,
                      "大棚卷帘机停电或电机故障时卷帘倒转，砸坏棚膜，甚至伤人。",
                      "在卷帘机减速箱输出轴加装棘轮棘爪式防倒转机构，正转时棘爪滑过，一旦反转立即锁止，另加装手动"
                      "释放杆，需要放帘时人工抬起棘爪，结构简单，农户自己就能安装。",
                      "防倒转装置安装后，合作社大棚没有再发生卷帘倒转，群众反映很好，得到镇里的推广。",
                      参赛类别="农业领域工作人员"),
              _result("W12", "玉米脱粒机喂料口改进", "郊区平坦镇农机服务队", "牛军", "小革新", 80,
                      "玉米脱粒机喂料口窄，人工喂料慢，还容易卷手。",
                      "把喂料口改为倾斜式宽口料斗，加装链板输送带均匀送料，入口处装有防护栅栏和急停拉绳，"
                      "脱粒滚筒转速可以按玉米含水量调节，破碎率明显降低。",
                      "脱粒效率由每小时2吨提高到5吨，籽粒破碎率由6%降到2%，年创经济效益45万元。",
                      参赛类别="农业领域工作人员"),
              _result("W13", "蔬菜大棚滴灌自动控制箱", "郊区荫营镇蔬菜合作社", "郭亮", "小设计", 20,
                      "菜农凭经验浇水，大水漫灌浪费水肥，棚内湿度大、病害多。",
                      "设计土壤墒情自动控制箱，墒情传感器埋在根系层，含水量低于设定值时自动开启电磁阀滴灌，控制箱"
                      "用太阳能板供电，菜农用手机就能查看墒情和设定阈值，一个控制箱可以管四个大棚。",
                      "".join(_DRIP), 参赛类别="农业领域工作人员"),
              _result("W14", "果园自走式割草机", "郊区旧街乡林果专业合作社", "杜鹏", "小创造", 5,
                      "果树行间杂草靠人工割，一个劳力一天只能割两亩。",
                      "用微耕机底盘改装自走式割草机，前置甩刀式割台，割台高度可以调节，两侧加装仿形导轮，贴近树干"
                      "也不会伤树皮，转弯半径小，适合果园窄行作业。",
                      "割草效率由每天2亩提高到15亩，年节约人工费用5万元。", 参赛类别="农业领域工作人员",
                      表彰单位=None, 表彰名称=None, 表彰时间=None, 表彰文号=None),
          ], summary="docx", unlisted_extra=("郊区杨家庄乡农机站", "秸秆打捆机喂入装置")),
    _unit("阳泉市城区总工会", "田野", "0353-2031234", "阳泉市城区总工会",
          _award("阳泉市城区总工会", "城工发〔2023〕11号", "2023年6月28日", ["W15", "W17", "W18"]), [
              _result("W15", "“一键启停”供热站控制系统", "阳泉市城区热力公司", "赵刚", "小设计", 16,
                      "换热站启停要到现场逐台操作水泵和阀门，冬季夜间故障处置慢。",
                      "编写换热站一键启停程序，按先开阀后启泵的顺序自动执行，停机时反序执行，运行参数接入调度中心，"
                      "出现超压、缺水自动停泵并推送短信，调度员可以远程复位。",
                      "全公司18座换热站实现一键启停，故障处置时间由1小时缩短到10分钟，年创经济效益16万元。",
                      written={"box": "wingdings"}),
              _result("W17", "配电室轨道巡检装置", "阳泉市城区物业服务中心", "陈涛", "小发明", 10,
                      "配电室人工巡检频次低，夜间无人值守。", _PATROL,
                      "巡检频次由每天2次提高到24次，发现隐患37处，年创经济效益10万元。"),
              _result("W18", "井盖防坠网快装卡具", "阳泉市城区市政工程处", "李鑫", "小创造", 1.5,
                      "检查井防坠网安装要下井打孔，作业时间长、风险大。",
                      "设计可调式防坠网卡具，卡具三爪沿井壁撑开锁紧，不用打孔，地面用长柄扳手即可完成安装，防坠网"
                      "承重试验达到三百公斤，已在主城区道路推广。",
                      "单个井盖安装时间由1小时缩短到10分钟，年节约施工费用1.5万元。",
                      完成时间=None, written={"完成时间": ""}),
          ], summary="xlsx", unlisted="W18"),
]


def _all_results() -> list[tuple[dict[str, Any], _Res]]:
    return [(u, r) for u in WUXIAO_UNITS for r in u["results"]]


def _by(rid: str) -> tuple[dict[str, Any], _Res]:
    return next((u, r) for u, r in _all_results() if r["id"] == rid)


def _date_of(written: str) -> str:
    """"2023年6月" as records.json writes it."""
    y, rest = written.split("年")
    return f"{y}-{int(rest.split('月')[0]):02d}"


for _u in WUXIAO_UNITS:
    for _r in _u["results"]:
        if dup := _r["fields"].pop("dup_of", None):  # the same result sent again by another unit
            _r["fields"] = copy.deepcopy(_by(dup)[1]["fields"])
            _r["written"], _r["team"] = dict(_by(dup)[1]["written"]), _by(dup)[1]["team"]
        _r["form_as"] = _r["fields"].pop("form", "docx")
        f = _r["fields"]
        award = _u["award"]
        _r["written"].setdefault("表彰时间", award["date"].split("月")[0] + "月")
        for key, value in (("表彰单位", award["issuer"]), ("表彰名称", AWARD_NAME), ("表彰文号", award["number"]),
                           ("表彰时间", _date_of(_r["written"]["表彰时间"]))):
            f.setdefault(key, value)
        _r["form_path"] = f"{_u['folder']}/{_r['id'][1:]}-{f['成果名称']}-申报表.{_r['form_as']}"
    _u["award_path"] = f"{_u['folder']}/基层表彰文件-{_u['award']['number'][:2]}.{_u['award']['as']}"
    if _u["summary"]:
        _u["summary_path"] = f"{_u['folder']}/推荐汇总表.{_u['summary']}"




def form_fields(unit: dict[str, Any], r: _Res) -> dict[str, Any]:
    """Every field of the result's 申报表 as records.json holds it."""
    return {**r["fields"], "推荐单位": unit["推荐单位"], "联系人": unit["联系人"], "联系电话": unit["电话"],
            "填报日期": FILLED}


# ------------------------------------------------------------------------------------------------ planted findings


def _f(code: str, rid: str, field: str = "", actual: Any = None, limit: Any = None) -> dict:
    u, r = _by(rid)
    return finding(code, u["推荐单位"], [r["form_path"]], field, actual, limit, r["fields"]["成果名称"])


def _chars(text: str) -> int:
    return word_count(text)


_PD, _JQ, _ZY = WUXIAO_UNITS[1], WUXIAO_UNITS[4], WUXIAO_UNITS[3]
EXPECTED_WUXIAO: list[dict[str, Any]] = [
    _f("length.over", "W2", "问题描述", _chars(_by("W2")[1]["fields"]["问题描述"]), 300),
    _f("length.over", "W2", "主要内容", _chars(_by("W2")[1]["fields"]["主要内容"]), 800),
    _f("length.over", "W13", "应用效果", _chars(_by("W13")[1]["fields"]["应用效果"]), 300),
    _f("award.missing", "W5", "表彰单位", "平定县科学技术局"),
    finding("duplicate.submission", "平定县总工会、盂县总工会", [_by("W1")[1]["form_path"], _by("W16")[1]["form_path"]],
            "成果名称", 2, None, "带式输送机托辊快速更换装置"),
    # 矿区's W6 copies 盂县's W3 (主要内容) under another 带头人 and 申报单位: one finding on both.
    finding("duplicate.misappropriation", "盂县总工会、阳泉市矿区总工会",
            [_by("W3")[1]["form_path"], _by("W6")[1]["form_path"]], "主要内容及创新点", "measured",
            NEAR_COPY_THRESHOLD, "液压支架快速拆装工具"),
    _f("award.unverified", "W7", "成果名称"),
    _f("pledge.missing", "W8", "承诺"),
    _f("choice.invalid", "W9", "成果类别", 2, 1),
    _f("award.missing", "W10", "表彰时间", "2023-11", FILLED),
    finding("summary.missing", "阳泉职业技术学院工会", [r["form_path"] for r in _ZY["results"]]),
    _f("evidence.no_numbers", "W11", "应用效果"),
    _f("numbers.inconsistent", "W12", "经济效益", 45, 80),
    _f("award.missing", "W14", "表彰单位"),
    finding("summary.not_received", _JQ["推荐单位"], [_JQ["summary_path"]], "成果名称", None, None,
            _JQ["unlisted_extra"][1]),
    _f("field.missing", "W18", "完成时间"),
    _f("summary.not_listed", "W18", "成果名称"),
    finding("file.scanned", _PD["推荐单位"], [_PD["award_path"]], "", "measured"),
]
# Last year's winners (samples/named_list.py writes it; ``make demo`` imports it): W15, its name written differently.
NAMED_YEAR = 2022
NAMED_LIST_TITLE = "2022年度阳泉市职工“五小”竞赛优秀成果名单"
NAMED_LIST_WUXIAO = [
    ("一键启停供热站控制系统", "阳泉市城区热力公司", "赵刚"),
    ("掘进机截齿快换工具", "华阳集团三矿综掘队", "秦勇"),
    ("温室大棚二氧化碳补气装置", "郊区义井镇蔬菜合作社", "韩梅"),
]
# What a run adds with that list and 2022's batch (EARLIER_WUXIAO) in the registry.
EXPECTED_WUXIAO_REGISTRY: list[dict[str, Any]] = [
    _f("registry.already_named", "W15", "成果名称", NAMED_YEAR),
    _f("duplicate.misappropriation", "W17", "主要内容及创新点", "measured", NEAR_COPY_THRESHOLD),
]
MEASURED_WUXIAO = {"file.scanned": (0.5, 1.0), "duplicate.misappropriation": NEAR_COPY_SIMILARITY}
for _e in EXPECTED_WUXIAO + EXPECTED_WUXIAO_REGISTRY:
    if _e["code"] in MEASURED_WUXIAO:
        _e["actual"] = list(MEASURED_WUXIAO[_e["code"]])

assert _chars(_by("W2")[1]["fields"]["问题描述"]) > 300 and _chars(_by("W2")[1]["fields"]["主要内容"]) > 800
assert _chars(_by("W13")[1]["fields"]["应用效果"]) > 300

# ------------------------------------------------------------------------------------------------ the documents


def _options(r: _Res, key: str, options: list[str]) -> tuple[str, Any]:
    """A choice's cell: (kind, payload) for forms.form_table."""
    w, chosen = r["written"], r["fields"][key]
    picked = w.get("ticked", chosen or "") if key == "成果类别" else chosen
    ticked = set(picked.split(",")) if isinstance(picked, str) else {"是" if picked else "否"}
    style = w["box"]
    if style == "typed" and key != "已投入使用":
        return "V", chosen
    if style == "wingdings":
        return "W", [(o in ticked, o) for o in options]
    if style == "after":
        return "V", "　".join(f"{o}{'√' if o in ticked else '□'}" for o in options)
    mark = "■" if style == "solid" else "☑"
    return "V", "　".join(f"{mark if o in ticked else '□'}{o}" for o in options)


def _form_cells(r: _Res) -> tuple[int, list[FormCell]]:
    f, w = r["fields"], r["written"]
    team = r["team"] or [("", "", "", "")]
    cat, entrant, used = (_options(r, "成果类别", CATEGORIES), _options(r, "参赛类别", ENTRANTS),
                          _options(r, "已投入使用", ["是", "否"]))
    cells: list[FormCell] = [
        (0, 0, 1, 1, "L", "成果名称"), (0, 1, 1, 6, "V", f["成果名称"]),
        (1, 0, 1, 1, "L", "成果类别"), (1, 1, 1, 6, *cat),
        (2, 0, 1, 1, "L", "参赛类别"), (2, 1, 1, 6, *entrant),
        (3, 0, 2, 1, "L", "项目带头人"), (3, 1, 1, 1, "L", "姓名"), (3, 2, 1, 1, "V", f["带头人姓名"]),
        (3, 3, 1, 1, "L", "性别"), (3, 4, 1, 1, "V", f["带头人性别"]),
        (3, 5, 1, 1, "L", "出生年月"), (3, 6, 1, 1, "V", "1978年5月"),
        (4, 1, 1, 1, "L", "工作单位"), (4, 2, 1, 1, "V", f["带头人单位"]), (4, 3, 1, 1, "L", "职务"),
        (4, 4, 1, 1, "V", f["带头人职务"]), (4, 5, 1, 1, "L", "手机"), (4, 6, 1, 1, "V", f["带头人电话"]),
        (5, 0, 1 + len(team), 1, "L", "其他完成人"), (5, 1, 1, 1, "L", "姓名"), (5, 2, 1, 2, "L", "单位"),
        (5, 4, 1, 1, "L", "职务"), (5, 5, 1, 2, "L", "分工"),
    ]
    for i, (name, unit, duty, part) in enumerate(team, start=6):
        cells += [(i, 1, 1, 1, "V", name), (i, 2, 1, 2, "V", unit), (i, 4, 1, 1, "V", duty), (i, 5, 1, 2, "V", part)]
    n = 6 + len(team)
    ip = f["知识产权"] or "无"
    cells += [
        (n, 0, 1, 1, "L", "完成时间"), (n, 1, 1, 2, "V", w["完成时间"]), (n, 3, 1, 2, "L", "是否已投入使用"),
        (n, 5, 1, 2, *used),
        (n + 1, 0, 2, 1, "L", "基层评审表彰情况"), (n + 1, 1, 1, 1, "L", "表彰单位"), (n + 1, 2, 1, 2, "V", f["表彰单位"] or ""),
        (n + 1, 4, 1, 1, "L", "表彰名称"), (n + 1, 5, 1, 2, "V", f["表彰名称"] or ""),
        (n + 2, 1, 1, 1, "L", "表彰时间"), (n + 2, 2, 1, 2, "V", w["表彰时间"] if f["表彰时间"] else ""),
        (n + 2, 4, 1, 1, "L", "表彰文号"), (n + 2, 5, 1, 2, "V", f["表彰文号"] or ""),
        (n + 3, 0, 1, 1, "L", "知识产权"), (n + 3, 1, 1, 6, "V", ip),
        (n + 4, 0, 1, 1, "L", "问题描述"), (n + 4, 1, 1, 6, "T", [f["问题描述"]]),
        (n + 5, 0, 1, 1, "L", "主要内容及创新点"), (n + 5, 1, 1, 6, "T", [f["主要内容"]]),
        (n + 6, 0, 1, 1, "L", "应用情况及效果"), (n + 6, 1, 1, 6, "T", [f["应用效果"]]),
        (n + 7, 0, 1, 1, "L", "经济效益（万元/年）"), (n + 7, 1, 1, 2, "V", w["经济效益"]),
        (n + 7, 3, 1, 1, "L", "测算依据"), (n + 7, 4, 1, 3, "T", [f["测算依据"]]),
        (n + 8, 0, 1, 1, "L", "社会效益"), (n + 8, 1, 1, 6, "T", [f["社会效益"]]),
        (n + 9, 0, 1, 1, "L", "真实性承诺"),
        (n + 9, 1, 1, 6, "V", f"{PLEDGE}\n完成人签字：{w['signed'] or '＿＿＿＿＿＿＿＿'}　　2023年10月18日"),
        (n + 10, 0, 1, 1, "L", "基层工会意见"), (n + 10, 1, 1, 6, "V", "\n".join(OPINION)),
        (n + 11, 0, 1, 1, "L", "推荐单位意见"), (n + 11, 1, 1, 6, "V", "\n".join(OPINION)),
    ]
    return n + 12, cells


def form_docx(unit: dict[str, Any], r: _Res) -> bytes:
    doc = new_doc(unit["联系人"], WUXIAO_DT)
    para(doc, "附件1", size=14, east=HEAD_FONT)
    para(doc, "“五小”创新成果申报表", align="center", bold=True, size=18, east=TITLE_FONT, space_after=6)
    para(doc, f"申报单位（盖章）：{r['fields']['申报单位']}　　推荐单位：{unit['推荐单位']}")
    para(doc, f"联系人：{unit['联系人']}　　联系电话：{unit['电话']}　　填报日期：2023年10月20日")
    n_rows, cells = _form_cells(r)
    form_table(doc, n_rows, 7, cells, (2.6, 1.9, 3.0, 1.6, 2.2, 1.8, 2.7))
    return docx_bytes(doc, WUXIAO_DT)


def award_docx(unit: dict[str, Any]) -> bytes:
    """The unit's 基层表彰文件: a 表彰决定 listing its results (table or numbered lines)."""
    a = unit["award"]
    doc = new_doc(a["issuer"], WUXIAO_DT)
    listed = [_by(rid)[1]["fields"] for rid in a["listed"]]
    body = [f"为深入开展职工“五小”竞赛活动，激发广大职工创新创造活力，经基层推荐、专家评审，{a['issuer']}决定对以下"
            f"{len(listed)}项成果授予“{AWARD_NAME}”称号，予以表彰。"]
    closing = ["希望受表彰的集体和个人珍惜荣誉、再接再厉，广大职工以他们为榜样，立足岗位创新创效。"]
    common = dict(closing=closing, signed=a["date"])
    title = f"关于表彰{AWARD_NAME}的决定"
    if a["style"] == "table":
        rows = [[i, f["成果名称"], f["申报单位"], f["带头人姓名"]] for i, f in enumerate(listed, start=1)]
        official_document(doc, a["issuer"], a["number"], title, "各基层工会：", body,
                          headers=["序号", "成果名称", "完成单位", "主要完成人"], rows=rows,
                          widths_cm=(1.4, 6.4, 5.0, 3.0), **common)
    else:
        items = [f"{f['成果名称']}（{f['申报单位']}　{f['带头人姓名']}）" for f in listed]
        official_document(doc, a["issuer"], a["number"], title, "各基层工会：", body, items=items, **common)
    return docx_bytes(doc, WUXIAO_DT)


def _summary_rows(unit: dict[str, Any]) -> list[list[Any]]:
    rows = []
    listed = [r for r in unit["results"] if r["id"] != unit.get("unlisted")]
    for i, r in enumerate(listed, start=1):
        f = r["fields"]
        team = "、".join(t[0] for t in r["team"] or [])
        award = f"{f['表彰单位']}{f['表彰名称']}（{f['表彰文号']}）" if f["表彰单位"] else ""
        category = "、".join(f["成果类别"]) if isinstance(f["成果类别"], list) else f["成果类别"]
        rows.append([i, f["申报单位"], f["成果名称"], category, f["带头人姓名"], team, award, r["written"]["经济效益"],
                     f["带头人电话"], ""])
    if unit.get("unlisted_extra"):
        applicant, name = unit["unlisted_extra"]
        rows.append([len(rows) + 1, applicant, name, "小革新", "吕军", "", "", "3", "13903539999", ""])
    return rows


def summary_docx(unit: dict[str, Any]) -> bytes:
    doc = new_doc(unit["联系人"], WUXIAO_DT)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    para(doc, "附件2", size=14, east=HEAD_FONT)
    para(doc, "“五小”成果推荐汇总表", align="center", bold=True, size=18, east=TITLE_FONT, space_after=6)
    para(doc, f"推荐单位（盖章）：{unit['推荐单位']}　　联系人：{unit['联系人']}　　电话：{unit['电话']}")
    list_docx_table(doc, SUMMARY_HEADERS, _summary_rows(unit), (1.2, 3.6, 4.2, 1.8, 1.8, 2.4, 4.6, 1.8, 2.6, 1.4))
    return docx_bytes(doc, WUXIAO_DT)


def summary_xlsx(unit: dict[str, Any]) -> bytes:
    return list_xlsx("“五小”成果推荐汇总表", [f"推荐单位（盖章）：{unit['推荐单位']}　联系人：{unit['联系人']}　电话：{unit['电话']}"],
                     SUMMARY_HEADERS, _summary_rows(unit), (6, 24, 28, 10, 10, 14, 36, 10, 14, 10), unit["联系人"],
                     WUXIAO_DT, caption="附件2")


AWARD_DOCS = {u["award_path"]: u for u in WUXIAO_UNITS}


def build_wuxiao_inbox(dest: Path) -> Path:
    """Create the sample inbox for the ``wuxiao`` profile in ``dest`` (absent or empty); return ``dest``."""
    dest = empty_dest(dest)
    typed: dict[str, tuple[bytes, str]] = {}
    files: dict[str, bytes] = {}
    for unit, r in _all_results():
        typed[r["form_path"]] = (form_docx(unit, r), r["form_as"])
    for unit in WUXIAO_UNITS:
        typed[unit["award_path"]] = (award_docx(unit), unit["award"]["as"])
        if unit["summary"] == "xlsx":
            files[unit["summary_path"]] = summary_xlsx(unit)
        elif unit["summary"] == "docx":
            files[unit["summary_path"]] = summary_docx(unit)
    files.update(deliver(typed, WUXIAO_DT))
    return write_inbox(dest, files, WUXIAO_DT)
