"""Opening database files: creation, pragmas, migrations, and files that are not what they seem."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.store.database import SCHEMA_HEAD, current_revision
from tests.conftest import open_test_database


def test_new_database_is_created_with_ruleset_and_regions(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "nieuw.sqlite"
    db = open_test_database(path)
    try:
        assert path.exists()
        assert db.ruleset.id == "hoog-2023"
        assert current_revision(db.engine) == SCHEMA_HEAD
        with sqlite3.connect(path) as raw:
            regions = [r[0] for r in raw.execute("SELECT name FROM region ORDER BY position")]
            stored = raw.execute("SELECT code, toml_text FROM ruleset").fetchone()
        assert regions == ["Apeldoorn", "Zutphen", "Oost-Achterhoek"]
        assert stored[0] == "hoog-2023" and "[regeling]" in stored[1]
    finally:
        db.close()


def test_reopening_keeps_the_stored_ruleset(tmp_path: Path) -> None:
    path = tmp_path / "roha.sqlite"
    open_test_database(path, "roha-2023").close()
    db = open_test_database(path, "hoog-2023")  # the preset only applies to new files
    try:
        assert db.ruleset.id == "roha-2023"
    finally:
        db.close()


def test_connections_use_wal_foreign_keys_and_busy_timeout(database) -> None:
    with database.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("synchronous") == 2  # FULL


def test_migrations_match_the_table_definitions(database) -> None:
    """Alembic's autogenerate finds nothing to change: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from mtvdp_tui.store.tables import SQLModel

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, SQLModel.metadata) == []


def test_schema_head_constant_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notities.sqlite"
    path.write_text("boodschappenlijst\n")
    with pytest.raises(DatabaseError, match="geen database"):
        open_test_database(path)
    assert path.read_text() == "boodschappenlijst\n"


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "ander.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE klanten (id INTEGER)")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="geen MTVDP-database"):
        open_test_database(path)
    assert path.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nieuwer.sqlite"
    open_test_database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(DatabaseError, match="nieuwere versie"):
        open_test_database(path)


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "leeg.sqlite"
    path.touch()
    db = open_test_database(path)
    try:
        assert db.practices.count() == 0
    finally:
        db.close()


def test_a_corrupt_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "kapot.sqlite"
    open_test_database(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's b-tree is garbage now
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="beschadigd of onleesbaar"):
        open_test_database(path)
    assert path.read_bytes() == bytes(data)


def test_a_bad_ruleset_for_a_new_database_leaves_no_file(tmp_path: Path) -> None:
    from mtvdp_tui.store.database import open_database

    def broken() -> object:
        raise ValueError("regeling kapot")

    path = tmp_path / "nieuw.sqlite"
    with pytest.raises(ValueError, match="regeling kapot"):
        open_database(path, new_ruleset=broken)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
