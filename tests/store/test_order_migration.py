"""Migration 0010: a database from before it (no order keys; the register ordered by NOCASE or
`lower(name)`) gets `name_key` and `wijk_key` for every practice and its name index on them, on
SQLite and on PostgreSQL with either collation; afterwards the lists order by the keys."""

from __future__ import annotations

import sqlalchemy
from alembic import command
from alembic.config import Config

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.search_text import order_key
from mtvdp_tui.records.practices import PracticeQuery, SortKey
from mtvdp_tui.store.database import SCHEMA_HEAD, current_revision
from tests.conftest import open_test_database

NAMES = {  # AGB: (name, wijk), in the order they are made (ties go by id)
    "01000001": ("Zwaluw", "Zuid"),
    "01000002": ("Éénhoorn", "Élst"),
    "01000003": ("de Berg", "elst"),
    "01000004": ("De Berg", "Centrum"),
    "01000005": ("eenhoorn", ""),
    "01000006": ("Bergzicht", "De Maten"),
}


def downgrade_to(engine: sqlalchemy.Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_a_database_at_0009_gets_order_keys_and_orders_by_them(collated_db_value: str) -> None:
    database = open_test_database(collated_db_value)
    for agb, (name, wijk) in NAMES.items():
        database.practices.create(PracticeData(agb=agb, name=name, region="Zutphen", wijk=wijk))
    downgrade_to(database.engine, "0009")
    columns = {c["name"] for c in sqlalchemy.inspect(database.engine).get_columns("practice")}
    assert current_revision(database.engine) == "0009"
    assert not {"name_key", "wijk_key"} & columns
    database.close()

    database = open_test_database(collated_db_value)  # migrates to 0010
    try:
        engine = database.engine
        assert current_revision(engine) == SCHEMA_HEAD
        with engine.connect() as connection:
            stored = connection.exec_driver_sql(
                "SELECT agb, name_key, wijk_key FROM practice"
            ).all()
        assert {agb: (name, wijk) for agb, name, wijk in stored} == {
            agb: (order_key(name), order_key(wijk)) for agb, (name, wijk) in NAMES.items()
        }
        index = next(
            i
            for i in sqlalchemy.inspect(engine).get_indexes("practice")
            if i["name"] == "ix_practice_name_search"
        )
        assert index["column_names"] == ["name_key", "search_key"]
        if engine.dialect.name == "postgresql":  # bytes, whatever the database's collation
            types = {
                c["name"]: c["type"] for c in sqlalchemy.inspect(engine).get_columns("practice")
            }
            assert types["name_key"].collation == types["wijk_key"].collation == "C"

        def agbs(sort: SortKey) -> list[str]:
            return [row.agb for row in database.practices.page(PracticeQuery(sort=sort), 0, 10)]

        assert agbs(SortKey.NAME) == [
            "01000006", "01000003", "01000004", "01000002", "01000005", "01000001"
        ]  # fmt: skip
        assert agbs(SortKey.WIJK) == [
            "01000005", "01000004", "01000006", "01000003", "01000002", "01000001"
        ]  # fmt: skip
    finally:
        database.close()
