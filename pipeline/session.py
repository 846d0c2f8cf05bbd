"""One entry point for runs: a ``Session`` owns what runs share (the cache, the registry, the worker pool and the
text checks' warm models), emits typed progress events, takes a cancel token and returns the ``Report``.
Writing the outputs and remembering a batch in the registry are separate steps. The CLI (``run``, ``watch``)
and a web page both drive runs through it, so neither holds pipeline logic of its own.

Messages in events and errors are Chinese: they are shown to users as they are.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from extractors.models import Status
from extractors.profile import Profile, ProfileError
from pipeline.oserrors import os_error_text
from pipeline.report import JUNK, Report
from pipeline.workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

_log = logging.getLogger(__name__)

# ---------------------------------------------------------------- events


@dataclass(frozen=True)
class Event:
    """Something a run wants its caller to know."""


@dataclass(frozen=True)
class Notice(Event):
    """A message for the user: ``level`` "info" or "warning" (the run goes on)."""

    text: str
    level: str = "info"


@dataclass(frozen=True)
class FilesFound(Event):
    total: int


@dataclass(frozen=True)
class FileRead(Event):
    path: str
    done: int
    total: int
    failed: bool = False  # the file could not be read (it becomes a file.unreadable finding)


@dataclass(frozen=True)
class HistoryLoaded(Event):
    """What the registry holds before this batch's year (for the summary)."""

    location: str
    year: int
    named: int
    submitted: int
    texts: int


