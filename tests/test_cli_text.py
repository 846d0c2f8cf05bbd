"""Everything the CLI says is Chinese: click's own usage lines, help headings and errors (pipeline/cli_text.py),
``--version``, and our messages; checked on the real command with the jargon scanner (tests/jargon.py)."""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import click
import pytest

from pipeline import cli_text
from pipeline.cli import main
from tests.e2e_common import ROOT, huishen
from tests.jargon import jargon_in

# What the help legitimately shows as a value to type: check codes given as examples for --code.
# The profiles shipped in pipeline/profiles/, as the error lists them (sorted by name).
BUILT_IN = sorted(p.stem for p in (ROOT / "pipeline" / "profiles").glob("*.toml"))
HELP_VALUES = {"length.over", "summary", "psycopg", "postgresql"}


def _command_paths(command: click.Command, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            paths += _command_paths(sub, (*prefix, name))
    return paths


COMMANDS = _command_paths(main)


def test_every_command_is_listed():
    assert {p[0] for p in COMMANDS if p} >= {"run", "watch", "checks", "cache", "profiles", "review", "letters",
                                               "registry"}
    assert ("cache", "clear") in COMMANDS and ("registry", "import") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "huishen")
def test_help_is_chinese(path):
    proc = huishen([*path, "--help"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith(f"用法： huishen {' '.join(path)}".rstrip() + " [选项]")
    assert "选项:" in proc.stdout and "显示本帮助并退出。" in proc.stdout
    assert jargon_in(proc.stdout, allow=HELP_VALUES) == []


def test_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    proc = huishen(["--version"])
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"汇审 {version}\n", "")


USAGE_RUN = "用法： huishen run [选项] 收件文件夹\n输入“huishen run --help”查看用法。\n\n"

# (arguments, exit code, what is printed on stderr)
CLICK_ERRORS = [
    (["run"], 2, USAGE_RUN + "错误：缺少参数 '收件文件夹'.\n"),
    (["run", "收件"], 2, USAGE_RUN + "错误：缺少选项 '--profile'.\n"),
    (["run", "收件", "--profile", "banzu", "--bogus"], 2,
     USAGE_RUN + "错误：没有“--bogus”这个选项。 （是不是想输入其中之一：'--jobs', '--out'？）\n"),
    (["run", "收件", "--profil", "banzu"], 2, USAGE_RUN + "错误：没有“--profil”这个选项。 是不是想输入 '--profile'？\n"),
    (["run", "收件", "--profile", "banzu", "-j", "很多"], 2,
     USAGE_RUN + "错误：'--jobs' / '-j' 的值不对：“很多”不是整数。\n"),
    (["run", "收件", "--profile", "banzu", "--year", "3000"], 2,
     USAGE_RUN + "错误：'--year' 的值不对：3000 不在允许的范围内（1949 到 2100）。\n"),
    (["run", "收件", "--profile", "banzu", "--timeout", "0"], 2,
     USAGE_RUN + "错误：'--timeout' 的值不对：0.0 不在允许的范围内（不小于 1）。\n"),
    (["run", "收件", "--profile"], 2, "错误：选项“--profile”后面要跟一个值。\n"),
    (["run", "收件", "多余", "--profile", "banzu"], 2, USAGE_RUN + "错误：多出了参数（多余）\n"),
    (["审查"], 2, "用法： huishen [选项] 命令 [参数]...\n输入“huishen --help”查看用法。\n\n错误：没有“审查”这个命令。\n"),
    (["cache"], 2, None),  # a group without its command shows its help (click exits 2 here)
]


@pytest.mark.parametrize("args,code,stderr", CLICK_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_usage_errors_are_chinese(args, code, stderr):
    proc = huishen(args)
    assert proc.returncode == code
    if stderr is not None:
        assert proc.stderr == stderr
    assert jargon_in(proc.stdout + proc.stderr) == []


def test_our_usage_errors_are_chinese(tmp_path):
    """The messages the commands print themselves when a path or a profile is wrong."""
    missing = tmp_path / "没有这个文件夹"
    a_file = tmp_path / "材料.docx"
    a_file.write_bytes(b"x")
    cases = [
        (["run", str(missing), "--profile", "banzu", "--out", str(tmp_path / "out")], f"错误：找不到收件文件夹：{missing}"),
        (["run", str(a_file), "--profile", "banzu", "--out", str(tmp_path / "out")],
         f"错误：{a_file} 不是文件夹。请把各单位的材料放在一个文件夹里，再指定这个文件夹。"),
        (["run", str(tmp_path), "--profile", "班组", "--out", str(tmp_path / "out")],
         "错误：找不到配置“班组”。可用的配置：" + "、".join(BUILT_IN) + "；也可以给出 .toml 文件路径。"),
        (["review", str(missing)], None),
        (["letters", str(tmp_path), "--deadline", "明天"], "错误：--deadline “明天”不是日期，请写成 2024-10-15 这样的日期"),
        (["registry", "import", str(missing), "--campaign", "banzu"], f"错误：找不到名单文件：{missing}"),
    ]
    for args, expected in cases:
        proc = huishen(args)
        assert proc.returncode == 2, args
        out = proc.stdout + proc.stderr
        if expected is not None:
            assert out.strip() == expected
        assert jargon_in(out) == [], args


# ------------------------------------------------------------ the catalogue against the installed click

def _click_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every literal message click's modules pass to ``_`` and ``ngettext``."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            literal = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and len(literal) == 1:
                singles.add(literal[0])
            elif node.func.id == "ngettext" and len(literal) == 2:
                plurals.add((literal[0], literal[1]))
    return singles, plurals


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f} | set(re.findall(r"%\((\w+)\)s", text))


def test_catalogue_covers_click():
    singles, plurals = _click_messages()
    assert singles and plurals
    assert sorted(singles - set(cli_text.CATALOGUE)) == []
    assert sorted(plurals - set(cli_text.PLURALS)) == []


def test_catalogue_keeps_placeholders_and_is_chinese():
    for source, target in cli_text.CATALOGUE.items():
        assert _fields(target) <= _fields(source), source
        assert re.search(r"[\u4e00-\u9fff]", target) or target == "%(prog)s %(version)s", source
    for (one, many), target in cli_text.PLURALS.items():
        forms = (target, target) if isinstance(target, str) else target
        assert _fields(forms[0]) <= _fields(one) | _fields(many), one
        assert _fields(forms[1]) <= _fields(many) | _fields(one), many


# ------------------------------------------------------------ what the code itself says to users

def _user_strings(path: Path) -> list[tuple[int, str]]:
    """The Chinese string literals of a module (messages, labels, a check's docstring that ``huishen checks``
    prints), with their lines; the literal parts of f-strings included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[\u4e00-\u9fff]", node.value):
            found.append((node.lineno, node.value))
    return found


def test_no_in_house_jargon_in_what_the_code_says():
    """主表, 置信度, 压缩炸弹 and the like (tests/jargon.py JARGON) are words of the code's authors, not of a
    union office: never in a message, a label or a check's documentation."""
    from tests.jargon import JARGON

    hits = []
    for package in ("pipeline", "extractors", "checks"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, text in _user_strings(path):
                hits += [f"{path.relative_to(ROOT)}:{line}: {term}" for term in JARGON if term in text]
    for path in sorted((ROOT / "pipeline" / "profiles").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        hits += [f"{path.relative_to(ROOT)}: {term}" for term in JARGON if term in text]
    assert hits == []


def test_every_file_format_has_a_chinese_label():
    from extractors.models import FileFormat
    from pipeline.report import FORMAT_LABELS

    assert set(FORMAT_LABELS) == {f.value for f in FileFormat}
    assert all(jargon_in(label) == [] for label in FORMAT_LABELS.values())


def test_profile_errors_are_chinese(tmp_path):
    """pydantic and tomllib speak English ("Input should be a valid date", "Invalid value (at line 2, column 9)")."""
    from extractors.profile import ProfileError, load_profile

    cases = {
        "语法.toml": ('name = "x"\ntitle = \n', "配置文件 语法.toml 格式错误：第 2 行第 9 列附近写法不对（不是有效的 TOML：检查引号、等号和括号是否成对）"),
        "日期.toml": ('name = "x"\ntitle = "t"\nnotice = "n"\nnotice_date = "九月"\n', None),
    }
    for name, (text, expected) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(ProfileError) as e:
            load_profile(tmp_path / name)
        if expected:
            assert str(e.value) == expected
        assert jargon_in(str(e.value), allow={"name", "title", "notice", "notice_date", "kinds", "summary_table",
                                               "toml"}) == [], str(e.value)
    assert "notice_date（第 4 行）：应为日期，如 2024-09-30" in str(e.value)
    (tmp_path / "文件夹.toml").mkdir()
    (tmp_path / "编码.toml").write_bytes("name = '班组'".encode("gb18030"))
    for name, expected in (("文件夹.toml", "文件夹.toml 是一个文件夹，不是配置文件"),
                           ("编码.toml", "配置文件 编码.toml 不是 UTF-8 编码：请在编辑器中把它另存为 UTF-8 编码的文本")):
        with pytest.raises(ProfileError) as e:
            load_profile(tmp_path / name)
        assert str(e.value) == expected


def test_the_checks_listing_explains_in_chinese():
    """``huishen checks`` shows each check's code (what --code takes) and the profile keys that set it (in
    ``…``): those aside, its text is Chinese."""
    from checks.catalog import all_checks

    proc = huishen(["checks"])
    assert proc.returncode == 0
    text = re.sub(r"``[^`]*``", " ", proc.stdout)
    assert jargon_in(text, allow={c.code for c in all_checks()}) == []


def test_a_runs_messages_are_chinese(tmp_path):
    """A run, the findings listed, a decision taken (the outputs re-written), letters written: every line
    printed is Chinese (a finding's number, its stable key, is a name like a file's)."""
    from tests import docx_fixtures as fx

    inbox, out = tmp_path / "收件", tmp_path / "输出"
    (inbox / "甲工会").mkdir(parents=True)
    (inbox / "甲工会" / "一.docx").write_bytes(fx.form_docx(["推荐单位工会：甲市教育工会"], [["班组名称", "一班组"]]))
    (inbox / "甲工会" / "Thumbs.db").write_bytes(b"\0" * 16)
    steps = [["run", str(inbox), "--profile", "banzu", "--out", str(out), "-j", "0"], ["review", str(out)],
             ["review", str(out), "1", "--ignore", "--note", "已电话核实"], ["letters", str(out)],
             ["cache", "info"], ["profiles"]]
    for args in steps:
        proc = huishen(args)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
        assert proc.stderr == ""
        assert jargon_in(proc.stdout) == [], (args, proc.stdout)


def test_the_scanner_reads_workbooks_and_pages_as_a_reader_does(tmp_path):
    """For the outputs' tests: text of an .xlsx without its 代码 column, of a page without code, script and style."""
    import openpyxl

    from tests.jargon import html_text, workbook_text

    wb = openpyxl.Workbook()
    wb.active.title = "异常报告"
    wb.active.append(["序号", "代码", "问题"])
    wb.active.append([1, "length.over", "案例正文 687 字，超出 600 字上限 87 字"])
    wb.active.append([2, "field.missing", "Unexpected EOF"])
    wb.save(tmp_path / "a.xlsx")
    assert jargon_in(workbook_text(tmp_path / "a.xlsx")) == ["Unexpected", "EOF"]
    (tmp_path / "a.html").write_text('<html><style>td{color:red}</style><script>var x=1;</script><body>'
                                     '<p title="Page">问题<span class="code">field.missing</span></p><br>'
                                     '<td>legacy</td></body></html>', encoding="utf-8")
    assert jargon_in(html_text(tmp_path / "a.html")) == ["Page", "legacy"]
