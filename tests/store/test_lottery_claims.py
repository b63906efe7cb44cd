"""One session draws a region's lottery at a time; the others see who and since when."""

from __future__ import annotations

import pytest

from mtvdp_tui.store.database import open_database
from mtvdp_tui.store.lottery_claims import LotteryClaimed
from tests.conftest import preset, today

BOTH_ENGINES = True  # see tests/engines.py


def test_a_claim_is_seen_by_another_session_and_refuses_it_until_released(db_value) -> None:
    first = open_database(db_value, new_ruleset=lambda: preset("hoog-2023"), today=today)
    second = open_database(db_value, new_ruleset=lambda: preset("hoog-2023"), today=today)
    try:
        claim = first.lotteries.claims.claim("Zutphen")
        seen = second.lotteries.claims.holder("Zutphen")
        assert seen is not None and seen.holder == claim.holder
        with pytest.raises(LotteryClaimed, match=r"Zutphen wordt getrokken door .* sinds "):
            second.lotteries.claims.claim("Zutphen")
        assert second.lotteries.claims.claim("Apeldoorn").region == "Apeldoorn"  # another region
        first.lotteries.claims.release(claim)
        assert second.lotteries.claims.holder("Zutphen") is None
        taken = second.lotteries.claims.claim("Zutphen")
        assert first.lotteries.claims.claim("Zutphen", take_over=True).token != taken.token
        second.lotteries.claims.release(taken)  # taken over meanwhile: stays the other's
        assert first.lotteries.claims.holder("Zutphen") is not None
    finally:
        first.close()
        second.close()
