"""Incremental re-runs: only new or changed files are read; a changed profile invalidates."""

from __future__ import annotations

import json

import pytest

from extractors.models import Record
from extractors.profile import load_profile
from pipeline.cache import RecordCache, clear
from pipeline.config import BUNDLED, resolve_profile
from pipeline.run import run
from tests import docx_fixtures as fx


def _form(i: int) -> bytes:
    return fx.form_docx(["推荐单位工会：甲市教育工会"], [["班组名称", f"第{i}班组"], ["所在单位", "甲校"],
                                                     ["班组总人数", str(i + 3)], ["党员人数", "1"]])


@pytest.fixture()
def inbox(tmp_path):
    unit = tmp_path / "inbox" / "甲工会"
    unit.mkdir(parents=True)
    for i in range(4):
        (unit / f"表{i}.docx").write_bytes(_form(i))
    (unit / "案例.docx").write_bytes(fx.paragraphs_docx(["案例", "班组名称：第0班组", "案例背景", "背景", "主要做法",
                                                       "做法", "创新成果", "获专利3项", "效益影响", "节约5万元"]))
    return tmp_path / "inbox"


def _records(report) -> str:
    return json.dumps([(d.record.path, d.record.kind, d.record.unit, {k: v.value for k, v in d.record.fields.items()},
                        sorted((f.code, f.field) for f in d.findings)) for d in report.documents], ensure_ascii=False)


def test_rerun_reads_only_what_changed(inbox, tmp_path):
    cache = RecordCache(tmp_path / "cache")
    profile = resolve_profile("banzu")
    first = run(inbox, profile, jobs=0, cache=cache)
    assert first.read_count == 5
    again = run(inbox, profile, jobs=0, cache=cache)
    assert again.read_count == 0
    assert _records(again) == _records(first)  # same records and findings from the cache

    (inbox / "甲工会" / "表2.docx").write_bytes(_form(7))  # a corrected file arrives
    (inbox / "甲工会" / "新.docx").write_bytes(_form(9))
    third = run(inbox, profile, jobs=0, cache=cache)
    assert third.read_count == 2
    names = sorted(d.record.value("班组名称") for d in third.documents if d.record.kind == "banzu_form")
    assert names == ["第0班组", "第1班组", "第3班组", "第7班组", "第9班组"]


def test_changed_profile_invalidates(inbox, tmp_path):
    cache = RecordCache(tmp_path / "cache")
    run(inbox, resolve_profile("banzu"), jobs=0, cache=cache)
    text = (BUNDLED / "banzu.toml").read_text(encoding="utf-8").replace("max_chars = 600", "max_chars = 650")
    changed = tmp_path / "banzu_changed.toml"
    changed.write_text(text, encoding="utf-8")
    assert run(inbox, load_profile(changed), jobs=0, cache=cache).read_count == 5


def test_timeouts_are_not_cached(tmp_path):
    cache = RecordCache(tmp_path / "cache")
    ok = Record(path="a", kind="junk", unit="", unit_source="", sha256="", reason="系统生成的文件")
    cut = Record(path="b", kind="unreadable", unit="", unit_source="", sha256="", reason="读取超时（超过 3 秒）")
    cache.put_many([("k1", ok), ("k2", cut)])
    assert set(cache.get_many(["k1", "k2"])) == {"k1"}


def test_clear(tmp_path):
    cache = RecordCache(tmp_path / "cache")
    cache.put_many([("k", Record(path="a", kind="junk", unit="", unit_source="", sha256=""))])
    cache.close()
    assert clear(tmp_path / "cache") > 0
    assert RecordCache(tmp_path / "cache").stats()[0] == 0


