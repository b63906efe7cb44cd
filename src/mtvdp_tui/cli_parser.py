"""The command line's words: the parser, its Dutch help and errors, and the option types.

Kept apart from `cli` (which opens databases and runs the app) so that reading the arguments
imports nothing heavy: `--help` and `--version` need only argparse and the Dutch texts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from mtvdp_tui import APP_NAME, __version__

if TYPE_CHECKING:
    import re

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

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        from mtvdp_tui.i18n import t

        super().add_usage(usage, actions, groups, t("cli.usage") if prefix is None else prefix)


# argparse's own phrases in its error messages (as `str.format`-less regular expressions), and
# the catalogue key of each one's Dutch; the named groups fill the Dutch text. Earlier first:
# "argument X: " is translated last, around the rest.
ARGPARSE_PHRASES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (?P<names>.+)", "cli.phrase.required"),
    (r"unrecognized arguments: (?P<names>.+)", "cli.phrase.unrecognized_args"),
    (
        r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
        "cli.phrase.invalid_choice",
    ),
    (r"expected one argument", "cli.phrase.expected_one"),
    (r"expected at least one argument", "cli.phrase.expected_at_least_one"),
    (r"expected at most one argument", "cli.phrase.expected_at_most_one"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "cli.phrase.ambiguous"),
    (r"invalid \S+ value: (?P<value>.+)", "cli.phrase.invalid_value"),
    (r"not allowed with argument (?P<other>.+)", "cli.phrase.not_allowed_with"),
    (r"one of the arguments (?P<names>.+) is required", "cli.phrase.one_required"),
    (r"ignored explicit argument (?P<value>.+)", "cli.phrase.ignored_value"),
    (r"^argument (?P<name>[^:]+): ", "cli.phrase.argument_of"),
)


def dutch_argparse_message(message: str) -> str:
    """argparse's English error `message` in Dutch (the values it quotes stay as they are)."""
    import re
    from functools import partial

    for pattern, key in ARGPARSE_PHRASES:
        message = re.sub(pattern, partial(_dutch_phrase, key), message)
    return message


def _dutch_phrase(key: str, found: re.Match[str]) -> str:
    from mtvdp_tui.i18n import t

    return t(key, **found.groupdict())


class DutchArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        from mtvdp_tui.i18n import t

        self.print_usage(sys.stderr)
        message = dutch_argparse_message(message)
        self.exit(2, t("cli.error", prog=self.prog, message=message) + "\n")


def path_argument(text: str) -> Path:
    """A path option's value as the user meant it (`reading.user_path`: quotes from Windows
    Explorer, shell escapes, `file://`), never empty (`Path("")` would silently mean this
    folder)."""
    from mtvdp_tui.i18n import t
    from mtvdp_tui.reading import path_text, user_path

    if not path_text(text):
        raise argparse.ArgumentTypeError(t("output.empty"))
    return user_path(text)


def db_argument(text: str) -> Path | str:
    """`--db`: a `postgresql://` / `postgres://` URL as it is (libpq reads it), else a path."""
    from mtvdp_tui.store.engines import is_postgres

    if is_postgres(text.strip()):
        return text.strip()
    return path_argument(text)


def ruleset_argument(text: str) -> str:
    """`--ruleset`: a preset's id as it is, or the path of a file as the user meant it."""
    from mtvdp_tui.reading import path_text, user_path

    return str(user_path(text)) if path_text(text) else text


def _overwrite_option(target: argparse.ArgumentParser) -> None:
    from mtvdp_tui.i18n import t

    target.add_argument("--overschrijven", action="store_true", help=t("cli.overwrite"))


def _output_options(target: argparse.ArgumentParser, help_text: str, *, required: bool) -> None:
    """`-o/--output FILE` and `--overschrijven`: every command that writes a file the user names."""
    from mtvdp_tui.i18n import t

    target.add_argument(
        "-o",
        "--output",
        type=path_argument,
        required=required,
        metavar=t("cli.path"),
        help=help_text,
    )
    _overwrite_option(target)


def demo_size(text: str) -> int:
    """`--size`: a whole number of practices, 1 to 100,000."""
    from mtvdp_tui.i18n import t

    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_DEMO_SIZE:
        raise argparse.ArgumentTypeError(t("cli.size.invalid", value=text))
    return int(text)


def _database_options(target: argparse.ArgumentParser, *, in_command: bool) -> None:
    """--db, --demo, --size, --ruleset: before a command, or after it (then they win)."""
    from mtvdp_tui.i18n import t

    def default(value: object) -> object:
        return argparse.SUPPRESS if in_command else value

    target.add_argument(
        "--db", type=db_argument, default=default(None), metavar=t("cli.db_value"), help=t("cli.db")
    )
    target.add_argument("--demo", action="store_true", default=default(False), help=t("cli.demo"))
    target.add_argument(
        "--size", type=demo_size, default=default(DEMO_SIZE), metavar="N", help=t("cli.size")
    )
    target.add_argument(
        "--ruleset",
        type=ruleset_argument,
        default=default(DEFAULT_RULESET),
        metavar="hoog-2023|roha-2023|" + t("cli.path"),
        help=t("cli.ruleset"),
    )


