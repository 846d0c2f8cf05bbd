"""OCR reader: scanned forms (images, image-only PDFs, scanned pages of mixed PDFs) -> Document.

Fixtures are built by code (tests/ocr_fixtures.py, samples/scans.py): a filled form drawn with Pillow
in Noto Sans CJK, saved clean as PNG and degraded (0.6° rotation, blur, noise, JPEG) as JPG; the PNG
wrapped as an image-only PDF; a typed page from LibreOffice followed by that scan (mixed PDF); the
typed page with its fonts' ToUnicode maps unlinked (a text layer of ``(cid:NN)``); and the sample
inbox's 基本情况表, typed (samples.banzu_docs) and exported by LibreOffice. OCR runs once per fixture.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors.models import Document, Paragraph, Table
from extractors.readers import ReaderError
from extractors.readers import ocr as ocr_mod
from extractors.readers.ocr_boxes import Box, with_checkboxes
from extractors.readers.ocr_grid import Grid, Seg, _split_at_columns, fill_grid, find_grids
from extractors.readers.ocr_layout import Piece
from extractors.readers.pdf import _unusable_text, read_pdf
from samples import hostile, scans
from tests import ocr_fixtures as fx

SCAN_WARNING = "PDF 没有可提取的文字（可能是扫描件）"

needs_ocr = pytest.mark.skipif(not ocr_mod.ocr_available(), reason="rapidocr/onnxruntime not installed")
needs_font = pytest.mark.skipif(not scans.FONT_PATH.exists(), reason="Noto Sans CJK font not installed")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def lo_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The typed pages, exported by LibreOffice in one call: fx's small typed page, and the sample
    inbox's 基本情况表 of 大型仪器共享技术服务班组 as samples.banzu_docs builds it (10x9, merges, ☑/☐)."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) is not installed: cannot build the typed PDF pages")
    from samples.banzu import BANZU_UNITS
    from samples.banzu_docs import form_docx

    root = tmp_path_factory.mktemp("ocr_typed")
    fx.typed_docx(root / "typed.docx")
    unit = next(u for u in BANZU_UNITS if u["推荐单位"] == "南京大学工会")
    bz = next(b for b in unit["banzu"] if b["fields"]["班组名称"] == "大型仪器共享技术服务班组")
    sources = {"typed.docx": (root / "typed.docx").read_bytes(), "form.docx": form_docx(unit, bz, 1)}
    return hostile.soffice_convert(sources, "pdf", root / "lo_profile", timeout=180)


@pytest.fixture(scope="session")
def typed_pdf(lo_pdfs: dict[str, bytes]) -> bytes:
    return lo_pdfs["typed.docx"]


@pytest.fixture(scope="session")
def png_doc() -> Document:
    return ocr_mod.read_image(fx.form_png())


@pytest.fixture(scope="session")
def jpg_doc() -> Document:
    return ocr_mod.read_image(fx.form_jpg())


@pytest.fixture(scope="session")
def scan_pdf_doc() -> Document:
    return read_pdf(scans.image_pdf(fx.form_image()))


@pytest.fixture(scope="session")
def mixed_doc(typed_pdf: bytes) -> Document:
    return read_pdf(scans.merge_pdfs(typed_pdf, scans.image_pdf(fx.form_image())))


@pytest.fixture(scope="session")
def garbage_doc(typed_pdf: bytes) -> Document:
    return read_pdf(scans.without_tounicode(typed_pdf))


# --------------------------------------------------------------------------- helpers


def only_table(blocks: list) -> Table:
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1, f"expected one table, got {len(tables)}"
    return tables[0]


def assert_form(blocks: list) -> None:
    """The scanned form's blocks: title, the 6x4 table with its merges, the note below."""
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    title, table, note = blocks
    assert title.text == fx.TITLE
    assert note.text == fx.NOTE
    assert (table.n_rows, table.n_cols) == (6, 4)
    got = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells}
    assert got == fx.FORM_CELLS
    # the merged cells, spelled out
    assert got[(3, 1)] == ("坚持安全生产零事故，\n完成技术革新三项。", 1, 3)
    assert got[(4, 0)] == ("推荐意见", 2, 1)
    # a unit name wrapped at the cell's edge reads as one name, as in a typed form
    assert got[(0, 3)] == ("东风机械制造集团有限公司第一分厂", 1, 1)
    for c in table.cells:
        assert c.confidence is not None and 0.0 < c.confidence <= 1.0, c
    for p in (title, note):
        assert p.confidence is not None and 0.0 < p.confidence <= 1.0


