"""The declaration export: CSV for Dutch Excel and XLSX, read back cell by cell."""

from __future__ import annotations

import csv
import dataclasses
import os
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mtvdp_tui.documents.declaraties import (
    DATE_FORMAT,
    EURO_FORMAT,
    ExportFormat,
    neutralise,
    write_csv,
    write_xlsx,
)
from mtvdp_tui.domain.declaration_status import DeclarationStatus, StatusRecord
from mtvdp_tui.domain.declarations import (
    DeclarationPractice,
    DeclarationRow,
    IonRecord,
    Quarter,
    QuarterOverview,
    Totals,
    quarter_overview,
)
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
Q4_2023, Q1_2024 = Quarter(2023, 4), Quarter(2024, 1)
PAYLOADS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
HEADER = [
    "AGB",
    "Naam",
    "Regio",
    "ION",
    "Peildatum ION",
    "Tarief",
    "Bedrag",
    "Betaler",
    "Status",
    "Datum",
    "Reden",
    "Opmerking",
]


def practices() -> list[DeclarationPractice]:
    def make(id: int, name: str, region: str, ion: tuple[tuple[date, int], ...], **other):
        records = tuple(IonRecord(day, value) for day, value in ion)
        return DeclarationPractice(
            id, f"0100{id:04d}", name, region, date(2023, 10, 1), ion_records=records, **other
        )

    exact = ((date(2024, 1, 1), 12_345), (date(2023, 10, 1), 12_000))[::-1]
    return [
        make(1, "Huisartsenpraktijk De Linde", "Apeldoorn", exact),
        make(2, 'Praktijk \'t Hof; "Zuid"', "Apeldoorn", ((date(2023, 10, 1), 2_345),)),
        make(3, "Zonder ION", "Oost-Achterhoek", (), plan_overdue=True),
        *(
            make(10 + index, payload, "Zutphen", ((date(2023, 10, 1), 1_000 + index),))
            for index, payload in enumerate(PAYLOADS)
        ),
    ]


STATUSES = {
    (1, Q1_2024): StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=date(2024, 2, 1)),
    (2, Q1_2024): StatusRecord(
        DeclarationStatus.UITBETAALD, declared_on=date(2024, 2, 1), paid_on=date(2024, 3, 15)
    ),
    (10, Q1_2024): StatusRecord(DeclarationStatus.AFGEWEZEN, reason="=1+1 klopt niet"),
}


def overview(quarter: Quarter = Q1_2024, ruleset=HOOG) -> QuarterOverview:
    return quarter_overview(ruleset, practices(), quarter, STATUSES)


# --- what a row should read, written out independently of the module under test -----------------


