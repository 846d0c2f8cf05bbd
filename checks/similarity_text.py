"""One text as the near-copy check (``checks.similarity``) compares it: normalised, cut into words, hashed.

Holds normalisation (:func:`normalise`: NFKC, lower case, letters and digits only; and the map from a
normalised position back to the text as written), jieba word segmentation (dictionary only, no HMM, a few
function words such as 的/了/和 dropped) with each word's flags (a figure; a common word of jieba's
dictionary), the 32-bit word and shingle hashes, the sentence-aligned chunks of ``CHUNK_MIN``–``CHUNK_MAX``
words, the built-in stock phrases (checks/stock_phrases*.txt) as stock shingles and generic words, and the
stored :func:`fingerprint` (format 2: header, chunk boundaries, word hashes, one flag byte per word) with
its parser. What the measure does with them — stock by count, weights, MinHash LSH, the quoted passages —
is ``checks.similarity``, whose docstring describes it and which re-exports the public names here.

Imports ``extractors.cachedir`` (where jieba keeps its cache) and, when first needed, jieba and numpy;
never ``checks.similarity``. A changed module changes every remembered fingerprint's key
(``checks.history_rules``); a change of the bytes stored bumps ``_FP_VERSION``.
"""

from __future__ import annotations

import logging
import re
import struct
import threading
import unicodedata
import zlib
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.cachedir import keep_jieba_here

if TYPE_CHECKING:  # numpy is imported when a text is hashed, not at start-up
    import numpy as np

SHINGLE = 3  # words per shingle
CHUNK_MIN, CHUNK_MAX = 16, 48  # words per LSH chunk (whole sentences, merged or split)

# The built-in stock phrases (one a line, "#" comments): checks/stock_phrases*.txt, read when first needed.
STOCK_PHRASE_FILES = "stock_phrases*.txt"

_FP_MAGIC = b"HSNC"
_FP_VERSION = 2  # 1: shingle hashes only; 2: word hashes and word flags (figures), see fingerprint()
_FP_HEADER = struct.Struct("<4sBBIHI")  # magic, version, shingle size, normalised length, chunks, words

_STOPWORDS = frozenset(
    "的 了 和 与 及 并 在 是 对 将 把 被 等 也 都 而 且 之 其 着 地 得 又 或 就 还 以及 并且 这 该".split()
)
_SENTENCE_END = re.compile(r"[。！？；!?;\n\r]")
_WORD_RUN = re.compile(r"[^\W_]+")
# Figures: a number of two or more digits that is not a year ("26", "986" from "98.6%"), one digit followed
# by a unit or "%" ("3项", "5%"; a bare "1" numbers a heading), two or more Chinese numerals ("六十五",
# "十二次", "百分之三十"), or a numeral other than 一 with a unit ("三项", "两名"; "一项" is as generic as "a").
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_UNIT_START = frozenset("个项次人名元台套座篇件年月天日时分倍吨册门处条种批场期届家所位米度万亿千百")
_NUMERALS = frozenset("0123456789零〇一二两三四五六七八九十百千万亿")
_CN_FIGURE = re.compile(
    r"[零〇一二两三四五六七八九十百千万亿]{2}|[二两三四五六七八九十百千万亿][个项次名人台套座篇件元年月天倍吨册门处条种批场期届家所位]"
)
_F_FIGURE, _F_COMMON = 1, 2  # word flag bits (stored in fingerprints)
COMMON_FREQ = 1000  # a word at least this frequent in jieba's dictionary is common (about 7,200 words)


# ------------------------------------------------------------------------------------------------ text


def _nfkc_lower(text: str) -> str:
    s = unicodedata.normalize("NFKC", text or "")
    low = s.lower()
    return low if len(low) == len(s) else s


def normalise(text: str) -> str:
    """The text as compared: NFKC, lower case, only letters and digits (CJK included)."""
    return "".join(_WORD_RUN.findall(_nfkc_lower(text)))


