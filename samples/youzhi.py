"""The youzhi campaign (2020 江苏 基层工会服务教职工优质项目): its sample inbox, planted findings and truth.

``build_youzhi_inbox(dest)`` writes six 推荐单位' folders (苏州's as a Windows .zip), each holding per project
its 附件1 申报表 and 附件2 申报书 (one project sends both in one file, the 申报书 after the table), and per unit its
附件3 推荐汇总表 (.xlsx or .docx). The forms are drafted in shared/notices/…优质项目申报-附件（拟定）.md; their
variations are those the drafted form invites: 所属行动 ticked as ☑, ■, "√" after the option, Word's Wingdings
boxes or typed; 实施时间 as "2019年3月—2020年10月", "2019.07至今", "2018/9～2020/10"; money as "约12万元", "8（万元）";
满意度 as "96%"; headings "一、项目背景", "1.实施过程", "【取得成效】", "推广价值：……" in one paragraph; one 申报书
delivered as a PDF, one 申报表 as a PDF, one 申报书 as a scan (.png) and one 申报表 printed and scanned (an
image-only PDF).

Module data is the truth the tests compare against: ``YOUZHI_UNITS`` (each project's normalised fields as
records.json should hold them) and ``EXPECTED_YOUZHI`` (every planted finding; clean projects have none).
The files are written with samples/forms.py; this module holds only the campaign's data and layout.

May import: samples.forms (never another campaign, nor samples.generate).
"""

from __future__ import annotations

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
    convert_all,
    docx_bytes,
    empty_dest,
    finding,
    form_table,
    list_docx_table,
    list_xlsx,
    new_doc,
    page_break,
    para,
    rasterised,
    word_count,
    write_inbox,
    writeup_paragraphs,
)

__all__ = ["EXPECTED_YOUZHI", "EXPECTED_YOUZHI_REGISTRY", "MEASURED_YOUZHI", "NAMED_LIST_TITLE", "NAMED_LIST_YOUZHI", "NAMED_YEAR", "YOUZHI_DT",
           "YOUZHI_UNITS", "build_youzhi_inbox"]

YOUZHI_DT = dt.datetime(2020, 11, 6, 9, 30, 0)
DEADLINE = "2020-11-09"
ACTIONS = ["学悟守正", "举旗育人", "建功立业", "暖心聚力", "强基固本"]
FORM_TITLE = "基层工会服务教职工优质项目申报表"
SUMMARY_TITLE = "优质项目推荐汇总表"
SUMMARY_HEADERS = ["序号", "申报单位", "项目名称", "所属行动", "实施时间", "投入资金（万元）", "受益教职工（人）",
                   "项目负责人", "联系电话", "推荐排序", "备注"]
OPINION = ["同意申报。", "（盖章）", "2020年11月5日"]

# ------------------------------------------------------------------------------------------------ the write-ups


def _sections(bg: list[str], how: list[str], result: list[str], value: list[str]) -> dict[str, list[str]]:
    return {"背景": bg, "做法": how, "成效": result, "推广价值": value}


_LONG = [  # the 实施过程 of the over-long 申报书: the programme's sessions, each told in full
    f"第{n}期工作坊围绕{topic}展开，由心理咨询师带领科研人员进行团体辅导，课后整理案例并在所内分享，"
    f"参加的科研人员普遍反映压力有所缓解，部门负责人也据此调整了科研任务的节奏安排和考核方式。"
    for n, topic in zip("一二三四五六七八九十", ("时间管理", "睡眠改善", "亲子沟通", "情绪识别", "团队协作", "职业规划",
                                               "项目申报压力", "野外调查安全", "论文写作焦虑", "退休适应"), strict=True)
] * 3

