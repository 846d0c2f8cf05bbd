"""The run: discover -> read -> map -> (units, links, corrected copies) -> check -> (collate, in writers). One bad
file never stops it."""

from __future__ import annotations

import atexit
import logging
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from checks import evidence
from checks.base import Batch, History
from checks.catalog import run_batch_checks, run_record_checks, selected
from checks.history_rules import preload_fingerprints, take_new_fingerprints
from extractors.mapping import Recognition, map_document, recognise, strip_subject_prefix
from extractors.models import ChangedError, FieldValue, FileFormat, Record, SourceFile, Status
from extractors.names import name_forms, plain, same_name
from extractors.parts import part_path, trailing_part
from extractors.profile import KindSpec, Profile
from extractors.readers import ReaderError, ReadOptions, reader_for, short_reason
from extractors.text import clean_value, nfkc, norm_name, squash
from extractors.topics import recognise_evidence
from pipeline.cache import TRANSIENT, RecordCache, code_version, profile_digest, run_fingerprint
from pipeline.discover import discover, os_reason, shown_name, unsafe_package
from pipeline.report import JUNK, UNREADABLE, UNRECOGNISED, DocumentResult, Report
from pipeline.supersede import supersede
from pipeline.workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, WorkerPool, process_all

_log = logging.getLogger(__name__)

Progress = Callable[[str], None]


# A reader or mapper bug, in words for the user; the exception itself goes to huishen.log and the record's
# ``detail``. "意外错误" is the phrase tests look for: it must never appear on a file that is merely damaged.
UNEXPECTED_READ = "读取时发生意外错误（程序未能处理这个文件，经过已记入运行日志 huishen.log），请人工查看原件"
UNEXPECTED_MAP = "提取栏目时发生意外错误（程序未能处理这个文件，经过已记入运行日志 huishen.log），请人工核对本材料"


def process(src: SourceFile, profile: Profile) -> Record:
    """One source file to one record. Never raises: failures become unreadable records."""
    rec = Record(path=src.path, kind=UNREADABLE, unit=src.unit_hint, unit_source=src.unit_hint_source or "未知",
                 sha256=src.sha256, fmt=src.fmt.value, size=src.size)
    if src.fmt == FileFormat.JUNK:
        rec.kind, rec.reason, rec.status = JUNK, src.problem, Status.SUCCESS
        return rec
    if src.problem:
        rec.reason, rec.status = src.problem, Status.FAILURE
        return rec
    reader = reader_for(src.fmt)
    if reader is None:
        rec.reason, rec.status = f"不支持这种文件格式（{PurePosixPath(src.path).suffix or '没有扩展名'}）", Status.FAILURE
        return rec
    started = time.perf_counter()
    try:
        data = src.load()
    except ChangedError:
        rec.reason, rec.status = "文件在处理过程中被修改或替换（可能仍在复制），请待文件就绪后重新运行", Status.FAILURE
        return rec
    except OSError as e:
        rec.reason, rec.status = f"文件无法打开（{os_reason(e)}）", Status.FAILURE
        return rec
    if unsafe := unsafe_package(data, src.fmt):
        rec.reason, rec.status = unsafe, Status.FAILURE
        return rec
    try:
        # The conversion's own deadline comes before the worker's, so its precise message wins.
        doc = reader(data, ReadOptions(max_table_pages=profile.max_table_pages,
                                           convert_timeout=DEFAULT_TIMEOUT - 20))
    except ReaderError as e:
        rec.reason, rec.status, rec.detail = str(e), Status.FAILURE, e.detail
        if e.detail:
            _log.info("%s: %s (%s)", src.path, rec.reason, e.detail)
        return rec
    except Exception as e:  # a reader bug must not cost the batch
        _log.exception("reader failed on %s", src.path)
        rec.reason, rec.status, rec.detail = UNEXPECTED_READ, Status.FAILURE, short_reason(e, 200)
        return rec
    rec.pages, rec.ocr_pages, rec.ocr_confidence = doc.pages, doc.ocr_pages, doc.ocr_confidence
    if doc.details:
        rec.detail = "; ".join(doc.details)
        _log.info("%s: %s", src.path, rec.detail)
    mapped = time.perf_counter()
    rec.read_seconds = mapped - started
    try:
        found = recognise(profile, doc)
        if found.kind is None and (shown := recognise_evidence(profile, doc, src.path)) is not None:
            found, doc = Recognition(shown[0], 0, ""), shown[1]  # a photo's few OCR'd marks are no text of it
            rec.ocr_pages, rec.ocr_confidence = doc.ocr_pages, doc.ocr_confidence
        if found.kind is None:
            rec.kind, rec.status = UNRECOGNISED, Status.SUCCESS
            empty = not any(ln.strip() for ln in doc.lines())
            rec.reason = "文件中没有可提取的文字（可能是扫描件或图片）" if empty else found.reason
            if doc.warnings:
                rec.reason += "；" + "；".join(doc.warnings)
            return rec
        rec.kind = found.kind.key
        rec.status = Status.PARTIAL if doc.warnings else Status.SUCCESS
        rec.reason = "；".join(doc.warnings)
        split = trailing_part(profile, found.kind, doc)
        if split is not None:  # a write-up after the form's table: a record of its own
            doc, part_kind, rest = split
            part = Record(path=part_path(src.path, part_kind), kind=part_kind.key, unit=src.unit_hint,
                          unit_source=rec.unit_source, sha256=src.sha256, part_of=src.path, fmt=rec.fmt,
                          size=rec.size, pages=rec.pages, ocr_pages=rec.ocr_pages, ocr_confidence=rec.ocr_confidence)
            map_document(profile, part_kind, rest, part)
            rec.parts.append(part)
        map_document(profile, found.kind, doc, rec)
    except Exception as e:
        _log.exception("mapping failed on %s", src.path)
        rec.status, rec.reason, rec.detail = Status.PARTIAL, UNEXPECTED_MAP, short_reason(e, 200)
    finally:
        rec.map_seconds = time.perf_counter() - mapped
    declared = rec.value(profile.unit_field)
    if declared:
        rec.unit, rec.unit_source = clean_value(str(declared)).replace(" ", ""), "表头"
    for part in rec.parts:
        part.unit, part.unit_source = rec.unit, rec.unit_source
    return rec


