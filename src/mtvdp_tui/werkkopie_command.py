"""`mtvdp-tui werkkopie URL BESTAND`: the command line around `store.werkkopie_make`, with the
same progress lines as `overzetten`. A file that exists is never written over."""

from __future__ import annotations

import argparse
import sys

from mtvdp_tui import APP_NAME, formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.transfer_command import ProgressLines


def run_werkkopie(options: argparse.Namespace) -> int:
    from mtvdp_tui.store import postgres
    from mtvdp_tui.store.engines import is_postgres
    from mtvdp_tui.store.werkkopie_make import make_werkkopie

    target = options.file.expanduser()
    lines = ProgressLines(sys.stdout)
    try:
        if target.exists() or target.is_symlink():
            raise DatabaseError(t("werkkopie.app.exists", path=target))
        server = options.server.strip()
        shown = postgres.display_name(server) if is_postgres(server) else server
        print(t("werkkopie.app.start", server=shown, path=target), flush=True)
        report = make_werkkopie(server, str(target), lines, lines.checking)
    except DatabaseError as error:
        lines.finish()
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        return 1
    lines.finish()
    seconds = formatting.number(round(report.seconds, 1))
    rows = formatting.number(report.rows)
    print(t("werkkopie.app.done", path=target, server=shown, rows=rows, seconds=seconds))
    return 0
