"""Page load times of ``huishen serve`` for a large batch: an output folder's records.json repeated until it
holds about N documents (units renamed, finding keys recomputed as the pipeline computes them), then the
results page (all findings, unfiltered), one unit's page and one material's page timed through the app.

    .venv/bin/python bench/web_pages.py outputs/demo_banzu --documents 1000

Only the pages are timed (what a user waits for once a run is done); the run itself is bench/run.py's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def scaled(records: dict, copies: int) -> dict:
    from pipeline.review.batch import _finding

    def rename(u: str, k: int) -> str:
        return f"{u}{k:03d}" if u else u

    docs, batch = [], []
    for k in range(copies):
        for d in records["documents"]:
            d = json.loads(json.dumps(d))
            d["path"] = f"{k:03d}-{d['path']}"
            d["unit"] = rename(d["unit"], k)
            for f in d["findings"]:
                f["units"] = [rename(u, k) for u in f["units"]]
                f["paths"] = [f"{k:03d}-{p}" for p in f["paths"]]
                f["key"] = _finding(f, d["unit"], d["path"]).key
            docs.append(d)
        for f in records["findings"]:
            f = json.loads(json.dumps(f))
            f["units"] = [rename(u, k) for u in f["units"]]
            f["unit"] = "、".join(f["units"])
            f["paths"] = [f"{k:03d}-{p}" for p in f["paths"]]
            f["key"] = _finding(f).key
            batch.append(f)
    return {**records, "documents": docs, "findings": batch}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from pipeline.web import views
    from pipeline.web.app import build_app
    from pipeline.web.settings import WebSettings

    records = json.loads((args.out / "records.json").read_text(encoding="utf-8"))
    copies = max(1, round(args.documents / len(records["documents"])))
    work = Path(tempfile.mkdtemp(prefix="huishen-web-bench-"))
    try:
        out = work / "out"
        out.mkdir()
        big = scaled(records, copies)
        (out / "records.json").write_text(json.dumps(big, ensure_ascii=False), encoding="utf-8")
        settings = WebSettings(data_dir=work / "web", folders=[out], jobs=0)
        with TestClient(build_app(settings)) as c:
            bid = next(b.id for b in c.app.app.state.web.store.all())
            t = time.perf_counter()
            view, _ = views.load(out)
            cold = time.perf_counter() - t
            unit = view.units[len(view.units) // 2].name
            doc = next(d.index for d in view.docs if d.findings)

            def timed(url: str, **params) -> float:
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    r = c.get(url, params=params)
                    times.append(time.perf_counter() - t)
                    assert r.status_code == 200, (url, r.status_code)
                return statistics.median(times)

            n_findings = len(view.findings)
            print(f"{len(big['documents'])} documents, {len(view.units)} units, {n_findings} findings")
            print(f"records.json read and indexed (first page after a run): {cold * 1000:.0f} ms")
            print(f"results page, all findings: {timed(f'/b/{bid}') * 1000:.0f} ms (median of {args.repeat})")
            print(f"results page, one unit: {timed(f'/b/{bid}', unit=unit) * 1000:.0f} ms")
            print(f"unit page: {timed(f'/b/{bid}/unit', name=unit) * 1000:.0f} ms")
            print(f"material page (fields; its page image is a separate request): {timed(f'/b/{bid}/doc/{doc}') * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
