"""Find every input file in an inbox, archives included, and tell what format each really is.

The inbox is only ever read. Archive members are read into memory, never extracted to disk.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from extractors.models import FileFormat, SourceFile

_log = logging.getLogger(__name__)

JUNK_NAMES = {"thumbs.db", ".ds_store", "desktop.ini", ".localized"}
MAX_ARCHIVE_DEPTH = 3
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # a single member larger than this is not inflated
MAX_ARCHIVE_TOTAL = 1024 * 1024 * 1024
IMAGE_EXT = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".heic"}


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


def sniff(data: bytes, name: str) -> tuple[FileFormat, str]:
    """(format, problem) judged from the bytes; the extension only breaks ties and words messages."""
    ext = PurePosixPath(name).suffix.lower()
    if not data:
        return FileFormat.UNKNOWN, "空文件（0 字节）"
    head = data[:8]
    if b"%PDF" in data[:1024]:
        return FileFormat.PDF, ""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            if ext in (".docx", ".xlsx", ".docm"):
                return FileFormat.DOCX if ext != ".xlsx" else FileFormat.XLSX, ""  # reader words the damage
            return FileFormat.ZIP, "压缩包已损坏或不完整"
        if "word/document.xml" in names or any(n.startswith("word/") for n in names):
            return FileFormat.DOCX, ""
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            return FileFormat.XLSX, ""
        if "[Content_Types].xml" in names and ext in (".docx", ".docm"):
            return FileFormat.DOCX, ""
        if "mimetype" in names and "content.xml" in names:
            return FileFormat.UNKNOWN, "OpenDocument 文档（.odt/.ods），请另存为 .docx/.xlsx 或 PDF 后提交"
        return FileFormat.ZIP, ""
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o".encode("latin-1") in data[:1 << 20]:
            return FileFormat.OLE, "文件已加密（设置了打开密码），请去掉密码后重新提交"
        return FileFormat.OLE, "旧版 Word/Excel/WPS 格式（.doc/.xls/.wps），当前无法读取，请另存为 .docx/.xlsx 或 PDF"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        what = f"（扩展名为 {ext}）" if ext and ext not in IMAGE_EXT else ""
        return FileFormat.UNKNOWN, f"图片文件{what}，无法识别其中的文字（扫描件请提交可编辑的电子版）"
    if head.startswith(b"Rar!") or head.startswith(b"7z\xbc\xaf"):
        return FileFormat.UNKNOWN, "RAR/7z 压缩包，当前只支持 .zip，请解压后提交"
    if head.startswith(b"{\\rtf"):
        return FileFormat.UNKNOWN, "RTF 文档，当前无法读取，请另存为 .docx 或 PDF"
    if ext in IMAGE_EXT:
        return FileFormat.UNKNOWN, "图片文件已损坏，无法打开"
    known = {".docx": "Word", ".pdf": "PDF", ".xlsx": "Excel", ".zip": "压缩包"}
    if ext in known:
        return FileFormat.UNKNOWN, f"扩展名是 {ext}，但内容不是 {known[ext]} 文件（文件已损坏或扩展名有误）"
    return FileFormat.UNKNOWN, f"不支持的文件类型（{ext or '无扩展名'}）"


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


def _archive_members(path: str, data: bytes, unit: str, unit_src: str, depth: int) -> Iterator[SourceFile]:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        src = _source(path, data, unit, unit_src)
        src.fmt, src.problem = FileFormat.ZIP, f"压缩包已损坏或不完整（{e}）"
        yield src
        return
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        name = member_name(info)
        clean = PurePosixPath(*[p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("..", "/", "")])
        mpath = f"{path}/{clean}"
        if junk_reason(mpath):
            yield _junk_member(z, info, mpath, unit, unit_src)
            continue
        if info.flag_bits & 0x1:
            yield SourceFile(mpath, unit, unit_src, FileFormat.UNKNOWN, info.file_size, "", b"",
                             "压缩包内的文件已加密，需要密码，无法读取")
            continue
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_TOTAL:
            yield SourceFile(mpath, unit, unit_src, FileFormat.UNKNOWN, info.file_size, "", b"",
                             f"压缩包内文件解压后过大（{info.file_size // 1024 // 1024} MB），为安全起见未解压")
            continue
        try:
            member = z.read(info)
        except Exception as e:  # CRC errors, truncated streams, unsupported compression
            yield SourceFile(mpath, unit, unit_src, FileFormat.UNKNOWN, info.file_size, "", b"",
                             f"压缩包内文件无法解压（{type(e).__name__}: {e}）")
            continue
        src = _source(mpath, member, unit, unit_src)
        if src.fmt == FileFormat.ZIP and not src.problem and depth < MAX_ARCHIVE_DEPTH:
            yield from _archive_members(mpath, member, unit, unit_src, depth + 1)
        else:
            yield src


def _junk_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, mpath: str, unit: str, unit_src: str) -> SourceFile:
    try:
        data = z.read(info) if info.file_size < 1 << 20 else b""
    except Exception:
        data = b""
    return _source(mpath, data, unit, unit_src)


def discover(inbox: Path) -> Iterator[SourceFile]:
    """Every file under ``inbox`` in sorted order; archives are opened and their members listed."""
    files = sorted(p for p in inbox.rglob("*") if p.is_file() or p.is_symlink())
    for p in files:
        rel = p.relative_to(inbox).as_posix()
        parts = rel.split("/")
        if len(parts) > 1:
            unit, unit_src = _strip_numbering(parts[0]), "文件夹"
        else:
            unit, unit_src = "", ""
        try:
            data = p.read_bytes()
        except OSError as e:
            yield SourceFile(rel, unit, unit_src, FileFormat.UNKNOWN, 0, "", b"", f"文件无法打开（{e.strerror}）")
            continue
        src = _source(rel, data, unit, unit_src)
        if src.fmt == FileFormat.ZIP and not src.problem:
            if not unit:
                unit, unit_src = _strip_numbering(PurePosixPath(rel).stem), "压缩包"
            yield from _archive_members(rel, data, unit, unit_src, 1)
        else:
            yield src
