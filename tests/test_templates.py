"""The template copy the fixtures hand out is the file the program creates (tests/templates.py)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.templates import place_new_database
from tests.ui.helpers import make_app


def dump(path: Path) -> list[str]:
    """Schema and rows; the moments stored (created at, recorded at) and the database's
    identity differ by creation."""
    connection = sqlite3.connect(path)
    try:
        return [IDENTITY.sub("<uuid>", NOW.sub("<moment>", line)) for line in connection.iterdump()]
    finally:
        connection.close()


NOW = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")
IDENTITY = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.mark.parametrize(("ruleset", "demo"), [("hoog-2023", False), ("roha-2023", True)])
def test_the_copy_is_the_database_the_program_creates(
    tmp_path: Path, ruleset: str, demo: bool
) -> None:
    copied, created = tmp_path / "kopie" / "db.sqlite", tmp_path / "nieuw" / "db.sqlite"
    copied.parent.mkdir()
    place_new_database(copied, ruleset, demo=demo)
    assert copied.stat().st_mode & 0o777 == 0o600
    make_app(copied, ruleset=ruleset, demo=demo).database.close()  # opens the copy
    make_app(created, ruleset=ruleset, demo=demo).database.close()  # creates (no folder yet)
    assert dump(copied) == dump(created)
    assert any(line.startswith('INSERT INTO "practice"') for line in dump(created)) == demo


def test_every_copy_has_its_own_identity(tmp_path: Path) -> None:
    first, second = tmp_path / "een.sqlite", tmp_path / "twee.sqlite"
    place_new_database(first)
    place_new_database(second)
    assert identity(first) != identity(second)


def identity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        (value,) = connection.execute(
            "SELECT value FROM setting WHERE key = 'database_id'"
        ).fetchone()
        return str(value)
    finally:
        connection.close()