NO_UNIT = "（未注明单位）"


def resolve_units(profile: Profile, records: list[Record], hints: dict[str, str]) -> None:
    """The recommending unit of every record.

    A record that declares its unit (推荐单位 on a form or summary) keeps it. The others take their folder's
    (or archive's): in a unit's own folder, the one unit its forms declare ("南京大学工会", not the folder's
    own name "03-南京大学"). A folder whose records declare several units (everything saved into one
    folder from e-mail or an OA system) is worked out file by file: an entry from the unit whose 汇总表 lists
    it, an attachment from the entry it names, else a unit named in the file name, else — a guess, which
    the record says (``unit_source`` 推测) and unit.guessed reports. A folder is still one unit's own when
    all the units its records declare but one have a folder of their own: an entry there declaring another
    unit (a result both recommend, the other's form sent again) was sent by this folder's unit.
    """
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        groups[hints[r.path]].append(r)
    entries = {k.key for k in profile.kinds_with_role("entry")}
    declared_in = {hint: Counter(r.unit for r in recs if r.unit_source == "表头" and r.unit)
                   for hint, recs in groups.items()}
    homes = {hint: next(iter(d)) for hint, d in declared_in.items() if len(d) == 1 and hint}
    for hint, recs in groups.items():
        declared = declared_in[hint]
        away = {u for u in declared if any(h != hint and home == u for h, home in homes.items())}
        if hint and away and len(set(declared) - away) == 1:
            (own,) = set(declared) - away
            for r in recs:
                if r.unit_source == "表头" and r.unit in away and r.kind in entries:
                    r.unit, r.unit_source = own, "文件夹"
            declared = Counter({own: declared[own]})
        if len(declared) > 1:
            _resolve_mixed(profile, recs, declared)
            continue
        canonical = declared.most_common(1)[0][0] if declared else hint
        for r in recs:
            if r.unit_source != "表头":
                r.unit = canonical or NO_UNIT


