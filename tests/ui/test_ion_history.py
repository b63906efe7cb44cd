"""ION per peildatum from the register: the history, recording a quarter, refusing bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input

from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.ion_history import IonHistoryScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.ui.helpers import SIZE, make_app, text_of, type_text

BOTH_ENGINES = True  # the tests asking for `new_app` also run on PostgreSQL (tests/ui/conftest.py)


async def test_record_the_ion_of_a_quarter_and_see_the_history(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("i")
        assert isinstance(app.screen, IonHistoryScreen)
        assert app.screen.query_one(DataTable).row_count == 2  # the demo's two peildatums
        app.screen.query_one("#peildatum", Input).value = "01-07-2024"
        await type_text(pilot, "9.500")
        await pilot.press("enter")
        assert app.screen.query_one(DataTable).row_count == 3
        history = app.database.practices.ion_history(practice_id)
        assert history[-1] == (date(2024, 7, 1), 9500)
        assert app.database.practices.get(practice_id).data.ion == 9500  # the latest counts
        await pilot.press("escape")
        assert app.screen.query_one(PracticeList).current_row.ion == 9500


async def test_a_peildatum_must_start_a_quarter_and_nothing_is_stored(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        before = app.database.practices.ion_history(practice_id)
        await pilot.press("i")
        app.screen.query_one("#peildatum", Input).value = "15-07-2024"
        await type_text(pilot, "12x")
        await pilot.press("enter")
        assert "eerste dag van een kwartaal" in text_of(app, "#peildatum-error")
        assert text_of(app, "#ion-error") != ""
        assert app.database.practices.ion_history(practice_id) == before


async def test_remove_a_figure_after_confirming(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("i")
        app.screen.set_focus(app.screen.query_one(DataTable))
        await pilot.press("delete", "tab", "enter")  # the newest figure (1 jan 2024)
        assert app.database.practices.ion_history(practice_id) == [(date(2023, 4, 1), 8921)]
        assert app.database.practices.get(practice_id).data.ion == 8921


async def test_after_a_save_the_dialog_is_clean_and_says_what_was_saved(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        app.screen.query_one("#peildatum", Input).value = "01-07-2024"
        await type_text(pilot, "9.500")
        await pilot.press("enter")
        await pilot.pause()
        assert text_of(app, "#ion-error") == ""  # not "Vul het ION in": nothing is wrong
        assert not app.screen.query("#fields > .-invalid")
        assert text_of(app, "#status") == "Opgeslagen: ION 9.500 op 1 jul 2024."
        assert app.screen.query_one("#ion", Input).value == ""
        await pilot.press("escape")  # nothing unsaved: closes without asking
        assert not isinstance(app.screen, IonHistoryScreen | ConfirmScreen)


async def test_escape_asks_before_throwing_away_a_typed_figure(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        before = app.database.practices.ion_history(practice_id)
        await pilot.press("i")
        await type_text(pilot, "9500")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: back to the dialog, the figure still there
        assert isinstance(app.screen, IonHistoryScreen)
        assert app.screen.query_one("#ion", Input).value == "9500"
        await pilot.press("escape", "tab", "enter")  # yes, throw it away
        assert not isinstance(app.screen, IonHistoryScreen | ConfirmScreen)
        assert app.database.practices.ion_history(practice_id) == before
