"""Near-copy detection (checks/similarity.py): a labelled set, precision/recall per threshold, timing.

    .venv/bin/python bench/nearcopy.py [--docs 1600] [--small-batches 120] [--timing 5000] [--seed 7]
                                       [--no-timing] [--no-groups] [--before HEAD] [--module REV|FILE]

Builds trade-union write-ups from templates and vocabulary pools with a fixed seed (班组创新案例 with
its four sections, 工作室主要业绩, 竞赛情况 over two or three years; 250–1,400 characters; ten fields of work, each text with its
own problem, tool, figures and a handful of the field's stock phrases), derives labelled copies from
some of them (light paraphrase, sentence reordering, synonym swaps, one section copied into an otherwise
different text) and labelled non-copies (hard negatives: two texts of the same kind and field sharing
five to eight stock clauses; plus ordinary pairs), puts everything in one batch with ~3 texts per unit,
and prints:

1. the exact measures compared on the labelled pairs (best F1 of each, no LSH involved);
2. precision / recall / F1 of ``NearCopyIndex.pairs()`` per threshold — precision over every flagged
   pair of the batch, unlabelled ones included — and recall per transformation at the default;
3. the same texts as 10 and as 80 separate batches;
4. the labelled pairs each compared alone (a two-text batch: no stock phrases can be learned from counts),
   without and with the built-in stock phrases;
5. small batches of 3, 5 and 8 units × 3 texts (``--small-batches`` of each), each with one labelled copy
   and one or two hard negatives sharing five WHOLE generic sentences — the generator's stock sentences
   (which the built-in list holds) or, every other one, GENERIC_SENTENCES (which it does not);
6. how much of the generator's stock and of the held-out sentences the built-in list knows;
7. the built-in list and the shingle weights switched on and off in the small batches;
8. a template copied by many units: ``grouped()`` (groups, other pairs, time) against ``pairs()``;
9. the time to index and pair ``--timing`` texts in a fresh process: cold (importing and loading
   jieba included) and warm (same process, jieba's word cache emptied), plus indexing from stored
   fingerprints;

then a summary at the default threshold; with ``--before REV`` the same settings are measured with
checks/similarity.py of that git revision (or file) and shown side by side. ``--module`` measures another
version instead of the working tree's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# ==================================================================================================
# Vocabulary

FIELDS: dict[str, dict[str, list[str]]] = {
    "电力": {
        "org": ["供电公司", "变电运维中心", "输电运检室", "配电运检班", "电力调度控制中心"],
        "obj": ["变电站", "配电线路", "继电保护装置", "高压开关柜", "输电杆塔", "智能电能表", "箱式变压器"],
        "part": ["隔离开关触头", "绝缘子串", "接地引下线", "二次回路", "计量接线盒", "避雷器"],
        "problem": ["巡检效率低", "故障定位困难", "停电检修时间长", "线损率偏高", "缺陷发现不及时"],
        "tool": ["无人机自主巡检系统", "带电作业绝缘操作杆", "配网故障快速定位仪", "开关柜局放在线监测终端"],
        "metric": ["故障抢修时长", "供电可靠率", "线路巡检效率", "综合线损率", "缺陷消除及时率"],
        "stake": ["居民和企业用电", "电网安全稳定运行", "重要客户供电"],
        "task": ["运行维护", "带电检测", "倒闸操作", "抢修保电"],
    },
    "机械制造": {
        "org": ["机床厂", "精密零部件分厂", "装备制造公司", "齿轮箱事业部", "液压件厂"],
        "obj": ["数控车床", "五轴加工中心", "齿轮箱壳体", "液压阀块", "曲轴生产线", "焊接机器人"],
        "part": ["刀具夹持结构", "定位工装", "主轴冷却回路", "排屑装置", "夹具压板", "导轨润滑系统"],
        "problem": ["加工精度不稳定", "刀具磨损快", "换型时间长", "废品率偏高", "装夹找正耗时"],
        "tool": ["快换式组合夹具", "刀具寿命监测装置", "在线尺寸检测工装", "自动上下料机构"],
        "metric": ["一次交检合格率", "单件加工工时", "刀具消耗", "设备综合效率", "换型时间"],
        "stake": ["产品交付周期", "生产线稳定运行", "客户订单交付"],
        "task": ["机加工", "装配调试", "设备维修", "工艺改进"],
    },
    "化工": {
        "org": ["石化分公司", "化肥厂", "精细化工园区公司", "氯碱厂", "聚合车间"],
        "obj": ["反应釜", "精馏塔", "换热器", "离心压缩机", "储罐区", "循环水系统"],
        "part": ["搅拌密封", "塔盘", "管束", "仪表取压管", "安全阀", "冷凝器"],
        "problem": ["能耗偏高", "物料跑冒滴漏", "结焦堵塞频繁", "产品收率偏低", "开停车操作复杂"],
        "tool": ["在线清焦装置", "泄漏智能监测系统", "精馏塔先进控制方案", "换热器高压水射流清洗器"],
        "metric": ["吨产品综合能耗", "产品收率", "非计划停车次数", "装置运行周期", "泄漏点数量"],
        "stake": ["装置安全平稳运行", "周边环境安全", "装置长周期运行"],
        "task": ["工艺操作", "设备保运", "安全巡检", "开停车"],
    },
    "铁路": {
        "org": ["机务段", "电务段", "工务段", "动车段", "车辆段"],
        "obj": ["动车组", "轨道电路", "道岔转辙机", "接触网", "货车制动机", "信号联锁设备"],
        "part": ["转向架", "受电弓滑板", "尖轨密贴检查器", "绝缘节", "闸瓦", "轴箱轴承"],
        "problem": ["检修周期长", "故障隐蔽难查", "作业人员劳动强度大", "天窗时间利用率低", "误报警多"],
        "tool": ["道岔缺口智能监测仪", "转向架检修辅助小车", "接触网参数激光测量仪", "闸瓦磨耗图像识别系统"],
        "metric": ["设备故障率", "单列检修时间", "天窗作业效率", "临修率", "行车设备故障延时"],
        "stake": ["行车安全", "旅客出行", "运输秩序"],
        "task": ["检修", "巡视", "天窗作业", "整备"],
    },
    "医疗": {
        "org": ["人民医院", "中医院", "妇幼保健院", "护理部", "急诊科"],
        "obj": ["静脉输液", "病区物资管理", "急诊分诊流程", "手术器械包", "住院患者跌倒预防", "药品发放"],
        "part": ["输液巡视环节", "交接班记录", "器械清洗流程", "床旁呼叫", "标本转运", "医嘱核对"],
        "problem": ["患者等候时间长", "护理差错风险高", "交接信息遗漏", "器械周转慢", "夜间人手紧张"],
        "tool": ["输液余量智能提醒器", "病区物资二维码管理系统", "分诊信息化评估表", "器械包追溯标签"],
        "metric": ["患者满意度", "平均等候时间", "护理不良事件发生率", "器械包周转时间", "交接班用时"],
        "stake": ["患者安全", "医疗质量", "医护人员工作效率"],
        "task": ["临床护理", "分诊接诊", "消毒供应", "病区管理"],
    },
    "高校": {
        "org": ["大学", "职业技术学院", "师范学院", "理工学院", "科技大学"],
        "obj": ["实验教学平台", "大型仪器共享", "实训车间", "课程思政", "学生创新创业训练", "网络教学平台"],
        "part": ["实验预约环节", "仪器操作规程", "实训项目库", "教学案例库", "考核评价方式", "虚拟仿真模块"],
        "problem": ["仪器使用率低", "实训项目与岗位脱节", "实验预约效率低", "教学资源分散", "考核方式单一"],
        "tool": ["仪器共享预约管理平台", "虚拟仿真实训系统", "模块化教学案例库", "实训过程评价系统"],
        "metric": ["仪器机时利用率", "学生竞赛获奖数", "实验开出率", "课程优良率", "学生满意度"],
        "stake": ["人才培养质量", "师生科研工作", "教学秩序"],
        "task": ["实验教学", "实训指导", "设备管理", "课程建设"],
    },
    "建筑": {
        "org": ["建工集团", "市政工程公司", "路桥建设公司", "安装工程公司", "项目部"],
        "obj": ["混凝土浇筑", "钢筋加工", "铝模板体系", "塔式起重机", "深基坑支护", "装配式构件吊装"],
        "part": ["模板拼缝", "钢筋保护层", "吊装索具", "支撑轴力监测点", "预埋件定位", "养护覆盖"],
        "problem": ["施工工期紧", "质量通病频发", "高处作业风险大", "材料损耗大", "测量放线误差大"],
        "tool": ["预埋件定位卡具", "钢筋保护层自动检测尺", "基坑监测预警平台", "构件吊装辅助定位架"],
        "metric": ["一次验收合格率", "材料损耗率", "施工工期", "安全隐患整改率", "实测实量合格率"],
        "stake": ["工程质量安全", "项目如期交付", "作业人员安全"],
        "task": ["现场施工", "质量检查", "安全管理", "测量放线"],
    },
    "供水": {
        "org": ["自来水公司", "水务集团", "净水厂", "管网分公司", "排水管理处"],
        "obj": ["供水管网", "加压泵站", "沉淀池", "加氯系统", "二次供水设施", "智能水表"],
        "part": ["阀门井", "水泵机组", "滤池反冲洗", "投药管路", "压力监测点", "计量表井"],
        "problem": ["管网漏损率高", "泵站能耗高", "水质波动", "爆管抢修慢", "抄表数据不准"],
        "tool": ["管网漏损听音定位仪", "泵站智能调度系统", "加药精准控制装置", "夜间最小流量分析平台"],
        "metric": ["管网漏损率", "吨水电耗", "出厂水合格率", "抢修到场时间", "抄表准确率"],
        "stake": ["城市供水安全", "居民用水", "水质达标"],
        "task": ["管网巡查", "泵站运行", "水质检测", "抢修维护"],
    },
    "通信": {
        "org": ["移动分公司", "电信分公司", "铁塔公司", "网络运维中心", "传输维护中心"],
        "obj": ["基站", "光缆线路", "传输设备", "机房动力环境", "宽带接入网", "5G室分系统"],
        "part": ["光缆接头盒", "蓄电池组", "天馈系统", "配线架", "空调系统", "光功率监测"],
        "problem": ["断站告警频繁", "光缆故障定位慢", "机房能耗高", "投诉处理周期长", "网络覆盖不足"],
        "tool": ["光缆故障快速定位系统", "基站智能节能控制器", "蓄电池在线检测装置", "投诉智能分析工具"],
        "metric": ["网络可用率", "故障历时", "单站能耗", "投诉处理时长", "用户满意度"],
        "stake": ["通信畅通", "用户感知", "重要通信保障"],
        "task": ["网络维护", "线路抢修", "机房巡检", "网络优化"],
    },
    "煤矿": {
        "org": ["煤矿", "矿业集团", "选煤厂", "综采队", "机电科"],
        "obj": ["综采工作面", "带式输送机", "主通风机", "液压支架", "井下排水系统", "瓦斯抽采系统"],
        "part": ["托辊", "电缆夹板", "立柱密封", "水泵吸水管", "抽采管路", "滚筒截齿"],
        "problem": ["设备故障停机多", "井下作业环境差", "人工巡检强度大", "瓦斯超限风险高", "配件消耗大"],
        "tool": [
            "带式输送机托辊智能巡检机器人",
            "液压支架立柱快速更换装置",
            "排水系统自动控制装置",
            "抽采管路负压监测仪",
        ],
        "metric": ["设备开机率", "原煤生产效率", "配件消耗费用", "安全隐患数量", "单班作业人数"],
        "stake": ["矿井安全生产", "井下职工生命安全", "原煤稳产高产"],
        "task": ["采掘生产", "机电维修", "通风管理", "安全巡检"],
    },
}

# Stock clauses of the field: what unrelated write-ups share.
STOCK = [
    "坚持以习近平新时代中国特色社会主义思想为指导",
    "深入贯彻落实党的二十大精神",
    "充分发挥劳模示范引领作用",
    "取得了显著成效",
    "大力弘扬劳模精神、劳动精神、工匠精神",
    "以党建带工建、以工建促党建",
    "为企业高质量发展贡献了班组力量",
    "不断增强职工的获得感、幸福感、安全感",
    "围绕中心、服务大局",
    "深入开展劳动和技能竞赛",
    "营造了比学赶超的浓厚氛围",
    "切实把职工群众的积极性、主动性、创造性激发出来",
    "推动职工技能素质整体提升",
    "形成了可复制、可推广的经验做法",
    "得到了上级部门和兄弟单位的充分肯定",
    "持续深化产业工人队伍建设改革",
    "着力打造知识型、技能型、创新型职工队伍",
    "坚持问题导向和目标导向相结合",
    "把创新创效作为班组建设的重要抓手",
    "充分发挥工会组织的桥梁纽带作用",
    "积极搭建职工创新创效平台",
    "以赛促学、以赛促训、以赛促建",
    "全面提升班组管理水平",
    "始终把安全生产放在首位",
    "切实维护职工合法权益",
    "努力建设一支政治过硬、本领高强的职工队伍",
    "推动群众性技术创新活动蓬勃开展",
    "营造崇尚技能、尊重劳动的良好氛围",
    "进一步激发了职工的创新热情",
    "有力推动了各项工作提质增效",
    "在平凡岗位上干出了不平凡的业绩",
    "持续推进班组标准化建设",
    "认真落实上级工会的各项部署要求",
    "坚持把职工创新成果转化为现实生产力",
    "发挥了传帮带作用",
    "实现了经济效益和社会效益双丰收",
    "为地方经济社会发展作出了积极贡献",
    "不断完善工作机制",
    "持续擦亮劳模工匠品牌",
    "推动工作室建设走深走实",
]
STOCK_JOIN = ["{a}，{b}。", "我们{a}，{b}。", "近年来，班组{a}，{b}。", "{a}。", "工作中始终{a}，{b}。"]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
AWARDS = [
    "全国职工优秀技术创新成果奖",
    "省职工优秀技术创新成果一等奖",
    "省部级科技进步二等奖",
    "市五小创新成果一等奖",
    "中国质量协会QC成果一等奖",
    "集团公司科技创新一等奖",
    "省质量管理小组活动优秀成果",
    "全国能源化学地质系统优秀职工技术创新成果",
]
HONOURS = [
    "全国工人先锋号",
    "省工人先锋号",
    "省五一劳动奖状",
    "市劳模创新工作室",
    "省级示范性劳模创新工作室",
    "全国青年文明号",
    "省巾帼文明岗",
    "市优秀班组",
    "集团公司标杆班组",
]
COMPETITIONS = [
    "全国行业职业技能竞赛",
    "省职工职业技能大赛",
    "市职工技术比武",
    "集团公司技能运动会",
    "省五小创新竞赛",
    "省劳动和技能竞赛",
    "长三角职工技能邀请赛",
    "行业青年岗位能手技能竞赛",
]
EVENTS = [
    "技能比武",
    "岗位练兵",
    "技术练兵",
    "创新大赛",
    "导师带徒",
    "技术讲座",
    "合理化建议征集",
    "QC小组活动",
]

# ==================================================================================================
# Templates: "{slot}" is filled from the text's own pools, "[a|b|c]" is chosen anew in every text, so two
# texts that happen to use the same template still word it differently.

_ALT = re.compile(r"\[([^\]]*)\]")
CASE_BACKGROUND = [
    "{team}[隶属于|是|系]{org}[的一线班组|下属的生产班组|的骨干班组]，现有[职工|成员]{n1}人，其中[高级技师|技师|工程师]{n2}人，[主要承担|负责]{obj}的{task}[任务|工作]。",
    "[近年来|这几年|“十四五”以来]，随着[业务量持续增长|设备规模不断扩大|生产任务日益繁重]，{obj}{problem}的[问题|矛盾|短板][日益突出|愈发明显|逐渐显现]，[每月|每季度]因此[影响|耽误]{task}[作业|工作]约{n4}次。",
    "{year}年[初|春季|下半年]，班组在[日常|例行]{task}中发现，{obj}的{part}[存在|出现了]{problem}的[情况|现象]，给{stake}带来[较大隐患|不小压力|不利影响]。",
    "[传统的|以往的|原有的]{task}方式[主要依靠|基本靠|大多依赖]人工[经验判断|逐一排查|目测手摸]，{part}的[状态|运行情况|变化趋势][难以及时掌握|不易准确判断|无法实时了解]。",
    "据[统计|不完全统计|班组台账记录]，{y1}年[至|到]{year}年，因{part}[原因|问题]造成的[故障|异常|非计划停运]共计{n5}起，[直接经济损失约|造成损失约|影响产值约]{m1}万元。",
    "{obj}是{org}的[关键设备|核心环节|重要系统]，[其|它的]{part}一旦[出现异常|发生故障|状态不良]，[将直接影响|就会波及|势必影响]{stake}。",
    "班组[成员平均年龄|职工平均年龄]{age}岁，[大专以上学历占|本科及以上学历占]{p1}%，[具备|有]开展[技术攻关|创新活动|QC活动]的良好基础。",
    "面对{problem}这一[长期困扰一线的难题|老大难问题|制约生产的瓶颈]，{team}[主动请缨|迎难而上|勇挑重担]，[决心|立志|下定决心]把它解决好。",
    "{part}[位置特殊|结构复杂|空间狭小]，[检修时|作业中|处理缺陷时]往往需要{n3}人[配合|协同]作业，[耗时|一次作业耗时]{h1}小时以上。",
    "[上级|{org}]下达的{metric}[考核指标|年度目标]为{p2}%，而班组[当时|改进前]仅能达到{p1}%，[差距明显|压力很大]。",
    "[一线职工|班组成员][反映|普遍反映]，{part}的[拆装|调整|检查][费时费力|劳动强度大|安全风险高]，[迫切需要|急需]改进。",
    "[为此|基于此|在此背景下]，班组把{obj}{problem}[列为|确定为]年度[攻关课题|创新项目|重点课题]。",
]
CASE_METHOD = [
    "[一是|首先，|第一，][成立攻关小组|组建项目团队|建强攻关队伍]。由[班组长|技术员|首席技师]{person}[牵头|挂帅|担任组长]，[吸收|选拔|抽调]{n2}名[青年骨干|技术能手|业务尖子]，[制定了|明确了]攻关[计划|路线图]和[时间节点|任务分工]。",
    "[二是|其次，|第二，][深入现场调研|摸清问题症结|开展数据分析]。小组[成员|人员][利用|通过]{n4}个{task}[周期|班次]，[采集|记录]{part}[运行|状态]数据{n6}[组|条]，[梳理出|找到]影响{metric}的[主要因素|关键原因]{n3}项。",
    "[三是|再次，|第三，][研制专用工具|自主设计装置|开展技术革新]。在[反复论证|多轮讨论|对比多种方案]的基础上，[自主设计了|研制出|制作了]{tool}，[解决了|攻克了]{part}[拆装困难|定位不准|检测不便]的难题。",
    "小组[采用|运用|借助][头脑风暴|鱼骨图|关联图|5W1H]和[因果分析|要因确认|现场验证]的方法，[逐一|逐项|一个一个]排查{obj}[各环节|各部件|的每个环节]，[最终确定|确认]{part}[结构不合理|设计缺陷|参数设置不当]是[主要原因|症结所在]。",
    "[经过|历经|先后开展]{n5}[次|轮]现场[试验|测试|验证]，[反复调整|不断优化|多次修改]{part}的[安装角度|结构尺寸|控制参数]，{tool}的[各项性能指标|主要技术参数][全部达到|满足|优于]设计要求。",
    "[同时|此外|与此同时]，班组将{tool}的[操作要点|使用方法|维护要求][编写成|整理为|固化为][作业指导书|标准化卡片|培训课件]，组织{n1}人次[开展|进行][实操培训|现场教学|示范演练]。",
    "[针对|围绕|为解决]{part}[拆装困难|更换频繁|调整不便]的问题，小组对[原有结构|原结构|原设计]进行了[模块化改造|轻量化改进|结构优化]，{task}时间由{h1}小时[缩短到|减少至|压缩到]{h2}小时。",
    "在[推广|应用|试运行]阶段，班组[建立了|完善了]{obj}[运行台账|状态档案|监测记录]，[每周|每月|每班]对{metric}进行[统计分析|对比分析|跟踪评估]，[发现问题及时优化|持续改进完善]。",
    "小组还与{org}[技术部门|设备部|研究所][合作|联合攻关|协同作战]，[引入|应用][数据分析|物联网传感|图像识别]手段，对{part}状态[实现了|做到了][实时监测|在线监测|动态跟踪]和[提前预警|超前预警|分级报警]。",
    "[为了验证效果|为检验成效|为确保可靠]，班组[选取|挑选]{n3}台{obj}作为[试点|试验对象]，[连续跟踪|持续观察]{n4}个月，[收集|累计获取]数据{n6}条。",
    "小组[把|将]{tool}[分解|拆分]为[检测|执行|控制][单元|模块]和[显示|报警|记录][单元|模块]，[分头设计|分组攻关|并行推进]，[大大|有效]缩短了研制周期。",
    "[在材料选择上|选材时]，小组[比较了|对比了|测试了]{n3}种[材料|方案]，[最终选用|最后确定采用][铝合金|高强度尼龙|不锈钢|碳纤维][材质|结构]，[重量减轻|成本降低]{p3}%。",
    "[班组|小组][坚持|实行]“[小课题、大攻关|日清日结|一事一议]”的[工作方法|机制]，每[周|月]召开[攻关推进会|碰头会]，[及时|随时]解决{n7}个[技术难点|卡脖子问题]。",
]
CASE_RESULT = [
    "项目[实施|投用|推广]后，{metric}由{p1}%[提升到|提高至|上升到]{p2}%，{problem}的问题[得到根本解决|基本消除|明显改善]。",
    "{tool}[获|荣获|被评为]{award}，[取得|获得|获授权][国家实用新型专利|实用新型专利]{n3}项、[发明专利|国家发明专利]{n7}项，[发表|撰写][技术论文|论文]{n2}篇。",
    "[目前|现在|截至{year}年底]，该成果已在{org}[所属|下属]{n5}个[站点|车间|场所][推广应用|投入使用|全面应用]，[运行稳定可靠|效果良好|反映良好]。",
    "与[改进前|改造前|以往]相比，{task}[作业时间|工作时长][平均缩短|减少|下降]{p3}%，[一线职工劳动强度明显降低|作业安全性大幅提高|人员投入减少一半]。",
    "班组[总结形成|提炼出|编制了]{task}[标准化作业流程|操作法|作业标准]{n3}项，被{org}[采纳为企业标准|纳入规程|推广执行]。",
    "{metric}[连续|已连续]{n4}个月[保持在|稳定在]{p2}%以上，[创历史最好水平|位列系统第一|达到行业先进水平]。",
    "[该|这项]成果在{year}年{competition}中[获得|取得|荣获][一等奖|金奖|第一名]，[受到|得到]评委的[一致好评|高度评价]。",
    "{part}[故障|缺陷|异常][次数|发生率]由[每月|每年]{n5}次[下降到|降至]{n7}次，[设备可靠性|运行稳定性][显著|大幅]提高。",
]
CASE_BENEFIT = [
    "按[每年|年均]减少停机{n6}小时[计算|测算]，[每年可节约|年节约]成本约{m1}万元，[累计创造|累计产生]经济效益{m2}万元。",
    "成果的[应用|推广]有效[降低了|减少了|化解了]{problem}带来的[安全风险|质量风险|运行风险]，[保障了|守护了|确保了]{stake}。",
    "[通过项目攻关|在攻关过程中|借助这个项目]，班组{n2}名成员[成长为|锻炼成为]技术骨干，其中{n7}人[获评|晋升为|取得]技师[职称|资格]。",
    "该做法[减少了|降低了]{part}的[更换频次|损坏率|维修次数]，[每年|年均]节约[备品备件|材料|维修]费用{m1}万元。",
    "项目的[成功实施|顺利推广]为同类{obj}的{task}[提供了借鉴|提供了样板|积累了经验]，[社会效益显著|得到同行认可|多家单位前来学习]。",
    "职工在攻关中[练就了|提升了|锤炼了][过硬本领|专业技能|创新能力]，班组[先后有|累计有]{n7}人在{competition}中获奖。",
    "[作业时间|检修时间|处置时间]的缩短[使|让]{stake}[更有保障|得到有力支撑|更加稳定]，[全年|当年]减少[用户投诉|损失|停产]{n5}[起|次]。",
    "[改进后|投用后]，{task}[作业人数|岗位人员]由{n3}人减少为{h2}人，[释放|节约]人力[用于|投入到]{obj}[维护|管理|运行]中。",
]
STUDIO = [
    "{studio}[成立于|创建于|组建于]{y2}年，由{rank}{person}[领衔|带头|牵头]，现有[成员|团队成员]{n1}人，其中[高级职称|副高以上职称|高级技师]{n2}人。",
    "工作室[围绕|聚焦|紧盯]{obj}{problem}等[生产难题|技术瓶颈|一线难题]，[累计完成|先后完成|共完成]技术攻关项目{n5}项，[解决现场难题|破解技术难题]{n6}个。",
    "领衔人{person}[带领团队|率领成员|组织骨干][研制的|研发的|设计的]{tool}[获|荣获]{award}，相关技术已在{org}[全面推广|广泛应用|推广使用]。",
    "近三年，工作室[取得|获得|获授权]国家专利{n3}项，其中发明专利{n7}项，[形成|总结|提炼]操作法{n2}项，[创造|产生]经济效益{m2}万元。",
    "工作室[坚持导师带徒|实行师带徒|开展结对帮扶]，[培养|带出]{title}{n4}人，{n2}名成员在{competition}中[获奖|取得名次|获得佳绩]。",
    "工作室[编写|编制|整理]{task}[培训教材|实训手册|案例汇编]{n7}册，[开发|制作][实操课程|微课|培训课件]{n3}门，[累计培训职工|培训一线职工|开展培训]{n8}人次。",
    "[针对|为解决|聚焦]{part}{problem}的问题，工作室[牵头开展|组织开展|开展]专项攻关，使{metric}[提升|提高|改善]{p3}%。",
    "工作室[先后被评为|先后获评|曾获得]{honour}、{honour2}，领衔人{person}[荣获|获得|被授予][省五一劳动奖章|全国技术能手|省劳动模范]。",
    "工作室与{school}[建立|签订]校企合作[关系|协议]，[联合开展|共同开展|合作开展]{obj}[新技术|新工艺|新材料][研究|攻关|应用]。",
    "工作室[建立了|完善了|推行]成员积分考核和成果奖励制度，{y2}年以来[累计发放|共发放|兑现]创新奖励{m1}万元。",
    "{person}[扎根|坚守|深耕]{task}岗位{age}年，[总结的|提出的|首创的]“{person}{task}法”在{org}[推广|普及]。",
    "工作室[设立|组建]{n3}个[攻关小组|专业小组|创新团队]，[每年|年均]承接{org}[重点|关键]课题{n7}项。",
    "[依托|借助|利用]工作室平台，[成员|团队]先后[完成|实施]{obj}[技术改造|升级改造|优化项目]{n5}项，[节约|节省]资金{m1}万元。",
    "工作室[成果|项目]《{tool}[的研制|研制与应用|的开发]》[入选|被列入]{org}年度[十大创新成果|重点推广项目]。",
]
CONTEST = [
    "{year}年，{org}工会围绕{obj}{task}[开展了|组织了|举办了]“{theme}”[劳动竞赛|主题竞赛|专项竞赛]，{n5}个班组、{n8}名职工参赛。",
    "竞赛[设置|设立|共设][{task}|{part}检修|{obj}故障处置]等{n3}个[项目|科目|赛项]，[理论考试与实操比武相结合|实行笔试加实操|采取理论加实际操作]。",
    "班组[组织开展|开展|组织]{event}{n4}场次，[参与职工|参加职工|职工参与]{n1}人次，平均成绩较上年[提高|提升]{p3}分。",
    "竞赛[期间|开展以来|进行中]，{metric}[提升|提高|改善]{p3}%，[累计消除|共消除|处理]{obj}缺陷{n6}项。",
    "{person}在{competition}中[获得第一名|夺得冠军|名列第一]，[被授予|获得|荣获]技术能手称号。",
    "班组[选派|推荐|组织]{n2}名选手[参加|参与|出战]{competition}，[获|取得|收获]团体[二等奖|三等奖|优胜奖]、个人[三等奖|优秀奖]{n7}项。",
    "竞赛结束后，[组织|召开|举办]{n3}次[经验交流会|总结分享会|技术沙龙]，将{n7}项优秀操作法在{org}[推广|普及|交流]。",
    "竞赛将{tool}的[推广应用|使用情况|实际应用][纳入|列入|作为]考核内容，[推动|促进|带动]成果转化{n5}项。",
    "{year}年[下半年|上半年|年底]，班组[承办了|协办了|参与组织了]{org}{event}，{n4}支[队伍|代表队]同台竞技。",
    "竞赛中[涌现出|征集到|收到]{n7}项合理化建议，其中{n2}项被采纳，[预计年节约成本|年可创效|预计节约资金]{m1}万元。",
    "[通过竞赛|竞赛结束后|借助竞赛平台]，班组[获评|被评为|荣获]{honour}，{n2}名职工[晋升技能等级|取得更高等级证书|提升了技能等级]。",
    "竞赛[实行|坚持|采用][周通报、月讲评|日统计、周排名|月度考核、季度评比]制度，{metric}等指标[每月|定期][排名公示|张榜公布|通报]。",
    "[赛前|比赛前|竞赛开始前]，班组[邀请|聘请]{school}[专家|教师|教授][开展|进行][专题辅导|集中培训|赛前指导]{n3}次。",
    "[比赛|竞赛|比武]中，选手们[围绕|聚焦]{part}[更换|调试|检测]等[实际操作|关键技能]展开角逐，[展现了|体现了]过硬的[技能水平|业务素质]。",
    "[为调动积极性|为激发参赛热情|为鼓励职工参赛]，{org}[拿出|设立|安排]专项奖金{m1}万元，对[获奖选手|优胜班组][给予|进行]表彰奖励。",
    "[我们|班组][还|同时][把|将]竞赛[与|和]{task}[日常工作|年度任务]相结合，[做到|实现]以赛促学、[学用结合|赛训结合]。",
    "{obj}{task}[竞赛|比武]中，{person}[发现并处理|及时处置]{part}隐患{n7}处，[避免|防止]了[一起|一次][设备事故|停运事故]。",
    "[参赛职工|选手们][平均年龄|年龄][只有|仅]{age}岁，[其中|有]{n2}人是[首次参赛|第一次参加比赛|新入职职工]。",
]
THEMES = ["提质增效", "安全生产月", "技能强企", "精益求精", "争创一流", "比学赶超", "降本增效", "创新创效"]
SCHOOLS = ["东南大学", "南京工业大学", "郑州大学", "河南理工大学", "江苏大学", "扬州职业大学", "河海大学"]
RANKS = ["全国劳动模范", "省劳动模范", "全国五一劳动奖章获得者", "省技术能手", "中华技能大奖获得者"]
TITLES = ["高级技师", "技师", "技术能手", "首席技师"]
TEAM_SUFFIX = ["班", "班组", "作业组", "检修班", "运维班"]
STUDIO_SUFFIX = ["劳模创新工作室", "技能大师工作室", "创新工作室", "职工创新工作室"]
PREFIX = "东南西北中前后新红金银青华兴宏远光明晨启星辰海天云峰蓝绿"

# Transformations: light paraphrase / synonym swaps.
SYNONYMS = {
    "提升": "提高", "开展": "组织", "显著": "明显", "有效": "切实", "职工": "员工", "问题": "难题",
    "研制": "研发", "成立": "组建", "小组": "团队", "攻关": "攻坚", "改造": "改进", "推广应用": "推广使用",
    "节约": "节省", "降低": "减少", "方法": "方式", "现场": "一线", "针对": "围绕", "经过": "通过",
    "目前": "现阶段", "每年": "年均", "近年来": "近几年", "主要": "重点", "逐一": "逐个", "积极": "主动",
    "深入": "深度", "建立": "构建", "形成": "建成", "保障": "保证", "较大": "很大", "突出": "明显",
    "反复": "多次", "最终": "最后", "作业": "工作", "统计": "测算", "累计": "共计", "缩短": "减少",
    "运行": "运转", "采集": "收集", "梳理": "归纳", "设计": "研发", "培训": "培养", "难题": "问题",
    "平均": "均", "全部": "均", "根本": "彻底", "稳定可靠": "安全可靠", "依靠": "依赖", "及时": "迅速",
    "隐患": "风险", "决心": "立志", "骨干": "中坚", "合作": "协作", "制定": "拟定", "详细": "周密",
    "实时": "即时", "提前": "超前", "选取": "挑选", "跟踪": "追踪", "收集": "汇集", "获评": "被评为",
    "练就": "锤炼", "减少": "降低", "借鉴": "参考", "先后": "陆续", "组织": "开展", "参加": "参与",
    "推动": "促进", "涌现": "产生", "预计": "预期",
}  # fmt: skip
FILLERS = [
    "这一做法得到了一线职工的普遍认可",
    "相关经验在班组内部进行了交流",
    "为后续工作打下了坚实基础",
    "班组上下形成了攻坚克难的合力",
    "有关做法已写入班组管理制度",
]


# ==================================================================================================
# Documents


@dataclass
class Doc:
    key: str
    kind: str  # case / studio / contest
    field: str
    sections: list[list[str]]  # sentences per section (case: 背景/做法/成果/效益)
    group: str = ""
    stock: list[str] = field(default_factory=list)
    slots: dict[str, str] = field(default_factory=dict)

    def render(self) -> str:
        if self.kind == "case":
            heads = ["一、案例背景", "二、主要做法", "三、创新成果", "四、效益影响"]
            return "\n".join(h + "\n" + "".join(s) for h, s in zip(heads, self.sections, strict=True))
        return "\n".join("".join(s) for s in self.sections)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.n = 0

    def slots(self, fld: str) -> dict[str, str]:
        r = self.rng
        v = FIELDS[fld]
        y = r.randint(2019, 2024)
        p1 = r.randint(60, 90)
        org = r.choice(PREFIX) + r.choice(PREFIX) + r.choice(v["org"])
        return {
            "org": org,
            "team": r.choice(PREFIX) + r.choice(PREFIX) + r.choice(v["task"])[:2] + r.choice(TEAM_SUFFIX),
            "studio": _name(r) + r.choice(STUDIO_SUFFIX),
            "obj": r.choice(v["obj"]),
            "part": r.choice(v["part"]),
            "problem": r.choice(v["problem"]),
            "tool": r.choice(v["tool"]),
            "metric": r.choice(v["metric"]),
            "stake": r.choice(v["stake"]),
            "task": r.choice(v["task"]),
            "person": _name(r),
            "award": r.choice(AWARDS),
            "honour": r.choice(HONOURS),
            "honour2": r.choice(HONOURS),
            "competition": r.choice(COMPETITIONS),
            "event": r.choice(EVENTS),
            "theme": r.choice(THEMES),
            "school": r.choice(SCHOOLS),
            "rank": r.choice(RANKS),
            "title": r.choice(TITLES),
            "year": str(y),
            "y1": str(y - r.randint(2, 4)),
            "y2": str(r.randint(2008, 2020)),
            "age": str(r.randint(28, 41)),
            **{f"n{i}": str(r.randint(2, 9 + 10 * (i % 3))) for i in range(1, 8)},
            "n8": str(r.randint(100, 3000)),
            "p1": str(p1),
            "p2": str(min(99, p1 + r.randint(5, 15))),
            "p3": str(r.randint(10, 60)),
            "h1": str(r.randint(4, 9)),
            "h2": str(r.randint(1, 3)),
            "m1": str(round(r.uniform(3, 90), 1)),
            "m2": str(r.randint(100, 2000)),
        }

    def stock_sentences(self, clauses: list[str]) -> list[str]:
        out, i = [], 0
        while i < len(clauses):
            tpl = self.rng.choice(STOCK_JOIN)
            if "{b}" in tpl and i + 1 < len(clauses):
                out.append(tpl.format(a=clauses[i], b=clauses[i + 1]))
                i += 2
            else:
                out.append(clauses[i] + "。" if "{b}" in tpl else tpl.format(a=clauses[i]))
                i += 1
        return out

    def pick(self, pool: list[str], k: int, s: dict[str, str]) -> list[str]:
        choose = lambda m: self.rng.choice(m.group(1).split("|"))  # noqa: E731
        return [_ALT.sub(choose, t).format(**s) for t in self.rng.sample(pool, k)]

    def doc(
        self,
        kind: str,
        fld: str | None = None,
        stock: list[str] | None = None,
        sentences: list[str] | None = None,
    ) -> Doc:
        """A new text; ``sentences`` are whole sentences put in as they are (generic sentences that unrelated
        texts share), after the stock clauses."""
        r = self.rng
        fld = fld or r.choice(list(FIELDS))
        s = self.slots(fld)
        stock = stock if stock is not None else r.sample(STOCK, r.randint(3, 7))
        st = self.stock_sentences(stock)
        if kind == "case":
            secs = [
                self.pick(CASE_BACKGROUND, r.randint(2, 4), s),
                self.pick(CASE_METHOD, r.randint(3, 6), s),
                self.pick(CASE_RESULT, r.randint(2, 4), s),
                self.pick(CASE_BENEFIT, r.randint(2, 3), s),
            ]
        elif kind == "studio":
            body = self.pick(STUDIO, r.randint(7, 12), s)
            secs = [body[: len(body) // 2], body[len(body) // 2 :]]
        else:
            # One paragraph per year of the last two or three (竞赛情况 covers several years).
            years = r.randint(2, 3)
            secs = [
                self.pick(CONTEST, r.randint(6, 11), {**s, "year": str(int(s["year"]) - k)})
                for k in range(years)
            ]
        # Stock sentences: an opening one, the rest scattered.
        secs[0].insert(0, st[0])
        for sent in st[1:] + list(sentences or ()):
            sec = r.choice(secs)
            sec.insert(r.randint(0, len(sec)), sent)
        self.n += 1
        d = Doc(f"d{self.n:05d}", kind, fld, secs)
        d.stock = list(stock)
        d.slots = s
        return d

    # -------------------------------------------------------------------------------------- transformations

    def _copy(self, d: Doc, tag: str) -> Doc:
        self.n += 1
        c = Doc(f"d{self.n:05d}{tag}", d.kind, d.field, [list(x) for x in d.sections])
        c.stock = list(d.stock)
        return c

    def _swap(self, sent: str, rate: float) -> str:
        for a, b in SYNONYMS.items():
            if a in sent and self.rng.random() < rate:
                sent = sent.replace(a, b)
        return sent

    def _renumber(self, sent: str) -> str:
        return re.sub(r"\d+", lambda m: str(int(m.group()) + self.rng.randint(1, 5)), sent, count=1)

    def paraphrase(self, d: Doc) -> Doc:
        """Some words changed (a quarter of the swappable ones), one or two sentences merged, a clause
        dropped, a figure changed, a sentence of one's own added."""
        r = self.rng
        c = self._copy(d, "p")
        c.sections = [[self._swap(x, 0.25) for x in sec] for sec in c.sections]
        for _ in range(r.randint(1, 2)):
            sec = r.choice([x for x in c.sections if len(x) > 1] or c.sections)
            if len(sec) > 1:
                i = r.randrange(len(sec) - 1)
                sec[i : i + 2] = [sec[i].rstrip("。") + "，" + sec[i + 1]]
        sec = r.choice(c.sections)
        i = r.randrange(len(sec))
        parts = sec[i].rstrip("。").split("，")
        if len(parts) > 2:
            del parts[r.randrange(1, len(parts))]
            sec[i] = "，".join(parts) + "。"
        sec = r.choice(c.sections)
        i = r.randrange(len(sec))
        sec[i] = self._renumber(sec[i])
        sec = r.choice(c.sections)
        sec.insert(r.randint(0, len(sec)), r.choice(FILLERS) + "。")
        return c

    def reorder(self, d: Doc) -> Doc:
        """Sentences shuffled inside each section; sections of a text without headings swapped."""
        c = self._copy(d, "r")
        for sec in c.sections:
            self.rng.shuffle(sec)
        if c.kind != "case":
            self.rng.shuffle(c.sections)
        return c

    def synonyms(self, d: Doc) -> Doc:
        """Most swappable words replaced by a synonym, nothing else changed."""
        c = self._copy(d, "s")
        c.sections = [[self._swap(x, 0.85) for x in sec] for sec in c.sections]
        return c

    def partial(self, d: Doc) -> Doc:
        """One section of d (lightly edited) put into an otherwise different text of the same kind and
        field: for a case its 主要做法 or 创新成果, otherwise one of its paragraphs."""
        host = self.doc(d.kind, d.field)
        host.key += "x"
        i = self.rng.choice((1, 2)) if d.kind == "case" else self.rng.randrange(len(d.sections))
        j = i if d.kind == "case" else self.rng.randrange(len(host.sections))
        host.sections[j] = [self._swap(x, 0.1) for x in d.sections[i]]
        return host


