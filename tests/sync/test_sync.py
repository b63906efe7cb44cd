"""Synchronising a werkkopie with a real PostgreSQL organisation database (SPEC §9): what is
pushed arrives once, what the server changed comes back, a change that no longer matches is a
conflict that keeps both sides."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, insert, select, update

from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.sync_values import decode
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.records.sync import SyncStage
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.outbox import CONFLICTS, OUTBOX, STATE, werkkopie_info
from mtvdp_tui.store.sync import APPLIED, AUDIT, NotAWerkkopie, synchronise
from mtvdp_tui.store.tables import Setting, table_of
from tests.conftest import open_test_database
from tests.sync.helpers import without_plans


@pytest.fixture
def server(organisation: str) -> Iterator[Database]:
    """The organisation database itself, as an online user opens it."""
    database = open_test_database(organisation)
    yield database
    database.close()


def by_agb(database: Database, agb: str) -> tuple[int, PracticeData, int]:
    practice_id = database.practices.id_for_agb(agb)
    assert practice_id is not None, agb
    record = database.practices.get(practice_id)
    return practice_id, record.data, record.version


def edit(database: Database, agb: str, **values: object) -> None:
    practice_id, data, version = by_agb(database, agb)
    database.practices.update(practice_id, replace(data, **values), expected_version=version)


def agbs(database: Database) -> list[str]:
    return sorted(database.practices.versions_by_agb())


def outbox_size(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(OUTBOX)).scalar_one()


def conflicts(database: Database) -> list[dict]:
    with database.engine.connect() as connection:
        return [dict(row) for row in connection.execute(select(CONFLICTS)).mappings()]


def register(database: Database) -> dict[str, PracticeData]:
    return {agb: data for agb, (_, _, data) in database.practices.versions_by_agb().items()}


def test_a_change_made_offline_reaches_the_server_and_the_other_copy(werkkopie, server):
    a, b = werkkopie("a"), werkkopie("b")
    agb = agbs(a)[0]
    edit(a, agb, wijk="Emst", notes="bezocht")
    a_id, _, _ = by_agb(a, agb)
    a.practices.set_ion(a_id, date(2027, 1, 1), 4321)
    stages = []
    report = synchronise(a, progress=lambda progress: stages.append(progress.stage))
    assert (report.sent, report.already, report.conflicts, report.open_conflicts) == (2, 0, 0, 0)
    assert stages[0] is SyncStage.CONNECTING and stages[-1] is SyncStage.DONE
    assert SyncStage.SENDING in stages and SyncStage.RECEIVING in stages
    _, on_server, _ = by_agb(server, agb)
    assert (on_server.wijk, on_server.notes, on_server.ion) == ("Emst", "bezocht", 4321)
    server_id, _, _ = by_agb(server, agb)
    assert (date(2027, 1, 1), 4321) in server.practices.ion_history(server_id)
    assert outbox_size(a) == 0
    with a.engine.connect() as connection:
        info = werkkopie_info(connection)
    assert info is not None and info.waiting == 0 and info.synced_at > info.made_at

    report_b = synchronise(b)
    assert report_b.sent == 0 and report_b.received > 0
    assert register(b) == register(server) == register(a)


def test_the_audit_trail_on_the_server_names_who_made_the_change_offline(werkkopie, server):
    a = werkkopie("a")
    agb = agbs(a)[1]
    edit(a, agb, wijk="Twello")
    with server.engine.connect() as connection:
        before = connection.execute(select(func.max(AUDIT.c.id))).scalar_one() or 0
    synchronise(a)
    with server.engine.connect() as connection:
        [entry] = connection.execute(select(AUDIT).where(AUDIT.c.id > before)).mappings()
    assert entry["entity"] == "praktijk" and entry["action"] == "gewijzigd"
    assert agb in entry["subject"] and json.loads(entry["after"]) == {"wijk": "Twello"}
    assert entry["os_user"] and entry["db_role"]


def test_a_server_change_comes_back_into_the_werkkopie(werkkopie, server):
    a = werkkopie("a")
    agb = agbs(server)[2]
    edit(server, agb, notes="online gewijzigd")
    report = synchronise(a)
    assert report.sent == 0 and report.received >= 1
    assert by_agb(a, agb)[1].notes == "online gewijzigd"


def test_new_practices_plans_and_submissions_arrive(werkkopie, server):
    a = werkkopie("a")
    region = by_agb(a, agbs(a)[0])[1].region
    new = PracticeData(
        agb="07777777", name="Huisartsen Nieuw", region=region, wijk="Oost", ion=2500
    )
    new_id = a.practices.create(new)
    concept = a.plans.save_concept(new_id, Plan(reflection_practice="eerste"), expected=None)
    a.plans.submit(new_id, expected=concept)
    report = synchronise(a)
    assert report.conflicts == 0 and report.sent == 4 and outbox_size(a) == 0
    server_id, data, _ = by_agb(server, "07777777")
    assert (data.name, data.wijk, data.ion) == ("Huisartsen Nieuw", "Oost", 2500)
    [version] = server.plans.versions(server_id)
    assert version.plan.reflection_practice == "eerste"
    assert version.status.value == "ingediend" and version.submitted_on is not None
    # and the werkkopie now knows the practice by the server's own id
    assert a.practices.id_for_agb("07777777") == server_id


def test_the_same_practice_changed_on_both_sides_is_a_conflict_keeping_both(werkkopie, server):
    a = werkkopie("a")
    agb = agbs(a)[3]
    _, original, _ = by_agb(a, agb)
    edit(a, agb, wijk="Mijn wijk")
    edit(server, agb, wijk="Hun wijk")
    report = synchronise(a)
    assert (report.sent, report.conflicts, report.open_conflicts) == (0, 1, 1)
    [conflict] = conflicts(a)
    assert conflict["agb"] == agb and conflict["decided_at"] is None
    assert decode("praktijk", conflict["mine"])["wijk"] == "Mijn wijk"
    assert decode("praktijk", conflict["theirs"])["wijk"] == "Hun wijk"
    assert decode("praktijk", conflict["base"])["wijk"] == original.wijk
    assert by_agb(server, agb)[1].wijk == "Hun wijk"  # nothing of mine applied
    assert by_agb(a, agb)[1].wijk == "Hun wijk"  # the werkkopie shows the server's
    assert outbox_size(a) == 0


def test_later_changes_to_a_conflicted_practice_join_its_conflict(werkkopie, server):
    a = werkkopie("a")
    agb = agbs(a)[4]
    edit(a, agb, wijk="Eerst")
    edit(a, agb, notes="daarna")
    edit(server, agb, wijk="Online")
    report = synchronise(a)
    assert report.conflicts == 1
    [conflict] = conflicts(a)
    assert len(json.loads(conflict["change_ids"])) == 2
    mine = decode("praktijk", conflict["mine"])
    assert (mine["wijk"], mine["notes"]) == ("Eerst", "daarna")


def test_the_same_new_agb_on_two_copies_is_a_conflict_never_a_duplicate(werkkopie, server):
    a, b = werkkopie("a"), werkkopie("b")
    region = by_agb(a, agbs(a)[0])[1].region
    a.practices.create(PracticeData(agb="06666666", name="Praktijk A", region=region))
    b.practices.create(PracticeData(agb="06666666", name="Praktijk B", region=region))
    assert synchronise(a).conflicts == 0
    report = synchronise(b)
    assert report.conflicts == 1 and report.sent == 0
    [conflict] = conflicts(b)
    assert conflict["base"] is None
    assert decode("praktijk", conflict["mine"])["name"] == "Praktijk B"
    assert decode("praktijk", conflict["theirs"])["name"] == "Praktijk A"
    assert [agb for agb in agbs(server) if agb == "06666666"] == ["06666666"]
    assert by_agb(server, "06666666")[1].name == "Praktijk A"


def test_a_change_sent_again_after_a_break_is_not_applied_twice(werkkopie, server):
    a = werkkopie("a")
    agb = agbs(a)[5]
    practice_id, _, _ = by_agb(a, agb)
    a.practices.set_ion(practice_id, date(2027, 4, 1), 1000)
    with a.engine.connect() as connection:
        sent = [dict(row) for row in connection.execute(select(OUTBOX)).mappings()]
    synchronise(a)
    with server.engine.connect() as connection:
        audit_before = connection.execute(select(func.count()).select_from(AUDIT)).scalar_one()
    # the reply was lost: the werkkopie still has the change and sends it again
    with a.engine.begin() as connection:
        connection.execute(
            insert(OUTBOX), [{k: v for k, v in row.items() if k != "id"} for row in sent]
        )
    report = synchronise(a)
    assert (report.sent, report.already, report.conflicts) == (0, 1, 0)
    with server.engine.connect() as connection:
        audit_after = connection.execute(select(func.count()).select_from(AUDIT)).scalar_one()
        applied = connection.execute(select(func.count()).select_from(APPLIED)).scalar_one()
    assert audit_after == audit_before and applied == 1
    assert outbox_size(a) == 0


def test_a_werkkopie_of_another_organisation_database_is_refused(werkkopie, server):
    a = werkkopie("a")
    edit(a, agbs(a)[6], wijk="Nergens")
    with server.engine.begin() as connection:
        connection.execute(
            update(table_of(Setting))
            .where(table_of(Setting).c.key == "database_id")
            .values(value="een-andere-database")
        )
    with pytest.raises(DatabaseError, match="niet de database waarvan deze werkkopie"):
        synchronise(a)
    assert outbox_size(a) == 1  # nothing sent, nothing lost


def test_an_ordinary_database_has_nothing_to_synchronise(database):
    with pytest.raises(NotAWerkkopie, match="geen werkkopie"):
        synchronise(database)


def test_the_sync_point_moves_only_when_everything_is_pulled(werkkopie):
    a = werkkopie("a")
    with a.engine.connect() as connection:
        before = connection.execute(select(STATE.c.synced_at)).scalar_one()
    synchronise(a)
    with a.engine.connect() as connection:
        after = connection.execute(select(STATE.c.synced_at)).scalar_one()
    assert after > before


def test_no_connection_is_a_dutch_refusal_that_keeps_every_change(werkkopie, tmp_path):
    a = werkkopie("a")
    edit(a, agbs(a)[7], wijk="Onderweg")
    nowhere = f"postgresql:///mtvdp?host={tmp_path}/geen-server"
    with pytest.raises(DatabaseError) as refused:
        synchronise(a, server=nowhere)
    assert "Traceback" not in str(refused.value) and outbox_size(a) == 1
    with a.engine.connect() as connection:
        info = werkkopie_info(connection)
    assert info is not None and info.synced_at == info.made_at  # the sync point stays


def test_my_own_change_coming_back_is_not_counted_as_received(werkkopie):
    a = werkkopie("a")
    edit(a, agbs(a)[8], notes="alleen van mij")
    report = synchronise(a)
    assert (report.sent, report.received) == (1, 0)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("after", "{niet json"),
        ("after", '{"ion": "veel"}'),
        ("after", '{"ion": true}'),
        ("after", '{"ion": -5}'),
        ("kind", "iets"),
        ("agb", "1234"),
        ("peildatum", None),
        ("base", '["een", "lijst"]'),
    ],
)
def test_a_damaged_change_is_not_sent_and_what_came_before_is(werkkopie, server, column, value):
    a = werkkopie("a")
    first, second = agbs(a)[9], agbs(a)[10]
    edit(a, first, notes="goed")
    practice_id, _, _ = by_agb(a, second)
    a.practices.set_ion(practice_id, date(2027, 1, 1), 1234)
    with a.engine.begin() as connection:
        last = connection.execute(select(func.max(OUTBOX.c.id))).scalar_one()
        connection.execute(update(OUTBOX).where(OUTBOX.c.id == last).values({column: value}))
    with pytest.raises(DatabaseError, match=f"Wijziging {last} in de wachtrij"):
        synchronise(a)
    assert by_agb(server, first)[1].notes == "goed"  # the change before it went
    server_id, _, _ = by_agb(server, second)
    assert (date(2027, 1, 1), 1234) not in server.practices.ion_history(server_id)
    assert outbox_size(a) == 1  # kept, for the beheerder to look at


def test_a_damaged_plan_is_not_sent(werkkopie, server):
    a = werkkopie("a")
    practice_id, _, _ = by_agb(a, without_plans(a, 1)[0])
    a.plans.save_concept(practice_id, Plan(reflection_practice="x"), expected=None)
    with a.engine.begin() as connection:
        connection.execute(
            update(OUTBOX).values(
                after='{"status": "concept", "submitted_on": null, "content": "{}"}'
            )
        )
    with pytest.raises(DatabaseError, match="beschadigd"):
        synchronise(a)
    assert outbox_size(a) == 1


def test_two_synchronisations_of_one_werkkopie_at_once_keep_one_conflict(
    werkkopie, server, monkeypatch
):
    """The app and the command line at the same moment: the second runs inside the first
    (after the server took the first batch); what one applied the other counts as already
    there, and the conflict is kept once."""
    from mtvdp_tui.store import sync as sync_module

    a = werkkopie("a")
    target = agbs(a)[12]
    edit(a, target, wijk="Mijn")
    edit(a, agbs(a)[13], notes="gewoon")
    edit(server, target, wijk="Hun")
    real_write = sync_module.write
    inner: list[object] = []

    def write(engine, body):
        result = real_write(engine, body)
        if engine is not a.engine and not inner:  # the server took the first batch
            inner.append(None)
            inner.append(synchronise(a))
        return result

    monkeypatch.setattr(sync_module, "write", write)
    outer = synchronise(a)
    second = inner[1]
    assert isinstance(second, type(outer))
    assert (outer.sent + second.sent, outer.already + second.already) == (1, 1)
    assert outer.conflicts + second.conflicts == 1
    [conflict] = conflicts(a)
    assert len(json.loads(conflict["change_ids"])) == 1
    assert register(a) == register(server) and outbox_size(a) == 0


def test_monitoring_recorded_online_arrives_and_is_read_only_offline(werkkopie, server):
    """What the organisation records online (a meting sent, a wijkgroep meeting) reaches the
    werkkopie at the next synchronisation; in the werkkopie itself it can only be read."""
    from mtvdp_tui.domain.monitoring import ItemKind
    from mtvdp_tui.records.monitoring import Meeting, MonitoringQuery
    from mtvdp_tui.store.outbox import WerkkopieReadOnly

    a = werkkopie("a")
    (cohort, _), *_ = server.monitoring.cohorts()
    members = server.monitoring.cohort(cohort, ItemKind.SLOTMETING)
    seen = {member.practice_id: member.sent_on for member in members}
    server.monitoring.record_sent(ItemKind.SLOTMETING, date(2026, 11, 20), seen)
    meeting = server.monitoring.save_meeting(
        Meeting(date(2026, 11, 16), "Groenlo", "Oost-Achterhoek", True, frozenset())
    )
    synchronise(a)
    offline = {m.agb: m.sent_on for m in a.monitoring.cohort(cohort, ItemKind.SLOTMETING)}
    assert set(offline.values()) == {date(2026, 11, 20)} and len(offline) == len(members)
    assert meeting.held_on in {m.held_on for m in a.monitoring.meetings("Oost-Achterhoek")}
    assert a.monitoring.counts(MonitoringQuery()) == server.monitoring.counts(MonitoringQuery())
    with pytest.raises(WerkkopieReadOnly):
        a.monitoring.record_sent(
            ItemKind.NULMETING, date(2026, 11, 20), {members[0].practice_id: None}
        )