def assert_ocr_stats(doc: Document, pages: int) -> None:
    assert doc.ocr_pages == pages
    assert doc.ocr_confidence is not None and 0.9 < doc.ocr_confidence <= 1.0


# --------------------------------------------------------------------------- images


@needs_ocr
@needs_font
def test_png_form(png_doc: Document) -> None:
    assert png_doc.pages == 1 and png_doc.warnings == [] and png_doc.headers == []
    assert_form(png_doc.blocks)
    assert_ocr_stats(png_doc, 1)


@needs_ocr
@needs_font
def test_jpg_scan_rotated_blurred_noisy(jpg_doc: Document) -> None:
    """0.6° rotation, blur, grey paper, noise, JPEG q80: the same form comes out."""
    assert jpg_doc.pages == 1 and jpg_doc.warnings == []
    assert_form(jpg_doc.blocks)
    assert_ocr_stats(jpg_doc, 1)


@needs_ocr
@needs_font
def test_form_fields_read_like_a_typed_form(png_doc: Document) -> None:
    """Label -> value to its right, as the mapper reads a typed form."""
    grid = only_table(png_doc.blocks).rows_text()
    pairs = {row[c]: row[c + 1] for row in grid for c in range(0, len(row) - 1, 2)}
    assert pairs["班组名称"] == "机修一班"
    assert pairs["所在单位"] == "东风机械制造集团有限公司第一分厂"
    assert pairs["班组总人数"] == "28"
    assert pairs["党员人数"] == "12"


@needs_ocr
@needs_font
def test_multi_page_tiff() -> None:
    doc = ocr_mod.read_image(fx.two_page_tiff())
    assert (doc.pages, doc.ocr_pages, doc.warnings) == (2, 2, [])
    assert [(type(b), b.text) for b in doc.blocks] == [(Paragraph, fx.ATTACHMENT_LINE)]
    assert_ocr_stats(doc, 2)


@needs_ocr
def test_sample_form_ocr_matches_its_text_layer(lo_pdfs: dict[str, bytes]) -> None:
    """The sample inbox's typed 基本情况表 (10x9, merges, checkboxes, a long write-up), rendered at
    200 dpi and OCR'd, gives the table its text layer gives, cell for cell (whitespace aside: the
    recogniser drops the space in "科教报国 创新有我")."""
    data = lo_pdfs["form.docx"]
    typed = only_table(read_pdf(data).blocks)
    (blocks,) = ocr_mod.ocr_pdf_pages(data, [0])
    scanned = only_table(blocks)

    def cells(t: Table) -> dict[tuple[int, int], tuple[str, int, int]]:
        return {(c.row, c.col): ("".join(c.text.split(" ")), c.rowspan, c.colspan) for c in t.cells}

    assert (scanned.n_rows, scanned.n_cols) == (typed.n_rows, typed.n_cols)
    assert cells(scanned) == cells(typed)
    assert {c.text for c in scanned.cells} >= {"☑", "☐"}  # ticked and empty boxes read from the drawing


def test_text_box_across_a_cell_border_is_split_by_its_characters() -> None:
    """The detector may draw one box over "党员人数" and "12" when they sit close to the line."""
    chars = [(ch, 0.99, 105.0 + 30 * i) for i, ch in enumerate("党员人数")] + [("12", 0.9, 260.0)]
    piece = Piece("党员人数12", 0.97, 90.0, 10.0, 290.0, 50.0, chars)
    parts = _split_at_columns(piece, [0.0, 230.0, 400.0], [0, 1], tol=4.0)
    assert [(p.text, round(p.score, 3)) for p in parts] == [("党员人数", 0.99), ("12", 0.9)]
    # no border inside (a merged cell): one piece
    assert _split_at_columns(piece, [0.0, 230.0, 400.0], [0, 0], tol=4.0) == [piece]


