"""The chuangjian campaign (2022 济宁医学院 劳模和优秀人才创新工作室创建, the 六有 standard): its sample inbox, planted
findings and truth.

``build_chuangjian_inbox(dest)`` writes five 申报分工会' folders (临床医学院's as a Windows .zip), each holding per
studio its 附件1 创建申报表 (.docx, one as PDF), 附件2 工作台账 (Word table or Excel sheet, titled "XX创新工作室工作台账
（2022年）") and 附件3 佐证材料 (a 标志上墙照片 note, a 规章制度汇编; one photo note delivered as a scan). The forms are
drafted in shared/notices/…创新工作室创建-附件（拟定）.md; their variations: boxes as ☑, ■, "√" after the option,
Word's Wingdings symbols; the team beside a merged label or under a label row with a 序号 column; dates as
"1975.03", "1988年5月", "1992/07"; honours numbered "1." "（2）" "①".

Module data is the truth the tests compare against: ``CHUANGJIAN_UNITS`` (each studio's fields as records.json should
hold them), ``GRADES`` (the 六有 cells) and ``EXPECTED_CHUANGJIAN`` (every planted finding; S1 and S9 have none).

May import: samples.forms (never another campaign, nor samples.generate).
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from samples.forms import (
    HEAD_FONT,
    TITLE_FONT,
    convert_all,
    docx_bytes,
    empty_dest,
    finding,
    form_table,
    list_docx_table,
    list_xlsx,
    new_doc,
    para,
    rasterised,
    word_count,
    write_inbox,
)

__all__ = ["CHUANGJIAN_UNITS", "EXPECTED_CHUANGJIAN", "EXPECTED_CHUANGJIAN_REGISTRY", "GRADES", "MEASURED_CHUANGJIAN", "STANDARDS",
           "NAMED_LIST_CHUANGJIAN", "NAMED_LIST_TITLE", "NAMED_YEAR", "build_chuangjian_inbox", "ledger_fields",
           "evidence_fields", "form_fields"]

WHEN = dt.datetime(2022, 12, 15, 9, 30, 0)
DIRECTIONS = ["技术创新", "服务创新", "管理创新", "制度创新"]
SIGNS = ["组织机构", "工作职责", "目标任务", "管理办法"]
RULES = ["学习研究", "技术攻关", "协同创新", "成果转化", "激励机制", "内部管理"]
TEAM = ["姓名", "性别", "出生年月", "学历", "职称", "部门", "分工"]
LEDGER = ["日期", "类别", "内容", "参加人员", "备注"]
OPINION = "同意申报。\n（盖章）\n2022年12月15日"
STANDARDS = ["有领衔人才", "有明显标志", "有创新团队", "有场地经费", "有规章制度", "有创新成效"]

_S = dict[str, Any]


def _member(name: str, sex: str, born: str, edu: str, title: str, dept: str, duty: str) -> tuple[str, dict]:
    """(birth as written, the row as records.json holds it)."""
    y, m = (int(x) for x in born.replace("年", ".").replace("月", "").replace("/", ".").split("."))
    return born, {"姓名": name, "性别": sex, "出生年月": f"{y:04d}-{m:02d}", "学历": edu, "职称": title, "部门": dept,
                  "分工": duty}


def _team(dept: str, *rows: tuple[str, str, str, str, str, str]) -> list[tuple[str, dict]]:
    return [_member(n, s, b, e, t, dept, d) for n, s, b, e, t, d in rows]


def _studio(sid: str, name: str, dept: str, leader: str, text: str, team: list, *, written: dict | None = None,
            **values: Any) -> _S:
    """A studio: the values records.json should hold (``fields``) and how its files write them (``written``)."""
    f = {
        "填报日期": "2022-12-15", "工作室名称": name, "所在部门": dept, "创新方向": ["技术创新", "服务创新"],
        "成立时间": "2019-03", "成员人数": len(team), "领衔人姓名": leader, "领衔人性别": "男", "领衔人出生年月": "1975-03",
        "领衔人学历": "博士研究生", "领衔人职称": "教授", "领衔人职务": "系主任", "领衔人电话": "13805370001",
        "一线教职工": True, "领衔人荣誉": ["济宁市劳动模范（济宁市人民政府，2019年）", "山东省教学名师（山东省教育厅，2020年）"],
        "标志": list(SIGNS), "团队成员": [row for _, row in team], "场所地点": f"{dept}楼 201 室", "使用面积": 60,
        "设施设备": "电脑 6 台、实验台 2 套", "专项经费": 5, "制度": list(RULES),
        "课题": [{"名称": f"{name[:4]}关键技术研究", "级别": "省级", "起止时间": "2021年9月—2023年8月", "进展": "在研"}],
        "成果": [{"名称": f"{name[:4]}教学改革成果", "类型": "教学成果", "时间": "2021-06"}],
        "创建情况": text, "分工会意见": "同意申报。", "分工会意见日期": "2022-12-15", "校工会意见": None,
        "校工会意见日期": None,
    }
    f.update(values)
    shown = {"box": "unicode", "team": "label-column", "births": [b for b, _ in team], "honours": "arabic"}
    shown.update(written or {})
    return {"id": sid, "fields": f, "written": shown}


def _long_text() -> str:
    part = ("工作室围绕医学形态学实验教学中的切片识别难题，组织教师开展数字切片库建设，逐张标注病理特征并录制讲解"
            "微课，学生课前自学、课上讨论、课后测验，形成线上线下融合的教学模式。")
    return part * 12 + "三年来建成数字切片1200张，学生考核优秀率提高18%。"


UNITS: list[dict[str, Any]] = [
    {"unit": "药学院分工会", "folder": "01-药学院分工会", "studios": [
        _studio("S1", "智慧药学创新工作室", "药学院", "王强",
                "工作室建成智慧药房实训平台1个，开发处方审核软件2套，近三年培训药学教师86人次，获授权专利3项。",
                _team("药学院", ("李娜", "女", "1988年5月", "硕士研究生", "讲师", "制剂研究"),
                      ("赵敏", "女", "1992/07", "硕士研究生", "助教", "数据整理"),
                      ("刘洋", "男", "1980.01", "博士研究生", "副教授", "软件开发")),
                ledger="xlsx", evidence=["标志", "制度"]),
    ]},
    {"unit": "临床医学院分工会", "folder": "02-临床医学院分工会.zip", "studios": [
        _studio("S2", "临床技能培训创新工作室", "临床医学院", "陈刚",
                "工作室建成模拟病房2间，编写技能培训手册3部，年均培训住院医师240人次，学生技能大赛获奖9项。",
                _team("临床医学院", ("孙磊", "男", "1982.06", "博士研究生", "副主任医师", "培训设计"),
                      ("周婷", "女", "1990.11", "硕士研究生", "主治医师", "模拟教学"),
                      ("吴昊", "男", "1994.02", "硕士研究生", "住院医师", "考核评估")),
                written={"box": "after", "honours": "bracket"}, form="pdf", ledger="docx-gap", evidence=["标志-scan", "制度-part"]),
        _studio("S3", "护理质量创新工作室", "临床医学院", "郑丽",
                "工作室制定护理质量指标18项，推行床旁交接班，患者满意度提高到97%，护理不良事件下降32%。",
                _team("临床医学院", ("冯雪", "女", "1985.09", "本科", "主管护师", "质量控制"),
                      ("何静", "女", "1991.04", "本科", "护师", "数据统计"),
                      ("马超", "男", "1978.12", "硕士研究生", "副主任护师", "流程改进")),
                written={"box": "solid", "honours": "circled"}, 领衔人性别="女", 领衔人职称="讲师",
                领衔人荣誉=["济宁医学院优秀教师（2020年）"], ledger="xlsx", evidence=["标志", "制度"]),
    ]},
    {"unit": "基础医学院分工会", "folder": "03-基础医学院分工会", "studios": [
        _studio("S4", "医学形态学创新工作室", "基础医学院", "李明", _long_text(),
                _team("基础医学院", ("钱芳", "女", "1986.03", "博士研究生", "副教授", "切片库建设"),
                      ("许亮", "男", "1993.08", "硕士研究生", "助教", "微课录制"),
                      ("韩梅", "女", "1979.10", "博士研究生", "教授", "教学设计")),
                written={"team": "label-row", "honours": "bracket"}, ledger="docx", evidence=["制度"]),
        _studio("S9", "中医康复创新工作室", "基础医学院", "黄伟",
                "工作室开发康复训练方案6套，服务附属医院患者1500人次，发表教学论文11篇，立项省级课题2项。",
                _team("基础医学院", ("曹颖", "女", "1987.02", "硕士研究生", "讲师", "方案设计"),
                      ("彭辉", "男", "1995.05", "硕士研究生", "助教", "训练指导"),
                      ("谢红", "女", "1976.07", "博士研究生", "教授", "临床指导")),
                written={"box": "wingdings"}, ledger="docx", evidence=["标志", "制度"]),
    ]},
    {"unit": "公共卫生学院分工会", "folder": "04-公共卫生学院分工会", "studios": [
        _studio("S5", "流行病学调查创新工作室", "公共卫生学院", "杨帆",
                "工作室完成现场流行病学调查演练12次，建立调查数据平台1个，指导学生调研报告获奖5项。",
                _team("公共卫生学院", ("罗斌", "男", "1984.04", "博士研究生", "副教授", "现场调查"),
                      ("宋佳", "女", "1992.09", "硕士研究生", "讲师", "数据分析"),
                      ("唐琳", "女", "1996.01", "硕士研究生", "助教", "资料整理"),
                      ("邓凯", "男", "1977.05", "博士研究生", "教授", "技术指导")),
                成员人数=5, 所在部门=None, ledger="xlsx", evidence=["标志", "制度"]),
        _studio("S6", "健康管理创新工作室", "公共卫生学院", "林涛",
                "工作室坚持以教职工健康需求为导向，推动健康管理服务进校园，形成了较好的工作机制，受到教职工的普遍欢迎。",
                _team("公共卫生学院", ("高洁", "女", "1983.12", "博士研究生", "副教授", "健康评估"),
                      ("梁宇", "男", "1991.03", "硕士研究生", "讲师", "干预方案"),
                      ("蔡敏", "女", "1997.06", "本科", "助教", "随访管理")),
                written={"team": "label-row"}, 专项经费=0, ledger="docx", evidence=["标志", "制度"]),
    ]},
    {"unit": "医学信息工程学院分工会", "folder": "05-医学信息工程学院分工会", "studios": [
        _studio("S7", "智能医学创新工作室", "医学信息工程学院", "郭峰",
                "工作室搭建医学影像智能标注平台1个，标注影像数据3万例，开设人工智能选修课2门。",
                _team("医学信息工程学院", ("江涛", "男", "1981.08", "博士研究生", "副教授", "算法研究"),
                      ("范琳", "女", "1990.10", "硕士研究生", "讲师", "数据标注"),
                      ("石磊", "男", "1995.03", "硕士研究生", "助教", "平台运维")),
                written={"box": "typed", "创新方向": "教学改革"}, 创新方向=None,
                成果=[{"名称": "医学图像分割方法", "类型": "论文", "时间": "2017-05"},
                      {"名称": "影像标注工具", "类型": "专利", "时间": "2018-11"}],
                ledger=None, evidence=["标志", "制度"]),
        _studio("S8", "医学影像创新工作室", "医学信息工程学院", "李明",
                "工作室建成影像诊断教学案例库1套，收录病例860例，培养青年教师7名，获校级教学成果奖2项。",
                _team("医学信息工程学院", ("贾楠", "女", "1987.01", "博士研究生", "副教授", "案例建设"),
                      ("方正", "男", "1993.06", "硕士研究生", "讲师", "影像处理"),
                      ("袁媛", "女", "1978.04", "博士研究生", "教授", "教学指导")),
                ledger="xlsx", evidence=["标志", "制度"]),
    ]},
]
CHUANGJIAN_UNITS = UNITS


def _ledger_rows(s: _S) -> list[tuple[str, str, dict]]:
    """(date as written, 类别, the item as records.json holds it) — one a quarter, or Q1–Q2 only for a gap."""
    name = s["fields"]["工作室名称"]
    team = [m["姓名"] for m in s["fields"]["团队成员"]]
    plan = [("2022.03.16", "学习研讨", f"{name}学习研讨会"), ("2022年5月20日", "技术攻关", "关键技术攻关推进会"),
            ("2022-09-08", "培训带徒", "青年教师培训"), ("2022.11.25", "成果", "年度成果总结")]
    if s["ledger"] == "docx-gap":
        plan = plan[:2]
    out = []
    for written, kind, text in plan:
        y, m, d = (int(x) for x in written.replace("年", ".").replace("月", ".").replace("日", "").replace("-", ".").split("."))
        item = {"日期": f"{y:04d}-{m:02d}-{d:02d}", "类别": kind, "内容": text, "参加人员": "、".join(team[:2]), "备注": None}
        out.append((written, kind, item))
    return out


def _paths(u: dict, s: _S) -> None:
    f = s["fields"]
    for key in ("ledger", "evidence", "form"):
        s[key] = f.pop(key, None if key != "form" else "docx")
    base = f"{u['folder']}/{s['id'][1:]}-{f['工作室名称']}"
    s["form_path"] = f"{base}-创建申报表.{'pdf' if s['form'] == 'pdf' else 'docx'}"
    s["ledger_path"] = None if not s["ledger"] else f"{base}-工作台账.{'xlsx' if s['ledger'] == 'xlsx' else 'docx'}"
    s["evidence_paths"] = {e: f"{base}-佐证材料-{'标志上墙照片' if e.startswith('标志') else '规章制度汇编'}."
                              f"{'png' if e.endswith('scan') else 'docx'}" for e in s["evidence"]}


for _u in UNITS:
    for _s in _u["studios"]:
        _s["fields"]["申报分工会"] = _u["unit"]
        _paths(_u, _s)


def _all() -> list[tuple[dict, _S]]:
    return [(u, s) for u in UNITS for s in u["studios"]]


def _by(sid: str) -> tuple[dict, _S]:
    return next((u, s) for u, s in _all() if s["id"] == sid)


def form_fields(s: _S) -> dict[str, Any]:
    return copy.deepcopy(s["fields"])


def ledger_fields(s: _S) -> dict[str, Any]:
    return {"工作室名称": s["fields"]["工作室名称"], "年度": 2022, "条目": [i for _, _, i in _ledger_rows(s)]}


def _shows(e: str) -> list[str]:
    if e.startswith("标志"):
        return ["标志"]
    return RULES[:4] if e.endswith("part") else list(RULES)


def evidence_fields(s: _S, e: str) -> dict[str, Any]:
    topics = _shows(e)
    return {"工作室名称": s["fields"]["工作室名称"], "标题": _evidence_title(e),
            "佐证": ["有明显标志"] if topics == ["标志"] else ["有规章制度"], "佐证内容": topics,
            "制度": [t for t in topics if t in RULES] or None}


# ------------------------------------------------------------------------------------------------ the 六有 cells


def _grades(sid: str) -> list[str]:
    bad = {"S3": {"有领衔人才": "不达标"}, "S4": {"有明显标志": "存疑"}, "S2": {"有规章制度": "存疑"},
           "S5": {"有创新团队": "存疑"}, "S6": {"有场地经费": "不达标"}, "S7": {"有创新成效": "不达标"}}.get(sid, {})
    return [bad.get(k, "达标") for k in STANDARDS]


GRADES = {s["fields"]["工作室名称"]: _grades(s["id"]) for _, s in _all()}

# ------------------------------------------------------------------------------------------------ planted findings


def _f(code: str, sid: str, field: str = "", actual: Any = None, limit: Any = None, *, path: str = "") -> dict:
    u, s = _by(sid)
    return finding(code, u["unit"], [path or s["form_path"]], field, actual, limit, s["fields"]["工作室名称"])


EXPECTED_CHUANGJIAN: list[dict[str, Any]] = [
    _f("standard.not_met", "S3", "有领衔人才", "不达标"),
    _f("standard.doubtful", "S4", "有明显标志", "存疑"),
    _f("standard.doubtful", "S2", "有规章制度", "存疑"),
    _f("standard.doubtful", "S5", "有创新团队", "存疑"),
    _f("subtable.count_mismatch", "S5", "成员人数", 5, 4),
    _f("field.missing", "S5", "所在部门"),
    _f("standard.not_met", "S6", "有场地经费", "不达标"),
    _f("evidence.no_numbers", "S6", "创建情况"),
    _f("standard.not_met", "S7", "有创新成效", "不达标"),
    _f("choice.invalid", "S7", "创新方向", "教学改革"),
    _f("material.missing", "S7"),
    _f("ledger.gaps", "S2", "创新工作室工作台账", 2, 3, path=_by("S2")[1]["ledger_path"]),
    _f("length.over", "S4", "创建情况", word_count(_long_text()), 1000),
    finding("duplicate.submission", "基础医学院分工会、医学信息工程学院分工会",
            [_by("S4")[1]["form_path"], _by("S8")[1]["form_path"]], "领衔人姓名", 2, None, "李明"),
    _f("file.scanned", "S2", "", "measured", path=_by("S2")[1]["evidence_paths"]["标志-scan"]),
]
NAMED_YEAR = 2021
NAMED_LIST_TITLE = "2021年度济宁医学院劳模和优秀人才创新工作室授牌名单"
NAMED_LIST_CHUANGJIAN = [
    ("健康管理创新工作室", "公共卫生学院分工会", "林涛"),
    ("口腔修复创新工作室", "口腔医学院分工会", "韩冰"),
]
EXPECTED_CHUANGJIAN_REGISTRY = [_f("registry.inspection", "S6", "工作室名称", NAMED_YEAR)]
MEASURED_CHUANGJIAN = {"file.scanned": (0.5, 1.0)}
for _e in EXPECTED_CHUANGJIAN:
    if _e["code"] in MEASURED_CHUANGJIAN:
        _e["actual"] = list(MEASURED_CHUANGJIAN[_e["code"]])

assert word_count(_long_text()) > 1000

# ------------------------------------------------------------------------------------------------ the documents


def _boxes(style: str, options: list[str], ticked: list[str]) -> tuple[str, Any]:
    if style == "wingdings":
        return "W", [(o in ticked, o) for o in options]
    if style == "after":
        return "V", "　".join(f"{o}{'√' if o in ticked else '□'}" for o in options)
    mark = "■" if style == "solid" else "☑"
    return "V", "　".join(f"{mark if o in ticked else '□'}{o}" for o in options)


def _honours(s: _S) -> list[str]:
    marks = {"arabic": lambda i: f"{i}.", "bracket": lambda i: f"（{i}）", "circled": lambda i: "①②③"[i - 1]}
    mark = marks[s["written"]["honours"]]
    return [f"{mark(i)}{h}" for i, h in enumerate(s["fields"]["领衔人荣誉"], 1)] or ["无"]


def _rows_table(r: int, label: str, heads: list[tuple[int, int, str]], rows: list[list[str]]) -> list:
    """A sub-table beside its label merged down its rows: ``heads`` (col, colspan, text), then ``rows``."""
    cells = [(r, 0, 1 + len(rows), 1, "L", label)]
    for i, values in enumerate([[h for _, _, h in heads], *rows]):
        cells += [(r + i, c, 1, cs, "L" if i == 0 else "V", v) for (c, cs, _), v in zip(heads, values, strict=True)]
    return cells


def _form_cells(s: _S) -> tuple[int, list]:
    f, w = s["fields"], s["written"]
    box = w["box"]
    direction = ("V", w["创新方向"]) if "创新方向" in w else _boxes(box, DIRECTIONS, f["创新方向"] or [])
    team = [[m["姓名"], m["性别"], b, m["学历"], m["职称"], m["部门"], m["分工"]]
            for b, m in zip(w["births"], f["团队成员"], strict=True)]
    cells = [
        (0, 0, 1, 8, "L", "基本情况"),
        (1, 0, 1, 2, "L", "工作室名称"), (1, 2, 1, 3, "V", f["工作室名称"]), (1, 5, 1, 1, "L", "所在部门"),
        (1, 6, 1, 2, "V", f["所在部门"] or ""),
        (2, 0, 1, 2, "L", "创新方向"), (2, 2, 1, 6, *direction),
        (3, 0, 1, 2, "L", "成立时间"), (3, 2, 1, 3, "V", "2019年3月"), (3, 5, 1, 1, "L", "成员人数"),
        (3, 6, 1, 2, "V", str(f["成员人数"])),
        (4, 0, 1, 8, "L", "一、有领衔人才"),
        (5, 0, 1, 1, "L", "姓名"), (5, 1, 1, 1, "V", f["领衔人姓名"]), (5, 2, 1, 1, "L", "性别"),
        (5, 3, 1, 1, "V", f["领衔人性别"]), (5, 4, 1, 1, "L", "出生年月"), (5, 5, 1, 1, "V", "1975.03"),
        (5, 6, 1, 1, "L", "学历"), (5, 7, 1, 1, "V", f["领衔人学历"]),
        (6, 0, 1, 1, "L", "职称/职业资格等级"), (6, 1, 1, 1, "V", f["领衔人职称"]), (6, 2, 1, 1, "L", "职务"),
        (6, 3, 1, 1, "V", f["领衔人职务"]), (6, 4, 1, 1, "L", "联系电话"), (6, 5, 1, 1, "V", f["领衔人电话"]),
        (6, 6, 1, 1, "L", "是否一线教职工"), (6, 7, 1, 1, *_boxes(box if box != "typed" else "unicode", ["是", "否"],
                                                               ["是" if f["一线教职工"] else "否"])),
        (7, 0, 1, 2, "L", "荣誉称号（名称、授予单位、时间）"), (7, 2, 1, 6, "V", "\n".join(_honours(s))),
        (8, 0, 1, 8, "L", "二、有明显标志"),
        (9, 0, 1, 2, "L", "上墙内容"), (9, 2, 1, 6, *_boxes(box if box != "typed" else "unicode", SIGNS, f["标志"])),
        (10, 0, 1, 8, "L", "三、有创新团队"),
    ]
    r = 11
    if w["team"] == "label-row":  # a label row, then 序号|姓名|…|部门 with 分工 merged in
        cells.append((r, 0, 1, 8, "L", "团队成员（每行一人）"))
        heads = [(0, 1, "序号"), *((k + 1, 1, h) for k, h in enumerate(TEAM))]
        cells += [(r + 1, c, 1, cs, "L", h) for c, cs, h in heads]
        for i, row in enumerate(team, 1):
            cells += [(r + 1 + i, c, 1, cs, "V", v) for (c, cs, _), v in zip(heads, [str(i), *row], strict=True)]
        r += 2 + len(team)
    else:
        cells += _rows_table(r, "团队成员", [(k + 1, 1, h) for k, h in enumerate(TEAM)], team)
        r += 1 + len(team)
    cells += [(r, 0, 1, 8, "L", "四、有场地经费"),
              (r + 1, 0, 1, 1, "L", "场所地点"), (r + 1, 1, 1, 3, "V", f["场所地点"]),
              (r + 1, 4, 1, 2, "L", "使用面积（平方米）"), (r + 1, 6, 1, 2, "V", str(f["使用面积"])),
              (r + 2, 0, 1, 1, "L", "主要设施设备"), (r + 2, 1, 1, 3, "V", f["设施设备"]),
              (r + 2, 4, 1, 2, "L", "学校专项经费（万元/年）"), (r + 2, 6, 1, 2, "V", str(f["专项经费"])),
              (r + 3, 0, 1, 8, "L", "五、有规章制度"),
              (r + 4, 0, 1, 2, "L", "已建立制度"), (r + 4, 2, 1, 6, *_boxes(box if box != "typed" else "unicode", RULES,
                                                                          f["制度"])),
              (r + 5, 0, 1, 8, "L", "六、有创新成效")]
    r += 6
    topics = [[t["名称"], t["级别"], t["起止时间"], t["进展"]] for t in f["课题"]]
    cells += _rows_table(r, "在研课题/攻关项目", [(1, 3, "名称"), (4, 1, "级别"), (5, 2, "起止时间"), (7, 1, "进展")], topics)
    r += 1 + len(topics)
    results = [[x["名称"], x["类型"], x["时间"].replace("-", ".")] for x in f["成果"]]
    cells += _rows_table(r, "近三年创新成果", [(1, 4, "名称"), (5, 1, "类型"), (6, 2, "时间")], results)
    r += 1 + len(results)
    cells += [(r, 0, 1, 8, "L", "创建情况（不超过1000字）"), (r + 1, 0, 1, 8, "T", [f["创建情况"]]),
              (r + 2, 0, 1, 1, "L", "分工会意见"), (r + 2, 1, 1, 7, "V", OPINION),
              (r + 3, 0, 1, 1, "L", "校工会审核意见"), (r + 3, 1, 1, 7, "V", "（盖章）\n年　月　日")]
    return r + 4, cells


def form_docx(u: dict, s: _S) -> bytes:
    doc = new_doc("分工会", WHEN)
    para(doc, "附件1", size=14, east=HEAD_FONT)
    para(doc, "创新工作室创建申报表", align="center", bold=True, size=18, east=TITLE_FONT, space_after=6)
    para(doc, f"申报分工会（盖章）：{u['unit']}　　填报日期：2022年12月15日")
    n, cells = _form_cells(s)
    form_table(doc, n, 8, cells, (2.2, 2.0, 1.8, 2.0, 2.0, 2.4, 1.6, 2.0))
    return docx_bytes(doc, WHEN)


def _ledger_title(s: _S) -> str:
    return f"{s['fields']['工作室名称']}工作台账（2022年）"


def ledger_bytes(s: _S) -> bytes:
    rows = [[w, k, i["内容"], i["参加人员"], ""] for w, k, i in _ledger_rows(s)]
    if s["ledger"] == "xlsx":
        return list_xlsx(_ledger_title(s), [], LEDGER, rows, (16, 12, 30, 20, 10), "分工会", WHEN, caption="附件2")
    doc = new_doc("分工会", WHEN)
    para(doc, "附件2", size=14, east=HEAD_FONT)
    para(doc, _ledger_title(s), align="center", bold=True, size=16, east=TITLE_FONT, space_after=6)
    list_docx_table(doc, LEDGER, rows, (3.2, 2.4, 5.6, 3.4, 1.8))
    return docx_bytes(doc, WHEN)


def _evidence_title(e: str) -> str:
    return "佐证材料：工作室标志上墙照片" if e.startswith("标志") else "佐证材料：工作室规章制度汇编"


def evidence_docx(s: _S, e: str) -> bytes:
    name = s["fields"]["工作室名称"]
    doc = new_doc("分工会", WHEN)
    para(doc, _evidence_title(e), align="center", bold=True, size=16, east=TITLE_FONT, space_after=6)
    para(doc, f"工作室名称：{name}", align="center")
    if e.startswith("标志"):
        para(doc, f"（照片）{name}的组织机构、工作职责、目标任务等规范性标牌已在{s['fields']['场所地点']}墙面醒目位置悬挂。",
             align="justify", indent=True)
        return docx_bytes(doc, WHEN)
    for i, topic in enumerate(_shows(e)):
        para(doc, f"{'一二三四五六'[i]}、{topic}制度", bold=True, east=HEAD_FONT)
        para(doc, f"第一条　为规范工作室{topic}工作，结合工作室实际，制定本制度。第二条　本制度由工作室领衔人负责组织实施。",
             align="justify", indent=True)
    return docx_bytes(doc, WHEN)


def build_chuangjian_inbox(dest: Path) -> Path:
    """Create the sample inbox for the ``chuangjian`` profile in ``dest`` (absent or empty); return ``dest``."""
    dest = empty_dest(dest)
    files: dict[str, bytes] = {}
    pdf_jobs: dict[str, bytes] = {}
    scans: dict[str, str] = {}
    for u, s in _all():
        (pdf_jobs if s["form"] == "pdf" else files)[s["form_path"]] = form_docx(u, s)
        if s["ledger_path"]:
            files[s["ledger_path"]] = ledger_bytes(s)
        for e, path in s["evidence_paths"].items():
            if path.endswith(".png"):
                target = path.removesuffix(".png") + ".scan.pdf"
                pdf_jobs[target] = evidence_docx(s, e)
                scans[path] = target
            else:
                files[path] = evidence_docx(s, e)
    for path, pdf in convert_all({"pdf": pdf_jobs}, WHEN).items():
        scan = next((k for k, t in scans.items() if t == path), None)
        files[scan or path] = rasterised("png", scan, pdf, "") if scan else pdf
    return write_inbox(dest, files, WHEN)
