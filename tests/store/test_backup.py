"""Backups with SQLite's backup API: complete, private, and only the newest ten kept."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.store.backup import KEEP, backup_dir, backups, make_backup


def test_a_backup_holds_the_data_and_is_private(database) -> None:
    database.practices.create(PracticeData(agb="01000001", name="De Linde", region="Zutphen"))
    copy = make_backup(database.path, "test")
    assert copy.parent == backup_dir(database.path)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT name FROM practice").fetchall() == [("De Linde",)]


def test_only_the_newest_backups_are_kept(database) -> None:
    made = [make_backup(database.path, f"n{n:02d}") for n in range(KEEP + 3)]
    assert backups(database.path) == made[-KEEP:]


def test_a_backup_to_a_chosen_file(database, tmp_path) -> None:
    target = tmp_path / "kopie.sqlite"
    assert make_backup(database.path, "handmatig", target) == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert backups(database.path) == []


def test_x_sqlite_and_x_db_keep_their_own_backups(tmp_path) -> None:
    """One folder per database file: pruning the newest ten of one never touches the other's."""
    from tests.conftest import open_test_database

    first, second = tmp_path / "x.sqlite", tmp_path / "x.db"
    for path in (first, second):
        open_test_database(path).close()
    theirs = [make_backup(second, f"n{n}") for n in range(2)]
    mine = [make_backup(first, f"n{n:02d}") for n in range(KEEP + 3)]
    assert backups(second) == theirs and all(copy.exists() for copy in theirs)
    assert backups(first) == mine[-KEEP:]
    assert backup_dir(first).name == "x.sqlite-backups"
    assert backup_dir(second).name == "x.db-backups"


def test_the_old_shared_backup_folder_is_left_as_it_is(tmp_path) -> None:
    """`x-backups/` of earlier versions (shared by x.sqlite and x.db): never pruned, never
    written into; new backups go to `x.sqlite-backups/`."""
    from tests.conftest import open_test_database

    database = tmp_path / "x.sqlite"
    open_test_database(database).close()
    old = tmp_path / "x-backups"
    old.mkdir()
    kept = [old / f"x-2020010{n}-000000-000000-oud.sqlite" for n in range(1, 10)] + [
        old / f"x-2020011{n}-000000-000000-oud.sqlite" for n in range(5)
    ]
    for copy in kept:
        copy.write_bytes(b"oud")
    for n in range(KEEP + 1):
        make_backup(database, f"n{n:02d}")
    assert sorted(old.iterdir()) == sorted(kept)


def test_a_backup_of_a_relative_path(tmp_path, monkeypatch) -> None:
    from tests.conftest import open_test_database

    open_test_database(tmp_path / "map" / "db.sqlite").close()
    monkeypatch.chdir(tmp_path)
    copy = make_backup(Path("map/db.sqlite"), "handmatig")
    assert copy.parent.resolve() == (tmp_path / "map" / "db.sqlite-backups")
