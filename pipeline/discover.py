"""Find every input file in an inbox, archives included, and tell what format each really is.

The inbox is only ever read. Archive members (.zip, .7z, .rar, nested up to ``MAX_ARCHIVE_DEPTH``)
are read into memory, never extracted to disk; a member whose name would escape a folder
(``../``, ``/etc``, ``C:``) is listed with a finding and not even decompressed. Limits against
decompression bombs (member count, total size, member size, compression ratio) turn an archive or a
member into a finding that names the limit and the measured numbers.

Formats are judged from the bytes; the extension only words messages ("扩展名是 .docx，但内容是 JPEG
图片").
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import logging
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from extractors.models import FileFormat, SourceFile
from extractors.readers import has_dtd, plain_cause
from pipeline.oserrors import os_error_text

_log = logging.getLogger(__name__)

JUNK_NAMES = {"thumbs.db", ".ds_store", "desktop.ini", ".localized"}
IMAGE_EXT = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".heic"}
ARCHIVES = {FileFormat.ZIP, FileFormat.SEVEN_ZIP, FileFormat.RAR}

MAX_ARCHIVE_DEPTH = 3  # an archive inside an archive inside an archive is opened; one level deeper is not
MAX_MEMBERS = 2000  # files in one archive
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # one member, uncompressed
MAX_ARCHIVE_TOTAL = 1024 * 1024 * 1024  # everything inflated from one archive, nested archives included
MAX_RATIO = 200  # uncompressed : compressed, for members of at least RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
JUNK_READ_BYTES = 1024 * 1024  # junk members are read (for their hash) only when smaller than this
RAR_TOOL_TIMEOUT = 120  # seconds for the unrar-free fallback
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024  # one file of the inbox is read up to this size, no further

DAMAGED_ARCHIVE = "压缩包已损坏或不完整，无法打开"
ENCRYPTED_FILE = "文件已加密（设置了打开密码），请去掉密码后重新提交"
ENCRYPTED_ARCHIVE = "压缩包已加密，需要密码才能解压，请去掉密码后重新提交"
ENCRYPTED_MEMBER = "压缩包已加密（此文件需要密码才能解压），请去掉密码后重新提交"
ENCRYPTED_LIST = "压缩包文件列表已加密，需要密码才能解压，请去掉密码后重新提交"
EMPTY_ARCHIVE = "压缩包中没有文件"
RAR_NEEDS_TOOL = ("读取 RAR 压缩包需要 unar：请安装 unar（sudo apt-get install unar），"
                  "或把压缩包改为 .zip 后重新提交")
_UNSAFE_XML = {FileFormat.DOCX: "Word", FileFormat.XLSX: "Excel", FileFormat.LEGACY: "OpenDocument",
               FileFormat.LEGACY_SHEET: "OpenDocument"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# JPEG, PNG, TIFF (both byte orders), GIF, BMP: the image formats Pillow opens for OCR.
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"mif1", b"msf1")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f}".removesuffix(".0")


def junk_reason(path: str) -> str:
    parts = PurePosixPath(path).parts
    name = parts[-1]
    low = name.lower()
    if name.startswith("~$"):
        return "Word/WPS 打开文件时产生的临时锁文件（~$ 开头）"
    if low in JUNK_NAMES:
        return f"系统生成的文件（{name}）"
    if "__MACOSX" in parts or name.startswith("._"):
        return "苹果电脑压缩时附带的系统文件（__MACOSX / ._ 开头）"
    return ""


# ============================================================================ sniffing


def sniff(data: bytes, name: str) -> tuple[FileFormat, str]:
    """(format, problem) judged from the bytes; the extension only breaks ties and words messages."""
    ext = PurePosixPath(name).suffix.lower()
    if not data:
        return FileFormat.UNKNOWN, "空文件（0 字节）"
    head = data[:8]
    if b"%PDF" in data[:1024]:
        return FileFormat.PDF, ""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_package(data, ext)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(data)
    if data.lstrip()[:5] == b"{\\rtf":
        return FileFormat.LEGACY, ""
    if head.startswith(b"Rar!\x1a\x07"):
        return FileFormat.RAR, ""
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return FileFormat.SEVEN_ZIP, ""
    for magic in _IMAGE_MAGIC:
        if head.startswith(magic):
            # Read by OCR whatever its name says; file.wrong_extension reports a lying extension.
            return FileFormat.IMAGE, ""
    if data[4:8] == b"ftyp" and data[8:12] in _HEIC_BRANDS:
        return FileFormat.UNKNOWN, "HEIC 格式的照片无法读取：请在手机或电脑上导出为 JPG 后重新提交"
    if ext in IMAGE_EXT:
        return FileFormat.UNKNOWN, "图片文件已损坏，无法打开"
    known = {".docx": "Word", ".docm": "Word", ".doc": "Word", ".wps": "WPS", ".rtf": "RTF", ".odt": "OpenDocument",
             ".pdf": "PDF", ".xlsx": "Excel", ".xls": "Excel", ".et": "WPS 表格", ".ods": "OpenDocument",
             ".zip": "压缩包", ".7z": "7z 压缩包", ".rar": "RAR 压缩包"}
    if ext in known:
        return FileFormat.UNKNOWN, f"扩展名是 {ext}，但内容不是 {known[ext]} 文件（文件已损坏或扩展名有误）"
    return FileFormat.UNKNOWN, f"不支持的文件类型（{ext or '无扩展名'}）"


# Zip packages of other applications: never opened as archives of submissions.
_IWORK = (".pages", ".numbers", ".key")
_APP_PACKAGES = (".jar", ".apk", ".ipa", ".xpi", ".crx", ".whl", ".egg", ".nupkg", ".vsix", ".appx", ".msix",
                 ".xap", ".aar", ".war", ".ear")


def _mime_word(mime: str, ext: str) -> str:
    """A package's declared type for a message: the MIME type when it is plain ASCII, else the extension."""
    return mime if mime and mime.isascii() and mime.isprintable() and len(mime) < 80 else (ext or "无扩展名")


