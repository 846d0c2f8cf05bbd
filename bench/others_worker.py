"""Time a comparison tool over a list of .docx files: one process, sequential, per-file timing summed.

Runs inside bench/.venv-others (NOT the project's venv):

    bench/.venv-others/bin/python bench/others_worker.py TOOL FILE_LIST

TOOL is ``docx2python`` (text + tables), ``partition_docx`` (unstructured, as installed) or
``partition_docx_blank`` (unstructured with its spaCy model ``en_core_web_sm`` replaced by a blank
English pipeline + sentencizer: used when the model cannot be downloaded; partition_docx then does
strictly less work than a real install, so its time is a LOWER bound on partition_docx's).
Prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import traceback


def main() -> int:
    tool, listfile = sys.argv[1], sys.argv[2]
    files = [line for line in open(listfile, encoding="utf-8").read().splitlines() if line]
    t0 = time.perf_counter()
    if tool == "docx2python":
        from importlib.metadata import version

        from docx2python import docx2python

        ver = version("docx2python")

        def call(path: str) -> int:
            with docx2python(path) as r:
                text = r.text  # all paragraphs and cell text
                body = r.body  # tables as nested lists
            return len(text) + len(body)
    elif tool in ("partition_docx", "partition_docx_blank"):
        from importlib.metadata import version

        from unstructured.partition.docx import partition_docx

        ver = version("unstructured")
        if tool == "partition_docx_blank":
            import spacy
            import unstructured.nlp.tokenize as tk

            nlp = spacy.blank("en")
            nlp.add_pipe("sentencizer")
            tk._get_nlp = lambda: nlp  # module global looked up at call time by _run_pipeline

        def call(path: str) -> int:
            return len(partition_docx(filename=path))
    else:
        print(json.dumps({"tool": tool, "error": f"unknown tool {tool}"}))
        return 2
    import_s = time.perf_counter() - t0
    times: list[float] = []
    failed = 0
    first_errors: list[str] = []
    for path in files:
        t = time.perf_counter()
        try:
            call(path)
        except Exception as e:  # noqa: BLE001 — record and go on
            failed += 1
            if len(first_errors) < 2:
                first_errors.append(f"{path}: {type(e).__name__}: {e}\n{traceback.format_exc(limit=4)}")
            if failed >= 5 and failed == len(times) + 1:
                times.append(time.perf_counter() - t)
                break  # it fails on everything: no point timing failures
        times.append(time.perf_counter() - t)
    print(json.dumps({
        "tool": tool, "version": ver, "files": len(files), "timed": len(times), "ok": len(times) - failed,
        "errors": failed, "first_errors": first_errors,
        "import_s": import_s, "total_s": sum(times),
        "mean_ms": 1000 * statistics.fmean(times) if times else None,
        "median_ms": 1000 * statistics.median(times) if times else None,
        "first_ms": 1000 * times[0] if times else None,
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
