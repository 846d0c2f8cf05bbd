"""The ``huishen`` command. The only layer that prints."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from pipeline import cli_text

cli_text.install()  # before the commands below are built: click's own words in Chinese

EXIT_USAGE = 2


def _console():
    from rich.console import Console

    # soft_wrap: long Chinese lines are left to the terminal instead of being cut at 80 columns.
    return Console(stderr=False, highlight=False, soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="显示调试信息。")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=cli_text.show_version,
              help="显示版本号并退出。")
def main(verbose: bool) -> None:
    """汇审：把各单位报送的推荐材料汇总成表，并逐项审查。

    \b
    常用命令：
      huishen run 收件文件夹 --profile banzu --out 输出文件夹
      huishen checks      列出全部检查项
      huishen profiles    列出可用的评选配置
    """
    from pipeline import logs

    logs.configure(verbose)


def _run_options(f):
    """Options shared by ``run`` and ``watch``."""
    for opt in reversed([
        click.argument("inbox", metavar="收件文件夹", type=click.Path(path_type=Path)),
        click.option("--profile", "profile_name", required=True, metavar="配置", help="评选配置名称（如 banzu）或 .toml 配置文件路径。"),
        click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True,
                     metavar="输出文件夹",
                     help="输出文件夹。"),
        click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
                     help="同时读取文件的进程数，默认等于 CPU 核数；0 表示在主进程中读取（不设超时保护）。"),
        click.option("--timeout", type=click.FloatRange(min=1), default=120, show_default=True,
                     help="单个文件最长读取时间（秒），超时的文件记为无法读取，其余照常处理。"),
        click.option("--no-cache", is_flag=True, help="不使用缓存：所有文件都重新读取（默认只读取新增或改动的文件）。"),
        click.option("--registry", "registry_url", default=None,
                     help="登记库位置（文件夹、.sqlite 文件或 postgresql+psycopg://… 地址）。默认使用 HUISHEN_REGISTRY，"
                          "否则 ~/.local/share/huishen/registry.sqlite；登记库存在时自动查往年命名、往年申报和相似文本。"),
        click.option("--year", type=click.IntRange(min=1949, max=2100), default=None,
                     help="本批材料的年度，默认取通知发文年份；只与更早年度的记录比较。"),
        click.option("--remember", is_flag=True, help="审查完成后把本批材料（名称、单位、负责人，以及用来查相似文本的长文本特征）记入登记库。"),
    ]):
        f = opt(f)
    return f


def _session(console, inbox: Path, profile_name: str, out_dir: Path, no_cache: bool, jobs: int | None,
             timeout: float, registry_url: str | None, year: int | None, remember: bool, keep_workers: bool = False):
    """The run's Session, its arguments checked (exit 2 with a Chinese message when unusable)."""
    from pipeline.session import Session, SessionOptions, UsageError, check_folders, load_profile

    try:
        profile = load_profile(profile_name)
        check_folders(inbox, out_dir)
    except UsageError as e:
        console.print(f"[red]错误：[/red]{e}")
        sys.exit(EXIT_USAGE)
    options = SessionOptions(jobs=jobs, timeout=timeout, use_cache=not no_cache, registry_url=registry_url,
                             year=year, remember=remember, keep_workers=keep_workers)
    return Session(profile, options, on_event=lambda e: _show_notice(console, e))


def _show_notice(console, event) -> None:
    from pipeline.session import Notice

    if isinstance(event, Notice):
        console.print(f"[yellow]提示：[/yellow]{event.text}" if event.level == "warning" else f"  {event.text}")


