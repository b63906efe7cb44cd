"""The declaration overview by keyboard: quarters, statuses one by one and per region, export."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import DeclarationStatus
from mtvdp_tui.screens.declarations import DeclarationsScreen
from mtvdp_tui.widgets.declaration_list import DeclarationList
from tests.ui.helpers import SIZE, make_app

# On PostgreSQL too (tests/ui/conftest.py), but for the tests of the screen alone (sqlite_only).
BOTH_ENGINES = True


@pytest.fixture
def app(drawn_db_value: Path | str, tmp_path: Path):
    """The app on a copy of a demo whose lotteries are final (tests/engines.py)."""
    return make_app(drawn_db_value, folder=tmp_path)


def rows(app) -> list:
    shown = app.screen.query_one(DeclarationList)
    return [shown.row_at(i) for i in range(shown.row_count)]


async def test_quarters_step_with_the_arrows(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        screen = app.screen
        assert isinstance(screen, DeclarationsScreen)
        assert screen.quarter == Quarter(2024, 4)  # the last quarter of the programme
        await pilot.press(*["left"] * 5)
        assert screen.quarter == Quarter(2023, 3)
        first = screen.overview
        assert first.tariff.amount_cents == 296
        assert {row.quarter for row in rows(app)} == {Quarter(2023, 3)}
        await pilot.press("left")  # no quarter before the programme: nothing happens
        assert screen.quarter == Quarter(2023, 3)
        await pilot.press("right", "right")
        assert screen.overview.tariff.amount_cents == 314  # 2024: € 3,14
        assert screen.overview.overall.practices >= first.overall.practices


async def test_set_a_status_and_see_the_totals_change(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        screen = app.screen
        row = rows(app)[0]
        before = screen.overview.by_status[DeclarationStatus.GEDECLAREERD].amount_cents
        await pilot.press("g", "enter")  # the date is today's; Enter confirms
        after = screen.overview.by_status[DeclarationStatus.GEDECLAREERD].amount_cents
        assert after == before + row.amount_cents
        stored = app.database.declarations.statuses()[(row.practice_id, row.quarter)]
        assert stored.status is DeclarationStatus.GEDECLAREERD
        await pilot.press("b", "enter")
        assert rows(app)[0].status.status is DeclarationStatus.UITBETAALD
        await pilot.press("z", "enter")
        assert rows(app)[0].status.status is DeclarationStatus.TE_DECLAREREN


@pytest.mark.sqlite_only
async def test_a_bad_date_is_refused_at_the_field(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.press("g")
        dialog = app.screen
        dialog.query_one("#day").value = "31-02-2024"
        await pilot.press("enter")
        assert str(dialog.query_one("#day-error").content) != ""
        dialog.query_one("#day").value = "01-01-2099"
        await pilot.press("enter")
        assert "2099" in str(dialog.query_one("#day-error").content)
        await pilot.press("escape")
        assert app.database.declarations.statuses() == {}


@pytest.mark.sqlite_only
async def test_the_messages_follow_the_fields_as_they_are_corrected(app) -> None:
    """A red message goes as soon as its field is right again, without confirming first."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "w", "enter")  # afwijzen: no reason yet
        dialog = app.screen
        assert "reden" in str(dialog.query_one("#reason-error").content)
        dialog.query_one("#reason").value = "ION niet aangetoond"
        await pilot.pause()
        assert str(dialog.query_one("#reason-error").content) == ""
        assert not dialog.query_one("#reason").has_class("-invalid")
        today = dialog.query_one("#day").value
        dialog.query_one("#day").value = "31-02-2024"
        await pilot.pause()
        assert str(dialog.query_one("#day-error").content) == "Deze datum bestaat niet."
        dialog.query_one("#day").value = "01-01-2099"  # a date, but after today
        await pilot.pause()
        assert "2099" in str(dialog.query_one("#day-error").content)
        dialog.query_one("#day").value = today
        await pilot.pause()
        assert str(dialog.query_one("#day-error").content) == ""
        assert app.screen is dialog and app.database.declarations.statuses() == {}


async def test_a_rejection_needs_a_reason(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "w", "enter")
        assert "reden" in str(app.screen.query_one("#reason-error").content)
        app.screen.query_one("#reason").value = "ION niet aangetoond"
        await pilot.press("enter")
        row = rows(app)[0]
        assert row.status.status is DeclarationStatus.AFGEWEZEN
        assert row.status.reason == "ION niet aangetoond"


async def test_a_whole_region_at_once_after_confirming(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "r", "down", "down", "enter")  # Zutphen
        zutphen = rows(app)
        assert {row.region for row in zutphen} == {"Zutphen"}
        await pilot.press("G", "enter", "enter")  # date: today; then confirm
        statuses = app.database.declarations.statuses()
        assert all(
            statuses[(row.practice_id, row.quarter)].status is DeclarationStatus.GEDECLAREERD
            for row in zutphen
        )
        assert len(statuses) == len(zutphen)


async def test_the_export_holds_what_the_screen_shows(app, tmp_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "e")
        await app.workers.wait_for_complete()
        shown = rows(app)
        overview = app.screen.overview
    folder = tmp_path / "export"
    with (folder / "declaraties-2024-q4.csv").open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file, delimiter=";"))
    body = lines[1:-1]
    assert [line[0] for line in body] == [row.agb for row in shown]
    assert lines[-1][6].replace(".", "") == f"{overview.overall.amount_cents / 100:.2f}".replace(
        ".", ","
    )
    sheet = openpyxl.load_workbook(folder / "declaraties-2024-q4.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert [value[0] for value in values[1 : len(shown) + 1]] == [row.agb for row in shown]


@pytest.mark.sqlite_only
async def test_keys_not_in_the_footer_are_in_the_palette(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Terugzetten", "Regio gedeclareerd", "Regio betaald", "ION per peildatum"):
            assert title in titles
        assert not [title for title in titles if title in ("Scroll Left", "Focus Next")]


@pytest.mark.sqlite_only
async def test_a_second_export_never_replaces_the_first(app, tmp_path: Path) -> None:
    """The app picks a free name for the pair (`… (2).csv/.xlsx`); an earlier file stays."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "declaraties-2024-q4.csv").write_text("mijn eigen aantekeningen")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "e")
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await app.workers.wait_for_complete()
    assert (folder / "declaraties-2024-q4.csv").read_text() == "mijn eigen aantekeningen"
    assert sorted(path.name for path in folder.iterdir()) == [
        "declaraties-2024-q4 (2).csv",
        "declaraties-2024-q4 (2).xlsx",
        "declaraties-2024-q4 (3).csv",
        "declaraties-2024-q4 (3).xlsx",
        "declaraties-2024-q4.csv",
    ]
