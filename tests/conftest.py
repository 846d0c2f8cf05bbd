"""Shared test locations."""

from __future__ import annotations

from pathlib import Path

# shared/ sits beside the repository (locally and in CI's fresh clone).
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "third_party"

# Every test run gets its own record cache, never the user's (the CLI subprocesses inherit it).
import os  # noqa: E402
import tempfile  # noqa: E402

os.environ["HUISHEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="huishen_cache_")
# ... and its own registry directory, empty: a test that wants one imports into it or points elsewhere.
os.environ["HUISHEN_REGISTRY"] = tempfile.mkdtemp(prefix="huishen_registry_")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def banzu_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The banzu sample inbox (samples/banzu.py), generated once per test session: LibreOffice and the scans
    make it the slowest fixture. Shared: read it, never change it (a test that edits files copies it first)."""
    from samples.banzu import build_banzu_inbox

    return build_banzu_inbox(tmp_path_factory.mktemp("banzu_sample") / "inbox")
