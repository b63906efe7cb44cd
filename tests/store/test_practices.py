"""The practice repository on temporary database files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.records.errors import PracticeInUseError, StaleRecordError
from mtvdp_tui.records.practices import PracticeQuery, SortKey

BOTH_ENGINES = True  # see tests/engines.py

LINDE = PracticeData(
    agb="01000001",
    name="Huisartsenpraktijk De Linde",
    region="Apeldoorn",
    wijk="Zuidbroek",
    ion=4200,
    email="info@delinde.nl",
)


def add(database, **changes: object) -> int:
    return database.practices.create(replace(LINDE, **changes))


def test_create_then_get_returns_the_same_data(database) -> None:
    practice_id = add(database)
    record = database.practices.get(practice_id)
    assert record.data == LINDE
    assert record.version == 1


def test_ion_without_peildatum_counts_for_the_current_quarter(database) -> None:
    practice_id = add(database)
    assert database.practices.ion_history(practice_id) == [(date(2026, 10, 1), 4200)]


def test_update_changes_data_and_records_a_changed_ion(database) -> None:
    practice_id = add(database)
    database.practices.update(
        practice_id, replace(LINDE, name="De Linde", ion=4300), expected_version=1
    )
    record = database.practices.get(practice_id)
    assert (record.data.name, record.data.ion, record.version) == ("De Linde", 4300, 2)
    assert database.practices.ion_history(practice_id) == [(date(2026, 10, 1), 4300)]


def test_update_with_an_old_version_is_refused_and_changes_nothing(database) -> None:
    practice_id = add(database)
    database.practices.update(practice_id, replace(LINDE, name="Eerste"), expected_version=1)
    with pytest.raises(StaleRecordError, match="door iemand anders gewijzigd"):
        database.practices.update(practice_id, replace(LINDE, name="Tweede"), expected_version=1)
    assert database.practices.get(practice_id).data.name == "Eerste"


def test_duplicate_agb_is_refused(database) -> None:
    add(database)
    with pytest.raises(FieldError, match="al in gebruik"):
        add(database, name="Andere praktijk")
    assert database.practices.count() == 1


def test_unknown_region_is_refused(database) -> None:
    with pytest.raises(Exception, match="bestaat niet in deze regeling"):
        add(database, region="Utrecht")
    assert database.practices.count() == 0


def test_delete_removes_practice_and_its_ion_history(database) -> None:
    practice_id = add(database)
    database.practices.delete(practice_id)
    assert database.practices.count() == 0
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT COUNT(*) FROM ion_record").scalar() == 0


def test_delete_is_refused_while_another_table_refers_to_the_practice(database) -> None:
    """Plans, lotteries and declarations refer to practices; any such row blocks deletion."""
    practice_id = add(database)
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE praktijkplan_test (id INTEGER PRIMARY KEY, "
            "practice_id INTEGER REFERENCES practice(id) ON DELETE RESTRICT)"
        )
        connection.execute(
            text("INSERT INTO praktijkplan_test (id, practice_id) VALUES (1, :id)"),
            {"id": practice_id},
        )
    assert database.practices.blockers(practice_id) == ["praktijkplan_test"]
    with pytest.raises(PracticeInUseError, match="kan niet worden verwijderd"):
        database.practices.delete(practice_id)
    assert database.practices.count() == 1


def test_search_matches_all_words_in_name_agb_and_wijk(database) -> None:
    add(database)
    add(database, agb="01000002", name="Gezondheidscentrum Osseveld", wijk="Osseveld")
    add(database, agb="02999999", name="Huisarts Émile", region="Zutphen", wijk="Warnsveld")

    def names(text: str) -> list[str]:
        query = PracticeQuery(text=text)
        return [row.name for row in database.practices.page(query, 0, 50)]

    assert names("linde") == ["Huisartsenpraktijk De Linde"]
    assert names("OSSEVELD") == ["Gezondheidscentrum Osseveld"]
    assert names("0299") == ["Huisarts Émile"]
    assert names("émile") == ["Huisarts Émile"]  # case-insensitive beyond ASCII
    assert names("huisarts zuidbroek") == ["Huisartsenpraktijk De Linde"]
    assert names("100%") == []  # LIKE wildcards are taken literally


def test_region_filter_sort_paging_and_totals(database) -> None:
    for number in range(25):
        region = "Zutphen" if number % 5 == 0 else "Apeldoorn"
        add(
            database,
            agb=f"0100{number:04d}",
            name=f"Praktijk {number:02d}",
            region=region,
            ion=1000 + number,
        )
    query = PracticeQuery(region="Zutphen", sort=SortKey.ION, descending=True)
    rows = database.practices.page(query, 0, 10)
    assert [row.ion for row in rows] == [1020, 1015, 1010, 1005, 1000]
    totals = database.practices.totals(PracticeQuery())
    assert [(t.region, t.practices) for t in totals] == [
        ("Apeldoorn", 20),
        ("Zutphen", 5),
        ("Oost-Achterhoek", 0),
    ]
    assert sum(t.ion for t in totals) == sum(1000 + n for n in range(25))
    everything = PracticeQuery(sort=SortKey.NAME)
    pages = database.practices.page(everything, 0, 10) + database.practices.page(everything, 10, 20)
    assert [row.name for row in pages] == [f"Praktijk {n:02d}" for n in range(25)]


def test_wijken_are_distinct_and_sorted(database) -> None:
    add(database, wijk="Zuidbroek")
    add(database, agb="01000002", name="B", wijk="De Maten")
    add(database, agb="01000003", name="C", wijk="Zuidbroek")
    add(database, agb="01000004", name="D", wijk="")
    assert database.practices.wijken() == ["De Maten", "Zuidbroek"]


def test_demo_fill_never_inserts_into_a_filled_register(database) -> None:
    from mtvdp_tui.domain.demo import generate_demo_practices
    from mtvdp_tui.store.demo import populate_demo

    practices = generate_demo_practices(database.ruleset, 20)
    assert populate_demo(database.engine, practices) is True
    assert populate_demo(database.engine, practices) is False
    assert database.practices.count() == 20


def test_save_many_is_all_or_nothing(database) -> None:
    from dataclasses import replace

    from mtvdp_tui.domain.practice import FieldError

    linde = PracticeData(agb="01000001", name="De Linde", region="Zutphen")
    first = database.practices.create(linde)
    known = database.practices.versions_by_agb()
    assert known["01000001"][:2] == (first, 1) and known["01000001"][2] == linde
    berk = PracticeData(agb="01000002", name="De Berk", region="Zutphen")
    clash = PracticeData(agb="01000001", name="Dubbel", region="Zutphen")  # AGB taken
    with pytest.raises(FieldError):
        database.practices.save_many([berk, clash], [])
    assert database.practices.count() == 1
    changed = (first, 1, replace(linde, wijk="Centrum"))
    database.practices.save_many([berk], [changed])
    assert database.practices.count() == 2
    assert database.practices.get(first).data.wijk == "Centrum"