def _resolve_mixed(profile: Profile, recs: list[Record], declared: Counter) -> None:
    roles = {k.key: k for k in profile.kinds}
    entry_kinds = {k.key: k for k in profile.kinds_with_role("entry")}
    pending = {id(r): r for r in recs if r.unit_source != "表头"}

    def todo() -> list[Record]:
        return list(pending.values())

    def settle(r: Record, unit: str, how: str) -> None:
        r.unit, r.unit_source = unit, how
        del pending[id(r)]

    # An entry listed in exactly one unit's own 汇总表.
    listed: dict[str, set[str]] = defaultdict(set)
    for s in recs:
        if s.unit_source == "表头" and s.kind in roles and roles[s.kind].role == "summary":
            for item in s.items:
                for k in entry_kinds.values():
                    if item.get(k.subject):
                        listed[norm_name(str(item[k.subject]))].add(s.unit)
    for r in [r for r in todo() if r.kind in entry_kinds]:
        units = listed.get(norm_name(r.subject(entry_kinds[r.kind].subject)), set())
        if len(units) == 1:
            settle(r, next(iter(units)), "推荐汇总表")
    # An attachment that names an entry whose unit is known (its 班组名称 line, its title or its file name).
    known = [(norm_name(e.subject(entry_kinds[e.kind].subject)), e.unit) for e in recs
             if e.kind in entry_kinds and id(e) not in pending and e.subject(entry_kinds[e.kind].subject)]
    # An attachment whose title a unit's 汇总表 lists ("班组创新案例名称") belongs to that unit.
    titled: dict[str, set[str]] = defaultdict(set)
    for att in profile.kinds_with_role("attachment"):
        if column := _title_column(profile, att):
            for s in recs:
                if s.unit_source == "表头" and s.kind in roles and roles[s.kind].role == "summary":
                    for item in s.items:
                        if item.get(column):
                            titled[plain(str(item[column]))].add(s.unit)
    for r in [r for r in todo() if r.kind in roles and roles[r.kind].role == "attachment"]:
        att = roles[r.kind]
        stated = norm_name(str(r.value(att.link_field) or "")) if att.link_field else ""
        text = norm_name(f"{r.value(att.title_field) or ''}{r.path.rsplit('/', 1)[-1]}") if att.title_field else \
            norm_name(r.path.rsplit("/", 1)[-1])
        units = {u for name, u in known if name and (name == stated or (stated and stated.endswith(name))
                                                      or name in text)}
        if not units and att.title_field and r.value(att.title_field):
            units = titled.get(plain(str(r.value(att.title_field))), set())
        if len(units) == 1:
            settle(r, next(iter(units)), "对应材料")
    # A unit named in the file's own name ("河海大学-附件2.docx", "推荐汇总表(常州市教育工会).xlsx", "常州-附件2.docx").
    names = _unit_forms(list(declared))
    for r in todo():
        fname = plain(r.path)
        units = {u for u, forms in names.items() if any(f in fname for f in forms)}
        if not units:  # an abbreviation: "省农科院" for 江苏省农业科学院, "南工大" for 南京工业大学
            units = {u for u in declared for word in _cjk_words(r.path) if _abbreviates(word, plain(u))}
        if len(units) == 1:
            settle(r, next(iter(units)), "文件名")
    guess = declared.most_common(1)[0][0]
    for r in todo():
        settle(r, guess, "推测")


# Words a unit's name ends with that a file name often leaves out: "常州市教育工会" is written "常州市教育", "常州市",
# "常州"; "河海大学工会" is "河海大学".
_UNIT_TAILS = ("工会委员会", "委员会", "工会", "教科文卫体", "教育科技", "教育", "科技", "市", "省")


def _unit_forms(units: list[str]) -> dict[str, set[str]]:
    """The plain forms each unit's name may take in a file name, shortest two characters, none shared by two
    units."""
    forms: dict[str, set[str]] = {}
    for u in units:
        f = {plain(u)}
        cur = plain(u)
        stripped = True
        while stripped:
            stripped = False
            for tail in _UNIT_TAILS:
                if cur.endswith(tail) and len(cur) - len(tail) >= 2:
                    cur = cur[: -len(tail)]
                    f.add(cur)
                    stripped = True
        forms[u] = f
    shared = {x for u, f in forms.items() for x in f if any(x in y for v, g in forms.items() if v != u for y in g)}
    return {u: f - shared for u, f in forms.items()}


def _cjk_words(path: str) -> list[str]:
    """Runs of three or more CJK characters in a file's own name."""
    return re.findall(r"[\u4e00-\u9fff]{3,}", path.rsplit("/", 1)[-1])


