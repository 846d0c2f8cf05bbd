"""Text facts of Chinese forms: label normalisation, Word's 字数, numbers, dates, checkboxes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ---------------------------------------------------------------- normalisation

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_BRACKETED = re.compile(r"[（(\[【〔][^）)\]】〕]*[）)\]】〕]")
_COLONS = "：:"


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s or "")


def squash(s: str) -> str:
    """Remove every kind of space (half/full width, nbsp, zero-width)."""
    return _SPACES.sub("", s or "")


@lru_cache(maxsize=65536)
def norm_label(s: str) -> str:
    """A label as compared: NFKC, no spaces, no bracketed notes, no colons or trailing marks."""
    s = squash(nfkc(s))
    # A bracketed note is dropped ("经费投入(万元)"); a label that is all bracket keeps its words ("【成果】").
    s = _BRACKETED.sub("", s) or s.strip("（(［[【〔）)］]】〕")
    return s.strip(_COLONS + "*＊")


def clean_value(s: str) -> str:
    """A value as kept: trimmed, inner whitespace runs folded, stamp notes removed."""
    s = (s or "").replace("\r", "\n")
    s = re.sub(r"[（(]\s*盖\s*章\s*[）)]", "", s)
    lines = [re.sub(r"[ \t\u3000\u00a0]+", " ", ln).strip() for ln in s.split("\n")]
    return "\n".join(ln for ln in lines if ln).strip()


def norm_name(s: str) -> str:
    """A name (班组, 单位) as compared for identity: NFKC, no spaces, unified brackets."""
    s = squash(nfkc(s))
    return s.replace("(", "（").replace(")", "）")


# ---------------------------------------------------------------- Word's 字数


def _is_cjk_char(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= o <= 0x4DBF  # Extension A
        or 0x20000 <= o <= 0x2FA1F  # Extensions B.. and compatibility supplement
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0x3000 <= o <= 0x303F  # CJK symbols and punctuation (、。〈〉《》「」【】〔〕…)
        or 0xFF00 <= o <= 0xFFEF  # full-width forms (，：；！？（）％ and full-width letters)
        or 0x3040 <= o <= 0x30FF  # kana
        or 0xAC00 <= o <= 0xD7AF  # hangul
        or 0x2E80 <= o <= 0x2FDF  # radicals
        or 0x31C0 <= o <= 0x31EF  # strokes
        or 0xFE30 <= o <= 0xFE4F  # CJK compatibility forms
        or o in (0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026, 0x00B7, 0x2022)  # “”‘’—…·•
    )


def is_wide(ch: str, shapes: bool = False) -> bool:
    """A character set full-width (CJK ideographs, full-width forms, Chinese quotes and dashes):
    no space is put beside it when wrapped lines are joined. ``shapes`` adds □ ■ ○ ☐ ☑ ☒, which OCR
    reads as checkboxes."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3FFFF
        or ch in "“”‘’…—"
        or (shapes and (0x25A0 <= o <= 0x25FF or 0x2610 <= o <= 0x2612))
    )


# The characters _is_cjk_char accepts, as a regex class; U+3000 (ideographic space) is a space, not a word.
_CJK_CLASS = ("\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002fa1f\uf900-\ufaff\u3001-\u303f\uff00-\uffef"
              "\u3040-\u30ff\uac00-\ud7af\u2e80-\u2fdf\u31c0-\u31ef\ufe30-\ufe4f"
              "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7\u2022")
# One match per counted word: a CJK character, or a maximal run of other characters that are not spaces
# (\s is str.isspace here) or zero-width.
_WORD = re.compile(f"[{_CJK_CLASS}]|[^\\s{_CJK_CLASS}\u200b\ufeff]+")


def word_count(text: str) -> int:
    """字数 as Microsoft Word counts it.

    Every CJK ideograph and full-width/CJK punctuation mark counts 1; every maximal run of
    other non-space characters counts 1 ("35%" = 1, "2024年" = 2, "AI技术" = 3).
    """
    return sum(1 for _ in _WORD.finditer(text or ""))


# ---------------------------------------------------------------- numbers

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万亿"


def cn_to_int(s: str) -> int | None:
    """Chinese numeral to int: "三" 3, "十二" 12, "二十" 20, "一百零五" 105, "两万" 20000."""
    if not s or any(ch not in CN_NUMERAL_CHARS for ch in s):
        return None
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in "万亿":
            section += digit or 0
            total = (total + section) * (10000 if ch == "万" else 100000000)
            section, digit = 0, None
    return total + section + (digit or 0)


_NUM = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
_SCALE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}


