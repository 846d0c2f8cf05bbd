"""退改通知: one correction letter per unit, rendered from a Word template with docxtpl (Jinja in Word), and the
folder of them all (plus one zip) put in place at once.

What a letter says is gathered elsewhere (``pipeline.review.letters.letters_for``); this module only fills the
template with it. The template is a .docx an office may edit in Word and hand back: its placeholders are the
Chinese names in ``FIELDS``, so a secretary can read them. The default ships beside the code
(``pipeline/templates/退改通知.docx``, rebuilt by ``pipeline/templates/letter_template.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import logging
import os
import re
import secrets
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.oserrors import os_error_text

_log = logging.getLogger(__name__)

LETTERS_DIR = "退改通知"
ZIP_NAME = "退改通知（全部）.zip"
DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "退改通知.docx"
# Printed where a setting was left empty: a line to fill in by hand (a letter never invents a contact).
BLANK = "_" * 12
BLANK_SENDER = "_" * 20

# The placeholders a template may use, and what each holds (README and the template error list them).
FIELDS: dict[str, str] = {
    "推荐单位": "收信的推荐单位（如“南京大学工会”）",
    "评选名称": "评选的名称（如“创新型班组对标竞赛”）",
    "评选全称": "评选配置的完整标题（含年度和主办单位）",
    "通知名称": "通知的标题（不带书名号）",
    "通知日期": "通知的发文日期（如“2024年8月6日”）",
    "修改期限": "重新报送的截止日期（如“2024年10月15日”）",
    "联系人": "联系人（未设置时为一条横线，手写）",
    "联系电话": "联系电话（未设置时为一条横线）",
    "发文单位": "落款单位（未设置时为一条横线）",
    "发文日期": "落款日期（生成通知的日期）",
    "问题数": "需要修改的问题条数",
    "错误数": "其中错误的条数",
    "警告数": "其中警告的条数",
    "问题": "问题清单，每条有 序号、材料、存在问题、修改要求、依据、严重程度（在表格中用 {%tr for 行 in 问题 %} 逐行列出）",
}
ROW_FIELDS = ("序号", "材料", "存在问题", "修改要求", "依据", "严重程度")


# ---------------------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class LetterRow:
    """One problem a unit must correct, in the words the letter prints."""

    material: str  # the subject and the file name(s), one per line
    problem: str  # the finding's message, with its evidence where there is some
    requirement: str  # what the unit must do
    basis: str  # the check's title and the notice's rule ("通知要求：班组创新案例不超过 600 字")
    code: str
    severity: str  # "error" | "warning"
    key: str  # the finding's stable key (decisions hold on to it)


@dataclass(frozen=True)
class LetterHead:
    """What every letter of a batch shares: the campaign, the notice, the deadline and who to contact.
    ``contact``, ``phone`` and ``sender`` are "" when not set: the letter prints a line to fill in."""

    campaign: str  # the profile's title: "创新型班组对标竞赛（2024 江苏省教育科技工会）"
    notice: str
    notice_date: dt.date
    deadline: dt.date
    date: dt.date  # the letter's own date
    contact: str = ""
    phone: str = ""
    sender: str = ""

    @property
    def campaign_name(self) -> str:
        """The campaign without the trailing parenthesis of year and organiser, for a sentence."""
        return re.sub(r"\s*[（(][^（()）]*[)）]\s*$", "", self.campaign) or self.campaign


@dataclass
class UnitLetter:
    """One unit's letter: everything the template needs."""

    unit: str
    head: LetterHead
    rows: list[LetterRow] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(r.severity == "error" for r in self.rows)

    @property
    def warnings(self) -> int:
        return sum(r.severity == "warning" for r in self.rows)

    def context(self) -> dict[str, Any]:
        """The template's fields (``FIELDS``) for this letter."""
        h = self.head
        return {
            "推荐单位": _clean(self.unit),
            "评选名称": _clean(h.campaign_name),
            "评选全称": _clean(h.campaign),
            "通知名称": _clean(h.notice),
            "通知日期": chinese_date(h.notice_date),
            "修改期限": chinese_date(h.deadline),
            "联系人": _clean(h.contact) or BLANK,
            "联系电话": _clean(h.phone) or BLANK,
            "发文单位": _clean(h.sender) or BLANK_SENDER,
            "发文日期": chinese_date(h.date),
            "问题数": len(self.rows),
            "错误数": self.errors,
            "警告数": self.warnings,
            "问题": [{"序号": i, "材料": _clean(r.material), "存在问题": _clean(r.problem),
                      "修改要求": _clean(r.requirement), "依据": _clean(r.basis),
                      "严重程度": "错误" if r.severity == "error" else "警告"}
                     for i, r in enumerate(self.rows, 1)],
        }


