"""One build of each blind inbox (seed 0) per test session, shared by the generator's self-checks and by the
product's score (tests/blind/test_product.py): building is most of their time (LibreOffice renders the PDF and
.doc fixtures). Tests read the inbox and never write into it; each gets its own copy of the truth."""

from __future__ import annotations

import copy

import pytest

from .build import build


@pytest.fixture(scope="session")
def blind_inbox(tmp_path_factory):
    """``blind_inbox(campaign)`` -> (inbox path, truth) of that campaign's seed-0 blind inbox."""
    made: dict[str, tuple[str, dict]] = {}

    def get(campaign: str) -> tuple[str, dict]:
        if campaign not in made:
            dest = str(tmp_path_factory.mktemp(f"blind-{campaign}") / "inbox")
            made[campaign] = (dest, build(campaign, dest, 0))
        dest, truth = made[campaign]
        return dest, copy.deepcopy(truth)

    return get
