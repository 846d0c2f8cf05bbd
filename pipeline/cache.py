"""A content-addressed cache of extracted records, so a re-run reads only new or changed files.

SQLite file in the cache directory: ``$HUISHEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/huishen``, else
``~/.cache/huishen``. A record is keyed by the file's content hash and place in the inbox, the
extractor code (a hash of its source files, so any change to a reader or the mapping invalidates
it) and the profile (its full content). Files whose reading was cut off (timeout, crash, memory)
are not cached: the next run tries them again. The evidence matcher's verdicts are kept too, keyed
by the text, so a re-run does not need to load spaCy unless a text is new.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from extractors.cachedir import cache_root
from extractors.models import Record, SourceFile
from extractors.profile import Profile
from pipeline.oserrors import os_error_text

_log = logging.getLogger(__name__)

SCHEMA = 1
DB_NAME = "records.sqlite"
# Reasons set by the worker fence, or naming a system tool to install: a verdict about this run or this
# machine, not about the file (once LibreOffice or unar is installed the file must be read again).
TRANSIENT = ("读取超时", "读取时程序意外中断", "读取时超出内存上限",
             "旧版 Word/WPS 文件需要 LibreOffice", "旧版 Excel 文件需要 LibreOffice", "读取 RAR 压缩包需要 unar")


def cache_dir() -> Path:
    return cache_root()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the code that turns a file into a record: every extractor module and the run step."""
    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "extractors").rglob("*.py")) + [root / "pipeline" / "run.py",
                                                          root / "pipeline" / "discover.py"]
    h = hashlib.sha256(f"schema{SCHEMA}".encode())
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def output_version() -> str:
    """Hash of everything that shapes the outputs from the records: checks, collation, writers, templates."""
    root = Path(__file__).resolve().parent.parent
    files = sorted([*(root / "extractors").rglob("*.py"), *(root / "checks").rglob("*.py"),
                    *(root / "checks").rglob("*.txt"), *(root / "pipeline").rglob("*.py"),
                    *(root / "pipeline" / "templates").rglob("*.*")])  # every package, however it is laid out
    h = hashlib.sha256(code_version().encode())
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def run_fingerprint(inbox: str, profile: Profile, sources: Iterable[SourceFile], extra: str = "") -> str:
    """What a run's outputs are a function of: the code, the profile, every input as discovered and
    ``extra`` (what the registry holds, when one is consulted). A file's modification time is part of it: it
    decides which of two copies of one material is the newer (pipeline.supersede).
    Two runs with the same fingerprint write the same outputs (timestamps aside)."""
    h = hashlib.sha256(f"{output_version()}\0{profile_digest(profile)}\0{inbox}\0{extra}".encode())
    for s in sources:
        h.update(f"\0{s.path}\0{s.sha256}\0{s.unit_hint}\0{s.unit_hint_source}\0{s.fmt.value}\0{s.problem}"
                 f"\0{s.mtime}".encode())
    return h.hexdigest()


def profile_digest(profile: Profile) -> str:
    return hashlib.sha256(profile.model_dump_json().encode()).hexdigest()[:16]


def _optional(method):
    """A cache write that cannot be done (a full disk, a read-only or damaged database) is skipped: the cache
    is an optimisation. The first failure is remembered in ``unwritable`` and every later write is skipped."""

    @functools.wraps(method)
    def write(self: RecordCache, *args, **kwargs):
        if self.unwritable:
            return None
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as e:
            # What the CLI shows: in Chinese (the database's and the system's own words are English)
            self.unwritable = os_error_text(e) if isinstance(e, OSError) else (
                "磁盘空间已满" if "full" in str(e).lower() else "缓存文件已损坏、只读或正被占用")
            _log.debug("cache write failed", exc_info=True)
            try:
                self.db.rollback()
            except sqlite3.Error:
                pass
            return None

    return write


