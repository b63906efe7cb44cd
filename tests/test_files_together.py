"""A file that cannot be replaced (Excel has it open on Windows) is told in Dutch, and the files
of one export (CSV and XLSX) are replaced all or none: they never end up out of step."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mtvdp_tui.cli import main
from mtvdp_tui.files import OutputError, write_export, write_private, write_together
from tests.conftest import open_test_database
from tests.hostile import ENGLISH

REAL_REPLACE = os.replace
REAL_LINK = os.link


def excel_lock() -> OSError:
    """What Windows raises when a file Excel has open is replaced: a sharing violation."""
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]  # only Windows sets it
    return error


def failing_replace(
    monkeypatch: pytest.MonkeyPatch, target: str, error: Callable[[], OSError]
) -> None:
    """os.replace fails whenever it would put a file at a path named `target`."""

    def replace(source: object, destination: object) -> None:
        if Path(str(destination)).name == target:
            raise error()
        REAL_REPLACE(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_file_open_in_excel_is_named_and_left_as_it_was(tmp_path, monkeypatch) -> None:
    path = tmp_path / "praktijken.xlsx"
    path.write_text("oud")
    failing_replace(monkeypatch, "praktijken.xlsx", excel_lock)
    with pytest.raises(OutputError) as refused:
        write_private(path, "nieuw", overwrite=True)
    message = str(refused.value)
    assert "is open in een ander programma (Excel?)" in message
    assert "Sluit het bestand in Excel en probeer opnieuw" in message and str(path) in message
    assert not ENGLISH.search(message) and "cannot access" not in message
    assert path.read_text() == "oud"
    assert names(tmp_path) == ["praktijken.xlsx"]  # no temporary file left


def test_a_file_that_may_not_be_replaced_is_told_too(tmp_path, monkeypatch) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text("oud")
    failing_replace(monkeypatch, "lijst.csv", lambda: PermissionError(errno.EPERM, "nope"))
    with pytest.raises(OutputError, match="kan niet worden vervangen") as refused:
        write_private(path, "nieuw", overwrite=True)
    assert "Excel" in str(refused.value) and "nope" not in str(refused.value)
    assert path.read_text() == "oud" and names(tmp_path) == ["lijst.csv"]


def test_when_the_second_file_is_locked_the_first_is_put_back(tmp_path, monkeypatch) -> None:
    csv, xlsx = tmp_path / "uit.csv", tmp_path / "uit.xlsx"
    csv.write_text("oude csv")
    xlsx.write_text("oude xlsx")
    failing_replace(monkeypatch, "uit.xlsx", excel_lock)
    with pytest.raises(OutputError, match="Sluit het bestand in Excel"):
        write_together([(csv, "nieuwe csv"), (xlsx, "nieuwe xlsx")], overwrite=True)
    assert (csv.read_text(), xlsx.read_text()) == ("oude csv", "oude xlsx")
    assert names(tmp_path) == ["uit.csv", "uit.xlsx"]


def test_new_files_are_removed_again_when_the_second_fails(tmp_path, monkeypatch) -> None:
    csv, xlsx = tmp_path / "uit.csv", tmp_path / "uit.xlsx"
    monkeypatch.setattr(os, "link", _link_failing_for("uit.xlsx", errno.ENOSPC))
    failing_replace(monkeypatch, "uit.xlsx", lambda: OSError(errno.ENOSPC, "No space left"))
    with pytest.raises(OSError) as failed:
        write_together([(csv, "csv"), (xlsx, "xlsx")])
    assert failed.value.errno == errno.ENOSPC
    assert names(tmp_path) == []


def test_when_putting_back_fails_too_the_message_says_which_file_is_new(
    tmp_path, monkeypatch
) -> None:
    csv, xlsx = tmp_path / "uit.csv", tmp_path / "uit.xlsx"
    csv.write_text("oude csv")
    xlsx.write_text("oude xlsx")
    published: list[str] = []

    def replace(source: object, destination: object) -> None:
        name = Path(str(destination)).name
        if name == "uit.xlsx" or (name == "uit.csv" and published):
            raise excel_lock()
        published.append(name)
        REAL_REPLACE(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as refused:
        write_together([(csv, "nieuwe csv"), (xlsx, "nieuwe xlsx")], overwrite=True)
    message = str(refused.value)
    assert f"'{csv}' kon niet worden teruggezet" in message
    assert f"'{xlsx}' niet" in message and "horen nu niet bij elkaar" in message
    assert "open in een ander programma" in message
    assert (csv.read_text(), xlsx.read_text()) == ("nieuwe csv", "oude xlsx")  # as it says
    assert names(tmp_path) == ["uit.csv", "uit.xlsx"]


def test_an_in_app_export_moves_on_to_a_free_name(tmp_path, monkeypatch) -> None:
    """A name taken by someone else between choosing it and writing: the next free one."""
    (tmp_path / "lijst.csv").write_text("van iemand anders")

    def link(source: object, destination: object) -> None:
        if Path(str(destination)).name == "lijst (2).xlsx":  # appears just now
            Path(str(destination)).write_text("ook van iemand anders")
        REAL_LINK(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", link)
    written = write_export(tmp_path, "lijst", {".csv": "csv", ".xlsx": "xlsx"})
    assert written == {".csv": tmp_path / "lijst (3).csv", ".xlsx": tmp_path / "lijst (3).xlsx"}
    assert names(tmp_path) == ["lijst (2).xlsx", "lijst (3).csv", "lijst (3).xlsx", "lijst.csv"]
    assert (tmp_path / "lijst.csv").read_text() == "van iemand anders"


def test_the_command_line_says_close_it_in_excel(tmp_path, monkeypatch, capsys) -> None:
    database = tmp_path / "db.sqlite"
    open_test_database(database).close()
    target = tmp_path / "praktijken.xlsx"
    target.write_text("oud")
    failing_replace(monkeypatch, "praktijken.xlsx", excel_lock)
    code = main(["--db", str(database), "export", str(target), "--overschrijven"])
    error = capsys.readouterr().err
    assert code == 1
    assert "is open in een ander programma (Excel?). Sluit het bestand in Excel" in error
    assert not ENGLISH.search(error) and "cannot access" not in error
    assert target.read_text() == "oud"


def _link_failing_for(target: str, code: int) -> Callable[[object, object], None]:
    def link(source: object, destination: object) -> None:
        if Path(str(destination)).name == target:
            raise OSError(code, os.strerror(code))
        REAL_LINK(source, destination)  # type: ignore[arg-type]

    return link


def test_a_rehearsal_protocol_that_cannot_be_written_is_told_in_dutch(
    tmp_path, monkeypatch, capsys
) -> None:
    database = tmp_path / "demo.sqlite"
    bron = ("--bron", "9319", "--bron", "10 2 8 12 5", "--bron", "45 9 18 26 34 41")
    args = ["--db", str(database), "--demo", "loting", "simulate", "--regio", "Zutphen", *bron]
    monkeypatch.setattr(os, "link", _link_failing_for("proef.json", errno.ENOSPC))
    failing_replace(monkeypatch, "proef.json", lambda: OSError(errno.ENOSPC, "No space left"))
    assert main([*args, "-o", str(tmp_path / "proef.json")]) == 1
    error = capsys.readouterr().err
    assert "de schijf is vol" in error and not ENGLISH.search(error)
    assert "No space" not in error and not (tmp_path / "proef.json").exists()
