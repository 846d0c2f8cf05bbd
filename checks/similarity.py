"""Near-copy detection between long texts of different submitting units (a pure library).

This module holds the index and the matching (:class:`NearCopyIndex`, :func:`pairs`, :func:`grade`, the
thresholds and weights); ``checks.similarity_text`` turns one text into what is compared — the normalised
text, its words and their flags, shingle hashes, the built-in stock phrases, the stored :func:`fingerprint`
— and its public names are re-exported here. Imports ``checks.similarity_text`` (which never imports this
module) and, when an index is used, numpy and datasketch.

What counts as a near copy
--------------------------
Each text is normalised (NFKC, lower case, every punctuation mark, symbol and space removed; see
:func:`normalise`), cut into words with jieba (dictionary only, no HMM; a few function words such as
的/了/和 dropped) and described by its *shingles*: every run of 3 consecutive words.

A shingle is **stock**, never evidence of copying, when it is

* in the built-in stock phrases (``builtin_stock``, on by default): checks/stock_phrases.txt, read when
  an index is first built — ~230 set phrases of union and award writing (坚持以习近平新时代中国特色社会主义
  思想为指导, 充分发挥劳模示范引领作用, 取得了显著成效, 形成了可复制、可推广的经验做法 …) and ~180
  rule sentences of the campaign notices that units copy into their texts. Whatever the batch size, two
  texts included;
* in one of the ``stock_texts`` given to the index (a profile's notice or list of phrases);
* or in the texts of many units of the index: at least ``max(stock_min_groups, stock_share × units)``,
  defaults 5 and 1 %. Copies of one text (Jaccard ≥ ``ORIGIN_JACCARD`` 0.6 over their shingles, found
  with a whole-text MinHash LSH) count once here, so a template copied by 15 units does not turn stock.

Every other shingle is *distinctive* and has a **weight**: ``W_SPECIFIC`` = 3 when one of its words is a
figure (a number other than a year: "26万元" → 26, "98.6%" → 98 and 6, "3项", "十二次", "百分之三十";
a lone digit not followed by a unit numbers a heading and is no figure), ``W_GENERIC`` = 0.25 when all its
words are generic (a word of the stock phrases, or one of the ~7,200 words of frequency ≥ 1,000 in jieba's
dictionary: 班组 坚持 工作 时间 困难 …), 1 otherwise. What is specific to a case — its figures, its device,
its place — outweighs the generic sentences every unit writes.

The **similarity** of two texts is the weighted share of the shorter text's distinctive shingles that
also occur in the other: ``w(D(a) ∩ D(b)) / max(w(D(short)), 30)``, the shorter being the one of smaller
weight (the floor of 30, about 60 characters, keeps a text that is nearly all stock from matching on a few
shingles). Containment rather than Jaccard, so that one section copied into an otherwise different text
is found. It reads "较短一篇中有 N% 的具体内容在另一篇中出现（常见套话不计）".

Two texts are **near copies** when they belong to different groups (a unit repeating its own sentences
in its form and its case is not copying), both have at least ``min_chars`` (100) normalised characters,
and their similarity is at least ``threshold`` (``DEFAULT_THRESHOLD`` = 0.30). :func:`grade` words it:
"高度相似" from ``HIGH_SIMILARITY`` = 0.60 (most of the specific content is shared: every paraphrase,
reordering and synonym copy of the bench scores 0.64 or more), "部分内容相同" below (a section or a
part is shared; 36 % is not "highly similar").

**Groups.** :meth:`NearCopyIndex.grouped` reports copies of one text sent by ``GROUP_MIN_GROUPS`` (3) or
more units as one :class:`Group`: a text whose similarity with an earlier text, and the ratio of their
weights, are both ≥ ``GROUP_SIMILARITY`` (0.70) joins that text's group and is left out of the LSH, so k
copies cost k comparisons and one quoting of passages instead of k·(k−1)/2 of each (any two members then
share ≥ ~40 % of their content: near copies of each other). :meth:`NearCopyIndex.pairs` still gives every
pair.

Measured with ``bench/nearcopy.py`` (seed 7; generated write-ups; 240 labelled copies — 60 each of light
paraphrase, sentence reordering, synonym swaps, one section copied into a different text — and 462
labelled non-copies, 320 of them hard negatives sharing 5–8 stock clauses with different substance;
small batches: 120 batches each of 3, 5 and 8 units × 3 texts, each with one labelled copy and one or two
hard negatives sharing FIVE WHOLE generic sentences, half of them sentences the built-in list does not
hold; precision counts every flagged pair of the batch). At the default 0.30, before (the version without
built-in phrases or weights) → now:

==========================================  ===============  ===============  =====================
setting                                     precision        recall           partial copies found
==========================================  ===============  ===============  =====================
one batch of 1,620 texts from 503 units     1.000 → 1.000    0.887 → 0.879    33 → 31 /60
10 batches of ~160 texts from ~50 units     1.000 → 1.000    0.904 → 0.908    37 → 38 /60
80 batches of ~20 texts from ~6 units       0.978 → 1.000    0.933 → 0.942    44 → 46 /60
each labelled pair alone (2 texts)          0.934 → 1.000    0.942 → 0.942    46 → 46 /60
120 batches of 3 units × 3 texts            0.873 → 0.983    0.975 → 0.975    27 → 27 /30
120 batches of 5 units × 3 texts            0.846 → 0.991    0.958 → 0.950    25 → 24 /30
120 batches of 8 units × 3 texts            0.831 → 0.991    0.942 → 0.967    23 → 26 /30
==========================================  ===============  ===============  =====================

Paraphrase, reordering and synonym swaps are all found in every setting, before and now (similarity ≥
0.64); every miss is a copied section (partial copy) scoring below 0.30. (Seed 11, small batches:
precision 1.000 / 1.000 / 0.982 now, 0.780 / 0.879 / 0.854 before; recall 0.967 / 0.967 / 0.925, before
0.975 / 0.967 / 0.925.) What each part does in the small batches (precision at 3 / 5 / 8 units): the
built-in list alone 0.893 / 0.852 / 0.779 (it takes out the set phrases, so what is left of a shared
generic sentence weighs more), with figures ×3 0.975 / 0.966 / 0.966, with figures ×3 and generic ×0.25
0.983 / 0.991 / 0.991; recall unchanged. 0.30 is
the lowest threshold with precision ≥ 0.98 in every small-batch setting (0.25: 0.952 / 0.951 / 0.922;
mean F1 over the six batch settings 0.964 at 0.30, 0.968 at 0.25, 0.951 at 0.35). Held-out hard
negatives still reach 0.30–0.32 now and then (1–2 of 60–120): whole sentences no list knows weigh as
much as any other ordinary words. A copy that changes its figures scores lower than one that keeps
them (the figures weigh 3). A section copied by 5 or more units still becomes stock.

A template copied by 15 units (50 templates × 15 units + 3 texts of each unit's own, one batch): 50
groups and no other pair, 0.17 s after indexing (the duplicate.near_copy check, index included: 50
findings in 0.7 s); ``pairs()`` gives 5,250 pairs in 6.2 s. Before, the templates' shingles, in 15 units,
were stock: 3 pairs were found. ``grouped()`` grows linearly with the copies (10 templates × 5 / 10 / 20
/ 40 copies: 0.03 / 0.04 / 0.06 / 0.09 s; ``pairs()``: 0.14 / 0.57 / 2.4 / 9.6 s).

Finding candidates
------------------
Exact containment over all pairs is quadratic, so candidates come from datasketch ``MinHashLSH`` over
the MinHashes (datasketch's ``affine32`` scheme, 8 bands × 3 rows) of the distinctive shingles of each
sentence-aligned chunk of 16–48 words, and are then verified with the exact measure. The MinHashes
depend on which shingles are stock in the index, so the stored :func:`fingerprint` (format 2) is the
word sequence itself: 32-bit word hashes, one flag byte per word (figure, common word) and the chunk
boundaries, about 2.4 bytes per character; a registry keeps it and later indexes earlier years' texts
without jieba. Which words are generic and which shingles stock is decided when indexing, so a changed
list of stock phrases needs no new fingerprints; a format-1 fingerprint is rebuilt from its text. 5,000
texts of ~630 characters: tokenising 7–8 s, building the index and pairing 5–6 s (before: 6.5–7 s and
4–5 s; one core; fingerprints can be made in the per-file workers).

Evidence
--------
The shared passages are maximal runs of identical normalised characters, each trimmed to its first and
last shingle that is neither stock nor generic and then at least 15 characters; the 3 with the most
specific content (weight) are quoted, longest first, each from text a as written, with its character
span in both original texts (``normalise(text_b[s:e]) == normalise(passage)``).
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from checks.similarity_text import (
    _F_COMMON,
    _F_FIGURE,
    CHUNK_MAX,
    CHUNK_MIN,
    COMMON_FREQ,
    SHINGLE,
    STOCK_PHRASE_FILES,
    _builtin_vocabulary,
    _fmix32,
    _jieba,
    _normalise_with_origin,
    _np,
    _OlderFingerprint,
    _parse_fingerprint,
    _phrase_lines,
    _segment_words,  # noqa: F401 — re-exported: bench/nearcopy.py reads it here
    _shingle_hashes,  # noqa: F401 — re-exported: bench/nearcopy.py reads it here
    _Signature,
    _signature,
    _span,
    _vocabulary_of,
    _word_hash,  # noqa: F401 — re-exported: bench/nearcopy.py reads it here
    _words,
    builtin_phrases,
    fingerprint,
    is_current_fingerprint,
    normalise,
)

if TYPE_CHECKING:  # numpy and datasketch are imported when an index is used, not at start-up
    import numpy as np

# The public names, those of checks.similarity_text included: callers import them all from here.
__all__ = [
    "CHUNK_BANDS", "CHUNK_MAX", "CHUNK_MIN", "CHUNK_MIN_DISTINCT", "COMMON_FREQ", "DEFAULT_THRESHOLD",
    "GROUP_MIN_GROUPS", "GROUP_SIMILARITY", "HIGH_SIMILARITY", "MAX_PASSAGES", "MIN_CHARS", "MIN_DENOMINATOR",
    "MIN_PASSAGE", "ORIGIN_BANDS", "ORIGIN_JACCARD", "SEED", "SHINGLE", "STOCK_MIN_GROUPS", "STOCK_PHRASE_FILES",
    "STOCK_SHARE", "W_GENERIC", "W_SPECIFIC",
    "Group", "Grouped", "Match", "NearCopyIndex", "Text",
    "builtin_phrases", "fingerprint", "grade", "is_current_fingerprint", "normalise", "pairs", "warm_up",
]  # fmt: skip

_log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.30
HIGH_SIMILARITY = 0.60  # from here a pair is graded 高度相似, below it 部分内容相同 (see grade())
MIN_CHARS = 100
MIN_DENOMINATOR = 30  # weighted shingles: the containment floor (see the module docstring)
W_SPECIFIC, W_GENERIC = 3.0, 0.25  # shingle weights: with a figure / generic words only (ordinary: 1)
MIN_PASSAGE = 15  # normalised characters
MAX_PASSAGES = 3
GROUP_SIMILARITY = 0.70  # a text joins a group of copies: similarity and size ratio with its representative
GROUP_MIN_GROUPS = 3  # a group of copies is reported as one when it spans this many groups (units)
ORIGIN_JACCARD = 0.6  # copies of one text count once when stock shingles are counted
ORIGIN_BANDS = (
    16,
    4,
)  # their candidates: whole-text MinHash LSH, b × r (Jaccard 0.6: p ≈ 0.89, 0.8: p > 0.999)

# MinHash / LSH settings: candidates only, never stored, so they can change freely.
SEED = 1
CHUNK_BANDS = (8, 3)  # b × r: a chunk pair of Jaccard 0.5 is a candidate with p ≈ 0.66, 0.7 with p ≈ 0.97
CHUNK_MIN_DISTINCT = 3  # a chunk with fewer distinctive shingles is not used to find candidates
STOCK_MIN_GROUPS, STOCK_SHARE = 5, 0.01

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


@dataclass
class Group:
    """Texts of at least ``GROUP_MIN_GROUPS`` groups that are all copies of one text (a template copied by
    many units): reported once. ``keys`` are every member in key order, the representative (the first
    key) included; ``similarity`` each member's similarity with the representative (its own: 1.0);
    ``match`` the representative and its most similar member of another group, with the passages quoted
    once for the whole group."""

    representative: str
    keys: list[str]
    similarity: dict[str, float]
    match: Match


@dataclass
class Grouped:
    """:meth:`NearCopyIndex.grouped`: the groups of copies, and the near-copy pairs left once a group
    stands for its members (a text near several members of a group is paired with the closest one only).
    ``group_of`` maps the key of every group member to the index of its group."""

    matches: list[Match]
    groups: list[Group]
    group_of: dict[str, int] = field(default_factory=dict)


def grade(similarity: float) -> str:
    """The wording of a similarity: "高度相似" from ``HIGH_SIMILARITY`` (most of the shorter text's specific
    content is in the other), "部分内容相同" below it (a part of it is)."""
    return "高度相似" if similarity >= HIGH_SIMILARITY else "部分内容相同"


# ------------------------------------------------------------------------------------------------ helpers


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load jieba's dictionary, numpy, datasketch and the built-in stock phrases now (the pipeline does it
    while files are read)."""
    _jieba()
    _np()
    import datasketch  # noqa: F401

    _builtin_vocabulary()


