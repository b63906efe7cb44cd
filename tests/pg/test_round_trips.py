"""Over a network every round trip is waited for: the register's reads cost one each, a save a
few, counted by the benchmark's delaying proxy (no latency added here: only the count matters).

Before: every read was four (SQLAlchemy's pre-ping, BEGIN, the statement, ROLLBACK) and a save
of a practice eight (nine on a new connection, which first asked for its role)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Connection, event, insert, select

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.store import transactions
from mtvdp_tui.store.database import Database, open_database, repository_engine
from mtvdp_tui.store.tables import Setting, table_of
from tests.conftest import preset, today
from tools.latency_proxy import HOST, LatencyProxy, postgres_socket
from tools.pg_server import PgServer

S = table_of(Setting)


@pytest.fixture
def behind_proxy(pg_server: PgServer, pg_url) -> Iterator[tuple[Database, LatencyProxy]]:
    with LatencyProxy.started(postgres_socket(pg_server.socket_dir), 0.0) as proxy:
        url = f"postgresql://postgres@{HOST}:{proxy.port}/{pg_url.database}"
        database = open_database(url, new_ruleset=lambda: preset("hoog-2023"), today=today)
        try:
            for n, name in enumerate(("De Linde", "De Berg", "Bergzicht")):
                data = PracticeData(agb=f"0100000{n}", name=name, region="Zutphen", ion=1000)
                database.practices.create(data)
            yield database, proxy
        finally:
            database.close()


def round_trips(proxy: LatencyProxy, action: Callable[[], object]) -> int:
    before = proxy.round_trips
    action()
    return proxy.round_trips - before


def test_each_read_of_the_register_is_one_round_trip(behind_proxy) -> None:
    database, proxy = behind_proxy
    practices = database.practices
    query = PracticeQuery(text="berg")
    first = practices.page(query, 0, 100)
    assert [row.name for row in first] == ["Bergzicht", "De Berg"]
    assert round_trips(proxy, lambda: practices.page(query, 0, 100)) == 1
    assert round_trips(proxy, lambda: practices.totals(query)) == 1
    assert round_trips(proxy, lambda: practices.position(query, first[1].id)) == 1
    assert round_trips(proxy, lambda: practices.get(first[0].id)) == 1


def test_saving_a_practice_reads_what_it_checks_in_one_statement(behind_proxy) -> None:
    database, proxy = behind_proxy
    practices = database.practices
    record = practices.get(practices.id_for_agb("01000001") or 0)
    changed = replace(record.data, wijk="Noord")  # the ION stays: no ION record written
    # BEGIN (psycopg waits for it), the write lock, the checks with the old values, the update,
    # the audit row (its role from the server in the same INSERT), the commit
    saving = lambda: practices.update(record.id, changed, expected_version=1)  # noqa: E731
    assert round_trips(proxy, saving) == 6
    assert practices.get(record.id).data.wijk == "Noord"
    moved = replace(changed, agb="01000002")  # another practice's AGB: refused, nothing stored
    with pytest.raises(Exception, match="01000002"):
        practices.update(record.id, moved, expected_version=2)
    assert practices.get(record.id).version == 2


def test_a_write_on_the_repositories_engine_is_still_one_transaction(behind_proxy) -> None:
    """Reads run in autocommit; a write must not: what it did before failing is not stored."""
    database, _ = behind_proxy
    engine = repository_engine(database.engine)

    def half(connection: Connection) -> None:
        connection.execute(insert(S).values(key="half", value="1"))
        raise RuntimeError("refused half-way")

    with pytest.raises(RuntimeError):
        transactions.write(engine, half)
    with engine.connect() as connection:
        assert connection.execute(select(S.c.key).where(S.c.key == "half")).first() is None
        isolation = connection.exec_driver_sql("show transaction_isolation").scalar()

    def locked(connection: Connection) -> bool:
        held = connection.exec_driver_sql(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        ).scalar()
        return connection.in_transaction() and held == 1

    assert transactions.write(engine, locked)  # in a transaction, holding the write lock
    assert isolation == "read committed"


def test_a_connection_the_server_dropped_is_replaced_without_asking_the_server() -> None:
    """No pre-ping (a round trip before every checkout): a restart is noticed on the socket."""
    with (
        PgServer.started() as server,
        LatencyProxy.started(postgres_socket(server.socket_dir), 0.0) as proxy,
    ):
        server.create_database("org")
        url = f"postgresql://postgres@{HOST}:{proxy.port}/org"
        database = open_database(url, new_ruleset=lambda: preset("hoog-2023"), today=today)
        try:
            database.practices.create(PracticeData(agb="01000009", name="Es", region="Zutphen"))
            assert round_trips(proxy, database.practices.count) == 1
            server.restart()
            assert database.practices.count() == 1  # a new connection, no error
            assert round_trips(proxy, database.practices.count) == 1
        finally:
            database.close()


def test_the_registers_totals_and_first_page_are_read_side_by_side(behind_proxy) -> None:
    """Two statements, each waited for over the network: read at the same time on two
    connections they cost one round trip of waiting. Each statement here waits until the other
    is out too: read one after the other, the first would wait in vain."""
    database, _ = behind_proxy
    both_out = threading.Barrier(2, timeout=10)

    def wait_for_the_other(*_: object) -> None:
        both_out.wait()

    event.listen(database.engine, "before_cursor_execute", wait_for_the_other)
    try:
        totals, rows = database.practices.totals_and_page(PracticeQuery(text="berg"), 0, 100)
    finally:
        event.remove(database.engine, "before_cursor_execute", wait_for_the_other)
    assert [row.name for row in rows] == ["Bergzicht", "De Berg"]
    assert [(total.region, total.practices) for total in totals if total.practices] == [
        ("Zutphen", 2)
    ]
