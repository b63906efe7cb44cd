"""The migrations build the whole schema on a real PostgreSQL, and the revision check reads it."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL

from mtvdp_tui.store.database import SCHEMA_HEAD, current_revision, migrate
from mtvdp_tui.store.database_file import schema_gaps_of


def test_an_empty_postgresql_database_is_migrated_to_head(pg_url: URL) -> None:
    engine = create_engine(pg_url)
    try:
        assert current_revision(engine) is None
        migrate(engine)
        assert current_revision(engine) == SCHEMA_HEAD
        assert schema_gaps_of(engine) == []
        indexes = {i["name"] for i in inspect(engine).get_indexes("practice")}
        assert {"ix_practice_name_search", "ix_practice_region_search"} <= indexes
        migrate(engine)  # at head: nothing to do, nothing fails
        assert current_revision(engine) == SCHEMA_HEAD
    finally:
        engine.dispose()
