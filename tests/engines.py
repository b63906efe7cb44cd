"""The store, documents and command-line tests on both engines: SQLite and PostgreSQL.

A module opts in with `BOTH_ENGINES = True` (conftest hooks in the test folders): its tests that
use the `database` (or `roha_database`, `db_value`) fixture run twice, as `[sqlite]` and
`[postgresql]`. A test that looks at the SQLite file itself is marked `sqlite_only`.

Each PostgreSQL test gets a database of its own, copied (`CREATE DATABASE … TEMPLATE …`) from a
template migrated once per test process and preset: a copy takes a fraction of a migration.

The test server is made with the collation C.UTF-8; an organisation's server usually is not
(Debian's cluster takes the machine's locale). `DUTCH` names a database collation as a Dutch
server has it (ICU, nl-NL): `PgTemplates` makes templates with it where a test asks.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from mtvdp_tui.store.database import Database, open_database
from tests.conftest import new_test_database, preset, today
from tests.examples import drawn_demo
from tools.pg_server import PgServer

ENGINES = ("sqlite", "postgresql")
DUTCH = "nl-NL"  # an ICU locale: orders "Éénhoorn" among the E's, "de Eik" beside "De eik"


def parametrize_engines(metafunc: pytest.Metafunc) -> None:
    """`pytest_generate_tests` for a test folder: both engines for opted-in modules."""
    if "engine" not in metafunc.fixturenames:
        return
    both = getattr(metafunc.module, "BOTH_ENGINES", False)
    if both and metafunc.definition.get_closest_marker("sqlite_only") is None:
        metafunc.parametrize("engine", ENGINES)
    else:
        metafunc.parametrize("engine", ENGINES[:1])


# The templates made, per server folder and preset: shared by every test folder's fixtures.
_MADE: dict[tuple[str, str], str] = {}


class PgTemplates:
    """Template databases on one server, one per preset (and demo or not), migrated when first
    asked for; a demo template is filled by the command line's own code, as on SQLite
    (tests/templates.py)."""

    def __init__(self, server: PgServer) -> None:
        self.server = server

    def template(self, preset_id: str, *, demo: bool = False, locale: str | None = None) -> str:
        """The template of `preset_id` (filled as `--demo` does when `demo`); `locale`: the ICU
        locale its collation follows (None: the server's own, C.UTF-8)."""
        variant = preset_id + ("-demo" if demo else "") + (f"-{locale}" if locale else "")
        key = (str(self.server.root), variant)
        if key not in _MADE:
            name = f"template_{variant.replace('-', '_').lower()}"
            if locale is None:
                self.server.create_database(name)
            else:
                self.server.sql(
                    f'CREATE DATABASE "{name}" TEMPLATE template0'
                    f" LOCALE_PROVIDER icu ICU_LOCALE '{locale}'"
                )
            url = self.server.libpq_url(name)
            if demo:
                from mtvdp_tui.cli import open_for, parser

                options = parser().parse_args(["--db", url, "--ruleset", preset_id, "--demo"])
                opened = open_for(options, today)
            else:
                opened = open_database(url, new_ruleset=lambda: preset(preset_id), today=today)
            opened.close()  # a template may have no connections when it is copied
            _MADE[key] = name
        return _MADE[key]

    def drawn(self) -> str:
        """The template of a demo database whose lotteries are final (tests.examples.drawn_demo)."""
        key = (str(self.server.root), "drawn")
        if key not in _MADE:
            self.server.create_database("template_drawn")
            drawn_demo(self.server.libpq_url("template_drawn"))  # closes the database again
            _MADE[key] = "template_drawn"
        return _MADE[key]

    def new_database(self, preset_id: str, *, demo: bool = False, locale: str | None = None) -> str:
        """A new database (its name) copied from the preset's template (with its collation)."""
        return self.copy(self.template(preset_id, demo=demo, locale=locale))

    def copy(self, template: str) -> str:
        """A new database (its name) copied from `template`."""
        name = f"t{uuid.uuid4().hex[:16]}"  # copied as files: faster than WAL_LOG when small
        self.server.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return name


@pytest.fixture(scope="session")
def pg_templates(pg_server: PgServer) -> PgTemplates:
    return PgTemplates(pg_server)


@pytest.fixture
def engine() -> str:
    return "sqlite"  # parametrised by `parametrize_engines` where a module opts in


_DRAWN_FILE: list[Path] = []  # the drawn demo file of this test process, once made


def _drawn_file() -> Path:
    if not _DRAWN_FILE:
        folder = Path(tempfile.mkdtemp(prefix="mtvdp-drawn-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _DRAWN_FILE.append(drawn_demo(folder / "demo.sqlite"))
    return _DRAWN_FILE[0]


@pytest.fixture
def drawn_db_value(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Path | str]:
    """What `--db` would be for a copy of a demo database whose lotteries are final in every
    region (tests.examples.drawn_demo, made once per test process): the copy's path on SQLite,
    its URL on PostgreSQL (dropped afterwards)."""
    if engine == "sqlite":
        copy = tmp_path / "demo.sqlite"
        shutil.copyfile(_drawn_file(), copy)
        yield copy
        return
    templates: PgTemplates = request.getfixturevalue("pg_templates")
    name = templates.copy(templates.drawn())
    yield templates.server.libpq_url(name)
    templates.server.drop_database(name)


@pytest.fixture
def db_value(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """What `--db` would be: a new database's file path, or a new PostgreSQL database's URL."""
    yield from _db_value(engine, tmp_path, request, "hoog-2023")


@pytest.fixture(params=["sqlite", "postgresql", "postgresql-nl"])
def collated_db_value(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """`db_value` on SQLite, on PostgreSQL with the test server's collation, and on PostgreSQL
    with a Dutch collation (`DUTCH`): for what must not depend on how the server orders text."""
    engine, _, dutch = request.param.partition("-")
    yield from _db_value(engine, tmp_path, request, "hoog-2023", DUTCH if dutch else None)


def _db_value(
    engine: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    preset_id: str,
    locale: str | None = None,
) -> Iterator[str]:
    if engine == "sqlite":
        path = tmp_path / f"{preset_id}.sqlite"
        new_test_database(path, preset_id).close()
        yield str(path)
        return
    templates: PgTemplates = request.getfixturevalue("pg_templates")
    name = templates.new_database(preset_id, locale=locale)
    yield templates.server.libpq_url(name)
    templates.server.drop_database(name)


def _open(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest, preset_id: str
) -> Iterator[Database]:
    if engine == "sqlite":
        db = new_test_database(tmp_path / f"{preset_id}.sqlite", preset_id)
        yield db
        db.close()
        return
    for value in _db_value(engine, tmp_path, request, preset_id):
        db = open_database(value, new_ruleset=lambda: preset(preset_id), today=today)
        yield db
        db.close()


@pytest.fixture
def database(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    yield from _open(engine, tmp_path, request, "hoog-2023")


@pytest.fixture
def roha_database(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Database]:
    yield from _open(engine, tmp_path, request, "roha-2023")


@pytest.fixture
def fresh_db_value(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """What `--db` would be for a database the program makes itself: an absent file's path, or
    an empty PostgreSQL database's URL (the program builds the schema in it)."""
    if engine == "sqlite":
        yield str(tmp_path / "nieuw.sqlite")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"t{uuid.uuid4().hex[:16]}"
    server.create_database(name)
    yield server.libpq_url(name)
    server.drop_database(name)
