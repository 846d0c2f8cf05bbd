"""OCR reader: photos and scans of filled forms, and scanned PDF pages -> Document.

Text comes from RapidOCR 3 with the default Chinese models shipped inside its wheel (nothing is
downloaded: the engine is pointed at those files). What a form needs beyond text lines is its
table, so the ruling lines are found with OpenCV and a scanned form comes out as the same
``Table`` a typed one does:

- The page is deskewed first (a scan or a photo is rarely straight): the angle comes from the
  long ruling lines, or from the text boxes when there are none.
- Ruling lines: adaptive threshold, then a morphological opening with long thin kernels keeps
  horizontal and vertical runs. Kernel lengths follow the text height measured by OCR, so the
  strokes of a character never pass for a line, and a line segment only counts when it meets two
  lines of the other direction (an underline to write on, a stroke, a stamp's edge do not).
- The grid is the set of distinct line positions; a merged cell is where an inner line is
  missing between two grid positions, so spans come from the drawing, not from counting.
- Each recognised text piece goes to the cell that holds its centre. A text box that the detector
  drew across a cell border is split at the border by its per-character boxes. Pieces of one cell
  are read top to bottom, left to right; a line that runs to the cell's edge wraps into the next
  (as the PDF reader joins wraps), other line breaks are kept as "\\n".
- Text outside the tables becomes paragraphs above/below them in reading order; page numbers in
  the top/bottom band are marked ``part="header"/"footer"``.

Every Paragraph and Cell carries the OCR confidence (a cell: the lowest of its pieces, since a
field is only as sure as its weakest line); ``Document.ocr_confidence`` is the mean over all pieces.

The work is split in four modules: this one (the engine, the public API, images in, and each page's
orchestration), ``ocr_layout`` (recognised text: pieces, lines, a cell's text, paragraphs), ``ocr_grid``
(deskew, ruling lines, grids and filling them with text) and ``ocr_boxes`` (checkboxes read from the drawing).
"""

from __future__ import annotations

import io
import logging
import statistics
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import extractors.cachedir  # noqa: F401 — onnxruntime's telemetry off before it is imported
from extractors.models import Block, Document, Paragraph
from extractors.readers import ReaderError, ReadOptions, damaged, short_reason
from extractors.readers.ocr_boxes import checkboxes, with_checkboxes
from extractors.readers.ocr_grid import Grid, binarize, fill_grid, find_grids, skew_angle
from extractors.readers.ocr_layout import CJK_SPACE, Piece, paragraphs

if TYPE_CHECKING:
    import numpy as np

_log = logging.getLogger(__name__)

INSTALL_HINT = (
    "未安装文字识别组件（rapidocr），扫描件无法识别：pip install rapidocr onnxruntime opencv-python-headless"
)

RENDER_DPI = 200.0  # scanned PDF pages are rendered at this resolution for OCR
MAX_RENDER_SIDE = 3500  # px: a huge page (A0 poster) is rendered smaller than RENDER_DPI
MAX_IMAGE_SIDE = 4000  # px: larger photos are scaled down first (the OCR engine works at <= 2000)
BLANK_INK_SHARE = 0.00002  # dark pixels below this share (~80 on A4 at 200 dpi): a blank page, not OCR'd
MIN_SKEW_DEGREES = 0.05  # below this, rotating costs more than it fixes
NOISE_SCORE = 0.8  # punctuation-only pieces below this confidence are noise, not text


class OcrUnavailable(Exception):
    """rapidocr, onnxruntime or OpenCV cannot be imported (or the shipped models are missing)."""


# --------------------------------------------------------------------------- engine


_engine_lock = threading.Lock()
_engine: Any = None
_engine_error: str | None = None


def ocr_available() -> bool:
    """True when the OCR engine can be built; builds it (once per process) to find out."""
    try:
        _get_engine()
    except OcrUnavailable:
        return False
    return True


