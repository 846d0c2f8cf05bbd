"""``huishen scores``: 评分表 out of a checked batch (``make``), filled sheets back in and results (``collect``).

Attached to the main command with ``main.add_command(scores)``; only parses, calls and prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import cli_text
from pipeline.scores.collect import SCAN_SUFFIXES

cli_text.install()

EXIT_FAILED = 1
EXIT_USAGE = 2


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _fail(console, message: str, code: int = EXIT_USAGE) -> None:
    from rich.markup import escape

    console.print(f"[red]错误：[/red]{escape(message)}")
    sys.exit(code)


@click.group("scores")
def scores() -> None:
    """评审：为专家生成评分表，收回填好的评分表，计算平均分、排名和建议奖项。

    \b
    常用命令：
      huishen scores make 输出文件夹 --experts 5
      huishen scores make 输出文件夹 --expert 张三 --expert 李四 --expert 王五
      huishen scores collect 输出文件夹 评分表-张三.xlsx 评分表-李四.xlsx …
    """


@scores.command("make")
@click.argument("out_dir", metavar="输出文件夹", type=click.Path(path_type=Path))
@click.option("--experts", "count", type=click.IntRange(1, 50), default=None, metavar="人数",
              help="专家人数，评分表按“专家1”“专家2”……命名。两项都不写时，人数取评选配置中评分表一节设定的专家人数（默认 5）。")
@click.option("--expert", "names", multiple=True, metavar="姓名", help="专家姓名，可重复，每位专家一份评分表。")
@click.option("--profile", "profile_name", default=None, help="评选配置名称或 .toml 文件；默认用 records.json 中记录的配置。")
def make(out_dir: Path, count: int | None, names: tuple[str, ...], profile_name: str | None) -> None:
    """从审查过的一批材料生成每位专家的评分表，放在输出文件夹的“评审”文件夹里。

    符合条件的材料都列入评分表；有取消资格问题（如不符合申报条件、已获命名）的材料不列入，另列一页并写明原因。
    """
    from pipeline.atomic import write_atomic
    from pipeline.outputs.scoresheets import score_sheet_xlsx
    from pipeline.scores import panel as pn
    from pipeline.scores.collect import has_scores, load_store

    console = _console()
    if count and names:
        _fail(console, "--experts 和 --expert 只用一种：写人数，或逐个写出姓名")
    try:
        records = pn.read_records(out_dir)
        profile = pn.profile_for(records, profile_name)
        spec = pn.scoring_of(profile)
        experts = pn.expert_names(count or (None if names else spec.experts), list(names))
        panel = pn.build_panel(out_dir, profile, experts)
        store = load_store(out_dir)
        if store.sheets and (folder_panel := _old_panel(out_dir)) is not None and (
                folder_panel.entries != panel.entries or folder_panel.spec != panel.spec):
            _fail(console, f"{pn.folder(out_dir)} 中已经收了 {len(store.sheets)} 份评分表，而评审名单或评审指标已经变了"
                  "（材料重新审查过）；请把“评审”文件夹改名留存后再生成新的评分表")
    except pn.ScoresError as e:
        _fail(console, str(e))
    if not panel.entries:
        _fail(console, "没有符合条件的材料可以评审" + (f"（{len(panel.left_out)} 份被取消资格）" if panel.left_out else ""))
    d = pn.folder(out_dir)
    try:
        d.mkdir(parents=True, exist_ok=True)
        written, kept = [], []
        for x in experts:
            p = d / pn.sheet_name(x)
            if has_scores(p, panel):  # a returned sheet saved over the blank one: never overwritten
                kept.append(p)
                continue
            write_atomic(p, score_sheet_xlsx(panel, x))
            written.append(p)
        from pipeline.outputs.scoredocs import materials_docx

        write_atomic(d / pn.MATERIALS_DOCX, materials_docx(profile.title, pn.materials(records, profile, panel)))
        pn.save_panel(out_dir, panel)
    except OSError as e:
        _fail(console, f"无法写入 {d}（{e.strerror or e}）：请确认文件夹可写，评分表没有在其他程序中打开", EXIT_FAILED)
    console.print(f"[bold]已生成评分表 {len(written)} 份[/bold]（{profile.title}，{len(panel.entries)} 项材料，"
                  f"评审指标：{'、'.join(c.key for c in panel.spec.criteria)}），在 {d}/：")
    for p in written:
        console.print(f"  {p.name}")
    for p in kept:
        console.print(f"[yellow]提示：[/yellow]{p.name} 里已经填了分数，没有覆盖；如要重发空白表，请先把它移走")
    if panel.left_out:
        console.print(f"  不列入评审的 {len(panel.left_out)} 项（原因见评分表的“未列入评审”页）：")
        for x in panel.left_out:
            console.print(f"    {x.unit}　{x.name}：{x.reasons[0]}" + (f" 等 {len(x.reasons)} 个问题" if len(x.reasons) > 1 else ""))
    console.print(f"  {pn.MATERIALS_DOCX}：每项材料一页（推荐表的主要栏目和正文摘要），可与评分表一起发给专家。")
    console.print("  评分表中只有浅黄色的得分格可以填写；专家评完后，用 huishen scores collect 收回。")


def _old_panel(out_dir: Path):
    from pipeline.scores import panel as pn

    try:
        return pn.load_panel(out_dir)
    except pn.ScoresError:
        return None


def _sheet_files(console, given: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for g in given:
        if g.is_dir():
            files += sorted(p for p in g.glob("*.xlsx") if not p.name.startswith(("~$", ".")))
        elif not g.exists():
            _fail(console, f"找不到 {g}")
        elif g.suffix.lower() not in (".xlsx", *SCAN_SUFFIXES):
            _fail(console, f"{g.name} 不是评分表：请收回专家填好的评分表（.xlsx），或纸质评分表的扫描件（PDF 或图片）")
        else:
            files.append(g)
    return files


@scores.command("collect")
@click.argument("out_dir", metavar="输出文件夹", type=click.Path(path_type=Path))
@click.argument("sheets", metavar="[评分表]...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--by", "who", default=None, help="收表人（默认为当前登录用户名，或环境变量 HUISHEN_USER）。")
def collect(out_dir: Path, sheets: tuple[Path, ...], who: str | None) -> None:
    """收回专家填好的评分表（可以给出文件或文件夹），检查后计算结果，写出评审结果.xlsx 和评审结果.json。

    同一位专家重新交来的评分表替换原来的一份，并列出改动的分数；不给评分表时，只按已收的评分表重新计算结果。
    """
    import getpass
    import os

    from pipeline.scores import panel as pn
    from pipeline.scores.collect import collect as do_collect
    from pipeline.scores.collect import save_store
    from pipeline.scores.results import compute, write_results

    console = _console()
    try:
        panel = pn.load_panel(out_dir)
    except pn.ScoresError as e:
        _fail(console, str(e))
    files = _sheet_files(console, sheets)
    if sheets and not files:
        _fail(console, "给出的文件夹里没有 .xlsx 评分表")
    try:
        store, got = do_collect(out_dir, panel, files, who or os.environ.get("HUISHEN_USER") or getpass.getuser())
        res = compute(panel, store)
        save_store(out_dir, store)
        written = write_results(out_dir, panel, res)
    except pn.ScoresError as e:
        _fail(console, str(e))
    except OSError as e:
        _fail(console, f"无法写入 {pn.folder(out_dir)}（{e.strerror or e}）：请确认评审结果.xlsx 没有在其他程序中打开",
              EXIT_FAILED)
    _print_collected(console, panel, store, got, res, written)


def _print_collected(console, panel, store, got, res, written) -> None:
    from rich.markup import escape

    if got.taken:
        console.print(f"收到评分表 {len(got.taken)} 份：" + "、".join(f"{s.expert}（{s.file}）" for s in got.taken))
    for f in got.refused:
        console.print(f"[red]未收：[/red]{escape(f.message)}")
    for c in got.changes:
        if not c.lines:
            console.print(f"[bold]{c.expert}[/bold] 的评分表已替换（原 {c.old_file}，现 {c.file}），分数没有改动。")
            continue
        console.print(f"[bold]{c.expert}[/bold] 的评分表已替换（原 {c.old_file}，现 {c.file}），改动 {len(c.lines)} 处：")
        for line in c.lines:
            console.print(f"    {escape(line)}")
    if got.unchanged:
        console.print(f"  {'、'.join(got.unchanged)}重新交来的评分表与已收的相同，没有改动。")
    waiting = [x for x in panel.experts if x not in store.sheets]
    console.print(f"已收 {len(store.sheets)} 位专家的评分" + (f"，还差 {'、'.join(waiting)}" if waiting else "，已收齐"))
    errors = [f for f in res.findings if f.severity == "error"]
    if res.findings:
        console.print(f"评分表中有问题 {len(res.findings)} 个（错误 {len(errors)} 个），有错误的评分不计入结果，"
                      "请专家更正后重新收表：")
        for f in res.findings:
            colour = "red" if f.severity == "error" else "yellow"
            console.print(f"  [{colour}]{f.severity_label}[/{colour}]　{escape(f.message)}")
    for o in res.outliers:
        console.print(f"[yellow]请评审组长留意：[/yellow]{o.expert} 有 {len(o.entries)} 项评分明显偏离其他专家："
                      + escape("；".join(o.entries)))
    top = [r for r in res.entries if r.award]
    if top:
        console.print("建议奖项：" + "；".join(f"{a} {sum(1 for x in top if x.award == a)} 项"
                                          for a in dict.fromkeys(x.award for x in top)))
    console.print("评审结果在 " + "、".join(str(p) for p in written))