WRITEUPS: dict[str, dict[str, list[str]]] = {
    "P1": _sections(
        ["学校教职工工作强度大，近年问卷显示三成以上教师存在不同程度的焦虑情绪，工会决定建设心理服务阵地。"],
        ["工会牵头改造活动室，设立“暖心驿站”，累计投入资金12万元，配备沙盘、放松椅等设备，聘请两名专职心理咨询师每周坐班。",
         "驿站实行预约制，教职工可通过工会微信群匿名预约，咨询内容严格保密。"],
        ["两年来驿站累计接待教职工咨询460人次，开展团体辅导24场，教职工满意度达到96%。"],
        ["驿站模式投入小、见效快，已有周边5所学校工会前来学习并建立类似阵地。"]),
    "P2": _sections(
        ["学校近三年新入职青年教师41名，教学经验不足、生活压力大，亟需成长平台。"],
        ["工会联合教务处组织“一对一”师徒结对，每月举办青年教师沙龙，邀请骨干教师分享班级管理经验。"],
        ["共结成师徒32对，举办沙龙18期，青年教师在区级以上比赛获奖27人次。"],
        ["加油站把工会的关心落到青年教师成长的关键期，做法简便，适合各类学校推广。"]),
    # 常州's P10 rewords 南京's P2 lightly (numbers and a few words changed): duplicate.near_copy.
    "P10": _sections(
        ["学校近三年新入职青年教师38名，教学经验不足、生活压力较大，亟需成长平台。"],
        ["工会联合教务处组织“一对一”师徒结对，每月举办青年教师沙龙，邀请骨干教师分享班级管理的经验。"],
        ["共结成师徒30对，举办沙龙16期，青年教师在市级以上比赛获奖22人次。"],
        ["驿站把工会的关心落到青年教师成长的关键期，做法简便，适合各类学校推广。"]),
    "P3": _sections(
        ["暑期双职工教师子女无人照看，是教职工反映最集中的困难。"],
        ["学校每年暑假开设托管班，由工会组织志愿教师轮值，安排阅读、体育和手工课程。"],
        ["2017年以来共托管教职工子女312人次，参与志愿服务教师85人，家长满意率98%。"],
        ["托管班依托学校现有场地和师资，成本低，可在区域内复制。"]),
    "P4": _sections(
        ["教职工久坐办公，体检中颈椎病和高血脂检出率逐年上升。"],
        ["工会组建健步走队伍，利用校园环道每天傍晚集体锻炼，每季度举办一次健步走比赛。"],
        ["参与教职工180人，受益教职工180人，累计步数超过1.2亿步，年度体检异常率下降6个百分点。"],
        ["活动不需要专门场地和经费，易于坚持和推广。"]),
    "P5": _sections(
        ["教师阅读时间碎片化，学校希望以读书会带动教师专业阅读。"],
        ["工会每月推荐一本书，组织教师线上共读、线下交流，并邀请作者进校讲座。"],
        ["读书会已吸引教师120人参加，完成共读12本，教师撰写读书笔记300余篇。"],
        ["读书会以教研组为单位组织，便于在集团校之间推广。"]),
    "P6": _sections(
        ["学院教职工平均年龄偏大，慢性病管理需求突出，校医院距离学院较远。"],
        ["分工会在学院楼内设立健康小屋，配置血压计、体脂秤等自助检测设备，与校医院建立转诊通道。"],
        ["项目拟于明年上半年覆盖全院教职工。", "我们计划每月开展一次健康讲座。", "预计受益教职工将达到300人。"],
        ["健康小屋建设标准统一，可在学校其他学院推广。"]),
    "P7": _sections(
        ["化学实验室危险化学品多，安全事故隐患大，教职工对安全培训需求迫切。"],
        ["分工会联合实验室管理处编写安全手册，组织应急演练，设立安全监督岗。"],
        ["开展安全培训16场，覆盖教职工及研究生1200人次，连续三年实验室零事故。"],
        []),  # 推广价值 missing
    "P8": _sections(
        ["科研人员承担项目多、考核压力大，心理健康问题日益受到关注。"],
        ["分工会邀请心理咨询师开设减压工作坊，按主题分期举办。", *_LONG],
        ["科研人员普遍反映压力有所缓解，所内氛围更加融洽，得到了大家的一致好评。"],
        ["工作坊做法可以在院内其他研究所推广。"]),
}
HEADINGS = {  # how each 申报书 writes its headings
    "numbered": ("一、项目背景", "二、实施过程", "三、取得成效", "四、推广价值"),
    "arabic": ("1.项目背景", "2.实施过程", "3.取得成效", "4.推广价值"),
    "bracket": ("【项目背景】", "【实施过程】", "【取得成效】", "【推广价值】"),
    "inline": ("项目背景：", "实施过程：", "取得成效：", "推广价值："),
}

