"""The plan states of the overview, and the cut-off date that lets SQL find late plans."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.plan_overview import PlanState, late_cutoff, plan_state
from mtvdp_tui.domain.plan_rules import plan_deadline

TODAY = date(2023, 10, 2)


def state(**facts: object) -> PlanState:
    given_facts = {
        "excluded": False,
        "start_date": date(2023, 7, 1),
        "submitted": False,
        "concept": False,
        "months": 3,
        "today": TODAY,
    }
    return plan_state(**{**given_facts, **facts})  # type: ignore[arg-type]


def test_excluded_practices_need_no_plan() -> None:
    assert state(excluded=True, submitted=True) is PlanState.UITGESLOTEN


def test_a_submitted_plan_counts_even_after_the_deadline() -> None:
    assert state(submitted=True, concept=True) is PlanState.INGEDIEND


def test_late_from_the_day_after_the_deadline() -> None:
    # start 1 July 2023, 3 months: due 1 October 2023 (on time that day), late on 2 October
    assert state(today=date(2023, 10, 1), concept=True) is PlanState.CONCEPT
    assert state(today=date(2023, 10, 2), concept=True) is PlanState.TE_LAAT
    assert state(today=date(2023, 10, 2)) is PlanState.TE_LAAT


def test_without_a_start_date_nothing_is_late() -> None:
    assert state(start_date=None) is PlanState.GEEN_PLAN
    assert state(start_date=None, concept=True) is PlanState.CONCEPT


@given(
    months=st.integers(0, 24),
    today=st.dates(date(2000, 1, 1), date(2100, 1, 1)),
    offset=st.integers(-800, 800),
)
def test_cutoff_separates_late_from_on_time_starts(months: int, today: date, offset: int) -> None:
    start = today + timedelta(days=offset)
    late = today > plan_deadline(months, start)
    assert (start < late_cutoff(months, today)) is late
