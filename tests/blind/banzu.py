"""Inbox builders for the banzu campaign: the foldered inbox (`banzu`) and the flat one (`banzu_flat`)."""

from __future__ import annotations

import copy
import random

from . import writer as w
from .banzu_data import CONTEST_PROMPT, LEAD_EXTRA, NO_SUMMARY, NOT_LISTED, NOT_SENT, REMARKS, UNITS, T
from .common import Doc, assemble, file_findings, finding, folder_variations, pair_finding, truth
from .writer import BOLD, CENTER, Checks, F, Group, ListRows, Row, Wide

FORM_KEYS = ["推荐单位", "联系人", "电话", "班组名称", "所在单位", "班组总人数", "党员人数", "女职工人数",
             "研究生及以上学历人数", "高技能人才人数", "平均年龄", "班组负责人姓名", "班组负责人政治面貌", "师徒结对",
             "劳模工匠创新工作室", "名师工作室", "党支部", "党小组", "分工会", "工会小组", "荣誉", "竞赛情况"]
OPTIONAL = {"师徒结对", "劳模工匠创新工作室", "名师工作室", "党支部", "党小组", "分工会", "工会小组", "荣誉"}
SECTIONS = [("背景", "bg", "案例背景", ["项目背景"]), ("做法", "zf", "主要做法", ["具体做法", "创新做法"]),
            ("成果", "cg", "创新成果", ["主要成果"]), ("效益", "xy", "效益影响", ["成效影响", "经济社会效益"])]
MARKS = {"L3a": ("☑", "☐"), "L3b": ("■", "□"), "L3c": ("√", ""), "L3d": ("是", "否"),
         "L3e": (w.TICK, w.UNTICK), "L3g": ("有", "无")}
AUTHORS = ["Administrator", "lenovo", "微软用户", "HP", "USER", "dell"]
EXT = {"native": ".docx", "pdf": ".pdf", "doc": ".doc", "scan_pdf": ".pdf", "png": ".png", "jpg": ".jpg"}

# per-班组 forced choices (the planted defects and near-misses need particular renderings)
FORCE = {
    "njtech_a": {"form": {"honors": (None, True, True)}},
    "njtech_b": {"case": {"C2": ["b", "c", "u"]}},
    "sz_e": {"case": {"C2": ["b", "c", "u"]}},
    "hhu_a": {"case": {"C5": True, "also_pdf": True}},
    "hhu_b": {"form": {"out": "doc"}},
    "sz_b": {"form": {"out": "pdf", "L8": "a", "L8d": False}},
    "cz_a": {"form": {"out": "png", "L8": "a"}},
    "jaas_a": {"case": {"C4": True}},
    "yz_a": {"form": {"out": "pdf"}},
    "cumt_b": {"case": {"out": "doc"}},
    "njtech_c": {"case": {"out": "pdf"}},
}


def prepare() -> dict[str, dict]:
    """The 班组 data with leads merged and the near-limit texts cut to their exact 字数."""
    out = {}
    for t in copy.deepcopy(T):
        t.setdefault("lead", LEAD_EXTRA.get(t["key"]))
        if t.get("contest_fit"):  # the near-limit texts are written to their exact 字数
            n = sum(w.word_count(p) for p in t["done"] + t["plan"])
            assert n == t["contest_fit"], (t["key"], n)
        if t.get("fit"):
            n = sum(w.word_count(p) for k in ("bg", "zf", "cg", "xy") for p in t[k])
            assert n == t["fit"], (t["key"], n)
        out[t["key"]] = t
    return out


# ---------------------------------------------------------------- form (附件1)

