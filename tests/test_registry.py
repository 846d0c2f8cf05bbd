"""The registry against SQLite and a real PostgreSQL server; the 命名名单 reader; the ``registry`` commands.

The PostgreSQL server is started once per session by ``pg_server`` (initdb + pg_ctl in a temporary
directory, as the ``postgres`` system user when run as root, unix socket only); the PostgreSQL cases are
skipped with the reason when no server binaries or no psycopg driver are available.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from pipeline.registry.cli import registry as registry_cli
from pipeline.registry.named_list import NamedListError, SkippedRow, parse_year, read_named_list
from pipeline.registry.store import (
    EntryStatus,
    HitMatch,
    NamedRow,
    Registry,
    RegistryEntry,
    RegistryError,
    StoreResult,
    TextItem,
    resolve_url,
)

# ---------------------------------------------------------------- a real PostgreSQL server


def _initdb() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1])
    which = shutil.which("initdb")
    return Path(which) if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, sockdir: Path, port: int):
        self.sockdir, self.port = sockdir, port

    def admin(self):
        import psycopg

        return psycopg.connect(
            host=str(self.sockdir), port=self.port, user="huishen", dbname="postgres", autocommit=True
        )

    def url(self, db: str) -> str:
        return f"postgresql+psycopg://huishen@/{db}?host={self.sockdir}&port={self.port}"


@pytest.fixture(scope="session")
def pg_server():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip(
            "PostgreSQL tests skipped: the psycopg driver is not installed (pip install 'psycopg[binary]')"
        )
    initdb = _initdb()
    if initdb is None:
        pytest.skip(
            "PostgreSQL tests skipped: no PostgreSQL server binaries (initdb) found; "
            "on Debian: apt-get install postgresql"
        )
    bindir = initdb.parent
    run_as: dict = {}
    root = Path(tempfile.mkdtemp(prefix="huishen_pg_"))  # not under pytest's tmp: its root is private to root
    if os.geteuid() == 0:  # postgres refuses to run as root
        for name in ("postgres", "nobody"):
            try:
                pw = pwd.getpwnam(name)
            except KeyError:
                continue
            run_as = {"user": pw.pw_uid, "group": pw.pw_gid}
            os.chown(root, pw.pw_uid, pw.pw_gid)
            break
        else:
            shutil.rmtree(root)
            pytest.skip(
                "PostgreSQL tests skipped: running as root and no unprivileged user (postgres, nobody)"
            )
    data, port = root / "data", _free_port()
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "HOME": str(root)}

    def pg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(bindir / args[0]), *args[1:]],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
            **run_as,
        )

    try:
        pg(
            "initdb",
            "-D",
            str(data),
            "-U",
            "huishen",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        pg(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-k {root} -p {port} -c listen_addresses='' -F",
            "start",
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        detail = getattr(e, "stderr", "") or ""
        pytest.skip(
            f"PostgreSQL tests skipped: the test server did not start: {e} {detail.strip()} {log[-500:]}"
        )
    try:
        yield PgServer(root, port)
    finally:
        pg("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty registry location on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "registry")
        return
    server = request.getfixturevalue("pg_server")
    db = "t_" + uuid.uuid4().hex[:12]
    with server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    yield server.url(db)
    with server.admin() as conn:
        conn.execute(f'DROP DATABASE "{db}" WITH (FORCE)')


@pytest.fixture
def reg(url):
    r = Registry.open(url)
    yield r
    r.close()


# ---------------------------------------------------------------- sample files


def write_named_xlsx(path: Path) -> Path:
    """A 命名名单 as offices keep it: merged title, blank row, header on row 3, a unit merged down over two
    items, unreadable rows, a merged note at the end."""
    wb = Workbook()
    ws = wb.active
    ws.title = "命名名单"
    ws["A1"] = "2023年度江苏省教科系统创新型班组命名名单"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["序号", "班组名称", "所在单位", "班组长", "命名年度"])
    ws.append([1, "电气维修班组", "南京大学工会", "张三", 2023])
    ws.append([2, "南京大学后勤水电班组", None, "李四", "2023年"])
    ws.merge_cells("C4:C5")
    ws.append([])
    ws.append([3, None, "东南大学", "王五", 2023])
    ws.append([4, "“匠心”创新班组", "东南大学", "赵六", "去年"])
    ws.append([5, "ＡＩ质检班组", "河海大学", "钱七", None])
    ws.append([6, "AI 质检班组", "河海大学工会", "钱七", 2023])
    ws.append([7, "张三劳模创新工作室", "苏州大学", "张三", 2022.0])
    ws.append(["注：以上排名不分先后"])
    ws.merge_cells("A12:E12")
    ws.append([8, "数控技术创新工作室", "江南大学", "孙八", dt.datetime(2021, 6, 1)])
    wb.save(path)
    return path


XLSX_ROWS = [
    NamedRow("电气维修班组", "南京大学工会", "张三", 2023, 4),
    NamedRow("南京大学后勤水电班组", "南京大学工会", "李四", 2023, 5),
    NamedRow("ＡＩ质检班组", "河海大学", "钱七", 2023, 9),
    NamedRow("张三劳模创新工作室", "苏州大学", "张三", 2022, 11),
    NamedRow("数控技术创新工作室", "江南大学", "孙八", 2021, 13),
]
XLSX_SKIPPED = [
    SkippedRow(7, "缺少名称", "3 | 东南大学 | 王五 | 2023"),
    SkippedRow(8, "年份无法识别：“去年”", "4 | “匠心”创新班组 | 东南大学 | 赵六 | 去年"),
    SkippedRow(10, "与第 9 行重复", "6 | AI 质检班组 | 河海大学工会 | 钱七 | 2023"),
    SkippedRow(12, "说明文字，不是名单条目", "注：以上排名不分先后"),
]

CSV_TEXT = (
    "2022年度劳模创新工作室命名名单,,,\r\n"
    "序号,工作室名称,单位名称,领衔人\r\n"
    "1,王镕劳模创新工作室,徐州医科大学工会,王镕\r\n"
    "2,,扬州大学,周九\r\n"
    ",,,\r\n"
    "3,（智能制造）工匠创新工作室,常州工学院,吴十\r\n"
)


# ---------------------------------------------------------------- the 命名名单 reader


def test_xlsx_exact_rows_and_reasons(tmp_path):
    named = read_named_list(write_named_xlsx(tmp_path / "名单.xlsx"), year=2023)
    assert (named.sheet, named.header_row) == ("命名名单", 3)
    assert named.columns == {"name": "班组名称", "unit": "所在单位", "leader": "班组长", "year": "命名年度"}
    assert named.rows == XLSX_ROWS
    assert named.skipped == XLSX_SKIPPED


def test_xlsx_without_default_year_reports_missing_year(tmp_path):
    named = read_named_list(write_named_xlsx(tmp_path / "名单.xlsx"))
    assert [r.row for r in named.rows] == [4, 5, 10, 11, 13]
    missing = [s for s in named.skipped if s.row == 9]
    assert missing == [
        SkippedRow(
            9,
            "缺少年份：名单中没有年份，导入时也没有指定年份（--year）",
            "5 | ＡＩ质检班组 | 河海大学 | 钱七",
        )
    ]
    # Row 10 is now the first readable copy of that 班组, so it is no longer a duplicate.
    assert [r.row for r in named.rows if r.leader == "钱七"] == [10]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "名单.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    named = read_named_list(path, year=2022)
    assert (named.sheet, named.header_row) == ("", 2)
    assert named.columns == {"name": "工作室名称", "unit": "单位名称", "leader": "领衔人"}
    assert named.rows == [
        NamedRow("王镕劳模创新工作室", "徐州医科大学工会", "王镕", 2022, 3),
        NamedRow("（智能制造）工匠创新工作室", "常州工学院", "吴十", 2022, 6),
    ]
    assert named.skipped == [SkippedRow(4, "缺少名称", "2 | 扬州大学 | 周九")]


def test_file_problems_are_chinese_errors(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(NamedListError, match="另存为 .xlsx"):
        read_named_list(tmp_path / "a.xls")
    (tmp_path / "b.xlsx").write_bytes(b"not a zip")
    with pytest.raises(NamedListError, match="无法读取 b.xlsx"):
        read_named_list(tmp_path / "b.xlsx")
    (tmp_path / "c.csv").write_text("甲,乙\n1,2\n", encoding="utf-8")
    with pytest.raises(NamedListError, match="没有找到表头"):
        read_named_list(tmp_path / "c.csv")


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (2023, 2023),
        (2023.0, 2023),
        ("2023年度", 2023),
        ("2023.5", 2023),
        ("二〇二三年", 2023),
        (dt.date(2021, 3, 1), 2021),
        ("2022-2023", None),
        ("去年", None),
        (12, None),
        ("1800", None),
        (True, None),
    ],
)
def test_parse_year(value, year):
    assert parse_year(value) == year


# ---------------------------------------------------------------- the registry, on both backends


def test_migrations_create_the_schema_and_rerun(url):
    import sqlalchemy as sa
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from pipeline.registry.store import metadata

    r1 = Registry.open(url)
    assert r1.revision == "0001"
    r1.add_named([NamedRow("电气班组", "南京大学", "张三", 2023, 1)], "banzu", None, "名单.xlsx")
    r1.close()
    r2 = Registry.open(url)  # re-running the migrations is a no-op and keeps the data
    assert r2.revision == "0001"
    assert len(r2.entries()) == 1
    with r2.engine.connect() as conn:
        assert {"entries", "texts", "alembic_version"} <= set(sa.inspect(conn).get_table_names())
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == ["0001"]
        # The tables the code queries are exactly the tables the migrations made.
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []
    r2.close()


def test_a_newer_schema_is_refused(url):
    import sqlalchemy as sa

    r = Registry.open(url)
    with r.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    r.close()
    with pytest.raises(RegistryError, match="结构版本（9999）比本程序新"):
        Registry.open(url)


def test_import_then_find_named_with_variants(reg, tmp_path):
    named = read_named_list(write_named_xlsx(tmp_path / "名单.xlsx"), year=2023)
    assert reg.add_named(named.rows, "banzu", 2023, "名单.xlsx") == StoreResult(5, 0)
    stored = reg.entries(EntryStatus.NAMED)
    assert [(e.name, e.unit, e.leader, e.year, e.campaign, e.source, e.ref) for e in stored] == [
        (r.name, r.unit, r.leader, r.year, "banzu", "名单.xlsx", f"第{r.row}行") for r in XLSX_ROWS
    ]

    indexes = {}

    def found(name, unit, leader="", **kw):
        hits = reg.find_named(name, unit, leader, **kw)
        # The in-memory index of a batch check answers exactly as the query does.
        key = (kw.get("campaign"), kw.get("before_year"))
        if key not in indexes:
            indexes[key] = reg.index(EntryStatus.NAMED, *key)
        assert indexes[key].find(name, unit, leader) == hits
        return [(h.name, h.match) for h in hits]

    assert found("电气维修班组", "南京大学") == [("电气维修班组", HitMatch.NAME)]
    assert found("南京大学电气维修班组", "") == [
        ("电气维修班组", HitMatch.NAME)
    ]  # unit written into the name
    assert found("后勤水电", "南京大学工会") == [("南京大学后勤水电班组", HitMatch.NAME)]  # prefix + suffix
    assert found("AI质检", "河海大学工会") == [("ＡＩ质检班组", HitMatch.NAME)]  # full width, suffix
    assert found("张三创新工作室", "苏州大学") == [("张三劳模创新工作室", HitMatch.NAME)]
    assert found("张三工作室", "") == [("张三劳模创新工作室", HitMatch.NAME_UNIT_UNKNOWN)]
    assert found("李四劳模创新工作室", "苏州大学") == []  # another leader's studio
    assert found("李四劳模创新工作室", "苏州大学", "张 三") == [("张三劳模创新工作室", HitMatch.LEADER)]
    assert found("电气维修班组", "东南大学") == []  # another unit
    assert found("张三技能大师工作室", "苏州大学") == []  # another programme's title
    assert found("电气维修班组", "南京大学", before_year=2023) == []
    assert found("张三工作室", "苏州大学", before_year=2023) == [("张三劳模创新工作室", HitMatch.NAME)]
    assert found("电气维修班组", "南京大学", campaign="studio") == []
    assert reg.find_submitted("电气维修班组", "南京大学") == []  # named is not submitted


def test_reimporting_a_list_replaces_it(reg):
    rows = [
        NamedRow("电气班组", "南京大学", "张三", None, 4),
        NamedRow("水电班组", "南京大学", "李四", None, 5),
    ]
    assert reg.add_named(rows, "banzu", 2023, "名单.xlsx") == StoreResult(2, 0)
    assert reg.add_named(rows, "banzu", 2023, "名单.xlsx") == StoreResult(0, 2)
    assert reg.add_named(rows[:1], "banzu", 2023, "名单.xlsx") == StoreResult(
        0, 1
    )  # corrected list: 水电班组 gone
    assert [e.name for e in reg.entries()] == ["电气班组"]
    assert reg.add_named(rows[1:], "banzu", 2022, "名单.xlsx") == StoreResult(
        1, 0
    )  # another year's list is kept apart
    assert sorted((e.name, e.year) for e in reg.entries()) == [("水电班组", 2022), ("电气班组", 2023)]


def _batch(source: str = "inbox_2024", n: int = 3, year: int = 2024) -> list[RegistryEntry]:
    out = [
        RegistryEntry(
            campaign="banzu",
            year=year,
            name=f"测试{i}班组",
            unit="南京大学",
            kind="basic_info",
            leader=f"组长{i}",
            source=source,
            ref=f"南京大学/{i}.docx",
            texts=[TextItem("竞赛情况", f"第{i}个班组的竞赛情况", bytes([i, 0, 255]) * 4)],
        )
        for i in range(n)
    ]
    out.append(
        RegistryEntry(
            campaign="banzu",
            year=year,
            name="",
            unit="东南大学",
            kind="case",
            source=source,
            ref="东南大学/未识别.docx",
            texts=[TextItem("案例", "没有名称的案例", None)],
        )
    )
    return out


def test_remember_is_idempotent(reg):
    assert reg.remember(_batch()) == StoreResult(4, 0)
    assert reg.remember(_batch()) == StoreResult(0, 4)
    assert len(reg.entries(EntryStatus.SUBMITTED)) == 4
    assert len(list(reg.texts())) == 4
    # A re-run after a correction leaves exactly the new state of the batch.
    assert reg.remember(_batch()[1:]) == StoreResult(0, 3)
    assert sorted(e.name for e in reg.entries()) == ["", "测试1班组", "测试2班组"]
    # The same 班组 written differently, from a copy of the inbox: replaced, not duplicated.
    moved = RegistryEntry(
        campaign="banzu",
        year=2024,
        name="南京大学测试1",
        unit="南京大学工会",
        kind="basic_info",
        source="inbox_copy",
        texts=[TextItem("竞赛情况", "改过的文字")],
    )
    assert reg.remember([moved]) == StoreResult(0, 1)
    assert sorted((e.name, e.source) for e in reg.entries()) == [
        ("", "inbox_2024"),
        ("南京大学测试1", "inbox_copy"),
        ("测试2班组", "inbox_2024"),
    ]
    info = reg.info()
    assert [(c.campaign, c.year, c.named, c.submitted, c.texts) for c in info.counts] == [
        ("banzu", 2024, 0, 3, 3)
    ]


def test_remember_merges_one_items_documents(reg):
    a = RegistryEntry(
        "banzu",
        2024,
        "电气班组",
        "南京大学",
        kind="basic_info",
        source="b",
        texts=[TextItem("竞赛情况", "甲")],
    )
    b = RegistryEntry(
        "banzu",
        2024,
        "南京大学电气班组",
        "南京大学",
        kind="basic_info",
        leader="张三",
        source="b",
        texts=[TextItem("荣誉", "乙"), TextItem("竞赛情况", "丙")],
    )
    assert reg.remember([a, b]) == StoreResult(1, 0)
    (entry,) = reg.entries()
    assert (entry.name, entry.leader) == ("电气班组", "张三")
    assert sorted((t.label, t.text) for t in reg.texts()) == [("竞赛情况", "甲"), ("荣誉", "乙")]


def test_find_submitted_and_texts_round_trip(reg):
    reg.remember(_batch("inbox_2023", n=2, year=2023))
    reg.remember(_batch("inbox_2024", n=2, year=2024))
    hits = reg.find_submitted("南京大学测试1班组", "", before_year=2024)
    assert [(h.year, h.name, h.unit, h.source, h.match) for h in hits] == [
        (2023, "测试1班组", "南京大学", "inbox_2023", HitMatch.NAME)
    ]
    assert [h.year for h in reg.find_submitted("测试1", "南京大学")] == [2024, 2023]
    assert reg.find_submitted("测试1班组", "东南大学") == []
    earlier = list(reg.texts(campaign="banzu", before_year=2024))
    assert [(t.year, t.unit, t.name, t.label, t.text, t.fingerprint) for t in earlier] == [
        (2023, "南京大学", "测试0班组", "竞赛情况", "第0个班组的竞赛情况", bytes([0, 0, 255]) * 4),
        (2023, "南京大学", "测试1班组", "竞赛情况", "第1个班组的竞赛情况", bytes([1, 0, 255]) * 4),
        (2023, "东南大学", "", "案例", "没有名称的案例", None),
    ]
    assert all(isinstance(t.fingerprint, bytes | None) for t in reg.texts())
    assert len(list(reg.texts())) == 6
    assert list(reg.texts(campaign="studio")) == []


def test_a_large_batch_twice(reg):
    batch = [
        RegistryEntry(
            "banzu",
            2024,
            f"第{i}班组",
            f"单位{i % 40}",
            source="big",
            texts=[TextItem("案例", "文" * 50, os.urandom(64))],
        )
        for i in range(1200)
    ]
    assert reg.remember(batch) == StoreResult(1200, 0)
    assert reg.remember(batch) == StoreResult(0, 1200)
    assert reg.info().counts[0].submitted == 1200
    fps = {t.name: t.fingerprint for t in reg.texts()}
    assert fps == {e.name: e.texts[0].fingerprint for e in batch}


def test_concurrent_writers_do_not_duplicate(url):
    regs = [Registry.open(url) for _ in range(3)]
    errors: list[BaseException] = []

    def work(r: Registry) -> None:
        try:
            for _ in range(3):
                r.remember(_batch(n=20))
        except BaseException as e:  # noqa: BLE001 — reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(r,)) for r in regs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(regs[0].entries()) == 21
    assert len(list(regs[0].texts())) == 21
    for r in regs:
        r.close()


# ---------------------------------------------------------------- the commands


def _invoke(*args: str):
    return CliRunner().invoke(registry_cli, list(args), env={"COLUMNS": "200"})


def test_cli_import_preview_counts_and_info(url, tmp_path):
    path = write_named_xlsx(tmp_path / "2023命名名单.xlsx")
    result = _invoke("import", str(path), "--campaign", "banzu", "--year", "2023", "--url", url)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "表头在第 3 行" in out and "工作表“命名名单”" in out
    assert "预览（前 5 行，共 5 行可导入）" in out
    assert "电气维修班组" in out and "南京大学工会" in out and "数控技术创新工作室" in out
    assert "有 4 行未能读取" in out
    for s in XLSX_SKIPPED:
        assert s.reason in out
    assert "已导入 5 条（新增 5，替换上次导入的 0）" in out
    again = _invoke("import", str(path), "--campaign", "banzu", "--year", "2023", "--url", url)
    assert "已导入 5 条（新增 0，替换上次导入的 5）" in again.output
    info = _invoke("info", "--url", url)
    assert info.exit_code == 0, info.output
    assert "结构版本 0001" in info.output
    lines = [ln.split() for ln in info.output.splitlines()]
    assert ["banzu", "2021", "1", "0", "0"] in lines
    assert ["banzu", "2022", "1", "0", "0"] in lines
    assert ["banzu", "2023", "3", "0", "0"] in lines


def test_cli_dry_run_stores_nothing(tmp_path):
    path = write_named_xlsx(tmp_path / "名单.xlsx")
    where = tmp_path / "registry"
    result = _invoke(
        "import",
        str(path),
        "--campaign",
        "banzu",
        "--year",
        "2023",
        "--url",
        str(where),
        "--dry-run",
        "--preview",
        "2",
    )
    assert result.exit_code == 0, result.output
    assert "预览（前 2 行，共 5 行可导入）" in result.output
    assert "试运行：共 5 条可以导入，未写入登记库。" in result.output
    assert not where.exists()


def test_cli_errors(tmp_path):
    missing = _invoke("import", str(tmp_path / "没有.xlsx"), "--campaign", "banzu")
    assert missing.exit_code == 2 and "找不到名单文件" in missing.output
    (tmp_path / "a.csv").write_text("甲,乙\n", encoding="utf-8")
    no_header = _invoke("import", str(tmp_path / "a.csv"), "--campaign", "banzu")
    assert no_header.exit_code == 2 and "没有找到表头" in no_header.output
    (tmp_path / "b.csv").write_text("名称,单位\n电气班组,南京大学\n", encoding="utf-8")
    no_year = _invoke("import", str(tmp_path / "b.csv"), "--campaign", "banzu", "--url", str(tmp_path / "r"))
    assert no_year.exit_code == 1
    assert "缺少年份" in no_year.output and "没有可以导入的行" in no_year.output
    bad_url = _invoke("info", "--url", "nosuchdb+x://u@h/d")
    assert bad_url.exit_code == 1 and "错误" in bad_url.output


def test_default_location(tmp_path, monkeypatch):
    monkeypatch.delenv("HUISHEN_REGISTRY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_url() == f"sqlite:///{tmp_path}/xdg/huishen/registry.sqlite"
    monkeypatch.setenv("HUISHEN_REGISTRY", str(tmp_path / "shared"))
    assert resolve_url() == f"sqlite:///{tmp_path}/shared/registry.sqlite"
    monkeypatch.setenv("HUISHEN_REGISTRY", str(tmp_path / "office.db"))
    assert resolve_url() == f"sqlite:///{tmp_path}/office.db"
    monkeypatch.setenv("HUISHEN_REGISTRY", "postgresql+psycopg://u@server/huishen")
    assert resolve_url() == "postgresql+psycopg://u@server/huishen"
    assert resolve_url(str(tmp_path / "x")) == f"sqlite:///{tmp_path}/x/registry.sqlite"


PROBE = """
import json, sys
from click.testing import CliRunner
from pipeline.registry.cli import registry
result = CliRunner().invoke(registry, sys.argv[1:])
assert result.exit_code == 0, result.output
print(json.dumps(sorted(m for m in ("sqlalchemy", "alembic", "openpyxl", "psycopg") if m in sys.modules)))
"""


@pytest.mark.parametrize("args", [["--help"], ["import", "--help"], ["info", "--help"]])
def test_help_does_not_import_database_libraries(args):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
