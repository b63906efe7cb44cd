"""Dutch lists: every list inside a sentence reads "a, b en c" (or "a, b of c" to choose from)."""

from __future__ import annotations

import pytest

from mtvdp_tui.formatting import listing
from mtvdp_tui.records.errors import PracticeInUseError


@pytest.mark.parametrize(
    ("items", "joined", "alternatives"),
    [
        (["a"], "a", "a"),
        (["a", "b"], "a en b", "a of b"),
        (["a", "b", "c"], "a, b en c", "a, b of c"),
    ],
)
def test_listing_joins_the_dutch_way(items: list[str], joined: str, alternatives: str) -> None:
    assert listing(items) == joined
    assert listing(iter(items), alternatives=True) == alternatives


@pytest.mark.parametrize(
    ("blockers", "sentence"),
    [
        (["een praktijkplan"], "er is nog een praktijkplan."),
        (["een praktijkplan", "een loting"], "er is nog een praktijkplan en een loting."),
        (
            ["een praktijkplan", "een loting", "een declaratiestatus"],
            "er is nog een praktijkplan, een loting en een declaratiestatus.",
        ),
    ],
)
def test_the_delete_blockers_are_one_readable_sentence(blockers: list[str], sentence: str) -> None:
    message = str(PracticeInUseError(blockers))
    assert message == f"Deze praktijk kan niet worden verwijderd: {sentence}"
