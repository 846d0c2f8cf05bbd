"""The architecture, as the code's own imports draw it: pipeline -> checks -> extractors, never back up."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# package -> the top-level packages of this project it must not import
FORBIDDEN = {"extractors": {"checks", "pipeline", "samples"}, "checks": {"pipeline", "samples"},
             "pipeline": {"samples"}}


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_imports_point_down_the_flow():
    wrong = []
    for package, banned in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for top in _imports(path) & banned:
                wrong.append(f"{path.relative_to(ROOT)} imports {top}")
    assert wrong == []


MAX_MODULE_LINES = 900


def test_modules_a_reader_can_hold_in_mind():
    """No module of the product or the sample generators over ~900 lines: past that, a module holds more than
    one concern (writers.py, the two generators and the OCR reader were split when they grew past it)."""
    long = {str(p.relative_to(ROOT)): n for package in ("pipeline", "extractors", "checks", "samples")
            for p in sorted((ROOT / package).rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_every_package_says_what_lives_there():
    for init in sorted(ROOT.glob("*/__init__.py")) + sorted(ROOT.glob("*/*/__init__.py")):
        rel = init.relative_to(ROOT)
        if rel.parts[0] not in FORBIDDEN or "migrations" in rel.parts:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(doc) > 40, f"{rel}: the docstring says what lives here and what it may import"


def test_the_built_package_works_on_its_own(tmp_path):
    """``pip install .`` must give a working huishen: the wheel holds every subpackage and data file (profiles,
    templates, migrations, stock phrases), and a run from it alone reads a form."""
    import shutil
    import subprocess
    import sys
    import zipfile

    from tests import docx_fixtures as fx

    src = tmp_path / "src"  # built from a copy: a build leaves build/ and *.egg-info where it runs
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for package in ("pipeline", "extractors", "checks", "samples"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           "-w", str(tmp_path / "wheel"), str(src)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = (tmp_path / "wheel").glob("huishen-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
        assert "pipeline/templates/退改通知.docx" in z.namelist()  # huishen letters' default template
        web = ROOT / "pipeline" / "web"  # huishen serve's pages, script and style: served by the package itself
        for f in sorted((web / "templates").glob("*.html")) + sorted((web / "static").iterdir()):
            assert f.relative_to(ROOT).as_posix() in z.namelist()
    inbox = tmp_path / "inbox" / "河海大学工会"
    inbox.mkdir(parents=True)
    (inbox / "附件1.docx").write_bytes(fx.form_docx(["推荐单位工会：河海大学工会"], [
        ["班组名称", "水文班组"], ["所在单位", "河海大学"], ["班组总人数", "8"], ["党员人数", "3"]]))
    code = ("import sys, pipeline, checks.similarity as s; assert pipeline.__file__.startswith(sys.argv[1]), pipeline.__file__;"
            " assert s.builtin_phrases(); from pipeline.cli import main; sys.argv[1:] = sys.argv[2:]; main()")
    run = subprocess.run([sys.executable, "-c", code, str(site), "run", str(inbox.parent), "--profile", "banzu",
                          "--out", str(tmp_path / "out"), "--jobs", "0", "--no-cache"],
                         capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(site), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "水文班组" in (tmp_path / "out" / "records.json").read_text(encoding="utf-8")


def _module_graph() -> dict[str, set[str]]:
    """module -> the project modules it imports (anywhere in it, lazy imports included)."""
    mods = {}
    for package in FORBIDDEN:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            mods[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            deps |= {t for t in targets if t in mods and t != name}
        graph[name] = deps
    return graph


def test_no_import_circles():
    """Modules import each other in one direction only (checks register without the catalogue being imported
    by the rules it loads)."""
    graph = _module_graph()
    circles = set()

    def visit(node: str, trail: list[str]) -> None:
        for nxt in graph[node]:
            if nxt in trail:
                circles.add(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif len(trail) < 12:
                visit(nxt, [*trail, nxt])

    for start in graph:
        visit(start, [start])
    assert sorted(circles) == []


def test_only_the_command_line_serves_the_page():
    """The web layer sits on top: it may use the pipeline, the checks and the extractors; nothing but the CLI
    (and the web package itself) imports it, so the pipeline never depends on a page."""
    graph = _module_graph()
    wrong = sorted(f"{m} imports {d}" for m, deps in graph.items() for d in deps
                   if d.startswith("pipeline.web") and not m.startswith("pipeline.web") and m != "pipeline.cli")
    assert wrong == []
