"""Support in the app: an unexpected error ends it with a Dutch message naming the log file
(the traceback in the log, the database closed); the theme is remembered in the settings file;
`o` opens the document just saved with the system's viewer."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from mtvdp_tui import applog, opener
from mtvdp_tui.app import AppCrash, MtvdpApp
from mtvdp_tui.cli import build_app, main
from mtvdp_tui.screens.register import RegisterScreen
from mtvdp_tui.settings import load_settings, settings_file
from tests.conftest import today
from tests.templates import place_new_database
from tests.ui.helpers import SIZE, make_app


class Boom(RuntimeError):
    """The unexpected error the tests provoke."""


def explode(self: object) -> None:
    raise Boom("onverwacht-in-een-actie")


async def test_an_unexpected_error_shows_dutch_and_logs_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = applog.start_logging(tmp_path / "log")
    assert log_file is not None
    monkeypatch.setattr(RegisterScreen, "action_new", explode)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    with pytest.raises(AppCrash) as crash:  # run_test re-raises it, so a test fails on it
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n")
            await pilot.pause()
    assert isinstance(crash.value.__cause__, Boom)
    assert app.return_code == 1
    shown = capsys.readouterr().err
    assert "Er ging iets onverwachts mis" in shown
    assert f"\n{log_file}\n" in shown or str(log_file) in shown.replace("\n", "")  # folded
    assert "Traceback" not in shown and "onverwacht-in-een-actie" not in shown
    applog.stop_logging()
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "Boom: onverwacht-in-een-actie" in logged
    assert "explode" in logged  # the frame where it happened
    # the database was closed cleanly: no other connection holds it, nothing half is stored
    connection = sqlite3.connect(tmp_path / "demo.sqlite", timeout=0)
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


async def test_an_error_in_a_worker_is_handled_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = applog.start_logging(tmp_path / "log")
    assert log_file is not None
    monkeypatch.setattr("mtvdp_tui.store.practice_import.register_data", explode)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    with pytest.raises(AppCrash) as crash:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("e")  # the export runs in a worker
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert isinstance(crash.value.__cause__, Boom)  # the worker's own error, not WorkerFailed
    assert "Er ging iets onverwachts mis" in capsys.readouterr().err
    applog.stop_logging()
    assert "Traceback" in log_file.read_text(encoding="utf-8")


def test_the_command_line_returns_non_zero_after_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mtvdp-tui` itself: the app ends with exit code 1 and the Dutch message, the log (in
    the user log folder, here a temporary one) holds the traceback and the stop."""

    def run_headless(self: MtvdpApp) -> None:
        async def crash_soon() -> None:
            async with self.run_test(size=SIZE) as pilot:
                await pilot.press("n")
                await pilot.pause()

        with contextlib.suppress(AppCrash):  # run_test re-raises it; App.run does not
            asyncio.run(crash_soon())

    place_new_database(tmp_path / "db.sqlite", "hoog-2023")
    monkeypatch.setattr(MtvdpApp, "run", run_headless)
    monkeypatch.setattr(RegisterScreen, "action_new", explode)
    code = main(["--db", str(tmp_path / "db.sqlite")])
    assert code == 1
    err = capsys.readouterr().err
    assert "Er ging iets onverwachts mis" in err and "Traceback" not in err
    log_file = applog.log_dir() / applog.LOG_NAME
    assert str(log_file).startswith(os.environ["XDG_STATE_HOME"])
    logged = log_file.read_text(encoding="utf-8")
    assert "Boom: onverwacht-in-een-actie" in logged
    assert "stopped (exit code 1)" in logged


def _app_with_settings(tmp_path: Path) -> MtvdpApp:
    database = tmp_path / "db.sqlite"
    if not database.exists():
        place_new_database(database, "hoog-2023")
    return build_app(
        ["--db", str(database)],
        today=today,
        export_dir=tmp_path / "export",
        import_folders=[tmp_path / "export"],
        settings=load_settings(),
    )


async def test_the_theme_is_remembered_across_restarts(tmp_path: Path) -> None:
    app = _app_with_settings(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")  # high contrast
        await pilot.pause()
    assert load_settings().theme == "mtvdp-hoog-contrast"
    assert stat.S_IMODE(settings_file().stat().st_mode) == 0o600
    again = _app_with_settings(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "mtvdp-hoog-contrast"


async def test_a_broken_settings_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True)
    text = 'thema = "textual-light"\nexportmap = /geen/aanhalingstekens\n'
    path.write_text(text, encoding="utf-8")
    settings = load_settings()
    assert settings.broken and settings.theme is None
    app = build_app(
        ["--db", str(tmp_path / "db.sqlite")],
        today=today,
        export_dir=tmp_path / "export",
        settings=settings,
        notices=settings.problems,
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        from mtvdp_tui import compat

        shown = [n.message for n in compat.notifications(app)]
        assert any(str(path) in m and "regel 2" in m for m in shown), shown
        await pilot.press("f2")
        await pilot.pause()
        shown = [n.message for n in compat.notifications(app)]
        assert any("Niet onthouden" in m for m in shown), shown
    assert path.read_text(encoding="utf-8") == text


async def test_o_opens_the_document_just_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(opener, "open_document", opened.append)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert app.check_action("open_document", ()) is False  # nothing saved yet
        await pilot.press("o")
        await pilot.pause()
        assert opened == []
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        from mtvdp_tui import compat

        assert any("Toets o opent" in n.message for n in compat.notifications(app))
        await pilot.press("o")
        await pilot.pause()
    saved = sorted((tmp_path / "export").glob("*.xlsx"))
    assert len(saved) == 1
    assert opened == [saved[0]]


async def test_o_says_so_when_the_system_has_no_viewer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_viewer(path: Path) -> None:
        raise opener.NoViewerError("xdg-open")

    monkeypatch.setattr(opener, "open_document", no_viewer)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        from mtvdp_tui import compat

        shown = [n.message for n in compat.notifications(app)]
        assert any("xdg-open ontbreekt" in m for m in shown), shown
