"""Inbox builder for the wuxiao campaign (2023 阳泉 “五小”竞赛): 附件1 成果申报表 per result, 附件3 基层表彰文件
(the lower-level 表彰决定 / 通报, often honouring several results), one 附件2 推荐汇总表 per 推荐单位."""

from __future__ import annotations

import copy
import random
import re

from . import kit
from . import writer as w
from .common import SCANNED, Doc, assemble, file_findings, finding, folder_variations, pair_finding, truth
from .writer import BOLD, CENTER, F, Group, Row, Wide
from .wuxiao_data import (
    AWARDS,
    CATS,
    CLAIMS,
    NO_SUMMARY,
    NOT_LISTED,
    NOT_SENT,
    PLEDGE,
    REMARKS,
    TRACKS,
    UNIT_AWARDS,
    UNITS,
    ZIPPED,
    R,
)

FORM_KEYS = ["申报单位", "推荐单位", "联系人", "联系电话", "填报日期", "成果名称", "成果类别", "参赛类别", "带头人姓名",
             "带头人性别", "带头人出生年月", "带头人单位", "带头人职务", "带头人电话", "其他完成人", "完成时间", "已投入使用",
             "表彰单位", "表彰名称", "表彰时间", "表彰文号", "知识产权", "问题描述", "主要内容", "应用效果", "经济效益",
             "测算依据", "社会效益", "承诺", "基层工会意见", "基层工会意见日期", "推荐单位意见", "推荐单位意见日期"]
MEMBER_KEYS = ["姓名", "单位", "职务", "分工"]
AWARD_KEYS = ["发文单位", "文号", "日期", "表彰成果"]
SUMMARY_KEYS = ["推荐单位", "联系人", "电话", "条目"]
ITEM_KEYS = ["序号", "申报单位", "成果名称", "成果类别", "项目带头人", "其他完成人", "基层表彰情况", "经济效益", "联系电话", "备注"]
LIMITS = {"问题描述": 300, "主要内容": 800, "应用效果": 300}
AUTHORS = ["Administrator", "lenovo", "微软用户", "HP", "USER", "Windows 用户", "dell"]
# a result's name as an award document may write it, other than the form (written differently, still the same)
ALIASES = {"耐火砖成型模具快换装置": "耐火砖成型模具快速更换装置"}
BRACKETS = {"〔": ("[", "]"), "[": ("〔", "〕"), "（": ("〔", "〕"), "(": ("〔", "〕")}


def bare(name: str) -> str:
    """A result name without the quotes / book-title marks a document wraps it in."""
    return re.sub(r"^[“《\"]|[”》\"]$", "", name)


def other_brackets(no: str) -> str:
    """The 文号 with other brackets around the year (how a form retypes a document's number)."""
    m = re.search(r"[〔\[（(](\d{4})[〕\]）)]", no)
    o, c = BRACKETS[no[m.start()]]
    return no[:m.start()] + o + m.group(1) + c + no[m.end():]


def _bracket_v(no: str) -> str:
    return {"〔": "A2a", "[": "A2b", "（": "A2c", "(": "A2c"}[re.search(r"[〔\[（(]\d{4}", no).group(0)[0]]


# ---------------------------------------------------------------- 附件1 成果申报表

