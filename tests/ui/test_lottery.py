"""The lottery by keyboard, as the board sees it: freeze, sources, every step, final, protocol."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Select, TextArea

from mtvdp_tui.documents.loting_check import verify_file
from mtvdp_tui.domain.lottery_phase import Phase
from mtvdp_tui.domain.lottery_verify import verify
from mtvdp_tui.records.lotteries import LotteryStatus
from mtvdp_tui.screens.discard_dialog import DiscardScreen
from mtvdp_tui.screens.lottery import LotteryScreen
from mtvdp_tui.widgets.capacity_bars import CapacityBars
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.lottery_lists import DrawnList, PoolList
from mtvdp_tui.widgets.lottery_player import Autoplay
from tests.ui.helpers import SIZE, make_app, text_of, type_text

SOURCES = "9319\n10 2 8 12 5\n45 9 18 26 34 41"


async def choose_zutphen(pilot) -> LotteryScreen:
    await pilot.press("f5")
    screen = pilot.app.screen
    assert isinstance(screen, LotteryScreen)
    await pilot.press("r", "down", "enter")  # Apeldoorn → Zutphen
    assert screen.query_one("#region", Select).value == "Zutphen"
    return screen


async def to_the_draw(pilot) -> LotteryScreen:
    screen = await choose_zutphen(pilot)
    await pilot.press("v", "enter")  # freeze the pool (the confirm button has the focus)
    assert screen.phase is Phase.SOURCES
    screen.query_one("#sources", TextArea).text = SOURCES
    await pilot.press("ctrl+s", "enter")
    assert screen.phase is Phase.DRAW
    return screen


async def test_preparation_shows_the_numbered_pool(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        pool = screen.query_one(PoolList)
        assert pool.row_count == 32
        agbs = [pool.row_at(i).agb for i in range(pool.row_count)]
        assert agbs == sorted(agbs)
        assert [pool.row_at(i).number for i in range(3)] == [1, 2, 3]
        assert screen.preparation.ion_total == 148_774


async def test_bad_sources_are_shown_at_their_line_and_block_freezing(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("v", "enter")
        screen.query_one("#sources", TextArea).text = "12 7\n3 x 4"
        await pilot.pause()
        feedback = str(screen.query_one("#sources-feedback").content)
        assert "Regel 2" in feedback and "'x'" in feedback
        await pilot.press("ctrl+s")
        assert screen.phase is Phase.SOURCES
        assert app.database.lotteries.active("Zutphen").sources is None


async def test_a_whole_draw_by_keyboard_then_final(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_draw(pilot)
        drawn = screen.query_one(DrawnList)
        for step in range(1, 33):
            await pilot.press("space")
            assert drawn.row_count == step
            assert app.database.lotteries.active("Zutphen").revealed == step  # stored at once
        assert screen.phase is Phase.DONE
        bars = screen.query_one(CapacityBars).fills
        assert sum(fill.practices for fill in bars) == 32
        assert all(f.used <= f.capacity for f in bars[:-1])
        await pilot.press("f", "enter")  # Enter confirms, as in every step of the ceremony
        await app.workers.wait_for_complete()  # the backup and the start dates, in a worker
        assert screen.phase is Phase.FINAL
        lottery = app.database.lotteries.active("Zutphen")
        assert lottery.status is LotteryStatus.DEFINITIEF
        starts = {step.agb: step.moment for step in screen.result.steps}
        for row in app.database.practices.page(_zutphen(), 0, 100):
            assert row.start_date == starts[row.agb]
        assert not screen.check_action("freeze_pool", ())  # no second draw for Zutphen
        await pilot.press("e")
        await app.workers.wait_for_complete()
        files = sorted((tmp_path / "export").glob("loting-zutphen-*"))
        assert [f.suffix for f in files] == [".html", ".json"]
        assert verify(files[1].read_bytes()).ok
        assert verify_file(files[0].read_bytes()).ok  # the page too
        protocol = json.loads(files[1].read_bytes())
        assert set(protocol["tijden"]) == {
            "pool_vastgelegd",
            "bronnen_vastgelegd",
            "eerste_stap",
            "getrokken",
            "definitief",
        }
        assert protocol["definitief"] is True and protocol["poging"] == 1


def _zutphen():
    from mtvdp_tui.records.practices import PracticeQuery

    return PracticeQuery(region="Zutphen")


async def test_after_a_stop_the_draw_continues_at_the_same_step(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_draw(pilot)
        await pilot.press("space", "space", "space")
        before = screen.result.steps
    # the program stops here (closed, or the laptop died); it is opened again
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")  # opens at the region whose draw is in progress
        screen = app.screen
        assert screen.region_name == "Zutphen"
        assert screen.phase is Phase.DRAW
        assert screen.query_one(DrawnList).row_count == 3
        assert screen.result.steps == before
        await pilot.press("space")
        assert screen.query_one(DrawnList).current_row == before[3]


async def test_automatic_play_pauses_and_changes_pace(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_draw(pilot)
        player = screen.query_one(Autoplay)

        def footer() -> set[str]:
            return {item.action for item in screen.query_one(KeyFooter).items()}

        assert "autoplay" in footer() and "pause" not in footer()
        await pilot.press("a")
        assert player.playing
        await pilot.pause()
        assert "pause" in footer() and "autoplay" not in footer()  # the footer says what works
        await pilot.press("plus")
        assert player.pace == 1
        await pilot.press("p")
        assert not player.playing
        await pilot.press("minus", "minus")
        assert player.pace == 3


async def test_discarding_lets_the_region_be_prepared_again(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_draw(pilot)
        await pilot.press("space", "x", "enter")  # no reason: refused at the field
        assert isinstance(app.screen, DiscardScreen)
        assert "reden" in text_of(app, "#reason-error")
        await type_text(pilot, "bron verkeerd")
        await pilot.press("enter")
        assert screen.phase is Phase.PREPARE
        assert app.database.lotteries.active("Zutphen") is None


async def test_a_new_attempt_starts_with_empty_sources_and_lists_the_discarded_one(
    tmp_path: Path,
) -> None:
    """Issue 13: after `x` the sources field kept '7' and typing '3 3 0 3' froze '73 3 0 3'."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("v", "enter")
        first_seal = app.database.lotteries.active("Zutphen").pool_seal
        await pilot.press("7")
        assert screen.query_one("#sources", TextArea).text == "7"
        await pilot.press("escape", "x")
        await type_text(pilot, "verkeerde bron")
        await pilot.press("enter", "v", "enter")
        assert screen.phase is Phase.SOURCES
        sources = screen.query_one("#sources", TextArea)
        assert sources.text == ""
        await type_text(pilot, "3 3 0 3")
        await pilot.press("ctrl+s", "enter")
        assert app.database.lotteries.active("Zutphen").sources == "[[3, 3, 0, 3]]"
        await pilot.press(*["space"] * 32, "e")
        await app.workers.wait_for_complete()
        [saved] = sorted((tmp_path / "export").glob("loting-zutphen-*.json"))
        protocol = json.loads(saved.read_bytes())
        assert protocol["poging"] == 2 and protocol["definitief"] is False
        [earlier] = protocol["eerdere_pogingen"]
        assert earlier["nummer"] == 1 and earlier["reden"] == "verkeerde bron"
        assert earlier["poolzegel"] == first_seal == protocol["poolzegel"]  # same pool
        assert verify(saved.read_bytes()).final is False


