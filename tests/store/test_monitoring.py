"""Monitoring in the database (SPEC §10): the items computed in SQL agree with the domain module
to the day, the list is filtered, counted and paged, and every record is versioned, audited,
refused when stale or in the future, and all-or-nothing for a cohort."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from mtvdp_tui.domain.monitoring import ItemKind, ItemState, add_months
from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.audit import AuditQuery, Entity
from mtvdp_tui.records.errors import PracticeInUseError, RecordError, StaleRecordError
from mtvdp_tui.records.monitoring import Meeting, MonitoringQuery
from mtvdp_tui.store import outbox
from mtvdp_tui.store.outbox import WerkkopieReadOnly
from mtvdp_tui.store.tables import PlanRecord, WerkkopieState, table_of
from tests.conftest import TODAY

BOTH_ENGINES = True  # see tests/engines.py

EVERY_STATE = frozenset(ItemState)
AGBS = itertools.count(1_000_000)


def add(database, agb: str, name: str, start: date | None, **values) -> int:
    values.setdefault("region", "Zutphen")
    return database.practices.create(PracticeData(agb=agb, name=name, start_date=start, **values))


def sql_items(database, practice_id: int) -> list[tuple]:
    rows = database.monitoring.page(MonitoringQuery(states=EVERY_STATE), 0, 10_000)
    return sorted(
        (row.kind, row.year, row.due, row.done, row.state)
        for row in rows
        if row.practice_id == practice_id
    )


def domain_items(database, practice_id: int) -> list[tuple]:
    return sorted(
        (item.kind, item.year, item.due, item.done, item.state(TODAY))
        for item in database.monitoring.timeline(practice_id)
    )


def test_the_items_of_a_practice_started_on_the_31st_are_clamped_to_the_months_end(
    database,
) -> None:
    practice = add(database, "01000001", "De Linde", date(2023, 12, 31))
    found = {(kind, year): due for kind, year, due, _, _ in sql_items(database, practice)}
    assert found[(ItemKind.NULMETING, None)] == date(2024, 2, 29)  # a leap year's end
    assert found[(ItemKind.EEN_METING, None)] == date(2025, 2, 28)  # 12 months after that
    assert found[(ItemKind.SLOTMETING, None)] == date(2025, 12, 31)
    assert found[(ItemKind.SOCIAAL_DOMEIN, None)] == date(2025, 12, 31)
    assert found[(ItemKind.INTERVISIE, 1)] == date(2024, 12, 30)
    assert found[(ItemKind.JAARVERSLAG, 2)] == date(2025, 12, 30)
    assert sql_items(database, practice) == domain_items(database, practice)


def test_the_1_meting_moves_with_the_day_the_nulmeting_was_sent(database) -> None:
    practice = add(database, "01000001", "De Linde", date(2025, 7, 1))
    database.monitoring.record_sent(ItemKind.NULMETING, date(2025, 10, 31), {practice: None})
    found = {kind: (due, done) for kind, _, due, done, _ in sql_items(database, practice)}
    assert found[ItemKind.NULMETING] == (date(2025, 9, 1), date(2025, 10, 31))
    assert found[ItemKind.EEN_METING][0] == date(2026, 10, 31)
    assert sql_items(database, practice) == domain_items(database, practice)


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    start=st.dates(date(2022, 1, 1), date(2026, 11, 30)),
    sent=st.lists(st.integers(0, 900), min_size=3, max_size=3),
    sent_which=st.lists(st.booleans(), min_size=3, max_size=3),
    meetings=st.lists(st.tuples(st.integers(-400, 1500), st.booleans()), max_size=4),
    social=st.one_of(st.none(), st.integers(0, 1000)),
    reports=st.sets(st.integers(1, 2), max_size=2),  # both presets: two plan years
)
def test_sql_and_the_domain_module_give_the_same_items(
    database, start, sent, sent_which, meetings, social, reports
) -> None:
    """Whatever was recorded, the list (SQL) and the timeline (Python) agree on every item's
    due date, done date and state."""
    practice = add(database, f"{next(AGBS):08d}", "X", start)  # a new practice each example
    monitoring = database.monitoring
    for (kind, offset), chosen in zip(
        zip((ItemKind.NULMETING, ItemKind.EEN_METING, ItemKind.SLOTMETING), sent, strict=True),
        sent_which,
        strict=True,
    ):
        day = min(start + timedelta(days=offset), TODAY)
        if chosen:
            monitoring.record_sent(kind, day, {practice: None})
    if social is not None:
        monitoring.set_social_domain(practice, min(start + timedelta(days=social), TODAY), None)
    for year in reports:
        monitoring.set_jaarverslag(practice, year, TODAY, None)
    for offset, on_agenda in meetings:
        held = min(start + timedelta(days=offset), TODAY)
        monitoring.save_meeting(
            Meeting(held, "Centrum", "Zutphen", on_agenda, frozenset({practice}))
        )
    assert sql_items(database, practice) == domain_items(database, practice)


def test_the_list_shows_what_needs_attention_worst_first_and_pages(database) -> None:
    late = add(database, "01000001", "Laat", date(2024, 1, 1))
    soon = add(database, "01000002", "Binnenkort", TODAY - timedelta(days=60))  # nulmeting due
    add(database, "01000003", "Nog niet", None)  # not started: nothing due
    add(database, "01000004", "Uitgesloten", date(2024, 1, 1), excluded=True, excluded_reason="x")
    monitoring = database.monitoring
    rows = monitoring.page(MonitoringQuery(), 0, 100)
    assert {row.practice_id for row in rows} == {late, soon}
    states = [row.state for row in rows]
    assert states == sorted(states, key=list(ItemState).index)  # te laat before binnenkort
    assert rows[0].state is ItemState.TE_LAAT and rows[0].practice_id == late
    assert any(r.practice_id == soon and r.kind is ItemKind.NULMETING for r in rows)
    assert monitoring.count(MonitoringQuery()) == len(rows)
    assert monitoring.page(MonitoringQuery(), 1, 2) == rows[1:3]
    only_plans = MonitoringQuery(kind=ItemKind.PRAKTIJKPLAN)
    assert [r.kind for r in monitoring.page(only_plans, 0, 100)] == [ItemKind.PRAKTIJKPLAN]
    assert monitoring.count(MonitoringQuery(text="binnenk")) == sum(
        1 for row in rows if row.practice_id == soon
    )


def test_the_counts_are_per_region_and_per_kind(database) -> None:
    add(database, "01000001", "A", date(2024, 1, 1))
    add(database, "01000002", "B", date(2024, 1, 1), region="Apeldoorn")
    counts = database.monitoring.counts(MonitoringQuery())
    assert list(counts.by_region) == ["Apeldoorn", "Zutphen", "Oost-Achterhoek"]
    items_each = sum(counts.by_region["Zutphen"].values())
    assert items_each == sum(counts.by_region["Apeldoorn"].values()) == 9  # 5 + 2 × 2 years
    assert counts.by_region["Oost-Achterhoek"] == {}
    assert counts.by_kind[ItemKind.NULMETING] == {ItemState.TE_LAAT: 2}
    assert sum(counts.total.values()) == 18
    only = database.monitoring.counts(MonitoringQuery(region="Apeldoorn"))
    assert list(only.by_region) == ["Apeldoorn"]


def test_a_cohort_is_recorded_all_or_nothing(database) -> None:
    cohort_start = date(2025, 7, 1)
    first = add(database, "01000001", "A", cohort_start)
    second = add(database, "01000002", "B", cohort_start)
    add(database, "01000003", "C", date(2025, 10, 1))
    monitoring = database.monitoring
    assert monitoring.cohorts() == [(cohort_start, 2), (date(2025, 10, 1), 1)]
    members = monitoring.cohort(cohort_start, ItemKind.NULMETING)
    assert [m.practice_id for m in members] == [first, second]
    seen = {m.practice_id: m.sent_on for m in members}
    monitoring.record_sent(ItemKind.NULMETING, date(2025, 8, 15), {second: None})  # another copy
    with pytest.raises(StaleRecordError):
        monitoring.record_sent(ItemKind.NULMETING, date(2025, 9, 1), seen)
    assert monitoring.sent_on(first, ItemKind.NULMETING) is None  # nothing of the cohort stored
    assert monitoring.sent_on(second, ItemKind.NULMETING) == date(2025, 8, 15)
    fresh = {m.practice_id: m.sent_on for m in monitoring.cohort(cohort_start, ItemKind.NULMETING)}
    assert monitoring.record_sent(ItemKind.NULMETING, date(2025, 9, 1), fresh) == 2
    entries = database.audit.page(AuditQuery(entity=Entity.METING), 0, 10)
    assert len(entries) == 3
    assert entries[0].subject.endswith("nulmeting")
    assert {e.after["verstuurd_op"] for e in entries[:2]} == {"2025-09-01"}


def test_a_day_in_the_future_is_refused_and_nothing_changes(database) -> None:
    practice = add(database, "01000001", "A", date(2025, 7, 1))
    monitoring = database.monitoring
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(RecordError, match="toekomst"):
        monitoring.record_sent(ItemKind.NULMETING, tomorrow, {practice: None})
    with pytest.raises(RecordError, match="toekomst"):
        monitoring.set_social_domain(practice, tomorrow, None)
    with pytest.raises(RecordError, match="Planjaar 9"):
        monitoring.set_jaarverslag(practice, 9, TODAY, None)
    assert monitoring.progress(practice).sent == {}


def test_social_domain_and_jaarverslag_are_versioned_and_audited(database) -> None:
    practice = add(database, "01000001", "A", date(2024, 7, 1))
    monitoring = database.monitoring
    monitoring.set_social_domain(practice, date(2025, 3, 1), None)
    with pytest.raises(StaleRecordError):  # a second copy still saw "not started"
        monitoring.set_social_domain(practice, date(2025, 4, 1), None)
    monitoring.set_social_domain(practice, date(2025, 2, 1), date(2025, 3, 1))
    monitoring.set_jaarverslag(practice, 1, date(2025, 8, 1), None)
    progress = monitoring.progress(practice)
    assert progress.social_domain_started == date(2025, 2, 1)
    assert progress.jaarverslagen == {1: date(2025, 8, 1)}
    kinds = [e.entity for e in database.audit.page(AuditQuery(practice_id=practice), 0, 10)]
    assert kinds.count(Entity.SOCIAAL_DOMEIN) == 2 and Entity.JAARVERSLAG in kinds


def test_a_meeting_with_mtvdp_on_the_agenda_meets_the_intervisie_rule(database) -> None:
    practice = add(database, "01000001", "A", date(2025, 7, 1), wijk="Centrum")
    other = add(database, "01000002", "B", date(2025, 7, 1), wijk="centrum")
    add(database, "01000003", "C", date(2025, 7, 1), wijk="Noord")
    monitoring = database.monitoring
    assert [p.practice_id for p in monitoring.wijk_practices("Zutphen", "CENTRUM")] == [
        practice,
        other,
    ]
    assert ("Zutphen", "Centrum") in monitoring.wijken("Zutphen")
    off_agenda = monitoring.save_meeting(
        Meeting(date(2025, 9, 1), "Centrum", "Zutphen", False, frozenset({practice}))
    )
    assert monitoring.progress(practice).intervisie == {}
    meeting = monitoring.save_meeting(
        Meeting(date(2025, 10, 6), "Centrum", "Zutphen", True, frozenset({practice}))
    )
    assert monitoring.progress(practice).intervisie == {1: date(2025, 10, 6)}
    ticked = monitoring.save_meeting(
        Meeting(
            meeting.held_on, "Centrum", "Zutphen", True, frozenset({practice, other}),
            meeting.id, meeting.row_version,
        )
    )  # fmt: skip
    assert monitoring.progress(other).intervisie == {1: date(2025, 10, 6)}
    with pytest.raises(StaleRecordError):  # the version read before the attendance was ticked
        monitoring.save_meeting(meeting)
    assert monitoring.meetings("Zutphen", "centrum")[0].attendees == {practice, other}
    monitoring.delete_meeting(ticked)
    monitoring.delete_meeting(off_agenda)
    assert monitoring.meetings() == []
    assert monitoring.progress(other).intervisie == {}
    actions = [
        e.action.value for e in database.audit.page(AuditQuery(entity=Entity.INTERVISIE), 0, 9)
    ]
    assert sorted(actions) == ["aangemaakt", "aangemaakt", "gewijzigd", "verwijderd", "verwijderd"]


def test_a_submitted_plan_completes_the_praktijkplan_item(database) -> None:
    practice = add(database, "01000001", "A", date(2025, 7, 1))
    (row,) = [
        r
        for r in database.monitoring.page(MonitoringQuery(states=EVERY_STATE), 0, 100)
        if r.kind is ItemKind.PRAKTIJKPLAN
    ]
    assert row.done is None
    plan_table = table_of(PlanRecord)
    with database.engine.begin() as connection:
        connection.execute(
            insert(plan_table).values(
                practice_id=practice,
                version=1,
                status=PlanStatus.INGEDIEND.value,
                submitted_on=date(2025, 11, 3),
                content="{}",
            )
        )
    assert database.monitoring.progress(practice).plan_submitted == date(2025, 11, 3)
    due = add_months(date(2025, 7, 1), database.ruleset.plan_deadline_months)
    done = (ItemKind.PRAKTIJKPLAN, None, due, date(2025, 11, 3), ItemState.AFGEROND)
    assert done in sql_items(database, practice)


def test_a_practice_with_monitoring_records_is_not_deleted(database) -> None:
    practice = add(database, "01000001", "A", date(2025, 7, 1))
    database.monitoring.record_sent(ItemKind.NULMETING, date(2025, 8, 1), {practice: None})
    with pytest.raises(PracticeInUseError, match="verstuurde meting"):
        database.practices.delete(practice)


def test_nothing_is_recorded_in_a_werkkopie(database, engine) -> None:
    if engine != "sqlite":
        pytest.skip("a werkkopie is a SQLite file")
    practice = add(database, "01000001", "A", date(2025, 7, 1))
    with database.engine.begin() as connection:
        connection.execute(
            insert(table_of(WerkkopieState)).values(id=1, server="x", database_id="y")
        )
    outbox.forget(database.engine)
    monitoring = database.monitoring
    with pytest.raises(WerkkopieReadOnly, match="monitoring"):
        monitoring.record_sent(ItemKind.NULMETING, date(2025, 8, 1), {practice: None})
    with pytest.raises(WerkkopieReadOnly):
        monitoring.save_meeting(Meeting(date(2025, 8, 1), "Centrum", "Zutphen"))
    assert monitoring.meetings() == [] and monitoring.progress(practice).sent == {}


def test_sql_follows_a_regeling_whose_jaarverslag_is_due_later(database) -> None:
    """A regeling with `jaarverslag_maanden_na_planjaar = 2`: SQL and domain agree."""
    from dataclasses import replace

    from mtvdp_tui.store.monitoring import MonitoringRepository

    monitoring = replace(database.ruleset.monitoring, jaarverslag_months=2)
    ruleset = replace(database.ruleset, monitoring=monitoring)
    repository = MonitoringRepository(database.engine, ruleset, lambda: TODAY)
    practice = add(database, "01000001", "A", date(2023, 12, 31))
    rows = repository.page(MonitoringQuery(states=EVERY_STATE), 0, 100)
    reports = {r.year: r.due for r in rows if r.kind is ItemKind.JAARVERSLAG}
    assert reports == {1: date(2025, 2, 28), 2: date(2026, 2, 28)}  # 30 Dec + 2 months
    expected = sorted(
        (item.kind, item.year, item.due, item.done, item.state(TODAY))
        for item in repository.timeline(practice)
    )
    assert sorted((r.kind, r.year, r.due, r.done, r.state) for r in rows) == expected