def chinese_date(d: dt.date) -> str:
    """2024年10月15日 (Arabic figures, as official documents date themselves)."""
    return f"{d.year}年{d.month}月{d.day}日"


# Characters a Word document cannot hold (XML 1.0) or that docxtpl would turn into layout (\t, \a, \f):
# everything below U+0020 but the line break, which becomes a line break in the cell.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", str(text or "")).strip()


# ---------------------------------------------------------------------------------------- errors


class LetterError(Exception):
    """The letters cannot be made; the message is for the user (Chinese)."""


class LetterTemplateError(LetterError):
    """The template cannot be used (not a .docx, a Jinja error, an unknown placeholder). Nothing was written."""


class LetterWriteError(LetterError):
    """The letter folder cannot be written; the previous letters, if any, are as they were."""


# ---------------------------------------------------------------------------------------- rendering


def _env():
    from jinja2 import Environment, StrictUndefined

    # autoescape: a message with "<" or "&" stays text; StrictUndefined: "{{ 行.材科 }}" is an error, not blank.
    return Environment(autoescape=True, undefined=StrictUndefined)


@dataclass
class LetterTemplate:
    """A checked template: ``load`` refuses one that is not a .docx, has a Jinja error or names a field
    that does not exist, with a message naming the template and the problem."""

    path: Path
    data: bytes

    @classmethod
    def load(cls, path: Path | None = None) -> LetterTemplate:
        path = Path(path) if path is not None else DEFAULT_TEMPLATE
        name = path.name
        if path.suffix.lower() in (".doc", ".wps", ".dotx", ".dot"):
            raise LetterTemplateError(f"模板 {name} 不是 .docx 文件：请在 Word 中“另存为” Word 文档（.docx）后再用")
        try:
            data = path.read_bytes()
        except FileNotFoundError as e:
            raise LetterTemplateError(f"找不到模板文件：{path}") from e
        except IsADirectoryError as e:
            raise LetterTemplateError(f"模板 {path} 是文件夹，请给出 .docx 文件") from e
        except OSError as e:
            raise LetterTemplateError(f"无法读取模板 {path}（{_why(e)}）") from e
        template = cls(path, data)
        template._check()
        return template

    def _tpl(self):
        from docxtpl import DocxTemplate

        return DocxTemplate(io.BytesIO(self.data))

    def _parts(self) -> list[tuple[str, str]]:
        """(where, xml) of the body, headers and footers, prepared as docxtpl renders them (one paragraph per
        line, so a Jinja line number names a paragraph)."""
        tpl = self._tpl()
        try:
            tpl.init_docx()
            parts = [("正文", tpl.get_xml())]
            for uri, where in ((tpl.HEADER_URI, "页眉"), (tpl.FOOTER_URI, "页脚")):
                parts += [(where, tpl.get_part_xml(part)) for _, part in tpl.get_headers_footers(uri)]
        except Exception as e:  # noqa: BLE001 — python-docx refuses anything that is not a Word package
            _log.info("模板 %s 无法打开：%r", self.path, e)
            raise LetterTemplateError(f"模板 {self.path.name} 不是有效的 Word 文档（.docx），无法打开") from e
        return [(where, re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))) for where, xml in parts]

    def _check(self) -> None:
        from jinja2 import TemplateSyntaxError, meta

        env = _env()
        unknown: set[str] = set()
        for where, xml in self._parts():
            try:
                ast = env.parse(xml)
            except TemplateSyntaxError as e:
                _log.info("模板 %s 的 Jinja 错误：%s（第 %s 行）", self.path, e.message, e.lineno)
                near = _paragraph_text(xml, e.lineno)
                raise LetterTemplateError(
                    f"模板 {self.path.name} 有误：{where}中{_explain(e.message or '')}"
                    + (f"；出错处的文字：“{near}”" if near else "") + "。请在 Word 中改正后再用。") from e
            unknown |= meta.find_undeclared_variables(ast) - set(FIELDS)
        if unknown:
            names = "、".join(f"{{{{ {n} }}}}" for n in sorted(unknown))
            raise LetterTemplateError(
                f"模板 {self.path.name} 用了不存在的字段：{names}。可用的字段：" + "、".join(FIELDS)
                + "；每行问题的字段：" + "、".join(ROW_FIELDS) + "。")

    def render(self, letter: UnitLetter) -> bytes:
        """The letter as .docx bytes."""
        from jinja2 import TemplateError

        tpl = self._tpl()
        try:
            tpl.render(letter.context(), _env(), autoescape=True)
            buf = io.BytesIO()
            tpl.save(buf)
        except TemplateError as e:
            _log.info("模板 %s 渲染出错：%r", self.path, e)
            raise LetterTemplateError(f"模板 {self.path.name} 有误：{_explain_runtime(e)}。请在 Word 中改正后再用。") from e
        except (TypeError, ArithmeticError) as e:  # an expression Jinja cannot evaluate ({{ 问题数 + "个" }})
            _log.info("模板 %s 渲染出错：%r", self.path, e)
            raise LetterTemplateError(f"模板 {self.path.name} 有误：占位符中的算式无法计算（如把数字和文字相加）。"
                                      "请在 Word 中改正后再用。") from e
        except Exception as e:  # noqa: BLE001 — docxtpl on a template whose tags break its XML
            _log.info("模板 %s 渲染出错：%r", self.path, e, exc_info=True)
            raise LetterTemplateError(
                f"模板 {self.path.name} 无法生成通知：标记（如 {{% for %}}、{{% if %}}）可能跨越了表格行或段落；"
                "表格中的循环请写成 {%tr for 行 in 问题 %} … {%tr endfor %}，各占一行。") from e
        data = buf.getvalue()
        _check_opens(self.path.name, data)
        return data


