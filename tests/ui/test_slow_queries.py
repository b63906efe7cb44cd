"""The register over a slow database (every statement 50 ms late, as over a network): keys typed
while queries are out are taken in at once and in order, the cursor moves, "bezig…" is shown,
and the list ends with the results of the last search typed; the practice form's save runs in a
worker, holds the keys typed meanwhile and keeps every value when it fails."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from textual.widgets import Input, Select

from mtvdp_tui import compat
from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.widgets.key_hold import KeyHold
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.ui.helpers import SIZE, make_app, type_fast
from tests.ui.test_register import fill_new_practice
from tools.slow_statements import SlowStatements


async def queue_keys(app, *keys: str) -> None:
    """Put keys in the app's queue at once and wait only until the app has taken them in (not
    for the queries they start)."""
    from textual import events

    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        await compat.queue_message(app, event)
    while compat.messages_pending(app):
        await asyncio.sleep(0.001)
    await asyncio.sleep(0.01)  # the focused field's own queue


async def test_the_register_typed_into_while_every_statement_is_slow_keeps_every_key(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        database = app.database
        with SlowStatements(database.engine, 0.05).installed() as slow:
            search = app.screen.query_one("#search", Input)
            await type_fast(pilot, "/abcd<backspace><backspace>x")
            assert search.value == "abx"
            await type_fast(pilot, "<backspace><backspace><backspace>de<left>ij<end>n")
            assert search.value == "dijen"
            await type_fast(pilot, "<backspace><backspace><backspace><backspace>e")
            assert search.value == "de"
            assert threading.main_thread().ident not in slow.threads  # no query on the UI thread
        practices = app.screen.query_one(PracticeList)
        expected = database.practices.page(PracticeQuery(text="de"), 0, 1000)
        assert practices.row_count == len(expected) > 0
        assert [practices.row_at(i) for i in range(practices.row_count)] == expected


async def test_keys_are_taken_in_while_the_query_of_the_first_one_is_out(tmp_path: Path) -> None:
    """Each key of a search starts a query of at least two statements (100 ms here): with the
    queries on the UI thread, the keys would be taken in one query apart."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        database = app.database
        await pilot.press("slash")
        with SlowStatements(database.engine, 0.05).installed():
            await queue_keys(app, *"linde")
            assert app.screen.query_one("#search", Input).value == "linde"
            assert compat.queries_out(app)  # taken in while the queries are still out
            await pilot.pause()  # the last search's result
        practices = app.screen.query_one(PracticeList)
        assert practices.row_count == database.practices.count(PracticeQuery(text="linde"))