def _execute(console, session, inbox: Path, out_dir: Path, show_progress: bool = True) -> bool:
    """One run and its outputs; prints the summary. False when the outputs could not be written or the batch
    could not be remembered."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from pipeline import logs
    from pipeline.outputs import OutputError
    from pipeline.session import FileRead, FilesFound, HistoryLoaded, NothingToReview, UsageError

    started = time.perf_counter()
    log_file = logs.start_file(out_dir)
    history: list[HistoryLoaded] = []
    nothing: NothingToReview | None = None
    with Progress(TextColumn("[bold]读取材料"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=console, transient=True,
                  # not on a terminal (output to a file or another program), a transient bar leaves a blank line
                  disable=not show_progress or not console.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def on_event(event) -> None:
            if isinstance(event, FilesFound):
                bar.update(task, total=event.total)
            elif isinstance(event, FileRead):
                bar.update(task, advance=1, description=event.path[-40:])
            elif isinstance(event, HistoryLoaded):
                history.append(event)
            else:
                _show_notice(console, event)

        session.on_event = on_event
        try:
            report = session.run(inbox)
        except UsageError as e:
            console.print(f"[red]错误：[/red]{e}")
            sys.exit(EXIT_USAGE)
        except NothingToReview as e:
            nothing = e
        finally:
            session.on_event = lambda e: _show_notice(console, e)
    if nothing is not None:  # not a success: no empty 汇总表 is written
        console.print(f"[red]{nothing}[/red]")
        console.print(f"  没有生成汇总表和异常报告{_previous_outputs(out_dir)}。")
        return False
    try:
        written = session.write(report, out_dir)
    except OutputError as e:
        # One message: which file, what to do. The outputs were put in place all together or not at all, so
        # the folder holds the previous run's set, complete (the details are in huishen.log).
        console.print(f"[red]输出文件没有更新：[/red]{e}")
        return False
    _summary(console, report, written, out_dir, time.perf_counter() - started)
    if n := logs.problems_logged(log_file):
        console.print(f"  运行中有 {n} 条技术记录（如个别文件读取出错的详细经过），见 {log_file}；"
                      "材料本身的问题都已写入异常报告。")
    if session.cache is not None and session.cache.unwritable:
        console.print(f"[yellow]提示：[/yellow]缓存无法写入（{session.cache.unwritable}），本次的读取结果没有存入缓存，"
                      "下次运行会重新读取；审查结果不受影响。")
    for h in history:
        console.print(f"  已对照登记库（{h.location}）中 {h.year} 年以前的记录：命名 {h.named} 项，"
                      f"申报 {h.submitted} 项，文本 {h.texts} 篇")
    if session.options.remember:
        return _remember(console, session, report, inbox)
    return True


def _previous_outputs(out_dir: Path) -> str:
    """"；…中上次的输出文件没有改动" when the output folder holds a previous run's outputs, else ""."""
    from pipeline.outputs.book import OUTPUT_NAMES

    if any((out_dir / name).exists() for name in OUTPUT_NAMES):
        return f"；{out_dir}/ 中仍是上次审查的输出文件，没有改动"
    return ""


def _remember(console, session, report, inbox: Path) -> bool:
    from pipeline.registry.store import RegistryError

    try:
        n, location, stored = session.remember(report, inbox)
    except RegistryError as e:
        console.print(f"[red]登记库不可用，本批材料没有记入登记库：[/red]{e}")
        return False
    console.print(f"  已把本批 {n} 项记入登记库（{location}，{session.year} 年；新增 {stored.added}，"
                  f"更新 {stored.replaced}）")
    return True


def _summary(console, report, written: list[Path], out_dir: Path, elapsed: float) -> None:
    from extractors.models import Severity
    from pipeline.report import JUNK, UNREADABLE, UNRECOGNISED

    docs = report.documents
    kinds: dict[str, int] = {}
    for d in docs:
        kinds[d.record.kind] = kinds.get(d.record.kind, 0) + 1
    sev = report.severity_counts()
    recognised = sum(n for k, n in kinds.items() if k not in (JUNK, UNREADABLE, UNRECOGNISED))
    console.print(f"[bold]汇审完成[/bold]（配置：{report.profile.name}，用时 {elapsed:.1f} 秒）")
    files = sum(1 for d in docs if not d.record.part_of)  # a file holding two materials is one file
    if report.read_count < files:
        console.print(f"  本次读取 {report.read_count} 个新增或改动的文件，其余 {files - report.read_count} 个"
                      "与上次相同，直接使用上次的提取结果")
    console.print(f"  文件 {files} 个，来自 {len(report.units())} 个单位；识别出材料 {recognised} 份："
                  + "，".join(f"{report.kind_label(k)} {n}" for k, n in sorted(kinds.items())))
    if report.units_mixed():
        console.print("  文件夹里混有多个单位的材料，逐个文件确定所属单位："
                      + "，".join(f"{how} {n} 个" for how, n in report.unit_sources()))
    console.print(f"  发现问题：[red]错误 {sev.get(Severity.ERROR, 0)}[/red]，"
                  f"[yellow]警告 {sev.get(Severity.WARNING, 0)}[/yellow]，提示 {sev.get(Severity.INFO, 0)}")
    if ignored := report.ignored_findings():
        console.print(f"  另有 {len(ignored)} 项经核实不是问题（已忽略），不计入以上数量，单列在异常报告中")
    if report.changes is not None and report.changes.any():
        console.print(f"  与 {report.changes.since} 的审查结果相比（本次更正，详见异常报告“本次更正”工作表）：")
        for u in report.changes.units:
            files = "，".join(f"{what} {len(ps)} 个文件" for what, ps in
                             (("新增", u.new_files), ("替换", u.replaced_files), ("撤下", u.removed_files)) if ps)
            if u.files_changed or u.resolved or u.new:
                console.print(f"    {u.unit or '整批'}：{files + '；' if files else ''}已解决 {len(u.resolved)} 项，"
                              f"仍存在 {len(u.remaining)} 项，新出现 {len(u.new)} 项")
    if report.outputs_reused:
        console.print(f"  输入、配置和程序都与上次相同，{out_dir}/ 中的输出文件保持不变："
                      + "、".join(p.name for p in written))
    elif written:
        console.print(f"  输出文件在 {out_dir}/：" + "、".join(p.name for p in written))



