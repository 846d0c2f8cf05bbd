"""Field accuracy and finding precision/recall on every inbox with a truth file.

    .venv/bin/python bench/accuracy.py [--only banzu studio blind-banzu ...] [--seeds 0 1 2] [--work DIR]
                                       [--rebuild] [--details N]

Inboxes:
* ``banzu``, ``studio``, ``youzhi``: the sample inboxes (samples/banzu.py, samples/studio.py, samples/youzhi.py) — written by the same hands as the readers;
* ``blind-banzu``, ``blind-studio``, ``blind-banzu_flat``: tests/blind, written from a list of real-world
  variations by someone who had not read extractors/, with its own truth file; seed 0 is what the tests
  use, other seeds combine the same variations differently (a hold-out).

Each inbox is generated once into ``--work`` (default /tmp/huishen-accuracy; ``--rebuild`` makes it again),
run with the real ``huishen run`` (its own cache folder under --work), and scored with tests/scoring.py.
Prints one table: fields exact, kinds, units, findings precision and recall; then the details.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scoring import load_truth, report_lines, sample_truth, score  # noqa: E402

SAMPLES = ("banzu", "studio", "youzhi")
BLIND = ("banzu", "studio", "banzu_flat", "youzhi", "wuxiao", "chuangjian")
PROFILE = {"banzu": "banzu", "studio": "studio", "banzu_flat": "banzu", "youzhi": "youzhi", "wuxiao": "wuxiao",
           "chuangjian": "chuangjian"}


def _py() -> str:
    return sys.executable


def _huishen() -> str:
    return str(Path(sys.executable).parent / "huishen")


def build(name: str, seed: int, work: Path, rebuild: bool) -> tuple[Path, dict, str]:
    """(inbox, truth, profile) of one named inbox, generated when missing."""
    if name in SAMPLES:
        inbox = work / f"sample-{name}"
        if rebuild and inbox.exists():
            shutil.rmtree(inbox)
        if not inbox.exists():
            subprocess.run([_py(), "-m", "samples.generate", name, str(inbox)], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        return inbox, sample_truth(name), name
    campaign = name.removeprefix("blind-")
    inbox = work / f"blind-{campaign}-{seed}"
    truth_path = work / f"blind-{campaign}-{seed}.truth.json"
    if rebuild and inbox.exists():
        shutil.rmtree(inbox)
    if not inbox.exists() or not truth_path.exists():
        if inbox.exists():
            shutil.rmtree(inbox)
        subprocess.run([_py(), "-m", "tests.blind.build", campaign, str(inbox), "--seed", str(seed),
                        "--truth", str(truth_path)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return inbox, load_truth(truth_path), PROFILE[campaign]


def run(inbox: Path, profile: str, out: Path, cache: Path) -> tuple[dict, float]:
    if out.exists():
        shutil.rmtree(out)
    t0 = time.perf_counter()
    proc = subprocess.run([_huishen(), "run", str(inbox), "--profile", profile, "--out", str(out)],
                          capture_output=True, text=True, env={**os.environ, "HUISHEN_CACHE_DIR": str(cache)})
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"huishen run {inbox} 失败：\n{proc.stdout}\n{proc.stderr}")
    return json.loads((out / "records.json").read_text(encoding="utf-8")), took


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--seeds", nargs="*", type=int, default=[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/huishen-accuracy"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--details", type=int, default=15, help="mismatches / false alarms / misses shown per inbox")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    names = args.only or [*SAMPLES, *(f"blind-{c}" for c in BLIND)]
    rows, details, figures = [], [], []
    for name in names:
        for seed in ([0] if name in SAMPLES else args.seeds):
            label = name if name in SAMPLES else f"{name}#{seed}"
            inbox, truth, profile = build(name, seed, args.work, args.rebuild)
            records, took = run(inbox, profile, args.work / f"out-{label}", args.work / "cache")
            s = score(truth, records, label)
            rows.append((label, s, took))
            details.extend(report_lines(s, args.details))
            figures.append({"inbox": label, "fields": [s.fields_exact, s.fields_total],
                            "kinds": [s.kind_exact, s.docs_total], "units": [s.unit_exact, s.docs_total],
                            "tp": sum(s.tp.values()), "fp": sum(s.fp.values()), "fn": sum(s.fn.values()),
                            "per_code": {c: [s.tp[c], s.fp[c], s.fn[c]] for c in s.codes()}})
    print(f"{'收件箱':<22}{'栏目正确':>16}{'类别':>10}{'单位':>10}{'精确率':>16}{'召回率':>16}{'用时':>8}")
    for label, s, took in rows:
        tp, fp, fn = sum(s.tp.values()), sum(s.fp.values()), sum(s.fn.values())
        print(f"{label:<24}{s.fields_exact:>5}/{s.fields_total:<5}{s.field_accuracy:>6.1%}"
              f"{s.kind_exact:>6}/{s.docs_total:<4}{s.unit_exact:>5}/{s.docs_total:<4}"
              f"{s.precision():>7.1%} ({tp}/{tp + fp}){s.recall():>8.1%} ({tp}/{tp + fn}){took:>7.1f}s")
    print()
    print("\n".join(details))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
