"""The Monitoring section by keyboard (issue 18): the counts and the list of what needs attention,
the filters, recording a meting for one practice and for a whole start cohort (after a question,
and nothing when it is cancelled), a future date refused at the field, a change made elsewhere
meanwhile, clearing a date, and a werkkopie that only reads."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Select

from mtvdp_tui.domain.monitoring import ItemKind, ItemState
from mtvdp_tui.records.monitoring import MonitoringQuery
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.monitoring import MonitoringScreen
from mtvdp_tui.screens.monitoring_dialogs import DoneDialog
from mtvdp_tui.widgets.monitoring_counts import MonitoringCountsView
from mtvdp_tui.widgets.monitoring_list import MonitoringList
from tests.conftest import TODAY, open_test_database
from tests.templates import place_new_database
from tests.ui.helpers import SIZE, make_app, settle, type_text, until


def rows(app) -> list:
    shown = app.screen.query_one(MonitoringList)
    return [shown.row_at(i) for i in range(shown.row_count)]


async def open_section(pilot) -> MonitoringScreen:
    await pilot.press("f10")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MonitoringScreen)
    return screen


async def to_row(pilot, match) -> object:
    """Move the cursor to the first row `match` accepts."""
    items = pilot.app.screen.query_one(MonitoringList)
    for index, row in enumerate(rows(pilot.app)):
        if match(row):
            items.cursor = index
            await pilot.pause()
            return row
    raise AssertionError("no such row")


async def choose(pilot, select_id: str, value: object) -> None:
    pilot.app.screen.query_one(f"#{select_id}", Select).value = value
    await settle(pilot)


@pytest.fixture
def app(tmp_path: Path):
    return make_app(tmp_path / "demo.sqlite", demo=True)


async def test_the_section_counts_and_lists_what_needs_attention_worst_first(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot)
        listed = rows(app)
        assert listed and {row.state for row in listed} <= {
            ItemState.TE_LAAT,
            ItemState.BINNENKORT,
        }
        ranks = [list(ItemState).index(row.state) for row in listed]
        assert ranks == sorted(ranks)
        counts = app.screen.query_one(MonitoringCountsView).counts
        expected = app.database.monitoring.counts(MonitoringQuery())
        assert counts == expected
        late = expected.total[ItemState.TE_LAAT] + expected.total[ItemState.BINNENKORT]
        assert len(listed) == late
        text = str(app.screen.query_one(MonitoringCountsView).render())
        assert "Oost-Achterhoek" in text and "te laat" in text
        await pilot.press("v")  # per kind of item
        assert "nulmeting" in str(app.screen.query_one(MonitoringCountsView).render())


async def test_the_filters_narrow_the_list(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot)
        everything = len(rows(app))
        await choose(pilot, "kind", ItemKind.NULMETING.value)
        assert rows(app) and all(row.kind is ItemKind.NULMETING for row in rows(app))
        await choose(pilot, "state", "alles")
        assert all(row.kind is ItemKind.NULMETING for row in rows(app))
        assert {row.state for row in rows(app)} >= {ItemState.AFGEROND}
        await choose(pilot, "kind", Select.NULL)
        await choose(pilot, "state", "aandacht")
        assert len(rows(app)) == everything
        name = rows(app)[0].name
        await pilot.press("slash")
        await type_text(pilot, name)
        await settle(pilot)
        assert rows(app) and all(row.name == name for row in rows(app))
        await choose(pilot, "region", "Apeldoorn")  # nobody started there in the demo
        assert rows(app) == []
        assert "filters" in app.screen.query_one(MonitoringList).empty_text


async def test_a_meting_is_recorded_and_a_future_date_is_refused_at_the_field(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot)
        row = await to_row(pilot, lambda r: r.kind in (ItemKind.NULMETING, ItemKind.EEN_METING))
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DoneDialog)
        dialog.query_one("#day").value = "23-11-2026"  # tomorrow on the test's clock
        await pilot.press("enter")
        assert "toekomst" in str(dialog.query_one("#day-error").content)
        assert app.database.monitoring.sent_on(row.practice_id, row.kind) is None
        dialog.query_one("#day").value = "20-11-2026"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MonitoringScreen)
        assert app.database.monitoring.sent_on(row.practice_id, row.kind) == date(2026, 11, 20)
        assert (row.practice_id, row.kind) not in {(r.practice_id, r.kind) for r in rows(app)}


async def test_a_whole_cohort_after_the_question_and_nothing_when_it_is_cancelled(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot)
        await choose(pilot, "kind", ItemKind.NULMETING.value)
        row = await to_row(pilot, lambda r: True)
        start = app.database.monitoring.progress(row.practice_id).start
        members = app.database.monitoring.cohort(start, ItemKind.NULMETING)
        open_ones = [m for m in members if m.sent_on is None]
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, DoneDialog)
        await pilot.press("enter")  # today's date: the question
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert f"{len(open_ones)} praktijk" in question.question or len(open_ones) == 1
        await pilot.press("escape")  # not after all
        await settle(pilot)
        now = app.database.monitoring.cohort(start, ItemKind.NULMETING)
        assert now == members  # nothing stored
        await pilot.press("escape")  # the dialog
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the question: Enter records
        await settle(pilot)
        after = {m.practice_id: m.sent_on for m in app.database.monitoring.cohort(start, row.kind)}
        for member in members:
            assert after[member.practice_id] == (member.sent_on or TODAY)


async def test_a_change_made_elsewhere_meanwhile_is_not_overwritten(app, tmp_path) -> None:
    """Another copy records the same meting while the dialog is open: saving is refused (the
    list is read again and says so), and the other copy's date stays."""
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot)
        row = await to_row(pilot, lambda r: r.kind in (ItemKind.NULMETING, ItemKind.EEN_METING))
        await pilot.press("enter")
        await settle(pilot)
        other = open_test_database(tmp_path / "demo.sqlite")
        try:
            other.monitoring.record_sent(row.kind, date(2026, 10, 1), {row.practice_id: None})
        finally:
            other.close()
        app.screen.query_one("#day").value = "20-11-2026"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MonitoringScreen)
        assert app.database.monitoring.sent_on(row.practice_id, row.kind) == date(2026, 10, 1)


