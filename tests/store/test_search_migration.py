"""Migration 0008: a database from before it (search keys folded for case only, no audit key)
is migrated, and then "dieen" finds "Dieën" in the register, the plans overview and the log."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.audit import AuditQuery
from mtvdp_tui.records.plans import PlanQuery
from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.store.database import make_engine
from tests.conftest import new_test_database, open_test_database

DIEEN = PracticeData(agb="01000001", name="Huisartsen Dieën", region="Zutphen", wijk="Noord")
ZWOLLE = PracticeData(agb="01000002", name="Praktijk Zwolle", region="Zutphen", wijk="Oost")


def at_revision(path: Path, revision: str) -> None:
    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    engine.dispose()


def old_database(path: Path) -> None:
    """A database as version 0007 of the app left it, with Dieën and Zwolle (and their audit)."""
    database = new_test_database(path)
    database.practices.create(DIEEN)
    database.practices.create(ZWOLLE)
    database.close()
    at_revision(path, "0007")
    with sqlite3.connect(path) as connection:
        keys = dict(connection.execute("SELECT agb, search_key FROM practice"))
        audit = [row[1] for row in connection.execute("PRAGMA table_info(audit)")]
    assert keys["01000001"] == "01000001 huisartsen dieën noord"  # as 0007 made it
    assert "search_key" not in audit


def names(rows) -> list[str]:
    return sorted(row.name for row in rows)


def test_an_old_database_is_migrated_and_dieen_finds_dieen(tmp_path: Path) -> None:
    path = tmp_path / "oud.sqlite"
    old_database(path)
    database = open_test_database(path)  # migrates to 0008
    try:
        practices = database.practices
        assert names(practices.page(PracticeQuery(text="dieen"), 0, 10)) == ["Huisartsen Dieën"]
        assert names(practices.page(PracticeQuery(text="DIËEN"), 0, 10)) == ["Huisartsen Dieën"]
        assert names(practices.page(PracticeQuery(text="Zwolle"), 0, 10)) == ["Praktijk Zwolle"]
        overview = database.plan_overview.page(PlanQuery(text="dieen"), 0, 10)
        assert [row.name for row in overview] == ["Huisartsen Dieën"]
        found = database.audit.page(AuditQuery(text="dieen"), 0, 10)
        assert [row.subject for row in found] == ["Huisartsen Dieën (01000001)"]
        assert database.audit.count(AuditQuery(text="zwolle")) == 1
    finally:
        database.close()


def test_new_practices_and_entries_get_folded_keys(tmp_path: Path) -> None:
    database = new_test_database(tmp_path / "nieuw.sqlite")
    try:
        practice_id = database.practices.create(DIEEN)
        data = database.practices.get(practice_id).data
        renamed = dataclasses.replace(data, name="Praktijk Óúd-Beijerland")
        database.practices.update(practice_id, renamed, expected_version=1)
        assert names(database.practices.page(PracticeQuery(text="oud-beij"), 0, 9)) == [
            "Praktijk Óúd-Beijerland"
        ]
        assert database.audit.count(AuditQuery(text="oud-beijerland")) == 1
    finally:
        database.close()
