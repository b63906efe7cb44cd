"""Command line: options, and `build_app` — the one factory used by the CLI, tests and benchmark."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from mtvdp_tui import __version__

if TYPE_CHECKING:
    from mtvdp_tui.app import MtvdpApp
    from mtvdp_tui.store.database import Database

APP_NAME = "mtvdp-tui"
DEFAULT_DB = "mtvdp.sqlite"
DEFAULT_RULESET = "hoog-2023"
DEMO_SIZE = 140
MAX_DEMO_SIZE = 100_000


def data_dir() -> Path:
    """Where databases live unless `--db` says otherwise (platformdirs' user data dir)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


class DutchHelpFormatter(argparse.HelpFormatter):
    """argparse's own words ("usage:") in Dutch, like the rest of the help."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        from mtvdp_tui.i18n import t

        return super().add_usage(usage, actions, groups, prefix or t("cli.usage"))


# argparse's own phrases in its error messages, and the catalogue key of each one's Dutch.
ARGPARSE_PHRASES = {
    "unrecognized arguments": "cli.phrase.unrecognized",
    "expected one argument": "cli.phrase.expected_one",
    "argument ": "cli.phrase.argument",
}


class DutchArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        from mtvdp_tui.i18n import t

        for english, key in ARGPARSE_PHRASES.items():
            message = message.replace(english, t(key))
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error", prog=self.prog, message=message) + "\n")


def demo_size(text: str) -> int:
    """`--size`: a whole number of practices, 1 to 100,000."""
    from mtvdp_tui.i18n import t

    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_DEMO_SIZE:
        raise argparse.ArgumentTypeError(t("cli.size.invalid", value=text))
    return int(text)


def parser() -> argparse.ArgumentParser:
    from mtvdp_tui.i18n import t

    result = DutchArgumentParser(
        prog=APP_NAME,
        description=t("cli.description"),
        add_help=False,
        formatter_class=DutchHelpFormatter,
    )
    result._optionals.title = t("cli.options")
    result.add_argument("-h", "--help", action="help", help=t("cli.help"))
    result.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help=t("cli.version")
    )
    result.add_argument("--db", type=Path, metavar=t("cli.path"), help=t("cli.db"))
    result.add_argument("--demo", action="store_true", help=t("cli.demo"))
    result.add_argument(
        "--size", type=demo_size, default=DEMO_SIZE, metavar="N", help=t("cli.size")
    )
    result.add_argument(
        "--ruleset",
        default=DEFAULT_RULESET,
        metavar="hoog-2023|roha-2023|" + t("cli.path"),
        help=t("cli.ruleset"),
    )
    return result


def database_path(options: argparse.Namespace) -> Path:
    if options.db is not None:
        return Path(options.db)
    if options.demo:
        suffix = "" if options.size == DEMO_SIZE else f"-{options.size}"
        return data_dir() / f"mtvdp-demo{suffix}.sqlite"
    return data_dir() / DEFAULT_DB


def open_for(options: argparse.Namespace, today: Callable[[], date] = date.today) -> Database:
    """Open the database the options name; a new demo database is filled with demo practices."""
    from mtvdp_tui.domain.ruleset_loader import resolve_ruleset
    from mtvdp_tui.store.database import NewRuleset, open_database

    path = database_path(options)
    is_new = not path.exists() or path.stat().st_size == 0

    def new_ruleset() -> NewRuleset:
        ruleset, text = resolve_ruleset(options.ruleset)
        return NewRuleset(ruleset, text, str(options.ruleset))

    database = open_database(path, new_ruleset=new_ruleset, today=today)
    if options.demo and is_new:
        from mtvdp_tui.domain.demo import generate_demo_practices
        from mtvdp_tui.store.demo import populate_demo

        populate_demo(database.engine, generate_demo_practices(database.ruleset, options.size))
    return database


def build_app(argv: Sequence[str] = (), *, today: Callable[[], date] = date.today) -> MtvdpApp:
    """The app for these command-line arguments (the tests call this too)."""
    from mtvdp_tui.app import MtvdpApp

    options = parser().parse_args(list(argv))
    return MtvdpApp(open_for(options, today), today=today)


def main(argv: Sequence[str] | None = None) -> int:
    from mtvdp_tui.domain.ruleset_loader import RulesetError
    from mtvdp_tui.store.database import DatabaseError

    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        app = build_app(arguments)
    except (DatabaseError, RulesetError) as error:
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        return 1
    app.run()
    return app.return_code or 0
