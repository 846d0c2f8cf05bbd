"""Format readers: one module per format, chosen from a map, each producing a Document."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from extractors.models import Document, FileFormat


class ReaderError(Exception):
    """The file cannot be read; the message is a Chinese reason shown to the user."""


# format -> "module:function"; modules are imported on first use so start-up stays light.
READERS: dict[FileFormat, str] = {
    FileFormat.DOCX: "extractors.readers.docx:read_docx",
    FileFormat.PDF: "extractors.readers.pdf:read_pdf",
    FileFormat.XLSX: "extractors.readers.xlsx:read_xlsx",
}


def reader_for(fmt: FileFormat) -> Callable[[bytes], Document] | None:
    target = READERS.get(fmt)
    if target is None:
        return None
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)
