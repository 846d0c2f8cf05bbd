"""Builders of the files real inboxes hold besides clean .docx: office conversions, archives of every
kind (nested, encrypted, bombs, path traversal) and broken or hostile files.

Everything is built in memory from bytes given by the caller; nothing here knows a campaign. Used by
the samples' form-writing library (samples/forms.py), the banzu campaign's 补充材料 (samples/banzu.py)
and the robustness tests (tests/test_hostile.py). Archive timestamps are pinned (``ZIP_DT`` unless
given); the encryption builders fix their random salts where the library allows, so repeated builds
give the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import random
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

__all__ = [
    "ZIP_DT",
    "apple_double",
    "ds_store",
    "encrypted_docx",
    "encrypted_member_zip",
    "entity_bomb_docx",
    "forged_size_zip",
    "kids_loop_pdf",
    "macro_enabled",
    "owner_file",
    "padded",
    "pin_ole_times",
    "pdf_bytes",
    "random_bytes",
    "rar4",
    "replace_member",
    "self_loop_pdf",
    "seven_zip",
    "soffice_convert",
    "text_pdf",
    "thumbs_db",
    "word97_encrypted",
    "zip_bytes",
]

ZIP_DT = (2024, 9, 23, 9, 30, 0)  # the samples' fixed timestamp, for every archive member written here
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
NEEDS_MSOFFCRYPTO = "生成加密 Word 样例需要 msoffcrypto-tool（开发依赖）：pip install -e '.[dev]'"

# ============================================================================ LibreOffice


FONTS_CONF = Path(__file__).with_name("fonts.conf")


def pinned_fonts_env() -> dict[str, str]:
    """The environment for LibreOffice with the samples' own font set (see fonts.conf)."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}


def soffice_convert(
    sources: dict[str, bytes], target: str, profile: str | Path | None = None, timeout: float = 300
) -> dict[str, bytes]:
    """Convert ``sources`` with one headless LibreOffice call; returns {key: converted bytes}.

    Keys are any names (inbox paths); each key's extension tells LibreOffice the input format
    (``.docx`` when it has none). ``target`` is a ``--convert-to`` argument: ``pdf``,
    ``doc:MS Word 97``, ``rtf``, ``odt``, or with filter options
    (``pdf:writer_pdf_Export:{"EncryptFile": …}``). Two calls must not share a ``profile`` at the same
    time (LibreOffice then fails silently); without one, a fresh profile is used and removed.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "生成样例需要 LibreOffice（找不到 soffice 命令）；请先安装 libreoffice-writer-nogui。"
        )
    out: dict[str, bytes] = {}
    ext_out = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="huishen_samples_") as tmp:
        tmpdir = Path(tmp)
        names: dict[str, Path] = {}
        for i, (key, data) in enumerate(sorted(sources.items())):
            src = tmpdir / f"f{i:03d}{PurePosixPath(key).suffix or '.docx'}"
            src.write_bytes(data)
            names[key] = src
        profile_uri = Path(profile or tmpdir / "lo_profile").as_uri()
        cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile_uri}",
               "--convert-to", target, "--outdir", str(tmpdir / "out"), *(str(p) for p in names.values())]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=pinned_fonts_env())
        for key, src in names.items():
            result = tmpdir / "out" / f"{src.stem}.{ext_out}"
            if not result.exists():
                detail = proc.stderr.strip() or proc.stdout.strip()
                raise RuntimeError(f"LibreOffice 未能把 {key} 转成 {ext_out}：{detail}")
            out[key] = result.read_bytes()
    return out


# ============================================================================ archives


def zip_bytes(
    members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED, date_time: tuple = ZIP_DT
) -> bytes:
    """A plain zip (UTF-8 names flagged as such), members in the given order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=date_time), data, compress_type=method)
    return buf.getvalue()


def encrypted_member_zip(
    members: dict[str, bytes], encrypted: set[str], method: int = zipfile.ZIP_STORED
) -> bytes:
    """Members in ``encrypted`` carry the encryption flag (bit 0) and garbage, as a ZipCrypto member looks.
    zipfile clears the flag when writing, so it is set in the local and central headers afterwards."""
    rng = random.Random("encrypted_member_zip")  # the 12-byte encryption header is random; fixed here
    garbled = {n: (rng.randbytes(12) + d[::-1] if n in encrypted else d) for n, d in members.items()}
    out = bytearray(zip_bytes(garbled, method))
    z = zipfile.ZipFile(io.BytesIO(bytes(out)))
    central = z.start_dir
    for info in z.infolist():
        if info.filename in encrypted:
            out[info.header_offset + 6] |= 0x1
            out[central + 8] |= 0x1
        name_len, extra_len, comment_len = struct.unpack("<HHH", out[central + 28 : central + 34])
        central += 46 + name_len + extra_len + comment_len
    return bytes(out)


