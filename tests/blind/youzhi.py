"""Inbox builder for the youzhi campaign (2020 江苏 基层工会服务教职工优质项目申报): 附件1 申报表, 附件2 申报书
(sometimes both in one file), one 附件3 推荐汇总表 per unit.

A file that holds both the 申报表 and the 申报书 gives two records. The truth keeps the file's first record in
``kind`` / ``fields`` (as every other truth entry has them) and adds ``records``: the list of ALL records of that
path in the order they appear in the file, each ``{"kind", "fields"}`` (so ``records[0]`` repeats ``kind`` /
``fields``). Findings about either part name the file's path.
"""

from __future__ import annotations

import copy
import random
import re

from . import writer as w
from .common import Doc, assemble, file_findings, finding, folder_variations, truth
from .writer import BOLD, CENTER, Checks, F, Full, Row, Wide
from .youzhi_data import ACTIONS, DEADLINE, NOT_LISTED, NOT_SENT, REMARKS, UNITS, ZIPPED, P

FORM_KEYS = ["申报单位", "推荐单位", "联系人", "联系电话", "填报日期", "项目名称", "所属行动", "项目负责人", "负责人职务",
             "负责人电话", "实施开始", "实施结束", "投入资金", "工会经费", "其他来源", "参与人次", "受益人数", "满意度",
             "曾获命名", "已获资助", "资助说明", "项目简介", "基层工会意见", "基层工会意见日期", "推荐单位意见",
             "推荐单位意见日期"]
WRITEUP_KEYS = ["项目名称", "背景", "做法", "成效", "推广价值", "字数"]
SUMMARY_KEYS = ["推荐单位", "联系人", "电话", "条目"]
ITEM_KEYS = ["序号", "申报单位", "项目名称", "所属行动", "实施时间", "投入资金", "受益人数", "项目负责人", "联系电话",
             "推荐排序", "备注"]
# the 申报表's fields the drafted form marks 必填 (所属行动 has its own check, choice.invalid)
REQUIRED = ["申报单位", "项目名称", "项目负责人", "投入资金"]
SECTIONS = [("背景", "bg", "项目背景", ["建设背景", "实施背景"]), ("做法", "zf", "实施过程", ["主要做法", "具体做法"]),
            ("成效", "cg", "取得成效", ["实施成效", "项目成效"]), ("推广价值", "tg", "推广价值", ["推广意义", "可推广性"])]
PLAN_WORDS = ("拟", "计划", "将", "预计")
UNION_SUFFIX = ("工会", "分工会", "工会委员会")
INTRO_LIMIT, WRITEUP_LIMIT = 300, 2000
AUTHORS = ["Administrator", "lenovo", "微软用户", "HP", "USER", "dell", "Windows 用户"]
EXT = {"native": ".docx", "pdf": ".pdf", "doc": ".doc", "scan_pdf": ".pdf", "png": ".png", "jpg": ".jpg"}
FMT_V = {"native": "YX1a", "pdf": "YX1b", "doc": "YX1c", "png": "YX1d", "scan_pdf": "YX1e"}

# per project: how its files are sent with seed 0 (other seeds deal it, see deal_plan). combined: 申报表 and 申报书
# in one file; form / writeup: the output format of each (the scans are of one-page forms; a combined file is
# never scanned)
PLAN = {
    "nj_a": {"combined": "native"},
    "nj_b": {"form": "doc", "writeup": "native"},
    "nj_c": {"form": "png", "writeup": "native"},
    "wx_a": {"form": "native", "writeup": "native"},
    "wx_b": {"combined": "native"},
    "xz_a": {"form": "scan_pdf", "writeup": "native"},
    "xz_c": {"form": "native", "writeup": "doc"},
    "nnu_a": {"combined": "pdf"},
    "jnu_a": {"form": "pdf", "writeup": "native"},
    "jnu_b": {"form": "native"},
    "hs_a": {"combined": "doc"},
}
SUMMARY_FMT = {"nj": "docx", "wx": "xlsx", "xz": "docx", "nnu": "xlsx", "jnu": "pdf", "hs": "xlsx"}
SCAN_INTRO_MAX = 140  # 项目简介 short enough for the form to stay on one page whatever its layout