def _check_opens(name: str, data: bytes) -> None:
    import docx

    try:
        docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001
        _log.info("按模板 %s 生成的通知无法打开：%r", name, e)
        raise LetterTemplateError(
            f"按模板 {name} 生成的通知无法打开：模板中的标记可能跨越了表格行或段落；"
            "表格中的循环请写成 {%tr for 行 in 问题 %} … {%tr endfor %}，各占一行。") from e


def _paragraph_text(xml: str, lineno: int | None) -> str:
    """The text of the paragraph a Jinja error names (one paragraph per line), shortened."""
    if not lineno:
        return ""
    lines = xml.splitlines()
    if not 1 <= lineno <= len(lines):
        return ""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", lines[lineno - 1])).strip()
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", '"')
    return text if len(text) <= 60 else text[:60] + "……"


def _explain(message: str) -> str:
    """A Jinja syntax error in Chinese (the library's English goes to the log only)."""
    m = message.lower()
    if tag := re.search(r"unknown tag '(\w+)'", m):
        name = tag.group(1)
        if name.startswith("end") or name in ("else", "elif"):
            return f"标记 {{% {name} %}} 没有对应的开始标记（如 {{% for %}}、{{% if %}}）"
        return f"“{name}”不是可用的标记（可用 for、if；表格行用 {{%tr for 行 in 问题 %}}）"
    if "unexpected end of template" in m:
        return "有没有结束的 {% for %} 或 {% if %}（缺少 {% endfor %} 或 {% endif %}）"
    if "unexpected char" in m:
        return "占位符中有不能识别的字符（占位符应写成 {{ 名称 }}，括号用半角）"
    if "unexpected '}'" in m or "unexpected '%'" in m or "expected token" in m or "unexpected" in m:
        return "占位符的括号不成对或写法不完整（应写成 {{ 名称 }} 或 {% 标记 %}）"
    return "占位符或标记的写法有误"


def _explain_runtime(e: Exception) -> str:
    message = str(e)
    if attr := re.search(r"has no attribute '([^']+)'", message):
        return f"“{attr.group(1)}”不是可用的字段（每行问题的字段：{'、'.join(ROW_FIELDS)}）"
    if name := re.search(r"'([^']+)' is undefined", message):
        return f"“{name.group(1)}”不是可用的字段（可用的字段：{'、'.join(FIELDS)}）"
    return "占位符或标记的用法有误（如对文字做了算术）"


# ---------------------------------------------------------------------------------------- writing


@dataclass
class LettersWritten:
    folder: Path
    files: list[Path]  # one .docx per unit, in the order of the letters
    zip: Path | None  # None when no unit has anything open


_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(unit: str, max_chars: int = 60) -> str:
    """A unit's name as a file name on any system: the Chinese kept; path separators, characters Windows
    refuses and control characters replaced by "_"; no leading dot, no trailing dot or space; not too long."""
    name = _WINDOWS_FORBIDDEN.sub("_", unit or "").strip().strip(".").strip()
    name = re.sub(r"\s+", " ", name)[:max_chars].rstrip(". ")
    if not name or set(name) <= {"_", " "}:
        name = "未知单位"
    if name.upper() in _RESERVED:
        name = f"{name}_"
    return name