def parse_number(raw: str, unit: str = "") -> tuple[float | int | None, str]:
    """A number from text such as "8人", "约50万元", "50（万元）", "三", "12.5".

    Returns (value, problem). The value is in the field's own unit: for unit "万元", "50万元" -> 50
    and "500000元" -> 50. Several different numbers -> problem, first one kept.
    """
    s = nfkc(clean_value(raw)).replace(" ", "")
    if not s:
        return None, ""
    nums = _NUM.findall(s)
    if nums:
        val = float(nums[0].replace(",", ""))
        rest = s[s.find(nums[0]) + len(nums[0]) :]
        # A scale written after the number ("12万" with unit 人) multiplies unless it is the unit itself.
        if rest[:1] in _SCALE and not (unit and unit.startswith(rest[:1])):
            val *= _SCALE[rest[0]]
        elif unit == "万元" and rest.startswith("元"):
            val /= 1e4
        problem = ""
        if len({n.replace(",", "") for n in nums}) > 1 and not re.fullmatch(r".*\d+(\.\d+)?[^\d]*", s):
            problem = f"含有多个数字，取第一个：{nums[0]}"
        return _tidy(val), problem
    m = re.search(f"[{CN_NUMERAL_CHARS}]+", s)
    if m:
        v = cn_to_int(m.group())
        if v is not None:
            return _tidy(_in_unit(v, m.group(), s[m.end():], unit)), ""
    return None, f"无法识别为数字：{raw.strip()}"


def _in_unit(value: int, numeral: str, rest: str, unit: str) -> float:
    """A Chinese numeral's value in the field's unit. The numeral keeps its own 万/亿 ("一百二十六万" is
    1,260,000), so in a 万元 field that amount is 126 (万元), as "126万元" would be."""
    for scale_char in "亿万":
        if unit.startswith(scale_char) and (scale_char in numeral or rest.startswith("元")):
            return value / _SCALE[scale_char]
    return value


