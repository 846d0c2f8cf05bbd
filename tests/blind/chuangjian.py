"""Inbox builder for the chuangjian campaign (2022 济宁医学院 创新工作室创建): per studio the 附件1 创建申报表, the 附件2
工作台账 (Word table or Excel sheet) and 附件3 佐证材料 (captioned photos, a photo file, 制度 documents, a scanned
课题 notice). There is no 汇总表 to send: 分工会 apply to the 校工会 directly.

Besides the findings, the truth has ``standards``: the form's path -> {六有 standard: 达标 / 存疑 / 不达标}, the
六有达标情况表 as the drafted rules make it (one standard.not_met / standard.doubtful finding per cell that is not 达标).
"""

from __future__ import annotations

import copy
import datetime
import io
import random

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

from . import kit
from . import writer as w
from .chuangjian_data import (
    DIRS,
    FILLED,
    LEDGER_KINDS,
    LEDGER_REMARKS,
    LEDGER_TEMPLATES,
    LEDGER_YEAR,
    LONG_STORY,
    RULES,
    SIGNS,
    SUBFOLDERS,
    UNITS,
    ZIPPED,
    S,
)
from .common import Doc, assemble, file_findings, finding, folder_variations, truth
from .writer import BOLD, CENTER, F, Full, Group, Row, Wide

FORM_KEYS = ["申报分工会", "填报日期", "工作室名称", "所在部门", "创新方向", "成立时间", "成员人数", "领衔人姓名", "领衔人性别",
             "领衔人出生年月", "领衔人学历", "领衔人职称", "领衔人职务", "领衔人电话", "一线教职工", "领衔人荣誉", "标志", "团队成员",
             "场所地点", "使用面积", "设施设备", "专项经费", "制度", "课题", "成果", "创建情况", "分工会意见", "分工会意见日期",
             "校工会意见", "校工会意见日期"]
MEMBER_KEYS = ["姓名", "性别", "出生年月", "学历", "职称", "部门", "分工"]
TOPIC_KEYS = ["名称", "级别", "起止时间", "进展"]
RESULT_KEYS = ["名称", "类型", "时间"]
LEDGER_KEYS = ["工作室名称", "年度", "条目"]
ENTRY_KEYS = ["日期", "类别", "内容", "参加人员", "备注"]
# 图片说明 (a photo's captions) is kept on each Doc to judge 有明显标志, but the drafted form names no such field:
# it is left out of the truth (not scored), as is any key the contract does not define.
EVIDENCE_KEYS = ["工作室名称", "标题", "佐证", "制度"]
UNSCORED = ("图片说明",)
STANDARDS = ["有领衔人才", "有明显标志", "有创新团队", "有场地经费", "有规章制度", "有创新成效"]
STORY_LIMIT = 1000
MIN_MEMBERS = 3  # besides the 领衔人
HONOR_WORDS = ("劳动模范", "先进工作者", "五一劳动奖章")
HONOR_LEVEL = ("市", "省", "全国", "中华全国总工会")
SENIOR = ("教授", "主任医师", "研究员", "高级", "正高")
LEVELS = {"教授": "正高", "主任医师": "正高", "副教授": "副高", "副主任医师": "副高", "高级实验师": "副高", "高级工程师": "副高",
          "讲师": "中级", "主治医师": "中级", "主管护师": "中级", "实验师": "中级", "工程师": "中级", "助教": "初级",
          "住院医师": "初级", "助理实验师": "初级", "高级技师": "技能高", "技师": "技能中", "高级工": "技能初"}
AUTHORS = ["Administrator", "lenovo", "微软用户", "user", "HUAWEI", "Windows 用户"]
PHOTO_WORDS = ("标志", "上墙", "牌匾")


# ---------------------------------------------------------------- 附件1 创建申报表

def _honor(h, dated: bool) -> str:
    ym, name, issuer = h
    y, m = (int(x) for x in ym.split("-"))
    return f"{y}.{m:02d} {name}（{issuer}）" if dated else f"{name}，{issuer}，{y}年{m}月"


