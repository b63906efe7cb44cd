"""`mtvdp-tui import FILE [--dry-run] [--alleen-geldige]` and `mtvdp-tui export FILE`."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mtvdp_tui.cli import main
from tests import engines
from tests.conftest import open_test_database

BOTH_ENGINES = True  # see tests/engines.py
db_value = engines.db_value
engine = engines.engine
pg_templates = engines.pg_templates


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    engines.parametrize_engines(metafunc)


HEADER = "agb;naam;regio;wijk;ion;voorkeur;vragenlijst;email;startdatum;uitgesloten"
LINDE = "01234567;Huisarts De Linde;Apeldoorn;Zuid;2345;01-07-2023;ja;info@linde.nl;;"
EIK = "07654321;Huisartsen De Eik;Zutphen;Centrum;3100;;nee;;;"
BAD = "1234567;Huisartsen Het Veld;Zwolle;;;;;;;"


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def agbs(db: str) -> list[str]:
    database = open_test_database(db)
    try:
        return sorted(database.practices.versions_by_agb())
    finally:
        database.close()


@pytest.fixture
def db(db_value: str) -> str:
    return db_value


def test_a_clean_file_is_imported(db: str, tmp_path: Path, capsys) -> None:
    source = write_csv(tmp_path / "lijst.csv", HEADER, LINDE, EIK)
    assert main(["--db", str(db), "import", str(source)]) == 0
    out = capsys.readouterr().out
    assert "lijst.csv: 2 regel(s) — 2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 fout." in out
    assert "Geïmporteerd: 2 nieuwe en 0 gewijzigde praktijk(en)." in out
    assert agbs(db) == ["01234567", "07654321"]


def test_rows_in_error_stop_everything(db: str, tmp_path: Path, capsys) -> None:
    source = write_csv(tmp_path / "lijst.csv", HEADER, LINDE, BAD)
    assert main(["--db", str(db), "import", str(source)]) == 1
    captured = capsys.readouterr()
    assert "Regel 3  fout  1234567  Huisartsen Het Veld" in captured.out
    assert "Kolom agb: AGB-code moet precies 8 cijfers zijn." in captured.out
    assert "Bedoelt u 01234567?" in captured.out
    assert "Kolom regio: Regio 'Zwolle' bestaat niet in deze regeling" in captured.out
    assert "Er is niets opgeslagen: 1 regel(s) hebben een fout." in captured.err
    assert agbs(db) == []


def test_a_dry_run_writes_nothing(db: str, tmp_path: Path, capsys) -> None:
    source = write_csv(tmp_path / "lijst.csv", HEADER, LINDE)
    assert main(["--db", str(db), "import", str(source), "--dry-run"]) == 0
    assert "Proefimport (--dry-run): er is niets opgeslagen." in capsys.readouterr().out
    assert agbs(db) == []


def test_only_the_valid_rows_when_asked(db: str, tmp_path: Path, capsys) -> None:
    source = write_csv(tmp_path / "lijst.csv", HEADER, LINDE, BAD)
    assert main(["--db", str(db), "import", str(source), "--alleen-geldige"]) == 0
    assert "1 regel(s) met een fout zijn overgeslagen" in capsys.readouterr().out
    assert agbs(db) == ["01234567"]


def test_changes_are_listed_with_old_and_new(db: str, tmp_path: Path, capsys) -> None:
    main(["--db", str(db), "import", str(write_csv(tmp_path / "a.csv", HEADER, LINDE))])
    changed = write_csv(tmp_path / "b.csv", HEADER, LINDE.replace(";2345;", ";2400;"))
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(changed)]) == 0
    out = capsys.readouterr().out
    assert "Regel 2  gewijzigd  01234567  Huisarts De Linde\n    ION: 2.345 → 2.400" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("weg.csv", None, "bestaat niet"),
        ("foto.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "geen leesbaar CSV-bestand"),
        ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "oude Excel-indeling"),
        ("kop.csv", b"naam;regio\nDe Linde;Apeldoorn\n", "In de kopregel van 'kop.csv' ontbreekt"),
    ],
)
def test_files_that_are_no_practice_list(
    db: str, tmp_path: Path, capsys, name: str, content: bytes | None, message: str
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    assert main(["--db", str(db), "import", str(source)]) == 1
    assert message in capsys.readouterr().err
    assert agbs(db) == []


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_and_import_again_change_nothing(
    db: str, tmp_path: Path, capsys, suffix: str
) -> None:
    main(["--db", str(db), "import", str(write_csv(tmp_path / "a.csv", HEADER, LINDE, EIK))])
    exported = tmp_path / f"register.{suffix}"
    assert main(["--db", str(db), "export", str(exported)]) == 0
    assert f"2 praktijken opgeslagen in {exported}." in capsys.readouterr().out
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    assert main(["--db", str(db), "import", str(exported)]) == 0
    out = capsys.readouterr().out
    assert "0 nieuw, 0 gewijzigd, 2 ongewijzigd, 0 fout." in out
    assert "Er is niets te importeren" in out


def test_export_needs_a_known_kind_of_file(db: str, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(db), "export", str(tmp_path / "register.txt")]) == 1
    assert "eindigt niet op .csv of .xlsx" in capsys.readouterr().err
