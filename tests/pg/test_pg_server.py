"""The throwaway PostgreSQL server the tests use is real, private and restartable."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from tools.pg_server import PgServer


def test_each_test_gets_an_empty_database_of_its_own_on_a_real_server(pg_url: URL) -> None:
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        assert connection.execute(text("select current_database()")).scalar() == pg_url.database
        assert connection.execute(text("show listen_addresses")).scalar() == ""  # socket only
        query = "select count(*) from pg_tables where schemaname = 'public'"
        tables = connection.execute(text(query))
        assert tables.scalar() == 0
    engine.dispose()


def test_a_restart_drops_connections_and_the_next_one_works() -> None:
    with PgServer.started() as server:
        engine = create_engine(server.url(), pool_pre_ping=False)
        with engine.connect() as connection:
            server.restart()
            with pytest.raises(OperationalError):
                connection.execute(text("select 1"))
        engine.dispose()
        engine = create_engine(server.url())
        with engine.connect() as connection:
            assert connection.execute(text("select 1")).scalar() == 1
        engine.dispose()