def form_doc(s, dk, rng, out):
    rendered = out not in ("native", "doc")
    uname = UNITS[s["unit"]][0]
    v: list[str] = []
    l1 = dk.deal("L1", "abc")
    v.append("L1" + l1)
    style = {"a": "a", "b": rng.choice(("b1", "b2")), "c": "c"}[l1]
    spaced, broken, notes = (dk.deal(k, (True, False)) for k in ("L1d", "L1e", "L1f"))
    spacing = rng.choice(("full", "half"))

    def lab(x: str, note: str = "") -> str:
        if notes and note:
            v.append("L1f")
            return x + note
        if spaced and len(x) <= 4 and style != "b1":
            v.append("L1d")
            return w.space_label(x, spacing)
        if broken and len(x) >= 4 and style in ("a", "c"):
            v.append("L1e")
            return w.break_label(x)
        return x

    def ym(d: str) -> str:
        text, st = kit.date_text(d, dk)
        v.append(st)
        return text

    def num(n: int, unit: str, dim: str) -> str:
        st = dk.deal_allowed(dim, ("L5a", "L5b", "L5c", "L5d"), ("L5a", "L5b", "L5c", "L5d") if notes else ("L5b", "L5d"))
        v.append(st)
        return w.fmt_int(n, st, unit)

    members = s.get("members") or len(s["team"])
    # 基本情况
    b_dirs, dv = kit.choice_block(lab("创新方向"), DIRS, s["dirs"], dk, rendered, inline_label=style == "b1")
    v += dv
    basic = [Row([F(lab("工作室名称"), s["name"]), F(lab("所在部门"), s["dept"])], style), b_dirs,
             Row([F(lab("成立时间"), ym(s["est"])), F(lab("成员人数", "（人）"), num(members, "人", "L5cnt"))], style)]
    # 一、有领衔人才
    ln, sex, birth, edu, title, post, phone = s["leader"]
    dated = dk.deal("L4d", (True, False))
    honors_w = [_honor(h, dated) for h in s["honors"]]
    h_text, h_truth, hv = kit.list_field(honors_w, dk, rng)
    v += hv + (["L4d"] if dated and s["honors"] else [])
    b_line, lv = kit.yes_no(lab("是否一线教职工"), s["frontline"], dk, rendered)
    v += lv
    grouped = dk.deal("L2", (True, False))
    v.append("L2a" if grouped else "L2c")
    pre = "" if grouped else "领衔人"
    lead = [Row([F(lab(pre + "姓名"), ln), F(lab(pre + "性别"), sex)], style),
            Row([F(lab(pre + "出生年月"), ym(birth[:7])), F(lab(pre + "学历"), edu)], style),
            Row([F(pre + "职称/职业资格等级", title), F(lab(pre + "职务"), post)], style),
            Row([F(lab(pre + "联系电话"), phone)], style), b_line, Wide(lab("荣誉称号"), h_text)]
    # 二、有明显标志
    b_signs, sv = kit.choice_block(lab("上墙内容"), SIGNS, s["signs"], dk, rendered, inline_label=style == "b1")
    v += sv
    # 三、有创新团队
    day = dk.deal("T4", (True, False))
    v.append("T4b" if day else "T4a")
    bst = rng.choice("ab")
    team_rows, team_truth = [], []
    for m in s["team"]:
        bd = m[2] if day else m[2][:7]
        written = (w.fmt_date(bd, "L6d" if bst == "a" else "L6e") if day else
                   w.fmt_date(bd, "L6b" if bst == "a" else "L6a"))
        team_rows.append([m[0], m[1], written, m[3], m[4], m[5], m[6]])
        team_truth.append(dict(zip(MEMBER_KEYS, [m[0], m[1], bd, *m[3:]], strict=True)))
    cols = ["姓名", "性别", "出生年月日" if day else "出生年月", "学历", "职称", "部门", "分工"]
    team, tv = kit.sub_table("团队成员", cols, team_rows, dk, rng)
    v += tv
    # 四、有场地经费
    mst = dk.deal_allowed("L5money", ("L5f", "L5g", "L5i", "L5d", "L5j"),
                          ("L5f", "L5g", "L5i", "L5d") if notes else ("L5g", "L5i", "L5d"))
    if s["fund"] != int(s["fund"]):
        mst = dk.deal("L5dec", ("L5j", "L5i"))
    v.append(mst)
    fund_s = w.fmt_money(s["fund"], mst) if s["fund"] else "0"
    area_s = num(s["area"], "平方米", "L5area")
    place = [Row([F(lab("场所地点"), s["place"]), F(lab("使用面积", "（平方米）"), area_s)], style),
             Wide(lab("主要设施设备"), s["devices"]),
             Row([F(lab("学校专项经费", "（万元/年）"), fund_s)], style)]
    # 五、有规章制度
    b_rules, rv = kit.choice_block(lab("已建立制度"), RULES, s["rules"], dk, rendered, inline_label=style == "b1")
    v += rv
    # 六、有创新成效
    topics, tv = kit.sub_table("在研课题/攻关项目", ["名称", "级别", "起止时间", "进展"], [list(t) for t in s["topics"]], dk, rng)
    v += tv
    res_rows = []
    for r in s["results"]:
        res_rows.append([r[0], r[1], ym(r[2])])
    results, rsv = kit.sub_table("近三年创新成果", ["名称", "类型", "时间"], res_rows, dk, rng)
    v += rsv
    story = LONG_STORY if s["story"] == "long" else s["story"]
    limit = dk.deal("L8g", (True, False))
    v.append("L8g" if limit else "L8h")
    above = dk.deal("L8e", (True, False))
    v.append("L8e" if above else "L8a")
    b_story = Wide("创建情况（不超过1000字）" if limit else "创建情况", "\n".join(story), above=above)
    ost = dk.deal("L9", ("L9a", "L9b", "L9c"))
    v += [ost, "CO1"]
    op_cell, op_t, op_d = kit.opinion(("同意申报。", s.get("op_date", "2023-03-16")), ost, rng)
    school_cell, _t, _d = kit.opinion(None, ost, rng)
    blocks = [Full(BOLD + "基本情况"), *basic, Full(BOLD + "一、有领衔人才")]
    blocks += [Group("领衔人\n情况" if broken else "领衔人情况", lead[:4]), *lead[4:]] if grouped else lead
    blocks += [Full(BOLD + "二、有明显标志"), b_signs, Full(BOLD + "三、有创新团队")]
    team_at = len(blocks)
    blocks += [team, Full(BOLD + "四、有场地经费"), *place, Full(BOLD + "五、有规章制度"), b_rules,
               Full(BOLD + "六、有创新成效"), topics, results, b_story,
               Row([F(lab("分工会意见"), op_cell), F(lab("校工会审核意见"), school_cell)], "a")]
    hst = dk.deal("L7", ("b", "c", "d"))
    filled_s = kit.day_text(FILLED, rng.choice("abc"))
    doc = w.new_document(rng.choice(AUTHORS))
    if rng.random() < 0.5:
        w.add_paragraph(doc, "附件1")
    w.add_paragraph(doc, BOLD + CENTER + rng.choice(("创新工作室创建申报表", "济宁医学院劳模和优秀人才创新工作室创建申报表")), size=15)
    if hst == "d":
        v.append("L7d")
        blocks = [Row([F("申报分工会（盖章）", uname), F("填报日期", filled_s)], "a"), *blocks]
        team_at += 1
    else:
        v += ["L7a", "L7" + hst]
        lines = [f"申报分工会（盖章）：{uname}　　填报日期：{filled_s}"] if hst == "b" else \
            [f"申报分工会（盖章）：{uname}", f"填报日期：{filled_s}"]
        for line in lines:
            w.add_paragraph(doc, line)
    split = dk.deal("T3", (None, "T3a", "T3b"))
    if split:
        v.append(split)
        kit.write_form(doc, blocks, team_at, split, rng.randint(2, len(team.rows) - 1))
    else:
        kit.write_form(doc, blocks)
    fields = {"申报分工会": uname, "填报日期": FILLED, "工作室名称": s["name"], "所在部门": s["dept"],
              "创新方向": [x for x in DIRS if x in s["dirs"]], "成立时间": s["est"], "成员人数": members,
              "领衔人姓名": ln, "领衔人性别": sex, "领衔人出生年月": birth[:7], "领衔人学历": edu, "领衔人职称": title,
              "领衔人职务": post, "领衔人电话": phone, "一线教职工": s["frontline"], "领衔人荣誉": h_truth,
              "标志": [x for x in SIGNS if x in s["signs"]], "团队成员": team_truth, "场所地点": s["place"],
              "使用面积": s["area"], "设施设备": s["devices"], "专项经费": s["fund"],
              "制度": [x for x in RULES if x in s["rules"]],
              "课题": [dict(zip(TOPIC_KEYS, t, strict=True)) for t in s["topics"]],
              "成果": [dict(zip(RESULT_KEYS, r, strict=True)) for r in s["results"]],
              "创建情况": "\n".join(story), "分工会意见": op_t, "分工会意见日期": op_d, "校工会意见": None, "校工会意见日期": None}
    assert list(fields) == FORM_KEYS
    return w.docx_bytes(doc), fields, v


