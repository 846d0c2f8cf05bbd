"""Inbox builder for the studio campaign (2024 河南 劳模工匠创新工作室推荐)."""

from __future__ import annotations

import copy
import random

from . import writer as w
from .common import Doc, assemble, file_findings, finding, folder_variations, pair_finding, truth
from .studio_data import (
    EVIDENCE,
    LACKING,
    NO_SUMMARY,
    NOT_LISTED,
    NOT_SENT,
    OUTLINE,
    OUTLINE_GROUPS,
    TWO_DOCS,
    UNITS,
    S,
)
from .writer import BOLD, CENTER, F, Full, Group, ListRows, Row, Wide

FORM_KEYS = ["工作室名称", "成员人数", "专业领域", "建立日期", "所在单位", "所属行业", "工作室认定单位", "工作室认定时间",
             "经费投入", "创新成果数量", "成果创效", "技能培训人数", "导师带徒人数", "取得专利数量", "创新成果所获奖项",
             "领衔人姓名", "领衔人性别", "领衔人出生年月", "领衔人民族", "领衔人学历", "领衔人政治面貌", "领衔人专业工种",
             "领衔人技术等级", "领衔人联系电话", "领衔人单位及职务", "领衔人个人荣誉", "领衔人技能奖项", "主要业绩",
             "所在单位工会意见", "所在单位工会意见日期", "推荐单位意见", "推荐单位意见日期"]
OPTIONAL = {"创新成果所获奖项", "领衔人个人荣誉", "领衔人技能奖项"}
TITLE_OK = ("高级工程师", "正高级", "教授", "副教授", "研究员", "主任医师", "高级技师")
ESTABLISHED_BY = "2021-11-05"
AUTHORS = ["Administrator", "lenovo", "微软用户", "user", "HUAWEI", "Windows 用户"]
EXT = {"native": ".docx", "pdf": ".pdf", "doc": ".doc", "scan_pdf": ".pdf", "png": ".png", "jpg": ".jpg"}
FORCE = {
    ("ly", "zjg"): {"op1": "L9d"},
    ("hnsrmyy", "ln"): {"op2": "L9e"},
    ("hnsrmyy", "yf"): {"out": "pdf", "L8": "a", "size": 12},
    ("ly", "szq"): {"out": "doc"},
    ("hpu", "gmy"): {"out": "jpg", "L7": "c", "L8": "a", "L1": "a", "L2": "t", "compact": True},
}


def _list(items, dk, rng, allow_rows=False, label=""):
    """List field (L4): returns (content str or list of rows, truth, variations)."""
    if not items:
        return "无", None, ["L4g"]
    box = dk.deal_allowed("S-L4box", "abef", "abef" if allow_rows else "abe")
    numbered = dk.deal("S-L4c", (True, False))
    dated = dk.deal("S-L4d", (True, False))
    dstyle = rng.choice(("dot", "cn", "comma"))
    nstyle = rng.choice(w.NUMBERINGS)
    out = []
    for d, name in items:
        y, m = d.split(".")
        out.append(name if not dated else {"dot": f"{d} {name}", "cn": f"{y}年{int(m)}月 {name}",
                                           "comma": f"{d}，{name}"}[dstyle])
    gap = " " if nstyle == "1." and dated and dstyle != "cn" else ""
    written = [w.numbered(i, nstyle) + gap + it if numbered else it for i, it in enumerate(out)]
    v = [f"L4{box}"] + (["L4c"] if numbered else []) + (["L4d"] if dated else [])
    if box == "f":
        return written, out, v
    return {"a": "\n", "b": "\v", "e": "；"}[box].join(written), out, v


def _opinion(op, style, rng):
    """(written cell text, truth opinion, truth date) for an opinion cell in L9 style."""
    if style == "L9d" or op is None:
        return rng.choice(("签章\n年　　月　　日", "\n\n签 章\n年 月 日", "（盖章）\n\n年　月　日")), None, None
    text, date = op
    y, m, d = (int(x) for x in date.split("-")) if date else (0, 0, 0)
    if style == "L9a":
        return f"{text}\n签章\n{y}年{m}月{d}日", text, date
    if style == "L9b":
        t = text.rstrip("。")
        return f"{t}\n（盖章）\n{y}年{m}月{d}日", t, date
    if style == "L9c":
        t = text if text.startswith(("情况属实", "经审核")) else "情况属实，" + text
        return f"{t}\n\n{y}.{m:02d}.{d:02d}", t, date
    return rng.choice((f"{text}\n（盖章）", text, f"{text}\n签章")), text, None  # L9e


