"""Checks as data: tests/check_cases.yaml drives one case per row; plus the registry's own contract."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checks.base import REGISTRY, Batch
from checks.catalog import all_checks, run_record_checks
from extractors.models import FieldValue, Record, Section
from extractors.text import word_count
from pipeline.config import resolve_profile

CASES = yaml.safe_load((Path(__file__).parent / "check_cases.yaml").read_text(encoding="utf-8"))
PROFILE = resolve_profile("banzu")
PROFILES = {"banzu": PROFILE, "studio": resolve_profile("studio"), "youzhi": resolve_profile("youzhi"),
            "chuangjian": resolve_profile("chuangjian"),
            "wuxiao": resolve_profile("wuxiao")}


def _text(v):
    if isinstance(v, dict) and "repeat" in v:
        return v["repeat"] * v["times"]
    return v


def _record(spec: dict, profile) -> Record:
    rec = Record(path=spec.get("path", "a.docx"), kind=spec["kind"], unit=spec.get("unit", "测试单位"),
                 unit_source=spec.get("unit_source", "表头"), sha256="", size=spec.get("size", 1000),
                 reason=spec.get("reason", ""), fmt=spec.get("fmt", "docx"), pages=spec.get("pages", 1),
                 ocr_pages=spec.get("ocr_pages", 0), ocr_confidence=spec.get("ocr_confidence"),
                 name_hint=spec.get("name_hint", ""), name_hint_source=spec.get("name_hint_source", ""),
                 superseded_by=spec.get("superseded_by", ""), superseded_why=spec.get("superseded_why", ""))
    for key, v in (spec.get("fields") or {}).items():
        if isinstance(v, dict) and "raw" in v:
            rec.fields[key] = FieldValue(key, v["raw"], v["value"], problem=v.get("problem", ""),
                                         confidence=v.get("confidence"), where=v.get("where", ""))
        else:
            v = _text(v)
            rec.fields[key] = FieldValue(key, "" if v is None else str(v), v)
    kind = profile.kind(rec.kind)
    for key, body in (spec.get("sections") or {}).items():
        title = next(s.title for s in kind.sections if s.key == key)
        rec.sections[key] = Section(key, "" if body is None else title, body or "", word_count(body or ""))
    rec.items = spec.get("items", [])
    return rec


def _run(case: dict) -> list:
    all_checks()
    profile = PROFILES[case.get("profile", "banzu")]
    check = REGISTRY[case["check"]](profile)
    records = [_record(r, profile) for r in case["records"]]
    found = []
    if check.phase in ("record", "both"):
        found += [f for r in records for f in run_record_checks([check], r, profile)]
    if check.phase in ("batch", "both"):
        found += list(check.check_batch(Batch(records, case.get("links", {}), _history(case.get("history")))))
    return found


class _ListLookup:
    """The registry's name look-up over a list written in the case (extractors.names decides a match)."""

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def find(self, name: str, unit: str, leader: str = "") -> list:
        from types import SimpleNamespace

        from extractors.names import match_names

        hits = [SimpleNamespace(**{"leader": "", "source": "", **r}, match=m.value)
                for r in self.rows if (m := match_names(name, r["name"], unit, r.get("unit", "")))]
        return sorted(hits, key=lambda h: -h["year"] if isinstance(h, dict) else -h.year)


def _history(spec: dict | None):
    from checks.base import EarlierText, History

    if spec is None:
        return None
    texts = [EarlierText(key=f"登记库#{i}", year=t["year"], unit=t["unit"], name=t["name"], label=t["label"],
                         text=_text(t["text"]), leader=t.get("leader", "")) for i, t in enumerate(spec.get("texts", []))]
    return History(campaign="banzu", year=spec["year"], named=_ListLookup(spec.get("named", [])),
                   submitted=_ListLookup(spec.get("submitted", [])), texts=texts)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['check']}: {c['name']}" for c in CASES])
def test_check_case(case):
    findings = _run(case)
    got = [{k: getattr(f, k) for k in want} for f, want in zip(findings, case["expect"], strict=False)]
    assert len(findings) == len(case["expect"]), [f.message for f in findings]
    assert got == case["expect"]
    for f in findings:
        assert f.code == case["check"]
        assert f.title == REGISTRY[case["check"]].title