def _sniff_package(data: bytes, ext: str) -> tuple[FileFormat, str]:
    """A zip container: a Word/Excel/OpenDocument package, or an archive of files."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        if ext in (".docx", ".xlsx", ".docm"):
            return FileFormat.DOCX if ext != ".xlsx" else FileFormat.XLSX, ""  # reader words the damage
        return FileFormat.ZIP, DAMAGED_ARCHIVE
    names = {i.filename for i in infos}
    fmt: FileFormat | None = None
    if "xl/workbook.bin" in names:
        return FileFormat.UNKNOWN, "Excel 二进制工作簿（.xlsb）不是可审查的材料格式，请另存为 .xlsx 后重新提交"
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        fmt = FileFormat.DOCX
    elif "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        fmt = FileFormat.XLSX
    elif any(n.startswith("ppt/") for n in names):
        return FileFormat.UNKNOWN, "PowerPoint 演示文稿不是可审查的材料格式，请另存为 PDF 后提交"
    elif "[Content_Types].xml" in names and ext not in (".docx", ".docm"):
        return FileFormat.UNKNOWN, (f"Office 文件（{ext or '无扩展名'}）不是可审查的材料格式，"
                                    "请另存为 .docx/.xlsx 或 PDF 后提交")
    elif "[Content_Types].xml" in names and ext in (".docx", ".docm"):
        fmt = FileFormat.DOCX
    elif "mimetype" in names:  # the ODF/OCF convention: the package names its own type
        try:
            mime = z.read("mimetype")[:100].decode("ascii", "replace").strip()
        except Exception:  # noqa: BLE001 — a damaged mimetype entry: judge by the extension
            mime = ""
        if mime.endswith("opendocument.text") or (not mime and ext == ".odt"):
            fmt = FileFormat.LEGACY
        elif mime.endswith("opendocument.spreadsheet") or (not mime and ext == ".ods"):
            fmt = FileFormat.LEGACY_SHEET
        elif "epub" in mime or ext == ".epub":
            return FileFormat.UNKNOWN, "电子书（.epub）不是可审查的材料格式，请另存为 PDF 或 Word 文件后提交"
        elif "opendocument" in mime or "content.xml" in names:
            return FileFormat.UNKNOWN, (f"OpenDocument 文件（{_mime_word(mime, ext)}）不是可审查的材料格式，"
                                        "请另存为 .docx/.xlsx 或 PDF 后提交")
        else:
            return FileFormat.UNKNOWN, (f"这是其他软件的文件包（{_mime_word(mime, ext)}），不是可审查的材料格式，"
                                        "请另存为 PDF 或 Word 文件后提交")
    elif "OFD.xml" in names or ext == ".ofd":
        return FileFormat.UNKNOWN, "OFD 版式文件暂不能读取，请另存为 PDF 后提交"
    elif any(n.startswith("Index/") and n.endswith(".iwa") for n in names) or ext in _IWORK:
        return FileFormat.UNKNOWN, ("苹果 Pages / Numbers / Keynote 文件不是可审查的材料格式，"
                                    "请导出为 PDF、Word 或 Excel 文件后提交")
    elif ext in _APP_PACKAGES:
        return FileFormat.UNKNOWN, f"不支持的文件类型（{ext}，程序或安装包），不是申报材料"
    if fmt is None:
        return FileFormat.ZIP, ""
    total = sum(i.file_size for i in infos)
    biggest = max((i.file_size for i in infos), default=0)
    if biggest > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_TOTAL:
        size, limit = (biggest, MAX_MEMBER_BYTES) if biggest > MAX_MEMBER_BYTES else (total, MAX_ARCHIVE_TOTAL)
        return fmt, f"文件解压后过大（{_mb(size)} MB，上限 {_mb(limit)} MB），可能是恶意文件，为安全起见未读取"
    return fmt, ""


def unsafe_package(data: bytes, fmt: FileFormat) -> str:
    """The reason to refuse an Excel/OpenDocument package whose XML declares entities; "" when safe.

    Checked just before reading (in the worker), not during discovery: it opens every XML part, which
    would make discovering a thousand unchanged files slow, and a file read from the cache needs no check.
    The .docx reader refuses a DTD in any part it parses by itself, with the same reason, at no extra cost.
    """
    if fmt not in _UNSAFE_XML or fmt == FileFormat.DOCX or not data.startswith(b"PK"):
        return ""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""  # the reader words the damage
    if _declares_entities(z, infos):
        return f"{_UNSAFE_XML[fmt]} 文件内部含有可能有害的内容，为安全起见未读取；请打开后另存一份再提交"
    return ""


def _declares_entities(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    """True when an XML part of the package declares a DTD (extractors.readers.has_dtd)."""
    for info in infos[:500]:
        if not info.filename.lower().endswith((".xml", ".rels")) or info.flag_bits & 0x1:
            continue
        try:
            with z.open(info) as f:
                head = f.read(64 * 1024)
        except Exception:  # noqa: BLE001 — a damaged part is the reader's to word
            continue
        if has_dtd(head):
            return True
    return False


def _sniff_ole(data: bytes) -> tuple[FileFormat, str]:
    """An OLE2 compound file: legacy Word/WPS or Excel, an encrypted OOXML package, or something else."""
    try:
        import olefile

        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 — olefile raises assorted errors on damaged files
        _log.info("OLE file not parsed: %r", e)
        if "EncryptionInfo".encode("utf-16-le") in data:
            return FileFormat.OLE, ENCRYPTED_FILE
        return FileFormat.OLE, "旧版 Office 文件已损坏，无法打开，请另存为 .docx/.xlsx 或 PDF 后重新提交"
    try:
        streams = {"/".join(p).lower() for p in ole.listdir(streams=True, storages=False)}
        if "encryptioninfo" in streams or "encryptedpackage" in streams:
            return FileFormat.OLE, ENCRYPTED_FILE
        if "worddocument" in streams:
            return (FileFormat.OLE, ENCRYPTED_FILE) if _word_encrypted(ole) else (FileFormat.LEGACY, "")
        if "workbook" in streams or "book" in streams:
            stream = "Workbook" if "workbook" in streams else "Book"
            return (FileFormat.OLE, ENCRYPTED_FILE) if _excel_encrypted(ole, stream) else (FileFormat.LEGACY_SHEET, "")
        if "powerpoint document" in streams:
            return FileFormat.OLE, "PowerPoint 演示文稿不是可审查的材料格式，请另存为 PDF 后提交"
        return FileFormat.OLE, "无法识别的旧版 Office 文件，请另存为 .docx/.xlsx 或 PDF 后提交"
    finally:
        ole.close()


def _word_encrypted(ole) -> bool:
    """Word 97-2003 password protection: fEncrypted (bit 8 of the FIB flags at offset 0x0A)."""
    try:
        fib = ole.openstream("WordDocument").read(12)
    except Exception:  # noqa: BLE001
        return False
    return len(fib) >= 12 and bool(int.from_bytes(fib[10:12], "little") & 0x0100)


def _excel_encrypted(ole, stream: str) -> bool:
    """Excel 97-2003 password protection: a FILEPASS record (0x002F) right after the first BOF."""
    try:
        head = ole.openstream(stream).read(512)
    except Exception:  # noqa: BLE001
        return False
    if len(head) < 8:
        return False
    nxt = 4 + int.from_bytes(head[2:4], "little")
    return head[nxt:nxt + 2] == b"\x2f\x00"


# ============================================================================ archives


@dataclass
class _Member:
    """One entry of an archive as listed, before anything is decompressed."""

    name: str  # as the archive names it (decoded), "\\" already turned into "/"
    size: int  # uncompressed, as declared
    packed: int | None  # compressed size, when the format gives it per member
    encrypted: bool
    is_dir: bool = False
    raw: object = field(default=None, repr=False)  # the library's own entry
    mtime: float | None = None  # when the member was last modified, as the archive records it


def _member_time(value: object) -> float | None:
    """A member's modification time as seconds since the epoch: from a zip's or rar's (year, month, day,
    hour, minute, second) in local time, or a datetime (7z, RAR5); None when the archive gives none."""
    try:
        if isinstance(value, tuple) and len(value) >= 6:
            return time.mktime((*value[:6], 0, 0, -1))
        if isinstance(value, dt.datetime):
            return value.timestamp()
    except (OverflowError, ValueError, OSError):
        pass
    return None


class _Refused(Exception):
    """The archive as a whole cannot be opened; the message is the Chinese reason."""


class _Archive:
    """A listed archive whose members can be read into memory."""

    members: list[_Member]

    def read(self, wanted: list[_Member]) -> dict[int, bytes | Exception]:  # id(member) -> bytes or failure
        raise NotImplementedError


class _Zip(_Archive):
    def __init__(self, data: bytes) -> None:
        try:
            self.z = zipfile.ZipFile(io.BytesIO(data))
            infos = self.z.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            _log.info("zip not opened: %r", e)
            raise _Refused(DAMAGED_ARCHIVE) from e
        self.members = [_Member(member_name(i).replace("\\", "/"), i.file_size, i.compress_size,
                                bool(i.flag_bits & 0x1), i.is_dir(), i, _member_time(i.date_time)) for i in infos]

    def read(self, wanted):
        out: dict[int, bytes | Exception] = {}
        for m in wanted:
            try:
                out[id(m)] = self.z.read(m.raw)  # zipfile never inflates past the declared size
            except Exception as e:  # noqa: BLE001 — CRC errors, truncated streams, unknown methods
                out[id(m)] = e
        return out


class _SevenZip(_Archive):
    def __init__(self, data: bytes) -> None:
        import py7zr

        self.data = data
        try:
            self.z = py7zr.SevenZipFile(io.BytesIO(data), mode="r")
            infos = self.z.list()
            encrypted = self.z.needs_password()
        except py7zr.PasswordRequired as e:  # the names themselves are encrypted
            raise _Refused(ENCRYPTED_ARCHIVE) from e
        except Exception as e:  # noqa: BLE001 — Bad7zFile, unsupported methods, truncation
            if "password" in str(e).lower():
                raise _Refused(ENCRYPTED_ARCHIVE) from e
            _log.info("7z not opened: %r", e)
            raise _Refused(DAMAGED_ARCHIVE) from e
        self.members = [_Member(i.filename.replace("\\", "/"), i.uncompressed or 0, None, encrypted,
                                i.is_directory, i, _member_time(i.creationtime)) for i in infos]
        self.solid_ratio = (sum(m.size for m in self.members) / max(len(data), 1))

    def read(self, wanted):
        import py7zr
        from py7zr.io import BytesIOFactory

        if not wanted:
            return {}
        factory = BytesIOFactory(MAX_MEMBER_BYTES + 1)
        out: dict[int, bytes | Exception] = {}
        try:
            self.z.reset()
            self.z.extract(targets=[m.raw.filename for m in wanted], factory=factory)
        except Exception as e:  # noqa: BLE001
            return {id(m): e for m in wanted}
        for m in wanted:
            try:
                key = py7zr.helpers.get_sanitized_output_path(m.raw.filename, None).as_posix()
            except Exception:  # noqa: BLE001
                key = m.raw.filename
            product = factory.products.get(key)
            if product is None:
                out[id(m)] = b"" if m.size == 0 else ValueError("解压结果缺失")
                continue
            product.seek(0)
            content = product.read()
            out[id(m)] = content if len(content) == m.size else ValueError(
                f"解压后 {len(content)} 字节，与记录的 {m.size} 字节不符")
        return out


class _Rar(_Archive):
    def __init__(self, data: bytes) -> None:
        import rarfile

        self.data = data
        try:
            self.z = rarfile.RarFile(io.BytesIO(data))
            infos = self.z.infolist()
        except rarfile.PasswordRequired as e:
            raise _Refused(ENCRYPTED_ARCHIVE) from e
        except rarfile.NeedFirstVolume as e:
            raise _Refused("这是分卷压缩包的后续分卷，无法单独解压，请把全部内容打成一个压缩包后重新提交") from e
        except Exception as e:  # noqa: BLE001 — BadRarFile, truncation
            _log.info("rar not opened: %r", e)
            raise _Refused(DAMAGED_ARCHIVE) from e
        if not infos and self.z.needs_password():  # the file list itself is encrypted (rar -hp)
            raise _Refused(ENCRYPTED_LIST)
        self.members = [_Member(i.filename.replace("\\", "/"), i.file_size or 0, i.compress_size,
                                bool(i.needs_password()), i.is_dir(), i, _member_time(i.mtime or i.date_time))
                        for i in infos]

    def read(self, wanted):
        import rarfile

        out: dict[int, bytes | Exception] = {}
        for m in wanted:
            try:
                out[id(m)] = self.z.read(m.raw)  # stored members directly; others through unar/unrar
            except rarfile.RarCannotExec:
                out[id(m)] = _unrar_free(self.data, m)
            except Exception as e:  # noqa: BLE001
                fallback = _unrar_free(self.data, m)  # unar cannot read every RAR5 variant
                out[id(m)] = fallback if isinstance(fallback, bytes) else e
        return out


def _unrar_free(data: bytes, m: _Member) -> bytes | Exception:
    """One member through Debian's unrar-free, in a private scratch folder removed straight after.

    Only called for members whose names passed the path check, so the file lands inside the folder.
    """
    exe = shutil.which("unrar-free")
    if exe is None:
        return _NoTool(RAR_NEEDS_TOOL)
    with tempfile.TemporaryDirectory(prefix="huishen-rar-") as scratch:
        archive, outdir = Path(scratch) / "in.rar", Path(scratch) / "out"
        archive.write_bytes(data)
        outdir.mkdir()
        try:
            subprocess.run([exe, "-x", "-f", str(archive), m.raw.filename, f"{outdir}/"], cwd=scratch,
                           capture_output=True, timeout=RAR_TOOL_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            return e
        target = (outdir / m.name).resolve()
        if not target.is_relative_to(outdir.resolve()) or not target.is_file():
            return ValueError("unrar-free 未能解压此文件")
        return target.read_bytes()


class _NoTool(Exception):
    """A needed external program is missing; the message says what to install."""


_OPENERS: dict[FileFormat, Callable[[bytes], _Archive]] = {
    FileFormat.ZIP: _Zip, FileFormat.SEVEN_ZIP: _SevenZip, FileFormat.RAR: _Rar}


def unsafe_name(name: str) -> bool:
    """A member name that would land outside the folder it is extracted to."""
    n = name.replace("\\", "/")
    return n.startswith("/") or bool(_DRIVE.match(n)) or ".." in n.split("/") or "\x00" in n


@dataclass
class _Budget:
    """Bytes that may still be inflated from one top-level archive, nested archives included."""

    left: int = MAX_ARCHIVE_TOTAL


def _strip_numbering(name: str) -> str:
    """"03-南京大学" -> "南京大学"; "（1）苏州市教育工会" -> "苏州市教育工会"."""
    return re.sub(r"^\s*(?:\d+|[（(]\d+[)）])\s*[-_.、．\s]*", "", name).strip() or name


def member_name(info: zipfile.ZipInfo) -> str:
    """Archive member name; names without the UTF-8 flag are tried as UTF-8, then GB18030."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def _source(path: str, data: bytes, unit: str, unit_src: str) -> SourceFile:
    reason = junk_reason(path)
    if reason:
        fmt, problem = FileFormat.JUNK, reason
    else:
        fmt, problem = sniff(data, path)
    return SourceFile(path=path, unit_hint=unit, unit_hint_source=unit_src, fmt=fmt, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), data=data, problem=problem)