def form_doc(s, ukey, dk, rng, force):
    uname, _t, _f, contact, phone = UNITS[ukey]
    v: list[str] = []
    l1 = force.get("L1") or dk.deal("L1", "abc")
    v.append("L1" + l1)
    style = {"a": "a", "b": rng.choice(("b1", "b2")), "c": "c"}[l1]
    deco_d, deco_e, deco_f = (dk.deal(k, (True, False)) for k in ("L1d", "L1e", "L1f"))
    v += [k for k, on in (("L1d", deco_d), ("L1e", deco_e), ("L1f", deco_f)) if on]
    spacing = rng.choice(("full", "half"))

    def lab(x, note=""):
        x = x + (note if deco_f else "")
        if deco_d:
            x = w.space_label(x, spacing)
        return x + ("：" if deco_f and style == "a" else "")

    def num(n, unit):
        st = dk.deal("L5cnt", ("L5a", "L5b", "L5c"))
        v.append(st)
        return w.fmt_int(n, st, unit)

    def money(x):
        st = dk.deal("L5money", ("L5f", "L5g", "L5h", "L5i", "L5d")) if x == int(x) else \
            dk.deal("L5dec", ("L5j", "L5i"))
        v.append(st)
        return w.fmt_money(x, st)

    def date(d):
        st = dk.deal("L6ym", ("L6a", "L6b", "L6c", "L6f")) if d.count("-") == 1 else dk.deal("L6ymd", ("L6d", "L6e"))
        v.append(st)
        return w.fmt_date(d, st)

    rows = [Row([F(lab("工作室名称"), s["name"]), F(lab("成员人数", "（人）"), num(s["members"], "人"))], style),
            Row([F(lab("专业领域"), s["field"]), F(lab("建立日期"), date(s["est"]))], style),
            Row([F(lab("所在单位"), s["dept"]), F(lab("所属行业"), s["industry"] or "")], style),
            Row([F(lab("工作室认定单位"), s["cert_unit"]), F(lab("工作室认定时间"), date(s["cert_date"]))], style),
            Row([F("经费投入（万元）", money(s["fund"])), F(lab("创新成果数量", "（项）"), num(s["outputs"], "项"))], style),
            Row([F("成果创效（万元）", money(s["value"])), F(lab("技能培训人数", "（人次）"), num(s["trained"], "人次"))],
                style),
            Row([F(lab("导师带徒人数", "（人）"), num(s["mentees"], "人")), F(lab("取得专利数量", "（项）"),
                                                                      num(s["patents"], "项"))], style)]
    aw, aw_truth, av = _list(s["awards"], dk, rng, allow_rows=True)
    v += av
    rows.append(ListRows("创新成果所获奖项", aw) if isinstance(aw, list) else Wide("创新成果所获奖项", aw))
    ln, sex, birth, nation, edu, pol, major, title, lphone, post = s["leader"]
    ho, ho_truth, hv = _list(s["honors"], dk, rng)
    sk, sk_truth, sv = _list(s["skills"], dk, rng)
    v += hv + sv
    l2 = force.get("L2") or dk.deal("L2", "tabc")
    pre = "领衔人" if l2 == "c" else ""
    inner = {"t": style, "a": style, "b": rng.choice(("b1", "b2")), "c": style}[l2]
    lrows = [Row([F(lab(pre + "姓名"), ln), F(lab(pre + "性别"), sex), F(lab(pre + "出生年月"), date(birth))], inner),
             Row([F(lab(pre + "民族"), nation), F(lab(pre + "学历"), edu), F(lab(pre + "政治面貌"), pol)], inner),
             Row([F(pre + "专业/工种", major), F(lab(pre + "技术等级"), title), F(lab(pre + "联系电话"), lphone)], inner),
             Row([F(pre + "单位及职务", post)], inner),
             Row([F(pre + "个人荣誉及获得时间", ho), F("技能（工匠）奖项及时间", sk)], inner)]
    if l2 == "t":
        rows += [Full("工作室领衔人情况"), *lrows]
    elif l2 == "c":
        rows += lrows
        v.append("L2c")
    else:
        rows.append(Group(w.break_label("工作室领衔人情况", 3) if deco_e else "工作室领衔人情况", lrows))
        v.append("L2" + l2)
    l8 = force.get("L8") or dk.deal("L8", "ace")
    v.append("L8" + l8)
    yj = "\n".join(s["yj"])
    if l8 == "c":
        rows.append(Wide("创新工作室主要业绩（500字）", yj))
    elif l8 == "e":
        rows.append(Wide("创新工作室主要业绩(500 字)", yj, above=True))
    else:
        rows.append(Wide("创新工作室\n主要业绩" if deco_e else "创新工作室主要业绩", yj))
    st1 = force.get("op1") or dk.deal("L9", ("L9a", "L9b", "L9c"))
    st2 = force.get("op2") or dk.deal("L9", ("L9a", "L9b", "L9c"))
    c1, o1, d1 = _opinion(s["ops"][0], st1, rng)
    c2, o2, d2 = _opinion(s["ops"][1], st2, rng)
    typo = dk.deal("L9fg", ("L9f", "L9g"))
    v += [st1, st2, typo]
    lab2 = "推荐单意见" if typo == "L9f" else "推荐单位意见"
    l1lab = "所在单位工会意见"
    if deco_e:
        l1lab, lab2 = "\n".join(l1lab), "\n".join(lab2)
    rows.append(Row([F(l1lab, c1), F(lab2, c2)], "a"))
    doc = w.new_document(rng.choice(AUTHORS), size=9 if force.get("compact") else force.get("size", 10.5))
    if force.get("size"):  # 小四 with 1.5 line spacing: the form runs onto a second page
        doc.styles["Normal"].paragraph_format.line_spacing = 1.5
    if force.get("compact"):
        for sec in doc.sections:
            sec.top_margin = sec.bottom_margin = w.Cm(1.5)
    if rng.random() < 0.5:
        w.add_paragraph(doc, "附件1")
    w.add_paragraph(doc, BOLD + CENTER + "河南省教科文卫体系统劳模工匠创新工作室推荐表", size=15)
    l7 = force.get("L7") or dk.deal("S-L7", ("", "", "b", "c", "d"))
    if l7 == "d":
        rows = [Row([F("推荐单位（盖章）", uname)], "a"), Row([F("联系人", contact), F("电话", phone)], "a"), *rows]
        v.append("L7d")
    elif l7:
        v += ["L7a", "L7" + l7]
        w.add_paragraph(doc, rng.choice((f"推荐单位：{uname}（盖章）", f"推荐单位（盖章）：{uname}")))
        if l7 == "b":
            w.add_paragraph(doc, f"联系人：{contact}\t电话：{phone}")
        else:
            w.add_paragraph(doc, f"联系人：{contact}")
            w.add_paragraph(doc, f"联系电话：{phone}")
    w.add_form_table(doc, rows)
    fields = {"工作室名称": s["name"], "成员人数": s["members"], "专业领域": s["field"], "建立日期": s["est"],
              "所在单位": s["dept"], "所属行业": s["industry"], "工作室认定单位": s["cert_unit"],
              "工作室认定时间": s["cert_date"], "经费投入": s["fund"], "创新成果数量": s["outputs"],
              "成果创效": s["value"], "技能培训人数": s["trained"], "导师带徒人数": s["mentees"],
              "取得专利数量": s["patents"], "创新成果所获奖项": aw_truth, "领衔人姓名": ln, "领衔人性别": sex,
              "领衔人出生年月": birth, "领衔人民族": nation, "领衔人学历": edu, "领衔人政治面貌": pol,
              "领衔人专业工种": major, "领衔人技术等级": title, "领衔人联系电话": lphone, "领衔人单位及职务": post,
              "领衔人个人荣誉": ho_truth, "领衔人技能奖项": sk_truth, "主要业绩": yj, "所在单位工会意见": o1,
              "所在单位工会意见日期": d1, "推荐单位意见": o2, "推荐单位意见日期": d2}
    assert list(fields) == FORM_KEYS
    return w.docx_bytes(doc), fields, v


