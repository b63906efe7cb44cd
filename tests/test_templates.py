"""The template copy the fixtures hand out is the file the program creates (tests/templates.py)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.templates import place_new_database
from tests.ui.helpers import make_app


def dump(path: Path) -> list[str]:
    """Schema and rows; the moments stored (created at, recorded at) differ by creation."""
    connection = sqlite3.connect(path)
    try:
        return [NOW.sub("<moment>", line) for line in connection.iterdump()]
    finally:
        connection.close()


NOW = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")


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
