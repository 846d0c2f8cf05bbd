"""Typed stages shared by every layer: SourceFile -> Document -> Record.

Findings live in ``checks.models``; everything here knows nothing about rules.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class FileFormat(str, Enum):
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"
    LEGACY = "legacy"  # .doc .wps .rtf .odt: read through LibreOffice, converted to .docx
    LEGACY_SHEET = "legacy_sheet"  # .xls .et .ods: read through LibreOffice, converted to .xlsx
    IMAGE = "image"  # a photo or scan (.jpg .png .tif .bmp): read by OCR
    ZIP = "zip"
    SEVEN_ZIP = "7z"
    RAR = "rar"
    OLE = "ole"  # an OLE2 file that is none of the above (encrypted OOXML, .ppt, ...)
    JUNK = "junk"
    UNKNOWN = "unknown"


class Status(str, Enum):
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILURE = "failure"


@dataclass
class SourceFile:
    """One input file, or one member of an archive, as discovered in the inbox.

    ``path`` is relative to the inbox; archive members read ``<archive path>/<member path>``.
    ``data`` holds an archive member's bytes (readers never reopen the archive). A plain file's bytes are
    not kept after discovery: ``origin`` names it on disk and ``load()`` reads it again (read-only) and
    checks it against ``sha256``, so a thousand files are never all in memory at once.
    """

    path: str
    unit_hint: str
    unit_hint_source: str  # "文件夹" | "压缩包" | ""
    fmt: FileFormat
    size: int
    sha256: str
    data: bytes = field(repr=False, default=b"")
    problem: str = ""  # set by discovery when the file cannot even be opened
    origin: str = ""  # absolute path of a plain file whose bytes were let go after discovery
    stat: str = ""  # the file's stat key when discovery read it (pipeline.discover.stat_key)
    # When the file was last modified (seconds since the epoch): the file's own, or an archive member's as
    # the archive records it; None when unknown. Tells a corrected copy sent later from its original.
    mtime: float | None = None

    def load(self) -> bytes:
        """The bytes: kept ones, or the file read again. Raises OSError, or ChangedError when the file
        no longer has the content discovery hashed."""
        if self.data or not self.origin:
            return self.data
        with open(self.origin, "rb") as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise ChangedError(self.path)
        return data

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


class ChangedError(Exception):
    """A file changed between discovery and reading (still being copied, or replaced)."""


@dataclass
class Paragraph:
    text: str
    style: str = ""
    bold: bool = False
    part: str = "body"  # body | header | footer | textbox
    confidence: float | None = None  # OCR's confidence in 0..1; None for text that was typed


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    confidence: float | None = None  # OCR's confidence in 0..1; None for text that was typed


@dataclass
class Table:
    """A table as a grid. A merged cell appears once, at its top-left position, with its span."""

    n_rows: int
    n_cols: int
    cells: list[Cell]

    def __post_init__(self) -> None:
        # Every reader builds its grid from the cells' own extents; a cell outside it is a reader's bug, and
        # a mapper would read the wrong cells without a word. Said at once (the file becomes unreadable with
        # its reason, the batch goes on), and proved on every table of the third-party corpus (test_corpus).
        for c in self.cells:
            if not (0 <= c.row and c.rowspan >= 1 and c.row + c.rowspan <= self.n_rows
                    and 0 <= c.col and c.colspan >= 1 and c.col + c.colspan <= self.n_cols):
                raise ValueError(f"table cell ({c.row},{c.col}) span {c.rowspan}x{c.colspan} outside its "
                                 f"{self.n_rows}x{self.n_cols} grid")

    def grid(self) -> list[list[Cell | None]]:
        """Rows of cells, each merged cell repeated over the positions it covers."""
        g: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                    g[r][k] = c
        return g

    def row_cells(self, r: int) -> list[Cell]:
        """Distinct cells starting or continuing on row ``r``, left to right."""
        seen: list[Cell] = []
        for c in self.grid()[r]:
            if c is not None and (not seen or seen[-1] is not c):
                seen.append(c)
        return seen

    def rows_text(self) -> list[list[str]]:
        """Text grid where a merged cell's text appears only at its top-left position."""
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row][c.col] = c.text
        return out


