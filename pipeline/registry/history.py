"""Between a run and the registry: what the checks get from earlier years (``load_history``) and what a
run leaves for later years (``batch_entries``, stored by ``Registry.remember`` when the user runs with
``--remember``). The registry itself is ``pipeline.registry``."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from checks.base import EarlierText, History
from checks.history_rules import long_texts, text_fingerprint
from extractors.profile import Profile
from pipeline.registry.store import EntryStatus, Registry, RegistryEntry, TextItem, resolve_url
from pipeline.report import Report

_log = logging.getLogger(__name__)


def registry_exists(url: str | None) -> bool:
    """Whether there is a registry to consult without creating one (an SQLite file that exists, or a URL)."""
    resolved = resolve_url(url)
    if "://" in resolved and not resolved.startswith("sqlite"):
        return True
    path = resolved.split("///", 1)[-1] if resolved.startswith("sqlite") else resolved
    return Path(path).is_file()


def load_history(reg: Registry, profile: Profile, year: int, campaign: str | None = None) -> History:
    """Everything the registry holds for this campaign from years before ``year``, in memory."""
    campaign = campaign or profile.name
    named = reg.index(EntryStatus.NAMED, campaign=campaign, before_year=year)
    submitted = reg.index(EntryStatus.SUBMITTED, campaign=campaign, before_year=year)
    texts = [
        EarlierText(key=f"登记库#{t.entry_id}#{t.label}", year=t.year, unit=t.unit, name=t.name, label=t.label,
                    text=t.text, source=t.source, ref=t.ref, fingerprint=t.fingerprint,
                    leader=t.leader)
        for t in reg.texts(campaign=campaign, before_year=year)
    ]
    h = hashlib.sha256(f"{campaign}\0{year}\0{named.size}\0{submitted.size}".encode())
    for e in reg.entries(campaign=campaign):
        if e.year < year:
            h.update(f"\0{e.id}\0{e.status.value}\0{e.year}\0{e.name}\0{e.unit}\0{e.leader}\0{e.created_at}".encode())
    history = History(campaign=campaign, year=year, named=named, submitted=submitted, texts=texts)
    history.digest = h.hexdigest()
    return history


def batch_entries(report: Report, year: int, source: str, campaign: str | None = None) -> list[RegistryEntry]:
    """This batch's entries as the registry keeps them: name, unit, leader and the long texts of the
    entry and its attachments, each with its near-copy fingerprint."""
    profile = report.profile
    campaign = campaign or profile.name
    kind = profile.kind(profile.summary_table.entry_kind)
    if kind is None or not kind.subject:
        return []
    spec = profile.registry
    out = []
    for d in sorted(report.documents, key=lambda d: d.record.path):
        r = d.record
        if r.kind != kind.key or not r.subject(kind.subject) or r.superseded_by:
            continue
        texts: list[TextItem] = []
        seen: dict[str, int] = {}
        for t in long_texts(profile, [r, *report.attachments_of(r.path)]):
            seen[t.label] = seen.get(t.label, 0) + 1
            label = t.label if seen[t.label] == 1 else f"{t.label}（{seen[t.label]}）"
            texts.append(TextItem(label=label, text=t.text, fingerprint=text_fingerprint(t.text)))
        out.append(RegistryEntry(
            campaign=campaign, year=year, name=r.subject(kind.subject),
            unit=str(r.value(spec.unit_field) or "") if spec.unit_field else r.unit,
            kind=kind.key, leader=str(r.value(spec.leader_field) or "") if spec.leader_field else "",
            source=source, ref=r.path, texts=texts,
        ))
    return out
