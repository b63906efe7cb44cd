"""Backups with SQLite's backup API: complete, private, and only the newest ten kept."""

from __future__ import annotations

import sqlite3
import stat

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
