"""The declaration overview over a slow database (every statement 50 ms late, as over a network):
no query on the UI thread — reading the overview, storing a status from the dialog, for a
region, a step back — the keys typed while one is out act in order on what it brings, and a
failing read or store says so in Dutch, keeps what was typed and lets the user try again."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from mtvdp_tui import compat
from mtvdp_tui.domain.declaration_status import DeclarationStatus
from mtvdp_tui.screens.declarations import DeclarationsScreen
from mtvdp_tui.screens.status_dialog import StatusDialog
from mtvdp_tui.widgets.declaration_list import DeclarationList
from mtvdp_tui.widgets.key_hold import KeyHold
from tests.examples import drawn_demo
from tests.ui.helpers import SIZE, make_app, settle, type_fast, until
from tests.ui.test_slow_queries import queue_keys
from tools.slow_statements import SlowStatements

UI_THREAD = threading.main_thread().ident


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return drawn_demo(tmp_path_factory.mktemp("drawn") / "demo.sqlite")


@pytest.fixture
def app(drawn: Path, tmp_path: Path):
    copy = tmp_path / "demo.sqlite"
    copy.write_bytes(drawn.read_bytes())
    return make_app(copy)


def rows(app) -> list:
    """The overview's rows, also while a dialog is open over it."""
    screen = next(s for s in reversed(app.screen_stack) if isinstance(s, DeclarationsScreen))
    shown = screen.query_one(DeclarationList)
    return [shown.row_at(i) for i in range(shown.row_count)]


def messages(app) -> list[str]:
    return [str(notification.message) for notification in compat.notifications(app)]


def stored(app, row) -> DeclarationStatus:
    record = app.database.declarations.statuses().get((row.practice_id, row.quarter))
    return DeclarationStatus.TE_DECLAREREN if record is None else record.status


