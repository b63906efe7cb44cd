"""The plans overview, by keyboard: states, filters, counts, interventions, opening a plan."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from mtvdp_tui.domain.plan_overview import PlanState
from mtvdp_tui.screens.plan_wizard import PlanWizardScreen
from mtvdp_tui.screens.plans import PlansScreen
from mtvdp_tui.widgets.intervention_counts import InterventionCounts
from mtvdp_tui.widgets.plan_counts import PlanCounts
from mtvdp_tui.widgets.plan_list import PlanList
from tests.conftest import open_test_database
from tests.examples import fill
from tests.ui.helpers import SIZE, make_app, type_text

BOTH_ENGINES = True  # the tests asking for `new_db` also run on PostgreSQL (tests/ui/conftest.py)


def example_app(new_db, tmp_path: Path):
    path = new_db("plans")
    database = open_test_database(path)
    fill(database)
    database.close()
    return make_app(path, folder=tmp_path)


def shown(app) -> list[tuple[str, PlanState]]:
    plans = app.screen.query_one(PlanList)
    return [(row.name, row.state) for row in map(plans.row_at, range(plans.row_count))]


async def test_f4_opens_the_overview_with_late_plans_first(new_db, tmp_path: Path) -> None:
    app = example_app(new_db, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        assert isinstance(app.screen, PlansScreen)
        assert shown(app)[:2] == [
            ("Laat Concept", PlanState.TE_LAAT),
            ("Te Laat", PlanState.TE_LAAT),
        ]
        counts = app.screen.query_one(PlanCounts)
        assert counts.total(PlanState.TE_LAAT) == 2
        assert counts.counts["Zutphen"][PlanState.INGEDIEND] == 1
        await pilot.press("f3")
        assert app.current_mode == "register"


async def test_filter_on_a_state_by_keyboard(new_db, tmp_path: Path) -> None:
    app = example_app(new_db, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", "f", "down", "down", "down", "enter")  # te laat, geen, concept
        assert shown(app) == [("Concept", PlanState.CONCEPT)]
        assert app.screen.focused is app.screen.query_one(PlanList)
        counts = app.screen.query_one(PlanCounts)
        assert counts.total(PlanState.CONCEPT) == 1 and counts.total(PlanState.TE_LAAT) == 0


async def test_search_and_region_narrow_the_list(new_db, tmp_path: Path) -> None:
    app = example_app(new_db, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", "slash")
        await type_text(pilot, "laat")
        assert {name for name, _ in shown(app)} == {"Te Laat", "Laat Concept"}
        await pilot.press("enter", "r", "down", "down", "enter")  # Zutphen
        assert shown(app) == []
        assert "Geen praktijken gevonden" in app.screen.query_one(PlanList).empty_text


async def test_interventions_tab_counts_the_newest_plans(new_db, tmp_path: Path) -> None:
    app = example_app(new_db, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", "i")
        assert app.screen.query_one(TabbedContent).active == "tab-interventions"
        table = app.screen.query_one(InterventionCounts)
        assert table.counted_plans == 3
        assert table.plans("regie-op-veelgebruikers", 1) == 2
        assert table.support("regie-op-veelgebruikers") == 1
        assert table.plans("welzijn-op-recept", 2) == 1
        await pilot.press("i")
        assert app.screen.query_one(TabbedContent).active == "tab-practices"


async def test_enter_opens_the_plan_and_the_overview_follows_a_save(new_db, tmp_path: Path) -> None:
    app = example_app(new_db, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", "slash")
        await type_text(pilot, "geen plan")
        await pilot.press("enter")
        assert shown(app) == [("Geen Plan", PlanState.GEEN_PLAN)]
        await pilot.press("enter")
        assert isinstance(app.screen, PlanWizardScreen)
        await pilot.press("ctrl+s", "escape")
        assert isinstance(app.screen, PlansScreen)
        assert shown(app) == [("Geen Plan", PlanState.CONCEPT)]


async def test_the_cursor_follows_the_practice_to_its_new_place(new_db, tmp_path: Path) -> None:
    app = example_app(new_db, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", "down", "down")
        plans = app.screen.query_one(PlanList)
        assert plans.current_row.name == "Geen Plan"
        await pilot.press("enter", "ctrl+s", "escape")  # now a concept: sorted further down
        assert plans.current_row.name == "Geen Plan"
        assert plans.current_row.state is PlanState.CONCEPT
        assert plans.cursor == 4  # after the late ones, "Nog Niet Gestart" and "Concept"