# ---------------------------------------------------------------- 附件2 工作台账

def ledger_entries(s, rng):
    """The 台账's entries: (date YYYY-MM-DD, 类别, 内容, 参加人员, 备注)."""
    topics = [t[0] for t in s["topics"]] or [s["name"] + "年度重点项目"]
    a, b = topics[0], topics[-1]
    new = s["team"][-1]
    out = []
    for i, month in enumerate(s["ledger"]):
        kind, text, who = LEDGER_TEMPLATES[i % len(LEDGER_TEMPLATES)]
        res = s["results"][0]
        text = text.format(a=a, b=b, r=f"{res[0]}（{res[1]}）完成登记", m=new[0], d=new[6])
        who = who.format(l=s["leader"][0], n=rng.randint(3, 9))
        out.append((f"{LEDGER_YEAR}-{month:02d}-{rng.randint(3, 27):02d}", kind, text, who, LEDGER_REMARKS.get(i)))
    assert all(e[1] in LEDGER_KINDS for e in out)
    return out


def _ledger_date(d: str, st: str) -> str:
    y, m, day = (int(x) for x in d.split("-"))
    return {"G2a": f"{y}.{m}.{day}", "G2b": f"{m}月{day}日", "G2c": f"{y}-{m:02d}-{day:02d}"}[st]


