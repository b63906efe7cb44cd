"""The ION dialog, deleting a practice, the message after a save, and the check on coming back to
a section, over a slow database (every statement 50 ms late, as over a network): no query on the
UI thread, the keys typed while one is out are kept in order, and a failing one says so in Dutch
and keeps what was typed."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event
from textual.widgets import DataTable, Input

from mtvdp_tui import compat
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.ion_history import IonHistoryScreen
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.widgets.key_hold import KeyHold
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.row_list import RowList
from tests.templates import place_new_database
from tests.ui.helpers import SIZE, make_app, settle, type_fast, type_text, until
from tests.ui.test_register import fill_new_practice
from tests.ui.test_slow_queries import queue_keys
from tools.slow_statements import SlowStatements

UI_THREAD = threading.main_thread().ident
ASKED = "SELECT max(audit.id) AS max_1 FROM audit"  # whether anything changed


def messages(app) -> list[str]:
    return [str(notification.message) for notification in compat.notifications(app)]


async def test_the_ion_typed_while_the_history_is_read_and_while_it_is_saved(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        with SlowStatements(app.database.engine, 0.2).installed() as slow:
            await queue_keys(app, "i")
            await until(lambda: isinstance(app.screen, IonHistoryScreen) and app.screen.is_mounted)
            dialog = app.screen
            assert compat.queries_out(app)  # the history is being read
            await queue_keys(app, *"9.500")
            assert dialog.query_one("#ion", Input).value == "9.500"
            await settle(pilot)
            assert dialog.query_one(DataTable).row_count == 2
            await queue_keys(app, "ctrl+s", *"12")  # the "12" typed while the save is out
            assert dialog.busy and isinstance(app.focused, KeyHold)
            await settle(pilot)
            assert UI_THREAD not in slow.threads
        assert dialog.query_one(DataTable).row_count == 3
        assert dialog.query_one("#ion", Input).value == "12"  # in the emptied field, after
        assert app.database.practices.ion_history(practice_id)[-1][1] == 9500


async def test_the_figure_typed_right_after_i_reaches_the_ion_dialog(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_fast(pilot, "i9.500")
        assert isinstance(app.screen, IonHistoryScreen)
        assert app.screen.query_one("#ion", Input).value == "9.500"
        await type_fast(pilot, "<escape>\n")  # asks first: the figure is not saved
        assert isinstance(app.screen, IonHistoryScreen)  # Enter: the safe answer, keep it


async def test_a_key_typed_right_after_enter_is_not_saved_with_the_figure(tmp_path: Path) -> None:
    """Through the proxy "9500", Enter, "1" at once saved 95.001: the "1" reached the field
    before the Enter (handled as the field's Submitted message) was acted on."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("i")
        dialog = app.screen
        dialog.query_one("#peildatum", Input).value = "01-07-2024"
        with SlowStatements(app.database.engine, 0.05).installed():
            await type_fast(pilot, "9.500\n1")
            await settle(pilot)
        assert app.database.practices.ion_history(practice_id)[-1] == (date(2024, 7, 1), 9500)
        assert dialog.query_one("#ion", Input).value == "1"  # for the next figure


async def test_enter_d_and_i_act_on_the_row_the_keys_typed_before_them_moved_to(
    tmp_path: Path,
) -> None:
    """Enter, d and i are priority keys: without waiting for the list to take the cursor keys
    typed before them, they acted on the row the cursor was on before."""
    path = tmp_path / "demo.sqlite"
    place_new_database(path, demo=True)
    with closing(sqlite3.connect(path)) as connection, connection:  # so that "d" asks
        for table in (
            "meting_verstuurd",
            "sociaal_domein",
            "jaarverslag",
            "intervisie_aanwezig",
            "praktijkplan",
        ):
            connection.execute(f"DELETE FROM {table}")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        third = app.screen.query_one(PracticeList).row_at(2)
        await type_fast(pilot, "<down><down>\n")
        assert isinstance(app.screen, PracticeFormScreen) and app.screen.record.id == third.id
        await pilot.press("escape", "up", "up")
        await type_fast(pilot, "<down><down>d")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith(f"Praktijk {third.name} (AGB {third.agb})")
        await pilot.press("escape", "up", "up")
        await type_fast(pilot, "<down><down>i")
        assert isinstance(app.screen, IonHistoryScreen)
        assert app.screen.practice_id == third.id


async def test_a_failing_ion_save_keeps_the_figure_and_ctrl_s_saves_it(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("i")
        dialog = app.screen
        dialog.query_one("#peildatum", Input).value = "01-07-2024"
        await type_text(pilot, "9.500")
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            slow.failing = True
            await queue_keys(app, "ctrl+s", "1")
            await settle(pilot)
            # the message stays (in the status line until a key is typed, and notified)
            assert messages(app)[-1].startswith("Niet opgeslagen. De schijf gaf een fout")
            assert dialog.query_one("#peildatum", Input).value == "01-07-2024"
            assert dialog.query_one("#ion", Input).value == "9.5001"  # the key typed, after
            assert dialog.query_one(DataTable).row_count == 2
            slow.failing = False
            await pilot.press("backspace", "ctrl+s")
            assert UI_THREAD not in slow.threads
        assert app.database.practices.ion_history(practice_id)[-1] == (date(2024, 7, 1), 9500)
        assert dialog.query_one(DataTable).row_count == 3


async def test_a_figure_is_removed_off_the_ui_thread(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("i")
        app.screen.set_focus(app.screen.query_one(DataTable))
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await pilot.press("delete", "tab", "enter")  # the newest figure (1 jan 2024)
            assert UI_THREAD not in slow.threads
        assert app.screen.query_one(DataTable).row_count == 1
        assert app.database.practices.ion_history(practice_id) == [(date(2023, 4, 1), 8921)]


async def test_delete_asks_after_a_look_up_off_the_ui_thread_and_keeps_the_keys(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        row = app.screen.query_one(PracticeList).current_row
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await queue_keys(app, "d", "tab", "enter")  # typed before the question is there
            assert compat.queries_out(app) and isinstance(app.focused, KeyHold)
            await settle(pilot)
            assert UI_THREAD not in slow.threads
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.database.practices.count() == 139, (app.workers, app.focused)
        assert messages(app)[-1] == f"{row.name} is verwijderd."
        assert app.screen.query_one(PracticeList).current_row != row


async def test_a_failing_delete_says_so_and_deletes_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            await pilot.press("d", "tab")
            slow.failing = True
            await pilot.press("enter")
            assert messages(app)[-1].startswith("De schijf gaf een fout")
            assert isinstance(app.focused, PracticeList)
            slow.failing = True
            await pilot.press("d")  # the look-up fails too: said, nothing asked
            assert not isinstance(app.screen, ConfirmScreen)
            assert isinstance(app.focused, PracticeList)
            slow.failing = False
        assert app.database.practices.count() == 140


async def test_the_practice_saved_is_named_without_a_query_on_the_ui_thread(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "down", "down", "enter")  # region filter: Zutphen
        await fill_new_practice(pilot, "01999902", "Het Nieuwe Veld")  # in Apeldoorn: hidden
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await pilot.press("ctrl+s")
            assert messages(app)[-1].startswith("Het Nieuwe Veld is opgeslagen, maar valt buiten")
            await pilot.press("enter")  # edit a practice shown, save it unchanged
            assert isinstance(app.screen, PracticeFormScreen)
            name = app.screen.record.data.name
            await pilot.press("ctrl+s")
            assert messages(app)[-1] == f"{name} is opgeslagen."
            assert UI_THREAD not in slow.threads


@pytest.mark.parametrize("key", ["f4", "f6", "f7"])
async def test_coming_back_to_a_section_asks_off_the_ui_thread_whether_to_read(
    tmp_path: Path, key: str
) -> None:
    """The plans overview, the declarations and the logboek read again when anything changed
    while another section was shown; the question (the audit's newest id) is a query too."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        section = app.screen
        await pilot.press("f3", "i")
        app.screen.query_one("#peildatum", Input).value = "01-07-2024"
        await type_text(pilot, "9.500")
        await pilot.press("enter", "escape")  # a change: the audit has a newer entry
        statements: list[str] = []
        listen = event.listens_for(app.database.engine, "before_cursor_execute")
        listen(lambda _c, _r, statement, *_a: statements.append(" ".join(statement.split())))
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await pilot.press(key)
            await settle(pilot)
            assert ASKED in statements and set(statements) - {ASKED, "BEGIN"}  # read again
            statements.clear()
            await pilot.press("f3", key)
            await settle(pilot)
            assert set(statements) == {ASKED, "BEGIN"}  # nothing changed: asked only
            assert UI_THREAD not in slow.threads
        assert app.screen is section and not section.query_one(RowList).busy
