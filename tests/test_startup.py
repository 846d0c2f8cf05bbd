"""Start-up stays light: listing commands must not load spaCy, pandas, pdfplumber or jieba."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ["spacy", "pandas", "pdfplumber", "jieba", "pdfminer"]
PROBE = """
import json, sys
from click.testing import CliRunner
from pipeline.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
"""


@pytest.mark.parametrize("args", [["--help"], ["checks"], ["profiles"]])
def test_listing_commands_do_not_import_heavy_libraries(args):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
