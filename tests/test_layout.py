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


def test_every_package_says_what_lives_there():
    for init in sorted(ROOT.glob("*/__init__.py")) + sorted(ROOT.glob("*/*/__init__.py")):
        rel = init.relative_to(ROOT)
        if rel.parts[0] not in FORBIDDEN or "migrations" in rel.parts:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(doc) > 40, f"{rel}: the docstring says what lives here and what it may import"