# ==================================================================================================
# The labelled set


@dataclass
class Labelled:
    docs: list[Doc]
    positives: list[tuple[str, str, str]]  # (key, key, transformation)
    negatives: list[tuple[str, str, str]]  # (key, key, "hard" | "ordinary")
    same_group: list[tuple[str, str]] = field(default_factory=list)
    campaign: dict[str, int] = field(default_factory=dict)  # key -> batch number


KINDS = ("case", "case", "studio", "contest")  # cases are the commonest write-up


def build_labelled(seed: int, n_docs: int, campaigns: int = 80, per_type: int = 60, hard: int = 320,
                   ordinary: int = 160) -> Labelled:  # fmt: skip
    """Labelled pairs and filler texts spread over ``campaigns`` batches (a labelled pair always inside
    one batch), units of about three texts each (a labelled pair always in two different units)."""
    g = Generator(seed)
    r = g.rng
    docs: list[Doc] = []
    positives, negatives = [], []
    campaign: dict[str, int] = {}

    def put(*ds: Doc) -> None:
        c = r.randrange(campaigns)
        for d in ds:
            docs.append(d)
            campaign[d.key] = c

    for t in ("paraphrase", "reorder", "synonyms", "partial"):
        for _ in range(per_type):
            base = g.doc(r.choice(KINDS))
            other = getattr(g, t)(base)
            put(base, other)
            positives.append((base.key, other.key, t))
    for _ in range(hard):
        kind, fld = r.choice(KINDS), r.choice(list(FIELDS))
        shared = r.sample(STOCK, r.randint(5, 8))
        a = g.doc(kind, fld, stock=shared)
        b = g.doc(kind, fld, stock=r.sample(shared, len(shared)))
        put(a, b)
        negatives.append((a.key, b.key, "hard"))
    filler: list[Doc] = []
    while len(docs) < n_docs:
        d = g.doc(r.choice(KINDS))
        put(d)
        filler.append(d)
    by_campaign: dict[int, list[Doc]] = {}
    for d in filler:
        by_campaign.setdefault(campaign[d.key], []).append(d)
    for _ in range(ordinary):
        a, b = r.sample(by_campaign[r.choice([c for c, v in by_campaign.items() if len(v) > 1])], 2)
        negatives.append((a.key, b.key, "ordinary"))
    # Units: about three texts each, numbered per campaign.
    by_key = {d.key: d for d in docs}
    r.shuffle(docs)
    for c in range(campaigns):
        members = [d for d in docs if campaign[d.key] == c]
        n_units = max(2, len(members) // 3)
        for i, d in enumerate(members):
            d.group = f"批{c}-单位{i % n_units:03d}"
        for a, b, _ in positives + negatives:
            if campaign[a] == c and by_key[a].group == by_key[b].group:
                by_key[b].group = f"批{c}-单位{(int(by_key[b].group.split('单位')[1]) + 1) % n_units:03d}"
    # A unit repeating its own sentences (a case's 做法 and 成果 again in its 竞赛情况): never a finding.
    same = []
    for d in r.sample([d for d in filler if d.kind == "case"], 20):
        g.n += 1
        own = Doc(f"d{g.n:05d}u", "contest", d.field, [list(d.sections[1]), list(d.sections[2])])
        own.group = d.group
        docs.append(own)
        campaign[own.key] = campaign[d.key]
        same.append((d.key, own.key))
    return Labelled(docs, positives, negatives, same, campaign)


# ==================================================================================================
# Small batches: 3, 5 or 8 units of ~3 texts, hard negatives sharing whole generic sentences

# Whole sentences of generic union writing that unrelated write-ups share, written for this bench and
# deliberately NOT put into checks/stock_phrases.txt: what the built-in list does not know. (Some of their
# three-word runs occur in it by chance; section 6 prints how many.)
GENERIC_SENTENCES = [
    "班组始终把职工的冷暖放在心上，坚持做到职工有困难第一时间到场、有诉求第一时间回应。",
    "每逢重要节日，班组都组织开展形式多样的文体活动，丰富职工的业余文化生活。",
    "班组长带头讲政治、讲规矩、讲奉献，在关键时刻站得出来、顶得上去。",
    "我们深知，一个班组的战斗力来自每一名成员的责任心和主人翁意识。",
    "班组坚持每周一次的学习日制度，雷打不动，风雨无阻。",
    "面对急难险重任务，班组成员总是冲锋在前、勇挑重担，从不讲条件、不计报酬。",
    "班组把干一行、爱一行、钻一行、精一行作为全体成员的共同追求。",
    "在工作中我们体会到，只有把个人的成长融入集体的发展，才能走得更远。",
    "班组注重发挥老师傅的经验优势和年轻人的学习优势，形成了新老互补、共同进步的良好局面。",
    "大家心往一处想、劲往一处使，遇到困难一起扛，取得成绩一起分享。",
    "班组建立了谈心谈话制度，及时掌握成员在工作和生活中遇到的实际困难。",
    "我们始终坚信，细节决定成败，态度决定高度。",
    "班组倡导今天的工作不拖到明天的作风，做到事事有回音、件件有着落。",
    "班组积极参加上级组织的各类志愿服务活动，展现了良好的社会形象。",
    "在推进各项工作的过程中，班组注重总结提炼，不断完善工作方法和管理制度。",
    "这些成绩的取得，离不开上级领导的关心支持，离不开全体成员的辛勤付出。",
    "回顾过去，我们倍感振奋；展望未来，我们信心满怀。",
    "班组将继续保持昂扬向上的精神状态，努力创造更加优异的成绩。",
    "我们清醒地认识到，与先进班组相比，我们在创新能力和管理水平上还存在一定差距。",
    "下一步，班组将进一步加强学习，不断提升成员的综合素质和业务能力。",
    "班组营造了团结友爱、互帮互助的家庭式氛围，让每一名成员都感受到集体的温暖。",
    "班组注重把思想工作融入日常管理，做到润物细无声。",
    "我们坚持用制度管人、按流程办事，班组管理日益规范。",
    "班组坚持每月开展一次隐患排查，做到问题早发现、早处理。",
    "班组成员爱岗敬业、默默奉献，多人多次受到上级表彰。",
    "班组始终坚持高标准、严要求，把每一项工作都做到精益求精。",
    "在防汛抗旱等急难险重任务中，班组成员主动请缨、冲在一线。",
    "班组通过组织读书分享会、主题党日等活动，不断增强成员的政治意识和大局意识。",
    "班组高度重视新入职人员的培养，为每一名新人配备一名经验丰富的师傅。",
    "我们坚持把职工满意不满意作为衡量工作成效的根本标准。",
]
TRANSFORMS = ("paraphrase", "reorder", "synonyms", "partial")
HARD_LISTED, HARD_HELD_OUT = "hard: generator's stock sentences", "hard: held-out generic sentences"


def build_small(seed: int, n_units: int, n_batches: int, per_unit: int = 3) -> Labelled:
    """``n_batches`` batches of ``n_units`` units × ``per_unit`` texts. Each holds one labelled copy (the
    transformations in turn), max(1, n_units // 3) labelled hard negatives — two texts of the same kind and
    field with five WHOLE generic sentences in common, from the generator's stock clauses (most of them in
    the built-in list) or, every other one, from GENERIC_SENTENCES (not in it) — and fillers. Every text
    also carries 0–2 sentences of each pool and its own stock clauses, so unlabelled pairs share generic
    sentences too."""
    g = Generator(seed * 1000 + n_units)
    r = g.rng
    listed = sorted({x for _ in range(120) for x in g.stock_sentences(r.sample(STOCK, 2)) if "，" in x})
    listed = r.sample(listed, min(60, len(listed)))

    def extra() -> list[str]:
        return r.sample(listed, r.randint(0, 2)) + r.sample(GENERIC_SENTENCES, r.randint(0, 2))

    docs: list[Doc] = []
    positives, negatives = [], []
    campaign: dict[str, int] = {}
    for b in range(n_batches):
        counts = [0] * n_units

        def unit(avoid: int | None = None, _counts=counts) -> int:
            u = min((c, u) for u, c in enumerate(_counts) if u != avoid)[1]
            _counts[u] += 1
            return u

        members: list[tuple[Doc, int]] = []
        t = TRANSFORMS[b % len(TRANSFORMS)]
        base = g.doc(r.choice(KINDS), sentences=extra())
        other = getattr(g, t)(base)
        positives.append((base.key, other.key, t))
        ua = unit()
        members += [(base, ua), (other, unit(ua))]
        for h in range(max(1, n_units // 3)):
            held_out = (b + h) % 2 == 1
            shared = r.sample(GENERIC_SENTENCES if held_out else listed, 5)
            kind, fld = r.choice(KINDS), r.choice(list(FIELDS))
            a = g.doc(kind, fld, sentences=shared)
            c = g.doc(kind, fld, sentences=r.sample(shared, len(shared)))
            negatives.append((a.key, c.key, HARD_HELD_OUT if held_out else HARD_LISTED))
            ua = unit()
            members += [(a, ua), (c, unit(ua))]
        while len(members) < n_units * per_unit:
            members.append((g.doc(r.choice(KINDS), sentences=extra()), unit()))
        for d, u in members:
            d.group = f"小{n_units}-{b:03d}-单位{u}"
            docs.append(d)
            campaign[d.key] = b
    return Labelled(docs, positives, negatives, [], campaign)


# ==================================================================================================
# Measuring


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def make_index(sim, threshold: float, **kw):
    """A NearCopyIndex of ``sim`` (this module or an earlier version: options it lacks are dropped)."""
    import inspect

    accepted = inspect.signature(sim.NearCopyIndex).parameters
    return sim.NearCopyIndex(threshold, **{k: v for k, v in kw.items() if k in accepted})


def compare_measures(lab: Labelled, sim) -> None:
    """Exact measures on the labelled pairs (no candidate search): best F1 of each."""
    import numpy as np

    idx = make_index(sim, 0.0)
    for d in lab.docs:
        idx.add(sim.Text(d.key, d.group, d.render()))
    idx._build()
    e = {x.item.key: x for x in idx._entries}
    uniq = {k: np.unique(x.sig.shingles) for k, x in e.items()}

    def jac(a, b):
        return np.intersect1d(a, b).size / max(1, np.union1d(a, b).size)

    def con(a, b):
        return np.intersect1d(a, b).size / max(1, min(len(a), len(b)))

    def con_unweighted(x, y):
        if len(x.distinct) > len(y.distinct):
            x, y = y, x
        return np.intersect1d(x.distinct, y.distinct).size / max(len(x.distinct), sim.MIN_DENOMINATOR)

    def runs(m):
        """Containment counting only shared shingles in runs of at least m (in the shorter text)."""

        def f(x, y):
            if len(x.distinct) > len(y.distinct):
                x, y = y, x
            seq = x.sig.shingles
            flags = sim._in_sorted(seq, y.distinct).astype(np.int8)
            edges = np.diff(flags, prepend=0, append=0)
            starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
            keep = np.zeros(len(seq), dtype=bool)
            for a, b in zip(starts, ends, strict=True):
                keep[a:b] = b - a >= m
            return np.unique(seq[keep]).size / max(len(x.distinct), sim.MIN_DENOMINATOR)

        return f

    weighted = hasattr(sim, "W_SPECIFIC")
    measures = {
        "Jaccard, all shingles": lambda x, y: jac(uniq[x.item.key], uniq[y.item.key]),
        "containment, all shingles": lambda x, y: con(uniq[x.item.key], uniq[y.item.key]),
        "Jaccard, stock removed": lambda x, y: jac(x.distinct, y.distinct),
        "containment, stock removed" + ("" if weighted else " (chosen)"): con_unweighted,
        "containment, stock removed, runs ≥ 2 shingles": runs(2),
        "containment, stock removed, runs ≥ 3 shingles": runs(3),
    }
    if weighted:
        measures[f"containment, stock removed, weighted {sim.W_SPECIFIC:g}/1/{sim.W_GENERIC:g} (chosen)"] = (
            idx._verify
        )
    labelled = [(a, b, True) for a, b, _ in lab.positives] + [(a, b, False) for a, b, _ in lab.negatives]
    print("\n## 1. Exact measures on the labelled pairs (best threshold by F1)\n")
    print("| measure | best threshold | precision | recall | F1 | min positive | max hard negative |")
    print("|---|---|---|---|---|---|---|")
    hard = {(a, b) for a, b, k in lab.negatives if k.startswith("hard")}
    for name, f in measures.items():
        scores = [(f(e[a], e[b]), y) for a, b, y in labelled]
        best = max(
            ((t / 100, _prf(sum(s >= t / 100 and y for s, y in scores), sum(s >= t / 100 and not y for s, y in scores),
                            sum(s < t / 100 and y for s, y in scores))) for t in range(5, 96)),
            key=lambda x: (x[1][2], -x[0]),
        )  # fmt: skip
        max_hard = max(f(e[a], e[b]) for a, b in hard)
        min_pos = min(s for s, y in scores if y)
        p, r, f1 = best[1]
        print(f"| {name} | {best[0]:.2f} | {p:.3f} | {r:.3f} | {f1:.3f} | {min_pos:.3f} | {max_hard:.3f} |")


def find_pairs(
    lab: Labelled, sim, threshold: float, n_batches: int | None = None, **kw
) -> tuple[dict, float]:
    """pairs() over the labelled set cut into ``n_batches`` batches (a divisor of the campaigns; None: one
    batch per campaign)."""
    n_campaigns = len(set(lab.campaign.values()))
    n_batches = n_batches or n_campaigns
    batches: dict[int, list[Doc]] = {}
    for d in lab.docs:
        batches.setdefault(lab.campaign[d.key] * n_batches // n_campaigns, []).append(d)
    found, took = {}, 0.0
    for members in batches.values():
        idx = make_index(sim, threshold, **kw)
        for d in members:
            idx.add(sim.Text(d.key, d.group, d.render()))
        t0 = time.perf_counter()
        found.update({(m.a, m.b): m for m in idx.pairs()})
        took += time.perf_counter() - t0
    return found, took


@dataclass
class Summary:
    setting: str
    precision: float
    recall: float
    partial: str  # partial copies found / labelled
    hard: str  # hard negatives flagged / labelled
    fp: int  # false positives (labelled and unlabelled)


def score(lab: Labelled, found: dict, t: float, setting: str) -> Summary:
    pos = {tuple(sorted((a, b))): k for a, b, k in lab.positives}
    neg = {tuple(sorted((a, b))): k for a, b, k in lab.negatives}
    flagged = {k for k, m in found.items() if m.similarity >= t}
    tp, fp = len(flagged & pos.keys()), len(flagged - pos.keys())
    p, r, _ = _prf(tp, fp, len(pos.keys() - flagged))
    part = [k for k, v in pos.items() if v == "partial"]
    hard = [k for k, v in neg.items() if v.startswith("hard")]
    return Summary(
        setting,
        p,
        r,
        f"{len(flagged & set(part))}/{len(part)}",
        f"{len(flagged & set(hard))}/{len(hard)}",
        fp,
    )


def evaluate_batch(lab: Labelled, sim, thresholds: list[float], n_batches: int | None, section: str,
                   title: str = "", **kw) -> Summary:  # fmt: skip
    found, took = find_pairs(lab, sim, min(thresholds), n_batches, **kw)
    texts = {d.key: d.render() for d in lab.docs}
    pos = {tuple(sorted((a, b))): t for a, b, t in lab.positives}
    neg = {tuple(sorted((a, b))): t for a, b, t in lab.negatives}
    n_units = len({d.group for d in lab.docs})
    n_batches = n_batches or len(set(lab.campaign.values()))
    if title:
        print(f"\n## {section}. {title}\n")
    elif n_batches > 1:
        print(f"\n## {section}. Smaller batches: the same texts as {n_batches} separate batches of "
              f"~{len(lab.docs) // n_batches} texts from ~{n_units // n_batches} units\n")  # fmt: skip
    else:
        lengths = sorted(len(t) for t in texts.values())
        print(f"\n## {section}. One batch: {len(lab.docs)} texts, {n_units} units, {len(pos)} labelled copies, "
              f"{len(neg)} labelled non-copies ({sum(1 for t in neg.values() if t.startswith('hard'))} hard)\n")  # fmt: skip
        print(f"Text length (characters): min {lengths[0]}, median {lengths[len(lengths) // 2]}, "
              f"max {lengths[-1]}.\n")  # fmt: skip
        print("Precision counts every flagged pair of the batch (an unlabelled pair is a false positive: the")
        print("generated texts are independent unless labelled a copy).\n")
    print(f"Build + pairs(): {took:.2f} s in all.\n")
    print("| threshold | flagged | TP | FP labelled | FP unlabelled | FN | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for t in thresholds:
        flagged = {k for k, m in found.items() if m.similarity >= t}
        tp = len(flagged & pos.keys())
        fpl = len(flagged & neg.keys())
        fpu = len(flagged - pos.keys() - neg.keys())
        fn = len(pos.keys() - flagged)
        p, r, f1 = _prf(tp, fpl + fpu, fn)
        mark = " ← default" if abs(t - sim.DEFAULT_THRESHOLD) < 1e-9 else ""
        print(
            f"| {t:.2f}{mark} | {len(flagged)} | {tp} | {fpl} | {fpu} | {fn} | {p:.3f} | {r:.3f} | {f1:.3f} |"
        )
    t = sim.DEFAULT_THRESHOLD
    print(f"\nAt the default {t:.2f}, per transformation / kind of non-copy:\n")
    print("| pairs | n | flagged | rate | similarity min / median / max |")
    print("|---|---|---|---|---|")
    kinds = [("copy: " + x, x, True) for x in TRANSFORMS]
    kinds += [("non-copy: " + x, x, False) for x in sorted(set(neg.values()))]
    for name, group, is_pos in kinds:
        keys = [k for k, v in (pos if is_pos else neg).items() if v == group]
        sims = sorted(found[k].similarity if k in found else 0.0 for k in keys)
        hit = sum(s >= t for s in sims)
        print(f"| {name} | {len(keys)} | {hit} | {hit / len(keys):.3f} | "
              f"{sims[0]:.3f} / {sims[len(sims) // 2]:.3f} / {sims[-1]:.3f} |")  # fmt: skip
    print("\n(similarities below the lowest threshold shown as 0)")
    flagged_pos = [m for k, m in found.items() if k in pos and m.similarity >= t]
    ok_spans = all(
        sim.normalise(texts[m.a][sa[0] : sa[1]]) == sim.normalise(texts[m.b][sb[0] : sb[1]]) == sim.normalise(q)
        for m in found.values() for q, sa, sb in zip(m.passages, m.spans_a, m.spans_b, strict=True)
    )  # fmt: skip
    lens = sorted(len(m.passages[0]) for m in flagged_pos if m.passages)
    same = ""
    if lab.same_group:
        same = (f"Same-unit repetitions ({len(lab.same_group)}, a case's 做法+成果 reused as the unit's 竞赛情况): "
                f"{sum(tuple(sorted(p)) in found for p in lab.same_group)} flagged. ")  # fmt: skip
    print(f"\n{same}Flagged copies without a quotable passage (≥ {sim.MIN_PASSAGE} characters): "
          f"{sum(not m.passages for m in flagged_pos)}; every passage's spans check out in both texts: "
          f"{ok_spans}; longest passage per flagged copy: median {lens[len(lens) // 2] if lens else 0} characters.")  # fmt: skip
    unl = sorted(((m.similarity, k) for k, m in found.items() if k not in pos and k not in neg), reverse=True)
    if unl:
        print(
            "Unlabelled pairs flagged (highest): " + ", ".join(f"{k[0]}–{k[1]} {s:.3f}" for s, k in unl[:6])
        )
    return score(lab, found, t, title or section)


ALONE_CONFIGS = [
    ("nothing stock (`builtin_stock=False`)", {"builtin_stock": False}),
    ("built-in stock phrases (the default)", {}),
    ("built-in + the generator's 40 stock clauses as `stock_texts`", {"stock_texts": STOCK}),
]


def alone_scores(lab: Labelled, sim, **kw) -> list[tuple[float, str]]:
    texts = {d.key: d.render() for d in lab.docs}
    out = []
    for a, b, kind in [(a, b, "+" + t) for a, b, t in lab.positives] + [
        (a, b, "-" + t) for a, b, t in lab.negatives
    ]:
        idx = make_index(sim, 0.0, **kw)
        idx.add(sim.Text(a, "u1", texts[a]))
        idx.add(sim.Text(b, "u2", texts[b]))
        out.append((idx.similarity(a, b), kind))
    return out


def evaluate_alone(lab: Labelled, sim, thresholds: list[float], section: str = "4") -> list[Summary]:
    """Each labelled pair in a batch of its own two texts: no stock phrase can be learned from counts."""
    print(
        f"\n## {section}. Each labelled pair alone (a batch of two texts: no stock phrase recognisable by counts)\n"
    )
    print(
        "| threshold | "
        + " | ".join(f"{name}: P / R / hard flagged / partial found" for name, _ in ALONE_CONFIGS)
        + " |"
    )
    print("|---|" + "---|" * len(ALONE_CONFIGS))
    rows = {t: [] for t in thresholds}
    summaries = []
    for name, kw in ALONE_CONFIGS:
        scores = alone_scores(lab, sim, **kw)
        n_hard = sum(k.startswith("-hard") for _, k in scores)
        n_part = sum(k == "+partial" for _, k in scores)
        for t in thresholds:
            tp = sum(s >= t and k[0] == "+" for s, k in scores)
            fp = sum(s >= t and k[0] == "-" for s, k in scores)
            fn = sum(s < t and k[0] == "+" for s, k in scores)
            p, r, _ = _prf(tp, fp, fn)
            hard = sum(s >= t for s, k in scores if k.startswith("-hard"))
            part = sum(s >= t for s, k in scores if k == "+partial")
            rows[t].append(f"{p:.3f} / {r:.3f} / {hard}/{n_hard} / {part}/{n_part}")
            if abs(t - sim.DEFAULT_THRESHOLD) < 1e-9:
                summaries.append(Summary(f"each labelled pair alone, {name}", p, r, f"{part}/{n_part}",
                                         f"{hard}/{n_hard}", fp))  # fmt: skip
    for t in thresholds:
        mark = " ← default" if abs(t - sim.DEFAULT_THRESHOLD) < 1e-9 else ""
        print(f"| {t:.2f}{mark} | " + " | ".join(rows[t]) + " |")
    return summaries


SMALL_SIZES = (3, 5, 8)


def evaluate_small(seed: int, sim, thresholds: list[float], n_batches: int, section: str) -> list[Summary]:
    out = []
    for k, n in enumerate(SMALL_SIZES):
        lab = build_small(seed, n, n_batches)
        out.append(evaluate_batch(
            lab, sim, thresholds, None, f"{section}{'abc'[k]}",
            f"Small batches: {n_batches} batches of {n} units × 3 texts, {len(lab.positives)} labelled copies, "
            f"{len(lab.negatives)} hard negatives sharing five whole generic sentences"))  # fmt: skip
    return out


def held_out_coverage(sim) -> str:
    """How much of GENERIC_SENTENCES the built-in list covers by chance (share of their shingles that are
    built-in stock)."""
    if not hasattr(sim, "_builtin_vocabulary"):
        return ""
    import numpy as np

    vocab = sim._builtin_vocabulary()
    sh = np.concatenate([sim._shingle_hashes(sim._words(s).words) for s in GENERIC_SENTENCES])
    listed = sum(sim.normalise(c) in sim.normalise("\n".join(sim.builtin_phrases())) for c in STOCK)
    return (
        f"The built-in list holds {listed} of the generator's {len(STOCK)} stock clauses verbatim, and "
        f"{sim._in_sorted(sh, vocab.stock).mean():.0%} of the three-word runs of the {len(GENERIC_SENTENCES)} "
        f"held-out generic sentences."
    )


def ablation(seed: int, sim, n_batches: int) -> None:
    """Small batches at the default threshold with the weights and the built-in list switched on and off."""
    configs = [
        ("no built-in list, unweighted", {"builtin_stock": False}, (1.0, 1.0)),
        ("built-in list, unweighted", {}, (1.0, 1.0)),
        (f"built-in list, figures ×{sim.W_SPECIFIC:g}", {}, (sim.W_SPECIFIC, 1.0)),
        (f"built-in list, generic ×{sim.W_GENERIC:g}", {}, (1.0, sim.W_GENERIC)),
        (f"built-in list, figures ×{sim.W_SPECIFIC:g}, generic ×{sim.W_GENERIC:g} (chosen)", {},
         (sim.W_SPECIFIC, sim.W_GENERIC)),
        ("built-in list, figures ×3, generic ×0.1", {}, (3.0, 0.1)),
        ("built-in list, figures ×1.5, generic ×0.5", {}, (1.5, 0.5)),
    ]  # fmt: skip
    labs = {n: build_small(seed, n, n_batches) for n in SMALL_SIZES}
    saved = sim.W_SPECIFIC, sim.W_GENERIC
    print("\n## 7. What the built-in list and the weights each do (small batches, default threshold)\n")
    print(
        "| configuration | "
        + " | ".join(f"{n} units: P / R / held-out hard flagged / partial" for n in SMALL_SIZES)
        + " |"
    )
    print("|---|" + "---|" * len(SMALL_SIZES))
    try:
        for name, kw, (ws, wg) in configs:
            sim.W_SPECIFIC, sim.W_GENERIC = ws, wg
            cells = []
            for lab in labs.values():
                found, _ = find_pairs(lab, sim, sim.DEFAULT_THRESHOLD, None, **kw)
                s = score(lab, found, sim.DEFAULT_THRESHOLD, "")
                held = [tuple(sorted((a, b))) for a, b, k in lab.negatives if k == HARD_HELD_OUT]
                cells.append(
                    f"{s.precision:.3f} / {s.recall:.3f} / {sum(k in found for k in held)}/{len(held)} / {s.partial}"
                )
            print(f"| {name} | " + " | ".join(cells) + " |")
    finally:
        sim.W_SPECIFIC, sim.W_GENERIC = saved


# ==================================================================================================
# Groups: one text copied by many units


def group_corpus(
    seed: int, templates: int, copies: int, own: int = 3
) -> tuple[list[tuple[str, str, str]], dict]:
    """``copies`` units each send a lightly varied copy (their own 班组/工作室 name, unit and people) of each
    of ``templates`` texts, plus ``own`` texts of their own. (key, unit, text) rows and the key's template."""
    g = Generator(seed + 99)
    r = g.rng
    rows, template_of = [], {}
    bases = [g.doc(r.choice(KINDS)) for _ in range(templates)]
    for u in range(copies):
        unit = f"单位{u:02d}"
        for t, base in enumerate(bases):
            text = base.render()
            mine = g.slots(base.field)
            for slot in ("team", "studio", "org", "person"):
                text = text.replace(base.slots[slot], mine[slot])
            key = f"{unit}/模板{t:02d}"
            rows.append((key, unit, text))
            template_of[key] = t
        for _ in range(own):
            d = g.doc(r.choice(KINDS))
            rows.append((f"{unit}/{d.key}", unit, d.render()))
    return rows, template_of


def group_case(sim, seed: int, templates: int, copies: int, with_pairs: bool = True) -> dict:
    rows, template_of = group_corpus(seed, templates, copies)
    idx = make_index(sim, sim.DEFAULT_THRESHOLD)
    for key, unit, text in rows:
        idx.add(sim.Text(key, unit, text))
    idx._build()
    out = {"texts": len(rows)}
    if hasattr(idx, "grouped"):
        t0 = time.perf_counter()
        res = idx.grouped()
        out["grouped_s"] = time.perf_counter() - t0
        out["groups"] = len(res.groups)
        out["group_sizes"] = sorted({len(g.keys) for g in res.groups})
        out["group_pure"] = all(len({template_of.get(k) for k in g.keys}) == 1 and None not in
                                {template_of.get(k) for k in g.keys} for g in res.groups)  # fmt: skip
        out["other_matches"] = len(res.matches)
    if with_pairs:
        t0 = time.perf_counter()
        pairs = idx.pairs()
        out["pairs_s"] = time.perf_counter() - t0
        out["pairs"] = len(pairs)
    return out


def evaluate_groups(sim, seed: int, section: str) -> None:
    print(f"\n## {section}. A template copied by many units: findings and time\n")
    print(
        "Each of `copies` units sends a lightly varied copy (own 班组 name, unit, people) of each of `templates`"
    )
    print("texts plus 3 texts of its own, in one batch. `grouped()` (what duplicate.near_copy uses) against")
    print("`pairs()` (every pair, each with its passages quoted); time after the index is built.\n")
    print(
        "| templates × copies | texts | grouped(): groups (sizes) | other pairs | time | pairs(): pairs | time |"
    )
    print("|---|---|---|---|---|---|---|")
    for templates, copies in ((50, 15), (10, 5), (10, 10), (10, 20), (10, 40)):
        x = group_case(sim, seed, templates, copies)
        if "groups" in x:
            g = (f"{x['groups']} ({'/'.join(map(str, x['group_sizes']))}{'' if x['group_pure'] else ', MIXED'}) | "
                 f"{x['other_matches']} | {x['grouped_s']:.2f} s")  # fmt: skip
        else:
            g = "— | — | —"
        print(f"| {templates} × {copies} | {x['texts']} | {g} | {x['pairs']} | {x['pairs_s']:.2f} s |")


# ==================================================================================================
# Timing (in a fresh process)


def timing_corpus(seed: int, n: int) -> list[dict[str, str]]:
    g = Generator(seed + 1)
    r = g.rng
    docs: list[Doc] = []
    while len(docs) < n:
        d = g.doc(r.choice(KINDS))
        docs.append(d)
        if r.random() < 0.05:  # some copies, so that pairs() has findings to quote
            docs.append(getattr(g, r.choice(("paraphrase", "reorder", "synonyms", "partial")))(d))
    docs = docs[:n]
    r.shuffle(docs)
    return [{"key": d.key, "group": f"单位{i // 3:04d}", "text": d.render()} for i, d in enumerate(docs)]


def _time_worker(path: str) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    from checks import similarity as sim

    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    texts = [sim.Text(x["key"], x["group"], x["text"]) for x in rows]
    out = {}
    fps = []
    for run in ("cold", "warm", "fingerprints"):
        if run != "cold":
            sim._segment_words.cache_clear()
            sim._word_hash.cache_clear()
            t0, c0 = time.perf_counter(), time.process_time()
        idx = sim.NearCopyIndex()
        for t, fp in zip(texts, fps or [None] * len(texts), strict=True):
            if fp is None:
                idx.add(t)
            else:
                idx.add_fingerprint(t, fp)
        t1, c1 = time.perf_counter(), time.process_time()
        found = idx.pairs()
        t2, c2 = time.perf_counter(), time.process_time()
        out[run] = {"add": t1 - t0, "pairs": t2 - t1, "total": t2 - t0, "cpu_add": c1 - c0, "cpu_pairs": c2 - c1,
                    "found": len(found)}  # fmt: skip
        if run == "warm":
            fps = [sim.fingerprint(t.text) for t in texts]
    out["fingerprint_bytes"] = sum(map(len, fps)) / len(fps)
    out["chars"] = sum(len(t.text) for t in texts) / len(texts)
    import resource

    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def timing(seed: int, n: int) -> None:
    rows = timing_corpus(seed, n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.json"
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.run([sys.executable, __file__, "_time", str(path)], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"\n## 9. Time for {n} texts (mean {res['chars']:.0f} characters, ~5 % of them copies; fresh process)\n"
    )
    print("Wall-clock seconds, CPU seconds in brackets (the machine may be shared: CPU time is the steadier")
    print(f"figure; 1-minute load average before the run: {os.getloadavg()[0]:.1f}).\n")
    print("| run | add (tokenise) | build + pairs() | total | pairs found |")
    print("|---|---|---|---|---|")
    labels = {"cold": "cold (imports, jieba dictionary load)", "warm": "warm (same process, word caches emptied)",
              "fingerprints": "from stored fingerprints (no jieba)"}  # fmt: skip
    for k in ("cold", "warm", "fingerprints"):
        x = res[k]
        print(f"| {labels[k]} | {x['add']:.2f} ({x['cpu_add']:.2f}) | {x['pairs']:.2f} ({x['cpu_pairs']:.2f}) | "
              f"{x['total']:.2f} ({x['cpu_add'] + x['cpu_pairs']:.2f}) | {x['found']} |")  # fmt: skip
    print(
        f"\nFingerprint: {res['fingerprint_bytes']:.0f} bytes per text on average; peak RSS {res['maxrss_mb']:.0f} MB."
    )


def load_module(spec: str):
    """checks/similarity.py as it is in a git revision ("HEAD", "HEAD~3") or in a file, as a module: to
    measure an earlier version on the same data (``--module``, ``--before``). Where that version has its text
    side in checks/similarity_text.py (the file's neighbour, for a file), that one is loaded with it, not the
    working tree's."""
    import importlib.util

    def source(name: str) -> str | None:
        if Path(spec).is_file():
            path = Path(spec).with_name(name)
            return path.read_text(encoding="utf-8") if path.is_file() else None
        proc = subprocess.run(["git", "-C", str(ROOT), "show", f"{spec}:checks/{name}"], capture_output=True,
                              text=True)  # fmt: skip
        return proc.stdout if proc.returncode == 0 else None

    def load(src: str, name: str):
        path = Path(tempfile.mkdtemp()) / f"{name}.py"
        path.write_text(src, encoding="utf-8")
        module_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module

    src = Path(spec).read_text(encoding="utf-8") if Path(spec).is_file() else source("similarity.py")
    if src is None:
        raise SystemExit(f"no checks/similarity.py in {spec}")
    text_src = source("similarity_text.py") if "checks.similarity_text" in src else None
    if text_src is not None:
        text_name = f"similarity_text_{abs(hash(spec))}"
        load(text_src, text_name)
        src = src.replace("checks.similarity_text", text_name)
    return load(src, f"similarity_{abs(hash(spec))}")


def run_settings(sim, args, thresholds: list[float], lab: Labelled) -> list[Summary]:
    out = [
        evaluate_batch(lab, sim, thresholds, 1, "2"),
        evaluate_batch(lab, sim, thresholds, 10, "3a"),
        evaluate_batch(lab, sim, thresholds, 80, "3b"),
    ]
    out[0].setting, out[1].setting, out[2].setting = (
        f"one batch of {len(lab.docs)} texts from {len({d.group for d in lab.docs})} units",
        "10 batches of ~160 texts from ~50 units",
        "80 batches of ~20 texts from ~6 units",
    )
    out += evaluate_alone(lab, sim, thresholds)
    small = evaluate_small(args.seed, sim, thresholds, args.small_batches, "5")
    for n, x in zip(SMALL_SIZES, small, strict=True):
        x.setting = f"{args.small_batches} batches of {n} units × 3 texts"
    return out + small


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "_time":
        _time_worker(sys.argv[2])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1600, help="texts in the labelled batch (default 1600)")
    ap.add_argument(
        "--small-batches",
        type=int,
        default=120,
        help="batches per small-batch setting (3, 5, 8 units; default 120)",
    )
    ap.add_argument("--timing", type=int, default=5000, help="texts in the timing run (default 5000)")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--no-groups", action="store_true", help="skip the template-copied-by-many-units case")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--module", help="measure checks/similarity.py of this git revision or file instead")
    ap.add_argument("--before", help="also measure this git revision (or file) and print both in the summary")
    args = ap.parse_args()

    if args.module:
        sim = load_module(args.module)
    else:
        from checks import similarity as sim

    lab = build_labelled(args.seed, args.docs)
    print(
        f"# Near-copy detection bench (seed {args.seed}{f', checks/similarity.py of {args.module}' if args.module else ''})"
    )
    compare_measures(lab, sim)
    thresholds = [0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.50]
    summaries = run_settings(sim, args, thresholds, lab)
    coverage = held_out_coverage(sim)
    if coverage:
        print(f"\n## 6. How much the built-in list knows\n\n{coverage}")
    if hasattr(sim, "W_SPECIFIC"):
        ablation(args.seed, sim, args.small_batches)
    if not args.no_groups:
        evaluate_groups(sim, args.seed, "8")
    before = None
    if args.before:
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):
            before = run_settings(load_module(args.before), args, thresholds, lab)
    print(f"\n## Summary at the default threshold {sim.DEFAULT_THRESHOLD:.2f}"
          + (f" (before: checks/similarity.py of {args.before})" if before else "") + "\n")  # fmt: skip
    head = "| setting | precision | recall | partial copies found | hard negatives flagged |"
    if before:
        head += " before: precision | recall | partial | hard flagged |"
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for k, x in enumerate(summaries):
        row = f"| {x.setting} | {x.precision:.3f} | {x.recall:.3f} | {x.partial} | {x.hard} |"
        if before:
            y = before[k]
            row += f" {y.precision:.3f} | {y.recall:.3f} | {y.partial} | {y.hard} |"
        print(row)
    if not args.no_timing:
        timing(args.seed, args.timing)


if __name__ == "__main__":
    main()
