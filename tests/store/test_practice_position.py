"""Where a practice is in the register's list for a search, region and order (or that it is not
there): the register puts its cursor on a practice just saved, or says the filters hide it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from mtvdp_tui.records.practices import PracticeQuery
from tests.conftest import open_test_database
from tests.store.test_practice_search import data, queries

BOTH_ENGINES = True  # see tests/engines.py


def test_the_position_is_the_place_in_the_list_or_none_when_hidden(tmp_path) -> None:
    database = open_test_database(tmp_path / "plaats.sqlite")
    ids = [database.practices.create(data(n)) for n in range(48)]
    repository = database.practices

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(query=queries)
    def check(query: PracticeQuery) -> None:
        listed = [row.id for row in repository.page(query, 0, len(ids) + 1)]
        for practice_id in ids:
            expected = listed.index(practice_id) if practice_id in listed else None
            assert repository.position(query, practice_id) == expected

    try:
        check()
    finally:
        database.close()
