"""The monitoring export (SPEC §10): every item of every monitored practice with its state on a
peildatum, against rows computed by hand; CSV and XLSX read back; formulas made inert; private
files, never over an existing one unasked."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from mtvdp_tui.documents.declaraties import FORMULA_STARTS, ExportFormat
from mtvdp_tui.documents.monitoring_export import (
    COLUMNS,
    EVERYTHING,
    export_monitoring,
    monitoring_files,
    monitoring_rows,
    monitoring_table,
)
from mtvdp_tui.domain.monitoring import ItemKind, ItemState
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.files import OutputError
from mtvdp_tui.records.monitoring import MonitoringQuery, MonitoringRow
from mtvdp_tui.store.monitoring import MonitoringRepository
from tests.conftest import TODAY

BOTH_ENGINES = True  # see tests/engines.py

PEILDATUM = date(2024, 3, 15)  # binnenkort: due 2024-03-15 … 2024-04-14 (30 days)
FORMULA = '=HYPERLINK("http://x","klik")'
D = date


def fill(database) -> None:
    """Two started practices (one named like a formula), one not started, one excluded.

    De Linde started on 2023-12-31, its nulmeting sent on 2024-02-10; the formula practice
    started on 2023-10-15, its social-domain collaboration on 2024-03-20 and its nulmeting was
    sent on 2025-01-20: both after the peildatum."""

    def add(agb: str, name: str, region: str, start: date | None, **values) -> int:
        data = PracticeData(agb=agb, name=name, region=region, start_date=start, **values)
        return database.practices.create(data)

    linde = add("01000001", "De Linde", "Zutphen", D(2023, 12, 31))
    formula = add("01000002", FORMULA, "Apeldoorn", D(2023, 10, 15))
    add("01000003", "Nog niet", "Zutphen", None)
    add("01000004", "Uit", "Zutphen", D(2023, 1, 1), excluded=True, excluded_reason="Stopt")
    database.monitoring.record_sent(ItemKind.NULMETING, D(2024, 2, 10), {linde: None})
    database.monitoring.set_social_domain(formula, D(2024, 3, 20), None)
    database.monitoring.record_sent(ItemKind.NULMETING, D(2025, 1, 20), {formula: None})


# The rows on PEILDATUM, computed by hand (hoog-2023: nulmeting 2 months after the start, the
# 1-meting 12 months after the nulmeting was sent (or was due), slotmeting and sociaal domein 24
# months, praktijkplan 3 months, intervisie and jaarverslag at each plan year's last day), in the
# list's order: te laat, binnenkort, gepland, afgerond; then by due date and the kinds' order.
LINDE = ("01000001", "De Linde", "Zutphen")
FORM = ("01000002", FORMULA, "Apeldoorn")
LATE, SOON, PLANNED, DONE = "te laat", "binnenkort", "gepland", "afgerond"
EXPECTED = [
    (*FORM, "nulmeting", D(2023, 12, 15), LATE, None),
    (*FORM, "praktijkplan", D(2024, 1, 15), LATE, None),
    (*LINDE, "praktijkplan", D(2024, 3, 31), SOON, None),
    (*FORM, "intervisie 1", D(2024, 10, 14), PLANNED, None),
    (*FORM, "jaarverslag 1", D(2024, 10, 14), PLANNED, None),
    (*FORM, "1-meting", D(2024, 12, 15), PLANNED, None),  # the nulmeting was not sent yet
    (*LINDE, "intervisie 1", D(2024, 12, 30), PLANNED, None),
    (*LINDE, "jaarverslag 1", D(2024, 12, 30), PLANNED, None),
    (*LINDE, "1-meting", D(2025, 2, 10), PLANNED, None),  # a year after it was sent
    (*FORM, "intervisie 2", D(2025, 10, 14), PLANNED, None),
    (*FORM, "jaarverslag 2", D(2025, 10, 14), PLANNED, None),
    (*FORM, "slotmeting", D(2025, 10, 15), PLANNED, None),
    (*FORM, "sociaal domein", D(2025, 10, 15), PLANNED, None),  # started after the peildatum
    (*LINDE, "intervisie 2", D(2025, 12, 30), PLANNED, None),
    (*LINDE, "jaarverslag 2", D(2025, 12, 30), PLANNED, None),
    (*LINDE, "slotmeting", D(2025, 12, 31), PLANNED, None),
    (*LINDE, "sociaal domein", D(2025, 12, 31), PLANNED, None),
    (*LINDE, "nulmeting", D(2024, 2, 29), DONE, D(2024, 2, 10)),  # a leap year's end
]


def test_every_item_of_every_monitored_practice_with_its_state_on_the_peildatum(
    database,
) -> None:
    fill(database)
    table = monitoring_table(monitoring_rows(database, PEILDATUM))
    assert (
        table.columns
        == COLUMNS
        == (
            "agb",
            "naam",
            "regio",
            "onderdeel",
            "uiterlijk",
            "status",
            "datum",
        )
    )
    assert list(table.rows) == EXPECTED


def test_on_another_day_the_states_follow_and_the_database_keeps_its_own_clock(
    database,
) -> None:
    fill(database)
    rows = {
        (row[0], row[3]): row for row in monitoring_table(monitoring_rows(database, TODAY)).rows
    }
    assert rows[("01000002", "sociaal domein")][5:] == (DONE, D(2024, 3, 20))
    assert rows[("01000002", "nulmeting")][5:] == (DONE, D(2025, 1, 20))
    assert rows[("01000002", "1-meting")][4:] == (D(2026, 1, 20), LATE, None)  # once it was sent
    assert rows[("01000001", "praktijkplan")][5:] == (LATE, None)
    assert rows[("01000001", "slotmeting")][5:] == (LATE, None)
    # the app's own repository still counts on its own today, whatever peildatum was exported
    attention = database.monitoring.count(MonitoringQuery())
    monitoring_rows(database, PEILDATUM)
    assert database.monitoring.count(MonitoringQuery()) == attention == 15


def test_a_query_narrows_the_export(database) -> None:
    fill(database)
    query = MonitoringQuery(region="Zutphen", states=frozenset({ItemState.GEPLAND}))
    rows = monitoring_rows(database, PEILDATUM, query)
    assert [(row.agb, row.label) for row in rows] == [
        (expected[0], expected[3])
        for expected in EXPECTED
        if expected[2] == "Zutphen" and expected[5] == PLANNED
    ]
    only = MonitoringQuery(kind=ItemKind.EEN_METING, states=frozenset(ItemState))
    found = [(row.agb, row.due, row.state) for row in monitoring_rows(database, PEILDATUM, only)]
    # the 1-meting as known on the peildatum, also when the list shows no nulmeting
    assert found == [
        ("01000002", D(2024, 12, 15), ItemState.GEPLAND),
        ("01000001", D(2025, 2, 10), ItemState.GEPLAND),
    ]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Dutch Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_csv_is_what_dutch_excel_reads(database, tmp_path: Path) -> None:
    fill(database)
    path = tmp_path / "monitoring.csv"
    assert export_monitoring(database, path, ExportFormat.CSV, PEILDATUM) == len(EXPECTED)
    data = path.read_bytes()
    assert b"\r\n" in data
    lines = read_csv(data)
    assert lines[0] == list(COLUMNS)
    first = ["01000002", "'" + FORMULA, "Apeldoorn", "nulmeting", "15-12-2023", "te laat", ""]
    assert lines[1] == first
    assert lines[-1] == [*LINDE, "nulmeting", "29-02-2024", "afgerond", "10-02-2024"]
    assert len(lines) == 1 + len(EXPECTED)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_xlsx_has_real_dates_and_the_agb_as_text(database, tmp_path: Path) -> None:
    fill(database)
    path = tmp_path / "monitoring.xlsx"
    assert export_monitoring(database, path, ExportFormat.XLSX, PEILDATUM) == len(EXPECTED)
    sheet = load_workbook(path).active
    assert sheet.title == "Monitoring"
    assert sheet.freeze_panes == "A2"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == COLUMNS
    assert values[1] == (
        "01000002",
        "'" + FORMULA,
        "Apeldoorn",
        "nulmeting",
        datetime(2023, 12, 15),
        "te laat",
        None,
    )
    assert values[-1][4:] == (datetime(2024, 2, 29), "afgerond", datetime(2024, 2, 10))
    assert sheet["A2"].number_format == "@"  # Excel keeps the leading zero
    assert sheet["E2"].number_format == "DD-MM-YYYY"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", list(ExportFormat))
def test_an_existing_file_is_kept_unless_asked(database, tmp_path: Path, kind) -> None:
    fill(database)
    folder = tmp_path / "uit"
    folder.mkdir()
    path = folder / f"monitoring.{kind.value}"
    path.write_bytes(b"van de gebruiker")
    with pytest.raises(OutputError, match="bestaat al"):
        export_monitoring(database, path, kind, PEILDATUM)
    assert path.read_bytes() == b"van de gebruiker"
    assert sorted(folder.iterdir()) == [path]  # no temporary file left behind
    assert export_monitoring(database, path, kind, PEILDATUM, overwrite=True) == len(EXPECTED)
    assert path.read_bytes() != b"van de gebruiker"


def test_an_empty_database_gives_the_header_only(database, tmp_path: Path) -> None:
    files = monitoring_files(monitoring_rows(database, PEILDATUM))
    assert read_csv(files[".csv"]) == [list(COLUMNS)]
    workbook = load_workbook(io.BytesIO(files[".xlsx"]))
    assert list(workbook.active.iter_rows(values_only=True)) == [COLUMNS]


# --- any text round-trips -------------------------------------------------------------------------


def undo_inert(text: str) -> str:
    """What a reader does (as the importer does): one apostrophe off before a formula."""
    neutralised = text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS)
    return text[1:] if neutralised else text


def row_named(name: str, region: str) -> MonitoringRow:
    return MonitoringRow(
        1, "00000001", name, region, "", ItemKind.INTERVISIE, 2, D(2025, 1, 31), None,
        ItemState.TE_LAAT,
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=40), region=st.text(max_size=10))
def test_any_text_round_trips_through_csv(name: str, region: str) -> None:
    _, cells = read_csv(monitoring_files([row_named(name, region)])[".csv"])
    assert [undo_inert(cells[1]), undo_inert(cells[2])] == [name, region]
    assert not cells[1].startswith(FORMULA_STARTS) and not cells[2].startswith(FORMULA_STARTS)
    assert cells[3:6] == ["intervisie 2", "31-01-2025", "te laat"]


# XML keeps no control characters (a CR comes back as LF): a practice's name has none
PRINTABLE = st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=40)


@settings(max_examples=40, deadline=None)
@given(name=PRINTABLE, region=PRINTABLE)
def test_any_name_round_trips_through_xlsx(name: str, region: str) -> None:
    sheet = load_workbook(io.BytesIO(monitoring_files([row_named(name, region)])[".xlsx"])).active
    _, values = sheet.iter_rows(values_only=True)
    assert [undo_inert(values[1] or ""), undo_inert(values[2] or "")] == [name, region]
    assert not str(values[1] or "").startswith(FORMULA_STARTS)
    assert values[3:6] == ("intervisie 2", datetime(2025, 1, 31), "te laat")


def test_rows_added_while_counting_are_read_too() -> None:
    class Growing:
        """150 rows, of which the count saw none yet."""

        def count(self, query: MonitoringQuery) -> int:
            return 0

        def page(self, query: MonitoringQuery, offset: int, limit: int) -> list[int]:
            return list(range(150))[offset : offset + limit]

    found = MonitoringRepository.rows(Growing(), EVERYTHING)  # type: ignore[arg-type]
    assert found == list(range(150))
