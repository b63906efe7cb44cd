"""Support commands: `mtvdp-tui info` (where everything is) and `mtvdp-tui herstellen BACKUP`
(put a backup back, after a confirmation)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from mtvdp_tui import __version__
from mtvdp_tui.i18n import t
from mtvdp_tui.settings import Settings

PathFor = Callable[[argparse.Namespace], Path | str]  # a str: a PostgreSQL URL
YES = {"ja", "j"}
NO = {"nee", "n", ""}


def run_info(
    options: argparse.Namespace,
    path_for: PathFor,
    settings: Settings,
    log_file: Path | None,
    export_dir: Path,
) -> int:
    """Version and every path support asks for, one per line with a Dutch label."""
    from mtvdp_tui.store.backup import backup_dir

    target = path_for(options)
    if isinstance(target, str):  # a PostgreSQL URL: shown without a password, no backups here
        from mtvdp_tui.store.postgres import display_name

        shown, backups = display_name(target), t("info.backups.server")
    else:
        database = target.expanduser().absolute()
        shown, backups = _exists(database, t("info.database.absent")), str(backup_dir(database))
    rows = [
        (t("info.version"), __version__),
        (t("info.database"), shown),
        (t("info.log"), str(log_file) if log_file is not None else t("info.log.none")),
        (t("info.settings"), _exists(settings.path, t("info.settings.absent"))),
        (t("info.backups"), backups),
        (t("info.exports"), str(export_dir)),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label + ':':<{width + 1}}  {value}")
    return 0  # the settings file's mistakes were already reported, as for every command


def _exists(path: Path, absent: str) -> str:
    return str(path) if path.exists() else f"{path}  {absent}"


def run_restore(
    options: argparse.Namespace, path_for: PathFor, ask: Callable[[str], str] = input
) -> int:
    """`mtvdp-tui herstellen BACKUP [--ja]`: check the backup, ask (unless --ja), keep a copy of
    the current database, then put the backup in its place. 0 when restored."""
    from mtvdp_tui.records.errors import DatabaseError
    from mtvdp_tui.store.database import locate
    from mtvdp_tui.store.restore import check_backup, restore

    target = path_for(options)
    if isinstance(target, str):  # the server's own backups are the administrator's (pg_restore)
        return _fail(t("restore.postgres"))
    try:
        database = locate(target)
        backup = check_backup(options.backup, database)
    except DatabaseError as error:
        return _fail(str(error))
    if not options.ja:
        if ask is input and not sys.stdin.isatty():
            return _fail(t("restore.no_terminal"))
        made = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%d-%m-%Y %H:%M")
        question = t("restore.question", database=database, backup=backup, made=made)
        if not _confirmed(question, ask):
            print(t("restore.cancelled"))
            return 1
    try:
        saved = restore(backup, database)
    except DatabaseError as error:
        return _fail(str(error))
    except OSError as error:
        from mtvdp_tui.os_errors import dutch

        return _fail(t("restore.failed", error=dutch(error)))
    if saved is not None:
        print(t("restore.saved_current", path=saved))
    print(t("restore.done", database=database, backup=backup))
    return 0


def _confirmed(question: str, ask: Callable[[str], str]) -> bool:
    prompt = question
    while True:
        try:
            answer = ask(prompt).strip().lower()
        except EOFError:
            return False
        if answer in YES:
            return True
        if answer in NO:
            return False
        prompt = t("restore.answer")


def _fail(message: str) -> int:
    print(f"mtvdp-tui: {message}", file=sys.stderr)
    return 1
