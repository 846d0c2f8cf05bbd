"""Format readers: one module per format, chosen from a map (``READERS``), each turning bytes into a
``Document`` or raising ``ReaderError`` with a Chinese reason. A new format is one module and one map entry.

Imports only ``extractors.models`` and ``extractors.text``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from extractors.models import Document, FileFormat


class ReaderError(Exception):
    """The file cannot be read. The message is a Chinese reason shown to the user; ``detail`` is the
    library's own words (English, technical), kept for the run's log and records.json, never the report."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def has_dtd(raw: bytes) -> bool:
    """Whether an XML part's prolog (first 64 KB, UTF-8 or UTF-16) declares a DTD or entities.

    Office packages never carry one; it is how entity-expansion bombs ("billion laughs") and external
    entity tricks arrive. Parsers run with entity resolution off as well; this names the reason."""
    head = raw[: 64 * 1024]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        enc = "utf-16-be" if head[:2] == b"\xfe\xff" or head[:1] == b"\x00" else "utf-16-le"
        head = head.decode(enc, "ignore").encode("utf-8")
    return bool(_DTD.search(head))


def short_reason(e: BaseException, limit: int = 80) -> str:
    """An exception's text trimmed for a technical detail (the type name when it has none). Never shown
    to the user: a reason says it in Chinese (``plain_cause``)."""
    text = str(e).strip() or type(e).__name__
    text = f"{type(e).__name__}: {text}" if type(e).__name__ not in text else text
    return text if len(text) <= limit else text[: limit - 3] + "..."


# What a library's message says about a damaged file, in words a unit's secretary understands. Checked in
# order against the exception's type name and text (lower case); the first match wins.
_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("password", "encrypt"), "文件设置了密码或已加密"),
    (("recursion",), "文件内部结构嵌套过深"),
    (("unexpected eof", "eof marker", "truncated", "unexpected end", "premature end", "not enough data",
      "read enough data", "data-loss"), "文件末尾缺失，可能没有传完或下载中断"),
    (("badzipfile", "not a zip file", "central directory", "bad magic number", "zip file"),
     "文件的压缩结构已损坏，可能没有传完或不是 Office 文档"),
    (("crc", "checksum", "corrupt", "lzmaerror", "data error", "invalid data"), "文件数据已损坏，校验不通过"),
    (("no /root", "xref", "trailer", "startxref", "dictionary construct", "pdfsyntax", "psyntax",
      "pdfnovalid"), "文件内部结构已损坏"),
    (("memoryerror", "too large", "decompression bomb"), "文件内容过大"),
)


def plain_cause(e: BaseException | str) -> str:
    """The Chinese cause behind a library's exception ("文件不完整，可能没有传完或下载中断"), or "" when its
    words say nothing a user could act on (the reason then stands without a cause)."""
    text = (e if isinstance(e, str) else f"{type(e).__name__} {e}").lower()
    for needles, cause in _CAUSES:
        if any(n in text for n in needles):
            return cause
    return ""


def damaged(what: str, e: BaseException) -> ReaderError:
    """``what`` ("PDF 文件已损坏或不完整") with the cause in Chinese, the library's words as the detail."""
    cause = plain_cause(e)
    return ReaderError(f"{what}（{cause}）" if cause else what, detail=short_reason(e))


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may skip. Readers ignore options that do not apply to their format."""

    # PDFs with more pages than this are read for their text lines only, through a faster engine:
    # a long document is supporting material, never a form, and needs no table geometry.
    max_table_pages: int | None = None
    # Legacy formats (.doc .wps .rtf .odt .xls) are converted by LibreOffice: at most this long per file.
    convert_timeout: float = 120.0
    # Where converted copies are kept, by content hash; None: $HUISHEN_CACHE_DIR/converted or
    # ~/.cache/huishen/converted.
    cache_dir: str | None = None


# format -> "module:function"; modules are imported on first use so start-up stays light.
READERS: dict[FileFormat, str] = {
    FileFormat.DOCX: "extractors.readers.docx:read_docx",
    FileFormat.PDF: "extractors.readers.pdf:read_pdf",
    FileFormat.XLSX: "extractors.readers.xlsx:read_xlsx",
    FileFormat.LEGACY: "extractors.readers.legacy:read_legacy",
    FileFormat.LEGACY_SHEET: "extractors.readers.legacy:read_legacy_sheet",
    FileFormat.IMAGE: "extractors.readers.ocr:read_image",
}


def reader_for(fmt: FileFormat) -> Callable[[bytes, ReadOptions | None], Document] | None:
    target = READERS.get(fmt)
    if target is None:
        return None
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)
