"""Findings: what a check reports, with the measured numbers as data."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

from extractors.models import Severity
from extractors.text import norm_name as norm_subject

UNIT_JOIN = "、"


@dataclass
class Finding:
    """One problem found. ``actual``/``limit`` carry the measured numbers; the message is built from them."""

    code: str
    severity: Severity
    title: str  # the check's Chinese title
    message: str
    unit: str = ""
    paths: list[str] = field(default_factory=list)
    subject: str = ""  # 班组名称 / 工作室名称 the finding is about
    field: str = ""
    actual: Any = None
    limit: Any = None
    evidence: str = ""  # quoted text or the inference behind the finding
    batch: bool = False  # from a batch check (quota, summary, duplicates)
    # Structured detail a report renders on its own (duplicate.near_copy: {"near_copy": NearCopyPair}).
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    # Every unit the finding concerns, in order (a duplicate or a near copy between two units names both);
    # ``unit`` is the same for display ("甲大学工会、乙市教育工会").
    units: list[str] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        if self.units and not self.unit:
            self.unit = UNIT_JOIN.join(self.units)
        elif self.unit and not self.units:
            self.units = [self.unit]

    @property
    def key(self) -> str:
        """The finding's identity across re-runs, for decisions and letters to hold on to: its check, its units,
        what it is about (the subject, else its files' names) and its field — never a row number or a file hash,
        so a corrected file keeps the identity of the problems that remain and a decision about another problem
        is not lost. A finding about a file itself (``file.*``: unreadable, scanned, junk…) is about that file:
        its name is part of the identity even when the file names its subject (a scanned form and a scanned
        case of one 班组 are two findings)."""
        names = "/".join(sorted(p.rsplit("/", 1)[-1] for p in self.paths))
        about = norm_subject(self.subject)
        if not about or self.code.startswith("file."):
            about = f"{about}\x1e{names}" if about else names
        raw = "\x1f".join([self.code, *sorted(self.units), about, self.field])
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def sort_key(self) -> tuple:
        return (self.unit, self.paths[0] if self.paths else "", self.severity.rank, self.code, self.field)
