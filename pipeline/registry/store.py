"""The registry: what was named in earlier years and what was submitted, kept across runs.

Two kinds of entries live in it: **named** items, imported from a 命名名单 (``huishen registry import``),
and **submitted** items, remembered from a batch (``huishen run --remember``) with their long texts and the
near-copy fingerprint of each text. Checks ask it "was this 班组/工作室/项目 named before?", "was it
submitted in an earlier year?" and "which earlier texts are there to compare with?".

Where it is
    By default an SQLite file ``registry.sqlite`` in the data directory. The location is, in order:
    the ``--url`` option / ``Registry.open(url)`` argument, else ``$HUISHEN_REGISTRY``, else
    ``$XDG_DATA_HOME/huishen/registry.sqlite``, else ``~/.local/share/huishen/registry.sqlite``.
    A value containing ``://`` is an SQLAlchemy URL, for instance
    ``postgresql+psycopg://user:password@server/huishen`` for one registry shared by several staff (needs
    ``psycopg``); any other value is a path: a file when it ends in .sqlite/.sqlite3/.db or already exists
    as a file, otherwise a directory holding ``registry.sqlite``. An SQLite file may sit on a shared folder
    only if a single person writes to it at a time; for real sharing use PostgreSQL.

Schema and migrations
    Alembic, run in code on every open (no alembic.ini): the scripts are ``pipeline/registry/migrations/versions``,
    the applied revision is in the ``alembic_version`` table, and opening a registry brings it to the newest
    revision inside one transaction (PostgreSQL: under an advisory lock, so two staff opening a new shared
    registry at once do not race). A registry written by a newer 汇审 (unknown revision) is refused rather
    than altered. To change the schema: add a script next to ``0001_registry.py`` whose ``down_revision`` is
    the previous head, change the tables below to match (``tests/test_registry.py`` compares them with the
    migrated database), and never edit a released script.

Identity (what makes re-importing or re-remembering idempotent)
    An entry is the same entry when status, campaign, year, kind and name key agree (a named entry also
    compares the leader, since a 名单 without units may list two same-named 班组 of different leaders); an
    entry without a usable name is identified by its batch and document. A unique index on that identity
    keeps duplicates out even when two staff write at once. Storing a batch (``remember``) or a named list
    (``add_named``) first removes what the same source stored before for the same campaign and year, so a
    re-run after corrections leaves exactly the new state, and an item moved to another batch is replaced.

Names are matched with ``extractors.names`` (width, spaces, brackets, suffix family, unit prefix).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from extractors.names import NameKey, leader_key, parse_name, plain, unit_key
from pipeline.oserrors import os_error_text

_log = logging.getLogger(__name__)

DB_NAME = "registry.sqlite"
ENV_VAR = "HUISHEN_REGISTRY"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
_CHUNK = 500
_WRITE = "huishen_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)
_PG_WRITE_LOCK = 0x68756974


class RegistryError(Exception):
    """The registry cannot be opened or written; the message is for the user (Chinese)."""


class EntryStatus(str, Enum):
    NAMED = "named"  # named / funded in an earlier campaign (imported from a 命名名单)
    SUBMITTED = "submitted"  # submitted in a batch (remembered by ``run --remember``)


class HitMatch(str, Enum):
    NAME = "name"  # the same name in the same unit (see extractors.names)
    NAME_UNIT_UNKNOWN = "name_unit_unknown"  # the same name; one side names no unit
    LEADER = "leader"  # a different name, but the same unit and the same leader (a renamed studio)


# ---------------------------------------------------------------- data in and out


@dataclass
class NamedRow:
    """One item of a 命名名单. ``year`` None takes the import's year; ``row`` is the sheet row number."""

    name: str
    unit: str = ""
    leader: str = ""
    year: int | None = None
    row: int = 0


