"""The practice form's "Opnieuw laden" after someone else saved the practice first: the newer
version is read in a worker (over a network a read takes round trips), the keys typed meanwhile
act once it is in, and a read that fails says so in Dutch and keeps every value typed."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from pathlib import Path

from textual.widgets import Input

from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.conftest import open_test_database
from tests.ui.helpers import SIZE, make_app, text_of, type_fast
from tests.ui.test_slow_queries import queue_keys
from tools.slow_statements import SlowStatements


async def open_changed_elsewhere(pilot, path: Path) -> tuple[PracticeFormScreen, int]:
    """The form on the current practice with the wijk changed here, refused on save because
    another copy changed the practice first; the question to reload is open."""
    app = pilot.app
    practice_id = app.screen.query_one(PracticeList).current_row.id
    await pilot.press("enter")
    form = app.screen
    assert isinstance(form, PracticeFormScreen)
    form.query_one("#wijk", Input).value = "Mijn wijk"
    other = open_test_database(path)
    record = other.practices.get(practice_id)
    other.practices.update(
        practice_id, replace(record.data, wijk="Hun wijk"), expected_version=record.version
    )
    other.close()
    await pilot.press("ctrl+s")
    assert isinstance(app.screen, ConfirmScreen)
    return form, practice_id


async def test_the_newer_version_is_read_in_a_worker_and_keys_typed_meanwhile_follow(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        form, practice_id = await open_changed_elsewhere(pilot, path)
        form.set_focus(form.query_one("#wijk", Input))
        with SlowStatements(app.database.engine, 0.5).installed() as slow:
            await queue_keys(app, "enter")  # reload: the read is out
            for _ in range(400):  # the question closes (a few messages), the read starts
                if app.screen is form and form.saving:
                    break
                await asyncio.sleep(0.005)
            assert app.screen is form and form.saving
            await type_fast(pilot, "<end> Oost")  # typed while it is out
            assert threading.main_thread().ident not in slow.threads
        assert app.screen is form
        assert form.query_one("#wijk", Input).value == "Hun wijk Oost"
        assert form.record.data.wijk == "Hun wijk"
        await pilot.press("ctrl+s")
        assert app.database.practices.get(practice_id).data.wijk == "Hun wijk Oost"


async def test_a_reload_that_fails_keeps_every_value_and_says_so_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        form, _ = await open_changed_elsewhere(pilot, path)
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            slow.failing = True
            await pilot.press("enter")
            assert app.screen is form and not form.saving
            status = text_of(app, "#status")
            assert status.startswith("De praktijk kon niet opnieuw worden geladen. De schijf")
            assert form.query_one("#wijk", Input).value == "Mijn wijk"
            slow.failing = False
        await pilot.press("ctrl+s")  # still refused (theirs is newer): reload works this time
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        assert form.query_one("#wijk", Input).value == "Hun wijk"
        assert text_of(app, "#status").startswith("De praktijk is opnieuw geladen")


def restore_key(app) -> bool:
    """Whether ctrl+r ("Terugzetten": my value back) is offered where the focus is."""
    return any(
        active.binding.action == "restore_mine" and active.enabled and active.binding.show
        for active in app.active_bindings.values()
    )


async def test_reloading_merges_theirs_with_what_was_typed_here_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """The lead's trial: I typed wijk "Emst" and an e-mail address, the other session saved
    wijk "Vaassen-Noord" and a new name. Reloading takes their name, keeps my e-mail, shows
    their wijk with mine beside it (ctrl+r puts mine back), and saves only when I say so."""
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, PracticeFormScreen)
        form.query_one("#wijk", Input).value = "Emst"
        form.query_one("#email", Input).value = "balie@emst.nl"
        other = open_test_database(path)
        record = other.practices.get(practice_id)
        theirs = replace(record.data, wijk="Vaassen-Noord", name="Huisartsen Vaassen")
        other.practices.update(practice_id, theirs, expected_version=record.version)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # Opnieuw laden
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Huisartsen Vaassen"  # only theirs
        assert form.query_one("#email", Input).value == "balie@emst.nl"  # only mine
        assert form.query_one("#wijk", Input).value == "Vaassen-Noord"  # both: theirs …
        note = text_of(app, "#wijk-error")
        assert note.startswith("Uw waarde was: Emst — door iemand anders gewijzigd")  # … + mine
        status = text_of(app, "#status")
        assert "In 1 veld(en) wijzigde u allebei" in status
        assert status.endswith("Uw andere wijzigingen staan er nog.")  # the e-mail
        assert form.is_dirty  # saving is mine to decide
        assert other.practices.get(practice_id).data.email != "balie@emst.nl"
        form.set_focus(form.query_one("#wijk", Input))
        await pilot.pause()
        assert restore_key(app)  # offered in the footer, in this field
        await pilot.press("ctrl+r")
        assert form.query_one("#wijk", Input).value == "Emst"
        assert text_of(app, "#wijk-error") == ""
        assert not restore_key(app)
        await pilot.press("ctrl+s")
        saved = other.practices.get(practice_id).data
        assert (saved.wijk, saved.name, saved.email) == (
            "Emst",
            "Huisartsen Vaassen",
            "balie@emst.nl",
        )
        other.close()


async def test_a_field_typed_over_after_the_reload_drops_the_note(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        form, practice_id = await open_changed_elsewhere(pilot, path)
        await pilot.press("enter")
        assert text_of(app, "#wijk-error").startswith("Uw waarde was: Mijn wijk")
        form.set_focus(form.query_one("#wijk", Input))
        await type_fast(pilot, "<end> Oost")
        assert text_of(app, "#wijk-error") == ""  # typed: the user decided
        await pilot.press("ctrl+s")
        assert app.database.practices.get(practice_id).data.wijk == "Hun wijk Oost"