def member_failure(err: BaseException) -> str:
    """Why one archive member could not be extracted, in Chinese (the library's words go to the log)."""
    _log.info("archive member not extracted: %s: %s", type(err).__name__, err)
    name, text = type(err).__name__, str(err).lower()
    if "unsupported" in name.lower() or "not supported" in text or "unsupported" in text:
        return ("压缩包使用了本程序不支持的压缩方式（如 BCJ2、LZ4、Zstandard、Brotli），"
                "请用 zip 或普通 7z 格式重新压缩后提交")
    cause = plain_cause(err)
    return f"压缩包内文件无法解压（{cause}），请重新压缩后提交" if cause else "压缩包内文件无法解压，请重新压缩后提交"


def _refuse(path: str, fmt: FileFormat, unit: str, unit_src: str, problem: str) -> SourceFile:
    """A member listed, never decompressed: no bytes, no hash, size 0 (a declared size is in the problem
    where it matters; it is not a file the unit uploaded, so no size check applies)."""
    return SourceFile(path, unit, unit_src, fmt, 0, "", b"", problem)


def _archive_members(path: str, data: bytes, fmt: FileFormat, unit: str, unit_src: str, depth: int,
                     budget: _Budget, mtime: float | None = None) -> Iterator[SourceFile]:
    """The members of one archive as sources, nested archives opened; or the archive with its problem.
    ``mtime``: the archive's own modification time, for members whose time the archive does not record."""

    def whole(problem: str) -> SourceFile:
        src = _source(path, data, unit, unit_src)
        src.fmt, src.problem = fmt, problem
        return src

    try:
        archive = _OPENERS[fmt](data)
    except _Refused as e:
        yield whole(str(e))
        return
    files = [m for m in archive.members if not m.is_dir]
    if not files:  # an empty archive, or one of folders only: it stands for itself, with its reason
        yield whole(EMPTY_ARCHIVE)
        return
    declared = sum(m.size for m in files)
    if len(files) > MAX_MEMBERS:
        yield whole(f"压缩包内文件过多（{len(files)} 个，上限 {MAX_MEMBERS} 个），可能是恶意文件，为安全起见未解压")
        return
    if declared > budget.left:
        used = MAX_ARCHIVE_TOTAL - budget.left
        also = f"，外层压缩包已解压 {_mb(used)} MB" if used else ""
        yield whole(f"压缩包解压后总大小过大（{_mb(declared)} MB{also}，上限 {_mb(MAX_ARCHIVE_TOTAL)} MB），"
                    "可能是恶意文件，为安全起见未解压")
        return
    solid_ratio = getattr(archive, "solid_ratio", 0.0)  # 7z gives no per-member compressed sizes
    if declared >= RATIO_MIN_BYTES and solid_ratio > MAX_RATIO:
        yield whole(f"压缩包压缩比异常（{solid_ratio:.0f}:1，上限 {MAX_RATIO}:1；解压后 {_mb(declared)} MB），"
                    "可能是恶意文件，为安全起见未解压")
        return

    ready: dict[int, SourceFile] = {}
    wanted: list[_Member] = []
    for m in files:
        mpath = f"{path}/{m.name}"
        if unsafe_name(m.name):
            ready[id(m)] = _refuse(mpath, FileFormat.UNKNOWN, unit, unit_src,
                                   f"压缩包内文件名含有非法路径（{m.name}），为安全起见未解压")
        elif junk_reason(mpath):
            if m.encrypted or m.size >= JUNK_READ_BYTES:
                ready[id(m)] = _refuse(mpath, FileFormat.JUNK, unit, unit_src, junk_reason(mpath))
            else:
                wanted.append(m)
        elif m.encrypted:
            ready[id(m)] = _refuse(mpath, FileFormat.UNKNOWN, unit, unit_src, ENCRYPTED_MEMBER)
        elif m.size > MAX_MEMBER_BYTES:
            ready[id(m)] = _refuse(mpath, FileFormat.UNKNOWN, unit, unit_src,
                                   f"压缩包内文件解压后过大（{_mb(m.size)} MB，上限 {_mb(MAX_MEMBER_BYTES)} MB），"
                                   "为安全起见未解压")
        elif m.packed is not None and m.size >= RATIO_MIN_BYTES and m.size > MAX_RATIO * max(m.packed, 1):
            ratio = m.size / max(m.packed, 1)
            ready[id(m)] = _refuse(mpath, FileFormat.UNKNOWN, unit, unit_src,
                                   f"压缩包内文件压缩比异常（{ratio:.0f}:1，上限 {MAX_RATIO}:1；"
                                   f"解压后 {_mb(m.size)} MB），可能是恶意文件，为安全起见未解压")
        else:
            wanted.append(m)
    contents = archive.read(wanted)

    for m in files:
        if id(m) in ready:
            yield ready[id(m)]
            continue
        mpath = f"{path}/{m.name}"
        content = contents.get(id(m))
        if isinstance(content, _NoTool):
            yield _refuse(mpath, FileFormat.UNKNOWN, unit, unit_src, str(content))
            continue
        if not isinstance(content, bytes):
            err = content or ValueError("未读取")
            if junk_reason(mpath):
                yield _refuse(mpath, FileFormat.JUNK, unit, unit_src, junk_reason(mpath))
            elif "password" in str(err).lower() or "encrypt" in str(err).lower():
                yield _refuse(mpath, FileFormat.UNKNOWN, unit, unit_src, ENCRYPTED_MEMBER)
            else:
                yield _refuse(mpath, FileFormat.UNKNOWN, unit, unit_src, member_failure(err))
            continue
        budget.left -= len(content)
        src = _source(mpath, content, unit, unit_src)
        src.mtime = m.mtime if m.mtime is not None else mtime
        if src.fmt in ARCHIVES and not src.problem:
            if depth >= MAX_ARCHIVE_DEPTH:
                src.problem = f"压缩包嵌套超过 {MAX_ARCHIVE_DEPTH} 层，为安全起见未解压"
                yield src
            else:
                yield from _archive_members(mpath, content, src.fmt, unit, unit_src, depth + 1, budget, src.mtime)
        else:
            yield src