def _honors(hon, dk, rng, force=None):
    """Returns (blocks-or-text, truth list, variations)."""
    if not hon:
        return "无", None, ["L4g"]
    box, numbered, dated = force or (None, None, None)
    box = box or dk.deal("L4box", "abef")
    numbered = dk.deal("L4c", (True, False)) if numbered is None else numbered
    dated = dk.deal("L4d", (True, False)) if dated is None else dated
    v = [f"L4{box}"] + (["L4c"] if numbered else []) + (["L4d"] if dated else [])
    dstyle = rng.choice(("dot", "cn", "comma"))
    nstyle = rng.choice(w.NUMBERINGS)
    items = []
    for d, name in hon:
        y, m = d.split(".")
        if not dated:
            items.append(name)
        elif dstyle == "dot":
            items.append(f"{d} {name}")
        elif dstyle == "cn":
            items.append(f"{y}年{int(m)}月 {name}")
        else:
            items.append(f"{d}，{name}")
    gap = " " if nstyle == "1." and (dated and dstyle != "cn" or rng.random() < 0.5) else ""
    written = [w.numbered(i, nstyle) + gap + it if numbered else it for i, it in enumerate(items)]
    if box == "f":
        return written, items, v
    sep = {"a": "\n", "b": "\v", "e": "；"}[box]
    return sep.join(written), items, v


