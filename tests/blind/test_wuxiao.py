"""Self-checks of the wuxiao blind fixture generator (never of the product): the truth lists every file, gives every
key of its kind (sub-table rows and summary entries under their drafted keys), states values really written in the
documents, covers every wuxiao variation with seed 0, and rebuilds byte for byte per seed."""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from .build import build
from .common import read_variation_ids
from .test_blind import _files, _text
from .wuxiao import AWARD_KEYS, FORM_KEYS, ITEM_KEYS, MEMBER_KEYS, SUMMARY_KEYS
from .wuxiao_data import CATS, TRACKS

pytestmark = pytest.mark.skipif(not shutil.which("soffice") and not os.path.exists("/usr/bin/soffice"),
                                reason="LibreOffice (soffice) is needed to write the PDF/.doc fixtures")

KEYS = {"wuxiao_form": FORM_KEYS, "wuxiao_award": AWARD_KEYS, "wuxiao_summary": SUMMARY_KEYS, "junk": [], "unreadable": []}
_WS = re.compile(r"[\s\u3000]+")
# values a document states in another form than the truth keeps them (dates, numbers, yes/no)
NOT_LITERAL = {"填报日期", "带头人出生年月", "完成时间", "表彰时间", "基层工会意见日期", "推荐单位意见日期", "经济效益", "日期",
               "序号"}


@pytest.fixture(scope="module")
def built(blind_inbox):
    return blind_inbox("wuxiao")


def test_every_file_in_truth(built):
    dest, truth = built
    assert set(_files(dest)) == set(truth["documents"])
    assert truth["profile"] == "wuxiao" and truth["campaign"] == "wuxiao"


def test_inbox_size(built):
    _dest, truth = built
    units = {d["unit"] for d in truth["documents"].values()}
    assert len(units) >= 5 and len(truth["documents"]) >= 25


def test_keys_complete(built):
    _dest, truth = built
    kinds = set()
    for path, d in truth["documents"].items():
        assert d["unit"], path
        kinds.add(d["kind"])
        assert list(d["fields"]) == KEYS[d["kind"]], path
        if d["kind"] == "wuxiao_form":
            for m in d["fields"]["其他完成人"]:
                assert list(m) == MEMBER_KEYS and all(m.values()), path  # blank rows dropped
        if d["kind"] == "wuxiao_summary":
            for item in d["fields"]["条目"]:
                assert list(item) == ITEM_KEYS, path
    assert kinds == set(KEYS)


def test_values_are_normalised(built):
    _dest, truth = built
    for path, d in truth["documents"].items():
        f = d["fields"]
        if d["kind"] == "wuxiao_form":
            for k, opts in (("成果类别", CATS), ("参赛类别", TRACKS)):
                assert f[k] is None or f[k] in opts or (isinstance(f[k], list) and set(f[k]) <= set(opts)), (path, k)
            for k in ("填报日期", "带头人出生年月", "完成时间", "表彰时间", "基层工会意见日期", "推荐单位意见日期"):
                assert f[k] is None or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f[k]), (path, k)
            assert isinstance(f["经济效益"], (int, float)) and not isinstance(f["经济效益"], bool), path
            assert isinstance(f["已投入使用"], bool) and isinstance(f["承诺"], bool), path
        if d["kind"] == "wuxiao_award":
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", f["日期"]) and f["表彰成果"], path
            assert not any(n[0] in "“《" for n in f["表彰成果"]), path


def test_values_are_written(built):
    dest, truth = built
    files = _files(dest)
    checked = 0
    for path, d in truth["documents"].items():
        if d["kind"] in ("junk", "unreadable"):
            continue
        text = _text(path, files[path])
        if text is None:
            continue
        flat = _WS.sub("", text)
        for key, value in d["fields"].items():
            if key in NOT_LITERAL:
                continue
            for v in value if isinstance(value, list) else [value]:
                for k, x in v.items() if isinstance(v, dict) else [(key, v)]:
                    if not isinstance(x, str) or k in NOT_LITERAL:
                        continue
                    for para in x.split("\n"):
                        assert _WS.sub("", para) in flat, (path, k, para[:40])
                        checked += 1
    assert checked > 300


def test_findings_point_at_documents(built):
    _dest, truth = built
    codes = set()
    for f in truth["findings"]:
        codes.add(f["code"])
        paths = f["path"] if isinstance(f["path"], list) else [f["path"]] if f["path"] else []
        units = f["unit"] if isinstance(f["unit"], list) else [f["unit"]] * len(paths)
        for p, u in zip(paths, units, strict=True):
            assert p in truth["documents"], f
            assert truth["documents"][p]["unit"] == u, f
    assert codes >= {"choice.invalid", "award.missing", "award.unverified", "pledge.missing", "duplicate.misappropriation",
                     "duplicate.submission", "evidence.no_numbers", "numbers.inconsistent", "length.over", "field.missing",
                     "summary.missing", "summary.not_listed", "summary.not_received", "file.scanned", "file.junk",
                     "file.unreadable"}


def test_every_variation_at_seed_0(built):
    _dest, truth = built
    used = {v for d in truth["documents"].values() for v in d["variations"]}
    needed = read_variation_ids("wuxiao")
    assert len(needed) >= 60
    assert needed <= used, sorted(needed - used)


def test_deterministic_per_seed(tmp_path, built):
    dest0, truth0 = built
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    # the two builds run side by side (most of their time is LibreOffice's, in its own process)
    with ThreadPoolExecutor(2) as ex:
        fa, fb = ex.submit(build, "wuxiao", a, 0), ex.submit(build, "wuxiao", b, 1)
        ta, tb = fa.result(), fb.result()
    assert ta == truth0
    assert _files(a) == _files(dest0)
    assert tb != ta

    def planted(t):
        return sorted((f["code"], str(f["unit"]), f["field"]) for f in t["findings"] if f["code"] != "file.scanned")
    assert planted(tb) == planted(ta)
