"""One session draws a region's lottery at a time; the others see who and since when."""

from __future__ import annotations

from datetime import date

import pytest

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.audit import AuditQuery, Entity
from mtvdp_tui.store.database import open_database
from mtvdp_tui.store.lottery_claims import LotteryClaimed
from tests.conftest import preset, today

BOTH_ENGINES = True  # see tests/engines.py

SEAL = "0" * 64
START = date(2024, 1, 1)


def _open(db_value: str):
    return open_database(db_value, new_ruleset=lambda: preset("hoog-2023"), today=today)


def test_a_claim_is_seen_by_another_session_and_refuses_it_until_released(db_value) -> None:
    first, second = _open(db_value), _open(db_value)
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
        assert first.lotteries.claims.claim("Zutphen", take_over=taken).token != taken.token
        second.lotteries.claims.release(taken)  # taken over meanwhile: stays the other's
        assert first.lotteries.claims.holder("Zutphen") is not None
    finally:
        first.close()
        second.close()


def test_taking_over_is_audited_and_only_takes_the_claim_the_board_was_shown(db_value) -> None:
    first, second = _open(db_value), _open(db_value)
    try:
        dead = first.lotteries.claims.claim("Zutphen")  # this session dies now
        shown = second.lotteries.claims.holder("Zutphen")
        assert shown is not None
        before = second.audit.count(AuditQuery(entity=Entity.LOTING))
        taken = second.lotteries.claims.claim("Zutphen", take_over=shown)
        assert second.lotteries.claims.holder("Zutphen").token == taken.token
        [row] = second.audit.page(AuditQuery(entity=Entity.LOTING), 0, 1)
        assert second.audit.count(AuditQuery(entity=Entity.LOTING)) == before + 1
        assert row.subject == "Loting Zutphen"
        assert row.before == {"getrokken_door": f"{dead.holder} (sinds {dead.since_text})"}
        assert row.after == {"getrokken_door": taken.holder}
        # a third session shown the old claim cannot take over the new one by mistake
        with pytest.raises(LotteryClaimed, match="wordt getrokken door"):
            first.lotteries.claims.claim("Zutphen", take_over=dead)
        assert second.lotteries.claims.holder("Zutphen").token == taken.token
    finally:
        first.close()
        second.close()


def test_a_session_whose_claim_was_taken_over_changes_nothing(db_value) -> None:
    first, second = _open(db_value), _open(db_value)
    try:
        ids = [
            first.practices.create(
                PracticeData(agb=f"0100000{n}", name=f"P {n}", region="Zutphen", ion=1000 * n)
            )
            for n in (1, 2)
        ]
        pool = list(enumerate(ids, start=1))
        mine = first.lotteries.claims.claim("Zutphen")
        lottery = first.lotteries.freeze_pool("Zutphen", "{}", pool, SEAL, claim=mine)
        lottery = first.lotteries.freeze_sources(lottery, "[[1]]", "1./", claim=mine)
        theirs = second.lotteries.claims.claim(
            "Zutphen", take_over=second.lotteries.claims.holder("Zutphen")
        )
        with pytest.raises(LotteryClaimed, match="wordt getrokken door"):
            first.lotteries.reveal(lottery, 1, 2, claim=mine)
        with pytest.raises(LotteryClaimed):
            first.lotteries.discard(lottery, "weg", claim=mine)
        with pytest.raises(LotteryClaimed):
            first.lotteries.finalise(lottery, {1: START, 2: START}, claim=mine)
        assert first.lotteries.active("Zutphen").revealed == 0  # nothing changed
        assert second.lotteries.reveal(lottery, 1, 2, claim=theirs).revealed == 1
        second.lotteries.claims.release(theirs)
        lottery = second.lotteries.active("Zutphen")
        with pytest.raises(LotteryClaimed, match="niet meer"):  # released: no one holds it
            second.lotteries.reveal(lottery, 2, 2, claim=theirs)
        assert second.lotteries.active("Zutphen").revealed == 1
    finally:
        first.close()
        second.close()
