"""Click's own words in Chinese: usage lines, help headings, error messages.

Click marks its messages with ``gettext`` (each of its modules does ``from gettext import gettext as _`` and
imports ``ngettext``) but ships no Chinese catalogue. ``install()`` rebinds those two names in click's modules
to a lookup in ``CATALOGUE`` (a message missing from it stays as click wrote it, so a newer click degrades to
English, never to an error; tests/test_cli_text.py lists any message click has that the catalogue lacks).
Type names ("integer range", "path") and the bits click writes without gettext ("[OPTIONS]", "x>=0") are set
in Chinese too. Only the CLI layer calls ``install()``: it changes click for the whole process.
"""

from __future__ import annotations

import gettext
import importlib
import re
from collections.abc import Iterator

import click

# Placeholders keep their names (click fills them with .format); a ``!r`` becomes Chinese quotes.
CATALOGUE: dict[str, str] = {
    # usage and help
    "Usage:": "用法：",
    "d": "天",  # a progress bar's days
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（运行时确定）",
    "deprecated": "已停用",
    "Choice({choices})": "选项（{choices}）",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    # errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "输入“{command} {option}”查看用法。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Option {name!r} does not take a value.": "选项“{name}”后面不能跟值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符不对（{option}）",
    "Value must be an iterable.": "值必须是一组。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围内（{range}）。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是“是”或“否”。可用的值：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的编号。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”没有读取权限。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”没有写入权限。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能运行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "unknown error": "原因不明的错误",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Aborted!": "已中止。",
    "Error: invalid input": "错误：输入不对",
    "Error: The two entered values do not match.": "错误：两次输入的不一样。",
    "Repeat for confirmation": "请再输入一次以确认",
    "Do you want to continue?": "要继续吗？",
    "Confirm the action without prompting.": "不再询问，直接执行。",
    "Press any key to continue...": "按任意键继续……",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
    "Windows error: {error}": "Windows 错误：{error}",
    "Unknown color {colour!r}": "未知的颜色“{colour}”",
    "Unknown standard stream '{name}'": "未知的标准流“{name}”",
    "Shell completion is not supported for Bash versions older than 4.4.": "Bash 4.4 以前的版本不支持命令补全。",
    "Couldn't detect Bash version, shell completion is not supported.": "无法确定 Bash 版本，不支持命令补全。",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "提示：命令“{name}”已停用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "提示：{param_type}“{name}”已停用。{extra_message}",
    # mistakes in a command's definition (a programmer's, not a user's); here so that nothing stays English
    "Could not determine name for option with declarations {decls!r}": "无法确定选项的名称：{decls}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": "没有定义选项却给了名称（{name}）。",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": "参数只能有一个名称，却有 {length} 个：{decls}。",
    "Name '{name}' defined twice": "名称“{name}”定义了两次",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "开关选项“{decl}”的开和关不能用同一个写法。",
}

# ngettext messages by (singular, plural): one Chinese form, or (one, many) where the count changes the words.
PLURALS: dict[tuple[str, str], str | tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): "多出了参数（{args}）",
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        "需要 {nargs} 个值，却给了 {len} 个。",
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("是不是想输入 {possibility}？", "（是不是想输入其中之一：{possibilities}？）"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("选项“{name}”后面要跟一个值。", "选项“{name}”后面要跟 {nargs} 个值。"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): "“{value}”不是可选的值：{choices}。",
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        "“{value}”的格式不对，应为 {formats}。",
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."): "需要 {len_type} 个值，却给了 {len_value} 个。",
}

# click's parameter types by their ``name`` (used in messages and as the value's placeholder in help).
TYPE_NAMES = {
    "IntParamType": "整数",
    "FloatParamType": "数",
    "IntRange": "整数",
    "FloatRange": "数",
    "StringParamType": "文字",
    "UnprocessedParamType": "文字",
    "BoolParamType": "是或否",
    "UUIDParameterType": "编号",
    "File": "文件",
    "DateTime": "日期时间",
    "Choice": "选项",
}

OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
PROG = "汇审"


def translate(message: str) -> str:
    return CATALOGUE.get(message) or gettext.gettext(message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    found = PLURALS.get((singular, plural))
    if found is None:
        return gettext.ngettext(singular, plural, n)
    return found if isinstance(found, str) else found[0 if n == 1 else 1]


def _click_modules() -> Iterator[object]:
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils",
                 "shell_completion", "_termui_impl"):
        try:
            yield importlib.import_module(f"click.{name}")
        except ImportError:  # _termui_impl and friends are platform-dependent
            continue


def _describe_range(self) -> str:
    """A number range in words ("不小于 1", "1949 到 2100") instead of click's "x>=1"."""
    low = None if self.min is None else f"{'大于' if self.min_open else '不小于'} {self.min}"
    high = None if self.max is None else f"{'小于' if self.max_open else '不大于'} {self.max}"
    if low and high and not self.min_open and not self.max_open:
        return f"{self.min} 到 {self.max}"
    return "，".join(x for x in (low, high) if x)


def term_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: a Chinese character takes two (click counts one, and its help
    columns came out misaligned)."""
    import unicodedata

    from click._compat import strip_ansi

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in strip_ansi(text))


# Help text is wrapped at chunk boundaries; click's chunks are space-separated words, so a Chinese sentence was
# one chunk, cut anywhere ("异常报告.x" / "lsx"). Each Chinese character is a chunk of its own instead (with the
# punctuation that may not start a line, and that which may not end one); other words stay whole.
_CJK = "\u2e80-\u9fff\uf900-\ufaff"
_WRAP_CHUNKS = re.compile(f"(\\s+|[“‘（《【]*[{_CJK}][，。；：、）”’》】！？…]*)")

_installed = False


def install() -> None:
    """Click speaks Chinese from now on in this process (idempotent). Call before the commands are built: a
    ``click.Path`` takes its name when it is made."""
    global _installed
    if _installed:
        return
    for module in _click_modules():
        if getattr(module, "_", None) is gettext.gettext:
            module._ = translate
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = translate_plural
    for cls_name, name in TYPE_NAMES.items():
        cls = getattr(click.types, cls_name, None)
        if cls is not None:
            cls.name = name
    click.types._NumberRangeBase._describe_range = _describe_range
    for name in ("formatting", "_textwrap"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "term_len"):
            module.term_len = term_width
    wrapper = importlib.import_module("click._textwrap").TextWrapper
    wrapper.wordsep_re = wrapper.wordsep_simple_re = _WRAP_CHUNKS
    _installed = True


def localise(command: click.Command) -> None:
    """``command`` and every command under it shown with Chinese placeholders for options and subcommands."""
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group):
        if command.subcommand_metavar.startswith("COMMAND"):
            command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            localise(sub)


def version() -> str:
    """The installed package's version ("0.1.0"); from the source tree's pyproject.toml when not installed."""
    import importlib.metadata

    try:
        return importlib.metadata.version("huishen")
    except importlib.metadata.PackageNotFoundError:
        import tomllib
        from pathlib import Path

        try:
            with open(Path(__file__).resolve().parents[1] / "pyproject.toml", "rb") as f:
                return tomllib.load(f)["project"]["version"]
        except (OSError, KeyError, ValueError):
            return "（版本不明）"


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """The ``--version`` option's callback: "汇审 0.1.0"."""
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"{PROG} {version()}")
    ctx.exit()
