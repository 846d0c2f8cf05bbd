"""Watch an inbox: notice dropped-in or replaced files, and wait until they are completely copied.

Polling rather than file-system events: it works the same on local disks, network shares and
synced folders, and a snapshot of sizes and modification times is what "has the copy finished?"
needs anyway. A change is acted on once two snapshots in a row agree.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]


def snapshot(inbox: Path) -> Snapshot:
    """path -> (size, mtime) of every file, Word lock files (~$…) aside: they come and go while
    someone has a document open and change nothing that is submitted."""
    out: Snapshot = {}
    for dirpath, _, names in os.walk(inbox):
        for name in names:
            if name.startswith("~$"):
                continue
            p = os.path.join(dirpath, name)
            try:
                st = os.stat(p)
            except OSError:  # removed between listing and stat: the next snapshot tells
                continue
            out[os.path.relpath(p, inbox)] = (st.st_size, st.st_mtime_ns)
    return out


def describe(before: Snapshot, after: Snapshot) -> str:
    added = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    changed = sum(1 for k in after.keys() & before.keys() if after[k] != before[k])
    parts = [f"新增 {added} 个" if added else "", f"改动 {changed} 个" if changed else "",
             f"删除 {removed} 个" if removed else ""]
    return "，".join(p for p in parts if p) + "文件"


def stop_on_sigterm() -> None:
    """A service manager's SIGTERM ends the watch as cleanly as Ctrl-C does; and Ctrl-C always does, even when
    the program was started with SIGINT ignored (a parent that ignores it passes that on, and Python then never
    raises KeyboardInterrupt: the watch said "按 Ctrl-C 停止" and went on watching)."""

    def _stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.default_int_handler)


class Watcher:
    def __init__(self, inbox: Path, interval: float = 2.0):
        self.inbox = inbox
        self.interval = interval

    def changes(self) -> Iterator[str]:
        """Yields "" once at the start, then a description each time the inbox has changed and settled."""
        seen = snapshot(self.inbox)
        yield ""
        while True:
            time.sleep(self.interval)
            now = snapshot(self.inbox)
            if now == seen:
                continue
            while True:  # still being copied? wait until two looks agree
                time.sleep(self.interval)
                later = snapshot(self.inbox)
                if later == now:
                    break
                now = later
            what = describe(seen, now)
            seen = now
            yield what
