"""Command line: opening the database the options name, and `build_app` — the one factory
used by the CLI, tests and benchmark. The parser itself is `cli_parser` (light to import)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mtvdp_tui import APP_NAME
from mtvdp_tui.cli_parser import DEFAULT_DB, DEMO_SIZE, data_dir, parser

if TYPE_CHECKING:
    from mtvdp_tui.app import MtvdpApp
    from mtvdp_tui.settings import Settings
    from mtvdp_tui.store.database import Database

__all__ = ["build_app", "data_dir", "database_path", "main", "open_for", "parser"]


def database_path(options: argparse.Namespace) -> Path | str:
    """The database the options name: a file's path, or a PostgreSQL URL (`db_argument`)."""
    if isinstance(options.db, str):
        return options.db
    if options.db is not None:
        return Path(options.db)
    if options.demo:
        suffix = "" if options.size == DEMO_SIZE else f"-{options.size}"
        return data_dir() / f"mtvdp-demo{suffix}.sqlite"
    return data_dir() / DEFAULT_DB


def open_for(options: argparse.Namespace, today: Callable[[], date] = date.today) -> Database:
    """Open the database the options name; a new demo database is filled with demo practices."""
    from mtvdp_tui.domain.ruleset_loader import resolve_ruleset
    from mtvdp_tui.store.database import NewRuleset, is_new, locate, open_database

    target = database_path(options)
    if isinstance(target, Path):
        target = locate(target)
        new = is_new(target)

    def new_ruleset() -> NewRuleset:
        ruleset, text = resolve_ruleset(options.ruleset)
        return NewRuleset(ruleset, text, str(options.ruleset))

    database = open_database(target, new_ruleset=new_ruleset, today=today)
    if isinstance(target, str):  # on a server: new when it holds no practice yet
        new = database.practices.count() == 0
    if options.demo and new:
        from mtvdp_tui.domain.demo import generate_demo_practices
        from mtvdp_tui.domain.demo_history import demo_history
        from mtvdp_tui.store.demo import populate_demo

        practices = generate_demo_practices(database.ruleset, options.size)
        history = demo_history(database.ruleset, practices, today())
        populate_demo(database.engine, practices, history)
    return database


def build_app(
    argv: Sequence[str] = (),
    *,
    today: Callable[[], date] = date.today,
    export_dir: Path | None = None,
    import_folders: Sequence[Path] | None = None,
    settings: Settings | None = None,
    notices: Sequence[str] = (),
) -> MtvdpApp:
    """The app for these command-line arguments (the tests call this too). `settings`: the
    user's (None: none are read or remembered); `notices`: start-up warnings to show."""
    from mtvdp_tui.app import MtvdpApp
    from mtvdp_tui.applog import active_log_file

    options = parser().parse_args(list(argv))
    database = open_for(options, today)
    target = database_path(options)
    return MtvdpApp(
        database,
        today=today,
        export_dir=export_dir,
        import_folders=import_folders,
        settings=settings,
        notices=notices,
        log_file=active_log_file(),
        database_url=target if isinstance(target, str) else None,  # werkkopie maken needs it
    )


def apply_settings(settings: Settings, database: Path | str) -> list[str]:
    """Put the user's backup folder in effect when it can be reached now; the Dutch warnings
    (the settings file's mistakes, a backup folder out of reach and where copies go instead)."""
    from mtvdp_tui.files import backup_folders, unreachable, use_backup_root
    from mtvdp_tui.i18n import t

    notices = list(settings.problems)
    use_backup_root(None)
    folder = settings.backup_folder
    if folder is not None:
        problem = unreachable(folder)
        if problem is None:
            use_backup_root(folder)
        else:
            beside = database if isinstance(database, Path) else data_dir() / DEFAULT_DB
            fallback = backup_folders(beside.expanduser().absolute())[0]
            logging.getLogger(__name__).warning("backup folder %s unreachable", folder)
            notices.append(
                t("settings.backup_unreachable", folder=folder, error=problem, fallback=fallback)
            )
    return notices