def ledger_doc(s, dk, rng, fmt):
    entries = ledger_entries(s, rng)
    title = f"{s['name']}工作台账（{LEDGER_YEAR}年）"
    extra = rng.randint(2, 5) if dk.deal("G3", (True, False)) else 0
    v = ["G3"] if extra else []
    st = dk.deal_allowed("G2", ("G2a", "G2b", "G2c", "G2d"), ("G2a", "G2b", "G2c", "G2d") if fmt == "xlsx" else
                         ("G2a", "G2b", "G2c"))
    v.append(st)
    cols = ["日期", "类别", "内容", "参加人员", "备注"]
    items = [dict(zip(ENTRY_KEYS, e, strict=True)) for e in entries]
    fields = {"工作室名称": s["name"], "年度": LEDGER_YEAR, "条目": items}
    if fmt == "xlsx":
        v.append("G1b")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = f"{LEDGER_YEAR}年台账"
        ws.cell(1, 1, title).font = Font(name="宋体", size=14, bold=True)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for c, name in enumerate(cols, 1):
            ws.cell(2, c, name).font = Font(name="宋体", bold=True)
            ws.cell(2, c).border = border
        for r, e in enumerate(entries, 3):
            if st == "G2d":
                y, m, d = (int(x) for x in e[0].split("-"))
                ws.cell(r, 1, datetime.date(y, m, d)).number_format = "yyyy\"年\"m\"月\"d\"日\""
            else:
                ws.cell(r, 1, _ledger_date(e[0], st))
            for c, x in enumerate(e[1:], 2):
                ws.cell(r, c, x)
        for r in range(3, 3 + len(entries) + extra):
            for c in range(1, 6):
                ws.cell(r, c).border = border
                ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="center")
        for c, wd in zip("ABCDE", (14, 10, 52, 20, 14), strict=True):
            ws.column_dimensions[c].width = wd
        p = wb.properties
        p.creator = p.lastModifiedBy = rng.choice(AUTHORS)
        p.created = p.modified = w.FIXED_DT
        buf = io.BytesIO()
        wb.save(buf)
        return w.pin_zip(buf.getvalue()), fields, v
    v.append("G1a")
    rows = [[_ledger_date(e[0], st), e[1], e[2], e[3], e[4] or ""] for e in entries] + [[""] * 5] * extra
    data = w.summary_docx(["附件2", BOLD + CENTER + title], [], cols, rows, None, rng.choice(AUTHORS))
    return data, fields, v