def forged_size_zip(members: dict[str, int]) -> bytes:
    """Stored members of 10 bytes each whose headers declare ``size`` bytes: a bomb that lies up front."""
    raw = zip_bytes({n: b"0123456789" for n in members}, zipfile.ZIP_STORED)
    out = bytearray(raw)
    for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size: local, central
        sizes, pos = iter(members.values()), 0
        while (pos := out.find(sig, pos)) >= 0:
            out[pos + at : pos + at + 4] = struct.pack("<I", next(sizes))
            pos += 4
    return bytes(out)


@contextlib.contextmanager
def _reproducible_7z(when: tuple) -> Iterator[None]:
    """py7zr stamps members written from memory with the current time and draws a random AES IV;
    both are pinned here (py7zr internals: left alone where a version lacks them)."""
    import py7zr
    from py7zr import compressor
    from py7zr.helpers import ArchiveTimestamp

    stamp = ArchiveTimestamp.from_datetime(dt.datetime(*when, tzinfo=dt.UTC).timestamp())
    original = py7zr.SevenZipFile.__dict__.get("_make_file_info_from_name")
    original_iv = getattr(compressor, "get_random_bytes", None)

    def pinned(bio, size, arcname):  # type: ignore[no-untyped-def]
        info = original.__func__(bio, size, arcname)
        for key in ("creationtime", "lastwritetime", "lastaccesstime"):
            info[key] = stamp
        return info

    if isinstance(original, staticmethod):
        py7zr.SevenZipFile._make_file_info_from_name = staticmethod(pinned)
    if original_iv is not None:
        compressor.get_random_bytes = random.Random("seven_zip").randbytes
    try:
        yield
    finally:
        if isinstance(original, staticmethod):
            py7zr.SevenZipFile._make_file_info_from_name = original
        if original_iv is not None:
            compressor.get_random_bytes = original_iv


def seven_zip(
    members: dict[str, bytes], password: str | None = None, header_encryption: bool = False,
    when: tuple = ZIP_DT,
) -> bytes:
    """A .7z (LZMA2; AES-256 when ``password``, its file list encrypted too with ``header_encryption``),
    its members stamped ``when``."""
    import py7zr

    buf = io.BytesIO()
    with _reproducible_7z(when):
        with py7zr.SevenZipFile(buf, "w", password=password, header_encryption=header_encryption) as z:
            for name, data in members.items():
                z.writestr(data, name)
    return buf.getvalue()


def rar4(members: list[tuple[str, bytes, bool]], when: tuple = ZIP_DT) -> bytes:
    """A RAR 4 archive of stored members (method 0x30) with Unicode names, stamped ``when``; ``True`` sets
    the password flag on a member (its data is then garbage). Built by hand: there is no free RAR writer."""

    def block(head_type: int, flags: int, body: bytes) -> bytes:
        header = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
        return struct.pack("<H", zlib.crc32(header) & 0xFFFF) + header

    out = b"Rar!\x1a\x07\x00" + block(0x73, 0, b"\x00" * 6)
    year, month, day, hour, minute, second = when
    dostime = (
        ((year - 1980) << 25) | (month << 21) | (day << 16) | (hour << 11) | (minute << 5) | (second // 2)
    )
    for name, data, encrypted in members:
        units = name.encode("utf-16-le")
        enc = bytearray(b"\x00")  # high byte; then every character as a full 16-bit value (op 2)
        for i in range(0, len(units), 8):
            enc.append(0xAA)
            enc += units[i : i + 8]
        fname = name.encode("ascii", "replace") + b"\x00" + bytes(enc)
        flags = 0x8000 | 0x0200 | (0x0004 if encrypted else 0)
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), dostime, 20, 0x30,
                           len(fname), 0x20) + fname  # fmt: skip
        out += block(0x74, flags, body) + data
    return out + block(0x7B, 0x4000, b"")


# ============================================================================ PDFs


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1, the first is the catalog) with a correct xref."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


_HELLO = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
_HELLO_OBJS = [b"<< /Length %d >>\nstream\n" % len(_HELLO) + _HELLO + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]  # fmt: skip


def text_pdf() -> bytes:
    """One page saying "Hello"."""
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                      b"/Resources << /Font << /F1 5 0 R >> >> >>", *_HELLO_OBJS])  # fmt: skip


def self_loop_pdf() -> bytes:
    """The page tree's only kid is the page tree itself."""
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def kids_loop_pdf() -> bytes:
    """A real page, plus an intermediate node whose kids point back at the root."""
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                      b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
                      b"/Resources << /Font << /F1 6 0 R >> >> >>", *_HELLO_OBJS])  # fmt: skip


# ============================================================================ Word packages


def replace_member(package: bytes, name: str, data: bytes) -> bytes:
    """The zip package with member ``name`` replaced by ``data`` (order and timestamps kept)."""
    src = zipfile.ZipFile(io.BytesIO(package))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, data if info.filename == name else src.read(info))
    return buf.getvalue()


