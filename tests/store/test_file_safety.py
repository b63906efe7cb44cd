"""Files that are not what they should be, full disks, migrations with a backup, privacy."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.audit import AuditQuery
from mtvdp_tui.records.errors import DatabaseError, StorageError
from mtvdp_tui.store.backup import backups
from mtvdp_tui.store.database import SCHEMA_HEAD, make_engine
from tests.conftest import open_test_database

LINDE = PracticeData(agb="01000001", name="De Linde", region="Zutphen", ion=2500)


def test_a_read_only_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "alleen-lezen.sqlite"
    open_test_database(path).close()
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(DatabaseError, match="alleen-lezen"):
        open_test_database(path)
    assert path.read_bytes() == before


def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    path = folder / "db.sqlite"
    open_test_database(path).close()
    folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseError, match="mag niet worden geschreven"):
            open_test_database(path)
    finally:
        folder.chmod(0o755)


def test_a_full_disk_refuses_the_change_in_dutch_and_keeps_the_rest(tmp_path: Path) -> None:
    database = open_test_database(tmp_path / "vol.sqlite")
    first = database.practices.create(LINDE)

    @event.listens_for(database.engine, "connect")
    def tiny(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA max_page_count = 1")  # as full as a disk can be

    database.engine.dispose()  # new connections get the limit
    with pytest.raises(StorageError, match="schijf is vol"):
        for n in range(2, 200):
            database.practices.create(
                PracticeData(
                    agb=f"0100{n:04d}", name=f"Praktijk {n} " + "x" * 100, region="Zutphen"
                )
            )
    event.remove(database.engine, "connect", tiny)
    database.engine.dispose()
    assert database.practices.get(first).data.name == "De Linde"
    database.close()
    with sqlite3.connect(tmp_path / "vol.sqlite") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_old_schema_is_migrated_after_a_backup_with_its_data(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    path = tmp_path / "oud.sqlite"
    database = open_test_database(path)
    database.practices.create(LINDE)
    database.close()
    engine = make_engine(path)  # back to the first schema, as an old version left it
    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    engine.dispose()
    database = open_test_database(path)  # migrates to head
    assert database.practices.count() == 1
    assert database.audit.count(AuditQuery()) == 0  # the audit table is new, and empty
    database.close()
    (copy,) = backups(path)
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert connection.execute("SELECT name FROM practice").fetchall() == [("De Linde",)]


def test_a_new_database_and_backups_are_private(tmp_path: Path) -> None:
    path = tmp_path / "prive.sqlite"
    open_test_database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_program_creates_every_file_private(tmp_path: Path) -> None:
    """Through the command line (as a user starts it): database, WAL and exports are 0600."""
    path = tmp_path / "cli.sqlite"
    out = tmp_path / "q.csv"
    script = (
        "import sys; from mtvdp_tui.cli import main; "
        f"sys.exit(main(['--db', {str(path)!r}, '--demo', 'declaraties', 'export', "
        f"'--kwartaal', '2024-Q1', '--format', 'csv', '-o', {str(out)!r}]))"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    for created in (path, out):
        assert stat.S_IMODE(created.stat().st_mode) == 0o600, created


def test_backup_on_demand_from_the_command_line(tmp_path: Path, capsys) -> None:
    from mtvdp_tui.cli import main

    path = tmp_path / "db.sqlite"
    database = open_test_database(path)
    database.practices.create(LINDE)
    database.close()
    assert main(["--db", str(path), "backup"]) == 0
    assert "Reservekopie gemaakt" in capsys.readouterr().out
    (copy,) = backups(path)
    target = tmp_path / "kopie.sqlite"
    assert main(["--db", str(path), "backup", "-o", str(target)]) == 0
    for made in (copy, target):
        with sqlite3.connect(made) as connection:
            assert connection.execute("SELECT name FROM practice").fetchall() == [("De Linde",)]
    assert main(["--db", str(tmp_path / "weg.sqlite"), "backup"]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    text = tmp_path / "tekst.sqlite"
    text.write_text("geen database")
    assert main(["--db", str(text), "backup"]) == 1
    assert "geen database" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["regio%202024.sqlite", "x?y.sqlite", "a?b#c.sqlite", "file:z"])
def test_a_name_with_url_characters_is_that_file_also_when_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The engine and Alembic's connection are built from the path itself: an old schema under
    such a name is migrated in that file, and no other file appears."""
    from alembic import command
    from alembic.config import Config

    monkeypatch.chdir(tmp_path)
    open_test_database(Path(name)).close()
    engine = make_engine(Path(name))
    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    engine.dispose()
    open_test_database(Path(name)).close()  # migrated to head
    connection = sqlite3.connect(tmp_path / name)
    (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    assert revision == SCHEMA_HEAD
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, f"{name}-backups"])
