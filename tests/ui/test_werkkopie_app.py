"""The werkkopie in the app (SPEC §9): its header line on every section, F9 Synchroniseren,
the read-only sections, the stale warning and Werkkopie maken — on a real organisation
database (PostgreSQL) and werkkopieën made of it by the program's own code."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from mtvdp_tui import compat
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.store.werkkopie_make import make_werkkopie
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.werkkopie_bar import WerkkopieBar
from tests.conftest import open_test_database
from tests.engines import pg_templates  # noqa: F401 (fixture)
from tests.hostile import ENGLISH
from tests.sync.conftest import organisation  # noqa: F401 (fixture)
from tests.ui.helpers import SIZE, make_app, settle, until
from tests.ui.test_conflicts_screen import werkkopie_app  # noqa: F401 (fixture)

SYNCED = datetime(2026, 11, 22, 13, 5, tzinfo=UTC)  # the test clock's day (tests/conftest)


def set_synced(path: Path, moment: datetime) -> None:
    """Move the werkkopie's sync point (as if it synchronised then)."""
    with sqlite3.connect(path) as connection:
        stored = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        connection.execute("UPDATE werkkopie SET synced_at = ?", (stored,))
    connection.close()


@pytest.fixture
def werkkopie_file(organisation: str, tmp_path: Path) -> Path:  # noqa: F811
    """A werkkopie of `organisation` that synchronised today (the test clock's) at 13:05 UTC."""
    path = tmp_path / "laptop.sqlite"
    make_werkkopie(organisation, str(path))
    set_synced(path, SYNCED)
    return path


def header(app) -> str:
    return str(app.screen.query_one(WerkkopieBar).content)


def messages(app) -> list[str]:
    return [str(notification.message) for notification in compat.notifications(app)]


