"""The plan rule engine: judges a practice plan against the rules of a ruleset (regeling).

`evaluate_plan` gives one `RuleOutcome` per `PlanRule`, in the ruleset's order. Each `RuleKind` has
one small evaluator in `EVALUATORS` (`plan_rule_kinds`); a new kind is one function and one dict
entry, and screens only show outcomes. All text is Dutch, from the catalogue (`plan.rule.*`); names
of kernelementen and interventions come from the ruleset. Interventions in a plan that the ruleset
does not know are ignored (keeping plans consistent with their ruleset is the store's job).

This module is the public face of the rules: import the outcome types, the wizard steps and the
deadline calendar (defined in `plan_rule_context`) from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mtvdp_tui.domain.plan import Plan, PlanPractice
from mtvdp_tui.domain.plan_rule_context import (
    STEP_INTERVISIE,
    STEP_OVERVIEW,
    STEP_PRACTICE,
    STEP_REFLECTION,
    PlanContext,
    RuleOutcome,
    RuleStatus,
    plan_deadline,
    year_step,
)
from mtvdp_tui.domain.plan_rule_kinds import EVALUATORS
from mtvdp_tui.domain.ruleset import Ruleset

__all__ = [
    "EVALUATORS",
    "STEP_INTERVISIE",
    "STEP_OVERVIEW",
    "STEP_PRACTICE",
    "STEP_REFLECTION",
    "PlanContext",
    "RuleOutcome",
    "RuleStatus",
    "all_ok",
    "evaluate_plan",
    "plan_deadline",
    "year_step",
]


def evaluate_plan(
    ruleset: Ruleset,
    practice: PlanPractice,
    plan: Plan,
    *,
    today: date,
    submitted_on: date | None = None,
) -> list[RuleOutcome]:
    """One outcome per rule of `ruleset`, in its order."""
    known = {i.id: i for i in ruleset.interventions}
    context = PlanContext(ruleset, practice, plan, today, submitted_on, known)
    return [EVALUATORS[rule.kind](rule, context) for rule in ruleset.rules]


def all_ok(outcomes: Sequence[RuleOutcome]) -> bool:
    return all(o.status is RuleStatus.OK for o in outcomes)