def deal_plan(rng) -> tuple[dict, dict]:
    """Seeds other than 0: which projects send one combined file, and every file's format, dealt anew (the planted
    problems do not depend on it); the same mix as seed 0: four combined files, two scanned forms."""
    keys = [p["key"] for p in P]
    with_writeup = [p["key"] for p in P if not p.get("no_writeup")]
    combined = set(rng.sample(with_writeup, 4))
    short = [p["key"] for p in P if p["key"] not in combined and w.word_count(p["intro"]) <= SCAN_INTRO_MAX]
    scans = dict(zip(rng.sample(short, 2), ("png", "scan_pdf"), strict=True))
    dk = w.Decks(rng)
    plan = {}
    for k in keys:
        if k in combined:
            plan[k] = {"combined": dk.deal("combined", ("native", "pdf", "doc"))}
        else:
            plan[k] = {"form": scans.get(k) or dk.deal("form", ("native", "native", "pdf", "doc"))}
            if k in with_writeup:
                plan[k]["writeup"] = dk.deal("writeup", ("native", "native", "pdf", "doc"))
    fmts = list(SUMMARY_FMT.values())
    rng.shuffle(fmts)
    return plan, dict(zip(SUMMARY_FMT, fmts, strict=True))

BREAKS = {"项目名称": "项目\n名称", "所属行动": "所属\n行动", "项目负责人": "项目\n负责人", "负责人电话": "负责人\n电话",
          "实施时间": "实施\n时间", "项目投入资金（万元）": "项目投入资金\n（万元）", "其中工会经费（万元）": "其中工会经费\n（万元）",
          "项目投入资金": "项目投入\n资金", "其中工会经费": "其中工会\n经费", "其他资金来源": "其他资金\n来源",
          "参与教职工（人次）": "参与教职工\n（人次）", "受益教职工（人）": "受益教职工\n（人）",
          "教职工满意度（%）": "教职工\n满意度\n（%）", "教职工满意度": "教职工\n满意度",
          "是否曾被省总工会命名": "是否曾被省\n总工会命名", "是否已获其他资金资助": "是否已获其他\n资金资助",
          "资助来源及金额": "资助来源\n及金额", "项目简介": "项目\n简介", "基层工会意见": "基层工会\n意见",
          "推荐单位意见": "推荐单位\n意见", "参与教职工人次": "参与教职\n工人次", "受益教职工人数": "受益教职\n工人数"}
FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def short_name(name: str) -> str:
    """A project name as staff put it in a file name: no quotes, the sub-title dropped."""
    return re.sub(r"[“”《》]", "", name.split("——")[0])


def _ym(d: str) -> str:
    return d[:7]


def _date_text(d: str, style: str) -> str:
    y, m, day = (int(x) for x in d.split("-"))
    return {"a": f"{y}年{m}月{day}日", "b": f"{y}.{m:02d}.{day:02d}", "c": f"{y}-{m:02d}-{day:02d}"}[style]


def _money(x: float, style: str) -> str:
    return {"YM1a": f"{x:g}", "YM1b": f"{x:g}万元", "YM1c": f"{round(x * 10000)}元"}[style]


# ---------------------------------------------------------------- 附件1 申报表

def _period(p, dk, rng):
    """实施时间 as written, and the truth (实施开始, 实施结束) at the written precision."""
    start, end = p["start"], p["end"]
    st = dk.deal_allowed("YT1", "abcde", "ce" if end is None else "abd")
    sy, sm, sd = (int(x) for x in start.split("-"))
    if st == "c":
        return f"{sy}年{sm}月至今", _ym(start), None, st
    if st == "e":
        return f"{sy}.{sm:02d}至今", _ym(start), None, st
    ey, em, ed = (int(x) for x in end.split("-"))
    if st == "a":
        dash = rng.choice(("—", "至", "～"))
        return f"{sy}年{sm}月{dash}{ey}年{em}月", _ym(start), _ym(end), st
    if st == "b":
        return f"{sy}.{sm:02d}-{ey}.{em:02d}", _ym(start), _ym(end), st
    return f"{sy}/{sm}/{sd} 至 {ey}/{em}/{ed}", start, end, st


def _choice_cell(opts, chosen, mark):
    """The options of a choice group written in one cell with the given mark style."""
    on, off = {"a": ("☑", "□"), "b": ("■", "□"), "c": ("√", "□"), "d": (w.TICK, w.UNTICK)}[mark]
    return "　".join((on if o in chosen else off) + o for o in opts)