def _evidence_body(s, item):
    area, devices, tasks, standard, alliance, helping, media = EVIDENCE[s["key"]]
    ln, sex, birth, _n, edu, _p, _m, title, _ph, post = s["leader"]
    y, m = birth.split("-")[:2]
    ey, em = s["est"].split("-")[:2]
    honors = "、".join(n for _, n in s["honors"]) or "多项荣誉"
    return {
        "基础情况": f"工作室成立于{ey}年{int(em)}月，主要从事{s['field']}方面的技术攻关和人才培养，经{s['cert_unit']}认定为劳模工匠创新工作室。\n支撑材料：工作室成立文件、认定文件。",
        "领衔人": f"领衔人{ln}，{sex}，{y}年{int(m)}月出生，{edu}学历，{title}，现任{post}，曾获{honors}。\n支撑材料：职称证书、荣誉证书复印件。",
        "创新团队": f"工作室现有成员{s['members']}人，按攻关方向分组开展工作，每组由骨干成员牵头，分工明确。\n支撑材料：成员名单、技能等级证书、组织结构图。",
        "工作保障": f"工作室有固定工作场所{area}平方米，配备主要设施设备{devices}台（套），近三年投入工作经费{s['fund']:g}万元。\n支撑材料：场所照片、设备清单、经费使用清单（财务盖章）。",
        "制度建设": "工作室建立了管理、运行、考核、奖励和成果转化等制度，每年初制定工作计划，并编制了五年发展规划。\n支撑材料：制度汇编、年度工作计划、发展规划。",
        "承担任务": f"近三年承担{tasks[0]}、{tasks[1]}等创新课题和攻关项目。\n支撑材料：课题名单、参与人员、完成进度及成果简介（单位盖章）。",
        "成果转化": f"形成创新成果{s['outputs']}项，成果转化累计创效{s['value']:g}万元。\n支撑材料：转化成果名单、创效核算表（单位盖章）。",
        "技能传授": f"近三年对内开展技能培训、对外开展技术交流，累计培训{s['trained']}人次。\n支撑材料：培训计划、签到表、活动照片。",
        "导师带徒": f"签订导师带徒协议，带徒{s['mentees']}人，徒弟技能水平明显提升。\n支撑材料：导师带徒名单、协议、徒弟获奖证明。",
        "创新联盟": f"积极参加{alliance}活动，参与联盟课题交流。\n支撑材料：活动列表、文件资料、照片。",
        "获奖情况": "创新成果获" + "、".join(n for _, n in s["awards"]) + "。\n支撑材料：获奖证书或文件。",
        "取得专利": f"工作室成员取得专利{s['patents']}项。\n支撑材料：专利列表、专利证书。",
        "形成规范": f"工作室成员参与起草{standard}。\n支撑材料：规范文本。",
        "助企行动": f"参加劳模工匠助企行动，{helping}。\n支撑材料：工作资料、照片。",
        "宣传报道": "、".join(media) + "等媒体对工作室进行了宣传报道。\n支撑材料：报道列表、截图。",
    }[item]