@dataclass
class TextItem:
    label: str  # the field or section, e.g. "案例" or "竞赛情况"
    text: str
    fingerprint: bytes | None = None  # the near-copy signature, stored and returned as is


@dataclass
class RegistryEntry:
    """One submission of a batch, for ``remember``. ``source`` names the batch, ``ref`` the document."""

    campaign: str
    year: int
    name: str
    unit: str = ""
    kind: str = ""
    leader: str = ""
    source: str = ""
    ref: str = ""
    texts: list[TextItem] = field(default_factory=list)


@dataclass
class StoredEntry:
    id: int
    status: EntryStatus
    campaign: str
    year: int
    kind: str
    name: str
    unit: str
    leader: str
    source: str
    ref: str
    created_at: dt.datetime


@dataclass
class Hit(StoredEntry):
    """An entry found by ``find_named`` / ``find_submitted`` and how it matched."""

    match: HitMatch


@dataclass
class StoredText:
    entry_id: int
    campaign: str
    year: int
    kind: str
    unit: str
    name: str
    source: str
    ref: str
    label: str
    text: str
    fingerprint: bytes | None
    leader: str = ""


@dataclass
class StoreResult:
    added: int  # entries that were not in the registry before
    replaced: int  # entries that replaced an earlier copy of themselves


@dataclass
class YearCount:
    campaign: str
    year: int
    named: int
    submitted: int
    texts: int


@dataclass
class RegistryInfo:
    location: str  # a path for SQLite, the URL without password otherwise
    backend: str  # "sqlite" | "postgresql" | ...
    revision: str
    counts: list[YearCount]


# ---------------------------------------------------------------- tables (as migrated; see the docstring)

metadata = sa.MetaData()
entry_table = sa.Table(
    "entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("identity", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("campaign", sa.String(200), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(100), nullable=False, server_default=""),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.String(500), nullable=False),
    sa.Column("bare_key", sa.String(500), nullable=False),
    sa.Column("unit", sa.Text, nullable=False, server_default=""),
    sa.Column("unit_key", sa.String(500), nullable=False),
    sa.Column("leader", sa.Text, nullable=False, server_default=""),
    sa.Column("leader_key", sa.String(200), nullable=False),
    sa.Column("source", sa.String(1000), nullable=False, server_default=""),
    sa.Column("ref", sa.String(1000), nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('named', 'submitted')", name="ck_entries_status"),
    sa.UniqueConstraint("identity", name="uq_entries_identity"),
    sa.Index("ix_entries_name_key", "status", "name_key"),
    sa.Index("ix_entries_bare_key", "status", "bare_key"),
    sa.Index("ix_entries_unit_leader", "status", "unit_key", "leader_key"),
    sa.Index("ix_entries_batch", "campaign", "year", "source", "status"),
)
text_table = sa.Table(
    "texts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "entry_id",
        sa.Integer,
        sa.ForeignKey("entries.id", ondelete="CASCADE", name="fk_texts_entry"),
        nullable=False,
    ),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.LargeBinary, nullable=True),
    sa.UniqueConstraint("entry_id", "label", name="uq_texts_entry_label"),
)


# ---------------------------------------------------------------- location and migrations


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "huishen"


def resolve_url(url_or_path: str | None = None) -> str:
    """The SQLAlchemy URL of the registry (see the module docstring for the order of places)."""
    value = (url_or_path or os.environ.get(ENV_VAR) or "").strip()
    if "://" in value:
        return value
    if value:
        p = Path(value).expanduser()
        path = p if p.suffix.lower() in _SQLITE_SUFFIXES or p.is_file() else p / DB_NAME
    else:
        path = data_dir() / DB_NAME
    return sa.URL.create("sqlite", database=str(path.resolve())).render_as_string()