def _abbreviates(word: str, name: str) -> bool:
    """"南工大" abbreviates "南京工业大学": its characters appear in the name in order, the first one where the
    name or a part of it begins ("省农科院" for "江苏省农业科学院": after the province, or its 省)."""
    starts = [0] + [i + 1 for i, ch in enumerate(name) if ch in "省市区县"] + [i for i, ch in enumerate(name)
                                                                           if ch == "省"]
    if not any(name.startswith(word[0], i) for i in starts):
        return False
    pos = 0
    for ch in word:
        pos = name.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def infer_names(profile: Profile, records: list[Record]) -> None:
    """An entry whose name field is left blank is known by the name its file name gives, among the names its
    unit's 汇总表 lists and its unit's attachments state (so it still pairs with its case and its 汇总表 row)."""
    roles = {k.key: k for k in profile.kinds}
    for entry_kind in profile.kinds_with_role("entry"):
        blank = [r for r in records if r.kind == entry_kind.key and not r.subject(entry_kind.subject)]
        if not blank:
            continue
        candidates: dict[str, set[str]] = defaultdict(set)  # unit -> names as written
        for r in records:
            spec = roles.get(r.kind)
            if spec is None:
                continue
            if spec.role == "summary":
                candidates[r.unit] |= {str(i[entry_kind.subject]) for i in r.items if i.get(entry_kind.subject)}
            elif spec.role == "attachment" and spec.link_field and r.value(spec.link_field):
                candidates[r.unit].add(str(r.value(spec.link_field)))
        for e in blank:
            fname = norm_name(e.path.rsplit("/", 1)[-1])
            hits = [n for n in candidates.get(e.unit, ()) if norm_name(n) and norm_name(n) in fname]
            if hits:
                e.name_hint, e.name_hint_source = max(hits, key=len), "文件名"


@dataclass
class _Entries:
    """The entries of one kind, indexed for linking attachments to them."""

    by_unit: dict[str, list[Record]]
    by_name: dict[str, list[Record]]
    names: dict[int, str]  # id(entry) -> normalised name
    forms: dict[int, frozenset[str]]  # id(entry) -> the forms its name takes inside other text
    titled: dict[tuple[str, str], str]  # (unit, plain attachment title) -> entry name, from the unit's 汇总表


def _find_entry(a: Record, att: KindSpec, ix: _Entries) -> tuple[Record | None, str]:
    """The entry an attachment belongs to, and how that was decided (for the record's provenance)."""
    same_unit = ix.by_unit.get(a.unit, [])

    def name_of(e: Record) -> str:
        return ix.names[id(e)]

    name = norm_name(str(a.value(att.link_field) or ""))
    if name:
        exact = [e for e in same_unit if name_of(e) == name] or ix.by_name.get(name, [])
        if exact:
            return exact[0], ""
        # "张三工作室" for "张三劳模创新工作室": the same name written shorter, or one name inside the other.
        near = [e for e in same_unit if name_of(e) and (same_name(name, name_of(e)) or name_of(e) in name
                                                        or name in name_of(e))]
        return (near[0], "") if len(near) == 1 else (None, "")
    title = str(a.value(att.title_field) or "")
    listed = ix.titled.get((a.unit, plain(title))) if title else None
    if listed:
        named = [e for e in same_unit if name_of(e) == norm_name(listed)]
        if len(named) == 1:
            return named[0], "由推荐汇总表中的案例名称对应"
    parts = a.path.split("/")
    texts = [("由标题对应", title), ("由文件名对应", parts[-1]), ("由所在文件夹名对应", "/".join(parts[1:-1]))]
    for how, text in texts:
        pt = plain(text)
        named = [e for e in same_unit if name_of(e) and any(f in pt for f in ix.forms[id(e)])]
        if named:
            return max(named, key=lambda e: len(name_of(e))), how
    if len(same_unit) == 1:
        return same_unit[0], "本单位唯一的推荐对象"
    return None, ""


def _title_column(profile: Profile, att: KindSpec) -> str:
    """The column of a unit's 汇总表 that lists this attachment's title ("班组创新案例名称"), if any: the one the
    profile's 汇总表 layout fills from ``<attachment kind>.<title field>``."""
    if not att.title_field:
        return ""
    headers = {c.header for c in profile.summary_table.columns if c.source == f"{att.key}.{att.title_field}"}
    for k in profile.kinds_with_role("summary"):
        for col in k.columns:
            if col.key in headers or headers & set(col.headers):
                return col.key
    return ""


