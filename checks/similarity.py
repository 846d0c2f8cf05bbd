"""Near-copy detection between long texts of different submitting units (a pure library).

What counts as a near copy
--------------------------
Each text is normalised (NFKC, lower case, every punctuation mark, symbol and space removed; see
:func:`normalise`), cut into words with jieba (dictionary only, no HMM; a few function words such as
的/了/和 dropped) and described by its *shingles*: every run of 3 consecutive words.

A shingle is **stock** when it occurs in the texts of many units of the index — at least
``max(stock_min_groups, stock_share × number of units)``, defaults 5 and 1 % — or in one of the
``stock_texts`` given to the index. Set phrases of the field ("坚持以习近平新时代中国特色社会主义思想为
指导", "充分发挥劳模示范引领作用", "取得了显著成效") are therefore no evidence of copying; every other
shingle is *distinctive*.

The **similarity** of two texts is the share of the shorter text's distinctive shingles that also occur
in the other: ``|D(a) ∩ D(b)| / max(min(|D(a)|, |D(b)|), 30)`` (the floor of 30 shingles, about 60
characters, keeps a text that is nearly all stock from matching on a few shingles). Containment rather
than Jaccard, so that one section copied into an otherwise different text is found.

Two texts are **near copies** when they belong to different groups (a unit repeating its own sentences
in its form and its case is not copying), both have at least ``min_chars`` (100) normalised characters,
and their similarity is at least ``threshold`` (``DEFAULT_THRESHOLD`` = 0.30).

Measured with ``bench/nearcopy.py`` (generated write-ups; 240 labelled copies — 60 each of light
paraphrase, sentence reordering, synonym swaps, one section copied into a different text — and 462
labelled non-copies, 320 of them hard negatives sharing 5–8 stock clauses with different substance;
precision counts every flagged pair of the batch). At the default 0.30:

=============================================  =========  ======  =====================
setting                                        precision  recall  partial copies found
=============================================  =========  ======  =====================
one batch of 1,620 texts from 503 units          1.000     0.887   33/60
10 batches of ~160 texts from ~50 units          1.000     0.904   37/60
80 batches of ~20 texts from ~6 units            0.978     0.933   44/60
each labelled pair alone (nothing is stock)      0.934     0.942   46/60
the same, set phrases given as stock_texts       0.996     0.950   —
=============================================  =========  ======  =====================

Paraphrase, reordering and synonym swaps are all found (similarity ≥ 0.64) in every setting; the misses
are copied sections smaller than ~30 % of the shorter text. 0.30 has the best mean F1 over the four
settings (0.946; 0.25: 0.931, 0.35: 0.936); for campaigns of 50 units or more 0.20 finds more (recall
0.958–0.983 at precision 1.000). Limits: with fewer than 5 units no phrase is stock by count (give the
notice or a list of set phrases as ``stock_texts``); a text copied by 5 or more units becomes stock.

Finding candidates
------------------
Exact containment over all pairs is quadratic, so candidates come from datasketch ``MinHashLSH`` over
the MinHashes (datasketch's ``affine32`` scheme, 8 bands × 3 rows) of the distinctive shingles of each
sentence-aligned chunk of 16–48 words, and are then verified with the exact measure. The MinHashes
depend on which shingles are stock in the index, so the stored :func:`fingerprint` is the shingle
sequence itself (32-bit hashes, about 2 bytes per character, and the chunk boundaries): a registry keeps
it and later indexes earlier years' texts without jieba. 5,000 texts of ~630 characters: tokenising
7–9 s, building the index and pairing ~7 s (one core; fingerprints can be made in the per-file workers).

Evidence
--------
The shared passages are maximal runs of identical normalised characters (at least 15), longest first,
passages made only of stock shingles skipped, at most 3; each is quoted from text a as written, with its
character span in both original texts (``normalise(text_b[s:e]) == normalise(passage)``).
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
from typing import TYPE_CHECKING

from extractors.cachedir import keep_jieba_here

if TYPE_CHECKING:  # numpy and datasketch are imported when an index is used, not at start-up
    import numpy as np

_log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.30
MIN_CHARS = 100
SHINGLE = 3  # words per shingle
MIN_DENOMINATOR = 30  # shingles: the containment floor (see the module docstring)
MIN_PASSAGE = 15  # normalised characters
MAX_PASSAGES = 3
CHUNK_MIN, CHUNK_MAX = 16, 48  # words per LSH chunk (whole sentences, merged or split)

# MinHash / LSH settings: candidates only, never stored, so they can change freely.
SEED = 1
CHUNK_BANDS = (8, 3)  # b × r: a chunk pair of Jaccard 0.5 is a candidate with p ≈ 0.66, 0.7 with p ≈ 0.97
CHUNK_MIN_DISTINCT = 3  # a chunk with fewer distinctive shingles is not used to find candidates
STOCK_MIN_GROUPS, STOCK_SHARE = 5, 0.01

_FP_MAGIC = b"HSNC"
_FP_VERSION = 1
_FP_HEADER = struct.Struct("<4sBBIHI")  # magic, version, shingle size, normalised length, chunks, shingles

_STOPWORDS = frozenset(
    "的 了 和 与 及 并 在 是 对 将 把 被 等 也 都 而 且 之 其 着 地 得 又 或 就 还 以及 并且 这 该".split()
)
_SENTENCE_END = re.compile(r"[。！？；!?;\n\r]")
_WORD_RUN = re.compile(r"[^\W_]+")


# ------------------------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class Text:
    """One text to compare. ``key`` is an opaque id ("path#section"); ``group`` the submitting unit:
    texts of one group are never paired."""

    key: str
    group: str
    text: str
    label: str = ""


@dataclass
class Match:
    """A near-copy pair (``a < b``). ``passages`` are quoted from a's text as written, longest first;
    ``spans_a[i]`` / ``spans_b[i]`` are the character spans of passage i in each original text."""

    a: str
    b: str
    similarity: float
    passages: list[str] = field(default_factory=list)
    spans_a: list[tuple[int, int]] = field(default_factory=list)
    spans_b: list[tuple[int, int]] = field(default_factory=list)


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


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load jieba's dictionary, numpy and datasketch now (the pipeline does it while files are read)."""
    _jieba()
    _np()
    import datasketch  # noqa: F401


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
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