def form_doc(r, ukey, dk, rng, out):
    rendered = out not in ("native", "doc")
    uname = UNITS[ukey][0]
    v: list[str] = []
    l1 = dk.deal("L1", "abc")
    v.append("L1" + l1)
    style = {"a": "a", "b": rng.choice(("b1", "b2")), "c": "c"}[l1]
    spaced, broken, notes = (dk.deal(k, (True, False)) for k in ("L1d", "L1e", "L1f"))
    spacing = rng.choice(("full", "half"))

    def lab(s: str, note: str = "") -> str:
        if notes and note:
            v.append("L1f")
            return s + note
        if spaced and len(s) <= 4 and style != "b1":
            v.append("L1d")
            return w.space_label(s, spacing)
        if broken and len(s) >= 4 and style in ("a", "c"):
            v.append("L1e")
            return w.break_label(s)
        return s

    def ym(d: str) -> str:
        text, st = kit.date_text(d, dk)
        v.append(st)
        return text

    # 带头人
    ln, sex, birth, lorg, post, phone = r["leader"]
    grouped = dk.deal("L2", (True, False))
    v.append("L2a" if grouped else "L2c")
    pre, unit_l, tel_l = ("", "工作单位", "联系电话") if grouped else ("带头人", "带头人单位", "带头人电话")
    lead_rows = [Row([F(lab(pre + "姓名"), ln or ""), F(lab(pre + "性别"), sex)], style),
                 Row([F(lab(pre + "出生年月"), ym(birth)), F(lab(pre + "职务"), post)], style),
                 Row([F(lab(unit_l), lorg), F(lab(tel_l), phone)], style)]
    # 其他完成人
    cols = rng.choice((["姓名", "单位", "职务", "分工"], ["姓名", "工作单位", "职务（职称）", "承担工作"]))
    if cols[1] != "单位":
        v.append("T6")
    members = [list(m) for m in r["others"]]
    sub, sv = kit.sub_table("其他完成人", cols, members, dk, rng)
    v += sv
    # 基层评审表彰
    award = AWARDS.get(r["award"]) or CLAIMS.get(r["award"])
    if award:
        a_issuer = award["issuer"]
        a_name = award["prize"] + r.get("rank", "")
        a_date = award["date"]
        if a_date.count("-") == 1 or dk.deal("Aprec", (True, False)):
            a_date = a_date[:7]
            a_date_t = ym(a_date)
        else:
            a_date_t, st = kit.date_text(a_date, dk)
            v.append(st)
        a_no = award["no"]
        if r["award"] in AWARDS and dk.deal("A5", (True, False, False)):
            a_no = other_brackets(a_no)
            v.append("A5")
    else:
        a_issuer = a_name = a_date = a_no = None
        a_date_t = ""
    award_rows = [Row([F(lab("表彰单位"), a_issuer or ""), F(lab("表彰时间"), a_date_t)], style),
                  Row([F(lab("表彰名称"), a_name or ""), F(lab("文号"), a_no or "")], style)]
    # choices
    cats = r["cat"] if isinstance(r["cat"], list) else [r["cat"]] if r["cat"] else []
    tracks = r["track"] if isinstance(r["track"], list) else [r["track"]] if r["track"] else []
    b_cat, cv = kit.choice_block(lab("成果类别"), CATS, cats, dk, rendered, inline_label=style == "b1")
    b_track, tv = kit.choice_block(lab("参赛类别"), TRACKS, tracks, dk, rendered, inline_label=style == "b1")
    v += cv + tv
    b_used, uv = kit.yes_no(lab("是否已投入使用"), r["used"], dk, rendered)
    v += uv
    # money
    bst = dk.deal_allowed("L5money", ("L5f", "L5g", "L5h", "L5i", "L5d"),
                          ("L5f", "L5g", "L5h", "L5i", "L5d") if notes else ("L5g", "L5h", "L5i", "L5d")) \
        if r["benefit"] == int(r["benefit"]) else dk.deal("L5dec", ("L5j", "L5i"))
    if bst == "L5h" and r["benefit"] > 99:
        bst = "L5g"
    v.append(bst)
    benefit_s = w.fmt_money(r["benefit"], bst)
    if bst == "L5f" and not notes:
        benefit_s += "万元"
    ip_s = r["ip"] or rng.choice(("无", ""))
    # long texts: the label with its limit or without
    limits = dk.deal("L8g", (True, False))
    v.append("L8g" if limits else "L8h")

    def long(label, limit, text):
        shown = f"{label}（不超过{limit}字）" if limits and limit else label
        above = dk.deal("L8e", (False, False, True))
        v.append("L8e" if above else "L8a")
        return Wide(shown, text, above=above)
    # pledge: signed with the typed names and the date (P1a) or one name (P1c); left "____" (P1b)
    pst = dk.deal("P1", ("a", "c")) if r["pledge"] else "b"
    v.append("P1" + pst)
    names = [x for x in [ln] + [m[0] for m in r["others"][:2]] if x]
    pledge_cell = {"a": f"{PLEDGE}\n完成人签字：{'　'.join(names)}　　{kit.day_text(r['filled'], 'a')}",
                   "b": f"{PLEDGE}\n完成人签字：____________　　　年　　月　　日",
                   "c": f"{PLEDGE}\n承诺人（签字）：{names[0]}"}[pst]
    ops = []
    for (op, who) in ((r["op1"], "基层工会意见"), (r["op2"], "推荐单位意见")):
        ost = dk.deal("L9", ("L9a", "L9b", "L9c"))
        v.append(ost)
        cell, t, d = kit.opinion(op, ost, rng)
        ops.append((F(lab(who), cell), t, d))
    blocks = [Row([F(lab("成果名称"), r["name"])], style), b_cat, b_track]
    if grouped:
        blocks.append(Group("项目\n带头人" if broken else "项目带头人", lead_rows))
    else:
        blocks += lead_rows
    sub_at = len(blocks)
    blocks.append(sub)
    blocks += [Row([F(lab("完成时间"), ym(r["done"]))], style), b_used]
    if dk.deal("L2aw", (True, False)):
        blocks.append(Group("基层评审\n表彰情况", award_rows))
    else:
        blocks += award_rows
    blocks += [Row([F(lab("知识产权"), ip_s)], style),
               long("问题描述", 300, r["problem"]), long("主要内容及创新点", 800, r["content"]),
               long("应用情况及效果", 300, r["effect"]),
               Row([F(lab("经济效益", "（万元/年）"), benefit_s)], style),
               long("测算依据", 0, r["basis"]), long("社会效益", 0, r["social"]),
               Wide("真实性承诺", pledge_cell), Row([o[0] for o in ops], "a")]
    # header
    hst = dk.deal("L7", ("b", "c", "d"))
    filled_s = kit.day_text(r["filled"], rng.choice("abc"))
    doc = w.new_document(rng.choice(AUTHORS))
    if rng.random() < 0.6:
        w.add_paragraph(doc, "附件1")
    w.add_paragraph(doc, BOLD + CENTER + rng.choice(("“五小”创新成果申报表", "2023年阳泉市职工“五小”竞赛成果申报表")), size=15)
    if hst == "d":
        v.append("L7d")
        head = [Row([F("申报单位（盖章）", r["org"]), F("推荐单位", uname)], "a"),
                Row([F("联系人", r["contact"]), F("联系电话", r["cphone"])], "a"), Row([F("填报日期", filled_s)], "a")]
        blocks = head + blocks
        sub_at += len(head)
    else:
        v += ["L7a", "L7" + hst]
        lines = ([f"申报单位（盖章）：{r['org']}　　推荐单位：{uname}",
                  f"联系人：{r['contact']}　　联系电话：{r['cphone']}　　填报日期：{filled_s}"] if hst == "b" else
                 [f"申报单位（盖章）：{r['org']}", f"推荐单位：{uname}", f"联系人：{r['contact']}",
                  f"联系电话：{r['cphone']}", f"填报日期：{filled_s}"])
        for line in lines:
            w.add_paragraph(doc, line)
    split = dk.deal("T3", (None, None, "T3a", "T3b"))
    if split and len(sub.rows) >= 2:
        v.append(split)
        kit.write_form(doc, blocks, sub_at, split, rng.randint(1, len(sub.rows) - 1))
    else:
        kit.write_form(doc, blocks)
    fields = {"申报单位": r["org"], "推荐单位": uname, "联系人": r["contact"], "联系电话": r["cphone"],
              "填报日期": r["filled"], "成果名称": r["name"],
              "成果类别": r["cat"] if not isinstance(r["cat"], list) else [c for c in CATS if c in r["cat"]],
              "参赛类别": r["track"], "带头人姓名": ln, "带头人性别": sex, "带头人出生年月": birth, "带头人单位": lorg,
              "带头人职务": post, "带头人电话": phone,
              "其他完成人": [dict(zip(MEMBER_KEYS, m, strict=True)) for m in r["others"]],
              "完成时间": r["done"], "已投入使用": r["used"], "表彰单位": a_issuer, "表彰名称": a_name,
              "表彰时间": a_date, "表彰文号": a_no, "知识产权": r["ip"], "问题描述": r["problem"],
              "主要内容": r["content"], "应用效果": r["effect"], "经济效益": r["benefit"], "测算依据": r["basis"],
              "社会效益": r["social"], "承诺": r["pledge"], "基层工会意见": ops[0][1], "基层工会意见日期": ops[0][2],
              "推荐单位意见": ops[1][1], "推荐单位意见日期": ops[1][2]}
    assert list(fields) == FORM_KEYS
    return w.docx_bytes(doc), fields, v


