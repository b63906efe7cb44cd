"""The demo's history (domain/demo_history): the last region started in quarterly cohorts up to
the day the demo is made, with a spread of done, due and late work and nothing after that day."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.demo import generate_demo_practices
from mtvdp_tui.domain.demo_history import demo_history
from mtvdp_tui.domain.monitoring import ItemState, Progress, items
from mtvdp_tui.domain.ruleset_loader import resolve_ruleset
from tests.conftest import TODAY

HOOG, _ = resolve_ruleset("hoog-2023")
PRACTICES = generate_demo_practices(HOOG)


def test_the_last_region_started_in_quarterly_cohorts_up_to_today() -> None:
    history = demo_history(HOOG, PRACTICES, TODAY)
    region = HOOG.regions[-1]
    members = {p.agb for p in PRACTICES if p.region == region and p.excluded_reason is None}
    assert set(history.started) == members
    starts = set(history.started.values())
    assert all(day.day == 1 and day.month in (1, 4, 7, 10) for day in starts)
    assert max(starts) == date(2026, 10, 1) and min(starts) >= date(2024, 11, 1)


def test_the_demo_has_work_in_every_state() -> None:
    history = demo_history(HOOG, PRACTICES, TODAY)
    states: Counter[ItemState] = Counter()
    for agb, start in history.started.items():
        progress = Progress(
            start,
            {kind: day for who, kind, day in history.sent if who == agb},
            history.social.get(agb),
            jaarverslagen={year: day for who, year, day in history.jaarverslagen if who == agb},
        )
        for item in items(
            HOOG.monitoring,
            progress,
            plan_years=HOOG.plan_years,
            plan_deadline_months=HOOG.plan_deadline_months,
        ):
            states[item.state(TODAY)] += 1
    assert all(states[state] > 0 for state in ItemState), states


@settings(max_examples=20)
@given(today=st.dates(date(2024, 1, 1), date(2030, 12, 31)))
def test_nothing_is_recorded_after_the_day_the_demo_is_made(today: date) -> None:
    history = demo_history(HOOG, PRACTICES, today)
    days = [
        *(day for _, _, day in history.sent),
        *history.social.values(),
        *(day for _, _, day in history.jaarverslagen),
        *(meeting.held_on for meeting in history.meetings),
    ]
    assert all(day <= today for day in days)
    for agb, day in history.social.items():
        assert day >= history.started[agb]
    assert demo_history(HOOG, PRACTICES, today) == history  # the same every time


def test_the_demo_plans_meet_every_rule_and_most_are_submitted() -> None:
    from mtvdp_tui.domain.plan import PlanPractice
    from mtvdp_tui.domain.plan_rules import RuleStatus, evaluate_plan
    from mtvdp_tui.domain.ruleset import RuleKind

    for preset in ("hoog-2023", "roha-2023"):
        ruleset, _ = resolve_ruleset(preset)
        practices = generate_demo_practices(ruleset)
        history = demo_history(ruleset, practices, TODAY)
        assert len(history.plans) >= len(history.started) // 2, preset
        submitted = [day for _, _, day in history.plans if day is not None]
        assert len(submitted) > len(history.plans) // 2
        for agb, plan, day in history.plans:
            outcomes = evaluate_plan(
                ruleset,
                PlanPractice(agb, "x", history.started[agb]),
                plan,
                today=TODAY,
                submitted_on=day,
            )
            assert all(
                o.status is RuleStatus.OK for o in outcomes if o.kind is not RuleKind.DEADLINE
            )