def test_a_staircase_of_lines_is_no_grid_and_no_crash() -> None:
    """Lines each meeting the next (a form's stray underlines, a chart's axes) drop out one after another;
    none may be left meeting no line across it (found on a public pdf.js test file: "min() arg is an empty
    sequence" on every page). The real table beside them is still found."""
    import numpy as np

    img = np.zeros((1000, 1000), np.uint8)

    def h(y: int, x0: int, x1: int) -> None:
        img[y:y + 2, x0:x1 + 2] = 255

    def v(x: int, y0: int, y1: int) -> None:
        img[y0:y1 + 2, x:x + 2] = 255

    h(100, 100, 300), v(100, 100, 300), v(300, 100, 500)  # the staircase
    h(300, 100, 200), v(200, 300, 400), h(400, 150, 250)
    h(500, 300, 400), v(400, 500, 600), h(600, 350, 450)
    h(800, 600, 800), h(850, 600, 800), h(900, 600, 800), v(600, 800, 900), v(800, 800, 900)  # a table
    (grid,) = find_grids(img, 20.0, [])
    assert [round(x) for x in grid.xs] == [601, 801] and [round(y) for y in grid.ys] == [801, 851, 901]


def test_broken_image_is_a_reader_error() -> None:
    with pytest.raises(ReaderError, match="图片无法打开"):
        ocr_mod.read_image(b"\x89PNG\r\n\x1a\nnot really a png")


# --------------------------------------------------------------------------- PDFs


@needs_ocr
@needs_font
def test_image_only_pdf(scan_pdf_doc: Document) -> None:
    assert scan_pdf_doc.pages == 1
    assert scan_pdf_doc.warnings == []  # OCR found the text: no "可能是扫描件" warning
    assert_form(scan_pdf_doc.blocks)
    assert_ocr_stats(scan_pdf_doc, 1)


@needs_ocr
@needs_font
def test_mixed_pdf_ocrs_only_the_scanned_page(mixed_doc: Document) -> None:
    assert mixed_doc.pages == 2 and mixed_doc.warnings == []
    assert_ocr_stats(mixed_doc, 1)
    typed_title, typed_line, typed_table, *scanned = mixed_doc.blocks
    # page 1 was read from its text layer: no confidence anywhere
    assert (typed_title.text, typed_line.text) == (fx.TYPED_TITLE, fx.TYPED_LINE)
    assert typed_title.confidence is None and typed_line.confidence is None
    assert {(c.row, c.col): c.text for c in typed_table.cells} == fx.TYPED_CELLS
    assert all(c.confidence is None for c in typed_table.cells)
    # page 2 was OCR'd
    assert_form(scanned)


@needs_ocr
def test_garbage_text_layer_is_ocrd(typed_pdf: bytes, garbage_doc: Document) -> None:
    """A text layer of (cid:NN) glyphs (fonts without ToUnicode) is treated as a scan."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(scans.without_tounicode(typed_pdf))) as pdf:
        assert "(cid:" in (pdf.pages[0].extract_text() or "")  # the fixture is what it claims
    assert garbage_doc.pages == 1 and garbage_doc.warnings == []
    assert_ocr_stats(garbage_doc, 1)
    paragraphs = [b for b in garbage_doc.blocks if isinstance(b, Paragraph)]
    assert [p.text for p in paragraphs[:2]] == [fx.TYPED_TITLE, fx.TYPED_LINE]
    assert all(p.confidence is not None for p in paragraphs)
    table = only_table(garbage_doc.blocks)
    assert {(c.row, c.col): c.text for c in table.cells} == fx.TYPED_CELLS
    assert "(cid:" not in "".join(garbage_doc.lines())


def test_unusable_text_layer_rules() -> None:
    def chars(texts: list[str]) -> list[dict[str, str]]:
        return [{"text": t} for t in texts]

    assert _unusable_text([])
    assert _unusable_text(chars(["(cid:12)", "(cid:7)", "班"]))
    assert _unusable_text(chars(["\ue012", "\ue0a1", "\uf8ff", "组"]))  # private use area
    assert _unusable_text(chars(["\ufffd", "\ufffd", "名"]))
    assert not _unusable_text(chars(["班", "组", "名", "称", "(cid:3)"]))


# --------------------------------------------------------------------------- without the engine


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if rapidocr could not be imported (the engine's cached failure)."""
    monkeypatch.setattr(ocr_mod, "_engine", None)
    monkeypatch.setattr(ocr_mod, "_engine_error", ocr_mod.INSTALL_HINT)


