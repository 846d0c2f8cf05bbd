"""Helpers shared by the end-to-end tests: run the real CLI, read what it wrote, compare findings."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from extractors.models import FileFormat
from pipeline.discover import member_name, sniff


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def run_cli(inbox: Path, profile: str, out: Path, extra: list[str] = ()) -> dict:
    """Run ``huishen run`` as a user would; returns the process, records.json and the inputs' hashes."""
    before = tree_hashes(inbox)
    huishen = Path(sys.executable).parent / "huishen"
    proc = subprocess.run([str(huishen), "run", str(inbox), "--profile", profile, "--out", str(out), *extra],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    records = json.loads((out / "records.json").read_text(encoding="utf-8")) if proc.returncode == 0 else None
    return {"inbox": inbox, "out": out, "proc": proc, "before": before, "records": records}


def finding_key(code, unit, paths, field, actual, limit, subject) -> tuple:
    return (code, unit, tuple(sorted(paths)), field or "", actual, limit, subject or "")


def found(records: dict) -> set[tuple]:
    """Every finding of a run, per-document and batch, as comparable keys."""
    got = set()
    for d in records["documents"]:
        for f in d["findings"]:
            got.add(finding_key(f["code"], d["unit"], [d["path"]], f["field"], f.get("actual"), f.get("limit"),
                                f.get("subject")))
    for f in records["findings"]:
        got.add(finding_key(f["code"], f["unit"], f["paths"], f.get("field"), f.get("actual"), f.get("limit"),
                            f.get("subject")))
    return got


def planted(expected: list[dict]) -> set[tuple]:
    return {finding_key(e["code"], e["unit"], e["paths"], e["field"], e["actual"], e["limit"], e["subject"])
            for e in expected}


def expected_paths(inbox: Path) -> set[str]:
    """Every input file as the pipeline names it: archives stand for their members."""
    out = set()
    for p in sorted(inbox.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(inbox).as_posix()
        data = p.read_bytes()
        if sniff(data, rel)[0] == FileFormat.ZIP:
            with zipfile.ZipFile(p) as z:
                out |= {f"{rel}/{member_name(i)}" for i in z.infolist() if not i.is_dir()}
        else:
            out.add(rel)
    return out
