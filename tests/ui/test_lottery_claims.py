"""One session draws a region's lottery at a time (SPEC §8): two copies of the app on one
database, on SQLite and on PostgreSQL. The other copy sees who draws since when and cannot
change the lottery; the board can take a dead session's claim over on purpose (asked, audited);
the claim is given up when the lottery is final or discarded, or the region or screen is left."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from mtvdp_tui import compat
from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.cli import build_app
from mtvdp_tui.domain.lottery_phase import Phase
from mtvdp_tui.records.audit import AuditQuery, Entity
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.lottery import LotteryScreen
from mtvdp_tui.widgets.key_footer import KeyFooter
from tests.conftest import open_test_database, today
from tests.ui.helpers import SIZE, make_app
from tests.ui.test_lottery import SOURCES, choose_zutphen

CLAIMED_LINE = "Wordt getrokken door"


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """What `--db` is for a new demo database: a file, or a database on the test server."""
    if request.param == "sqlite":
        make_app(tmp_path / "demo.sqlite", demo=True).database.close()  # from the template
        yield str(tmp_path / "demo.sqlite")
        return
    server = request.getfixturevalue("pg_server")
    name = f"t{uuid.uuid4().hex[:16]}"
    server.create_database(name)
    yield server.libpq_url(name)
    server.drop_database(name)


def copy_of_app(db: str, folder: Path) -> MtvdpApp:
    """One copy of the app (one session) on `db`; `--demo` fills a new database once."""
    argv = ["--db", db, "--ruleset", "hoog-2023", "--demo"]
    return build_app(argv, today=today, export_dir=folder, import_folders=[folder])


def phase_line(screen: LotteryScreen) -> str:
    return str(screen.query_one("#phase", Static).content)


def messages(app: MtvdpApp) -> list[str]:
    return [str(n.message) for n in compat.notifications(app)]


async def test_the_other_copy_sees_who_draws_and_can_only_take_over_on_purpose(
    demo_db: str, tmp_path: Path
) -> None:
    first, second = copy_of_app(demo_db, tmp_path / "a"), copy_of_app(demo_db, tmp_path / "b")
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        mine = await choose_zutphen(one)
        await one.press("v", "enter")  # claimed first, then the pool frozen
        assert mine.phase is Phase.SOURCES and mine.claim is not None
        held = first.database.lotteries.claims.holder("Zutphen")
        assert held is not None and held.token == mine.claim.token

        await two.press("f5")  # opens at the region being drawn
        theirs = second.screen
        assert isinstance(theirs, LotteryScreen) and theirs.region_name == "Zutphen"
        line = phase_line(theirs)
        assert CLAIMED_LINE in line and held.holder in line and held.since_text in line
        for action in ("freeze_sources", "discard", "next_step", "finalise"):
            assert not theirs.check_action(action, ())
        footer = {item.action for item in theirs.query_one(KeyFooter).items()}
        assert "take_over" in footer and "freeze_sources" not in footer
        assert theirs.query_one("#sources", TextArea).read_only  # the drawing session's field
        theirs.query_one("#sources", TextArea).text = "1 2 3"
        await two.press("ctrl+s", "enter")
        assert second.database.lotteries.active("Zutphen").sources is None  # nothing changed

        await two.press("o")  # take over: asked, naming who and since when
        dialog = second.screen
        assert isinstance(dialog, ConfirmScreen)
        assert held.holder in dialog.question and held.since_text in dialog.question
        await two.press("enter")  # Enter is the safe answer here: nothing taken over
        assert theirs.claim is None and CLAIMED_LINE in phase_line(theirs)
        await two.press("o", "left", "enter")  # the other button: take over
        assert theirs.claim is not None and CLAIMED_LINE not in phase_line(theirs)
        assert "U trekt nu de loting van Zutphen." in messages(second)
        [audited] = second.database.audit.page(AuditQuery(entity=Entity.LOTING), 0, 1)
        assert audited.before == {"getrokken_door": f"{held.holder} (sinds {held.since_text})"}

        # the first copy's claim was taken over: its change is refused, in Dutch, nothing stored
        mine.query_one("#sources", TextArea).text = SOURCES
        await one.press("ctrl+s", "enter")
        assert any("wordt getrokken door" in m for m in messages(first))
        assert first.database.lotteries.active("Zutphen").sources is None
        assert mine.claim is None and CLAIMED_LINE in phase_line(mine)
        assert mine.query_one("#sources", TextArea).text == SOURCES  # what was typed stays

        theirs.query_one("#sources", TextArea).text = SOURCES
        await two.press("ctrl+s", "enter", "space")
        assert theirs.phase is Phase.DRAW
        assert second.database.lotteries.active("Zutphen").revealed == 1


async def test_the_claim_is_given_up_when_the_screen_or_the_region_is_left(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    claims = app.database.lotteries.claims
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("v", "enter")
        assert claims.holder("Zutphen") is not None
        await pilot.press("f3")  # the register: the lottery screen is left
        await app.workers.wait_for_complete()
        assert claims.holder("Zutphen") is None and screen.claim is None
        await pilot.press("f5", "escape")  # back: the next change claims again
        screen.query_one("#sources", TextArea).text = SOURCES
        await pilot.press("ctrl+s", "enter")
        assert screen.phase is Phase.DRAW and claims.holder("Zutphen") is not None
        await pilot.press("r", "up", "enter")  # another region
        assert screen.region_name == "Apeldoorn"
        assert claims.holder("Zutphen") is None
        await pilot.press("r", "down", "enter", "space")
        assert claims.holder("Zutphen").token == screen.claim.token
    # the program closed: the claim is given up
    assert open_test_database(path).lotteries.claims.holder("Zutphen") is None


async def test_a_claim_left_by_a_session_that_died_is_taken_over_then_the_draw_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("v", "enter")
        screen.query_one("#sources", TextArea).text = SOURCES
        await pilot.press("ctrl+s", "enter", "space")
    dead = open_test_database(path)  # a session claims, then its laptop dies
    dead.lotteries.claims.claim("Zutphen")
    left = dead.lotteries.claims.holder("Zutphen")
    dead.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        screen = app.screen
        assert isinstance(screen, LotteryScreen) and screen.phase is Phase.DRAW
        assert left.since_text in phase_line(screen)
        await pilot.press("space")
        assert app.database.lotteries.active("Zutphen").revealed == 1  # only looks
        await pilot.press("o", "escape")  # asked, and not taken over
        assert app.database.lotteries.claims.holder("Zutphen").token == left.token
        await pilot.press("o", "left", "enter", "space")
        assert app.database.lotteries.active("Zutphen").revealed == 2
        assert app.database.lotteries.claims.holder("Zutphen").token == screen.claim.token


async def test_what_another_copy_does_appears_by_itself_while_the_screen_is_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtvdp_tui.screens import lottery_view

    monkeypatch.setattr(lottery_view, "POLL_SECONDS", 0.1)
    db = str(tmp_path / "demo.sqlite")
    make_app(Path(db), demo=True).database.close()
    first, second = copy_of_app(db, tmp_path / "a"), copy_of_app(db, tmp_path / "b")
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        theirs = await choose_zutphen(two)  # looking at the preparation
        assert theirs.phase is Phase.PREPARE and CLAIMED_LINE not in phase_line(theirs)
        mine = await choose_zutphen(one)
        await one.press("v", "enter")
        await wait_until(two, lambda: theirs.phase is Phase.SOURCES)
        assert CLAIMED_LINE in phase_line(theirs)  # no key pressed in the second copy
        mine.query_one("#sources", TextArea).text = SOURCES
        await one.press("ctrl+s", "enter", "space", "space")
        await wait_until(two, lambda: theirs.lottery.revealed == 2)
        assert theirs.phase is Phase.DRAW and CLAIMED_LINE in phase_line(theirs)
        await two.press("r", "up", "enter")  # another region: looked at, and stayed at
        await one.press("space")
        await two.pause(0.5)  # polls come and go
        assert theirs.region_name == "Apeldoorn" and theirs.phase is Phase.PREPARE


async def wait_until(pilot, condition, seconds: float = 10.0) -> None:
    """Let the app run (its timers, its workers) until `condition()` holds."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()
