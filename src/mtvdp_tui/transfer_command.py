"""`mtvdp-tui overzetten VAN NAAR`: the command line around `store.transfer`, with progress."""

from __future__ import annotations

import argparse
import sys
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

    def __call__(self, table: str, done: int, total: int) -> None:
        if done >= total:
            line = t("transfer.table_done", table=table, rows=formatting.number(done))
            self.out.write(("\r\x1b[K" if self.live else "") + line + "\n")
        elif self.live:
            counts = {"done": formatting.number(done), "total": formatting.number(total)}
            self.out.write("\r\x1b[K" + t("transfer.progress", table=table, **counts))
        self.out.flush()


def run_transfer(options: argparse.Namespace) -> int:
    from mtvdp_tui.store.transfer import transfer
    from mtvdp_tui.store.transfer_ends import end_for

    try:
        shown = (end_for(options.source).shown, end_for(options.target).shown)
        print(t("transfer.start", source=shown[0], target=shown[1]), flush=True)
        report = transfer(options.source, options.target, ProgressLines(sys.stdout))
    except DatabaseError as error:
        print(f"mtvdp-tui: {error}", file=sys.stderr)
        return 1
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