def main(argv: Sequence[str] | None = None) -> int:
    from mtvdp_tui.applog import start_logging, stop_logging

    arguments = sys.argv[1:] if argv is None else list(argv)
    os.umask(0o077)  # the database, its WAL, backups and exports: readable by the user only
    options = parser().parse_args(arguments)
    log_file = start_logging()
    code = 1
    try:
        code = _main(options, arguments, log_file)
    except Exception:  # unexpected: the traceback to the log, a Dutch message to the user
        from mtvdp_tui.applog import crash_text

        logging.getLogger(__name__).exception("unexpected error")
        print(f"{APP_NAME}: {crash_text(log_file)}", file=sys.stderr)
    finally:
        stop_logging(code=code)
    return code


def _main(options: argparse.Namespace, arguments: list[str], log_file: Path | None) -> int:
    from mtvdp_tui.domain.ruleset_loader import RulesetError
    from mtvdp_tui.files import OutputError
    from mtvdp_tui.records.errors import DatabaseError, RecordError
    from mtvdp_tui.settings import load_settings

    settings = load_settings()
    notices = apply_settings(settings, database_path(options))
    try:
        app = _run_command(options, arguments, settings, notices, log_file)
    except (DatabaseError, RulesetError, OutputError, RecordError) as error:
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        from mtvdp_tui.i18n import t
        from mtvdp_tui.os_errors import dutch

        print(f"{APP_NAME}: {t('cli.os_failed', error=dutch(error))}", file=sys.stderr)
        return 1
    if isinstance(app, int):
        return app
    app.run()
    return app.return_code or 0


def _run_command(
    options: argparse.Namespace,
    arguments: list[str],
    settings: Settings,
    notices: list[str],
    log_file: Path | None,
) -> int | MtvdpApp:
    """The command's exit code, or the app to run when no command is given. The database the
    options name is guarded from the start: no output may be it, even before it is opened."""
    from mtvdp_tui.files import guard_database

    target = database_path(options)
    if isinstance(target, Path) and (
        options.command != "loting" or options.lottery_command != "verify"
    ):
        guard_database(target.expanduser())
    if options.command is None:
        return build_app(arguments, settings=settings, notices=notices)
    for notice in notices:  # a command has no screen: its warnings go to stderr
        print(f"{APP_NAME}: {notice}", file=sys.stderr)
    from mtvdp_tui import commands, maintenance  # only for a command: the app starts without

    if options.command == "info":
        from mtvdp_tui.settings import default_export_dir

        export_dir = settings.export_folder or default_export_dir()
        return maintenance.run_info(options, database_path, settings, log_file, export_dir)
    if options.command == "herstellen":
        return maintenance.run_restore(options, database_path)
    if options.command == "overzetten":
        from mtvdp_tui.transfer_command import run_transfer

        return run_transfer(options)
    if options.command == "werkkopie":
        from mtvdp_tui.werkkopie_command import run_werkkopie

        return run_werkkopie(options)
    if options.command == "synchroniseren":
        from mtvdp_tui.sync_command import run_synchronise

        return run_synchronise(options, open_for, database_path)
    if options.command == "conflicten":
        from mtvdp_tui.conflicts_command import run_conflicts

        return run_conflicts(options, open_for, database_path)
    if options.command == "plan":
        return commands.run_plan_export(options, open_for)
    if options.command == "backup":
        return commands.run_backup(options, database_path, data_dir)
    if options.command == "declaraties":
        return commands.run_declarations_export(options, open_for)
    if options.command == "monitoring":
        return commands.run_monitoring_export(options, open_for)
    if options.command == "import":
        return commands.run_import(options, open_for)
    if options.command == "export":
        return commands.run_export(options, open_for)
    if options.command == "loting":
        if options.lottery_command == "verify":
            return commands.run_lottery_verify(options)
        return commands.run_lottery_simulate(options, open_for, database_path)
    raise AssertionError(options.command)
