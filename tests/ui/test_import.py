"""Importing a practice list from the register (I): choose, preview, and only then write."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.widgets import Input, OptionList

from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.domain.import_reading import read_import
from mtvdp_tui.domain.practice_import import RowKind
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.import_file import ImportFileScreen
from mtvdp_tui.screens.import_preview import ImportPreviewScreen
from mtvdp_tui.screens.register import RegisterScreen
from mtvdp_tui.widgets.import_rows import ImportRowList
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.conftest import open_test_database
from tests.ui.helpers import SIZE, make_app, text_of, type_text

BOTH_ENGINES = True  # the tests asking for `new_app` also run on PostgreSQL (tests/ui/conftest.py)

HEADER = "agb;naam;regio;wijk;ion;voorkeur;vragenlijst;email;startdatum;uitgesloten"
LINDE = "01234567;Huisarts De Linde;Apeldoorn;Zuid;2345;01-07-2023;ja;info@linde.nl;;"
EIK = "07654321;Huisartsen De Eik;Zutphen;Centrum;3100;;nee;;;"
BAD = "1234567;Huisartsen Het Veld;Zwolle;;;;;;;"


def practice_list(tmp_path: Path, name: str, *lines: str) -> Path:
    folder = tmp_path / "export"  # where make_app's import looks for files
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def stored(app: MtvdpApp) -> list[str]:
    return sorted(app.database.practices.versions_by_agb())


async def open_preview(app: MtvdpApp, pilot, path: Path) -> ImportPreviewScreen:
    await pilot.press("I")
    assert isinstance(app.screen, ImportFileScreen)
    app.screen.query_one("#path", Input).value = str(path)  # typing it is tested below
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, ImportPreviewScreen)
    return app.screen


async def test_a_clean_file_is_previewed_then_imported(new_app, tmp_path: Path) -> None:
    source = practice_list(tmp_path, "lijst.csv", LINDE, EIK)
    app = new_app("db")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(app, pilot, source)
        assert "2 regel(s): 2 nieuw · 0 gewijzigd" in text_of(app, "#counts")
        assert "Klaar om te importeren: 2 nieuwe" in text_of(app, "#verdict")
        assert screen.query_one(ImportRowList).row_count == 2
        assert stored(app) == []  # a preview writes nothing
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        assert stored(app) == ["01234567", "07654321"]
        assert app.screen.query_one(PracticeList).row_count == 2


async def test_with_an_error_nothing_is_written_until_only_valid_is_confirmed(
    new_app,
    tmp_path: Path,
) -> None:
    source = practice_list(tmp_path, "lijst.csv", LINDE, BAD, EIK)
    app = new_app("db")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(app, pilot, source)
        rows = screen.query_one(ImportRowList)
        first = rows.current_row
        assert first.kind is RowKind.FOUT and first.number == 3  # errors come first
        detail = text_of(app, "#detail")
        assert "Regel 3 · fout" in detail and "Kolom regio: Regio 'Zwolle'" in detail
        assert "Bedoelt u 01234567?" in detail
        assert "1 regel(s) hebben een fout" in text_of(app, "#verdict")
        assert screen.check_action("save", ()) is None  # shown, but dimmed
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        assert stored(app) == []
        await pilot.press("g")
        assert isinstance(app.screen, ConfirmScreen)
        assert "1 regel(s) met een fout worden overgeslagen" in app.screen.question
        await pilot.press("escape")  # thought better of it
        assert stored(app) == []
        await pilot.press("g")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        assert stored(app) == ["01234567", "07654321"]


async def test_the_filter_shows_one_kind_of_row(tmp_path: Path) -> None:
    source = practice_list(tmp_path, "lijst.csv", LINDE, BAD, EIK)
    app = make_app(tmp_path / "db.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(app, pilot, source)
        rows = screen.query_one(ImportRowList)
        await pilot.press("f")
        assert rows.row_count == 1 and "alleen 'fout'" in text_of(app, "#counts")
        await pilot.press("f")
        assert rows.row_count == 2 and "alleen 'nieuw'" in text_of(app, "#counts")
        await pilot.press("f", "f")
        assert rows.row_count == 3 and "alle regels" in text_of(app, "#counts")


async def test_reading_again_after_the_file_was_corrected(tmp_path: Path) -> None:
    source = practice_list(tmp_path, "lijst.csv", LINDE, BAD)
    app = make_app(tmp_path / "db.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(app, pilot, source)
        assert screen.result.plan.has_errors
        practice_list(tmp_path, "lijst.csv", LINDE, "01234568;Huisartsen Het Veld;Zutphen;;;;;;;")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.result.plan.has_errors
        assert "Klaar om te importeren" in text_of(app, "#verdict")


async def test_a_bad_file_is_refused_under_the_field(tmp_path: Path) -> None:
    picture = tmp_path / "export"
    picture.mkdir()
    (picture / "foto.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    app = make_app(tmp_path / "db.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        app.screen.query_one("#path", Input).value = str(picture / "foto.csv")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportFileScreen)
        assert "geen leesbaar CSV-bestand" in text_of(app, "#path-message")
        assert app.screen.query_one("#path", Input).has_class("-invalid")
        app.screen.query_one("#path", Input).value = str(tmp_path / "weg.csv")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "bestaat niet" in text_of(app, "#path-message")
        await pilot.press("escape")
        assert isinstance(app.screen, RegisterScreen)
        assert stored(app) == []


async def test_files_in_the_export_folder_are_offered(tmp_path: Path) -> None:
    practice_list(tmp_path, "lijst.csv", LINDE)
    app = make_app(tmp_path / "db.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        await app.workers.wait_for_complete()  # each file's header row is read in a thread
        await pilot.pause()
        options = app.screen.query_one("#files", OptionList)
        assert options.option_count == 1
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen)
        await pilot.press("escape")  # cancel: nothing written
        assert isinstance(app.screen, RegisterScreen)
        assert stored(app) == []


def declaration_exports(tmp_path: Path, database: Path) -> list[Path]:
    """A quarter's declarations as CSV and XLSX in the export folder, as the app writes them."""
    from mtvdp_tui.cli import main

    written = [tmp_path / "export" / f"declaraties-2024-Q4.{kind}" for kind in ("csv", "xlsx")]
    for path in written:
        argv = ["--db", str(database), "declaraties", "export", "--kwartaal", "2024-Q4"]
        assert main([*argv, "--format", path.suffix[1:], "-o", str(path)]) == 0
    return written


