"""The practice-plan wizard, by keyboard, with the rules panel following every change."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import SelectionList

from mtvdp_tui import compat
from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.domain.plan_rules import RuleStatus
from mtvdp_tui.records.audit import AuditQuery
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.plan_wizard import PlanWizardScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.rules_panel import RulesPanel
from tests.conftest import TODAY
from tests.ui.helpers import SIZE, make_app, type_fast, type_text

BOTH_ENGINES = True  # the tests asking for `new_app` also run on PostgreSQL (tests/ui/conftest.py)


def status(app, rule_id: str) -> RuleStatus:
    panel = app.screen.query_one(RulesPanel)
    return next(o.status for o in panel.outcomes if o.rule_id == rule_id)


async def open_wizard(pilot) -> int:
    practice_id = pilot.app.screen.query_one(PracticeList).current_row.id
    await pilot.press("p")
    assert isinstance(pilot.app.screen, PlanWizardScreen)
    return practice_id


async def test_toggling_an_intervention_flips_its_rule(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wizard(pilot)
        await pilot.press("ctrl+right", "ctrl+right")  # step 3: jaar 1
        assert status(app, "jaar1-anders-werken") is RuleStatus.ONTBREEKT
        await pilot.press("space")  # Regie op veelgebruikers
        assert status(app, "jaar1-anders-werken") is RuleStatus.OK
        await pilot.press("space")
        assert status(app, "jaar1-anders-werken") is RuleStatus.ONTBREEKT


async def test_a_fast_burst_of_toggles_applies_every_toggle(tmp_path: Path) -> None:
    """`↓ space ↓ space ↓ space` typed at once toggles the three options the cursor passed,
    not three times the last one (the toggle is applied when its key is handled)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wizard(pilot)
        await pilot.press("ctrl+right", "ctrl+right")  # step 3: jaar 1
        choices = app.screen.query_one("#year-1", SelectionList)
        await type_fast(pilot, "<down> <down> <down> ")
        expected = [choices.get_option_at_index(index).value for index in (1, 2, 3)]
        assert choices.selected == expected
        assert app.screen.current_plan().chosen_ids(1) == set(expected)
        await type_fast(pilot, " <up> ")  # two of them off again, as fast
        assert choices.selected == [expected[0]]


async def walk_to_a_valid_plan(pilot) -> None:
    await pilot.press("ctrl+right")  # step 2: reflectie
    await type_text(pilot, "Veel ouderen.")
    await pilot.press("tab")
    await type_text(pilot, "Vergrijzende wijk.")
    await pilot.press("ctrl+right", "space")  # step 3: Regie op veelgebruikers
    await pilot.press("end", "up", "space")  # Trainen en voeren van het goede gesprek
    await pilot.press("ctrl+right", "down", "space")  # step 4: LEAN (new in year 2)
    await pilot.press(*["down"] * 8, "space")  # Welzijn op Recept
    await pilot.press(*["down"] * 3, "space")  # Samenwerken met het wijkteam
    await pilot.press("end", "up", "space")  # het goede gesprek again (doorontwikkeling)
    await pilot.press("ctrl+right")  # step 5: six rows of three fields, then intervisie
    await pilot.press(*["tab"] * 18, "space", "tab", "space")


async def test_walk_the_wizard_to_a_submitted_plan(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = await open_wizard(pilot)
        await walk_to_a_valid_plan(pilot)
        open_rules = [
            o.rule_id
            for o in app.screen.query_one(RulesPanel).outcomes
            if o.status is not RuleStatus.OK
        ]
        assert open_rules == ["deadline"]  # no start date yet: the only open rule
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ConfirmScreen)  # the deadline cannot be judged: ask
        assert app.database.plans.latest(practice_id) is None
        await pilot.press("enter")
        stored = app.database.plans.latest(practice_id)
        assert stored is not None
        assert (stored.status, stored.submitted_on, stored.version) == (
            PlanStatus.INGEDIEND,
            TODAY,
            1,
        )
        assert stored.plan.chosen_ids(1) == {"regie-op-veelgebruikers", "goede-gesprek-trainen"}
        assert stored.plan.intervisie_years == {1, 2}
        assert app.screen.step == 6


