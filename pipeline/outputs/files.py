"""Writing the outputs: every file rendered in memory, then put in place all together or not at all (``write_outputs``); the state file that lets an unchanged run keep them."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

from pipeline.atomic import fsync_dir, write_atomic, write_temp
from pipeline.oserrors import os_error_text
from pipeline.outputs.book import (
    DETAILS_XLSX,
    FINDINGS_HTML,
    FINDINGS_XLSX,
    OUTPUT_NAMES,
    RECORDS_JSON,
    SUMMARY_XLSX,
    xlsx_bytes,
)
from pipeline.outputs.details import details_workbook
from pipeline.outputs.findings import findings_workbook
from pipeline.outputs.html import findings_html
from pipeline.outputs.records import load_scores, records_json
from pipeline.outputs.summary import summary_workbook
from pipeline.report import Report
from pipeline.review import changes, decisions

_log = logging.getLogger(__name__)

class OutputError(Exception):
    """Some output files could not be written; the message is for the user."""

    def __init__(self, message: str, written: list[Path]):
        super().__init__(message)
        self.written = written


# ---------------------------------------------------------------------------------------- entry


def write_outputs(report: Report, out_dir: Path) -> list[Path]:
    """Write 汇总表.xlsx, 异常报告.xlsx, 异常报告.html, 材料明细.xlsx and records.json into ``out_dir``.

    Returns the paths written, in that order. All are put in place or none is: when one cannot be written
    (open in Excel or WPS on Windows, a folder by its name, a full disk, no permission), ``OutputError`` says
    which and what to do (Chinese), and the folder holds the previous run's files, untouched.

    The folder's staff decisions (审核决定.json) are attached to the report first: every output shows them.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} 是一个文件，不是文件夹，不能用作输出文件夹。请换一个输出文件夹后重新运行。",
                          written=[])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        _log.error("无法创建输出文件夹 %s：%s", out_dir, e)
        raise OutputError(f"无法创建输出文件夹 {out_dir}（{os_error_text(e)}）。{_advice(e)}。", written=[]) from e
    try:
        report.decisions = decisions.load(out_dir)
    except decisions.DecisionError as e:  # never silently without them: ignored findings would come back
        raise OutputError(f"{e}；{KEPT}。", written=[]) from e
    report.scores = load_scores(out_dir)
    scored = hashlib.sha256(json.dumps(report.scores, sort_keys=True).encode()).hexdigest()[:16] if report.scores else ""
    fingerprint = report.fingerprint and f"{report.fingerprint}:{decisions.digest(out_dir)}:{scored}"
    if fingerprint and _outputs_current(out_dir, fingerprint):
        report.changes = changes.prepare(out_dir, report)
        report.outputs_reused = True
        _log.info("输入、配置和程序都与上次相同，%s 中的输出文件保持不变", out_dir)
        return [out_dir / name for name in OUTPUT_NAMES]
    with contextlib.suppress(OSError):
        (out_dir / STATE_FILE).unlink()  # from here on, the outputs may differ from what it describes

    report.changes = changes.prepare(out_dir, report)
    rendered = _render(report)
    written = _replace_all(out_dir, rendered)
    if fingerprint:
        state = {"fingerprint": fingerprint,
                 "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in rendered}}
        try:
            write_atomic(out_dir / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1).encode())
        except OSError as e:  # only costs the next run its shortcut
            _log.warning("无法写入 %s：%s", out_dir / STATE_FILE, e)
    return written


# From this many documents on, 材料明细 (a cell per field of every document: the largest workbook) is built in
# a forked copy of this process while this one builds the others; below it, the fork is not worth its cost.
FORK_MIN_DOCUMENTS = 300


def _render(report: Report) -> list[tuple[str, bytes]]:
    """Every output file's bytes, in OUTPUT_NAMES order."""
    renderers: dict[str, Callable[[], bytes]] = {
        SUMMARY_XLSX: lambda: xlsx_bytes(summary_workbook(report)),
        FINDINGS_XLSX: lambda: xlsx_bytes(findings_workbook(report)),
        FINDINGS_HTML: lambda: findings_html(report).encode("utf-8"),
        DETAILS_XLSX: lambda: xlsx_bytes(details_workbook(report)),
        RECORDS_JSON: lambda: records_json(report).encode("utf-8"),
    }
    apart = _in_child(renderers[DETAILS_XLSX]) if _can_fork(report) else None
    try:
        out = {name: fn() for name, fn in renderers.items() if name != DETAILS_XLSX or apart is None}
    finally:
        data = apart() if apart is not None else None  # always waited for, so no child is left behind
    if apart is not None:
        out[DETAILS_XLSX] = data if data is not None else renderers[DETAILS_XLSX]()
    return [(name, out[name]) for name in OUTPUT_NAMES]


def _can_fork(report: Report) -> bool:
    """A fork copies only the calling thread: safe when it is the only one (no lock held elsewhere)."""
    return (hasattr(os, "fork") and len(report.documents) >= FORK_MIN_DOCUMENTS
            and threading.active_count() == 1)


