"""Monitoring (SPEC §10): what is due for a started practice, and in which state each item is.

Pure: the dates a practice's items are due, from its start date and the regeling's monitoring
rules, and each item's state on a given day. Every due date is calendar months added to a date,
clamped to the month's end (as the plan deadline is: `plan_rule_context.plan_deadline`).

- nulmeting: within `nulmeting_months` after the start;
- 1-meting: `een_meting_months` after the day the nulmeting was sent — while it has not been
  sent, after the nulmeting's own due date (so 14 months after the start with the usual 2 + 12);
- slotmeting: `slotmeting_months` after the start;
- sociaal domein: within `social_domain_within_years` years after the start;
- praktijkplan: within the regeling's plan deadline after the start;
- intervisie: one per plan year, due at the end of that plan year;
- jaarverslag: one per plan year, due `jaarverslag_months` after that plan year's end (the seeds
  do not say; both presets take 0: the end of the year it reports on).

An item is afgerond from the day it was done; before that it is te laat once its due date has
passed, binnenkort within `SOON_DAYS` of it, and gepland before that.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from mtvdp_tui.domain.plan_rule_context import plan_deadline
from mtvdp_tui.domain.ruleset import Monitoring

SOON_DAYS = 30  # "binnenkort": due within this many days (SPEC §10)


class ItemKind(enum.StrEnum):
    """What an item is; the values are the `onderdeel` the export writes."""

    NULMETING = "nulmeting"
    EEN_METING = "1-meting"
    SLOTMETING = "slotmeting"
    SOCIAAL_DOMEIN = "sociaal domein"
    PRAKTIJKPLAN = "praktijkplan"
    INTERVISIE = "intervisie"  # per plan year
    JAARVERSLAG = "jaarverslag"  # per plan year


METINGEN = (ItemKind.NULMETING, ItemKind.EEN_METING, ItemKind.SLOTMETING)


class ItemState(enum.StrEnum):
    """An item's state on a day; the values are the `status` the export writes. Worst first."""

    TE_LAAT = "te laat"
    BINNENKORT = "binnenkort"
    GEPLAND = "gepland"
    AFGEROND = "afgerond"


@dataclass(frozen=True)
class Item:
    """One thing due for one practice: a meting, the social-domain start, the plan, or a plan
    year's intervisie or jaarverslag."""

    kind: ItemKind
    due: date  # uiterlijk: the last day it is on time
    done: date | None = None  # when it was done (sent, started, submitted, attended, received)
    year: int | None = None  # the plan year (intervisie, jaarverslag)

    @property
    def label(self) -> str:
        """The `onderdeel` as shown and exported: "nulmeting", "intervisie 2"."""
        return self.kind.value if self.year is None else f"{self.kind.value} {self.year}"

    def state(self, today: date) -> ItemState:
        if self.done is not None and self.done <= today:
            return ItemState.AFGEROND
        if today > self.due:
            return ItemState.TE_LAAT
        if (self.due - today).days <= SOON_DAYS:
            return ItemState.BINNENKORT
        return ItemState.GEPLAND


@dataclass(frozen=True)
class Progress:
    """What was recorded for one started practice."""

    start: date
    sent: Mapping[ItemKind, date] = field(default_factory=dict)  # per meting: verstuurd op
    social_domain_started: date | None = None
    plan_submitted: date | None = None
    # per plan year: the first meeting with MTVDP on the agenda the practice attended that year
    intervisie: Mapping[int, date] = field(default_factory=dict)
    jaarverslagen: Mapping[int, date] = field(default_factory=dict)  # per plan year: received


def add_months(day: date, months: int) -> date:
    """`months` calendar months after `day`, clamped to the month's end (31 January + 1 month is
    28 or 29 February)."""
    return plan_deadline(months, day)


def plan_year_end(start: date, year: int) -> date:
    """The last day of plan year `year` (1-based): the day before its anniversary."""
    return add_months(start, 12 * year) - timedelta(days=1)


def items(
    rules: Monitoring, progress: Progress, *, plan_years: int, plan_deadline_months: int
) -> list[Item]:
    """Every item due for the practice, in the order a timeline shows them (by due date)."""
    start = progress.start
    nulmeting_due = add_months(start, rules.nulmeting_months)
    nulmeting_sent = progress.sent.get(ItemKind.NULMETING)
    found = [
        Item(ItemKind.NULMETING, nulmeting_due, nulmeting_sent),
        Item(
            ItemKind.EEN_METING,
            add_months(nulmeting_sent or nulmeting_due, rules.een_meting_months),
            progress.sent.get(ItemKind.EEN_METING),
        ),
        Item(
            ItemKind.SLOTMETING,
            add_months(start, rules.slotmeting_months),
            progress.sent.get(ItemKind.SLOTMETING),
        ),
        Item(
            ItemKind.SOCIAAL_DOMEIN,
            add_months(start, 12 * rules.social_domain_within_years),
            progress.social_domain_started,
        ),
        Item(
            ItemKind.PRAKTIJKPLAN,
            add_months(start, plan_deadline_months),
            progress.plan_submitted,
        ),
    ]
    for year in range(1, plan_years + 1):
        end = plan_year_end(start, year)
        found.append(Item(ItemKind.INTERVISIE, end, progress.intervisie.get(year), year))
        report_due = add_months(end, rules.jaarverslag_months) if rules.jaarverslag_months else end
        found.append(Item(ItemKind.JAARVERSLAG, report_due, progress.jaarverslagen.get(year), year))
    return sorted(found, key=lambda item: (item.due, list(ItemKind).index(item.kind)))


def social_domain_choices(rules: Monitoring, chosen: Iterable[str]) -> list[str]:
    """The interventions among `chosen` (a plan's, in its order, once each) that the regeling
    counts as work with the social domain: they suggest, never decide, that it started."""
    return [i for i in dict.fromkeys(chosen) if i in rules.social_domain_interventions]


def needing_attention(found: list[Item], today: date) -> list[Item]:
    """The items a wijkmanager should act on (te laat, binnenkort), worst first, then by due
    date."""
    order = list(ItemState)
    wanted = (ItemState.TE_LAAT, ItemState.BINNENKORT)
    open_items = [item for item in found if item.state(today) in wanted]
    return sorted(open_items, key=lambda item: (order.index(item.state(today)), item.due))