# ------------------------------------------------------------------------------------------------ the projects

_P = dict[str, Any]


def _project(pid: str, name: str, applicant: str, leader: str, action: str, *, written: dict[str, str] | None = None,
             **values: Any) -> _P:
    """A project: its id, the values records.json should hold (``fields``) and how the form writes them."""
    fields = {
        "项目名称": name, "所属行动": action, "项目负责人": leader, "负责人职务": "工会主席",
        "负责人电话": "13800000000", "实施开始": "2019-03", "实施结束": "2020-10", "投入资金": 12, "工会经费": 8,
        "其他来源": "学校行政经费", "参与人次": 1500, "受益人数": 800, "满意度": 96, "曾获命名": False, "已获资助": False,
        "资助说明": None, "项目简介": f"{name}由{applicant}主导实施，服务教职工身心健康和专业成长。",
        "基层工会意见": "同意申报。", "基层工会意见日期": "2020-11-05", "推荐单位意见": "同意申报。",
        "推荐单位意见日期": "2020-11-05", "申报单位": applicant,
    }
    fields.update(values)
    # As written on the form where it differs from the value (the numbers are written as they are otherwise).
    shown = {"实施时间": "2019年3月—2020年10月", "满意度": f"{fields['满意度']}%", "box": "unicode"}
    shown.update(written or {})
    return {"id": pid, "fields": fields, "written": shown, "writeup": WRITEUPS.get(pid)}


def _unit(name: str, contact: str, phone: str, folder: str, projects: list[_P], **extra: Any) -> dict[str, Any]:
    return {"推荐单位": name, "联系人": contact, "电话": phone, "folder": folder, "projects": projects, **extra}


_LONG_INTRO = ("实验室安全守护行动由分工会主导，联合实验室管理处和各课题组共同实施，针对化学实验室危险化学品种类多、"
               "使用频繁、储存分散、研究生流动性大等特点，系统梳理实验室安全风险点，编写图文并茂的安全手册，"
               "每学期组织一次全员应急演练，在每个楼层设立由教职工担任的安全监督岗，建立隐患随手拍、整改限时办、"
               "结果公开晒的闭环机制。项目实施以来，开展安全培训十六场，覆盖教职工及研究生一千二百人次，"
               "排查整改隐患两百余处，连续三年实现实验室零事故，教职工安全意识和应急处置能力明显增强，"
               "学院安全文化氛围日益浓厚，得到学校和上级部门的充分肯定，多次在全校安全工作会议上作经验交流，"
               "相关做法被学校写入实验室安全管理办法，成为学院工会服务教职工、保障教学科研安全运行的品牌项目。")

