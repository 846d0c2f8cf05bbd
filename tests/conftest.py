"""Shared test locations."""

from __future__ import annotations

from pathlib import Path

# shared/ sits beside the repository (locally and in CI's fresh clone).
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "third_party"