# ---------------------------------------------------------------- 附件3 佐证材料

def photo(rng, kind: int) -> bytes:
    """A small 'photo' (a wall with a sign board, or a room) as JPEG bytes: no text in it, as a phone photo of a
    sign gives none a reader could rely on."""
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (480, 320), (rng.randint(200, 235), rng.randint(200, 230), rng.randint(190, 220)))
    dr = ImageDraw.Draw(img)
    if kind == 0:  # a sign board
        dr.rectangle((90, 60, 390, 200), fill=(170, 20, 25), outline=(120, 90, 30), width=6)
        for y in (95, 130, 165):
            dr.rectangle((130, y, 350, y + 12), fill=(235, 200, 90))
    else:  # a room with desks
        dr.rectangle((0, 200, 480, 320), fill=(150, 120, 90))
        for x in range(40, 440, 110):
            dr.rectangle((x, 170, x + 80, 215), fill=(90, 90, 100))
            dr.rectangle((x + 20, 120, x + 60, 165), fill=(40, 40, 45))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def photos_doc(s, captions, dk, rng):
    doc = w.new_document(rng.choice(AUTHORS))
    title = rng.choice((f"{s['name']}佐证材料（照片）", f"{s['name']}标志及场所照片"))
    w.add_paragraph(doc, BOLD + CENTER + title, size=15)
    for cap in captions:
        doc.add_picture(io.BytesIO(photo(rng, 0 if any(k in cap for k in ("标志", "牌", "上墙")) else 1)), width=w.Cm(9))
        w.add_paragraph(doc, CENTER + cap)
    cover = ["有明显标志"] if any(any(k in c for k in PHOTO_WORDS) for c in captions) else []
    if any(k in "".join(captions) for k in ("场所", "机房", "实验室", "辅导室", "实训")):
        cover.append("有场地经费")
    fields = {"工作室名称": s["name"], "标题": title, "佐证": cover, "制度": None, "图片说明": list(captions)}
    return w.docx_bytes(doc), fields, ["E1a"]


RULE_TEXT = {
    "学习研究": ["工作室每月至少组织一次集中学习研讨，内容包括政策理论、专业前沿和教学科研方法。",
              "成员每年至少参加一次校外学术交流或培训，并在工作室内分享学习体会。"],
    "技术攻关": ["工作室围绕教学、科研和服务中的难点问题确定攻关课题，实行课题负责制。",
              "攻关课题立项、中期检查和结题验收均须形成书面记录，归入工作台账。"],
    "协同创新": ["工作室加强与校内外相关部门、附属医院和企业的合作，共同开展课题研究和技术服务。",
              "合作项目须签订协议，明确各方的任务、投入和成果归属。"],
    "成果转化": ["工作室取得的专利、软件著作权等成果，按学校有关规定办理登记和转化手续。",
              "工作室积极推动成果在教学和临床一线应用，每年至少组织一次成果推广活动。"],
    "激励机制": ["工作室每年对成员的工作情况进行考核，考核结果作为评先树优的重要依据。",
              "对取得突出成果的成员，工作室向学校推荐给予表彰奖励。"],
    "内部管理": ["工作室实行领衔人负责制，领衔人负责制定年度计划、组织开展活动和管理经费。",
              "工作室建立工作台账，准确记录创新活动、创新成果和成员发展等事项，经费使用做到专款专用。"],
}