def _in_child(fn: Callable[[], bytes]) -> Callable[[], bytes | None]:
    """Run ``fn`` in a forked child (it shares this process's memory as it is now, so nothing is copied or
    pickled); returns a function that waits for its bytes, or None if the child failed (the caller then
    renders the file itself: a failure here costs time, never a file)."""
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return lambda: None
    if pid == 0:  # the child: render, hand the bytes over, leave without running any clean-up of the parent's
        code = 1
        try:
            os.close(r)
            data = fn()
            with os.fdopen(w, "wb") as f:
                f.write(len(data).to_bytes(8, "big") + data)
            code = 0
        finally:
            os._exit(code)
    os.close(w)

    def result() -> bytes | None:
        with os.fdopen(r, "rb") as f:
            got = f.read()
        _, status = os.waitpid(pid, 0)
        size = int.from_bytes(got[:8], "big") if len(got) >= 8 else -1
        if status != 0 or size != len(got) - 8:
            _log.warning("材料明细未能在子进程中生成（状态 %s），改为直接生成", status)
            return None
        return got[8:]

    return result


# Beside the outputs: the fingerprint of the run that wrote them and each file's hash. A re-run with the
# same fingerprint whose outputs are all still there, unedited, leaves them as they are.
STATE_FILE = ".huishen-outputs.json"


def _outputs_current(out_dir: Path, fingerprint: str) -> bool:
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
        if state.get("fingerprint") != fingerprint or set(state.get("outputs", {})) != set(OUTPUT_NAMES):
            return False
        return all(hashlib.sha256((out_dir / name).read_bytes()).hexdigest() == digest
                   for name, digest in state["outputs"].items())
    except (OSError, ValueError, AttributeError):
        return False


KEPT = "输出文件夹中原有的文件一份也没有改动"


def _replace_all(out_dir: Path, rendered: list[tuple[str, bytes]]) -> list[Path]:
    """Put every output in place, or none: all are written beside their targets first (a full disk stops here),
    then the old files are moved aside (one held open by Excel or WPS stops here, and what was moved comes
    back), then the new ones take their names. A failure leaves the previous run's set as it was."""
    for name, _ in rendered:
        # A folder by an output's name would be moved aside (renaming a folder succeeds) and left hidden.
        if (out_dir / name).is_dir():
            _log.error("无法写入 %s：那里是一个文件夹", out_dir / name)
            raise OutputError(f"输出文件夹里有一个名为“{name}”的文件夹，新生成的{name} 无法放在那里。"
                              f"请把这个文件夹改名或移走，然后重新运行；{KEPT}。", written=[])
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in rendered:
            staged.append((write_temp(out_dir / name, data), out_dir / name))
    except OSError as e:
        _discard(tmp for tmp, _ in staged)
        _log.error("无法写入输出：%s", e, exc_info=True)
        raise OutputError(f"无法在输出文件夹 {out_dir} 中写入文件（{os_error_text(e)}）。{_advice(e)}；{KEPT}。",
                          written=[]) from e
    aside: list[tuple[Path, Path]] = []
    for _, target in staged:
        if not target.exists():
            continue
        backup = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
        try:
            os.replace(target, backup)
        except OSError as e:
            for back, original in reversed(aside):
                with contextlib.suppress(OSError):
                    os.replace(back, original)
            _discard(tmp for tmp, _ in staged)
            _log.error("无法替换 %s：%s", target, e, exc_info=True)
            raise OutputError(f"{_cannot_replace(target.name, e)}；{KEPT}。", written=[]) from e
        aside.append((backup, target))
    done: list[Path] = []
    try:
        for tmp, target in staged:
            os.replace(tmp, target)
            done.append(target)
    except OSError as e:  # a new file refused its name: the previous set comes back whole
        _discard(done)
        for back, original in aside:
            with contextlib.suppress(OSError):
                os.replace(back, original)
        _discard(tmp for tmp, _ in staged)
        _log.error("无法写入输出：%s", e, exc_info=True)
        raise OutputError(f"{_cannot_replace(target.name, e)}；{KEPT}。", written=[]) from e
    for target in done:
        _log.info("已写出 %s（%d 字节）", target, target.stat().st_size)
    _discard(back for back, _ in aside)
    fsync_dir(out_dir)
    return done


def _cannot_replace(name: str, e: OSError) -> str:
    """Why ``name`` could not take the new file's place, and what to do. On Windows a file open in Excel or WPS
    can be neither moved nor replaced: that is a PermissionError (sharing violation)."""
    if isinstance(e, PermissionError):
        return f"{name} 正被其他程序（通常是 Excel 或 WPS）打开，无法替换。请先在 Excel/WPS 中关闭 {name}，然后重新运行"
    return f"{name} 无法替换（{os_error_text(e)}）。{_advice(e)}"


def _advice(e: OSError) -> str:
    """What to do about an output folder that cannot be written."""
    if getattr(e, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return "请腾出磁盘空间后重新运行"
    if isinstance(e, PermissionError) or getattr(e, "errno", None) == errno.EROFS:
        return "请换一个输出文件夹，或请管理员开放这个文件夹的写入权限，然后重新运行"
    return "请换一个输出文件夹后重新运行"


def _discard(paths) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()