async def test_the_cursor_moves_and_bezig_shows_while_the_list_is_read(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practices = app.screen.query_one(PracticeList)
        with SlowStatements(app.database.engine, 0.2).installed():
            await queue_keys(app, "s")  # another order: the list is read again (≥ 400 ms)
            assert compat.queries_out(app)
            await queue_keys(app, "down", "down", "down")
            assert practices.cursor == 3  # the old rows, moved through while the new are read
            await asyncio.sleep(0.1)
            assert practices.busy and compat.queries_out(app)
            assert "bezig…" in practices.render_line(0).text
            await pilot.pause()
        assert not practices.busy and "bezig…" not in practices.render_line(0).text
        assert practices.sort != "naam"
        assert practices.cursor == 3  # the moves made meanwhile, on the rows in the new order


async def test_end_pressed_while_a_search_is_read_goes_to_the_end_of_its_result(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practices = app.screen.query_one(PracticeList)
        await type_fast(pilot, "/d")
        with SlowStatements(app.database.engine, 0.1).installed():
            await queue_keys(app, "e", "enter")  # the search for "de" goes out
            assert compat.queries_out(app)
            await queue_keys(app, "end", "up")  # pressed on the rows for "d"
            assert compat.queries_out(app)
            await pilot.pause()
        assert app.screen.query_one("#search", Input).value == "de"
        assert practices.row_count == app.database.practices.count(PracticeQuery(text="de"))
        assert practices.cursor == practices.row_count - 2


async def test_a_failing_database_says_so_in_dutch_and_a_new_search_works(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practices = app.screen.query_one(PracticeList)
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            slow.failing = True
            await type_fast(pilot, "/linde")
            assert app.screen.query_one("#search", Input).value == "linde"
            assert practices.row_count == 140 and not practices.busy  # the old list, kept
            messages = [str(n.message) for n in compat.notifications(app)]
            assert any(m.startswith("De lijst kon niet worden gelezen") for m in messages)
            slow.failing = False
            await type_fast(pilot, "<backspace>e")
        assert app.screen.query_one("#search", Input).value == "linde"
        assert practices.row_count == app.database.practices.count(PracticeQuery(text="linde"))


async def test_a_save_that_fails_keeps_every_value_typed_and_a_retry_saves(
    tmp_path: Path,
) -> None:
    """The practice form saved over a database that fails (a dropped connection): a Dutch
    message, every value still in its field (the keys typed during the save too), nothing
    stored; ctrl+s again once the database is back saves the practice once."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        database = app.database
        before = database.practices.count()
        await fill_new_practice(pilot, "01999901", "Het Veen")
        await pilot.press("enter")  # e-mail
        form = app.screen
        assert isinstance(form, PracticeFormScreen)
        with SlowStatements(database.engine, 0.3).installed() as slow:
            slow.failing = True
            await queue_keys(app, "ctrl+s", *"info@")  # typed while the save is out
            assert form.saving and isinstance(app.focused, KeyHold)
            await pilot.pause()
            assert app.screen is form and not form.saving
            failed = [str(n.message) for n in compat.notifications(app)]
            assert failed and failed[-1].startswith("Niet opgeslagen. De schijf gaf een fout")
            assert form.query_one("#agb", Input).value == "01999901"
            assert form.query_one("#name", Input).value == "Het Veen"
            assert form.query_one("#wijk", Input).value == "Zuidbroek"
            assert form.query_one("#region", Select).value == "Apeldoorn"
            assert form.query_one("#email", Input).value == "info@"
            slow.failing = False
            assert database.practices.count() == before
            await type_fast(pilot, "hetveen.nl<ctrl+s>")
        assert app.screen is not form
        assert database.practices.count() == before + 1
        saved = database.practices.get(database.practices.id_for_agb("01999901"))
        assert saved.data.email == "info@hetveen.nl"


async def test_keys_typed_while_a_slow_save_is_out_reach_the_next_practice(
    tmp_path: Path,
) -> None:
    """ctrl+n (save, then the next practice) and the next AGB code typed at once: the save
    takes round trips, the code still lands in the emptied form's first field."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        database = app.database
        await fill_new_practice(pilot, "01999901", "Het Veen")
        with SlowStatements(database.engine, 0.05).installed():
            await type_fast(pilot, "<ctrl+n>01999902\nDe Linde")
        form = app.screen
        assert isinstance(form, PracticeFormScreen)
        assert form.query_one("#agb", Input).value == "01999902"
        assert form.query_one("#name", Input).value == "De Linde"
        assert database.practices.id_for_agb("01999901") is not None


async def test_keys_typed_while_a_practice_is_read_for_its_form_reach_the_form(
    tmp_path: Path,
) -> None:
    """Enter on a practice and a new name typed at once, over a slow database: the practice
    is read in a worker and the keys wait for its form (an 'n' among them would otherwise
    open the new-practice form on the register)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        row = app.screen.query_one(PracticeList).current_row
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await type_fast(pilot, "\n<ctrl+u>Nieuwe naam")
            assert threading.main_thread().ident not in slow.threads
        form = app.screen
        assert isinstance(form, PracticeFormScreen) and form.record.id == row.id
        assert form.query_one("#name", Input).value == "Nieuwe naam"


async def test_a_list_read_failing_unexpectedly_is_said_once_in_dutch(
    tmp_path: Path, monkeypatch
) -> None:
    """An error the store does not know (a driver's, in English): the list's message names it
    in general Dutch words, once — not "De lijst kon niet worden gelezen" inside itself."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practices = app.screen.query_one(PracticeList)
        repository = app.database.practices

        def broken(*_args, **_kwargs):
            raise RuntimeError("SSL SYSCALL error: EOF detected")

        monkeypatch.setattr(repository, "totals", broken)
        await type_fast(pilot, "/linde")
        messages = [str(n.message) for n in compat.notifications(app)]
        failed = [m for m in messages if "De lijst kon niet worden gelezen" in m]
        assert len(failed) == 1 and failed[0].count("De lijst kon niet worden gelezen") == 1
        assert "De database gaf een fout" in failed[0] and "SSL" not in failed[0]
        assert practices.row_count == 140  # the old list, kept
