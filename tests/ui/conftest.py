"""The UI tests run on SQLite and, in modules with `BOTH_ENGINES = True`, on PostgreSQL: there
a test that asks for `new_db` (or `new_app`) runs twice, as `[sqlite]` and `[postgresql]`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mtvdp_tui.app import MtvdpApp
from tests import engines
from tests.engines import PgTemplates, parametrize_engines
from tests.templates import place_new_database
from tests.ui.helpers import make_app


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_engines(metafunc)


engine = engines.engine  # the fixtures, here for the UI tests
drawn_db_value = engines.drawn_db_value
pg_templates = engines.pg_templates

NewDb = Callable[..., Path | str]


@pytest.fixture
def new_db(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[NewDb]:
    """`new_db(name, demo=…, ruleset=…)`: a new database for the app, as `--db` names it: a file
    in the test's folder on SQLite, a URL of a database copied from a template on PostgreSQL.
    The PostgreSQL databases are dropped after the test."""
    made: list[str] = []
    templates: PgTemplates | None = None

    def new(name: str = "demo", *, demo: bool = False, ruleset: str = "hoog-2023") -> Path | str:
        nonlocal templates
        if engine == "sqlite":
            path = tmp_path / f"{name}.sqlite"
            place_new_database(path, ruleset, demo=demo)
            return path
        templates = templates or request.getfixturevalue("pg_templates")
        made.append(templates.new_database(ruleset, demo=demo))
        return templates.server.libpq_url(made[-1])

    yield new
    for name in made:
        assert templates is not None
        templates.server.drop_database(name)


@pytest.fixture
def new_app(new_db: NewDb, tmp_path: Path) -> Callable[..., MtvdpApp]:
    """`new_app(name, demo=…, ruleset=…)`: the app on a `new_db`; documents go to the test's
    'export' folder on either engine."""

    def new(name: str = "demo", *, demo: bool = False, ruleset: str = "hoog-2023") -> MtvdpApp:
        db = new_db(name, demo=demo, ruleset=ruleset)
        return make_app(db, demo=demo, ruleset=ruleset, folder=tmp_path)

    return new
