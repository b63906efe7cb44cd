"""Putting a backup back in place of the database (`mtvdp-tui herstellen`).

Nothing is touched before the backup is known to be sound: a regular file, an SQLite database
that passes `PRAGMA integrity_check`, and an MTVDP database of a revision this version knows
(an older one is migrated when it is next opened; a newer one is refused). Then, only while no
other copy of the program has the database open (SQLite's exclusive lock can be taken), the
current file is copied to its backup folder, the backup is copied to a temporary file beside
the database and checked again, and that file takes the database's name in one step. A failure
at any point leaves the database as it was.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from pathlib import Path

from mtvdp_tui.files import SIDE_ROOM, publish, temporary_beside
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.store.backup import make_backup
from mtvdp_tui.store.database_file import KNOWN_REVISIONS, SQLITE_HEADER
from mtvdp_tui.store.sqlite_files import absolute, connect, connect_read_only, side_files

log = logging.getLogger(__name__)


def check_backup(backup: Path, database: Path) -> Path:
    """`backup` made absolute, when it is a sound MTVDP database other than `database`; else
    a DatabaseError saying why (Dutch). Looks at the file read-only."""
    backup = absolute(backup)
    try:
        found = backup.stat()
    except FileNotFoundError:
        raise DatabaseError(t("restore.missing", path=backup)) from None
    except OSError as error:
        raise DatabaseError(t("restore.failed", error=dutch(error))) from error
    if not stat.S_ISREG(found.st_mode):
        raise DatabaseError(t("restore.not_a_file", path=backup))
    if database.exists() and os.path.samefile(backup, database):
        raise DatabaseError(t("restore.same_file", path=backup))
    _check_content(backup)
    return backup


def _check_content(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(t("restore.failed", error=dutch(error))) from error
    if header != SQLITE_HEADER:
        raise DatabaseError(t("restore.not_sqlite", path=path))
    try:
        connection = connect_read_only(path)
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in names:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseError(t("restore.damaged", path=path, error=error)) from error
    if result != ["ok"]:
        raise DatabaseError(t("restore.damaged", path=path, error="; ".join(map(str, result))))
    if revision is None or "ruleset" not in names:
        raise DatabaseError(t("restore.not_mtvdp", path=path))
    if revision not in KNOWN_REVISIONS:
        raise DatabaseError(t("restore.newer", path=path))


def in_use(database: Path) -> bool:
    """Whether another connection has `database` open (its exclusive lock cannot be taken).
    Taking and releasing the lock as the last connection also folds any WAL into the file."""
    if not database.exists():
        return False
    probe = sqlite3.connect(str(absolute(database)), timeout=0, isolation_level=None)
    try:
        probe.execute("PRAGMA locking_mode=EXCLUSIVE")
        probe.execute("BEGIN EXCLUSIVE")
        probe.execute("SELECT count(*) FROM sqlite_master").fetchall()
        probe.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return True
        raise
    finally:
        probe.close()
    return False


def restore(backup: Path, database: Path) -> Path | None:
    """Replace `database` by the checked `backup`; returns the copy made of the current file
    first (None when there was no database yet). DatabaseError (Dutch) when refused."""
    backup = check_backup(backup, database)
    if in_use(database):
        raise DatabaseError(t("restore.in_use", path=database))
    saved = make_backup(database, "voor-herstellen") if database.exists() else None
    partial = temporary_beside(database, "herstel", room=SIDE_ROOM)
    partial.unlink(missing_ok=True)
    try:
        _copy(backup, partial)
        _check_content(partial)
        if in_use(database):  # a copy of the program started meanwhile
            raise DatabaseError(t("restore.in_use", path=database))
        if any(side.exists() and side.stat().st_size > 0 for side in side_files(database)[:1]):
            raise DatabaseError(t("restore.in_use", path=database))
        for side in side_files(database):
            side.unlink(missing_ok=True)  # empty leftovers of the old file, never its data
        publish(partial, database, overwrite=True)
    finally:
        for leftover in (partial, *side_files(partial)):
            leftover.unlink(missing_ok=True)
    log.info("restored %s from %s (the file before: %s)", database, backup, saved)
    return saved


def _copy(backup: Path, partial: Path) -> None:
    """A consistent copy of `backup` (SQLite's backup API, so a WAL beside it is included)."""
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    source = connect_read_only(backup)
    try:
        copy = connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
