"""Intervisie: the wijkgroep meetings of a wijk, and their attendance ticked off by keyboard."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, Static

from mtvdp_tui.domain.monitoring import ItemKind, ItemState
from mtvdp_tui.records.monitoring import Meeting
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.intervisie import IntervisieScreen
from mtvdp_tui.screens.meeting_dialog import MeetingDialog
from mtvdp_tui.widgets.meeting_lists import AttendanceList, MeetingList
from tests.conftest import TODAY
from tests.ui.helpers import SIZE, make_app, settle, text_of, type_fast, type_text

REGION, WIJK = "Apeldoorn", "Apeldoorn-Centrum"


def start(app, practice_id: int, day: date) -> None:
    """Give the practice a start date, so monitoring follows it."""
    record = app.database.practices.get(practice_id)
    data = replace(record.data, start_date=day)
    app.database.practices.update(practice_id, data, expected_version=record.version)


async def open_wijk(app, pilot) -> IntervisieScreen:
    screen = IntervisieScreen(region=REGION, wijk=WIJK)
    await app.push_screen(screen)
    await settle(pilot)
    return screen


async def new_meeting(pilot, day: str) -> MeetingDialog:
    """ "n", the date typed over today's, then Tab to the practices."""
    await pilot.press("n")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, MeetingDialog)
    assert dialog.focused is dialog.query_one("#held_on", Input)
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, day)
    await pilot.press("tab", "tab", "tab")
    assert dialog.focused is dialog.query_one(AttendanceList)
    return dialog


