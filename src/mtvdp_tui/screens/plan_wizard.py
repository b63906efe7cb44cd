"""The practice-plan wizard: six steps, with the rule check beside every step, live.

Every change (a toggle, a keystroke) re-evaluates the plan against the ruleset's rules; the
step bar marks steps that still have open rules. Saving as concept is possible at any step;
submitting as `plan_submit.submit_decision` decides: only when every rule but the deadline is
met (a late plan, or one without a start date, after a confirmation that is recorded).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
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
from textual.widgets.selection_list import Selection

from mtvdp_tui import formatting
from mtvdp_tui.documents.praktijkplan import (
    PlanDocument,
    build_document,
    to_html,
    to_markdown,
)
from mtvdp_tui.domain.plan import Plan, PlannedIntervention, PlanStatus, plan_practice
from mtvdp_tui.domain.plan_rules import (
    STEP_OVERVIEW,
    RuleOutcome,
    RuleStatus,
    evaluate_plan,
    plan_deadline,
)
from mtvdp_tui.domain.plan_submit import SubmitCode, SubmitDecision, submit_decision
from mtvdp_tui.files import OutputError, export_failure, file_name, write_export
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError, StaleRecordError
from mtvdp_tui.records.plans import StoredPlan
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.choice_list import ChoiceList
from mtvdp_tui.widgets.intervention_details import InterventionDetails
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.rules_panel import RulesPanel
from mtvdp_tui.widgets.step_bar import StepBar

YEARS = (1, 2)  # the wizard's steps 3 and 4; both presets have two plan years
STEPS = 6


class PlanWizardScreen(Screen[None]):
    CSS_PATH = "plan_wizard.tcss"
    HELP = t("help.screen.plan_wizard")
    BINDINGS = [
        # ctrl+n / ctrl+t: the same on macOS, which takes ctrl+arrows for its Spaces
        Binding(
            "ctrl+right,ctrl+n",
            "step(1)",
            t("wizard.key.next"),
            id="wizard.next",
            priority=True,
        ),
        Binding(
            "ctrl+left,ctrl+t",
            "step(-1)",
            t("wizard.key.previous"),
            id="wizard.previous",
            priority=True,
        ),
        Binding("ctrl+g", "goto_open_rule", t("wizard.key.goto"), id="wizard.goto"),
        Binding("ctrl+s", "save", t("wizard.key.save"), id="wizard.save"),
        Binding("ctrl+e", "submit", t("wizard.key.submit"), id="wizard.submit"),
        Binding("ctrl+o", "export", t("wizard.key.export"), id="wizard.export"),
        Binding("escape", "close", t("wizard.key.close"), id="wizard.close"),
    ]

    def __init__(self, practice_id: int) -> None:
        super().__init__()
        self.practice_id = practice_id
        self.step = 1
        self.stored: StoredPlan | None = None
        self.saved_plan = Plan()
        self.details: dict[tuple[int, str], PlannedIntervention] = {}
        self.outcomes: list[RuleOutcome] = []

    mtvdp = MtvdpAppAttribute()

    # --- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
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
                        yield ChoiceList[str](*self._choices(), id=f"year-{year}")
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
        yield KeyFooter()

    def _choices(self) -> list[Selection[str]]:
        ruleset = self.mtvdp.database.ruleset
        order = {k.id: n for n, k in enumerate(ruleset.kernelementen)}
        choices = []
        for item in sorted(ruleset.interventions, key=lambda i: order[i.kernelement]):
            notes = []
            if item.top3_count is not None:
                notes.append(t("wizard.top3", count=item.top3_count))
            if item.supported:
                notes.append(t("wizard.supported", organisation=ruleset.organisation))
            suffix = f"  ({', '.join(notes)})" if notes else ""
            kernelement = ruleset.kernelement(item.kernelement).name
            choices.append(Selection(f"{kernelement} · {item.name}{suffix}", item.id))
        return choices

    def on_mount(self) -> None:
        record = self.mtvdp.database.practices.get(self.practice_id)
        self.practice = record.data
        self.stored = self.mtvdp.database.plans.latest(self.practice_id)
        self.saved_plan = self.stored.plan if self.stored else Plan()
        self._fill(self.saved_plan)
        self.sub_title = t("wizard.title", name=self.practice.name, agb=self.practice.agb)
        self._show_step(1)
        self._changed()

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
        data = self.practice
        ruleset = self.mtvdp.database.ruleset
        lines = [
            t("wizard.practice.name", name=data.name, agb=data.agb),
            t("wizard.practice.region", region=data.region, wijk=data.wijk or "—"),
        ]
        if data.start_date is None:
            lines.append(t("wizard.practice.no_start"))
        else:
            deadline = plan_deadline(ruleset, data.start_date)
            lines.append(
                t(
                    "wizard.practice.start",
                    date=formatting.short_date(data.start_date),
                    deadline=formatting.short_date(deadline),
                )
            )
        lines.append(self._version_text())
        self.query_one("#practice-info", Static).update("\n\n".join(lines))

    def _version_text(self) -> str:
        if self.stored is None:
            return t("wizard.version.none")
        if self.stored.status is PlanStatus.INGEDIEND and self.stored.submitted_on:
            return t(
                "wizard.version.submitted",
                version=self.stored.version,
                date=formatting.short_date(self.stored.submitted_on),
            )
        return t("wizard.version.concept", version=self.stored.version)

    def _build_details(self) -> AwaitMount:
        self._read_details()
        details = self.query_one(InterventionDetails)
        return details.show(self.current_plan().interventions, self.mtvdp.database.ruleset)

    def _document(self) -> PlanDocument:
        return build_document(
            self.mtvdp.database.ruleset,
            self.practice,
            self.stored,
            self.current_plan(),
            self.outcomes,
            made_on=self.mtvdp.today(),
        )

    # --- saving and submitting ---------------------------------------------------------------

    def _save(self) -> bool:
        self._read_details()
        plan = self.current_plan()
        try:
            self.stored = self.mtvdp.database.plans.save_concept(
                self.practice_id, plan, expected=self.stored
            )
        except StaleRecordError as error:
            self._offer_reload(str(error))
            return False
        except RecordError as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        self.saved_plan = plan
        self.notify(t("wizard.saved", version=self.stored.version))
        if self.step in (1, STEP_OVERVIEW):
            self._show_step(self.step)
        return True

    def _offer_reload(self, message: str) -> None:
        """Someone else saved this plan meanwhile: nothing was overwritten. Offer to load their
        version (dropping the changes made here) or to keep these on screen."""

        def answered(reload: bool | None) -> None:
            if reload:
                self.stored = self.mtvdp.database.plans.latest(self.practice_id)
                self.saved_plan = self.stored.plan if self.stored else Plan()
                self._fill(self.saved_plan)
                self._changed()
                self._show_step(self.step)

        question = f"{message}\n\n{t('wizard.reload.question')}"
        self.app.push_screen(ConfirmScreen(question, confirm_label=t("wizard.reload")), answered)

    def action_save(self) -> None:
        self._save()

    def action_submit(self) -> None:
        self._read_details()
        stored = self.stored
        decision = submit_decision(
            self.evaluate(self.current_plan(), submitting=True),
            already_submitted=stored is not None and stored.status is PlanStatus.INGEDIEND,
            changed=stored is None or self.current_plan() != stored.plan,
        )
        code = decision.code
        if code is SubmitCode.UNCHANGED:
            assert stored is not None and stored.submitted_on is not None
            day = formatting.short_date(stored.submitted_on)
            self.notify(t("wizard.submit.unchanged", date=day), timeout=8)
        elif code is SubmitCode.REFUSED:
            self.notify(t("wizard.submit.refused", **decision.params), severity="error", timeout=8)
            assert decision.step is not None
            self._show_step(decision.step)
        elif code is SubmitCode.SUBMIT:
            self._submit(decision)
        else:
            question = (
                t("wizard.submit.no_start")
                if code is SubmitCode.CONFIRM_NO_START
                else t("wizard.submit.late", **decision.params)
            )
            self.app.push_screen(
                ConfirmScreen(question, confirm_label=t("wizard.submit.confirm")),
                lambda yes: self._submit(decision) if yes else None,
            )

    def _submit(self, decision: SubmitDecision) -> None:
        if (
            self.stored is None or self.stored.status is not PlanStatus.CONCEPT or self.is_dirty
        ) and not self._save():
            return
        assert self.stored is not None
        try:
            self.stored = self.mtvdp.database.plans.submit(
                self.practice_id, expected=self.stored, without_start=decision.without_start
            )
        except StaleRecordError as error:
            self._offer_reload(str(error))
            return
        except RecordError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.saved_plan = self.stored.plan
        self.notify(t("wizard.submitted", date=formatting.short_date(self.stored.submitted_on)))
        self._changed()
        self._show_step(STEP_OVERVIEW)

    def action_export(self) -> None:
        """Write the plan as it stands, as HTML (to print) and Markdown, to the export folder."""
        self._read_details()
        self._export(self._document())

    @work(thread=True, exclusive=True, group="export")
    def _export(self, document: PlanDocument) -> None:
        folder = self.mtvdp.export_dir
        stem = file_name("praktijkplan", document.agb, "versie", document.version, suffix="")
        files = {".html": to_html(document), ".md": to_markdown(document)}
        try:
            written = write_export(folder, stem, files)
        except (OSError, OutputError) as error:
            message = export_failure(folder, error)
            self.app.call_from_thread(self.notify, message, severity="error", timeout=10)
            return
        path = written[".html"]
        self.app.call_from_thread(self.mtvdp.document_saved, path, t("wizard.exported", path=path))

    def action_close(self) -> None:
        if not self.is_dirty:
            self.dismiss(None)
            return

        def closed(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                t("wizard.discard.question"), confirm_label=t("form.discard.confirm"), danger=True
            ),
            closed,
        )
