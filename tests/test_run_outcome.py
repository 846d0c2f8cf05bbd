"""How a run ends when it cannot succeed: outputs that cannot be written (a file open in Excel/WPS, a folder by
an output's name, a folder that cannot be written). One Chinese message, a non-zero exit, and no half-new set
of outputs."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.outputs import OUTPUT_NAMES, files
from tests import docx_fixtures as fx
from tests.e2e_common import huishen
from tests.jargon import jargon_in

FORM = fx.form_docx(["推荐单位工会：甲市教育工会"], [["班组名称", "一班组"], ["所在单位", "甲校"], ["班组总人数", "5"],
                                                  ["党员人数", "1"]])


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