def _get_engine() -> Any:
    """The process-wide RapidOCR engine, built on first use; OcrUnavailable when it cannot be."""
    global _engine, _engine_error
    if _engine is not None:
        return _engine
    with _engine_lock:
        if _engine is not None:
            return _engine
        if _engine_error is not None:
            raise OcrUnavailable(_engine_error)
        try:
            import cv2  # noqa: F401 — opencv-python-headless
            import onnxruntime  # noqa: F401
            import rapidocr
            from rapidocr import RapidOCR
        except Exception as e:  # noqa: BLE001 — ImportError, or a broken native library
            _log.warning("OCR engine unavailable: %r", e)
            _engine_error = INSTALL_HINT
            raise OcrUnavailable(_engine_error) from e
        params: dict[str, Any] = {
            "Global.log_level": "error",  # "text detection result is empty" on every blank page
            "Global.return_word_box": True,
            # Detection keeps its default size (the page at up to 2000 px): at 1600 px it is 25%
            # faster but drops whole lines of dense 10.5 pt text at 200 dpi.
        }
        # Point the engine at the models inside the wheel: with a path given, rapidocr never
        # tries to download (it would, silently, if a default model file were missing).
        models = Path(rapidocr.__file__).parent / "models"
        for task, key in (("det", "Det"), ("cls", "Cls"), ("rec", "Rec")):
            found = sorted(models.glob(f"*_{task}_*.onnx"))
            if len(found) != 1:
                _engine_error = f"文字识别模型缺失或不唯一（{task}）：请重新安装 rapidocr"
                raise OcrUnavailable(_engine_error)
            params[f"{key}.model_path"] = str(found[0])
        try:
            _engine = RapidOCR(params=params)
        except Exception as e:  # noqa: BLE001
            _log.warning("OCR engine failed to start: %r", e)
            _engine_error = "文字识别组件无法启动（经过已记入运行日志 huishen.log），请重新安装 rapidocr 和 onnxruntime"
            raise OcrUnavailable(_engine_error) from e
        return _engine


# --------------------------------------------------------------------------- public API


