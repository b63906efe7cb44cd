"""`overzetten` with a real PostgreSQL: SQLite → PostgreSQL → SQLite gives back the original;
the target is empty or untouched after any refusal or failure; the checksum is engine-neutral."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
    create_engine,
    insert,
    inspect,
    text,
)
from sqlalchemy.engine import URL

from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.store import transfer as transfer_module
from mtvdp_tui.store.database import SCHEMA_HEAD, current_revision, make_engine
from mtvdp_tui.store.tables import Practice, table_of
from mtvdp_tui.store.transfer import for_target, table_checksum, transfer
from tests.transfer_data import app_view, checksums, rich_source


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):
    return rich_source(tmp_path_factory.mktemp("bron") / "bron.sqlite")


def libpq(url: URL) -> str:
    """The test database's URL as a user types it (libpq's syntax)."""
    return f"postgresql://{url.username}@/{url.database}?host={url.query['host']}"


def tables_in(url: URL) -> list[str]:
    engine = create_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_sqlite_to_postgresql_and_back_gives_the_original(source, pg_url, tmp_path) -> None:
    there = transfer(str(source), libpq(pg_url))
    back = tmp_path / "terug.sqlite"
    again = transfer(libpq(pg_url), str(back))
    assert [(t.name, t.rows, t.checksum) for t in there.tables] == [
        (t.name, t.rows, t.checksum) for t in again.tables
    ]
    original, copy, server = make_engine(source), make_engine(back), create_engine(pg_url)
    try:
        assert checksums(original) == checksums(copy) == checksums(server)
        assert current_revision(server) == SCHEMA_HEAD
        with server.begin() as connection:  # the sequence continues after the copied ids
            highest = connection.execute(text("SELECT max(id) FROM practice")).scalar_one()
            values = {"agb": "09999999", "name": "Nieuw", "region_id": 1, "search_key": ""}
            new_id = connection.execute(insert(table_of(Practice)).values(**values)).scalar()
            made = connection.execute(text("SELECT max(id) FROM practice")).scalar_one()
            assert made == highest + 1, new_id
            connection.rollback()
    finally:
        original.dispose()
        copy.dispose()
        server.dispose()
    assert app_view(back) == app_view(source)


def test_a_postgresql_database_with_tables_is_refused(source, pg_url) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE eigen (x integer)"))
        connection.execute(text("INSERT INTO eigen VALUES (1)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="is niet leeg"):
        transfer(str(source), libpq(pg_url))
    assert tables_in(pg_url) == ["eigen"]


def test_a_failure_in_the_middle_leaves_postgresql_empty(source, pg_url, monkeypatch) -> None:
    real = transfer_module.insert_batch

    def failing(writing, table, rows):
        if table.name == "practice":
            raise OSError(5, "Input/output error")
        real(writing, table, rows)

    monkeypatch.setattr(transfer_module, "insert_batch", failing)
    with pytest.raises(DatabaseError, match="Er is niets overgezet"):
        transfer(str(source), libpq(pg_url))
    assert tables_in(pg_url) == []


def test_a_failure_reading_postgresql_leaves_no_file(source, pg_url, tmp_path, monkeypatch):
    transfer(str(source), libpq(pg_url))
    real = transfer_module.insert_batch

    def failing(writing, table, rows):
        if table.name == "ion_record":
            raise OSError(28, "No space left on device")
        real(writing, table, rows)

    monkeypatch.setattr(transfer_module, "insert_batch", failing)
    with pytest.raises(DatabaseError, match="Er is niets overgezet"):
        transfer(libpq(pg_url), str(tmp_path / "terug.sqlite"))
    assert list(tmp_path.iterdir()) == []


def test_the_password_is_never_shown(source, pg_server, tmp_path, capsys) -> None:
    from mtvdp_tui.cli import main

    url = f"postgresql://postgres:Geheim-42@/bestaat_niet?host={pg_server.socket_dir}"
    assert main(["overzetten", str(source), url]) == 1
    output = capsys.readouterr()
    assert "bestaat niet op de server" in output.err
    assert "Geheim-42" not in output.out + output.err
    assert "postgres@" in output.out and "/bestaat_niet" in output.out


# --- the checksum: the same on both engines for any row ------------------------------------------
metadata = MetaData()
SAMPLE = Table(
    "monster",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("naam", Text),
    Column("moment", DateTime(timezone=True)),
    Column("dag", Date),
    Column("vlag", Boolean),
    Column("bedrag", Numeric(14, 2)),
    Column("getal", Float),
    Column("gegevens", JSON),
)
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "naam": st.none() | texts,
            "moment": st.none()
            | st.datetimes(timezones=st.timezones(), allow_imaginary=False).filter(
                lambda d: 1900 < d.year < 9000
            ),
            "dag": st.none() | st.dates(),
            "vlag": st.none() | st.booleans(),
            "bedrag": st.none() | st.decimals(-(10**11), 10**11, places=2),
            "getal": st.none() | st.floats(allow_nan=False, width=64),
            "gegevens": json_values,
        }
    ),
    max_size=6,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_the_checksum_is_the_same_on_both_engines(pg_url, tmp_path, rows) -> None:
    numbered = [dict(row, id=number) for number, row in enumerate(rows, start=1)]
    engines = [create_engine(f"sqlite:///{tmp_path / 'monster.sqlite'}"), create_engine(pg_url)]
    sums = []
    try:
        for engine, to_postgres in zip(engines, (False, True), strict=True):
            with engine.begin() as connection:
                metadata.drop_all(connection)
                metadata.create_all(connection)
                if numbered:
                    keys = list(SAMPLE.columns.keys())
                    values = [
                        for_target(SAMPLE, [r[k] for k in keys], to_postgres) for r in numbered
                    ]
                    connection.execute(insert(SAMPLE), values)
            with engine.connect() as connection:
                sums.append(table_checksum(connection, SAMPLE))
    finally:
        for engine in engines:
            with engine.begin() as connection:
                metadata.drop_all(connection)
            engine.dispose()
    assert sums[0] == sums[1]
    assert sums[0][0] == len(rows)


def test_a_value_postgresql_refuses_is_named_in_dutch(source, pg_url, tmp_path) -> None:
    """SQLite does not check a column's length; PostgreSQL does: the copy stops at that table,
    says why in Dutch, and leaves the server's database empty."""
    import shutil
    import sqlite3

    long_name = tmp_path / "lang.sqlite"
    shutil.copyfile(source, long_name)
    with sqlite3.connect(long_name) as connection:
        connection.execute("UPDATE practice SET name = ? WHERE agb = '01000001'", ("x" * 200,))
    connection.close()
    with pytest.raises(DatabaseError) as refused:
        transfer(str(long_name), libpq(pg_url))
    message = str(refused.value)
    assert "tabel practice" in message and "langer dan de kolom" in message
    assert "varying" not in message
    assert tables_in(pg_url) == []


def test_a_role_that_may_not_make_the_schema_is_refused(source, pg_server, pg_url) -> None:
    pg_server.sql("DROP ROLE IF EXISTS alleen_gegevens")
    pg_server.sql("CREATE ROLE alleen_gegevens LOGIN")
    pg_server.sql(f'GRANT CONNECT ON DATABASE "{pg_url.database}" TO alleen_gegevens')
    user_url = f"postgresql://alleen_gegevens@/{pg_url.database}?host={pg_url.query['host']}"
    with pytest.raises(DatabaseError, match="moet worden bijgewerkt door de beheerder"):
        transfer(str(source), user_url)
    assert tables_in(pg_url) == []


def test_backup_with_db_on_the_command_line(source, pg_url, tmp_path, capsys) -> None:
    from mtvdp_tui.cli import main

    transfer(str(source), libpq(pg_url))
    copy = tmp_path / "kantoor.sqlite"
    assert main(["--db", libpq(pg_url), "backup", "-o", str(copy)]) == 0
    assert f"Reservekopie gemaakt: {copy}" in capsys.readouterr().out
    assert app_view(copy) == app_view(source)
