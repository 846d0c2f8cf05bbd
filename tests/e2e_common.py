"""Helpers shared by the end-to-end tests: run the real CLI, read what it wrote, compare findings."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extractors.models import FileFormat
from pipeline.discover import member_name, sniff

ROOT = Path(__file__).resolve().parents[1]


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def huishen(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the ``huishen`` command with ``args``; ``env`` adds to (or overrides) this process's environment."""
    exe = Path(sys.executable).parent / "huishen"
    # The installed command imports the tree it was installed from; these tests check this tree (a git
    # worktree beside the installed one), which comes first on the path.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run([str(exe), *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200", "PYTHONPATH": path, **(env or {})})


def run_cli(inbox: Path, profile: str, out: Path, extra: list[str] = (), env: dict[str, str] | None = None) -> dict:
    """Run ``huishen run`` as a user would; returns the process, records.json and the inputs' hashes.
    ``env`` adds to the environment (e.g. ``HUISHEN_REGISTRY``)."""
    before = tree_hashes(inbox)
    proc = huishen(["run", str(inbox), "--profile", profile, "--out", str(out), *extra], env)
    records = json.loads((out / "records.json").read_text(encoding="utf-8")) if proc.returncode == 0 else None
    return {"inbox": inbox, "out": out, "proc": proc, "before": before, "records": records}


def run_with_named_list(base: Path, inbox: Path, profile: str, year: int) -> dict:
    """Last year's 命名名单 imported into a registry of its own (under ``base``, outside the inbox), then
    ``run --remember`` on ``inbox``: ``run_cli``'s result plus the import's process under "import"."""
    from samples.named_list import write_named_list

    env = {"HUISHEN_REGISTRY": str(base / "registry")}
    named = write_named_list(profile, base / f"{year}命名名单.xlsx")
    imported = huishen(["registry", "import", str(named), "--campaign", profile, "--year", str(year)], env)
    return {"import": imported, **run_cli(inbox, profile, base / "out_registry", ["--remember"], env)}


def campaign_fixtures(profile: str, build_inbox, named_year: int):
    """The three module fixtures of a campaign's end-to-end test: ``built`` (base folder, the sample inbox built
    once), ``run_result`` (``huishen run`` on it) and ``registry_run`` (last year's 命名名单 imported, then ``run
    --remember``). Use as ``built, run_result, registry_run = campaign_fixtures(...)`` at module level."""

    @pytest.fixture(scope="module")
    def built(tmp_path_factory):
        base = tmp_path_factory.mktemp(f"e2e_{profile}")
        return base, build_inbox(base / "inbox")

    @pytest.fixture(scope="module")
    def run_result(built):
        base, inbox = built
        return run_cli(inbox, profile, base / "out")

    @pytest.fixture(scope="module")
    def registry_run(built):
        base, inbox = built
        return run_with_named_list(base, inbox, profile, named_year)

    return built, run_result, registry_run


def docs_by_path(run_result: dict) -> dict[str, dict]:
    """The run's documents in records.json by path."""
    return {d["path"]: d for d in run_result["records"]["documents"]}


def finding_key(code, unit, paths, field, actual, limit, subject) -> tuple:
    return (code, unit, tuple(sorted(paths)), field or "", actual, limit, subject or "")


def _in_range(actual, ranges: dict[str, tuple[float, float]], code: str):
    """A measured ``actual`` (an OCR confidence, a similarity) within its code's expected range [low, high]
    compares as that range; outside it, as the number, so a failure shows what was measured."""
    low_high = ranges.get(code)
    if low_high and isinstance(actual, (int, float)) and low_high[0] <= actual <= low_high[1]:
        return tuple(low_high)
    return actual


def found(records: dict, ranges: dict[str, tuple[float, float]] | None = None) -> set[tuple]:
    """Every finding of a run, per-document and batch, as comparable keys. ``ranges``: codes whose
    ``actual`` is measured, not planted, with the range [low, high] it must fall in."""
    ranges = ranges or {}
    got = set()
    for d in records["documents"]:
        for f in d["findings"]:
            actual = _in_range(f.get("actual"), ranges, f["code"])
            got.add(finding_key(f["code"], d["unit"], [d["path"]], f["field"], actual, f.get("limit"),
                                f.get("subject")))
    for f in records["findings"]:
        actual = _in_range(f.get("actual"), ranges, f["code"])
        got.add(finding_key(f["code"], f["unit"], f["paths"], f.get("field"), actual, f.get("limit"),
                            f.get("subject")))
    return got


def planted(expected: list[dict]) -> set[tuple]:
    return {finding_key(e["code"], e["unit"], e["paths"], e["field"],
                        tuple(e["actual"]) if isinstance(e["actual"], list) else e["actual"], e["limit"],
                        e["subject"])
            for e in expected}


ARCHIVE_EXT = (".zip", ".7z", ".rar")


