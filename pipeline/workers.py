"""Read files in worker processes: in parallel, and each file fenced by a timeout and a memory cap.

A reader that hangs or eats memory costs only its own file: the worker is stopped, the file gets a
record that says why, a fresh worker takes the next file, and the batch goes on. Results come back
in input order, so the outputs do not depend on how many workers ran.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection, wait

from extractors.models import Record, SourceFile, Status
from extractors.profile import Profile

_log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0  # seconds per file
DEFAULT_MEMORY_MB = 3072  # address space per worker

Process = Callable[[SourceFile, Profile], Record]


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def failed_record(src: SourceFile, reason: str) -> Record:
    return Record(path=src.path, kind="unreadable", unit=src.unit_hint, unit_source=src.unit_hint_source or "未知",
                  sha256=src.sha256, fmt=src.fmt.value, size=src.size, status=Status.FAILURE, reason=reason)


def _worker_main(conn: Connection, profile: Profile, memory_mb: int, process: Process) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from pipeline import logs

    logs.in_worker()
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, src, log = msg
        if log != os.environ.get(logs.LOG_ENV, ""):  # a kept pool now serves another batch: log into its file
            os.environ[logs.LOG_ENV] = log
            logs.in_worker()
        try:
            record = process(src, profile)
        except MemoryError:
            record = failed_record(src, f"读取时超出内存上限（{memory_mb} MB），文件可能过大或结构异常")
        conn.send((index, record))


@contextlib.contextmanager
def _sigint_ignored():
    """Ctrl-C ignored while a worker is started: the new interpreter inherits the ignored signal and never
    installs its own handler, so a Ctrl-C while it is still importing (before ``_worker_main`` runs) does not
    print a KeyboardInterrupt traceback on the user's terminal. Only the main thread may change handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Worker:
    def __init__(self, ctx, profile: Profile, memory_mb: int, process: Process):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, profile, memory_mb, process), daemon=True)
        with _sigint_ignored():
            self.proc.start()
        child.close()
        self.task: int | None = None
        self.deadline = 0.0

    def give(self, index: int, src: SourceFile, timeout: float) -> None:
        self.task = index
        self.deadline = time.monotonic() + timeout
        # the run's log file as it is now: a pool kept across batches (the web page) follows each batch's own
        from pipeline import logs

        self.conn.send((index, src, os.environ.get(logs.LOG_ENV, "")))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """Worker processes that outlive one run: ``huishen watch`` keeps them, so a re-run after a corrected
    file arrives does not pay their start-up (an interpreter and the readers' imports each). Workers are
    started when first needed, or ahead of time with ``start()``; a hung or crashed one is replaced."""

    def __init__(self, profile: Profile, process: Process, *, jobs: int | None = None,
                 memory_mb: int = DEFAULT_MEMORY_MB):
        self.ctx = mp.get_context("spawn")
        self.profile = profile
        self.process = process
        self.size = max(1, jobs or default_jobs())
        self.memory_mb = memory_mb
        self.workers: list[_Worker] = []

    def start(self) -> None:
        """Start every worker now (while nothing else is going on)."""
        self.take(self.size)

    def take(self, n: int) -> list[_Worker]:
        """``n`` idle workers (at most the pool's size), started as needed."""
        n = min(n, self.size)
        while len(self.workers) < n:
            self.workers.append(_Worker(self.ctx, self.profile, self.memory_mb, self.process))
        return self.workers[:n]

    def replace(self, w: _Worker) -> _Worker:
        w.stop(kill=True)
        fresh = _Worker(self.ctx, self.profile, self.memory_mb, self.process)
        self.workers[self.workers.index(w)] = fresh
        return fresh

    def close(self) -> None:
        for w in self.workers:
            w.stop(kill=w.task is not None)
        self.workers = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def process_all(sources: list[SourceFile], profile: Profile, process: Process, *, jobs: int | None = None,
                timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
                progress: Callable[[str], None] | None = None, pool: WorkerPool | None = None,
                on_record: Callable[[Record], None] | None = None) -> list[Record]:
    """One record per source, in the sources' order. ``jobs=0`` reads in this process, unfenced.
    ``on_record`` sees each record as it is read, just before ``progress`` hears of its path.
    ``pool``: workers to use and leave running (its own size, profile and memory cap apply); without
    one, workers are started for this call and stopped at its end."""
    if jobs == 0 or not sources:
        out = []
        for src in sources:
            out.append(process(src, profile))
            if on_record:
                on_record(out[-1])
            if progress:
                progress(src.path)
        return out
    own = pool is None
    if pool is None:
        pool = WorkerPool(profile, process, jobs=jobs, memory_mb=memory_mb)
    elif pool.profile is not profile or pool.process is not process:
        raise ValueError("the worker pool was started for another profile or reader")
    workers = pool.take(len(sources))
    pending = deque(range(len(sources)))
    results: list[Record | None] = [None] * len(sources)
    remaining = len(sources)

    def finish(index: int, record: Record) -> None:
        nonlocal remaining
        results[index] = record
        sources[index].data = b""  # the worker has it; free the parent's copy
        remaining -= 1
        if on_record:
            on_record(record)
        if progress:
            progress(sources[index].path)

    def replace(w: _Worker) -> _Worker:
        fresh = pool.replace(w)
        workers[workers.index(w)] = fresh
        return fresh

    try:
        while remaining:
            for w in workers:
                if w.task is None and pending:
                    i = pending.popleft()
                    w.give(i, sources[i], timeout)
            busy = [w for w in workers if w.task is not None]
            wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=wait_for)
            for w in busy:
                if w.conn in ready:
                    index = w.task
                    try:
                        got_index, record = w.conn.recv()
                    except (EOFError, OSError):
                        _log.warning("worker died on %s", sources[index].path)
                        finish(index, failed_record(sources[index], "读取时程序意外中断（文件可能触发了读取组件的缺陷），已跳过，请人工查看原件"))
                        replace(w)
                        continue
                    w.task = None
                    finish(got_index, record)
                elif time.monotonic() >= w.deadline:
                    index = w.task
                    _log.warning("timeout on %s", sources[index].path)
                    finish(index, failed_record(sources[index], f"读取超时（超过 {timeout:g} 秒），已停止读取这个文件"))
                    replace(w)
    finally:
        if own:
            pool.close()
        else:  # interrupted: a worker still busy would answer a question nobody asks any more
            for w in list(workers):
                if w.task is not None:
                    replace(w)
    return [r for r in results if r is not None]