@dataclass
class _Words:
    words: list[str]
    spans: list[tuple[int, int]]  # in the normalised text
    sentence_starts: list[int]  # word indexes
    n_chars: int  # normalised length


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


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """32-bit hashes of every run of SHINGLE consecutive words, in text order."""
    np = _np()
    if not words:
        return np.zeros(0, dtype=np.uint32)
    w = np.fromiter((_word_hash(x) for x in words), dtype=np.uint64, count=len(words))
    k = min(SHINGLE, len(words))
    n = len(words) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * np.uint64(0x9E3779B97F4A7C15) + w[j : j + n] + np.uint64(j + 1)
    return _fmix32((h ^ (h >> np.uint64(32))).astype(np.uint32))


# ------------------------------------------------------------------------------------------------ fingerprints


@dataclass
class _Signature:
    n_chars: int
    shingles: np.ndarray  # uint32, text order
    chunks: np.ndarray  # uint32: chunk start offsets into shingles


def _signature(text: str) -> _Signature:
    np = _np()
    w = _words(text)
    shingles = _shingle_hashes(w.words)
    starts = [s for s in _chunk_starts(w.sentence_starts, len(w.words)) if s < len(shingles)] or [0]
    return _Signature(w.n_chars, shingles, np.asarray(starts, dtype=np.uint32))


def fingerprint(text: str) -> bytes:
    """A compact, serialisable signature of ``text`` for a registry: its shingle hashes (uint32, text
    order) and chunk boundaries. :meth:`NearCopyIndex.add_fingerprint` indexes it without jieba.

    Deterministic across processes and machines for one jieba dictionary; a change of tokenisation here
    bumps the format version, and older fingerprints are then rebuilt from their text."""
    sig = _signature(text)
    header = _FP_HEADER.pack(_FP_MAGIC, _FP_VERSION, SHINGLE, sig.n_chars, len(sig.chunks), len(sig.shingles))
    return header + sig.chunks.astype("<u4").tobytes() + sig.shingles.astype("<u4").tobytes()


