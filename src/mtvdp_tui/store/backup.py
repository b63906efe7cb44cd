"""Backup copies of the database with SQLite's online backup API (consistent while in use).

Copies go to a folder of their own per database file, `<file name>-backups/` (so `x.sqlite` and
`x.db` in one folder never share or prune each other's), readable by the user only; the newest
`KEEP` are kept. Made before a migration and before a lottery is made final, and on demand.

With a backup folder in the settings (`reservekopiemap`, e.g. a network share) the copies go to
a folder per database inside it; when that folder cannot be reached at the moment of a backup,
the copy goes beside the database instead (logged; the folder's own check at start-up tells the
user).

Earlier versions used `<stem>-backups/`, which `x.sqlite` and `x.db` shared; such a folder is left
exactly as it is (never pruned: whose copy is whose cannot be told) and no output may go into it.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from mtvdp_tui.files import (
    SIDE_ROOM,
    SQLITE_MAX_PATH,
    OutputError,
    backup_folders,
    check_output,
    publish,
    temporary_beside,
    unreachable,
)
from mtvdp_tui.i18n import t
from mtvdp_tui.store.sqlite_files import absolute, connect

KEEP = 10
log = logging.getLogger(__name__)


def backup_dir(database: Path) -> Path:
    """Where the automatic backups of `database` go (see the module docstring)."""
    return backup_folders(database)[0]


def _reachable_backup_dir(database: Path) -> Path:
    """`backup_dir`, or the folder beside the database when the chosen one cannot be written."""
    folders = backup_folders(database)
    problem = unreachable(folders[0].parent) if len(folders) > 2 else None
    if problem is None:
        return folders[0]
    log.warning("backup folder %s unreachable (%s); using %s", folders[0], problem, folders[1])
    return folders[1]


def make_backup(
    database: Path, reason: str, target: Path | None = None, *, overwrite: bool = False
) -> Path:
    """Copy `database` to `target` (default: a new file in `backup_dir`); returns its path.

    A chosen `target` is checked like every output (files.check_output): never the database
    or its backups, an existing file only with `overwrite`. A failed copy leaves nothing."""
    if target is None:
        folder = _reachable_backup_dir(database)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{stamp}-{reason}.sqlite"  # short: SQLite's paths end at 512 bytes
        overwrite = False
    else:
        check_output(target, overwrite=overwrite)
    partial = temporary_beside(target, "deel", room=SIDE_ROOM)
    if len(bytes(absolute(partial))) + SIDE_ROOM > SQLITE_MAX_PATH:
        raise OutputError(t("output.path_too_long", path=target, max=SQLITE_MAX_PATH))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial.unlink(missing_ok=True)
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        source = connect(database)
        try:
            copy = connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        publish(partial, target, overwrite=overwrite)
    finally:
        partial.unlink(missing_ok=True)
    if target.parent in backup_folders(database)[:-1]:  # never the shared folder of old
        _prune(target.parent)
    log.info("backup made (%s): %s", reason, target)
    return target


def backups(database: Path) -> list[Path]:
    """The automatic backups of `database`, oldest first."""
    folder = backup_dir(database)
    return sorted(folder.glob("*.sqlite")) if folder.is_dir() else []


def _prune(folder: Path) -> None:
    found = sorted(folder.glob("*.sqlite"))
    for old in found[:-KEEP]:
        old.unlink(missing_ok=True)
