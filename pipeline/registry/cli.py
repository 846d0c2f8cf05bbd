"""``huishen registry``: import 命名名单 into the registry and show what it holds (see ``pipeline.registry``).

Attached to the main command with ``main.add_command(registry)``. Every heavy import (SQLAlchemy, Alembic,
openpyxl) happens inside a command, so ``huishen --help`` stays light.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from pipeline import cli_text

cli_text.install()  # this module may be imported before pipeline.cli

_log = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_USAGE = 2
FIELD_LABELS = {"name": "名称", "unit": "单位", "leader": "领衔人", "year": "年份"}

_url_option = click.option(
    "--url",
    default=None,
    help="登记库位置：文件夹、.sqlite 文件，或多人共用的数据库地址（如 postgresql+psycopg://用户@服务器/库名）。"
    "默认使用环境变量 HUISHEN_REGISTRY，否则 ~/.local/share/huishen/registry.sqlite。",
)


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for h in header:
        t.add_column(h, overflow="fold")
    for r in rows:
        t.add_row(*(Text(v) for v in r))  # Text: a name like "XX[电气]班组" is not rich markup
    return t


@click.group("registry")
def registry() -> None:
    """登记库：往年命名名单和历次报送的记录，用于查出已命名项目和重复申报。

    \b
    常用命令：
      huishen registry import 命名名单.xlsx --campaign banzu --year 2023
      huishen registry info
    """


@registry.command("import")
@click.argument("file", metavar="名单文件", type=click.Path(path_type=Path))
@click.option("--campaign", required=True, help="评选名称，与 huishen run 的 --profile 一致（如 banzu）。")
@click.option(
    "--year",
    type=click.IntRange(1949, 2100),
    default=None,
    help="命名年份；名单中有“年份”“命名年度”列的行以名单为准。",
)
@_url_option
@click.option("--dry-run", is_flag=True, help="只读取并预览，不写入登记库。")
@click.option(
    "--preview",
    "preview_rows",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="预览显示的行数。",
)
def import_named(
    file: Path, campaign: str, year: int | None, url: str | None, dry_run: bool, preview_rows: int
) -> None:
    """把命名名单文件（.xlsx 或 .csv）导入登记库，先显示预览和无法读取的行。

    同一名单（同一文件名、评选和年份）再次导入时替换上次导入的内容，不会重复。
    """
    from rich.markup import escape

    from pipeline.registry.named_list import PREVIEW_HEADER, NamedListError, preview, read_named_list

    console = _console()
    campaign = campaign.strip()
    if not campaign:
        console.print("[red]错误：[/red]--campaign 不能为空。")
        sys.exit(EXIT_USAGE)
    if not file.is_file():
        console.print(f"[red]错误：[/red]找不到名单文件：{escape(str(file))}")
        sys.exit(EXIT_USAGE)
    try:
        named = read_named_list(file, year)
    except NamedListError as e:
        console.print(f"[red]错误：[/red]{escape(str(e))}")
        sys.exit(EXIT_USAGE)

    where = f"工作表“{named.sheet}”，" if named.sheet else ""
    cols = "，".join(f"{FIELD_LABELS[k]}＝“{v}”" for k, v in named.columns.items())
    if "year" not in named.columns:
        cols += f"；没有年份列，使用 --year {year}" if year is not None else "；没有年份列"
    console.print(escape(f"读取 {file.name}（{where}表头在第 {named.header_row} 行；{cols}）"))
    if named.rows and preview_rows:
        shown = min(preview_rows, len(named.rows))
        console.print(f"[bold]预览[/bold]（前 {shown} 行，共 {len(named.rows)} 行可导入）：")
        console.print(_table(PREVIEW_HEADER, preview(named.rows, preview_rows)))
    if named.skipped:
        console.print(f"[yellow]有 {len(named.skipped)} 行未能读取，不会导入：[/yellow]")
        console.print(
            _table(("行号", "原因", "内容"), [(str(s.row), s.reason, s.content) for s in named.skipped])
        )
    if not named.rows:
        console.print("[red]没有可以导入的行。[/red]")
        sys.exit(EXIT_FAILED)
    if dry_run:
        console.print(f"试运行：共 {len(named.rows)} 条可以导入，未写入登记库。")
        return

    from pipeline.registry.store import Registry, RegistryError

    try:
        with Registry.open(url) as reg:
            result = reg.add_named(named.rows, campaign, year, source=file.name)
            location = reg.location
    except RegistryError as e:
        console.print(f"[red]错误：[/red]{escape(str(e))}")
        sys.exit(EXIT_FAILED)
    console.print(
        escape(
            f"已导入 {len(named.rows)} 条（新增 {result.added}，替换上次导入的 {result.replaced}），"
            f"评选 {campaign}，登记库：{location}"
        )
    )


@registry.command("info")
@_url_option
def info(url: str | None) -> None:
    """显示登记库的位置，以及各评选、各年份的命名和报送条数。"""
    from rich.markup import escape

    from pipeline.registry.store import Registry, RegistryError

    console = _console()
    try:
        with Registry.open(url) as reg:
            data = reg.info()
    except RegistryError as e:
        console.print(f"[red]错误：[/red]{escape(str(e))}")
        sys.exit(EXIT_FAILED)
    backend = {"sqlite": "SQLite 文件", "postgresql": "PostgreSQL 数据库"}.get(data.backend, data.backend)
    console.print(escape(f"登记库位置：{data.location}（{backend}，结构版本 {data.revision}）"))
    if not data.counts:
        console.print(
            "登记库是空的。导入往年命名名单：huishen registry import 命名名单.xlsx --campaign 评选名称 --year 年份"
        )
    else:
        rows = [(c.campaign, str(c.year), str(c.named), str(c.submitted), str(c.texts)) for c in data.counts]
        console.print(_table(("评选", "年份", "命名", "报送", "文本"), rows))
    console.print("（可用 --url 或环境变量 HUISHEN_REGISTRY 指定登记库位置）")
