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
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import extractors.cachedir  # noqa: F401 — onnxruntime's telemetry off before it is imported
from extractors.models import Block, Cell, Document, Paragraph, Table
from extractors.readers import ReaderError, ReadOptions, short_reason
from extractors.text import is_wide

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
MAX_SKEW_DEGREES = 3.0  # a larger angle is not a skewed scan but a layout: left alone
MIN_SKEW_DEGREES = 0.05  # below this, rotating costs more than it fixes
INK_OFFSET = 15  # grey levels below the local mean that count as ink
LINE_COVERAGE = 0.6  # share of a grid edge a ruling line must cover to separate two cells
NOISE_SCORE = 0.8  # punctuation-only pieces below this confidence are noise, not text
PAGE_NUMBER_BAND = 0.2  # a page number is the first/last line within this share of the page
PITCH_BREAK_RATIO = 1.35  # a line pitch this much above the usual one starts a new paragraph

_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(第\s*)?\d+\s*(页)?\s*([/／]\s*\d+|共\s*\d+\s*页)?\s*(页)?[-—–－\s]*$"
    r"|^(page\s*)?\d+(\s*of\s*\d+)?$",
    re.IGNORECASE,
)


# The recogniser puts spaces next to CJK characters that the page does not have ("50 万元").
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’…—"
_CJK_SPACE = re.compile(f"(?<=[{_WIDE}]) +| +(?=[{_WIDE}])")


CHECKED_BOX, UNCHECKED_BOX = "☑", "☐"
_BOX_CHARS = set("□☐◻☑☒■▣√✔✓")  # what the recogniser makes of a box


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
            _engine_error = f"文字识别组件无法启动：{e}"
            raise OcrUnavailable(_engine_error) from e
        return _engine


# --------------------------------------------------------------------------- public API


@dataclass
class OcrPage:
    """One OCR'd page or image: its blocks (page numbers marked header/footer) and raw scores."""

    blocks: list[Block] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)  # one per recognised text piece
    seconds: float = 0.0
    error: str = ""  # set when this page could not be OCR'd; blocks are then empty

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
                raise ReaderError(f"图片无法打开（文件已损坏或不是图片）：{short_reason(e)}") from e
            doc.warnings.append(f"{where}图像已损坏：{short_reason(e)}")
            continue
        page = _ocr_page_safely(img)
        if page.error:
            doc.warnings.append(where + page.error)
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
                out.append(OcrPage(error=f"页面无法渲染：{short_reason(e)}"))
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
        raise ReaderError(f"图片无法打开（文件已损坏或不是图片）：{short_reason(e)}") from e


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


