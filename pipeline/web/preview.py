"""A material's original, shown as page images beside its extracted fields.

PDF pages are rendered by pypdfium2; Word-like files (.docx, .doc, .wps, .rtf, .odt) are converted to PDF by
LibreOffice once and the PDF kept in the cache (``extractors.readers.legacy.convert``: by the file's sha256);
images are re-encoded as PNG. The bytes always come from the batch's own inbox at the path its records.json
names (``pipeline.discover.source_bytes``), and must still match the sha256 recorded then.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections import OrderedDict
from pathlib import Path

from pipeline.discover import source_bytes

_log = logging.getLogger(__name__)

WORD_FORMATS = {"docx", "legacy"}
PDF_FORMATS = {"pdf"}
IMAGE_FORMATS = {"image"}
MAX_PAGES = 30  # pages shown on a material's page
RENDER_SCALE = 1.6  # 72 dpi x 1.6: readable at a laptop's width
_LOCK = threading.Lock()  # pdfium is not thread-safe


class PreviewError(Exception):
    """No picture of the original; Chinese, shown on the page."""


# The last few originals (a material's page asks for each page image in turn; an archive member would otherwise
# be inflated again for every one). Only the sha256 recorded for the material is trusted as the key.
_KEEP = 4
_KEEP_MAX_BYTES = 64 * 1024 * 1024
_kept: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
_kept_lock = threading.Lock()


def original_bytes(inbox: Path, path: str, sha256: str) -> bytes:
    key = (str(inbox), path, sha256)
    with _kept_lock:
        if sha256 and key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    data = source_bytes(Path(inbox), path)
    if data is None:
        raise PreviewError("原件已不在收件文件夹中（可能已被移走或删除）")
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        raise PreviewError("原件在审查之后已被改动，与提取结果不一致；请重新审查后再对照")
    if sha256 and len(data) <= _KEEP_MAX_BYTES:
        with _kept_lock:
            _kept[key] = data
            while len(_kept) > _KEEP:
                _kept.popitem(last=False)
    return data


def kind_of(fmt: str) -> str:
    if fmt in PDF_FORMATS:
        return "pdf"
    if fmt in WORD_FORMATS:
        return "word"
    if fmt in IMAGE_FORMATS:
        return "image"
    return ""


def page_count(inbox: Path, path: str, sha256: str, fmt: str) -> int:
    """How many pages the original shows as (converting a Word file now if it has not been); PreviewError."""
    kind = kind_of(fmt)
    if not kind:
        raise PreviewError(_no_preview(fmt))
    if kind == "image":
        return 1
    pdf = _pdf(original_bytes(inbox, path, sha256), kind)
    with _LOCK:
        import pypdfium2 as pdfium

        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as e:
            raise PreviewError("原件无法显示为页面图片（文件损坏或已加密）") from e
        try:
            return min(len(doc), MAX_PAGES)
        finally:
            doc.close()


def page_png(inbox: Path, path: str, sha256: str, fmt: str, page: int) -> bytes:
    kind = kind_of(fmt)
    if not kind:
        raise PreviewError(_no_preview(fmt))
    data = original_bytes(inbox, path, sha256)
    if kind == "image":
        return _image_png(data)
    pdf = _pdf(data, kind)
    with _LOCK:
        import pypdfium2 as pdfium

        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as e:
            raise PreviewError("原件无法显示为页面图片（文件损坏或已加密）") from e
        try:
            if not 0 <= page < min(len(doc), MAX_PAGES):
                raise PreviewError("没有这一页")
            image = doc[page].render(scale=RENDER_SCALE).to_pil()
        finally:
            doc.close()
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _pdf(data: bytes, kind: str) -> bytes:
    if kind == "pdf":
        return data
    from extractors.readers import ReaderError
    from extractors.readers.legacy import cache_dir, convert, find_soffice

    if find_soffice() is None and not any(cache_dir().glob(f"{hashlib.sha256(data).hexdigest()}.pdf")):
        raise PreviewError("这台电脑没有安装 LibreOffice，Word 文件不能显示为页面图片：提取的内容见右侧，"
                           "原件可下载后用 Word 或 WPS 打开（安装 libreoffice-writer-nogui 后即可显示）")
    try:
        return convert(data, "pdf")
    except ReaderError as e:
        raise PreviewError(f"Word 文件无法转换为页面图片：{e}") from e


def _image_png(data: bytes) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.thumbnail((2000, 2000))
            buf = io.BytesIO()
            im.convert("RGB").save(buf, format="PNG")
            return buf.getvalue()
    except (UnidentifiedImageError, OSError) as e:
        raise PreviewError("图片无法显示（格式不支持或文件损坏）") from e


def _no_preview(fmt: str) -> str:
    if fmt in ("xlsx", "legacy_sheet"):
        return "表格文件不显示页面图片：提取的内容见右侧，原件可下载后用 Excel 或 WPS 打开"
    return "这种文件不显示页面图片；原件可下载后查看"
