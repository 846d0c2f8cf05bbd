"""Pieces the wuxiao and chuangjian builders share: choice groups in each check-box style, yes/no cells, list fields,
opinions, sub-tables (with blank template rows, split over two Word tables) and dates written in each style."""

from __future__ import annotations

from . import writer as w
from .writer import Checks, Full, SubTable, Wide

MARKS = {"L3a": ("☑", "☐"), "L3b": ("■", "□"), "L3c": ("√", ""), "L3e": (w.TICK, w.UNTICK)}
INLINE_MARKS = {"L3a": ("☑", "□"), "L3b": ("■", "□"), "L3c": ("√", "□"), "L3e": (w.TICK, w.UNTICK)}
EXT = {"native": ".docx", "pdf": ".pdf", "doc": ".doc", "scan_pdf": ".pdf", "png": ".png", "jpg": ".jpg"}
FMT_V = {"native": "L10a", "pdf": "L10b", "doc": "L10c", "scan_pdf": "L10d", "png": "L10e", "jpg": "L10e"}


def choice_block(label: str, options: list[str], chosen: list[str], dk, rendered: bool, inline_label: bool = False):
    """A choice group (single or multiple) as written: (block, variations). Styles L3a ☑/☐, L3b ■/□, L3c √ (in the
    mark cell, or in place of the box when inline), L3e Wingdings; layout one option per row (mark cell beside it)
    or all in one cell (L3f). Rendered files (PDF, scans) keep Wingdings symbols alone in their cells."""
    st = dk.deal("L3choice", ("L3a", "L3b", "L3c", "L3e"))
    inline = dk.deal_allowed("L3f", (True, False), (False,) if rendered and st == "L3e" else (True, False))
    v = [st] + (["L3f"] if inline else [])
    if inline:
        on, off = INLINE_MARKS[st]
        cell = "　".join((on if o in chosen else off) + o for o in options)
        if inline_label:
            return Full(f"{label}：{cell}"), v
        return Wide(label, cell), v
    on, off = MARKS[st]
    return Checks([(label, [(o, on if o in chosen else off) for o in options])]), v


def yes_no(label: str, value: bool, dk, rendered: bool):
    """A 是/否 item: typed (L3d) or inline boxes in a check style: (block, variations)."""
    st = dk.deal_allowed("L3yn", ("L3d", "L3a", "L3b", "L3c", "L3e"),
                         ("L3d", "L3a", "L3b", "L3c") if rendered else ("L3d", "L3a", "L3b", "L3c", "L3e"))
    if st == "L3d":
        return Wide(label, "是" if value else "否"), [st]
    on, off = INLINE_MARKS[st]
    return Wide(label, f"{on if value else off}是　{off if value else on}否"), [st]


def list_field(items: list[str], dk, rng):
    """A list field (L4a/b/c/e; L4g "无" for none): (text, truth, variations). Items are written whole (a dated item
    keeps its date: L4d is the caller's)."""
    if not items:
        return "无", None, ["L4g"]
    box = dk.deal("L4box", "abe")
    num = dk.deal("L4num", (True, False))
    nst = rng.choice(w.NUMBERINGS)
    written = [w.numbered(i, nst) + it if num else it for i, it in enumerate(items)]
    return {"a": "\n", "b": "\v", "e": "；"}[box].join(written), list(items), [f"L4{box}"] + (["L4c"] if num else [])


def opinion(op, style, rng):
    """(cell text, truth opinion, truth date) for an opinion in L9a/L9b/L9c style; op None: blank (签章 年 月 日)."""
    if op is None:
        return rng.choice(("签章\n年　　月　　日", "（盖章）\n\n年　月　日")), None, None
    text, date = op
    y, m, d = (int(x) for x in date.split("-"))
    if style == "L9a":
        return f"{text}\n签章\n{y}年{m}月{d}日", text, date
    if style == "L9b":
        t = text.rstrip("。")
        return f"{t}\n（盖章）\n{y}年{m}月{d}日", t, date
    t = text if text.startswith(("情况属实", "经审核")) else "情况属实，" + text
    return f"{t}\n\n{y}.{m:02d}.{d:02d}", t, date


def date_text(d: str, dk, dim: str = "date"):
    """A date written in an L6 style at its precision: (text, variation)."""
    if d.count("-") == 1:
        st = dk.deal(dim + "ym", ("L6a", "L6b", "L6c", "L6f"))
    else:
        st = dk.deal(dim + "ymd", ("L6d", "L6e"))
    return w.fmt_date(d, st), st


def day_text(d: str, style: str) -> str:
    y, m, day = (int(x) for x in d.split("-"))
    return {"a": f"{y}年{m}月{day}日", "b": f"{y}.{m:02d}.{day:02d}", "c": f"{y}-{m:02d}-{day:02d}"}[style]


CN_DIGITS = "〇一二三四五六七八九"


def cn_date(d: str) -> str:
    """二〇二三年九月十五日 (the style of older official documents)."""
    y, m, day = (int(x) for x in d.split("-"))
    return "".join(CN_DIGITS[int(c)] for c in str(y)) + "年" + w.cn_int(m) + "月" + w.cn_int(day) + "日"


def sub_table(label: str, columns: list[str], rows: list[list[str]], dk, rng, blank_ok: bool = True):
    """A sub-table block with blank template rows per T1a/T1b (rows given are the filled ones; none filled: the
    template's blank rows only, T1c): (SubTable, variations)."""
    left = dk.deal("T2", (True, False))
    v = ["T2a" if left else "T2b"]
    if not rows:
        v.append("T1c")
        rows = [[""] * len(columns) for _ in range(rng.randint(2, 4))]
    elif blank_ok and dk.deal("T1", (True, False)):
        v.append("T1a")
        rows = rows + [[""] * len(columns) for _ in range(rng.randint(1, 3))]
    else:
        v.append("T1b")
    return SubTable(label, columns, rows, left=left), v


def write_form(doc, blocks: list, split: int | None = None, split_style: str = "T3a", at: int = 0):
    """Write the form's blocks as one Word table, or (split = index of a SubTable in blocks) as two: the sub-table's
    rows from `at` on continue in a second table, after a page break with the header repeated ("续表", T3a) or
    straight after an empty paragraph with the rows only (T3b)."""
    ncols = max(4, *(w._need(b) for b in blocks))
    if split is None:
        w.add_form_table(doc, blocks, min_cols=ncols)
        return
    st = blocks[split]
    first = SubTable(st.label, st.columns, st.rows[:at], st.left, st.header)
    w.add_form_table(doc, [*blocks[:split], first], min_cols=ncols)
    if split_style == "T3a":
        doc.add_page_break()
        w.add_paragraph(doc, "（续表）")
        rest = SubTable(st.label + "（续）", st.columns, st.rows[at:], st.left, True)
    else:
        w.add_paragraph(doc, "")
        rest = SubTable("", st.columns, st.rows[at:], st.left, False)
    w.add_form_table(doc, [rest, *blocks[split + 1:]], min_cols=ncols)
