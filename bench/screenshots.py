"""The pictures of the outputs in docs/, made from the bundled banzu sample as a clerk would see them.

    python -m bench.screenshots [--out docs]

异常报告.html at 1366 px in chromium and printed to PDF by chromium (its first two pages), and the first printed
page of each workbook as LibreOffice prints it. Needs chromium and LibreOffice (``make sysdeps``); the fonts are
whatever the machine has (Noto CJK here), so the pictures show layout, not typefaces.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = {"汇总表.xlsx": "summary", "异常报告.xlsx": "findings", "材料明细.xlsx": "details"}


def _run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, capture_output=True, timeout=300, **kw)


def _pdf_pages(pdf: Path, pages: int, scale: float = 1.4) -> list:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    return [doc[i].render(scale=scale).to_pil() for i in range(min(pages, len(doc)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    soffice = shutil.which("soffice")
    if not chromium or not soffice:
        print("需要 chromium 和 LibreOffice（make sysdeps 会安装）", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="huishen_shots_") as tmp:
        tmpdir = Path(tmp)
        inbox, out = tmpdir / "inbox", tmpdir / "out"
        env = {**os.environ, "HUISHEN_CACHE_DIR": str(tmpdir / "cache"), "HUISHEN_REGISTRY": str(tmpdir / "reg")}
        _run([sys.executable, "-m", "samples.generate", "banzu", str(inbox)], cwd=ROOT, env=env)
        proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(inbox), "--profile", "banzu",
                               "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        if proc.returncode not in (0, 1):
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return 1
        html = out / "异常报告.html"
        browser = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   f"--user-data-dir={tmpdir / 'chromium'}"]
        _run([*browser, "--window-size=1366,1800", f"--screenshot={args.out / 'report-html-1366.png'}", html.as_uri()])
        _run([*browser, "--no-pdf-header-footer", f"--print-to-pdf={tmpdir / 'report.pdf'}", html.as_uri()])
        for i, page in enumerate(_pdf_pages(tmpdir / "report.pdf", 2), 1):
            page.save(args.out / f"report-html-print-{i}.png")
        _run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmpdir / 'lo').as_uri()}",
              "--convert-to", "pdf", "--outdir", str(tmpdir / "pdf"), *(str(out / n) for n in WORKBOOKS)])
        for name, short in WORKBOOKS.items():
            (page,) = _pdf_pages(tmpdir / "pdf" / name.replace(".xlsx", ".pdf"), 1)
            page.save(args.out / f"print-{short}.png")
    for p in sorted(args.out.glob("report-html-*.png")) + sorted(args.out.glob("print-*.png")):
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