@dataclass
class OcrPage:
    """One OCR'd page or image: its blocks (page numbers marked header/footer) and raw scores."""

    blocks: list[Block] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)  # one per recognised text piece
    seconds: float = 0.0
    error: str = ""  # set when this page could not be OCR'd (Chinese); blocks are then empty
    detail: str = ""  # the library's words behind ``error``, for the log

    @property
    def confidence(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None


def read_image(data: bytes, options: ReadOptions | None = None) -> Document:
    """OCR a photo or scan (.jpg .png .tif .bmp); each frame of a multi-page TIFF is a page."""
    im = _open_image(data)
    n_frames = max(int(getattr(im, "n_frames", 1) or 1), 1)
    try:
        _get_engine()
    except OcrUnavailable as e:
        raise ReaderError(str(e)) from e
    doc = Document(pages=n_frames)
    pages: list[OcrPage] = []
    for i in range(n_frames):  # one frame in memory at a time: a fax TIFF may have hundreds
        where = f"第{i + 1}页" if n_frames > 1 else ""
        try:
            img = _frame(im, i)
        except Exception as e:  # noqa: BLE001 — Pillow raises many types for broken data
            if i == 0:
                raise damaged("图片无法打开（文件已损坏或不是图片）", e) from e
            doc.warnings.append(f"{where}图像已损坏")
            doc.details.append(f"{where}: {short_reason(e)}")
            continue
        page = _ocr_page_safely(img)
        if page.error:
            doc.warnings.append(where + page.error)
            doc.details.append(f"{where or 'image'}: {page.detail}")
        pages.append(page)
        _add_page(doc, page)
    finish_ocr(doc, pages)
    if not any(p.scores for p in pages):
        doc.warnings.append("图片中没有识别出文字")
    return doc


def ocr_pdf_pages(
    data: bytes, page_indexes: list[int], options: ReadOptions | None = None
) -> list[list[Block]]:
    """Blocks of the given (0-based) PDF pages, rendered and OCR'd; raises OcrUnavailable."""
    return [p.blocks for p in ocr_pdf(data, page_indexes, options)]


def ocr_pdf(data: bytes, page_indexes: list[int], options: ReadOptions | None = None) -> list[OcrPage]:
    """``ocr_pdf_pages`` with the scores and timing per page; a page that fails has ``error`` set."""
    _get_engine()
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    out: list[OcrPage] = []
    try:
        for i in page_indexes:
            try:
                img = _render(pdf, i)
            except Exception as e:  # noqa: BLE001 — one page that will not render loses only itself
                _log.warning("PDF page %d would not render: %r", i + 1, e)
                out.append(OcrPage(error="页面无法渲染成图像，未能识别文字", detail=short_reason(e)))
                continue
            out.append(_ocr_page_safely(img))
    finally:
        pdf.close()
    return out


def finish_ocr(doc: Document, pages: list[OcrPage]) -> None:
    """Set ``doc.ocr_pages`` and ``doc.ocr_confidence`` (mean over every piece of those pages)."""
    doc.ocr_pages += sum(1 for p in pages if not p.error)
    scores = [s for p in pages for s in p.scores]
    doc.ocr_confidence = round(statistics.fmean(scores), 4) if scores else None


def _add_page(doc: Document, page: OcrPage) -> None:
    for b in page.blocks:
        if isinstance(b, Paragraph) and b.part != "body":
            doc.headers.append(b)
        else:
            doc.blocks.append(b)


# --------------------------------------------------------------------------- images in


def _open_image(data: bytes) -> Any:
    """The image file opened (header only); ReaderError (Chinese) when it is not an image."""
    from PIL import Image

    try:
        return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as e:
        raise ReaderError("图片尺寸过大，拒绝打开（可能是恶意文件）") from e
    except Exception as e:  # noqa: BLE001 — UnidentifiedImageError, OSError, SyntaxError...
        raise damaged("图片无法打开（文件已损坏或不是图片）", e) from e


def _frame(im: Any, index: int) -> np.ndarray:
    """Frame ``index`` as a BGR array, upright (EXIF), on white paper, at most MAX_IMAGE_SIDE."""
    import numpy as np
    from PIL import Image, ImageOps

    im.seek(index)
    frame = ImageOps.exif_transpose(im)  # phone photos store their rotation in EXIF
    if frame.mode not in ("RGB", "L"):
        frame = _flatten(frame)
    frame = frame.convert("RGB")
    scale = MAX_IMAGE_SIDE / max(frame.size)
    if scale < 1:
        frame = frame.resize((round(frame.width * scale), round(frame.height * scale)), Image.LANCZOS)
    return np.ascontiguousarray(np.asarray(frame)[:, :, ::-1])


def _flatten(im: Any) -> Any:
    """An image with transparency on white paper (a transparent PNG shows black text on black)."""
    from PIL import Image

    rgba = im.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba)


def _render(pdf: Any, index: int) -> np.ndarray:
    import cv2
    import numpy as np

    page = pdf[index]
    try:
        w, h = page.get_size()  # pt
        scale = min(RENDER_DPI / 72.0, MAX_RENDER_SIDE / max(w, h, 1.0))
        bitmap = page.render(scale=scale)
        arr = np.asarray(bitmap.to_numpy())
        if arr.ndim == 2:
            arr = cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR)
        elif arr.shape[2] == 4:
            arr = cv2.cvtColor(arr, cv2.COLOR_BGRA2BGR)
        return np.ascontiguousarray(arr)
    finally:
        page.close()


# --------------------------------------------------------------------------- one page


