"""The plan wizard's form: six steps, with the rule check beside every step, live.

Every change (a toggle, a keystroke) re-evaluates the plan against the ruleset's rules; the
step bar marks steps that still have open rules. `plan_wizard.PlanWizardScreen` adds the keys,
reading and writing the plan (in workers) and submitting.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    Header,
    Input,
    Label,
    Markdown,
    SelectionList,
    Static,
    TextArea,
)

from mtvdp_tui.documents.praktijkplan import (
    PlanDocument,
    build_document,
    to_markdown,
)
from mtvdp_tui.domain.plan import Plan, PlannedIntervention, plan_practice
from mtvdp_tui.domain.plan_rules import STEP_OVERVIEW, RuleOutcome, RuleStatus, evaluate_plan
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.i18n import t
from mtvdp_tui.records.plans import StoredPlan
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.screens.plan_wizard_texts import intervention_choices, practice_text
from mtvdp_tui.widgets.choice_list import ChoiceList
from mtvdp_tui.widgets.intervention_details import InterventionDetails
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.key_hold import KeyHold
from mtvdp_tui.widgets.rules_panel import RulesPanel
from mtvdp_tui.widgets.step_bar import StepBar

YEARS = (1, 2)  # the wizard's steps 3 and 4; both presets have two plan years
STEPS = 6


class PlanWizardForm(Screen[None]):
    """The plan on screen, step by step; empty (and not judged) until `practice` is read."""

    def __init__(self, practice_id: int) -> None:
        super().__init__()
        self.practice_id = practice_id
        self.step = 1
        self.practice: PracticeData | None = None
        self.stored: StoredPlan | None = None
        self.saved_plan = Plan()
        self.busy = True  # opening: until the plan is read, the wizard's keys are held
        self.details: dict[tuple[int, str], PlannedIntervention] = {}
        self.outcomes: list[RuleOutcome] = []

    mtvdp = MtvdpAppAttribute()

    # --- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        choices = intervention_choices(self.mtvdp.database.ruleset)
        yield Header()
        yield StepBar(id="step-bar")
        with Horizontal(id="body"):
            with ContentSwitcher(initial="step-1", id="steps"):
                with VerticalScroll(id="step-1"):
                    yield Static(id="practice-info")
                with VerticalScroll(id="step-2"):
                    yield Label(t("wizard.reflection.practice"), classes="question")
                    yield TextArea(id="reflection-practice")
                    yield Label(t("wizard.reflection.population"), classes="question")
                    yield TextArea(id="reflection-population")
                for year in YEARS:
                    with VerticalScroll(id=f"step-{2 + year}"):
                        yield Label(t("wizard.year.hint", year=year), classes="question")
                        yield ChoiceList[str](*choices, id=f"year-{year}")
                with VerticalScroll(id="step-5"):
                    yield Label(t("wizard.support.hint"), classes="question")
                    yield InterventionDetails(id="per-intervention")
                    yield Label(t("wizard.intervisie"), classes="question")
                    for year in YEARS:
                        yield Checkbox(
                            t("wizard.intervisie.year", year=year), id=f"intervisie-{year}"
                        )
                with VerticalScroll(id="step-6"):
                    yield Markdown(id="overview")
            with VerticalScroll(id="rules-side"):
                yield RulesPanel(id="rules")
        yield KeyHold()
        yield KeyFooter()

    def _fill(self, plan: Plan) -> None:
        with self.prevent(TextArea.Changed, SelectionList.SelectedChanged, Checkbox.Changed):
            self.query_one("#reflection-practice", TextArea).text = plan.reflection_practice
            self.query_one("#reflection-population", TextArea).text = plan.reflection_population
            for year in YEARS:
                choices = self.query_one(f"#year-{year}", SelectionList)
                choices.deselect_all()
                for intervention in plan.chosen_ids(year):
                    choices.select(intervention)
                self.query_one(f"#intervisie-{year}", Checkbox).value = (
                    year in plan.intervisie_years
                )
        self.details = {(p.year, p.intervention): p for p in plan.interventions}

    # --- the plan as it stands ---------------------------------------------------------------

    def current_plan(self) -> Plan:
        chosen = []
        for year in YEARS:
            for intervention in self.query_one(f"#year-{year}", SelectionList).selected:
                default = PlannedIntervention(intervention, year)
                chosen.append(self.details.get((year, intervention), default))
        return Plan(
            reflection_practice=self.query_one("#reflection-practice", TextArea).text,
            reflection_population=self.query_one("#reflection-population", TextArea).text,
            interventions=tuple(chosen),
            intervisie_years=frozenset(
                year for year in YEARS if self.query_one(f"#intervisie-{year}", Checkbox).value
            ),
        )

    def evaluate(self, plan: Plan, *, submitting: bool = False) -> list[RuleOutcome]:
        assert self.practice is not None
        today = self.mtvdp.today()
        submitted = self.stored.submitted_on if self.stored else None
        return evaluate_plan(
            self.mtvdp.database.ruleset,
            plan_practice(self.practice),
            plan,
            today=today,
            submitted_on=today if submitting else submitted,
        )

    @property
    def is_dirty(self) -> bool:
        return self.current_plan() != self.saved_plan

    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        if self.practice is None:
            return  # not read yet: judged once it is in
        self.outcomes = self.evaluate(self.current_plan())
        panel = self.query_one(RulesPanel)
        failing = panel.failing_steps()
        panel.show(self.outcomes)
        if panel.failing_steps() != failing:  # the step bar marks the steps with open rules
            self._show_step_bar()

    @on(Input.Changed, ".detail")
    def _detail_changed(self, event: Input.Changed) -> None:
        self._read_details()
        self._changed()

    @on(Checkbox.Changed, ".detail")
    def _refresh_changed(self) -> None:
        self._read_details()

    def _read_details(self) -> None:
        self.details.update(self.query_one(InterventionDetails).read())

    # --- steps -------------------------------------------------------------------------------

    def _titles(self) -> list[str]:
        return [t(f"wizard.step.{number}") for number in range(1, STEPS + 1)]

    def _show_step_bar(self) -> None:
        failing = {o.step for o in self.outcomes if o.status is not RuleStatus.OK}
        self.query_one(StepBar).show(self._titles(), self.step, failing)

    def _show_step(self, step: int) -> None:
        self.step = step
        if step == 1:
            self._show_practice()
        if step == STEP_OVERVIEW:
            self.query_one("#overview", Markdown).update(to_markdown(self._document()))
        self.query_one(ContentSwitcher).current = f"step-{step}"
        self._show_step_bar()
        if step == 5:  # its rows are mounted first; focus the first of them once they are
            self.call_later(self._focus_when_mounted, self._build_details())
        else:
            self._focus_step()

    async def _focus_when_mounted(self, mounting: AwaitMount) -> None:
        await mounting
        self._focus_step()

    def _focus_step(self) -> None:
        focusable = [w for w in self.query_one(f"#step-{self.step}").query("*") if w.focusable]
        self.set_focus(focusable[0] if focusable else None)

    def action_step(self, delta: int) -> None:
        self._show_step(max(1, min(STEPS, self.step + delta)))

    def action_goto_open_rule(self) -> None:
        failing = self.query_one(RulesPanel).failing_steps()
        if failing:
            later = [step for step in failing if step > self.step]
            self._show_step((later or failing)[0])

    def _show_practice(self) -> None:
        assert self.practice is not None
        text = practice_text(self.mtvdp.database.ruleset, self.practice, self.stored)
        self.query_one("#practice-info", Static).update(text)

    def _build_details(self) -> AwaitMount:
        self._read_details()
        details = self.query_one(InterventionDetails)
        return details.show(self.current_plan().interventions, self.mtvdp.database.ruleset)

    def _document(self) -> PlanDocument:
        assert self.practice is not None
        return build_document(
            self.mtvdp.database.ruleset,
            self.practice,
            self.stored,
            self.current_plan(),
            self.outcomes,
            made_on=self.mtvdp.today(),
        )