def _alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def migrate(engine: sa.Engine) -> str:
    """Bring the schema to the newest revision (a no-op when it is there); returns the revision."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    heads = set(script.get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current == heads:
        return ",".join(sorted(heads))
    for rev in current:
        try:
            script.get_revision(rev)
        except CommandError as e:
            raise RegistryError(f"登记库的结构版本（{rev}）比本程序新，请先升级汇审再使用这个登记库。") from e
    # A writing transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: env.py takes an advisory lock), so that two
    # first opens at once do not both create the tables; whoever comes second finds the schema current.
    with engine.connect().execution_options(**{_WRITE: True}) as conn, conn.begin():
        _log.info("registry schema %s -> %s", sorted(current) or "empty", sorted(heads))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return ",".join(sorted(heads))


def _describe(url: sa.URL) -> str:
    if url.get_backend_name() == "sqlite":
        return url.database or "（内存）"
    return url.render_as_string(hide_password=True)


def _first_line(e: BaseException) -> str:
    orig = getattr(e, "orig", None) or e
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


# A database driver's message (English) -> what a user can act on; checked in order, lower case.
_DB_CAUSES = (
    (("database is locked", "database table is locked"), "登记库正被其他程序占用，请稍后再试"),
    (("unable to open database file",), "无法打开登记库文件（文件夹不存在或没有权限）"),
    (("file is not a database", "database disk image is malformed"), "登记库文件已损坏，或不是登记库"),
    (("readonly database", "read-only"), "登记库只能读、不能写（没有写入权限）"),
    (("disk is full", "no space left"), "磁盘空间已满"),
    (("password authentication failed", "authentication failed"), "数据库用户名或密码不对"),
    (("could not translate host name", "name or service not known", "nodename nor servname"), "找不到数据库服务器"),
    (("connection refused", "could not connect", "connection timed out", "timeout expired"),
     "连接不上数据库服务器（服务器没有运行，或网络不通）"),
    (("does not exist",), "数据库不存在"),
    (("permission denied",), "没有权限"),
)


def _db_reason(e: BaseException) -> str:
    """A database error in Chinese; the driver's own words go to the log (``huishen -v`` shows them)."""
    text = _first_line(e)
    _log.warning("登记库出错：%s", text)
    low = text.lower()
    for needles, words in _DB_CAUSES:
        if any(n in low for n in needles):
            return words
    return "数据库报错（用 huishen -v 运行可看到详细信息）"


# ---------------------------------------------------------------- the registry


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _identity(status: EntryStatus, campaign: str, year: int, kind: str, *parts: str) -> str:
    raw = "\x1f".join([status.value, campaign, str(year), kind, *parts])
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def _entry_row(status: EntryStatus, e: RegistryEntry, now: dt.datetime) -> dict:
    key = parse_name(e.name, e.unit)
    lk = leader_key(e.leader)
    if status is EntryStatus.NAMED:
        ident = _identity(status, e.campaign, e.year, e.kind, key.full or "plain:" + plain(e.name), lk)
    elif key.full:
        ident = _identity(status, e.campaign, e.year, e.kind, key.full)
    else:
        # No usable name: the document in its batch identifies it; with neither, it is kept as is.
        ident = _identity(status, e.campaign, e.year, e.kind, "ref", e.source, e.ref or uuid.uuid4().hex)
    return {
        "identity": ident,
        "status": status.value,
        "campaign": e.campaign,
        "year": e.year,
        "kind": e.kind,
        "name": e.name,
        "name_key": key.full,
        "bare_key": key.bare,
        "unit": e.unit,
        "unit_key": unit_key(e.unit),
        "leader": e.leader,
        "leader_key": lk,
        "source": e.source,
        "ref": e.ref,
        "created_at": now,
    }


def _stored(row, match: HitMatch | None = None) -> StoredEntry:
    created = row.created_at
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)  # SQLite keeps no zone; everything is written in UTC
    values = dict(
        id=row.id,
        status=EntryStatus(row.status),
        campaign=row.campaign,
        year=row.year,
        kind=row.kind,
        name=row.name,
        unit=row.unit,
        leader=row.leader,
        source=row.source,
        ref=row.ref,
        created_at=created,
    )
    return StoredEntry(**values) if match is None else Hit(**values, match=match)