async def test_add_a_meeting_and_tick_three_practices_by_keyboard(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practices = app.database.monitoring.wijk_practices(REGION, WIJK)
        started = practices[1].practice_id
        start(app, started, date(2026, 1, 1))  # plan year 1: 2026
        screen = await open_wijk(app, pilot)
        assert screen.query_one(MeetingList).row_count == 0
        dialog = await new_meeting(pilot, "15-11-2026")
        await pilot.press("space", "down", "space", "down", "space")
        assert "3 van 5" in text_of(app, "#count")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and not dialog.is_running
        [meeting] = app.database.monitoring.meetings(REGION, WIJK)
        assert meeting.held_on == date(2026, 11, 15) and meeting.mtvdp_on_agenda
        assert meeting.attendees == {p.practice_id for p in practices[:3]}
        assert screen.query_one(MeetingList).row_count == 1
        [intervisie] = [
            item
            for item in app.database.monitoring.timeline(started)
            if item.kind is ItemKind.INTERVISIE and item.year == 1
        ]
        assert intervisie.done == date(2026, 11, 15)
        assert intervisie.state(TODAY) is ItemState.AFGEROND


async def test_a_meeting_without_mtvdp_on_the_agenda_all_ticked_with_a(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wijk(app, pilot)
        await new_meeting(pilot, "01-11-2026")
        await pilot.press("shift+tab", "space", "tab", "a")  # MTVDP not on the agenda; all
        assert "5 van 5" in text_of(app, "#count")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [meeting] = app.database.monitoring.meetings(REGION, WIJK)
        assert not meeting.mtvdp_on_agenda and len(meeting.attendees) == 5


async def test_escape_with_unsaved_ticks_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wijk(app, pilot)
        await new_meeting(pilot, "15-11-2026")
        await pilot.press("space", "down", "space", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: back to the dialog, the ticks still there
        assert isinstance(app.screen, MeetingDialog)
        assert len(app.screen.query_one(AttendanceList).attendees) == 2
        await pilot.press("escape", "left", "enter")  # yes, throw away
        assert app.screen is screen
        assert app.database.monitoring.meetings(REGION, WIJK) == []


async def test_escape_without_changes_just_closes(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wijk(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")
        assert app.screen is screen


async def test_a_future_date_or_no_wijk_is_refused_at_its_field(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wijk(app, pilot)
        dialog = await new_meeting(pilot, "23-11-2026")  # the day after the frozen today
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "toekomst" in text_of(app, "#held_on-error")
        assert dialog.query_one("#held_on", Input).has_class("-invalid")
        assert len(dialog.query_one(AttendanceList).attendees) == 1  # the tick kept
        dialog.query_one("#wijk", Input).value = ""
        await settle(pilot)
        assert text_of(app, "#wijk-error") == "Vul de wijk in."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert app.database.monitoring.meetings(REGION) == []


async def test_a_refused_store_says_why_and_keeps_the_ticks(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        stored = app.database.monitoring.save_meeting(
            Meeting(held_on=date(2026, 11, 1), wijk=WIJK, region=REGION)
        )
        screen = await open_wijk(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MeetingDialog)
        assert dialog.focused is dialog.query_one(AttendanceList)
        app.database.monitoring.save_meeting(replace(stored, mtvdp_on_agenda=False))  # meanwhile
        await pilot.press("space", "down", "space", "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "Niet opgeslagen" in text_of(app, "#status")
        assert len(dialog.query_one(AttendanceList).attendees) == 2
        await pilot.press("escape", "left", "enter")
        assert app.screen is screen


async def test_deleting_a_meeting_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        app.database.monitoring.save_meeting(
            Meeting(held_on=date(2026, 11, 1), wijk=WIJK, region=REGION)
        )
        screen = await open_wijk(app, pilot)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no
        assert len(app.database.monitoring.meetings(REGION, WIJK)) == 1
        await pilot.press("delete", "left", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert app.database.monitoring.meetings(REGION, WIJK) == []
        assert screen.query_one(MeetingList).row_count == 0


async def test_without_a_wijk_n_asks_to_pick_one(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = IntervisieScreen()
        await app.push_screen(screen)
        await settle(pilot)
        await pilot.press("n")
        assert app.screen is screen  # no dialog: it says "Kies eerst een wijk (w)."
        await pilot.press("w")
        await pilot.press("down", "down", "enter")  # the list's second wijk
        await settle(pilot)
        region, wijk = app.database.monitoring.wijken()[1]
        assert (screen.chosen_region, screen.chosen_wijk) == (region, wijk)
        assert screen.query_one("#region", Select).value == region
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MeetingDialog)
        assert app.screen.query_one("#wijk", Input).value == wijk


async def test_ticks_typed_at_full_speed_are_all_saved(tmp_path: Path) -> None:
    """A fast typist: Space and ↓ queued at once, ctrl+s right behind the last Space."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wijk(app, pilot)
        await new_meeting(pilot, "15-11-2026")
        await type_fast(pilot, " <down> <down> <down> <ctrl+s>")
        await settle(pilot)
        [meeting] = app.database.monitoring.meetings(REGION, WIJK)
        practices = app.database.monitoring.wijk_practices(REGION, WIJK)
        assert meeting.attendees == {p.practice_id for p in practices[:4]}


async def test_another_wijk_typed_lists_its_practices(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wijk(app, pilot)
        dialog = await new_meeting(pilot, "15-11-2026")
        await pilot.press("space", "shift+tab", "shift+tab", "ctrl+u")
        assert dialog.focused is dialog.query_one("#wijk", Input)
        await type_text(pilot, "beekbergen")
        await settle(pilot)
        expected = app.database.monitoring.wijk_practices(REGION, "Beekbergen")
        assert dialog.query_one(AttendanceList).practices == expected
        assert dialog.query_one(AttendanceList).attendees == frozenset()
        await pilot.press("tab", "tab", "a", "ctrl+s")
        await settle(pilot)
        [meeting] = app.database.monitoring.meetings(REGION, "Beekbergen")
        assert meeting.attendees == {p.practice_id for p in expected}


async def test_f1_explains_the_meetings_and_the_dialog(tmp_path: Path) -> None:
    from mtvdp_tui.screens.help import HelpScreen

    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wijk(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        texts = "\n".join(str(static.content) for static in app.screen.query(Static))
        assert IntervisieScreen.HELP in texts and "Nieuwe bijeenkomst" in texts
        await pilot.press("escape", "n")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "f1")
        texts = "\n".join(str(static.content) for static in app.screen.query(Static))
        assert MeetingDialog.HELP in texts and "Aanwezig aan/uit" in texts
