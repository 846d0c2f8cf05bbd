"""The batches the page knows: its own (a folder each in the work area: ``inbox/``, ``out/``, ``batch.json``) and
output folders of earlier command-line runs named at start (``huishen serve --folder``).

A batch is found by its id, which is checked against the listing: never joined to a path as given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import secrets
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.atomic import write_atomic

_log = logging.getLogger(__name__)

BATCHES_DIR = "batches"
META = "batch.json"
RECORDS = "records.json"
_ID = re.compile(r"^[A-Za-z0-9-]{4,64}$")


@dataclass
class BatchInfo:
    id: str
    name: str  # what the user called it ("" : the campaign and the time)
    profile: str
    profile_title: str
    created: str  # local time, "2026-12-05 20:41"
    inbox: Path
    out: Path
    external: bool = False  # an output folder named at start (its inbox is where its records.json says)
    status: str = "new"  # new | uploading | running | done | failed | cancelled (as last written)
    message: str = ""
    owner: str = ""  # the 标注人 who started it ("" : not given)

    @property
    def title(self) -> str:
        return self.name or f"{self.profile_title or self.profile}（{self.created}）"

    @property
    def has_results(self) -> bool:
        return (self.out / RECORDS).is_file()


class BatchStore:
    def __init__(self, data_dir: Path, folders: list[Path] | None = None):
        self.root = Path(data_dir) / BATCHES_DIR
        self.folders = [Path(f) for f in folders or []]
        self._lock = threading.Lock()

    # -- listing

    def all(self) -> list[BatchInfo]:
        """Newest first; the folders named at start after the page's own."""
        own: list[BatchInfo] = []
        if self.root.is_dir():
            for d in self.root.iterdir():
                if d.is_dir() and not d.is_symlink() and _ID.match(d.name) and (b := self._read(d)) is not None:
                    own.append(b)
        own.sort(key=lambda b: (b.created, b.id), reverse=True)
        return own + [b for f in self.folders if (b := self._external(f)) is not None]

    def get(self, batch_id: str) -> BatchInfo | None:
        if not _ID.match(batch_id or ""):
            return None
        if batch_id.startswith("f-"):
            return next((b for f in self.folders if (b := self._external(f)) is not None and b.id == batch_id),
                        None)
        d = self.root / batch_id
        return self._read(d) if d.is_dir() and not d.is_symlink() else None

    def _read(self, d: Path) -> BatchInfo | None:
        try:
            meta = json.loads((d / META).read_text(encoding="utf-8"))
            return BatchInfo(id=d.name, name=meta.get("name", ""), profile=meta["profile"],
                             profile_title=meta.get("profile_title", ""), created=meta.get("created", ""),
                             inbox=d / "inbox", out=d / "out", status=meta.get("status", "new"),
                             message=meta.get("message", ""), owner=meta.get("owner", ""))
        except (OSError, ValueError, KeyError, TypeError) as e:
            _log.warning("无法读取 %s：%s", d / META, e)
            return None

    def _external(self, out: Path) -> BatchInfo | None:
        try:
            data = json.loads((out / RECORDS).read_text(encoding="utf-8"))
            when = dt.datetime.fromtimestamp((out / RECORDS).stat().st_mtime)
        except (OSError, ValueError) as e:
            _log.warning("无法读取 %s：%s", out / RECORDS, e)
            return None
        inbox = _inbox_of(out, str(data.get("inbox") or ""))
        bid = "f-" + hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:12]
        return BatchInfo(id=bid, name=f"{out.name}（命令行输出）", profile=str(data.get("profile") or ""),
                         profile_title=str(data.get("profile_title") or ""), created=f"{when:%Y-%m-%d %H:%M}",
                         inbox=inbox, out=out, external=True, status="done")

    # -- changes

    def create(self, profile: str, profile_title: str, name: str = "", owner: str = "") -> BatchInfo:
        now = dt.datetime.now()
        batch_id = f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        d = self.root / batch_id
        (d / "inbox").mkdir(parents=True)
        (d / "out").mkdir()
        info = BatchInfo(batch_id, name.strip()[:80], profile, profile_title, f"{now:%Y-%m-%d %H:%M}",
                         d / "inbox", d / "out", status="uploading", owner=owner.strip()[:40])
        self.save(info)
        return info

    def save(self, info: BatchInfo) -> None:
        if info.external:
            return
        meta = {k: v for k, v in asdict(info).items() if k in ("name", "profile", "profile_title", "created",
                                                                 "status", "message", "owner")}
        with self._lock:
            write_atomic(self.root / info.id / META, json.dumps(meta, ensure_ascii=False, indent=1).encode())

    def set_status(self, info: BatchInfo, status: str, message: str = "") -> None:
        info.status, info.message = status, message
        self.save(info)


def _inbox_of(out: Path, inbox: str) -> Path:
    """records.json keeps the inbox as it was typed, often relative to where ``huishen run`` was started:
    from this server's folder, else from the folder holding ``outputs/`` (``make demo``'s layout)."""
    p = Path(inbox)
    if not inbox or p.is_absolute():
        return p
    for base in (Path.cwd(), out.resolve().parent.parent, out.resolve().parent):
        if (base / p).is_dir():
            return (base / p).resolve()
    return p
