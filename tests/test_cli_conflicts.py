"""`mtvdp-tui --db WERKKOPIE conflicten`: the open conflicts in plain text, exit code 3 while
any is open, 0 when none is, 1 (in Dutch) when the file is no werkkopie."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mtvdp_tui.cli import main
from mtvdp_tui.records.sync import ChangeKind, Decision
from mtvdp_tui.store.conflicts import decide
from mtvdp_tui.store.practices import sync_values
from tests.engines import PgTemplates, pg_templates  # noqa: F401 (fixture)
from tests.hostile import ENGLISH
from tests.sync.conftest import organisation, werkkopie  # noqa: F401 (fixtures)
from tests.sync.test_conflicts import add_conflict
from tests.sync.test_outbox import first_practice


def file_of(copy) -> str:
    return str(copy.path)


def test_open_conflicts_are_listed_field_by_field_and_exit_3(werkkopie, capsys):  # noqa: F811
    copy = werkkopie("a")
    practice_id = first_practice(copy)
    theirs = sync_values(copy.practices.get(practice_id).data)
    base = {**theirs, "wijk": "Oud"}
    mine = {**base, "wijk": "Mijnwijk"}
    add_conflict(copy, ChangeKind.PRAKTIJK, theirs["agb"], base=base, mine=mine, theirs=theirs)
    add_conflict(
        copy,
        ChangeKind.ION,
        theirs["agb"],
        peildatum=date(2027, 1, 1),
        base=None,
        mine={"ion": 2500},
        theirs={"ion": 2600},
    )
    copy.close()
    assert main(["--db", file_of(copy), "conflicten"]) == 3
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"{theirs['name']} ({theirs['agb']})"
    assert lines[1].startswith("  Intussen ook op de server gewijzigd")
    assert lines[2].startswith("  gevonden 20-11-2026 ")
    assert lines[3].split() == ["Veld", "Basis", "Mijn", "Hun"]
    wijk = lines[4].split("  ")
    assert [cell.strip() for cell in wijk if cell.strip()] == [
        "Wijk",
        "Oud",
        "Mijnwijk",
        theirs["wijk"] or "(leeg)",
    ]
    assert len(lines[4]) - len(lines[4].lstrip()) == 2  # indented under its subject
    assert "Naam" not in out  # only the fields that differ
    ion = out.split("\n\n")[1].splitlines()
    assert ion[0] == f"ION per 01-01-2027 van {theirs['name']} ({theirs['agb']})"
    assert "ook aangemaakt" in ion[1]
    assert ion[-1].split() == ["ION", "(geen)", "2.500", "2.600"]  # a new record: no basis
    assert out.rstrip().endswith("2 open conflicten. Beslis erover in de app (F8, Conflicten).")
    assert not ENGLISH.search(out)


def test_no_open_conflict_is_exit_0(werkkopie, capsys):  # noqa: F811
    copy = werkkopie("a")
    practice_id = first_practice(copy)
    theirs = sync_values(copy.practices.get(practice_id).data)
    conflict_id = add_conflict(
        copy, ChangeKind.PRAKTIJK, theirs["agb"], base=theirs, mine=theirs, theirs=theirs
    )
    decide(copy, conflict_id, Decision.HUN)
    copy.close()
    assert main(["conflicten", "--db", file_of(copy)]) == 0
    assert capsys.readouterr().out == "Geen open conflicten.\n"


def test_an_ordinary_database_is_no_werkkopie_exit_1(tmp_path: Path, capsys):
    from tests.conftest import new_test_database

    path = tmp_path / "gewoon.sqlite"
    new_test_database(path).close()
    assert main(["--db", str(path), "conflicten"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "gewoon.sqlite is geen werkkopie" in captured.err
    assert not ENGLISH.search(captured.err)


def test_a_file_that_is_not_there_is_refused_and_not_made(tmp_path: Path, capsys):
    path = tmp_path / "weg.sqlite"
    assert main(["--db", str(path), "conflicten"]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    assert not path.exists()


def test_conflicten_help_is_dutch(capsys):
    with pytest.raises(SystemExit):
        main(["conflicten", "-h"])
    out = capsys.readouterr().out
    assert "werkkopie" in out and "exitcode 3" in out
    assert not ENGLISH.search(out)
