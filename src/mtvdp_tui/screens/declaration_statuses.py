"""Asking for a declaration status change on the overview: for one practice (a dialog for the
date, and for a rejection the reason; a question for a step back) or for a whole region (the
dialog, then a question naming how many practices change). The dialog stores the change itself
(screens/status_dialog.py); the overview reads again once it is stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import (
    DeclarationStatus,
    StatusError,
    StatusRecord,
    change_status,
    change_statuses,
)
from mtvdp_tui.i18n import t
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.status_dialog import StatusChange, StatusDialog, StatusInput
from mtvdp_tui.widgets.declaration_list import DeclarationList

if TYPE_CHECKING:
    from mtvdp_tui.screens.declarations import DeclarationsScreen

Key = tuple[int, Quarter]


def ask_status(screen: DeclarationsScreen, target: DeclarationStatus) -> Screen[Any] | None:
    """Give the practice of the current row the status `target` for its quarter: the dialog
    (or question) opened, or None."""
    row = screen.query_one(DeclarationList).current_row
    if row is None:
        screen.notify(t("declaraties.scherm.niets_gekozen"), severity="warning")
        return None
    key = (row.practice_id, row.quarter)
    if target is DeclarationStatus.TE_DECLAREREN:  # a step back: no date to ask, a question
        if row.status.status is target:
            return None
        question = t("declaraties.terug.vraag", naam=row.name, kwartaal=row.quarter.label)

        def back(yes: bool | None) -> None:
            if yes:
                screen.save({key: (row.status, StatusRecord())})

        confirm = ConfirmScreen(question, confirm_label=t("declaraties.terug.ok"))
        screen.app.push_screen(confirm, back)
        return confirm
    today = screen.mtvdp.today()

    def new(answer: StatusInput) -> StatusRecord:
        return change_status(row.status, target, today=today, day=answer.day, reason=answer.reason)

    def check(answer: StatusInput) -> str | None:
        try:
            new(answer)
        except StatusError as error:
            return str(error)
        return None

    def store(answer: StatusInput) -> None:
        screen.store({key: (row.status, new(answer))})

    title = t(
        "declaraties.dialoog.titel",
        status=target.label,
        naam=row.name,
        kwartaal=row.quarter.dutch_label,
    )
    change = StatusChange(check, store, screen.read_after_store)
    dialog = StatusDialog(target, title, today, change)
    screen.app.push_screen(dialog)
    return dialog


def ask_region_status(screen: DeclarationsScreen, target: DeclarationStatus) -> Screen[Any] | None:
    """Give every practice of the region (the filter's, else the current row's) in the quarter
    shown the status `target` (those whose status does not allow it are skipped, and the
    question says how many): the dialog opened, or None."""
    row = screen.query_one(DeclarationList).current_row
    region = screen.region_filter or (row.region if row else None)
    if region is None or screen.overview is None:
        screen.notify(t("declaraties.scherm.niets_gekozen"), severity="warning")
        return None
    today = screen.mtvdp.today()
    quarter = screen.overview.quarter
    records: Mapping[Key, StatusRecord] = {
        (r.practice_id, r.quarter): r.status for r in screen.overview.rows if r.region == region
    }

    def changes(answer: StatusInput) -> tuple[dict[Key, StatusRecord], dict[Key, str]]:
        return change_statuses(records, target, today=today, day=answer.day, reason=answer.reason)

    def check(answer: StatusInput) -> str | None:
        return None if changes(answer)[0] else t("declaraties.regio.geen", regio=region)

    def question(answer: StatusInput) -> tuple[str, str]:
        changed, refused = changes(answer)
        text = t(
            "declaraties.regio.vraag",
            aantal=len(changed),
            regio=region,
            status=target.label,
            kwartaal=quarter.label,
        )
        if refused:
            text += " " + t("declaraties.regio.overgeslagen", aantal=len(refused))
        return text, t("declaraties.regio.ok")

    def store(answer: StatusInput) -> None:
        screen.store({key: (records[key], new) for key, new in changes(answer)[0].items()})

    title = t(
        "declaraties.dialoog.titel_regio",
        status=target.label,
        regio=region,
        kwartaal=quarter.dutch_label,
    )
    change = StatusChange(check, store, screen.read_after_store, question)
    dialog = StatusDialog(target, title, today, change)
    screen.app.push_screen(dialog)
    return dialog
