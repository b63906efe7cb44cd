"""`mtvdp-tui --db BESTAND synchroniseren`: progress, a Dutch summary, exit code 0 when done, 3
while conflicts are open, 1 when refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mtvdp_tui.cli import main
from mtvdp_tui.store.database import Database
from tests.conftest import open_test_database
from tests.hostile import ENGLISH


def edit_first(database: Database, **values: object) -> str:
    agb = sorted(database.practices.versions_by_agb())[0]
    practice_id, version, data = database.practices.versions_by_agb()[agb]
    database.practices.update(practice_id, replace(data, **values), expected_version=version)
    return agb


def test_synchroniseren_sends_receives_and_says_so(werkkopie, tmp_path, capsys):
    copy = werkkopie("a")
    edit_first(copy, wijk="Emst")
    copy.close()
    assert main(["--db", str(tmp_path / "a.sqlite"), "synchroniseren"]) == 0
    out = capsys.readouterr().out
    assert "Verbinden met de database van de organisatie" in out
    assert "Verstuurd: 1 wijziging(en)." in out and "Opgehaald van de organisatie: " in out
    assert "conflict" not in out.lower()
    assert not ENGLISH.search(out)


def test_synchroniseren_with_a_conflict_exits_3_and_points_to_the_conflicts(
    werkkopie, organisation, tmp_path, capsys
):
    copy = werkkopie("a")
    edit_first(copy, wijk="Mijn")
    copy.close()
    server = open_test_database(organisation)
    edit_first(server, wijk="Hun")
    server.close()
    path = tmp_path / "a.sqlite"
    assert main(["--db", str(path), "synchroniseren"]) == 3
    out = capsys.readouterr().out
    assert "Nieuwe conflicten: 1" in out and "Open conflicten: 1" in out
    assert f"'mtvdp-tui --db {path} conflicten'" in out and "F8" in out
    # again: nothing new to send, the conflict is still open
    assert main(["--db", str(path), "synchroniseren"]) == 3


@pytest.mark.parametrize("make", ["absent", "ordinary"])
def test_synchroniseren_refuses_what_is_no_werkkopie(make, tmp_path, capsys):
    path = tmp_path / "gewoon.sqlite"
    if make == "ordinary":
        from tests.conftest import new_test_database

        new_test_database(path).close()
    assert main(["--db", str(path), "synchroniseren"]) == 1
    err = capsys.readouterr().err
    assert ("bestaat niet" in err) if make == "absent" else ("geen werkkopie" in err)
    assert not ENGLISH.search(err)
    assert path.exists() == (make == "ordinary")  # nothing made
