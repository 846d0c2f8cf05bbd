"""Self-checks of the blind fixture generator (never of the product): the truth lists every file, gives
every key of its kind, states values that are really written in the documents, covers the variations,
and rebuilds byte for byte."""

from __future__ import annotations

import io
import os
import shutil
import zipfile

import docx
import openpyxl
import pytest

from .banzu import FORM_KEYS as BANZU_FORM_KEYS
from .build import build
from .studio import FORM_KEYS as STUDIO_FORM_KEYS

pytestmark = pytest.mark.skipif(not shutil.which("soffice") and not os.path.exists("/usr/bin/soffice"),
                                reason="LibreOffice (soffice) is needed to write the PDF/.doc fixtures")

KEYS = {
    "banzu_form": BANZU_FORM_KEYS,
    "banzu_case": ["班组名称", "所在单位", "案例名称", "背景", "做法", "成果", "效益", "字数"],
    "banzu_summary": ["推荐单位", "联系人", "电话", "条目"],
    "studio_form": STUDIO_FORM_KEYS,
    "studio_summary": ["推荐单位", "联系人", "电话", "条目"],
    "studio_evidence": ["工作室名称", "标题", "覆盖指标"],
    "studio_report": ["工作室名称", "标题"],
    "junk": [], "unreadable": [],
}
# names a document may leave to its file name or folder
NOT_IN_TEXT = {("banzu_case", "班组名称"), ("studio_evidence", "工作室名称")}


def _files(root: str) -> dict[str, bytes]:
    out = {}
    for dp, _dn, fn in os.walk(root):
        for f in fn:
            rel = os.path.relpath(os.path.join(dp, f), root).replace(os.sep, "/")
            with open(os.path.join(dp, f), "rb") as fh:
                data = fh.read()
            if rel.endswith(".zip"):
                z = zipfile.ZipFile(io.BytesIO(data))
                for i in z.infolist():
                    assert not i.flag_bits & 0x800, "zip members must be GBK without the UTF-8 flag"
                    out[f"{rel}/{i.filename.encode('cp437').decode('gbk')}"] = z.read(i)
            else:
                out[rel] = data
    return out


def _text(path: str, data: bytes) -> str | None:
    if path.endswith(".docx"):
        d = docx.Document(io.BytesIO(data))
        parts = [p.text for p in d.paragraphs]
        parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
        return "\n".join(parts)
    if path.endswith(".xlsx"):
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    return None


@pytest.fixture(scope="module", params=["banzu", "studio", "banzu_flat"])
def built(request, blind_inbox):
    return request.param, *blind_inbox(request.param)


def test_every_file_in_truth(built):
    _c, dest, truth = built
    assert set(_files(dest)) == set(truth["documents"])


def test_keys_complete(built):
    _c, _dest, truth = built
    for path, d in truth["documents"].items():
        assert list(d["fields"]) == KEYS[d["kind"]], path
        if d["kind"] not in ("junk", "unreadable"):
            assert d["unit"], path


def test_values_are_written(built):
    _c, dest, truth = built
    files = _files(dest)
    for path, d in truth["documents"].items():
        if d["kind"] in ("junk", "unreadable"):
            continue
        text = _text(path, files[path])
        if text is None:
            continue
        flat = text.replace("\n", "")
        for key, value in d["fields"].items():
            if (d["kind"], key) in NOT_IN_TEXT:
                continue
            for v in value if isinstance(value, list) else [value]:
                strings = [x for x in (v.values() if isinstance(v, dict) else [v]) if isinstance(x, str)]
                for s in strings:
                    if key.endswith(("日期", "时间", "出生年月")):
                        continue
                    for para in s.split("\n"):
                        assert para in flat, (path, key, para[:40])


def test_findings_point_at_documents(built):
    _c, _dest, truth = built
    for f in truth["findings"]:
        paths = f["path"] if isinstance(f["path"], list) else [f["path"]] if f["path"] else []
        for p in paths:
            assert p in truth["documents"], f


def test_rebuild_is_byte_identical(tmp_path, blind_inbox):
    first, truth = blind_inbox("banzu_flat")
    again = str(tmp_path / "again")
    assert build("banzu_flat", again, 0) == truth
    assert _files(again) == _files(first)
