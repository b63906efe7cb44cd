"""Which files look like practice lists, by their header row alone: what the import's file picker
offers (the declaration exports have agb, naam and regio too, but are not practice lists)."""

from __future__ import annotations

import pytest

from mtvdp_tui.documents.declaraties import csv_bytes as declaration_csv
from mtvdp_tui.documents.declaraties import export_table, xlsx_bytes
from mtvdp_tui.domain.import_reading import (
    HEAD_BYTES,
    ImportFileError,
    not_a_practice_list,
    read_header,
)
from tests.domain.test_practice_import import csv_bytes
from tests.domain.test_practice_import import xlsx_bytes as workbook

REGISTER = "agb;naam;regio;wijk;ion;voorkeur;vragenlijst;email;startdatum;uitgesloten"
LINE = "01234567;Huisarts De Linde;Apeldoorn;Zuid;2345;;ja;;;"


def test_the_register_format_is_a_practice_list() -> None:
    titles = read_header(csv_bytes("", REGISTER, LINE), "lijst.csv")  # a blank line first
    assert titles == tuple(REGISTER.split(";"))
    assert not_a_practice_list(titles, "lijst.csv") is None


def test_a_list_with_a_few_columns_of_its_own_is_one() -> None:
    titles = read_header(csv_bytes("AGB,Naam,Regio,Telefoon,Contactpersoon", ""), "mijn.csv")
    assert not_a_practice_list(titles, "mijn.csv") is None


def test_a_declaration_export_is_not_one_and_says_why() -> None:
    for data, name in (
        (declaration_csv(export_table([])), "declaraties-2024-Q4.csv"),
        (xlsx_bytes(export_table([]), "Declaraties"), "declaraties-2024-Q4.xlsx"),
    ):
        titles = read_header(data, name)
        assert titles[:3] == ("agb", "naam", "regio")  # the import alone would take it
        assert not_a_practice_list(titles, name) == (
            f"'{name}' lijkt geen praktijkenlijst: van de 12 kolommen horen er maar 4 bij het "
            "importformaat; andere zijn bijvoorbeeld peildatum ion, tarief, bedrag en betaler. "
            "Het is waarschijnlijk een ander overzicht, zoals een export van de declaraties."
        )


def test_a_workbook_is_read_up_to_its_header_row() -> None:
    data = workbook([], [None, None], REGISTER.split(";"), LINE.split(";"))
    assert read_header(data, "lijst.xlsx") == tuple(REGISTER.split(";"))


def test_the_first_bytes_of_a_long_csv_will_do() -> None:
    data = csv_bytes(REGISTER, *[LINE] * 5000)
    assert len(data) > HEAD_BYTES
    assert read_header(data[:HEAD_BYTES], "lijst.csv") == tuple(REGISTER.split(";"))


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (csv_bytes("naam;wijk", "x"), "a.csv", "ontbreekt: agb en regio"),
        (b"\x89PNG\r\n\x1a\n\x00", "foto.csv", "geen leesbaar CSV-bestand"),
        (b"", "leeg.csv", "is leeg"),
        (csv_bytes(REGISTER), "lijst.pdf", "geen CSV- of Excel-bestand"),
    ],
)
def test_a_header_the_import_refuses_is_refused_the_same_way(
    data: bytes, name: str, message: str
) -> None:
    with pytest.raises(ImportFileError, match=message):
        read_header(data, name)
