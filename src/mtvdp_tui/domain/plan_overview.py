"""Where each practice stands with its plan: the states of the plans overview.

A practice's plan state, in order of precedence:
- uitgesloten: the practice is excluded, it needs no plan;
- ingediend: some version of its plan was submitted (a newer concept does not undo that);
- te laat: nothing submitted and the deadline (`plan_deadline`) has passed;
- concept: a concept is saved;
- geen plan: nothing saved yet.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

from mtvdp_tui.domain.plan_rules import plan_deadline


class PlanState(enum.StrEnum):
    TE_LAAT = "te_laat"
    GEEN_PLAN = "geen_plan"
    CONCEPT = "concept"
    INGEDIEND = "ingediend"
    UITGESLOTEN = "uitgesloten"


def plan_state(
    *,
    excluded: bool,
    start_date: date | None,
    submitted: bool,
    concept: bool,
    months: int,
    today: date,
) -> PlanState:
    if excluded:
        return PlanState.UITGESLOTEN
    if submitted:
        return PlanState.INGEDIEND
    if start_date is not None and today > plan_deadline(months, start_date):
        return PlanState.TE_LAAT
    return PlanState.CONCEPT if concept else PlanState.GEEN_PLAN


def late_cutoff(months: int, today: date) -> date:
    """The earliest start date whose plan is not overdue on `today`.

    A practice without a submitted plan is late exactly when it started before this date, so a
    database can select late practices with one comparison. `plan_deadline` never decreases as
    the start date grows, which makes the binary search valid.
    """
    low = today - timedelta(days=31 * months + 3)  # deadline certainly before today
    high = today  # deadline certainly on or after today
    while (high - low).days > 1:
        middle = low + (high - low) / 2
        if plan_deadline(months, middle) >= today:
            high = middle
        else:
            low = middle
    return high