def evidence_doc(s, items, part, dk, rng):
    v = []
    hs = dk.deal("S1", "abcde")
    v.append("S1" + hs)
    naming = dk.deal("S2", "abc")
    v.append("S2" + naming)
    suffix = f"（{part}）" if part else ""
    title = f"{s['name']}工作实绩支撑材料{suffix}" if naming == "a" else f"劳模工匠创新工作室工作实绩支撑材料{suffix}"
    doc = w.new_document(rng.choice(AUTHORS))
    w.add_paragraph(doc, BOLD + CENTER + title, size=15)
    if naming == "b":
        w.add_paragraph(doc, f"工作室名称：{s['name']}")
    groups = hs in "ac"
    cur = None
    for item in items:
        idx = OUTLINE.index(item)
        g = max(i for i, (_n, start) in enumerate(OUTLINE_GROUPS) if start <= idx)
        if groups and g != cur:
            w.add_paragraph(doc, BOLD + f"{w.CN_ORD[g]}、{OUTLINE_GROUPS[g][0]}")
            cur = g
        h = {"a": f"（{w.CN_ORD_EXT[idx]}）{item}。", "b": f"{w.CN_ORD_EXT[idx]}、{item}：",
             "c": f"{idx + 1}.{item}", "d": f"【{item}】", "e": item}[hs]
        w.add_paragraph(doc, BOLD + h)
        for p in _evidence_body(s, item).split("\n"):
            w.add_paragraph(doc, p)
    fields = {"工作室名称": s["name"], "标题": title, "覆盖指标": [i for i in OUTLINE if i in items]}
    return w.docx_bytes(doc), fields, v