@main.command()
@_run_options
def run(inbox: Path, profile_name: str, out_dir: Path, jobs: int | None, timeout: float, no_cache: bool,
        registry_url: str | None, year: int | None, remember: bool) -> None:
    """审查收件文件夹中的全部材料，生成汇总表、异常报告、材料明细和 records.json。"""
    console = _console()
    with _session(console, inbox, profile_name, out_dir, no_cache, jobs, timeout, registry_url, year,
                  remember) as session:
        ok = _execute(console, session, inbox, out_dir)
    if not ok:
        sys.exit(1)


@main.command()
@_run_options
@click.option("--interval", type=click.FloatRange(min=0.1), default=2.0, show_default=True,
              help="检查收件文件夹的间隔（秒）。")
def watch(inbox: Path, profile_name: str, out_dir: Path, jobs: int | None, timeout: float, no_cache: bool,
          registry_url: str | None, year: int | None, remember: bool, interval: float) -> None:
    """监视收件文件夹：有新材料放入或材料被替换时，等文件复制完整后自动重新审查并更新输出。按 Ctrl-C 停止。"""
    from pipeline.watch import Watcher, stop_on_sigterm

    stop_on_sigterm()
    console = _console()
    # Kept between runs: the worker processes and the text checks' models. Both are made ready while
    # the watch waits, so a re-run after a corrected file arrives pays for neither.
    session = _session(console, inbox, profile_name, out_dir, no_cache, jobs, timeout, registry_url, year,
                       remember, keep_workers=True)
    console.print(f"开始监视 {inbox}（每 {interval:g} 秒检查一次，按 Ctrl-C 停止）")
    watcher = Watcher(inbox, interval)
    try:
        for changed in watcher.changes():
            if changed:
                console.print(f"[bold]发现变化：[/bold]{changed}，文件复制完成后重新审查")
            _execute(console, session, inbox, out_dir, show_progress=False)
            session.get_ready()
            console.print(f"继续监视 {inbox} ……")
    except KeyboardInterrupt:
        pass
    finally:
        session.close()
    console.print("已停止监视。")


@main.command()
def checks() -> None:
    """列出全部检查项：代码、名称、默认严重程度和说明。"""
    from checks.catalog import all_checks

    console = _console()
    for c in all_checks():
        phase = {"record": "单份材料", "batch": "整批材料"}.get(c.phase, "单份材料和整批材料")
        console.print(f"[bold]{c.code}[/bold]  {c.title}  （{c.severity.label}，{phase}）")
        for line in c.doc().splitlines():
            console.print(f"    {line}")
        console.print()


@main.group()
def cache() -> None:
    """管理提取结果缓存（重新运行时只读取新增或改动的文件）。"""


@cache.command("info")
def cache_info() -> None:
    """显示缓存位置和大小。"""
    from pipeline.cache import RecordCache

    c = RecordCache()
    n, size = c.stats()
    c.close()
    _console().print(f"缓存位置：{c.dir}\n已缓存 {n} 份材料的提取结果，占用 {size / 1024 / 1024:.1f} MB"
                     "\n（可用环境变量 HUISHEN_CACHE_DIR 指定位置）")


