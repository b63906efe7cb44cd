"""`mtvdp-tui overzetten VAN NAAR`: the command line around `store.transfer`, with progress."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError


class ProgressLines:
    """Per table a line with its rows; on a terminal the line counts up while the table is
    copied."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.live = out.isatty()
        self.checked = False

    def __call__(self, table: str, done: int, total: int) -> None:
        if done >= total:
            if done == 1:
                line = t("transfer.table_done.one", table=table)
            else:
                line = t("transfer.table_done", table=table, rows=formatting.number(done))
            self.out.write(("\r\x1b[K" if self.live else "") + line + "\n")
        elif self.live:
            done_text, total_text = formatting.number(done), formatting.number(total)
            line = t("transfer.progress", table=table, done=done_text, total=total_text)
            self.out.write("\r\x1b[K" + line)
        self.out.flush()

    def checking(self, table: str) -> None:
        """One line when the check starts; on a terminal it names the table being checked."""
        if self.live:
            self.out.write("\r\x1b[K" + t("transfer.checking.table", table=table))
        elif not self.checked:
            self.out.write(t("transfer.checking") + "\n")
        self.checked = True
        self.out.flush()

    def finish(self) -> None:
        """Clear the live line (before the result or the error)."""
        if self.live:
            self.out.write("\r\x1b[K")
            self.out.flush()


def run_transfer(options: argparse.Namespace) -> int:
    from mtvdp_tui.store.transfer import transfer
    from mtvdp_tui.store.transfer_ends import end_for

    lines = ProgressLines(sys.stdout)
    try:
        shown = (end_for(options.source).shown, end_for(options.target).shown)
        print(t("transfer.start", source=shown[0], target=shown[1]), flush=True)
        report = transfer(options.source, options.target, lines, lines.checking)
    except DatabaseError as error:
        lines.finish()
        print(f"mtvdp-tui: {error}", file=sys.stderr)
        return 1
    lines.finish()
    print(
        t(
            "transfer.done",
            tables=len(report.tables),
            rows=formatting.number(report.rows),
            seconds=formatting.number(round(report.seconds, 1)),
            target=report.target,
        )
    )
    return 0


def run_postgres_backup(options: argparse.Namespace, url: str, data_folder: Path) -> int:
    """`backup` of a PostgreSQL database: a verified SQLite copy (`store.transfer_backup`)."""
    from mtvdp_tui.files import OutputError
    from mtvdp_tui.store.transfer_backup import make_postgres_backup

    lines = ProgressLines(sys.stdout)
    try:
        copy = make_postgres_backup(
            url,
            data_folder,
            options.output,
            overwrite=options.overschrijven,
            progress=lines,
            checking=lines.checking,
        )
    except (DatabaseError, OutputError) as error:
        lines.finish()
        hint = f" {t('output.exists.hint')}" if getattr(error, "exists", False) else ""
        print(f"mtvdp-tui: {error}{hint}", file=sys.stderr)
        return 1
    lines.finish()
    print(t("cli.backup.written", path=copy))
    return 0
