"""Shared pieces of the two campaign builders: the document record, inbox assembly (conversions, scans,
zips), folder variations and the truth file."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field

from . import writer as w

CONVERTED = ("pdf", "doc", "scan_pdf", "png", "jpg")
SCANNED = ("scan_pdf", "png", "jpg")


@dataclass
class Doc:
    path: str  # inbox path, '/' separators; archive members as '<archive>.zip/<member>'
    kind: str
    unit: str | None
    fields: dict
    variations: list[str]
    data: bytes  # docx / xlsx / raw bytes as written
    out: str = "native"  # native | pdf | doc | scan_pdf | png | jpg
    meta: dict = field(default_factory=dict)


def folder_variations(folder: str, unit: str) -> list[str]:
    v = []
    m = re.match(r"^\d+[-.、_ ]", folder)
    if m:
        v.append("I1a")
    if folder[m.end() if m else 0:] != unit:
        v.append("I1b")
    return v


def assemble(docs: list[Doc], dest: str, rng) -> None:
    """Write every document into dest: convert with LibreOffice (one call per target format), scan,
    and pack archive members into GBK zips."""
    os.makedirs(dest, exist_ok=True)
    if os.listdir(dest):
        raise SystemExit(f"{dest} is not empty")
    tmp = tempfile.mkdtemp(prefix="hs_blind_")
    try:
        src = os.path.join(tmp, "src")
        pdf_dir = os.path.join(tmp, "pdf")
        doc_dir = os.path.join(tmp, "doc")
        for d in (src, pdf_dir, doc_dir):
            os.makedirs(d)
        to_pdf, to_doc = [], []
        for i, d in enumerate(docs):
            if d.out in CONVERTED:
                p = os.path.join(src, f"d{i:03d}.docx")
                with open(p, "wb") as fh:
                    fh.write(d.data)
                (to_doc if d.out == "doc" else to_pdf).append(p)
        w.soffice_convert(to_pdf, "pdf", pdf_dir)
        w.soffice_convert(to_doc, 'doc:MS Word 97', doc_dir)
        final: dict[str, bytes] = {}
        for i, d in enumerate(docs):
            if d.out == "native":
                final[d.path] = d.data
                continue
            if d.out == "doc":
                with open(os.path.join(doc_dir, f"d{i:03d}.doc"), "rb") as fh:
                    final[d.path] = fh.read()
                continue
            pdf = os.path.join(pdf_dir, f"d{i:03d}.pdf")
            d.meta["pages"] = w.pdf_pages(pdf)
            if d.out == "pdf":
                with open(pdf, "rb") as fh:
                    final[d.path] = w.pin_pdf(fh.read())
            else:
                if d.meta["pages"] != 1:
                    raise RuntimeError(f"scan of {d.path} would need {d.meta['pages']} pages")
                ext = {"scan_pdf": ".pdf", "png": ".png", "jpg": ".jpg"}[d.out]
                out = os.path.join(tmp, f"scan{i:03d}{ext}")
                w.scan_page(pdf, out, rng)
                with open(out, "rb") as fh:
                    final[d.path] = fh.read()
        archives: dict[str, list[tuple[str, bytes]]] = {}
        for path, data in final.items():
            if ".zip/" in path:
                arc, member = path.split(".zip/", 1)
                archives.setdefault(arc + ".zip", []).append((member, data))
                continue
            full = os.path.join(dest, *path.split("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as fh:
                fh.write(data)
        for arc, members in archives.items():
            full = os.path.join(dest, *arc.split("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            w.write_zip_gbk(full, members)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def finding(code, unit, path, field_=None, why="", actual=None, limit=None) -> dict:
    f = {"code": code, "unit": unit, "path": path, "field": field_}
    if actual is not None:
        f["actual"] = actual
    if limit is not None:
        f["limit"] = limit
    f["why"] = why
    return f


def pair_finding(code, items: list[tuple[str, str]], why: str) -> dict:
    """A batch finding over several (unit, path): paths sorted, units aligned; unit collapses to a string
    when all are the same."""
    items = sorted(items, key=lambda x: x[1])
    units = [u for u, _ in items]
    unit = units[0] if len(set(units)) == 1 else units
    return finding(code, unit, [p for _, p in items], None, why)


def file_findings(docs: list[Doc]) -> list[dict]:
    out = []
    for d in docs:
        if d.kind == "junk":
            out.append(finding("file.junk", d.unit, d.path, why="temporary/system file"))
        elif d.kind == "unreadable":
            out.append(finding("file.unreadable", d.unit, d.path, why=d.meta.get("why", "broken file")))
        if d.out in SCANNED:
            out.append(finding("file.scanned", d.unit, d.path, why="image-only scan, read by OCR"))
    return out


def truth(profile: str, seed: int, docs: list[Doc], findings: list[dict]) -> dict:
    paths = [d.path for d in docs]
    assert len(paths) == len(set(paths)), "duplicate paths"
    documents = {d.path: {"kind": d.kind, "unit": d.unit, "fields": d.fields,
                          "variations": sorted(set(d.variations))}
                 for d in sorted(docs, key=lambda d: d.path)}

    def key(f):
        u = f["unit"] if isinstance(f["unit"], str) else "|".join(f["unit"] or [])
        p = f["path"] if isinstance(f["path"], str) else "|".join(f["path"] or [])
        return (f["code"], u, p, f["field"] or "")
    return {"profile": "banzu" if profile == "banzu_flat" else profile, "seed": seed, "documents": documents, "findings": sorted(findings, key=key)}


def read_variation_ids(campaign: str) -> set[str]:
    """The ids of VARIATIONS.md that the given campaign's build must cover (column 'campaigns')."""
    here = os.path.dirname(__file__)
    ids = set()
    tag = {"banzu": "B", "studio": "S", "banzu_flat": "F", "youzhi": "Y", "wuxiao": "W", "chuangjian": "C"}[campaign]
    with open(os.path.join(here, "VARIATIONS.md"), encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"^\|\s*([A-Z]{1,2}\d+[a-z]?)\s*\|\s*([BSFYWC,]*)\s*\|", line)
            if m and tag in m.group(2).split(","):
                ids.add(m.group(1))
    return ids
