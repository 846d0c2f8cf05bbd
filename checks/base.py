"""The check registry. One rule = one small class; its docstring is its documentation.

Registration is separate from selection: every check registers itself on import (``__init_subclass__``);
``checks.catalog`` imports the rule modules and selects, ignores and re-grades them per a profile's
``[checks]`` table. This module imports no rule module.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from checks.models import Finding
from extractors.models import Record, Severity
from extractors.profile import KindSpec, Profile

_log = logging.getLogger(__name__)

REGISTRY: dict[str, type[Check]] = {}


class Lookup(Protocol):
    """Finds earlier entries by name (pipeline.registry.store.HitIndex): each hit has ``year``, ``name``,
    ``unit``, ``leader``, ``source`` and ``match`` ("name" | "name_unit_unknown" | "leader")."""

    def find(self, name: str, unit: str, leader: str = "") -> list[Any]: ...


@dataclass(frozen=True)
class EarlierText:
    """A long text remembered from an earlier year's batch, with its near-copy fingerprint."""

    key: str
    year: int
    unit: str
    name: str
    label: str
    text: str
    source: str = ""  # the batch it came from
    ref: str = ""  # its document in that batch
    fingerprint: bytes | None = None
    leader: str = ""  # the entry's leader as the registry keeps it (whose result the text is)


@dataclass
class History:
    """What the registry knows from earlier campaigns, as batch checks need it (filled by the pipeline:
    checks never open the registry themselves)."""

    campaign: str
    year: int  # this batch's year; only earlier years count
    named: Lookup | None = None
    submitted: Lookup | None = None
    texts: list[EarlierText] = field(default_factory=list)
    digest: str = ""  # changes whenever what the registry holds for this campaign before ``year`` changes


@dataclass
class Batch:
    """What batch checks see: every record of the run, how attachments link to entries, and (with a
    registry) what earlier years left."""

    records: list[Record]
    links: dict[str, str] = field(default_factory=dict)  # attachment path -> entry path
    history: History | None = None

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]

    def by_path(self) -> dict[str, Record]:
        return {r.path: r for r in self.records}


class Check:
    """Base class. Subclasses set the ClassVars and implement one of the two phases."""

    code: ClassVar[str]
    name: ClassVar[str]  # dotted, descriptive: "length.over" -> "text.length_over"
    title: ClassVar[str]  # Chinese, shown in reports
    severity: ClassVar[Severity]
    groups: ClassVar[tuple[str, ...]] = ()
    # record | batch | both (a record check that also compares each attachment with its entry in the batch
    # phase; its findings say which with ``batch=``)
    phase: ClassVar[str] = "record"
    # A record check that also looks at a record a corrected copy replaced (Record.superseded_by); the others
    # pass over it, as its problems are no longer its unit's. Batch checks never see such records.
    on_superseded: ClassVar[bool] = False

    def __init__(self, profile: Profile, severity: Severity | None = None):
        self.profile = profile
        self.level = severity or self.severity

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if inspect.isabstract(cls) or not getattr(cls, "code", None):
            return
        if cls.code in REGISTRY:
            raise RuntimeError(f"duplicate check code {cls.code}")
        REGISTRY[cls.code] = cls

    # -- phases
    def check_record(self, record: Record, kind: KindSpec | None) -> Iterable[Finding]:
        return ()

    def check_batch(self, batch: Batch) -> Iterable[Finding]:
        return ()

    # -- helpers
    def finding(self, record: Record | None, message: str, **kw) -> Finding:
        subject = ""
        if record is not None:
            spec = self.profile.kind(record.kind)
            subject = record.subject(spec.subject) if spec else ""
        if "units" not in kw:
            kw.setdefault("unit", record.unit if record else "")
        kw.setdefault("paths", [record.path] if record else [])
        kw.setdefault("subject", subject)
        kw.setdefault("batch", self.phase == "batch")
        return Finding(code=self.code, severity=self.level, title=self.title, message=message, **kw)

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")
