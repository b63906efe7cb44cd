"""The plan wizard over a slow database (every statement 50 ms late, as over a network) and one
that fails (a dropped connection): opening, saving, submitting and loading another's version run
in workers, the keys typed meanwhile act in order once they are done, and a failure is said in
Dutch while every choice and text stays on screen; the same key then tries again."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import SelectionList, TextArea

from mtvdp_tui import compat
from mtvdp_tui.domain.plan import Plan, PlanStatus
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.plan_wizard import PlanWizardScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.conftest import open_test_database
from tests.ui.helpers import SIZE, make_app, type_fast
from tests.ui.test_plan_wizard import walk_to_a_valid_plan
from tools.slow_statements import SlowStatements


def messages(app) -> list[str]:
    return [str(n.message) for n in compat.notifications(app)]


async def test_keys_typed_while_the_plan_is_read_act_in_the_wizard(tmp_path: Path) -> None:
    """`p` and the next keys at once: the plan is read in a worker and the keys wait for it (a
    step key or a toggle would otherwise act on an empty wizard, or be lost)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await type_fast(pilot, "p<ctrl+right>Nieuw<ctrl+right> ")
            assert threading.main_thread().ident not in slow.threads
        wizard = app.screen
        assert isinstance(wizard, PlanWizardScreen) and wizard.step == 3
        assert wizard.query_one("#reflection-practice", TextArea).text == "Nieuw"
        choices = wizard.query_one("#year-1", SelectionList)
        assert choices.selected == [choices.get_option_at_index(0).value]
        assert wizard.is_dirty


async def test_a_save_that_fails_keeps_every_choice_and_a_retry_saves(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("p", "ctrl+right", "ctrl+right", "space")  # step 3: one chosen
        wizard = app.screen
        assert isinstance(wizard, PlanWizardScreen)
        with SlowStatements(app.database.engine, 0.2).installed() as slow:
            slow.failing = True
            await type_fast(pilot, "<ctrl+s><down> ")  # the toggle typed while the save is out
            assert threading.main_thread().ident not in slow.threads
            assert app.screen is wizard and not wizard.busy
            failed = messages(app)[-1]
            assert failed.startswith("Niet opgeslagen. De schijf gaf een fout")
            assert "probeer het opnieuw met ctrl+s" in failed
            chosen = wizard.query_one("#year-1", SelectionList).selected
            assert len(chosen) == 2  # the choice before the save and the one typed during it
            slow.failing = False
            assert app.database.plans.latest(practice_id) is None  # nothing stored
            await type_fast(pilot, "<ctrl+s>")
        stored = app.database.plans.latest(practice_id)
        assert stored is not None and stored.version == 1 and stored.status is PlanStatus.CONCEPT
        assert stored.plan.chosen_ids(1) == set(chosen)
        assert not wizard.is_dirty
        assert messages(app)[-1] == "Concept opgeslagen (versie 1)."


async def test_a_submit_over_a_slow_database_runs_in_a_worker(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("p")
        await walk_to_a_valid_plan(pilot)
        with SlowStatements(app.database.engine, 0.05).installed() as slow:
            await type_fast(pilot, "<ctrl+e>")
            assert isinstance(app.screen, ConfirmScreen)  # no start date: asked first
            await type_fast(pilot, "\n")
            assert threading.main_thread().ident not in slow.threads
        stored = app.database.plans.latest(practice_id)
        assert stored is not None and stored.status is PlanStatus.INGEDIEND
        assert app.screen.step == 6 and not app.screen.is_dirty


async def test_a_submit_that_fails_keeps_the_plan_and_a_retry_submits(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("p")
        await walk_to_a_valid_plan(pilot)
        wizard = app.screen
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            slow.failing = True
            await pilot.press("ctrl+e", "enter")
            assert app.screen is wizard
            assert messages(app)[-1].startswith("Niet ingediend. De schijf gaf een fout")
            slow.failing = False
        assert app.database.plans.latest(practice_id) is None
        assert wizard.current_plan().chosen_ids(1) == {
            "regie-op-veelgebruikers",
            "goede-gesprek-trainen",
        }
        await pilot.press("ctrl+e", "enter")
        stored = app.database.plans.latest(practice_id)
        assert stored is not None and stored.status is PlanStatus.INGEDIEND
        assert stored.version == 1


async def test_another_s_version_is_loaded_in_a_worker_and_a_failure_keeps_this_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("p", "ctrl+right", "tab")
        await type_fast(pilot, "Mijn tekst")
        other = open_test_database(path)
        theirs = Plan(reflection_practice="Van de ander")
        other.plans.save_concept(practice_id, theirs, expected=None)
        wizard = app.screen
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            slow.failing = True
            await pilot.press("enter")  # load theirs: the read fails
            assert app.screen is wizard
            assert messages(app)[-1].startswith("Het plan van de ander kon niet worden geladen")
            assert wizard.query_one("#reflection-population", TextArea).text == "Mijn tekst"
            slow.failing = False
            await pilot.press("ctrl+s")  # still refused: theirs is newer
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("enter")
            assert threading.main_thread().ident not in slow.threads
        assert wizard.current_plan().reflection_practice == "Van de ander"
        assert not wizard.is_dirty
        other.close()


async def test_a_plan_that_cannot_be_read_is_not_opened_and_p_again_opens_it(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        register = app.screen
        with SlowStatements(app.database.engine, 0.01).installed() as slow:
            slow.failing = True
            await pilot.press("p")
            assert app.screen is register
            assert messages(app)[-1].startswith("Het plan kon niet worden geopend. De schijf")
        await pilot.press("p")
        assert isinstance(app.screen, PlanWizardScreen) and app.screen.practice is not None


async def test_enter_in_the_plans_overview_and_the_next_keys_reach_the_wizard(
    tmp_path: Path,
) -> None:
    """Enter on a plan and the next keys at once: they are for the wizard Enter opens (not
    the overview's search, filters or list behind it)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        with SlowStatements(app.database.engine, 0.05).installed():
            await type_fast(pilot, "\n<ctrl+right>Nieuw")
        wizard = app.screen
        assert isinstance(wizard, PlanWizardScreen) and wizard.step == 2
        assert wizard.query_one("#reflection-practice", TextArea).text == "Nieuw"


async def test_help_opened_while_a_failing_plan_is_read_stays_and_the_wizard_goes(
    tmp_path: Path,
) -> None:
    """F1 works while the plan is read; when the read fails the wizard closes, not the help
    on top of it (closing the screen in front would leave an empty wizard behind)."""
    from mtvdp_tui.screens.help import HelpScreen
    from mtvdp_tui.screens.register import RegisterScreen
    from tests.ui.test_slow_queries import queue_keys

    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        with SlowStatements(app.database.engine, 0.3).installed() as slow:
            slow.failing = True
            await queue_keys(app, "p", "f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.pause()  # the read fails meanwhile
            assert isinstance(app.screen, HelpScreen)
            assert messages(app)[-1].startswith("Het plan kon niet worden geopend")
        await pilot.press("f1")
        assert isinstance(app.screen, RegisterScreen)
