"""The log file: in the user log folder, private, rotated; it records start and stop, the
database opened, migrations and the outcome of saves, without the practices' data."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from mtvdp_tui import applog
from mtvdp_tui.domain.practice import FieldError, PracticeData
from tests.conftest import new_test_database, open_test_database


def test_the_log_is_in_the_user_log_folder_and_private() -> None:
    path = applog.start_logging()
    assert path == Path(os.environ["XDG_STATE_HOME"]) / "mtvdp-tui" / "log" / "mtvdp-tui.log"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    applog.stop_logging(code=0)
    text = path.read_text(encoding="utf-8")
    assert "started" in text and "stopped (exit code 0)" in text


def test_the_log_is_rotated_and_every_file_stays_private(tmp_path: Path) -> None:
    path = applog.start_logging(tmp_path)
    assert path is not None
    handler = logging.getLogger(applog.ROOT_LOGGER).handlers[-1]
    assert isinstance(handler, applog.PrivateRotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 5)
    old_umask = os.umask(0o022)  # even where the umask would make it readable to others
    try:
        for _ in range(7):
            handler.doRollover()
            logging.getLogger("mtvdp_tui.test").info("regel")
    finally:
        os.umask(old_umask)
    applog.stop_logging()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["mtvdp-tui.log", *(f"mtvdp-tui.log.{n}" for n in range(1, 6))]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in tmp_path.iterdir())


def test_a_log_folder_that_cannot_be_made_means_no_log(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    assert applog.start_logging(blocker / "log") is None
    assert applog.active_log_file() is None


def test_opening_and_saving_are_logged_without_the_practices_data(tmp_path: Path) -> None:
    path = applog.start_logging(tmp_path / "log")
    assert path is not None
    database = new_test_database(tmp_path / "db.sqlite")
    data = PracticeData(agb="01234567", name="Huisartsenpraktijk Geheim", region="Zutphen")
    try:
        database.practices.create(data)
        with pytest.raises(FieldError):
            database.practices.create(data)  # the same AGB twice: refused, rolled back
    finally:
        database.close()
    again = open_test_database(tmp_path / "db.sqlite")
    again.close()
    applog.stop_logging()
    text = path.read_text(encoding="utf-8")
    assert f"database opened: {tmp_path / 'db.sqlite'}" in text
    assert "saved: praktijk aangemaakt x1" in text  # the audit trail's kind of change
    assert "not saved (rolled back)" in text
    assert "Geheim" not in text and "01234567" not in text


def test_without_a_log_file_nothing_reaches_the_screen(capsys: pytest.CaptureFixture[str]) -> None:
    """No file attached: an error record goes nowhere, not to stderr (logging's last resort)."""
    assert applog.active_log_file() is None
    logging.getLogger("mtvdp_tui.app").error("unexpected error", exc_info=ValueError("x"))
    assert capsys.readouterr().err == ""


class FullDisk:
    """A log stream on a full disk: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_record_that_cannot_be_written_is_dropped_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = applog.start_logging(tmp_path)
    assert path is not None
    handler = logging.getLogger(applog.ROOT_LOGGER).handlers[-1]
    assert isinstance(handler, applog.PrivateRotatingFileHandler)
    handler.stream.close()
    handler.stream = FullDisk()  # type: ignore[assignment]
    logging.getLogger("mtvdp_tui.test").info("regel")
    applog.stop_logging(quiet=True)
    assert capsys.readouterr().err == ""
