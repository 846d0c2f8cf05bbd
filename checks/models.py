"""Findings: what a check reports, with the measured numbers as data."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from extractors.models import Severity


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

    def sort_key(self) -> tuple:
        return (self.unit, self.paths[0] if self.paths else "", self.severity.rank, self.code, self.field)
