"""After saving a practice the register says so and shows it, also when a filter hides it."""

from __future__ import annotations

from textual.widgets import Input, Select

from mtvdp_tui import compat
from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.ui.helpers import SIZE, type_text
from tests.ui.test_register import fill_new_practice

BOTH_ENGINES = True  # the tests asking for `new_app` also run on PostgreSQL (tests/ui/conftest.py)

NAME = "Huisartsenpraktijk Het Nieuwe Veld"


def messages(app) -> list[str]:
    return [str(notification.message) for notification in compat.notifications(app)]


def current(app):
    return app.screen.query_one(PracticeList).current_row


async def test_a_new_practice_is_confirmed_and_the_cursor_is_on_it(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_practice(pilot, "01999901", NAME)
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, PracticeFormScreen)
        assert messages(app)[-1] == f"{NAME} is opgeslagen."
        assert current(app).agb == "01999901"  # among 141, wherever the order puts it
        assert app.screen.check_action("show_saved", ()) is False  # nothing hidden: no key


async def test_an_edited_practice_that_moves_in_the_order_keeps_the_cursor(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        agb = current(app).agb
        await pilot.press("enter")  # edit the first practice (by name)
        name = app.screen.query_one("#name", Input)
        name.value = "Zzz " + name.value
        await pilot.press("ctrl+s")
        assert current(app).agb == agb and current(app).name.startswith("Zzz ")
        assert messages(app)[-1].endswith(" is opgeslagen.")


async def test_a_practice_hidden_by_the_filters_is_named_and_w_goes_to_it(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "down", "down", "enter")  # region filter: Zutphen
        await pilot.press("slash")
        await type_text(pilot, "huis")
        await pilot.press("enter")
        shown = app.screen.query_one(PracticeList).row_count
        await fill_new_practice(pilot, "01999902", NAME)  # in Apeldoorn
        await pilot.press("ctrl+s")
        assert messages(app)[-1] == (
            f"{NAME} is opgeslagen, maar valt buiten de zoekterm 'huis' en het filter "
            "regio 'Zutphen': druk op w om het filter te wissen en naar de praktijk te gaan."
        )
        assert app.screen.query_one(PracticeList).row_count == shown  # still filtered
        assert app.screen.check_action("show_saved", ()) is True
        await pilot.press("w")
        assert messages(app) == []  # "valt buiten het filter" is no longer true
        assert app.screen.query_state == PracticeQuery()
        assert app.screen.query_one("#search", Input).value == ""
        assert app.screen.query_one("#region", Select).is_blank()
        assert app.screen.query_one(PracticeList).row_count == 141
        assert current(app).agb == "01999902"
        assert app.screen.check_action("show_saved", ()) is False
