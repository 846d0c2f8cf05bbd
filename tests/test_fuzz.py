"""Robustness: a seeded mutation fuzzer over the banzu sample inbox.

Every file of the sample inbox is a seed. Each case takes one seed and one mutator and writes the
mutant into a fuzz inbox; several inboxes of mutants then go through ``pipeline.run.run`` (in-process
reading, each inbox in its own worker process, two at a time) and through the writers. Per run:

- no exception escapes the run or the writers, and the run does not hang;
- every mutant is accounted for: one record of its own, or, for an archive the pipeline opened, one
  per member; and a record that is not a material kind (unreadable, unrecognised, junk) says why;
- no reason says "意外错误": that is the run's safety net catching a reader or mapper bug;
- the inbox files are byte-for-byte unchanged.

The counts (cases, outcomes per kind and per mutator) and the slowest files are printed (``-s``);
a file slower than ``SLOW_FILE`` seconds is reported, not failed. ``HUISHEN_FUZZ_SEED`` and
``HUISHEN_FUZZ_ROUNDS`` explore beyond the fixed seed: a failure prints the case's mutator and seed.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import multiprocessing as mp
import os
import random
import re
import shutil
import struct
import time
import traceback
import warnings
import zipfile
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from pipeline.discover import junk_reason, member_name

SEED = int(os.environ.get("HUISHEN_FUZZ_SEED", "20240923"))
ROUNDS = int(os.environ.get("HUISHEN_FUZZ_ROUNDS", "10"))  # every (format, mutator) pair once per round
INBOXES = 10  # mutants are spread over this many inboxes, one pipeline run each
WORKERS = max(1, min(2, os.cpu_count() or 1))
IDLE_TIMEOUT = 180.0  # s without a finished file: the run counts as hung and is stopped
SLOW_FILE = 10.0  # s: reported, not asserted
MEMORY_MB = 4096  # address-space cap per worker: a reader that eats memory fails here, not the machine

KINDS_NOT_MATERIAL = ("unreadable", "unrecognised", "junk")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"


# ================================================================================================ seeds


@dataclass
class Seed:
    kind: str  # docx | xlsx | pdf | zip
    origin: str  # path in the sample inbox (archive members as <archive>/<member>)
    unit_dir: str  # folder the mutant goes into ("" for a top-level archive)
    name: str
    data: bytes


SEED_MAX_BYTES = 4 * 1024 * 1024  # a larger seed (the 51 MB case) would be copied and hashed hundreds of times


def _archive_files(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The members of a .zip/.7z/.rar that can be read (encrypted or refused ones are left out)."""
    ext = PurePosixPath(name).suffix.lower()
    out: list[tuple[str, bytes]] = []
    try:
        if ext == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for info in z.infolist():
                    if not info.is_dir() and not info.flag_bits & 0x1:
                        out.append((member_name(info), z.read(info)))
        elif ext == ".7z":
            import tempfile

            import py7zr

            with tempfile.TemporaryDirectory() as tmp, py7zr.SevenZipFile(io.BytesIO(data)) as z:
                z.extractall(path=tmp)
                out = [(p.relative_to(tmp).as_posix(), p.read_bytes()) for p in sorted(Path(tmp).rglob("*"))
                       if p.is_file()]
        elif ext == ".rar":
            import rarfile

            with rarfile.RarFile(io.BytesIO(data)) as z:
                out = [(i.filename, z.read(i)) for i in z.infolist() if not i.is_dir()]
    except Exception:  # noqa: BLE001 — an encrypted or damaged archive of the sample: no member seeds
        return []
    return out


