"""Whether a plan may be submitted, and what must be confirmed first (pure, without Textual)."""

from __future__ import annotations

from datetime import date

from mtvdp_tui.domain.plan import Plan, PlannedIntervention, PlanPractice
from mtvdp_tui.domain.plan_rules import evaluate_plan
from mtvdp_tui.domain.plan_submit import SubmitCode, VerdictCode, plan_verdict, submit_decision
from mtvdp_tui.domain.ruleset_loader import load_preset
from mtvdp_tui.i18n import t
from tests.test_i18n import no_nested_brackets

HOOG = load_preset("hoog-2023")
TODAY = date(2023, 9, 1)
VALID = Plan(
    reflection_practice="Veel ouderen.",
    reflection_population="Vergrijzende wijk.",
    interventions=(
        PlannedIntervention("regie-op-veelgebruikers", 1),
        PlannedIntervention("goede-gesprek-trainen", 1),
        PlannedIntervention("lean-werken", 2),
        PlannedIntervention("goede-gesprek-trainen", 2),
        PlannedIntervention("welzijn-op-recept", 2),
        PlannedIntervention("samenwerken-met-wijkteam", 2),
    ),
    intervisie_years=frozenset({1, 2}),
)


def outcomes(plan: Plan, start: date | None, submitted_on: date | None = TODAY):
    practice = PlanPractice(agb="01000001", name="De Linde", start_date=start)
    return evaluate_plan(HOOG, practice, plan, today=TODAY, submitted_on=submitted_on)


def decide(plan: Plan, start: date | None, *, submitted: bool = False, changed: bool = True):
    return submit_decision(outcomes(plan, start), already_submitted=submitted, changed=changed)


def test_a_plan_without_a_start_date_is_submitted_only_after_a_confirmation() -> None:
    decision = decide(VALID, None)
    assert decision.code is SubmitCode.CONFIRM_NO_START and decision.without_start


def test_a_plan_on_time_is_submitted_at_once() -> None:
    assert decide(VALID, date(2023, 7, 1)).code is SubmitCode.SUBMIT


def test_a_late_plan_asks_and_says_how_late() -> None:
    decision = decide(VALID, date(2023, 1, 1))  # deadline 1 apr 2023, submitted 1 sep 2023
    assert decision.code is SubmitCode.CONFIRM_LATE
    assert decision.params == {"days": "153 dagen", "deadline": "1 apr 2023"}
    question = t("wizard.submit.late", **decision.params)
    assert question.startswith("Dit plan wordt 153 dagen na de uiterste datum (1 apr 2023) ")
    assert no_nested_brackets(question)


def test_any_other_open_rule_blocks_also_without_a_start_date() -> None:
    decision = decide(Plan(reflection_practice="x"), None)
    assert decision.code is SubmitCode.REFUSED
    assert decision.params["count"] >= 1 and decision.step == 2


def test_an_unchanged_submitted_plan_is_not_submitted_again() -> None:
    assert decide(VALID, None, submitted=True, changed=False).code is SubmitCode.UNCHANGED
    assert decide(VALID, None, submitted=True, changed=True).code is SubmitCode.CONFIRM_NO_START


def test_the_verdict_of_a_plan_submitted_without_a_start_date_says_exactly_that() -> None:
    assert plan_verdict(outcomes(VALID, None), submitted=True)[0] is VerdictCode.NO_START
    assert plan_verdict(outcomes(VALID, None, None), submitted=False)[0] is VerdictCode.FAILING
    assert plan_verdict(outcomes(VALID, date(2023, 7, 1)), submitted=True)[0] is VerdictCode.ALL_OK
