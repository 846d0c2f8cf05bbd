"""Self-checks of the chuangjian blind fixture generator (never of the product): the truth lists every file, gives
every key of its kind (sub-tables and ledger entries under their drafted keys), states values really written in the
documents, gives the 六有 table its findings follow, covers every chuangjian variation with seed 0, and rebuilds
byte for byte per seed."""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from .build import build
from .chuangjian import (
    ENTRY_KEYS,
    EVIDENCE_KEYS,
    FORM_KEYS,
    LEDGER_KEYS,
    MEMBER_KEYS,
    RESULT_KEYS,
    STANDARDS,
    TOPIC_KEYS,
)
from .chuangjian_data import DIRS, RULES, SIGNS
from .common import read_variation_ids
from .test_blind import _files, _text

pytestmark = pytest.mark.skipif(not shutil.which("soffice") and not os.path.exists("/usr/bin/soffice"),
                                reason="LibreOffice (soffice) is needed to write the PDF/.doc fixtures")

KEYS = {"chuangjian_form": FORM_KEYS, "chuangjian_ledger": LEDGER_KEYS, "chuangjian_evidence": EVIDENCE_KEYS,
        "junk": [], "unreadable": []}
SUB = {"团队成员": MEMBER_KEYS, "课题": TOPIC_KEYS, "成果": RESULT_KEYS}
_WS = re.compile(r"[\s\u3000]+")
# values a document states in another form than the truth keeps them (dates, numbers, yes/no), and names a photo
# leaves to its file name
NOT_LITERAL = {"填报日期", "成立时间", "领衔人出生年月", "出生年月", "时间", "日期", "分工会意见日期", "成员人数", "使用面积",
               "专项经费", "年度"}


@pytest.fixture(scope="module")
def built(blind_inbox):
    return blind_inbox("chuangjian")


def test_every_file_in_truth(built):
    dest, truth = built
    assert set(_files(dest)) == set(truth["documents"])
    assert truth["profile"] == "chuangjian" and truth["campaign"] == "chuangjian"


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
        if d["kind"] == "chuangjian_form":
            for k, keys in SUB.items():
                for row in d["fields"][k]:
                    assert list(row) == keys and all(row.values()), (path, k)  # blank rows dropped
        if d["kind"] == "chuangjian_ledger":
            assert d["fields"]["条目"], path
            for e in d["fields"]["条目"]:
                assert list(e) == ENTRY_KEYS, path
    assert kinds == set(KEYS)


def test_values_are_normalised(built):
    _dest, truth = built
    for path, d in truth["documents"].items():
        f = d["fields"]
        if d["kind"] == "chuangjian_form":
            for k, opts in (("创新方向", DIRS), ("标志", SIGNS), ("制度", RULES)):
                assert isinstance(f[k], list) and f[k] == [o for o in opts if o in f[k]], (path, k)
            for k in ("填报日期", "成立时间", "领衔人出生年月", "分工会意见日期"):
                assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f[k]), (path, k)
            for m in f["团队成员"]:
                assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", m["出生年月"]), path
            assert isinstance(f["成员人数"], int) and isinstance(f["一线教职工"], bool), path
            assert isinstance(f["专项经费"], (int, float)) and isinstance(f["使用面积"], (int, float)), path
        if d["kind"] == "chuangjian_ledger":
            for e in f["条目"]:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["日期"]), path


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
                    if not isinstance(x, str) or k in NOT_LITERAL or (d["kind"], k) == ("chuangjian_evidence", "佐证"):
                        continue
                    for para in x.split("\n"):
                        assert _WS.sub("", para) in flat, (path, k, para[:40])
                        checked += 1
    assert checked > 300


def test_standards_and_findings(built):
    _dest, truth = built
    forms = [p for p, d in truth["documents"].items() if d["kind"] == "chuangjian_form"]
    assert sorted(truth["standards"]) == sorted(forms)
    states = set()
    for p, row in truth["standards"].items():
        assert list(row) == STANDARDS
        states |= set(row.values())
        for std, state in row.items():
            code = {"达标": None, "存疑": "standard.doubtful", "不达标": "standard.not_met"}[state]
            hits = [f for f in truth["findings"] if f["path"] == p and f["field"] == std and f["code"].startswith("standard.")]
            assert [f["code"] for f in hits] == ([code] if code else []), (p, std)
    assert states == {"达标", "存疑", "不达标"}
    assert any(all(s == "达标" for s in row.values()) for row in truth["standards"].values())  # clean studios too
    codes = set()
    for f in truth["findings"]:
        codes.add(f["code"])
        assert f["path"] in truth["documents"] and truth["documents"][f["path"]]["unit"] == f["unit"], f
    assert codes >= {"standard.not_met", "standard.doubtful", "subtable.count_mismatch", "ledger.gaps", "length.over",
                     "evidence.no_numbers", "material.missing", "file.scanned", "file.junk", "file.unreadable"}


def test_every_variation_at_seed_0(built):
    _dest, truth = built
    used = {v for d in truth["documents"].values() for v in d["variations"]}
    needed = read_variation_ids("chuangjian")
    assert len(needed) >= 60
    assert needed <= used, sorted(needed - used)


def test_deterministic_per_seed(tmp_path, built):
    dest0, truth0 = built
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    # the two builds run side by side (most of their time is LibreOffice's, in its own process)
    with ThreadPoolExecutor(2) as ex:
        fa, fb = ex.submit(build, "chuangjian", a, 0), ex.submit(build, "chuangjian", b, 1)
        ta, tb = fa.result(), fb.result()
    assert ta == truth0
    assert _files(a) == _files(dest0)
    assert tb != ta

    def planted(t):
        return sorted((f["code"], str(f["unit"]), f["field"]) for f in t["findings"] if f["code"] != "file.scanned")
    assert planted(tb) == planted(ta)
    assert sorted(tb["standards"].values(), key=str) == sorted(ta["standards"].values(), key=str)