def _sub_parser(
    commands: argparse._SubParsersAction[DutchArgumentParser], name: str, help_key: str
) -> DutchArgumentParser:
    from mtvdp_tui.i18n import t

    sub = commands.add_parser(
        name,
        help=t(help_key),
        description=t(help_key),
        add_help=False,
        formatter_class=DutchHelpFormatter,
    )
    sub._optionals.title = t("cli.options")
    sub._positionals.title = t("cli.commands")
    sub.add_argument("-h", "--help", action="help", help=t("cli.help"))
    return sub


def parser() -> argparse.ArgumentParser:
    from mtvdp_tui.i18n import t

    result = DutchArgumentParser(
        prog=APP_NAME,
        description=t("cli.description"),
        add_help=False,
        formatter_class=DutchHelpFormatter,
    )
    result._optionals.title = t("cli.options")
    result._positionals.title = t("cli.commands")
    result.add_argument("-h", "--help", action="help", help=t("cli.help"))
    result.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help=t("cli.version")
    )
    _database_options(result, in_command=False)
    commands = result.add_subparsers(
        dest="command", metavar=t("cli.command"), parser_class=DutchArgumentParser
    )
    plan = _sub_parser(commands, "plan", "cli.plan")
    plan_commands = plan.add_subparsers(
        dest="plan_command",
        metavar=t("cli.command"),
        required=True,
        parser_class=DutchArgumentParser,
    )
    export = _sub_parser(plan_commands, "export", "cli.plan.export")
    export.add_argument("--agb", required=True, type=_agb, help=t("cli.plan.agb"))
    export.add_argument(
        "--format", choices=("md", "html"), default="html", help=t("cli.plan.format")
    )
    _output_options(export, t("cli.plan.output"), required=True)
    _database_options(export, in_command=True)
    _lottery_commands(commands)
    _declaration_commands(commands)
    _monitoring_commands(commands)
    _register_file_commands(commands)
    backup = _sub_parser(commands, "backup", "cli.backup")
    _output_options(backup, t("cli.backup.output"), required=False)
    _database_options(backup, in_command=True)
    _support_commands(commands)
    _transfer_command(commands)
    _werkkopie_command(commands)
    _sync_command(commands)
    conflicts = _sub_parser(commands, "conflicten", "cli.conflicts")
    _database_options(conflicts, in_command=True)
    return result


def _sync_command(commands: argparse._SubParsersAction[DutchArgumentParser]) -> None:
    """`--db BESTAND synchroniseren`: a werkkopie with its organisation database (SPEC §9)."""
    sync = _sub_parser(commands, "synchroniseren", "cli.sync")
    _database_options(sync, in_command=True)


def _werkkopie_command(commands: argparse._SubParsersAction[DutchArgumentParser]) -> None:
    """`werkkopie URL BESTAND`: the organisation database as a new file, to work offline."""
    from mtvdp_tui.i18n import t

    werkkopie = _sub_parser(commands, "werkkopie", "cli.werkkopie")
    werkkopie._positionals.title = t("cli.arguments")
    werkkopie.add_argument(
        "server", metavar=t("cli.werkkopie.server"), help=t("cli.werkkopie.server.help")
    )
    werkkopie.add_argument(
        "file",
        type=path_argument,
        metavar=t("cli.werkkopie.file"),
        help=t("cli.werkkopie.file.help"),
    )


def _transfer_command(commands: argparse._SubParsersAction[DutchArgumentParser]) -> None:
    """`overzetten VAN NAAR`: a whole database into an empty one (SQLite or PostgreSQL)."""
    from mtvdp_tui.i18n import t

    transfer = _sub_parser(commands, "overzetten", "cli.transfer")
    transfer._positionals.title = t("cli.arguments")
    transfer.add_argument(
        "source", metavar=t("cli.transfer.source"), help=t("cli.transfer.source.help")
    )
    transfer.add_argument(
        "target", metavar=t("cli.transfer.target"), help=t("cli.transfer.target.help")
    )


