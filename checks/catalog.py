"""The catalogue of checks: the rule modules, listed here (importing them registers their checks), and what
runs them — selection by a profile, the record phase and the batch phase. A check that fails becomes a
check.failed finding, never an exception out of the batch.

A new rule module is one file beside the others and one entry in ``RULE_MODULES``.
"""

from __future__ import annotations

import fnmatch
import importlib
import logging
from collections.abc import Iterator

from checks.base import REGISTRY, Batch, Check
from checks.models import Finding
from extractors.models import Record
from extractors.profile import Profile

_log = logging.getLogger(__name__)

RULE_MODULES = ("checks.record_rules", "checks.eligibility_rules", "checks.award_rules", "checks.batch_rules",
                "checks.history_rules", "checks.standards_rules")


def all_checks() -> list[type[Check]]:
    for name in RULE_MODULES:
        importlib.import_module(name)
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
    check.failed finding on that record; the other checks and records go on. A record a corrected copy
    replaced is looked at only by the checks that say so (file.superseded)."""
    kind = profile.kind(record.kind)
    for chk in checks:
        if chk.phase in ("record", "both") and (chk.on_superseded or not record.superseded_by):
            try:
                found = list(chk.check_record(record, kind))
            except Exception as e:  # noqa: BLE001 — one check on one record must not stop the batch
                _log.warning("check %s failed on %s", chk.code, record.path, exc_info=True)
                found = [_failure(chk, e, record)]
            yield from found


def run_batch_checks(checks: list[Check], batch: Batch) -> Iterator[Finding]:
    """Every batch check; one that fails becomes a check.failed finding about the batch."""
    for chk in checks:
        if chk.phase in ("batch", "both"):
            try:
                found = list(chk.check_batch(batch))
            except Exception as e:  # noqa: BLE001
                _log.warning("check %s failed on the batch", chk.code, exc_info=True)
                found = [_failure(chk, e, None)]
            yield from found


def _failure(chk: Check, error: Exception, record: Record | None) -> Finding:
    from checks.record_rules import CheckFailed

    return CheckFailed(chk.profile).about(chk, error, record)
