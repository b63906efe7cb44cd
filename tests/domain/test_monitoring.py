"""Monitoring's due dates and states (SPEC §10): calendar months clamped to the month's end, the
1-meting moving with the nulmeting's date, and states that only move forward as time passes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.monitoring import (
    Item,
    ItemKind,
    ItemState,
    Progress,
    add_months,
    items,
    needing_attention,
    plan_year_end,
)
from mtvdp_tui.domain.ruleset import Monitoring

RULES = Monitoring(
    nulmeting_months=2, een_meting_months=12, slotmeting_months=24, social_domain_within_years=2
)


def due(progress: Progress) -> dict[str, date]:
    found = items(RULES, progress, plan_years=2, plan_deadline_months=6)
    return {item.label: item.due for item in found}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 3, 31), 2, date(2024, 5, 31)),
        (date(2024, 8, 31), 1, date(2024, 9, 30)),
        (date(2024, 7, 1), 14, date(2025, 9, 1)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


def test_every_item_of_a_practice_started_on_the_31st():
    assert due(Progress(start=date(2023, 12, 31))) == {
        "nulmeting": date(2024, 2, 29),
        "1-meting": date(2025, 2, 28),  # 12 months after the nulmeting's due date, clamped
        "slotmeting": date(2025, 12, 31),
        "sociaal domein": date(2025, 12, 31),
        "praktijkplan": date(2024, 6, 30),
        "intervisie 1": date(2024, 12, 30),
        "jaarverslag 1": date(2024, 12, 30),
        "intervisie 2": date(2025, 12, 30),
        "jaarverslag 2": date(2025, 12, 30),
    }


def test_the_1_meting_moves_with_the_day_the_nulmeting_was_sent():
    start = date(2024, 7, 1)
    assert due(Progress(start=start))["1-meting"] == date(2025, 9, 1)  # 14 months while unsent
    sent_early = Progress(start=start, sent={ItemKind.NULMETING: date(2024, 7, 20)})
    assert due(sent_early)["1-meting"] == date(2025, 7, 20)
    sent_late = Progress(start=start, sent={ItemKind.NULMETING: date(2024, 10, 31)})
    assert due(sent_late)["1-meting"] == date(2025, 10, 31)


def test_plan_years_end_the_day_before_their_anniversary():
    assert plan_year_end(date(2024, 7, 1), 1) == date(2025, 6, 30)
    assert plan_year_end(date(2024, 2, 29), 1) == date(2025, 2, 27)  # 28 Feb is year 2's first


@pytest.mark.parametrize(
    ("today", "done", "state"),
    [
        (date(2026, 10, 31), None, ItemState.GEPLAND),  # 31 days before
        (date(2026, 11, 1), None, ItemState.BINNENKORT),  # 30 days before
        (date(2026, 12, 1), None, ItemState.BINNENKORT),  # the last day
        (date(2026, 12, 2), None, ItemState.TE_LAAT),
        (date(2026, 12, 4), date(2026, 12, 5), ItemState.TE_LAAT),  # done only from that day
        (date(2026, 12, 5), date(2026, 12, 5), ItemState.AFGEROND),
        (date(2026, 6, 1), date(2026, 5, 1), ItemState.AFGEROND),  # early is done too
    ],
)
def test_states_around_today(today, done, state):
    assert Item(ItemKind.NULMETING, date(2026, 12, 1), done).state(today) is state


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(due_day=days, done=st.one_of(st.none(), days), first=days, later=st.integers(0, 3000))
def test_an_item_only_moves_forward_as_time_passes(due_day, done, first, later):
    """Never from afgerond back to open, never from te laat back to gepland or binnenkort."""
    item = Item(ItemKind.SLOTMETING, due_day, done)
    order = [ItemState.GEPLAND, ItemState.BINNENKORT, ItemState.TE_LAAT]
    before, after = item.state(first), item.state(first + timedelta(days=later))
    if before is ItemState.AFGEROND:
        assert after is ItemState.AFGEROND
    elif after is not ItemState.AFGEROND:
        assert order.index(after) >= order.index(before)


@given(start=days, sent=st.integers(-60, 400))
def test_every_due_date_is_after_the_start(start, sent):
    progress = Progress(start=start, sent={ItemKind.NULMETING: start + timedelta(days=sent)})
    for item in items(RULES, progress, plan_years=3, plan_deadline_months=6):
        assert item.due > start


def test_what_needs_attention_comes_worst_first():
    start = date(2024, 7, 1)
    progress = Progress(
        start=start,
        sent={ItemKind.NULMETING: date(2024, 8, 15)},
        plan_submitted=date(2024, 12, 1),
    )
    found = items(RULES, progress, plan_years=2, plan_deadline_months=6)
    labels = [item.label for item in needing_attention(found, date(2025, 8, 1))]
    # te laat: intervisie 1 and jaarverslag 1 (30 June 2025); binnenkort: the 1-meting (15 Aug)
    assert labels == ["intervisie 1", "jaarverslag 1", "1-meting"]


def test_a_jaarverslag_is_due_months_after_its_plan_year_when_the_regeling_says_so() -> None:
    rules = replace(RULES, jaarverslag_months=2)
    found = items(rules, Progress(date(2024, 7, 1)), plan_years=2, plan_deadline_months=3)
    reports = {item.year: item.due for item in found if item.kind is ItemKind.JAARVERSLAG}
    assert reports == {1: date(2025, 8, 30), 2: date(2026, 8, 30)}  # 30 June + 2 months
    intervisie = {item.year: item.due for item in found if item.kind is ItemKind.INTERVISIE}
    assert intervisie == {1: date(2025, 6, 30), 2: date(2026, 6, 30)}  # still the year's end


def test_a_plans_social_domain_interventions_are_named_once_in_its_order() -> None:
    from mtvdp_tui.domain.monitoring import social_domain_choices

    rules = replace(RULES, social_domain_interventions=frozenset({"wor", "buurtteam"}))
    chosen = ["lean", "buurtteam", "wor", "buurtteam"]
    assert social_domain_choices(rules, chosen) == ["buurtteam", "wor"]
    assert social_domain_choices(rules, ["lean"]) == []