def _tidy(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(v, 6)


def parse_int(raw: str, unit: str = "") -> tuple[int | float | None, str]:
    v, problem = parse_number(raw, unit)
    if isinstance(v, float) and not problem:
        problem = f"应为整数：{raw.strip()}"
    return v, problem


# ---------------------------------------------------------------- dates

_DATE_PATTERNS = [
    # 2019年3月5日 / 2019-03-05 / 2019.3.5 / 2019/3/5
    re.compile(r"(?P<y>(19|20)\d{2})\s*[年\-./]\s*(?P<m>\d{1,2})\s*[月\-./]\s*(?P<d>\d{1,2})\s*日?"),
    # 2019年3月 / 2019.03 / 2019/3 / 2019-3
    re.compile(r"(?P<y>(19|20)\d{2})\s*[年\-./]\s*(?P<m>\d{1,2})\s*月?"),
    re.compile(r"(?P<y>(19|20)\d{2})\s*年"),
]


# A date in Chinese numerals, as official documents sign them: "二〇二三年八月二十五日" ("○", a letter O or a
# digit 0 for 〇, as a scan may read it).
_CN_YEAR_DIGITS = "〇○◯零OoＯ0一二三四五六七八九"
_CN_DATE = re.compile(rf"(?P<y>[{_CN_YEAR_DIGITS}]{{4}})\s*年(?:\s*(?P<m>[一二三四五六七八九十]{{1,2}})\s*月"
                      r"(?:\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日)?)?")


def cn_dates_to_digits(text: str) -> str:
    """Dates written in Chinese numerals rewritten in digits: "二〇二三年八月二十五日" -> "2023年8月25日"."""
    def digits(m: re.Match) -> str:
        year = "".join(str(_CN_DIGITS.get(ch, 0)) for ch in m.group("y"))
        out = f"{year}年"
        if m.group("m"):
            out += f"{cn_to_int(m.group('m'))}月" + (f"{cn_to_int(m.group('d'))}日" if m.group("d") else "")
        return out

    return _CN_DATE.sub(digits, text)


def parse_date(raw: str) -> tuple[str | None, str]:
    """"2019年3月" / "2019.03" / "2019/3" -> "2019-03"; with a day -> "2019-03-05"; year only -> "2019"; the same
    in Chinese numerals ("二〇一九年三月五日")."""
    s = cn_dates_to_digits(nfkc(clean_value(raw)))
    if not s:
        return None, ""
    for pat in _DATE_PATTERNS:
        m = pat.search(s)
        if not m:
            continue
        y = int(m.group("y"))
        mo = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else None
        d = int(m.group("d")) if "d" in m.groupdict() and m.group("d") else None
        if mo is not None and not 1 <= mo <= 12:
            return None, f"月份不正确：{raw.strip()}"
        if d is not None and not 1 <= d <= 31:
            return None, f"日期不正确：{raw.strip()}"
        if d is not None:
            return f"{y:04d}-{mo:02d}-{d:02d}", ""
        if mo is not None:
            return f"{y:04d}-{mo:02d}", ""
        return f"{y:04d}", ""
    return None, f"无法识别为日期：{raw.strip()}"


# ---------------------------------------------------------------- checkboxes

CHECKED = "☑☒■√✔✓▣●◉"
UNCHECKED = "□☐◻○◯"
# Wingdings private-use code points as python-docx/lxml yield them from w:sym (F0xx).
WINGDINGS_CHECKED = {"\uf0fe", "\uf0fd", "\uf0fc", "\uf0fb", "\uf06e", "\uf052"}
WINGDINGS_UNCHECKED = {"\uf0a8", "\uf06f", "\uf071", "\uf0a1"}


CROSSED = "×✗✘╳Xx"  # written in a yes/no cell for "no"
YES_WORDS = ("已成立", "成立", "是", "有", "Y", "y", "yes", "true")
NO_WORDS = ("未成立", "没有", "否", "无", "N", "n", "no", "false")
_MARKS = re.escape(CHECKED + UNCHECKED + "".join(sorted(WINGDINGS_CHECKED | WINGDINGS_UNCHECKED)))
_ANSWER = "|".join(sorted((re.escape(w) for w in YES_WORDS + NO_WORDS if len(w) > 0 and not w.isascii()),
                          key=len, reverse=True))
_MARKED_ANSWER = re.compile(rf"([{_MARKS}])\s*({_ANSWER})|({_ANSWER})\s*([{_MARKS}])")


def is_checked_mark(ch: str) -> bool:
    return ch in CHECKED or ch in WINGDINGS_CHECKED


def is_mark(ch: str) -> bool:
    return ch in CHECKED or ch in UNCHECKED or ch in WINGDINGS_CHECKED or ch in WINGDINGS_UNCHECKED


def parse_bool(raw: str) -> tuple[bool | None, str]:
    """A checkbox or a yes/no answer: "☑", "√", "■", a Wingdings tick, "是", "有"; "□", "否", "×", "无".
    "☑是 □否" / "是□ 否☑": the ticked option decides."""
    s = squash(raw)
    if not s:
        return None, ""
    answers = [(m.group(1) or m.group(4), m.group(2) or m.group(3)) for m in _MARKED_ANSWER.finditer(s)]
    ticked = {word in YES_WORDS for mark, word in answers if is_checked_mark(mark)}
    if len(ticked) == 1:
        return ticked.pop(), ""
    if answers and not ticked:  # every option left unticked
        return None, ""
    if any(is_checked_mark(ch) for ch in s):
        return True, ""
    if any(is_mark(ch) for ch in s):
        return False, ""
    t = nfkc(s).rstrip("。.")
    if t in YES_WORDS:
        return True, ""
    if t in NO_WORDS or (t and all(ch in CROSSED for ch in t)):
        return False, ""
    return None, f"无法识别为勾选：{raw.strip()}"


# ---------------------------------------------------------------- lists

_ITEM_SPLIT = re.compile(r"[\n；;]+")
# A numbering prefix is "1." "1、" "1）" "（1）" "①" "一、" or a bullet — never a year: "2019.05 江苏省工人先锋号"
# keeps its date. One or two digits, and a "." is numbering only when no digit follows it (or a year does:
# "1.2019年…").
_NUMBER = r"(?:\d{1,2}\s*(?:[、)）]|[.．](?!\d(?!\d{3})))|[（(]\d{1,2}[）)]|[①-⑳]|[一二三四五六七八九十]{1,3}、)"
_ITEM_PREFIX = re.compile(rf"^\s*(?:{_NUMBER}|[-•·●▪])\s*(?<!\d)")
# Items numbered inline on one line: "①…②…", "（1）…（2）…", "1.… 2.…" (a number after a space or an
# item's closing punctuation).
_INLINE_ITEM = re.compile(rf"(?:(?<=[\s。，,；;])|(?<=\S)(?=[①-⑳]|[（(]\d{{1,2}}[）)]))(?={_NUMBER})")


def _inline_items(line: str) -> list[str]:
    """A line holding several numbered items, split before each number (only when it starts with one)."""
    if not _ITEM_PREFIX.match(line):
        return [line]
    starts = [m.start() for m in _INLINE_ITEM.finditer(line) if m.start() > 0]
    if not starts:
        return [line]
    bounds = [0, *starts, len(line)]
    return [line[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def parse_list(raw: str) -> list[str]:
    """荣誉 and other lists: one item per line, per "；" or per number, numbering removed."""
    items = []
    for part in _ITEM_SPLIT.split(clean_value(raw)):
        for piece in _inline_items(part.strip()):
            item = _ITEM_PREFIX.sub("", piece).strip(" 。，,、")
            if item and item not in {"无", "暂无", "/", "无。"}:
                items.append(item)
    return items


def parse_phone(raw: str) -> tuple[str | None, str]:
    s = nfkc(clean_value(raw))
    if not s:
        return None, ""
    m = re.search(r"\d[\d\-— ]{5,}\d", s)
    if not m:
        return s, f"不像电话号码：{raw.strip()}"
    joined = re.sub(r"\s", "", s)
    if joined != s and re.fullmatch(r"[\d\s]+", s) and re.fullmatch(r"1[3-9]\d{9}", joined):
        return joined, ""  # a mobile number a narrow cell wrapped over two lines ("13771526 / 348"), or spaced
    return re.sub(r"[—\s]", "-", m.group()).replace("--", "-"), ""


# ---------------------------------------------------------------- signed opinions

# The seal and signature prompts a template prints in an opinion cell: "（盖章）", "签章", "负责人签字：".
_SEAL = re.compile(r"[（(]\s*(?:盖|签)\s*(?:章|字|名)\s*[）)]|(?:单位|负责人|领导)?\s*(?:签\s*章|盖\s*章|签\s*字|签\s*名)"
                   r"\s*[：:]?")
_EMPTY_BRACKETS = re.compile(r"[（(]\s*[）)]")
# An unfilled date line: "年 月 日", "   年   月   日".
_BLANK_DATE = re.compile(r"(?<!\d)\s*年\s*月\s*日")
_SIGNED_DATE = re.compile(r"(?P<date>(?:19|20)\d{2}\s*[年.\-/．]\s*\d{1,2}\s*(?:[月.\-/．]\s*\d{1,2}\s*日?|月)?)"
                          r"[\s。.，,;；]*$")


def split_signed(raw: str) -> tuple[str, str]:
    """A signed opinion cell as (opinion, date as written): "同意推荐。\\n（盖章）\\n2024年11月8日" ->
    ("同意推荐。", "2024年11月8日"). The seal/signature prompts and an unfilled "年 月 日" are template; only a
    date at the very end is the opinion's date (a year inside the opinion's text stays there)."""
    s = clean_value(raw)
    s = _BLANK_DATE.sub("", _EMPTY_BRACKETS.sub("", _SEAL.sub("", s)))
    s = clean_value(s)
    m = _SIGNED_DATE.search(s)
    if not m:
        return s, ""
    return clean_value(s[: m.start()]), m.group("date").strip()


# A heading's number, optional: "一、" "第三，" "2." "（四）" "③".
HEADING_NUMBER = r"(?:第?[一二三四五六七八九十\d]{1,3}\s*[、.．,，)）:：]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[①-⑩])?"
HEADING_NUMBER_PREFIX = re.compile(rf"^\s*{HEADING_NUMBER[:-1]}")


def has_heading_number(line: str) -> bool:
    return bool(HEADING_NUMBER_PREFIX.match(nfkc(line)))


def norm_anchor(s: str) -> str:
    """A block's anchor as compared: a label without its heading number ("一、有领衔人才" is "有领衔人才")."""
    return HEADING_NUMBER_PREFIX.sub("", norm_label(s), count=1)


# ---------------------------------------------------------------- signed statements

_BLANK_SIGNATURE = re.compile(r"[_＿\-－—\s\u3000.·…]+")


# Another signer's prompt where the template's is not: "承诺人（签字）：", "申报人签名：", "本人签字：" — a person
# ("…人"), then 签字 or 签名, bracketed or not.
_ANY_SIGNER = r"[\u4e00-\u9fff]{0,4}人\s*[（(]?\s*签\s*[字名]\s*[）)]?"


def signed(raw: str, prompt: str) -> bool | None:
    """Is a name written after ``prompt`` ("完成人签字") in a signed statement? "完成人签字：王强 2023年10月20日" is
    true; "完成人签字：________", a bare prompt or only an unfilled or filled date is false. Another signer's
    prompt stands for it ("承诺人（签字）：郭建平"). None when no signature prompt is in the text at all (the
    statement was not found)."""
    text = nfkc(raw or "")
    pat = r"[\s\u3000]*".join(re.escape(ch) for ch in nfkc(prompt))
    tail = r"(?:[（(][^）)]{0,6}[）)])?\s*[：:]?"
    m = re.search(pat + tail, text) or re.search(_ANY_SIGNER + tail, text)
    if not m:
        return None
    rest = text[m.end():]
    rest = _SIGNED_DATE.sub("", rest.strip())
    rest = re.sub(r"(?:19|20)\d{2}\s*年\s*\d{0,2}\s*月?\s*\d{0,2}\s*日?|年\s*月\s*日", "", rest)
    rest = re.sub(r"日\s*期|时\s*间|签\s*[名字章]|盖\s*章|[（(]\s*[）)]", "", rest)
    rest = _BLANK_SIGNATURE.sub("", rest.replace(":", "").replace("：", ""))
    return any(_is_cjk_char(ch) or ch.isalpha() for ch in rest)
