"""Does a text state results with data? spaCy (blank Chinese, jieba segmenter) plus a Matcher.

Counts as quantitative data: a number with a unit or measure word ("3项", "12.5万元", "80人次"),
a percentage ("35%", "百分之二十"), a Chinese numeral with a measure word ("三项", "两名", "十余次"),
a multiple ("2倍", "翻一番"). Not counted: years and dates ("2023年", "3月"), ordinal list markers
("一是", "第一"), and a bare "一" with a measure word ("一项制度", "一批"), which in Chinese prose is
almost always an article rather than a figure ("提高一倍" does count).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from checks.memo import Memo
from extractors.cachedir import keep_jieba_here

_log = logging.getLogger(__name__)

DEFAULT_UNITS = [
    # money
    "元", "万元", "亿元", "千元", "万", "亿",
    # counts and measure words
    "项", "个", "人", "名", "位", "次", "人次", "件", "篇", "部", "本", "套", "台", "家", "所", "门",
    "场", "期", "批", "类", "条", "种", "支", "队", "组", "对", "份", "册", "章", "节", "课时", "学时",
    "课", "讲", "届", "轮", "处", "座", "间", "户", "辆", "株", "亩", "吨", "千克", "公斤", "克",
    # time spans and rates
    "天", "小时", "分钟", "秒", "周", "个月", "年度",
    # physical
    "米", "千米", "公里", "平方米", "立方米", "度", "千瓦时", "kW", "kWh", "MW", "GB", "TB",
    # ratios
    "%", "％", "‰", "倍", "成", "分", "点",
]

_CN_NUM = "零〇二两三四五六七八九十百千万亿"  # "一" handled apart (see module docstring)
_DIGITS = r"\d+(?:\.\d+)?"
_NOT_AFTER_CN_NUMERAL = {"万", "亿", "分", "成", "点", "度", "千元", "元"}


@dataclass
class Evidence:
    found: bool
    examples: list[str]


class _Matcher:
    def __init__(self, units: list[str]):
        import jieba
        import spacy
        from spacy.matcher import Matcher

        jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at DEBUG to stderr
        keep_jieba_here(jieba)

        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        self.units = sorted(set(units), key=len, reverse=True)
        alt = "|".join(re.escape(u) for u in self.units)
        qual = r"(?:余|多|近|约|左右)?"
        self.matcher = Matcher(self.nlp.vocab)
        # A number token then a unit token (jieba: "12.5" "万元"; "3" "项").
        self.matcher.add("NUM_UNIT", [[{"TEXT": {"REGEX": rf"^{_DIGITS}$"}},
                                       {"TEXT": {"REGEX": rf"^{qual}(?:{alt}){qual}"}}]])
        # Number and unit fused in one token ("35%", "12项", "三名", "十余次", "两项").
        # After a Chinese numeral, scale words and 分/成/点/度 read as adverbs ("十分", "千万", "三点").
        measures = "|".join(re.escape(u) for u in self.units if u not in _NOT_AFTER_CN_NUMERAL)
        fused = (rf"^(?:{_DIGITS}{qual}(?:{alt})"
                 rf"|(?:[{_CN_NUM}][{_CN_NUM}一]*|一[{_CN_NUM}][{_CN_NUM}一]*){qual}(?:{measures}))")
        self.matcher.add("FUSED", [[{"TEXT": {"REGEX": fused}}]])
        # Number, then a separate percent sign.
        self.matcher.add("PERCENT", [[{"TEXT": {"REGEX": rf"^{_DIGITS}$"}}, {"TEXT": {"IN": ["%", "％", "‰"]}}],
                                     [{"TEXT": {"REGEX": r"^百分之"}}]])
        self.matcher.add("MULTIPLE", [[{"TEXT": {"REGEX": r"^翻(一|两|几)?番"}}],
                                      [{"TEXT": {"REGEX": r"^一倍"}}], [{"TEXT": "一"}, {"TEXT": "倍"}]])

    def find(self, text: str) -> Evidence:
        text = unicodedata.normalize("NFKC", text or "")
        examples: list[str] = []
        for piece in _pieces(text):  # spaCy refuses a text over its max_length (E088): a long one goes in pieces
            doc = self.nlp(piece)
            for _, start, end in self.matcher(doc):
                span = doc[start:end].text
                nxt = doc[end].text if end < len(doc) else ""
                if _is_date(span, nxt, doc[start - 1].text if start > 0 else ""):
                    continue
                examples.append(span)
            if len(set(examples)) >= 5:
                break
        return Evidence(bool(examples), list(dict.fromkeys(examples))[:5])


PIECE_CHARS = 20_000


def _pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at a line or sentence end where one is near."""
    out: list[str] = []
    while len(text) > size:
        cut = max(text.rfind("\n", size // 2, size), text.rfind("。", size // 2, size))
        cut = cut + 1 if cut > 0 else size
        out.append(text[:cut])
        text = text[cut:]
    out.append(text)
    return out


def _is_date(span: str, following: str, preceding: str) -> bool:
    """Years, months and days are not results."""
    if re.fullmatch(r"(19|20)\d{2}(年|年度)?", span) or re.fullmatch(r"(19|20)\d{2}", span.rstrip("年")):
        return True
    if re.fullmatch(r"\d{1,2}(月|日|号)", span):
        return True
    if re.fullmatch(r"\d{1,2}", span) and following in ("月", "日", "号"):
        return True
    return bool(re.fullmatch(r"第.*", preceding + span) and preceding == "第")


_lock = threading.Lock()
_cache: dict[tuple[str, ...], _Matcher] = {}


def matcher(units: list[str] | None = None) -> _Matcher:
    key = tuple(units or DEFAULT_UNITS)
    with _lock:
        if key not in _cache:
            _cache[key] = _Matcher(list(key))
        return _cache[key]


# Verdicts by (matcher source, units, text). The pipeline preloads them from its cache and saves
# the new ones, so a re-run only loads spaCy when some text is new.
_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
_verdicts: Memo[Evidence] = Memo()
preload = _verdicts.preload
take_new = _verdicts.take_new


def has_numbers(text: str, units: list[str] | None = None) -> Evidence:
    key = hashlib.sha256("\x1f".join([_VERSION, *(units or DEFAULT_UNITS), text]).encode()).hexdigest()
    return _verdicts.get(key, lambda: matcher(units).find(text))