YOUZHI_UNITS: list[dict[str, Any]] = [
    _unit("南京市教育工会", "王芳", "025-83451234", "南京市教育工会", [
        _project("P1", "教职工心理健康暖心驿站", "南京市第一中学工会", "李静", "暖心聚力",
                 form="docx", writeup_as="docx", headings="numbered"),
        _project("P2", "青年教师成长加油站", "南京市金陵小学工会", "陈明", None,
                 written={"box": "solid", "ticked": "举旗育人,暖心聚力", "投入资金": "约6万元", "工会经费": "4（万元）"},
                 投入资金=6, 工会经费=4, 所属行动=["举旗育人", "暖心聚力"],  # both ticked: kept, and reported
                 form="docx", writeup_as="pdf", headings="bracket"),
    ], summary="xlsx"),
    _unit("苏州市教育工会", "周敏", "0512-65231234", "苏州市教育工会.zip", [
        _project("P3", "教职工子女暑期托管班", "苏州市实验小学", "吴红", "暖心聚力",
                 written={"box": "typed", "实施时间": "2019.07至今"}, 实施开始="2019-07", 实施结束=None, 满意度=98,
                 form="docx", writeup_as="png", headings="arabic"),
        _project("P4", "教职工健步走", "苏州市第十中学工会", "沈强", "强基固本",
                 written={"box": "after", "投入资金": "0", "工会经费": ""}, 投入资金=0, 工会经费=None, 其他来源=None,
                 form="pdf-scan", writeup_as="docx", headings="inline"),
        _project("P5", "教师书香读书会", "苏州工业园区星海学校工会", "顾雅", "学悟守正",
                 written={"实施时间": "2021年3月—2022年12月"}, 实施开始="2021-03", 实施结束="2022-12",
                 form="docx", writeup_as="docx", headings="numbered"),
    ], summary="docx"),
    _unit("东南大学工会", "刘洋", "025-52090000", "东南大学工会", [
        _project("P6", "机械学院教职工健康小屋", "东南大学机械工程学院分工会", "赵磊", "暖心聚力",
                 written={"box": "wingdings", "实施时间": "2018/9～2020/10"},
                 已获资助=True, 资助说明="校教育发展基金会资助3万元", 实施开始="2018-09", 受益人数=300,
                 form="docx", writeup_as="same", headings="arabic"),
    ], summary=None),
    _unit("南京大学工会", "孙丽", "025-89680000", "南京大学工会", [
        _project("P7", "实验室安全守护行动", "南京大学化学化工学院分工会", "钱伟", "建功立业",
                 written={"box": "after"}, 项目简介=_LONG_INTRO, form="pdf", writeup_as="docx", headings="numbered"),
    ], summary="docx"),
    _unit("江苏省农业科学院工会", "郑洁", "025-84390000", "江苏省农业科学院工会", [
        _project("P8", "科研人员减压工作坊", "江苏省农业科学院园艺研究所分工会", "", "暖心聚力",
                 written={"box": "typed", "投入资金": "约12万元"}, 项目负责人=None,
                 form="docx", writeup_as="docx", headings="bracket"),
    ], summary="xlsx"),
    _unit("常州市教育工会", "蒋涛", "0519-86661234", "常州市教育工会", [
        _project("P9", "教职工心理健康暖心驿站", "南京市第一中学工会", "李静", "暖心聚力",
                 form="docx", writeup_as=None, headings="numbered"),
        _project("P10", "青年教师成长驿站", "常州市第二中学工会", "杨帆", "举旗育人",
                 form="docx", writeup_as="docx", headings="numbered"),
    ], summary="docx", unlisted_extra=("常州市局前街小学工会", "教职工羽毛球俱乐部")),
]


def _paths(unit: dict[str, Any], p: _P) -> None:
    fields = p["fields"]
    base = f"{unit['folder']}/{p['id'][1:]}-{fields['项目名称']}"
    form = p["fields"].pop("form")
    p["form_as"] = form
    p["form_path"] = f"{base}-申报表.{'pdf' if form.startswith('pdf') else 'docx'}"
    how = p["fields"].pop("writeup_as")
    p["headings"] = p["fields"].pop("headings")
    p["writeup_as"] = how
    p["writeup_path"] = {None: None, "same": None, "docx": f"{base}-申报书.docx", "pdf": f"{base}-申报书.pdf",
                         "png": f"{base}-申报书.png"}[how]
    if how == "same":  # one file: the table, then the 申报书 after it
        p["form_path"] = f"{base}-申报表及申报书.docx"
        p["writeup_path"] = p["form_path"] + "#优质项目申报书"  # the record of the part after the table


