"""Recording what was done of a monitoring item: the date a meting was sent (for one practice, or
for the practice's whole start cohort after a question naming how many), the day the work with
the social domain started (the plan's matching interventions shown as a hint), the day a
jaarverslag came in.

What it needs is read in a worker first (the cohort, the plan); then the dated dialog of the
declaration statuses asks the date, checks it at the field (a date in the future is refused),
asks the question, and stores in a worker, keeping what was typed when the store fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import work

from mtvdp_tui.domain.declaration_status import DeclarationStatus
from mtvdp_tui.domain.monitoring import METINGEN, ItemKind, social_domain_choices
from mtvdp_tui.formatting import listing, number, numeric_date, short_date
from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.monitoring import CohortPractice, MonitoringRow
from mtvdp_tui.screens.status_dialog import StatusChange, StatusDialog, StatusInput

if TYPE_CHECKING:
    from mtvdp_tui.screens.monitoring import MonitoringScreen


def kind_text(kind: ItemKind, year: int | None = None) -> str:
    """The item as a sentence names it: "de nulmeting", "het jaarverslag over planjaar 2"."""
    text = t(f"monitoring.kind.{kind.name.lower()}")
    return text if year is None else t("monitoring.kind.with_year", item=text, year=year)


class DoneDialog(StatusDialog):
    """The declaration statuses' dated dialog, with monitoring's own help."""

    CSS_PATH = "status_dialog.tcss"
    HELP = t("help.screen.monitoring_dialog")


@dataclass(frozen=True)
class Known:
    """What the dialog for `row` needs, read in a worker."""

    start: date | None = None
    cohort: tuple[CohortPractice, ...] = ()
    hint: tuple[str, ...] = ()  # the plan's interventions that count as social-domain work


def ask_done_date(screen: MonitoringScreen, row: MonitoringRow, *, cohort: bool) -> None:
    """Read what the dialog for `row` needs, then open it."""
    _read_known(screen, row, cohort)


@work(thread=True, exclusive=True, group="query-monitoring-item")
def _read_known(screen: MonitoringScreen, row: MonitoringRow, cohort: bool) -> None:
    database = screen.mtvdp.database
    try:
        progress = database.monitoring.progress(row.practice_id)
        start = progress.start if progress is not None else None
        members: tuple[CohortPractice, ...] = ()
        if cohort and start is not None:
            members = tuple(database.monitoring.cohort(start, row.kind))
        hint: tuple[str, ...] = ()
        if row.kind is ItemKind.SOCIAAL_DOMEIN:
            hint = _social_hint(screen, row.practice_id)
    except Exception as error:  # a read changes nothing: say so, stay on the list
        message = t("list.failed", error=failure_text(error))
        screen.app.call_from_thread(screen.notify, message, severity="error", timeout=10)
        return
    screen.app.call_from_thread(_open, screen, row, Known(start, members, hint), cohort)


def _social_hint(screen: MonitoringScreen, practice_id: int) -> tuple[str, ...]:
    database = screen.mtvdp.database
    rules = database.ruleset.monitoring
    stored = database.plans.latest(practice_id)
    if rules is None or stored is None:
        return ()
    names = {i.id: i.name for i in database.ruleset.interventions}
    social = social_domain_choices(rules, (p.intervention for p in stored.plan.interventions))
    return tuple(names.get(i, i) for i in social)


def _open(screen: MonitoringScreen, row: MonitoringRow, known: Known, cohort: bool) -> None:
    monitoring = screen.mtvdp.database.monitoring
    today = screen.mtvdp.today()
    item = kind_text(row.kind, row.year)

    def check(answer: StatusInput) -> str | None:
        if answer.day is not None and answer.day > today:
            return t("monitoring.dialog.future")
        return None

    if cohort and row.kind in METINGEN:
        if known.start is None:
            screen.notify(t("monitoring.cohort.none"), severity="warning")
            return
        open_ones = {m.practice_id: None for m in known.cohort if m.sent_on is None}
        if not open_ones:
            screen.notify(t("monitoring.cohort.all_done", start=short_date(known.start)))
            return
        title = t(
            "monitoring.dialog.cohort_title" + (".one" if len(known.cohort) == 1 else ""),
            item=item.capitalize(),
            start=short_date(known.start),
            count=number(len(known.cohort)),
            open=number(len(open_ones)),
        )

        def question(answer: StatusInput) -> tuple[str, str]:
            assert answer.day is not None and known.start is not None
            done = len(known.cohort) - len(open_ones)
            text = t(
                "monitoring.cohort.question" + (".one" if len(open_ones) == 1 else ""),
                item=item,
                count=number(len(open_ones)),
                start=short_date(known.start),
                day=numeric_date(answer.day),
            )
            if done:
                kept = "monitoring.cohort.kept" + (".one" if done == 1 else "")
                text += " " + t(kept, count=number(done))
            return text, t("monitoring.cohort.ok")

        def store_cohort(answer: StatusInput) -> None:
            monitoring.record_sent(row.kind, answer.day, open_ones)

        change = StatusChange(check, store_cohort, screen.read_again, question)
        screen.app.push_screen(DoneDialog(DeclarationStatus.GEDECLAREERD, title, today, change))
        return

    title = t(f"monitoring.dialog.title.{row.kind.name.lower()}", item=item, name=row.name)
    if known.start is not None:
        title += "\n" + t("monitoring.dialog.started", start=short_date(known.start))
    if row.kind is ItemKind.SOCIAAL_DOMEIN:
        hint = listing(list(known.hint)) if known.hint else t("monitoring.dialog.hint_none")
        title += "\n" + t("monitoring.dialog.hint", interventions=hint)

    def store(answer: StatusInput) -> None:
        if row.kind in METINGEN:
            monitoring.record_sent(row.kind, answer.day, {row.practice_id: row.done})
        elif row.kind is ItemKind.SOCIAAL_DOMEIN:
            monitoring.set_social_domain(row.practice_id, answer.day, row.done)
        elif row.kind is ItemKind.JAARVERSLAG and row.year is not None:
            monitoring.set_jaarverslag(row.practice_id, row.year, answer.day, row.done)

    change = StatusChange(check, store, screen.read_again)
    screen.app.push_screen(DoneDialog(DeclarationStatus.GEDECLAREERD, title, today, change))
