"""What the plan rules work with and give back: the plan in its context, the outcome of one rule,
the wizard step where a rule can be fixed, and the deadline calendar.

Deadline: "binnen N maanden na startdatum" means the plan is on time up to and including the day
N calendar months after the start date, on the same day of the month, or on the last day of that
month when it is shorter. Start 1 July 2023 with 3 months: due on 1 October 2023, and a plan
submitted on 1 October is on time; start 30 November 2023: due on 29 February 2024.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from mtvdp_tui.domain.plan import Plan, PlannedIntervention, PlanPractice
from mtvdp_tui.domain.ruleset import Intervention, PlanRule, RuleKind, Ruleset

# Wizard steps where a rule can be fixed; plan year Y is step 2 + Y (see `year_step`).
STEP_PRACTICE = 1  # praktijk & startdatum
STEP_REFLECTION = 2  # reflectie
STEP_INTERVISIE = 5  # ondersteuning + intervisie
STEP_OVERVIEW = 6  # overzicht / indienen


class RuleStatus(enum.StrEnum):
    OK = "ok"
    ONTBREEKT = "ontbreekt"  # something still has to be added
    FOUT = "fout"  # something is wrong, or too late


@dataclass(frozen=True)
class RuleOutcome:
    """How a plan does on one rule."""

    rule_id: str  # PlanRule.id from the ruleset
    kind: RuleKind
    text: str  # one Dutch sentence saying what the rule asks
    status: RuleStatus
    detail: str  # Dutch: what counts, or what is missing
    counted: tuple[str, ...]  # intervention ids that count toward it (empty where n/a)
    step: int  # the wizard step where it can be fixed
    undecidable: bool = False  # cannot be judged yet (the deadline without a start date)
    deadline: date | None = None  # the deadline rule's last day, when there is a start date
    days_late: int = 0  # the deadline rule: days past `deadline` (submitted, or else today)


@dataclass(frozen=True)
class PlanContext:
    """Everything an evaluator may look at."""

    ruleset: Ruleset
    practice: PlanPractice
    plan: Plan
    today: date
    submitted_on: date | None = None
    known: dict[str, Intervention] = field(default_factory=dict)  # the ruleset's, by id

    def chosen(self, year: int) -> list[PlannedIntervention]:
        """The year's planned interventions the ruleset knows, in plan order."""
        return [
            p for p in self.plan.interventions if p.year == year and p.intervention in self.known
        ]

    def name(self, intervention_id: str) -> str:
        known = self.known.get(intervention_id)
        return known.name if known else intervention_id

    def kernelement_name(self, kernelement_id: str | None) -> str:
        match = [k.name for k in self.ruleset.kernelementen if k.id == kernelement_id]
        return match[0] if match else str(kernelement_id)


Evaluator = Callable[[PlanRule, PlanContext], RuleOutcome]


def plan_deadline(months: int | Ruleset, start_date: date) -> date:
    """The last day a plan is on time: `months` calendar months after `start_date` (see above).

    `months` may be a ruleset, whose `plan_deadline_months` is then used.
    """
    count = months.plan_deadline_months if isinstance(months, Ruleset) else months
    index = start_date.month - 1 + count
    year, month = start_date.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month, min(start_date.day, calendar.monthrange(year, month)[1]))


def year_step(year: int, ruleset: Ruleset) -> int:
    """The wizard step for the interventions of plan `year` (year 1 is step 3)."""
    return 2 + min(max(year, 1), max(ruleset.plan_years, 1))