def stat_key(p: Path) -> str | None:
    """What identifies one version of a file without reading it: size, modification and status-change
    times, inode (as git's index and make do; ctime cannot be set back by copying tools)."""
    return _stat(p)[0]


def _stat(p: Path) -> tuple[str | None, float | None]:
    """(stat key, modification time) of a file; (None, None) when it cannot be stat'ed."""
    try:
        st = p.stat()
    except OSError:
        return None, None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}", st.st_mtime


def shown_name(name: str) -> str:
    """A file or folder name as reports show it. A name that is not valid UTF-8 (GBK bytes left by unzipping a
    Windows archive without converting names) arrives with its bytes escaped; it is shown decoded as GB18030
    when it is that, else with each undecodable byte written as "\\xNN". The file itself is still opened
    by its name as it is on disk."""
    if not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def os_reason(e: OSError) -> str:
    """An operating-system error in Chinese, for a file or folder that cannot be opened."""
    code = getattr(e, "errno", None)
    if code == errno.ENAMETOOLONG:
        return "路径过长，超过系统允许的长度"
    if code in (errno.EACCES, errno.EPERM):
        return "没有访问权限"
    if code == errno.ENOENT:
        return "文件已不存在"
    if code == errno.ELOOP:
        return "链接层层相互指向（循环链接）"
    return os_error_text(e)