@needs_font
def test_scan_pdf_without_engine_keeps_old_behaviour(no_engine: None) -> None:
    doc = read_pdf(scans.image_pdf(fx.form_image()))
    assert doc.pages == 1 and doc.blocks == [] and doc.ocr_pages == 0 and doc.ocr_confidence is None
    assert doc.warnings == [ocr_mod.INSTALL_HINT, SCAN_WARNING]
    assert ocr_mod.INSTALL_HINT == (
        "未安装文字识别组件（rapidocr），扫描件无法识别：pip install rapidocr onnxruntime opencv-python-headless"
    )


def test_garbage_pdf_without_engine_reads_the_text_layer(typed_pdf: bytes, no_engine: None) -> None:
    doc = read_pdf(scans.without_tounicode(typed_pdf))
    assert doc.warnings == [ocr_mod.INSTALL_HINT]
    assert doc.ocr_pages == 0 and "(cid:" in "".join(doc.lines())


@needs_font
def test_image_without_engine_is_a_reader_error(no_engine: None) -> None:
    with pytest.raises(ReaderError, match="rapidocr"):
        ocr_mod.read_image(fx.form_png())


def test_engine_uses_the_models_inside_the_wheel() -> None:
    """Default models only, from the installed package: nothing to download at run time."""
    rapidocr = pytest.importorskip("rapidocr")
    if not ocr_mod.ocr_available():
        pytest.skip("OCR engine not available")
    models = Path(rapidocr.__file__).parent / "models"
    cfg = ocr_mod._get_engine().cfg
    for key in ("Det", "Cls", "Rec"):
        path = Path(str(cfg[key].model_path))
        assert path.parent == models and path.is_file()


def test_a_box_read_from_the_drawing_takes_the_drawings_certainty() -> None:
    """The recogniser guessed ☐ at 0.6 where the drawing shows a clear tick: ☑ at the drawing's 0.99."""
    guess = Piece("☐", 0.6, 100, 100, 130, 130)
    box = Box(102, 102, 128, 128, checked=True, sure=True)
    (piece,) = with_checkboxes([guess], [box])
    assert (piece.text, piece.score) == ("☑", 0.99)
    # Beside other characters the recogniser's doubt about those characters stays.
    label = Piece("党支部□", 0.7, 20, 100, 130, 130, chars=[("党", 0.7, 30), ("支", 0.7, 55), ("部", 0.7, 80),
                                                            ("□", 0.5, 115)])
    (piece,) = with_checkboxes([label], [box])
    assert (piece.text, piece.score) == ("党支部☑", 0.7)


def test_an_unreadable_line_in_a_filled_cell_lowers_its_confidence() -> None:
    """A line the recogniser read only as "、," (dropped as noise) must not leave the cell looking sure."""
    grid = Grid(xs=[0, 200, 600], ys=[0, 100],
                h_segs=[Seg(0, 0, 600), Seg(100, 0, 600)],
                v_segs=[Seg(x, 0, 100) for x in (0, 200, 600)])
    text = [Piece("竞赛情况", 0.99, 20, 30, 180, 60), Piece("班组全员参赛", 0.998, 220, 10, 580, 40)]
    noise = [Piece("", 0.571, 220, 55, 400, 85)]
    table, _ = fill_grid(grid, text, 30.0, noise)
    assert [(c.text, c.confidence) for c in table.cells] == [("竞赛情况", 0.99), ("班组全员参赛", 0.571)]
    table, _ = fill_grid(grid, text, 30.0)
    assert [c.confidence for c in table.cells] == [0.99, 0.998]
