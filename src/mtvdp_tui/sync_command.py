"""`mtvdp-tui --db BESTAND synchroniseren`: the command line around `store.sync`, with progress.

Exit codes: 0 synchronised, 3 synchronised with conflicts open (a person decides them: F8 in the
app, or `conflicten`), 1 refused or interrupted (a Dutch message; running it again finishes).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.records.sync import SyncProgress, SyncStage
from mtvdp_tui.store.database import Database

CONFLICTS_OPEN = 3


class SyncLines:
    """One line per stage; on a terminal the sending and receiving lines count up."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.live = out.isatty()
        self.stage: SyncStage | None = None

    def __call__(self, progress: SyncProgress) -> None:
        if progress.stage is SyncStage.DONE:
            self.finish()
            return
        from mtvdp_tui.store.sync import progress_line

        if self.live:
            self.out.write("\r\x1b[K" + progress_line(progress))
        elif progress.stage is not self.stage:  # a log or a pipe: one line per stage
            total = formatting.number(progress.total)
            self.out.write(t(f"sync.stage.{progress.stage.value}.start", total=total) + "\n")
        self.stage = progress.stage
        self.out.flush()

    def finish(self) -> None:
        if self.live:
            self.out.write("\r\x1b[K")
            self.out.flush()


def run_synchronise(
    options: argparse.Namespace,
    open_for: Callable[[argparse.Namespace], Database],
    path_for: Callable[[argparse.Namespace], Path | str],
) -> int:
    from mtvdp_tui.store.sync import summary, synchronise

    target = path_for(options)
    if isinstance(target, Path) and not target.expanduser().exists():
        raise DatabaseError(t("sync.no_file", path=target))
    database = open_for(options)
    lines = SyncLines(sys.stdout)
    try:
        report = synchronise(database, progress=lines)
    finally:
        lines.finish()
        database.close()
    for line in summary(report):
        print(line)
    if report.open_conflicts:
        print(t("sync.done.see_conflicts", db=options.db or target))
        return CONFLICTS_OPEN
    return 0
