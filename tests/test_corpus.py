"""Robustness: every third-party test file runs through the whole pipeline.

No crash, every file accounted for (a record or a finding with its reason), inputs unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from extractors.models import FileFormat
from pipeline.discover import member_name, sniff
from tests.conftest import CORPUS

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"third-party corpus not found at {CORPUS}")


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus_out")
    before = _hashes(CORPUS)
    huishen = Path(sys.executable).parent / "huishen"
    proc = subprocess.run([str(huishen), "run", str(CORPUS), "--profile", "banzu", "--out", str(out)],
                          capture_output=True, text=True)
    data = json.loads((out / "records.json").read_text(encoding="utf-8")) if proc.returncode == 0 else None
    return {"proc": proc, "before": before, "data": data}


def test_run_completes(corpus_run):
    assert corpus_run["proc"].returncode == 0, corpus_run["proc"].stdout + corpus_run["proc"].stderr
    assert "Traceback" not in corpus_run["proc"].stderr


def test_every_file_accounted_for(corpus_run):
    expected = set()
    for rel in corpus_run["before"]:
        data = (CORPUS / rel).read_bytes()
        if sniff(data, rel)[0] == FileFormat.ZIP:  # an archive is accounted for through its members
            with zipfile.ZipFile(CORPUS / rel) as z:
                expected |= {f"{rel}/{member_name(i)}" for i in z.infolist() if not i.is_dir()}
        else:
            expected.add(rel)
    got = {d["path"] for d in corpus_run["data"]["documents"]}
    assert got == expected


def test_every_unprocessed_file_says_why(corpus_run):
    for d in corpus_run["data"]["documents"]:
        if d["kind"] in ("unreadable", "unrecognised", "junk"):
            assert d["reason"], d["path"]
            codes = sorted(f["code"] for f in d["findings"])
            # A scan or photo read by OCR says so as well (file.scanned, with its confidence).
            scanned = ["file.scanned"] if d.get("ocr") else []
            assert codes == sorted([f"file.{d['kind']}", *scanned]), d["path"]
        assert "意外错误" not in d["reason"], (d["path"], d["reason"])  # no reader or mapper bug


# Words a Chinese reason may carry: format and product names a clerk knows, and the log file's name.
_NAMED = re.compile(r"huishen\.log|\.[A-Za-z0-9_-]+|PDF|Word|Excel|WPS|OpenDocument|LibreOffice|PowerPoint|XML|"
                    r"HEIC|JPG|PNG|TIFF|RAR|OFD|Pages|Numbers|Keynote|BCJ2|LZ4|Zstandard|Brotli|zip|MB|KB")


def test_every_reason_is_plain_chinese(corpus_run):
    """A reason is for a clerk: no library's English ("Unexpected EOF", "list index out of range") — those
    words are kept in ``detail`` for support."""
    english = [(d["path"], d["reason"]) for d in corpus_run["data"]["documents"]
               if re.search(r"[A-Za-z]{3,}", _NAMED.sub("", d["reason"]))]
    assert english == []


def test_counts(corpus_run):
    """What the corpus is to 汇审, as counted when this test was written: none of it is a campaign form."""
    docs = corpus_run["data"]["documents"]
    kinds = Counter(d["kind"] for d in docs)
    assert (len(docs), kinds["unrecognised"], kinds["unreadable"]) == (208, 192, 16)
    # An empty PDF page (no text, no image, no outlined text) is no scanned page: not OCR'd (3 corpus PDFs).
    assert Counter(d["fmt"] for d in docs if d.get("ocr")) == {"image": 12, "pdf": 6}


def test_inputs_unchanged(corpus_run):
    assert _hashes(CORPUS) == corpus_run["before"]
