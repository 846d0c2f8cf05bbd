"""Where 汇审 keeps what it may write besides its outputs: one cache folder, nothing else.

``$HUISHEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/huishen``, else ``~/.cache/huishen``. The record cache, the
converted copies of legacy files, LibreOffice's per-process profiles and jieba's dictionary cache all live
under it, so a run writes only to its output folder, this folder and the registry (never $TMPDIR or ~).
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    if os.environ.get("HUISHEN_CACHE_DIR"):
        return Path(os.environ["HUISHEN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "huishen"


def keep_jieba_here(jieba) -> None:
    """Point jieba's dictionary cache (9 MB, by default ``$TMPDIR/jieba.cache``) at the cache folder; an
    unwritable one leaves jieba to rebuild its dictionary in memory every time (it writes nothing then)."""
    folder = cache_root() / "jieba"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    jieba.dt.tmp_dir = str(folder)


# onnxruntime (the OCR engine's runtime) writes a device id and a telemetry database under ~/.cache/Microsoft and
# a session file in $TMPDIR when it is imported, unless told not to: set before any import of it.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