def _load_seeds(inbox: Path, skip: frozenset[str] = frozenset()) -> dict[str, list[Seed]]:
    """Seeds from every file of ``inbox`` and from the members of its archives (one level down).
    ``skip``: origins left out, e.g. scans, which every mutant would send through OCR."""
    seeds: dict[str, list[Seed]] = defaultdict(list)

    def add(origin: str, unit_dir: str, name: str, data: bytes) -> None:
        ext = PurePosixPath(name).suffix.lower().lstrip(".")
        if junk_reason(origin) or ext not in ("docx", "xlsx", "pdf", "zip"):
            return
        if origin in skip or len(data) > SEED_MAX_BYTES:
            return
        if ext in ("docx", "xlsx"):
            try:
                zipfile.ZipFile(io.BytesIO(data)).testzip()
            except Exception:  # noqa: BLE001 — the sample's own broken files: not package seeds
                return
        if ext == "pdf" and b"startxref" not in data[-1024:]:
            return  # the sample's truncated PDF: the PDF mutators need a whole file
        seeds[ext].append(Seed(ext, origin, unit_dir, name, data))

    for p in sorted(inbox.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(inbox).as_posix()
        data = p.read_bytes()
        unit_dir = rel.split("/")[0] if "/" in rel else ""
        add(rel, unit_dir, p.name, data)
        if p.suffix.lower() in (".zip", ".7z", ".rar"):
            for name, member in _archive_files(p.name, data):
                add(f"{rel}/{name}", unit_dir or p.stem, PurePosixPath(name).name, member)
    return dict(seeds)


def _scans(units: list[dict]) -> frozenset[str]:
    """Inbox paths of the sample's scanned and photographed 附件 (samples.forms' OCR formats)."""
    from samples.forms import OCR_FORMATS

    return frozenset(path for u in units for b in u["banzu"]
                     for fmt, path in ((b["form_format"], b["form_path"]), (b["case_format"], b["case_path"]))
                     if fmt in OCR_FORMATS)  # fmt: skip


# ================================================================================================ mutators

Mutator = Callable[[random.Random, Seed], bytes]


def _span(rng: random.Random, n: int) -> tuple[int, int]:
    """A random region of a buffer of length n: anywhere, near the head, or near the tail."""
    where = rng.choice(("any", "head", "tail"))
    if where == "head":
        start = rng.randrange(min(n, 2048))
    elif where == "tail":
        start = rng.randrange(max(0, n - 2048), n)
    else:
        start = rng.randrange(n)
    size = rng.choice((rng.randint(1, 16), rng.randint(16, 512), rng.randint(512, 8192)))
    return start, min(n, start + size)


def m_truncate(rng: random.Random, seed: Seed) -> bytes:
    n = len(seed.data)
    cut = rng.choice((rng.randrange(1, n), rng.randrange(1, min(n, 64)), n - rng.randint(1, min(n - 1, 2048))))
    return seed.data[:cut]


def m_flip(rng: random.Random, seed: Seed) -> bytes:
    b = bytearray(seed.data)
    start, end = _span(rng, len(b))
    for _ in range(rng.randint(1, 16)):
        b[rng.randrange(start, end)] ^= rng.randrange(1, 256)
    return bytes(b)


def m_zero(rng: random.Random, seed: Seed) -> bytes:
    b = bytearray(seed.data)
    start, end = _span(rng, len(b))
    b[start:end] = bytes(end - start)
    return bytes(b)


# ------------------------------------------------------------------------------ zip packages (docx/xlsx)

MAIN_PARTS = {
    "docx": ["word/document.xml"],
    "xlsx": ["xl/worksheets/sheet1.xml", "xl/workbook.xml"],
}
KEY_PARTS = {
    "docx": ["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
             "word/styles.xml", "word/numbering.xml", "word/settings.xml"],
    "xlsx": ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml", "_rels/.rels",
             "xl/_rels/workbook.xml.rels", "xl/styles.xml"],
}


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def _pack(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some mutants
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, blob in members:
                zi = zipfile.ZipInfo(name, date_time=(2024, 9, 23, 9, 30, 0))
                zi.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(zi, blob)
    return buf.getvalue()


def _pick_part(rng: random.Random, seed: Seed, members: list[tuple[str, bytes]], xml_only: bool = True) -> int:
    names = [n for n, _ in members]
    main = [i for i, n in enumerate(names) if n in MAIN_PARTS[seed.kind]]
    key = [i for i, n in enumerate(names) if n in KEY_PARTS[seed.kind]]
    anyx = [i for i, n in enumerate(names) if not xml_only or n.endswith((".xml", ".rels"))]
    pool = rng.choices((main, key, anyx), weights=(6, 2, 2))[0] or anyx
    return rng.choice(pool)


def m_pkg_shuffle(rng: random.Random, seed: Seed) -> bytes:
    members = _members(seed.data)
    order = members[:]
    while len(order) > 1 and order == members:
        rng.shuffle(order)
    if rng.random() < 0.3:  # and a part moved to another name: word/document.xml -> word/Document.xml ...
        i = _pick_part(rng, seed, order)
        name, blob = order[i]
        new = rng.choice((name.upper(), name.replace("/", "/x", 1), name + ".bak", "/" + name, name.replace("/", "\\")))
        order[i] = (new, blob)
    return _pack(order)


def m_pkg_drop(rng: random.Random, seed: Seed) -> bytes:
    members = _members(seed.data)
    for _ in range(rng.choice((1, 1, 2, 3))):
        if len(members) <= 1:
            break
        del members[_pick_part(rng, seed, members, xml_only=False)]
    return _pack(members)


def m_pkg_dup(rng: random.Random, seed: Seed) -> bytes:
    members = _members(seed.data)
    i = _pick_part(rng, seed, members, xml_only=False)
    name, blob = members[i]
    variant = rng.choice(("same", "other", "cut"))
    if variant == "other":  # same name, another part's content
        blob = rng.choice(members)[1]
    elif variant == "cut":
        blob = blob[: rng.randrange(len(blob) + 1)]
    where = rng.choice((i + 1, len(members), 0))
    members.insert(where, (name, blob))
    return _pack(members)


def _xml_part_mutator(edit: Callable[[random.Random, Seed, str, bytes], bytes]) -> Mutator:
    def mutate(rng: random.Random, seed: Seed) -> bytes:
        members = _members(seed.data)
        i = _pick_part(rng, seed, members)
        name, blob = members[i]
        members[i] = (name, edit(rng, seed, name, blob))
        return _pack(members)

    mutate.__doc__ = edit.__doc__
    return mutate


def _cut(rng: random.Random, seed: Seed, name: str, xml: bytes) -> bytes:
    """Cut the XML short, or cut a piece out of its middle."""
    a = rng.randrange(len(xml))
    if rng.random() < 0.5:
        return xml[:a]
    return xml[:a] + xml[min(len(xml), a + rng.randint(1, 400)):]


ENTITY_BOMB = (b'<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
               + b"".join(b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 1 else b"&lol;") * 10)
                          for k in range(1, 9))
               + b"]>")


def _junk(rng: random.Random, seed: Seed, name: str, xml: bytes) -> bytes:
    """Junk inserted: random bytes, markup characters, entities, a DOCTYPE, a wrong encoding."""
    variant = rng.choice(("bytes", "markup", "entity", "doctype", "encoding", "nul", "bomb"))
    decl_end = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    if variant == "doctype":
        return xml[:decl_end] + b'<!DOCTYPE d [<!ENTITY x "\xe7\x8f\xad\xe7\xbb\x84">]>' + xml[decl_end:].replace(
            b"</w:t>", b"&x;</w:t>", 3)
    if variant == "bomb":
        return xml[:decl_end] + ENTITY_BOMB + xml[decl_end:].replace(b"</w:t>", b"&lol8;</w:t>", 1).replace(
            b"</t>", b"&lol8;</t>", 1)
    if variant == "encoding":
        enc = rng.choice((b"UTF-16", b"GB2312", b"latin-1", b"EBCDIC", b"nonsense"))
        body = xml[decl_end:] if decl_end else xml
        return b'<?xml version="1.0" encoding="' + enc + b'"?>' + body
    junk = {
        "bytes": bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))),
        "markup": "".join(rng.choice("<>&\"'/=;]]!?-班组") for _ in range(rng.randint(1, 32))).encode(),
        "entity": rng.choice((b"&undefined;", b"&#0;", b"&#xFFFFFFFF;", b"&#x1;", b"&amp", b"&#x110000;")),
        "nul": b"\x00" * rng.randint(1, 8),
    }[variant]
    at = rng.randrange(len(xml) + 1)
    return xml[:at] + junk + xml[at:]


_TAG = re.compile(rb"<(/?)([A-Za-z_][\w.:-]*)[^<>]*?(/?)>")


def _unbalanced(rng: random.Random, seed: Seed, name: str, xml: bytes) -> bytes:
    """Unbalanced markup: a close tag dropped or doubled, an open tag dropped, a stray open tag."""
    tags = list(_TAG.finditer(xml))
    closes = [m for m in tags if m.group(1)]
    opens = [m for m in tags if not m.group(1) and not m.group(3)]
    variant = rng.choice(("drop_close", "drop_open", "extra_open", "double_close", "rename_close"))
    if variant == "drop_close" and closes:
        m = rng.choice(closes)
        return xml[: m.start()] + xml[m.end():]
    if variant == "drop_open" and opens:
        m = rng.choice(opens)
        return xml[: m.start()] + xml[m.end():]
    if variant == "double_close" and closes:
        m = rng.choice(closes)
        return xml[: m.end()] + m.group(0) + xml[m.end():]
    if variant == "rename_close" and closes:
        m, other = rng.choice(closes), rng.choice(tags)
        return xml[: m.start()] + b"</" + other.group(2) + b">" + xml[m.end():]
    m = rng.choice(tags) if tags else None
    at = m.end() if m else rng.randrange(len(xml) + 1)
    stray = rng.choice((b"<w:p>", b"<w:tbl><w:tr>", b"<row>", b"<c r='A1'>", b"<x:y>", b"<w:tc>"))
    return xml[:at] + stray + xml[at:]


_NSDECL = re.compile(rb'xmlns(:[\w.-]+)?="([^"]*)"')