@cache.command("clear")
def cache_clear() -> None:
    """清空缓存；下次运行会重新读取全部文件。"""
    from pipeline.cache import cache_dir, clear

    freed = clear()
    _console().print(f"已清空缓存 {cache_dir()}（释放 {freed / 1024 / 1024:.1f} MB）")


@main.command()
def profiles() -> None:
    """列出内置的评选配置。"""
    from extractors.profile import ProfileError, load_profile
    from pipeline.config import bundled_profiles

    console = _console()
    for name, path in bundled_profiles().items():
        try:
            p = load_profile(path)
            kinds = "、".join(k.title for k in p.kinds)
            console.print(f"[bold]{name}[/bold]  {p.title}\n    通知：{p.notice}（{p.notice_date}）\n    材料：{kinds}")
        except ProfileError as e:
            console.print(f"[bold]{name}[/bold]  [red]配置有误[/red]：{e}")


@main.command()
@click.argument("folder", metavar="文件夹", type=click.Path(path_type=Path))
@click.argument("refs", metavar="[序号]...", nargs=-1)
@click.option("--keep", "status", flag_value="kept", help="标为“已核实（保留）”：确是问题，保留在报告中。")
@click.option("--ignore", "status", flag_value="ignored", help="标为“不是问题（忽略）”：移出问题数，单列并注明说明。")
@click.option("--notified", "status", flag_value="notified", help="标为“已通知”：已告知报送单位。")
@click.option("--clear", "status", flag_value="clear", help="撤销原来的处理决定。")
@click.option("--note", default="", help="处理说明，如“已电话核实，单位已说明情况”。")
@click.option("--code", default=None, help="只选这一检查项的问题（代码，如 length.over；以“.”结尾表示一类，如 summary.）。")
@click.option("--unit", default=None, help="只选这个单位的问题（单位名称的一部分即可）。")
@click.option("--subject", default=None, help="只选这个班组/工作室的问题（名称的一部分即可）。")
@click.option("--by", "who", default=None, help="标注人（默认为当前登录用户名，或环境变量 HUISHEN_USER）。")
@click.option("--import", "import_xlsx", is_flag=False, flag_value="", default=None, metavar="[异常报告.xlsx]",
              help="读取在异常报告.xlsx“处理决定”“处理说明”两列中填写的决定（默认读取输出文件夹中的异常报告.xlsx）。")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="文件夹是收件文件夹时，它的输出文件夹（默认 outputs）。")
@click.option("--no-refresh", is_flag=True, help="只保存决定，不重新生成输出文件（下次运行时再体现）。")
def review(folder: Path, refs: tuple[str, ...], status: str | None, note: str, code: str | None, unit: str | None,
           subject: str | None, who: str | None, import_xlsx: str | None, out_dir: Path | None,
           no_refresh: bool) -> None:
    """对审查发现的问题作出处理决定，并更新全部输出。

    \b
    文件夹是输出文件夹（或收件文件夹，配合 --out）；序号是问题的序号（见异常报告“序号”列）或问题编号。
    \b
    例：
      huishen review 输出文件夹                          列出全部问题及其处理决定
      huishen review 输出文件夹 3 7 --ignore --note "已电话核实"
      huishen review 输出文件夹 --code length.over --unit 南京大学 --keep
      huishen review 输出文件夹 --import                 读取异常报告.xlsx 中填写的决定
    """
    from pipeline.review import batch as rb
    from pipeline.review import decisions as dec

    console = _console()
    out = _review_folder(console, folder, out_dir)
    try:
        b = rb.load_batch(out)
        decisions = dec.load(out)
    except (rb.BatchError, dec.DecisionError) as e:
        console.print(f"[red]错误：[/red]{e}")
        sys.exit(EXIT_USAGE)
    if import_xlsx is None and status is None:  # nothing to decide: list the findings (those chosen, if any)
        chosen = dec.select(b.findings, refs, code, unit, subject) if (refs or code or unit or subject) else None
        if chosen is not None and chosen.problem:
            console.print(f"[red]错误：[/red]{chosen.problem}")
            sys.exit(EXIT_USAGE)
        _list_findings(console, b, decisions, chosen.findings if chosen else b.findings)
        return
    changes: list = []
    if import_xlsx is not None:
        try:
            got = rb.import_xlsx(b, decisions, Path(import_xlsx) if import_xlsx else None, who=who)
        except rb.BatchError as e:
            console.print(f"[red]错误：[/red]{e}")
            sys.exit(EXIT_USAGE)
        changes += got.changes
        console.print(f"从异常报告中读到 {got.rows_read} 条填写的决定，其中 {len(got.changes)} 条是新的或有改动。")
        for r in got.refused:
            console.print(f"[yellow]未采用：[/yellow]“{r.sheet}”第 {r.row} 行“{r.value}”：{r.reason}")
    if status is not None:
        chosen = dec.select(b.findings, refs, code, unit, subject)
        if chosen.problem:
            console.print(f"[red]错误：[/red]{chosen.problem}")
            sys.exit(EXIT_USAGE)
        changes += dec.apply(decisions, chosen.findings, None if status == "clear" else dec.Status(status), note,
                             who=who)
    if not changes:
        console.print("处理决定没有变化。")
        return
    try:
        saved = dec.save(out, decisions)
    except dec.DecisionError as e:
        console.print(f"[red]错误：[/red]{e}")
        sys.exit(1)
    numbers = {f.key: i for i, f in enumerate(b.findings, 1)}
    for c in changes:
        what = c.after.status.label if c.after else "撤销决定"
        console.print(f"  {numbers.get(c.finding.key, '')}. {what}：{c.finding.unit or '整批'} {c.finding.message}")
    console.print(f"已保存 {len(changes)} 条处理决定到 {saved}")
    if no_refresh:
        console.print("输出文件没有重新生成；下次运行 huishen run 时会体现这些决定。")
        return
    _refresh(console, b, out)


