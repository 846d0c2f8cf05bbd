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
    """The file cannot be read; the message is a Chinese reason shown to the user."""


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
    """An exception's text trimmed for a Chinese reason line (the type name when it has none)."""
    text = str(e).strip() or type(e).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
