"""A scan or photo of a printed 评分表 read back through the OCR reader (``extractors.readers``): the table on
each page is found by its header row (编号, 名称, the criteria, 合计) as in an .xlsx, the expert's name from the
heading "评审专家：姓名", and every score read below the OCR confidence threshold is kept as doubtful, so that
the check marks it for comparison with the paper (the same marking as a scanned form's fields).

Row numbers are those of the sheet that was printed (the first entry on row 6, whatever page it is on), and
the columns its letters, so a finding points at the same place on the paper and in the workbook.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from extractors.models import Table
from pipeline.outputs.scoresheets import LAYOUT, TOTAL_HEADER, col_letter
from pipeline.scores.model import RowRead, SheetRead, _no, _text
from pipeline.scores.panel import Panel, ScoresError

# As the profiles' ocr_min_confidence: a value read below it is marked for checking against the original.
MIN_CONFIDENCE = 0.85
_EXPERT = re.compile(r"评审专家[：:]\s*([^\s（(：:]+)")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _read_document(path: Path, data: bytes):
    from extractors.readers import ReaderError
    from extractors.readers.ocr import INSTALL_HINT, ocr_available

    if not ocr_available():
        raise ScoresError(f"{path.name} 是扫描件，但{INSTALL_HINT}")
    try:
        if path.suffix.lower() == ".pdf":
            from extractors.readers.pdf import read_pdf

            return read_pdf(data)
        from extractors.readers.ocr import read_image

        return read_image(data)
    except ReaderError as e:
        raise ScoresError(f"{path.name} 无法读取：{e}") from e


def _score(text: str):
    t = text.replace(" ", "").replace("分", "").replace("，", ".").replace(",", ".")
    if not t:
        return None
    if _NUMBER.match(t):
        v = float(t)
        return int(v) if v.is_integer() and "." not in t else v
    return t


def read_scan(path: Path, panel: Panel) -> SheetRead:
    data = path.read_bytes()
    doc = _read_document(path, data)
    texts = [p.text for p in doc.headers] + [b.text for b in doc.blocks if not isinstance(b, Table)]
    expert = next((m[1] for t in texts if "签名" not in t for m in [_EXPERT.search(t.replace(" ", ""))] if m), "")
    if not expert:
        raise ScoresError(f"{path.name} 中认不出评审专家的姓名（表头“评审专家：姓名”）：请收回电子版，或把分数录入该专家的评分表")
    crits = [c.key for c in panel.spec.criteria]
    width = len(panel.entries[0].no) if panel.entries else 2
    rows: list[RowRead] = []
    columns: dict[str, str] = {}
    for table in (b for b in doc.blocks if isinstance(b, Table)):
        grid = table.grid()
        header = next((r for r in range(table.n_rows)
                       if {"编号", "名称"} <= {_text(c.text) for c in grid[r] if c is not None}), None)
        if header is None:
            continue
        heads = [_text(c.text) if c is not None else "" for c in grid[header]]
        cols: dict[str, int] = {}
        for j, t in enumerate(heads):
            # the longest criterion the header starts with ("可持续性（2 0" is 可持续性)
            k = max((k for k in crits if t.startswith(k)), key=len, default=None)
            if k is not None and k not in cols:
                cols[k] = j
            elif t.startswith(TOTAL_HEADER) and TOTAL_HEADER not in cols:
                cols[TOTAL_HEADER] = j
        c_no, c_name = heads.index("编号"), heads.index("名称")
        c_unit = heads.index("推荐单位") if "推荐单位" in heads else None
        columns.update({k: col_letter(j + 1) for k, j in cols.items()})
        for r in range(header + 1, table.n_rows):
            cells = grid[r]

            def text(j: int | None, cells: list = cells) -> str:
                c = cells[j] if j is not None and j < len(cells) else None
                return c.text.strip() if c is not None else ""

            if text(0).replace(" ", "") == "评分要点":
                continue
            no, name = _no(text(c_no), width), _text(text(c_name))
            if not no and not name:
                continue
            if panel.entry(no) is None:  # a 编号 the OCR missed or misread: the entry whose name it is, if one
                named = [e for e in panel.entries if _text(e.name) == name]
                if len(named) == 1:
                    no = named[0].no
            if any(x.no == no and x.name == name for x in rows):  # a row the page break repeated
                continue
            scores, doubt = {}, {}
            for k in crits:
                if k in cols:
                    scores[k] = _score(text(cols[k]))
                    cell = cells[cols[k]]
                    if cell is not None and cell.confidence is not None and cell.confidence < MIN_CONFIDENCE \
                            and scores[k] is not None:
                        doubt[k] = cell.confidence
            total = _score(text(cols[TOTAL_HEADER])) if TOTAL_HEADER in cols else None
            rows.append(RowRead(LAYOUT.first_row + len(rows), no, name, _text(text(c_unit)), scores, total,
                                False, doubt))
    if not rows:
        raise ScoresError(f"{path.name} 中找不到评分表的表格（“编号”“名称”两列）：请收回电子版，或把分数录入该专家的评分表")
    missing = [k for k in crits if k not in columns]
    return SheetRead(expert, path.name, hashlib.sha256(data).hexdigest(), columns, rows, missing, scan=True)
