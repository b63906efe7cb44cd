"""`backup` of a PostgreSQL database: a SQLite file made by `overzetten` (verified per table), which
the program opens offline like any database file.

The copies go to a folder per database, `<user-server-database>-<hash of those>-backups`, inside
the backup folder from the settings (`reservekopiemap`) when set, else in the program's data
folder; the newest `KEEP` are kept. A chosen file is checked like every output.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from mtvdp_tui.files import (
    backup_root,
    check_output,
    fit_name,
    publish,
    slug,
    temporary_beside,
    unreachable,
)
from mtvdp_tui.store.backup import KEEP
from mtvdp_tui.store.transfer import Checking, Progress, transfer
from mtvdp_tui.store.transfer_ends import end_for

log = logging.getLogger(__name__)


def postgres_backup_dir(url_text: str, data_folder: Path) -> Path:
    """Where the backups of the PostgreSQL database `url_text` go (see the module docstring)."""
    import hashlib

    end = end_for(url_text)
    if end.db is None:
        raise ValueError("not a PostgreSQL URL")
    shown = end.shown  # user@host/dbname: never the password
    digest = hashlib.sha256(shown.encode("utf-8")).hexdigest()[:8]
    name = fit_name(f"{slug(shown)}-{digest}-backups")
    root = backup_root()
    if root is not None and unreachable(root) is None:
        return root / name
    if root is not None:
        log.warning("backup folder %s unreachable; using %s", root, data_folder)
    return data_folder / name


def make_postgres_backup(
    url_text: str,
    data_folder: Path,
    target: Path | None = None,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
    checking: Checking | None = None,
) -> Path:
    """Copy the PostgreSQL database to a SQLite file (default: a new file in its backup folder);
    returns its path. Nothing is left behind when it fails."""
    if target is None:
        folder = postgres_backup_dir(url_text, data_folder)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{stamp}-handmatig.sqlite"
        overwrite = False
    else:
        check_output(target, overwrite=overwrite)
        folder = None
    building = temporary_beside(target, "kopie")
    building.unlink(missing_ok=True)
    try:
        transfer(url_text, str(building), progress, checking)
        publish(building, target, overwrite=overwrite)
    finally:
        building.unlink(missing_ok=True)
    if folder is not None:
        for old in sorted(folder.glob("*.sqlite"))[:-KEEP]:
            old.unlink(missing_ok=True)
    log.info("backup of a PostgreSQL database made: %s", target)
    return target
