"""`mtvdp-tui monitoring export`: the file against rows worked out by hand, the format by name or
option, the peildatum, and every refusal in Dutch (exit 1, or 2 for argparse) writing nothing."""

from __future__ import annotations

import csv
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mtvdp_tui.cli import main
from tests import hostile
from tests.conftest import new_test_database
from tests.documents.test_monitoring_export import EXPECTED, FORMULA, fill
from tests.hostile import ENGLISH, Case, fifo, folder, hard_link, link, run_case, text

EXPORT = ("monitoring", "export")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with two monitored practices (`test_monitoring_export.fill`)."""
    path = tmp_path / "mtvdp.sqlite"
    database = new_test_database(path)
    try:
        fill(database)
    finally:
        database.close()
    return path


def export(db: Path, *arguments: str) -> int:
    return main(["--db", str(db), *EXPORT, *arguments])


def csv_lines(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


def as_csv(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    return "'" + str(cell) if cell == FORMULA else str(cell)


def test_the_list_on_a_peildatum_as_csv(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "monitoring.csv"
    assert export(db, "--peildatum", "2024-03-15", "--format", "csv", "-o", str(out)) == 0
    captured = capsys.readouterr()
    assert captured.out == f"18 regels (peildatum 15-03-2024) opgeslagen in {out}.\n"
    assert captured.err == ""
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = csv_lines(out)
    assert lines[0] == ["agb", "naam", "regio", "onderdeel", "uiterlijk", "status", "datum"]
    assert lines[1:] == [[as_csv(cell) for cell in row] for row in EXPECTED]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_the_format_follows_the_name(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "Monitoring.XLSX"
    assert export(db, "--peildatum", "2024-03-15", "-o", str(out)) == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 1 + len(EXPECTED)
    assert rows[-1] == (
        "01000001",
        "De Linde",
        "Zutphen",
        "nulmeting",
        datetime(2024, 2, 29),
        "afgerond",
        datetime(2024, 2, 10),
    )


@pytest.mark.parametrize(("options", "kind"), [((), "csv"), (("--format", "xlsx"), "xlsx")])
def test_a_name_without_csv_or_xlsx_takes_the_option_or_csv(
    db: Path, tmp_path: Path, options, kind
) -> None:
    out = tmp_path / "lijst"
    assert export(db, *options, "-o", str(out)) == 0
    is_xlsx = out.read_bytes().startswith(b"PK")  # a zip
    assert is_xlsx == (kind == "xlsx")


def test_without_a_peildatum_the_states_are_today(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "vandaag.csv"
    assert export(db, "-o", str(out)) == 0
    today = date.today()
    assert f"(peildatum {today:%d-%m-%Y})" in capsys.readouterr().out
    states = {(line[0], line[3]): line[5] for line in csv_lines(out)[1:]}
    assert states[("01000002", "sociaal domein")] == "afgerond"  # 2024-03-20, long before today
    assert states[("01000001", "nulmeting")] == "afgerond"


@pytest.mark.parametrize("value", ["2024-02-30", "15-03-2024", "2024-3-15", "morgen", "20240315"])
def test_a_bad_peildatum_is_refused_in_dutch_and_nothing_is_written(
    tmp_path: Path, value, capsys
) -> None:
    db, out = tmp_path / "nieuw.sqlite", tmp_path / "m.csv"
    assert export(db, "--peildatum", value, "-o", str(out)) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"mtvdp-tui: '{value}' is geen datum; geef de peildatum als JJJJ-MM-DD, bijvoorbeeld "
        "2026-11-23. Er is niets opgeslagen.\n"
    )
    assert captured.out == ""
    assert sorted(tmp_path.iterdir()) == []  # not even the database was made


def test_an_existing_file_is_kept_unless_overschrijven(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "m.csv"
    out.write_text("van de gebruiker", encoding="utf-8")
    assert export(db, "--peildatum", "2024-03-15", "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert f"'{out}' bestaat al en is niet vervangen; er is niets opgeslagen." in err
    assert "--overschrijven" in err
    assert out.read_text(encoding="utf-8") == "van de gebruiker"
    assert export(db, "--peildatum", "2024-03-15", "-o", str(out), "--overschrijven") == 0
    assert len(csv_lines(out)) == 1 + len(EXPECTED)


def test_a_format_that_contradicts_the_name_is_refused(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "m.csv"
    assert export(db, "--format", "xlsx", "-o", str(out)) == 1
    assert capsys.readouterr().err == (
        "mtvdp-tui: 'm.csv' eindigt op .csv, maar --format is xlsx; kies een naam die bij de "
        "vorm past. Er is niets opgeslagen.\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (lambda tmp: tmp, "is een map, geen bestand"),
        (lambda tmp: tmp / "mtvdp.sqlite", "is de database"),
        (lambda tmp: tmp / "bestand.txt" / "m.csv", "niet opslaan"),  # a file as its folder
    ],
)
def test_an_output_that_cannot_be_written_is_refused(
    db: Path, tmp_path: Path, target, message, capsys
) -> None:
    (tmp_path / "bestand.txt").write_text("x", encoding="utf-8")
    before = {path: path.stat().st_mtime_ns for path in tmp_path.iterdir() if path.is_file()}
    assert export(db, "-o", str(target(tmp_path)), "--overschrijven") == 1
    err = capsys.readouterr().err
    assert err.startswith("mtvdp-tui: ") and message in err and "niets opgeslagen" in err
    after = {path: path.stat().st_mtime_ns for path in tmp_path.iterdir() if path.is_file()}
    assert after.keys() == before.keys()
    assert after[tmp_path / "bestand.txt"] == before[tmp_path / "bestand.txt"]


def test_the_file_is_required(db: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        export(db)
    assert exit_info.value.code == 2
    assert "fout: deze opties ontbreken: -o/--output" in capsys.readouterr().err


def test_the_help_is_dutch(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*EXPORT, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: mtvdp-tui monitoring export")
    assert "de monitoringlijst opslaan als CSV of Excel" in out
    assert "--peildatum JJJJ-MM-DD" in out and "(standaard: vandaag)" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "monitoring" in capsys.readouterr().out


# --- hostile input (tests/hostile.py): Dutch only, exit code, the folder left as it was ---------

MON = ("--db", "db.sqlite", *EXPORT)
IS_DB = "is de database"
HOSTILE = [
    Case(
        "-o the database", (*MON, "-o", "db.sqlite", "--overschrijven"), 1, IS_DB, (hostile.db(),)
    ),
    Case("-o its WAL", (*MON, "-o", "db.sqlite-wal", "--overschrijven"), 1, IS_DB, (hostile.db(),)),
    Case(
        "-o a link to the database",
        (*MON, "-o", "l.csv", "--overschrijven"),
        1,
        IS_DB,
        (hostile.db(), link("l.csv", "db.sqlite")),
    ),
    Case(
        "-o a hard link to the database",
        (*MON, "-o", "h.xlsx", "--overschrijven"),
        1,
        IS_DB,
        (hostile.db(), hard_link("h.xlsx", "db.sqlite")),
    ),
    Case(
        "-o into its backups",
        (*MON, "-o", "db.sqlite-backups/m.csv"),
        1,
        "reservekopie",
        (hostile.db(), folder("db.sqlite-backups")),
    ),
    Case(
        "-o an existing file",
        (*MON, "-o", "oud.csv"),
        1,
        "bestaat al en is niet vervangen",
        (hostile.db(), text("oud.csv", "bewaar mij")),
    ),
    Case("-o empty", (*MON, "-o", ""), 2, "geef een bestandsnaam", (hostile.db(),)),
    Case("-o a folder", (*MON, "-o", "map"), 1, "is een map", (hostile.db(), folder("map"))),
    Case(
        "-o a fifo",
        (*MON, "-o", "p", "--overschrijven"),
        1,
        "geen gewoon bestand",
        (hostile.db(), fifo("p")),
    ),
    Case(
        "-o below a file",
        (*MON, "-o", "oud.csv/m.csv"),
        1,
        "niet opslaan",
        (hostile.db(), text("oud.csv", "bewaar mij")),
    ),
    Case("a bad peildatum", (*MON, "--peildatum", "31-12-2024", "-o", "m.csv"), 1, "geen datum"),
    Case("an empty peildatum", (*MON, "--peildatum", "", "-o", "m.csv"), 1, "geen datum"),
    Case("a bad format", (*MON, "--format", "ods", "-o", "m.ods"), 2, "ongeldige keuze: 'ods'"),
    Case("ambiguous --o", (*MON, "--o", "m.csv"), 2, "onduidelijke optie"),
    Case("no command", ("monitoring",), 2, "deze opties ontbreken"),
    Case("unknown command", ("monitoring", "import"), 2, "ongeldige keuze: 'import'"),
    Case("help", (*EXPORT, "-h"), 0, "--peildatum"),
]


@pytest.mark.parametrize("case", HOSTILE, ids=str)
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    outcome, changed = run_case(case, tmp_path)
    assert outcome.code == case.code, outcome.output
    assert case.says in outcome.output, outcome.output
    assert not ENGLISH.search(outcome.output), outcome.output
    assert changed == [], (changed, outcome.output)
