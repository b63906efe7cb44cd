"""A pool over RFC 3797's limit (65,535) is refused at `v`; a stored lottery that cannot be
drawn opens with its message, and can be discarded (it never crashes the screen)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from mtvdp_tui import compat
from mtvdp_tui.domain.demo import DemoPractice
from mtvdp_tui.domain.lottery import PoolEntry, prepare_inputs
from mtvdp_tui.domain.lottery_phase import Phase
from mtvdp_tui.domain.lottery_protocol import inputs_record, pool_seal_of
from mtvdp_tui.domain.lottery_rfc3797 import MAX_POOL, rfc3797_key
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.discard_dialog import DiscardScreen
from mtvdp_tui.screens.lottery import LotteryScreen
from mtvdp_tui.store.demo import populate_demo
from tests.conftest import open_test_database
from tests.ui.helpers import SIZE, make_app, text_of, type_text

TOO_MANY = MAX_POOL + 1


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register with 65,536 eligible practices in Apeldoorn (made once, copied per test)."""
    path = tmp_path_factory.mktemp("vol") / "vol.sqlite"
    database = open_test_database(path)
    practices = [
        DemoPractice(
            agb=f"01{number:06d}",
            name=f"Praktijk {number}",
            region="Apeldoorn",
            wijk="",
            email=None,
            ion_records=((date(2023, 1, 1), 1000),),
            survey_answered=False,
            preferred_moment=None,
            excluded_reason=None,
            notes="",
        )
        for number in range(TOO_MANY)
    ]
    populate_demo(database.engine, practices)
    database.close()
    return path


async def test_a_pool_over_the_limit_is_refused_at_freezing(crowded: Path, tmp_path: Path) -> None:
    path = tmp_path / "vol.sqlite"
    shutil.copy(crowded, path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        screen = app.screen
        assert isinstance(screen, LotteryScreen) and screen.phase is Phase.PREPARE
        await pilot.press("v")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.database.lotteries.active("Apeldoorn") is None
        message = "De pool is te groot: 65536 deelnemers, hoogstens 65535 (RFC 3797)."
        assert any(message in str(n.message) for n in compat.notifications(app))


def store_undrawable_lottery(path: Path, *, with_sources: bool) -> None:
    """A lottery frozen by an older version that did not check the pool's size."""
    database = open_test_database(path)
    try:
        inputs = prepare_inputs(database.ruleset, "Zutphen", 10_000_000, [])
        pool = tuple(
            PoolEntry(n, f"01{n:06d}", f"Praktijk {n}", 100, date(2024, 1, 1), True)
            for n in range(1, TOO_MANY + 1)
        )
        too_large = dataclasses.replace(inputs, pool=pool)
        record = json.dumps(inputs_record(too_large))
        lottery = database.lotteries.freeze_pool("Zutphen", record, [], pool_seal_of(too_large))
        if with_sources:
            database.lotteries.freeze_sources(lottery, "[[1, 2, 3]]", rfc3797_key([[1, 2, 3]]))
    finally:
        database.close()


@pytest.mark.parametrize("with_sources", [False, True], ids=["pool", "trekking"])
async def test_a_stored_lottery_that_cannot_be_drawn_opens_and_can_be_discarded(
    tmp_path: Path, with_sources: bool
) -> None:
    path = tmp_path / "demo.sqlite"
    make_app(path, demo=True).database.close()
    store_undrawable_lottery(path, with_sources=with_sources)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")  # opens on Zutphen, the region with a lottery in progress
        screen = app.screen
        assert isinstance(screen, LotteryScreen) and screen.phase is Phase.BROKEN
        assert "hoogstens 65535" in text_of(app, "#facts")
        await pilot.press("ctrl+s", "space", "f", "e")  # none of these applies: nothing happens
        assert screen.phase is Phase.BROKEN
        await pilot.press("f3", "f5")  # leaving and coming back keeps working
        assert app.screen.phase is Phase.BROKEN
        await pilot.press("x")
        assert isinstance(app.screen, DiscardScreen)
        await type_text(pilot, "pool te groot")
        await pilot.press("enter")
        assert screen.phase is Phase.PREPARE
        assert app.database.lotteries.active("Zutphen") is None
