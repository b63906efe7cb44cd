"""`overzetten` between SQLite files: a copy that equals the source, verified before it counts;
refusals and failures leave the target as it was and the source untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.store import transfer as transfer_module
from mtvdp_tui.store.database import make_engine
from mtvdp_tui.store.transfer import transfer
from tests.transfer_data import app_view, checksums, rich_source


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rich_source(tmp_path_factory.mktemp("bron") / "bron.sqlite")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_copy_equals_the_source_and_the_source_is_only_read(source, tmp_path) -> None:
    before = folder_state(source.parent)
    target = tmp_path / "kopie.sqlite"
    seen: list[tuple[str, int, int]] = []
    report = transfer(str(source), str(target), lambda *step: seen.append(step))
    assert folder_state(source.parent) == before  # not a byte changed, nothing left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kopie.sqlite"]
    assert target.stat().st_mode & 0o077 == 0
    engine, copy = make_engine(source), make_engine(target)
    try:
        assert checksums(engine) == checksums(copy)
    finally:
        engine.dispose()
        copy.dispose()
    counted = {table.name: table.rows for table in report.tables}
    assert counted["practice"] == 38 and counted["loting_deelnemer"] > 0
    assert {name for name, rows in counted.items() if rows} >= {
        "audit",
        "region",
        "ruleset",
        "setting",
        "loting",
        "practice",
        "declaratie_status",
        "ion_record",
        "loting_deelnemer",
        "praktijkplan",
    }  # every table of the program as it was when this test was written had rows to copy
    assert {name for name, _, _ in seen} == set(counted)
    assert all(done == total for name, done, total in seen if done == counted[name])
    assert app_view(target) == app_view(source)


def test_into_an_empty_file(source, tmp_path) -> None:
    target = tmp_path / "leeg.sqlite"
    target.touch()
    transfer(str(source), str(target))
    assert app_view(target) == app_view(source)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b"x"), "is niet leeg"),
        (lambda p: p.mkdir(), "is een map"),
        (lambda p: None, "bestaat niet"),  # its folder is missing
    ],
    ids=["not-empty", "folder", "no-folder"],
)
def test_a_target_that_is_not_empty_is_refused(source, tmp_path, make, words) -> None:
    target = tmp_path / ("map/x.sqlite" if words == "bestaat niet" else "x.sqlite")
    make(target)
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(DatabaseError, match=words):
        transfer(str(source), str(target))
    assert sorted(tmp_path.rglob("*")) == before


def test_the_source_itself_is_refused(source) -> None:
    before = folder_state(source.parent)
    with pytest.raises(DatabaseError, match="de database die wordt overgezet"):
        transfer(str(source), str(source))
    assert folder_state(source.parent) == before


def test_a_failure_in_the_middle_leaves_no_target(source, tmp_path, monkeypatch) -> None:
    calls = []
    real = transfer_module.insert_batch

    def failing(writing, table, rows):
        calls.append(table.name)
        if table.name == "practice":
            raise OSError(28, "No space left on device")
        real(writing, table, rows)

    monkeypatch.setattr(transfer_module, "insert_batch", failing)
    target = tmp_path / "kopie.sqlite"
    with pytest.raises(DatabaseError, match="Er is niets overgezet"):
        transfer(str(source), str(target))
    assert "region" in calls  # it failed after copying other tables
    assert list(tmp_path.iterdir()) == []


def test_a_checksum_that_differs_is_a_failure(source, tmp_path, monkeypatch) -> None:
    """A row changed on the way (here: a name, in the target only) is caught by the check."""
    real = transfer_module.insert_batch

    def changing(writing, table, rows):
        if table.name == "practice":
            rows = [dict(rows[0], name="Anders"), *rows[1:]]
        real(writing, table, rows)

    monkeypatch.setattr(transfer_module, "insert_batch", changing)
    with pytest.raises(DatabaseError, match="de inhoud van tabel practice"):
        transfer(str(source), str(tmp_path / "kopie.sqlite"))
    assert list(tmp_path.iterdir()) == []


def test_a_source_that_is_not_a_database_is_refused(tmp_path) -> None:
    (tmp_path / "x.sqlite").write_text("geen database")
    with pytest.raises(DatabaseError):
        transfer(str(tmp_path / "x.sqlite"), str(tmp_path / "y.sqlite"))
    with pytest.raises(DatabaseError, match="bestaat niet"):
        transfer(str(tmp_path / "weg.sqlite"), str(tmp_path / "y.sqlite"))
    assert [p.name for p in tmp_path.iterdir()] == ["x.sqlite"]
