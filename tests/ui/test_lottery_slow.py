"""The lottery over a slow or failing database (every statement 50 ms late, as over a network;
or failing, as over a dropped connection): no query on the UI thread, the keys typed while a
read or a change is out act in order on what is shown after it, a failure is said in Dutch and
changes nothing, and the same key again, once the database is back, goes on."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from textual.widgets import Select, TextArea

from mtvdp_tui import compat
from mtvdp_tui.domain.lottery_phase import Phase
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.lottery import LotteryScreen
from mtvdp_tui.widgets.lottery_lists import DrawnList
from tests.ui.helpers import SIZE, make_app, type_fast
from tests.ui.test_lottery import SOURCES, choose_zutphen, to_the_draw
from tests.ui.test_lottery_claims import copy_of_app
from tools.pg_server import PgServer
from tools.slow_statements import SlowStatements


async def settle(pilot) -> None:
    """Wait until the keys held while a query was out are handed on and acted on, and the
    queries they started are back (a held key, released, may start the next one)."""
    app = pilot.app
    while True:
        await pilot.pause()
        if not compat.messages_pending(app) and not compat.queries_out(app):
            await asyncio.sleep(0.05)  # a dialog's screen being pushed, a worker starting
            if not compat.messages_pending(app) and not compat.queries_out(app):
                return


def last_message(app) -> str:
    return str(compat.notifications(app)[-1].message)


async def test_the_whole_ceremony_typed_at_once_over_a_slow_database(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        database = app.database
        with SlowStatements(database.engine, 0.05).installed() as slow:
            await pilot.press("f5")
            screen = app.screen
            assert isinstance(screen, LotteryScreen)
            await pilot.press("r", "down", "enter")  # Zutphen, read in a worker
            assert screen.preparation.region == "Zutphen"
            # the pool frozen, the sources typed and frozen, three steps: each key queued at
            # once, while the changes (and the reads after them) before it are still out
            await type_fast(pilot, "v\n9319\n10 2 8 12 5<ctrl+s>\n   ")
            await settle(pilot)
            assert threading.main_thread().ident not in slow.threads  # no query on the UI thread
        assert screen.region_name == "Zutphen" and screen.phase is Phase.DRAW
        lottery = database.lotteries.active("Zutphen")
        assert lottery.sources == "[[9319], [10, 2, 8, 12, 5]]"
        assert lottery.revealed == 3 and screen.query_one(DrawnList).row_count == 3
        assert database.lotteries.claims.holder("Zutphen").token == screen.claim.token


async def test_a_step_that_fails_is_said_in_dutch_and_the_same_key_goes_on(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("v", "enter")
        screen.query_one("#sources", TextArea).text = SOURCES
        await pilot.press("ctrl+s", "enter", "space")
        shown = screen.query_one(DrawnList).current_row
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            slow.failing = True
            await pilot.press("space")
            assert last_message(app).startswith("De loting is niet bijgewerkt.")
            assert screen.query_one(DrawnList).row_count == 1  # the step shown stays shown
            assert screen.query_one(DrawnList).current_row == shown
            assert not screen.revealing and screen.phase is Phase.DRAW
            slow.failing = False
            assert app.database.lotteries.active("Zutphen").revealed == 1
            await pilot.press("space")
        assert app.database.lotteries.active("Zutphen").revealed == 2
        assert screen.query_one(DrawnList).row_count == 2


async def test_freezing_the_sources_when_the_database_fails_keeps_them_typed(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("v", "enter")
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            slow.failing = True
            await type_fast(pilot, "9319<ctrl+s>\n 7")  # " 7" typed while the change is out
            await settle(pilot)
            assert last_message(app).startswith("De loting is niet bijgewerkt.")
            assert screen.phase is Phase.SOURCES and not screen.busy
            assert screen.query_one("#sources", TextArea).text == "9319 7"
            slow.failing = False
            await type_fast(pilot, "<ctrl+s>\n")
            await settle(pilot)
        assert screen.phase is Phase.DRAW
        assert app.database.lotteries.active("Zutphen").sources == "[[9319, 7]]"


async def test_a_failing_read_keeps_the_screen_and_choosing_the_region_again_reads(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        pool = screen.preparation.inputs.pool
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            slow.failing = True
            await pilot.press("r", "up", "enter")  # Apeldoorn cannot be read
            assert last_message(app).startswith("De loting kon niet worden gelezen.")
            assert not screen.busy and screen.preparation.inputs.pool == pool  # still Zutphen's
            assert screen.region_name == "Zutphen"
            assert screen.query_one("#region", Select).value == "Zutphen"
            slow.failing = False
            await pilot.press("r", "up", "enter")
        assert screen.region_name == "Apeldoorn"
        assert screen.preparation.region == "Apeldoorn"


async def test_the_server_gone_mid_draw_is_said_in_dutch_and_the_draw_goes_on_once_back(
    tmp_path: Path,
) -> None:
    """A real PostgreSQL server stopped while the board draws: the next step is refused in
    Dutch and nothing is stored; once the server is back, the same key goes on."""
    with PgServer.started() as server:
        server.create_database("loting")
        app = copy_of_app(server.libpq_url("loting"), tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await to_the_draw(pilot)
            await pilot.press("space")
            shown = screen.query_one(DrawnList).current_row
            server.stop()
            await pilot.press("space")
            message = last_message(app)
            assert message.startswith("De loting is niet bijgewerkt. De databaseserver")
            assert message.count("probeer het opnieuw") == 1  # said once, by the store
            assert not any(word in message for word in ("server closed", "connection", "psycopg"))
            assert screen.query_one(DrawnList).row_count == 1
            assert screen.query_one(DrawnList).current_row == shown
            server.start()
            assert app.database.lotteries.active("Zutphen").revealed == 1  # nothing half-done
            await pilot.press("space", "space")
            assert app.database.lotteries.active("Zutphen").revealed == 3
            assert screen.query_one(DrawnList).row_count == 3


async def test_the_change_keys_leave_the_list_of_regions_alone(tmp_path: Path) -> None:
    """v, x, f and o act before the focused widget sees them (so the keys after them can be
    held); with the list of regions open they are not the lottery's."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("r", "v")
        assert screen.query_one("#region", Select).expanded
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape", "escape", "v")  # closed, then out of the field: asked
        assert isinstance(app.screen, ConfirmScreen)