async def test_keys_typed_while_the_overview_is_read_act_on_its_rows(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        with SlowStatements(app.database.engine, 0.1).installed() as slow:
            await queue_keys(app, "f6")
            await until(
                lambda: isinstance(app.screen, DeclarationsScreen) and app.screen.is_mounted
            )
            assert compat.queries_out(app)  # the overview is being read
            await queue_keys(app, "down", "down", "g")  # typed meanwhile: held, then in order
            assert isinstance(app.focused, KeyHold)
            await settle(pilot)
            assert UI_THREAD not in slow.threads
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        await pilot.press("escape")
        assert app.screen.query_one(DeclarationList).cursor == 2
        assert rows(app)[2].name in dialog.heading


async def test_keys_typed_while_a_status_is_stored_act_on_the_overview_after_it(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        screen = app.screen
        first = rows(app)[0]
        before = screen.overview.by_status[DeclarationStatus.GEDECLAREERD].amount_cents
        await pilot.press("g")
        dialog = app.screen
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await queue_keys(app, "ctrl+s", "down", "down", "b")  # b: on the third row
            assert dialog.storing and isinstance(app.focused, KeyHold)
            await settle(pilot)
            assert UI_THREAD not in slow.threads
        assert isinstance(app.screen, StatusDialog) and app.screen is not dialog
        third = screen.query_one(DeclarationList).row_at(2)
        assert third.name in app.screen.heading  # the overview read again, then the keys
        await pilot.press("escape")
        assert app.screen is screen and screen.query_one(DeclarationList).cursor == 2
        assert stored(app, first) is DeclarationStatus.GEDECLAREERD
        after = screen.overview.by_status[DeclarationStatus.GEDECLAREERD].amount_cents
        assert after == before + first.amount_cents  # the totals as read after the store


async def test_keys_typed_right_after_enter_in_the_dialog_act_on_the_overview(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "g")
        dialog = app.screen
        first = rows(app)[0]
        with SlowStatements(app.database.engine, 0.05).installed():
            await type_fast(pilot, "\n<down><down>")  # Enter confirms today's date
            await settle(pilot)
        assert isinstance(app.screen, DeclarationsScreen) and app.screen is not dialog
        assert app.screen.query_one(DeclarationList).cursor == 2
        assert stored(app, first) is DeclarationStatus.GEDECLAREERD


async def test_a_status_and_its_reason_typed_at_once_with_the_key_that_asks(app) -> None:
    """'w', the reason and Enter typed at once: the reason lands in the dialog's field and the
    Enter confirms it (the keys are not routed to the list before 'w' opened the dialog)."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        first = rows(app)[0]
        await type_fast(pilot, "wGeen ION\n")
        await settle(pilot)
        assert isinstance(app.screen, DeclarationsScreen)
        assert stored(app, first) is DeclarationStatus.AFGEWEZEN
        assert rows(app)[0].status.reason == "Geen ION"


async def test_a_dialog_key_acts_on_the_row_the_keys_typed_before_it_moved_to(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        third = rows(app)[2]
        await type_fast(pilot, "<down><down>g")
        assert isinstance(app.screen, StatusDialog)
        assert app.screen.heading.startswith(third.name)


async def test_a_failing_store_keeps_the_date_and_reason_and_ctrl_s_tries_again(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "w")  # afwijzen: a date and a reason
        dialog = app.screen
        first = rows(app)[0]
        await type_fast(pilot, "Geen ION")
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            slow.failing = True
            await queue_keys(app, "ctrl+s", *"!")  # the "!" typed while the store is out
            await settle(pilot)
            assert app.screen is dialog and not dialog.storing
            assert dialog.query_one("#reason", Input).value == "Geen ION!"
            explain = str(dialog.query_one("#explain", Static).content)
            assert explain.startswith("Niet vastgelegd. De schijf gaf een fout")
            assert messages(app)[-1] == explain
            slow.failing = False
            await pilot.press("ctrl+s")
            assert UI_THREAD not in slow.threads
        assert isinstance(app.screen, DeclarationsScreen)
        assert stored(app, first) is DeclarationStatus.AFGEWEZEN
        assert rows(app)[0].status.reason == "Geen ION!"


async def test_a_region_is_stored_after_the_question_off_the_ui_thread(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "r", "down", "down", "enter")  # Zutphen
        zutphen = rows(app)
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await pilot.press("G", "enter", "enter")  # the date: today; then the question
            assert UI_THREAD not in slow.threads
        assert isinstance(app.screen, DeclarationsScreen)
        assert {stored(app, row) for row in zutphen} == {DeclarationStatus.GEDECLAREERD}
        assert {row.status.status for row in rows(app)} == {DeclarationStatus.GEDECLAREERD}


async def test_a_failing_step_back_says_so_and_a_retry_works(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "g", "enter")
        first = rows(app)[0]
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            slow.failing = True
            await pilot.press("z", "enter")
            assert messages(app)[-1].startswith("Niet vastgelegd. De schijf gaf een fout")
            assert isinstance(app.focused, DeclarationList)  # the keys are not held any more
            assert rows(app)[0].status.status is DeclarationStatus.GEDECLAREERD
            slow.failing = False
            await pilot.press("z", "enter")
            assert UI_THREAD not in slow.threads
        assert stored(app, first) is DeclarationStatus.TE_DECLAREREN
        assert rows(app)[0].status.status is DeclarationStatus.TE_DECLAREREN


async def test_a_failing_read_says_so_and_coming_back_reads_again(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            slow.failing = True
            await pilot.press("f6")
            screen = app.screen
            assert isinstance(screen, DeclarationsScreen)
            assert messages(app)[-1].startswith("Het overzicht kon niet worden gelezen.")
            assert rows(app) == [] and isinstance(app.focused, DeclarationList)
            slow.failing = False
            await pilot.press("f3", "f6")
            assert UI_THREAD not in slow.threads
        assert app.screen is screen and len(rows(app)) > 0