@dataclass
class _Piece:
    """A run of recognised text on one line, in deskewed page coordinates."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float
    # per character/word: (text, x centre) when the engine's word boxes agree with the text
    chars: list[tuple[str, float, float]] = field(default_factory=list, repr=False)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class _Seg:
    """A ruling-line segment: ``pos`` across the line, ``lo..hi`` along it."""

    pos: float
    lo: float
    hi: float


@dataclass
class _Grid:
    xs: list[float]
    ys: list[float]
    h_segs: list[_Seg]
    v_segs: list[_Seg]

    @property
    def top(self) -> float:
        return self.ys[0]


def _ocr_page_safely(img: np.ndarray) -> OcrPage:
    start = time.perf_counter()
    try:
        page = _ocr_page(img)
    except OcrUnavailable:
        raise
    except Exception as e:  # noqa: BLE001 — onnxruntime/OpenCV failures stay on this page
        _log.exception("OCR failed")
        page = OcrPage(error=f"文字识别失败：{short_reason(e)}")
    page.seconds = time.perf_counter() - start
    return page


def _ocr_page(img: np.ndarray) -> OcrPage:
    import cv2

    engine = _get_engine()
    if (img.min(axis=2) < 160).mean() < BLANK_INK_SHARE:
        return OcrPage()  # a blank page (the back of a duplex scan): nothing to detect
    with _engine_lock:  # the engine keeps per-call state; one page at a time per process
        result = engine(img)
    noise: list[_Piece] = []
    quads, pieces = _pieces_from(result, noise=noise)
    if not pieces:
        return OcrPage()
    height, width = img.shape[:2]
    text_h = statistics.median(p.height for p in pieces)

    # Lines are found on the red channel: a red seal stamped over the form vanishes there,
    # black and blue ink do not.
    gray = img[:, :, 2]
    binary = _binarize(gray, text_h)
    angle = _skew_angle(binary, text_h, quads)
    if abs(angle) >= MIN_SKEW_DEGREES:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        gray = cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
        binary = _binarize(gray, text_h)
        quads = [cv2.transform(q.reshape(-1, 1, 2), matrix).reshape(-1, 2) for q in quads]
        noise = []
        pieces = _pieces_from(result, quads, noise=noise)[1]
    grids = _find_grids(binary, text_h, pieces)
    pieces = _with_checkboxes(pieces, _checkboxes(binary, text_h, grids))
    pieces += _missed_lines(engine, gray, binary, grids, pieces, text_h)

    blocks: list[tuple[float, Block]] = []
    free = list(pieces)
    for grid in grids:
        table, free = _fill_grid(grid, free, text_h, noise)
        blocks.append((grid.top, table))
    for para_top, para in _paragraphs(free, width, height):
        blocks.append((para_top, para))
    blocks.sort(key=lambda t: t[0])
    return OcrPage(blocks=[b for _, b in blocks], scores=[p.score for p in pieces])


MISSED_MIN_SCORE = 0.6  # a second look's reading below this is a smudge, not text
MISSED_MAX = 40  # second looks per page at most (a page of handwriting must not cost minutes)


def _missed_lines(engine: Any, gray: np.ndarray, binary: np.ndarray, grids: list[_Grid], pieces: list[_Piece],
                  text_h: float) -> list[_Piece]:
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
    out: list[_Piece] = []
    for x, y, w, h in sorted(candidates, key=lambda b: (b[1], b[0]))[:MISSED_MAX]:
        half = int(max(h, text_h) * 0.65)  # a line's full height, though its ink was cut at a ruling line
        cy = y + h // 2
        crop = gray[max(0, cy - half):cy + half, max(0, x - pad):x + w + pad]
        rec = _recognise_only(engine, np.dstack([crop] * 3))
        texts, scores = getattr(rec, "txts", None) or (), getattr(rec, "scores", None) or ()
        if texts and texts[0].strip() and float(scores[0]) >= MISSED_MIN_SCORE:
            out.append(_Piece(texts[0].strip(), float(scores[0]), float(x), float(y), float(x + w), float(y + h)))
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
    result: Any, quads: list[Any] | None = None, noise: list[_Piece] | None = None
) -> tuple[list[Any], list[_Piece]]:
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
    pieces: list[_Piece] = []
    for quad, box, text, score, word in zip(quads, boxes, result.txts, result.scores, words, strict=True):
        text = _CJK_SPACE.sub("", str(text)).strip()
        q = np.asarray(quad, dtype=np.float64)
        if not text or (score < NOISE_SCORE and all(unicodedata.category(ch)[0] in "PZ" for ch in text)):
            # A smudge, a ruled square or a stamp's edge read as "。" or "-" — or a line the recogniser
            # could not read at all. Its text is dropped; its doubt still counts for the cell it is in.
            if text and noise is not None:
                noise.append(_Piece("", float(score), q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()))
            continue
        piece = _Piece(text, float(score), q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max())
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


# --------------------------------------------------------------------------- ruling lines


def _binarize(gray: np.ndarray, text_h: float) -> np.ndarray:
    import cv2

    block = int(max(15, min(61, text_h))) | 1
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.adaptiveThreshold(
        smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, INK_OFFSET
    )


def _skew_angle(binary: np.ndarray, text_h: float, quads: list[Any]) -> float:
    """Degrees to rotate by (cv2 convention) to make the page straight; 0 when unsure."""
    import cv2
    import numpy as np

    height, width = binary.shape
    # A 1° line of 3 px has straight runs of ~170 px: a kernel of ~3 text heights still catches it.
    k = int(max(3 * text_h, width / 40))
    mask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    angles: list[tuple[float, float]] = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < width / 6 or h > max(12, 0.6 * text_h):
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        if len(xs) < 20:
            continue
        slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
        angles.append((float(np.degrees(np.arctan(slope))), float(w)))
    if not angles:
        for q in quads:  # no ruling lines: the top edges of long text boxes
            dx, dy = q[1][0] - q[0][0], q[1][1] - q[0][1]
            h = abs(q[3][1] - q[0][1]) or 1.0
            if dx > 4 * h:
                angles.append((float(np.degrees(np.arctan2(dy, dx))), float(dx)))
    if not angles:
        return 0.0
    angle = _weighted_median(angles)
    return angle if abs(angle) <= MAX_SKEW_DEGREES else 0.0


def _weighted_median(values: list[tuple[float, float]]) -> float:
    values = sorted(values)
    half = sum(w for _, w in values) / 2
    acc = 0.0
    for v, w in values:
        acc += w
        if acc >= half:
            return v
    return values[-1][0]


def _segments(binary: np.ndarray, horizontal: bool, length: int, max_thick: float) -> list[_Seg]:
    import cv2

    size = (length, 1) if horizontal else (1, length)
    mask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[_Seg] = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if horizontal and h <= max_thick:
            out.append(_Seg(y + h / 2, x, x + w))
        elif not horizontal and w <= max_thick:
            out.append(_Seg(x + w / 2, y, y + h))
        else:  # a ruling line with bold text touching it (a tight row): the line is the run of full rows
            out.extend(_line_in_blob(mask[y:y + h, x:x + w], x, y, horizontal, max_thick, length))
    return out


def _line_in_blob(blob: np.ndarray, x: int, y: int, horizontal: bool, max_thick: float, length: int
                  ) -> list[_Seg]:
    """The thin runs of a thick component that are long along the line's direction."""
    import numpy as np

    along = blob if horizontal else blob.T
    filled = (along > 0).sum(axis=1)
    rows = np.flatnonzero(filled >= max(length, 0.5 * along.shape[1]))
    out: list[_Seg] = []
    start = 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or rows[k] != rows[k - 1] + 1:
            group = rows[start:k]
            if len(group) and len(group) <= max_thick:
                cols = np.flatnonzero((along[group] > 0).any(axis=0))
                pos, lo, hi = (group[0] + group[-1] + 1) / 2, int(cols[0]), int(cols[-1]) + 1
                out.append(_Seg(y + pos, x + lo, x + hi) if horizontal else _Seg(x + pos, y + lo, y + hi))
            start = k
    return out