def link_attachments(profile: Profile, records: list[Record]) -> dict[str, str]:
    """attachment path -> entry path: by the name the attachment states, else by its title as the unit's 汇总表
    lists it, else by the name in its title, file name or folder, else, when it names nothing, to its unit's
    only entry. A linked attachment's name and title are then stated as the entry's form states them (see
    ``refine_attachment``)."""
    links: dict[str, str] = {}
    summary_kinds = {k.key for k in profile.kinds_with_role("summary")}
    for att in profile.kinds_with_role("attachment"):
        column = _title_column(profile, att)
        for entry_kind in profile.kinds_with_role("entry"):
            entries = [r for r in records if r.kind == entry_kind.key]
            ix = _Entries(defaultdict(list), defaultdict(list), {}, {}, {})
            for e in entries:
                known = e.known_as(entry_kind.subject)
                ix.names[id(e)], ix.forms[id(e)] = norm_name(known), name_forms(known)
                ix.by_unit[e.unit].append(e)
                ix.by_name[ix.names[id(e)]].append(e)
            if column:
                for s in records:
                    if s.kind in summary_kinds:
                        for item in s.items:
                            if item.get(column) and item.get(entry_kind.subject):
                                ix.titled.setdefault((s.unit, plain(str(item[column]))), str(item[entry_kind.subject]))
            for a in (r for r in records if r.kind == att.key):
                match, how = _find_entry(a, att, ix)
                if match is None:  # its own name still tells which bylines name its unit
                    own = str(a.value(att.link_field) or "") if att.link_field else ""
                    refine_attachment(a, att, own, profile.registry.unit_field)
                    continue
                links[a.path] = match.path
                if how and att.link_field:
                    a.fields[att.link_field] = FieldValue(att.link_field, "", match.known_as(entry_kind.subject),
                                                          where=how)
                refine_attachment(a, att, match.subject(entry_kind.subject), profile.registry.unit_field)
    return links


def _unit_in_bylines(bylines: list[str], subject: str, recommending: str) -> str:
    """The 所在单位 a write-up names under its title: "（河海大学 热工实验中心）" -> "河海大学" (the part beside
    the 班组's name), or a line of its own that is neither the 班组 nor the recommending unit; "" if none."""
    for line in bylines:
        if _COLON.search(line):
            continue  # "推荐单位：…", "班组名称：…" are labelled fields, read as such
        text = line.strip().strip("（）()【】[] \u3000")
        parts = [x for x in re.split(r"[\s\u3000]+", text) if x]
        if len(parts) >= 2 and squash(nfkc(parts[-1])).endswith(subject):
            return " ".join(parts[:-1])
        flat = squash(nfkc(text))
        if len(parts) == 1 and flat != subject and plain(flat) not in (plain(recommending), ""):
            if not plain(recommending).startswith(plain(flat)):
                return text
    return ""


_COLON = re.compile(r"[：:]")


def refine_attachment(a: Record, att: KindSpec, subject: str, unit_field: str) -> None:
    """An attachment that names its entry with the entry's own unit in front ("河海大学能源学院热工实验中心"
    for the 班组 its form calls "热工实验中心") states the name as the form does and keeps the unit part as
    the attachment's ``unit_field`` (所在单位); a title written "班组名：案例名" keeps the case's name."""
    if not subject:
        return
    target = squash(nfkc(subject))
    fv = a.fields.get(att.link_field) if att.link_field else None
    if fv is not None and isinstance(fv.value, str):
        stated = squash(nfkc(fv.value))
        if stated != target and stated.endswith(target) and len(stated) > len(target):
            prefix = stated[: -len(target)]
            a.fields[att.link_field] = FieldValue(fv.key, fv.raw, subject, label=fv.label, where=fv.where,
                                                  confidence=fv.confidence)
            if unit_field and att.field(unit_field) is not None and a.value(unit_field) is None:
                a.fields[unit_field] = FieldValue(unit_field, prefix, prefix, where=f"{fv.label or fv.key}前的单位名")
    if unit_field and att.field(unit_field) is not None and a.value(unit_field) is None:
        named = _unit_in_bylines(a.bylines, target, a.unit)
        if named:
            a.fields[unit_field] = FieldValue(unit_field, named, named, where="标题下的单位名")
    tv = a.fields.get(att.title_field) if att.title_field else None
    if tv is not None and isinstance(tv.value, str):
        title = strip_subject_prefix(tv.value, norm_name(subject))
        if title != tv.value:
            a.fields[att.title_field] = FieldValue(tv.key, tv.raw, title, label=tv.label, where=tv.where,
                                                   confidence=tv.confidence)


