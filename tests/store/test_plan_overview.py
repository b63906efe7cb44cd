"""The plans overview queries: states, filters, counts per region and chosen interventions."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.domain.plan_overview import PlanState, plan_state
from mtvdp_tui.records.plans import InterventionCount, PlanQuery, PlanSortKey
from tests.conftest import TODAY
from tests.examples import add, fill

BOTH_ENGINES = True  # see tests/engines.py


def states(database, query: PlanQuery | None = None) -> dict[str, PlanState]:
    overview = database.plan_overview
    return {row.name: row.state for row in overview.page(query or PlanQuery(), 0, 100)}


def test_each_practice_gets_its_state(database) -> None:
    fill(database)
    assert states(database) == {
        "Te Laat": PlanState.TE_LAAT,
        "Laat Concept": PlanState.TE_LAAT,
        "Geen Plan": PlanState.GEEN_PLAN,
        "Nog Niet Gestart": PlanState.GEEN_PLAN,
        "Concept": PlanState.CONCEPT,
        "Ingediend": PlanState.INGEDIEND,
        "Uitgesloten": PlanState.UITGESLOTEN,
    }


def test_most_urgent_first_then_by_start_date(database) -> None:
    fill(database)
    names = list(states(database))
    assert names[:2] == ["Laat Concept", "Te Laat"]  # same start date: by name
    assert names[2:4] == ["Geen Plan", "Nog Niet Gestart"]  # with a start date before without


def test_the_submitted_row_knows_its_versions(database) -> None:
    ids = fill(database)
    rows = database.plan_overview.page(PlanQuery(state=PlanState.INGEDIEND), 0, 10)
    assert [row.id for row in rows] == [ids["submitted"]]
    row = rows[0]
    assert (row.versions, row.submitted_version, row.concept_version) == (2, 1, 2)
    assert row.submitted_on == TODAY and row.newer_concept


def test_filter_on_state_region_and_text(database) -> None:
    fill(database)
    late = PlanQuery(state=PlanState.TE_LAAT)
    assert set(states(database, late)) == {"Te Laat", "Laat Concept"}
    assert database.plan_overview.count(late) == 2
    zutphen = PlanQuery(region="Zutphen")
    assert set(states(database, zutphen)) == {"Concept", "Ingediend"}
    assert set(states(database, PlanQuery(text="laat"))) == {"Te Laat", "Laat Concept"}


def test_counts_per_region_and_state(database) -> None:
    fill(database)
    counts = database.plan_overview.state_counts(PlanQuery())
    assert list(counts) == ["Apeldoorn", "Zutphen", "Oost-Achterhoek"]
    assert counts["Apeldoorn"][PlanState.TE_LAAT] == 2
    assert counts["Apeldoorn"][PlanState.GEEN_PLAN] == 2
    assert counts["Zutphen"] == {
        **dict.fromkeys(PlanState, 0),
        PlanState.CONCEPT: 1,
        PlanState.INGEDIEND: 1,
    }
    assert sum(counts["Oost-Achterhoek"].values()) == 0


def test_interventions_are_counted_from_each_practices_newest_version(database) -> None:
    fill(database)
    plans, counts = database.plan_overview.intervention_counts(PlanQuery())
    assert plans == 3  # concept, late concept (empty) and the submitted practice's new concept
    assert sorted(counts, key=lambda c: (c.intervention, c.year)) == [
        InterventionCount("regie-op-veelgebruikers", 1, plans=2, support_wanted=1),
        InterventionCount("welzijn-op-recept", 2, plans=1, support_wanted=0),
    ]


def test_intervention_counts_follow_the_filters(database) -> None:
    fill(database)
    plans, counts = database.plan_overview.intervention_counts(PlanQuery(state=PlanState.CONCEPT))
    assert plans == 1
    assert counts == [InterventionCount("regie-op-veelgebruikers", 1, plans=1, support_wanted=0)]


def test_sorting_by_each_key(database) -> None:
    fill(database)
    for key in PlanSortKey:
        rows = database.plan_overview.page(PlanQuery(sort=key), 0, 100)
        backwards = database.plan_overview.page(PlanQuery(sort=key, descending=True), 0, 100)
        assert len(rows) == len(backwards) == 7
    by_agb = database.plan_overview.page(PlanQuery(sort=PlanSortKey.AGB), 0, 100)
    assert [row.agb for row in by_agb] == sorted(row.agb for row in by_agb)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offsets=st.lists(st.one_of(st.none(), st.integers(-150, 20)), min_size=1, max_size=8),
    saved=st.lists(st.sampled_from(["none", "concept", "submitted"]), min_size=8, max_size=8),
)
def test_sql_states_agree_with_the_domain(database, offsets, saved) -> None:
    """Start dates around the deadline: the query's state equals `plan_state` for each."""
    with database.engine.begin() as connection:
        for table in ("praktijkplan", "ion_record", "practice"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    expected = {}
    for number, offset in enumerate(offsets):
        start = None if offset is None else TODAY + timedelta(days=offset)
        practice_id = add(database, f"0200{number:04d}", f"P{number}", start_date=start)
        if saved[number] != "none":
            concept = database.plans.save_concept(practice_id, Plan(), expected=None)
            if saved[number] == "submitted":
                database.plans.submit(practice_id, expected=concept)
        expected[f"P{number}"] = plan_state(
            excluded=False,
            start_date=start,
            submitted=saved[number] == "submitted",
            concept=saved[number] == "concept",
            months=database.ruleset.plan_deadline_months,
            today=TODAY,
        )
    assert states(database) == expected


def test_dates_are_dates(database) -> None:
    fill(database)
    row = database.plan_overview.page(PlanQuery(sort=PlanSortKey.START), 0, 1)[0]
    assert isinstance(row.start_date, date)


def test_position_of_a_practice_in_the_list(database) -> None:
    ids = fill(database)
    query = PlanQuery()
    rows = database.plan_overview.page(query, 0, 100)
    for index, row in enumerate(rows):
        assert database.plan_overview.position(query, row.id) == index
    assert database.plan_overview.position(PlanQuery(state=PlanState.CONCEPT), ids["late"]) is None
