"""Files the app writes are private (0600) and appear whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mtvdp_tui.files import (
    NAME_MAX,
    OutputError,
    free_stem,
    guard_database,
    temporary_beside,
    write_private,
)


def test_written_files_are_readable_by_the_user_only(tmp_path: Path) -> None:
    path = write_private(tmp_path / "map" / "uit.csv", "a;b\n")
    assert path.read_text(encoding="utf-8") == "a;b\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_file_is_replaced_and_made_private(tmp_path: Path) -> None:
    path = tmp_path / "uit.html"
    path.write_text("oud")
    path.chmod(0o644)
    write_private(path, b"nieuw", overwrite=True)
    assert path.read_bytes() == b"nieuw"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "uit.json"
    path.write_text("oud")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(OSError):
        write_private(path, "nieuw", overwrite=True)
    assert path.read_text() == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.json"]


def test_an_existing_file_is_never_replaced_unasked(tmp_path: Path) -> None:
    path = tmp_path / "uit.csv"
    path.write_text("oud")
    with pytest.raises(OutputError, match="bestaat al") as refused:
        write_private(path, "nieuw")
    assert refused.value.exists
    assert path.read_text() == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.csv"]


@pytest.mark.parametrize(
    "name", ["db.sqlite", "db.sqlite-wal", "db.sqlite-shm", "db.sqlite-journal"]
)
def test_the_database_and_its_side_files_are_never_an_output(tmp_path: Path, name: str) -> None:
    database = tmp_path / "db.sqlite"
    database.write_bytes(b"SQLite format 3\x00")
    guard_database(database)
    with pytest.raises(OutputError, match="is de database"):
        write_private(tmp_path / name, "a;b", overwrite=True)
    assert database.read_bytes() == b"SQLite format 3\x00"


def test_a_link_to_the_database_is_refused_too(tmp_path: Path) -> None:
    database = tmp_path / "echt.sqlite"
    database.write_bytes(b"data")
    guard_database(database)
    (tmp_path / "zacht.csv").symlink_to(database)
    (tmp_path / "hard.csv").hardlink_to(database)
    for name in ("zacht.csv", "hard.csv"):
        with pytest.raises(OutputError, match="is de database"):
            write_private(tmp_path / name, "x", overwrite=True)
    assert database.read_bytes() == b"data"


def test_nothing_else_goes_into_a_backup_folder(tmp_path: Path) -> None:
    database = tmp_path / "x.sqlite"
    guard_database(database)
    for folder in ("x.sqlite-backups", "x-backups"):
        with pytest.raises(OutputError, match="reservekopie"):
            write_private(tmp_path / folder / "uit.csv", "x")
        assert not (tmp_path / folder).exists()


def test_a_folder_or_a_pipe_is_not_an_output(tmp_path: Path) -> None:
    pipe = tmp_path / "pijp"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match="is een map"):
        write_private(tmp_path, "x", overwrite=True)
    with pytest.raises(OutputError, match="geen gewoon bestand"):
        write_private(pipe, "x", overwrite=True)


def test_a_name_at_the_limit_gets_a_temporary_name_that_fits(tmp_path: Path) -> None:
    name = "é" * 120 + ".csv"  # 244 bytes: `.<name>.deel` would be 250, fine; 255 needs fitting
    longest = "a" * (NAME_MAX - 4) + ".csv"
    for wanted in (name, longest):
        partial = temporary_beside(tmp_path / wanted, "deel")
        assert len(partial.name.encode()) <= NAME_MAX
        assert partial.name.startswith(".") and partial.name.endswith(".deel")
        assert write_private(tmp_path / wanted, "x").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, longest])


def test_the_app_picks_a_free_name_for_both_files(tmp_path: Path) -> None:
    assert free_stem(tmp_path, "lijst", (".csv", ".xlsx")) == "lijst"
    (tmp_path / "lijst.xlsx").write_text("")
    assert free_stem(tmp_path, "lijst", (".csv", ".xlsx")) == "lijst (2)"
    (tmp_path / "lijst (2).csv").write_text("")
    assert free_stem(tmp_path, "lijst", (".csv", ".xlsx")) == "lijst (3)"