def _review_folder(console, folder: Path, out_dir: Path | None) -> Path:
    """The output folder ``huishen review`` works on: FOLDER itself when it holds records.json, else the output
    folder (``--out``, default outputs) of a batch whose inbox is FOLDER."""
    import json

    from pipeline.review.batch import RECORDS

    if (folder / RECORDS).is_file():
        return folder
    out = out_dir or Path("outputs")
    try:
        inbox = json.loads((out / RECORDS).read_text(encoding="utf-8")).get("inbox", "")
    except (OSError, ValueError, AttributeError):
        inbox = ""
    if inbox and Path(inbox).resolve() == folder.resolve():
        return out
    console.print(f"[red]错误：[/red]{folder} 不是汇审的输出文件夹（其中没有 records.json）"
                  + (f"，{out} 也不是它的输出文件夹" if folder.is_dir() else "")
                  + "；请指明输出文件夹，或用 --out 指明收件文件夹的输出文件夹")
    sys.exit(EXIT_USAGE)


def _list_findings(console, b, decisions, findings: list) -> None:
    numbers = {f.key: i for i, f in enumerate(b.findings, 1)}
    console.print(f"[bold]{b.profile_title or b.profile}[/bold]：共 {len(b.findings)} 条问题"
                  f"，已作处理决定 {sum(1 for f in b.findings if decisions.get(f.key))} 条")
    for f in findings:
        d = decisions.get(f.key)
        mark = f"  [cyan]【{d.status.label}{'：' + d.note if d.note else ''}】[/cyan]" if d else ""
        console.print(f"{numbers[f.key]:>4}. {f.severity.label} {f.unit or '整批'}"
                      f"{' · ' + f.subject if f.subject else ''}：{f.message}{mark}  [dim]{f.key}[/dim]")


def _refresh(console, b, out: Path) -> None:
    """Re-write the outputs with the decisions: the batch is run again (unchanged files come from the cache)."""
    # the inbox as it was typed (relative to where the run was started), else as the run resolved it
    inbox = next((Path(p) for p in (b.inbox, b.inbox_path) if p and Path(p).is_dir()), Path(b.inbox))
    if not b.inbox or not inbox.is_dir():
        console.print(f"[yellow]提示：[/yellow]收件文件夹 {b.inbox or '（未知）'} 已不存在，输出文件没有重新生成；"
                      "决定已保存，下次运行时会体现")
        return
    console.print("正在按处理决定更新输出文件……")
    with _session(console, inbox, b.profile, out, False, None, 120, None, None, False) as session:
        ok = _execute(console, session, inbox, out, show_progress=False)
    if not ok:
        sys.exit(1)


def _parse_date(text: str):
    """A date typed as 2024-10-15, 2024/10/15, 2024.10.15 or 2024年10月15日; None when it is not one."""
    import datetime as dt
    import re

    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@main.command()