def _how(q: NameKey, lk: str, row) -> HitMatch:
    """How a stored row (with name_key, bare_key, unit_key, leader_key) matched a query."""
    if q.full and row.name_key == q.full:
        return HitMatch.NAME
    if (q.full and not q.unit and row.bare_key == q.full) or (
        q.bare and not row.unit_key and row.name_key == q.bare
    ):
        return HitMatch.NAME_UNIT_UNKNOWN
    return HitMatch.LEADER


@dataclass
class _Row:
    entry: StoredEntry
    name_key: str
    bare_key: str
    unit_key: str
    leader_key: str


class HitIndex:
    """The entries of one status (campaign, years) held in memory, for the many look-ups of a batch check:
    ``find`` answers as ``Registry.find_named`` / ``find_submitted`` do, without a query per record."""

    def __init__(self, rows: list[_Row]):
        self._full: dict[str, list[_Row]] = defaultdict(list)
        self._bare: dict[str, list[_Row]] = defaultdict(list)
        self._unitless: dict[str, list[_Row]] = defaultdict(list)
        self._leader: dict[tuple[str, str], list[_Row]] = defaultdict(list)
        for r in rows:
            if r.name_key:
                self._full[r.name_key].append(r)
                if not r.unit_key:
                    self._unitless[r.name_key].append(r)
            if r.bare_key:
                self._bare[r.bare_key].append(r)
            if r.unit_key and r.leader_key:
                self._leader[(r.unit_key, r.leader_key)].append(r)
        self.size = len(rows)

    def find(self, name: str, unit: str, leader: str = "") -> list[Hit]:
        q = parse_name(name or "", unit or "")
        lk = leader_key(leader or "")
        found: dict[int, _Row] = {}
        groups = []
        if q.full:
            groups.append(self._full.get(q.full, ()))
            if not q.unit:
                groups.append(self._bare.get(q.full, ()))
        if q.unit and q.bare:
            groups.append(self._unitless.get(q.bare, ()))
        if q.unit and lk:
            groups.append(self._leader.get((q.unit, lk), ()))
        for g in groups:
            for r in g:
                found[r.entry.id] = r
        ordered = sorted(found.values(), key=lambda r: (-r.entry.year, r.entry.id))
        return [Hit(**vars(r.entry), match=_how(q, lk, r)) for r in ordered]


