"""What a supporting document shows (a standards assessment's evidence): the topics its title, its heading lines or
its file name name ("工作室标志上墙照片" shows 标志; "技术攻关管理办法" a 技术攻关 制度)."""

from __future__ import annotations

import re

from extractors import text as tx
from extractors.profile import StandardsSpec

HEAD_CHARS = 30  # a heading is a short line; a title is one of the first lines


def _named(line: str, names: list[str], with_any: list[str]) -> bool:
    return any(n in line for n in names) and (not with_any or any(w in line for w in with_any))


def shown_topics(spec: StandardsSpec, lines: list[str], file_name: str) -> list[str]:
    """The topics of ``spec`` a document shows, in the spec's order."""
    flat = [tx.squash(tx.nfkc(ln)) for ln in lines if ln.strip()]
    heads = flat[:8] + [ln for ln in flat[8:] if len(ln) <= HEAD_CHARS]
    stem = tx.squash(tx.nfkc(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name)))
    out = []
    for t in spec.topics:
        names = [tx.squash(tx.nfkc(n)) for n in t.names]
        words = [tx.squash(tx.nfkc(w)) for w in t.with_any]
        if any(_named(h, names, words) for h in [*heads, stem]):
            out.append(t.key)
    return out