def _find_grids(binary: np.ndarray, text_h: float, pieces: list[_Piece] = ()) -> list[_Grid]:
    """Ruled tables on the page: groups of line segments that meet, as grids of line positions."""
    tol = max(4.0, 0.3 * text_h)
    max_thick = max(8.0, 0.4 * text_h)
    # Longer than any stroke of a character (a CJK stroke spans at most about one em, and the
    # OCR box is ~1.3 em high), shorter than a cell holding one line of text.
    h_segs = _segments(binary, True, int(max(15, 1.5 * text_h)), max_thick)
    v_segs = _segments(binary, False, int(max(10, 0.8 * text_h)), max_thick)
    # In a row barely taller than its text, a character's vertical stroke ("州", "中") reaches from one ruling
    # line to the next and would read as a column line: a short segment inside recognised text is a stroke.
    v_segs = [v for v in v_segs if not _stroke_in_text(v, pieces, text_h, tol)]
    # A ruling line broken by a speck of scanner noise or a faint stretch is still one line.
    h_segs, v_segs = _bridge(h_segs, tol, 1.5 * text_h), _bridge(v_segs, tol, 1.5 * text_h)

    def meets(h: _Seg, v: _Seg) -> bool:
        return h.lo - tol <= v.pos <= h.hi + tol and v.lo - tol <= h.pos <= v.hi + tol

    # A ruling line meets at least two lines across it; strokes, underlines, stamps do not.
    for _ in range(2):
        h_segs = [h for h in h_segs if sum(meets(h, v) for v in v_segs) >= 2]
        v_segs = [v for v in v_segs if sum(meets(h, v) for h in h_segs) >= 2]
    if len(h_segs) < 2 or len(v_segs) < 2:
        return []

    # Tables: connected groups of segments.
    parent = list(range(len(h_segs) + len(v_segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(h_segs):
        for j, v in enumerate(v_segs):
            if meets(h, v):
                parent[find(i)] = find(len(h_segs) + j)
    groups: dict[int, tuple[list[_Seg], list[_Seg]]] = {}
    for i, h in enumerate(h_segs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(v_segs):
        groups.setdefault(find(len(h_segs) + j), ([], []))[1].append(v)

    grids: list[_Grid] = []
    for hs, vs in groups.values():
        ys = _cluster([h.pos for h in hs], tol)
        xs = _cluster([v.pos for v in vs], tol)
        # A table drawn without its outer left/right (top/bottom) border: the lines running
        # past the last line across them mark where it ends.
        left, right = min(h.lo for h in hs), max(h.hi for h in hs)
        top, bottom = min(v.lo for v in vs), max(v.hi for v in vs)
        if xs[0] - left > text_h:
            xs.insert(0, left)
        if right - xs[-1] > text_h:
            xs.append(right)
        if ys[0] - top > text_h:
            ys.insert(0, top)
        if bottom - ys[-1] > text_h:
            ys.append(bottom)
        if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
            continue  # a lone box (a frame round a paragraph, the paper's edge) is not a grid
        grids.append(_Grid(xs, ys, hs, vs))
    grids.sort(key=lambda g: g.top)
    return grids


def _bridge(segs: list[_Seg], tol: float, gap: float) -> list[_Seg]:
    """Collinear segments (positions within ``tol``) less than ``gap`` apart joined into one."""
    rows: list[list[_Seg]] = []  # segments grouped by position
    for s in sorted(segs, key=lambda s: s.pos):
        if rows and s.pos - rows[-1][-1].pos <= tol:
            rows[-1].append(s)
        else:
            rows.append([s])
    out: list[_Seg] = []
    for row in rows:
        joined: list[_Seg] = []
        for s in sorted(row, key=lambda s: s.lo):
            last = joined[-1] if joined else None
            if last is not None and s.lo - last.hi <= gap and abs(last.pos - s.pos) <= tol:
                joined[-1] = _Seg((last.pos + s.pos) / 2, last.lo, max(last.hi, s.hi))
            else:
                joined.append(s)
        out.extend(joined)
    return out


def _stroke_in_text(v: _Seg, pieces: list[_Piece], text_h: float, tol: float) -> bool:
    return v.hi - v.lo <= 1.3 * text_h and any(
        p.x0 + 2 < v.pos < p.x1 - 2 and p.y0 - tol <= v.lo and v.hi <= p.y1 + tol for p in pieces)


def _cluster(values: list[float], tol: float) -> list[float]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [statistics.fmean(g) for g in groups]


def _covered(segs: list[_Seg], pos: float, lo: float, hi: float, tol: float) -> bool:
    """Whether line segments at ``pos`` cover most of ``lo..hi`` (a grid edge)."""
    margin = min(tol, (hi - lo) / 4)
    lo, hi = lo + margin, hi - margin
    spans = sorted(
        (max(s.lo, lo), min(s.hi, hi)) for s in segs if abs(s.pos - pos) <= tol and s.hi > lo and s.lo < hi
    )
    total, end = 0.0, lo
    for a, b in spans:
        a = max(a, end)
        if b > a:
            total += b - a
            end = b
    return hi > lo and total >= LINE_COVERAGE * (hi - lo)


# --------------------------------------------------------------------------- checkboxes


@dataclass
class _Box:
    """A checkbox drawn on the page: its square and whether it is ticked."""

    x0: float
    y0: float
    x1: float
    y1: float
    checked: bool
    sure: bool  # False when the ink inside is neither clearly empty nor clearly a tick


def _checkboxes(binary: np.ndarray, text_h: float, grids: list[_Grid]) -> list[_Box]:
    """Small hollow (or filled) squares about a character in size: ☐ ☑ ☒ ■.

    The recogniser often drops a lone box or reads it as "□" whatever is in it, so boxes are
    found in the drawing and whether one is ticked is read from the ink inside it.
    """
    import cv2

    # Two-level hierarchy: the outer boundary of every ink component, also those inside a
    # table's cells (holes of the table's component), at the top level.
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    tol = max(4.0, 0.3 * text_h)
    out: list[_Box] = []
    for contour, (_next, _prev, _child, parent) in zip(contours, hierarchy[0], strict=True):
        if parent != -1:
            continue  # a hole
        x, y, w, h = cv2.boundingRect(contour)
        if not (0.3 * text_h <= w <= 1.2 * text_h and 0.3 * text_h <= h <= 1.2 * text_h):
            continue
        if not 0.8 <= w / h <= 1.25:
            continue
        if any(_on_grid(g, x, y, x + w, y + h, tol) for g in grids):
            continue  # a small cell of a table, not a box to tick
        t = max(2, min(w, h) // 8)
        square = binary[y : y + h, x : x + w] > 0
        sides = (
            square[:t, :].any(axis=0),
            square[-t:, :].any(axis=0),
            square[:, :t].any(axis=1),
            square[:, -t:].any(axis=1),
        )
        if min(float(side.mean()) for side in sides) < 0.9:
            continue  # not closed on four sides: a stroke, a tick, most characters
        m = max(t + 1, min(w, h) // 5)
        inner = square[m : h - m, m : w - m]
        if inner.size == 0:
            continue
        fill = float(inner.mean())
        out.append(_Box(x, y, x + w, y + h, checked=fill > 0.12, sure=fill < 0.06 or fill > 0.2))
    return out


def _on_grid(grid: _Grid, x0: float, y0: float, x1: float, y1: float, tol: float) -> bool:
    def near(v: float, edges: list[float]) -> bool:
        return any(abs(v - e) <= tol for e in edges)

    return near(x0, grid.xs) and near(x1, grid.xs) and near(y0, grid.ys) and near(y1, grid.ys)


def _with_checkboxes(pieces: list[_Piece], boxes: list[_Box]) -> list[_Piece]:
    """Pieces with the boxes written in as ☑/☐: replacing a box character the recogniser read
    (with whatever tick it guessed), or added where it read nothing at all. A box under any other
    character is left alone: it is that character (口, 回, 日...)."""
    added: list[_Piece] = []
    for box in boxes:
        glyph = CHECKED_BOX if box.checked else UNCHECKED_BOX
        score = 0.99 if box.sure else 0.6
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        covering = [p for p in pieces if p.y0 <= cy <= p.y1 and p.x0 - 2 <= cx <= p.x1 + 2]
        if not covering:
            added.append(_Piece(glyph, score, box.x0, box.y0, box.x1, box.y1))
            continue
        for p in covering:
            hits = [i for i, (w, _, x) in enumerate(p.chars) if box.x0 - 2 <= x <= box.x1 + 2]
            if not p.chars and p.text in _BOX_CHARS:
                p.text, p.score = glyph, score  # the drawing decides, not the recogniser's guess
            for i in hits:
                if p.chars[i][0] in _BOX_CHARS:
                    p.chars[i] = (glyph, score, p.chars[i][2])
                    p.text = _join_words([w for w, _, _ in p.chars])
                    # Nothing but boxes: the drawing decides; otherwise the other characters' doubt stays.
                    only_boxes = all(w in _BOX_CHARS for w, _, _ in p.chars)
                    p.score = min(s for _, s, _ in p.chars) if only_boxes else min(p.score, score)
    return pieces + added


# --------------------------------------------------------------------------- cells


def _fill_grid(
    grid: _Grid, pieces: list[_Piece], text_h: float, noise: list[_Piece] = ()
) -> tuple[Table, list[_Piece]]:
    """The grid's Table with its text; returns the pieces left outside it. A noise piece inside a cell
    that holds text lowers the cell's confidence to its own: something there could not be read."""
    from bisect import bisect_right

    xs, ys = grid.xs, grid.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    tol = max(4.0, 0.3 * text_h)

    # Merged cells: grid positions joined where the line between them is missing.
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and (not _covered(grid.v_segs, xs[c + 1], ys[r], ys[r + 1], tol)
                                   or _char_on(pieces, xs[c + 1], ys[r], ys[r + 1], text_h)):
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            if r + 1 < n_rows and not _covered(grid.h_segs, ys[r + 1], xs[c], xs[c + 1], tol):
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    owner: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []  # r0, c0, r1, c1 (exclusive)
    for r in range(n_rows):
        for c in range(n_cols):
            if owner[r][c] is not None:
                continue
            root = find(r * n_cols + c)
            members = [(i // n_cols, i % n_cols) for i in range(n_rows * n_cols) if find(i) == root]
            r1 = max(m[0] for m in members) + 1
            c1 = max(m[1] for m in members) + 1
            for rr in range(r, r1):  # an L-shaped group takes its bounding box, minus taken parts
                for cc in range(c, c1):
                    if owner[rr][cc] is None:
                        owner[rr][cc] = len(spans)
            spans.append((r, c, r1, c1))

    inside: list[list[_Piece]] = [[] for _ in spans]
    outside: list[_Piece] = []
    for piece in pieces:
        if not (xs[0] - tol <= piece.cx <= xs[-1] + tol and ys[0] - tol <= piece.cy <= ys[-1] + tol):
            outside.append(piece)
            continue
        r = min(max(bisect_right(ys, piece.cy) - 1, 0), n_rows - 1)
        for part in _split_at_columns(piece, xs, owner[r], tol):
            c = min(max(bisect_right(xs, part.cx) - 1, 0), n_cols - 1)
            cell = owner[r][c]
            if cell is not None:
                inside[cell].append(part)

    doubts: list[list[float]] = [[] for _ in spans]
    for piece in noise:
        if xs[0] <= piece.cx <= xs[-1] and ys[0] <= piece.cy <= ys[-1]:
            r = min(max(bisect_right(ys, piece.cy) - 1, 0), n_rows - 1)
            c = min(max(bisect_right(xs, piece.cx) - 1, 0), n_cols - 1)
            if (cell := owner[r][c]) is not None:
                doubts[cell].append(piece.score)

    cells = []
    for (r0, c0, r1, c1), own, doubt in zip(spans, inside, doubts, strict=True):
        text = _cell_text(own, xs[c0], xs[c1])
        confidence = round(min([p.score for p in own] + doubt), 4) if own else None
        cells.append(Cell(row=r0, col=c0, text=text, rowspan=r1 - r0, colspan=c1 - c0, confidence=confidence))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(n_rows=n_rows, n_cols=n_cols, cells=cells), outside


def _char_on(pieces: list[_Piece], x: float, top: float, bottom: float, text_h: float) -> bool:
    """Whether a recognised character sits on ``x`` in the row ``top..bottom``: in a row barely taller than its
    text, the character's stroke joins the ruling lines above and below into what looks like a column line."""
    for p in pieces:
        if p.chars and p.x0 < x < p.x1 and top < p.cy < bottom:
            if any(abs(cx - x) < 0.2 * text_h for _, _, cx in p.chars):
                return True
    return False


def _split_at_columns(
    piece: _Piece, xs: list[float], row_owner: list[int | None], tol: float
) -> list[_Piece]:
    """A text box the detector drew across a cell border, cut at that border by its characters."""
    cuts = [
        xs[k]
        for k in range(1, len(xs) - 1)
        if piece.x0 + tol < xs[k] < piece.x1 - tol and row_owner[k - 1] != row_owner[k]
    ]
    if not cuts or not piece.chars:
        return [piece]
    parts: list[_Piece] = []
    edges = [piece.x0, *cuts, piece.x1]
    for a, b in zip(edges, edges[1:], strict=False):
        chars = [ch for ch in piece.chars if a <= ch[2] < b or (b == piece.x1 and ch[2] >= b)]
        if not chars:
            continue
        text = _join_words([w for w, _, _ in chars])
        score = statistics.fmean(s for _, s, _ in chars)
        parts.append(_Piece(text, score, max(a, piece.x0), piece.y0, min(b, piece.x1), piece.y1, chars))
    return parts or [piece]


def _join_words(words: list[str]) -> str:
    out = ""
    for w in words:
        out = out + w if not out or _is_wide(out[-1]) or _is_wide(w[0]) else out + " " + w
    return out


def _visual_lines(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped into lines (vertical overlap), top to bottom, each left to right."""
    lines: list[list[_Piece]] = []
    for p in sorted(pieces, key=lambda p: p.cy):
        if lines:
            last = lines[-1]
            top, bottom = min(q.y0 for q in last), max(q.y1 for q in last)
            overlap = min(bottom, p.y1) - max(top, p.y0)
            if overlap >= 0.5 * min(p.height, bottom - top):
                last.append(p)
                continue
        lines.append([p])
    return [sorted(line, key=lambda p: p.x0) for line in lines]


def _line_text(line: list[_Piece]) -> str:
    text = line[0].text
    for prev, p in zip(line, line[1:], strict=False):
        gap = p.x0 - prev.x1
        wide = _is_wide(text[-1]) or _is_wide(p.text[0])
        text += ("" if wide and gap < 0.75 * p.height else " ") + p.text
    return text


def _wraps(
    prev: list[_Piece], nxt: list[_Piece], left: float, right: float, pitch_limit: float | None, in_cell: bool
) -> bool:
    """True when ``prev`` ran to the right edge, so the break before ``nxt`` was a wrap.

    Outside tables a change of height means another font size (a heading); inside a cell it
    does not: detection boxes of short pieces vary by a third at the same size.
    """
    h = statistics.fmean(p.height for p in prev)
    em = 0.8 * h  # a detection box is 1 to 1.3 em high
    first = nxt[0]
    if not in_cell and abs(first.height - prev[-1].height) > 0.25 * max(first.height, prev[-1].height):
        return False  # another font size: a heading, not a wrap
    pitch = min(p.y0 for p in nxt) - min(p.y0 for p in prev)
    if pitch > (pitch_limit if pitch_limit is not None else 2.0 * h):
        return False  # set apart: a new paragraph
    if prev[0].x0 - left > 3 * em:
        return False  # a centred or right-aligned line (a title, a document number) ends itself
    room = right - prev[-1].x1
    x0, x1 = first.x0, nxt[-1].x1
    centred = abs((x0 + x1) / 2 - (left + right) / 2) < em  # a centred label's last line
    indented = x0 - left > 1.2 * em and not centred
    return room < 1.8 * em and not indented


def _pitch_limit(lines: list[list[_Piece]]) -> float | None:
    """Above this line pitch a line starts a new paragraph (the PDF reader's rule)."""
    pitches = []
    for a, b in zip(lines, lines[1:], strict=False):
        h = max(p.height for p in a)
        pitch = min(p.y0 for p in b) - min(p.y0 for p in a)
        if 0 < pitch < 3 * h:
            pitches.append(pitch)
    return PITCH_BREAK_RATIO * statistics.median(pitches) + 1.0 if pitches else None


def _cell_text(pieces: list[_Piece], x0: float, x1: float) -> str:
    lines = _visual_lines(pieces)
    if not lines:
        return ""
    # Padding is symmetric: what the leftmost line keeps from the left border, the text keeps
    # from the right one.
    pad = max(min(line[0].x0 for line in lines) - x0, 0.0)
    left, right = x0 + pad, x1 - min(pad, 0.4 * (x1 - x0))
    text = _line_text(lines[0])
    for prev, line in zip(lines, lines[1:], strict=False):
        text += ("" if _wraps(prev, line, left, right, None, in_cell=True) else "\n") + _line_text(line)
    return text


# --------------------------------------------------------------------------- paragraphs


def _paragraphs(pieces: list[_Piece], width: int, height: int) -> list[tuple[float, Paragraph]]:
    """Text outside tables: lines joined where they wrap at the right margin; page numbers apart."""
    lines = _visual_lines(pieces)
    if not lines:
        return []
    x0s = sorted(line[0].x0 for line in lines)
    x1s = sorted(line[-1].x1 for line in lines)
    left = x0s[len(x0s) // 10]
    right = x1s[min(len(x1s) - 1, (len(x1s) * 9) // 10)]
    if len(lines) < 4:
        right = max(right, width - left)  # a few short lines: assume symmetric margins
    pitch_limit = _pitch_limit(lines)

    out: list[tuple[float, Paragraph]] = []
    current: list[list[_Piece]] = []

    def flush() -> None:
        if current:
            text = _line_text(current[0])
            for line in current[1:]:
                text = _join_words([text, _line_text(line)])
            score = min(p.score for line in current for p in line)
            out.append((current[0][0].y0, Paragraph(text=text, confidence=round(score, 4))))
            current.clear()

    for i, line in enumerate(lines):
        band = _page_number_band(line, i, len(lines), height)
        if band:
            flush()
            score = round(min(p.score for p in line), 4)
            out.append((line[0].y0, Paragraph(text=_line_text(line), part=band, confidence=score)))
            continue
        if not (current and _wraps(current[-1], line, left, right, pitch_limit, in_cell=False)):
            flush()
        current.append(line)
    flush()
    return out


def _page_number_band(line: list[_Piece], index: int, n_lines: int, height: int) -> str:
    """ "header"/"footer" for a page number: the first or last line of the page, in its top or
    bottom part. A scan's margins are wider than a PDF's, so the band is larger than the PDF
    reader's; a number above 999 is a year or an amount, not a page."""
    text = _line_text(line).strip()
    if not _PAGE_NUMBER.match(text) or any(int(n) > 999 for n in re.findall(r"\d+", text)):
        return ""
    top, bottom = min(p.y0 for p in line), max(p.y1 for p in line)
    if index == 0 and bottom <= height * PAGE_NUMBER_BAND:
        return "header"
    if index == n_lines - 1 and top >= height * (1 - PAGE_NUMBER_BAND):
        return "footer"
    return ""


def _is_wide(ch: str) -> bool:
    return is_wide(ch, shapes=True)
