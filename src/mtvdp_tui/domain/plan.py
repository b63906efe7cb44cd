"""A practice plan (praktijkplan) as plain data, and the facts about its practice the rules need.

The plan rule engine (`plan_rules.py`) judges these; the store keeps them with versions;
the wizard edits them. Nothing here knows about Textual or the database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from mtvdp_tui.domain.practice import PracticeData


@dataclass(frozen=True)
class PlannedIntervention:
    """One intervention chosen for one plan year."""

    intervention: str  # the ruleset's intervention id
    year: int  # 1-based plan year
    refresh: bool = False  # "opfrissen/intensiveren": already applied, refreshed or intensified
    refresh_how: str = ""  # how it is refreshed or intensified (required when `refresh`)
    support_wanted: str = ""  # the support the practice wants from the organisation


@dataclass(frozen=True)
class Plan:
    """The content of a praktijkplan, draft or final."""

    reflection_practice: str = ""
    reflection_population: str = ""
    interventions: tuple[PlannedIntervention, ...] = ()
    intervisie_years: frozenset[int] = field(default_factory=frozenset)  # years committed

    def chosen(self, year: int) -> tuple[PlannedIntervention, ...]:
        return tuple(p for p in self.interventions if p.year == year)

    def chosen_ids(self, year: int) -> frozenset[str]:
        return frozenset(p.intervention for p in self.chosen(year))


@dataclass(frozen=True)
class PlanPractice:
    """What the rules need to know about the practice a plan is for."""

    agb: str
    name: str
    start_date: date | None
    excluded: bool = False
    excluded_reason: str = ""


def plan_practice(data: PracticeData) -> PlanPractice:
    """What the plan rules need of a practice's data."""
    return PlanPractice(
        agb=data.agb,
        name=data.name,
        start_date=data.start_date,
        excluded=data.excluded,
        excluded_reason=data.excluded_reason,
    )


class PlanStatus(enum.StrEnum):
    CONCEPT = "concept"
    INGEDIEND = "ingediend"