def report_doc(s, rng):
    title = rng.choice((f"{s['name']}近三年工作总结", f"{s['name']}2022-2024年工作总结"))
    doc = w.new_document(rng.choice(AUTHORS))
    w.add_paragraph(doc, BOLD + CENTER + title, size=15)
    tasks = EVIDENCE[s["key"]][2]
    for p in (f"近三年来，{s['name']}在上级工会和单位党委的领导下，围绕{s['field']}开展创新攻关，现将工作情况总结如下。",
              f"一、主要工作。工作室完成了{tasks[0]}和{tasks[1]}等项目，形成创新成果{s['outputs']}项，"
              f"取得专利{s['patents']}项。",
              f"二、人才培养。工作室开展技能培训{s['trained']}人次，导师带徒{s['mentees']}人。",
              "三、存在的不足和下一步打算。工作室在成果转化和对外交流方面还有差距，下一步将进一步完善制度，加强与行业企业的合作。"):
        w.add_paragraph(doc, p)
    return w.docx_bytes(doc), {"工作室名称": s["name"], "标题": title}


def summary_doc(ukey, entries, dk, rng, fmt):
    uname, _t, _f, contact, phone = UNITS[ukey]
    v = []
    blank_no = dk.deal("M4", (True, False)) and len(entries) > 1
    extra = rng.randint(1, 3) if dk.deal("M3", (True, False)) else 0
    v += (["M4"] if blank_no else []) + (["M3"] if extra else [])
    cols = ["序号", "工作室名称", "领衔人", "所在单位", "专业领域", "备注"]
    rows, items = [], []
    for i, (name, leader, dept, field, remark) in enumerate(entries):
        no = None if blank_no and i == len(entries) - 1 else i + 1
        rows.append([str(no) if no else "", name, leader, dept, field, remark or ""])
        items.append({"序号": no, "工作室名称": name, "领衔人": leader, "所在单位": dept, "专业领域": field,
                      "备注": remark})
    rows += [[str(len(entries) + k + 1), "", "", "", "", ""] for k in range(extra)]
    title = "河南省教科文卫体系统劳模工匠创新工作室推荐汇总表"
    fields = {"推荐单位": uname, "联系人": contact, "电话": phone, "条目": items}
    if fmt == "xlsx":
        v += ["M1b", "L10f"]
        xrows = [[int(r[0]) if r[0] else "", *r[1:]] for r in rows]
        head = [("A2", f"推荐单位（盖章）：{uname}"), ("A3", f"联系人：{contact}"), ("D3", f"联系电话：{phone}")]
        return w.summary_xlsx(title, head, cols, xrows, rng.choice(AUTHORS)), fields, v
    v.append("M1a" if fmt == "docx" else "M1c")
    l7 = "b" if fmt == "scan" else dk.deal("L7s", "bcd")
    header_rows, head = None, []
    if l7 == "d":
        header_rows = [["推荐单位（盖章）", uname], ["联系人", contact, "联系电话", phone, "", ""]]
        v.append("L7d")
    else:
        head = [rng.choice((f"推荐单位（盖章）：{uname}", f"推荐单位：{uname}（盖章）"))]
        v += ["L7a", "L7" + l7]
        head += [f"联系人：{contact}　　联系电话：{phone}"] if l7 == "b" else [f"联系人：{contact}", f"联系电话：{phone}"]
    titles = (["附件2"] if rng.random() < 0.6 else []) + [BOLD + CENTER + title]
    return w.summary_docx(titles, head, cols, rows, header_rows, rng.choice(AUTHORS), landscape=True), fields, v