def macro_enabled(docx: bytes) -> bytes:
    """A .docm: the main part declared macro-enabled in [Content_Types].xml, as Word saves one."""
    types = zipfile.ZipFile(io.BytesIO(docx)).read("[Content_Types].xml")
    return replace_member(docx, "[Content_Types].xml", types.replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"))  # fmt: skip


def entity_bomb_docx(docx: bytes, text: str = "班组创新案例") -> bytes:
    """``docx`` with word/document.xml replaced by a "billion laughs": ten to the ninth "lol"s if the
    entities were expanded."""
    ents = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [{ents}]>'
           f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           f"<w:p><w:r><w:t>{text} &lol9;</w:t></w:r></w:p></w:body></w:document>").encode()  # fmt: skip
    return replace_member(docx, "word/document.xml", xml)


def padded(package: bytes, size: int) -> bytes:
    """The package grown past ``size`` bytes by a stored, unreferenced media part (as a pasted video
    leaves it): still a valid document."""
    buf = io.BytesIO(package)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as z:
        z.writestr(zipfile.ZipInfo("word/media/padding.bin", date_time=ZIP_DT), b"\x00" * size)
    return buf.getvalue()


@contextlib.contextmanager
def _fixed_salts(module) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """msoffcrypto draws its salts and key from ``secrets``; seeded here so a sample is reproducible
    (the password still protects the file: the key is derived from it)."""
    original = getattr(module, "_random_buffer", None)
    if original is None:
        yield
        return
    rng = random.Random("encrypted_docx")
    module._random_buffer = rng.randbytes
    try:
        yield
    finally:
        module._random_buffer = original


def encrypted_docx(plain: bytes, password: str = "secret") -> bytes:
    """``plain`` behind a "password to open" (ECMA-376 agile encryption, as Word 2010+ writes it)."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
        from msoffcrypto.method import ecma376_agile
    except ImportError as e:
        raise RuntimeError(NEEDS_MSOFFCRYPTO) from e
    out = io.BytesIO()
    with _fixed_salts(ecma376_agile):
        OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return pin_ole_times(out.getvalue())


def pin_ole_times(data: bytes, when: tuple = ZIP_DT) -> bytes:
    """An OLE compound file with every directory entry's creation/modification time set to ``when``
    (msoffcrypto stamps its container with the current time)."""
    import olefile

    filetime = struct.pack("<Q", int((dt.datetime(*when, tzinfo=dt.UTC).timestamp() + 11644473600) * 10**7))
    ole = olefile.OleFileIO(io.BytesIO(data))
    out = bytearray(data)
    sector, seen = ole.first_dir_sector, set()
    while 0 <= sector < len(ole.fat) and sector not in seen:
        seen.add(sector)
        base = (sector + 1) * ole.sectorsize
        for entry in range(base, base + ole.sectorsize, 128):
            for at in (entry + 100, entry + 108):  # creation, modification (zero when not set)
                if out[at : at + 8] != bytes(8):
                    out[at : at + 8] = filetime
        sector = ole.fat[sector]
    return bytes(out)


def word97_encrypted(doc: bytes) -> bytes:
    """A .doc with fEncrypted set in its FIB, as Word 97-2003 "password to open" leaves it."""
    import olefile

    ole = olefile.OleFileIO(io.BytesIO(doc))
    entry = ole.direntries[ole._find(["WordDocument"])]
    assert entry.size >= ole.minisectorcutoff  # in regular sectors: the FIB is at a fixed offset
    offset = (entry.isectStart + 1) * ole.sectorsize + 10
    out = bytearray(doc)
    flags = int.from_bytes(out[offset : offset + 2], "little") | 0x0100
    out[offset : offset + 2] = flags.to_bytes(2, "little")
    return bytes(out)


# ============================================================================ junk


def owner_file(user: str = "Administrator") -> bytes:
    """A Word owner (lock) file ~$xxx.docx: 162 bytes, the user name in ANSI then in UTF-16LE."""
    raw = bytes([len(user)]) + user.encode("ascii")
    raw = raw.ljust(54, b" ")
    raw += struct.pack("<H", len(user)) + user.encode("utf-16-le")
    return raw.ljust(162, b"\x00")


def thumbs_db() -> bytes:
    """Windows' thumbnail cache: an OLE signature and nothing usable."""
    return OLE_MAGIC + b"\x00" * 24


def ds_store() -> bytes:
    """The start of a macOS Finder .DS_Store (its "Bud1" buddy-allocator header), zero-padded."""
    return (b"\x00\x00\x00\x01Bud1" + b"\x00" * 8).ljust(6148, b"\x00")


def apple_double() -> bytes:
    """A ``._name`` AppleDouble file as macOS's Archive Utility adds it under __MACOSX/: the header
    and one Finder-info entry, padded to 4 KB."""
    header = struct.pack(">II16sH", 0x00051607, 0x00020000, b"Mac OS X        ", 1)
    entry = struct.pack(">III", 9, 50, 32)  # entry id 9 (Finder info) at offset 50, 32 bytes
    return (header + entry + b"\x00" * 32).ljust(4096, b"\x00")


def random_bytes(n: int, seed: str) -> bytes:
    """``n`` reproducible bytes that look random (garbage standing in for encrypted data)."""
    return random.Random(seed).randbytes(n)