def euro(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d-%m-%Y")


def inert(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


STATUS_TEXT = {
    "te_declareren": "te declareren",
    "gedeclareerd": "gedeclareerd",
    "uitbetaald": "uitbetaald",
    "afgewezen": "afgewezen",
}


def expected_csv_row(row: DeclarationRow) -> list[str]:
    return [
        row.agb,
        inert(row.name),
        row.region,
        "" if row.ion is None else str(row.ion),
        day(row.ion_peildatum),
        "tarief onbekend" if row.tariff_cents is None else euro(row.tariff_cents),
        "" if row.amount_cents is None else euro(row.amount_cents),
        "" if row.payer is None else row.payer.value,
        STATUS_TEXT[row.status.status.value],
        day(row.status.day),
        inert(row.status.reason),
        row.remark,
    ]


def expected_csv_totals(totals: Totals) -> list[str]:
    amount = "tarief onbekend" if totals.amount_cents is None else euro(totals.amount_cents)
    missing = f"{totals.without_ion} zonder ION" if totals.without_ion else ""
    practices = f"{totals.practices} praktijken"
    return ["Totaal", practices, "", str(totals.ion), "", "", amount, "", "", "", "", missing]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_reads_back_as_the_rows_and_totals(tmp_path: Path) -> None:
    result = overview()
    path = write_csv(tmp_path / "q1.csv", [result])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    assert b"\r\n" in raw
    header, *rows, totals = read_csv(path)
    assert header == HEADER
    assert rows == [expected_csv_row(row) for row in result.rows]
    assert totals == expected_csv_totals(result.overall)


def test_csv_cells_are_what_dutch_excel_reads_as_numbers_and_dates(tmp_path: Path) -> None:
    _, first, second, *_ = read_csv(write_csv(tmp_path / "q1.csv", [overview()]))
    assert first[:7] == [
        "01000001",
        "Huisartsenpraktijk De Linde",
        "Apeldoorn",
        "12345",
        "01-01-2024",
        "3,14",
        "38763,30",  # 12.345 × € 3,14: no € sign, no thousands separator
    ]
    assert first[7:10] == ["zorgverzekeraar", "gedeclareerd", "01-02-2024"]
    assert second[1] == 'Praktijk \'t Hof; "Zuid"'  # quoted by the csv module, read back whole
    assert second[4] == "01-10-2023" and second[-1] == "ION ouder dan het kwartaal"
    assert second[8:10] == ["uitbetaald", "15-03-2024"]


def test_csv_of_several_quarters_has_a_kwartaal_column_and_one_total(tmp_path: Path) -> None:
    q4, q1 = overview(Q4_2023), overview(Q1_2024)
    header, *rows, totals = read_csv(write_csv(tmp_path / "all.csv", [q4, q1]))
    assert header == ["Kwartaal", *HEADER]
    assert rows == [[row.quarter.label, *expected_csv_row(row)] for row in (*q4.rows, *q1.rows)]
    assert [row[0] for row in rows[:1] + rows[-1:]] == ["2023-Q4", "2024-Q1"]
    both = q4.overall.amount_cents + q1.overall.amount_cents
    assert totals[0] == "" and totals[1] == "Totaal" and totals[7] == euro(both)
    assert totals[4] == str(q4.overall.ion + q1.overall.ion)


def test_csv_of_a_quarter_without_tariff_says_so_and_never_zero(tmp_path: Path) -> None:
    result = overview(ruleset=dataclasses.replace(HOOG, tariffs=HOOG.tariffs[:1]))
    _, *rows, totals = read_csv(write_csv(tmp_path / "q1.csv", [result]))
    assert {(row[5], row[6]) for row in rows} == {("tarief onbekend", "")}
    assert totals[6] == "tarief onbekend"
    assert all("tarief onbekend" in row[-1] for row in rows)


def test_csv_neutralises_formula_payloads(tmp_path: Path) -> None:
    _, *rows, _ = read_csv(write_csv(tmp_path / "q1.csv", [overview()]))
    names = {row[1] for row in rows}
    for payload in PAYLOADS:
        assert "'" + payload in names
        assert payload not in names
    assert "'=1+1 klopt niet" in {row[10] for row in rows}
    formula_starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [cell for row in rows for cell in row if cell.startswith(formula_starts)]


# --- XLSX -----------------------------------------------------------------------------------------


def cents(value: float) -> int:
    return round(value * 100)


def test_xlsx_reads_back_as_the_rows_and_totals_with_real_types(tmp_path: Path) -> None:
    result = overview()
    sheet = load_workbook(write_xlsx(tmp_path / "q1.xlsx", [result])).active
    header, *rows, totals = list(sheet.iter_rows())
    assert [cell.value for cell in header] == HEADER
    assert sheet.title == "Declaraties 2024-Q1"
    assert len(rows) == len(result.rows)
    for cells, row in zip(rows, result.rows, strict=True):
        agb, name, region, ion, peildatum, tariff, amount, payer, status, when, reason, remark = (
            cells
        )
        assert (agb.value, agb.data_type) == (row.agb, "s")  # text: the leading zero stays
        assert (name.value, region.value) == (inert(row.name).replace("\r", "\n"), row.region)
        assert ion.value == row.ion
        if row.ion is not None:
            assert isinstance(ion.value, int) and ion.number_format == "#,##0"
            assert peildatum.value == datetime.combine(row.ion_peildatum, datetime.min.time())
            assert peildatum.is_date and peildatum.number_format == DATE_FORMAT
            assert cents(amount.value) == row.amount_cents
            assert amount.number_format == EURO_FORMAT
        else:
            assert peildatum.value is None and amount.value is None
        assert cents(tariff.value) == 314 and tariff.number_format == EURO_FORMAT
        assert (payer.value, status.value) == ("zorgverzekeraar", row.status.status.label)
        expected_day = row.status.day
        assert when.value == (
            None if expected_day is None else datetime.combine(expected_day, datetime.min.time())
        )
        assert (reason.value or "") == inert(row.status.reason)
        assert (remark.value or "") == row.remark
    total = result.overall
    assert [cell.value for cell in totals[:4]] == [
        "Totaal",
        f"{total.practices} praktijken",
        None,
        total.ion,
    ]
    assert cents(totals[6].value) == total.amount_cents and totals[6].data_type == "n"
    assert totals[11].value == "1 zonder ION"


def test_xlsx_layout_bold_header_frozen_widths(tmp_path: Path) -> None:
    sheet = load_workbook(write_xlsx(tmp_path / "q1.xlsx", [overview()])).active
    assert all(cell.font.bold for cell in sheet[1])
    assert all(cell.font.bold for cell in sheet[sheet.max_row])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row - 1}"
    assert sheet.column_dimensions["B"].width >= len("Huisartsenpraktijk De Linde")
    assert all(8 <= sheet.column_dimensions[c].width <= 50 for c in "ABCDEFGHIJKL")


def test_xlsx_of_several_quarters_and_without_tariff(tmp_path: Path) -> None:
    q4, q1 = (
        overview(Q4_2023),
        overview(ruleset=dataclasses.replace(HOOG, tariffs=HOOG.tariffs[:1])),
    )
    sheet = load_workbook(write_xlsx(tmp_path / "all.xlsx", [q4, q1])).active
    header, *rows, totals = list(sheet.iter_rows(values_only=True))
    assert header == ("Kwartaal", *HEADER)
    assert sheet.title == "Declaraties"
    assert [row[0] for row in rows] == ["2023-Q4"] * len(q4.rows) + ["2024-Q1"] * len(q1.rows)
    q1_rows = rows[len(q4.rows) :]
    assert {(row[6], row[7]) for row in q1_rows} == {("tarief onbekend", None)}
    assert totals[1] == "Totaal" and totals[7] == "tarief onbekend"
    assert totals[4] == q4.overall.ion + q1.overall.ion


def test_xlsx_neutralises_formula_payloads(tmp_path: Path) -> None:
    workbook = load_workbook(write_xlsx(tmp_path / "q1.xlsx", [overview()]))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if cell.data_type == "s"]
    for payload in PAYLOADS:
        assert payload.replace("\r", "\n") not in texts
        assert ("'" + payload).replace("\r", "\n") in texts  # XML reads CR back as LF
    assert "'=1+1 klopt niet" in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_xlsx_drops_characters_a_workbook_cannot_hold(tmp_path: Path) -> None:
    bad = DeclarationPractice(1, "01000001", "Bel\x07 \x00Praktijk", "Apeldoorn", date(2023, 10, 1))
    result = quarter_overview(HOOG, [bad], Q1_2024, {})
    sheet = load_workbook(write_xlsx(tmp_path / "q1.xlsx", [result])).active
    assert sheet["B2"].value == "Bel Praktijk"


# --- files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ExportFormat))
def test_exports_are_private_and_replace_the_old_file_whole(tmp_path: Path, kind) -> None:
    path = tmp_path / f"declaraties.{kind}"
    path.write_text("oud")
    os.chmod(path, 0o644)
    write = write_csv if kind is ExportFormat.CSV else write_xlsx  # as the command and screen do
    assert write(path, [overview()], overwrite=True) == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes()[:3] == (b"\xef\xbb\xbf" if kind is ExportFormat.CSV else b"PK\x03")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_a_failed_export_leaves_the_old_file_untouched(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "declaraties.xlsx"
    path.write_text("oud")

    def refuse(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_xlsx(path, [overview()], overwrite=True)
    assert path.read_text() == "oud"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6", "'+31 6"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("De Linde", "De Linde"),
        ("", ""),
        (" =1", " =1"),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected
