"""Self-checks of the youzhi blind fixture generator (never of the product): the truth lists every file, gives
every key of its kind (both records of a file holding the 申报表 and the 申报书), states values really written in
the documents, covers every youzhi variation with seed 0, and rebuilds byte for byte per seed."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from . import writer as w
from .build import build
from .common import read_variation_ids
from .test_blind import _files, _text
from .youzhi import FORM_KEYS, ITEM_KEYS, SUMMARY_KEYS, WRITEUP_KEYS
from .youzhi_data import ACTIONS

pytestmark = pytest.mark.skipif(not shutil.which("soffice") and not os.path.exists("/usr/bin/soffice"),
                                reason="LibreOffice (soffice) is needed to write the PDF/.doc fixtures")

KEYS = {"youzhi_form": FORM_KEYS, "youzhi_writeup": WRITEUP_KEYS, "youzhi_summary": SUMMARY_KEYS}
_WS = re.compile(r"[\s\u3000]+")
# values a document states in another form than the truth keeps them (dates, numbers, choices, yes/no)
NOT_LITERAL = {"填报日期", "实施开始", "实施结束", "基层工会意见日期", "推荐单位意见日期", "投入资金", "工会经费",
               "参与人次", "受益人数", "满意度", "曾获命名", "已获资助", "字数"}


def _records(d: dict) -> list[tuple[str, dict]]:
    return [(r["kind"], r["fields"]) for r in d["records"]] if "records" in d else [(d["kind"], d["fields"])]


@pytest.fixture(scope="module")
def built(blind_inbox):
    return blind_inbox("youzhi")


def test_every_file_in_truth(built):
    dest, truth = built
    assert set(_files(dest)) == set(truth["documents"])
    assert truth["profile"] == "youzhi" and truth["campaign"] == "youzhi"


def test_keys_complete(built):
    _dest, truth = built
    kinds = set()
    for path, d in truth["documents"].items():
        assert d["unit"], path
        for kind, fields in _records(d):
            kinds.add(kind)
            assert list(fields) == KEYS[kind], (path, kind)
            if kind == "youzhi_summary":
                for item in fields["条目"]:
                    assert list(item) == ITEM_KEYS, path
    assert kinds == set(KEYS)


def test_combined_files_give_both_records(built):
    _dest, truth = built
    combined = [p for p, d in truth["documents"].items() if "records" in d]
    assert combined
    for p, d in truth["documents"].items():
        assert ("records" in d) == bool({"YW6a", "YW6b"} & set(d["variations"])), p
        if "records" in d:
            assert [r["kind"] for r in d["records"]] == ["youzhi_form", "youzhi_writeup"], p
            assert d["records"][0] == {"kind": d["kind"], "fields": d["fields"]}, p


def test_values_are_normalised(built):
    _dest, truth = built
    for path, d in truth["documents"].items():
        for kind, f in _records(d):
            if kind == "youzhi_form":
                assert f["所属行动"] is None or f["所属行动"] in ACTIONS or \
                    (isinstance(f["所属行动"], list) and set(f["所属行动"]) <= set(ACTIONS)), path
                for k in ("实施开始", "实施结束", "填报日期", "基层工会意见日期", "推荐单位意见日期"):
                    assert f[k] is None or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f[k]), (path, k)
                for k in ("投入资金", "工会经费", "满意度"):
                    assert isinstance(f[k], (int, float)) and not isinstance(f[k], bool), (path, k)
                assert isinstance(f["参与人次"], int) and isinstance(f["受益人数"], int), path
                assert isinstance(f["曾获命名"], bool) and isinstance(f["已获资助"], bool), path
            if kind == "youzhi_writeup":
                body = [f[k] for k in ("背景", "做法", "成效", "推广价值") if f[k]]
                assert f["字数"] >= sum(w.word_count(x) for x in body), path  # extra parts count too


def test_values_are_written(built):
    dest, truth = built
    files = _files(dest)
    checked = 0
    for path, d in truth["documents"].items():
        text = _text(path, files[path])
        if text is None:
            continue
        flat = _WS.sub("", text)
        for _kind, fields in _records(d):
            for key, value in fields.items():
                if key in NOT_LITERAL:
                    continue
                for v in value if isinstance(value, list) else [value]:
                    for k, x in v.items() if isinstance(v, dict) else [(key, v)]:
                        if not isinstance(x, str) or k in NOT_LITERAL:
                            continue
                        for para in x.split("\n"):
                            assert _WS.sub("", para) in flat, (path, k, para[:40])
                            checked += 1
    assert checked > 100


def test_findings_point_at_documents(built):
    _dest, truth = built
    codes = set()
    for f in truth["findings"]:
        codes.add(f["code"])
        paths = f["path"] if isinstance(f["path"], list) else [f["path"]] if f["path"] else []
        for p in paths:
            assert p in truth["documents"], f
            assert truth["documents"][p]["unit"] == f["unit"], f
    assert codes >= {"choice.invalid", "eligibility.not_implemented", "eligibility.no_investment",
                     "eligibility.not_union_led", "eligibility.already_funded", "length.over", "section.missing",
                     "evidence.no_numbers", "field.missing", "quota.exceeded", "material.missing",
                     "summary.not_listed", "summary.not_received"}


def test_every_variation_at_seed_0(built):
    _dest, truth = built
    used = {v for d in truth["documents"].values() for v in d["variations"]}
    needed = read_variation_ids("youzhi")
    assert len(needed) >= 70
    assert needed <= used, sorted(needed - used)


def test_deterministic_per_seed(tmp_path, built):
    dest0, truth0 = built
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    ta = build("youzhi", a, 0)
    assert ta == truth0
    assert _files(a) == _files(dest0)
    tb = build("youzhi", b, 1)
    assert tb != ta
    # another seed deals other renderings and formats of the same projects: the same planted problems
    def planted(t):
        return sorted((f["code"], str(f["unit"]), f["field"]) for f in t["findings"] if f["code"] != "file.scanned")
    assert planted(tb) == planted(ta)
    assert sum(f["code"] == "file.scanned" for f in tb["findings"]) == 2
