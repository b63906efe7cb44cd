"""Importing a practice list into a real database: preview, then all or nothing.

The domain tests judge rows; these prove what reaches the file: nothing while a row is in error
(unless only the valid rows are asked for), nothing when another copy changed the register since
the preview, and an export that imports back as "ongewijzigd".
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtvdp_tui.documents.register_export import write_register_csv, write_register_xlsx
from mtvdp_tui.domain.demo import generate_demo_practices
from mtvdp_tui.domain.import_reading import COLUMNS, ImportFileError
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.practice_import import RowKind
from mtvdp_tui.records.audit import AuditQuery, Entity
from mtvdp_tui.records.errors import ImportRefused, RegisterChanged
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.demo import populate_demo
from mtvdp_tui.store.practice_import import apply, preview, read_file, register_data
from tests.conftest import open_test_database
from tests.domain.test_practice_import import BAD_VALUES, GOOD, HEADER, LINDE, csv_bytes

BOTH_ENGINES = True  # see tests/engines.py

EIK = "07654321;Huisartsen De Eik;Zutphen;Centrum;3100;;nee;;;"


def snapshot(database: Database) -> dict[str, tuple[int, int, PracticeData]]:
    return database.practices.versions_by_agb()


def preview_csv(database: Database, *lines: str):
    return preview(csv_bytes(*lines), "lijst.csv", database.ruleset, database.practices)


def test_new_and_changed_practices_are_written_in_one_go(database: Database) -> None:
    database.practices.create(LINDE)
    changed = GOOD.replace(";2345;", ";2400;")
    result = preview_csv(database, HEADER, changed, EIK)
    assert [row.kind for row in result.plan.rows] == [RowKind.GEWIJZIGD, RowKind.NIEUW]
    written = apply(result, database.practices)
    assert (written.new, written.changed, written.skipped) == (1, 1, 0)
    stored = snapshot(database)
    assert stored["01234567"][2].ion == 2400
    assert stored["01234567"][2].notes == LINDE.notes  # not part of the format: never changed
    assert stored["07654321"][2].name == "Huisartsen De Eik"
    entries = database.audit.page(AuditQuery(entity=Entity.PRAKTIJK), 0, 10)
    assert len(entries) == 3  # LINDE created; then EIK created and LINDE changed, audited


def test_a_row_in_error_stops_the_whole_import(database: Database) -> None:
    database.practices.create(LINDE)
    before = snapshot(database)
    result = preview_csv(database, HEADER, GOOD.replace(";2345;", ";2400;"), EIK, "123;X;;;;;;;;")
    assert result.plan.has_errors
    with pytest.raises(ImportRefused, match="niets geïmporteerd: 1 regel"):
        apply(result, database.practices)
    assert snapshot(database) == before


def test_only_the_valid_rows_when_asked_explicitly(database: Database) -> None:
    result = preview_csv(database, HEADER, EIK, "123;X;Zutphen;;;;;;;")
    written = apply(result, database.practices, only_valid=True)
    assert (written.new, written.changed, written.skipped) == (1, 0, 1)
    assert list(snapshot(database)) == ["07654321"]


def test_nothing_to_write_is_said_so(database: Database) -> None:
    database.practices.create(LINDE)
    result = preview_csv(database, HEADER, "01234567;Huisarts De Linde;Apeldoorn;;;;;;;")
    assert result.plan.counts[RowKind.ONGEWIJZIGD] == 1
    with pytest.raises(ImportRefused, match="niets te importeren"):
        apply(result, database.practices)


def test_a_practice_changed_by_another_copy_since_the_preview_refuses_all(tmp_path: Path) -> None:
    path = tmp_path / "gedeeld.sqlite"
    first, second = open_test_database(path), open_test_database(path)
    try:
        practice_id = first.practices.create(LINDE)
        result = preview_csv(first, HEADER, GOOD.replace(";2345;", ";2400;"), EIK)
        record = second.practices.get(practice_id)
        second.practices.update(
            practice_id, dataclasses.replace(LINDE, wijk="Noord"), expected_version=record.version
        )
        before = snapshot(second)
        with pytest.raises(RegisterChanged, match="intussen gewijzigd"):
            apply(result, first.practices)
        assert snapshot(first) == before  # EIK is not written either: all or nothing
        again = preview_csv(first, HEADER, GOOD.replace(";2345;", ";2400;"), EIK)
        apply(again, first.practices)  # a new preview sees the other change, and goes through
        assert snapshot(first)["01234567"][2].wijk == "Zuid"
    finally:
        first.close()
        second.close()


def test_an_agb_added_by_another_copy_since_the_preview_refuses_all(tmp_path: Path) -> None:
    path = tmp_path / "gedeeld.sqlite"
    first, second = open_test_database(path), open_test_database(path)
    try:
        result = preview_csv(first, HEADER, GOOD, EIK)
        second.practices.create(LINDE)
        with pytest.raises(RegisterChanged, match="01234567 is al in gebruik"):
            apply(result, first.practices)
        assert list(snapshot(first)) == ["01234567"]
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("write", [write_register_csv, write_register_xlsx])
def test_export_then_import_changes_nothing(database: Database, tmp_path: Path, write) -> None:
    practices = generate_demo_practices(database.ruleset, 140)
    populate_demo(database.engine, practices)
    exported = write(
        tmp_path / f"register.{'csv' if write is write_register_csv else 'xlsx'}",
        register_data(database.practices),
    )
    result = preview(read_file(exported), exported.name, database.ruleset, database.practices)
    assert result.plan.counts == {
        RowKind.NIEUW: 0,
        RowKind.GEWIJZIGD: 0,
        RowKind.ONGEWIJZIGD: 140,
        RowKind.FOUT: 0,
    }


def test_export_into_an_empty_register_restores_it(database: Database, tmp_path: Path) -> None:
    source = open_test_database(tmp_path / "bron.sqlite")
    try:
        populate_demo(source.engine, generate_demo_practices(source.ruleset, 60))
        exported = write_register_xlsx(tmp_path / "register.xlsx", register_data(source.practices))
        original = register_data(source.practices)
    finally:
        source.close()
    result = preview(read_file(exported), exported.name, database.ruleset, database.practices)
    assert apply(result, database.practices).new == 60
    notes_left_out = [dataclasses.replace(data, notes="") for data in original]
    assert register_data(database.practices) == notes_left_out


@pytest.mark.parametrize(
    ("name", "start"),
    [("map", "'map' is een map"), ("weg.csv", "Het bestand '")],
)
def test_files_that_cannot_be_read(tmp_path: Path, name: str, start: str) -> None:
    (tmp_path / "map").mkdir()
    with pytest.raises(ImportFileError) as refused:
        read_file(tmp_path / name)
    assert str(refused.value).startswith(start)


def test_fuzzed_bad_rows_are_never_stored(tmp_path: Path) -> None:
    """Files of good rows with one bad value somewhere: nothing is written, in either mode
    the bad row is never among what is stored."""
    database = open_test_database(tmp_path / "fuzz.sqlite")
    database.practices.create(LINDE)
    tried: Counter[str] = Counter()
    cells = dict(zip(HEADER.split(";"), GOOD.split(";"), strict=True))

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data(), column=st.sampled_from(COLUMNS), new=st.booleans())
    def check(data: st.DataObject, column: str, new: bool) -> None:
        bad = data.draw(BAD_VALUES[column], label=column)
        row = {**cells, "agb": "07777777" if new else cells["agb"], column: bad}
        line = ";".join('"' + row[c].replace('"', '""') + '"' for c in COLUMNS)
        before = snapshot(database)
        try:
            result = preview(
                csv_bytes(HEADER, line, EIK), "f.csv", database.ruleset, database.practices
            )
        except ImportFileError:
            tried["refused as a file"] += 1
            return
        tried["bad rows"] += 1
        with pytest.raises(ImportRefused):
            apply(result, database.practices)
        assert snapshot(database) == before
        tried["stored"] += sum(
            1 for r in result.plan.rows if r.kind is not RowKind.FOUT and r.number == 2
        )

    try:
        check()
    finally:
        database.close()
    print(f"\nfuzzed bad rows through the store: {tried}")
    assert tried["bad rows"] + tried["refused as a file"] >= 200
    assert tried["stored"] == 0
