"""Shared fixtures. Every test works on temporary files; the user's data dir is never touched."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy.engine import URL

from mtvdp_tui.store.database import Database, NewRuleset, open_database
from tests.figures import FIGURES, pytest_terminal_summary  # noqa: F401 - the hook, registered here
from tools.pg_server import PgServer

# No per-example deadline: it measures wall time, which the test workers running in parallel on
# shared cores make noise (a database write waits its turn for the disk). No test asserts timing.
settings.register_profile("mtvdp", deadline=None)
settings.load_profile("mtvdp")

TODAY = date(2026, 11, 22)  # the frozen clock of every test


def today() -> date:
    return TODAY


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """platformdirs resolves to temporary folders (data, settings, log), so no test can reach
    real user data, read the user's settings or write to the user's log; every test starts
    with backups beside the database and no log file attached."""
    from mtvdp_tui.applog import stop_logging
    from mtvdp_tui.files import use_backup_root

    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path_factory.mktemp(variable.lower())))
    use_backup_root(None)
    yield
    stop_logging(quiet=True)
    use_backup_root(None)


@pytest.fixture(autouse=True)
def _no_polls_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sections ask every few seconds whether another copy changed anything (a worker; a
    reload when so). On a loaded machine a test can outlast that interval, and a poll in the
    middle of a snapshot or a key sequence makes the result depend on timing. Off by default;
    the tests of polling set a short interval themselves."""
    from mtvdp_tui.screens import freshness, lottery_view

    monkeypatch.setattr(freshness, "POLL_SECONDS", 3600.0)
    monkeypatch.setattr(lottery_view, "POLL_SECONDS", 3600.0)


@pytest.fixture(autouse=True)
def _pilot_waits_for_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's waits (after a key, a click, a pause, before a snapshot) also wait for the
    queries out in workers, as they wait for the messages queued: a test sees the screen as a
    user does once it has settled. Tests of what happens *while* a query is out queue their
    keys at once (helpers.type_fast) or wait on the worker themselves."""
    import asyncio

    from textual.pilot import Pilot

    from mtvdp_tui import compat

    original = Pilot._wait_for_screen

    async def wait_for_screen(self: Pilot, timeout: float = 30.0) -> bool:
        done = await original(self, timeout)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while compat.queries_out(self.app) and loop.time() < deadline:
            await asyncio.sleep(0.002)
            done = await original(self, timeout)
        return done

    monkeypatch.setattr(Pilot, "_wait_for_screen", wait_for_screen)


def preset(preset_id: str) -> NewRuleset:
    from mtvdp_tui.domain.ruleset_loader import resolve_ruleset

    ruleset, text = resolve_ruleset(preset_id)
    return NewRuleset(ruleset, text, preset_id)


def open_test_database(path: Path | str, preset_id: str = "hoog-2023") -> Database:
    return open_database(path, new_ruleset=lambda: preset(preset_id), today=today)


def new_test_database(path: Path, preset_id: str = "hoog-2023") -> Database:
    """A new database at the absent `path`, copied from a template (see tests/templates.py)."""
    from tests.templates import place_new_database

    place_new_database(path, preset_id)
    return open_test_database(path, preset_id)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = new_test_database(tmp_path / "test.sqlite")
    yield db
    db.close()


@pytest.fixture
def roha_database(tmp_path: Path) -> Iterator[Database]:
    db = new_test_database(tmp_path / "roha.sqlite", "roha-2023")
    yield db
    db.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A real PostgreSQL server for this test process (one per xdist worker), on a Unix socket
    in a temporary folder; removed at the end. CI installs PostgreSQL when it is missing."""
    with PgServer.started() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PgServer, request: pytest.FixtureRequest) -> Iterator[URL]:
    """An empty database of its own on the test server, dropped afterwards."""
    name = f"t{uuid.uuid4().hex[:16]}"
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)