def rules_doc(s, rules, dk, rng):
    doc = w.new_document(rng.choice(AUTHORS))
    single = len(rules) == 1
    title = f"{s['name']}{rules[0]}制度" if single else rng.choice((f"{s['name']}制度汇编", f"{s['name']}规章制度"))
    w.add_paragraph(doc, BOLD + CENTER + title, size=15)
    hs = dk.deal("E2h", ("a", "d", "g"))
    k = 0
    for i, r in enumerate(rules):
        if not single:
            w.add_paragraph(doc, BOLD + CENTER + w.heading(hs, i, f"{r}制度"))
        for text in RULE_TEXT[r]:
            w.add_paragraph(doc, f"第{w.cn_int(k + 1)}条　{text}")
            k += 1
    fields = {"工作室名称": s["name"], "标题": title, "佐证": ["有规章制度"], "制度": list(rules), "图片说明": None}
    return w.docx_bytes(doc), fields, ["E2a" if single else "E2b"]


def topics_doc(s, rng):
    doc = w.new_document(rng.choice(AUTHORS))
    title = f"{s['name']}在研课题及近三年成果清单"
    w.add_paragraph(doc, BOLD + CENTER + title, size=14)
    w.add_paragraph(doc, "一、在研课题")
    for i, t in enumerate(s["topics"]):
        w.add_paragraph(doc, f"{i + 1}.{t[0]}（{t[1]}，{t[2]}，{t[3]}）")
    w.add_paragraph(doc, "二、近三年创新成果")
    for i, r in enumerate(s["results"]):
        y, m = r[2].split("-")
        w.add_paragraph(doc, f"{i + 1}.{r[0]}（{r[1]}，{y}年{int(m)}月）")
    w.add_paragraph(doc, "以上情况属实。")
    w.add_paragraph(doc, "　" * 16 + f"{s['dept']}（盖章）")
    fields = {"工作室名称": s["name"], "标题": title, "佐证": ["有创新成效"], "制度": None, "图片说明": None}
    return w.docx_bytes(doc), fields, ["E3"]


# ---------------------------------------------------------------- the inbox