def form_doc(p, ukey, dk, rng, out="native"):
    """(docx document, fields, variations): the 申报表 (the caller may append the 申报书 and save). out: the
    format the file is sent in; LibreOffice draws a Wingdings symbol that follows CJK text in the same paragraph as
    an empty glyph, so where the page is rendered (PDF, scan) the symbols only stand alone in their cells."""
    rendered = out not in ("native", "doc")
    uname = UNITS[ukey][0]
    v: list[str] = []
    l1 = dk.deal("YL1", "abc")
    v.append("YL1" + l1)
    style = {"a": "a", "b": rng.choice(("b1", "b2")), "c": "c"}[l1]
    spaced, broken, notes = dk.deal("YL1d", (True, False)), dk.deal("YL1e", (True, False)), dk.deal("YL1f", (True, False))
    v.append("YL1f" if notes else "YL1g")
    spacing = rng.choice(("full", "half"))
    colon = rng.random() < 0.4 and style == "a"

    def lab(s: str) -> str:
        short = len(s) <= 5 and "（" not in s
        if broken and s in BREAKS and style in ("a", "c") and not (spaced and short):
            v.append("YL1e")
            return BREAKS[s]
        if spaced and short:
            v.append("YL1d")
            s = w.space_label(s, spacing)
        return s + ("：" if colon else "")

    careless_sp = dk.deal("YC1", (True, False, False))
    careless_fw = dk.deal("YC2", (True, False, False))
    blank_post = dk.deal("YC3", (True, False, False)) and p["post"]

    def cnt(n: int, unit: str) -> str:
        st = dk.deal("YN1", ("YN1a", "YN1b"))
        if st == "YN1a" and not notes:
            st = "YN1b"
        v.append(st)
        s = str(n) + (unit if st == "YN1b" else "")
        if careless_fw:
            v.append("YC2")
            s = s.translate(FULLWIDTH)
        return s

    # values
    name_s = p["name"]
    leader_s = p["leader"] or ""
    if careless_sp:
        v.append("YC1")
        name_s = rng.choice(("  ", " ", "　")) + name_s + " "
        if len(leader_s) == 2:
            leader_s = leader_s[0] + "　" + leader_s[1]
        else:
            leader_s = leader_s + "  "
    post = None if blank_post else p["post"]
    if blank_post:
        v.append("YC3")
    period_s, t_start, t_end, tst = _period(p, dk, rng)
    v.append("YT1" + tst)
    mst = dk.deal_allowed("YM1", ("YM1a", "YM1b", "YM1c"), ("YM1a", "YM1b", "YM1c") if notes else ("YM1b", "YM1c"))
    v.append(mst)
    invest_s, ufund_s = _money(p["invest"], mst), _money(p["ufund"], mst)
    pst = dk.deal_allowed("YP1", "abcd", "abcd" if notes else "abc")
    v.append("YP1" + pst)
    sat = p["sat"]
    sat_s = {"a": f"{sat:g}%", "b": f"{sat:g} %", "c": f"{sat:g}％", "d": f"{sat:g}"}[pst]
    other_s, other_t = p["other"], p["other"]
    note_s, note_t = p["funded_note"], p["funded_note"]
    if other_s is None or note_s is None:
        nil = dk.deal("YC4", ("无", "", "无"))
        if nil:
            v.append("YC4")
        other_s = other_s if other_s is not None else nil
        note_s = note_s if note_s is not None else nil

    def L(base: str, note: str = "") -> str:
        return lab(base + (note if notes else ""))

    part_label = L("参与教职工", "（人次）")
    benef_label = L("受益教职工", "（人）")
    sat_label = L("教职工满意度", "（%）")
    rows = [Row([F(lab("项目名称"), name_s)], style)]
    # 所属行动
    kst = dk.deal("YK1", "abcde")
    v.append("YK1" + kst)
    chosen = p["action"] if isinstance(p["action"], list) else [p["action"]] if p["action"] else []
    if kst == "e":
        rows.append(Full("所属行动：" + "、".join(chosen)))
    else:
        lay = dk.deal_allowed("YK2", "ab", "b" if rendered and kst == "d" else "ab")
        v.append("YK2" + lay)
        if lay == "a":
            cell = _choice_cell(ACTIONS, chosen, kst)
            if style in ("b1", "b2"):
                rows.append(Full("所属行动：" + cell))
            else:
                rows.append(Wide(lab("所属行动"), cell))
        else:
            on, off = {"a": ("☑", "☐"), "b": ("■", "□"), "c": ("√", ""), "d": (w.TICK, w.UNTICK)}[kst]
            rows.append(Checks([(lab("所属行动"), [(o, on if o in chosen else off) for o in ACTIONS])]))
    rows += [Row([F(lab("项目负责人"), leader_s), F(lab("职务"), post or "")], style),
             Row([F(lab("负责人电话"), p["lphone"]), F(lab("实施时间"), period_s)], style),
             Row([F(L("项目投入资金", "（万元）"), invest_s), F(L("其中工会经费", "（万元）"), ufund_s)], style),
             Row([F(lab("其他资金来源"), other_s)], style),
             Row([F(part_label, cnt(p["part"], "人次")), F(benef_label, cnt(p["benef"], "人"))], style),
             Row([F(sat_label, sat_s)], style)]
    # 是 / 否
    bst = dk.deal_allowed("YB1", "abcde", "abce" if rendered else "abcde")
    v.append("YB1" + bst)
    yn = [("是否曾被省总工会命名", p["named"]), ("是否已获其他资金资助", p["funded"])]
    if bst == "e":
        rows.append(Row([F(lab(q), "是" if a else "否") for q, a in yn], style))
    else:
        groups = []
        for q, a in yn:
            on, off = {"a": ("☑", "□"), "b": ("■", "□"), "c": ("√", "□"), "d": (w.TICK, w.UNTICK)}[bst]
            groups.append((lab(q), [("是", on if a else off), ("否", off if a else on)]))
        rows.append(Checks(groups, inline=True))
    rows.append(Row([F(lab("资助来源及金额"), note_s)], style))
    # 项目简介
    ist = dk.deal("YL3", "abc")
    v.append("YL3" + ist)
    if ist == "a":
        rows.append(Wide(lab("项目简介"), p["intro"]))
    elif ist == "b":
        rows.append(Wide("项目简介", p["intro"], above=True))
    else:
        rows.append(Wide(rng.choice(("项目简介（300字以内）", "项目简介\n（不超过300字）")), p["intro"]))
    # opinions
    ops = []
    for (text, date), who in ((p["op1"], "基层工会意见"), (p["op2"], "推荐单位意见")):
        ost = dk.deal("YO1", "abc")
        v.append("YO1" + ost)
        dst = rng.choice("ab")
        cell = {"a": f"{text}\n\n（盖章）\n{_date_text(date, 'a')}",
                "b": f"{text}\n签章：\n{_date_text(date, 'b')}",
                "c": f"{text}\n\n负责人签字：　　　（盖章）\n{_date_text(date, dst)}"}[ost]
        ops.append(F(lab(who), cell))
    rows.append(Row(ops, "a"))
    # header: 申报单位 / 推荐单位 / 联系人 / 联系电话 / 填报日期
    hst = dk.deal("YL2", "abc")
    v.append("YL2" + hst)
    filled_s = _date_text(p["filled"], rng.choice("abc"))
    doc = w.new_document(rng.choice(AUTHORS))
    if rng.random() < 0.6:
        w.add_paragraph(doc, "附件1")
    w.add_paragraph(doc, BOLD + CENTER + rng.choice(("基层工会服务教职工优质项目申报表", "2020年度全省教科系统基层工会服务教职工优质项目申报表")),
                    size=15)
    if hst == "c":
        rows = [Row([F("申报单位（盖章）", p["org"]), F("推荐单位", uname)], "a"),
                Row([F("联系人", p["contact"]), F("联系电话", p["cphone"])], "a"),
                Row([F("填报日期", filled_s)], "a"), *rows]
    elif hst == "a":
        w.add_paragraph(doc, f"申报单位（盖章）：{p['org']}　　推荐单位：{uname}")
        w.add_paragraph(doc, f"联系人：{p['contact']}　　联系电话：{p['cphone']}　　填报日期：{filled_s}")
    else:
        for line in (f"申报单位（盖章）：{p['org']}", f"推荐单位：{uname}", f"联系人：{p['contact']}",
                     f"联系电话：{p['cphone']}", f"填报日期：{filled_s}"):
            w.add_paragraph(doc, line)
    w.add_form_table(doc, rows, min_cols=4)
    action = p["action"] if not isinstance(p["action"], list) else [a for a in ACTIONS if a in p["action"]]
    fields = {"申报单位": p["org"], "推荐单位": uname, "联系人": p["contact"], "联系电话": p["cphone"],
              "填报日期": p["filled"], "项目名称": p["name"], "所属行动": action, "项目负责人": p["leader"],
              "负责人职务": post, "负责人电话": p["lphone"], "实施开始": t_start, "实施结束": t_end,
              "投入资金": p["invest"], "工会经费": p["ufund"], "其他来源": other_t, "参与人次": p["part"],
              "受益人数": p["benef"], "满意度": sat, "曾获命名": p["named"], "已获资助": p["funded"],
              "资助说明": note_t, "项目简介": p["intro"], "基层工会意见": p["op1"][0],
              "基层工会意见日期": p["op1"][1], "推荐单位意见": p["op2"][0], "推荐单位意见日期": p["op2"][1]}
    assert list(fields) == FORM_KEYS
    return doc, fields, v


# ---------------------------------------------------------------- 附件2 申报书

def writeup(doc, p, dk, rng, combined: bool):
    """Write the 申报书 into doc (after a page break when it follows the 申报表); returns (fields, variations)."""
    v: list[str] = []
    if combined:
        if dk.deal("YW6", (True, False)):
            doc.add_page_break()
            v.append("YW6a")
        else:
            v.append("YW6b")
    t1 = dk.deal("YW1", "abc")
    v.append("YW1" + t1)
    title = {"a": p["name"], "b": f"项目名称：{p['name']}", "c": f"《{p['name']}》"}[t1]
    t2 = dk.deal("YW2", "abcd")
    if t2 != "d":
        v.append("YW2" + t2)
    if t2 == "a":
        w.add_paragraph(doc, "附件2")
    elif t2 == "b":
        w.add_paragraph(doc, BOLD + CENTER + rng.choice(("优质项目申报书", "基层工会服务教职工优质项目申报书")), size=16)
    w.add_paragraph(doc, BOLD + CENTER + title, size=15)
    if t2 == "c":
        w.add_paragraph(doc, CENTER + rng.choice((f"申报单位：{p['org']}", f"（{p['org']}）")))
    hst = dk.deal("YW3", "abcdef")
    v.append("YW3" + hst)
    syn = dk.deal("YW4", (True, False))
    if syn:
        v.append("YW4")
    parts = []  # (heading name, paragraphs, truth key or None)
    for key, attr, name, syns in SECTIONS:
        if p.get(attr) is not None:
            parts.append((rng.choice(syns) if syn else name, p[attr], key))
        if attr == "zf" and p.get("extra") and p["extra"][0] == "创新点":
            parts.append(("创新点", p["extra"][1], None))
            v.append("YW5a")
    if p.get("extra") and p["extra"][0] == "长效机制":
        parts.append(("长效机制", p["extra"][1], None))
        v.append("YW5b")
    fields = {"项目名称": p["name"], "背景": None, "做法": None, "成效": None, "推广价值": None}
    count = 0
    for i, (hname, paras, key) in enumerate(parts):
        if key:
            fields[key] = "\n".join(paras)
        count += sum(w.word_count(x) for x in paras)
        if hst == "e":
            w.add_paragraph(doc, f"{hname}：" + paras[0])
            for x in paras[1:]:
                w.add_paragraph(doc, x)
            continue
        hs = {"a": "a", "b": "b", "c": "e", "d": "d", "f": "g"}[hst]
        w.add_paragraph(doc, BOLD + w.heading(hs, i, hname))
        for x in paras:
            w.add_paragraph(doc, "　　" + x if rng.random() < 0.3 else x)
    fields["字数"] = count
    assert list(fields) == WRITEUP_KEYS
    return fields, v


