"""Scanned-form fixtures built by code: a filled, ruled form drawn with Pillow in Noto Sans CJK.

``form_image()`` draws the page at about 200 dpi (A4 width); ``samples.scans.scanned()`` degrades it
like a scanner or a phone would (a slight rotation, blur, noise), ``encode()`` saves it as JPEG/PNG.
``FORM_CELLS`` is what a reader must recover from the table: (row, col) -> (text, rowspan, colspan).
The scan helpers themselves (image_pdf, merge_pdfs, without_tounicode …) live in samples/scans.py,
shared with the sample generator.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from samples.scans import encode, font, scanned

PAGE_W, PAGE_H = 1654, 1400  # px: A4 width at 200 dpi, the top part of a page
FONT_PX = 34  # ~12 pt at 200 dpi
LINE_W = 3

TITLE = "2024年度职工先进班组推荐表"
NOTE = "填表说明：本表一式两份，报送区总工会。"

# Column x edges and row y edges of the table; rows 3 (主要事迹) and 4-5 (推荐意见) hold merges.
X_EDGES = [120, 420, 820, 1120, 1534]
Y_EDGES = [230, 360, 460, 560, 760, 860, 960]
STORY_LINES = ["坚持安全生产零事故，", "完成技术革新三项。"]  # a typed line break: kept as "\n"
UNIT_LINES = ["东风机械制造集团有限", "公司第一分厂"]  # wrapped at the cell's edge: joined
# (row, col, rowspan, colspan, lines); cells of more than one line are left-aligned
CELLS: list[tuple[int, int, int, int, list[str]]] = [
    (0, 0, 1, 1, ["班组名称"]),
    (0, 1, 1, 1, ["机修一班"]),
    (0, 2, 1, 1, ["所在单位"]),
    (0, 3, 1, 1, UNIT_LINES),
    (1, 0, 1, 1, ["班组总人数"]),
    (1, 1, 1, 1, ["28"]),
    (1, 2, 1, 1, ["党员人数"]),
    (1, 3, 1, 1, ["12"]),
    (2, 0, 1, 1, ["班组长"]),
    (2, 1, 1, 1, ["张伟"]),
    (2, 2, 1, 1, ["联系电话"]),
    (2, 3, 1, 1, ["13812345678"]),
    (3, 0, 1, 1, ["主要事迹"]),
    (3, 1, 1, 3, STORY_LINES),
    (4, 0, 2, 1, ["推荐意见"]),
    (4, 1, 1, 3, ["同意推荐"]),
    (5, 1, 1, 3, ["2024年5月20日"]),
]
FORM_CELLS: dict[tuple[int, int], tuple[str, int, int]] = {
    (r, c): (("" if lines is UNIT_LINES else "\n").join(lines), rs, cs) for r, c, rs, cs, lines in CELLS
}


def _font(px: int = FONT_PX) -> ImageFont.FreeTypeFont:
    return font(px)


def form_image() -> Image.Image:
    """The clean page: title, the ruled table with its merges, a note below (grayscale)."""
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    font = _font()
    title_font = _font(46)
    tw = d.textlength(TITLE, font=title_font)
    d.text(((PAGE_W - tw) / 2, 110), TITLE, font=title_font, fill=0)

    xs, ys = X_EDGES, Y_EDGES
    # Draw every cell's outline: a merged cell has no inner lines, so the grid comes out of the
    # union of the outlines exactly as a word processor draws it.
    for r, c, rs, cs, lines in CELLS:
        x0, x1, y0, y1 = xs[c], xs[c + cs], ys[r], ys[r + rs]
        d.rectangle((x0, y0, x1, y1), outline=0, width=LINE_W)
        pitch = FONT_PX * 1.5
        block_h = pitch * (len(lines) - 1) + FONT_PX
        top = (y0 + y1) / 2 - block_h / 2 - FONT_PX * 0.15  # the font's ascent sits a bit low
        for i, line in enumerate(lines):
            if cs > 1 or len(lines) > 1:  # left-aligned, like typed text
                left = x0 + 24
            else:
                left = (x0 + x1) / 2 - d.textlength(line, font=font) / 2
            d.text((left, top + i * pitch), line, font=font, fill=0)
    d.text((xs[0], ys[-1] + 50), NOTE, font=font, fill=0)
    return img


def form_png() -> bytes:
    return encode(form_image(), "PNG")


def form_jpg() -> bytes:
    return encode(scanned(form_image()).convert("RGB"), "JPEG", quality=80)


TYPED_TITLE = "2024年度职工先进班组推荐材料"
TYPED_LINE = "本页是打字的正文，不应做文字识别。"
TYPED_CELLS = {(0, 0): "班组名称", (0, 1): "电气二班", (1, 0): "党员人数", (1, 1): "9"}


def typed_docx(path: Path) -> None:
    """A typed page for the mixed PDF: a heading, a line of text and a small ruled table."""
    import docx

    d = docx.Document()
    d.add_paragraph(TYPED_TITLE)
    d.add_paragraph(TYPED_LINE)
    t = d.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    for (r, c), text in TYPED_CELLS.items():
        t.cell(r, c).text = text
    d.save(str(path))


ATTACHMENT_LINE = "附页：班组荣誉清单"


def two_page_tiff() -> bytes:
    """A fax-style multi-page TIFF: a short line of text, then a blank page."""
    first = Image.new("L", (900, 140), 255)
    ImageDraw.Draw(first).text((40, 40), ATTACHMENT_LINE, font=_font(), fill=0)
    blank = Image.new("L", (900, 140), 255)
    return encode(first, "TIFF", save_all=True, append_images=[blank], compression="tiff_lzw")
