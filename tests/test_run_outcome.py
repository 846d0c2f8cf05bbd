"""How a run ends when it cannot succeed: an inbox with nothing to review (empty, or only system and temporary
files), and outputs that cannot be written (a file open in Excel/WPS, a folder by an output's name, a folder
that cannot be written). One Chinese message, a non-zero exit, and no half-new set of outputs."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.outputs import OUTPUT_NAMES, files
from tests import docx_fixtures as fx
from tests.e2e_common import huishen
from tests.jargon import jargon_in

FORM = fx.form_docx(["推荐单位工会：甲市教育工会"], [["班组名称", "一班组"], ["所在单位", "甲校"], ["班组总人数", "5"],
                                                  ["党员人数", "1"]])

# Ctrl-C stops the watch at once on an idle machine; on a loaded 2-core runner, shutting down a model load
# or the worker pool in progress can take a while: wait long enough to tell "slow" from "never".
STOP_TIMEOUT = 120


def _inbox(root: Path) -> Path:
    inbox = root / "inbox"
    (inbox / "甲工会").mkdir(parents=True)
    (inbox / "甲工会" / "一.docx").write_bytes(FORM)
    return inbox


def _hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder``, hidden ones included (a backup or temp file left behind shows here), but the
    run's log and 历史/: a run whose files differ from the previous run's keeps a copy of the previous
    records.json there before writing (pipeline/review/changes.py), a copy of a file that stays as it is."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "huishen.log" and p.relative_to(folder).parts[0] != "历史"}


def _run(inbox: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return huishen(["run", str(inbox), "--profile", "banzu", "--out", str(out), "-j", "0", *extra])


# ------------------------------------------------------------------ nothing to review


def test_an_empty_inbox_is_not_a_success(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    (inbox / "甲工会").mkdir(parents=True)  # an empty unit folder holds nothing either
    proc = _run(inbox, out)
    assert proc.returncode == 1
    assert proc.stdout.strip() == ("收件文件夹里没有可审查的材料（文件夹是空的）。请把各单位报送的材料放进这个文件夹后再审查。\n"
                                   "  没有生成汇总表和异常报告。")
    assert proc.stderr == ""
    assert sorted(os.listdir(out)) == ["huishen.log"]  # no empty 汇总表, no records.json of nothing


def test_an_inbox_of_system_files_only_is_not_a_success(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    (inbox / "甲工会").mkdir(parents=True)
    (inbox / "Thumbs.db").write_bytes(b"\0" * 64)
    (inbox / ".DS_Store").write_bytes(b"\0Bud1")
    (inbox / "甲工会" / "~$推荐表.docx").write_bytes(b"\x06lock")
    proc = _run(inbox, out)
    assert proc.returncode == 1
    assert proc.stdout.strip() == ("收件文件夹里没有可审查的材料（找到 3 个文件，都是系统临时文件：.DS_Store、Thumbs.db、"
                                   "~$推荐表.docx）。请把各单位报送的材料放进这个文件夹后再审查。\n"
                                   "  没有生成汇总表和异常报告。")
    assert jargon_in(proc.stdout) == []
    assert sorted(os.listdir(out)) == ["huishen.log"]
    log = (out / "huishen.log").read_text(encoding="utf-8")  # the record of what was found
    assert "Thumbs.db：系统生成的文件（Thumbs.db），不是材料" in log
    assert "甲工会/~$推荐表.docx：Word/WPS 打开文件时产生的临时锁文件（~$ 开头），不是材料" in log


def test_nothing_to_review_leaves_the_previous_outputs_as_they_were(tmp_path):
    out = tmp_path / "out"
    assert _run(_inbox(tmp_path), out).returncode == 0
    before = _hashes(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = _run(empty, out)
    assert proc.returncode == 1
    assert proc.stdout.strip().splitlines()[-1] == f"  没有生成汇总表和异常报告；{out}/ 中仍是上次审查的输出文件，没有改动。"
    assert _hashes(out) == before


def test_the_session_says_what_it_found(tmp_path):
    from pipeline.session import NothingToReview, Session, SessionOptions, load_profile

    (tmp_path / "desktop.ini").write_bytes(b"[.ShellClassInfo]")
    with Session(load_profile("banzu"), SessionOptions(jobs=0, use_cache=False)) as session:
        with pytest.raises(NothingToReview) as e:
            session.run(tmp_path)
    assert e.value.found == ["desktop.ini"]
    assert str(e.value) == ("收件文件夹里没有可审查的材料（找到 1 个文件，都是系统临时文件：desktop.ini）。"
                            "请把各单位报送的材料放进这个文件夹后再审查。")


def test_watch_on_an_empty_inbox_says_so_and_keeps_watching(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    exe = Path(sys.executable).parent / "huishen"
    proc = subprocess.Popen([str(exe), "watch", str(inbox), "--profile", "banzu", "--out", str(out), "--interval",
                             "0.3", "--jobs", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # stdout is read as it comes: the run's summary is printed after its outputs are written, so "records.json
    # exists" does not yet mean the run has finished (a Ctrl-C in between once cut the summary off).
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        assert _until(lambda: any("没有可审查的材料" in line for line in lines)), "first pass over the empty inbox"
        assert not (out / "records.json").exists()
        (inbox / "甲工会").mkdir()
        (inbox / "甲工会" / "一.docx").write_bytes(FORM)
        assert _until(lambda: sum("继续监视" in line for line in lines) >= 2, 120), "a run once material arrives"
        assert (out / "records.json").exists()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        finally:
            if proc.poll() is None:  # never leave it running: its reader thread would outlive this test
                proc.kill()
                proc.wait()
            reader.join(timeout=10)
    stdout = "".join(lines)
    assert proc.returncode == 0, proc.stderr.read()
    assert "收件文件夹里没有可审查的材料（文件夹是空的）。" in stdout
    assert "汇审完成" in stdout and stdout.rstrip().endswith("已停止监视。")


def _until(pred, seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.2)
    return False


# ------------------------------------------------------------------ outputs that cannot be written


def test_a_folder_by_an_outputs_name_stops_the_write_and_is_left_alone(tmp_path):
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    assert _run(inbox, out).returncode == 0
    (out / "汇总表.xlsx").unlink()
    (out / "汇总表.xlsx").mkdir()
    (out / "汇总表.xlsx" / "我的文件.txt").write_text("留着", encoding="utf-8")
    (inbox / "甲工会" / "二.docx").write_bytes(FORM.replace(b"\xe4\xb8\x80", b"\xe4\xba\x8c"))  # 一 -> 二: new input
    before = _hashes(out)
    proc = _run(inbox, out)
    assert proc.returncode == 1
    assert proc.stdout.strip() == ("输出文件没有更新：输出文件夹里有一个名为“汇总表.xlsx”的文件夹，新生成的汇总表.xlsx "
                                   "无法放在那里。请把这个文件夹改名或移走，然后重新运行；输出文件夹中原有的文件一份也没有改动。")
    assert proc.stderr == ""
    assert jargon_in(proc.stdout) == []
    after = _hashes(out)
    # the folder and its file where they were; the other outputs the previous run's (the state file, which
    # describes them, is gone: the next run writes them afresh)
    assert after == {k: v for k, v in before.items() if k != files.STATE_FILE}
    assert "汇总表.xlsx/我的文件.txt" in after
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != files.STATE_FILE]


@pytest.fixture
def cli_in_process(monkeypatch):
    """The CLI run in this process (so os.replace can be patched); logging and HUISHEN_LOG restored after."""
    from pipeline.cli import main

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    monkeypatch.delenv("HUISHEN_LOG", raising=False)
    yield lambda args: CliRunner().invoke(main, args)
    for h in list(root.handlers):
        root.removeHandler(h)
        if h not in handlers:
            h.close()
    for h in handlers:
        root.addHandler(h)
    root.setLevel(level)


def test_an_output_open_in_excel_keeps_the_previous_set(tmp_path, monkeypatch, cli_in_process):
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    args = ["run", str(inbox), "--profile", "banzu", "--out", str(out), "-j", "0", "--no-cache"]
    assert cli_in_process(args).exit_code == 0
    (inbox / "甲工会" / "二.docx").write_bytes(FORM.replace(b"\xe4\xb8\x80", b"\xe4\xba\x8c"))
    before = _hashes(out)
    real_replace = os.replace
    locked = out / "汇总表.xlsx"

    def replace(src, dst):  # Windows, with the file open in Excel: it can be neither moved nor replaced
        if Path(src) == locked or Path(dst) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    result = cli_in_process(args)
    assert result.exit_code == 1
    assert result.output.strip() == ("输出文件没有更新：汇总表.xlsx 正被其他程序（通常是 Excel 或 WPS）打开，无法替换。"
                                     "请先在 Excel/WPS 中关闭 汇总表.xlsx，然后重新运行；输出文件夹中原有的文件一份也没有改动。")
    assert jargon_in(result.output) == []
    assert _hashes(out) == before  # the whole previous set, nothing new beside it, no temp or backup file
    log = (out / "huishen.log").read_text(encoding="utf-8")
    assert " ERROR pipeline.outputs.files: 无法替换 " in log and "Traceback" in log  # the details, kept there


def test_an_output_folder_that_cannot_be_written(tmp_path, monkeypatch, cli_in_process):
    """Read-only for this user (chmod does not stop root, who runs the tests: the refusal is simulated)."""
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    out.mkdir()

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(files, "write_temp", refuse)
    result = cli_in_process(["run", str(inbox), "--profile", "banzu", "--out", str(out), "-j", "0", "--no-cache"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"输出文件没有更新：无法在输出文件夹 {out} 中写入文件（没有权限）。请换一个输出文件夹，"
                                     "或请管理员开放这个文件夹的写入权限，然后重新运行；输出文件夹中原有的文件一份也没有改动。")
    assert [p.name for p in out.iterdir()] == ["huishen.log"]


def test_an_output_folder_that_is_a_file(tmp_path):
    inbox, out = _inbox(tmp_path), tmp_path / "out.xlsx"
    out.write_bytes(b"x")
    proc = _run(inbox, out)
    assert proc.returncode == 2
    assert proc.stdout.strip() == f"错误：{out} 是一个文件，不是文件夹，不能用作输出文件夹。"
    assert out.read_bytes() == b"x"


def test_records_json_is_the_runs_own(tmp_path):
    """After a failed write and a successful one, records.json and 汇总表 describe the same inputs."""
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    assert _run(inbox, out).returncode == 0
    (out / "汇总表.xlsx").unlink()
    (out / "汇总表.xlsx").mkdir()
    (inbox / "甲工会" / "二.docx").write_bytes(FORM.replace(b"\xe4\xb8\x80", b"\xe4\xba\x8c"))
    assert _run(inbox, out).returncode == 1
    assert len(json.loads((out / "records.json").read_text(encoding="utf-8"))["documents"]) == 1  # still the old
    (out / "汇总表.xlsx").rmdir()
    assert _run(inbox, out).returncode == 0
    assert len(json.loads((out / "records.json").read_text(encoding="utf-8"))["documents"]) == 2
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        [*OUTPUT_NAMES, "huishen.log", "历史"])


def test_an_output_folder_that_cannot_be_made(tmp_path):
    inbox, blocker = _inbox(tmp_path), tmp_path / "占位"
    blocker.write_bytes(b"x")
    proc = _run(inbox, blocker / "输出")
    assert proc.returncode == 1
    assert proc.stdout.strip() == (f"输出文件没有更新：无法创建输出文件夹 {blocker / '输出'}（路径中有一个同名的文件挡住了文件夹）。"
                                   "请换一个输出文件夹后重新运行。")
    assert proc.stderr == ""


def test_watch_stops_on_ctrl_c_even_when_started_with_sigint_ignored(tmp_path):
    """A parent that ignores SIGINT passes that on (a full test run did): the watch still stops on Ctrl-C."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    exe = Path(sys.executable).parent / "huishen"
    proc = subprocess.Popen([str(exe), "watch", str(inbox), "--profile", "banzu", "--out", str(tmp_path / "out"),
                             "--interval", "0.3", "--jobs", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        assert _until(lambda: (tmp_path / "out" / "huishen.log").exists()), "the watch started"
        proc.send_signal(signal.SIGINT)
        stdout, _ = proc.communicate(timeout=STOP_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0 and stdout.rstrip().endswith("已停止监视。")