DOUBTFUL_MARK = "（扫描件识别不清，请核对）"


def unit_info(profile: Profile, records: list[Record]) -> dict[str, dict[str, str]]:
    """Contact details per unit: its own 汇总表 first, else its first form. A value OCR read faintly (below
    ``ocr_min_confidence``) is used only when no file gives a clear one, and then says so."""
    info: dict[str, dict[str, str]] = {}
    roles = {k.key: k.role for k in profile.kinds}
    ordered = sorted(records, key=lambda r: (roles.get(r.kind) != "summary", r.path))
    faint: dict[str, dict[str, str]] = {}
    for r in ordered:
        if r.kind not in roles:
            continue
        d = info.setdefault(r.unit, {profile.unit_field: r.unit})
        for key, fv in r.fields.items():
            if fv.value not in (None, "", []) and key not in d and isinstance(fv.value, str):
                if fv.confidence is not None and fv.confidence < profile.ocr_min_confidence:
                    faint.setdefault(r.unit, {}).setdefault(key, fv.value + DOUBTFUL_MARK)
                else:
                    d[key] = fv.value
    for unit, values in faint.items():
        for key, value in values.items():
            info[unit].setdefault(key, value)
    return info


def _absolute(inbox: Path) -> str:
    return shown_name(str(Path(inbox).resolve()))


def warm_up(profile: Profile) -> None:
    """Load what the text checks need (spaCy, jieba, datasketch) now rather than when the first new text
    arrives: in a thread while the workers read, or while ``huishen watch`` waits for files."""
    try:
        evidence.matcher(profile.evidence.units)
        from checks import similarity

        similarity.warm_up()
    except Exception:  # noqa: BLE001 — only a head start: the checks load what they need themselves
        _log.debug("warm-up failed", exc_info=True)


WARM_UP_WAIT = 60.0  # seconds the program waits at its end for a warm-up still loading models


def start_warm_up(profile: Profile) -> None:
    """``warm_up`` in a background thread. It is a daemon, so it never keeps a finished program alive; but the
    program waits for it at exit (``atexit``): ended while the thread is inside a model's native code (Ctrl-C
    on ``huishen watch`` a moment after it started), the interpreter's teardown aborted the process ("terminate
    called without an active exception", exit -6)."""
    global _warming
    if _warming is not None and _warming.is_alive():
        return  # one warm-up at a time: a second would only wait on the same imports, and lengthen the exit
    thread = threading.Thread(target=warm_up, args=(profile,), name="huishen-warm-up", daemon=True)
    thread.start()
    if _warming is None:
        atexit.register(_wait_for_warm_up)
    _warming = thread


_warming: threading.Thread | None = None


def _wait_for_warm_up() -> None:
    """At exit: the warm-up still loading, waited for at most ``WARM_UP_WAIT`` in all."""
    if _warming is not None:
        _warming.join(WARM_UP_WAIT)