def _support_commands(commands: argparse._SubParsersAction[DutchArgumentParser]) -> None:
    """`herstellen BACKUP [--ja]` and `info`."""
    from mtvdp_tui.i18n import t

    restore = _sub_parser(commands, "herstellen", "cli.restore")
    restore._positionals.title = t("cli.arguments")
    restore.add_argument(
        "backup",
        type=path_argument,
        metavar=t("cli.restore.file"),
        help=t("cli.restore.file.help"),
    )
    restore.add_argument("--ja", action="store_true", help=t("cli.restore.yes"))
    _database_options(restore, in_command=True)
    info = _sub_parser(commands, "info", "cli.info")
    _database_options(info, in_command=True)


def _register_file_commands(commands: argparse._SubParsersAction[DutchArgumentParser]) -> None:
    """`import FILE` and `export FILE`: the practice register in and out, in one file format."""
    from mtvdp_tui.i18n import t

    load = _sub_parser(commands, "import", "cli.import")
    load._positionals.title = t("cli.arguments")
    load.add_argument(
        "file", type=path_argument, metavar=t("cli.import.file"), help=t("cli.import.file.help")
    )
    load.add_argument("--dry-run", action="store_true", help=t("cli.import.dry_run"))
    load.add_argument("--alleen-geldige", action="store_true", help=t("cli.import.only_valid"))
    _database_options(load, in_command=True)
    save = _sub_parser(commands, "export", "cli.export")
    save._positionals.title = t("cli.arguments")
    save.add_argument(
        "file", type=path_argument, metavar=t("cli.import.file"), help=t("cli.export.file.help")
    )
    _overwrite_option(save)
    _database_options(save, in_command=True)


def _declaration_commands(commands: argparse._SubParsersAction[DutchArgumentParser]) -> None:
    from mtvdp_tui.i18n import t

    declarations = _sub_parser(commands, "declaraties", "cli.declaraties")
    declaration_commands = declarations.add_subparsers(
        dest="declaration_command",
        metavar=t("cli.command"),
        required=True,
        parser_class=DutchArgumentParser,
    )
    export = _sub_parser(declaration_commands, "export", "cli.declaraties.export")
    export.add_argument(
        "--kwartaal", required=True, metavar="2024-Q1|all", help=t("cli.declaraties.kwartaal")
    )
    export.add_argument(
        "--format", choices=("csv", "xlsx"), default="xlsx", help=t("cli.declaraties.format")
    )
    _output_options(export, t("cli.declaraties.output"), required=True)
    _database_options(export, in_command=True)


def _monitoring_commands(commands: argparse._SubParsersAction[DutchArgumentParser]) -> None:
    """`monitoring export [--peildatum DATUM] [--format csv|xlsx] -o FILE` (SPEC §10)."""
    from mtvdp_tui.i18n import t

    monitoring = _sub_parser(commands, "monitoring", "cli.monitoring")
    monitoring_commands = monitoring.add_subparsers(
        dest="monitoring_command",
        metavar=t("cli.command"),
        required=True,
        parser_class=DutchArgumentParser,
    )
    export = _sub_parser(monitoring_commands, "export", "cli.monitoring.export")
    export.add_argument("--peildatum", metavar="JJJJ-MM-DD", help=t("cli.monitoring.peildatum"))
    export.add_argument("--format", choices=("csv", "xlsx"), help=t("cli.monitoring.format"))
    _output_options(export, t("cli.monitoring.output"), required=True)
    _database_options(export, in_command=True)


def _lottery_commands(commands: argparse._SubParsersAction[DutchArgumentParser]) -> None:
    from mtvdp_tui.i18n import t

    lottery = _sub_parser(commands, "loting", "cli.loting")
    lottery_commands = lottery.add_subparsers(
        dest="lottery_command",
        metavar=t("cli.command"),
        required=True,
        parser_class=DutchArgumentParser,
    )
    simulate = _sub_parser(lottery_commands, "simulate", "cli.loting.simulate")
    simulate.add_argument("--regio", required=True, help=t("cli.loting.regio"))
    simulate.add_argument(
        "--bron", action="append", required=True, metavar='"1 2 3"', help=t("cli.loting.bron")
    )
    simulate.add_argument("--json", action="store_true", help=t("cli.loting.json"))
    simulate.add_argument(
        "-o", "--output", type=path_argument, metavar=t("cli.path"), help=t("cli.loting.output")
    )
    _database_options(simulate, in_command=True)
    verify = _sub_parser(lottery_commands, "verify", "cli.loting.verify")
    verify._positionals.title = t("cli.arguments")
    verify.add_argument(
        "file", type=path_argument, metavar=t("cli.loting.file"), help=t("cli.loting.file.help")
    )
    verify.add_argument("--poolzegel", metavar="HEX", help=t("cli.loting.poolzegel"))
    verify.add_argument("--zegel", metavar="HEX", help=t("cli.loting.zegel"))


def _agb(text: str) -> str:
    from mtvdp_tui.domain.practice import FieldError, parse_agb

    try:
        return parse_agb(text)
    except FieldError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