async def test_only_practice_lists_are_offered(tmp_path: Path) -> None:
    practice_list(tmp_path, "lijst.csv", LINDE)
    app = make_app(tmp_path / "db.sqlite", demo=True)
    declaration_exports(tmp_path, tmp_path / "db.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one("#files", OptionList)
        assert [options.get_option_at_index(0).id] == [str(tmp_path / "export" / "lijst.csv")]
        assert options.option_count == 1
        assert text_of(app, "#found-title").startswith(
            "Niet getoond: 2 CSV- of Excel-bestanden die geen praktijkenlijst zijn"
        )


async def test_a_typed_declaration_export_is_read_only_after_a_second_enter(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "db.sqlite", demo=True)
    export = declaration_exports(tmp_path, tmp_path / "db.sqlite")[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        app.screen.query_one("#path", Input).value = str(export)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportFileScreen)
        message = text_of(app, "#path-message")
        assert message.startswith("'declaraties-2024-Q4.csv' lijkt geen praktijkenlijst: ")
        assert message.endswith("Druk nogmaals op Enter om het toch te lezen.")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen)  # the user's choice, after all


async def test_the_path_is_completed_as_it_is_typed(tmp_path: Path) -> None:
    source = practice_list(tmp_path, "praktijkenlijst.csv", LINDE)
    app = make_app(tmp_path / "db.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        app.screen.query_one("#path", Input).value = str(source.parent / "pra")
        await type_text(pilot, "k")
        await pilot.pause()
        await pilot.press("right")  # accepts the suggestion
        assert app.screen.query_one("#path", Input).value == str(source)


async def test_a_change_by_another_copy_since_the_preview_refuses_and_previews_again(
    new_db,
    tmp_path: Path,
) -> None:
    db = new_db("db")
    app = make_app(db, folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        first = practice_list(tmp_path, "eerst.csv", LINDE)
        await open_preview(app, pilot, first)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        source = practice_list(tmp_path, "lijst.csv", LINDE.replace(";2345;", ";2400;"), EIK)
        screen = await open_preview(app, pilot, source)
        other = open_test_database(db)  # another copy of the program changes De Linde
        practice_id, version, data = other.practices.versions_by_agb()["01234567"]
        other.practices.update(
            practice_id, dataclasses.replace(data, wijk="Noord"), expected_version=version
        )
        other.close()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen  # still the preview, made again
        assert "het register is intussen gewijzigd" in text_of(app, "#verdict")
        assert stored(app) == ["01234567"]  # De Eik was not written either
        linde = app.database.practices.versions_by_agb()["01234567"][2]
        assert (linde.ion, linde.wijk) == (2345, "Noord")
        assert screen.result.seen["01234567"].version == version + 1
        await pilot.press("ctrl+s")  # the new preview goes through
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert stored(app) == ["01234567", "07654321"]


async def test_the_register_export_can_be_imported_again(new_app, tmp_path: Path) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await app.workers.wait_for_complete()
        exported = sorted((tmp_path / "export").glob("praktijken-*"))
        assert [path.suffix for path in exported] == [".csv", ".xlsx"]
        for path in exported:
            read = read_import(path.read_bytes(), path.name)
            assert len(read.rows) == 140
        screen = await open_preview(app, pilot, exported[1])
        assert screen.result.plan.counts[RowKind.ONGEWIJZIGD] == 140
        assert "er is niets te importeren" in text_of(app, "#verdict")
