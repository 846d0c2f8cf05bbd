"""Runs in the background: one thread takes the batches to check, one at a time, and drives each through a
``pipeline.session.Session`` (kept per campaign, with its worker processes, as ``huishen watch`` keeps them).
Progress comes from the session's events; a run is cancelled through its ``CancelToken``. The page only reads
a job's state: closing it stops nothing, reopening it shows where the run is.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field

from pipeline.session import (
    Cancelled,
    CancelToken,
    Event,
    FileRead,
    FilesFound,
    NothingToReview,
    Notice,
    Session,
    SessionOptions,
    UsageError,
    load_profile,
)
from pipeline.web.batches import BatchInfo, BatchStore

_log = logging.getLogger(__name__)

WAITING, RUNNING, WRITING, DONE, FAILED, CANCELLED = "waiting", "running", "writing", "done", "failed", "cancelled"
STATE_LABELS = {WAITING: "排队等待", RUNNING: "正在读取", WRITING: "正在生成输出", DONE: "已完成", FAILED: "未完成",
                CANCELLED: "已取消"}


@dataclass
class Job:
    batch_id: str
    why: str  # "审查" | "按处理决定更新" | "更正后重新审查"
    state: str = WAITING
    total: int = 0
    done: int = 0
    current: str = ""
    errors: int = 0  # files that could not be read, so far (from the records read)
    notices: list[str] = field(default_factory=list)
    message: str = ""  # why it failed, or the summary when done
    started: float = 0.0
    finished: float = 0.0
    cancel: CancelToken = field(default_factory=CancelToken)
    again: str = ""  # asked for again while running: run once more when this run ends

    @property
    def active(self) -> bool:
        return self.state in (WAITING, RUNNING, WRITING)

    def as_json(self) -> dict:
        elapsed = (self.finished or time.time()) - self.started if self.started else 0.0
        return {"state": self.state, "label": STATE_LABELS[self.state], "why": self.why, "total": self.total,
                "done": self.done, "current": self.current, "errors": self.errors, "notices": self.notices[-5:],
                "message": self.message, "active": self.active, "seconds": round(elapsed, 1)}


class Runner:
    """The background thread and the jobs it has run (the latest per batch)."""

    def __init__(self, store: BatchStore, jobs: int | None = None, registry_url: str | None = None):
        self.store = store
        self.jobs_option = jobs
        self.registry_url = registry_url
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple[Job, BatchInfo] | None] = queue.Queue()
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def job(self, batch_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(batch_id)

    def submit(self, info: BatchInfo, why: str) -> Job:
        """Queue a run of the batch; a batch already waiting or running keeps its job."""
        with self._lock:
            current = self._jobs.get(info.id)
            if current is not None and current.active:
                if current.state != WAITING:
                    current.again = why  # e.g. a decision made while the outputs were being refreshed
                return current
            job = Job(info.id, why)
            self._jobs[info.id] = job
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="huishen-web-runs", daemon=True)
                self._thread.start()
        if not info.external:
            self.store.set_status(info, "running")
        self._queue.put((job, info))
        return job

    def cancel(self, batch_id: str) -> bool:
        job = self.job(batch_id)
        if job is None or not job.active:
            return False
        job.cancel.cancel()
        return True

    def close(self) -> None:
        for job in list(self._jobs.values()):
            job.cancel.cancel()
        self._queue.put(None)  # the thread closes the sessions it made (SQLite: in the thread that opened it)
        if self._thread is not None:
            self._thread.join(timeout=30)

    # -- the thread

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                for session in self._sessions.values():
                    session.close()
                self._sessions.clear()
                return
            job, info = item
            try:
                self._run(job, info)
            except Exception as e:  # noqa: BLE001 — one batch's failure never stops the page
                _log.exception("网页发起的审查出错：%s", info.id)
                self._finish(job, info, FAILED, f"审查出错：{type(e).__name__}：{e}")
            if job.again and job.state == DONE:
                self.submit(info, job.again)

    def _session(self, profile_name: str) -> Session:
        s = self._sessions.get(profile_name)
        if s is None:
            options = SessionOptions(jobs=self.jobs_option, registry_url=self.registry_url,
                                     keep_workers=self.jobs_option != 0)
            s = Session(load_profile(profile_name), options)
            self._sessions[profile_name] = s
        return s

    def _run(self, job: Job, info: BatchInfo) -> None:
        from pipeline import logs
        from pipeline.outputs import OutputError
        from pipeline.session import check_folders

        job.started = time.time()
        if job.cancel.cancelled:
            self._finish(job, info, CANCELLED, "已取消，输出文件没有改动。")
            return
        job.state = RUNNING
        try:
            check_folders(info.inbox, info.out)
            session = self._session(info.profile)
        except UsageError as e:
            self._finish(job, info, FAILED, str(e))
            return

        def on_event(event: Event) -> None:
            if isinstance(event, FilesFound):
                job.total = event.total
            elif isinstance(event, FileRead):
                job.done, job.total, job.current = event.done, event.total, event.path
                if event.failed:
                    job.errors += 1
            elif isinstance(event, Notice):
                job.notices.append(event.text)

        session.on_event = on_event
        logs.start_file(info.out)  # huishen.log beside the outputs, as the command line writes it
        try:
            report = session.run(info.inbox, job.cancel)
            job.state, job.current = WRITING, ""
            session.write(report, info.out)
        except Cancelled:
            self._finish(job, info, CANCELLED, "已取消，输出文件没有改动。")
            return
        except (UsageError, NothingToReview) as e:
            self._finish(job, info, FAILED, str(e))
            return
        except OutputError as e:
            self._finish(job, info, FAILED, f"输出没有更新：{e}")
            return
        finally:
            session.on_event = None
        sev = report.severity_counts()
        from extractors.models import Severity

        files = sum(1 for d in report.documents if not d.record.part_of)  # a file holding two materials is one
        job.message = (f"文件 {files} 个，来自 {len(report.units())} 个单位；错误 "
                       f"{sev.get(Severity.ERROR, 0)}，警告 {sev.get(Severity.WARNING, 0)}，提示 {sev.get(Severity.INFO, 0)}")
        self._finish(job, info, DONE, job.message)
        if self.jobs_option != 0:
            session.get_ready()

    def _finish(self, job: Job, info: BatchInfo, state: str, message: str) -> None:
        job.state, job.message, job.finished, job.current = state, message, time.time(), ""
        if not info.external:
            status = {DONE: "done", FAILED: "failed", CANCELLED: "cancelled"}[state]
            if state == CANCELLED and info.has_results:
                status = "done"  # the earlier results stand
            self.store.set_status(info, status, message)