def form_doc(t, ukey, dk, rng, force=None, override=None):
    force = force or {}
    t = {**t, **(override or {})}
    uname, _utype, _folder, contact, phone = UNITS[ukey]
    v: list[str] = []
    l1 = force.get("L1") or dk.deal("L1", "abc")
    v.append("L1" + l1)
    style = {"a": "a", "b": rng.choice(("b1", "b2")), "c": "c"}[l1]
    deco_d, deco_e, deco_f = (dk.deal(k, (True, False)) for k in ("L1d", "L1e", "L1f"))
    spacing = rng.choice(("full", "half"))
    v += [k for k, on in (("L1d", deco_d), ("L1e", deco_e), ("L1f", deco_f)) if on]

    def lab(s, note=""):
        x = s + (note if deco_f else "")
        if deco_d:
            x = w.space_label(x, spacing)
        if deco_f and style == "a":
            x += "："
        return x

    def glab(s):
        return w.break_label(s) if deco_e else s

    def cnt(n, unit):
        if n is None:
            return ""
        s = dk.deal("L5cnt", ("L5a", "L5b", "L5c"))
        v.append(s)
        return w.fmt_int(n, s, unit)

    age = t["age"]
    if age is None:
        age_s = ""
    elif age != int(age):
        v.append("L5e")
        age_s = f"{age:g}岁" if rng.random() < 0.6 else f"{age:g}"
    else:
        s = dk.deal("L5age", ("L5a", "L5b", "L5d"))
        v.append(s)
        age_s = w.fmt_int(int(age), s, "岁")
    n = t["n"]
    r1 = Row([F(lab("班组总人数", "（人）"), cnt(n[0], "人")), F(lab("党员人数", "（人）"), cnt(n[1], "人")),
              F(lab("女职工人数", "（人）"), cnt(n[2], "人"))], style)
    avg_label = "平均年龄（岁）" if deco_f else "平均年龄"
    avg_label = w.break_label(avg_label, 2) if deco_e and not deco_f and style != "b1" else avg_label
    r2 = Row([F(lab("研究生及以上学历人数", "（人）"), cnt(n[3], "人")),
              F("高技能人才人数（取得高级工及以上技能等级）", cnt(n[4], "人")),
              F(avg_label + ("：" if deco_f and style == "a" else ""), age_s)], style)
    l2 = force.get("L2") or dk.deal("L2", "abc")
    v.append("L2" + l2)
    pol = t["pol"] or ""
    pairs_s = cnt(t["pairs"], "对")
    if l2 == "c":
        leader = [Row([F(lab("班组负责人姓名"), t["leader"]), F("师徒结对（对）", pairs_s)], style),
                  Row([F(lab("负责人政治面貌"), pol)], style)]
    else:
        inner = style if l2 == "a" else rng.choice(("b1", "b2"))
        leader = [Group(glab("班组负责人"), [Row([F(lab("姓名"), t["leader"]), F("师徒结对（对）", pairs_s)], inner),
                                         Row([F(lab("政治面貌"), pol)], inner)])]
    r3 = Row([F("劳模工匠创新工作室（个）", cnt(t["lm"], "个")), F("名师工作室（个）", cnt(t["ms"], "个"))], style)
    l3 = force.get("L3") or dk.deal("L3", "abcdefg")
    v.append("L3" + l3)
    c = t["checks"]
    names = (("是否成立党组织", ("党支部", "党小组")), ("是否成立工会组织", ("分工会", "工会小组")))
    if l3 == "f":
        tick, untick = rng.choice((("☑", "□"), ("☑", "☐"), ("■", "□")))
        checks = Checks([(g, [(o, tick if c[2 * gi + oi] else untick) for oi, o in enumerate(opts)])
                         for gi, (g, opts) in enumerate(names)], inline=True)
    else:
        on, off = MARKS["L3" + l3]
        checks = Checks([(glab(g), [(o, on if c[2 * gi + oi] else off) for oi, o in enumerate(opts)])
                         for gi, (g, opts) in enumerate(names)])
    basic = Group(glab("班组基本情况"), [r1, r2, *leader, r3, checks])
    top = Row([F(lab("班组名称"), t["name"]), F(lab("所在单位"), t["dept"])], style)

    hon_content, hon_truth, hv = _honors(t["honors"], dk, rng, force.get("honors"))
    v += hv
    hon_label = "市级以上集体或个人荣誉（不超过5项）"
    hon_block = ListRows(hon_label, hon_content) if isinstance(hon_content, list) else Wide(hon_label, hon_content)

    text = "\n".join(t["done"] + t["plan"])
    l8 = force.get("L8") or dk.deal("L8", "abce")
    prompt = force.get("L8d") if "L8d" in force else dk.deal("L8d", (True, False))
    v.append("L8" + l8)
    sep = "\n" if rng.random() < 0.6 else ""

    def with_prompt(s):
        return CONTEST_PROMPT + sep + s if prompt else s
    if prompt:
        v.append("L8d")
    if l8 == "b":
        contest = [Wide("已开展“科教报国 创新有我”岗位建功竞赛情况", with_prompt("\n".join(t["done"]))),
                   Wide("下一步对标竞赛工作方案", "\n".join(t["plan"]))]
    elif l8 == "c":
        contest = [Wide("开展“科教报国 创新有我”岗位建功竞赛情况以及下一步对标竞赛工作方案", with_prompt(text))]
    elif l8 == "e":
        contest = [Wide("班组竞赛情况", with_prompt(text), above=True)]
    else:
        contest = [Wide(glab("班组竞赛情况"), with_prompt(text))]

    blocks = [top, basic, hon_block, *contest]
    doc = w.new_document(rng.choice(AUTHORS))
    if rng.random() < 0.5:
        w.add_paragraph(doc, "附件1")
    w.add_paragraph(doc, BOLD + CENTER + "创新型班组重点培育对象基本情况表", size=16)
    l7 = force.get("L7") or dk.deal("L7", "bcd")
    if l7 == "d":
        blocks = [Row([F("推荐单位工会（盖章）", uname)], "a"), Row([F("联系人", contact), F("电话", phone)], "a"),
                  *blocks]
        v.append("L7d")
    else:
        v += ["L7a", "L7" + l7]
        w.add_paragraph(doc, rng.choice((f"推荐单位工会：{uname}（盖章）", f"推荐单位（盖章）：{uname}",
                                         f"推荐单位工会（盖章）：{uname}")))
        if l7 == "b":
            w.add_paragraph(doc, f"联系人：{contact}" + rng.choice(("　　　", "\t\t")) + f"电话：{phone}")
        else:
            w.add_paragraph(doc, f"联系人：{contact}")
            w.add_paragraph(doc, f"电话：{phone}")
    w.add_form_table(doc, blocks)
    fields = {"推荐单位": uname, "联系人": contact, "电话": phone, "班组名称": t["name"], "所在单位": t["dept"],
              "班组总人数": n[0], "党员人数": n[1], "女职工人数": n[2], "研究生及以上学历人数": n[3],
              "高技能人才人数": n[4], "平均年龄": age, "班组负责人姓名": t["leader"],
              "班组负责人政治面貌": t["pol"], "师徒结对": t["pairs"], "劳模工匠创新工作室": t["lm"],
              "名师工作室": t["ms"], "党支部": c[0], "党小组": c[1], "分工会": c[2], "工会小组": c[3],
              "荣誉": hon_truth, "竞赛情况": text}
    assert list(fields) == FORM_KEYS
    return w.docx_bytes(doc), fields, v


