"""The audit trail: every create, update and delete, with the OS user and before → after."""

from __future__ import annotations

import getpass
from dataclasses import replace
from datetime import date

from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import TE_DECLAREREN, DeclarationStatus, StatusRecord
from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.audit import Action, AuditQuery, Entity
from mtvdp_tui.store import lottery_session as session

BOTH_ENGINES = True  # see tests/engines.py

LINDE = PracticeData(agb="01000001", name="De Linde", region="Zutphen", ion=2500)


def entries(database, **query: object):
    return database.audit.page(AuditQuery(**query), 0, 100)  # type: ignore[arg-type]


def test_a_practice_created_changed_and_deleted(database) -> None:
    practice_id = database.practices.create(LINDE)
    record = database.practices.get(practice_id)
    database.practices.update(
        practice_id, replace(LINDE, wijk="Centrum"), expected_version=record.version
    )
    database.practices.delete(practice_id)
    deleted, changed, created = entries(database, practice_id=practice_id)
    assert (created.action, changed.action, deleted.action) == (
        Action.AANGEMAAKT,
        Action.GEWIJZIGD,
        Action.VERWIJDERD,
    )
    assert created.entity is Entity.PRAKTIJK and created.subject == "De Linde (01000001)"
    assert created.after["agb"] == "01000001" and created.before is None
    assert (changed.before, changed.after) == ({"wijk": ""}, {"wijk": "Centrum"})
    assert deleted.before["name"] == "De Linde" and deleted.after is None
    assert created.os_user == getpass.getuser()


def test_saving_the_same_data_again_adds_no_entry(database) -> None:
    practice_id = database.practices.create(LINDE)
    record = database.practices.get(practice_id)
    database.practices.update(practice_id, LINDE, expected_version=record.version)
    assert len(entries(database, practice_id=practice_id)) == 1


def test_ion_plans_lottery_and_declarations_are_recorded(database) -> None:
    practice_id = database.practices.create(replace(LINDE, start_date=date(2023, 7, 1)))
    database.practices.set_ion(practice_id, date(2023, 7, 1), 2600)
    concept = database.plans.save_concept(practice_id, Plan(), expected=None)
    database.plans.save_concept(practice_id, Plan(reflection_practice="x"), expected=concept)
    declared = StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=date(2023, 10, 5))
    database.declarations.save({(practice_id, Quarter(2023, 3)): (TE_DECLAREREN, declared)})
    kinds = [(e.entity, e.action) for e in reversed(entries(database, practice_id=practice_id))]
    assert kinds == [
        (Entity.PRAKTIJK, Action.AANGEMAAKT),
        (Entity.ION, Action.AANGEMAAKT),
        (Entity.PRAKTIJKPLAN, Action.AANGEMAAKT),
        (Entity.PRAKTIJKPLAN, Action.GEWIJZIGD),
        (Entity.DECLARATIESTATUS, Action.GEWIJZIGD),
    ]
    plan_change = entries(database, entity=Entity.PRAKTIJKPLAN)[0]
    assert plan_change.after == {"reflectie_praktijk": "x"}
    status = entries(database, entity=Entity.DECLARATIESTATUS)[0]
    assert status.after["status"] == "gedeclareerd" and "2023-Q3" in status.subject


def test_a_lottery_from_pool_to_final(database) -> None:
    ids = [
        database.practices.create(replace(LINDE, agb=f"0100000{n}", name=f"P{n}")) for n in (1, 2)
    ]
    lotteries = database.lotteries
    lottery = session.freeze_pool(
        lotteries, session.prepare(database.ruleset, lotteries, "Zutphen")
    )
    lottery = session.freeze_sources(lotteries, lottery, [(1, 2)])
    lottery = lotteries.reveal(lottery, 1, 2)
    lottery = lotteries.reveal(lottery, 2, 2)
    session.finalise(lotteries, database.path, lottery)
    trail = [e.after for e in reversed(entries(database, entity=Entity.LOTING))]
    assert trail[0] == {"status": "pool", "pool": 2}
    assert trail[1]["status"] == "trekking" and trail[1]["key"] == "1.2./"
    assert trail[2:4] == [{"revealed": 1}, {"revealed": 2}]
    assert trail[4] == {"status": "definitief"}
    for practice_id in ids:
        (start,) = [
            e for e in entries(database, practice_id=practice_id) if e.action is Action.GEWIJZIGD
        ]
        assert start.before == {"start_date": None}


def test_filter_on_words_and_kind(database) -> None:
    database.practices.create(LINDE)
    database.practices.create(replace(LINDE, agb="01000002", name="De Berk"))
    assert [e.subject for e in entries(database, text="berk")] == ["De Berk (01000002)"]
    assert database.audit.count(AuditQuery(entity=Entity.PRAKTIJK)) == 2
    assert database.audit.count(AuditQuery(entity=Entity.ION)) == 0  # the form's ION is data
    assert database.audit.count(AuditQuery(text=getpass.getuser())) == 2


def test_the_moment_of_an_entry_reads_back_as_utc_on_both_engines(database) -> None:
    from datetime import UTC, datetime, timedelta

    before = datetime.now(UTC) - timedelta(seconds=1)
    practice_id = database.practices.create(LINDE)
    (created,) = entries(database, practice_id=practice_id)
    assert created.at.utcoffset() == timedelta(0)  # aware, in UTC: shown in local time later
    assert before <= created.at <= datetime.now(UTC) + timedelta(seconds=1)


def test_an_entry_records_the_host_and_on_postgresql_the_role(database, engine) -> None:
    import socket

    practice_id = database.practices.create(LINDE)
    (created,) = entries(database, practice_id=practice_id)
    assert created.host == socket.gethostname()
    assert created.db_role == ("postgres" if engine == "postgresql" else "")
