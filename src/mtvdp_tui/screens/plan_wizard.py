"""The practice-plan wizard: its keys, and reading, saving and submitting the plan.

Saving as concept is possible at any step; submitting as `plan_submit.submit_decision` decides:
only when every rule but the deadline is met (a late plan, or one without a start date, after a
confirmation that is recorded). Opening the plan, saving, submitting and loading someone else's
newer version ("Opnieuw laden") run in workers (over a network every query takes round trips):
the wizard never freezes, and the keys typed meanwhile are held (`KeyHold`) and act, in order,
once it is done. A failure (a dropped connection, a server restart, a full disk) is said in Dutch
at the wizard, which keeps everything chosen and typed; the same key tries again. A save and a
submit are each one transaction: nothing half is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import events, on, work
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Static,
)

from mtvdp_tui import formatting
from mtvdp_tui.documents.praktijkplan import (
    PlanDocument,
    to_html,
    to_markdown,
)
from mtvdp_tui.domain.plan import Plan, PlanStatus
from mtvdp_tui.domain.plan_rules import STEP_OVERVIEW
from mtvdp_tui.domain.plan_submit import SubmitCode, SubmitDecision, submit_decision
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.files import OutputError, export_failure, file_name, write_export
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.plans import StoredPlan
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.plan_wizard_form import PlanWizardForm
from mtvdp_tui.widgets.key_hold import KeyHold

# the wizard's own actions: while a read or write is out, their keys are held (KeyHold)
WIZARD_ACTIONS = {"step", "goto_open_rule", "save", "submit", "export", "close"}


class PlanWizardScreen(PlanWizardForm):
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
        # priority: the App runs them before it routes the keys typed after them (see `_hold`)
        Binding("ctrl+s", "save", t("wizard.key.save"), id="wizard.save", priority=True),
        Binding("ctrl+e", "submit", t("wizard.key.submit"), id="wizard.submit", priority=True),
        Binding("ctrl+o", "export", t("wizard.key.export"), id="wizard.export"),
        Binding("escape", "close", t("wizard.key.close"), id="wizard.close"),
    ]

    AUTO_FOCUS = ""  # nothing has the focus while the plan is read: the keys come to `on_key`
    _focus_before: Widget | None = None  # what had the focus before a read or write

    _read_failed_to_open = False  # the plan could not be read: close once the wizard is in front

    def on_screen_resume(self) -> None:
        if self._read_failed_to_open:
            self.dismiss(None)

    def on_mount(self) -> None:
        self.sub_title = t("wizard.opening")
        self.query_one("#practice-info", Static).update(t("wizard.opening"))
        self._read_plan(self.practice_id)

    # --- saving and submitting (in workers: plan_wizard_storage) -------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # while a read or write is out the key comes to `on_key`, and acts once it is in
        return not (self.busy and action in WIZARD_ACTIONS)

    def action_save(self) -> None:
        self._hold(self._save)

    def action_submit(self) -> None:
        self._hold(self._submit)

    def _hold(self, then: Callable[[], None]) -> None:
        """Hold the keys typed after ctrl+s or ctrl+e (priority keys: the App runs this before
        it routes them), then `then()` once the focused field has taken in the keys typed
        before, which are still queued for it: the plan is read with every one of them."""
        focused = self.focused
        self._begin()
        (focused or self).call_later(then)

    def _submit(self) -> None:
        self._read_details()
        stored = self.stored
        decision = submit_decision(
            self.evaluate(self.current_plan(), submitting=True),
            already_submitted=stored is not None and stored.status is PlanStatus.INGEDIEND,
            changed=stored is None or self.current_plan() != stored.plan,
        )
        code = decision.code
        if code is SubmitCode.SUBMIT:
            self._store(decision)
            return
        hold = self._end()  # nothing is written now
        if code is SubmitCode.UNCHANGED:
            assert stored is not None and stored.submitted_on is not None
            day = formatting.short_date(stored.submitted_on)
            self.notify(t("wizard.submit.unchanged", date=day), timeout=8)
        elif code is SubmitCode.REFUSED:
            self.notify(t("wizard.submit.refused", **decision.params), severity="error", timeout=8)
            assert decision.step is not None
            self._show_step(decision.step)
        else:
            question = (
                t("wizard.submit.no_start")
                if code is SubmitCode.CONFIRM_NO_START
                else t("wizard.submit.late", **decision.params)
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self._begin()
                    self._store(decision)

            self.app.push_screen(
                ConfirmScreen(question, confirm_label=t("wizard.submit.confirm")), answered
            )
        hold.release()

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

    # --- holding the keys --------------------------------------------------------------------
    # While a read or write is out nothing has the focus: every key comes to the wizard itself
    # (`on_key`), which holds it. The worker's result is posted to the wizard as a message, so
    # it is taken in after the keys typed before it: those are all held when it releases them.

    class Done(Message):
        """A worker's result, to take in on the UI thread in its turn among the keys."""

        def __init__(self, take_in: Callable[[], None]) -> None:
            super().__init__()
            self.take_in = take_in

    @on(Done)
    def _done(self, message: Done) -> None:
        message.take_in()

    def on_key(self, event: events.Key) -> None:
        if self.busy:
            self.query_one(KeyHold).take(event)

    def _begin(self) -> None:
        self.busy = True
        self._focus_before = self.focused
        self.set_focus(None)
        self.refresh_bindings()

    def _end(self) -> KeyHold:
        """The read or write is in: the focus back where it was (the caller may move it before
        `release()` hands on the keys typed meanwhile, in order)."""
        self.busy = False
        self.refresh_bindings()
        before, self._focus_before = self._focus_before, None
        if before is not None and before.is_attached:
            self.set_focus(before)
        return self.query_one(KeyHold)

    # --- reading -----------------------------------------------------------------------------

    def _read(self) -> None:
        """Read the practice and its newest plan (opening, or loading another's version)."""
        self._begin()
        self._read_plan(self.practice_id)

    @work(thread=True, exclusive=True, group="query-plan")
    def _read_plan(self, practice_id: int) -> None:
        database = self.mtvdp.database
        try:
            practice = database.practices.get(practice_id).data
            stored = database.plans.latest(practice_id)
        except Exception as error:  # a read changes nothing
            self.post_message(self.Done(partial(self._read_failed, error)))
            return
        self.post_message(self.Done(partial(self._plan_read, practice, stored)))

    def _plan_read(self, practice: PracticeData, stored: StoredPlan | None) -> None:
        opening = self.practice is None
        self.practice, self.stored = practice, stored
        self.saved_plan = stored.plan if stored else Plan()
        self._fill(self.saved_plan)
        self.sub_title = t("wizard.title", name=practice.name, agb=practice.agb)
        hold = self._end()
        self._changed()
        self._show_step(1 if opening else self.step)
        if opening and self.focused is None:  # step 1 has no field: the step itself, to scroll
            self.set_focus(self.query_one("#step-1"))
        hold.release()

    def _read_failed(self, error: Exception) -> None:
        if self.practice is None:  # opening: nothing to show or keep; `p` again tries again
            self.app.notify(
                t("wizard.open_failed", error=failure_text(error)), severity="error", timeout=10
            )
            # the keys typed meanwhile were for this wizard: dropped with it. (Help may be
            # open over it: then it closes once it is in front again.)
            self._read_failed_to_open = True
            if self.app.screen is self:
                self.dismiss(None)
            return
        hold = self._end()  # loading another's version: this one stays, as it was
        self.notify(t("wizard.reload_failed", error=failure_text(error)), severity="error")
        hold.release()

    def _offer_reload(self, message: str) -> None:
        """Someone else saved this plan meanwhile: nothing was overwritten. Offer to load their
        version (dropping the changes made here) or to keep these on screen."""

        def answered(reload: bool | None) -> None:
            if reload:
                self._read()

        question = f"{message}\n\n{t('wizard.reload.question')}"
        self.app.push_screen(ConfirmScreen(question, confirm_label=t("wizard.reload")), answered)

    # --- writing -----------------------------------------------------------------------------

    def _save(self) -> None:
        self._store(None)

    def _store(self, decision: SubmitDecision | None) -> None:
        """Save the plan as it stands as concept (when it is not stored as such), then submit
        it when `decision` says so. The keys are held (`_begin`) already."""
        self._read_details()
        plan = self.current_plan()
        stored = self.stored
        concept = stored is not None and stored.status is PlanStatus.CONCEPT
        save = decision is None or not concept or plan != self.saved_plan
        self._write(plan, stored, save, decision)

    @work(thread=True, exclusive=True, group="query-plan-save")
    def _write(
        self,
        plan: Plan,
        stored: StoredPlan | None,
        save: bool,
        decision: SubmitDecision | None,
    ) -> None:
        plans = self.mtvdp.database.plans
        saved = None
        try:
            if save:
                stored = saved = plans.save_concept(self.practice_id, plan, expected=stored)
            if decision is not None:
                assert stored is not None
                stored = plans.submit(
                    self.practice_id, expected=stored, without_start=decision.without_start
                )
        except Exception as error:  # the transaction that failed was rolled back
            failed = partial(self._write_failed, plan, saved, decision, error)
            self.post_message(self.Done(failed))
            return
        assert stored is not None
        self.post_message(self.Done(partial(self._written, plan, stored, decision)))

    def _written(self, plan: Plan, stored: StoredPlan, decision: SubmitDecision | None) -> None:
        hold = self._end()
        self.stored, self.saved_plan = stored, plan
        if decision is None:
            self.notify(t("wizard.saved", version=stored.version))
            if self.step in (1, STEP_OVERVIEW):
                self._show_step(self.step)
        else:
            self.notify(t("wizard.submitted", date=formatting.short_date(stored.submitted_on)))
            self._changed()
            self._show_step(STEP_OVERVIEW)
        hold.release()

    def _write_failed(
        self,
        plan: Plan,
        saved: StoredPlan | None,
        decision: SubmitDecision | None,
        error: Exception,
    ) -> None:
        """Nothing of the failed step was stored; every choice and text stays on screen. A
        concept saved before a submit that failed is kept as saved."""
        hold = self._end()
        if saved is not None:
            self.stored, self.saved_plan = saved, plan
        if isinstance(error, StaleRecordError):
            self._offer_reload(str(error))
        else:
            reason = failure_text(error)
            if decision is None:
                text = t("wizard.save_failed", error=reason)
            elif saved is not None:
                text = t("wizard.saved_not_submitted", version=saved.version, error=reason)
            else:
                text = t("wizard.submit_failed", error=reason)
            self.notify(text, severity="error", timeout=15)
        hold.release()
