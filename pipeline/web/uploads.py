"""Files the browser sends, written into a batch's inbox under their relative path, sanitised.

The browser names a file (``a/b/附件1.docx``: its path inside the folder the user picked); that name is
checked and cleaned, then joined under the inbox and checked again after resolving, so nothing is ever
written outside the inbox, and no name the browser sends is ever opened as a server path. Each file is
streamed into a temporary file beside its target and renamed into place when complete (a cancelled upload
leaves nothing half-written). Caps: the inbox's total size and its file count.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

MAX_DEPTH = 24
MAX_PART_BYTES = 240  # one path component, in UTF-8 bytes (file systems allow 255)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")
PART_SUFFIX = ".huishen-upload"


class UploadRefused(Exception):
    """The file cannot be taken; the message is for the user (Chinese). ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def clean_name(name: str) -> str:
    """The relative path a browser sent, as it will be stored (NFC, "/" separators, no empty or "." parts);
    UploadRefused for an absolute name, a ".." part, control characters or an overlong name."""
    raw = unicodedata.normalize("NFC", name or "").replace("\\", "/")
    if not raw.strip():
        raise UploadRefused("文件名为空")
    if raw.startswith("/") or _DRIVE.match(raw):
        raise UploadRefused(f"文件名“{_shown(raw)}”是绝对路径，不接受：请上传文件夹中的文件（相对路径）")
    if _CONTROL.search(raw):
        raise UploadRefused(f"文件名“{_shown(raw)}”含有控制字符，不接受")
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise UploadRefused(f"文件名“{_shown(raw)}”含有“..”（指向上级文件夹），不接受")
    if not parts:
        raise UploadRefused("文件名为空")
    if len(parts) > MAX_DEPTH:
        raise UploadRefused(f"文件夹层次超过 {MAX_DEPTH} 层：{_shown(raw)}")
    for p in parts:
        if len(p.encode("utf-8")) > MAX_PART_BYTES:
            raise UploadRefused(f"文件名过长：{_shown(p)}")
        if p.endswith(PART_SUFFIX):
            raise UploadRefused(f"文件名“{_shown(p)}”不可用")
    return "/".join(parts)


def _shown(text: str, limit: int = 80) -> str:
    text = _CONTROL.sub("?", text)
    return text if len(text) <= limit else text[:limit] + "…"


def target_in(inbox: Path, rel: str) -> Path:
    """``rel`` (already cleaned) under ``inbox``; UploadRefused when it would land anywhere else (a link
    inside the inbox pointing out, a component that is a file)."""
    root = inbox.resolve()
    target = root.joinpath(*rel.split("/"))
    cur = root
    for part in rel.split("/")[:-1]:
        cur = cur / part
        if cur.is_symlink() or (cur.exists() and not cur.is_dir()):
            raise UploadRefused(f"“{_shown(rel)}”与已上传的文件冲突（“{part}”是文件，不是文件夹）", 409)
    if target.is_symlink() or target.is_dir():
        raise UploadRefused(f"“{_shown(rel)}”与已上传的文件夹冲突", 409)
    if not target.resolve().is_relative_to(root):
        raise UploadRefused(f"“{_shown(rel)}”不在收件文件夹内", 400)
    return target


@dataclass
class Usage:
    files: int = 0
    bytes: int = 0


class Quota:
    """What each batch's inbox holds (counted once from disk, then kept up to date), against the caps."""

    def __init__(self, max_bytes: int, max_files: int):
        self.max_bytes, self.max_files = max_bytes, max_files
        self._usage: dict[Path, Usage] = {}
        self._lock = threading.Lock()

    def usage(self, inbox: Path) -> Usage:
        with self._lock:
            if inbox not in self._usage:
                u = Usage()
                for dirpath, _, names in os.walk(inbox):
                    for n in names:
                        with contextlib.suppress(OSError):
                            u.bytes += os.lstat(os.path.join(dirpath, n)).st_size
                            u.files += 1
                self._usage[inbox] = u
            return self._usage[inbox]

    def reserve_file(self, inbox: Path, declared: int | None, replacing: int | None) -> None:
        u = self.usage(inbox)
        with self._lock:
            if replacing is None and u.files + 1 > self.max_files:
                raise UploadRefused(f"文件数超过上限（每批最多 {self.max_files} 个文件）", 413)
            if declared is not None and u.bytes - (replacing or 0) + declared > self.max_bytes:
                raise UploadRefused(_too_big(self.max_bytes), 413)

    def add(self, inbox: Path, nbytes: int, new_file: bool, replaced: int = 0) -> None:
        u = self.usage(inbox)
        with self._lock:
            u.bytes += nbytes - replaced
            u.files += 1 if new_file else 0

    def room(self, inbox: Path, replacing: int = 0) -> int:
        u = self.usage(inbox)
        with self._lock:
            return self.max_bytes - u.bytes + replacing


def _too_big(limit: int) -> str:
    return f"上传的文件总大小超过上限（每批最多 {limit / 1024 / 1024:.0f} MB）"


async def save(inbox: Path, name: str, body: AsyncIterator[bytes], quota: Quota,
               declared: int | None = None) -> tuple[str, int]:
    """Stream one uploaded file into ``inbox`` under its cleaned name; (stored name, bytes)."""
    rel = clean_name(name)
    target = target_in(inbox, rel)
    replacing = target.stat().st_size if target.is_file() else None
    quota.reserve_file(inbox, declared, replacing)
    room = quota.room(inbox, replacing or 0)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(inbox.resolve()):  # pragma: no cover - target_in checked it
        raise UploadRefused("文件夹不在收件文件夹内")
    tmp = target.with_name(f".{secrets.token_hex(6)}{PART_SUFFIX}")
    size = 0
    try:
        with open(tmp, "xb") as fh:
            async for chunk in body:
                size += len(chunk)
                if size > room:
                    raise UploadRefused(_too_big(quota.max_bytes), 413)
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    quota.add(inbox, size, replacing is None, replacing or 0)
    return rel, size


def corrected_name(unit_folder: str, name: str, stamp: str) -> str:
    """Where a unit's corrected file goes: its own folder, a 更正 subfolder per upload time, the file's own
    name (a later correction never overwrites the file it corrects; the newest copy counts)."""
    base = clean_name(name).split("/")[-1]
    return f"{unit_folder}/更正{stamp}/{base}"