# ---------------------------------------------------------------- 附件3 推荐汇总表

def _period_text(p, rng):
    s, e = p["start"], p["end"]
    sy, sm = int(s[:4]), int(s[5:7])
    if e is None:
        return rng.choice((f"{sy}年{sm}月至今", f"{sy}.{sm:02d}至今"))
    ey, em = int(e[:4]), int(e[5:7])
    return rng.choice((f"{sy}.{sm:02d}-{ey}.{em:02d}", f"{sy}年{sm}月—{ey}年{em}月", f"{sy}.{sm}-{ey}.{em}"))


def summary_doc(ukey, projects, dk, rng, fmt):
    uname, _t, _f, contact, phone = UNITS[ukey]
    v = []
    entries = []
    for p in projects:
        if p["key"] in NOT_LISTED:
            continue
        act = p.get("sum_action") or p["action"]
        entries.append(dict(申报单位=p["org"], 项目名称=p["name"], 所属行动=act, 实施时间=_period_text(p, rng),
                            投入资金=p["invest"], 受益人数=p["benef"], 项目负责人=p.get("sum_leader") or p["leader"],
                            联系电话=p["lphone"], 推荐排序=p["rank"], 备注=REMARKS.get(p["key"])))
    for e in NOT_SENT.get(ukey, []):
        entries.append(dict(申报单位=e["org"], 项目名称=e["name"], 所属行动=e["action"], 实施时间=e["time"],
                            投入资金=e["invest"], 受益人数=e["benef"], 项目负责人=e["leader"], 联系电话=e["phone"],
                            推荐排序=len(entries) + 1, 备注=None))
    items = [{"序号": i + 1, **e} for i, e in enumerate(entries)]
    for it in items:
        assert list(it) == ITEM_KEYS
    extra = rng.randint(1, 3) if dk.deal("YS2", (True, False)) else 0
    if extra:
        v.append("YS2")
    cols = ["序号", "申报单位", "项目名称", "所属行动", "实施时间", "投入资金（万元）", "受益教职工（人）", "项目负责人",
            "联系电话", "推荐排序", "备注"]
    rows = [[str(it["序号"]), it["申报单位"], it["项目名称"], it["所属行动"], it["实施时间"], f"{it['投入资金']:g}",
             str(it["受益人数"]), it["项目负责人"], it["联系电话"], str(it["推荐排序"]), it["备注"] or ""] for it in items]
    rows += [[str(len(items) + k + 1)] + [""] * 10 for k in range(extra)]
    title = rng.choice(("2020年度全省教科系统基层工会服务教职工优质项目推荐汇总表", "基层工会服务教职工优质项目推荐汇总表"))
    fields = {"推荐单位": uname, "联系人": contact, "电话": phone, "条目": items}
    if fmt == "xlsx":
        v += ["YS1b", "YX1f"]
        xrows = []
        for r in rows:
            x = [int(r[0]), *r[1:]]
            if r[1]:
                x[5], x[6], x[9] = float(r[5]) if "." in r[5] else int(r[5]), int(r[6]), int(r[9])
            xrows.append(x)
        head = [("A2", f"推荐单位（盖章）：{uname}"), ("E2", f"联系人：{contact}"), ("H2", f"电话：{phone}")]
        return w.summary_xlsx(title, head, cols, xrows, rng.choice(AUTHORS), header_row=3), fields, v
    v.append("YS1a" if fmt == "docx" else "YS1c")
    one_line = dk.deal("YS3", (True, False))
    v.append("YS3a" if one_line else "YS3b")
    if one_line:
        head = [f"推荐单位（盖章）：{uname}　　联系人：{contact}　　电话：{phone}"]
    else:
        head = [f"推荐单位（盖章）：{uname}", f"联系人：{contact}", f"电话：{phone}"]
    titles = (["附件3"] if rng.random() < 0.6 else []) + [BOLD + CENTER + title]
    return w.summary_docx(titles, head, cols, rows, None, rng.choice(AUTHORS), landscape=True), fields, v


