"""A practice's monitoring timeline, opened with "t" from the register (frozen clock)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from mtvdp_tui.domain.monitoring import ItemKind
from mtvdp_tui.screens.timeline import TimelineScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.timeline_list import TimelineList
from tests.ui.helpers import SIZE, make_app, settle, text_of, type_text

STARTED = date(2026, 1, 1)


def start(app, practice_id: int, day: date) -> None:
    record = app.database.practices.get(practice_id)
    data = replace(record.data, start_date=day)
    app.database.practices.update(practice_id, data, expected_version=record.version)


def shown(app) -> list[list[str]]:
    items = app.screen.query_one(TimelineList)
    return [[cell.strip() for cell in items.cells(items.row_at(i))] for i in range(items.row_count)]


async def find(pilot, text: str) -> None:
    """The register searched for `text`, the focus back on its list."""
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_timeline_of_a_started_practice(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        register = app.screen
        # a practice of the first region, which the demo has not started
        chosen = app.database.monitoring.wijk_practices("Apeldoorn", "Apeldoorn-Centrum")[1]
        assert app.database.monitoring.progress(chosen.practice_id) is None
        start(app, chosen.practice_id, STARTED)
        app.database.monitoring.record_sent(
            ItemKind.NULMETING, date(2026, 2, 15), {chosen.practice_id: None}
        )
        await find(pilot, chosen.agb)
        row = register.query_one(PracticeList).current_row
        assert row.id == chosen.practice_id
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert text_of(app, "#for-practice") == f"Tijdlijn van {row.name} ({row.agb})"
        # HOOG: the plan within 3 months of the start, two plan years; today 22-11-2026
        assert text_of(app, "#dates") == (
            "Gestart op 1 jan 2026 · praktijkplan uiterlijk 1 apr 2026"
        )
        assert shown(app) == [
            ["nulmeting", "01-03-2026", "afgerond", "15-02-2026"],
            ["praktijkplan", "01-04-2026", "te laat", ""],
            ["intervisie 1", "31-12-2026", "gepland", ""],
            ["jaarverslag 1", "31-12-2026", "gepland", ""],
            ["1-meting", "15-02-2027", "gepland", ""],  # a year after it was sent
            ["intervisie 2", "31-12-2027", "gepland", ""],
            ["jaarverslag 2", "31-12-2027", "gepland", ""],
            ["slotmeting", "01-01-2028", "gepland", ""],
            ["sociaal domein", "01-01-2028", "gepland", ""],
        ]
        items = app.screen.query_one(TimelineList)
        classes = [items.row_class(items.row_at(i)) for i in range(3)]
        assert classes == ["row-list--muted", "row-list--alert", None]
        await pilot.press("escape")
        assert app.screen is register
        assert register.query_one(PracticeList).current_row.id == row.id


async def test_an_unstarted_practice_has_nothing_to_follow_yet(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        register = app.screen
        await find(pilot, "Apeldoorn-Centrum")  # a wijk of the first region: not started
        await pilot.press("down", "down")
        row = register.query_one(PracticeList).current_row
        assert row.start_date is None
        await pilot.press("t")
        await settle(pilot)
        items = app.screen.query_one(TimelineList)
        assert items.row_count == 0
        assert "nog niets te volgen" in items.empty_text
        assert "geen startdatum" in items.empty_text
        assert text_of(app, "#dates") == "Startdatum: nog niet bekend"
        await pilot.press("escape")
        assert app.screen is register
        assert register.query_one(PracticeList).current_row.id == row.id  # still highlighted
