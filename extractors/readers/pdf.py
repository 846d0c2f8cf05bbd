"""PDF reader: pdfplumber pages -> Document (paragraphs in reading order, ruled tables as grids).

What a reader of a Chinese award form needs from a PDF, in order of importance:

- Ruled tables as grids with merged cells as spans. pdfplumber reports a merged cell as one cell
  bbox and leaves the positions it covers empty (``None``) in ``table.rows``; the grid is rebuilt
  from the union of all cell edges, so spans come out of the geometry, not from row counting.
- Text without layout wraps. A line that stops short of the right edge is a real break; a line
  that runs to the edge continues on the next one (unless that one is indented or set apart by a
  larger gap). This is applied to body text (lines -> paragraphs) and inside cells (wraps joined,
  real breaks kept as "\\n"), so a unit name wrapped in a narrow cell reads as one name.
- Tables continued on the next page stitched back into one, with a repeated header row dropped
  and a row split by the page break (a long write-up in one cell) folded back into one cell.
- Running headers/footers (page numbers, a title repeated on every page) set apart in
  ``Document.headers`` so they neither pollute the body nor break a table across a page.
- Pages without usable text (a scan; or a text layer of unmapped ``(cid:NN)`` glyphs, private-use
  or replacement characters) are rendered and OCR'd (``extractors.readers.ocr``); text pages of the
  same file are read as above. Without the OCR engine such pages read as before, with a warning.

The reader is three modules. This one opens the file, reads its pages (text only, through PDFium, for a
long file) and hands scanned pages to OCR; ``pdf_layout`` turns a page's chars and table cells into lines,
paragraphs and tables and assembles the pages (running headers, tables stitched across pages);
``pdf_fonts`` holds the faster ways through pdfminer and pdfplumber. This module imports the other two;
they import neither it nor each other. Imported lazily here: pypdfium2 (the text-only path) and
``extractors.readers.ocr`` (scanned pages).
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

import pdfplumber

from extractors.models import Document, Paragraph
from extractors.readers import ReaderError, ReadOptions, damaged, plain_cause, short_reason
from extractors.readers.pdf_fonts import FontManager, dedupe_chars, fast_char_objects
from extractors.readers.pdf_layout import (
    Fragment,
    PageResult,
    assemble,
    fragment_from,
    lines_from_chars,
    split_running_lines,
)

_log = logging.getLogger(__name__)

GARBAGE_SHARE = 0.5  # a text layer with at least this share of unusable characters is a scan's
SCAN_IMAGE_SHARE = 0.5  # a page an image covers this much of ...
SCAN_MAX_CHARS = 10  # ... with fewer characters than this (a stamped page number) is a scan

_GARBAGE_CHAR = re.compile("[\ue000-\uf8ff\ufffd]")  # private-use or replacement character


def read_pdf(data: bytes, options: ReadOptions | None = None) -> Document:
    """Read a PDF into a Document; raise ReaderError (Chinese reason) when it cannot be opened."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfplumber wraps every pdfminer failure in PdfminerException
        root = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
        raise ReaderError(_open_failure_reason(e), detail=short_reason(root)) from e
    try:
        pdf.rsrcmgr = FontManager()  # no page has been read yet: nothing is cached in the old one
        limit = options.max_table_pages if options else None
        if limit and len(pdf.pages) > limit:
            fast = _read_text_only(data)
            if fast is not None:
                return fast
            return _read_open_pdf(pdf, tables=False)
        return _read_open_pdf(pdf, data=data)
    except ReaderError:
        raise
    except Exception as e:  # noqa: BLE001 — a reader must never let anything else escape
        _log.exception("PDF reader failed")
        raise damaged("PDF 无法读取", e) from e
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: BLE001
            pass


# --------------------------------------------------------------------------- opening


def _read_text_only(data: bytes) -> Document | None:
    """Text lines of a long PDF through PDFium (pypdfium2, which pdfplumber already depends on).

    pdfminer builds an object per character; on long documents that is nearly all the time spent
    (a 50-page file: 25 s against 0.4 s here). Supporting material needs its text, headings and page
    count, not table geometry. None when PDFium cannot read the file: the caller falls back.
    """
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 — any refusal means: use the pdfminer path
        return None
    doc = Document(pages=len(pdf))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                if line.strip():
                    doc.blocks.append(Paragraph(text=line.strip()))
    except Exception as e:  # noqa: BLE001
        _log.warning("PDFium text extraction failed: %r", e)
        return None
    finally:
        pdf.close()
    if not doc.blocks:
        doc.warnings.append("PDF 没有可提取的文字（可能是扫描件）")
    return doc


def _open_failure_reason(e: BaseException) -> str:
    root = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
    name = type(root).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning") or (
        "Encryption" in name or "Password" in name
    ):
        return "PDF 已加密，需要密码才能打开"
    if name == "PDFTextExtractionNotAllowed":
        return "PDF 设置了禁止提取文字的权限"
    cause = plain_cause(root)
    return f"PDF 文件已损坏或不完整（{cause}）" if cause else "PDF 文件已损坏或不完整"


