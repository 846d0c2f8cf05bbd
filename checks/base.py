"""The check registry. One rule = one small class; its docstring is its documentation.

Registration is separate from selection: every check registers itself on import; a profile's
``[checks]`` table selects, ignores and re-grades them.
"""

from __future__ import annotations

import fnmatch
import inspect
import logging
from collections.abc import Iterable, Iterator
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
    phase: ClassVar[str] = "record"  # record | batch

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
        kw.setdefault("unit", record.unit if record else "")
        kw.setdefault("paths", [record.path] if record else [])
        kw.setdefault("subject", subject)
        kw.setdefault("batch", self.phase == "batch")
        return Finding(code=self.code, severity=self.level, title=self.title, message=message, **kw)

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


def _load_all() -> None:
    # Importing the rule modules registers them.
    from checks import batch_rules, history_rules, record_rules  # noqa: F401


def all_checks() -> list[type[Check]]:
    _load_all()
    return sorted(REGISTRY.values(), key=lambda c: (c.phase != "record", c.code))


def selected(profile: Profile) -> list[Check]:
    cfg = profile.checks
    unknown = [c for c in list(cfg.severity) if c not in {k.code for k in all_checks()}]
    if unknown:
        _log.warning("配置中的检查项不存在：%s", "、".join(unknown))
    out = []
    for cls in all_checks():
        if not any(fnmatch.fnmatch(cls.code, pat) for pat in cfg.select):
            continue
        if any(fnmatch.fnmatch(cls.code, pat) for pat in cfg.ignore):
            continue
        out.append(cls(profile, cfg.severity.get(cls.code)))
    return out


def run_record_checks(checks: list[Check], record: Record, profile: Profile) -> Iterator[Finding]:
    """Every record check on one record. A check that fails on it (a bug, a text it cannot handle) becomes a
    check.failed finding on that record; the other checks and records go on."""
    kind = profile.kind(record.kind)
    for chk in checks:
        if chk.phase == "record":
            try:
                found = list(chk.check_record(record, kind))
            except Exception as e:  # noqa: BLE001 — one check on one record must not stop the batch
                _log.warning("check %s failed on %s", chk.code, record.path, exc_info=True)
                found = [_failure(chk, e, record)]
            yield from found


def run_batch_checks(checks: list[Check], batch: Batch) -> Iterator[Finding]:
    """Every batch check; one that fails becomes a check.failed finding about the batch."""
    for chk in checks:
        if chk.phase == "batch":
            try:
                found = list(chk.check_batch(batch))
            except Exception as e:  # noqa: BLE001
                _log.warning("check %s failed on the batch", chk.code, exc_info=True)
                found = [_failure(chk, e, None)]
            yield from found


def _failure(chk: Check, error: Exception, record: Record | None) -> Finding:
    from checks.record_rules import CheckFailed

    return CheckFailed(chk.profile).about(chk, error, record)