async def test_a_region_switch_also_empties_the_sources(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("v", "enter", "7", "escape")
        await pilot.press("r", "up", "enter")  # Apeldoorn
        await pilot.press("v", "enter")
        assert screen.region_name == "Apeldoorn" and screen.phase is Phase.SOURCES
        assert screen.query_one("#sources", TextArea).text == ""


async def test_f5_returns_to_the_region_being_drawn(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_draw(pilot)
        await pilot.press("r", "up", "enter")  # look at Apeldoorn meanwhile
        assert screen.region_name == "Apeldoorn"
        await pilot.press("f5")
        assert screen.region_name == "Zutphen" and screen.phase is Phase.DRAW
        await pilot.press("r", "up", "enter", "f3", "f5")  # away and back
        assert screen.region_name == "Zutphen"
        assert screen.query_one("#region", Select).value == "Zutphen"


async def test_the_seals_are_shown_and_finalising_keeps_the_draw_seal(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await choose_zutphen(pilot)
        await pilot.press("v", "enter")
        lottery = app.database.lotteries.active("Zutphen")
        label = str(screen.query_one("#pool-seal #seal-label").content)
        assert label.startswith("POOLZEGEL")
        first_line = screen.query_one("#pool-seal #seal-line-1").value
        assert first_line.replace(" ", "") == lottery.pool_seal[:16]
        screen.query_one("#sources", TextArea).text = SOURCES
        await pilot.press("ctrl+s", "enter", *["space"] * 32)
        seal = "".join(
            screen.query_one(f"#draw-seal #seal-line-{n}").value for n in range(1, 5)
        ).replace(" ", "")
        await pilot.press("e")
        await pilot.press("f", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        saved = [json.loads(p.read_bytes()) for p in (tmp_path / "export").glob("*.json")]
        assert [p["definitief"] for p in sorted(saved, key=lambda p: p["definitief"])] == [
            False,
            True,
        ]
        assert {p["trekkingszegel"] for p in saved} == {seal}