def _namespace(rng: random.Random, seed: Seed, name: str, xml: bytes) -> bytes:
    """A namespace changed: another URI, the Strict OOXML one, empty, undeclared, or a prefix renamed."""
    decls = list(_NSDECL.finditer(xml))
    variant = rng.choice(("uri", "strict", "empty", "drop", "prefix"))
    if variant == "prefix":
        tags = [m for m in _TAG.finditer(xml) if b":" in m.group(2)]
        variant = "uri"
        if tags:
            m = rng.choice(tags)
            prefix = m.group(2).split(b":")[0]
            start = m.start() + 1 + len(m.group(1))
            return xml[:start] + rng.choice((b"zz", b"w14", b"mc", b"r")) + xml[start + len(prefix):]
    if not decls:
        return xml.replace(b"<", b"<q:", 1)
    # the main vocabulary's declaration most of the time: that is the one that matters
    main = [m for m in decls if m.group(2).decode() in (W_NS, S_NS)]
    m = rng.choice(main) if main and rng.random() < 0.7 else rng.choice(decls)
    uri = {
        "uri": rng.choice((b"http://example.com/not-ooxml", b"urn:x", W_NS.encode(), S_NS.encode(), MC_NS.encode())),
        "strict": rng.choice((STRICT_W_NS.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")),
        "empty": b"",
        "drop": None,
    }[variant]
    if uri is None:
        return xml[: m.start()] + xml[m.end():]
    if variant == "strict" and rng.random() < 0.5:  # a whole document in the other vocabulary
        return xml.replace(m.group(2), uri)
    return xml[: m.start(2)] + uri + xml[m.end(2):]


# ------------------------------------------------------------------ random valid-but-wrong main parts

W_TAGS = ["p", "r", "t", "tbl", "tr", "tc", "tcPr", "gridSpan", "vMerge", "gridBefore", "trPr", "sdt", "sdtContent",
          "sdtPr", "txbxContent", "sym", "br", "tab", "pPr", "pStyle", "rPr", "b", "fldChar", "ffData", "checkBox",
          "checked", "default", "customXml", "smartTag", "hyperlink", "del", "ins", "body", "instrText",
          "noBreakHyphen", "tblPr", "tblGrid", "gridCol"]
ATTR_VALUES = ["0", "1", "2", "-1", "3", "continue", "restart", "true", "false", "", "x", "1e9", "２", "65535",
               "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1000000", " 7 ", "NaN"]


def _texts(seed_data: bytes, part: str, tag: str) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(seed_data)) as z:
            root = etree.fromstring(z.read(part))
    except Exception:  # noqa: BLE001
        return []
    return [t.text for t in root.iter(tag) if t.text and t.text.strip()]


def _random_text(rng: random.Random, pool: list[str]) -> str:
    pick = rng.random()
    if pool and pick < 0.6:
        return rng.choice(pool)
    if pool and pick < 0.8:  # two real texts run together, or a real one cut
        a = rng.choice(pool)
        return a[: rng.randrange(len(a) + 1)] + rng.choice(pool)
    return "".join(rng.choice("班组名称推荐单位案例背景做法成果效益123４５６.：:（）%年月 \t\n") for _ in range(rng.randint(0, 30)))


def _random_docx_xml(rng: random.Random, pool: list[str]) -> bytes:
    nsmap = {"w": W_NS, "w14": W14_NS, "mc": MC_NS}
    root = etree.Element(f"{{{W_NS}}}document", nsmap=nsmap)
    body = etree.SubElement(root, f"{{{W_NS}}}body")
    budget = [rng.randint(20, 400)]

    def grow(parent: etree._Element, depth: int) -> None:
        for _ in range(rng.randint(0, 6)):
            if budget[0] <= 0 or depth > 8:
                return
            budget[0] -= 1
            roll = rng.random()
            if roll < 0.06:
                el = etree.SubElement(parent, f"{{{MC_NS}}}AlternateContent")
                for part in ("Choice", "Fallback"):
                    grow(etree.SubElement(el, f"{{{MC_NS}}}{part}"), depth + 1)
                continue
            if roll < 0.1:
                el = etree.SubElement(parent, f"{{{W14_NS}}}" + rng.choice(("checkbox", "checked")))
                el.set(f"{{{W14_NS}}}val", rng.choice(ATTR_VALUES))
                continue
            tag = rng.choice(W_TAGS)
            el = etree.SubElement(parent, f"{{{W_NS}}}{tag}")
            for attr in rng.sample(("val", "char", "fldCharType"), rng.randint(0, 2)):
                value = rng.choice(ATTR_VALUES) if attr != "char" else rng.choice(("F0FE", "2611", "ZZ", "", "110000", "D800"))
                el.set(f"{{{W_NS}}}{attr}", value)
            if tag in ("t", "instrText") or rng.random() < 0.05:
                el.text = _random_text(rng, pool)
            else:
                grow(el, depth + 1)

    while budget[0] > 0:
        grow(body, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _col_name(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s or "A"


def _random_ref(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return f"{_col_name(rng.randint(1, 8))}{rng.randint(1, 30)}"
    if roll < 0.85:
        return rng.choice(("XFD1048576", "A1048576", "XFD1", "ZZZZ1", "A0", "1A", "", "A-1", "AAAAAAAAAA99999999999"))
    return f"{_col_name(rng.randint(1, 16384))}{rng.randint(1, 1048576)}"


def _random_sheet_xml(rng: random.Random, pool: list[str]) -> bytes:
    parts = [f'<worksheet xmlns="{S_NS}"><sheetData>']
    for r in range(rng.randint(0, 40)):
        row_attr = rng.choice((f' r="{r + 1}"', f' r="{rng.randint(1, 1048576)}"', "", ' r="0"', ' r="x"'))
        parts.append(f"<row{row_attr}>")
        for _ in range(rng.randint(0, 8)):
            t = rng.choice(("inlineStr", "str", "n", "b", "e", "d", "s", None, "zz"))
            attrs = f' r="{_random_ref(rng)}"' if rng.random() < 0.9 else ""
            attrs += f' t="{t}"' if t else ""
            attrs += f' s="{rng.choice(("0", "1", "2", "3", "99", "-1"))}"' if rng.random() < 0.3 else ""
            esc = _random_text(rng, pool)
            esc = esc.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            if t == "inlineStr":
                parts.append(f"<c{attrs}><is><t>{esc}</t></is></c>")
            else:
                value = rng.choice((esc, str(rng.randint(-10**6, 10**6)), str(rng.random() * 10**rng.randint(0, 20)),
                                    "1e308", "-1e400", "nan", "inf", "45000", "2958466", "-1", "0.5"))
                parts.append(f"<c{attrs}><v>{value}</v></c>")
        parts.append("</row>")
    parts.append("</sheetData>")
    if rng.random() < 0.6:
        parts.append("<mergeCells>")
        starts = re.findall(r'<c r="([A-Z]+[0-9]+)"', "".join(parts))
        for _ in range(rng.randint(1, 6)):
            start = rng.choice(starts) if starts and rng.random() < 0.5 else _random_ref(rng)
            parts.append(f'<mergeCell ref="{start}:{_random_ref(rng)}"/>')
        parts.append("</mergeCells>")
    parts.append("</worksheet>")
    return "".join(parts).encode()


def _reshape(rng: random.Random, xml: bytes) -> bytes:
    """The real part, restructured: subtrees moved, duplicated, deleted, renamed, values changed,
    spans and cell references pushed to extremes."""
    root = etree.fromstring(xml)
    for _ in range(rng.randint(1, 12)):
        nodes = [el for el in root.iter() if isinstance(el.tag, str)][1:]
        if len(nodes) < 2:
            break
        el = rng.choice(nodes)
        op = rng.choice(("move", "dup", "delete", "rename", "attr", "extent"))
        if op in ("move", "dup"):
            moved = el if op == "move" else etree.fromstring(etree.tostring(el))
            targets = [t for t in nodes if t is not el and el not in t.iterancestors()]
            target = rng.choice(targets) if targets else root
            target.insert(rng.randint(0, len(target)), moved)
        elif op == "delete" and el.getparent() is not None:
            el.getparent().remove(el)
        elif op == "rename":
            ns = etree.QName(el).namespace or ""
            local = rng.choice(W_TAGS) if ns == W_NS else rng.choice(("row", "c", "v", "is", "t", "mergeCell", "sheetData"))
            el.tag = f"{{{ns}}}{local}" if ns else local
        elif op == "attr":
            names = list(el.attrib) or [f"{{{W_NS}}}val"]
            el.set(rng.choice(names), rng.choice(ATTR_VALUES + ["A1:XFD1048576", "B2:A1", "ZZ9"]))
        elif op == "extent":  # a column span, a row offset, a cell or a merge stretched across the sheet
            targets = [t for t in nodes if etree.QName(t).localname in ("gridSpan", "gridBefore", "c", "mergeCell")]
            if not targets:
                continue
            el = rng.choice(targets)
            local = etree.QName(el).localname
            if local in ("gridSpan", "gridBefore"):
                el.set(f"{{{W_NS}}}val", rng.choice(("63", "64", "1000", "100000", "2147483647", "-5", "-1000")))
            elif local == "c":
                el.set("r", rng.choice(("XFD1048576", "AZ20000", "A1048576", "XFD5", "E5000")))
            else:
                start = el.get("ref", "A1:A1").split(":")[0]
                el.set("ref", f"{start}:{rng.choice(('XFD1048576', 'E100000', 'XFD5', 'Z5000', 'E20'))}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def m_xml_random(rng: random.Random, seed: Seed) -> bytes:
    """The main part replaced by well-formed XML in the right vocabulary but the wrong shape."""
    members = _members(seed.data)
    part = "word/document.xml" if seed.kind == "docx" else "xl/worksheets/sheet1.xml"
    i = next(k for k, (n, _) in enumerate(members) if n == part)
    if rng.random() < 0.5:
        new = _reshape(rng, members[i][1])
    elif seed.kind == "docx":
        new = _random_docx_xml(rng, _texts(seed.data, part, f"{{{W_NS}}}t"))
    else:
        new = _random_sheet_xml(rng, _texts(seed.data, part, f"{{{S_NS}}}t"))
    members[i] = (part, new)
    return _pack(members)


SPAN_EXTREMES = ("64", "1000", "100000", "2147483647", "99999999999", "-5", "-1000")
FAR_REFS = ("XFD1048576", "A1048576", "XFD5", "AZ20000", "E5000", "Z700")


def m_xml_extent(rng: random.Random, seed: Seed) -> bytes:
    """Well-formed, but a size pushed to an extreme: a table cell spanning billions of columns, a
    row offset far right or negative, a stray value in the sheet's last cell, a merge over the
    whole sheet (each taken at face value makes a grid of billions of cells)."""
    members = _members(seed.data)
    part = "word/document.xml" if seed.kind == "docx" else "xl/worksheets/sheet1.xml"
    i = next(k for k, (n, _) in enumerate(members) if n == part)
    root = etree.fromstring(members[i][1])
    for _ in range(rng.randint(1, 3)):
        if seed.kind == "docx":
            spans = [e for e in root.iter(f"{{{W_NS}}}gridSpan", f"{{{W_NS}}}gridBefore")]
            if spans and rng.random() < 0.8:
                rng.choice(spans).set(f"{{{W_NS}}}val", rng.choice(SPAN_EXTREMES))
                continue
            body = root.find(f"{{{W_NS}}}body")
            cells = "".join(
                f'<w:tc><w:tcPr><w:gridSpan w:val="{rng.choice(SPAN_EXTREMES)}"/></w:tcPr><w:p><w:r><w:t>{t}</w:t>'
                "</w:r></w:p></w:tc>" for t in ("班组名称", "单位"))
            before = f'<w:trPr><w:gridBefore w:val="{rng.choice(SPAN_EXTREMES)}"/></w:trPr>' if rng.random() < 0.5 else ""
            tbl = etree.fromstring(f'<w:tbl xmlns:w="{W_NS}"><w:tr>{before}{cells}</w:tr><w:tr>{cells}</w:tr></w:tbl>')
            body.insert(rng.randint(0, len(body)), tbl)
            continue
        data = root.find(f"{{{S_NS}}}sheetData")
        valued = [c for c in root.iter(f"{{{S_NS}}}c") if c.get("r") and len(c)]
        variant = rng.choice(("far_cell", "move_cell", "merge"))
        if variant == "far_cell" or not valued:
            ref = rng.choice(FAR_REFS)
            row = etree.SubElement(data, f"{{{S_NS}}}row", r=re.sub(r"\D", "", ref))
            c = etree.SubElement(row, f"{{{S_NS}}}c", r=ref, t="inlineStr")
            etree.SubElement(etree.SubElement(c, f"{{{S_NS}}}is"), f"{{{S_NS}}}t").text = "x"
        elif variant == "move_cell":
            rng.choice(valued).set("r", rng.choice(FAR_REFS))
        else:
            merges = root.find(f"{{{S_NS}}}mergeCells")
            if merges is None:
                merges = etree.Element(f"{{{S_NS}}}mergeCells")
                data.addnext(merges)
            start = rng.choice(valued).get("r")
            etree.SubElement(merges, f"{{{S_NS}}}mergeCell", ref=f"{start}:{rng.choice(FAR_REFS)}")
    members[i] = (part, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    return _pack(members)


# ------------------------------------------------------------------------------------------ PDF

_OBJ = re.compile(rb"(\d+) 0 obj\b.*?\bendobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_REF = re.compile(rb"\b(\d+) 0 R\b")


def _objects(data: bytes) -> list[re.Match]:
    return list(_OBJ.finditer(data))


def m_pdf_xref(rng: random.Random, seed: Seed) -> bytes:
    data = seed.data
    sx = data.rfind(b"startxref")
    m = re.compile(rb"startxref\s+(\d+)").search(data, sx)
    xref_at = int(m.group(1))
    trailer = data.find(b"trailer", xref_at)
    variant = rng.choice(("startxref", "digits", "keyword", "trailer", "size", "root", "drop"))
    if variant == "startxref":
        new = rng.choice((0, 1, len(data), len(data) + 1000, xref_at + rng.randint(-50, 50), 10**12))
        return data[: m.start(1)] + str(new).encode() + data[m.end(1):]
    if variant == "digits":
        b = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            i = rng.randrange(xref_at, trailer)
            if chr(b[i]).isdigit():
                b[i] = ord(rng.choice("0123456789"))
        return bytes(b)
    if variant == "keyword":
        return data[:xref_at] + rng.choice((b"xraf", b"    ", b"XREF")) + data[xref_at + 4:]
    if variant == "trailer":
        return data[:trailer] + rng.choice((b"garbage", b"trailer<<>>", b"")) + data[trailer + 7:]
    if variant == "size":
        return re.sub(rb"/Size \d+", b"/Size " + str(rng.choice((0, 1, 5, 10**9))).encode(), data)
    if variant == "root":
        target = rng.choice((b"1", b"2", b"999", b"0", b"28"))
        return re.sub(rb"/Root \d+ 0 R", b"/Root " + target + b" 0 R", data)
    return data[:xref_at] + data[data.find(b"startxref", xref_at):]


def m_pdf_stream(rng: random.Random, seed: Seed) -> bytes:
    data = seed.data
    streams = list(_STREAM.finditer(data))
    if not streams:  # a PDF of bare objects (the sample's page-tree loop): bytes flipped instead
        return m_flip(rng, seed)
    m = rng.choice(streams)
    s, e = m.start(1), m.end(1)
    variant = rng.choice(("cut_range", "cut_tail", "no_endstream", "header", "length"))
    if variant == "cut_range" and e - s > 2:
        a = rng.randrange(s, e - 1)
        return data[:a] + data[min(e, a + rng.randint(1, 2000)):]
    if variant == "cut_tail":
        return data[: rng.randrange(s, e)] + data[e:]
    if variant == "no_endstream":
        return data[:e] + data[e + len(b"endstream"):]
    if variant == "header":
        b = bytearray(data)
        for i in range(s, min(e, s + 2)):
            b[i] = rng.randrange(256)
        return bytes(b)
    # the stream's /Length (direct, or the object it points to) set wrong
    head = data.rfind(b"obj", 0, m.start())
    dm = re.compile(rb"/Length (\d+)( 0 R)?").search(data, head, m.start())
    if dm is None:
        return data[:s] + data[s + 1:]
    new = str(rng.choice((0, 1, e - s + rng.randint(1, 5000), 10**10, max(0, e - s - rng.randint(1, 100))))).encode()
    if dm.group(2):
        obj = re.compile(rb"\b" + dm.group(1) + rb" 0 obj\s*(\d+)").search(data)
        if obj:
            return data[: obj.start(1)] + new + data[obj.end(1):]
    return data[: dm.start(1)] + new + data[dm.end(1):]


def m_pdf_dup_obj(rng: random.Random, seed: Seed) -> bytes:
    data = seed.data
    objs = _objects(data)
    m = rng.choice(objs)
    block = m.group(0)
    variant = rng.choice(("after", "before_xref", "renumber", "edited"))
    if variant == "renumber":  # a copy that claims another object's number
        other = rng.choice(objs).group(1)
        block = other + block[len(m.group(1)):]
    elif variant == "edited":  # a later copy with different content wins in some readers
        refs = list(_REF.finditer(block))
        if refs:
            r = rng.choice(refs)
            block = block[: r.start(1)] + rng.choice(objs).group(1) + block[r.end(1):]
        else:
            block = block.replace(b"endobj", b"/Junk true endobj")
    if variant == "before_xref":
        at = data.rfind(b"xref")
        return data[:at] + block + b"\n" + data[at:]
    return data[: m.end()] + b"\n" + block + data[m.end():]


def m_pdf_refs(rng: random.Random, seed: Seed) -> bytes:
    """Object references re-pointed: at another object, at the object itself (a loop), at nothing."""
    data = seed.data
    objs = _objects(data)
    b = data
    for _ in range(rng.randint(1, 4)):
        objs = _objects(b)
        m = rng.choice([o for o in objs if _REF.search(o.group(0))] or objs)
        refs = list(_REF.finditer(b, m.start(), m.end()))
        if not refs:
            continue
        r = rng.choice(refs)
        target = rng.choice((m.group(1), rng.choice(objs).group(1), b"9999", b"0"))
        b = b[: r.start(1)] + target + b[r.end(1):]
    return b


# ------------------------------------------------------------------------------------------ archive

def _central_entries(data: bytes) -> tuple[int, list[int]]:
    eocd = data.rfind(b"PK\x05\x06")
    count, _size, offset = struct.unpack_from("<HII", data, eocd + 10)
    pos, entries = offset, []
    for _ in range(count):
        entries.append(pos)
        nlen, xlen, clen = struct.unpack_from("<HHH", data, pos + 28)
        pos += 46 + nlen + xlen + clen
    return eocd, entries


def _corrupt_field(rng: random.Random, b: bytearray, at: int, size: int, kind: str) -> None:
    if kind == "flags":
        value = struct.unpack_from("<H", b, at)[0] | rng.choice((0x1, 0x8, 0x800, 0x40, 0xFFFF))
    elif kind == "method":
        value = rng.choice((1, 6, 12, 14, 99, 0xFFFF, 0))
    elif size == 4:
        value = rng.choice((0, 1, 0xFFFFFFFF, rng.randrange(1 << 32), 0x7FFFFFFF))
    else:
        value = rng.choice((0, 1, 0xFFFF, rng.randrange(1 << 16)))
    struct.pack_into("<I" if size == 4 else "<H", b, at, value)


def m_zip_local(rng: random.Random, seed: Seed) -> bytes:
    """A member's local file header corrupted (signature, flags, method, CRC, sizes, name)."""
    b = bytearray(seed.data)
    with zipfile.ZipFile(io.BytesIO(seed.data)) as z:
        info = rng.choice([i for i in z.infolist() if not i.is_dir()])
    at = info.header_offset
    field_ = rng.choice(("sig", "flags", "method", "crc", "csize", "usize", "nlen", "xlen", "name"))
    offsets = {"flags": (6, 2), "method": (8, 2), "crc": (14, 4), "csize": (18, 4), "usize": (22, 4),
               "nlen": (26, 2), "xlen": (28, 2)}
    if field_ == "sig":
        b[at: at + 4] = rng.choice((b"PK\x01\x02", b"\0\0\0\0", b"PK\x03\x05"))
    elif field_ == "name":
        nlen = struct.unpack_from("<H", b, at + 26)[0]
        for _ in range(rng.randint(1, 4)):
            b[at + 30 + rng.randrange(nlen)] = rng.randrange(256)
    else:
        off, size = offsets[field_]
        _corrupt_field(rng, b, at + off, size, field_)
    return bytes(b)


def m_zip_central(rng: random.Random, seed: Seed) -> bytes:
    """A central-directory entry or the end record corrupted: flags (encrypted, UTF-8), method,
    sizes (a bomb's claimed size), offset, name (path traversal, backslashes, bytes)."""
    b = bytearray(seed.data)
    eocd, entries = _central_entries(seed.data)
    field_ = rng.choice(("flags", "method", "crc", "csize", "usize", "offset", "name", "name", "eocd"))
    if field_ == "eocd":
        off, size = rng.choice(((8, 2), (10, 2), (12, 4), (16, 4)))
        _corrupt_field(rng, b, eocd + off, size, "eocd")
        return bytes(b)
    at = rng.choice(entries)
    offsets = {"flags": (8, 2), "method": (10, 2), "crc": (16, 4), "csize": (20, 4), "usize": (24, 4),
               "offset": (42, 4)}
    if field_ == "name":
        nlen = struct.unpack_from("<H", b, at + 28)[0]
        name = at + 46
        variant = rng.choice(("bytes", "traversal", "absolute", "backslash", "dir"))
        if variant == "bytes":
            for _ in range(rng.randint(1, 4)):
                b[name + rng.randrange(nlen)] = rng.randrange(256)
        elif variant == "traversal" and nlen >= 3:
            b[name: name + 3] = b"../"
        elif variant == "absolute":
            b[name] = ord("/")
        elif variant == "backslash":
            b[name: name + nlen] = bytes(c if c != ord("/") else ord("\\") for c in b[name: name + nlen])
        else:
            b[name + nlen - 1] = ord("/")
        return bytes(b)
    off, size = offsets[field_]
    _corrupt_field(rng, b, at + off, size, field_)
    return bytes(b)


GENERIC = {"truncate": m_truncate, "flip_bytes": m_flip, "zero_range": m_zero}
PACKAGE = {
    "pkg_shuffle": m_pkg_shuffle,
    "pkg_drop": m_pkg_drop,
    "pkg_duplicate": m_pkg_dup,
    "xml_cut": _xml_part_mutator(_cut),
    "xml_junk": _xml_part_mutator(_junk),
    "xml_unbalanced": _xml_part_mutator(_unbalanced),
    "xml_namespace": _xml_part_mutator(_namespace),
    "xml_random": m_xml_random,
    "xml_extent": m_xml_extent,
}
MUTATORS: dict[str, dict[str, Mutator]] = {
    "docx": {**GENERIC, **PACKAGE},
    "xlsx": {**GENERIC, **PACKAGE},
    "pdf": {**GENERIC, "pdf_xref": m_pdf_xref, "pdf_stream": m_pdf_stream, "pdf_dup_obj": m_pdf_dup_obj,
            "pdf_refs": m_pdf_refs},
    "zip": {**GENERIC, "zip_local_header": m_zip_local, "zip_central_header": m_zip_central},
}


# ================================================================================================ cases


@dataclass
class Case:
    index: int
    kind: str
    mutator: str
    seed: Seed
    rel: str = ""  # path of the mutant in its fuzz inbox
    batch: int = 0
    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (record path, kind)
    seconds: float = 0.0


def _plan(seeds: dict[str, list[Seed]]) -> list[Case]:
    pairs = [(k, m) for k in ("docx", "xlsx", "pdf", "zip") if k in seeds for m in MUTATORS[k]]
    return [Case(i, k, m, random.Random(f"{SEED}:seed:{i}").choice(seeds[k]))
            for i, (k, m) in enumerate(pairs * ROUNDS)]


def _mutant(case: Case) -> bytes:
    rng = random.Random(f"{SEED}:{case.index}:{case.mutator}")
    for _ in range(20):
        data = MUTATORS[case.kind][case.mutator](rng, case.seed)
        if data != case.seed.data:
            return data
    return data[:-1]  # a mutator that kept drawing no-ops: at least one byte goes


def _write_inboxes(cases: list[Case], root: Path) -> list[Path]:
    inboxes = [root / f"inbox{b:02d}" for b in range(INBOXES)]
    for case in cases:
        case.batch = case.index % INBOXES
        name = f"{case.index:03d}-{case.mutator}-{case.seed.name}"
        case.rel = f"{case.seed.unit_dir}/{name}" if case.seed.unit_dir else name
        target = inboxes[case.batch] / case.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_mutant(case))
    return inboxes


def _tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _accounting_problems(rel: str, data: bytes, paths: list[str]) -> list[str]:
    """What is wrong with the record paths of one input file, or nothing.

    A file is accounted for by one record of its own path (a document, a refused or damaged file, a
    whole archive refused), or, when it is an archive the pipeline opened, by its members: every
    member named once (a nested archive by its own members, below its name), no record for anything
    else. Member names are compared as discover lists them (``\\`` as ``/``; older versions also
    dropped ``..`` and empty parts), so the check holds whatever limits discover applies.
    """
    if not paths:
        return ["no record"]
    if paths == [rel]:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = [member_name(i).replace("\\", "/") for i in z.infolist() if not i.is_dir()]
    except Exception:  # noqa: BLE001
        return [f"{len(paths)} records, but it does not open as an archive: {sorted(paths)[:5]}"]
    left = Counter(names)
    cleaned = {n: PurePosixPath(*[p for p in PurePosixPath(n).parts if p not in ("..", "/", "")]).as_posix()
               for n in names}
    problems = []
    opened: set[str] = set()  # nested archives the pipeline opened: any number of records below them
    for path in sorted(paths, key=len):
        inner = path[len(rel) + 1:] if path.startswith(rel + "/") else None
        match = None
        if inner is not None:
            match = next((n for n in left if left[n] and inner in (n, cleaned[n])), None)
            if match is None:
                match = next((n for n in left if (left[n] or n in opened)
                              and any(inner.startswith(form + "/") for form in (n, cleaned[n]))), None)
                if match is not None:
                    opened.add(match)
        if match is None:
            problems.append(f"record {path!r} is no member of the archive")
        elif left[match]:
            left[match] -= 1
    problems += [f"member {n!r}: no record" for n, k in left.items() if k > 0]
    return problems


# ================================================================================================ runs


def _batch_main(inbox: str, out: str, conn) -> None:
    """One fuzz inbox through the pipeline and the writers, in a worker process."""
    import logging
    import resource

    limit = MEMORY_MB * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    logged: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if len(logged) < 200:
                logged.append(f"{record.levelname} {record.name}: {record.getMessage()[:200]}")

    logging.getLogger().handlers[:] = [Keep(logging.WARNING)]
    try:
        from pipeline.config import resolve_profile
        from pipeline.outputs import write_outputs
        from pipeline.run import run

        profile = resolve_profile("banzu")
        # read in this process (no worker fence): a hang or a blow-up is the reader's, and shows here
        kwargs = {"jobs": 0} if "jobs" in inspect.signature(run).parameters else {}
        last = [time.perf_counter()]

        def progress(path: str) -> None:
            now = time.perf_counter()
            conn.send(("file", path, now - last[0]))
            last[0] = now

        report = run(Path(inbox), profile, progress=progress, **kwargs)
        write_outputs(report, Path(out))
        docs = [(d.record.path, d.record.kind, d.record.reason or "") for d in report.documents]
        conn.send(("done", docs, dict(report.seconds), logged))
    except BaseException:  # noqa: BLE001 — anything that escapes is the finding
        conn.send(("error", traceback.format_exc(), logged))
    finally:
        conn.close()


@dataclass
class BatchResult:
    index: int
    status: str = "running"  # done | error | hung | died
    detail: str = ""
    docs: list[tuple[str, str, str]] = field(default_factory=list)
    times: list[tuple[str, float]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    logged: list[str] = field(default_factory=list)


def _run_batches(inboxes: list[Path], out_root: Path) -> list[BatchResult]:
    ctx = mp.get_context("spawn")
    pending = deque(range(len(inboxes)))
    running: dict = {}  # conn -> (process, result, deadline)
    results: list[BatchResult] = []
    while pending or running:
        while pending and len(running) < WORKERS:
            i = pending.popleft()
            reader, writer = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_batch_main, args=(str(inboxes[i]), str(out_root / f"out{i:02d}"), writer),
                               daemon=True)
            proc.start()
            writer.close()
            running[reader] = [proc, BatchResult(i), time.monotonic() + IDLE_TIMEOUT]
        for conn in wait(list(running), timeout=1.0):
            proc, res, _ = running[conn]
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                proc.join(timeout=30)
                if res.status == "running":
                    res.status, res.detail = "died", f"worker exit code {proc.exitcode}"
                results.append(res)
                del running[conn]
                conn.close()
                continue
            if msg[0] == "file":
                res.times.append((msg[1], msg[2]))
                running[conn][2] = time.monotonic() + IDLE_TIMEOUT
            elif msg[0] == "done":
                res.status, res.docs, res.seconds, res.logged = "done", msg[1], msg[2], msg[3]
            else:
                res.status, res.detail, res.logged = "error", msg[1], msg[2]
        for conn, (proc, res, deadline) in list(running.items()):
            if time.monotonic() > deadline:
                proc.kill()
                proc.join(timeout=30)
                last = res.times[-1][0] if res.times else "(none)"
                res.status = "hung"
                res.detail = f"no file finished for {IDLE_TIMEOUT:g} s; last finished: {last}, {len(res.times)} done"
                results.append(res)
                del running[conn]
                conn.close()
    return sorted(results, key=lambda r: r.index)


# ================================================================================================ test


@pytest.fixture(scope="module")
def sample_seeds(request) -> dict[str, list[Seed]]:
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("需要 LibreOffice（soffice）生成样例收件箱中的 PDF：make sysdeps 会安装")
    from samples.banzu import BANZU_UNITS

    return _load_seeds(request.getfixturevalue("banzu_inbox"), _scans(BANZU_UNITS))


def _case_of(path: str, by_rel: dict[str, Case]) -> Case | None:
    while path:
        if path in by_rel:
            return by_rel[path]
        path = path.rpartition("/")[0]
    return None


def _summary(cases: list[Case], results: list[BatchResult], elapsed: float, slow: list[str]) -> str:
    outcomes: Counter = Counter()
    members: Counter = Counter()
    per_mutator: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cases:
        single = [kind for path, kind in c.outcomes if path == c.rel]
        key = single[0] if single else "archive opened" if c.outcomes else "(no record)"
        outcomes[key] += 1
        per_mutator[(c.kind, c.mutator)][key] += 1
        if not single:
            members.update(kind for _, kind in c.outcomes)
    files = [t for r in results for _, t in r.times]
    lines = [
        f"fuzz seed {SEED}: {len(cases)} cases in {len(results)} inboxes, {sum(len(r.docs) for r in results)} records, "
        f"{elapsed:.1f} s wall on {WORKERS} workers; per file: max {max(files, default=0):.2f} s, "
        f"total {sum(files):.1f} s",
        "cases by outcome: " + ", ".join(f"{k} {n}" for k, n in outcomes.most_common()),
        "members of opened archives: " + ", ".join(f"{k} {n}" for k, n in members.most_common()),
        "cases per seed format: " + ", ".join(f"{k} {n}" for k, n in Counter(c.kind for c in cases).items()),
    ]
    for (kind, mut), cnt in per_mutator.items():
        lines.append(f"  {kind:4} {mut:18} " + ", ".join(f"{k} {n}" for k, n in cnt.most_common()))
    lines.append(f"files over {SLOW_FILE:g} s: " + ("; ".join(slow) if slow else "none"))
    return "\n".join(lines)


def test_mutation_fuzz(sample_seeds, tmp_path):
    started = time.perf_counter()
    cases = _plan(sample_seeds)
    assert len(cases) >= 300
    inboxes = _write_inboxes(cases, tmp_path)
    before = [_tree_hashes(inbox) for inbox in inboxes]
    by_rel = [{c.rel: c for c in cases if c.batch == b} for b in range(INBOXES)]

    results = _run_batches(inboxes, tmp_path)
    elapsed = time.perf_counter() - started

    problems: list[str] = []
    slow: list[str] = []
    for res in results:
        inbox, cases_here = inboxes[res.index], by_rel[res.index]

        def describe(path: str) -> str:
            c = _case_of(path, cases_here)  # noqa: B023
            return f"{inbox}/{path} [{c.kind} {c.mutator} of {c.seed.origin}]" if c else f"{inbox}/{path}"  # noqa: B023

        if res.times:  # the first file's interval also holds the discovery of the whole inbox
            first, t = res.times[0]
            res.times[0] = (first, max(0.0, t - res.seconds.get("discover", 0.0)))
        for path, t in res.times:
            c = _case_of(path, cases_here)
            if c:
                c.seconds += t
            if t > SLOW_FILE:
                slow.append(f"{describe(path)}: {t:.1f} s")
        if res.status != "done":
            problems.append(f"inbox{res.index:02d}: run {res.status}: {res.detail}\n  last log: {res.logged[-3:]}")
            continue
        by_file: dict[str, list[str]] = defaultdict(list)
        for path, _, _ in res.docs:
            by_file[_case_of(path, cases_here).rel if _case_of(path, cases_here) else path].append(path)
        for p in sorted(inbox.rglob("*")):
            if p.is_file():
                rel = p.relative_to(inbox).as_posix()
                for problem in _accounting_problems(rel, p.read_bytes(), by_file.pop(rel, [])):
                    problems.append(f"{describe(rel)}: {problem}")
        problems += [f"{describe(path)}: a record for no input file" for paths in by_file.values() for path in paths]
        for path, kind, reason in res.docs:
            c = _case_of(path, cases_here)
            if c:
                c.outcomes.append((path, kind))
            if kind in KINDS_NOT_MATERIAL and not reason.strip():
                problems.append(f"{describe(path)}: {kind} without a reason")
            if "意外错误" in reason:
                problems.append(f"{describe(path)}: reader/mapper bug: {reason}")
        if _tree_hashes(inbox) != before[res.index]:
            problems.append(f"inbox{res.index:02d}: input files changed by the run")

    summary = _summary(cases, results, elapsed, slow)
    print("\n" + summary)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:60]) + "\n\n" + summary


# ================================================================================================ regressions
# Bugs the fuzzer found, each as the smallest file that shows it. These need no LibreOffice.


def _docx_package(body_xml: str, stored: bool = False) -> bytes:
    """A minimal .docx: content types, package relationships, a document part with ``body_xml``."""
    members = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                               'package.relationships+xml"/><Override PartName="/word/document.xml" ContentType='
                               '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                               "</Types>",
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                       '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body>'
                             "</w:document>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text.encode())
    return buf.getvalue()


def _patch_central(data: bytes, member: str, offset: int, fmt: str, value: int) -> bytes:
    """Set a field of ``member``'s central-directory entry (offset from the entry's start)."""
    b = bytearray(data)
    _, entries = _central_entries(data)
    for at in entries:
        nlen = struct.unpack_from("<H", b, at + 28)[0]
        if bytes(b[at + 46: at + 46 + nlen]).decode() == member:
            struct.pack_into(fmt, b, at + offset, value)
            return bytes(b)
    raise KeyError(member)


def _damage_stored(data: bytes, member: str) -> bytes:
    """Flip one byte inside a stored member's data: its CRC no longer matches."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(member)
    nlen, xlen = struct.unpack_from("<HH", data, info.header_offset + 26)
    at = info.header_offset + 30 + nlen + xlen + 5
    return data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1:]


PARA = "<w:p><w:r><w:t>班组名称</w:t></w:r></w:p>"


@pytest.mark.parametrize("damage", ["crc", "deflate", "method", "encrypted"])
def test_docx_damaged_relationships_part_falls_back_to_the_body(damage):
    """_rels/.rels that cannot be inflated (bad CRC, broken deflate stream, unknown compression
    method, flagged encrypted) escaped the reader as BadZipFile / zlib.error / NotImplementedError /
    RuntimeError; it now counts as missing, and the body is read from word/document.xml."""
    from extractors.readers.docx import read_docx

    if damage == "crc":
        data = _damage_stored(_docx_package(PARA, stored=True), "_rels/.rels")
    elif damage == "deflate":
        data = _docx_package(PARA)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("_rels/.rels")
        nlen, xlen = struct.unpack_from("<HH", data, info.header_offset + 26)
        at = info.header_offset + 30 + nlen + xlen
        data = data[:at] + b"\xff" * 4 + data[at + 4:]
    elif damage == "method":
        data = _patch_central(_docx_package(PARA), "_rels/.rels", 10, "<H", 99)
    else:
        data = _patch_central(_docx_package(PARA), "_rels/.rels", 8, "<H", 0x1)
    assert [p.text for p in read_docx(data).paragraphs()] == ["班组名称"]


@pytest.mark.parametrize("damage", ["crc", "method", "encrypted"])
def test_docx_damaged_main_part_is_a_reader_error(damage):
    """The same damage on word/document.xml: a ReaderError with a reason, not a bare exception."""
    from extractors.readers import ReaderError
    from extractors.readers.docx import read_docx

    if damage == "crc":
        data = _damage_stored(_docx_package(PARA, stored=True), "word/document.xml")
    elif damage == "method":
        data = _patch_central(_docx_package(PARA), "word/document.xml", 10, "<H", 99)
    else:
        data = _patch_central(_docx_package(PARA), "word/document.xml", 8, "<H", 0x1)
    with pytest.raises(ReaderError, match="Word 文件已损坏或不完整"):
        read_docx(data)


def test_docx_absurd_grid_span_and_offset_are_capped():
    """gridSpan 2147483647 made the table grid two billion columns wide: the mapper then spent two
    minutes and died of MemoryError. Spans and offsets are capped at Word's 63 columns; a negative
    offset is 0."""
    from extractors.mapping import recognise
    from extractors.readers.docx import MAX_GRID_COLS, read_docx
    from pipeline.config import resolve_profile

    def tc(text: str, span: str) -> str:
        return f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'

    body = (f"<w:tbl><w:tr>{tc('班组名称', '2147483647')}{tc('维修班', '1')}</w:tr>"
            f'<w:tr><w:trPr><w:gridBefore w:val="-1000"/></w:trPr>{tc("单位", "1")}</w:tr></w:tbl>')
    started = time.perf_counter()
    doc = read_docx(_docx_package(body))
    (table,) = doc.tables()
    assert table.n_cols == MAX_GRID_COLS + 1
    assert [(c.row, c.col, c.colspan, c.text) for c in table.cells] == [
        (0, 0, MAX_GRID_COLS, "班组名称"), (0, MAX_GRID_COLS, 1, "维修班"), (1, 0, 1, "单位")]
    recognise(resolve_profile("banzu"), doc)  # builds the grid
    assert time.perf_counter() - started < 5


def _xlsx(patch: Callable[[bytes], bytes]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["推荐汇总表"])
    ws.append(["序号", "班组名称", "所在单位"])
    ws.append([1, "维修班", "南京大学"])
    ws.merge_cells("A1:C1")
    buf = io.BytesIO()
    wb.save(buf)
    members = _members(buf.getvalue())
    return _pack([(n, patch(b) if n == "xl/worksheets/sheet1.xml" else b) for n, b in members])


def test_xlsx_stray_value_in_the_last_cell_of_the_sheet():
    """One value at XFD1048576 stretched the table to a billion empty cells (a hang). A mostly
    empty used range is read as the rows and columns that hold something."""
    from extractors.readers.xlsx import read_xlsx

    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    started = time.perf_counter()
    doc = read_xlsx(_xlsx(lambda x: x.replace(b"</sheetData>", far)))
    assert time.perf_counter() - started < 5
    (table,) = doc.tables()
    assert table.rows_text() == [["序号", "班组名称", "所在单位", ""], ["1", "维修班", "南京大学", ""],
                                 ["", "", "", "x"]]
    assert not doc.warnings


def test_xlsx_merge_over_the_whole_sheet_is_dropped():
    """openpyxl creates an object per merged cell: a merge A2:XFD1048576 ran for minutes and ended in
    MemoryError. Merges past the budget are dropped with a warning; the others stay."""
    from extractors.readers.xlsx import read_xlsx

    def patch(x: bytes) -> bytes:
        return re.sub(rb'(<mergeCells count="1">)', rb'\1<mergeCell ref="A2:XFD1048576"/>', x)

    started = time.perf_counter()
    doc = read_xlsx(_xlsx(patch))
    assert time.perf_counter() - started < 5
    assert doc.warnings == ["合并单元格范围异常大（A2:XFD1048576），已按未合并读取"]
    assert [p.text for p in doc.paragraphs()] == ["推荐汇总表"]  # A1:C1 kept: one title line
    (table,) = doc.tables()
    assert table.rows_text() == [["序号", "班组名称", "所在单位"], ["1", "维修班", "南京大学"]]
