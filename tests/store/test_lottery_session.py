"""Preparing a region's lottery from the register: who is in the pool, T, warnings, freezing."""

from __future__ import annotations

from datetime import date

import pytest

from mtvdp_tui.domain.lottery import LotteryError
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.store import lottery_session as session

BOTH_ENGINES = True  # see tests/engines.py


def add(database, agb: str, **data: object) -> int:
    fields = {"name": f"Praktijk {agb}", "region": "Zutphen", "ion": 2000, **data}
    return database.practices.create(PracticeData(agb=agb, **fields))  # type: ignore[arg-type]


def test_the_pool_holds_eligible_practices_only(database) -> None:
    add(database, "01000003")
    add(database, "01000001", preferred_moment=date(2023, 10, 1))
    add(database, "01000002", excluded=True, excluded_reason="Krachtige Basiszorg")
    add(database, "01000004", start_date=date(2023, 7, 1))
    add(database, "01000005", region="Apeldoorn")
    preparation = session.prepare(database.ruleset, database.lotteries, "Zutphen")
    assert [e.agb for e in preparation.inputs.pool] == ["01000001", "01000003"]
    assert preparation.inputs.pool[1].preference_default
    reasons = {candidate.agb: reason for candidate, reason in preparation.excluded}
    assert reasons == {
        "01000002": "Krachtige Basiszorg",
        "01000004": "heeft al een startdatum (1 jul 2023)",
    }
    assert preparation.ion_total == 8000  # every practice of the region counts toward T


def test_a_practice_without_ion_stops_the_pool_with_a_reason(database) -> None:
    add(database, "01000001")
    add(database, "01000002", ion=None)
    preparation = session.prepare(database.ruleset, database.lotteries, "Zutphen")
    assert preparation.inputs is None
    assert "01000002" in preparation.problem
    assert any("01000002" in warning for warning in preparation.warnings)
    with pytest.raises(LotteryError):
        session.freeze_pool(database.lotteries, preparation)
    assert database.lotteries.active("Zutphen") is None


def test_an_official_region_ion_smaller_than_the_pool_warns(database) -> None:
    add(database, "01000001", ion=5000)
    database.lotteries.set_official_ion("Zutphen", 4000)
    preparation = session.prepare(database.ruleset, database.lotteries, "Zutphen")
    assert preparation.ion_total == 4000 and preparation.ion_official == 4000
    assert any("4.000" in warning for warning in preparation.warnings)


def test_frozen_inputs_give_the_same_draw_after_reopening(database, tmp_path) -> None:
    for n in range(1, 8):
        add(database, f"0100000{n}", ion=1000 * n)
    preparation = session.prepare(database.ruleset, database.lotteries, "Zutphen")
    lottery = session.freeze_pool(database.lotteries, preparation)
    lottery = session.freeze_sources(database.lotteries, lottery, [(3, 1, 2), (7,)])
    first = session.result_of(lottery)
    again = session.result_of(database.lotteries.active("Zutphen"))
    assert first == again and first.key == "1.2.3./7./"


def test_a_register_change_after_freezing_does_not_change_the_pool(database) -> None:
    ids = [add(database, f"0100000{n}") for n in (1, 2)]
    lottery = session.freeze_pool(
        database.lotteries, session.prepare(database.ruleset, database.lotteries, "Zutphen")
    )
    record = database.practices.get(ids[0])
    changed = PracticeData(**{**record.data.__dict__, "ion": 9999})
    database.practices.update(ids[0], changed, expected_version=record.version)
    assert [e.ion for e in session.inputs_of(lottery).pool] == [2000, 2000]


def test_sources_are_checked_per_line(database) -> None:
    sources, problems = session.parse_sources("1 2 3\n\n4 x\n-5")
    assert sources == [(1, 2, 3)]
    assert [p.line for p in problems] == [3, 4]
    assert session.parse_sources("  \n")[1][0].message.startswith("Vul minstens")


def test_the_pool_document_records_t_source_and_who_is_left_out(database) -> None:
    add(database, "01000001")
    add(database, "01000002", excluded=True, excluded_reason="Krachtige Basiszorg")
    database.lotteries.set_official_ion("Zutphen", 9000)
    inputs = session.prepare(database.ruleset, database.lotteries, "Zutphen").inputs
    assert inputs.ion_source == "officieel"
    assert [(e.agb, e.reason) for e in inputs.excluded] == [("01000002", "Krachtige Basiszorg")]


def test_a_lottery_frozen_before_the_seals_gets_its_poolzegel_computed(database) -> None:
    """Old databases keep working: a row from before migration 0007 has no stored seal and
    inputs without `ion_regio_bron` / `uitgesloten`; its seals are computed from what it has."""
    import json

    from sqlalchemy import update

    from mtvdp_tui.documents.loting_check import verify_file
    from mtvdp_tui.domain.lottery_protocol import protocol_bytes
    from mtvdp_tui.store.lotteries import L

    add(database, "01000001")
    add(database, "01000002")
    preparation = session.prepare(database.ruleset, database.lotteries, "Zutphen")
    lottery = session.freeze_pool(database.lotteries, preparation)
    old_inputs = json.loads(lottery.inputs)
    for key in ("algoritme", "ion_regio_bron", "uitgesloten"):
        old_inputs.pop(key)
    with database.engine.begin() as connection:
        connection.execute(
            update(L)
            .where(L.c.id == lottery.id)
            .values(pool_seal=None, inputs=json.dumps(old_inputs))
        )
    old = database.lotteries.get(lottery.id)
    old = database.lotteries.freeze_sources(old, "[[1, 2]]", "1.2./")
    old = database.lotteries.reveal(old, 2, total=2)
    protocol = session.protocol(database.lotteries, old)
    assert protocol["ion_regio_bron"] == "onbekend" and protocol["uitgesloten"] == []
    assert protocol["poolzegel"] == session.pool_seal(old)
    assert protocol["trekkingszegel"] == session.draw_seal(old)
    assert verify_file(protocol_bytes(protocol)).ok