# ---------------------------------------------------------------- the inbox

def _names(p, rng):
    s = short_name(p["name"])
    form = rng.choice((f"附件1-{s}申报表", f"{p['org']}优质项目申报表", f"申报表-{s}"))
    wu = rng.choice((f"附件2-{s}申报书", f"{s}项目申报书", f"申报书（{p['org']}）"))
    both = rng.choice((f"{p['org']}-优质项目申报材料", f"{s}（申报表+申报书）", f"优质项目申报-{s}"))
    return form, wu, both


def build_youzhi(dest: str, seed: int) -> tuple[list[Doc], dict]:
    rng = random.Random(seed)
    dk = w.Decks(rng)
    ps = copy.deepcopy(P)
    plans, sum_fmts = (PLAN, SUMMARY_FMT) if seed == 0 else deal_plan(rng)
    docs: list[Doc] = []
    for ukey, (uname, _type, folder, _c, _p) in UNITS.items():
        mine = [p for p in ps if p["unit"] == ukey]
        zipped = ukey in ZIPPED
        base = f"{folder}.zip/{folder}" if zipped else folder
        fv = [{"I1a": "YI1a", "I1b": "YI1b"}[x] for x in folder_variations(folder, uname)] + (["YI1c"] if zipped else [])
        for p in mine:
            plan = plans[p["key"]]
            fname, wname, bname = _names(p, rng)
            doc, ffields, fvs = form_doc(p, ukey, dk, rng, plan.get("combined") or plan["form"])
            if "combined" in plan:
                out = plan["combined"]
                wfields, wvs = writeup(doc, p, dk, rng, combined=True)
                d = Doc(f"{base}/{bname}{EXT[out]}", "youzhi_form", uname, ffields,
                        fvs + wvs + fv + [FMT_V[out]], w.docx_bytes(doc), out)
                d.meta["records"] = [{"kind": "youzhi_form", "fields": ffields},
                                     {"kind": "youzhi_writeup", "fields": wfields}]
                docs.append(d)
                continue
            out = plan["form"]
            docs.append(Doc(f"{base}/{fname}{EXT[out]}", "youzhi_form", uname, ffields, fvs + fv + [FMT_V[out]],
                            w.docx_bytes(doc), out))
            if "writeup" in plan:
                out = plan["writeup"]
                wdoc = w.new_document(rng.choice(AUTHORS), size=rng.choice((10.5, 12)))
                wfields, wvs = writeup(wdoc, p, dk, rng, combined=False)
                docs.append(Doc(f"{base}/{wname}{EXT[out]}", "youzhi_writeup", uname, wfields, wvs + fv + [FMT_V[out]],
                                w.docx_bytes(wdoc), out))
        fmt = sum_fmts[ukey]
        data, fields, v = summary_doc(ukey, mine, dk, rng, fmt)
        name = {"xlsx": rng.choice((f"{uname}推荐汇总表.xlsx", "附件3-推荐汇总表.xlsx")),
                "pdf": "附件3-优质项目推荐汇总表（盖章）.pdf"}.get(fmt, rng.choice(("附件3-推荐汇总表.docx", f"{uname}优质项目推荐汇总表.docx")))
        out = "pdf" if fmt == "pdf" else "native"
        extra = {"docx": ["YX1a"], "pdf": ["YX1b"]}.get(fmt, [])
        docs.append(Doc(f"{base}/{name}", "youzhi_summary", uname, fields, v + fv + extra, data, out))
    assemble(docs, dest, rng)
    t = truth("youzhi", seed, docs, youzhi_findings(docs))
    for d in docs:
        if "records" in d.meta:
            e = t["documents"][d.path]
            t["documents"][d.path] = {"kind": e["kind"], "unit": e["unit"], "fields": e["fields"],
                                      "records": d.meta["records"], "variations": e["variations"]}
    return docs, t


