"""`mtvdp-tui --db WERKKOPIE conflicten`: the werkkopie's open conflicts in plain text.

Exit code 3 while any conflict is open (a script can wait for a person to decide), 0 when none
is, 1 with a Dutch message when the file is not a werkkopie or cannot be read."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mtvdp_tui import APP_NAME, formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.records.sync import Conflict, ConflictField
from mtvdp_tui.store.database import Database

OPEN = 3  # the exit code while a conflict is open
INDENT = "  "


def run_conflicts(
    options: argparse.Namespace,
    open_for: Callable[[argparse.Namespace], Database],
    path_for: Callable[[argparse.Namespace], Path | str],
) -> int:
    from mtvdp_tui.store.conflicts import open_conflicts
    from mtvdp_tui.store.outbox import is_werkkopie

    target = path_for(options)
    if isinstance(target, Path) and not target.expanduser().exists():  # never made here
        return _fail(t("cli.conflicts.no_file", name=target))
    database = open_for(options)
    try:
        with database.engine.connect() as connection:
            werkkopie = is_werkkopie(connection)
        if not werkkopie:
            return _fail(t("cli.conflicts.not_werkkopie", name=database.name or target))
        conflicts = open_conflicts(database)
    finally:
        database.close()
    if not conflicts:
        print(t("cli.conflicts.none"))
        return 0
    print("\n\n".join("\n".join(conflict_lines(conflict)) for conflict in conflicts))
    print()
    if len(conflicts) == 1:
        print(t("cli.conflicts.count.one"))
    else:
        print(t("cli.conflicts.count", count=formatting.number(len(conflicts))))
    return OPEN


def conflict_lines(conflict: Conflict) -> list[str]:
    """The conflict's subject, reason and when it was found, then a table of the fields that
    differ: label, basis, mijn, hun."""
    moment = conflict.found_at.astimezone().strftime("%d-%m-%Y %H:%M")
    lines = [
        conflict.subject,
        INDENT + conflict.reason,
        INDENT + t("cli.conflicts.found", moment=moment),
    ]
    differing = [field for field in conflict.fields if field.differs]
    return lines + [INDENT + line for line in field_table(differing)]


def field_table(fields: Sequence[ConflictField]) -> list[str]:
    header = [t(f"conflicts.col.{name}") for name in ("field", "base", "mine", "theirs")]
    unknown = t("cli.conflicts.basis_unknown")
    rows = [header] + [
        [field.label, unknown if field.base is None else field.base, field.mine, field.theirs]
        for field in fields
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _fail(message: str) -> int:
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    return 1