for _u in YOUZHI_UNITS:
    for _p in _u["projects"]:
        _paths(_u, _p)
    if _u["summary"]:
        _u["summary_path"] = f"{_u['folder']}/推荐汇总表.{_u['summary']}"


def _chars(sections: dict[str, list[str]]) -> int:
    return sum(word_count(x) for body in sections.values() for x in body)


def _all_projects() -> list[tuple[dict[str, Any], _P]]:
    return [(u, p) for u in YOUZHI_UNITS for p in u["projects"]]


def _by(pid: str) -> tuple[dict[str, Any], _P]:
    return next((u, p) for u, p in _all_projects() if p["id"] == pid)


def form_fields(unit: dict[str, Any], p: _P) -> dict[str, Any]:
    """Every field of the project's 申报表 as records.json holds it."""
    return {**p["fields"], "推荐单位": unit["推荐单位"], "联系人": unit["联系人"], "联系电话": unit["电话"],
            "填报日期": "2020-11-05"}


def writeup_fields(unit: dict[str, Any], p: _P) -> dict[str, Any]:
    return {"申报单位": p["fields"]["申报单位"], "项目名称": p["fields"]["项目名称"], "字数": _chars(p["writeup"])}


# ------------------------------------------------------------------------------------------------ planted findings


def _f(code: str, pid: str, field: str = "", actual: Any = None, limit: Any = None, *, writeup: bool = False) -> dict:
    u, p = _by(pid)
    path = p["writeup_path"] if writeup else p["form_path"]
    return finding(code, u["推荐单位"], [path], field, actual, limit, p["fields"]["项目名称"])


_SZ = YOUZHI_UNITS[1]
_CZ = YOUZHI_UNITS[5]
EXPECTED_YOUZHI: list[dict[str, Any]] = [
    _f("choice.invalid", "P2", "所属行动", 2, 1),
    _f("eligibility.not_union_led", "P3", "申报单位", "苏州市实验小学"),
    _f("eligibility.no_investment", "P4", "投入资金", 0, 0),
    _f("eligibility.not_implemented", "P5", "实施开始", "2021-03", DEADLINE),
    finding("quota.exceeded", _SZ["推荐单位"], [p["form_path"] for p in _SZ["projects"]], "", 3, 2),
    _f("eligibility.already_funded", "P6", "已获资助", "是"),
    _f("eligibility.not_implemented", "P6", "成效", 3, 3, writeup=True),
    finding("summary.missing", "东南大学工会", [_by("P6")[1]["form_path"]]),
    _f("length.over", "P7", "项目简介", word_count(_LONG_INTRO), 300),
    _f("section.missing", "P7", "推广价值", writeup=True),
    _f("field.missing", "P8", "项目负责人"),
    _f("evidence.no_numbers", "P8", "成效", writeup=True),
    _f("length.over", "P8", "字数", _chars(WRITEUPS["P8"]), 2000, writeup=True),
    _f("numbers.inconsistent", "P4", "受益人数", 180, 800, writeup=True),
    finding("duplicate.submission", "南京市教育工会、常州市教育工会",
            [_by("P1")[1]["form_path"], _by("P9")[1]["form_path"]], "项目名称", 2, None, "教职工心理健康暖心驿站"),
    _f("material.missing", "P9"),
    _f("summary.not_listed", "P9", "项目名称"),
    finding("summary.not_received", _CZ["推荐单位"], [_CZ["summary_path"]], "项目名称", None, None,
            _CZ["unlisted_extra"][1]),
    # 常州's P10 申报书 rewords 南京's P2 申报书: one finding on both, the units in path order, the measured
    # similarity a number in NEAR_COPY_SIMILARITY.
    finding("duplicate.near_copy", "南京市教育工会、常州市教育工会",
            [_by("P2")[1]["writeup_path"], _by("P10")[1]["writeup_path"]], "优质项目申报书正文", "measured",
            NEAR_COPY_THRESHOLD, "青年教师成长加油站"),
    finding("file.scanned", "苏州市教育工会", [_by("P3")[1]["writeup_path"]], "", "measured", None,
            _by("P3")[1]["fields"]["项目名称"]),
    finding("file.scanned", "苏州市教育工会", [_by("P4")[1]["form_path"]], "", "measured", None,
            _by("P4")[1]["fields"]["项目名称"]),
]
# Last year's 省总工会 命名名单 (samples/named_list.py writes it; ``make demo`` imports it into the demo registry).
# One row is a project of the inbox, its name written differently ("“教师书香”读书会").
NAMED_YEAR = 2019
NAMED_LIST_TITLE = "2019年度全省基层工会服务职工优质项目命名名单"
NAMED_LIST_YOUZHI = [
    ("“教师书香”读书会", "苏州工业园区星海学校工会", "顾雅"),
    ("“职工之家”温馨驿站", "无锡市第一中学工会", "华强"),
    ("教职工法律援助服务站", "扬州大学工会", "周正"),
]
# What a run adds once that list is in the registry (``huishen registry import``).
EXPECTED_YOUZHI_REGISTRY: list[dict[str, Any]] = [
    finding("registry.already_named", "苏州市教育工会", [_by("P5")[1]["form_path"]], "项目名称", NAMED_YEAR,
            subject="教师书香读书会"),
]