NOT_REGULAR = "不是普通文件（管道、套接字或设备文件），未读取"
LINK_OUTSIDE = "这是指向收件文件夹以外的链接（{target}），为安全起见未读取"
LINK_BROKEN = "这是一个断开的链接（指向的文件不存在），未读取"


@dataclass
class _Entry:
    rel: str  # as shown: relative to the inbox, "/"-separated, names shown readably
    path: Path  # as on disk
    problem: str = ""
    folder: bool = False  # a folder that could not be opened


def _walk(inbox: Path) -> list[_Entry]:
    """Every entry below ``inbox`` that is a file (or stands for one), sorted, found without recursion (1,500
    nested folders are fine) and decided by ``lstat`` before anything is opened: a link is followed only to a
    file or folder inside the inbox, each folder at most once; a FIFO, socket or device is listed, never
    opened; a folder that cannot be listed or a path that is too long is an entry with its reason."""
    root = inbox.absolute()
    real_root = os.path.realpath(root)
    seen_dirs = {real_root}
    out: list[_Entry] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]

    def inside(real: str) -> bool:
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as it:
                names = [e.name for e in it]
        except OSError as e:
            out.append(_Entry("/".join(parts) + "/", folder, f"文件夹无法打开（{os_reason(e)}），其中的文件未读取",
                              folder=True))
            continue
        for name in names:
            path = folder / name
            sub = (*parts, shown_name(name))
            rel = "/".join(sub)
            try:
                st = os.lstat(path)
                if stat.S_ISLNK(st.st_mode):
                    real = os.path.realpath(path)
                    if not inside(real):
                        out.append(_Entry(rel, path, LINK_OUTSIDE.format(target=shown_name(real))))
                        continue
                    st = os.stat(path)
                else:
                    real = ""
            except OSError as e:
                reason = LINK_BROKEN if e.errno == errno.ENOENT else f"无法读取（{os_reason(e)}）"
                out.append(_Entry(rel, path, reason))
                continue
            if stat.S_ISDIR(st.st_mode):
                real = real or os.path.realpath(path)
                if real not in seen_dirs:  # a link back to a folder already walked (a loop) is not walked again
                    seen_dirs.add(real)
                    stack.append((path, sub))
            elif stat.S_ISREG(st.st_mode):
                out.append(_Entry(rel, path))
            else:
                out.append(_Entry(rel, path, NOT_REGULAR))
    out.sort(key=lambda e: e.rel.split("/"))
    return out