async def test_a_date_recorded_by_mistake_is_cleared_after_a_question(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot)
        await choose(pilot, "kind", ItemKind.NULMETING.value)
        await choose(pilot, "state", ItemState.AFGEROND.value)
        row = await to_row(pilot, lambda r: True)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert app.database.monitoring.sent_on(row.practice_id, row.kind) == row.done
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("tab", "enter")  # Enter alone keeps it: "Wissen" is a button away
        await settle(pilot)
        await until(lambda: app.database.monitoring.sent_on(row.practice_id, row.kind) is None)


async def test_in_a_werkkopie_the_section_reads_and_says_why_it_records_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "werkkopie.sqlite"
    place_new_database(path, demo=True)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO werkkopie (id, server, database_id, made_at, synced_at)"
            " VALUES (1, 'host=db dbname=mtvdp', 'x', '2026-11-22 08:00:00.000000',"
            " '2026-11-22 08:00:00.000000')"
        )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot)
        assert rows(app)
        shown = " ".join(str(w.render()) for w in screen.query("Static"))
        assert "monitoring" in shown and "alleen online" in shown
        await pilot.press("enter", "g", "x")
        await settle(pilot)
        assert app.screen is screen  # no dialog opened
        assert screen.check_action("fix", ()) is False


async def test_enter_on_a_plan_opens_the_wizard_and_on_intervisie_the_wijk(app) -> None:
    from mtvdp_tui.screens.intervisie import IntervisieScreen
    from mtvdp_tui.screens.plan_wizard import PlanWizardScreen

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot)
        await choose(pilot, "state", "alles")
        plan = await to_row(pilot, lambda r: r.kind is ItemKind.PRAKTIJKPLAN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanWizardScreen)
        assert app.screen.practice_id == plan.practice_id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        meeting = await to_row(pilot, lambda r: r.kind is ItemKind.INTERVISIE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IntervisieScreen)
        assert (app.screen.chosen_region, app.screen.chosen_wijk) == (meeting.region, meeting.wijk)


async def test_e_exports_what_the_list_shows(app, tmp_path: Path) -> None:
    import openpyxl

    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot)
        shown = rows(app)
        await pilot.press("e")
        await until(lambda: any((tmp_path / "export").glob("monitoring-*.xlsx")))
        await settle(pilot)
        (path,) = (tmp_path / "export").glob("monitoring-*.xlsx")
        sheet = openpyxl.load_workbook(path).active
        lines = list(sheet.iter_rows(values_only=True))
        assert lines[0] == ("agb", "naam", "regio", "onderdeel", "uiterlijk", "status", "datum")
        assert [(line[0], line[3]) for line in lines[1:]] == [(r.agb, r.label) for r in shown]
        assert list((tmp_path / "export").glob("monitoring-*.csv"))