def run(inbox: Path, profile: Profile, progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None, *, jobs: int | None = None,
        timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
        cache: RecordCache | None = None, history: History | None = None,
        pool: WorkerPool | None = None, on_record: Callable[[Record], None] | None = None) -> Report:
    """The whole run. ``jobs``: worker processes (None: all cores; 0: in this process, unfenced).
    With a ``cache``, only files not seen before (same content, place, code and profile) are read, files
    whose stat key is unchanged are not even opened by discovery, and a batch identical to one checked
    before (same run fingerprint) takes that result whole.
    ``history``: what the registry holds from earlier years, for the registry and near-copy checks.
    ``pool``: worker processes kept between runs (``huishen watch``); by default they live for this run.
    ``on_record``: each record as it is read or taken from the cache, just before ``progress`` hears of it."""
    t0 = time.perf_counter()
    inbox_key = f"{code_version()}:{shown_name(str(inbox.resolve()))}"  # a changed discovery forgets what it knew
    known = cache.known_files(inbox_key) if cache is not None else None
    sources = list(discover(inbox, known))
    warming = False
    if known and any(s.origin and (s.path not in known or known[s.path][1].sha256 != s.sha256) for s in sources):
        # A file of this inbox has new content: the checks will most likely meet new texts, and then load
        # spaCy, jieba and datasketch (~2 s). Start now, while the cache is consulted and the workers read.
        start_warm_up(profile)
        warming = True
    if cache is not None:
        cache.put_known_files(inbox_key, sources)
    t1 = time.perf_counter()
    if on_total:
        on_total(len(sources))
    fingerprint = ""
    if cache is not None:
        fingerprint = run_fingerprint(shown_name(str(inbox)), profile, sources, history.digest if history else "")
        memo = cache.get_report(fingerprint)
        if memo is not None:  # nothing changed since a run that was checked completely: its result stands
            if progress:
                for src in sources:
                    progress(src.path)
            docs, batch_findings, links, units = memo
            report = Report(profile=profile, inbox=shown_name(str(inbox)), inbox_path=_absolute(inbox),
                            documents=docs, batch_findings=batch_findings, links=links, unit_info=units)
            report.seconds = {"discover": t1 - t0, "read_map": 0.0, "check": time.perf_counter() - t1}
            report.read_count, report.fingerprint = 0, fingerprint
            return report
    hints = {src.path: src.unit_hint for src in sources}
    keys: list[str] = []
    cached: dict[str, Record] = {}
    if cache is not None:
        pkey = profile_digest(profile)
        keys = [RecordCache.key(src, pkey) for src in sources]
        cached = cache.get_many(keys)
        evidence.preload(cache.evidence())
        preload_fingerprints(cache.fingerprints())
        if progress:
            for k, src in zip(keys, sources, strict=True):
                if k in cached:
                    if on_record:
                        on_record(cached[k])
                    progress(src.path)
    todo = [i for i, k in enumerate(keys) if k not in cached] if cache is not None else list(range(len(sources)))
    if todo and cache is not None and not warming:
        # New files bring new texts, and the checks then load spaCy, jieba and datasketch (~2-3 s): load
        # them now, while the workers read, instead of after. (Without a cache every run is cold and the
        # workers keep both cores busy anyway.)
        start_warm_up(profile)
    fresh = process_all([sources[i] for i in todo], profile, process, jobs=jobs, timeout=timeout,
                        memory_mb=memory_mb, progress=progress, pool=pool, on_record=on_record)
    by_index = dict(zip(todo, fresh, strict=True))
    records = [by_index[i] if i in by_index else cached[keys[i]] for i in range(len(sources))]
    if cache is not None:  # stored as read: the steps below fill in units and links
        cache.put_many((keys[i], by_index[i]) for i in todo)
    for src, rec in zip(sources, records, strict=True):  # this run's time, not the cached record's
        rec.mtime = src.mtime
    # A file holding two materials gives two records: its parts stand beside it from here on.
    for rec in [r for r in records if r.parts]:
        for part in rec.parts:
            hints[part.path], part.mtime = hints[rec.path], rec.mtime
    records = [x for r in records for x in (r, *r.parts)]
    t2 = time.perf_counter()
    resolve_units(profile, records, hints)
    infer_names(profile, records)
    links = supersede(profile, records, link_attachments(profile, records))
    current = [r for r in records if not r.superseded_by]  # a corrected copy counts instead of its original
    checks = selected(profile)
    docs = [DocumentResult(r, list(run_record_checks(checks, r, profile))) for r in records]
    batch_findings = list(run_batch_checks(checks, Batch(current, links, history)))
    t3 = time.perf_counter()
    report = Report(profile=profile, inbox=shown_name(str(inbox)), inbox_path=_absolute(inbox), documents=docs,
                    batch_findings=batch_findings, links=links, unit_info=unit_info(profile, current))
    report.seconds = {"discover": t1 - t0, "read_map": t2 - t1, "check": t3 - t2}
    report.read_count = len(todo)
    if cache is not None:
        cache.put_evidence(evidence.take_new())
        cache.put_fingerprints(take_new_fingerprints())
        report.fingerprint = fingerprint
        # A file that timed out or crashed its worker is read again next time: no memo of this result then.
        if not any(r.reason.startswith(TRANSIENT) for r in records):
            cache.put_report(fingerprint, (docs, batch_findings, links, report.unit_info))
    return report