def test_unchanged_rerun_leaves_identical_outputs_alone(inbox, tmp_path):
    """Same inputs, profile and code: the outputs are not rendered again. A changed input, a deleted or
    edited output, or a run without the cache writes them all."""
    from pipeline.outputs import OUTPUT_NAMES, STATE_FILE, write_outputs

    cache, out, profile = RecordCache(tmp_path / "cache"), tmp_path / "out", resolve_profile("banzu")

    def once(use_cache: bool = True) -> tuple[bool, dict[str, int]]:
        report = run(inbox, profile, jobs=0, cache=cache if use_cache else None)
        write_outputs(report, out)
        return report.outputs_reused, {n: (out / n).stat().st_mtime_ns for n in OUTPUT_NAMES}

    reused, first = once()
    assert not reused and (out / STATE_FILE).exists()
    reused, second = once()
    assert reused and second == first
    (inbox / "甲工会" / "表2.docx").write_bytes(_form(7))
    reused, third = once()
    assert not reused and all(third[n] != second[n] for n in OUTPUT_NAMES)
    (out / "汇总表.xlsx").write_bytes(b"edited by hand")
    assert once()[0] is False and (out / "汇总表.xlsx").read_bytes()[:2] == b"PK"
    (out / "records.json").unlink()
    assert once()[0] is False and (out / "records.json").exists()
    assert once()[0] is True
    assert once(use_cache=False)[0] is False and not (out / STATE_FILE).exists()


def test_unchanged_rerun_reuses_the_checked_batch(inbox, tmp_path, monkeypatch):
    """Nothing changed: neither the records nor the checks are computed again; a changed file brings both
    back (for every record: batch checks see the whole batch)."""
    import pipeline.run as pr

    cache, profile = RecordCache(tmp_path / "cache"), resolve_profile("banzu")
    first = run(inbox, profile, jobs=0, cache=cache)
    calls = []
    real = pr.run_batch_checks
    monkeypatch.setattr(pr, "run_batch_checks", lambda *a: calls.append(1) or real(*a))
    again = run(inbox, profile, jobs=0, cache=cache)
    assert calls == [] and again.fingerprint == first.fingerprint and _records(again) == _records(first)
    (inbox / "甲工会" / "表3.docx").write_bytes(_form(8))
    third = run(inbox, profile, jobs=0, cache=cache)
    assert calls == [1] and third.read_count == 1 and third.fingerprint != first.fingerprint


def test_unchanged_files_are_not_read_again_during_discovery(inbox, tmp_path, monkeypatch):
    """Discovery remembers each plain file by its stat key (size, mtime, ctime, inode): a re-run reads and
    hashes only files that changed."""
    import pipeline.discover as disc

    cache, profile = RecordCache(tmp_path / "cache"), resolve_profile("banzu")
    run(inbox, profile, jobs=0, cache=cache)
    reads: list[str] = []
    real = disc._read_capped
    monkeypatch.setattr(disc, "_read_capped", lambda path: reads.append(path.name) or real(path))
    again = run(inbox, profile, jobs=0, cache=cache)
    assert reads == [] and again.read_count == 0
    (inbox / "甲工会" / "表1.docx").write_bytes(_form(5))
    third = run(inbox, profile, jobs=0, cache=cache)
    assert reads == ["表1.docx"] and third.read_count == 1
    assert {d.record.path: d.record.value("班组名称") for d in third.documents}["甲工会/表1.docx"] == "第5班组"


def test_a_full_disk_costs_the_cache_not_the_run(inbox, tmp_path):
    """SQLite's "database or disk is full" on every write: the run completes with the same result as without
    a cache, and the cache says why it was not written."""
    cache, profile = RecordCache(tmp_path / "cache"), resolve_profile("banzu")
    pages = cache.db.execute("PRAGMA page_count").fetchone()[0]
    cache.db.execute(f"PRAGMA max_page_count = {pages}")  # no page may be added: SQLITE_FULL
    full = run(inbox, profile, jobs=0, cache=cache)
    assert cache.unwritable == "磁盘空间已满"  # SQLite says "database or disk is full": shown in Chinese
    plain = run(inbox, profile, jobs=0)
    assert _records(full) == _records(plain)
