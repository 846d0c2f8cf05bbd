"""The worker fence: a file that hangs, crashes its reader or eats memory costs only itself."""

from __future__ import annotations

import os
import time

from extractors.models import FileFormat, Record, SourceFile, Status
from pipeline.config import resolve_profile
from pipeline.workers import WorkerPool, process_all

PROFILE = resolve_profile("banzu")


def misbehaving_process(src: SourceFile, profile) -> Record:
    """Stands in for pipeline.run.process; behaves as the file's name says."""
    if "hang" in src.path:
        time.sleep(60)
    if "crash" in src.path:
        os._exit(3)
    if "oom" in src.path:
        hog = bytearray(8 * 1024 * 1024 * 1024)  # beyond the worker's address-space cap
        hog[0] = 1
    return Record(path=src.path, kind="banzu_form", unit="", unit_source="", sha256="", reason=f"ok {os.getpid()}")


def _src(name: str) -> SourceFile:
    return SourceFile(path=name, unit_hint="甲", unit_hint_source="文件夹", fmt=FileFormat.DOCX, size=1, sha256="",
                      data=b"x")


def test_hang_crash_and_oom_cost_only_their_own_file():
    names = ["a.docx", "hang.docx", "b.docx", "crash.docx", "c.docx", "oom.docx", "d.docx"]
    started = time.monotonic()
    records = process_all([_src(n) for n in names], PROFILE, misbehaving_process, jobs=2, timeout=3, memory_mb=1024)
    assert time.monotonic() - started < 45  # the hang was cut short, not waited out
    assert [r.path for r in records] == names  # input order, whatever finished first
    by = {r.path: r for r in records}
    for ok in ("a.docx", "b.docx", "c.docx", "d.docx"):
        assert by[ok].kind == "banzu_form" and by[ok].reason.startswith("ok ")
    assert (by["hang.docx"].kind, by["hang.docx"].status) == ("unreadable", Status.FAILURE)
    assert by["hang.docx"].reason == "读取超时（超过 3 秒），已停止读取这个文件"
    assert by["crash.docx"].reason == "读取时程序意外中断（文件可能触发了读取组件的缺陷），已跳过，请人工查看原件"
    assert by["oom.docx"].reason == "读取时超出内存上限（1024 MB），文件可能过大或结构异常"


def test_a_pool_serves_several_runs_and_replaces_a_crashed_worker():
    """huishen watch keeps its workers: the second run is read by the processes that read the first; a worker
    that crashed is replaced, and closing the pool stops them all."""
    with WorkerPool(PROFILE, misbehaving_process, jobs=2, memory_mb=1024) as pool:
        pool.start()
        started = {w.proc.pid for w in pool.workers}
        assert len(started) == 2 and all(w.proc.is_alive() for w in pool.workers)
        first = process_all([_src(f"{i}.docx") for i in range(6)], PROFILE, misbehaving_process, pool=pool)
        assert [r.path for r in first] == [f"{i}.docx" for i in range(6)]
        assert {int(r.reason.split()[1]) for r in first} <= started
        second = process_all([_src("crash.docx"), _src("x.docx"), _src("y.docx")], PROFILE, misbehaving_process,
                             pool=pool)
        assert second[0].reason == "读取时程序意外中断（文件可能触发了读取组件的缺陷），已跳过，请人工查看原件"
        assert {r.reason.startswith("ok ") for r in second[1:]} == {True}
        now = {w.proc.pid for w in pool.workers}
        assert len(now) == 2 and len(now & started) == 1  # one kept, the crashed one replaced
        procs = [w.proc for w in pool.workers]
    assert pool.workers == [] and not any(p.is_alive() for p in procs)


def test_in_process_mode_reads_in_order():
    records = process_all([_src("x.docx"), _src("y.docx")], PROFILE, misbehaving_process, jobs=0)
    assert [r.path for r in records] == ["x.docx", "y.docx"]
    assert {r.reason for r in records} == {f"ok {os.getpid()}"}