# Codes whose ``actual`` is measured, not planted, with the range it must fall in.
MEASURED_YOUZHI = {"file.scanned": (0.5, 1.0), "duplicate.near_copy": NEAR_COPY_SIMILARITY}
for _e in EXPECTED_YOUZHI:
    if _e["code"] in MEASURED_YOUZHI:
        _e["actual"] = list(MEASURED_YOUZHI[_e["code"]])

assert word_count(_LONG_INTRO) > 300 and _chars(WRITEUPS["P8"]) > 2000
assert all(_chars(WRITEUPS[k]) <= 2000 for k in WRITEUPS if k != "P8")

# ------------------------------------------------------------------------------------------------ the documents


def _options(p: _P) -> tuple[str, Any]:
    """The 所属行动 cell: (kind, payload) for forms.form_table."""
    w, chosen = p["written"], p["fields"]["所属行动"]
    ticked = set(w.get("ticked", chosen or "").split(","))
    style = w["box"]
    if style == "typed":
        return "V", chosen
    if style == "wingdings":
        return "W", [(o in ticked, o) for o in ACTIONS]
    if style == "after":
        return "V", "　".join(f"{o}{'√' if o in ticked else '□'}" for o in ACTIONS)
    mark = "■" if style == "solid" else "☑"
    return "V", "　".join(f"{mark if o in ticked else '□'}{o}" for o in ACTIONS)


def _yes_no(p: _P, key: str) -> tuple[str, Any]:
    yes = p["fields"][key] is True
    style = p["written"]["box"]
    if style == "wingdings":
        return "W", [(yes, "是"), (not yes, "否")]
    if style == "after":
        return "V", f"是{'√' if yes else '□'}　否{'□' if yes else '√'}"
    return "V", f"{'☑' if yes else '□'}是　{'□' if yes else '☑'}否"


def _num(p: _P, key: str) -> str:
    v = p["written"].get(key)
    return v if v is not None else ("" if p["fields"][key] is None else str(p["fields"][key]))