# ---------------------------------------------------------------- 附件3 基层表彰文件

def award_doc(akey, dk, rng):
    a = AWARDS[akey]
    v = [_bracket_v(a["no"])]
    doc = w.new_document(rng.choice(AUTHORS), size=12)
    red = dk.deal("A4", (True, False))
    v.append("A4a" if red else "A4b")
    if red:
        w.add_paragraph(doc, BOLD + CENTER + f"{a['issuer']}文件", size=22)
        w.add_paragraph(doc, CENTER + a["no"])
        w.add_paragraph(doc, "")
    w.add_paragraph(doc, BOLD + CENTER + a["title"], size=16)
    if not red:
        w.add_paragraph(doc, CENTER + a["no"])
    w.add_paragraph(doc, rng.choice(("各基层工会：", "各乡镇（街道）工会、各基层工会：", "各部门、各单位工会：")))
    n = len(a["honoured"])
    grades = [g for g in ("特等奖", "一等奖", "二等奖", "三等奖") if any(h[3] == g for h in a["honoured"])]
    counts = "，".join(f"{g}{sum(h[3] == g for h in a['honoured'])}项" for g in grades)
    verb = "决定对以下成果予以表彰" if a["kind"] == "决定" else "现将评审结果通报如下"
    w.add_paragraph(doc, f"　　为深入开展职工“五小”竞赛活动，激发广大职工立足岗位创新创效的积极性，经基层推荐、专家评审，"
                         f"共评出优秀成果{n}项，其中{counts}。{verb}。")
    lay = dk.deal("A1", ("a", "b", "c"))
    v.append("A1" + lay)
    if lay == "a":
        nst = rng.choice(w.NUMBERINGS[:3])
        for i, (name, org, who, g) in enumerate(a["honoured"]):
            w.add_paragraph(doc, f"{w.numbered(i, nst)}{name}（{org}　{who}）　{g}")
    elif lay == "b":
        t = doc.add_table(rows=n + 1, cols=5)
        t.style = doc.styles["Table Grid"]
        for c, h in zip(t.rows[0].cells, ("序号", "成果名称", "完成单位", "主要完成人", "等次"), strict=True):
            w.set_cell(c, h, bold=True)
        for i, (name, org, who, g) in enumerate(a["honoured"]):
            for c, x in zip(t.rows[i + 1].cells, (str(i + 1), name, org, who, g), strict=True):
                w.set_cell(c, x)
        w.add_paragraph(doc, "")
    else:
        k = 0
        for gi, g in enumerate(grades):
            w.add_paragraph(doc, BOLD + f"{w.CN_ORD[gi]}、{g}（{sum(h[3] == g for h in a['honoured'])}项）")
            for name, org, who, hg in a["honoured"]:
                if hg == g:
                    k += 1
                    w.add_paragraph(doc, f"{k}.{name}　　{org}　{who}")
    w.add_paragraph(doc, "　　希望受表彰的职工珍惜荣誉，再接再厉，在岗位创新中取得新的更大成绩。")
    cn = dk.deal("A3", (True, False))
    v.append("A3b" if cn else "A3a")
    w.add_paragraph(doc, "")
    w.add_paragraph(doc, "　" * 14 + a["issuer"])
    w.add_paragraph(doc, "　" * 16 + (kit.cn_date(a["date"]) if cn else kit.day_text(a["date"], "a")))
    if any(bare(h[0]) != h[0] for h in a["honoured"]) or akey == "pd":
        v.append("A6")
    fields = {"发文单位": a["issuer"], "文号": a["no"], "日期": a["date"], "表彰成果": [bare(h[0]) for h in a["honoured"]]}
    return w.docx_bytes(doc), fields, v


