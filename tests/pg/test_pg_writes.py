"""Writes on PostgreSQL: what the server refuses becomes the Dutch message, nothing half is
stored, and after a server restart the next action simply works."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from sqlalchemy import insert, select

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.errors import DatabaseError, StaleRecordError, StorageError
from mtvdp_tui.store import transactions
from mtvdp_tui.store.database import open_database
from mtvdp_tui.store.tables import Region, Setting, table_of
from tests.conftest import preset, today
from tools.pg_server import PgServer

S = table_of(Setting)


def _open(url: str):
    return open_database(url, new_ruleset=lambda: preset("hoog-2023"), today=today)


@pytest.fixture
def database(pg_url):
    db = _open(f"postgresql://postgres@/{pg_url.database}?host={pg_url.query['host']}")
    yield db
    db.close()


def test_a_unique_violation_is_the_dutch_conflict_and_stores_nothing(database) -> None:
    refused = pytest.raises(StaleRecordError, match="Iemand anders")
    with refused, transactions.write(database.engine) as connection:
        connection.execute(insert(S).values(key="eerst", value="1"))
        connection.execute(insert(table_of(Region)).values(name="Zutphen", position=9))
    with database.engine.connect() as connection:
        assert connection.execute(select(S.c.key).where(S.c.key == "eerst")).first() is None


def test_two_writes_that_would_skew_each_other_cannot_both_commit(database) -> None:
    """Each reads what the other writes (write skew): SERIALIZABLE refuses the second commit."""
    with pytest.raises(StaleRecordError, match="Iemand anders"), ExitStack() as stack:
        first = stack.enter_context(transactions.write(database.engine))
        second = stack.enter_context(transactions.write(database.engine))
        assert first.execute(select(S).where(S.c.key == "b")).first() is None
        assert second.execute(select(S).where(S.c.key == "a")).first() is None
        first.execute(insert(S).values(key="a", value="1"))
        second.execute(insert(S).values(key="b", value="1"))
    with database.engine.connect() as connection:
        keys = set(connection.execute(select(S.c.key).where(S.c.key.in_(["a", "b"]))).scalars())
    assert len(keys) == 1  # one of the two was stored, whole; the other not at all


def test_after_a_server_restart_the_next_action_works() -> None:
    with PgServer.started() as server:
        server.create_database("org")
        db = _open(server.libpq_url("org"))
        try:
            db.practices.create(PracticeData(agb="01000001", name="De Linde", region="Zutphen"))
            server.restart()
            assert db.practices.count() == 1  # a dropped connection is replaced, not used
            db.practices.create(PracticeData(agb="01000002", name="De Eik", region="Zutphen"))
            assert db.practices.count() == 2
        finally:
            db.close()


def test_a_server_gone_mid_session_is_a_dutch_message() -> None:
    server = PgServer().start()
    server.create_database("org")
    db = _open(server.libpq_url("org"))
    try:
        server.stop("immediate")
        with pytest.raises((StorageError, DatabaseError), match=r"niet bereikbaar|weggevallen"):
            db.practices.create(PracticeData(agb="01000003", name="De Es", region="Zutphen"))
    finally:
        db.close()
        server.remove()
