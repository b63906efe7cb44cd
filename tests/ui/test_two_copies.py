"""Two copies of the app on one file: a save over someone else's newer change is refused with
a Dutch message and the choice to reload; nothing is silently overwritten."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.plan_wizard import PlanWizardScreen
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.conftest import open_test_database
from tests.ui.helpers import SIZE, make_app

BOTH_ENGINES = True  # the tests asking for `new_db` also run on PostgreSQL (tests/ui/conftest.py)


async def test_a_practice_changed_by_the_other_copy_is_not_overwritten(
    new_db, tmp_path: Path
) -> None:
    path = new_db(demo=True)
    app = make_app(path, demo=True, folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("enter")
        assert isinstance(app.screen, PracticeFormScreen)
        app.screen.query_one("#wijk").value = "Mijn wijk"
        other = open_test_database(path)  # the second copy saves first
        record = other.practices.get(practice_id)
        other.practices.update(
            practice_id, replace(record.data, wijk="Hun wijk"), expected_version=record.version
        )
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert "iemand anders" in app.screen.question or "gewijzigd" in app.screen.question
        assert other.practices.get(practice_id).data.wijk == "Hun wijk"  # not overwritten
        await pilot.press("enter")  # reload: the form now shows their version
        assert app.screen.query_one("#wijk").value == "Hun wijk"
        app.screen.query_one("#wijk").value = "Samen"
        await pilot.press("ctrl+s")  # saving after the reload works
        assert other.practices.get(practice_id).data.wijk == "Samen"
        other.close()


async def test_a_plan_saved_by_the_other_copy_is_offered_to_reload(new_db, tmp_path: Path) -> None:
    path = new_db(demo=True)
    app = make_app(path, demo=True, folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = app.screen.query_one(PracticeList).current_row.id
        await pilot.press("p")
        assert isinstance(app.screen, PlanWizardScreen)
        await pilot.press("ctrl+right", "ctrl+right", "space")  # a change here
        other = open_test_database(path)
        other.plans.save_concept(
            practice_id, Plan(reflection_practice="Van de ander"), expected=None
        )
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert other.plans.latest(practice_id).plan.reflection_practice == "Van de ander"
        await pilot.press("enter")
        wizard = app.screen
        assert isinstance(wizard, PlanWizardScreen)
        assert wizard.current_plan().reflection_practice == "Van de ander"
        assert not wizard.is_dirty
        other.close()