def _ocr_page_safely(img: np.ndarray) -> OcrPage:
    start = time.perf_counter()
    try:
        page = _ocr_page(img)
    except OcrUnavailable:
        raise
    except Exception as e:  # noqa: BLE001 — onnxruntime/OpenCV failures stay on this page
        _log.exception("OCR failed")
        page = OcrPage(error="文字识别失败", detail=short_reason(e))
    page.seconds = time.perf_counter() - start
    return page


def _ocr_page(img: np.ndarray) -> OcrPage:
    import cv2

    engine = _get_engine()
    if (img.min(axis=2) < 160).mean() < BLANK_INK_SHARE:
        return OcrPage()  # a blank page (the back of a duplex scan): nothing to detect
    with _engine_lock:  # the engine keeps per-call state; one page at a time per process
        result = engine(img)
    noise: list[Piece] = []
    quads, pieces = _pieces_from(result, noise=noise)
    if not pieces:
        return OcrPage()
    height, width = img.shape[:2]
    text_h = statistics.median(p.height for p in pieces)

    # Lines are found on the red channel: a red seal stamped over the form vanishes there,
    # black and blue ink do not.
    gray = img[:, :, 2]
    binary = binarize(gray, text_h)
    angle = skew_angle(binary, text_h, quads)
    if abs(angle) >= MIN_SKEW_DEGREES:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        gray = cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
        binary = binarize(gray, text_h)
        quads = [cv2.transform(q.reshape(-1, 1, 2), matrix).reshape(-1, 2) for q in quads]
        noise = []
        pieces = _pieces_from(result, quads, noise=noise)[1]
    grids = find_grids(binary, text_h, pieces)
    pieces = with_checkboxes(pieces, checkboxes(binary, text_h, grids))
    pieces += _missed_lines(engine, gray, binary, grids, pieces, text_h)

    blocks: list[tuple[float, Block]] = []
    free = list(pieces)
    for grid in grids:
        table, free = fill_grid(grid, free, text_h, noise)
        blocks.append((grid.top, table))
    for para_top, para in paragraphs(free, width, height):
        blocks.append((para_top, para))
    blocks.sort(key=lambda t: t[0])
    return OcrPage(blocks=[b for _, b in blocks], scores=[p.score for p in pieces])


MISSED_MIN_SCORE = 0.6  # a second look's reading below this is a smudge, not text
MISSED_MAX = 40  # second looks per page at most (a page of handwriting must not cost minutes)


def _missed_lines(engine: Any, gray: np.ndarray, binary: np.ndarray, grids: list[Grid], pieces: list[Piece],
                  text_h: float) -> list[Piece]:
    """Text the detector passed over: a short line ("成本" wrapped under a cell's first line, a two-character
    value such as "本科") is sometimes not boxed at all. Ink left once the ruling lines and every recognised
    piece are blanked out, grouped into lines of about the text's height, is read again on its own
    (recognition only)."""
    import cv2
    import numpy as np

    ink = binary.copy()
    thick = int(max(3, 0.12 * text_h))  # half a ruling line's width, and a little
    for g in grids:
        for s in g.h_segs:
            ink[max(0, int(s.pos) - thick):int(s.pos) + thick + 1, max(0, int(s.lo) - thick):int(s.hi) + thick] = 0
        for s in g.v_segs:
            ink[max(0, int(s.lo) - thick):int(s.hi) + thick, max(0, int(s.pos) - thick):int(s.pos) + thick + 1] = 0
    pad = int(0.05 * text_h) + 1
    for pc in pieces:
        ink[max(0, int(pc.y0) - pad):int(pc.y1) + pad, max(0, int(pc.x0) - pad):int(pc.x1) + pad] = 0
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(0.6 * text_h)), max(1, int(0.25 * text_h))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel), 8)
    candidates = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if not (0.5 * text_h <= h <= 1.6 * text_h and w >= 0.6 * text_h):
            continue
        if np.count_nonzero(ink[y:y + h, x:x + w]) < 0.08 * w * h:
            continue  # a few specks drawn together, not characters
        candidates.append((x, y, w, h))
    out: list[Piece] = []
    for x, y, w, h in sorted(candidates, key=lambda b: (b[1], b[0]))[:MISSED_MAX]:
        half = int(max(h, text_h) * 0.65)  # a line's full height, though its ink was cut at a ruling line
        cy = y + h // 2
        crop = gray[max(0, cy - half):cy + half, max(0, x - pad):x + w + pad]
        rec = _recognise_only(engine, np.dstack([crop] * 3))
        texts, scores = getattr(rec, "txts", None) or (), getattr(rec, "scores", None) or ()
        if texts and texts[0].strip() and float(scores[0]) >= MISSED_MIN_SCORE:
            out.append(Piece(texts[0].strip(), float(scores[0]), float(x), float(y), float(x + w), float(y + h)))
    return out


