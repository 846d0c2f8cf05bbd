"""When two written names of a 班组, 工作室 or 项目 denote the same thing.

A name is reduced to a key; two names are the same when their keys are equal. The key is built as:

1. **Writing** is ignored: full/half width (NFKC), upper/lower case of Latin letters, every kind of space
   (half/full width, no-break, zero-width), and every punctuation mark (Unicode category P): brackets
   （）()【】[]〔〕《》, quotes “”‘’「」, dots ·・, dashes —－, 、，。：. Symbols are kept (“互联网+” ≠ “互联网”).
2. **The unit prefix** is the unit: "南京大学XX班组" written for unit 南京大学 is "XX班组" of 南京大学. A unit is
   compared without a trailing 工会 / 委员会 / 工会委员会 ("南京大学工会" = "南京大学"), and the key of a name is
   the unit followed by the name without that prefix. So "南京大学XX班组" with no unit given has the same
   key as "XX班组" of "南京大学工会".
3. **The generic suffix** is dropped, as a family:
   - 班组 family: "班组", "创新班组", "创新型班组"; a name without any suffix counts as this family too
     ("XX" = "XX班组" = "XX创新型班组"). "项目" is dropped the same way ("XX服务项目" = "XX服务").
   - 工会 studio family: "工作室", "创新工作室", "劳模创新工作室", "劳模工作室", "工匠创新工作室",
     "劳模工匠创新工作室", "劳模和工匠人才创新工作室", "职工创新工作室", "技术创新工作室", "技能创新工作室":
     the same 工会 title written shorter or longer. A studio never equals a name of the 班组 family.
   Titles of other programmes keep their words: "技能大师工作室" (人社), "名师工作室", "名医工作室",
   "大师工作室" are different titles, so "张三技能大师工作室" ≠ "张三劳模创新工作室".

| same | |
|---|---|
| "XX班组" / "ＸＸ 班组" / "xx班组" | width, spaces, case |
| "XX（电气）班组" / "XX(电气)班组" / "XX【电气】班组" / "XX电气班组" | brackets |
| "“匠心”创新工作室" / "匠心创新工作室" | quotes |
| "张三劳模创新工作室" / "张三创新工作室" / "张三工作室" / "张三劳模工作室" | studio suffix family |
| "电气班组" / "电气" / "电气创新型班组" | 班组 suffix family |
| "南京大学电气班组" (unit 南京大学工会) / "电气班组" (unit 南京大学) | unit prefix |
| "南京大学电气班组" (no unit) / "电气班组" (unit 南京大学) | unit prefix, unit unknown on one side |

| not the same | why |
|---|---|
| "张三劳模创新工作室" / "李四劳模创新工作室" | different leader in the name |
| "张三技能大师工作室" / "张三劳模创新工作室" | different programme's title |
| "电气班组" / "电气创新工作室" | a 班组 is not a studio |
| "电气班组" (南京大学) / "电气班组" (东南大学) | different units |
| "电工班" / "电工班组", "一班" / "1班" | 班 and 组 alone are kept (often numbered sub-teams); numerals are not converted |
| "电气班组" (no unit) / "南京大学电气班组" (no unit) | the second names a unit the first does not |
| "南京大学后勤集团电气班组" / "电气班组" (both of 南京大学) | a sub-unit written in the name is kept |
| "南京一中电气班组" (unit 南京市教育工会) / "电气班组" (unit 南京一中) | only the item's own unit is a prefix |

When one side has no unit at all (a 命名名单 without a 单位 column), the names still match on the name
alone; ``match_names`` tells this weaker match (``NAME_UNIT_UNKNOWN``) from a full one (``NAME``). A name
that is only a generic suffix ("创新工作室") matches only through its unit; with no unit it matches nothing.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from extractors.text import nfkc, squash

_log = logging.getLogger(__name__)

STUDIO_TAG = "#工作室"  # "#" is punctuation, removed from names, so the tag cannot collide with a name
_UNIT_SUFFIXES = ("工会委员会", "委员会", "工会")
_STUDIO = re.compile(
    r"(?:(?:劳模和工匠人才|劳模工匠|劳模|工匠|职工|技术|技能)*创新|劳模工匠|劳模|工匠|职工)?工作室$"
)
_GROUP = re.compile(r"(?:(?:创新型|创新)?班组|项目)$")


class NameMatch(str, Enum):
    NAME = "name"  # same name and same unit (or the unit written into the name)
    NAME_UNIT_UNKNOWN = "name_unit_unknown"  # same name; one side names no unit at all


@dataclass(frozen=True)
class NameKey:
    """A name as compared. ``full`` is unit + core + family tag; ``bare`` the same without the unit.
    An empty key matches nothing."""

    full: str
    bare: str
    unit: str


@lru_cache(maxsize=65536)
def plain(s: str) -> str:
    """Text as compared: NFKC, lower case, no spaces, no punctuation."""
    s = squash(nfkc(s)).casefold()
    return "".join(ch for ch in s if not unicodedata.category(ch).startswith("P"))


@lru_cache(maxsize=16384)
def unit_key(unit: str) -> str:
    """A unit as compared: plain, without a trailing 工会 / 委员会 ("南京大学工会" -> "南京大学")."""
    u = plain(unit)
    stripped = True
    while stripped:
        stripped = False
        for suffix in _UNIT_SUFFIXES:
            if u.endswith(suffix) and len(u) > len(suffix):
                u = u[: -len(suffix)]
                stripped = True
    return u


def leader_key(leader: str) -> str:
    return plain(leader)


def _core(s: str) -> tuple[str, str]:
    """(core, family tag) of a plain name without its unit."""
    m = _STUDIO.search(s)
    if m:
        return s[: m.start()], STUDIO_TAG
    m = _GROUP.search(s)
    if m:
        return s[: m.start()], ""
    return s, ""


@lru_cache(maxsize=65536)
def parse_name(name: str, unit: str = "") -> NameKey:
    n = plain(name)
    uk = unit_key(unit)
    if not n:
        return NameKey(full="", bare="", unit=uk)
    rest = n
    for prefix in (plain(unit), uk):
        if prefix and n.startswith(prefix) and len(n) > len(prefix):
            rest = n[len(prefix) :]
            break
    # "南京大学创新工作室" of 南京大学 leaves an empty core: the unit part of the key is what distinguishes it.
    core, tag = _core(rest)
    full = uk + core + tag if (uk or core) else ""
    bare = core + tag if core else ""
    return NameKey(full=full, bare=bare, unit=uk)


def name_key(name: str, unit: str = "") -> str:
    """The identity key of a name in its unit; "" when the name says nothing (blank or only a suffix)."""
    return parse_name(name or "", unit or "").full


def match_names(a: str, b: str, unit_a: str = "", unit_b: str = "") -> NameMatch | None:
    """How two names match (see the module docstring), or None."""
    ka, kb = parse_name(a or "", unit_a or ""), parse_name(b or "", unit_b or "")
    if ka.full and ka.full == kb.full:
        return NameMatch.NAME
    # One side names no unit: it matches the other's name without its unit.
    if not ka.unit and ka.full and ka.full == kb.bare:
        return NameMatch.NAME_UNIT_UNKNOWN
    if not kb.unit and kb.full and kb.full == ka.bare:
        return NameMatch.NAME_UNIT_UNKNOWN
    return None


@lru_cache(maxsize=16384)
def name_forms(name: str) -> frozenset[str]:
    """The plain forms a name may take inside another text (a file name, a folder name, a title): the name
    itself and, with its generic suffix dropped, its core in the family's short form — "孙志强工作室" in
    "孙志强工作室支撑材料" for "孙志强劳模创新工作室", "网络运维" for "网络运维班组" (a core of three
    characters or more)."""
    n = plain(name)
    if not n:
        return frozenset()
    core, tag = _core(n)
    forms = {n}
    if tag == STUDIO_TAG and len(core) >= 2:
        forms.add(core + "工作室")
    elif core != n and len(core) >= 3:
        forms.add(core)
    return frozenset(forms)


def same_name(a: str, b: str, unit_a: str = "", unit_b: str = "") -> bool:
    """True when the two names denote the same 班组/工作室/项目 (either kind of match)."""
    return match_names(a, b, unit_a, unit_b) is not None


def abridged(a: str, b: str) -> bool:
    """One name is the other with a word shortened or spelt out ("模具快换装置" / "模具快速更换装置"): the shorter's
    characters appear in order in the longer, which begins and ends as it does, and they are three quarters of it
    at least. "自动调整装置" is no abridgement of "自动纠偏装置" (a word changed, not shortened)."""
    short, long_ = sorted((plain(a), plain(b)), key=len)
    if len(short) < 6 or len(short) * 4 < len(long_) * 3 or short[0] != long_[0] or short[-1] != long_[-1]:
        return False
    rest = iter(long_)
    return all(ch in rest for ch in short)