# ---------------------------------------------------------------- case (附件2)

def case_doc(t, uname, dk, rng, force=None, allowed_c2="abcdefg", allowed_c1="abcd"):
    force = force or {}
    v: list[str] = []
    c1 = dk.deal_allowed("C1", "abcd", allowed_c1)
    v.append("C1" + c1)
    title = t["title"]
    line = {"a": title, "b": f"案例名称：{title}", "d": f"{t['name']}：{title}"}.get(c1)
    if c1 == "c":
        line = f"《{title}》" if "“" in title or rng.random() < 0.6 else f"“{title}”"
    pre = dk.deal("C1e", (True, False))
    dept = None
    c2s = force.get("C2")
    if c2s is None:
        opts = "abcdefg" if t.get("lead") else "abcdef"
        c2s = [dk.deal_allowed("C2", "abcdefg", [o for o in opts if o in allowed_c2])]
    extra_lines, lead = [], None
    for c2 in c2s:
        if c2 == "b":
            extra_lines.append(f"推荐单位：{uname}")
        elif c2 == "c":
            extra_lines.append(f"班组名称：{t['name']}")
        elif c2 == "u":
            extra_lines.append(f"所在单位：{t['dept']}")
            dept = t["dept"]
        elif c2 == "d":
            extra_lines.append(f"（{t['dept']} {t['name']}）")
            dept = t["dept"]
        elif c2 == "e":
            extra_lines.append(t["dept"])
            dept = t["dept"]
        elif c2 == "f":
            extra_lines.append(f"所在单位：{t['dept']}　班组名称：{t['name']}")
            dept = t["dept"]
        elif c2 == "g":
            lead = t["lead"]
        if c2 != "u":
            v.append("C2" + c2)
    if force.get("C5"):
        extra_lines = [f"班组名称：{t['dept']}{t['name']}"]
        dept = t["dept"]
        v = [x for x in v if not x.startswith("C2") or x == "C2g"] + ["C5", "C2c"]
    hstyle = force.get("C3") or dk.deal("C3", "abcdefg")
    end = "" if hstyle in "ef" else dk.deal("C3h", ("", "。", "："))
    syn = dk.deal("C3i", (True, False))
    table = force.get("C4", False)
    if table:
        v.append("C4")
    else:
        v.append("C3" + hstyle)
        if end:
            v.append("C3h")
    if syn:
        v.append("C3i")
    doc = w.new_document(rng.choice(AUTHORS), size=rng.choice((10.5, 12)))
    if pre:
        v.append("C1e")
        w.add_paragraph(doc, rng.choice(("附件2", "班组创新案例")))
    w.add_paragraph(doc, BOLD + CENTER + line, size=15)
    for x in extra_lines:
        w.add_paragraph(doc, CENTER + x if x.startswith("（") else x)
    if lead:
        w.add_paragraph(doc, lead)
    fields = {"班组名称": t["name"], "所在单位": dept, "案例名称": title}
    count = w.word_count(lead)
    rows = []
    for i, (key, attr, name, syns) in enumerate(SECTIONS):
        paras = t[attr]
        fields[key] = "\n".join(paras) if paras else None
        if paras is None:
            continue
        count += sum(w.word_count(p) for p in paras)
        hname = rng.choice(syns) if syn and rng.random() < 0.7 else name
        if table:
            rows.append((hname, "\n".join(paras)))
        elif hstyle == "f":
            first = f"{hname}：" + (paras[0] if paras else "")
            w.add_paragraph(doc, first)
            for p in paras[1:]:
                w.add_paragraph(doc, p)
        else:
            h = w.heading(hstyle if hstyle != "g" else "g", i, hname, end)
            w.add_paragraph(doc, BOLD + h)
            for p in paras:
                w.add_paragraph(doc, p)
    if table:
        tb = doc.add_table(rows=len(rows), cols=2)
        tb.style = doc.styles["Table Grid"]
        for r, (h, body) in enumerate(rows):
            w.set_cell(tb.cell(r, 0), h, bold=True)
            w.set_cell(tb.cell(r, 1), body)
    fields["字数"] = count
    return w.docx_bytes(doc), fields, v


