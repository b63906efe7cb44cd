"""The Conflicten screen on a real werkkopie: deciding field by field with the keys, as a
wijkmanager does after a synchronisation, and what the database holds afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.records.sync import ChangeKind
from mtvdp_tui.screens.conflicts import ConflictsScreen
from mtvdp_tui.store.conflicts import open_conflicts
from mtvdp_tui.store.practices import sync_values
from mtvdp_tui.store.werkkopie_make import make_werkkopie
from tests.sync.conftest import organisation  # noqa: F401 (fixture)
from tests.sync.test_conflicts import PEILDATUM, add_conflict, changes, empty_outbox, row
from tests.sync.test_outbox import first_practice
from tests.ui.helpers import make_app, settle, until
from tests.ui.test_snapshots import no_blink

SMALL = (80, 24)


@pytest.fixture
def werkkopie_app(organisation: str, tmp_path: Path) -> MtvdpApp:  # noqa: F811
    """The app on a new werkkopie of `organisation` with two open conflicts: the server
    renamed the first practice while its wijk and notes were changed here, and an ION."""
    path = tmp_path / "werkkopie.sqlite"
    make_werkkopie(organisation, str(path))
    app = make_app(path)
    copy = app.database
    practice_id = first_practice(copy)
    theirs = sync_values(copy.practices.get(practice_id).data)
    base = {**theirs, "name": "Oude naam"}
    mine = {**base, "wijk": "Mijnwijk", "notes": "offline genoteerd"}
    add_conflict(copy, ChangeKind.PRAKTIJK, theirs["agb"], base=base, mine=mine, theirs=theirs)
    copy.practices.set_ion(practice_id, PEILDATUM, 3000)
    empty_outbox(copy)
    add_conflict(
        copy,
        ChangeKind.ION,
        theirs["agb"],
        peildatum=PEILDATUM,
        base={"ion": 2900},
        mine={"ion": 3100},
        theirs={"ion": 3000},
    )
    return app


async def open_screen(pilot: Pilot) -> ConflictsScreen:
    app = pilot.app
    assert isinstance(app, MtvdpApp)
    screen = ConflictsScreen(app.database)
    await app.push_screen(screen)
    await settle(pilot)
    return screen


async def decided(pilot: Pilot, screen: ConflictsScreen) -> None:
    """Wait until the decision is saved and the conflicts read again (a decision is no
    query: `settle` alone would not wait for it)."""
    await until(lambda: not screen.busy)
    await settle(pilot)


def text(screen: ConflictsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def kept(screen: ConflictsScreen) -> dict[str, str]:
    table = screen.query_one("#fields", DataTable)
    return {
        str(key.value): str(table.get_cell(key, "keep"))
        for key in (row.key for row in table.ordered_rows)
    }


def practice_values(app: MtvdpApp) -> dict[str, Any]:
    return sync_values(app.database.practices.get(first_practice(app.database)).data)


async def test_deciding_field_by_field_with_the_keys(werkkopie_app: MtvdpApp) -> None:
    app = werkkopie_app
    theirs = practice_values(app)
    [practice_conflict, ion_conflict] = open_conflicts(app.database)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_screen(pilot)
        assert "1 van 2" in text(screen, "#title")
        assert text(screen, "#subject") == practice_conflict.subject
        assert screen.query_one("#list", OptionList).option_count == 2
        assert set(kept(screen).values()) == {"", "hun"}  # theirs until a field is switched
        await pilot.press("down", "down", "down", "space")  # AGB, naam, regio, wijk
        assert kept(screen)["wijk"] == "mijn" and kept(screen)["name"] == "hun"
        await pilot.press("down", "down", "space", "space")  # switched and back: e-mail is equal
        await pilot.press("ctrl+s")
        await decided(pilot, screen)
        assert text(screen, "#subject") == ion_conflict.subject  # the next one
        assert "1 van 1" in text(screen, "#title")
        assert "volgende synchronisatie" in text(screen, "#status")
        await pilot.press("m", "o")
        await decided(pilot, screen)
        assert text(screen, "#subject") == "Geen open conflicten"
        assert not screen.query_one("#fields").display
        await pilot.press("escape")
        assert app.screen is not screen
    now = practice_values(app)
    assert (now["wijk"], now["name"], now["notes"]) == ("Mijnwijk", theirs["name"], theirs["notes"])
    assert row(app.database, practice_conflict.id)["decision"] == "per_veld"
    assert row(app.database, ion_conflict.id)["decision"] == "mijn"
    history = dict(app.database.practices.ion_history(first_practice(app.database)))
    assert history[PEILDATUM] == 3100
    assert [change["kind"] for change in changes(app.database)] == ["praktijk", "ion"]


async def test_enter_switches_a_field_and_h_keeps_theirs(werkkopie_app: MtvdpApp) -> None:
    app = werkkopie_app
    theirs = practice_values(app)
    [practice_conflict, _ion] = open_conflicts(app.database)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("down", "enter")  # naam
        assert kept(screen)["name"] == "mijn"
        await pilot.press("h")
        assert kept(screen)["name"] == "hun" and kept(screen)["wijk"] == "hun"
        await pilot.press("ctrl+s")
        await decided(pilot, screen)
        assert "hun versie blijft" in text(screen, "#status")
    assert practice_values(app) == theirs
    assert row(app.database, practice_conflict.id)["decision"] == "hun"
    assert changes(app.database) == []


async def test_a_refused_decision_is_said_and_the_choice_kept(werkkopie_app: MtvdpApp) -> None:
    """The practice changed here after the conflict was found: keeping mine is refused, in
    Dutch, and the conflict stays open with the fields as chosen."""
    from dataclasses import replace

    app = werkkopie_app
    practice_id = first_practice(app.database)
    record = app.database.practices.get(practice_id)
    app.database.practices.update(
        practice_id, replace(record.data, wijk="Later"), expected_version=record.version
    )
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("m", "ctrl+s")
        await decided(pilot, screen)
        assert "Niet opgeslagen" in text(screen, "#status")
        assert kept(screen)["wijk"] == "mijn"
        assert "1 van 2" in text(screen, "#title")
    assert len(open_conflicts(app.database)) == 2
    assert app.database.practices.get(practice_id).data.wijk == "Later"


def test_conflicts_screen_at_80x24(snap_compare, werkkopie_app: MtvdpApp) -> None:
    """At 80×24: the title says 1 van 2, the two conflicts listed on top, the first practice
    with why the server could not take it, and its fields in rows Veld | Basis | Mijn | Hun |
    Houden; Naam, Wijk and Notities differ (bold, the kept side underlined), Wijk kept as mijn;
    the keys in the footer."""

    async def run_before(pilot: Pilot) -> None:
        await open_screen(pilot)
        await pilot.press("down", "down", "down", "space")
        await no_blink(pilot)

    assert snap_compare(werkkopie_app, terminal_size=SMALL, run_before=run_before)


def test_conflicts_screen_at_64x20(snap_compare, werkkopie_app: MtvdpApp) -> None:
    """At 64×20, on the field Naam: the table narrower but every column there, and below it
    the field in full (basis Oude naam, mijn Oude naam, hun the practice's whole name)."""

    async def run_before(pilot: Pilot) -> None:
        await open_screen(pilot)
        await pilot.press("down")
        await no_blink(pilot)

    assert snap_compare(werkkopie_app, terminal_size=(64, 20), run_before=run_before)


async def test_keys_wait_while_a_decision_is_saved(
    werkkopie_app: MtvdpApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow save: a second ctrl+s or a change of choice does nothing meanwhile, so one
    decision is stored, as shown when the key was pressed."""
    import threading

    from mtvdp_tui.screens import conflicts as screen_module

    release = threading.Event()
    calls: list[tuple[int, str]] = []
    real = screen_module.decide

    def slow(database, conflict_id, decision, fields=()):
        calls.append((conflict_id, decision.value))
        release.wait(10)
        real(database, conflict_id, decision, fields)

    monkeypatch.setattr(screen_module, "decide", slow)
    app = werkkopie_app
    [practice_conflict, _ion] = open_conflicts(app.database)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("m", "ctrl+s")
        assert screen.busy
        await pilot.press("h", "ctrl+s", "o")
        assert kept(screen)["wijk"] == "mijn"  # "h" did not act while saving
        release.set()
        await decided(pilot, screen)
    assert calls == [(practice_conflict.id, "mijn")]
    assert row(app.database, practice_conflict.id)["decision"] == "mijn"
