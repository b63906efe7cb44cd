"""The logboek: every change with who and what; per practice from the register; filters."""

from __future__ import annotations

from mtvdp_tui.records.audit import Entity
from mtvdp_tui.screens.audit import AuditScreen
from mtvdp_tui.widgets.audit_list import AuditList, change_text
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.ui.helpers import SIZE, type_text

BOTH_ENGINES = True  # the tests asking for `new_app` also run on PostgreSQL (tests/ui/conftest.py)


async def test_a_change_in_the_register_shows_in_the_log(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "tab", "tab", "tab")  # edit; to the wijk field
        app.screen.query_one("#wijk").value = "Nieuwe Wijk"
        await pilot.press("ctrl+s")
        await pilot.press("f7")
        assert isinstance(app.screen, AuditScreen)
        newest = app.screen.query_one(AuditList).current_row
        assert newest.entity is Entity.PRAKTIJK
        assert "Nieuwe Wijk" in change_text(newest)


async def test_the_log_of_one_practice_from_the_register(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        rows = app.screen.query_one(PracticeList)
        first = rows.current_row
        await pilot.press("i")
        app.screen.query_one("#peildatum").value = "01-07-2024"
        await type_text(pilot, "9000")
        await pilot.press("enter", "escape", "down", "l")  # another practice's log: empty
        assert app.screen.query_one(AuditList).row_count == 0
        await pilot.press("escape", "up", "l")
        log = app.screen.query_one(AuditList)
        assert log.row_count == 1 and log.current_row.practice_id == first.id
        await pilot.press("escape")
        assert app.screen.query_one(PracticeList) is rows


async def test_filter_the_whole_log_by_words_and_kind(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        app.screen.query_one("#peildatum").value = "01-07-2024"
        await type_text(pilot, "9000")
        await pilot.press("enter", "escape", "f7")
        log = app.screen.query_one(AuditList)
        assert log.row_count == 1
        await pilot.press("k", "down", "down", "enter")  # "ION"
        assert log.row_count == 1
        await pilot.press("k", "down", "enter")  # "praktijk": none changed
        assert log.row_count == 0
        await pilot.press("k", "up", "up", "enter", "slash")  # all kinds again
        await type_text(pilot, "zzz")
        assert log.row_count == 0