def letter_names(letters: list[UnitLetter]) -> list[str]:
    """Each letter's file name, unique (two units whose names differ only in refused characters)."""
    names: list[str] = []
    taken: set[str] = set()
    for letter in letters:
        base = safe_file_name(letter.unit)
        name, n = f"{base}.docx", 2
        while name.lower() in taken or name == ZIP_NAME:
            name, n = f"{base}（{n}）.docx", n + 1
        taken.add(name.lower())
        names.append(name)
    return names


def write_letters(out_dir: Path, letters: list[UnitLetter], template: LetterTemplate | Path | None = None
                  ) -> LettersWritten:
    """Render every letter, then put ``OUT/退改通知/`` (the letters and one zip of them all) in place at once:
    written into a new folder beside it first, then swapped in. A template error stops before anything is
    written; a folder that cannot be written leaves the previous letters as they were."""
    if not isinstance(template, LetterTemplate):
        template = LetterTemplate.load(template)
    out_dir = Path(out_dir)
    names = letter_names(letters)
    rendered = [(name, template.render(letter)) for name, letter in zip(names, letters, strict=True)]
    files: list[tuple[str, bytes]] = list(rendered)
    if rendered:
        files.append((ZIP_NAME, _zip(rendered)))
    target = out_dir / LETTERS_DIR
    _replace_folder(target, files)
    return LettersWritten(target, [target / n for n, _ in rendered], target / ZIP_NAME if rendered else None)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    now = dt.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=now)  # a non-ASCII name is stored as UTF-8 (flag 0x800)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def _replace_folder(target: Path, files: list[tuple[str, bytes]]) -> None:
    parent = target.parent
    existed = target.is_dir()
    kept = "原有的退改通知保持不变" if existed else "没有写入任何文件"
    if target.exists() and not target.is_dir():
        raise LetterWriteError(f"{target} 是一个文件而不是文件夹，退改通知无法写入；请把它改名或移走后重试。")
    if not parent.is_dir():
        raise LetterWriteError(f"输出文件夹 {parent} 不存在或不是文件夹，退改通知无法写入。")
    _sweep(parent)
    tag = secrets.token_hex(4)
    staging = parent / f".{LETTERS_DIR}-{tag}.tmp"
    try:
        staging.mkdir()
        for name, data in files:
            with open(staging / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        _log.error("退改通知无法写入 %s：%s", parent, e, exc_info=True)
        raise LetterWriteError(f"退改通知无法写入 {target}（{_why(e)}）；{kept}。") from e
    aside = parent / f".{LETTERS_DIR}-{tag}.old"
    try:
        if existed:
            os.replace(target, aside)
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        _log.error("无法替换 %s：%s", target, e, exc_info=True)
        raise LetterWriteError(f"退改通知无法替换 {target}（{_why(e)}）；{kept}。") from e
    try:
        os.replace(staging, target)
    except OSError as e:
        if existed:
            with contextlib.suppress(OSError):
                os.replace(aside, target)
        shutil.rmtree(staging, ignore_errors=True)
        _log.error("无法替换 %s：%s", target, e, exc_info=True)
        raise LetterWriteError(f"退改通知无法写入 {target}（{_why(e)}）；{kept}。") from e
    shutil.rmtree(aside, ignore_errors=True)


STALE_SECONDS = 600  # a staging folder this old was left by an interrupted run, not one writing now


def _sweep(parent: Path) -> None:
    """Folders an interrupted earlier run left beside the letters."""
    import time

    with contextlib.suppress(OSError):
        for p in parent.glob(f".{LETTERS_DIR}-*"):
            if p.suffix in (".tmp", ".old") and p.is_dir() and time.time() - p.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(p, ignore_errors=True)


def _why(e: OSError) -> str:
    """An operating-system error in Chinese."""
    code = getattr(e, "errno", None)
    if code == errno.ENOSPC:
        return "磁盘空间已满"
    if code == errno.EROFS:
        return "磁盘只读"
    if code in (errno.EACCES, errno.EPERM) or isinstance(e, PermissionError):
        return "没有写入权限，或文件正被 Word 等程序打开"
    if code == errno.ENAMETOOLONG:
        return "路径过长"
    if code == errno.ENOTDIR:
        return "路径中有同名的文件"
    if code == errno.ENOENT:
        return "文件夹已不存在"
    return os_error_text(e)