async def test_submit_is_refused_while_a_rule_fails(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = await open_wizard(pilot)
        await pilot.press("ctrl+right", "ctrl+right", "ctrl+right", "ctrl+e")
        assert app.database.plans.latest(practice_id) is None
        assert app.screen.step == 2  # sent to the first step with an open rule: reflectie


async def test_a_concept_is_saved_and_resumed(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = await open_wizard(pilot)
        await pilot.press("ctrl+right", "ctrl+right", "space", "ctrl+s")
        stored = app.database.plans.latest(practice_id)
        assert stored.status is PlanStatus.CONCEPT
        assert stored.plan.chosen_ids(1) == {"regie-op-veelgebruikers"}
        await pilot.press("escape")  # nothing unsaved: closes at once
        assert not isinstance(app.screen, PlanWizardScreen)
        await pilot.press("p", "ctrl+right", "ctrl+right")
        assert app.screen.query_one("#year-1", SelectionList).selected == [
            "regie-op-veelgebruikers"
        ]
        assert status(app, "jaar1-anders-werken") is RuleStatus.OK


async def test_ctrl_g_goes_to_the_next_step_with_an_open_rule(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wizard(pilot)
        await pilot.press("ctrl+g")
        assert app.screen.step == 2
        await pilot.press("ctrl+g")
        assert app.screen.step == 3


async def test_a_late_plan_is_submitted_after_confirmation(new_app) -> None:
    from dataclasses import replace
    from datetime import date

    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        row = app.screen.query_one(PracticeList).current_row
        record = app.database.practices.get(row.id)
        started = replace(record.data, start_date=date(2023, 7, 1))  # due 1 Oct 2023
        app.database.practices.update(row.id, started, expected_version=record.version)
        practice_id = await open_wizard(pilot)
        await walk_to_a_valid_plan(pilot)
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ConfirmScreen)
        assert "te laat" in app.screen.question
        await pilot.press("enter")  # "Toch indienen" has the focus (not a destructive act)
        stored = app.database.plans.latest(practice_id)
        assert (stored.status, stored.submitted_on) == (PlanStatus.INGEDIEND, TODAY)
        deadline = next(
            o for o in app.screen.query_one(RulesPanel).outcomes if o.rule_id == "deadline"
        )
        assert deadline.status is RuleStatus.FOUT and "te laat" in deadline.detail


async def test_the_plan_document_is_saved_from_the_wizard(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wizard(pilot)
        await pilot.press("ctrl+right", "ctrl+right", "space", "ctrl+o")
        await app.workers.wait_for_complete()  # the document is written by a worker
        agb = app.screen.practice.agb
        html = tmp_path / "export" / f"praktijkplan-{agb}-versie-1.html"
        markdown = html.with_suffix(".md")
        assert "Regie op veelgebruikers" in html.read_text(encoding="utf-8")
        assert markdown.read_text(encoding="utf-8").startswith("# Praktijkplan MTVDP")


async def test_quitting_with_unsaved_changes_asks_first(tmp_path: Path) -> None:

    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_wizard(pilot)
        await pilot.press("ctrl+right", "ctrl+right", "space", "q")  # q on the list: quit?
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the safe answer has the focus: stay
        assert isinstance(app.screen, PlanWizardScreen)
        assert app.screen.query_one("#year-1", SelectionList).selected == [
            "regie-op-veelgebruikers"
        ]
        await pilot.press("ctrl+s", "q")  # saved: quits without asking
        assert app.return_code == 0 and not app.is_running


async def test_without_a_start_date_submitting_asks_and_records_it_as_such(new_app) -> None:
    from mtvdp_tui.documents.praktijkplan import document_for, to_markdown

    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = await open_wizard(pilot)
        await walk_to_a_valid_plan(pilot)
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith(
            "Nog geen startdatum; de termijn is nog niet te bepalen — toch indienen?"
        )
        await pilot.press("escape")  # not now: nothing is submitted
        assert app.database.plans.latest(practice_id) is None
        await pilot.press("ctrl+e", "enter")
        assert app.database.plans.latest(practice_id).status is PlanStatus.INGEDIEND
        entry = app.database.audit.page(AuditQuery(), 0, 1)[0]
        assert "ingediend zonder startdatum" in str(entry.after)
        text = to_markdown(document_for(app.database, practice_id, made_on=TODAY))
    assert "Ingediend zonder startdatum: de termijn is nog niet te bepalen." in text
    assert "voldoet nog niet" not in text


async def test_submitting_an_unchanged_submitted_plan_changes_nothing(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practice_id = await open_wizard(pilot)
        await walk_to_a_valid_plan(pilot)
        await pilot.press("ctrl+e", "enter")
        before = app.database.audit.last_id()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert [p.version for p in app.database.plans.versions(practice_id)] == [1]
        assert app.database.audit.last_id() == before
        assert any("al ingediend" in n.message for n in compat.notifications(app))
