"""Watch mode: a file dropped in (copied slowly) is picked up once complete; Ctrl-C stops cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.watch import describe, snapshot
from tests import docx_fixtures as fx

# Ctrl-C stops the watch at once on an idle machine; on a loaded 2-core runner, shutting down a model load
# or the worker pool in progress can take a while: wait long enough to tell "slow" from "never".
STOP_TIMEOUT = 120


def _form(name: str) -> bytes:
    return fx.form_docx(["推荐单位工会：甲市教育工会"], [["班组名称", name], ["所在单位", "甲校"], ["班组总人数", "5"],
                                                     ["党员人数", "1"]])


def _wait_for(pred, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.2)
    return False


def _names(out: Path) -> list[str]:
    try:
        data = json.loads((out / "records.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(d["fields"].get("班组名称") or "" for d in data["documents"] if d["kind"] == "banzu_form")


def test_snapshot_ignores_lock_files_and_describe_counts(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"1")
    (tmp_path / "~$a.docx").write_bytes(b"lock")
    before = snapshot(tmp_path)
    assert list(before) == ["a.docx"]
    (tmp_path / "b.docx").write_bytes(b"2")
    (tmp_path / "a.docx").write_bytes(b"11")
    assert describe(before, snapshot(tmp_path)) == "新增 1 个，改动 1 个文件"


def _start_watch(tmp_path: Path, jobs: str) -> tuple[subprocess.Popen, Path, Path]:
    """``huishen watch`` over an inbox holding one form; (process, inbox, output folder)."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    (inbox / "甲工会").mkdir(parents=True)
    (inbox / "甲工会" / "一.docx").write_bytes(_form("一班组"))
    huishen = Path(sys.executable).parent / "huishen"
    proc = subprocess.Popen([str(huishen), "watch", str(inbox), "--profile", "banzu", "--out", str(out),
                             "--interval", "0.5", "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    return proc, inbox, out


def test_watch_picks_up_a_slowly_copied_file_and_stops_on_ctrl_c(tmp_path):
    proc, inbox, out = _start_watch(tmp_path, "0")
    try:
        assert _wait_for(lambda: _names(out) == ["一班组"], 60), "first run"
        data = _form("二班组")
        target = inbox / "甲工会" / "二.docx"
        with target.open("wb") as f:  # a copy in progress: half now, the rest a little later
            f.write(data[: len(data) // 2])
            f.flush()
            time.sleep(0.3)
            f.write(data[len(data) // 2 :])
        assert _wait_for(lambda: _names(out) == ["一班组", "二班组"], 60), "re-run after the drop"
    finally:
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=STOP_TIMEOUT)
    assert proc.returncode == 0, stderr
    assert "发现变化：新增 1 个文件" in stdout
    assert "已停止监视。" in stdout
    assert "读取超时" not in stdout and "无法读取 1" not in stdout  # the half-copied file was never read


def _workers_of(pid: int) -> set[int]:
    """PIDs of the multiprocessing workers (spawned interpreters) a process has started."""
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in cmdline:
                out.add(int(child))
    return out


def test_watch_keeps_its_workers_between_runs(tmp_path):
    """With workers (--jobs 2), the watch starts them once: a re-run is read by the same processes, and
    Ctrl-C leaves none behind."""
    proc, inbox, out = _start_watch(tmp_path, "2")
    try:
        assert _wait_for(lambda: _names(out) == ["一班组"], 60), "first run"
        assert _wait_for(lambda: len(_workers_of(proc.pid)) == 2, 30), "workers started while waiting"
        workers = _workers_of(proc.pid)
        (inbox / "甲工会" / "二.docx").write_bytes(_form("二班组"))
        (inbox / "甲工会" / "三.docx").write_bytes(_form("三班组"))
        assert _wait_for(lambda: _names(out) == ["一班组", "三班组", "二班组"], 60), "re-run after the drop"
        assert _workers_of(proc.pid) == workers
    finally:
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=STOP_TIMEOUT)
    assert proc.returncode == 0, stderr
    assert "已停止监视。" in stdout
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