def test_every_check_has_a_case_that_fires_and_one_that_passes_or_is_file_level():
    fired = {c["check"] for c in CASES if c["expect"]}
    registered = {c.code for c in all_checks()}
    # check.failed fires when another check raises: test_a_failing_check_becomes_a_finding
    assert registered - fired == {"check.failed"}, "checks without a failing case in check_cases.yaml"


def test_a_failing_check_becomes_a_finding_and_the_others_go_on(monkeypatch):
    from checks.catalog import run_batch_checks, selected
    from checks.record_rules import LengthOver

    def boom(self, record, kind):
        raise ValueError("text too long")

    monkeypatch.setattr(LengthOver, "check_record", boom)
    rec = _record({"kind": "banzu_case", "fields": {"字数": 900}, "sections": {"背景": "背景", "做法": "做法",
                                                                               "成果": None, "效益": "节约5万元"}},
                  PROFILE)
    checks = selected(PROFILE)
    found = [(f.code, f.message) for f in run_record_checks(checks, rec, PROFILE)]
    assert ("check.failed", "“字数超限”检查在这份材料上未能完成（程序出错，经过已记入运行日志 huishen.log），请人工核对这一项") in found
    assert "section.missing" in {c for c, _ in found}  # the other checks went on
    from checks.batch_rules import QuotaExceeded

    monkeypatch.setattr(QuotaExceeded, "check_batch", lambda self, batch: 1 / 0)
    batch = [(f.code, f.batch, f.message) for f in run_batch_checks(checks, Batch([rec]))]
    assert ("check.failed", True, "“推荐数量超过名额”检查在整批材料上未能完成（程序出错，经过已记入运行日志 huishen.log），"
            "请人工核对这一项") in batch


@pytest.mark.parametrize("cls", all_checks(), ids=lambda c: c.code)
def test_every_check_is_documented(cls):
    assert cls.code and "." in cls.code
    assert cls.name and cls.title
    doc = cls.doc()
    assert len(doc.splitlines()[0]) >= 8, "first line of the docstring says what it checks"
    assert "不通过" in doc and "通过" in doc, "docstring gives a failing and a passing example"
    assert cls.phase in ("record", "batch", "both")


def test_profile_can_regrade_and_ignore():
    from checks.catalog import selected

    data = PROFILE.model_dump()
    data["checks"] = {"ignore": ["file.*"], "severity": {"evidence.no_numbers": "error"}}
    chosen = {c.code: c for c in selected(type(PROFILE).model_validate(data))}
    assert not any(code.startswith("file.") for code in chosen)
    assert chosen["evidence.no_numbers"].level.value == "error"
    assert chosen["length.over"].level.value == "error"


def test_a_finding_has_a_stable_key_and_its_units_as_a_list():
    """A decision or a letter holds on to a finding by its key: check, units, subject (else file names) and
    field — the same when the batch is run again, or a file is corrected (its path and hash change)."""
    from checks.models import Finding
    from extractors.models import Severity

    a = Finding("duplicate.submission", Severity.ERROR, "重复推荐", "…", units=["甲工会", "乙工会"],
                paths=["甲/表1.docx", "乙/表1.docx"], subject="热工 实验中心", field="班组名称")
    assert (a.unit, a.units) == ("甲工会、乙工会", ["甲工会", "乙工会"])
    again = Finding("duplicate.submission", Severity.ERROR, "重复推荐", "另一种说法", units=["乙工会", "甲工会"],
                    paths=["乙/表1（修改稿）.docx", "甲/表1.docx"], subject="热工实验中心", field="班组名称")
    assert a.key == again.key and len(a.key) == 16
    other_field = Finding("duplicate.submission", Severity.ERROR, "重复推荐", "…", units=["甲工会", "乙工会"],
                          subject="热工实验中心", field="所在单位")
    assert other_field.key != a.key
    single = Finding("file.junk", Severity.INFO, "临时文件", "…", unit="甲工会", paths=["甲/Thumbs.db"])
    assert single.units == ["甲工会"]
    assert single.key != Finding("file.junk", Severity.INFO, "临时文件", "…", unit="甲工会",
                                 paths=["甲/~$表.docx"]).key
    # A finding about a file itself is about that file, even when both files name one subject.
    form, case = (Finding("file.scanned", Severity.INFO, "扫描件", "…", unit="甲工会", paths=[p], subject="一班组")
                  for p in ("甲/表.pdf", "甲/案例.jpg"))
    assert form.key != case.key