def build_chuangjian(dest: str, seed: int) -> tuple[list[Doc], dict]:
    rng = random.Random(seed)
    dk = w.Decks(rng)
    studios = copy.deepcopy(S)
    docs: list[Doc] = []
    for ukey, (uname, folder) in UNITS.items():
        zipped = ukey in ZIPPED
        fv = folder_variations(folder, uname) + (["I1c"] if zipped else [])
        root = f"{folder}.zip/{folder}" if zipped else folder
        for si, s in enumerate(x for x in studios if x["unit"] == ukey):
            base, sv = (f"{root}/{si + 1}.{s['name']}", fv + ["I1d"]) if ukey in SUBFOLDERS else (root, fv)
            short = s["name"].replace("创新工作室", "")
            out = dk.deal("fmt", ("native", "native", "pdf", "doc"))
            data, fields, v = form_doc(s, dk, rng, out)
            name = rng.choice((f"附件1-{s['name']}创建申报表", f"{short}工作室申报表", "创建申报表"))
            docs.append(Doc(f"{base}/{name}{kit.EXT[out]}", "chuangjian_form", uname, fields, v + sv + [kit.FMT_V[out]],
                            data, out))
            if s["ledger"]:
                fmt = dk.deal("ledger", ("docx", "xlsx"))
                data, fields, v = ledger_doc(s, dk, rng, fmt)
                lout = "native" if fmt == "xlsx" else dk.deal("ledger_out", ("native", "pdf", "doc"))
                ext = ".xlsx" if fmt == "xlsx" else kit.EXT[lout]
                fmt_v = "L10f" if fmt == "xlsx" else kit.FMT_V[lout]
                docs.append(Doc(f"{base}/{rng.choice(('附件2-工作台账', f'{short}工作室台账{LEDGER_YEAR}'))}{ext}",
                                "chuangjian_ledger", uname, fields, v + sv + [fmt_v], data, lout))
            for ev in s["evidence"]:
                if ev[0] == "photo":
                    data = photo(rng, 0)
                    # A photo names no studio; its folder does (a studio's own folder, or a unit with one studio):
                    # the README's contract gives an attachment the name of the entry it is filed with.
                    alone = sum(1 for x in studios if x["unit"] == ukey) == 1
                    known = s["name"] if ukey in SUBFOLDERS or alone else None
                    fields = {"工作室名称": known, "标题": None, "佐证": ["有明显标志"], "制度": None, "图片说明": [ev[1]]}
                    docs.append(Doc(f"{base}/{ev[1]}.jpg", "chuangjian_evidence", uname, fields, ["E1b"] + sv, data))
                    continue
                if ev[0] == "photos":
                    data, fields, v = photos_doc(s, ev[1], dk, rng)
                    eout = dk.deal("photos_out", ("native", "pdf"))
                    name = rng.choice(("佐证材料-标志及场所照片", f"{short}工作室照片"))
                elif ev[0] == "rules":
                    data, fields, v = rules_doc(s, ev[1], dk, rng)
                    eout = dk.deal("rules_out", ("native", "doc", "pdf"))
                    name = fields["标题"] if len(ev[1]) == 1 else rng.choice(("佐证材料-制度汇编", f"{short}工作室规章制度"))
                else:
                    data, fields, v = topics_doc(s, rng)
                    eout = dk.deal("topics_out", ("scan_pdf", "png"))
                    name = "课题及成果清单（盖章）"
                docs.append(Doc(f"{base}/{name}{kit.EXT[eout]}", "chuangjian_evidence", uname, fields,
                                v + sv + [kit.FMT_V[eout]], data, eout))
        if ukey == "jc":
            docs.append(Doc(f"{root}/~$创建申报表.docx", "junk", uname, {}, ["J1"] + fv, w.lock_file("user")))
        if ukey == "lc":
            docs.append(Doc(f"{root}/Thumbs.db", "junk", uname, {}, ["J2"] + fv, w.thumbs_db(rng)))
        if ukey == "jw":
            docs.append(Doc(f"{root}/佐证材料（补充）.pdf", "unreadable", uname, {}, ["J3"] + fv, b"",
                            meta={"why": "empty file (0 bytes)"}))
    assemble(docs, dest, rng)
    findings, standards = chuangjian_findings(docs)
    t = truth("chuangjian", seed, docs, findings)
    for d in t["documents"].values():
        d["fields"] = {k: v for k, v in d["fields"].items() if k not in UNSCORED}
    t["standards"] = standards
    return docs, t


# ---------------------------------------------------------------- the 六有 assessment and the findings

