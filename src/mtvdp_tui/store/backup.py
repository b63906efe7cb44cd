"""Backup copies of the database with SQLite's online backup API (consistent while in use).

Copies go to a folder beside the database, `<name>-backups/`, readable by the user only; the
newest `KEEP` are kept. Made before a migration and before a lottery is made final, and on demand.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP = 10


def backup_dir(database: Path) -> Path:
    return database.with_name(f"{database.stem}-backups")


def make_backup(database: Path, reason: str, target: Path | None = None) -> Path:
    """Copy `database` to `target` (default: a new file in `backup_dir`); returns its path."""
    if target is None:
        folder = backup_dir(database)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{database.stem}-{stamp}-{reason}.sqlite"
    partial = target.with_name(f".{target.name}.deel")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    source = sqlite3.connect(database)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, target)
    if target.parent == backup_dir(database):
        _prune(target.parent, database.stem)
    return target


def backups(database: Path) -> list[Path]:
    """The automatic backups of `database`, oldest first."""
    folder = backup_dir(database)
    return sorted(folder.glob(f"{database.stem}-*.sqlite")) if folder.is_dir() else []


def _prune(folder: Path, stem: str) -> None:
    found = sorted(folder.glob(f"{stem}-*.sqlite"))
    for old in found[:-KEEP]:
        old.unlink(missing_ok=True)
