"""The declaration status of one practice-quarter, and the transitions a user may make.

te declareren → gedeclareerd (date) → uitbetaald (date), or afgewezen (reason). Going back to
te declareren ("terugzetten") is always allowed, so every mistake can be undone with one clear
action. Every other transition is checked by `change_status`, which returns the new record or
raises `StatusError` with a Dutch message.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t

REASON_MAX = 500

K = TypeVar("K", bound=Hashable)


class DeclarationStatus(enum.StrEnum):
    TE_DECLAREREN = "te_declareren"
    GEDECLAREERD = "gedeclareerd"
    UITBETAALD = "uitbetaald"
    AFGEWEZEN = "afgewezen"

    @property
    def label(self) -> str:
        return t(f"declaraties.status.{self.value}")


class StatusError(ValueError):
    """A status change that cannot be made; `str()` is the Dutch message."""


@dataclass(frozen=True)
class StatusRecord:
    """The stored status of a practice-quarter. The default is "te declareren"."""

    status: DeclarationStatus = DeclarationStatus.TE_DECLAREREN
    declared_on: date | None = None
    paid_on: date | None = None
    rejected_on: date | None = None
    reason: str = ""  # why it was rejected

    @property
    def day(self) -> date | None:
        """The date that belongs to the current status (the "Datum" column)."""
        match self.status:
            case DeclarationStatus.UITBETAALD:
                return self.paid_on
            case DeclarationStatus.AFGEWEZEN:
                return self.rejected_on
            case DeclarationStatus.GEDECLAREERD:
                return self.declared_on
        return None


TE_DECLAREREN = StatusRecord()

# From which statuses each target can be reached (te declareren: from every status).
_ALLOWED_FROM: dict[DeclarationStatus, frozenset[DeclarationStatus]] = {
    DeclarationStatus.TE_DECLAREREN: frozenset(DeclarationStatus),
    DeclarationStatus.GEDECLAREERD: frozenset(
        {DeclarationStatus.TE_DECLAREREN, DeclarationStatus.AFGEWEZEN}
    ),
    DeclarationStatus.UITBETAALD: frozenset({DeclarationStatus.GEDECLAREERD}),
    DeclarationStatus.AFGEWEZEN: frozenset(
        {DeclarationStatus.TE_DECLAREREN, DeclarationStatus.GEDECLAREERD}
    ),
}


def can_change(current: StatusRecord, target: DeclarationStatus) -> bool:
    """Whether `target` can follow `current` at all (dates and reason not yet considered)."""
    return current.status in _ALLOWED_FROM[target]


def change_status(
    current: StatusRecord,
    target: DeclarationStatus,
    *,
    today: date,
    day: date | None = None,
    reason: str = "",
) -> StatusRecord:
    """The record after moving `current` to `target`, or `StatusError` saying why not.

    `day` is the date of declaring, paying or rejecting (required for the first two, optional
    for a rejection); it may not lie after `today`. A rejection needs a `reason`.
    """
    if target is DeclarationStatus.TE_DECLAREREN:
        return TE_DECLAREREN
    if not can_change(current, target):
        raise StatusError(_refusal(current, target))
    if day is not None and day > today:
        raise StatusError(t("declaraties.fout.toekomst", datum=formatting.short_date(day)))
    if target is DeclarationStatus.GEDECLAREERD:
        return StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=_required(day))
    if target is DeclarationStatus.UITBETAALD:
        paid_on = _not_before_declared(current, _required(day))
        return StatusRecord(target, declared_on=current.declared_on, paid_on=paid_on)
    return StatusRecord(
        DeclarationStatus.AFGEWEZEN,
        declared_on=current.declared_on,
        rejected_on=None if day is None else _not_before_declared(current, day),
        reason=_reason(reason),
    )


def change_statuses(
    records: Mapping[K, StatusRecord],
    target: DeclarationStatus,
    *,
    today: date,
    day: date | None = None,
    reason: str = "",
) -> tuple[dict[K, StatusRecord], dict[K, str]]:
    """Apply one change to many rows (e.g. a whole region): (changed records, refusals by key)."""
    changed: dict[K, StatusRecord] = {}
    refused: dict[K, str] = {}
    for key, record in records.items():
        try:
            changed[key] = change_status(record, target, today=today, day=day, reason=reason)
        except StatusError as error:
            refused[key] = str(error)
    return changed, refused


def _refusal(current: StatusRecord, target: DeclarationStatus) -> str:
    if current.status is DeclarationStatus.UITBETAALD:
        return t("declaraties.fout.al_uitbetaald", datum=_day(current.paid_on))
    if target is DeclarationStatus.UITBETAALD:
        if current.status is DeclarationStatus.AFGEWEZEN:
            return t("declaraties.fout.uitbetaald_na_afwijzing")
        return t("declaraties.fout.uitbetaald_niet_gedeclareerd")
    if target is DeclarationStatus.GEDECLAREERD:
        return t("declaraties.fout.al_gedeclareerd", datum=_day(current.declared_on))
    return t("declaraties.fout.al_afgewezen")


def _required(day: date | None) -> date:
    if day is None:
        raise StatusError(t("declaraties.fout.datum_nodig"))
    return day


def _not_before_declared(current: StatusRecord, day: date) -> date:
    declared_on = current.declared_on
    if declared_on is not None and day < declared_on:
        raise StatusError(
            t(
                "declaraties.fout.voor_declaratie",
                datum=formatting.short_date(day),
                gedeclareerd=formatting.short_date(declared_on),
            )
        )
    return day


def _reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise StatusError(t("declaraties.fout.reden_nodig"))
    if len(reason) > REASON_MAX:
        raise StatusError(t("declaraties.fout.reden_te_lang", max=REASON_MAX))
    return reason


def _day(day: date | None) -> str:
    return formatting.short_date(day) if day is not None else t("declaraties.onbekende_datum")
