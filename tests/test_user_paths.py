r"""Paths as users give them: pasted from Windows Explorer ("Kopiëren als pad" adds quotes),
dropped into a terminal (`\ ` escapes, single quotes), copied as a `file://` address."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.cli import main
from mtvdp_tui.reading import path_text, user_path
from tests.conftest import open_test_database

HEADER = "agb;naam;regio;wijk;ion"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (
            '"C:\\Users\\Anna\\Downloads\\praktijken lijst.csv"',
            r"C:\Users\Anna\Downloads\praktijken lijst.csv",
        ),
        ("  C:\\Users\\Anna\\lijst.csv\r\n", r"C:\Users\Anna\lijst.csv"),
        ("C:\\Users\\Anna\\it's.csv", r"C:\Users\Anna\it's.csv"),
        ("file:///C:/Users/Anna/praktijken%20lijst.csv", r"C:\Users\Anna\praktijken lijst.csv"),
        ("file://server/gedeeld/lijst.csv", r"\\server\gedeeld\lijst.csv"),
    ],
)
def test_windows_paths_from_explorer_and_the_browser(typed: str, meant: str) -> None:
    assert path_text(typed, windows=True) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (
            "/Users/anna/Downloads/praktijken\\ lijst\\ \\(1\\).csv",
            "/Users/anna/Downloads/praktijken lijst (1).csv",
        ),
        ("'/home/anna/praktijken lijst.csv' ", "/home/anna/praktijken lijst.csv"),
        ("'/home/anna/dokter '\\''t Hof.csv'", "/home/anna/dokter 't Hof.csv"),
        ('"/home/anna/\\"x\\" \\$1.csv"', '/home/anna/"x" $1.csv'),
        ("file:///home/anna/Di%C3%ABn.csv", "/home/anna/Diën.csv"),
        ("file://localhost/home/anna/x.csv", "/home/anna/x.csv"),
        ("/home/anna/'t Hof.csv", "/home/anna/'t Hof.csv"),  # one quote: not a pair
        ("\t\n", ""),
    ],
)
def test_posix_paths_from_a_terminal_and_the_browser(typed: str, meant: str) -> None:
    assert path_text(typed, windows=False) == meant


def test_a_name_that_really_has_quotes_or_a_backslash_is_kept(tmp_path: Path) -> None:
    for name in ('"lijst".csv', "'lijst'", "a\\ b.csv", "file:"):
        existing = tmp_path / name
        existing.write_text("x")
        assert user_path(str(existing)) == existing
        assert user_path(f" {existing}\n") == existing  # the literal text, stripped, first


def test_the_home_folder_is_expanded_after_the_quotes_are_gone() -> None:
    assert user_path('"~/nergens-hier.csv"', windows=True) == Path.home() / "nergens-hier.csv"


_POSIX_NAME = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\x00"),
    min_size=1,
    max_size=12,
).filter(lambda name: name not in (".", ".."))
_WINDOWS_NAME = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='<>:"/\\|?*'),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(lambda name: name not in ("", ".", ".."))
)


def _escaped(path: str) -> str:
    """As macOS Terminal types a dropped file: a backslash before every special character."""
    return "".join("\\" + char if not (char.isalnum() or char in "/.-_") else char for char in path)


@given(st.lists(_POSIX_NAME, min_size=1, max_size=4), st.sampled_from(["", " ", "\n", " \t"]))
def test_any_posix_path_quoted_or_escaped_is_the_same_path(parts: list[str], space: str) -> None:
    path = "/" + "/".join(parts)
    forms = [
        shlex.quote(path),
        "'" + path.replace("'", "'\\''") + "'",
        '"' + "".join("\\" + c if c in '"\\$`' else c for c in path) + '"',
        _escaped(path),
        "file://" + quote(path),
    ]
    if "\\" not in path and path[-1] not in "'\"" and not path[-1].isspace():
        forms.append(path)
    for form in forms:
        assert path_text(space + form + space, windows=False) == path, form
        assert user_path(space + form + space, windows=False) == Path(path), form


@given(
    st.sampled_from("CDZ"),
    st.lists(_WINDOWS_NAME, min_size=1, max_size=4),
    st.sampled_from(["", " ", "\r\n"]),
)
def test_any_windows_path_quoted_or_as_address_is_the_same_path(
    drive: str, parts: list[str], space: str
) -> None:
    path = f"{drive}:\\" + "\\".join(parts)
    forms = [path, f'"{path}"', f"file:///{drive}:/" + quote("/".join(parts))]
    for form in forms:
        assert path_text(space + form + space, windows=True) == path, form


# --- every place that takes a path from the user ------------------------------------------------


def test_the_command_line_takes_pasted_paths(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mijn bestanden"
    folder.mkdir()
    source = folder / "praktijken lijst.csv"
    source.write_text(f"{HEADER}\n01000001;De Linde;Zutphen;;2500\n", encoding="utf-8")
    database = folder / "register (1).sqlite"
    open_test_database(database).close()
    db = _escaped(str(database)) if os.name != "nt" else f'"{database}"'
    assert main(["--db", db, "import", f'"{source}"']) == 0
    assert (
        main(["--db", f"'{database}'", "export", "file://" + quote(str(folder / "uit.csv"))]) == 0
    )
    assert (folder / "uit.csv").read_text(encoding="utf-8-sig").count("De Linde") == 1
    assert main(["--db", f" {database} ", "backup", "-o", f'"{folder / "kopie.sqlite"}"']) == 0
    assert (folder / "kopie.sqlite").exists()
    assert not list(tmp_path.glob('*"*'))  # no file with a quote in its name was made
    capsys.readouterr()


def test_an_empty_path_after_the_quotes_is_refused(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--db", str(tmp_path / "x.sqlite"), "export", '""'])
    assert "geef een bestandsnaam" in capsys.readouterr().err