def _archive_files(name: str, data: bytes) -> list[tuple[str, bytes | None]] | None:
    """(member name, bytes or None) of every file in an archive; None when the archive itself does not
    open (then it stands for itself, as a refused file). Only members that are archives are read."""
    fmt = sniff(data, name)[0]
    try:
        if fmt == FileFormat.ZIP:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                infos = [i for i in z.infolist() if not i.is_dir()]
                return [(member_name(i), _read_zip(z, i) if member_name(i).lower().endswith(ARCHIVE_EXT) else None)
                        for i in infos]
        if fmt == FileFormat.SEVEN_ZIP:
            import py7zr

            with py7zr.SevenZipFile(io.BytesIO(data)) as z:
                return [(f.filename, None) for f in z.list() if not f.is_directory]
        if fmt == FileFormat.RAR:
            import rarfile

            with rarfile.RarFile(io.BytesIO(data)) as z:
                return [(i.filename, None) for i in z.infolist() if not i.is_dir()]
    except Exception:  # noqa: BLE001 — an encrypted or damaged archive: one record of its own
        return None
    return None


def _read_zip(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    try:
        return z.read(info)
    except Exception:  # noqa: BLE001
        return None


def _leaves(path: str, data: bytes | None) -> set[str]:
    files = _archive_files(path, data) if data is not None and path.lower().endswith(ARCHIVE_EXT) else None
    if files is None:
        return {path}
    return set().union(*(_leaves(f"{path}/{name}", member) for name, member in files)) if files else set()


def expected_paths(inbox: Path) -> set[str]:
    """Every input file as the pipeline names it: archives (.zip .7z .rar, nested) stand for their
    members, an archive that does not open stands for itself."""
    out: set[str] = set()
    for p in sorted(inbox.rglob("*")):
        if p.is_file():
            out |= _leaves(p.relative_to(inbox).as_posix(), p.read_bytes())
    return out


def near_copy_pairs(records: dict) -> list[dict]:
    """The ``pair`` of every duplicate.near_copy finding of a run (records.json)."""
    return [f["pair"] for f in records["findings"] if f["code"] == "duplicate.near_copy"]


def similarity_alone(text_a: str, text_b: str) -> float:
    """The near-copy similarity of two texts compared on their own: two units, so no phrase is stock and no
    pair is excluded for being one unit's."""
    from checks import similarity as sim

    index = sim.NearCopyIndex()
    index.add(sim.Text("a", "甲", text_a))
    index.add(sim.Text("b", "乙", text_b))
    return index.similarity("a", "b")


def assert_pair_quotes(pair: dict, texts: dict[str, str]) -> None:
    """A near-copy pair quotes its shared passages from side a as written, and its spans point at them in both
    texts (``texts``: path -> the text as the sample wrote it)."""
    from checks.similarity import normalise

    text_a, text_b = texts[pair["a"]["path"]], texts[pair["b"]["path"]]
    assert pair["passages"]
    for passage, (sa, ea), (sb, eb) in zip(pair["passages"], pair["a"]["spans"], pair["b"]["spans"], strict=True):
        assert text_a[sa:ea] == passage
        assert normalise(text_b[sb:eb]) == normalise(passage)


def assert_near_copy_plants(records: dict, plants: list[dict], texts_of, threshold: float) -> None:
    """The planted pairs: the texts the pipeline read are the planted ones, the copy scores at least the
    threshold even compared alone, and it is the one pair reported, with passages that really are in both
    texts. (The unflagged plants — one unit's own repetition, and texts sharing only set phrases — are kept out
    by the rules and by the measure itself: set phrases are stock even in a batch of two.)"""
    for plant in plants:
        texts = [texts_of(p) for p in plant["paths"]]
        assert texts == list(plant["texts"]), plant["plant"]
        if plant["flagged"]:
            assert similarity_alone(*texts) >= threshold, plant["plant"]
    (pair,) = near_copy_pairs(records)
    copy = next(p for p in plants if p["flagged"])
    assert (pair["a"]["path"], pair["b"]["path"]) == tuple(sorted(copy["paths"]))
    assert_pair_quotes(pair, dict(zip(copy["paths"], copy["texts"], strict=True)))


def assert_near_copy_outputs(out: Path) -> None:
    """One pair row in the 相似文本 sheet; the HTML shows it side by side with the shared passages marked."""
    import openpyxl

    rows = list(openpyxl.load_workbook(out / "异常报告.xlsx")["相似文本"].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[0][0] == "相似度"  # the header and the one pair
    html = (out / "异常报告.html").read_text(encoding="utf-8")
    assert "相似文本对照" in html and html.count("<mark>") >= 2


def assert_registry_run(registry_run: dict, n_named: int, n_remembered: int, expected: list[dict],
                        ranges: dict[str, tuple[float, float]]) -> None:
    """The import's preview and counts, the run's registry lines, and exactly the expected findings."""
    imported = registry_run["import"]
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert f"共 {n_named} 行可导入" in imported.stdout
    assert f"已导入 {n_named} 条（新增 {n_named}，替换上次导入的 0）" in imported.stdout
    proc = registry_run["proc"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"命名 {n_named} 项" in proc.stdout and f"已把本批 {n_remembered} 项记入登记库" in proc.stdout
    got, want = found(registry_run["records"], ranges), planted(expected)
    assert got - want == set(), "flagged but not planted"
    assert want - got == set(), "planted but not found"
