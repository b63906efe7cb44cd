"""Deciding a werkkopie's conflicts (SPEC §9): the decision is an ordinary change on top of
the local record (which shows the server's values after the pull), put in the outbox in the
transaction that marks the conflict decided; a refused decision changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select

from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.domain.sync_values import decode, encode
from mtvdp_tui.records.sync import ChangeKind, Decision
from mtvdp_tui.store.conflicts import ConflictRefused, all_conflicts, decide, open_conflicts
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.outbox import CONFLICTS, OUTBOX
from mtvdp_tui.store.plans import plan_to_json
from mtvdp_tui.store.plans import sync_values as plan_values
from mtvdp_tui.store.practices import sync_values
from tests.conftest import open_test_database
from tests.sync.test_outbox import changes, first_practice

FOUND = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
PEILDATUM = date(2027, 1, 1)


def add_conflict(
    database: Database,
    kind: ChangeKind,
    agb: str,
    *,
    base: dict[str, Any] | None,
    mine: dict[str, Any] | None,
    theirs: dict[str, Any] | None,
    peildatum: date | None = None,
    plan_version: int | None = None,
    found_at: datetime = FOUND,
) -> int:
    """A conflict row as the synchronisation writes it."""
    with database.engine.begin() as connection:
        result = connection.execute(
            insert(CONFLICTS).values(
                kind=kind.value,
                agb=agb,
                peildatum=peildatum,
                plan_version=plan_version,
                change_ids='["00000000-0000-0000-0000-000000000001"]',
                base=encode(base),
                mine=encode(mine),
                theirs=encode(theirs),
                theirs_version=7,
                found_at=found_at,
            )
        )
        return int(result.inserted_primary_key[0])


def empty_outbox(database: Database) -> None:
    """As after a synchronisation: what was made to set the scene has been sent."""
    with database.engine.begin() as connection:
        connection.execute(delete(OUTBOX))


def row(database: Database, conflict_id: int) -> dict[str, Any]:
    with database.engine.connect() as connection:
        found = connection.execute(select(CONFLICTS).where(CONFLICTS.c.id == conflict_id))
        return dict(found.mappings().one())


def conflict_count(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(CONFLICTS)).scalar_one()


@pytest.fixture
def copy(werkkopie) -> Database:
    return werkkopie("a")


def practice_conflict(copy: Database) -> tuple[int, dict[str, Any], int]:
    """The server renamed the practice while I changed its wijk and notes here."""
    practice_id = first_practice(copy)
    theirs = sync_values(copy.practices.get(practice_id).data)
    base = {**theirs, "name": "Oude naam"}
    mine = {**base, "wijk": "Mijnwijk", "notes": "offline genoteerd"}
    conflict_id = add_conflict(
        copy, ChangeKind.PRAKTIJK, theirs["agb"], base=base, mine=mine, theirs=theirs
    )
    return practice_id, theirs, conflict_id


# --- reading -------------------------------------------------------------------------------


def test_an_open_conflict_shows_each_field_three_ways_as_the_app_shows_values(copy):
    _practice_id, theirs, conflict_id = practice_conflict(copy)
    [found] = open_conflicts(copy)
    assert found.id == conflict_id and found.decided_at is None
    assert found.subject == f"{theirs['name']} ({theirs['agb']})"
    assert "server" in found.reason
    by_name = {field.name: field for field in found.fields}
    assert [f.name for f in found.fields if f.differs] == ["name", "wijk", "notes"]
    assert by_name["wijk"].label == "Wijk"
    assert by_name["wijk"].mine == "Mijnwijk" and by_name["wijk"].base == (
        theirs["wijk"] or "(leeg)"
    )
    assert by_name["name"].base == "Oude naam" and by_name["name"].theirs == theirs["name"]
    assert by_name["excluded"].mine in ("ja", "nee")
    moment = theirs["preferred_moment"]
    if moment is not None:
        assert by_name["preferred_moment"].theirs == moment.strftime("%d-%m-%Y")


def test_an_ion_and_a_plan_conflict_name_their_record(copy):
    practice_id = first_practice(copy)
    data = copy.practices.get(practice_id).data
    add_conflict(
        copy,
        ChangeKind.ION,
        data.agb,
        peildatum=PEILDATUM,
        base=None,
        mine={"ion": 3100},
        theirs=None,
        found_at=FOUND.replace(hour=8),
    )
    content = plan_to_json(Plan(reflection_practice="x" * 200))
    plan = {"status": "concept", "submitted_on": None, "content": content}
    add_conflict(copy, ChangeKind.PLAN, data.agb, plan_version=2, base=None, mine=plan, theirs=plan)
    ion, plan_conflict = open_conflicts(copy)  # oldest first
    assert ion.subject == f"ION per 01-01-2027 van {data.name} ({data.agb})"
    assert [(f.label, f.mine, f.theirs) for f in ion.fields] == [("ION", "3.100", "(bestaat niet)")]
    assert "Niet (meer) op de server" in ion.reason
    assert plan_conflict.subject == f"Praktijkplan versie 2 van {data.name} ({data.agb})"
    shown = {f.name: f.mine for f in plan_conflict.fields}
    assert shown["status"] == "concept" and shown["reflectie_praktijk"].endswith("…")
    assert len(shown["reflectie_praktijk"]) == 60


# --- deciding ------------------------------------------------------------------------------


def test_mine_writes_my_values_over_theirs_and_sends_them_as_a_new_change(copy):
    practice_id, theirs, conflict_id = practice_conflict(copy)
    decide(copy, conflict_id, Decision.MIJN)
    data = copy.practices.get(practice_id).data
    assert (data.name, data.wijk, data.notes) == ("Oude naam", "Mijnwijk", "offline genoteerd")
    [change] = changes(copy)
    assert change["kind"] == "praktijk" and change["agb"] == theirs["agb"]
    assert decode("praktijk", change["base"]) == theirs  # based on what is here: theirs
    assert decode("praktijk", change["after"]) == sync_values(data)
    decided = row(copy, conflict_id)
    assert decided["decision"] == "mijn" and decided["decided_at"] is not None
    assert open_conflicts(copy) == [] and len(all_conflicts(copy)) == 1


def test_field_by_field_keeps_mine_only_where_chosen(copy):
    practice_id, theirs, conflict_id = practice_conflict(copy)
    decide(copy, conflict_id, Decision.PER_VELD, {"wijk"})
    data = copy.practices.get(practice_id).data
    assert (data.name, data.wijk, data.notes) == (theirs["name"], "Mijnwijk", theirs["notes"])
    [change] = changes(copy)
    after = decode("praktijk", change["after"])
    assert after == {**theirs, "wijk": "Mijnwijk"}
    assert row(copy, conflict_id)["decision"] == "per_veld"


def test_theirs_writes_nothing_but_the_decision(copy):
    practice_id, theirs, conflict_id = practice_conflict(copy)
    decide(copy, conflict_id, Decision.HUN)
    assert sync_values(copy.practices.get(practice_id).data) == theirs
    assert changes(copy) == []
    assert row(copy, conflict_id)["decision"] == "hun"


def test_a_decided_conflict_is_not_decided_again(copy):
    _practice_id, _theirs, conflict_id = practice_conflict(copy)
    decide(copy, conflict_id, Decision.HUN)
    with pytest.raises(ConflictRefused, match="al beslist"):
        decide(copy, conflict_id, Decision.MIJN)
    assert changes(copy) == []
    assert row(copy, conflict_id)["decision"] == "hun"
    assert conflict_count(copy) == 1  # kept as history


def test_a_record_changed_here_since_refuses_mine_and_changes_nothing(copy):
    practice_id, _theirs, conflict_id = practice_conflict(copy)
    record = copy.practices.get(practice_id)
    copy.practices.update(
        practice_id, replace(record.data, wijk="Later"), expected_version=record.version
    )
    before = changes(copy)
    with pytest.raises(ConflictRefused, match="gewijzigd sinds"):
        decide(copy, conflict_id, Decision.MIJN)
    assert copy.practices.get(practice_id).data.wijk == "Later"
    assert changes(copy) == before
    assert row(copy, conflict_id)["decided_at"] is None


def test_an_unknown_field_is_refused(copy):
    _practice_id, _theirs, conflict_id = practice_conflict(copy)
    with pytest.raises(ConflictRefused, match="Onbekend veld"):
        decide(copy, conflict_id, Decision.PER_VELD, {"kleur"})
    assert row(copy, conflict_id)["decided_at"] is None


def test_a_new_practice_whose_agb_is_on_the_server_becomes_a_change_of_that_practice(copy):
    practice_id = first_practice(copy)
    theirs = sync_values(copy.practices.get(practice_id).data)
    mine = {**theirs, "name": "Mijn nieuwe praktijk", "wijk": "Noord"}
    conflict_id = add_conflict(
        copy, ChangeKind.PRAKTIJK, theirs["agb"], base=None, mine=mine, theirs=theirs
    )
    [found] = open_conflicts(copy)
    assert "AGB-code staat intussen al op de server" in found.reason
    assert all(field.base is None for field in found.fields)
    decide(copy, conflict_id, Decision.MIJN)
    assert copy.practices.get(practice_id).data.name == "Mijn nieuwe praktijk"
    assert copy.practices.count() == 140  # never a duplicate
    [change] = changes(copy)
    assert decode("praktijk", change["base"]) == theirs
    assert decode("praktijk", change["after"]) == mine


def test_mine_for_a_practice_gone_from_the_server_creates_it_again(copy):
    practice_id = first_practice(copy)
    data = copy.practices.get(practice_id).data
    mine = sync_values(replace(data, agb="09000009", name="Weg op de server"))
    conflict_id = add_conflict(
        copy, ChangeKind.PRAKTIJK, "09000009", base=mine, mine=mine, theirs=None
    )
    decide(copy, conflict_id, Decision.MIJN)
    created = copy.practices.id_for_agb("09000009")
    assert created is not None
    assert copy.practices.get(created).data.name == "Weg op de server"
    [change] = changes(copy)
    assert change["base"] is None and decode("praktijk", change["after"]) == mine


def set_ion_as_pulled(copy: Database, practice_id: int, ion: int) -> None:
    copy.practices.set_ion(practice_id, PEILDATUM, ion)
    empty_outbox(copy)


def test_mine_for_an_ion_records_my_figure_based_on_theirs(copy):
    practice_id = first_practice(copy)
    agb = copy.practices.get(practice_id).data.agb
    set_ion_as_pulled(copy, practice_id, 3000)
    conflict_id = add_conflict(
        copy,
        ChangeKind.ION,
        agb,
        peildatum=PEILDATUM,
        base={"ion": 2900},
        mine={"ion": 3100},
        theirs={"ion": 3000},
    )
    decide(copy, conflict_id, Decision.PER_VELD, {"ion"})
    assert dict(copy.practices.ion_history(practice_id))[PEILDATUM] == 3100
    [change] = changes(copy)
    assert (change["kind"], change["peildatum"]) == ("ion", PEILDATUM)
    assert decode("ion", change["base"]) == {"ion": 3000}
    assert decode("ion", change["after"]) == {"ion": 3100}


def test_mine_for_an_ion_deleted_here_deletes_it_again(copy):
    practice_id = first_practice(copy)
    agb = copy.practices.get(practice_id).data.agb
    set_ion_as_pulled(copy, practice_id, 3000)
    conflict_id = add_conflict(
        copy,
        ChangeKind.ION,
        agb,
        peildatum=PEILDATUM,
        base={"ion": 2900},
        mine=None,
        theirs={"ion": 3000},
    )
    [found] = open_conflicts(copy)
    assert found.fields[0].mine == "(bestaat niet)" and "Hier verwijderd" in found.reason
    decide(copy, conflict_id, Decision.MIJN)
    assert PEILDATUM not in dict(copy.practices.ion_history(practice_id))
    [change] = changes(copy)
    assert decode("ion", change["base"]) == {"ion": 3000} and change["after"] is None


def test_an_ion_changed_here_since_is_refused(copy):
    practice_id = first_practice(copy)
    agb = copy.practices.get(practice_id).data.agb
    set_ion_as_pulled(copy, practice_id, 3050)
    conflict_id = add_conflict(
        copy,
        ChangeKind.ION,
        agb,
        peildatum=PEILDATUM,
        base={"ion": 2900},
        mine={"ion": 3100},
        theirs={"ion": 3000},
    )
    with pytest.raises(ConflictRefused):
        decide(copy, conflict_id, Decision.MIJN)
    assert dict(copy.practices.ion_history(practice_id))[PEILDATUM] == 3050
    assert changes(copy) == []


def plan_as_pulled(copy: Database, practice_id: int, plan: Plan):
    stored = copy.plans.save_concept(practice_id, plan, expected=copy.plans.latest(practice_id))
    empty_outbox(copy)
    return stored


def test_a_plan_decided_part_by_part_saves_the_concept_with_my_parts(copy):
    practice_id = first_practice(copy)
    agb = copy.practices.get(practice_id).data.agb
    theirs_plan = Plan(reflection_practice="hun reflectie", reflection_population="hun populatie")
    stored = plan_as_pulled(copy, practice_id, theirs_plan)
    theirs = plan_values(stored)
    mine_plan = Plan(reflection_practice="mijn reflectie", reflection_population="mijn populatie")
    mine = {**theirs, "content": plan_to_json(mine_plan)}
    conflict_id = add_conflict(
        copy,
        ChangeKind.PLAN,
        agb,
        plan_version=stored.version,
        base=theirs,
        mine=mine,
        theirs=theirs,
    )
    [found] = open_conflicts(copy)
    assert [f.name for f in found.fields if f.differs] == [
        "reflectie_praktijk",
        "reflectie_populatie",
    ]
    decide(copy, conflict_id, Decision.PER_VELD, {"reflectie_praktijk"})
    latest = copy.plans.latest(practice_id)
    assert latest is not None and latest.version == stored.version  # the concept saved over
    assert latest.plan.reflection_practice == "mijn reflectie"
    assert latest.plan.reflection_population == "hun populatie"
    [change] = changes(copy)
    assert (change["kind"], change["plan_version"]) == ("praktijkplan", stored.version)
    assert decode("praktijkplan", change["base"]) == theirs
    assert decode("praktijkplan", change["after"]) == plan_values(latest)


def test_a_plan_submitted_here_is_submitted_on_my_date(copy):
    practice_id = first_practice(copy)
    agb = copy.practices.get(practice_id).data.agb
    stored = plan_as_pulled(copy, practice_id, Plan(reflection_practice="samen"))
    theirs = plan_values(stored)
    mine = {**theirs, "status": "ingediend", "submitted_on": date(2026, 11, 18)}
    conflict_id = add_conflict(
        copy,
        ChangeKind.PLAN,
        agb,
        plan_version=stored.version,
        base=theirs,
        mine=mine,
        theirs=theirs,
    )
    [found] = open_conflicts(copy)
    assert {f.name: f.mine for f in found.fields}["status"] == "ingediend op 18-11-2026"
    decide(copy, conflict_id, Decision.PER_VELD, {"status"})
    latest = copy.plans.latest(practice_id)
    assert latest is not None and latest.status.value == "ingediend"
    assert latest.submitted_on == date(2026, 11, 18)
    assert [c["kind"] for c in changes(copy)] == ["praktijkplan"]


def test_nothing_outside_a_werkkopie(organisation):
    database = open_test_database(organisation)
    try:
        assert open_conflicts(database) == []
    finally:
        database.close()


def test_theirs_is_still_possible_when_the_record_changed_here_since(copy):
    """Keeping theirs writes nothing, so nothing here can be overwritten: it stays possible
    (otherwise a conflict on a record edited after the synchronisation could never be closed)."""
    practice_id, _theirs, conflict_id = practice_conflict(copy)
    record = copy.practices.get(practice_id)
    copy.practices.update(
        practice_id, replace(record.data, wijk="Later"), expected_version=record.version
    )
    before = changes(copy)
    decide(copy, conflict_id, Decision.HUN)
    assert copy.practices.get(practice_id).data.wijk == "Later"
    assert changes(copy) == before and row(copy, conflict_id)["decision"] == "hun"


def test_the_change_and_the_decision_are_one_transaction(copy, monkeypatch):
    """When marking the conflict decided fails, my values written just before are rolled back
    with it: no change waits in the outbox for a conflict still open."""
    from mtvdp_tui.store import conflicts

    practice_id, theirs, conflict_id = practice_conflict(copy)

    def broken() -> datetime:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(conflicts, "utc_now", broken)
    with pytest.raises(RuntimeError):
        decide(copy, conflict_id, Decision.MIJN)
    assert sync_values(copy.practices.get(practice_id).data) == theirs
    assert changes(copy) == [] and row(copy, conflict_id)["decided_at"] is None


def test_my_plan_over_a_plan_submitted_on_the_server_becomes_the_next_concept(copy):
    """A submitted plan is never changed: my version of it is saved as a new concept version,
    to be looked at and submitted again."""
    practice_id = first_practice(copy)
    agb = copy.practices.get(practice_id).data.agb
    concept = plan_as_pulled(copy, practice_id, Plan(reflection_practice="hun tekst"))
    submitted = copy.plans.submit(practice_id, expected=concept, without_start=True)
    empty_outbox(copy)
    theirs = plan_values(submitted)
    mine = {**plan_values(concept), "content": plan_to_json(Plan(reflection_practice="mijn"))}
    conflict_id = add_conflict(
        copy,
        ChangeKind.PLAN,
        agb,
        plan_version=submitted.version,
        base=plan_values(concept),
        mine=mine,
        theirs=theirs,
    )
    decide(copy, conflict_id, Decision.PER_VELD, {"reflectie_praktijk"})
    versions = copy.plans.versions(practice_id)
    assert versions[-2].plan.reflection_practice == "hun tekst"  # the submitted one, as it was
    assert versions[-2].status.value == "ingediend"
    assert versions[-1].version == submitted.version + 1
    assert (versions[-1].status.value, versions[-1].plan.reflection_practice) == (
        "concept",
        "mijn",
    )
    [change] = changes(copy)
    assert change["plan_version"] == submitted.version + 1 and change["base"] is None