class Cancelled(Exception):
    """The run was cancelled through its token; nothing was written."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled("已取消")


class UsageError(Exception):
    """Arguments that cannot be used (no such inbox, output inside the inbox, a wrong profile); Chinese."""


NOTHING_TO_REVIEW = "收件文件夹里没有可审查的材料"
SHOWN_NAMES = 8  # junk files named in the message; the rest are counted


class NothingToReview(Exception):
    """The inbox holds no file that could be material: it is empty, or holds only system and temporary files
    (Thumbs.db, .DS_Store, ~$ lock files). Not a success: the run writes no outputs. ``found``: the inbox-relative
    paths of what it does hold. The message (Chinese) says what was found."""

    def __init__(self, found: list[str]):
        self.found = found
        if not found:
            what = "文件夹是空的"
        else:
            names = "、".join(PurePosixPath(p).name for p in found[:SHOWN_NAMES])
            more = f"等 {len(found)} 个" if len(found) > SHOWN_NAMES else ""
            what = f"找到 {len(found)} 个文件，都是系统临时文件：{names}{more}"
        super().__init__(f"{NOTHING_TO_REVIEW}（{what}）。请把各单位报送的材料放进这个文件夹后再审查。")


# ---------------------------------------------------------------- options and the session


@dataclass
class SessionOptions:
    jobs: int | None = None  # worker processes; None: all cores; 0: read in this process
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    use_cache: bool = True
    registry_url: str | None = None  # None: $HUISHEN_REGISTRY or the default, when one exists
    year: int | None = None  # the batch's year; None: the notice's
    remember: bool = False  # the registry is needed (and opened) to remember this batch
    keep_workers: bool = False  # keep worker processes and models between runs (watch mode, a web server)


def load_profile(name: str) -> Profile:
    """A bundled profile by name or a .toml path; UsageError with the Chinese reason otherwise."""
    from pipeline.config import resolve_profile

    try:
        return resolve_profile(name)
    except ProfileError as e:
        raise UsageError(str(e)) from e


def check_folders(inbox: Path, out_dir: Path | None) -> None:
    """UsageError when the inbox is not a folder, or the output folder lies inside it."""
    if not inbox.exists():
        raise UsageError(f"找不到收件文件夹：{inbox}")
    if not inbox.is_dir():
        raise UsageError(f"{inbox} 不是文件夹。请把各单位的材料放在一个文件夹里，再指定这个文件夹。")
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{out_dir} 是一个文件，不是文件夹，不能用作输出文件夹。")
        try:
            out_dir.resolve().relative_to(inbox.resolve())
        except ValueError:
            return
        raise UsageError("输出文件夹不能放在收件文件夹里面（会被当作材料读取）。")


@dataclass
class Session:
    profile: Profile
    options: SessionOptions = field(default_factory=SessionOptions)
    on_event: Callable[[Event], None] | None = None

    def __post_init__(self) -> None:
        self.cache = None
        if self.options.use_cache:
            from pipeline.cache import RecordCache

            try:
                self.cache = RecordCache()
            except (OSError, sqlite3.Error) as e:
                _log.warning("缓存不可用：%s", e)
                why = os_error_text(e) if isinstance(e, OSError) else "缓存文件已损坏或正被占用"
                self._emit(Notice(f"缓存不可用（{why}），本次全部重新读取。", "warning"))
        self.pool = None
        if self.options.keep_workers and self.options.jobs != 0:
            from pipeline.run import process
            from pipeline.workers import WorkerPool

            self.pool = WorkerPool(self.profile, process, jobs=self.options.jobs, memory_mb=self.options.memory_mb)
        self._warmed = False

    @property
    def year(self) -> int:
        return self.options.year or self.profile.notice_date.year

    def _emit(self, event: Event) -> None:
        if self.on_event is not None:
            self.on_event(event)

    # -- the run

    def run(self, inbox: Path, cancel: CancelToken | None = None) -> Report:
        """Read and check every file of ``inbox``; the Report. Cancelled when ``cancel`` fires (checked after
        every file; the worker processes of the run are stopped). NothingToReview when the inbox holds no file
        but system and temporary files."""
        from pipeline.run import run as run_pipeline

        reg = self._open_registry()
        try:
            history = self._history(reg)
            total = 0
            done = 0
            failed: set[str] = set()

            def on_record(record) -> None:
                if record.status is Status.FAILURE:
                    failed.add(record.path)

            def on_total(n: int) -> None:
                nonlocal total
                total = n
                self._emit(FilesFound(n))

            def on_file(path: str) -> None:
                nonlocal done
                done += 1
                self._emit(FileRead(path, done, total, path in failed))
                if cancel is not None:
                    cancel.check()

            if cancel is not None:
                cancel.check()
            try:
                report = run_pipeline(inbox, self.profile, progress=on_file, on_total=on_total,
                                      jobs=self.options.jobs, timeout=self.options.timeout,
                                      memory_mb=self.options.memory_mb, cache=self.cache, history=history,
                                      pool=self.pool, on_record=on_record)
            except PermissionError as e:
                raise UsageError(f"没有权限读取收件文件夹：{e.filename}") from e
            if all(d.record.kind == JUNK for d in report.documents):
                _log.info("收件文件夹 %s 中没有可审查的材料（%d 个文件）", inbox, len(report.documents))
                for d in report.documents:
                    _log.info("%s：%s，不是材料", d.record.path, d.record.reason)
                raise NothingToReview([d.record.path for d in report.documents])
            return report
        finally:
            if reg is not None:
                reg.close()  # runs come again and again (watch, a web server): no connection left behind

    def _open_registry(self):
        """The registry when one is to be used (asked for, remembered into, or already there); None otherwise.
        One that cannot be opened costs only its checks: a warning, and the run goes on."""
        if self.options.registry_url is None and not self.options.remember:
            from pipeline.registry.history import registry_exists

            if not registry_exists(None):  # nobody has imported or remembered anything yet
                return None
        from pipeline.registry.store import Registry, RegistryError

        try:
            return Registry.open(self.options.registry_url)
        except RegistryError as e:
            self._emit(Notice(f"{e}；本次不检查往年命名、往年申报和往年文本。", "warning"))
            return None

    def _history(self, reg):
        if reg is None:
            return None
        from pipeline.registry.history import load_history
        from pipeline.registry.store import RegistryError

        try:
            history = load_history(reg, self.profile, self.year)
        except RegistryError as e:
            self._emit(Notice(f"{e}；本次不检查往年记录。", "warning"))
            return None
        self._emit(HistoryLoaded(reg.location, self.year, history.named.size, history.submitted.size,
                                 len(history.texts)))
        return history

    # -- after the run

    def write(self, report: Report, out_dir: Path) -> list[Path]:
        """The five outputs into ``out_dir``, all or none (pipeline.outputs.OutputError otherwise)."""
        from pipeline.outputs import write_outputs

        return write_outputs(report, out_dir)

    def remember(self, report: Report, inbox: Path):
        """Store this batch in the registry (pipeline.registry.store.StoreResult); RegistryError when it cannot
        be done, with the Chinese reason."""
        from pipeline.registry.history import batch_entries
        from pipeline.registry.store import Registry

        entries = batch_entries(report, self.year, source=f"{inbox.resolve().name}（{self.year}）")
        reg = Registry.open(self.options.registry_url)
        try:
            stored = reg.remember(entries)
            return len(entries), reg.location, stored
        finally:
            reg.close()

    # -- between runs

    def get_ready(self) -> None:
        """Start the kept worker processes and load the text checks' models now, while nothing else runs."""
        if self.pool is not None:
            self.pool.start()
        if not self._warmed:
            from pipeline.run import start_warm_up

            start_warm_up(self.profile)
            self._warmed = True

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