def _windows(mask: np.ndarray, n: int, how: str) -> np.ndarray:
    """Per shingle (``n`` of them) of a word mask: any / all of its words."""
    np = _np()
    if not n:
        return np.zeros(0, dtype=bool)
    k = len(mask) - n + 1
    out = mask[:n].copy()
    for j in range(1, k):
        out = (out | mask[j : j + n]) if how == "any" else (out & mask[j : j + n])
    return out


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
    weights: np.ndarray | None = None  # the weight of each of ``distinct``
    mass: float = 0.0  # their sum
    chunk_mhs: list = field(default_factory=list)  # LeanMinHash of each chunk's distinctive shingles


class NearCopyIndex:
    """Texts to compare; :meth:`grouped` finds the near copies among them (a group of copies of one text
    reported once), :meth:`pairs` every near-copy pair, :meth:`query` those of one text.

    Texts added with ``earlier=True`` (earlier years' texts from a registry) are compared with the
    others but never with each other. Stock shingles are counted over every text added; the shingles of
    the built-in stock phrases (``builtin_stock``, checks/stock_phrases*.txt) and of ``stock_texts`` (the
    notice, the form's own instructions, a profile's list of set phrases) are stock whatever their
    counts, which matters in a batch of few units; their words are the generic vocabulary.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        min_chars: int = MIN_CHARS,
        stock_min_groups: int = STOCK_MIN_GROUPS,
        stock_share: float = STOCK_SHARE,
        stock_texts: Iterable[str] = (),
        builtin_stock: bool = True,
    ) -> None:
        self.threshold = threshold
        self.min_chars = min_chars
        self.stock_min_groups = stock_min_groups
        self.stock_share = stock_share
        self.stock_texts = tuple(stock_texts)
        self.builtin_stock = builtin_stock
        self._entries: list[_Entry] = []
        self._keys: dict[str, int] = {}
        self._built = False
        self._stock = None
        self._generic = None
        self._chunk_lsh = None
        self._chunk_owner: list[int] = []
        self._older_fingerprints = 0

    def __len__(self) -> int:
        return len(self._entries)

    # -------------------------------------------------------------------------------------------- adding

    def add(self, item: Text, *, earlier: bool = False) -> None:
        """Add a text (tokenised now)."""
        self._add(_Entry(item, _signature(item.text), earlier))

    def add_fingerprint(self, item: Text, fingerprint: bytes, *, earlier: bool = False) -> None:
        """Add a text whose :func:`fingerprint` was stored earlier; ``item.text`` is only used for quoting
        passages. A fingerprint of another format is rebuilt from the text (with a warning; one of an
        older version, expected after an upgrade, with one summary line at INFO)."""
        try:
            sig = _parse_fingerprint(fingerprint)
        except _OlderFingerprint:
            self._older_fingerprints += 1
            sig = _signature(item.text)
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
        entry.comparable = entry.sig.n_chars >= self.min_chars and len(entry.sig.words) > 0
        self._keys[key] = len(self._entries)
        self._entries.append(entry)
        self._built = False

    # -------------------------------------------------------------------------------------------- building

    def _build(self) -> None:
        if self._built:
            return
        np = _np()
        from datasketch import LeanMinHash, MinHash, MinHashLSH

        if self._older_fingerprints:
            _log.info("near-copy index: %d fingerprints of an older format rebuilt from their text",
                      self._older_fingerprints)  # fmt: skip
            self._older_fingerprints = 0
        entries = [e for e in self._entries if e.comparable]
        # Stock whatever the counts: the built-in phrases and the given texts; their words are generic.
        given, generic = [np.zeros(0, dtype=np.uint32)], [np.zeros(0, dtype=np.uint32)]
        for vocab in (
            _builtin_vocabulary() if self.builtin_stock else None,
            _vocabulary_of(_phrase_lines(self.stock_texts)) if self.stock_texts else None,
        ):
            if vocab is not None:
                given.append(vocab.stock)
                generic.append(vocab.generic)
        fixed = np.unique(np.concatenate(given)).astype(np.uint32)
        self._generic = np.unique(np.concatenate(generic)).astype(np.uint32)
        # Stock by count: shingles found in the texts of many groups. Copies of one text (a template several
        # units sent) count once, or a template copied by five units would be stock and never found.
        by_origin: dict[tuple[str, str], list[np.ndarray]] = {}
        for e, origin in zip(entries, self._origins(entries, fixed), strict=True):
            by_origin.setdefault(origin, []).append(e.sig.shingles)
        n_groups = len({e.item.group for e in entries})
        min_groups = max(self.stock_min_groups, int(np.ceil(self.stock_share * n_groups)))
        stock = [fixed]
        if len(by_origin) >= min_groups:
            per_origin = [np.unique(np.concatenate(v)) for v in by_origin.values()]
            values, counts = np.unique(np.concatenate(per_origin), return_counts=True)
            stock.append(values[counts >= min_groups])
        self._stock = np.unique(np.concatenate(stock)).astype(np.uint32)
        _log.debug(
            "near-copy index: %d texts, %d groups, %d stock shingles, %d generic words",
            len(entries),
            n_groups,
            len(self._stock),
            len(self._generic),
        )

        num_perm = CHUNK_BANDS[0] * CHUNK_BANDS[1]
        a, b = MinHash(num_perm=num_perm, seed=SEED).permutations
        self._perm = (a.astype(np.uint32), b.astype(np.uint32))
        self._lean = lambda hv: LeanMinHash(seed=SEED, hashvalues=hv, scheme="affine32")
        self._new_lsh = lambda: MinHashLSH(num_perm=num_perm, params=CHUNK_BANDS)
        self._chunk_lsh = self._new_lsh()
        self._chunk_owner = []
        for idx, e in enumerate(self._entries):
            if not e.comparable:
                continue
            self._prepare_entry(e)
            for mh in e.chunk_mhs:
                self._chunk_lsh.insert(len(self._chunk_owner), mh, check_duplication=False)
                self._chunk_owner.append(idx)
        self._built = True

    def _origins(self, entries: list[_Entry], fixed: np.ndarray) -> list[tuple[str, str]]:
        """The origin of each text for counting stock shingles: its group, or, for texts of several groups
        that are copies of one text (Jaccard of their shingles, the fixed stock left out, at least
        ``ORIGIN_JACCARD``), that text. Found like :meth:`grouped`: a copy is compared with the first text
        of its kind only, so k copies cost k comparisons."""
        np = _np()
        from datasketch import LeanMinHash, MinHash, MinHashLSH

        num_perm = ORIGIN_BANDS[0] * ORIGIN_BANDS[1]
        a, b = (x.astype(np.uint32) for x in MinHash(num_perm=num_perm, seed=SEED + 1).permutations)
        lsh = MinHashLSH(num_perm=num_perm, params=ORIGIN_BANDS)
        first: dict[int, np.ndarray] = {}
        copy_of = list(range(len(entries)))
        for n in sorted(range(len(entries)), key=lambda n: entries[n].item.key):
            sh = entries[n].sig.shingles
            sh = np.unique(sh[~_in_sorted(sh, fixed)])
            if len(sh) < CHUNK_MIN:
                continue
            mh = LeanMinHash(seed=SEED + 1, hashvalues=(_fmix32(sh)[:, None] * a[None, :] + b[None, :]).min(axis=0),
                             scheme="affine32")  # fmt: skip
            best, best_j = None, 0.0
            for r in sorted(lsh.query(mh)):
                shared = int(_in_sorted(sh, first[r]).sum())
                j = shared / (len(sh) + len(first[r]) - shared)
                if j >= ORIGIN_JACCARD and j > best_j:
                    best, best_j = r, j
            if best is None:
                first[n] = sh
                lsh.insert(n, mh, check_duplication=False)
            else:
                copy_of[n] = best
        groups_of: dict[int, set[str]] = {}
        for n, r in enumerate(copy_of):
            groups_of.setdefault(r, set()).add(entries[n].item.group)
        return [("copies", entries[r].item.key) if len(groups_of[r]) > 1 else ("group", entries[n].item.group)
                for n, r in enumerate(copy_of)]  # fmt: skip

    def _weights(self, sig: _Signature) -> tuple[np.ndarray, np.ndarray]:
        """Per shingle of ``sig``: is it stock, and its weight — W_SPECIFIC with a figure among its words
        (a word of the stock phrases is never a figure: "二十大", "四个意识"), W_GENERIC when all its words
        are generic (a word of the stock phrases or a common word), 1 otherwise."""
        np = _np()
        sh = sig.shingles
        stock = _in_sorted(sh, self._stock)
        listed = _in_sorted(sig.words, self._generic)
        figure = ((sig.flags & _F_FIGURE) > 0) & ~listed
        generic = (listed | ((sig.flags & _F_COMMON) > 0)) & ~figure
        w = np.ones(len(sh), dtype=np.float64)
        w[_windows(generic, len(sh), "all")] = W_GENERIC
        w[_windows(figure, len(sh), "any")] = W_SPECIFIC
        return stock, w

    def _prepare_entry(self, e: _Entry) -> None:
        """The distinctive shingles (sorted, unique) with their weights, and the MinHashes (datasketch's
        affine32 scheme) of each chunk's distinctive shingles."""
        np = _np()
        sh = e.sig.shingles
        stock, w = self._weights(e.sig)
        keep = ~stock
        e.distinct, first = np.unique(sh[keep], return_index=True)
        e.weights = w[keep][first]
        e.mass = float(e.weights.sum())
        e.chunk_mhs = []
        if not len(e.distinct):
            return
        a, b = self._perm
        phv = _fmix32(sh)[:, None] * a[None, :] + b[None, :]  # uint32, wraps as intended
        phv[~keep] = np.uint32(0xFFFFFFFF)
        bounds = [int(x) for x in e.sig.chunks] + [len(sh)]
        e.chunk_mhs = [
            self._lean(phv[s:t].min(axis=0))
            for s, t in zip(bounds, bounds[1:], strict=False)
            if keep[s:t].sum() >= CHUNK_MIN_DISTINCT
        ]

    # -------------------------------------------------------------------------------------------- searching

    def _candidates(self, chunk_mhs: list, lsh=None, owner: list[int] | None = None) -> set[int]:
        lsh = lsh if lsh is not None else self._chunk_lsh
        owner = owner if owner is not None else self._chunk_owner
        found: set[int] = set()
        for mh in chunk_mhs:
            found.update(owner[c] for c in lsh.query(mh))
        return found

    @staticmethod
    def _similarity(x: _Entry, y: _Entry) -> float:
        """The weighted containment of the shorter text's distinctive shingles in the other's (the
        shorter: the smaller weight; the same result either way round)."""
        if x.mass > y.mass or x.mass == y.mass and bytes(x.distinct) > bytes(y.distinct):
            x, y = y, x
        if not len(x.distinct):
            return 0.0
        shared = _in_sorted(x.distinct, y.distinct)
        return float(x.weights[shared].sum()) / max(x.mass, MIN_DENOMINATOR)

    def _verify(self, e: _Entry, f: _Entry, floor: float = 0.0) -> float:
        return self._similarity(e, f)

    def _entry(self, item: Text) -> tuple[_Entry, int | None]:
        idx = self._keys.get(item.key)
        if idx is not None and self._entries[idx].item.text == item.text:
            return self._entries[idx], idx
        e = _Entry(item, _signature(item.text))
        e.comparable = e.sig.n_chars >= self.min_chars and len(e.sig.words) > 0
        if e.comparable:
            self._prepare_entry(e)
        return e, idx

    def pairs(self) -> list[Match]:
        """Every near-copy pair once, most similar first (then by keys). A text copied by k units gives
        k·(k−1)/2 pairs here; :meth:`grouped` reports them as one group."""
        self._build()
        out = []
        for i, e in enumerate(self._entries):
            if not e.comparable or e.earlier:
                continue
            for j in self._candidates(e.chunk_mhs):
                f = self._entries[j]
                if j == i or f.item.group == e.item.group or (not f.earlier and j < i):
                    continue
                sim = self._verify(e, f)
                if sim >= self.threshold:
                    out.append(self._match(e.item, f.item, sim))
        out.sort(key=lambda m: (-m.similarity, m.a, m.b))
        return out

    def grouped(self) -> Grouped:
        """The near copies of the index with every group of copies of one text reported once.

        Texts are taken in key order; each is compared with the candidates LSH finds among the texts taken
        before it (and the earlier years' texts). A text whose similarity with a candidate, and the ratio of
        their sizes, are both at least ``GROUP_SIMILARITY`` joins that candidate's group (whatever their
        units) and is *not* added to the LSH: the group's first text stands for it, so k copies of one text
        cost k comparisons, not k²; and a group's passages are quoted once. A group spanning at least
        ``GROUP_MIN_GROUPS`` groups (units) is a :class:`Group`; a smaller one gives its pairs across
        units. Pairs with other texts are kept once per group (the closest member)."""
        self._build()
        lsh, owner = self._new_lsh(), []
        for j, f in sorted(enumerate(self._entries), key=lambda x: x[1].item.key):
            if f.comparable and f.earlier:
                for mh in f.chunk_mhs:
                    lsh.insert(len(owner), mh, check_duplication=False)
                    owner.append(j)
        rep_of: dict[int, int] = {}
        members: dict[int, list[int]] = {}
        to_rep: dict[int, float] = {}  # member -> similarity with its representative
        found: dict[tuple[int, int], float] = {}  # (i, j), i < j: near copies across groups
        order = sorted((i for i, e in enumerate(self._entries) if e.comparable and not e.earlier),
                       key=lambda i: self._entries[i].item.key)  # fmt: skip
        join_at = max(GROUP_SIMILARITY, self.threshold)
        for i in order:
            e = self._entries[i]
            best, best_sim = None, 0.0
            for j in sorted(
                self._candidates(e.chunk_mhs, lsh, owner), key=lambda j: self._entries[j].item.key
            ):
                f = self._entries[j]
                sim = self._verify(e, f)
                if (not f.earlier and sim >= join_at and sim > best_sim
                        and min(e.mass, f.mass) >= join_at * max(e.mass, f.mass)):  # fmt: skip
                    best, best_sim = j, sim
                if f.item.group != e.item.group and sim >= self.threshold:
                    found[min(i, j), max(i, j)] = sim
            if best is not None:
                rep_of[i] = best
                members[best].append(i)
                to_rep[i] = best_sim
            else:
                rep_of[i] = i
                members[i] = [i]
                to_rep[i] = 1.0
                for mh in e.chunk_mhs:
                    lsh.insert(len(owner), mh, check_duplication=False)
                    owner.append(i)
        # A text near a set of copies was compared with its first text only (the others are not in the
        # LSH): compare it with the others too when the set is too small to be a group.
        small = {r for r, m in members.items() if len(m) > 1} - {
            r for r, m in members.items() if len({self._entries[x].item.group for x in m}) >= GROUP_MIN_GROUPS
        }
        for i, j in [p for p in found if (p[0] in small) != (p[1] in small)]:
            r, o = (i, j) if i in small else (j, i)
            if rep_of.get(o) == r:
                continue
            for x in members[r][1:]:
                if (
                    x != o
                    and self._entries[x].item.group != self._entries[o].item.group
                    and (min(x, o), max(x, o)) not in found
                ):
                    sim = self._verify(self._entries[x], self._entries[o])
                    if sim >= self.threshold:
                        found[min(x, o), max(x, o)] = sim
        key = lambda i: self._entries[i].item.key  # noqa: E731
        group_reps = [
            r for r, m in members.items() if len({self._entries[x].item.group for x in m}) >= GROUP_MIN_GROUPS
        ]
        in_group = {x: r for r in group_reps for x in members[r]}
        # Pairs: inside a group none; inside a smaller set of copies every pair across groups; otherwise
        # once per (group or text, group or text), the closest.
        best_pair: dict[tuple, tuple[float, int, int]] = {}
        for (i, j), sim in found.items():
            if i in rep_of and j in rep_of and rep_of[i] == rep_of[j]:
                continue  # inside one set of copies: below
            node = tuple(
                sorted((("g", key(in_group[x])) if x in in_group else ("t", key(x))) for x in (i, j))
            )
            cand = (sim, *sorted((i, j), key=key))
            prev = best_pair.get(node)
            if prev is None or (-cand[0], key(cand[1]), key(cand[2])) < (
                -prev[0],
                key(prev[1]),
                key(prev[2]),
            ):
                best_pair[node] = cand
        for r, m in members.items():
            if r in in_group or len(m) < 2:
                continue
            for x, y in ((x, y) for n, x in enumerate(m) for y in m[n + 1 :]):
                ex, ey = self._entries[x], self._entries[y]
                if ex.item.group == ey.item.group:
                    continue
                sim = self._verify(ex, ey)
                if sim >= self.threshold:
                    best_pair[("t", key(x)), ("t", key(y)), "set"] = (sim, *sorted((x, y), key=key))
        matches = [
            self._match(self._entries[i].item, self._entries[j].item, sim) for sim, i, j in best_pair.values()
        ]
        matches.sort(key=lambda m: (-m.similarity, m.a, m.b))
        groups: list[Group] = []
        for r in sorted(group_reps, key=lambda r: (-len(members[r]), key(r))):
            m = sorted(members[r], key=key)
            rep = self._entries[r]
            closest = max((x for x in m if self._entries[x].item.group != rep.item.group),
                          key=lambda x: (to_rep[x], -m.index(x)))  # fmt: skip
            groups.append(Group(rep.item.key, [key(x) for x in m],
                                {key(x): round(to_rep[x], 4) for x in m},
                                self._match(rep.item, self._entries[closest].item, to_rep[closest])))  # fmt: skip
        group_of = {k: n for n, g in enumerate(groups) for k in g.keys}
        return Grouped(matches, groups, group_of)

    def query(self, item: Text) -> list[Match]:
        """The near copies of ``item`` among everything added (its own key and group excluded)."""
        self._build()
        e, idx = self._entry(item)
        if not e.comparable:
            return []
        out = []
        for j in self._candidates(e.chunk_mhs):
            f = self._entries[j]
            if j == idx or f.item.group == item.group:
                continue
            sim = self._verify(e, f)
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

    def _layout(self, text: str):
        """Per shingle of ``text``: its span in the normalised text (start, end), whether it is plain (stock,
        or of generic words only: no evidence of copying) and its weight."""
        np = _np()
        w = _words(text)
        k = min(SHINGLE, len(w.words))
        if not k:
            z = np.zeros(0, dtype=np.int64)
            return z, z, np.zeros(0, dtype=bool), np.zeros(0)
        stock, weight = self._weights(_signature(text))
        starts = np.array([s for s, _ in w.spans[: len(w.words) - k + 1]], dtype=np.int64)
        ends = np.array([e for _, e in w.spans[k - 1 :]], dtype=np.int64)
        return starts, ends, stock | (weight <= W_GENERIC), np.where(stock, 0.0, weight)

    def _passages(self, ta: str, tb: str) -> tuple[list[str], list[tuple[int, int]], list[tuple[int, int]]]:
        """The shared passages: maximal runs of identical normalised characters, each trimmed to its first
        and last shingle that is not plain (a stock or generic sentence next to the copied one is not
        quoted), at least MIN_PASSAGE characters; the MAX_PASSAGES with the most specific content (weight
        of their shingles) are quoted, longest first."""
        np = _np()
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
        scored = []
        if found:
            starts, ends, plain, weight = self._layout(ta)
            for n, i, j in found:
                lo, hi = int(np.searchsorted(starts, i)), int(np.searchsorted(ends, i + n, side="right"))
                keep = [x for x in range(lo, hi) if not plain[x] and ends[x] <= i + n]
                if not keep:
                    continue  # only stock or generic shingles
                s, e = int(starts[keep[0]]), int(ends[keep[-1]])
                if e - s >= MIN_PASSAGE:
                    scored.append((float(weight[keep[0] : keep[-1] + 1].sum()), e - s, s, j + (s - i)))
        scored.sort(key=lambda r: (-r[0], -r[1], r[2], r[3]))
        chosen: list[tuple[int, int, int]] = []
        for _, n, i, j in scored:
            if any(i < ci + cn and ci < i + n or j < cj + cn and cj < j + n for cn, ci, cj in chosen):
                continue
            chosen.append((n, i, j))
            if len(chosen) == MAX_PASSAGES:
                break
        chosen.sort(key=lambda r: (-r[0], r[1], r[2]))
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