async def test_the_header_says_what_the_werkkopie_is_on_every_section(werkkopie_file) -> None:
    app = make_app(werkkopie_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        local = SYNCED.astimezone().strftime("%H:%M")
        assert header(app).startswith("Werkkopie van ")
        assert f"gesynchroniseerd vandaag {local}" in header(app)
        assert "geen wijzigingen wachten" in header(app)
        for key in ("f4", "f5", "f6", "f7", "f3"):
            await pilot.press(key)
            await settle(pilot)
            bar = app.screen.query_one(WerkkopieBar)
            assert bar.display and bar.region.height == 1, key
            assert "gesynchroniseerd" in header(app), key
        assert messages(app) == []  # synchronised today: no warning


async def test_the_header_counts_a_change_as_soon_as_it_is_saved(werkkopie_file) -> None:
    app = make_app(werkkopie_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # edit the first practice
        await until(lambda: isinstance(app.screen, PracticeFormScreen))
        name = app.screen.query_one("#name", Input)
        name.value = "Offline " + name.value
        await pilot.press("ctrl+s")
        await until(lambda: "1 wijziging wacht" in header(app))
        assert app.screen.query_one(PracticeList).current_row.name.startswith("Offline ")


async def test_an_ordinary_file_has_no_werkkopie_header_nor_sync_key(tmp_path) -> None:
    app = make_app(tmp_path / "gewoon.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query(WerkkopieBar)
        assert app.check_action("synchronise", ()) is False
        await pilot.press("f9")
        assert len(app.screen_stack) == 1


async def test_a_werkkopie_long_not_synchronised_warns_on_start(werkkopie_file) -> None:
    set_synced(werkkopie_file, datetime(2026, 11, 10, 12, 0, tzinfo=UTC))
    app = make_app(werkkopie_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any(
            message.startswith("Deze werkkopie is 12 dagen niet gesynchroniseerd")
            for message in messages(app)
        )
        assert "12 dagen niet gesynchroniseerd" in header(app)
        assert app.screen.query_one(WerkkopieBar).has_class("-stale")


def server_practice_names(organisation: str) -> set[str]:  # noqa: F811
    server = open_test_database(organisation)
    try:
        from mtvdp_tui.records.practices import PracticeQuery

        query = PracticeQuery()
        return {row.name for row in server.practices.page(query, 0, 1000)}
    finally:
        server.close()


def rename_on_server(organisation: str, name: str) -> None:  # noqa: F811
    """Another user renames the practice with the highest AGB on the organisation database."""
    from dataclasses import replace

    server = open_test_database(organisation)
    try:
        agb = max(server.practices.versions_by_agb())
        practice_id, version, data = server.practices.versions_by_agb()[agb]
        server.practices.update(practice_id, replace(data, name=name), expected_version=version)
    finally:
        server.close()


async def test_f9_sends_an_offline_change_to_the_organisation_database(
    werkkopie_file,
    organisation,  # noqa: F811
) -> None:
    from mtvdp_tui.screens.sync_dialog import SyncDialog

    app = make_app(werkkopie_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, PracticeFormScreen))
        name = app.screen.query_one("#name", Input)
        name.value = "Offline " + name.value
        changed = name.value
        await pilot.press("ctrl+s")
        await until(lambda: "1 wijziging wacht" in header(app))
        assert changed not in server_practice_names(organisation)
        rename_on_server(organisation, "Aaa van de server")  # someone else, meanwhile
        await pilot.press("f9")
        await until(lambda: isinstance(app.screen, SyncDialog))
        dialog = app.screen
        await until(lambda: dialog.finished is not None)
        shown = str(dialog.query_one("#sync-progress").content)
        assert dialog.finished is True, shown
        assert shown.startswith("Gesynchroniseerd.\nVerstuurd: 1 wijziging(en).")
        assert "Opgehaald" in shown
        assert changed in server_practice_names(organisation)
        await pilot.press("enter")
        await until(lambda: not isinstance(app.screen, SyncDialog))
        await until(lambda: "geen wijzigingen wachten" in header(app))
        practices = app.screen.query_one(PracticeList)  # read again: the server's change shows
        await until(lambda: getattr(practices.row_at(0), "name", "") == "Aaa van de server")


async def test_f9_says_in_dutch_why_it_could_not_synchronise(werkkopie_file) -> None:
    from mtvdp_tui.screens.sync_dialog import SyncDialog

    with sqlite3.connect(werkkopie_file) as connection:  # a server that is not there
        connection.execute("UPDATE werkkopie SET server = 'host=/nergens dbname=weg'")
    connection.close()
    app = make_app(werkkopie_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+y")
        await until(lambda: isinstance(app.screen, SyncDialog))
        dialog = app.screen
        await until(lambda: dialog.finished is not None)
        assert dialog.finished is False and dialog.has_class("-failed")
        shown = str(dialog.query_one("#sync-progress").content)
        assert shown and "Traceback" not in shown
        assert not ENGLISH.search(shown), shown
        await pilot.press("escape")
        await until(lambda: not isinstance(app.screen, SyncDialog))


async def test_werkkopie_maken_on_the_organisation_database_writes_the_named_file(
    organisation,  # noqa: F811
    tmp_path,
) -> None:
    from mtvdp_tui.screens.werkkopie_dialog import WerkkopieDialog

    taken = tmp_path / "bestaat.sqlite"
    taken.write_bytes(b"van de gebruiker")
    app = make_app(organisation, folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await until(lambda: isinstance(app.screen, WerkkopieDialog))
        dialog = app.screen
        field = dialog.query_one("#werkkopie-file", Input)
        assert field.value.endswith(".sqlite") and not Path(field.value).exists()
        field.value = str(taken)
        await pilot.press("enter")
        assert "bestaat al" in str(dialog.query_one("#werkkopie-error").content)
        assert taken.read_bytes() == b"van de gebruiker"
        target = tmp_path / "laptop.sqlite"
        field.value = str(target)
        await pilot.press("enter")
        await until(lambda: dialog.made is not None)
        done = str(dialog.query_one("#werkkopie-progress").content)
        assert done.startswith(f"Werkkopie gemaakt: {target} van ")
        await pilot.press("escape")
        await until(lambda: not isinstance(app.screen, WerkkopieDialog))
        assert messages(app)[-1] == done  # said again where it stays after the dialog
    copy = open_test_database(target)
    try:
        with copy.engine.connect() as connection:
            from mtvdp_tui.store.outbox import werkkopie_info

            assert werkkopie_info(connection) is not None
        assert copy.practices.count() == 140
    finally:
        copy.close()


async def test_no_werkkopie_maken_on_a_file(tmp_path) -> None:
    app = make_app(tmp_path / "gewoon.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("make_werkkopie", ()) is False
        await pilot.press("W")
        assert len(app.screen_stack) == 1


def table_counts(path: Path) -> dict[str, int]:
    """Every table's rows and the newest audit id: what a refused change must leave as it was."""
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        counts = {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        counts["audit.max"] = connection.execute("SELECT max(id) FROM audit").fetchone()[0]
    connection.close()
    return counts


def read_only_line(app) -> str:
    return str(app.screen.query_one(".werkkopie-read-only").content)


async def test_the_lottery_says_it_is_read_only_and_its_keys_do_nothing(werkkopie_file) -> None:
    before = table_counts(werkkopie_file)
    app = make_app(werkkopie_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert app.current_mode == "lottery"
        assert read_only_line(app) == (
            "Dit is een werkkopie: de loting wordt alleen online getrokken, in de database van "
            "de organisatie."
        )
        for action in ("freeze_pool", "freeze_sources", "edit_ion", "finalise", "take_over"):
            assert app.screen.check_action(action, ()) is False, action
        assert app.screen.query_one("#official-ion").disabled
        await pilot.press("v", "t", "ctrl+s", "f", "x", "o")
        await settle(pilot)
        assert len(app.screen_stack) == 1  # no question was asked
    assert table_counts(werkkopie_file) == before


async def test_declaration_statuses_say_why_and_their_keys_do_nothing(werkkopie_file) -> None:
    before = table_counts(werkkopie_file)
    app = make_app(werkkopie_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert app.current_mode == "declarations"
        assert read_only_line(app).startswith(
            "Dit is een werkkopie: declaratiestatussen worden alleen online bijgewerkt"
        )
        assert app.screen.check_action("set_status", ("gedeclareerd",)) is False
        assert app.screen.check_action("set_region", ("uitbetaald",)) is False
        assert app.screen.check_action("ion", ()) is True  # ION is changed offline
        await pilot.press("g", "b", "w", "z", "G", "B")
        await settle(pilot)
        assert len(app.screen_stack) == 1
    assert table_counts(werkkopie_file) == before


async def test_a_practice_is_not_deleted_in_a_werkkopie(werkkopie_file) -> None:
    before = table_counts(werkkopie_file)
    app = make_app(werkkopie_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query(".werkkopie-read-only")  # the register is changed offline
        assert app.screen.check_action("delete", ()) is False
        await pilot.press("d", "enter")  # Enter edits: the form, not a deletion
        await until(lambda: isinstance(app.screen, PracticeFormScreen))
        await pilot.press("escape")
        await settle(pilot)
    assert table_counts(werkkopie_file) == before


async def test_f8_opens_the_conflicts_and_the_header_counts_what_is_decided(
    werkkopie_app,  # noqa: F811 (two open conflicts: tests/ui/test_conflicts_screen.py)
) -> None:
    from mtvdp_tui.screens.conflicts import ConflictsScreen

    app = werkkopie_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await until(lambda: " · 2 conflicten" in header(app) and header(app).endswith(" — F8"))
        assert app.screen.query_one(WerkkopieBar).has_class("-conflicts")
        await pilot.press("f8")
        await until(lambda: isinstance(app.screen, ConflictsScreen))
        screen = app.screen
        await settle(pilot)
        await pilot.press("h", "ctrl+s")  # keep theirs: decided
        await until(lambda: not screen.busy)
        await settle(pilot)
        await pilot.press("escape")
        await until(lambda: not isinstance(app.screen, ConflictsScreen))
        await until(lambda: " · 1 conflict" in header(app) and header(app).endswith(" — F8"))


async def test_no_conflicts_key_on_an_ordinary_file(tmp_path) -> None:
    app = make_app(tmp_path / "gewoon.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("conflicts", ()) is False
        await pilot.press("f8")
        assert len(app.screen_stack) == 1


SMALL = [(80, 24), (64, 20)]


def all_in_view(dialog) -> None:
    """Every line of the dialog lies inside its box, whole (nothing cut off at small sizes)."""
    from tests.ui.test_dialog_sizes import in_view, shown_text

    box = dialog.query_one("Vertical")
    for widget in box.children:
        if not widget.display or (isinstance(widget, Static) and not str(widget.content)):
            continue
        assert in_view(widget, box.content_region), (widget.id, widget.region)
        if isinstance(widget, Static):
            # a long path folds inside itself: compare without the white space
            shown, meant = shown_text(widget), str(widget.content)
            assert "".join(shown.split()) == "".join(meant.split()), widget.id


@pytest.mark.parametrize("size", SMALL, ids=["80x24", "64x20"])
async def test_the_sync_dialog_fits_small_screens(werkkopie_file, size) -> None:
    from mtvdp_tui.screens.sync_dialog import SyncDialog

    with sqlite3.connect(werkkopie_file) as connection:  # the longest text: why it stopped
        connection.execute("UPDATE werkkopie SET server = 'host=/nergens dbname=weg'")
    connection.close()
    app = make_app(werkkopie_file)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await until(lambda: isinstance(app.screen, SyncDialog))
        dialog = app.screen
        await until(lambda: dialog.finished is not None)
        await pilot.pause()
        all_in_view(dialog)


@pytest.mark.parametrize("size", SMALL, ids=["80x24", "64x20"])
async def test_the_werkkopie_dialog_fits_small_screens(organisation, tmp_path, size) -> None:  # noqa: F811
    from mtvdp_tui.screens.werkkopie_dialog import WerkkopieDialog

    taken = tmp_path / "bestaat.sqlite"
    taken.write_bytes(b"")
    app = make_app(organisation, folder=tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await until(lambda: isinstance(app.screen, WerkkopieDialog))
        dialog = app.screen
        dialog.query_one("#werkkopie-file", Input).value = str(taken)
        await pilot.press("enter")
        await pilot.pause()
        assert str(dialog.query_one("#werkkopie-error").content)
        all_in_view(dialog)


async def test_the_warning_days_come_from_the_settings(werkkopie_file, tmp_path) -> None:
    from mtvdp_tui.cli import build_app
    from mtvdp_tui.settings import Settings
    from tests.conftest import today

    set_synced(werkkopie_file, datetime(2026, 11, 10, 12, 0, tzinfo=UTC))  # 12 days ago
    settings = Settings(tmp_path / "instellingen.toml", werkkopie_stale_days=30)
    app = build_app(["--db", str(werkkopie_file)], today=today, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert messages(app) == []
        assert not app.screen.query_one(WerkkopieBar).has_class("-stale")
        assert "gesynchroniseerd 10-11-2026" in header(app)


async def test_the_palette_offers_synchronising_only_in_a_werkkopie(werkkopie_file, tmp_path):
    werkkopie = make_app(werkkopie_file)
    async with werkkopie.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in werkkopie.get_system_commands(werkkopie.screen)}
        assert {"Synchroniseren", "Conflicten"} <= titles
        assert "Werkkopie maken" not in titles
    ordinary = make_app(tmp_path / "gewoon.sqlite", demo=True)
    async with ordinary.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in ordinary.get_system_commands(ordinary.screen)}
        assert not titles & {"Synchroniseren", "Conflicten", "Werkkopie maken"}
