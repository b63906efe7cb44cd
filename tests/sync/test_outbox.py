"""A werkkopie records every change in its outbox, in the transaction that makes it (SPEC §9);
an ordinary database records nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.domain.sync_values import decode
from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.outbox import OUTBOX, STATE, WerkkopieReadOnly, werkkopie_info


def changes(database: Database) -> list[dict]:
    with database.engine.connect() as connection:
        return [
            dict(row) for row in connection.execute(select(OUTBOX).order_by(OUTBOX.c.id)).mappings()
        ]


def first_practice(database: Database) -> int:
    with database.engine.connect() as connection:
        from mtvdp_tui.store.practice_search import P

        return connection.execute(select(func.min(P.c.id))).scalar_one()


def test_a_new_werkkopie_names_its_server_and_has_an_empty_outbox(werkkopie, organisation):
    copy = werkkopie("a")
    with copy.engine.connect() as connection:
        info = werkkopie_info(connection)
        state = connection.execute(select(STATE)).mappings().one()
    assert info is not None and info.waiting == 0 and info.conflicts == 0
    assert state["server"].startswith("postgresql://") or "dbname=" in state["server"]
    assert "password" not in state["server"]
    assert copy.practices.count() == 140


def test_a_changed_practice_is_one_change_based_on_the_values_before(werkkopie):
    copy = werkkopie("a")
    practice_id = first_practice(copy)
    record = copy.practices.get(practice_id)
    changed = replace(record.data, wijk="Emst", notes="bezocht")
    copy.practices.update(practice_id, changed, expected_version=record.version)
    [change] = changes(copy)
    assert change["kind"] == "praktijk"
    assert change["agb"] == record.data.agb  # as the server knows it: the AGB before
    assert change["base_version"] == record.version
    base, after = decode("praktijk", change["base"]), decode("praktijk", change["after"])
    assert base is not None and after is not None
    assert base["wijk"] == record.data.wijk and after["wijk"] == "Emst"
    assert after["notes"] == "bezocht" and "ion" not in after
    assert len(change["change_id"]) == 36 and change["made_by"]


def test_a_new_practice_with_an_ion_is_two_changes(werkkopie):
    copy = werkkopie("a")
    data = PracticeData(agb="09000001", name="Nieuw", region="Zutphen", ion=2100)
    copy.practices.create(data)
    practice, ion = changes(copy)
    assert (practice["kind"], practice["base"], practice["agb"]) == ("praktijk", None, "09000001")
    assert (ion["kind"], ion["agb"], ion["base"]) == ("ion", "09000001", None)
    assert decode("ion", ion["after"]) == {"ion": 2100}
    assert ion["peildatum"] is not None


def test_ion_per_peildatum_and_its_removal_are_changes(werkkopie):
    copy = werkkopie("a")
    practice_id = first_practice(copy)
    peildatum = date(2027, 1, 1)
    copy.practices.set_ion(practice_id, peildatum, 3000)
    copy.practices.set_ion(practice_id, peildatum, 3100)
    copy.practices.delete_ion(practice_id, peildatum)
    kinds = [
        (c["kind"], c["peildatum"], decode("ion", c["base"]), decode("ion", c["after"]))
        for c in changes(copy)
    ]
    assert kinds == [
        ("ion", peildatum, None, {"ion": 3000}),
        ("ion", peildatum, {"ion": 3000}, {"ion": 3100}),
        ("ion", peildatum, {"ion": 3100}, None),
    ]


def test_a_plan_concept_and_its_submission_are_changes(werkkopie):
    copy = werkkopie("a")
    practice_id = first_practice(copy)
    current = copy.plans.latest(practice_id)
    plan = current.plan if current else Plan()
    saved = copy.plans.save_concept(
        practice_id, replace(plan, reflection_practice="offline geschreven"), expected=current
    )
    before = len(changes(copy))
    copy.plans.submit(practice_id, expected=saved, without_start=True)
    submitted = changes(copy)[before:]
    assert [c["kind"] for c in submitted] == ["praktijkplan"]
    assert decode("praktijkplan", submitted[0]["after"])["status"] == "ingediend"
    assert submitted[0]["plan_version"] == saved.version


def test_a_refused_change_leaves_no_change_in_the_outbox(werkkopie):
    copy = werkkopie("a")
    practice_id = first_practice(copy)
    record = copy.practices.get(practice_id)
    with pytest.raises(StaleRecordError):
        copy.practices.update(practice_id, record.data, expected_version=record.version + 5)
    assert changes(copy) == []


def test_deleting_a_practice_is_refused_in_a_werkkopie_saying_why(werkkopie):
    copy = werkkopie("a")
    practice_id = first_practice(copy)
    with pytest.raises(WerkkopieReadOnly, match="werkkopie"):
        copy.practices.delete(practice_id)
    assert copy.practices.count() == 140 and changes(copy) == []


def test_an_ordinary_database_keeps_no_outbox(database):
    database.practices.create(PracticeData(agb="09000001", name="Nieuw", region="Zutphen", ion=10))
    assert changes(database) == []


def test_the_agb_of_a_practice_the_server_knows_stays_offline(werkkopie):
    copy = werkkopie("a")
    practice_id = first_practice(copy)
    record = copy.practices.get(practice_id)
    with pytest.raises(FieldError, match="Corrigeer de AGB-code online") as refused:
        copy.practices.update(
            practice_id, replace(record.data, agb="09999999"), expected_version=record.version
        )
    assert refused.value.code == "field.agb.werkkopie"
    assert changes(copy) == [] and copy.practices.get(practice_id) == record


def test_a_new_practice_not_yet_sent_may_get_another_agb(werkkopie):
    copy = werkkopie("a")
    new_id = copy.practices.create(PracticeData(agb="09000001", name="Nieuw", region="Zutphen"))
    record = copy.practices.get(new_id)
    copy.practices.update(new_id, replace(record.data, agb="09000002"), expected_version=1)
    assert [change["agb"] for change in changes(copy)] == ["09000001", "09000001"]
    assert decode("praktijk", changes(copy)[1]["after"])["agb"] == "09000002"
