"""The werkkopie's tests: a real PostgreSQL server (one per test process), an organisation
database on it filled with the demo, and werkkopieën of it made by the program's own code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mtvdp_tui.store.database import Database
from mtvdp_tui.store.werkkopie_make import make_werkkopie
from tests.conftest import open_test_database
from tests.engines import PgTemplates, pg_templates  # noqa: F401 (fixture)


@pytest.fixture
def organisation(pg_templates: PgTemplates) -> str:  # noqa: F811
    """The `--db` URL of a new organisation database of its own, with the 140 demo practices."""
    name = pg_templates.new_database("hoog-2023", demo=True)
    return pg_templates.server.libpq_url(name)


@pytest.fixture
def werkkopie(organisation: str, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """`werkkopie("a")`: a new werkkopie of `organisation` in `tmp_path/a.sqlite`, opened (as
    the app and the command line open it); closed at the end."""
    opened: list[Database] = []

    def make(name: str) -> Database:
        path = tmp_path / f"{name}.sqlite"
        make_werkkopie(organisation, str(path))
        database = open_test_database(path)
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.close()