# ---------------------------------------------------------------- 附件2 推荐汇总表

def summary_doc(ukey, results, dk, rng, fmt):
    uname, _f, contact, phone = UNITS[ukey]
    v = []
    entries = []
    for r in results:
        if r["key"] in NOT_LISTED:
            continue
        award = AWARDS.get(r["award"]) or CLAIMS.get(r["award"]) or AWARDS[r["named_in"]]
        cat = r["cat"] if isinstance(r["cat"], str) else r["cat"][0]
        entries.append(dict(申报单位=r["org"], 成果名称=r["name"], 成果类别=cat, 项目带头人=r["leader"][0] or r["sum_leader"],
                            其他完成人="、".join(m[0] for m in r["others"]) or None,
                            基层表彰情况=f"{award['issuer']}{r['rank']}", 经济效益=r["benefit"],
                            联系电话=r["leader"][5], 备注=REMARKS.get(r["key"])))
    for e in NOT_SENT.get(ukey, []):
        entries.append(dict(申报单位=e["org"], 成果名称=e["name"], 成果类别=e["cat"], 项目带头人=e["leader"],
                            其他完成人=e["others"], 基层表彰情况=e["award"], 经济效益=e["benefit"], 联系电话=e["phone"], 备注=None))
    blank_no = dk.deal("M4", (True, False)) and len(entries) > 1
    items = [{"序号": None if blank_no and i == len(entries) - 1 else i + 1, **e} for i, e in enumerate(entries)]
    for it in items:
        assert list(it) == ITEM_KEYS
    extra = rng.randint(1, 3) if dk.deal("M3", (True, False)) else 0
    v += (["M4"] if blank_no else []) + (["M3"] if extra else [])
    cols = ["序号", "申报单位", "成果名称", "成果类别", "项目带头人", "其他完成人", "基层表彰情况", "经济效益（万元/年）", "联系电话", "备注"]
    rows = [[str(it["序号"] or ""), it["申报单位"], it["成果名称"], it["成果类别"], it["项目带头人"], it["其他完成人"] or "",
             it["基层表彰情况"], f"{it['经济效益']:g}", it["联系电话"], it["备注"] or ""] for it in items]
    rows += [[str(len(items) + k + 1)] + [""] * 9 for k in range(extra)]
    title = rng.choice(("2023年阳泉市职工“五小”竞赛成果推荐汇总表", "“五小”成果推荐汇总表"))
    fields = {"推荐单位": uname, "联系人": contact, "电话": phone, "条目": items}
    if fmt == "xlsx":
        v += ["M1b", "L10f"]
        xrows = [[int(r[0]) if r[0] else "", *r[1:7], (float(r[7]) if "." in r[7] else int(r[7])) if r[7] else "", *r[8:]]
                 for r in rows]
        head = [("A2", f"推荐单位（盖章）：{uname}"), ("E2", f"联系人：{contact}"), ("H2", f"电话：{phone}")]
        return w.summary_xlsx(title, head, cols, xrows, rng.choice(AUTHORS), header_row=3), fields, v
    v.append("M1c" if fmt == "scan" else "M1a")
    one = dk.deal("L7s", (True, False))
    v += ["L7a", "L7b" if one else "L7c"]
    head = ([f"推荐单位（盖章）：{uname}　　联系人：{contact}　　电话：{phone}"] if one else
            [f"推荐单位（盖章）：{uname}", f"联系人：{contact}", f"电话：{phone}"])
    titles = (["附件2"] if rng.random() < 0.6 else []) + [BOLD + CENTER + title]
    return w.summary_docx(titles, head, cols, rows, None, rng.choice(AUTHORS), landscape=True), fields, v


