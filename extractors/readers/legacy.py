"""Legacy office formats read through LibreOffice headless: a copy is converted, then read as usual.

Word-like files (.doc, .wps, .rtf, .odt) become .docx and go to the docx reader; spreadsheets
(.xls, .et, .ods) become .xlsx and go to the xlsx reader, so tables keep their grid and merges.

- The input is never touched: its bytes are written to a scratch folder inside the cache.
- Converted copies are cached by the sha256 of the original bytes (``$HUISHEN_CACHE_DIR/converted``,
  default ``~/.cache/huishen/converted``), so a second run, or the same file sent by two units, costs
  nothing.
- Each process has its own LibreOffice profile (``-env:UserInstallation``): two conversions sharing a
  profile fail silently. Within a process conversions are serialised for the same reason.
- Each conversion has a timeout; on expiry the whole process group (oosplash and soffice.bin) is killed,
  by coreutils ``timeout`` so that this holds even when the calling process is killed first.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from extractors.cachedir import cache_root
from extractors.models import Document
from extractors.readers import ReaderError, ReadOptions

_log = logging.getLogger(__name__)

NEEDS_WRITER = ("旧版 Word/WPS 文件需要 LibreOffice 才能读取：请安装 libreoffice-writer-nogui"
                "（sudo apt-get install libreoffice-writer-nogui），或把文件另存为 .docx 后重新提交")
NEEDS_CALC = ("旧版 Excel 文件需要 LibreOffice 才能读取：请安装 libreoffice-calc-nogui"
              "（sudo apt-get install libreoffice-calc-nogui），或把文件另存为 .xlsx 后重新提交")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOCK = threading.Lock()
_PROFILE: dict[int, Path] = {}  # pid -> LibreOffice user profile of that process
_PROFILE_PREFIX = "huishen-lo-"


def read_legacy(data: bytes, options: ReadOptions | None = None) -> Document:
    """A .doc/.wps/.rtf/.odt file, converted to .docx by LibreOffice and read by the docx reader."""
    from extractors.readers.docx import read_docx

    return read_docx(convert(data, "docx", options), options)


def read_legacy_sheet(data: bytes, options: ReadOptions | None = None) -> Document:
    """A .xls/.et/.ods workbook, converted to .xlsx by LibreOffice and read by the xlsx reader."""
    from extractors.readers.xlsx import read_xlsx

    return read_xlsx(convert(data, "xlsx", options), options)


def cache_dir(options: ReadOptions | None = None) -> Path:
    """Converted copies: ``converted/`` under huishen's cache root, the one the record cache uses
    (``$HUISHEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/huishen``, else ``~/.cache/huishen``)."""
    if options and options.cache_dir:
        return Path(options.cache_dir)
    return cache_root() / "converted"


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, target: str, options: ReadOptions | None = None) -> bytes:
    """``data`` converted to ``target`` ("docx", "xlsx", or "pdf" for a Word-like document): from the cache,
    else by LibreOffice."""
    key = hashlib.sha256(data).hexdigest()
    root = cache_dir(options)
    cached = root / f"{key}.{target}"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    soffice = find_soffice()
    if soffice is None:
        raise ReaderError(NEEDS_CALC if target == "xlsx" else NEEDS_WRITER)
    timeout = options.convert_timeout if options else ReadOptions.convert_timeout
    try:
        root.mkdir(parents=True, exist_ok=True)
        scratch_parent: Path | None = root
    except OSError as e:  # an unwritable cache costs the caching, not the file
        _log.warning("conversion cache %s unusable (%s); converting without caching", root, e)
        scratch_parent = None
    with _LOCK, tempfile.TemporaryDirectory(prefix=".convert-", dir=scratch_parent) as scratch:
        converted = _run_soffice(soffice, data, target, Path(scratch), timeout)
        if scratch_parent is not None:
            try:
                tmp = Path(scratch) / f"{key}.{target}"
                tmp.write_bytes(converted)
                os.replace(tmp, cached)  # atomic: a concurrent reader sees all or nothing
            except OSError as e:
                _log.warning("could not cache %s: %s", cached, e)
    return converted


def _input_suffix(data: bytes, target: str) -> str:
    """A file name suffix LibreOffice recognises; the content decides, the name never reaches here. ``target``
    "pdf" is a Word-like document shown as pages (the web page's view of an original)."""
    if target == "pdf":
        if data.startswith(b"PK"):
            return ".docx" if b"word/" in data[:65536] or b"word/" in data[-65536:] else ".odt"
        target = "docx"
    if data.startswith(_OLE_MAGIC):
        return ".doc" if target == "docx" else ".xls"
    if data.lstrip()[:5] == b"{\\rtf":
        return ".rtf"
    if data.startswith(b"PK"):
        return ".odt" if target == "docx" else ".ods"
    return ".doc" if target == "docx" else ".xls"


def _run_soffice(soffice: str, data: bytes, target: str, scratch: Path, timeout: float) -> bytes:
    src = scratch / f"input{_input_suffix(data, target)}"
    src.write_bytes(data)
    outdir = scratch / "out"
    profile = _profile_dir()
    cmd = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault",
           f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", target, "--outdir", str(outdir), str(src)]
    # No network: a submitted file can link an image at an address of its author's choosing (a tracking beacon
    # at the least). In a network namespace of its own where the system allows one; the profile blocks
    # linked content in any case (BlockUntrustedRefererLinks).
    cmd = [*no_network_prefix(), *cmd]
    # coreutils timeout kills the whole group at the deadline even if this process is killed first
    # (a worker stopped by its own fence): no LibreOffice outlives its conversion.
    watchdog = shutil.which("timeout")
    if watchdog:
        cmd = [watchdog, "-s", "KILL", f"{timeout:g}", *cmd]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, cwd=scratch, env=_soffice_env(profile))
    try:
        out, err = proc.communicate(timeout=timeout + 5 if watchdog else timeout)
        # timeout -s KILL signals its whole group, itself included: -9 as often as 137
        timed_out = bool(watchdog) and proc.returncode in (124, 137, -9) and time.monotonic() - started >= timeout
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        out, err, timed_out = b"", b"", True
    if timed_out:
        # "读取超时" first: the record cache treats that as a verdict on this run, not on the file
        raise ReaderError(f"读取超时：LibreOffice 转换超过 {timeout:g} 秒，文件可能已损坏或过于复杂，"
                          f"请另存为 .{target} 后重新提交")
    result = outdir / f"input.{target}"
    if not result.is_file():
        detail = (err or out or b"").decode("utf-8", "replace")
        detail = " ".join(ln for ln in detail.splitlines() if "javaldx" not in ln).strip()
        _log.warning("soffice could not convert (exit %s): %s", proc.returncode, detail)
        if "no export filter" in detail.lower():
            raise ReaderError(NEEDS_CALC if target == "xlsx" else NEEDS_WRITER)
        raise ReaderError(f"LibreOffice 无法打开此文件（文件已损坏、已加密或不是 Office 文档），"
                          f"请另存为 .{target} 后重新提交")
    return result.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    """oosplash and the soffice.bin it starts share the new session's process group: kill both."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL is not refused
        _log.error("soffice (pid %d) did not exit after SIGKILL", proc.pid)


# The per-process profile's settings: linked images and other external content of a document are not loaded
# (LibreOffice's "block any links from documents not among the trusted locations"; there are none).
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks"
 oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def _profile_root() -> Path:
    return cache_root() / "libreoffice"


def _profile_dir() -> Path:
    """This process's own LibreOffice profile, under the cache folder, created on first use (with the settings
    above) and removed at exit. Profiles left by processes that were killed (no exit handler ran) are removed
    on the way."""
    pid = os.getpid()
    path = _PROFILE.get(pid)
    if path is None:
        _remove_stale_profiles()
        try:
            _profile_root().mkdir(parents=True, exist_ok=True)
            path = Path(tempfile.mkdtemp(prefix=f"{_PROFILE_PREFIX}{pid}-", dir=_profile_root()))
        except OSError:  # an unwritable cache folder: the system's temporary folder, as before
            path = Path(tempfile.mkdtemp(prefix=f"{_PROFILE_PREFIX}{pid}-"))
        (path / "user").mkdir()
        (path / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        for sub in ("home", "tmp"):
            (path / sub).mkdir()
        _PROFILE[pid] = path
        atexit.register(shutil.rmtree, path, True)
    return path


def _soffice_env(profile: Path) -> dict[str, str]:
    """LibreOffice's environment: everything it writes for itself (dconf, fontconfig caches, its temporary
    files) lands in the profile folder, never in the user's home or the system's temporary folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DBUS_"))}
    home, tmp = str(profile / "home"), str(profile / "tmp")
    env.update(HOME=home, TMPDIR=tmp, TMP=tmp, TEMP=tmp, XDG_CONFIG_HOME=f"{home}/.config",
               XDG_CACHE_HOME=f"{home}/.cache", XDG_DATA_HOME=f"{home}/.local/share", XDG_RUNTIME_DIR=tmp,
               GSETTINGS_BACKEND="memory", SAL_USE_VCLPLUGIN="svp")
    return env


_NO_NETWORK: list[str] | None = None


def no_network_prefix() -> list[str]:
    """``unshare`` arguments that start a program in a network namespace of its own (no interface but a loopback
    that is down): ``-n`` as root, ``-rn`` where unprivileged user namespaces are allowed; [] where neither works
    (then only the profile's settings keep LibreOffice off the network)."""
    global _NO_NETWORK
    if _NO_NETWORK is None:
        _NO_NETWORK = []
        exe = shutil.which("unshare")
        for args in (["-n"], ["-rn"]) if exe else ():
            try:
                ok = subprocess.run([exe, *args, "true"], capture_output=True, timeout=10).returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
            if ok:
                _NO_NETWORK = [exe, *args]
                break
    return list(_NO_NETWORK)


def _remove_stale_profiles() -> None:
    stale = list(Path(tempfile.gettempdir()).glob(f"{_PROFILE_PREFIX}*-*"))
    if _profile_root().is_dir():
        stale += list(_profile_root().glob(f"{_PROFILE_PREFIX}*-*"))
    for old in stale:
        try:
            owner = int(old.name[len(_PROFILE_PREFIX):].split("-", 1)[0])
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(old, ignore_errors=True)
        except (ValueError, PermissionError, OSError):
            continue
