"""The lists order names and wijken by their folded keys (`search_text.order_key`: accents and
case do not count), then by id — on SQLite, on PostgreSQL with the test server's collation
(C.UTF-8) and on PostgreSQL with a Dutch one (ICU nl-NL), which orders text itself otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.search_text import order_key
from mtvdp_tui.records.plans import PlanQuery, PlanSortKey
from mtvdp_tui.records.practices import PracticeQuery, SortKey
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.practice_search import P
from tests.conftest import open_test_database

# Letters whose order differs between byte order, C.UTF-8 and a Dutch collation: case, accents
# (É sorts after z in C, among the e's in Dutch), ß (ss), the ij, spaces and punctuation.
ALPHABET = "aAbBdDeEéÉëËiIjJĳoOöÖsSßuUzZ '-"
names = st.text(ALPHABET, min_size=1, max_size=8).map(str.strip).filter(bool)
AWKWARD = ["Éénhoorn", "eenhoorn", "Zwaluw", "de Berg", "De Berg", "De Bergen", "Bergzicht"]


@pytest.fixture
def database(collated_db_value: str) -> Iterator[Database]:
    opened = open_test_database(collated_db_value)
    yield opened
    opened.close()


def test_names_and_wijken_are_ordered_by_their_folded_keys_then_id(database: Database) -> None:
    practices = database.practices

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(rows=st.lists(st.tuples(names, names), min_size=1, max_size=12))
    @example(rows=[(name, name.upper()) for name in AWKWARD])
    def check(rows: list[tuple[str, str]]) -> None:
        with database.engine.begin() as connection:
            connection.execute(delete(P))
        practices.save_many(
            [
                PracticeData(agb=f"0100{n:04d}", name=name, region="Zutphen", wijk=wijk)
                for n, (name, wijk) in enumerate(rows)
            ],
            [],
        )
        stored = practices.page(PracticeQuery(), 0, len(rows) + 1)  # by id: the ties' order
        stored.sort(key=lambda row: row.id)
        for descending in (False, True):

            def shown(sort: SortKey, descending: bool = descending) -> list[int]:
                query = PracticeQuery(sort=sort, descending=descending)
                return [row.id for row in practices.page(query, 0, len(rows) + 1)]

            by_name = sorted(stored, key=lambda row: order_key(row.name), reverse=descending)
            assert shown(SortKey.NAME) == [row.id for row in by_name]
            by_wijk = sorted(
                stored,
                key=lambda row: (order_key(row.wijk), order_key(row.name)),
                reverse=descending,
            )
            assert shown(SortKey.WIJK) == [row.id for row in by_wijk]
            plans = database.plan_overview.page(
                PlanQuery(sort=PlanSortKey.NAME, descending=descending), 0, len(rows) + 1
            )
            assert [row.id for row in plans] == [row.id for row in by_name]

    check()


def test_the_wijken_offered_are_in_the_lists_order(database: Database) -> None:
    for n, wijk in enumerate(["Zuid", "Éénhoorn", "elst", "Elst", "De Maten", "de Maten"]):
        database.practices.create(
            PracticeData(agb=f"0100{n:04d}", name="Praktijk", region="Zutphen", wijk=wijk)
        )
    assert database.practices.wijken() == [
        "De Maten",
        "de Maten",
        "Éénhoorn",
        "Elst",
        "elst",
        "Zuid",
    ]
