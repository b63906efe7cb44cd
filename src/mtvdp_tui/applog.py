"""The program's log file, for support: start and stop, the database opened, migrations, the
outcome of saves, and every unexpected error with its traceback.

It lives in the user log folder (platformdirs: `~/.local/state/mtvdp-tui/log/` on Linux,
`~/Library/Logs/mtvdp-tui/` on macOS, `%LOCALAPPDATA%\\mtvdp-tui\\Logs\\` on Windows), is
rotated (1 MB, five old files kept) and readable by the user only. Records hold what support
needs (paths, counts, kinds of change), never a practice's data. Modules log through
`logging.getLogger(__name__)`; only the command line attaches the file (`start_logging`), so
tests and library use write nothing unless they ask.
"""

from __future__ import annotations

import logging
import os
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from mtvdp_tui import APP_NAME, __version__
from mtvdp_tui.i18n import t

LOG_NAME = f"{APP_NAME}.log"
MAX_BYTES = 1_000_000
KEEP = 5
ROOT_LOGGER = "mtvdp_tui"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger(__name__)
_handler: RotatingFileHandler | None = None


def log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    """The current log file (the rotated ones carry `.1` … `.5`)."""
    return log_dir() / LOG_NAME


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose every file (also each new one after a rollover) is created 0600."""

    def _open(self) -> TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(descriptor, "a", encoding=self.encoding)

    def handleError(self, record: logging.LogRecord) -> None:
        """A record that cannot be written (a full disk, a rotation Windows refuses while a
        second copy has the file open) is dropped: logging must never disturb the screen."""


def start_logging(folder: Path | None = None) -> Path | None:
    """Log to `folder` (default `log_dir()`) from now on; returns the log file, or None when it
    cannot be made (a read-only home): the program then runs without a log, never not at all."""
    global _handler
    stop_logging(quiet=True)
    path = (folder or log_dir()) / LOG_NAME
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger(ROOT_LOGGER)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _handler = handler
    log.info("%s %s started (pid %d)", APP_NAME, __version__, os.getpid())
    return path


def active_log_file() -> Path | None:
    """The file the log goes to now (None: no log attached)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def stop_logging(*, quiet: bool = False, code: int | None = None) -> None:
    """Log the stop (with the exit `code`) and detach the file."""
    global _handler
    if _handler is None:
        return
    if not quiet:
        log.info("%s stopped (exit code %s)", APP_NAME, code)
    logging.getLogger(ROOT_LOGGER).removeHandler(_handler)
    _handler.close()
    _handler = None


def crash_text(log_file: Path | None) -> str:
    """What the user reads after an unexpected error (Dutch, plain lines): the log file on a
    line of its own."""
    where = str(log_file) if log_file is not None else t("crash.no_log")
    return f"{t('crash.message')}\n{where}\n{t('crash.send')}"