# ---------------------------------------------------------------- the inbox

SUMMARY_FMT = {"pd": "docx", "jq": "xlsx", "kq": "scan", "ny": "xlsx", "zy": "docx"}


def build_wuxiao(dest: str, seed: int) -> tuple[list[Doc], dict]:
    rng = random.Random(seed)
    dk = w.Decks(rng)
    rs = copy.deepcopy(R)
    for r in rs:
        r["contact"] = _contact(r)
        r["cphone"] = r["leader"][5]
    docs: list[Doc] = []
    sent: dict[str, list[Doc]] = {}
    award_fmt = ["native", "pdf", "doc", "scan_pdf", "jpg", "png"]
    rng.shuffle(award_fmt)
    award_fmt += ["native", "pdf"]
    award_out = {}
    for ukey, (uname, folder, _c, _p) in UNITS.items():
        zipped = ukey in ZIPPED
        base = f"{folder}.zip/{folder}" if zipped else folder
        fv = folder_variations(folder, uname) + (["I1c"] if zipped else [])
        mine = [r for r in rs if r["unit"] == ukey or r.get("also") == ukey]
        for r in mine:
            short = re.sub(r"[“”]", "", r["name"])
            if r["key"] in sent:  # a result sent by two units: the same file
                d = sent[r["key"]][0]
                name = d.path.rsplit("/", 1)[1]
                docs.append(Doc(f"{base}/{name}", d.kind, uname, d.fields,
                                [x for x in d.variations if not x.startswith("I1")] + fv, d.data, d.out))
                continue
            out = dk.deal("fmt", ("native", "native", "pdf", "doc"))
            data, fields, v = form_doc(r, r["unit"], dk, rng, out)
            name = rng.choice((f"附件1-{short}", f"{r['org']}-五小成果申报表", f"{short}申报表"))
            d = Doc(f"{base}/{name}{kit.EXT[out]}", "wuxiao_form", uname, fields, v + fv + [kit.FMT_V[out]], data, out)
            sent[r["key"]] = [d]
            docs.append(d)
        for akey in UNIT_AWARDS[ukey]:
            a = AWARDS[akey]
            if akey not in award_out:  # a document sent by two units: the same file
                out = award_fmt.pop(0)
                name = f"{a['issuer']}表彰文件" if out in SCANNED else rng.choice(
                    (f"附件3-{a['issuer']}{a['kind']}", f"基层表彰文件（{a['no']}）", f"表彰{a['kind']}-{a['issuer']}"))
                award_out[akey] = (out, name, *award_doc(akey, dk, rng))
            out, name, data, fields, v = award_out[akey]
            extra = ["A7"] if sum(akey in x for x in UNIT_AWARDS.values()) > 1 else []
            docs.append(Doc(f"{base}/{name}{kit.EXT[out]}", "wuxiao_award", uname, fields,
                            v + extra + fv + [kit.FMT_V[out]], data, out))
        if ukey not in NO_SUMMARY:
            fmt = SUMMARY_FMT[ukey]
            data, fields, v = summary_doc(ukey, mine, dk, rng, fmt)
            out = {"scan": "jpg"}.get(fmt, "native")
            name = {"xlsx": rng.choice((f"{uname}推荐汇总表.xlsx", "附件2-五小成果推荐汇总表.xlsx")),
                    "scan": "推荐汇总表（盖章扫描）.jpg"}.get(fmt, f"附件2-{uname}推荐汇总表.docx")
            extra = {"docx": ["L10a"], "scan": ["L10e"]}.get(fmt, [])
            docs.append(Doc(f"{base}/{name}", "wuxiao_summary", uname, fields, v + fv + extra, data, out))
        if ukey == "pd":
            docs.append(Doc(f"{base}/~$附件1-申报表.docx", "junk", uname, {}, ["J1"] + fv, w.lock_file("lenovo")))
        if ukey == "kq":
            docs.append(Doc(f"{base}/Thumbs.db", "junk", uname, {}, ["J2"] + fv, w.thumbs_db(rng)))
        if ukey == "jq":
            good = next(d for d in docs if d.unit == uname and d.out == "native" and d.path.endswith(".docx"))
            docs.append(Doc(f"{base}/申报表（修改稿）.docx", "unreadable", uname, {}, ["J3"] + fv, w.truncated_docx(good.data),
                            meta={"why": "truncated .docx (an interrupted download)"}))
    assemble(docs, dest, rng)
    return docs, truth("wuxiao", seed, docs, wuxiao_findings(docs))


