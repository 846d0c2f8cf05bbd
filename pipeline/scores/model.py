"""What a filled 评分表 says, as read (``SheetRead`` of ``RowRead``): from an .xlsx (``pipeline.scores.collect``) or
a scan (``pipeline.scores.scans``), kept as it was read and checked later against the panel."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

_SPACE = re.compile(r"\s+")


@dataclass
class RowRead:
    row: int
    no: str
    name: str
    unit: str
    scores: dict[str, Any]  # criterion -> the cell's value (number, text or None); only criteria found
    total: Any = None  # the 合计 cell's value when typed; None when empty or a formula
    total_formula: bool = False
    # A scan: the OCR confidence of each score read below the threshold (criterion -> 0..1).
    doubt: dict[str, float] = field(default_factory=dict)


@dataclass
class SheetRead:
    expert: str
    file: str
    sha256: str
    columns: dict[str, str]  # criterion (and 合计) -> column letter
    rows: list[RowRead]
    missing_criteria: list[str] = field(default_factory=list)
    scan: bool = False  # read by OCR from a scan or photo of a printed sheet

    def content(self) -> dict[str, Any]:
        """What the sheet says, without where it came from: two files saying the same thing are the same sheet."""
        return {"columns": self.columns, "missing": self.missing_criteria, "rows": [asdict(r) for r in self.rows],
                "scan": self.scan}

    def as_json(self) -> dict[str, Any]:
        return {"expert": self.expert, "file": self.file, "sha256": self.sha256, **self.content()}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SheetRead:
        return cls(d["expert"], d["file"], d["sha256"], dict(d["columns"]), [RowRead(**r) for r in d["rows"]],
                   list(d.get("missing", [])), bool(d.get("scan")))


def _text(v: Any) -> str:
    return "" if v is None else _SPACE.sub("", str(v))


def _no(v: Any, width: int) -> str:
    """A 编号 as the panel writes it: "3", 3 and 3.0 are "03"."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    t = _text(v)
    return t.zfill(width) if t.isdigit() else t
