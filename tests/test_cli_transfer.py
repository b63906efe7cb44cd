"""`mtvdp-tui overzetten VAN NAAR` and `backup` of a PostgreSQL database, as a user runs them."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from mtvdp_tui.cli import main
from mtvdp_tui.commands import run_backup
from mtvdp_tui.transfer_command import ProgressLines
from tests.hostile import ENGLISH
from tests.transfer_data import app_view, rich_source


def libpq(url) -> str:
    """The test database's URL as a user types it (libpq's syntax)."""
    return f"postgresql://{url.username}@/{url.database}?host={url.query['host']}"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):
    return rich_source(tmp_path_factory.mktemp("bron") / "bron.sqlite")


def test_overzetten_shows_each_table_and_says_it_checked(source, tmp_path, capsys) -> None:
    target = tmp_path / "kopie.sqlite"
    assert main(["overzetten", str(source), str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Overzetten van {source} naar {target}\n")
    assert "  practice: 38 rijen gekopieerd\n" in out
    assert "  audit: " in out and "  loting_deelnemer: " in out
    assert out.index("  praktijkplan: ") < out.index("Controleren: ") < out.index("Klaar: ")
    assert "aantallen en controlegetallen gelijk" in out
    assert app_view(target) == app_view(source)


def test_overzetten_into_a_database_refuses_in_dutch(source, tmp_path, capsys) -> None:
    target = tmp_path / "kopie.sqlite"
    assert main(["overzetten", str(source), str(target)]) == 0
    before = target.read_bytes()
    capsys.readouterr()
    assert main(["overzetten", str(source), str(target)]) == 1
    err = capsys.readouterr().err
    assert "is niet leeg" in err and "er is niets overgezet" in err
    assert not ENGLISH.search(err)
    assert target.read_bytes() == before


def test_overzetten_help_is_dutch(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["overzetten", "-h"])
    out = capsys.readouterr().out
    assert "VAN" in out and "NAAR" in out and "postgresql://" in out
    assert not ENGLISH.search(out)


def test_sqlite_to_postgresql_and_back_on_the_command_line(source, pg_url, tmp_path, capsys):
    url = libpq(pg_url)
    assert main(["overzetten", str(source), url]) == 0
    back = tmp_path / "terug.sqlite"
    assert main(["overzetten", url, str(back)]) == 0
    out = capsys.readouterr().out
    assert out.count("Klaar: ") == 2
    assert f"postgres@{pg_url.query['host']}/{pg_url.database}" in out and "+psycopg" not in out
    assert app_view(back) == app_view(source)


def backup_options(url: str, output=None, overwrite: bool = False) -> argparse.Namespace:
    return argparse.Namespace(db=url, output=output, overschrijven=overwrite)


def test_backup_of_postgresql_is_a_sqlite_file_the_app_opens(source, pg_url, tmp_path, capsys):
    url = libpq(pg_url)
    assert main(["overzetten", str(source), url]) == 0
    capsys.readouterr()
    folder = tmp_path.parent / f"{tmp_path.name}-data"

    def data() -> Path:
        return folder

    assert run_backup(backup_options(url), lambda options: options.db, data) == 0
    out = capsys.readouterr().out
    made = [line for line in out.splitlines() if line.startswith("Reservekopie gemaakt: ")]
    copy = made[0].removeprefix("Reservekopie gemaakt: ")
    assert copy.endswith("-handmatig.sqlite") and pg_url.database in copy
    assert Path(copy).parent.parent == folder
    assert app_view(Path(copy)) == app_view(source)
    chosen = tmp_path / "mijn-kopie.sqlite"
    assert run_backup(backup_options(url, chosen), lambda options: options.db, data) == 0
    assert app_view(chosen) == app_view(source)
    existing = tmp_path / "oud.sqlite"
    existing.write_text("bewaar mij")
    capsys.readouterr()
    assert run_backup(backup_options(url, existing), lambda options: options.db, data) == 1
    assert "bestaat al" in capsys.readouterr().err
    assert existing.read_text() == "bewaar mij"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mijn-kopie.sqlite", "oud.sqlite"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_line_counts_up_and_is_cleared() -> None:
    out = Terminal()
    lines = ProgressLines(out)
    lines("practice", 2000, 10_000)
    lines("practice", 10_000, 10_000)
    lines.checking("practice")
    lines.finish()
    assert out.getvalue() == (
        "\r\x1b[K  practice: 2.000 van 10.000 rijen"
        "\r\x1b[K  practice: 10.000 rijen gekopieerd\n"
        "\r\x1b[KControleren: practice…"
        "\r\x1b[K"
    )