# ---------------------------------------------------------------- summary (附件3)

def summary_doc(ukey, entries, dk, rng, fmt):
    uname, _t, _f, contact, phone = UNITS[ukey]
    v = []
    blank_no = dk.deal("M4", (True, False)) and len(entries) > 1
    extra = rng.randint(1, 3) if dk.deal("M3", (True, False)) else 0
    if blank_no:
        v.append("M4")
    if extra:
        v.append("M3")
    cols = ["序号", "班组名称", "所在单位", "班组创新案例名称", "备注"]
    rows, items = [], []
    skip = rng.randrange(1, len(entries)) if blank_no else -1
    for i, (name, dept, title, remark) in enumerate(entries):
        no = None if i == skip else i + 1
        rows.append([str(no) if no else "", name, dept, title, remark or ""])
        items.append({"序号": no, "班组名称": name, "所在单位": dept, "班组创新案例名称": title, "备注": remark})
    for k in range(extra):
        rows.append([str(len(entries) + k + 1), "", "", "", ""])
    title = "重点培育对象和班组创新案例推荐汇总表"
    fields = {"推荐单位": uname, "联系人": contact, "电话": phone, "条目": items}
    if fmt == "xlsx":
        v += ["M1b", "L10f"]
        xrows = [[(int(r[0]) if r[0] else ""), *r[1:]] for r in rows]
        head = [("A2", f"推荐单位（盖章）：{uname}"), ("A3", f"联系人：{contact}"), ("C3", f"电话：{phone}")]
        return w.summary_xlsx(title, head, cols, xrows, rng.choice(AUTHORS)), fields, v
    v.append("M1a" if fmt == "docx" else "M1c")
    l7 = "b" if fmt == "scan" else dk.deal("L7s", "bcd")
    header_rows = None
    if l7 == "d":
        head = []
        header_rows = [["推荐单位（盖章）", uname], ["联系人", contact, "电话", phone, ""]]
        v.append("L7d")
    else:
        head = [rng.choice((f"推荐单位（盖章）：{uname}", f"推荐单位：{uname}（盖章）"))]
        v += ["L7a", "L7" + l7]
        if l7 == "b":
            head.append(f"联系人：{contact}　电话：{phone}")
        else:
            head += [f"联系人：{contact}", f"电话：{phone}"]
    titles = (["附件3"] if rng.random() < 0.5 else []) + [BOLD + CENTER + title]
    return w.summary_docx(titles, head, cols, rows, header_rows, rng.choice(AUTHORS)), fields, v


# ---------------------------------------------------------------- the inboxes

def _form_name(t, rng):
    return rng.choice((f"附件1-{t['name']}基本情况表", f"{t['name']}基本情况表", f"创新型班组基本情况表-{t['name']}"))


def _case_name(t, rng):
    return rng.choice((f"附件2-{t['name']}创新案例", f"{t['name']}-班组创新案例", f"班组创新案例（{t['name']}）"))


def _entries(ukey, teams):
    out = [(t["name"], t["dept"], t["title"], REMARKS.get(t["key"])) for t in teams if t["key"] not in NOT_LISTED]
    return out + [(n, d, ti, None) for n, d, ti in NOT_SENT.get(ukey, [])]


