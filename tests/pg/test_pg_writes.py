"""Writes on PostgreSQL: what the server refuses becomes the Dutch message, nothing half is
stored, and after a server restart the next action simply works."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlalchemy import Connection, insert, select

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
    def body(connection: Connection) -> None:
        connection.execute(insert(S).values(key="eerst", value="1"))
        connection.execute(insert(table_of(Region)).values(name="Zutphen", position=9))

    with pytest.raises(StaleRecordError, match="Iemand anders"):
        transactions.write(database.engine, body)
    with database.engine.connect() as connection:
        assert connection.execute(select(S.c.key).where(S.c.key == "eerst")).first() is None


def test_writes_that_read_what_the_other_writes_run_one_after_the_other(database) -> None:
    """Each write reads what the other writes (write skew). The write lock makes the second wait
    until the first committed; it then sees the first's row and decides on it: no conflict
    reaches the caller, nothing is run twice, and one of the two rows is stored."""
    first_inside = threading.Event()
    runs: Counter[str] = Counter()

    def claim(mine: str, other: str) -> Callable[[Connection], bool]:
        def body(connection: Connection) -> bool:
            runs[mine] += 1
            first_inside.set()
            taken = connection.execute(select(S).where(S.c.key == other)).first() is not None
            time.sleep(0.3)  # the other write starts meanwhile: it must wait for this one
            if taken:
                return False
            connection.execute(insert(S).values(key=mine, value="1"))
            return True

        return body

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(transactions.write, database.engine, claim("a", "b"))
        assert first_inside.wait(timeout=20)
        second = pool.submit(transactions.write, database.engine, claim("b", "a"))
        outcomes = [first.result(), second.result()]
    assert outcomes == [True, False]  # the second saw the first's row
    assert runs == Counter({"a": 1, "b": 1})  # nothing aborted, nothing run again
    with database.engine.connect() as connection:
        keys = set(connection.execute(select(S.c.key).where(S.c.key.in_(["a", "b"]))).scalars())
    assert keys == {"a"}


def test_a_write_aborted_every_time_is_the_dutch_conflict_after_a_few_attempts(
    database, monkeypatch
) -> None:
    monkeypatch.setattr(transactions, "PAUSE", 0.0)
    runs = []

    def body(connection: Connection) -> None:
        runs.append(1)
        connection.execute(insert(S).values(key=f"poging{len(runs)}", value="1"))
        connection.exec_driver_sql(
            "DO $$ BEGIN RAISE EXCEPTION 'aborted' USING ERRCODE = 'serialization_failure'; END $$"
        )

    with pytest.raises(StaleRecordError, match="Iemand anders"):
        transactions.write(database.engine, body)
    assert len(runs) == transactions.ATTEMPTS
    with database.engine.connect() as connection:
        assert connection.execute(select(S).where(S.c.key.like("poging%"))).first() is None


def test_a_real_version_conflict_is_refused_not_retried_into_an_overwrite(database) -> None:
    practice_id = database.practices.create(
        PracticeData(agb="01000009", name="De Wilg", region="Zutphen")
    )
    seen = database.practices.get(practice_id)
    database.practices.update(
        practice_id, replace(seen.data, notes="eerst"), expected_version=seen.version
    )
    with pytest.raises(StaleRecordError) as refused:
        database.practices.update(
            practice_id, replace(seen.data, notes="daarna"), expected_version=seen.version
        )
    assert not isinstance(refused.value, transactions.SerializationFailure)
    assert database.practices.get(practice_id).data.notes == "eerst"


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


def test_a_server_stopped_behind_a_proxy_is_dutch_for_the_next_read_and_write() -> None:
    """The lead's trial: the server stops while the app talks to it through the delaying proxy
    (which still accepts the connection, then closes it): Dutch, without the driver's words."""
    from tools.latency_proxy import HOST, LatencyProxy, postgres_socket

    server = PgServer().start()
    try:
        server.create_database("org")
        with LatencyProxy.started(postgres_socket(server.socket_dir), 0.001) as proxy:
            db = _open(f"postgresql://postgres@{HOST}:{proxy.port}/org")
            try:
                db.practices.create(PracticeData(agb="01000004", name="De Els", region="Zutphen"))
                server.stop("immediate")
                for action in (
                    db.practices.count,
                    lambda: db.practices.create(
                        PracticeData(agb="01000005", name="De Beuk", region="Zutphen")
                    ),
                ):
                    with pytest.raises((StorageError, DatabaseError)) as refused:
                        action()
                    message = str(refused.value)
                    assert "niet bereikbaar" in message or "weggevallen" in message, message
                    assert not re.search(r"connection|server closed|failed|\n", message)
            finally:
                db.close()
    finally:
        server.remove()


def test_a_connection_cut_inside_a_write_is_dutch_and_stores_nothing(database, pg_server) -> None:
    """The server ends the session between two statements of one write (as a restart would):
    the Dutch message, not an error about the dropped connection's state; nothing stored."""

    def body(connection: Connection) -> None:
        connection.execute(insert(S).values(key="half", value="1"))
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        pg_server.sql(f"SELECT pg_terminate_backend({pid})")
        connection.execute(insert(S).values(key="half2", value="1"))

    with pytest.raises(StorageError, match="weggevallen"):
        transactions.write(database.engine, body)
    with database.engine.connect() as connection:
        assert connection.execute(select(S).where(S.c.key.like("half%"))).first() is None