def _or_nothing(empty):
    """A cache read that fails (a damaged database) finds nothing: every file is read again."""

    def wrap(method):
        @functools.wraps(method)
        def read(self: RecordCache, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error:
                _log.debug("cache read failed", exc_info=True)
                return empty()

        return read

    return wrap


class RecordCache:
    unwritable: str = ""  # why the cache could not be written this run ("" while it can)

    def __init__(self, directory: Path | None = None):
        self.dir = directory or cache_dir()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / DB_NAME
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, record BLOB NOT NULL)")
        self.db.execute("CREATE TABLE IF NOT EXISTS evidence (key TEXT PRIMARY KEY, verdict BLOB NOT NULL)")
        self.db.execute("CREATE TABLE IF NOT EXISTS fingerprints (key TEXT PRIMARY KEY, fp BLOB NOT NULL)")
        self.db.execute("CREATE TABLE IF NOT EXISTS files (inbox TEXT NOT NULL, path TEXT NOT NULL, "
                        "stat TEXT NOT NULL, source BLOB NOT NULL, PRIMARY KEY (inbox, path))")
        self.db.execute("CREATE TABLE IF NOT EXISTS reports (fingerprint TEXT PRIMARY KEY, report BLOB NOT NULL, "
                        "stored REAL NOT NULL)")
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    @staticmethod
    def key(src: SourceFile, profile_key: str) -> str:
        parts = (src.sha256, src.path, src.unit_hint, src.unit_hint_source, code_version(), profile_key)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @_or_nothing(dict)
    def get_many(self, keys: list[str]) -> dict[str, Record]:
        out: dict[str, Record] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = self.db.execute(f"SELECT key, record FROM records WHERE key IN ({','.join('?' * len(chunk))})",
                                   chunk)
            for key, blob in rows:
                try:
                    out[key] = pickle.loads(blob)
                except Exception:  # noqa: BLE001 — a damaged entry is a miss
                    _log.warning("damaged cache entry %s", key)
        return out

    @_optional
    def put_many(self, items: Iterable[tuple[str, Record]]) -> None:
        rows = [(k, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)) for k, r in items
                if not r.reason.startswith(TRANSIENT)]
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO records (key, record) VALUES (?, ?)", rows)

    @_or_nothing(dict)
    def evidence(self) -> dict[str, object]:
        return {k: pickle.loads(v) for k, v in self.db.execute("SELECT key, verdict FROM evidence")}

    @_optional
    def put_evidence(self, items: dict[str, object]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO evidence (key, verdict) VALUES (?, ?)",
                                [(k, pickle.dumps(v)) for k, v in items.items()])

    @_or_nothing(dict)
    def known_files(self, inbox: str) -> dict[str, tuple[str, SourceFile]]:
        """What discovery found last time in this inbox: path -> (stat key, source without bytes)."""
        out = {}
        for path, stat, blob in self.db.execute("SELECT path, stat, source FROM files WHERE inbox = ?", (inbox,)):
            try:
                out[path] = (stat, pickle.loads(blob))
            except Exception:  # noqa: BLE001 — a damaged entry: the file is read again
                continue
        return out

    @_optional
    def put_known_files(self, inbox: str, sources: Iterable[SourceFile]) -> None:
        rows = [(inbox, s.path, s.stat, pickle.dumps(replace(s, data=b""), protocol=pickle.HIGHEST_PROTOCOL))
                for s in sources if s.stat and s.origin and not s.problem]
        with self.db:
            self.db.execute("DELETE FROM files WHERE inbox = ?", (inbox,))
            self.db.executemany("INSERT INTO files (inbox, path, stat, source) VALUES (?, ?, ?, ?)", rows)

    @_or_nothing(dict)
    def fingerprints(self) -> dict[str, bytes]:
        return dict(self.db.execute("SELECT key, fp FROM fingerprints"))

    @_optional
    def put_fingerprints(self, items: dict[str, bytes]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO fingerprints (key, fp) VALUES (?, ?)", list(items.items()))

    @_or_nothing(lambda: None)
    def get_report(self, fingerprint: str) -> object | None:
        """The checked batch a run with this fingerprint produced (see run_fingerprint), or None."""
        row = self.db.execute("SELECT report FROM reports WHERE fingerprint = ?", (fingerprint,)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except Exception:  # noqa: BLE001 — a damaged entry is a miss
            return None

    @_optional
    def put_report(self, fingerprint: str, payload: object, keep: int = 3) -> None:
        """Remember a checked batch; only the ``keep`` newest stay (one per inbox a user re-runs)."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO reports (fingerprint, report, stored) VALUES (?, ?, ?)",
                            (fingerprint, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), time.time()))
            self.db.execute("DELETE FROM reports WHERE fingerprint NOT IN "
                            "(SELECT fingerprint FROM reports ORDER BY stored DESC LIMIT ?)", (keep,))

    def stats(self) -> tuple[int, int]:
        n = self.db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        size = sum(p.stat().st_size for p in self.dir.glob(DB_NAME + "*"))
        return n, size


def clear(directory: Path | None = None) -> int:
    """Delete the cache files; returns how many bytes were freed."""
    d = directory or cache_dir()
    freed = 0
    for p in d.glob(DB_NAME + "*"):
        freed += p.stat().st_size
        p.unlink()
    return freed