def _contact(r) -> str:
    return {"pd_a": "张文亮", "pd_b": "王小军", "pd_c": "白永强", "yx_a": "韩梅", "yx_b": "冯建军", "yx_c": "李卫东",
            "jq_a": "马玉芳", "jq_b": "杨秀兰", "kq_a": "陈旭", "kq_b": "程丽华", "ny_a": "高静", "ny_b": "梁国栋",
            "zy_a": "李明", "zy_b": "赵晨"}[r["key"]]


# ---------------------------------------------------------------- findings by the written rules

def _named(name: str, names: list[str]) -> bool:
    return name in names or ALIASES.get(name) in names


def wuxiao_findings(docs: list[Doc]) -> list[dict]:
    out = file_findings(docs)
    forms = [d for d in docs if d.kind == "wuxiao_form"]
    awards = [d for d in docs if d.kind == "wuxiao_award"]
    by_name = {r["name"]: r for r in R}
    for d in forms:
        f = d.fields
        for k in ("成果类别", "参赛类别"):
            if f[k] is None or isinstance(f[k], list):
                out.append(finding("choice.invalid", d.unit, d.path, k,
                                   f"no {k} ticked" if f[k] is None else f"{len(f[k])} {k} ticked: {f[k]}"))
        for k in ("成果名称", "带头人姓名"):
            if not f[k]:
                out.append(finding("field.missing", d.unit, d.path, k, f"{k} left blank"))
        if not f["表彰单位"]:
            out.append(finding("award.missing", d.unit, d.path, None, "no lower-level 评审表彰 stated"))
        else:
            named = any(_named(f["成果名称"], a.fields["表彰成果"]) for a in awards if a.unit == d.unit)
            if not named:
                out.append(finding("award.unverified", d.unit, d.path, None,
                                   f"no 基层表彰文件 of {d.unit} names {f['成果名称']}"))
        for k, lim in LIMITS.items():
            n = w.word_count(f[k])
            if n > lim:
                out.append(finding("length.over", d.unit, d.path, k, f"{k} {n} 字 > {lim}", n, lim))
        if not w.has_figure(f["应用效果"]):
            out.append(finding("evidence.no_numbers", d.unit, d.path, "应用效果", "应用效果 has no figure"))
        tb = by_name[f["成果名称"]].get("text_benefit")
        if tb is not None:
            assert f"{tb}万元" in f["应用效果"]
            out.append(finding("numbers.inconsistent", d.unit, d.path, "经济效益",
                               f"应用效果 states {tb}万元, the table {f['经济效益']:g}", tb, f["经济效益"]))
        if not f["承诺"]:
            out.append(finding("pledge.missing", d.unit, d.path, "承诺", "真实性承诺 not signed"))
    groups: dict = {}
    for d in forms:
        groups.setdefault((d.fields["成果名称"], d.fields["申报单位"]), []).append(d)
    for (name, _org), ds in sorted(groups.items()):
        if len(ds) > 1:
            out.append(pair_finding("duplicate.submission", [(d.unit, d.path) for d in ds], f"{name} sent {len(ds)} times"))
    for d in forms:
        src = by_name[d.fields["成果名称"]].get("copy_of")
        if src:
            orig = next(r for r in R if r["key"] == src)
            for o in (x for x in forms if x.fields["成果名称"] == orig["name"]):
                out.append(pair_finding("duplicate.misappropriation", [(d.unit, d.path), (o.unit, o.path)],
                                        f"{d.fields['成果名称']} ({d.fields['带头人姓名']}, {d.fields['申报单位']}) is a near "
                                        f"copy of {o.fields['成果名称']} ({o.fields['带头人姓名']}, {o.fields['申报单位']})"))
    for uname, *_x in UNITS.values():
        uforms = [d for d in forms if d.unit == uname]
        sums = [d for d in docs if d.kind == "wuxiao_summary" and d.unit == uname]
        if not sums:
            out.append(finding("summary.missing", uname, None, None, "no 推荐汇总表 from this unit"))
        received = {d.fields["成果名称"] for d in uforms}
        for sm in sums:
            listed = {e["成果名称"] for e in sm.fields["条目"]}
            for e in sm.fields["条目"]:
                if e["成果名称"] not in received:
                    out.append(finding("summary.not_received", uname, sm.path, None, f"{e['成果名称']} listed, not received"))
            for d in uforms:
                if d.fields["成果名称"] not in listed:
                    out.append(finding("summary.not_listed", uname, d.path, None, f"{d.fields['成果名称']} not listed"))
    return out
