"""The app on a real PostgreSQL server that goes away mid-session (stopped, restarted, or the
connection cut in the middle of a save): the action says so in Dutch, the practice form and the
plan wizard keep every value typed, a list keeps its rows, nothing is half written, and the
same key works again once the server is back. Started against an unreachable server, the app
says so in Dutch and starts nothing.

The tests stop and start a server of their own (not the session's shared one)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from textual.widgets import Input, Select, SelectionList

from mtvdp_tui import compat
from mtvdp_tui.cli import build_app, main
from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.records.audit import AuditQuery
from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.screens.plan_wizard import PlanWizardScreen
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.conftest import today
from tests.ui.helpers import SIZE, text_of, type_fast
from tests.ui.test_register import fill_new_practice
from tools.pg_server import PgServer, available

pytestmark = pytest.mark.skipif(not available(), reason="PostgreSQL binaries not installed")
GONE = ("niet bereikbaar", "weggevallen")  # pg.unreachable, pg.connection_lost


@pytest.fixture(scope="module")
def server() -> Iterator[PgServer]:
    with PgServer.started() as started:
        yield started


@pytest.fixture
def db_url(server: PgServer) -> Iterator[str]:
    """A new organisation database with the demo practices, as a libpq URL."""
    name = f"t{uuid.uuid4().hex[:12]}"
    server.create_database(name)
    yield server.libpq_url(name)
    if not (server.data / "postmaster.pid").exists():
        server.start()  # a test that failed with the server down: up again for the next
    server.drop_database(name)


def make_pg_app(db_url: str, tmp_path: Path):
    argv = ["--db", db_url, "--ruleset", "hoog-2023", "--demo"]
    export = tmp_path / "export"
    return build_app(argv, today=today, export_dir=export, import_folders=[export])


def messages(app) -> list[str]:
    return [str(n.message) for n in compat.notifications(app)]


async def stopped(server: PgServer) -> None:
    await asyncio.to_thread(server.stop)


async def started(server: PgServer) -> None:
    await asyncio.to_thread(server.start)


async def test_a_practice_saved_while_the_server_is_down_keeps_every_value_and_saves_later(
    server: PgServer, db_url: str, tmp_path: Path
) -> None:
    app = make_pg_app(db_url, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        database = app.database
        before = database.practices.count()
        await fill_new_practice(pilot, "01999901", "Het Veen")
        form = app.screen
        assert isinstance(form, PracticeFormScreen)
        await stopped(server)
        await pilot.press("ctrl+s")
        assert app.screen is form and not form.saving
        status = text_of(app, "#status")
        assert status.startswith("Niet opgeslagen. De ") and any(word in status for word in GONE)
        assert "probeer het opnieuw met ctrl+s" in status
        assert form.query_one("#agb", Input).value == "01999901"
        assert form.query_one("#name", Input).value == "Het Veen"
        assert form.query_one("#region", Select).value == "Apeldoorn"
        assert form.query_one("#wijk", Input).value == "Zuidbroek"
        await started(server)
        await pilot.press("ctrl+s")  # the same key, the server back: saved, once
        assert app.screen is not form
        assert database.practices.count() == before + 1
        assert database.practices.id_for_agb("01999901") is not None


async def test_a_connection_cut_in_the_middle_of_a_save_leaves_nothing_half_written(
    server: PgServer, db_url: str, tmp_path: Path
) -> None:
    """The practice's row is written, then the server drops the connection before the audit
    entry and the commit: the transaction is rolled back, the form says so, the retry saves
    the practice and its one audit entry."""
    app = make_pg_app(db_url, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        database = app.database
        row = app.screen.query_one(PracticeList).current_row
        audit_before = database.audit.count(AuditQuery())
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, PracticeFormScreen)
        form.query_one("#wijk", Input).value = "Halverwege"
        cut = {"done": False}

        def cut_after_the_update(conn, cursor, statement, *_args) -> None:
            if not cut["done"] and statement.lstrip().upper().startswith("INSERT INTO AUDIT"):
                cut["done"] = True
                server.sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()",
                    database=db_url.split("@/")[1].split("?")[0],
                )

        event.listen(database.engine, "before_cursor_execute", cut_after_the_update)
        try:
            await pilot.press("ctrl+s")
        finally:
            event.remove(database.engine, "before_cursor_execute", cut_after_the_update)
        assert cut["done"]
        assert app.screen is form
        status = text_of(app, "#status")
        assert status.startswith("Niet opgeslagen. De ") and any(word in status for word in GONE)
        assert form.query_one("#wijk", Input).value == "Halverwege"
        assert database.practices.get(row.id).data.wijk != "Halverwege"  # rolled back
        assert database.audit.count(AuditQuery()) == audit_before
        await pilot.press("ctrl+s")
        assert database.practices.get(row.id).data.wijk == "Halverwege"
        assert database.audit.count(AuditQuery()) == audit_before + 1


async def test_after_a_server_restart_the_next_save_goes_through(
    server: PgServer, db_url: str, tmp_path: Path
) -> None:
    """A restart drops every pooled connection: the next action gets a new one (nothing the
    user sees), and saves."""
    app = make_pg_app(db_url, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        row = app.screen.query_one(PracticeList).current_row
        await pilot.press("enter")
        app.screen.query_one("#wijk", Input).value = "Na de herstart"
        await asyncio.to_thread(server.restart)
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, PracticeFormScreen)
        assert app.database.practices.get(row.id).data.wijk == "Na de herstart"


async def test_the_wizard_keeps_every_choice_while_the_server_is_down_and_saves_later(
    server: PgServer, db_url: str, tmp_path: Path
) -> None:
    app = make_pg_app(db_url, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("p", "ctrl+right", "ctrl+right", "space", "down", "space")
        wizard = app.screen
        assert isinstance(wizard, PlanWizardScreen)
        chosen = wizard.query_one("#year-1", SelectionList).selected
        assert len(chosen) == 2
        await stopped(server)
        await pilot.press("ctrl+s")
        assert app.screen is wizard and not wizard.busy
        failed = messages(app)[-1]
        assert failed.startswith("Niet opgeslagen. De ") and any(word in failed for word in GONE)
        assert wizard.query_one("#year-1", SelectionList).selected == chosen
        assert wizard.is_dirty
        await started(server)
        await pilot.press("ctrl+s")
        stored = app.database.plans.latest(practice_id)
        assert stored is not None and stored.version == 1 and stored.status is PlanStatus.CONCEPT
        assert stored.plan.chosen_ids(1) == set(chosen)
        assert not wizard.is_dirty


async def test_a_search_while_the_server_is_down_keeps_the_list_and_the_next_one_works(
    server: PgServer, db_url: str, tmp_path: Path
) -> None:
    app = make_pg_app(db_url, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        practices = app.screen.query_one(PracticeList)
        shown = practices.row_count
        assert shown > 0
        await stopped(server)
        await type_fast(pilot, "/linde")
        assert app.screen.query_one("#search", Input).value == "linde"
        assert practices.row_count == shown and not practices.busy  # the old list, kept
        failed = [m for m in messages(app) if m.startswith("De lijst kon niet worden gelezen")]
        assert failed and any(word in failed[-1] for word in GONE)
        await started(server)
        await type_fast(pilot, "<backspace>e")
        expected = app.database.practices.count(PracticeQuery(text="linde"))
        assert practices.row_count == expected < shown


def test_started_against_an_unreachable_server_the_app_says_so_in_dutch(
    server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = PgServer().start()
    url = gone.libpq_url("postgres")
    gone.remove()
    code = main(["--db", url])
    err = capsys.readouterr().err
    assert code == 1
    assert "De databaseserver van 'postgres@" in err and "niet bereikbaar" in err
    assert "Traceback" not in err and "psycopg" not in err and "connection" not in err.lower()