def _recognise_only(engine: Any, img: np.ndarray) -> Any:
    """Recognition of one line image, no detection. RapidOCR keeps call options as its own settings, so they
    are put back: the next page must be detected again."""
    with _engine_lock:
        saved = (engine.use_det, engine.use_cls)
        try:
            return engine(img, use_det=False, use_cls=False)
        finally:
            engine.update_params(use_det=saved[0], use_cls=saved[1])


def _pieces_from(
    result: Any, quads: list[Any] | None = None, noise: list[Piece] | None = None
) -> tuple[list[Any], list[Piece]]:
    """Text pieces from a RapidOCROutput (boxes: N x 4 x 2, txts, scores, word_results). Pieces dropped
    as noise are added to ``noise`` (where they were and how unsure), without their text."""
    import numpy as np

    if result is None or getattr(result, "txts", None) is None or getattr(result, "boxes", None) is None:
        return [], []
    boxes = [np.asarray(b, dtype=np.float64).reshape(4, 2) for b in result.boxes]
    if quads is None:
        quads = boxes
    words = list(getattr(result, "word_results", ()) or ())
    if len(words) != len(result.txts):
        words = [()] * len(result.txts)  # misaligned (the engine drops empty ones): not used
    pieces: list[Piece] = []
    for quad, box, text, score, word in zip(quads, boxes, result.txts, result.scores, words, strict=True):
        text = CJK_SPACE.sub("", str(text)).strip()
        q = np.asarray(quad, dtype=np.float64)
        if not text or (score < NOISE_SCORE and all(unicodedata.category(ch)[0] in "PZ" for ch in text)):
            # A smudge, a ruled square or a stamp's edge read as "。" or "-" — or a line the recogniser
            # could not read at all. Its text is dropped; its doubt still counts for the cell it is in.
            if text and noise is not None:
                noise.append(Piece("", float(score), q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()))
            continue
        piece = Piece(text, float(score), q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max())
        piece.chars = _char_positions(word, text, box, q)
        pieces.append(piece)
    return quads, pieces


def _char_positions(word: Any, text: str, box: Any, quad: Any) -> list[tuple[str, float, float]]:
    """(text, score, x centre) per character/word, mapped into the (deskewed) quad's frame.

    Word boxes are in the original image; they are placed along the quad by their share of the
    original box's top edge, which survives the rotation. Empty when they do not spell the text.
    """
    import numpy as np

    try:
        items = [(str(w), float(s), np.asarray(b, dtype=np.float64).reshape(-1, 2)) for w, s, b in word]
    except (TypeError, ValueError):
        return []
    if not items or "".join(w for w, _, _ in items).replace(" ", "") != text.replace(" ", ""):
        return []
    origin, end = box[0], box[1]
    axis = end - origin
    length2 = float(axis @ axis) or 1.0
    q0, q1 = quad[0], quad[1]
    out = []
    for w, s, b in items:
        t = float(((b.mean(axis=0) - origin) @ axis) / length2)
        out.append((w, s, float(q0[0] + t * (q1[0] - q0[0]))))
    return out