def build_banzu(dest: str, seed: int) -> tuple[list[Doc], dict]:
    rng = random.Random(seed)
    dk = w.Decks(rng)
    ts = prepare()
    docs: list[Doc] = []
    for ukey, (uname, _type, folder, _c, _p) in UNITS.items():
        teams = [t for t in ts.values() if t["unit"] == ukey]
        zipped = ukey == "sz"
        base = f"{folder}.zip/{folder}" if zipped else folder
        fv = folder_variations(folder, uname) + (["I1c"] if zipped else [])
        for t in teams:
            f = FORCE.get(t["key"], {})
            if not t.get("no_form"):
                ff = f.get("form", {})
                out = ff.get("out", "native")
                data, fields, v = form_doc(t, ukey, dk, rng, ff)
                name = _form_name(t, rng)
                fmt_v = {"native": "L10a", "pdf": "L10b", "doc": "L10c", "png": "L10e"}[out]
                if t["key"] == "sz_b":
                    v.append("L8f")
                docs.append(Doc(f"{base}/{name}{EXT[out]}", "banzu_form", uname, fields, v + fv + [fmt_v], data, out))
                if t["key"] == "njtech_a":
                    docs.append(Doc(f"{base}/~${name[2:]}.docx", "junk", uname, {}, ["J1"] + fv, w.lock_file()))
                if t["key"] == "nuist_b":
                    data2, fields2, v2 = form_doc(t, ukey, dk, rng, {}, {"age": 34})
                    docs.append(Doc(f"{base}/{name}（修改稿）.docx", "banzu_form", uname, fields2,
                                    v2 + fv + ["L10a"], data2))
            if not t.get("no_case"):
                fc = f.get("case", {})
                out = fc.get("out", "native")
                data, fields, v = case_doc(t, uname, dk, rng, fc)
                name = _case_name(t, rng)
                fmt_v = {"native": "L10a", "pdf": "L10b", "doc": "L10c"}[out]
                docs.append(Doc(f"{base}/{name}{EXT[out]}", "banzu_case", uname, fields, v + fv + [fmt_v], data, out))
                if fc.get("also_pdf"):
                    docs.append(Doc(f"{base}/{name}.pdf", "banzu_case", uname, fields, v + fv + ["L10b"], data, "pdf"))
                if t["key"] == "nuist_a":
                    docs.append(Doc(f"{base}/{name}（备份）.docx", "unreadable", uname, {}, ["J3"] + fv,
                                    w.truncated_docx(data), meta={"why": "truncated docx (download cut off)"}))
        if ukey not in NO_SUMMARY:
            fmt = {"hhu": "xlsx", "jaas": "xlsx", "cz": "scan"}.get(ukey, "docx")
            data, fields, v = summary_doc(ukey, _entries(ukey, teams), dk, rng, fmt)
            out = {"xlsx": "native", "scan": "scan_pdf", "docx": "native"}[fmt]
            name = {"xlsx": f"{uname}推荐汇总表.xlsx", "scan": "附件3-推荐汇总表（盖章扫描件）.pdf"}.get(
                fmt, rng.choice(("附件3-推荐汇总表.docx", "汇总表.docx", f"{uname}推荐汇总表.docx")))
            extra = {"scan": ["L10d"], "docx": ["L10a"]}.get(fmt, [])
            docs.append(Doc(f"{base}/{name}", "banzu_summary", uname, fields, v + fv + extra, data, out))
        if ukey == "cz":
            docs.append(Doc(f"{base}/Thumbs.db", "junk", uname, {}, ["J2"] + fv, w.thumbs_db(rng)))
    assemble(docs, dest, rng)
    return docs, truth("banzu", seed, docs, banzu_findings(docs, ts))


