"""Corrected copies: of one unit's versions of one material, only the newest counts.

A unit often sends a corrected file beside its original ("附件1-基本情况表-某班组（修改稿）.docx", "…-更正.pdf",
"…v2…", "…(2).docx"), a PDF export beside its Word file, or simply the same 班组's form again later. These are
versions of one submission, not a second recommendation. Within one unit, records of one kind about one
subject are versions of each other, and the newest wins:

1. a correction word in the file's path (``MARKERS``: 修改稿, 修订版, 更正, 终稿 …) beats none; a version number
   (v3, 第3版, (3), -3) beats a lower one or none;
2. else the later modification time (times less than ``MTIME_SLACK`` apart are the same time);
3. else the format whose fields are typed: Word (or Excel) over PDF, PDF over a scan;
4. else the later path in sort order.

The others are superseded: they keep their kind and fields; ``Record.superseded_by`` names the winner and
``Record.superseded_why`` says why it won. The batch checks and the 汇总表 leave them out; file.superseded
lists each one. Records of two units are never versions of each other (a 班组 sent by two units is a real
重复推荐), nor are records whose unit is unknown or only a guess.

One subject means, for an entry kind, what duplicate.submission compares (the kind's ``duplicate_keys``): the
subject names the same (extractors.names) and the other key fields not contradicting (the same, one written
inside the other — "江南大学" / "江南大学食品学院" — or one left blank). For an attachment, the entry it is
linked to (else its own subject). Documents of a kind the profile's ``[coverage]`` reads together over
several files (支撑材料 in parts "（一）" "（二）") are versions only of a file of the same name once correction
words and version numbers are taken out.
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from extractors.models import Record
from extractors.names import plain, same_name, unit_key
from extractors.profile import KindSpec, Profile
from extractors.text import cn_to_int, nfkc, squash

_log = logging.getLogger(__name__)

# Words in a file's (or its folder's) name that say it corrects an earlier copy.
MARKERS = ("修改稿", "修改版", "修订稿", "修订版", "修正稿", "修正版", "更正", "更新", "终稿", "最终版", "定稿",
           "新版", "重新提交")
# Modification times closer than this are the same time: a zip keeps times to 2 s, and a PDF exported straight
# after saving is the same material.
MTIME_SLACK = 2.0
# Units a record may not be matched within: not known, or only guessed (run.resolve_units).
_UNSURE_UNITS = ("推测", "未知")

# Version numbers, on NFKC text (（２） is then (2), Ｖ is V): "v2" "V3.1", "第2版" "第二稿", "(2)".
_VERSIONS = (
    re.compile(r"(?<![A-Za-z])[vV]\s*(\d{1,2})(?!\d)"),
    re.compile(r"第\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*[版稿]"),
    re.compile(r"\(\s*(\d{1,2})\s*\)"),
)
_TRAILING = re.compile(r"[-_－~]\s*(\d{1,2})$")  # "…班组-2": only at the end of the file's own name


@dataclass(frozen=True)
class Mark:
    """What a path says about its version: a correction word and where it stands, a version number."""

    word: str = ""
    where: str = ""  # 文件名 | 文件夹名
    version: int = 0
    version_text: str = ""  # as written ("v2", "（2）")
    version_where: str = ""

    @property
    def marked(self) -> bool:
        return bool(self.word) or self.version >= 2

    def reason(self, by_version: bool = False) -> str:
        """Why this path is the newer: its correction word, else (or ``by_version``) its version number."""
        if self.word and not by_version:
            return f"按{self.where}中的“{self.word}”判断"
        return f"按{self.version_where}中的版本号“{self.version_text}”判断"


def correction_mark(path: str, subject: str = "") -> Mark:
    """The correction word and version number in ``path`` (its file name first, then its folders); the
    subject's own name is left out, so "设备更新改造班组" is not a correction."""
    parts = path.split("/")
    texts = [(PurePosixPath(parts[-1]).stem, "文件名")] + [(p, "文件夹名") for p in reversed(parts[:-1])]
    names = sorted({nfkc(subject), squash(nfkc(subject))} - {""}, key=len, reverse=True)
    word = where = version_text = version_where = ""
    version = 0
    for i, (raw, place) in enumerate(texts):
        text = nfkc(raw)
        shown = raw if len(raw) == len(text) else text  # quoted as written ("（2）") where NFKC kept the places
        for name in names:
            text = text.replace(name, " " * len(name))
        if not word:
            hit = next((m for m in MARKERS if m in text), "")
            word, where = hit, (place if hit else "")
        patterns = [*_VERSIONS, _TRAILING] if i == 0 else list(_VERSIONS)
        for pat in patterns:
            for m in pat.finditer(text):
                n = int(m.group(1)) if m.group(1).isdigit() else (cn_to_int(m.group(1)) or 0)
                if n > version:
                    version, version_text, version_where = n, shown[m.start():m.end()].strip(), place
    return Mark(word, where, version, version_text, version_where)


