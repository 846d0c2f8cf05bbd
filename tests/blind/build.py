"""Build a blind inbox and its truth file.

    python -m tests.blind.build {banzu|studio|banzu_flat|youzhi|wuxiao|chuangjian} DEST --seed N --truth TRUTH.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from .common import read_variation_ids


def _builder(campaign: str):
    if campaign == "banzu":
        from .banzu import build_banzu
        return build_banzu
    if campaign == "banzu_flat":
        from .banzu import build_flat
        return build_flat
    if campaign == "studio":
        from .studio import build_studio
        return build_studio
    if campaign == "youzhi":
        from .youzhi import build_youzhi
        return build_youzhi
    if campaign == "wuxiao":
        from .wuxiao import build_wuxiao
        return build_wuxiao
    if campaign == "chuangjian":
        from .chuangjian import build_chuangjian
        return build_chuangjian
    raise ValueError(f"unknown campaign {campaign!r}")


def build(campaign: str, dest: str, seed: int = 0) -> dict:
    """Write the inbox to dest (absent or empty) and return the truth."""
    if os.path.exists(dest) and os.listdir(dest):
        raise SystemExit(f"{dest} exists and is not empty")
    docs, truth = _builder(campaign)(dest, seed)
    for d in docs:
        if "L8f" in d.variations:
            assert d.meta.get("pages", 0) >= 2, f"{d.path}: the long text does not run onto a second page"
    used = {v for d in docs for v in d.variations}
    needed = read_variation_ids(campaign)
    missing = sorted(needed - used)
    if seed == 0:
        assert not missing, f"variations not covered with seed 0: {missing}"
    elif missing:
        print(f"note: seed {seed} does not use {', '.join(missing)}", file=sys.stderr)
    truth["campaign"] = campaign
    return truth


def coverage(truth: dict) -> dict[str, list[str]]:
    """Variation id -> the documents that use it."""
    out: dict[str, list[str]] = {}
    for path, d in truth["documents"].items():
        for v in d["variations"]:
            out.setdefault(v, []).append(path)
    return dict(sorted(out.items()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("campaign", choices=("banzu", "studio", "banzu_flat", "youzhi", "wuxiao", "chuangjian"))
    ap.add_argument("dest")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--truth", required=True, help="truth JSON path (outside the inbox)")
    a = ap.parse_args(argv)
    dest, tpath = os.path.abspath(a.dest), os.path.abspath(a.truth)
    if tpath.startswith(dest + os.sep):
        ap.error("the truth file must not be inside the inbox")
    t0 = time.time()
    truth = build(a.campaign, dest, a.seed)
    cov = coverage(truth)
    with open(tpath, "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)
    units = {d["unit"] for d in truth["documents"].values() if d["unit"]}
    print(f"{a.campaign} seed {a.seed}: {len(units)} units, {len(truth['documents'])} files, "
          f"{len(truth['findings'])} findings, {len(cov)} variations, {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
