"""Practice plans on temporary database files: concepts, submission, versions, concurrency."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.plan import Plan, PlannedIntervention, PlanStatus
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.errors import PracticeInUseError, StaleRecordError
from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.store.plans import plan_from_json, plan_to_json
from tests.conftest import TODAY, open_test_database

BOTH_ENGINES = True  # see tests/engines.py

PLAN = Plan(
    reflection_practice="Veel ouderen met multimorbiditeit.",
    reflection_population="Vergrijzende wijk; veel alleenstaanden.",
    interventions=(
        PlannedIntervention("regie-op-veelgebruikers", 1, support_wanted="Training"),
        PlannedIntervention("welzijn-op-recept", 2, refresh=True, refresh_how="Nieuwe partners"),
    ),
    intervisie_years=frozenset({1, 2}),
)


@pytest.fixture
def practice_id(database) -> int:
    return database.practices.create(
        PracticeData(agb="01000001", name="De Linde", region="Apeldoorn")
    )


def test_first_save_is_concept_version_one(database, practice_id: int) -> None:
    assert database.plans.latest(practice_id) is None
    stored = database.plans.save_concept(practice_id, PLAN, expected=None)
    assert (stored.version, stored.status, stored.plan) == (1, PlanStatus.CONCEPT, PLAN)


def test_saving_a_concept_again_updates_it(database, practice_id: int) -> None:
    first = database.plans.save_concept(practice_id, Plan(), expected=None)
    second = database.plans.save_concept(practice_id, PLAN, expected=first)
    assert (second.version, second.plan) == (1, PLAN)
    assert len(database.plans.versions(practice_id)) == 1


def test_submitting_records_the_date(database, practice_id: int) -> None:
    concept = database.plans.save_concept(practice_id, PLAN, expected=None)
    submitted = database.plans.submit(practice_id, expected=concept)
    assert (submitted.status, submitted.submitted_on) == (PlanStatus.INGEDIEND, TODAY)


def test_changing_a_submitted_plan_starts_a_new_version_and_keeps_the_old(
    database, practice_id: int
) -> None:
    concept = database.plans.save_concept(practice_id, PLAN, expected=None)
    submitted = database.plans.submit(practice_id, expected=concept)
    changed = Plan(reflection_practice="Anders")
    new = database.plans.save_concept(practice_id, changed, expected=submitted)
    assert (new.version, new.status, new.plan) == (2, PlanStatus.CONCEPT, changed)
    old, _ = database.plans.versions(practice_id)
    assert (old.status, old.plan, old.submitted_on) == (PlanStatus.INGEDIEND, PLAN, TODAY)


def test_a_save_based_on_an_older_version_is_refused(database, practice_id: int) -> None:
    opened = database.plans.save_concept(practice_id, Plan(), expected=None)
    database.plans.save_concept(practice_id, PLAN, expected=opened)  # another window saves
    with pytest.raises(StaleRecordError, match="door iemand anders opgeslagen"):
        database.plans.save_concept(practice_id, Plan(reflection_practice="x"), expected=opened)
    assert database.plans.latest(practice_id).plan == PLAN


def test_a_second_first_save_is_refused(database, practice_id: int) -> None:
    database.plans.save_concept(practice_id, PLAN, expected=None)
    with pytest.raises(StaleRecordError):
        database.plans.save_concept(practice_id, Plan(), expected=None)


def test_submitting_twice_is_refused(database, practice_id: int) -> None:
    concept = database.plans.save_concept(practice_id, PLAN, expected=None)
    submitted = database.plans.submit(practice_id, expected=concept)
    with pytest.raises(StaleRecordError, match="al ingediend"):
        database.plans.submit(practice_id, expected=submitted)


def test_saving_an_unchanged_plan_writes_nothing(database, practice_id: int) -> None:
    concept = database.plans.save_concept(practice_id, PLAN, expected=None)
    submitted = database.plans.submit(practice_id, expected=concept)
    entries = database.audit.last_id()
    again = database.plans.save_concept(practice_id, PLAN, expected=submitted)
    assert again == submitted  # no version 2, no new row version
    assert [p.version for p in database.plans.versions(practice_id)] == [1]
    assert database.audit.last_id() == entries


def test_a_practice_with_a_plan_cannot_be_deleted(database, practice_id: int) -> None:
    database.plans.save_concept(practice_id, PLAN, expected=None)
    assert database.practices.blockers(practice_id) == ["een praktijkplan"]
    with pytest.raises(PracticeInUseError, match="er is nog een praktijkplan"):
        database.practices.delete(practice_id)


def test_a_database_of_the_first_schema_is_migrated_with_its_data(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from mtvdp_tui.store.database import make_engine

    path = tmp_path / "oud.sqlite"
    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO ruleset (code, name, version, source_name, toml_text, loaded_at) "
            "VALUES ('hoog-2023', 'HOOG 2023', 1, 'hoog-2023', ?, '2026-01-01 00:00:00')",
            (_preset_text(),),
        )
        raw.execute("INSERT INTO setting VALUES ('active_ruleset_id', '1')")
        raw.execute("INSERT INTO region (name, position) VALUES ('Apeldoorn', 0)")
        raw.execute(
            "INSERT INTO practice (agb, name, region_id, wijk, survey_answered, excluded, "
            "excluded_reason, notes, search_key, version, created_at, updated_at) VALUES "
            "('01000001', 'De Linde', 1, '', 0, 0, '', '', '01000001 de linde ', 1, "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    db = open_test_database(path)
    try:
        assert db.practices.count() == 1
        practice_id = db.practices.page(PracticeQuery(), 0, 1)[0].id
        assert db.plans.save_concept(practice_id, PLAN, expected=None).version == 1
    finally:
        db.close()


def _preset_text() -> str:
    from mtvdp_tui.domain.ruleset_loader import preset_text

    return preset_text("hoog-2023")


words = st.text(max_size=40)
plans = st.builds(
    Plan,
    reflection_practice=words,
    reflection_population=words,
    interventions=st.lists(
        st.builds(
            PlannedIntervention,
            intervention=st.text(min_size=1, max_size=30),
            year=st.integers(1, 3),
            refresh=st.booleans(),
            refresh_how=words,
            support_wanted=words,
        ),
        max_size=8,
    ).map(tuple),
    intervisie_years=st.frozensets(st.integers(1, 3)),
)


@given(plans)
def test_plan_content_round_trips_through_json(plan: Plan) -> None:
    assert plan_from_json(plan_to_json(plan)) == plan


def test_stored_json_is_readable_dutch() -> None:
    text = plan_to_json(PLAN)
    assert '"reflectie_praktijk": "Veel ouderen met multimorbiditeit."' in text
    assert '"formaat": 1' in text
    assert '"opfrissen_hoe": "Nieuwe partners"' in text