def _quarters(entries) -> set[int]:
    return {(int(e["日期"][5:7]) - 1) // 3 + 1 for e in entries}


def assess(form: Doc, evidence: list[Doc]) -> dict[str, tuple[str, str]]:
    """standard -> (达标 / 存疑 / 不达标, why), by the drafted 六有 rules."""
    f = form.fields
    out = {}
    honor = any(any(k in h for k in HONOR_WORDS) and any(k in h for k in HONOR_LEVEL) for h in f["领衔人荣誉"] or [])
    senior = any(k in f["领衔人职称"] for k in SENIOR) and not f["领衔人职称"].startswith(("讲师", "助"))
    ok = (honor or senior) and f["一线教职工"]
    out["有领衔人才"] = ("达标", "") if ok else ("不达标", f"领衔人 {f['领衔人职称']}, no 市级以上 劳模/先进/五一奖章")
    photos = [d for d in evidence if any(any(k in c for k in PHOTO_WORDS) for c in d.fields["图片说明"] or [])]
    if set(f["标志"]) != set(SIGNS):
        out["有明显标志"] = ("不达标", f"标志 ticked: {f['标志']}")
    else:
        out["有明显标志"] = ("达标", "") if photos else ("存疑", "no 标志 photo among the 佐证材料")
    rows = f["团队成员"]
    years = [int(m["出生年月"][:4]) for m in rows]
    levels = {LEVELS[m["职称"]] for m in rows[1:]}
    why = []
    if len(rows) - 1 < MIN_MEMBERS:
        why.append(f"{len(rows) - 1} members besides the 领衔人")
    if f["成员人数"] != len(rows):
        why.append(f"成员人数 {f['成员人数']} but {len(rows)} rows")
    if max(years) - min(years) < 10:
        why.append(f"birth years {min(years)}–{max(years)}: one generation")
    if len(levels) < 2:
        why.append("one title level")
    out["有创新团队"] = ("存疑", "; ".join(why)) if why else ("达标", "")
    ok = f["场所地点"] and (f["使用面积"] or 0) > 0 and (f["专项经费"] or 0) > 0
    out["有场地经费"] = ("达标", "") if ok else ("不达标", f"专项经费 {f['专项经费']}")
    backed = {r for d in evidence for r in d.fields["制度"] or []}
    if set(f["制度"]) != set(RULES):
        out["有规章制度"] = ("不达标", f"制度 ticked: {f['制度']}")
    else:
        missing = [r for r in RULES if r not in backed]
        out["有规章制度"] = ("存疑", f"no 制度 document for {missing}") if missing else ("达标", "")
    y, m, d = (int(x) for x in f["填报日期"].split("-"))
    since = f"{y - 3}-{m:02d}"
    recent = [r for r in f["成果"] if r["时间"][:7] >= since]
    ok = bool(f["课题"]) and bool(recent)
    out["有创新成效"] = ("达标", "") if ok else ("不达标", f"{len(f['课题'])} 课题, {len(recent)} 成果 since {since}")
    return out


def chuangjian_findings(docs: list[Doc]) -> tuple[list[dict], dict]:
    out = file_findings(docs)
    forms = [d for d in docs if d.kind == "chuangjian_form"]
    standards = {}
    for d in forms:
        f = d.fields
        name = f["工作室名称"]
        folder = d.path.rsplit("/", 1)[0]
        ev = [e for e in docs if e.kind == "chuangjian_evidence" and e.path.rsplit("/", 1)[0] == folder
              and e.fields["工作室名称"] in (name, None)]
        res = assess(d, ev)
        standards[d.path] = {k: res[k][0] for k in STANDARDS}
        for k in STANDARDS:
            state, why = res[k]
            if state != "达标":
                out.append(finding("standard.not_met" if state == "不达标" else "standard.doubtful", d.unit, d.path, k,
                                   f"{name}: {why}"))
        if f["成员人数"] != len(f["团队成员"]):
            out.append(finding("subtable.count_mismatch", d.unit, d.path, "成员人数",
                               f"成员人数 {f['成员人数']}, 团队成员 {len(f['团队成员'])} rows", f["成员人数"], len(f["团队成员"])))
        n = w.word_count(f["创建情况"])
        if n > STORY_LIMIT:
            out.append(finding("length.over", d.unit, d.path, "创建情况", f"创建情况 {n} 字 > {STORY_LIMIT}", n, STORY_LIMIT))
        if not w.has_figure(f["创建情况"]):
            out.append(finding("evidence.no_numbers", d.unit, d.path, "创建情况", "创建情况 has no figure"))
        ledgers = [x for x in docs if x.kind == "chuangjian_ledger" and x.fields["工作室名称"] == name]
        if not ledgers:
            out.append(finding("material.missing", d.unit, d.path, None, f"{name}: no 工作台账"))
        for lg in ledgers:
            qs = _quarters(lg.fields["条目"])
            if len(qs) < 3:
                gaps = [f"Q{q}" for q in range(1, 5) if q not in qs]
                out.append(finding("ledger.gaps", lg.unit, lg.path, None, f"no entries in {', '.join(gaps)}"))
    return out, standards
