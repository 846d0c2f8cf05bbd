"""The run's result: every document with its findings, plus the batch findings."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from checks.models import Finding
from extractors.models import Record, Severity
from extractors.profile import Profile
from pipeline.review.decisions import Decision, Decisions

# Kinds that every profile has besides its own.
JUNK = "junk"
UNREADABLE = "unreadable"
UNRECOGNISED = "unrecognised"

KIND_LABELS = {JUNK: "无关文件", UNREADABLE: "无法读取", UNRECOGNISED: "未识别材料"}

# A record's file format (extractors.models.FileFormat's values, kept as they are in records.json) as users read it.
FORMAT_LABELS = {
    "docx": "Word 文档", "pdf": "PDF", "xlsx": "Excel 表格", "legacy": "旧版 Word/WPS 文档",
    "legacy_sheet": "旧版 Excel/WPS 表格", "image": "图片", "zip": "zip 压缩包", "7z": "7z 压缩包",
    "rar": "rar 压缩包", "ole": "其他 Office 文件", "junk": "系统临时文件", "unknown": "无法识别的格式",
}


def format_label(fmt: str) -> str:
    return FORMAT_LABELS.get(fmt, fmt)


@dataclass
class DocumentResult:
    record: Record
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    profile: Profile
    inbox: str  # as the user gave it (shown in the reports)
    documents: list[DocumentResult]
    batch_findings: list[Finding] = field(default_factory=list)
    # attachment record path -> entry record path (a case write-up -> its 基本情况表)
    links: dict[str, str] = field(default_factory=dict)
    # unit -> {"推荐单位": ..., "联系人": ..., "电话": ...}, from its forms or its own 汇总表
    unit_info: dict[str, dict[str, str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage
    read_count: int = 0  # files actually read this run (the rest came from the cache)
    # Of the run's inputs, code and profile (pipeline.cache.run_fingerprint); "" when outputs must be
    # written regardless (a run without the cache).
    fingerprint: str = ""
    outputs_reused: bool = False  # write_outputs found identical outputs of the same fingerprint
    # Staff decisions on findings (the output folder's 审核决定.json, attached when the outputs are written):
    # an ignored finding leaves the counts and is listed apart with its note.
    decisions: Decisions = field(default_factory=Decisions)
    # What changed since the batch was last checked with other files (pipeline.review.changes.Changes, set when
    # the outputs are written; None on a first run): the 本次更正 sheet and the CLI's summary.
    changes: Any = None
    scores: dict[str, Any] | None = None  # the batch's 评审 results (OUT/评审/评审结果.json), when collected
    inbox_path: str = ""  # the same folder as an absolute path, so a later `huishen review` finds it from anywhere
    generated: str = field(default_factory=lambda: generated_at())  # when the run checked the batch, for the reports
    _attachments: dict[str, list[Record]] | None = field(default=None, init=False, repr=False)

    def attachments_of(self, entry_path: str) -> list[Record]:
        """Attachments linked to an entry, in document order (an index built on first use)."""
        if self._attachments is None:
            index: dict[str, list[Record]] = {}
            for d in self.documents:
                entry = self.links.get(d.record.path)
                if entry is not None:
                    index.setdefault(entry, []).append(d.record)
            self._attachments = index
        return list(self._attachments.get(entry_path, []))

    def all_findings(self) -> list[Finding]:
        out = [f for d in self.documents for f in d.findings] + list(self.batch_findings)
        return sorted(out, key=Finding.sort_key)

    def records_of(self, kind: str) -> list[Record]:
        return [d.record for d in self.documents if d.record.kind == kind]

    def open_findings(self) -> list[Finding]:
        """The findings still to be dealt with: all but those staff marked 不是问题（忽略）."""
        return [f for f in self.all_findings() if not self.decisions.is_ignored(f)]

    def ignored_findings(self) -> list[Finding]:
        return [f for f in self.all_findings() if self.decisions.is_ignored(f)]

    def decision(self, f: Finding) -> Decision | None:
        return self.decisions.get(f.key)

    def severity_counts(self) -> Counter:
        """Open findings by severity (ignored ones are not counted)."""
        return Counter(f.severity for f in self.open_findings())

    def kind_label(self, kind: str) -> str:
        spec = self.profile.kind(kind)
        return spec.title if spec else KIND_LABELS.get(kind, kind)

    def unit_sources(self) -> list[tuple[str, int]]:
        """How each file's unit was worked out, with the number of files, in the order of ``UNIT_SOURCES``."""
        counts = Counter(d.record.unit_source for d in self.documents)
        return [(UNIT_SOURCES.get(s, s), counts[s]) for s in [*UNIT_SOURCES, *sorted(set(counts) - set(UNIT_SOURCES))]
                if counts[s]]

    def units_mixed(self) -> bool:
        """Whether some file's unit had to be worked out from the batch (a folder mixing several units)."""
        return any(d.record.unit_source in MIXED_SOURCES for d in self.documents)

    def units(self) -> list[str]:
        """Units in a stable order: as first seen in sorted paths."""
        seen: dict[str, None] = {}
        for d in sorted(self.documents, key=lambda d: d.record.path):
            seen.setdefault(d.record.unit, None)
        return list(seen)


def generated_at() -> str:
    """Now, to the minute, in local time; ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes it, so
    two runs of one batch can be compared byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = dt.datetime.fromtimestamp(int(epoch)) if epoch.isdigit() else dt.datetime.now()
    return when.strftime("%Y-%m-%d %H:%M")


SEVERITY_ORDER = [Severity.ERROR, Severity.WARNING, Severity.INFO]

# Record.unit_source -> how the report says it.
UNIT_SOURCES = {
    "表头": "材料表头写明的推荐单位",
    "文件夹": "所在文件夹",
    "压缩包": "所在压缩包",
    "推荐汇总表": "列出它的推荐汇总表",
    "对应材料": "它所对应的推荐表",
    "文件名": "文件名里的单位名",
    "推测": "无法确定，暂按推测（请核对）",
    "未知": "无法确定",
}
MIXED_SOURCES = frozenset({"推荐汇总表", "对应材料", "文件名", "推测"})
