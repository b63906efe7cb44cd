"""The migrations build the whole schema on a real PostgreSQL, and the revision check reads it."""

from __future__ import annotations

import pytest
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


def test_migrations_match_the_table_definitions_on_postgresql(pg_url: URL) -> None:
    """Alembic's autogenerate finds nothing to change on PostgreSQL either (the order keys with
    their collation, the name index on them: migration 0010)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from mtvdp_tui.store.tables import SQLModel

    engine = create_engine(pg_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_moments_are_stored_with_their_time_zone_on_postgresql(pg_url: URL) -> None:
    engine = create_engine(pg_url)
    try:
        migrate(engine)
        columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("audit")}
        assert columns["at"].timezone is True  # timestamp with time zone
    finally:
        engine.dispose()


def _at_revision(engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_a_role_with_only_data_rights_cannot_migrate_and_changes_nothing(pg_server) -> None:
    from mtvdp_tui.records.errors import DatabaseError
    from mtvdp_tui.store.database import open_database
    from tests.conftest import preset, today

    pg_server.sql(
        "DO $$ BEGIN CREATE ROLE medewerker LOGIN; EXCEPTION WHEN duplicate_object"
        " THEN NULL; END $$"
    )
    url = pg_server.create_database("oud_schema")
    owner = create_engine(url)
    try:
        _at_revision(owner, "0005")
        with owner.begin() as connection:
            connection.exec_driver_sql(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO medewerker;"
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO medewerker"
            )
        as_user = pg_server.libpq_url("oud_schema", user="medewerker")
        with pytest.raises(DatabaseError, match="bijgewerkt door de beheerder"):
            open_database(as_user, new_ruleset=lambda: preset("hoog-2023"), today=today)
        assert current_revision(owner) == "0005"  # nothing changed
        with pytest.raises(DatabaseError, match="geen regeling"):  # past the role check:
            open_database(  # the owner migrates (this test's old schema has no ruleset)
                pg_server.libpq_url("oud_schema"),
                new_ruleset=lambda: preset("hoog-2023"),
                today=today,
            )
        assert current_revision(owner) == SCHEMA_HEAD
    finally:
        owner.dispose()
        pg_server.drop_database("oud_schema")