Block = Paragraph | Table


@dataclass
class Document:
    """What a reader produces from one SourceFile: ordered body blocks, headers/footers apart."""

    blocks: list[Block] = field(default_factory=list)
    headers: list[Paragraph] = field(default_factory=list)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)  # Chinese, shown to the user
    details: list[str] = field(default_factory=list)  # the libraries' own words behind them: log only
    ocr_pages: int = 0  # pages (or images) whose text came from OCR
    ocr_confidence: float | None = None  # mean OCR confidence over those pages

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def lines(self) -> list[str]:
        """The document as a flat sequence of text lines in reading order.

        Table cells contribute their lines in row-major order, each merged cell once, so a
        write-up typed inside a table reads like one typed as paragraphs.
        """
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            else:
                for c in sorted(b.cells, key=lambda c: (c.row, c.col)):
                    out.extend(c.text.split("\n"))
        return out


@dataclass
class FieldValue:
    """One extracted field: the text as written and its normalised value."""

    key: str
    raw: str
    value: Any
    label: str = ""  # the label text it was found under
    where: str = ""  # human-readable location, e.g. "表格1 第3行"
    problem: str = ""  # normalisation trouble, e.g. "无法识别为数字"
    confidence: float | None = None  # OCR's confidence in the text it came from; None when typed


@dataclass
class Section:
    key: str
    heading: str  # the heading as written, "" when missing
    body: str
    chars: int


@dataclass
class Record:
    """A recognised document mapped onto a profile's kind."""

    path: str
    kind: str
    unit: str
    unit_source: str  # 表头 | 文件夹 | 压缩包 | 推荐汇总表 | 对应材料 | 文件名 | 推测 | 未知
    sha256: str
    fields: dict[str, FieldValue] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)  # list-layout kinds (汇总表 rows)
    status: Status = Status.SUCCESS
    reason: str = ""  # for junk / unreadable / unrecognised: why (Chinese, for the user)
    detail: str = ""  # the technical words behind the reason (a library's message): records.json and log
    fmt: str = ""
    size: int = 0
    pages: int = 0
    read_seconds: float = 0.0  # time in the format reader
    map_seconds: float = 0.0  # time recognising the kind and mapping fields
    ocr_pages: int = 0  # pages (or images) whose text came from OCR
    ocr_confidence: float | None = None  # mean OCR confidence over those pages
    # An entry whose name field is blank, known by the name its file name and its materials give (set
    # when the batch is linked; the field itself stays blank, and field.missing reports it).
    name_hint: str = ""
    name_hint_source: str = ""
    # Lines under a write-up's title that only name its unit or 班组 ("（河海大学 热工实验中心）"): not body
    # text; once the write-up is linked to its entry they tell its 所在单位.
    bylines: list[str] = field(default_factory=list)
    # The source file's modification time (SourceFile.mtime). Set by the run from discovery on every run,
    # never taken from the record cache: a file touched since it was cached keeps its content and key.
    mtime: float | None = None
    # A corrected copy of the same material from the same unit replaced this one (pipeline.supersede): the
    # path of the copy that counts, and why it is the newer (Chinese, for the report). A superseded record
    # keeps its kind and fields; the batch checks and the 汇总表 leave it out, file.superseded lists it.
    superseded_by: str = ""
    superseded_why: str = ""
    # One file holding two materials (a form, then its write-up after the table): the write-up's record, read
    # with the form's (``parts``; the run lists it beside the form), and in it the file it is part of.
    parts: list[Record] = field(default_factory=list)
    part_of: str = ""

    def value(self, key: str, default: Any = None) -> Any:
        fv = self.fields.get(key)
        return default if fv is None or fv.value in (None, "", []) else fv.value

    def subject(self, subject_field: str | None) -> str:
        if not subject_field:
            return ""
        v = self.value(subject_field)
        return str(v) if v is not None else ""

    def known_as(self, subject_field: str | None) -> str:
        """The subject as written, else the name the batch inferred for it (``name_hint``)."""
        return self.subject(subject_field) or self.name_hint