def _form_cells(p: _P) -> list[FormCell]:
    f = p["fields"]
    act, yes_no = _options(p), (_yes_no(p, "曾获命名"), _yes_no(p, "已获资助"))
    return [
        (0, 0, 1, 1, "L", "项目名称"), (0, 1, 1, 3, "V", f["项目名称"]),
        (1, 0, 1, 1, "L", "所属行动"), (1, 1, 1, 3, act[0], act[1]),
        (2, 0, 1, 1, "L", "项目负责人"), (2, 1, 1, 1, "V", f["项目负责人"] or ""),
        (2, 2, 1, 1, "L", "职务"), (2, 3, 1, 1, "V", f["负责人职务"]),
        (3, 0, 1, 1, "L", "负责人电话"), (3, 1, 1, 1, "V", f["负责人电话"]),
        (3, 2, 1, 1, "L", "实施时间"), (3, 3, 1, 1, "V", p["written"]["实施时间"]),
        (4, 0, 1, 1, "L", "项目投入资金（万元）"), (4, 1, 1, 1, "V", _num(p, "投入资金")),
        (4, 2, 1, 1, "L", "其中工会经费（万元）"), (4, 3, 1, 1, "V", _num(p, "工会经费")),
        (5, 0, 1, 1, "L", "其他资金来源"), (5, 1, 1, 3, "V", f["其他来源"] or ""),
        (6, 0, 1, 1, "L", "参与教职工（人次）"), (6, 1, 1, 1, "V", _num(p, "参与人次")),
        (6, 2, 1, 1, "L", "受益教职工（人）"), (6, 3, 1, 1, "V", _num(p, "受益人数")),
        (7, 0, 1, 1, "L", "教职工满意度（%）"), (7, 1, 1, 3, "V", _num(p, "满意度")),
        (8, 0, 1, 1, "L", "是否曾被省总工会命名"), (8, 1, 1, 3, yes_no[0][0], yes_no[0][1]),
        (9, 0, 1, 1, "L", "是否已获其他资金资助"), (9, 1, 1, 1, yes_no[1][0], yes_no[1][1]),
        (9, 2, 1, 1, "L", "资助来源及金额"), (9, 3, 1, 1, "V", f["资助说明"] or ""),
        (10, 0, 1, 1, "L", "项目简介"), (10, 1, 1, 3, "T", [f["项目简介"]]),
        (11, 0, 1, 1, "L", "基层工会意见"), (11, 1, 1, 3, "V", "\n".join(OPINION)),
        (12, 0, 1, 1, "L", "推荐单位意见"), (12, 1, 1, 3, "V", "\n".join(OPINION)),
    ]


def _writeup_body(doc, unit: dict[str, Any], p: _P, caption: bool = True) -> None:
    heads = HEADINGS[p["headings"]]
    sections = [(h, body) for h, body in zip(heads, p["writeup"].values(), strict=True) if body]
    writeup_paragraphs(doc, p["fields"]["项目名称"], [f"申报单位：{p['fields']['申报单位']}"], sections,
                       caption="附件2　优质项目申报书" if caption else "", inline=p["headings"] == "inline")


def form_docx(unit: dict[str, Any], p: _P) -> bytes:
    doc = new_doc(unit["联系人"], YOUZHI_DT)
    para(doc, "附件1", size=14, east=HEAD_FONT)
    para(doc, FORM_TITLE, align="center", bold=True, size=18, east=TITLE_FONT, space_after=6)
    para(doc, f"申报单位（盖章）：{p['fields']['申报单位']}　　推荐单位：{unit['推荐单位']}")
    para(doc, f"联系人：{unit['联系人']}　　联系电话：{unit['电话']}　　填报日期：2020年11月5日")
    form_table(doc, 13, 4, _form_cells(p), (3.6, 4.4, 3.2, 4.6))
    if p["writeup_as"] == "same":
        page_break(doc)
        _writeup_body(doc, unit, p, caption=False)
    return docx_bytes(doc, YOUZHI_DT)


def writeup_docx(unit: dict[str, Any], p: _P) -> bytes:
    doc = new_doc(unit["联系人"], YOUZHI_DT)
    _writeup_body(doc, unit, p)
    return docx_bytes(doc, YOUZHI_DT)


