"""The register export: the import format, private files, and a round trip that changes nothing."""

from __future__ import annotations

import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from mtvdp_tui.documents import declaraties
from mtvdp_tui.documents.declaraties import ExportFormat
from mtvdp_tui.documents.register_export import (
    inert,
    register_csv_bytes,
    register_rows,
    write_register,
    write_register_csv,
    write_register_xlsx,
)
from mtvdp_tui.domain import import_reading
from mtvdp_tui.domain.import_reading import COLUMNS, read_import
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.practice_import import RowKind, plan_file
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
PAYLOADS = ['=HYPERLINK("http://x","klik")', "+31 55", "-Noord", "@SUM(A1)", "'=al veilig", "''+x"]
PRACTICES = [
    PracticeData(
        agb="01234567",
        name="Huisarts De Linde",
        region="Apeldoorn",
        wijk="Zuid",
        ion=2345,
        email="info@linde.nl",
        preferred_moment=date(2023, 7, 1),
        survey_answered=True,
        start_date=date(2024, 4, 1),
        notes="niet geëxporteerd",
    ),
    PracticeData("07654321", 'Eik; "Beuk" & Zoë', "Zutphen", survey_answered=True),
    PracticeData("00000001", "Nog niets", "Oost-Achterhoek"),
    PracticeData(
        "01111111", "Stopper", "Zutphen", ion=100_000, excluded=True, excluded_reason="Stopt"
    ),
    *(
        PracticeData(f"0200000{index}", payload, "Apeldoorn", wijk=payload)
        for index, payload in enumerate(PAYLOADS)
    ),
]
WRITERS = {"csv": write_register_csv, "xlsx": write_register_xlsx}


def round_trip(path: Path, practices: list[PracticeData]):
    file = read_import(path.read_bytes(), path.name)
    return file, plan_file(file, HOOG, {practice.agb: practice for practice in practices})


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](tmp_path / f"register.{kind}", PRACTICES)
    file, plan = round_trip(path, PRACTICES)
    assert file.notes == ()
    assert file.columns == COLUMNS
    assert [row.kind for row in plan.rows] == [RowKind.ONGEWIJZIGD] * len(PRACTICES)
    assert [row.data for row in plan.rows] == PRACTICES
    assert plan.valid_rows == ()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_empty_register_exports_a_header_only(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](tmp_path / f"leeg.{kind}", [])
    file, plan = round_trip(path, [])
    assert (file.columns, file.rows, plan.rows) == (COLUMNS, [], ())


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_written_files_are_private(tmp_path: Path, kind: str) -> None:
    path = WRITERS[kind](tmp_path / "map" / f"register.{kind}", PRACTICES)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no partial file left


def test_write_register_picks_the_writer(tmp_path: Path) -> None:
    path = write_register(tmp_path / "r.xlsx", PRACTICES[:1], ExportFormat.XLSX)
    assert path.read_bytes().startswith(b"PK")
    path = write_register(tmp_path / "r.csv", PRACTICES[:1], ExportFormat.CSV)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfagb;naam;regio;")


def test_csv_cells_in_the_import_format() -> None:
    text = register_csv_bytes(register_rows(PRACTICES[:4])).decode("utf-8-sig")
    assert text.splitlines() == [
        "agb;naam;regio;wijk;ion;voorkeur;vragenlijst;email;startdatum;uitgesloten",
        "01234567;Huisarts De Linde;Apeldoorn;Zuid;2345;01-07-2023;ja;info@linde.nl;01-04-2024;",
        '07654321;"Eik; ""Beuk"" & Zoë";Zutphen;;;weet ik niet;ja;;;',
        "00000001;Nog niets;Oost-Achterhoek;;;;nee;;;",
        "01111111;Stopper;Zutphen;;100000;;nee;;;Stopt",
    ]


def test_xlsx_cells_keep_their_type(tmp_path: Path) -> None:
    path = write_register_xlsx(tmp_path / "r.xlsx", PRACTICES[:1])
    sheet = load_workbook(path).active
    assert sheet.title == "Praktijken"
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    agb, _, _, _, ion, preference, *_ = sheet[2]
    assert (agb.value, agb.number_format) == ("01234567", "@")
    assert (ion.value, ion.number_format) == (2345, "#,##0")
    assert (preference.value, preference.number_format) == (datetime(2023, 7, 1), "DD-MM-YYYY")
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_injection_payload_is_inert_in_both_files(tmp_path: Path, payload: str) -> None:
    practice = PracticeData("01234567", payload, "Zutphen")
    csv_path = write_register_csv(tmp_path / "r.csv", [practice])
    cell = csv_path.read_text(encoding="utf-8-sig").splitlines()[1].split(";")[1]
    assert cell.strip('"').startswith("'")
    sheet = load_workbook(write_register_xlsx(tmp_path / "r.xlsx", [practice])).active
    assert sheet["B2"].data_type == "s"  # text, not a formula
    assert sheet["B2"].value.startswith("'")
    for path in (csv_path, tmp_path / "r.xlsx"):
        assert read_import(path.read_bytes(), path.name).rows[0].values["naam"] == payload


def test_the_importer_undoes_exactly_what_the_exporter_neutralises() -> None:
    assert import_reading.FORMULA_STARTS == declaraties.FORMULA_STARTS
    assert inert("=1") == declaraties.neutralise("=1") == "'=1"
    assert inert("'=1") == "''=1"
    assert inert("'gewoon") == "'gewoon"


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(st.characters(exclude_categories=["Cc", "Cf", "Cs", "Z"]), min_size=1, max_size=60)
)
def test_any_valid_name_round_trips_through_csv(name: str) -> None:
    practice = PracticeData("01234567", name, "Zutphen")
    data = register_csv_bytes(register_rows([practice]))
    plan = plan_file(read_import(data, "r.csv"), HOOG, {practice.agb: practice})
    assert [row.kind for row in plan.rows] == [RowKind.ONGEWIJZIGD]
