"""Scans and photos of typed pages, built by code: what a unit sends when it prints, signs and scans.

``render_page()`` rasterises a PDF page (PDFium) at 200 dpi, the resolution of an office scanner;
``scanned()`` adds what a scanner or a phone adds (a slight rotation, blur, grey paper, noise);
``encode()`` saves an image as JPEG/PNG/TIFF; ``image_pdf()`` wraps it as an image-only PDF;
``merge_pdfs()`` appends pages; ``without_tounicode()`` breaks a PDF's text layer the way CID fonts
without a ToUnicode map do. Everything is deterministic: the noise is seeded, and PDFs written here
carry pinned dates.

Used by the samples' form-writing library (samples/forms.py) and by the OCR tests (tests/ocr_fixtures.py).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = [
    "FONT_PATH",
    "SCAN_DPI",
    "encode",
    "font",
    "image_pdf",
    "merge_pdfs",
    "pin_pdf",
    "render_page",
    "scanned",
    "text_page",
    "without_tounicode",
]

FONT_PATH = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian's fonts-noto-cjk
FONT_INDEX_SC = 2  # the collection holds JP, KR, SC, TC, HK in this order
SCAN_DPI = 200  # what an office scanner is usually set to, and what the OCR reader renders PDFs at
A4_PT = (595.0, 842.0)
PDF_DATE = b"20240923093000"  # the samples' fixed timestamp: 2024-09-23 09:30


def font(px: int) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK SC at ``px`` pixels; a clear error when the font package is missing."""
    if not FONT_PATH.exists():
        raise RuntimeError(
            f"生成扫描件样例需要 Noto CJK 字体（找不到 {FONT_PATH}）：sudo apt-get install fonts-noto-cjk"
        )
    return ImageFont.truetype(str(FONT_PATH), px, index=FONT_INDEX_SC)


def render_page(pdf: bytes, index: int = 0, dpi: float = SCAN_DPI) -> Image.Image:
    """One page of ``pdf`` as a greyscale image at ``dpi`` (white paper, no alpha)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        try:
            return page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        doc.close()


def scanned(
    img: Image.Image, angle: float = 0.6, seed: int = 7, blur: float = 0.8, noise: float = 7.0
) -> Image.Image:
    """What a scanner or a phone adds: a slight rotation, blur, grey paper and sensor noise."""
    rotated = img.convert("L").rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    blurred = rotated.filter(ImageFilter.GaussianBlur(blur)) if blur else rotated
    rng = np.random.default_rng(seed)
    arr = np.asarray(blurred, dtype=np.float32) * 0.92 + 8  # grey paper, ink not quite black
    if noise:
        arr += rng.normal(0, noise, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def encode(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def image_pdf(img: Image.Image, dpi: float = SCAN_DPI, quality: int = 75) -> bytes:
    """An image-only PDF, as a scanner writes it: one page, one JPEG picture, no text layer."""
    return encode(
        img.convert("RGB"), "PDF", resolution=dpi, quality=quality, creationDate=_DATE, modDate=_DATE
    )


def text_page(lines: list[str], dpi: float = SCAN_DPI, px: int | None = None) -> Image.Image:
    """A white A4 page with ``lines`` typed near the top-left margin (12 pt Noto Sans CJK)."""
    width, height = (round(v * dpi / 72) for v in A4_PT)
    size = px or round(12 * dpi / 72)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    face = font(size)
    x, y = round(2.6 / 2.54 * dpi), round(3.0 / 2.54 * dpi)  # the samples' page margins
    for i, line in enumerate(lines):
        draw.text((x, y + i * size * 1.8), line, font=face, fill=0)
    return img


def merge_pdfs(*parts: bytes) -> bytes:
    """One PDF holding the pages of ``parts`` in order (PDFium's page import)."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for part in parts:
        src = pdfium.PdfDocument(part)
        out.import_pages(src)
    buf = io.BytesIO()
    out.save(buf)
    return pin_pdf(buf.getvalue())


_DATE = "D:" + PDF_DATE.decode()
_PDF_DATE_RE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_PDF_ID_RE = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM_RE = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def pin_pdf(data: bytes) -> bytes:
    """Overwrite a PDF writer's timestamps, document ID and checksum in place (same lengths, so the
    xref table stays valid): LibreOffice and PDFium stamp the current time and a random ID."""
    data = _PDF_DATE_RE.sub(lambda m: m.group(1) + PDF_DATE, data)
    data = _PDF_CHECKSUM_RE.sub(lambda m: m.group(1) + b"0" * len(m.group(2)), data)

    def fixed_id(m: re.Match) -> bytes:
        a, b = m.group(1), m.group(2)
        return m.group(0).replace(a, b"A" * len(a), 1).replace(b, b"B" * len(b), 1)

    return _PDF_ID_RE.sub(fixed_id, data)


def without_tounicode(pdf: bytes) -> bytes:
    """The same PDF with every font's ToUnicode map unlinked: its text layer reads ``(cid:NN)``.

    The key is renamed in place to one of the same length, so the cross-reference offsets stay valid
    (LibreOffice writes font dictionaries as plain objects, not in compressed object streams).
    """
    assert b"/ToUnicode" in pdf
    return pdf.replace(b"/ToUnicode", b"/ToUnicodX")