def _summary_rows(unit: dict[str, Any]) -> list[list[Any]]:
    rows = []
    listed = [p for p in unit["projects"] if p["id"] != "P9"]  # 常州 leaves its one project out of its list
    for i, p in enumerate(listed, start=1):
        f = p["fields"]
        action = "、".join(f["所属行动"]) if isinstance(f["所属行动"], list) else f["所属行动"]
        rows.append([i, f["申报单位"], f["项目名称"], action, p["written"]["实施时间"], _num(p, "投入资金"),
                     _num(p, "受益人数"), f["项目负责人"] or "", f["负责人电话"], i, ""])
    if unit.get("unlisted_extra"):
        applicant, name = unit["unlisted_extra"]
        rows.append([len(rows) + 1, applicant, name, "暖心聚力", "2019年9月至今", "3", "200", "许亮", "13900000000",
                     len(rows) + 1, ""])
    return rows


def summary_docx(unit: dict[str, Any]) -> bytes:
    doc = new_doc(unit["联系人"], YOUZHI_DT)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    para(doc, "附件3", size=14, east=HEAD_FONT)
    para(doc, SUMMARY_TITLE, align="center", bold=True, size=18, east=TITLE_FONT, space_after=6)
    para(doc, f"推荐单位（盖章）：{unit['推荐单位']}　　联系人：{unit['联系人']}　　电话：{unit['电话']}")
    list_docx_table(doc, SUMMARY_HEADERS, _summary_rows(unit), (1.2, 3.4, 3.6, 1.8, 3.0, 1.8, 1.8, 1.8, 2.6, 1.4, 1.6))
    return docx_bytes(doc, YOUZHI_DT)


def summary_xlsx(unit: dict[str, Any]) -> bytes:
    return list_xlsx(SUMMARY_TITLE, [f"推荐单位（盖章）：{unit['推荐单位']}　联系人：{unit['联系人']}　电话：{unit['电话']}"],
                     SUMMARY_HEADERS, _summary_rows(unit), (6, 24, 26, 10, 18, 10, 10, 10, 14, 8, 10),
                     unit["联系人"], YOUZHI_DT, caption="附件3")


def build_youzhi_inbox(dest: Path) -> Path:
    """Create the sample inbox for the ``youzhi`` profile in ``dest`` (absent or empty); return ``dest``."""
    dest = empty_dest(dest)
    files: dict[str, bytes] = {}
    pdf_jobs: dict[str, bytes] = {}
    scans: dict[str, str] = {}  # path of the scan -> path of its PDF export
    for unit, p in _all_projects():
        form = form_docx(unit, p)
        if p["form_as"] == "pdf-scan":  # printed, signed and scanned: an image-only PDF
            target = p["form_path"].removesuffix(".pdf") + ".typed.pdf"
            pdf_jobs[target] = form
            scans[p["form_path"]] = target
        elif p["form_path"].endswith(".pdf"):
            pdf_jobs[p["form_path"]] = form
        else:
            files[p["form_path"]] = form
        how, path = p["writeup_as"], p["writeup_path"]
        if how == "docx":
            files[path] = writeup_docx(unit, p)
        elif how in ("pdf", "png"):
            target = path if how == "pdf" else path.removesuffix(".png") + ".scan.pdf"
            pdf_jobs[target] = writeup_docx(unit, p)
            if how == "png":
                scans[path] = target
    for unit in YOUZHI_UNITS:
        if unit["summary"] == "xlsx":
            files[unit["summary_path"]] = summary_xlsx(unit)
        elif unit["summary"] == "docx":
            files[unit["summary_path"]] = summary_docx(unit)
    pdfs = convert_all({"pdf": pdf_jobs}, YOUZHI_DT)
    for path, pdf in pdfs.items():
        if path in scans.values():
            scan = next(s for s, t in scans.items() if t == path)
            files[scan] = rasterised("pdf-scan" if scan.endswith(".pdf") else "png", scan, pdf, "")
        else:
            files[path] = pdf
    return write_inbox(dest, files, YOUZHI_DT)
