"""`mtvdp-tui herstellen` and `mtvdp-tui info`, and the backup folder of the settings."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from mtvdp_tui import __version__
from mtvdp_tui.cli import main, parser
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.maintenance import run_restore
from mtvdp_tui.settings import settings_file
from tests.conftest import open_test_database
from tests.templates import place_new_database


def _database_with(path: Path, *names: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    place_new_database(path, "hoog-2023")
    database = open_test_database(path)
    try:
        for number, name in enumerate(names, start=1):
            agb = f"0100000{number}"
            database.practices.create(PracticeData(agb=agb, name=name, region="Zutphen"))
    finally:
        database.close()
    return path


def _names(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return sorted(row[0] for row in connection.execute("SELECT name FROM practice"))
    finally:
        connection.close()


def _folder_state(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _write_settings(text: str) -> Path:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_info_prints_every_path_with_dutch_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "regio.sqlite"
    assert main(["info", "--db", str(database)]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(":", 1) for line in out.splitlines())
    assert lines["Versie"].strip() == __version__
    assert lines["Database"].strip() == f"{database}  (bestaat nog niet)"
    state = os.environ["XDG_STATE_HOME"]
    assert lines["Logbestand"].strip() == f"{state}/mtvdp-tui/log/mtvdp-tui.log"
    assert lines["Instellingen"].strip().startswith(str(settings_file()))
    assert lines["Reservekopieën"].strip() == f"{database}-backups"
    assert lines["Exportmap"].strip().endswith("mtvdp")
    assert not database.exists()  # info never creates a database


def test_info_shows_the_folders_of_the_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    _write_settings(f'exportmap = "{tmp_path / "uit"}"\nreservekopiemap = "{share}"\n')
    assert main(["info", "--db", str(tmp_path / "regio.sqlite")]) == 0
    out = capsys.readouterr().out
    assert f"Exportmap:       {tmp_path / 'uit'}" in out
    backups = next(line for line in out.splitlines() if line.startswith("Reservekopieën"))
    assert backups.split(None, 1)[1].startswith(f"{share}/regio.sqlite-")


def test_backups_go_to_the_backup_folder_of_the_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _database_with(tmp_path / "db" / "regio.sqlite", "Praktijk A")
    share = tmp_path / "share"
    share.mkdir()
    _write_settings(f'reservekopiemap = "{share}"\n')
    assert main(["backup", "--db", str(database)]) == 0
    copies = list(share.glob("regio.sqlite-*-backups/*-handmatig.sqlite"))
    assert len(copies) == 1, capsys.readouterr()
    assert _names(copies[0]) == ["Praktijk A"]
    assert not (database.parent / "regio.sqlite-backups").exists()
    # and no output may be written into it
    target = copies[0].parent / "eigen.sqlite"
    assert main(["backup", "--db", str(database), "-o", str(target)]) == 1
    assert "map met reservekopieën" in capsys.readouterr().err


def test_an_unreachable_backup_folder_warns_and_falls_back_beside_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _database_with(tmp_path / "regio.sqlite", "Praktijk A")
    gone = tmp_path / "niet-gekoppelde-share" / "mtvdp"
    _write_settings(f'reservekopiemap = "{gone}"\n')
    assert main(["backup", "--db", str(database)]) == 0
    err = capsys.readouterr().err
    assert f"De map voor reservekopieën {gone} is niet bereikbaar" in err
    assert str(tmp_path / "regio.sqlite-backups") in err
    assert not gone.parent.exists()  # never made locally in place of the share
    assert len(list((tmp_path / "regio.sqlite-backups").glob("*.sqlite"))) == 1


def test_a_broken_settings_file_is_reported_by_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_settings("thema = \n")
    assert main(["info", "--db", str(tmp_path / "x.sqlite")]) == 0
    err = capsys.readouterr().err
    assert err.count(f"Het instellingenbestand {path} bevat een fout op regel 1") == 1
    assert path.read_text() == "thema = \n"


def test_restore_puts_the_backup_back_and_keeps_the_current_file_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _database_with(tmp_path / "regio.sqlite", "Praktijk A")
    backup = tmp_path / "kopie.sqlite"
    assert main(["backup", "--db", str(database), "-o", str(backup)]) == 0
    _database_with(tmp_path / "later.sqlite")
    connection = open_test_database(database)
    connection.practices.create(PracticeData(agb="02000001", name="Later", region="Zutphen"))
    connection.close()
    assert _names(database) == ["Later", "Praktijk A"]
    capsys.readouterr()
    assert main(["herstellen", str(backup), "--db", str(database), "--ja"]) == 0
    out = capsys.readouterr().out
    assert _names(database) == ["Praktijk A"]
    saved = next((tmp_path / "regio.sqlite-backups").glob("*-voor-herstellen.sqlite"))
    assert _names(saved) == ["Later", "Praktijk A"]
    assert str(saved) in out and "Teruggezet" in out
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert not any(p.name.startswith(".regio") for p in tmp_path.iterdir())  # no temporary
    open_test_database(database).close()  # the program opens it as before


def _answers(*replies: str) -> list[str]:
    return list(replies)


@pytest.mark.parametrize(
    ("replies", "restored"),
    [(["ja"], True), (["nee"], False), (["misschien", "j"], True), ([""], False)],
)
def test_restore_asks_ja_or_nee(
    tmp_path: Path, replies: list[str], restored: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _database_with(tmp_path / "regio.sqlite", "Nu")
    backup = _database_with(tmp_path / "kopie.sqlite", "Toen")
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return replies[len(asked) - 1]

    options = parser().parse_args(["herstellen", str(backup), "--db", str(database)])
    code = run_restore(options, lambda o: o.db, ask)
    assert code == (0 if restored else 1)
    assert _names(database) == (["Toen"] if restored else ["Nu"])
    assert "Typ ja of nee" in asked[0] and str(backup) in asked[0]
    if not restored:
        assert "Niet teruggezet" in capsys.readouterr().out


def test_restore_without_a_terminal_needs_ja(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _database_with(tmp_path / "regio.sqlite", "Nu")
    backup = _database_with(tmp_path / "kopie.sqlite", "Toen")
    assert main(["herstellen", str(backup), "--db", str(database)]) == 1  # stdin: no terminal
    assert "Geef --ja" in capsys.readouterr().err
    assert _names(database) == ["Nu"]


def _newer(path: Path) -> Path:
    _database_with(path, "Toekomst")
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    return path


def _corrupt(path: Path) -> Path:
    _database_with(path, *(f"Praktijk {n}" for n in range(60)))
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 5 * page] = b"\xff" * (2 * page)
    path.write_bytes(bytes(data))
    return path


def _other_sqlite(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE boodschappen (wat TEXT)")
    connection.commit()
    connection.close()
    return path


HOSTILE = {
    "missing": (lambda p: p / "bestaat-niet.sqlite", "bestaat niet"),
    "text file": (lambda p: _text(p / "tekst.sqlite"), "geen database van mtvdp-tui"),
    "empty file": (lambda p: _text(p / "leeg.sqlite", ""), "geen database van mtvdp-tui"),
    "folder": (lambda p: _folder(p / "map.sqlite"), "geen bestand"),
    "other sqlite": (lambda p: _other_sqlite(p / "ander.sqlite"), "niet van mtvdp-tui"),
    "newer revision": (lambda p: _newer(p / "nieuwer.sqlite"), "nieuwere versie"),
    "damaged": (lambda p: _corrupt(p / "kapot.sqlite"), "beschadigd"),
    "the database itself": (lambda p: p / "regio.sqlite", "de database zelf"),
}


def _text(path: Path, text: str = "agb;naam\n1;2\n") -> Path:
    path.write_text(text)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_backup_is_refused_before_anything_is_touched(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _database_with(tmp_path / "regio.sqlite", "Nu")
    make, expected = HOSTILE[case]
    backup = make(tmp_path)
    before = _folder_state(tmp_path)
    assert main(["herstellen", str(backup), "--db", str(database), "--ja"]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert _folder_state(tmp_path) == before  # not even a copy of the current file


def test_restore_is_refused_while_the_database_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _database_with(tmp_path / "regio.sqlite", "Nu")
    backup = _database_with(tmp_path / "kopie.sqlite", "Toen")
    open_copy = open_test_database(database)
    try:
        assert open_copy.practices.id_for_agb("01000001") is not None  # a connection in use
        assert main(["herstellen", str(backup), "--db", str(database), "--ja"]) == 1
        assert "is open in een ander venster" in capsys.readouterr().err
    finally:
        open_copy.close()
    assert _names(database) == ["Nu"]
    assert not (tmp_path / "regio.sqlite-backups").exists()


def test_restore_into_a_missing_database_just_places_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = _database_with(tmp_path / "kopie.sqlite", "Toen")
    database = tmp_path / "nieuw" / "regio.sqlite"
    database.parent.mkdir()
    assert main(["herstellen", str(backup), "--db", str(database), "--ja"]) == 0
    assert _names(database) == ["Toen"]


def test_an_unexpected_error_in_a_command_is_dutch_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> int:
        raise KeyError("defect-in-het-programma")

    monkeypatch.setattr("mtvdp_tui.commands.run_backup", broken)
    database = _database_with(tmp_path / "regio.sqlite")
    assert main(["backup", "--db", str(database)]) == 1
    err = capsys.readouterr().err
    log_file = Path(os.environ["XDG_STATE_HOME"]) / "mtvdp-tui" / "log" / "mtvdp-tui.log"
    assert "Er ging iets onverwachts mis" in err and str(log_file) in err
    assert "Traceback" not in err and "defect-in-het-programma" not in err
    logged = log_file.read_text(encoding="utf-8")
    assert "KeyError: 'defect-in-het-programma'" in logged
    assert "stopped (exit code 1)" in logged


def test_the_app_saves_documents_in_the_export_folder_of_the_settings(tmp_path: Path) -> None:
    from mtvdp_tui.cli import build_app
    from mtvdp_tui.settings import load_settings

    _write_settings(f'exportmap = "{tmp_path / "uit"}"\n')
    database = _database_with(tmp_path / "regio.sqlite")
    app = build_app(["--db", str(database)], settings=load_settings())
    try:
        assert app.export_dir == tmp_path / "uit"
    finally:
        app.database.close()


def test_herstellen_on_a_postgresql_database_points_at_the_administrator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server's backups are put back with pg_restore: the command refuses before it connects."""
    backup = tmp_path / "kopie.sqlite"
    backup.write_bytes(b"")
    url = "postgresql://anna:geheim@db.example.invalid/organisatie"
    assert main(["herstellen", str(backup), "--db", url, "--ja"]) == 1
    err = capsys.readouterr().err
    assert "pg_restore" in err and "Er is niets gewijzigd" in err
    assert "geheim" not in err