def build_studio(dest: str, seed: int) -> tuple[list[Doc], dict]:
    rng = random.Random(seed)
    dk = w.Decks(rng)
    studios = copy.deepcopy(S)
    docs: list[Doc] = []
    copies: dict[str, list[Doc]] = {}
    for ukey, (uname, _type, folder, _c, _p) in UNITS.items():
        fv = folder_variations(folder, uname)
        mine = [s for s in studios if ukey in s["units"]]
        for si, s in enumerate(mine):
            short = s["leader"][0] + "工作室"
            if ukey == "zzu":
                base, names = f"{folder}/{si + 1}.{s['name']}", ("推荐表", "工作实绩支撑材料", "近三年工作总结")
                sv = fv + ["I1d"]
            else:
                base = folder
                names = (rng.choice((f"附件1-{s['name']}推荐表", f"{s['name']}推荐表", f"推荐表-{short}")),
                         rng.choice((f"{short}支撑材料", f"{s['name']}工作实绩支撑材料")),
                         rng.choice((f"{short}近三年工作总结", f"{s['name']}工作总结")))
                sv = fv
            if s["key"] in copies:  # the same studio sent again by a second unit: the same files
                for d in copies[s["key"]]:
                    fname = d.path.rsplit("/", 1)[1]
                    fname = fname if s["name"] in fname else f"{s['name']}-{fname}"
                    docs.append(Doc(f"{base}/{fname}", d.kind, uname, d.fields, [v for v in d.variations
                                    if not v.startswith("I1")] + sv, d.data, d.out))
                continue
            f = FORCE.get((ukey, s["key"]), {})
            out = f.get("out", "native")
            data, fields, v = form_doc(s, ukey, dk, rng, f)
            fmt_v = {"native": "L10a", "pdf": "L10b", "doc": "L10c", "jpg": "L10e"}[out]
            if s["key"] == "yf":
                v.append("L8f")
            name = "推荐表（盖章）" if out == "jpg" else names[0]
            mine_docs = [Doc(f"{base}/{name}{EXT[out]}", "studio_form", uname, fields, v + sv + [fmt_v], data, out)]
            lacking = LACKING.get(s["key"], [])
            items = [i for i in OUTLINE if i not in lacking]
            parts = [(items[:8], "一"), (items[8:], "二")] if s["key"] in TWO_DOCS else [(items, "")]
            for its, part in parts:
                data, fields, v = evidence_doc(s, its, part, dk, rng)
                v += (["S3"] if lacking else []) + (["S4"] if part else [])
                mine_docs.append(Doc(f"{base}/{names[1]}{part and '（' + part + '）'}.docx", "studio_evidence", uname,
                                     fields, v + sv + ["L10a"], data))
            data, fields = report_doc(s, rng)
            rout = "doc" if s["key"] == "zjg" else "native"
            mine_docs.append(Doc(f"{base}/{names[2]}{EXT[rout]}", "studio_report", uname, fields,
                                 sv + ["L10c" if rout == "doc" else "L10a"], data, rout))
            copies[s["key"]] = mine_docs
            docs += mine_docs
            if s["key"] == "cxf":
                docs.append(Doc(f"{base}/~$推荐表.docx", "junk", uname, {}, ["J1"] + sv, w.lock_file("lenovo")))
            if s["key"] == "yf":
                docs.append(Doc(f"{base}/{s['name']}支撑材料（扫描版）.pdf", "unreadable", uname, {}, ["J3"] + sv, b"",
                                meta={"why": "empty file (0 bytes)"}))
        if ukey not in NO_SUMMARY:
            entries = [(s["name"], s["leader"][0], s["dept"], s["field"], None) for s in mine
                       if (ukey, s["key"]) not in NOT_LISTED]
            entries += [(*e, None) for e in NOT_SENT.get(ukey, [])]
            fmt = {"zzu": "xlsx", "hnsrmyy": "xlsx", "xx": "scan"}.get(ukey, "docx")
            data, fields, v = summary_doc(ukey, entries, dk, rng, fmt)
            out = "scan_pdf" if fmt == "scan" else "native"
            name = {"xlsx": "推荐汇总表.xlsx", "scan": "附件2-推荐汇总表（扫描件）.pdf"}.get(fmt, f"附件2-{uname}推荐汇总表.docx")
            extra = {"scan": ["L10d"], "docx": ["L10a"]}.get(fmt, [])
            docs.append(Doc(f"{folder}/{name}", "studio_summary", uname, fields, v + fv + extra, data, out))
        if ukey == "ly":
            docs.append(Doc(f"{folder}/Thumbs.db", "junk", uname, {}, ["J2"] + fv, w.thumbs_db(rng)))
    assemble(docs, dest, rng)
    return docs, truth("studio", seed, docs, studio_findings(docs))