class Registry:
    def __init__(self, engine: sa.Engine, revision: str):
        self.engine = engine
        self.revision = revision

    @classmethod
    def open(cls, url_or_none: str | None = None) -> Registry:
        """Open (creating and migrating as needed) the registry at a URL or path, or the default one."""
        raw = resolve_url(url_or_none)
        try:
            url = sa.make_url(raw)
        except sa_exc.ArgumentError as e:
            raise RegistryError(f"登记库地址无法识别：{raw}") from e
        where = _describe(url)
        kwargs: dict = {}
        if url.get_backend_name() == "sqlite":
            if url.database:
                try:
                    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise RegistryError(f"无法创建登记库所在的文件夹：{os_error_text(e)}") from e
            kwargs["connect_args"] = {"timeout": 30}  # wait for another writer instead of failing at once
        try:
            engine = sa.create_engine(url, **kwargs)
        except ImportError as e:
            hint = '（PostgreSQL 需要 psycopg：pip install "psycopg[binary]"）' if "postgres" in raw else ""
            raise RegistryError(f"连接登记库需要数据库驱动 {e.name or e}，当前没有安装{hint}。") from e
        except sa_exc.ArgumentError as e:
            raise RegistryError(f"登记库地址无法识别：{where}（写法应如 postgresql+psycopg://用户@服务器/库名）") from e
        if url.get_backend_name() == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_connect)
            sa.event.listen(engine, "begin", _sqlite_begin)
        try:
            revision = migrate(engine)
        except RegistryError:
            engine.dispose()
            raise
        except sa_exc.SQLAlchemyError as e:
            engine.dispose()
            raise RegistryError(f"无法打开登记库 {where}：{_db_reason(e)}") from e
        _log.debug("registry %s at revision %s", where, revision)
        return cls(engine, revision)

    @property
    def location(self) -> str:
        return _describe(self.engine.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ writing

    def add_named(
        self, rows: Iterable[NamedRow], campaign: str, year: int | None, source: str, kind: str = ""
    ) -> StoreResult:
        """Store the items of a 命名名单; a row without its own year takes ``year``. Importing the same list
        (same source, campaign and year) again replaces what it stored before."""
        now = _now()
        out = []
        for r in rows:
            y = r.year if r.year is not None else year
            if y is None:
                raise ValueError(f"row {r.row} has no year and no default year was given")
            ref = f"第{r.row}行" if r.row else ""
            e = RegistryEntry(campaign, y, r.name, r.unit, kind=kind, leader=r.leader, source=source, ref=ref)
            out.append((_entry_row(EntryStatus.NAMED, e, now), []))
        return self._store(EntryStatus.NAMED, out)

    def remember(self, entries: list[RegistryEntry]) -> StoreResult:
        """Store a batch's submissions. Idempotent: remembering the same batch (source, campaign, year) again
        replaces it; entries of one call with the same identity are merged (texts united by label)."""
        now = _now()
        merged: dict[str, tuple[dict, dict[str, TextItem]]] = {}
        for e in entries:
            row = _entry_row(EntryStatus.SUBMITTED, e, now)
            have = merged.get(row["identity"])
            if have is None:
                merged[row["identity"]] = (row, {t.label: t for t in e.texts})
                continue
            old, old_texts = have
            for k in ("leader", "leader_key", "ref"):
                old[k] = old[k] or row[k]
            for t in e.texts:
                old_texts.setdefault(t.label, t)
        return self._store(EntryStatus.SUBMITTED, [(row, list(ts.values())) for row, ts in merged.values()])

    def _store(self, status: EntryStatus, items: list[tuple[dict, list[TextItem]]]) -> StoreResult:
        for attempt in range(3):
            try:
                with self.engine.connect().execution_options(**{_WRITE: True}) as conn, conn.begin():
                    if conn.dialect.name == "postgresql":
                        # Writers queue up (they are rare and short); readers are not blocked.
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                    return self._store_in(conn, status, items)
            except sa_exc.IntegrityError as e:
                # A writer outside this lock (another program) stored one of these identities meanwhile.
                if attempt == 2:
                    raise RegistryError(f"写入登记库 {self.location} 失败：{_db_reason(e)}") from e
                _log.info("registry write collided with another writer, retrying")
            except sa_exc.SQLAlchemyError as e:
                raise RegistryError(f"写入登记库 {self.location} 失败：{_db_reason(e)}") from e
        raise AssertionError("unreachable")

    def _store_in(self, conn, status: EntryStatus, items: list[tuple[dict, list[TextItem]]]) -> StoreResult:
        c = entry_table.c
        identities = [row["identity"] for row, _ in items]
        batches = {(row["campaign"], row["year"], row["source"]) for row, _ in items}
        existing: set[str] = set()
        for i in range(0, len(identities), _CHUNK):
            chunk = identities[i : i + _CHUNK]
            existing |= set(conn.execute(sa.select(c.identity).where(c.identity.in_(chunk))).scalars())
        doomed = [c.identity.in_(identities[i : i + _CHUNK]) for i in range(0, len(identities), _CHUNK)]
        doomed += [
            sa.and_(c.status == status.value, c.campaign == camp, c.year == year, c.source == src)
            for camp, year, src in batches
        ]
        for cond in doomed:
            doomed_ids = sa.select(c.id).where(cond).scalar_subquery()
            conn.execute(sa.delete(text_table).where(text_table.c.entry_id.in_(doomed_ids)))
            conn.execute(sa.delete(entry_table).where(cond))
        if not items:
            return StoreResult(0, 0)
        rows = [row for row, _ in items]
        ids: list[int] = []
        if conn.dialect.insert_executemany_returning_sort_by_parameter_order:
            for i in range(0, len(rows), _CHUNK):
                stmt = sa.insert(entry_table).returning(c.id, sort_by_parameter_order=True)
                ids += conn.execute(stmt, rows[i : i + _CHUNK]).scalars().all()
        else:
            ids = [conn.execute(sa.insert(entry_table), row).inserted_primary_key[0] for row in rows]
        text_rows = [
            {"entry_id": eid, "label": t.label, "text": t.text, "fingerprint": t.fingerprint}
            for eid, (_, ts) in zip(ids, items, strict=True)
            for t in ts
        ]
        for i in range(0, len(text_rows), _CHUNK):
            conn.execute(sa.insert(text_table), text_rows[i : i + _CHUNK])
        replaced = len(existing)
        return StoreResult(added=len(items) - replaced, replaced=replaced)

    # ------------------------------------------------------------ reading

    def _filters(self, status: EntryStatus, campaign: str | None, before_year: int | None) -> list:
        c = entry_table.c
        conds = [c.status == status.value]
        if campaign is not None:
            conds.append(c.campaign == campaign)
        if before_year is not None:
            conds.append(c.year < before_year)
        return conds

    def _find(
        self,
        status: EntryStatus,
        name: str,
        unit: str,
        leader: str,
        campaign: str | None,
        before_year: int | None,
    ) -> list[Hit]:
        c = entry_table.c
        q = parse_name(name or "", unit or "")
        lk = leader_key(leader or "")
        ways = []
        if q.full:
            ways.append(c.name_key == q.full)
            if not q.unit:
                ways.append(c.bare_key == q.full)  # we name no unit: any unit's same name
        if q.unit and q.bare:
            ways.append(sa.and_(c.unit_key == "", c.name_key == q.bare))  # they named no unit
        if q.unit and lk:
            ways.append(sa.and_(c.unit_key == q.unit, c.leader_key == lk))
        if not ways:
            return []
        stmt = (
            sa.select(entry_table)
            .where(*self._filters(status, campaign, before_year), sa.or_(*ways))
            .order_by(c.year.desc(), c.id)
        )
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(stmt).all()
        except sa_exc.SQLAlchemyError as e:
            raise RegistryError(f"读取登记库 {self.location} 失败：{_db_reason(e)}") from e
        return [_stored(row, _how(q, lk, row)) for row in rows]

    def find_named(
        self,
        name: str,
        unit: str,
        leader: str = "",
        campaign: str | None = None,
        before_year: int | None = None,
    ) -> list[Hit]:
        """Named entries of the same name (see ``extractors.names``), and, when ``leader`` is given, those of
        the same unit and leader under another name. Newest first; ``before_year`` keeps years < it."""
        return self._find(EntryStatus.NAMED, name, unit, leader, campaign, before_year)

    def find_submitted(
        self, name: str, unit: str, campaign: str | None = None, before_year: int | None = None
    ) -> list[Hit]:
        """Submitted entries of the same name, newest first; ``before_year`` keeps years < it."""
        return self._find(EntryStatus.SUBMITTED, name, unit, "", campaign, before_year)

    def index(
        self, status: EntryStatus, campaign: str | None = None, before_year: int | None = None
    ) -> HitIndex:
        """All entries of ``status`` (and campaign, years < ``before_year``) in memory, for batch checks."""
        stmt = sa.select(entry_table).where(*self._filters(status, campaign, before_year))
        try:
            with self.engine.connect() as conn:
                rows = [
                    _Row(_stored(r), r.name_key, r.bare_key, r.unit_key, r.leader_key)
                    for r in conn.execute(stmt)
                ]
        except sa_exc.SQLAlchemyError as e:
            raise RegistryError(f"读取登记库 {self.location} 失败：{_db_reason(e)}") from e
        return HitIndex(rows)

    def entries(
        self, status: EntryStatus | None = None, campaign: str | None = None, year: int | None = None
    ) -> list[StoredEntry]:
        """Stored entries in the order they were stored."""
        c = entry_table.c
        stmt = sa.select(entry_table).order_by(c.id)
        if status is not None:
            stmt = stmt.where(c.status == status.value)
        if campaign is not None:
            stmt = stmt.where(c.campaign == campaign)
        if year is not None:
            stmt = stmt.where(c.year == year)
        with self.engine.connect() as conn:
            return [_stored(row) for row in conn.execute(stmt)]

    def texts(self, campaign: str | None = None, before_year: int | None = None) -> Iterator[StoredText]:
        """Every stored text of submitted entries (fingerprints as stored), by year, entry and label."""
        c = entry_table.c
        stmt = (
            sa.select(
                c.id,
                c.campaign,
                c.year,
                c.kind,
                c.unit,
                c.name,
                c.leader,
                c.source,
                c.ref,
                text_table.c.label,
                text_table.c.text,
                text_table.c.fingerprint,
            )
            .join(text_table, text_table.c.entry_id == c.id)
            .where(*self._filters(EntryStatus.SUBMITTED, campaign, before_year))
            .order_by(c.year, c.id, text_table.c.label)
        )
        with self.engine.connect() as conn:
            for r in conn.execution_options(yield_per=_CHUNK).execute(stmt):
                fp = r.fingerprint
                yield StoredText(
                    entry_id=r.id,
                    campaign=r.campaign,
                    year=r.year,
                    kind=r.kind,
                    unit=r.unit,
                    name=r.name,
                    source=r.source,
                    ref=r.ref,
                    label=r.label,
                    text=r.text,
                    fingerprint=bytes(fp) if fp is not None else None,
                    leader=r.leader or "",
                )

    def info(self) -> RegistryInfo:
        """Counts per campaign and year, and where the registry is."""
        c = entry_table.c
        by_status = sa.select(c.campaign, c.year, c.status, sa.func.count()).group_by(
            c.campaign, c.year, c.status
        )
        by_texts = (
            sa.select(c.campaign, c.year, sa.func.count())
            .join(text_table, text_table.c.entry_id == c.id)
            .group_by(c.campaign, c.year)
        )
        counts: dict[tuple[str, int], YearCount] = {}
        try:
            with self.engine.connect() as conn:
                for camp, year, status, n in conn.execute(by_status):
                    yc = counts.setdefault((camp, year), YearCount(camp, year, 0, 0, 0))
                    if status == EntryStatus.NAMED.value:
                        yc.named = n
                    else:
                        yc.submitted = n
                for camp, year, n in conn.execute(by_texts):
                    counts[(camp, year)].texts = n
        except sa_exc.SQLAlchemyError as e:
            raise RegistryError(f"读取登记库 {self.location} 失败：{_db_reason(e)}") from e
        return RegistryInfo(
            location=self.location,
            backend=self.engine.url.get_backend_name(),
            revision=self.revision,
            counts=[counts[k] for k in sorted(counts)],
        )


def _sqlite_connect(dbapi_conn, _record) -> None:
    # The driver's own transaction handling is switched off so that _sqlite_begin decides how a transaction
    # starts (the SQLAlchemy recipe for pysqlite); this also makes the migrations' DDL transactional.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn) -> None:
    # A writer takes the write lock at once, waiting up to the busy timeout for another writer; a deferred
    # transaction that read first could only fail ("database is locked") when it came to write.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")
