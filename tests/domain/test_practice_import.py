"""Importing a practice list: reading CSV and XLSX, judging every cell, matching on AGB.

Bad input must end in a Dutch message (for the file, or per row and column), never in a crash,
and a row with a bad value must never be among the rows to write.
"""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from collections import Counter
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from mtvdp_tui.domain.import_reading import (
    COLUMNS,
    MAX_ROWS,
    ImportFileError,
    RawRow,
    read_import,
)
from mtvdp_tui.domain.practice import (
    NAME_MAX,
    PracticeData,
    parse_agb,
    parse_email,
    parse_name,
)
from mtvdp_tui.domain.practice_import import (
    Difference,
    ImportPlan,
    RowError,
    RowKind,
    column_label,
    plan_file,
    plan_import,
)
from mtvdp_tui.domain.quarters import is_quarter_start
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
MOMENTS = HOOG.moment_dates()
HEADER = "agb;naam;regio;wijk;ion;voorkeur;vragenlijst;email;startdatum;uitgesloten"
GOOD = "01234567;Huisarts De Linde;Apeldoorn;Zuid;2345;01-07-2023;ja;info@linde.nl;01-04-2024;"
LINDE = PracticeData(
    agb="01234567",
    name="Huisarts De Linde",
    region="Apeldoorn",
    wijk="Zuid",
    ion=2345,
    email="info@linde.nl",
    preferred_moment=date(2023, 7, 1),
    survey_answered=True,
    start_date=date(2024, 4, 1),
    notes="belt liever niet op vrijdag",
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def csv_bytes(*lines: str, separator: str = ";", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(line.replace(";", separator) for line in lines).encode(encoding)


def plan_csv(*lines: str, existing: dict[str, PracticeData] | None = None) -> ImportPlan:
    return plan_file(read_import(csv_bytes(*lines), "lijst.csv"), HOOG, existing or {})


def row(**values: str) -> RawRow:
    """A data row with good values, `values` replacing some (column → text)."""
    cells = dict(zip(HEADER.split(";"), GOOD.split(";"), strict=True))
    return RawRow(number=2, values={**cells, **values})


def only_row(plan: ImportPlan):
    assert len(plan.rows) == 1
    return plan.rows[0]


def xlsx_bytes(*rows: list[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading CSV ----------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_with_either_separator_and_with_or_without_bom(separator: str, encoding: str) -> None:
    data = csv_bytes(HEADER, GOOD, separator=separator, encoding=encoding)
    file = read_import(data, "lijst.csv")
    assert file.columns == COLUMNS
    assert file.notes == ()
    assert [r.number for r in file.rows] == [2]
    assert file.rows[0].values["agb"] == "01234567"  # no BOM glued to the first header
    assert plan_file(file, HOOG, {}).valid_rows == (dataclasses.replace(LINDE, notes=""),)


def test_a_comma_inside_quotes_stays_in_its_cell() -> None:
    data = csv_bytes("agb,naam,regio", '01234567,"Linde, De",Zutphen', separator=",")
    assert read_import(data, "lijst.csv").rows[0].values["naam"] == "Linde, De"


def test_a_windows_1252_file_is_read_with_a_note() -> None:
    data = csv_bytes("agb;naam;regio", "01234567;Praktijk Zoë Müller;Zutphen", encoding="cp1252")
    file = read_import(data, "lijst.csv")
    assert file.rows[0].values["naam"] == "Praktijk Zoë Müller"
    assert file.notes == (
        "Het bestand is niet als UTF-8 opgeslagen en is gelezen als Windows-tekst (cp1252). "
        "Controleer in het voorbeeld of letters als é en ë goed staan.",
    )


def test_headers_are_found_in_any_case_and_with_spaces_around() -> None:
    file = read_import(csv_bytes(" AGB ;Naam;  REGIO", "01234567;Linde;Zutphen"), "L.CSV")
    assert file.columns == ("agb", "naam", "regio")
    assert dict(file.rows[0].values) == {"agb": "01234567", "naam": "Linde", "regio": "Zutphen"}


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("agb;naam", "regio"),
        ("naam;wijk", "agb en regio"),
        ("agb\tnaam\tregio", "agb, naam en regio"),
    ],
)
def test_a_missing_required_column_stops_the_import(header: str, missing: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        read_import(csv_bytes(header, "x"), "lijst.csv")
    message = str(caught.value)
    assert message.startswith("In de kopregel van 'lijst.csv' ontbreekt: ")
    assert missing in message
    assert "Verplicht zijn: agb, naam en regio." in message


def test_an_unknown_column_is_a_note_and_its_cells_are_left_out() -> None:
    file = read_import(csv_bytes("agb;naam;regio;Telefoon", "01234567;L;Zutphen;055-123"), "l.csv")
    assert file.notes == (
        "Deze kolommen worden overgeslagen, want ze horen niet bij het importformaat: telefoon. "
        "Bekende kolommen: agb, naam, regio, wijk, ion, voorkeur, vragenlijst, email, startdatum "
        "en uitgesloten.",
    )
    assert "telefoon" not in file.rows[0].values
    assert plan_file(file, HOOG, {}).counts[RowKind.NIEUW] == 1


def test_a_column_twice_stops_the_import() -> None:
    with pytest.raises(
        ImportFileError, match=r"De kolom 'naam' staat meer dan eens .*kolom 2 en 4"
    ):
        read_import(csv_bytes("agb;naam;regio;Naam", "01234567;a;Zutphen;b"), "l.csv")


def test_values_under_a_column_without_a_name_are_mentioned() -> None:
    file = read_import(csv_bytes("agb;naam;;regio", "01234567;L;oeps;Zutphen"), "l.csv")
    assert file.notes == (
        "Kolom 3 heeft geen naam in de kopregel; wat daarin staat wordt overgeslagen.",
    )


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", b";;;\r\n;;"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFileError) as caught:
        read_import(data, "/tmp/map/leeg.csv")
    assert str(caught.value) == (
        "'leeg.csv' is leeg. Kies een CSV- of Excel-bestand (.xlsx) met een kopregel en daaronder "
        "één praktijk per regel."
    )


def test_only_a_header_gives_no_rows_and_a_note() -> None:
    file = read_import(csv_bytes(HEADER), "l.csv")
    assert file.rows == []
    assert file.notes == ("Het bestand heeft alleen een kopregel; er staan geen praktijken in.",)


def test_a_picture_named_csv_is_refused_in_dutch() -> None:
    with pytest.raises(ImportFileError) as caught:
        read_import(PNG, "praktijken.csv")
    assert str(caught.value) == (
        "'praktijken.csv' is geen leesbaar CSV-bestand: er staan tekens in die in gewone tekst "
        "niet voorkomen. Is het misschien een ander soort bestand (zoals een afbeelding of pdf) "
        "dat .csv heet? Sla de lijst in Excel op als 'CSV UTF-8' of als .xlsx."
    )


@pytest.mark.parametrize(
    ("data", "name", "start"),
    [
        (PNG, "praktijken.xlsx", "'praktijken.xlsx' kon niet als Excel-bestand worden gelezen"),
        (b"PK\x03\x04kapot", "praktijken.xlsx", "'praktijken.xlsx' kon niet als Excel-bestand"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3", "p.csv", "'p.csv' is geen leesbaar CSV-bestand"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "p.xls", "'p.xls' is in de oude Excel-indeling"),
        (b"agb;naam;regio", "p.ods", "'p.ods' is geen CSV- of Excel-bestand"),
        (b"agb;naam;regio\n\x81\x8d\x8f", "p.csv", "'p.csv' is geen leesbare tekst"),
        (b"agb;naam;regio\n\xff\x01\x02", "p.csv", "'p.csv' is geen leesbaar CSV-bestand"),
    ],
)
def test_files_that_are_not_a_practice_list(data: bytes, name: str, start: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        read_import(data, name)
    assert str(caught.value).startswith(start)


def test_a_cell_too_large_for_csv_is_a_dutch_message() -> None:
    with pytest.raises(ImportFileError, match=r"op regel 2 meer dan 20\.000 tekens"):
        read_import(csv_bytes("agb;naam;regio", '1;"' + "x" * 200_000 + '";2'), "l.csv")


def test_too_many_rows_stop_the_import() -> None:
    lines = [HEADER] + [GOOD] * (MAX_ROWS + 1)
    with pytest.raises(ImportFileError, match=r"meer dan 10\.000 regels"):
        read_import(csv_bytes(*lines), "l.csv")


def test_row_numbers_are_those_the_user_sees() -> None:
    data = csv_bytes("", HEADER, "", '01234567;"Linde";Zutphen', "", "01234568;x;Zutphen")
    assert [r.number for r in read_import(data, "l.csv").rows] == [4, 6]


def test_an_unclosed_quote_is_an_error_on_its_own_line_and_never_swallows_the_next() -> None:
    plan = plan_csv(
        "agb;naam;regio",
        '01234567;"De Linde;Zutphen',
        "07654321;Eik;Zutphen",
        '01111111;"Twee',
        'regels";Zutphen',
    )
    assert [(r.number, r.kind) for r in plan.rows] == [
        (2, RowKind.FOUT),
        (3, RowKind.NIEUW),
        (4, RowKind.FOUT),
        (5, RowKind.FOUT),
    ]
    assert "aanhalingsteken" in plan.rows[0].errors[0].message
    assert [data.agb for data in plan.valid_rows] == ["07654321"]


def test_a_file_partly_utf8_and_partly_cp1252_is_refused_naming_the_line() -> None:
    data = "agb;naam;regio\r\n01234567;Café;Zutphen\r\n".encode() + "07654321;Café;Zutphen".encode(
        "cp1252"
    )
    with pytest.raises(ImportFileError, match="regel 3 is geen UTF-8, terwijl regel 2 dat wel is"):
        read_import(data, "l.csv")


def test_a_file_all_cp1252_is_still_read_with_a_note() -> None:
    data = "agb;naam;regio\r\n07654321;Café;Zutphen".encode("cp1252")
    file = read_import(data, "l.csv")
    assert file.rows[0].values["naam"] == "Café" and "cp1252" in file.notes[0]


def test_more_values_than_columns_is_a_row_error() -> None:
    plan = plan_csv("agb;naam;regio", "01234567;Linde;De Boer;Zutphen", "01234568;x;Zutphen")
    assert plan.rows[0].errors[0] == (
        RowError(
            "",
            "Deze regel heeft 1 waarde(n) meer dan er kolommen zijn. Staat er een scheidingsteken "
            "(; of ,) in een waarde? Zet die waarde dan tussen aanhalingstekens.",
        )
    )
    assert plan.rows[1].kind is RowKind.NIEUW


# --- reading XLSX ---------------------------------------------------------------------------------


def test_xlsx_numbers_and_dates_become_what_a_user_would_type() -> None:
    data = xlsx_bytes(
        ["AGB", "Naam", "Regio", "ION", "Voorkeur", "Vragenlijst", "Startdatum"],
        [1234567, "Linde", "Apeldoorn", 2345.0, datetime(2023, 7, 1), True, date(2024, 4, 1)],
        [12345678.0, "Eik", "Zutphen", 12, None, False, None],
    )
    rows = read_import(data, "lijst.xlsx").rows
    assert [dict(r.values) for r in rows] == [
        {
            "agb": "01234567",
            "naam": "Linde",
            "regio": "Apeldoorn",
            "ion": "2345",
            "voorkeur": "2023-07-01",
            "vragenlijst": "ja",
            "startdatum": "2024-04-01",
        },
        {
            "agb": "12345678",
            "naam": "Eik",
            "regio": "Zutphen",
            "ion": "12",
            "voorkeur": "",
            "vragenlijst": "nee",
            "startdatum": "",
        },
    ]
    first = plan_import(rows, HOOG, {}).valid_rows[0]
    assert (first.agb, first.ion, first.preferred_moment) == ("01234567", 2345, date(2023, 7, 1))
    assert first.start_date == date(2024, 4, 1)


def test_xlsx_row_numbers_count_blank_rows_and_a_late_header() -> None:
    data = xlsx_bytes([], ["agb", "naam", "regio"], [], ["01234567", "Linde", "Zutphen"])
    assert [r.number for r in read_import(data, "lijst.xlsx").rows] == [4]


def test_xlsx_formulas_are_never_evaluated() -> None:
    data = xlsx_bytes(["agb", "naam", "regio"], ["01234567", '=HYPERLINK("http://x")', "Zutphen"])
    plan = plan_import(read_import(data, "lijst.xlsx").rows, HOOG, {})
    assert only_row(plan).errors == (RowError("naam", "Naam is verplicht."),)


def test_a_workbook_named_csv_is_read_as_a_workbook() -> None:
    data = xlsx_bytes(["agb", "naam", "regio"], ["01234567", "Linde", "Zutphen"])
    assert read_import(data, "lijst.csv").rows[0].values["naam"] == "Linde"


# --- judging each column --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "text", "field", "value"),
    [
        ("agb", " 07654321 ", "agb", "07654321"),
        ("naam", "  Huisarts   de  Eik ", "name", "Huisarts de Eik"),
        ("regio", " oost-ACHTERHOEK ", "region", "Oost-Achterhoek"),
        ("wijk", " Noord  West ", "wijk", "Noord West"),
        ("wijk", "", "wijk", ""),
        ("ion", "2.345", "ion", 2345),
        ("ion", "100000", "ion", 100_000),
        ("ion", "", "ion", None),
        ("voorkeur", "2023-10-01", "preferred_moment", date(2023, 10, 1)),
        ("voorkeur", "1-1-2024", "preferred_moment", date(2024, 1, 1)),
        ("voorkeur", "Weet ik  NIET", "preferred_moment", None),
        ("voorkeur", "", "preferred_moment", None),
        ("vragenlijst", " NEE ", "survey_answered", False),
        ("vragenlijst", "Ja", "survey_answered", True),
        ("vragenlijst", "", "survey_answered", False),
        ("email", " info@eik.nl ", "email", "info@eik.nl"),
        ("email", "", "email", None),
        ("startdatum", "2024-07-01", "start_date", date(2024, 7, 1)),
        ("startdatum", "01-10-2023", "start_date", date(2023, 10, 1)),
        ("startdatum", "", "start_date", None),
        ("uitgesloten", " Krachtige   Basiszorg ", "excluded_reason", "Krachtige Basiszorg"),
        ("uitgesloten", "", "excluded", False),
    ],
)
def test_good_values_are_accepted(column: str, text: str, field: str, value: object) -> None:
    plan = plan_import([row(**{column: text})], HOOG, {})
    assert only_row(plan).kind is RowKind.NIEUW
    assert getattr(plan.valid_rows[0], field) == value


def test_an_exclusion_reason_means_excluded() -> None:
    data = plan_import([row(uitgesloten="Stopt per 2024")], HOOG, {}).valid_rows[0]
    assert (data.excluded, data.excluded_reason) == (True, "Stopt per 2024")


@pytest.mark.parametrize(
    ("column", "text", "message"),
    [
        ("agb", "", "AGB-code is verplicht."),
        ("agb", "0123456a", "AGB-code moet precies 8 cijfers zijn."),
        ("agb", "012345678", "AGB-code moet precies 8 cijfers zijn."),
        (
            "agb",
            "1234567",
            "AGB-code moet precies 8 cijfers zijn. Is de voorloopnul weggevallen (Excel doet dat "
            "bij getallen)? Bedoelt u 01234567?",
        ),
        ("naam", "  ", "Naam is verplicht."),
        ("naam", "x" * (NAME_MAX + 1), "Naam is te lang: 121 tekens, maximaal 120."),
        ("regio", "", "Regio is verplicht; kies uit Apeldoorn, Zutphen en Oost-Achterhoek."),
        (
            "regio",
            "Deventer",
            "Regio 'Deventer' bestaat niet in deze regeling; kies uit Apeldoorn, Zutphen en "
            "Oost-Achterhoek.",
        ),
        ("ion", "2,5", "ION moet een heel getal zijn, bijvoorbeeld 2345 of 2.345."),
        ("ion", "0", "ION moet tussen 1 en 100.000 liggen."),
        ("ion", "100001", "ION moet tussen 1 en 100.000 liggen."),
        (
            "voorkeur",
            "01-08-2023",
            "Voorkeur '01-08-2023' is geen instroommoment van deze regeling; kies uit 01-07-2023, "
            "01-10-2023 en 01-01-2024, of schrijf 'weet ik niet' (of laat de cel leeg).",
        ),
        ("voorkeur", "31-02-2024", "Voorkeur '31-02-2024' is geen instroommoment"),
        ("voorkeur", "zo snel mogelijk", "Voorkeur 'zo snel mogelijk' is geen instroommoment"),
        (
            "vragenlijst",
            "misschien",
            "Vragenlijst moet 'ja' of 'nee' zijn (of leeg), niet 'misschien'.",
        ),
        ("vragenlijst", "1", "Vragenlijst moet 'ja' of 'nee' zijn"),
        ("email", "info@", "Dit is geen geldig e-mailadres (voorbeeld: info@praktijk.nl)."),
        ("startdatum", "02-04-2024", "Een startdatum is altijd de eerste dag van een kwartaal"),
        ("startdatum", "2024-13-01", "Deze datum bestaat niet."),
        ("startdatum", "april", "Datum als dd-mm-jjjj, bijvoorbeeld 01-07-2023."),
        (
            "uitgesloten",
            "ja",
            "Schrijf bij uitgesloten de reden van uitsluiting (bijvoorbeeld Krachtige Basiszorg), "
            "of laat de cel leeg als de praktijk niet is uitgesloten; 'ja' alleen is niet genoeg.",
        ),
        ("uitgesloten", "Nee", "'Nee' alleen is niet genoeg."),
        ("naam", "Linde\x1b[31m", "Deze waarde bevat onzichtbare stuurtekens; typ haar opnieuw."),
        ("wijk", "Zuid\u200b", "Deze waarde bevat onzichtbare stuurtekens; typ haar opnieuw."),
    ],
)
def test_bad_values_are_refused_with_a_dutch_message(column: str, text: str, message: str) -> None:
    for existing in ({}, {LINDE.agb: LINDE}):  # as a new practice and as an update
        plan = plan_import([row(**{column: text})], HOOG, existing)
        result = only_row(plan)
        assert result.kind is RowKind.FOUT
        assert [error.column for error in result.errors] == [column]
        assert result.errors[0].message.startswith(message) or message in result.errors[0].message
        assert plan.valid_rows == ()
        assert plan.has_errors


def test_every_bad_column_of_a_row_is_reported_in_column_order() -> None:
    plan = plan_import([row(email="x", agb="1", ion="nul", regio="")], HOOG, {})
    assert [error.column for error in only_row(plan).errors] == ["agb", "regio", "ion", "email"]


def test_a_row_without_a_required_value_in_a_hand_made_row_is_an_error() -> None:
    plan = plan_import([RawRow(number=7, values={"agb": "01234567"})], HOOG, {})
    assert [error.column for error in only_row(plan).errors] == ["naam", "regio"]
    assert only_row(plan).number == 7


# --- matching on AGB ------------------------------------------------------------------------------


def test_new_changed_and_unchanged_practices() -> None:
    eik = PracticeData("07654321", "Eik", "Zutphen", excluded=True, excluded_reason="Stopt")
    plan = plan_csv(
        HEADER,
        GOOD,  # as stored
        "07654321;Eik en Beuk;zutphen;;;;;;;",  # renamed, no longer excluded
        "01111111;Nieuw;Oost-Achterhoek;;;;;;;",
        existing={LINDE.agb: LINDE, eik.agb: eik},
    )
    assert [r.kind for r in plan.rows] == [RowKind.ONGEWIJZIGD, RowKind.GEWIJZIGD, RowKind.NIEUW]
    assert plan.rows[1].differences == (
        Difference("Naam", "Eik", "Eik en Beuk"),
        Difference("Uitgesloten", "Stopt", "niet uitgesloten"),
    )
    assert plan.rows[0].data == LINDE  # the notes stay as they are
    assert plan.counts == {
        RowKind.NIEUW: 1,
        RowKind.GEWIJZIGD: 1,
        RowKind.ONGEWIJZIGD: 1,
        RowKind.FOUT: 0,
    }
    assert [data.agb for data in plan.valid_rows] == ["07654321", "01111111"]
    assert not plan.has_errors


def test_differences_show_values_the_dutch_way() -> None:
    line = (
        "01234567;Huisarts De Linde;Apeldoorn;;12.345;weet ik niet;nee;andere@linde.nl;01-01-2025;"
    )
    result = only_row(plan_csv(HEADER, line, existing={LINDE.agb: LINDE}))
    assert result.kind is RowKind.GEWIJZIGD
    assert result.differences == (
        Difference("ION", "2.345", "12.345"),
        Difference("Voorkeur", "01-07-2023", "(leeg)"),
        Difference("Vragenlijst", "ja", "nee"),
        Difference("E-mail", "info@linde.nl", "andere@linde.nl"),
        Difference("Startdatum", "01-04-2024", "01-01-2025"),
    )


def test_empty_optional_cells_keep_what_is_stored() -> None:
    result = only_row(
        plan_csv(HEADER, "01234567;Huisarts De Linde;Apeldoorn;;;;;;;", existing={LINDE.agb: LINDE})
    )
    assert result.kind is RowKind.ONGEWIJZIGD
    assert result.data == LINDE


def test_without_the_excluded_column_exclusion_is_kept() -> None:
    stored = PracticeData("07654321", "Eik", "Zutphen", excluded=True, excluded_reason="Stopt")
    result = only_row(
        plan_csv("agb;naam;regio", "07654321;Eik;Zutphen", existing={stored.agb: stored})
    )
    assert result.kind is RowKind.ONGEWIJZIGD


def test_a_stored_preference_that_is_no_moment_any_more_may_stay() -> None:
    stored = PracticeData("07654321", "Eik", "Zutphen", preferred_moment=date(2023, 4, 1))
    lines = ("agb;naam;regio;voorkeur", "07654321;Eik;Zutphen;01-04-2023")
    assert only_row(plan_csv(*lines, existing={stored.agb: stored})).kind is RowKind.ONGEWIJZIGD
    assert only_row(plan_csv(*lines)).kind is RowKind.FOUT


def test_the_same_agb_twice_puts_both_rows_in_error() -> None:
    plan = plan_csv(
        "agb;naam;regio",
        "01234567;Linde;Zutphen",
        "07654321;Eik;Zutphen",
        " 01234567 ;Linde twee;Apeldoorn",
        existing={LINDE.agb: LINDE},
    )
    message = (
        "AGB-code 01234567 staat meer dan eens in het bestand (regels 2 en 4); elke praktijk mag "
        "maar één keer voorkomen."
    )
    assert [r.kind for r in plan.rows] == [RowKind.FOUT, RowKind.NIEUW, RowKind.FOUT]
    assert plan.rows[0].errors == plan.rows[2].errors == (RowError("agb", message),)
    assert [data.agb for data in plan.valid_rows] == ["07654321"]
    assert plan.has_errors
    assert [r.number for r in plan.error_rows] == [2, 4]


def test_labels_for_the_preview() -> None:
    assert [kind.label for kind in RowKind] == ["nieuw", "gewijzigd", "ongewijzigd", "fout"]
    assert [column_label(column) for column in ("agb", "email", "uitgesloten", "")] == [
        "AGB-code",
        "E-mail",
        "Uitgesloten",
        "",
    ]


# --- fuzzing: nothing crashes, nothing bad is accepted --------------------------------------------


def acceptable(data: PracticeData) -> bool:
    """Whether every field of `data` meets the form's rules (an independent re-check)."""
    texts = [data.agb, data.name, data.region, data.wijk, data.email or "", data.excluded_reason]
    return (
        parse_agb(data.agb) == data.agb
        and parse_name(data.name) == data.name
        and data.region in HOOG.regions
        and data.wijk == " ".join(data.wijk.split())
        and (data.ion is None or 1 <= data.ion <= 100_000)
        and (data.email is None or parse_email(data.email) == data.email)
        and (data.preferred_moment is None or data.preferred_moment in MOMENTS)
        and (data.start_date is None or is_quarter_start(data.start_date))
        and data.excluded == bool(data.excluded_reason)
        and not any(unicodedata.category(char) in ("Cc", "Cf") for text in texts for char in text)
    )


def _not_eight_digits(text: str) -> bool:
    return not re.fullmatch(r"[0-9]{8}", text.strip())


def _day_text(day: date) -> st.SearchStrategy[str]:
    return st.sampled_from([day.isoformat(), day.strftime("%d-%m-%Y")])


CONTROL = st.text(min_size=1).map(lambda text: text + "\x07")  # always a control character
LETTERS = st.text(alphabet=st.characters(categories=["L"]), min_size=1)
BAD_VALUES: dict[str, st.SearchStrategy[str]] = {
    "agb": st.text().filter(_not_eight_digits) | CONTROL,
    "naam": st.text(alphabet=" \t\n", max_size=5)
    | st.text(alphabet="abc ", min_size=NAME_MAX + 1).filter(
        lambda text: len(" ".join(text.split())) > NAME_MAX
    )
    | CONTROL,
    "regio": st.text().filter(
        lambda text: (
            " ".join(text.split()).casefold() not in {region.casefold() for region in HOOG.regions}
        )
    )
    | CONTROL,
    "wijk": CONTROL,
    "ion": st.integers(max_value=0).map(str)
    | st.integers(min_value=100_001).map(str)
    | st.text(min_size=1).filter(
        lambda text: any(c not in "0123456789. " and not c.isspace() for c in text)
    ),
    "voorkeur": st.dates().filter(lambda day: day not in MOMENTS).flatmap(_day_text)
    | LETTERS.filter(lambda text: text.casefold() not in ("weet ik niet", "ik weet het niet"))
    | CONTROL,
    "vragenlijst": st.text().filter(lambda text: text.strip().casefold() not in ("ja", "nee", ""))
    | CONTROL,
    "email": st.text(min_size=1).filter(lambda text: "@" not in text and text.strip()) | CONTROL,
    "startdatum": st.dates().filter(lambda day: not is_quarter_start(day)).flatmap(_day_text)
    | LETTERS
    | CONTROL,
    "uitgesloten": st.sampled_from(["ja", "nee", " JA ", "Nee"]) | CONTROL,
}
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def test_fuzzed_bad_values_are_never_accepted() -> None:
    """A row with one bad value, the rest good: refused, as a new practice and as an update."""
    tried: Counter[str] = Counter()

    @FUZZ
    @given(data=st.data(), column=st.sampled_from(COLUMNS), update=st.booleans())
    def check(data: st.DataObject, column: str, update: bool) -> None:
        if column == "agb" and update:
            update = False  # a bad AGB matches nothing
        text = data.draw(BAD_VALUES[column], label=column)
        plan = plan_import([row(**{column: text})], HOOG, {LINDE.agb: LINDE} if update else {})
        tried["bad"] += 1
        tried["accepted"] += len(plan.valid_rows)
        assert only_row(plan).kind is RowKind.FOUT
        assert column in [error.column for error in only_row(plan).errors]
        assert plan.valid_rows == ()

    check()
    print(f"\nfuzzed bad values: {tried['bad']} tried, {tried['accepted']} accepted")
    assert tried["bad"] >= 200
    assert tried["accepted"] == 0


def test_fuzzed_rows_of_random_text_never_crash_and_only_good_rows_pass() -> None:
    tried: Counter[str] = Counter()
    cell = st.text(max_size=30) | st.sampled_from([*GOOD.split(";"), "weet ik niet", "zutphen"])

    @FUZZ
    @given(rows=st.lists(st.fixed_dictionaries({c: cell for c in COLUMNS}), max_size=5))
    def check(rows: list[dict[str, str]]) -> None:
        raw = [RawRow(number=index + 2, values=values) for index, values in enumerate(rows)]
        plan = plan_import(raw, HOOG, {LINDE.agb: LINDE})
        tried["rows"] += len(rows)
        bad = [data for data in plan.valid_rows if not acceptable(data)]
        tried["accepted bad"] += len(bad)
        assert bad == []
        assert len(plan.rows) == len(rows)

    check()
    print(f"\nfuzzed random rows: {tried['rows']} tried, {tried['accepted bad']} bad accepted")
    assert tried["rows"] >= 200
    assert tried["accepted bad"] == 0


def _mutated(data: bytes) -> st.SearchStrategy[bytes]:
    """`data` with up to 8 bytes changed, then maybe cut short."""
    changes = st.dictionaries(st.integers(0, len(data) - 1), st.integers(0, 255), max_size=8)
    return st.builds(
        lambda changed, end: bytes(changed.get(i, byte) for i, byte in enumerate(data))[:end],
        changes,
        st.integers(1, len(data)),
    )


def test_fuzzed_files_never_crash_and_only_good_rows_pass() -> None:
    tried: Counter[str] = Counter()
    good_csv = csv_bytes(HEADER, GOOD, "07654321;Eik;Zutphen;;;;;;;")
    good_xlsx = xlsx_bytes(HEADER.split(";"), GOOD.split(";"))
    files = (
        st.tuples(st.binary(max_size=300), st.sampled_from(["f.csv", "f.xlsx", "f.txt"]))
        | st.tuples(_mutated(good_csv), st.just("f.csv"))
        | st.tuples(_mutated(good_xlsx), st.just("f.xlsx"))
    )

    @FUZZ
    @given(file=files)
    def check(file: tuple[bytes, str]) -> None:
        tried["files"] += 1
        try:
            read = read_import(*file)
        except ImportFileError as error:
            assert str(error)  # a message, in Dutch
            tried["refused"] += 1
            return
        plan = plan_file(read, HOOG, {LINDE.agb: LINDE})
        bad = [data for data in plan.valid_rows if not acceptable(data)]
        tried["accepted bad"] += len(bad)
        assert bad == []

    check()
    print(
        f"\nfuzzed files: {tried['files']} tried, {tried['refused']} refused as a file, "
        f"{tried['accepted bad']} bad rows accepted"
    )
    assert tried["files"] >= 200
    assert tried["accepted bad"] == 0


@settings(max_examples=200, deadline=None)
@given(name=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
def test_any_text_in_a_csv_cell_reads_back_as_written(name: str) -> None:
    """...or, for a cell with a line break (never in a practice's data), every physical line
    is a row of its own and the first is in error: nothing is read as another value."""
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([["agb", "naam", "regio"], ["1", name, "x"]])
    text = buffer.getvalue()
    rows = read_import(text.encode("utf-8"), "l.csv").rows
    if "\r" in name or "\n" in name:
        physical = len(re.split(r"\r\n|\r|\n", text.removesuffix("\r\n")))
        assert rows[0].problem and rows[-1].number <= physical
    else:
        assert rows[0].values["naam"] == name or name.startswith("'")