# --------------------------------------------------------------------------- pages


def _read_open_pdf(pdf: Any, tables: bool = True, data: bytes | None = None) -> Document:
    doc = Document(pages=len(pdf.pages))
    results: list[PageResult] = []
    failed = 0
    for index, page in enumerate(pdf.pages):
        try:
            fast_char_objects(page)
            results.append(_read_page(page, index, tables))
        except Exception as e:  # noqa: BLE001 — one bad page must not lose the others
            failed += 1
            _log.warning("PDF page %d failed: %r", index + 1, e)
            doc.warnings.append(f"第{index + 1}页无法读取")
            doc.details.append(f"page {index + 1}: {short_reason(e)}")
        finally:
            try:
                page.close()
            except Exception:  # noqa: BLE001
                pass
    if doc.pages and failed == doc.pages:
        raise ReaderError("PDF 文件已损坏：所有页面都无法读取")
    if not doc.pages:
        # pdfminer found no page tree it could follow (seen on scans and hand-made PDFs that a
        # viewer still shows); the caller sees it as an empty, text-less document.
        doc.warnings.append("PDF 中未找到页面（页面目录可能已损坏）")
    ocr_found = _ocr_scanned(data, results, doc) if data is not None else False
    if not ocr_found and not any(r.n_chars for r in results if r.ocr_blocks is None):
        doc.warnings.append("PDF 没有可提取的文字（可能是扫描件）")

    split_running_lines(results, doc)
    assemble(results, doc)
    return doc


def _read_page(page: Any, index: int, tables: bool = True) -> PageResult:
    page = dedupe_chars(page)  # fake-bold CJK is drawn twice at (almost) the same spot
    chars = [c for c in page.chars if c.get("text", "").strip()]
    fragments: list[Fragment] = []
    claimed: set[int] = set()
    for table in page.find_tables() if tables else ():
        frag = fragment_from(table, chars, claimed, index, float(page.height))
        if frag is not None:
            fragments.append(frag)
    free = [c for i, c in enumerate(chars) if i not in claimed]
    lines = lines_from_chars(free, index)
    fragments.sort(key=lambda f: f.top)
    result = PageResult(float(page.width), float(page.height), lines, fragments, len(chars), index)
    result.scanned = not _blank(page, chars) and (
        _unusable_text(chars) or (len(chars) < SCAN_MAX_CHARS and _mostly_image(page)))
    return result


def _blank(page: Any, chars: list[dict[str, Any]]) -> bool:
    """A page with nothing on it to read: no text, no image and no curves (text drawn as outlines) — the empty
    last page a table's page break leaves, not a scan (ruling lines alone hold no text either)."""
    return not chars and not page.images and not page.curves


def _unusable_text(chars: list[dict[str, Any]]) -> bool:
    """No text layer, or one that is not text: unmapped CIDs (``(cid:12)``, a CID font without a
    ToUnicode map), private-use characters (U+E000-U+F8FF) or replacement characters."""
    if not chars:
        return True
    bad = 0
    for c in chars:
        text = str(c.get("text", ""))
        if text.startswith("(cid:") or _GARBAGE_CHAR.search(text):
            bad += 1
    return bad >= GARBAGE_SHARE * len(chars)


def _mostly_image(page: Any) -> bool:
    area = float(page.width) * float(page.height) or 1.0
    covered = sum(
        max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
        for im in page.images
    )
    return covered >= SCAN_IMAGE_SHARE * area


def _ocr_scanned(data: bytes, results: list[PageResult], doc: Document) -> bool:
    """OCR the pages without usable text; True when OCR found any text."""
    scanned = [r for r in results if r.scanned]
    if not scanned:
        return False
    from extractors.readers import ocr

    try:
        pages = ocr.ocr_pdf(data, [r.index for r in scanned])
    except ocr.OcrUnavailable as e:
        doc.warnings.append(str(e))
        return False
    except Exception as e:  # noqa: BLE001 — e.g. PDFium refuses a file pdfminer opened
        _log.warning("OCR of scanned PDF pages failed: %r", e)
        cause = plain_cause(e)
        doc.warnings.append(f"扫描页无法渲染成图像（{cause}），未能识别文字" if cause else "扫描页无法渲染成图像，未能识别文字")
        doc.details.append(f"OCR: {short_reason(e)}")
        return False
    for r, page in zip(scanned, pages, strict=True):
        if page.error:
            doc.warnings.append(f"第{r.index + 1}页{page.error}")
            doc.details.append(f"page {r.index + 1}: {page.detail}")
            continue
        r.ocr_blocks, r.lines, r.tables = page.blocks, [], []
    ocr.finish_ocr(doc, [p for p in pages if not p.error])
    return any(p.scores for p in pages)