# ---------------------------------------------------------------- findings by the written rules

def records_of(d: Doc) -> list[tuple[str, dict]]:
    if "records" in d.meta:
        return [(r["kind"], r["fields"]) for r in d.meta["records"]]
    return [(d.kind, d.fields)]


def _quota_max(uname: str) -> int:
    return 2 if uname.endswith("市教育工会") else 1


def _day(d: str) -> str:
    return d if d.count("-") == 2 else d + "-01"


def youzhi_findings(docs: list[Doc]) -> list[dict]:
    out = file_findings(docs)
    forms, writeups, sums = [], [], []
    for d in docs:
        for kind, f in records_of(d):
            {"youzhi_form": forms, "youzhi_writeup": writeups, "youzhi_summary": sums}[kind].append((d, f))
    plan_by_name = {p["name"]: p.get("plan", False) for p in P}
    for d, f in forms:
        act = f["所属行动"]
        if act is None or isinstance(act, list):
            out.append(finding("choice.invalid", d.unit, d.path, "所属行动",
                               "no 所属行动 ticked" if act is None else f"{len(act)} 所属行动 ticked: {act}"))
        for k in REQUIRED:
            if f[k] in (None, ""):
                out.append(finding("field.missing", d.unit, d.path, k, f"{k} left blank"))
        if f["实施开始"] and _day(f["实施开始"]) > DEADLINE:
            out.append(finding("eligibility.not_implemented", d.unit, d.path, "实施开始",
                               f"starts {f['实施开始']}, after the deadline {DEADLINE}", f["实施开始"], DEADLINE))
        if f["投入资金"] is not None and f["投入资金"] <= 0:
            out.append(finding("eligibility.no_investment", d.unit, d.path, "投入资金", "投入资金 is 0", f["投入资金"], 0))
        if f["投入资金"] is not None and f["工会经费"] is not None and f["工会经费"] > f["投入资金"]:
            out.append(finding("eligibility.no_investment", d.unit, d.path, "工会经费",
                               f"工会经费 {f['工会经费']:g} > 投入资金 {f['投入资金']:g}", f["工会经费"], f["投入资金"]))
        if not f["申报单位"].endswith(UNION_SUFFIX):
            out.append(finding("eligibility.not_union_led", d.unit, d.path, "申报单位", f"{f['申报单位']} is not a 工会"))
        for k in ("曾获命名", "已获资助"):
            if f[k]:
                out.append(finding("eligibility.already_funded", d.unit, d.path, k, f"{k} = 是"))
        n = w.word_count(f["项目简介"])
        if n > INTRO_LIMIT:
            out.append(finding("length.over", d.unit, d.path, "项目简介", f"项目简介 {n} 字 > {INTRO_LIMIT}", n, INTRO_LIMIT))
    for d, f in writeups:
        if f["字数"] > WRITEUP_LIMIT:
            # field: the record's 字数 key, where the body's count is kept (as the banzu truth does)
            out.append(finding("length.over", d.unit, d.path, "字数", f"申报书 {f['字数']} 字 > {WRITEUP_LIMIT}",
                               f["字数"], WRITEUP_LIMIT))
        for key, *_ in SECTIONS:
            if not f[key]:
                out.append(finding("section.missing", d.unit, d.path, key, f"{key} section absent"))
        if f["成效"]:
            if plan_by_name[f["项目名称"]]:
                assert any(x in f["成效"] for x in PLAN_WORDS)
                out.append(finding("eligibility.not_implemented", d.unit, d.path, "成效", "成效 written as a plan"))
            else:  # the clean texts keep clear of every plan word
                assert not any(x in f["成效"] for x in PLAN_WORDS), f["项目名称"]
            if not w.has_figure(f["成效"]):
                out.append(finding("evidence.no_numbers", d.unit, d.path, "成效", "成效 has no figure"))
    units = sorted({d.unit for d in docs if d.unit})
    for u in units:
        uforms = [(d, f) for d, f in forms if d.unit == u]
        uwrite = {f["项目名称"] for d, f in writeups if d.unit == u}
        names = sorted({f["项目名称"] for _d, f in uforms})
        if len(names) > _quota_max(u):
            out.append(finding("quota.exceeded", u, None, None, f"{len(names)} projects > {_quota_max(u)}",
                               len(names), _quota_max(u)))
        for d, f in uforms:
            if f["项目名称"] not in uwrite:
                out.append(finding("material.missing", u, d.path, None, f"申报表 of {f['项目名称']} without a 申报书"))
        usums = [(d, f) for d, f in sums if d.unit == u]
        if not usums:
            out.append(finding("summary.missing", u, None, None, "no 推荐汇总表 from this unit"))
        received = {f["项目名称"] for _d, f in uforms} | uwrite
        for sd, sf in usums:
            listed = {e["项目名称"] for e in sf["条目"]}
            for e in sf["条目"]:
                if e["项目名称"] not in received:
                    out.append(finding("summary.not_received", u, sd.path, None,
                                       f"{e['项目名称']} listed but no material received"))
            for d, f in uforms:
                if f["项目名称"] not in listed:
                    out.append(finding("summary.not_listed", u, d.path, None,
                                       f"{f['项目名称']} received but not on the unit's summary"))
    return out