@click.argument("out_dir", metavar="输出文件夹", type=click.Path(path_type=Path))
@click.option("--deadline", "deadline_text", default=None, metavar="日期",
              help="重新报送的截止日期，如 2024-10-15。默认取配置中的 [letters] deadline，否则为 7 天后。")
@click.option("--contact", default=None, help="联系人。默认取配置；都没有时留一条横线手写。")
@click.option("--phone", default=None, help="联系电话。默认取配置；都没有时留一条横线手写。")
@click.option("--sender", default=None, help="落款单位。默认取配置；都没有时留一条横线手写。")
@click.option("--template", "template_path", type=click.Path(path_type=Path), default=None,
              help="自己的 Word 模板（.docx）；默认用汇审自带的模板。")
@click.option("--profile", "profile_name", default=None,
              help="评选配置名称或 .toml 文件；默认用 records.json 中记录的配置。")
@click.option("--mark-notified", is_flag=True,
              help="把写入通知、还没有处理决定的问题标为“已通知”（处理说明写明修改期限），并更新输出文件。")
def letters(out_dir: Path, deadline_text: str | None, contact: str | None, phone: str | None, sender: str | None,
            template_path: Path | None, profile_name: str | None, mark_notified: bool) -> None:
    """为有待改问题的每个推荐单位生成一份退改通知（Word），写入输出文件夹的“退改通知”文件夹，并打包成一个 zip 文件。

    输出文件夹是 huishen run 的输出文件夹。标为“不是问题（忽略）”的问题不写入通知；只有提示的单位不发通知。
    """
    import datetime as dt

    from pipeline.outputs.letters import LetterError, LetterTemplate, LetterWriteError, write_letters
    from pipeline.review.letters import LetterOptions, letters_for

    console = _console()
    deadline = _parse_date(deadline_text) if deadline_text is not None else None
    if deadline_text is not None and deadline is None:
        console.print(f"[red]错误：[/red]--deadline “{deadline_text}”不是日期，请写成 2024-10-15 这样的日期")
        sys.exit(EXIT_USAGE)
    options = LetterOptions(deadline=deadline, contact=contact, phone=phone, sender=sender, profile=profile_name)
    try:
        template = LetterTemplate.load(template_path)
        plan = letters_for(out_dir, options)
        written = write_letters(out_dir, plan.letters, template)
    except LetterWriteError as e:
        console.print(f"[red]错误：[/red]{e}")
        sys.exit(1)
    except LetterError as e:
        console.print(f"[red]错误：[/red]{e}")
        sys.exit(EXIT_USAGE)
    head = plan.head
    if not plan.letters:
        console.print("[bold]没有需要退改的单位[/bold]：各单位都没有待改的错误或警告"
                      + (f"（{plan.ignored} 条已标为不是问题）" if plan.ignored else "")
                      + f"；{written.folder}/ 中没有通知。")
        return
    console.print(f"[bold]已生成退改通知 {len(plan.letters)} 份[/bold]（共 {sum(len(x.rows) for x in plan.letters)} "
                  f"个问题），在 {written.folder}/：")
    for letter, path in zip(plan.letters, written.files, strict=True):
        console.print(f"  {path.name}　错误 {letter.errors}，警告 {letter.warnings}")
    console.print(f"  全部打包：{written.zip.name}")
    source = {"配置": "（取自配置）",
              "默认": f"（默认为 {(head.deadline - head.date).days} 天后，可用 --deadline 指定）"}.get(plan.deadline_from, "")
    console.print(f"  修改期限：{head.deadline.year}年{head.deadline.month}月{head.deadline.day}日{source}")
    if head.deadline < dt.date.today():
        console.print("[yellow]提示：[/yellow]修改期限早于今天，请核对 --deadline。")
    blanks = [name for name, value in (("联系人", head.contact), ("联系电话", head.phone), ("落款单位", head.sender))
              if not value]
    if blanks:
        console.print(f"[yellow]提示：[/yellow]{'、'.join(blanks)}没有设置，通知中留了横线，请打印后手写"
                      "（或用 --contact / --phone / --sender 指定）。")
    if plan.ignored:
        console.print(f"  已标为“不是问题（忽略）”的 {plan.ignored} 个问题没有写入通知。")
    if plan.staff_only:
        console.print(f"  {plan.staff_only} 个问题是请审核人员自己核对的（如扫描件识别待核对、所属单位为推测），没有写入通知。")
    if plan.without_unit:
        console.print(f"  {plan.without_unit} 个问题不属于任何单位（如整批的问题），没有写入通知，见异常报告。")
    if mark_notified:
        _mark_notified(console, out_dir, plan.letters, head.deadline)