def _parse_fingerprint(data: bytes) -> _Signature:
    np = _np()
    magic, version, shingle, n_chars, n_chunks, n_shingles = _FP_HEADER.unpack_from(data)
    if magic != _FP_MAGIC or version != _FP_VERSION or shingle != SHINGLE:
        raise ValueError(f"fingerprint of another format ({magic!r} v{version}, shingle {shingle})")
    off = _FP_HEADER.size
    if len(data) != off + 4 * (n_chunks + n_shingles):
        raise ValueError("truncated fingerprint")
    chunks = np.frombuffer(data, dtype="<u4", count=n_chunks, offset=off).astype(np.uint32)
    shingles = np.frombuffer(data, dtype="<u4", count=n_shingles, offset=off + 4 * n_chunks).astype(np.uint32)
    return _Signature(n_chars, shingles, chunks)


# ------------------------------------------------------------------------------------------------ index


def _in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Boolean mask: which of ``values`` occur in the sorted array ``sorted_values``."""
    np = _np()
    if not len(sorted_values) or not len(values):
        return np.zeros(len(values), dtype=bool)
    i = np.searchsorted(sorted_values, values)
    i[i == len(sorted_values)] = 0
    return sorted_values[i] == values


@dataclass
class _Entry:
    item: Text
    sig: _Signature
    earlier: bool = False
    comparable: bool = False
    distinct: np.ndarray | None = None  # sorted unique non-stock shingles (set when the index is built)
    chunk_mhs: list = field(default_factory=list)  # LeanMinHash of each chunk's distinctive shingles


class NearCopyIndex:
    """Texts to compare; :meth:`pairs` finds the near copies among them, :meth:`query` those of one text.

    Texts added with ``earlier=True`` (earlier years' texts from a registry) are compared with the
    others but never with each other. Stock shingles are counted over every text added; the shingles of
    ``stock_texts`` (the notice, the form's own instructions, a profile's list of set phrases) are stock
    whatever their counts, which matters in a batch of few units.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        min_chars: int = MIN_CHARS,
        stock_min_groups: int = STOCK_MIN_GROUPS,
        stock_share: float = STOCK_SHARE,
        stock_texts: Iterable[str] = (),
    ) -> None:
        self.threshold = threshold
        self.min_chars = min_chars
        self.stock_min_groups = stock_min_groups
        self.stock_share = stock_share
        self.stock_texts = tuple(stock_texts)
        self._entries: list[_Entry] = []
        self._keys: dict[str, int] = {}
        self._built = False
        self._stock = None
        self._chunk_lsh = None
        self._chunk_owner: list[int] = []

    def __len__(self) -> int:
        return len(self._entries)

    # -------------------------------------------------------------------------------------------- adding

    def add(self, item: Text, *, earlier: bool = False) -> None:
        """Add a text (tokenised now)."""
        self._add(_Entry(item, _signature(item.text), earlier))

    def add_fingerprint(self, item: Text, fingerprint: bytes, *, earlier: bool = False) -> None:
        """Add a text whose :func:`fingerprint` was stored earlier; ``item.text`` is only used for quoting
        passages. A fingerprint of another format is rebuilt from the text (with a warning)."""
        try:
            sig = _parse_fingerprint(fingerprint)
        except (ValueError, TypeError, struct.error) as exc:
            _log.warning(
                "near-copy fingerprint of %s unusable (%s); tokenising its text again", item.key, exc
            )
            sig = _signature(item.text)
        self._add(_Entry(item, sig, earlier))

    def _add(self, entry: _Entry) -> None:
        key = entry.item.key
        if key in self._keys:
            raise ValueError(f"duplicate key {key!r}")
        entry.comparable = entry.sig.n_chars >= self.min_chars and len(entry.sig.shingles) > 0
        self._keys[key] = len(self._entries)
        self._entries.append(entry)
        self._built = False

    # -------------------------------------------------------------------------------------------- building

    def _build(self) -> None:
        if self._built:
            return
        np = _np()
        from datasketch import LeanMinHash, MinHash, MinHashLSH

        entries = [e for e in self._entries if e.comparable]
        # Stock shingles: those found in the texts of many groups.
        by_group: dict[str, list[np.ndarray]] = {}
        for e in entries:
            by_group.setdefault(e.item.group, []).append(e.sig.shingles)
        n_groups = len(by_group)
        min_groups = max(self.stock_min_groups, int(np.ceil(self.stock_share * n_groups)))
        if n_groups >= min_groups:
            per_group = [np.unique(np.concatenate(v)) for v in by_group.values()]
            values, counts = np.unique(np.concatenate(per_group), return_counts=True)
            self._stock = values[counts >= min_groups]
        else:
            self._stock = np.zeros(0, dtype=np.uint32)
        if self.stock_texts:
            given = np.concatenate([_signature(t).shingles for t in self.stock_texts])
            self._stock = np.union1d(self._stock, given).astype(np.uint32)
        _log.debug(
            "near-copy index: %d texts, %d groups, %d stock shingles",
            len(entries),
            n_groups,
            len(self._stock),
        )

        num_perm = CHUNK_BANDS[0] * CHUNK_BANDS[1]
        a, b = MinHash(num_perm=num_perm, seed=SEED).permutations
        self._perm = (a.astype(np.uint32), b.astype(np.uint32))
        self._lean = lambda hv: LeanMinHash(seed=SEED, hashvalues=hv, scheme="affine32")
        self._chunk_lsh = MinHashLSH(num_perm=num_perm, params=CHUNK_BANDS)
        self._chunk_owner = []
        for idx, e in enumerate(self._entries):
            if not e.comparable:
                continue
            e.distinct, e.chunk_mhs = self._prepare(e.sig)
            for mh in e.chunk_mhs:
                self._chunk_lsh.insert(len(self._chunk_owner), mh, check_duplication=False)
                self._chunk_owner.append(idx)
        self._built = True

    def _prepare(self, sig: _Signature) -> tuple[np.ndarray, list]:
        """The distinctive shingles (sorted, unique) and the MinHashes (datasketch's affine32 scheme) of
        each chunk's distinctive shingles."""
        np = _np()
        sh = sig.shingles
        keep = ~_in_sorted(sh, self._stock)
        distinct = np.unique(sh[keep])
        if not len(distinct):
            return distinct, []
        a, b = self._perm
        phv = _fmix32(sh)[:, None] * a[None, :] + b[None, :]  # uint32, wraps as intended
        phv[~keep] = np.uint32(0xFFFFFFFF)
        bounds = [int(x) for x in sig.chunks] + [len(sh)]
        chunks = [
            self._lean(phv[s:t].min(axis=0))
            for s, t in zip(bounds, bounds[1:], strict=False)
            if keep[s:t].sum() >= CHUNK_MIN_DISTINCT
        ]
        return distinct, chunks

    # -------------------------------------------------------------------------------------------- searching

    def _candidates(self, chunk_mhs: list) -> set[int]:
        found: set[int] = set()
        for mh in chunk_mhs:
            found.update(self._chunk_owner[c] for c in self._chunk_lsh.query(mh))
        return found

    @staticmethod
    def _similarity(
        x: tuple[np.ndarray, np.ndarray], y: tuple[np.ndarray, np.ndarray], floor: float = 0.0
    ) -> float:
        """Containment of the shorter text's distinctive shingles in the other's. ``x`` and ``y`` are
        (shingles in text order, distinctive shingles); a result below ``floor`` may be returned as 0."""
        if len(x[1]) > len(y[1]) or len(x[1]) == len(y[1]) and bytes(x[1]) > bytes(y[1]):
            x, y = y, x  # the shorter one; the same result either way round
        seq, distinct = x
        denominator = max(len(distinct), MIN_DENOMINATOR)
        shared = _in_sorted(seq, y[1])
        if shared.sum() < floor * denominator:
            return 0.0  # cannot reach ``floor``: positions are at least as many as distinct shingles
        return _np().unique(seq[shared]).size / denominator

    def _verify(self, e: _Entry, f: _Entry, floor: float = 0.0) -> float:
        return self._similarity((e.sig.shingles, e.distinct), (f.sig.shingles, f.distinct), floor)

    def pairs(self) -> list[Match]:
        """Every near-copy pair once, most similar first (then by keys)."""
        self._build()
        out = []
        for i, e in enumerate(self._entries):
            if not e.comparable or e.earlier:
                continue
            for j in self._candidates(e.chunk_mhs):
                f = self._entries[j]
                if j == i or f.item.group == e.item.group or (not f.earlier and j < i):
                    continue
                sim = self._verify(e, f, self.threshold)
                if sim >= self.threshold:
                    out.append(self._match(e.item, f.item, sim))
        out.sort(key=lambda m: (-m.similarity, m.a, m.b))
        return out

    def query(self, item: Text) -> list[Match]:
        """The near copies of ``item`` among everything added (its own key and group excluded)."""
        self._build()
        idx = self._keys.get(item.key)
        if idx is not None and self._entries[idx].item.text == item.text:
            e = self._entries[idx]
        else:
            e = _Entry(item, _signature(item.text))
            e.comparable = e.sig.n_chars >= self.min_chars and len(e.sig.shingles) > 0
            if e.comparable:
                e.distinct, e.chunk_mhs = self._prepare(e.sig)
        if not e.comparable:
            return []
        out = []
        for j in self._candidates(e.chunk_mhs):
            f = self._entries[j]
            if j == idx or f.item.group == item.group:
                continue
            sim = self._verify(e, f, self.threshold)
            if sim >= self.threshold:
                out.append(self._match(item, f.item, sim))
        out.sort(key=lambda m: (-m.similarity, m.a, m.b))
        return out

    def similarity(self, a: str, b: str) -> float:
        """The similarity of two added texts (by key), whatever their groups; 0 when one is too short."""
        self._build()
        ea, eb = self._entries[self._keys[a]], self._entries[self._keys[b]]
        if not (ea.comparable and eb.comparable):
            return 0.0
        return self._verify(ea, eb)

    # -------------------------------------------------------------------------------------------- evidence

    def _match(self, x: Text, y: Text, sim: float) -> Match:
        if y.key < x.key:
            x, y = y, x
        passages, spans_a, spans_b = self._passages(x.text, y.text)
        return Match(x.key, y.key, round(sim, 4), passages, spans_a, spans_b)

    def _stock_test(self, text: str):
        """A test for a normalised span [i, j) of ``text``: does it consist of stock shingles only?"""
        np = _np()
        w = _words(text)
        k = min(SHINGLE, len(w.words))
        if not len(self._stock) or not k:
            return lambda i, j: False
        stock = _in_sorted(_shingle_hashes(w.words), self._stock)
        starts = np.array([s for s, _ in w.spans[: len(w.words) - k + 1]])
        ends = np.array([e for _, e in w.spans[k - 1 :]])

        def test(i: int, j: int) -> bool:
            inside = (starts >= i) & (ends <= j)
            return bool(inside.any()) and bool(stock[inside].all())

        return test

    def _passages(self, ta: str, tb: str) -> tuple[list[str], list[tuple[int, int]], list[tuple[int, int]]]:
        na, runs_a = _normalise_with_origin(ta)
        nb, runs_b = _normalise_with_origin(tb)
        k = 8
        seeds: dict[str, list[int]] = {}
        for j in range(len(nb) - k + 1):
            seeds.setdefault(nb[j : j + k], []).append(j)
        found = []  # maximal common runs (length, start in a, start in b)
        for i in range(len(na) - k + 1):
            for j in seeds.get(na[i : i + k], ()):
                if i and j and na[i - 1] == nb[j - 1]:
                    continue  # not the start of a maximal run
                n = k
                while i + n < len(na) and j + n < len(nb) and na[i + n] == nb[j + n]:
                    n += 1
                if n >= MIN_PASSAGE:
                    found.append((n, i, j))
        found.sort(key=lambda r: (-r[0], r[1], r[2]))
        is_stock = self._stock_test(ta) if found else None
        chosen: list[tuple[int, int, int]] = []
        for n, i, j in found:
            if any(i < ci + cn and ci < i + n or j < cj + cn and cj < j + n for cn, ci, cj in chosen):
                continue
            if is_stock(i, i + n):
                continue
            chosen.append((n, i, j))
            if len(chosen) == MAX_PASSAGES:
                break
        starts_a = [r[0] for r in runs_a]
        starts_b = [r[0] for r in runs_b]
        passages, spans_a, spans_b = [], [], []
        for n, i, j in chosen:
            sa = _span(runs_a, starts_a, i, i + n)
            passages.append(ta[sa[0] : sa[1]])
            spans_a.append(sa)
            spans_b.append(_span(runs_b, starts_b, j, j + n))
        return passages, spans_a, spans_b


def pairs(texts: Iterable[Text], threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
    """The near-copy pairs among ``texts`` (a one-off index)."""
    index = NearCopyIndex(threshold)
    for t in texts:
        index.add(t)
    return index.pairs()