def build_flat(dest: str, seed: int) -> tuple[list[Doc], dict]:
    rng = random.Random(seed)
    dk = w.Decks(rng)
    ts = prepare()
    plan = {"hhu": ["hhu_a", "hhu_b"], "cz": ["cz_a", "cz_b", "cz_c"], "njtech": ["njtech_a", "njtech_c"],
            "jaas": ["jaas_a"]}
    short = {"hhu": "河海大学", "cz": "常州", "njtech": "南工大", "jaas": "省农科院"}
    docs: list[Doc] = []
    used: set[str] = set()

    def unique(name, ext):
        k, cand = 0, name + ext
        while cand in used:
            k += 1
            cand = f"{name}({k}){ext}"
        used.add(cand)
        return cand
    outs = {"njtech_c": ("pdf", "native"), "cz_b": ("native", "doc")}
    for ukey, keys in plan.items():
        uname = UNITS[ukey][0]
        teams = [ts[k] for k in keys]
        for t in teams:
            fo, co = outs.get(t["key"], ("native", "native"))
            data, fields, v = form_doc(t, ukey, dk, rng)
            fmt_v = {"native": "L10a", "pdf": "L10b", "doc": "L10c"}
            docs.append(Doc(unique(f"附件1-{t['name']}", EXT[fo]), "banzu_form", uname, fields,
                            v + ["I2", fmt_v[fo]], data, fo))
            data, fields, v = case_doc(t, uname, dk, rng, {}, allowed_c2="cdf")
            docs.append(Doc(unique(f"{short[ukey]}-附件2", EXT[co]), "banzu_case", uname, fields,
                            v + ["I2", fmt_v[co]], data, co))
        if ukey == "jaas":
            continue
        fmt = "xlsx" if ukey == "cz" else "docx"
        data, fields, v = summary_doc(ukey, _entries(ukey, teams), dk, rng, fmt)
        name = {"cz": f"推荐汇总表({uname}).xlsx", "hhu": "河海大学-附件3汇总表.docx", "njtech": "汇总表.docx"}[ukey]
        docs.append(Doc(unique(*name.rsplit(".", 1)[0:1], "." + name.rsplit(".", 1)[1]), "banzu_summary", uname,
                        fields, v + ["I2"] + (["L10a"] if fmt == "docx" else []), data))
    assemble(docs, dest, rng)
    return docs, truth("banzu_flat", seed, docs, banzu_findings(docs, ts))


# ---------------------------------------------------------------- findings by the written rules

def _quota_max(uname: str) -> int:
    return 4 if uname.endswith("市教育工会") else 3


def _superseded(docs: list[Doc]) -> dict[str, str]:
    """The README's 更正稿 rule as this inbox plants it: within one unit, two forms of one 班组 (name and 所在单位)
    or two cases of one 班组 are versions of one material. The one whose name says 修改稿 counts; else the Word
    file over the PDF exported beside it (written at the same moment). path of each replaced file -> the one
    that counts."""
    groups: dict = {}
    for d in docs:
        if d.kind == "banzu_form":
            groups.setdefault((d.kind, d.unit, d.fields["班组名称"], d.fields["所在单位"]), []).append(d)
        elif d.kind == "banzu_case":
            groups.setdefault((d.kind, d.unit, d.fields["班组名称"]), []).append(d)
    out = {}
    for ds in groups.values():
        best = max(ds, key=lambda d: ("修改稿" in d.path, d.out == "native", d.path))
        out.update({d.path: best.path for d in ds if d is not best})
    return out