def _mark_notified(console, out_dir: Path, letters: list, deadline) -> None:
    """The problems just written into letters, without a decision yet, marked 已通知 (the deadline as the note)."""
    from pipeline.review import batch as rb
    from pipeline.review import decisions as dec

    try:
        b = rb.load_batch(out_dir)
        decisions = dec.load(out_dir)
    except (rb.BatchError, dec.DecisionError) as e:
        console.print(f"[red]错误：[/red]{e}；问题没有标为已通知")
        sys.exit(1)
    found = b.by_key()
    keys = {row.key for letter in letters for row in letter.rows}
    todo = [found[k] for k in sorted(keys) if k in found and decisions.get(k) is None]
    note = f"已发退改通知，要求 {deadline.year}年{deadline.month}月{deadline.day}日前重新报送"
    changes = dec.apply(decisions, todo, dec.Status.NOTIFIED, note)
    if not changes:
        console.print("  通知中的问题都已有处理决定，没有改动。")
        return
    try:
        dec.save(out_dir, decisions)
    except dec.DecisionError as e:
        console.print(f"[red]错误：[/red]{e}")
        sys.exit(1)
    console.print(f"  已把 {len(changes)} 个问题标为“已通知”（已有处理决定的 {len(keys) - len(changes)} 个保持不变）。")
    _refresh(console, b, out_dir)


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, metavar="端口",
              help="网页的端口。")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="在哪个地址上提供网页。默认只在本机；指定其他地址（如 0.0.0.0）时必须同时用 --token 设置访问口令。")
@click.option("--token", default=None, envvar="HUISHEN_TOKEN", metavar="口令",
              help="访问口令（至少 8 个字符），打开网页时需要；也可用环境变量 HUISHEN_TOKEN。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="网页上传的材料和审查结果存放的文件夹（默认 HUISHEN_WEB_DIR，否则 ~/.local/share/huishen/web）。")
@click.option("--folder", "folders", type=click.Path(path_type=Path), multiple=True,
              help="同时在网页中列出的命令行输出文件夹（huishen run 的 --out），可重复。")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None, help="同时读取文件的进程数，默认等于 CPU 核数。")
@click.option("--registry", "registry_url", default=None, help="登记库位置（同 huishen run --registry）。")
def serve(port: int, host: str, token: str | None, no_browser: bool, data_dir: Path | None,
          folders: tuple[Path, ...], jobs: int | None, registry_url: str | None) -> None:
    """在浏览器中使用汇审：上传材料、查看进度和结果、处理问题、下载报告和退改通知。按 Ctrl-C 停止。"""
    from pipeline.web.server import ServeError
    from pipeline.web.server import serve as run_server
    from pipeline.web.settings import WebSettings, default_data_dir

    console = _console()
    for f in folders:
        if not (f / "records.json").is_file():
            console.print(f"[red]错误：[/red]{f} 不是汇审的输出文件夹（其中没有 records.json）")
            sys.exit(EXIT_USAGE)
    settings = WebSettings(data_dir=data_dir or default_data_dir(), host=host, port=port, token=token,
                           folders=[f.resolve() for f in folders], jobs=jobs, registry_url=registry_url)
    problem = settings.check()
    if problem:
        console.print(f"[red]错误：[/red]{problem}")
        sys.exit(EXIT_USAGE)

    def ready(url: str) -> None:
        from pipeline.web.settings import is_loopback

        console.print(f"汇审网页已启动：[bold]{url}[/bold]")
        if not is_loopback(host):
            console.print(f"  同一网络的同事请打开 http://<这台电脑的地址>:{port}/?token=<访问口令>，"
                          "并在页面右上角填写自己的名字（标注人）")
        console.print(f"  材料和结果存放在 {settings.data_dir}；按 Ctrl-C 停止。")

    try:
        run_server(settings, open_browser=not no_browser, on_ready=ready)
    except ServeError as e:
        console.print(f"[red]错误：[/red]{e}")
        sys.exit(EXIT_USAGE)
    console.print("汇审网页已停止。")


def _attach_registry() -> None:
    from pipeline.registry.cli import registry
    from pipeline.scores.cli import scores

    main.add_command(registry)
    main.add_command(scores)
    cli_text.localise(main)


_attach_registry()

if __name__ == "__main__":
    main()
