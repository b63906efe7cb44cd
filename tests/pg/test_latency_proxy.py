"""The benchmark's delaying proxy forwards every byte intact and adds at least its latency.

Only lower bounds are asserted: on a shared machine a round trip can take any amount longer."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import psycopg
import pytest

from tools.latency_proxy import HOST, LatencyProxy, postgres_socket
from tools.pg_server import PgServer

ONE_WAY = 0.025  # 50 ms of added round trip, as in the benchmark


def round_trips(conninfo: str, count: int = 7) -> list[float]:
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("select 1")  # the first one may plan: not timed
        found = []
        for _ in range(count):
            started = time.perf_counter()
            assert connection.execute("select 1").fetchone() == (1,)
            found.append(time.perf_counter() - started)
    return found


def direct(server: PgServer) -> str:
    return f"host={server.socket_dir} user=postgres dbname=postgres"


def through(proxy: LatencyProxy) -> str:
    return f"host={HOST} port={proxy.port} user=postgres dbname=postgres"


def test_a_round_trip_through_the_proxy_takes_at_least_the_added_latency(
    pg_server: PgServer,
) -> None:
    with LatencyProxy.started(postgres_socket(pg_server.socket_dir), ONE_WAY) as proxy:
        assert proxy.round_trip == pytest.approx(2 * ONE_WAY)
        slow = round_trips(through(proxy))
        assert proxy.connections == 1
    fast = round_trips(direct(pg_server))
    assert min(slow) >= 2 * ONE_WAY  # every single one, not only the median
    assert statistics.median(slow) - statistics.median(fast) >= 2 * ONE_WAY * 0.9


def test_bytes_pass_intact_both_ways_and_in_order(pg_server: PgServer) -> None:
    payload = bytes(range(256)) * 2000  # 512 kB: many chunks, every byte value
    with (
        LatencyProxy.started(postgres_socket(pg_server.socket_dir), 0.005) as proxy,
        psycopg.connect(through(proxy), autocommit=True) as connection,
    ):
        echoed = connection.execute("select %s::bytea", (payload,)).fetchone()
        assert echoed is not None and bytes(echoed[0]) == payload
        rows = connection.execute("select g, md5(g::text) from generate_series(1, 5000) g")
        assert [row[0] for row in rows] == list(range(1, 5001))


def test_it_listens_on_the_loopback_address_only_and_stops(pg_server: PgServer) -> None:
    proxy = LatencyProxy(postgres_socket(pg_server.socket_dir), 0.0).start()
    host, port = proxy.address
    assert host == HOST and port == proxy.port > 0
    with psycopg.connect(through(proxy)) as connection:
        assert connection.info.host == HOST
    proxy.stop()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(f"host={HOST} port={port} user=postgres connect_timeout=2")


def test_a_negative_delay_is_refused() -> None:
    with pytest.raises(ValueError):
        LatencyProxy(Path("/nonexistent/.s.PGSQL.5432"), -0.01)


def test_it_counts_the_round_trips_the_client_waits_for(pg_server: PgServer) -> None:
    with LatencyProxy.started(postgres_socket(pg_server.socket_dir), 0.0) as proxy:
        assert proxy.round_trips == 0
        with psycopg.connect(through(proxy), autocommit=True) as connection:
            connected = proxy.round_trips
            assert connected >= 1  # the start-up message, authentication, ...
            for _ in range(5):
                connection.execute("select 1").fetchone()
            assert proxy.round_trips == connected + 5
            with connection.transaction():  # BEGIN, the statement, COMMIT: three waits
                connection.execute("select 2").fetchone()
            assert proxy.round_trips == connected + 8