def test_parallel_output_equals_single_process(tmp_path):
    """Same inbox, one worker or two: identical outputs (apart from the workbooks' creation time)."""
    from tests import docx_fixtures as fx
    from tests.e2e_common import run_cli

    inbox = tmp_path / "inbox"
    (inbox / "甲工会").mkdir(parents=True)
    for i in range(6):
        (inbox / "甲工会" / f"表{i}.docx").write_bytes(fx.form_docx(
            ["推荐单位工会：甲市教育工会"], [["班组名称", f"第{i}班组"], ["所在单位", "甲校"], ["班组总人数", str(i + 3)],
                                      ["党员人数", "1"]]))
    (inbox / "甲工会" / "坏.docx").write_bytes(b"PK\x03\x04broken")
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        # the reports' generation time pinned (SOURCE_DATE_EPOCH): the two runs may fall in different minutes
        run = run_cli(inbox, "banzu", out, extra=["--jobs", jobs], env={"SOURCE_DATE_EPOCH": "1764892800"})
        assert run["proc"].returncode == 0, run["proc"].stderr
        outs[jobs] = {n: _comparable(out / n) for n in ("records.json", "异常报告.html", "汇总表.xlsx", "异常报告.xlsx",
                                                      "材料明细.xlsx")}
    assert outs["1"] == outs["2"]


def _comparable(path):
    """A file's bytes; for a workbook, each part's bytes except the creation time (docProps/core.xml)."""
    import zipfile

    if path.suffix != ".xlsx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_plain_files_are_read_again_in_the_worker_and_a_changed_file_is_reported(tmp_path):
    """Discovery keeps no plain file's bytes (a 5,000-file inbox must not sit in memory); the reader
    gets them again and refuses a file that changed after discovery hashed it."""
    from pipeline.discover import discover
    from pipeline.run import process
    from tests import docx_fixtures as fx

    unit = tmp_path / "in" / "南京市教育工会"
    unit.mkdir(parents=True)
    case = unit / "案例.docx"
    case.write_bytes(fx.paragraphs_docx(["班组创新案例", "班组名称：电工班", "一、案例背景", "能耗偏高。",
                                         "二、主要做法", "建立平台。", "三、创新成果", "专利3项。",
                                         "四、效益影响", "节约12万元。"]))
    (src,) = list(discover(tmp_path / "in"))
    assert (src.data, src.origin) == (b"", str(case.resolve()))
    assert process(src, PROFILE).kind == "banzu_case"
    case.write_bytes(fx.paragraphs_docx(["已被替换的文件"]))
    rec = process(src, PROFILE)
    assert (rec.kind, rec.status, rec.reason) == (
        "unreadable", Status.FAILURE, "文件在处理过程中被修改或替换（可能仍在复制），请待文件就绪后重新运行")
    case.unlink()
    assert process(src, PROFILE).reason == "文件无法打开（文件已不存在）"


def test_a_worker_ignores_ctrl_c_from_its_first_instant():
    """Ctrl-C reaches every process of the terminal's group; a worker still importing (before its own code
    runs) once printed a KeyboardInterrupt traceback. It is started with SIGINT ignored, and the parent's
    handler is as it was."""
    import signal

    before = signal.getsignal(signal.SIGINT)
    with WorkerPool(PROFILE, misbehaving_process, jobs=1, memory_mb=0) as pool:
        (worker,) = pool.take(1)
        status = open(f"/proc/{worker.proc.pid}/status").read()  # at once: the child is still starting
        ignored = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:")), 16)
        assert ignored & (1 << (signal.SIGINT - 1))
    assert signal.getsignal(signal.SIGINT) is before


def logging_process(src: SourceFile, profile) -> Record:
    """Stands in for pipeline.run.process: logs a warning naming the file, as a reader does for a bad one."""
    import logging

    logging.getLogger("extractors.readers").warning("读取 %s 时出了问题", src.path)
    return Record(path=src.path, kind="banzu_form", unit="", unit_source="", sha256="")


def test_a_kept_pool_logs_each_batch_into_its_own_log(tmp_path, monkeypatch):
    """The web page keeps one pool for many batches: a worker writes each batch's records into that batch's
    huishen.log, not into the log of the batch that started it."""
    from pipeline import logs

    first, second = tmp_path / "一" / "huishen.log", tmp_path / "二" / "huishen.log"
    for p in (first, second):
        p.parent.mkdir()
    with WorkerPool(PROFILE, logging_process, jobs=1, memory_mb=0) as pool:
        monkeypatch.setenv(logs.LOG_ENV, str(first))
        process_all([_src("甲.docx")], PROFILE, logging_process, pool=pool)
        monkeypatch.setenv(logs.LOG_ENV, str(second))
        process_all([_src("乙.docx")], PROFILE, logging_process, pool=pool)
    a, b = first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
    assert "读取 甲.docx 时出了问题" in a and "乙.docx" not in a
    assert "读取 乙.docx 时出了问题" in b and "甲.docx" not in b