def banzu_findings(docs: list[Doc], ts: dict) -> list[dict]:
    replaced = _superseded(docs)
    out = [finding("file.superseded", d.unit, d.path, None, f"replaced by {replaced[d.path]}")
           for d in docs if d.path in replaced]
    docs = [d for d in docs if d.path not in replaced]  # nothing else is reported about a replaced file
    out += file_findings(docs)
    forms = [d for d in docs if d.kind == "banzu_form"]
    cases = [d for d in docs if d.kind == "banzu_case"]
    sums = [d for d in docs if d.kind == "banzu_summary"]
    for d in forms:
        f = d.fields
        n = w.word_count(f["竞赛情况"])
        if n > 1000:
            out.append(finding("length.over", d.unit, d.path, "竞赛情况", f"竞赛情况 {n} 字 > 1000", n, 1000))
        for k in FORM_KEYS:
            if k not in OPTIONAL and f[k] in (None, ""):
                out.append(finding("field.missing", d.unit, d.path, k, f"{k} left blank"))
        if f["荣誉"] and len(f["荣誉"]) > 5:
            out.append(finding("honors.too_many", d.unit, d.path, "荣誉", f"{len(f['荣誉'])} honours > 5",
                               len(f["荣誉"]), 5))
    for d in cases:
        f = d.fields
        if f["字数"] > 600:
            # field: the record's 字数 key, where the product keeps the body's count (README records.json)
            out.append(finding("length.over", d.unit, d.path, "字数", f"case body {f['字数']} 字 > 600",
                               f["字数"], 600))
        for key in ("背景", "做法", "成果", "效益"):
            if not f[key]:
                out.append(finding("section.missing", d.unit, d.path, key, f"{key} section absent or empty"))
            elif key in ("成果", "效益") and not w.has_figure(f[key]):
                out.append(finding("evidence.no_numbers", d.unit, d.path, key, f"{key} has no figure"))
    units = sorted({d.unit for d in forms + cases + sums})
    for u in units:
        uforms = [d for d in forms if d.unit == u]
        ucases = [d for d in cases if d.unit == u]
        teams = {(d.fields["班组名称"], d.fields["所在单位"]) for d in uforms}
        if len(teams) > _quota_max(u):
            out.append(finding("quota.exceeded", u, None, None, f"{len(teams)} 班组 > {_quota_max(u)}",
                               len(teams), _quota_max(u)))
        usums = [d for d in sums if d.unit == u]
        received = {d.fields["班组名称"] for d in uforms + ucases}
        if not usums:
            out.append(finding("summary.missing", u, None, None, "no 推荐汇总表 from this unit"))
        for s in usums:
            listed = {e["班组名称"] for e in s.fields["条目"]}
            for e in s.fields["条目"]:
                if e["班组名称"] not in received:
                    out.append(finding("summary.not_received", u, s.path, None,
                                       f"{e['班组名称']} listed but no material received"))
            for name in sorted(received - listed):
                paths = sorted(d.path for d in uforms if d.fields["班组名称"] == name) or \
                    sorted(d.path for d in ucases if d.fields["班组名称"] == name)
                out.append(finding("summary.not_listed", u, paths[0] if len(paths) == 1 else paths, None,
                                   f"{name} received but not on the unit's summary"))
        case_names = {d.fields["班组名称"] for d in ucases}
        form_names = {d.fields["班组名称"] for d in uforms}
        for name in sorted(form_names - case_names):
            paths = sorted(d.path for d in uforms if d.fields["班组名称"] == name)
            out.append(finding("material.missing", u, paths[0] if len(paths) == 1 else paths, None,
                               f"form of {name} without a case"))
        for d in ucases:
            if d.fields["班组名称"] not in form_names:
                out.append(finding("material.unmatched", u, d.path, None, f"case of {d.fields['班组名称']} without a form"))
    groups: dict = {}
    for d in forms:
        groups.setdefault((d.fields["班组名称"], d.fields["所在单位"]), []).append(d)
    for (name, _dept), ds in sorted(groups.items()):
        if len(ds) > 1:
            out.append(pair_finding("duplicate.submission", [(d.unit, d.path) for d in ds],
                                    f"{name} submitted {len(ds)} times"))
    by_name = {}
    for d in cases:
        by_name.setdefault(d.fields["班组名称"], []).append(d)
    for t in ts.values():
        src = t.get("copy_of")
        if src and t["name"] in by_name and ts[src]["name"] in by_name:
            a, b = by_name[t["name"]][0], by_name[ts[src]["name"]][0]
            out.append(pair_finding("duplicate.near_copy", [(a.unit, a.path), (b.unit, b.path)],
                                    f"case of {t['name']} is a light paraphrase of {ts[src]['name']}'s case"))
    return out