def _read_capped(path: Path) -> bytes:
    """A regular file's bytes, refused past ``MAX_FILE_BYTES`` (it may grow while being read)."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _TooLarge(len(data))
    return data


class _TooLarge(Exception):
    pass


def discover(inbox: Path, known: dict[str, tuple[str, SourceFile]] | None = None) -> Iterator[SourceFile]:
    """Every file under ``inbox`` in sorted order; archives are opened and their members listed.

    ``known``: path -> (stat key, source) from an earlier discovery of a plain (non-archive) file; a file
    whose stat key still matches is not read or hashed again (a re-run of a thousand unchanged files
    then costs a directory walk).
    Every path is unique: two members of one zip with the same name, or an archive member named like a file
    beside the archive, get a suffix that says so ("（同名文件2）")."""
    seen: set[str] = set()
    for src in _discover(inbox, known):
        if src.path in seen:
            path = PurePosixPath(src.path)
            n = 2
            while (alt := str(path.with_name(f"{path.stem}（同名文件{n}）{path.suffix}"))) in seen:
                n += 1
            src = replace(src, path=alt)
        seen.add(src.path)
        yield src


def _discover(inbox: Path, known: dict[str, tuple[str, SourceFile]] | None) -> Iterator[SourceFile]:
    for entry in _walk(inbox):
        rel, p = entry.rel, entry.path
        parts = rel.rstrip("/").split("/")
        if len(parts) > 1:
            unit, unit_src = _strip_numbering(parts[0]), "文件夹"
        else:
            unit, unit_src = "", ""
        if entry.problem:  # listed with its reason, never opened
            yield SourceFile(rel, unit, unit_src, FileFormat.UNKNOWN, 0, "", b"", entry.problem)
            continue
        if known is not None and rel in known:
            key, earlier = known[rel]
            if key == stat_key(p) and earlier.unit_hint == unit and earlier.unit_hint_source == unit_src:
                yield replace(earlier, data=b"", origin=str(p))
                continue
        stat_now, mtime = _stat(p)  # before reading: a change during the read shows up as a different key next time
        try:
            data = _read_capped(p)
        except _TooLarge:
            yield SourceFile(rel, unit, unit_src, FileFormat.UNKNOWN, 0, "", b"",
                             f"文件过大（超过 {_mb(MAX_FILE_BYTES)} MB），未读取")
            continue
        except OSError as e:
            yield SourceFile(rel, unit, unit_src, FileFormat.UNKNOWN, 0, "", b"", f"文件无法打开（{os_reason(e)}）")
            continue
        src = _source(rel, data, unit, unit_src)
        src.mtime = mtime
        if src.fmt in ARCHIVES and not src.problem:
            if not unit:
                unit, unit_src = _strip_numbering(PurePosixPath(rel).stem), "压缩包"
            yield from _archive_members(rel, data, src.fmt, unit, unit_src, 1, _Budget(), mtime)
        else:
            # read again when its turn comes (the absolute path: the workers may not share our working folder)
            src.data, src.origin, src.stat = b"", str(p), stat_now or ""
            yield src


def source_bytes(inbox: Path, path: str) -> bytes | None:
    """The bytes of the file a record's ``path`` names, read again (read-only) from ``inbox``: a plain file, or a
    member of an archive opened in memory through the same guarded opening as discovery. None when it is no
    longer there. ``path`` must come from the batch's own records, never from a user: it is checked to stay
    inside the inbox all the same (no ``..``, no absolute name, no link followed out)."""
    if unsafe_name(path):
        return None
    root = inbox.resolve()
    parts = path.split("/")
    for n in range(1, len(parts) + 1):
        p = inbox.joinpath(*parts[:n])
        try:
            if p.is_symlink() or not p.resolve().is_relative_to(root):
                return None
            if p.is_dir():
                continue
            if not p.is_file():
                return None
            data = _read_capped(p)
        except (OSError, _TooLarge):
            return None
        if n == len(parts):
            return data
        prefix = "/".join(parts[:n])
        fmt, problem = sniff(data, prefix)
        if fmt not in ARCHIVES or problem:
            return None
        for src in _archive_members(prefix, data, fmt, "", "", 1, _Budget()):
            if src.path == path and not src.problem:
                return src.data
        return None
    return None