def _month_start(d: str) -> str:
    return d if d.count("-") == 2 else d + "-01"


def studio_findings(docs: list[Doc]) -> list[dict]:
    out = file_findings(docs)
    forms = [d for d in docs if d.kind == "studio_form"]
    by_key = {s["name"]: s for s in S}
    for d in forms:
        f = d.fields
        n = w.word_count(f["主要业绩"])
        if n > 500:
            out.append(finding("length.over", d.unit, d.path, "主要业绩", f"主要业绩 {n} 字 > 500", n, 500))
        for k in FORM_KEYS:
            if k not in OPTIONAL and f[k] in (None, ""):
                out.append(finding("field.missing", d.unit, d.path, k, f"{k} blank"))
        if f["建立日期"] and _month_start(f["建立日期"]) > ESTABLISHED_BY:
            out.append(finding("eligibility.established", d.unit, d.path, "建立日期",
                               f"established {f['建立日期']}, after {ESTABLISHED_BY}", f["建立日期"], ESTABLISHED_BY))
        if not any(x in (f["领衔人技术等级"] or "") for x in TITLE_OK):
            out.append(finding("eligibility.title", d.unit, d.path, "领衔人技术等级",
                               f"{f['领衔人技术等级']} is not 高级以上", f["领衔人技术等级"]))
        claim = by_key[f["工作室名称"]].get("numbers_claim")
        if claim:
            out.append(finding("numbers.inconsistent", d.unit, d.path, claim[0],
                               f"主要业绩 states {claim[1]}, the form {f[claim[0]]}", claim[1], f[claim[0]]))
        if f["主要业绩"] and not w.has_figure(f["主要业绩"]):
            out.append(finding("evidence.no_numbers", d.unit, d.path, "主要业绩", "主要业绩 has no figure"))
    units = sorted({d.unit for d in docs if d.kind.startswith("studio_")})
    for u in units:
        uforms = [d for d in forms if d.unit == u]
        studios = {(d.fields["工作室名称"], d.fields["所在单位"]) for d in uforms}
        if len(studios) > 2:
            out.append(finding("quota.exceeded", u, None, None, f"{len(studios)} studios > 2", len(studios), 2))
        sums = [d for d in docs if d.kind == "studio_summary" and d.unit == u]
        received = {d.fields["工作室名称"] for d in uforms}
        if not sums:
            out.append(finding("summary.missing", u, None, None, "no 推荐汇总表 from this unit"))
        for sm in sums:
            listed = {e["工作室名称"] for e in sm.fields["条目"]}
            for e in sm.fields["条目"]:
                if e["工作室名称"] not in received:
                    out.append(finding("summary.not_received", u, sm.path, None, f"{e['工作室名称']} listed, not received"))
            for d in uforms:
                if d.fields["工作室名称"] not in listed:
                    out.append(finding("summary.not_listed", u, d.path, None, f"{d.fields['工作室名称']} not listed"))
        for name in sorted(received):
            ev = [d for d in docs if d.kind == "studio_evidence" and d.unit == u and d.fields["工作室名称"] == name]
            covered = {i for d in ev for i in d.fields["覆盖指标"]}
            paths = sorted(d.path for d in ev)
            for item in OUTLINE:
                if item not in covered:
                    out.append(finding("evidence.indicator_missing", u, paths[0] if len(paths) == 1 else paths, item,
                                       f"{name}: no material for {item}"))
    groups: dict = {}
    for d in forms:
        groups.setdefault((d.fields["工作室名称"], d.fields["所在单位"]), []).append(d)
    for (name, _dept), ds in sorted(groups.items()):
        if len(ds) > 1:
            # One studio sent by two units with the same text is one problem, reported once: the product's
            # documented rule (duplicate.near_copy leaves a pair of the same subject to duplicate.submission).
            out.append(pair_finding("duplicate.submission", [(d.unit, d.path) for d in ds], f"{name} sent {len(ds)} times"))
    return out