def _normalise_with_origin(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The normalised text and its runs as (normalised start, original start) pairs, for mapping a
    normalised position back to the original text."""
    text = text or ""
    nf = _nfkc_lower(text)
    if len(nf) == len(text):
        origin = None
    else:  # some character expanded under NFKC ("…" -> "...", "㈠" -> "(一)"): map per character
        pieces, origin = [], []
        for i, ch in enumerate(text):
            n = _nfkc_lower(ch)
            pieces.append(n)
            origin.extend([i] * len(n))
        nf = "".join(pieces)
    out: list[str] = []
    runs: list[tuple[int, int]] = []
    pos = 0
    for m in _WORD_RUN.finditer(nf):
        if origin is None:
            runs.append((pos, m.start()))
        else:  # one run per original character, as a run may not be contiguous in the original
            runs.extend((pos + k, origin[m.start() + k]) for k in range(len(m.group())))
        out.append(m.group())
        pos += len(m.group())
    return "".join(out), runs


def _to_original(runs: list[tuple[int, int]], starts: list[int], i: int) -> int:
    r = bisect_right(starts, i) - 1
    return runs[r][1] + (i - runs[r][0])


def _span(runs: list[tuple[int, int]], starts: list[int], i: int, j: int) -> tuple[int, int]:
    """Original span of normalised [i, j)."""
    return _to_original(runs, starts, i), _to_original(runs, starts, j - 1) + 1


_jieba_lock = threading.Lock()


def _jieba():
    with _jieba_lock:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at DEBUG to stderr
        keep_jieba_here(jieba)
        jieba.initialize()
    return jieba


@lru_cache(maxsize=200_000)
def _segment_words(segment: str) -> tuple[tuple[str, int, int], ...]:
    """The words of one run of letters and digits, with their offsets in it; cached, as stock clauses
    recur across the texts of a batch."""
    words = []
    pos = 0
    for w in _jieba().lcut(segment, HMM=False):
        start, pos = pos, pos + len(w)
        if w not in _STOPWORDS:
            words.append((w, start, pos))  # figures as written: a changed figure is a changed word
    return tuple(words)


@lru_cache(maxsize=200_000)
def _segment_flags(segment: str) -> tuple[tuple[int, ...], bool]:
    """The flags (_F_FIGURE, _F_COMMON) of the words of one run, and whether its last word would be a
    figure if "%" followed the run ("5%"); cached like the words."""
    words = _segment_words(segment)
    flags = []
    for w, _, b in words:
        if any(c in _NUMERALS for c in w) and _is_figure(w, segment[b:]):
            flags.append(_F_FIGURE)
        else:
            flags.append(_F_COMMON if _common(w) else 0)
    tail = (
        bool(words)
        and words[-1][2] == len(segment)
        and not flags[-1] & _F_FIGURE
        and any(c in _NUMERALS for c in words[-1][0])
        and _is_figure(words[-1][0], "%")
    )
    return tuple(flags), tail


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


@lru_cache(maxsize=200_000)
def _common(word: str) -> bool:
    return _jieba().dt.FREQ.get(word, 0) >= COMMON_FREQ


def _is_figure(word: str, following: str) -> bool:
    """Is ``word`` a figure, ``following`` being what comes after it (the next word, or "%")?"""
    digits = _DIGITS.findall(word)
    if digits:
        if any(len(d) >= 2 and not _YEAR.fullmatch(d) for d in digits):
            return True
        return (
            len(digits[-1]) == 1 and word.endswith(digits[-1]) and following[:1] in _UNIT_START | {"%", "‰"}
        )
    return bool(_CN_FIGURE.search(word))


@dataclass
class _Words:
    words: list[str]
    spans: list[tuple[int, int]]  # in the normalised text
    sentence_starts: list[int]  # word indexes
    n_chars: int  # normalised length
    flags: list[int] = field(default_factory=list)  # per word: _F_FIGURE (see _is_figure), _F_COMMON


def _words(text: str) -> _Words:
    s = _nfkc_lower(text)
    out = _Words([], [], [0], 0)
    prev_end = 0
    for m in _WORD_RUN.finditer(s):
        if (
            _SENTENCE_END.search(s, prev_end, m.start())
            and out.words
            and out.sentence_starts[-1] != len(out.words)
        ):
            out.sentence_starts.append(len(out.words))
        base = out.n_chars
        for w, a, b in _segment_words(m.group()):
            out.words.append(w)
            out.spans.append((base + a, base + b))
        flags, tail = _segment_flags(m.group())
        out.flags.extend(flags)
        if tail and s[m.end() : m.end() + 1] in ("%", "‰"):  # "5%": the run ends before the percent sign
            out.flags[-1] = _F_FIGURE
        out.n_chars += m.end() - m.start()
        prev_end = m.end()
    return out


def _chunk_starts(sentence_starts: list[int], n_words: int) -> list[int]:
    """Chunk boundaries (word indexes): whole sentences, short ones merged up to CHUNK_MIN words,
    longer runs cut into equal pieces of at most CHUNK_MAX words."""
    bounds = [*sentence_starts, n_words]
    out: list[int] = []
    start = 0
    for end in bounds[1:]:
        if end - start < CHUNK_MIN and end != n_words:
            continue  # merge with the next sentence
        pieces = -(-(end - start) // CHUNK_MAX)  # a long run of sentences is cut into equal pieces
        out.extend(start + p * (end - start) // pieces for p in range(pieces))
        start = end
    if len(out) > 1 and n_words - out[-1] < CHUNK_MIN // 2:
        out.pop()  # a short tail joins the previous chunk
    return out or [0]


def _np():
    import numpy

    return numpy


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (the pre-mix datasketch's affine32 scheme applies)."""
    np = _np()
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _word_hashes(words: list[str]) -> np.ndarray:
    np = _np()
    return np.fromiter((_word_hash(x) for x in words), dtype=np.uint32, count=len(words))


def _shingles_of(word_hashes: np.ndarray) -> np.ndarray:
    """32-bit hashes of every run of SHINGLE consecutive words (given as their hashes), in text order."""
    np = _np()
    if not len(word_hashes):
        return np.zeros(0, dtype=np.uint32)
    w = word_hashes.astype(np.uint64)
    k = min(SHINGLE, len(w))
    n = len(w) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * np.uint64(0x9E3779B97F4A7C15) + w[j : j + n] + np.uint64(j + 1)
    return _fmix32((h ^ (h >> np.uint64(32))).astype(np.uint32))


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """32-bit hashes of every run of SHINGLE consecutive words, in text order."""
    return _shingles_of(_word_hashes(words))


# ------------------------------------------------------------------------------------------------ built-in stock


@dataclass
class _Vocabulary:
    stock: np.ndarray  # sorted unique shingle hashes that are always stock
    generic: np.ndarray  # sorted unique word hashes of the generic vocabulary


def _phrase_lines(texts: Iterable[str]) -> list[str]:
    return [
        ln.strip() for t in texts for ln in t.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]


def _vocabulary_of(lines: list[str]) -> _Vocabulary:
    """Stock shingles and generic words of phrases (each line on its own: no shingle across lines)."""
    np = _np()
    shingles, words = [np.zeros(0, dtype=np.uint32)], [np.zeros(0, dtype=np.uint32)]
    for line in lines:
        w = _words(line).words
        words.append(_word_hashes(w))
        shingles.append(_shingle_hashes(w))
    return _Vocabulary(np.unique(np.concatenate(shingles)), np.unique(np.concatenate(words)))


@lru_cache(maxsize=1)
def builtin_phrases() -> tuple[str, ...]:
    """The built-in stock phrases: every line of checks/stock_phrases*.txt (comments and blanks left out)."""
    files = sorted(Path(__file__).parent.glob(STOCK_PHRASE_FILES))
    return tuple(_phrase_lines(f.read_text(encoding="utf-8") for f in files))


@lru_cache(maxsize=1)
def _builtin_vocabulary() -> _Vocabulary:
    return _vocabulary_of(list(builtin_phrases()))


# ------------------------------------------------------------------------------------------------ fingerprints


@dataclass
class _Signature:
    n_chars: int
    words: np.ndarray  # uint32 word hashes, text order
    flags: np.ndarray  # uint8 per word (_F_FIGURE, _F_COMMON)
    chunks: np.ndarray  # uint32: chunk start offsets (word index = index of the shingle it starts)
    _shingles: np.ndarray | None = None

    @property
    def shingles(self) -> np.ndarray:
        if self._shingles is None:
            self._shingles = _shingles_of(self.words)
        return self._shingles


def _signature(text: str) -> _Signature:
    np = _np()
    w = _words(text)
    words = _word_hashes(w.words)
    flags = np.asarray(w.flags, dtype=np.uint8)
    n_shingles = max(0, len(words) - SHINGLE + 1) if len(words) >= SHINGLE else min(1, len(words))
    starts = [s for s in _chunk_starts(w.sentence_starts, len(w.words)) if s < n_shingles] or [0]
    return _Signature(w.n_chars, words, flags, np.asarray(starts, dtype=np.uint32))


def fingerprint(text: str) -> bytes:
    """A compact, serialisable signature of ``text`` for a registry: its word hashes (uint32, text order),
    one flag byte per word (a figure or not) and the chunk boundaries. :meth:`NearCopyIndex.add_fingerprint`
    indexes it without jieba; which words are generic and which shingles stock is decided when indexing,
    so a changed list of stock phrases needs no new fingerprints.

    Deterministic across processes and machines for one jieba dictionary; a change of what is stored
    bumps the format version (now 2), and older fingerprints are then rebuilt from their text."""
    sig = _signature(text)
    header = _FP_HEADER.pack(_FP_MAGIC, _FP_VERSION, SHINGLE, sig.n_chars, len(sig.chunks), len(sig.words))
    return (header + sig.chunks.astype("<u4").tobytes() + sig.words.astype("<u4").tobytes()
            + sig.flags.astype("u1").tobytes())  # fmt: skip


def is_current_fingerprint(data: bytes | None) -> bool:
    """Whether ``data`` is a fingerprint of this version (else :meth:`NearCopyIndex.add_fingerprint` would
    tokenise the text again: a caller with a cache may rather make a new one)."""
    try:
        magic, version, shingle, *_ = _FP_HEADER.unpack_from(data or b"")
    except struct.error:
        return False
    return magic == _FP_MAGIC and version == _FP_VERSION and shingle == SHINGLE


class _OlderFingerprint(ValueError):
    pass


def _parse_fingerprint(data: bytes) -> _Signature:
    np = _np()
    magic, version, shingle, n_chars, n_chunks, n_words = _FP_HEADER.unpack_from(data)
    if magic == _FP_MAGIC and version < _FP_VERSION:
        raise _OlderFingerprint(f"fingerprint of an older format (v{version})")
    if magic != _FP_MAGIC or version != _FP_VERSION or shingle != SHINGLE:
        raise ValueError(f"fingerprint of another format ({magic!r} v{version}, shingle {shingle})")
    off = _FP_HEADER.size
    if len(data) != off + 4 * (n_chunks + n_words) + n_words:
        raise ValueError("truncated fingerprint")
    chunks = np.frombuffer(data, dtype="<u4", count=n_chunks, offset=off).astype(np.uint32)
    words = np.frombuffer(data, dtype="<u4", count=n_words, offset=off + 4 * n_chunks).astype(np.uint32)
    flags = np.frombuffer(data, dtype=np.uint8, count=n_words, offset=off + 4 * (n_chunks + n_words)).copy()
    return _Signature(n_chars, words, flags, chunks)