def _stem_key(path: str, subject: str) -> str:
    """A file's name without its extension, correction words and version numbers: the same for the versions of
    one file."""
    text = nfkc(PurePosixPath(path.rsplit("/", 1)[-1]).stem)
    for m in MARKERS:
        text = text.replace(m, "")
    for pat in (*_VERSIONS, _TRAILING):
        text = pat.sub("", text)
    return plain(text)


def _format(r: Record) -> tuple[int, str]:
    """(rank, how the report names it): typed Word or Excel first, then PDF, then a scan read by OCR."""
    if r.ocr_pages or r.fmt == "image":
        return 2, "扫描件"
    if r.fmt in ("docx", "legacy"):
        return 0, "Word 版"
    if r.fmt in ("xlsx", "legacy_sheet"):
        return 0, "Excel 版"
    return 1, "PDF 版" if r.fmt == "pdf" else "其他格式的版本"


def _when(t: float | None, other: float | None) -> str:
    if t is None:
        return "未记录"
    fmt = "%Y-%m-%d %H:%M" if other is None or int(t // 60) != int(other // 60) else "%Y-%m-%d %H:%M:%S"
    return time.strftime(fmt, time.localtime(t))


def _time_ranks(recs: list[Record]) -> dict[int, int]:
    """id(record) -> the rank of its modification time, times within MTIME_SLACK of the one before sharing a
    rank (an order, unlike "within 2 s of each other"); -1 when the time is not known."""
    known = sorted({r.mtime for r in recs if r.mtime is not None})
    rank_of: dict[float, int] = {}
    rank, prev = -1, None
    for t in known:
        if prev is None or t - prev > MTIME_SLACK:
            rank += 1
        rank_of[t] = rank
        prev = t
    return {id(r): rank_of.get(r.mtime, -1) if r.mtime is not None else -1 for r in recs}


def newest(recs: list[Record], subject: str = "") -> tuple[Record, dict[str, str]]:
    """The newest of versions of one material, and for each other one (by path) why the newest is newer
    (Chinese, "按文件名中的“修改稿”判断")."""
    marks = {id(r): correction_mark(r.path, subject) for r in recs}
    ranks = _time_ranks(recs)

    def key(r: Record) -> tuple:
        m = marks[id(r)]
        return (m.marked, m.version if m.marked else 0, ranks[id(r)], -_format(r)[0], r.path)

    winner = max(recs, key=key)
    top, why = key(winner), {}
    for r in recs:
        if r is winner:
            continue
        own = key(r)
        step = next(i for i in range(len(top)) if top[i] != own[i])
        if step == 0:
            why[r.path] = marks[id(winner)].reason()
        elif step == 1:
            lower = marks[id(r)].version_text
            why[r.path] = marks[id(winner)].reason(by_version=True) + (f"（高于“{lower}”）" if lower else "")
        elif step == 2:
            why[r.path] = (f"按文件修改时间判断：更正稿 {_when(winner.mtime, r.mtime)}，"
                           f"原稿 {_when(r.mtime, winner.mtime)}")
        elif step == 3:
            why[r.path] = f"两份修改时间相同，{_format(winner)[1]}的栏目可直接读取，优先于{_format(r)[1]}"
        else:
            why[r.path] = "文件名和修改时间分不出先后，按文件名顺序取后一份"
    return winner, why


# ---------------------------------------------------------------------------------------- one subject


def _compatible(x: str, y: str) -> bool:
    """Two values of a key field that do not contradict: the same, one inside the other, or one blank."""
    px, py = plain(x), plain(y)
    return not px or not py or px == py or unit_key(x) == unit_key(y) or px in py or py in px


def _same_names(a: str, b: str, unit_a: str = "", unit_b: str = "") -> bool:
    return bool(a and b) and (plain(a) == plain(b) or same_name(a, b) or same_name(a, b, unit_a, unit_b))


def _same_entry(kind: KindSpec, org_field: str, a: Record, b: Record) -> bool:
    """Whether two entries of one unit are one submission: one of the kind's duplicate key sets agrees (its
    first field the same, the others not contradicting)."""
    def value(r: Record, key: str) -> str:
        return r.known_as(key) if key == kind.subject else str(r.value(key) or "")

    orgs = (value(a, org_field), value(b, org_field)) if org_field and kind.field(org_field) else ("", "")
    for keys in kind.duplicate_keys or [[kind.subject]]:
        first, *others = keys
        va, vb = value(a, first), value(b, first)
        same = _same_names(va, vb, *orgs) if first == kind.subject else bool(va and vb and plain(va) == plain(vb))
        if same and all(_compatible(value(a, k), value(b, k)) for k in others):
            return True
    return False


def _clusters(recs: list[Record], same: Callable[[Record, Record], bool]) -> list[list[Record]]:
    """Records joined by ``same`` (transitively), groups of two or more, each in path order."""
    parent = list(range(len(recs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(recs)):
        for j in range(i + 1, len(recs)):
            if root(i) != root(j) and same(recs[i], recs[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[Record]] = defaultdict(list)
    for i, r in enumerate(recs):
        groups[root(i)].append(r)
    return [sorted(g, key=lambda r: r.path) for g in groups.values() if len(g) > 1]


def _by_unit(recs: list[Record]) -> list[list[Record]]:
    units: dict[str, list[Record]] = defaultdict(list)
    for r in sorted(recs, key=lambda r: r.path):
        if r.unit and r.unit_source not in _UNSURE_UNITS:
            units[r.unit].append(r)
    return list(units.values())


def _settle(group: list[Record], subject: str) -> None:
    winner, why = newest(group, subject)
    for r in group:
        if r is not winner:
            r.superseded_by, r.superseded_why = winner.path, why[r.path]
            _log.info("%s superseded by %s (%s)", r.path, winner.path, why[r.path])


def supersede(profile: Profile, records: list[Record], links: dict[str, str]) -> dict[str, str]:
    """Mark the superseded records (see the module docstring) and return the links as they stand then: an
    attachment of a superseded entry belongs to the entry that replaced it; a superseded attachment is
    linked to nothing."""
    for r in records:
        r.superseded_by = r.superseded_why = ""
    org_field = profile.registry.unit_field
    for kind in profile.kinds_with_role("entry"):
        if not kind.subject:
            continue
        for unit_recs in _by_unit([r for r in records if r.kind == kind.key]):
            for group in _clusters(unit_recs, lambda a, b, k=kind: _same_entry(k, org_field, a, b)):
                _settle(group, group[0].known_as(kind.subject))
    by_path = {r.path: r for r in records}
    links = {a: (by_path[e].superseded_by or e) if e in by_path else e for a, e in links.items()}

    coverage = set(profile.coverage.kinds) if profile.coverage else set()
    if profile.standards:  # a standard's supporting documents are many files too (a photo, each 制度's text)
        coverage |= set(profile.standards.evidence_kinds)
    for kind in profile.kinds_with_role("attachment"):
        def about(a: Record, kind: KindSpec = kind) -> str:
            entry = by_path.get(links.get(a.path, ""))
            if entry is not None and (spec := profile.kind(entry.kind)) is not None:
                return entry.known_as(spec.subject)
            return a.subject(kind.subject)

        def same(a: Record, b: Record, kind: KindSpec = kind) -> bool:
            ea, eb = links.get(a.path), links.get(b.path)
            if ea and eb and ea != eb:
                return False  # linked to two entries: two subjects, whatever their names
            if not (ea and ea == eb) and not _same_names(about(a), about(b)):
                return False
            return kind.key not in coverage or _stem_key(a.path, about(a)) == _stem_key(b.path, about(b))

        for unit_recs in _by_unit([r for r in records if r.kind == kind.key]):
            for group in _clusters(unit_recs, same):
                _settle(group, about(group[0]))
    return {a: e for a, e in links.items() if not (a in by_path and by_path[a].superseded_by)}
