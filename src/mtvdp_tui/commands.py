"""Command-line commands that do their work without the user interface."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from mtvdp_tui.documents.praktijkplan import document_for, to_html, to_markdown
from mtvdp_tui.files import write_private
from mtvdp_tui.i18n import t
from mtvdp_tui.store.database import Database

OpenFor = Callable[[argparse.Namespace], Database]


def run_plan_export(options: argparse.Namespace, open_for: OpenFor) -> int:
    """`mtvdp-tui plan export --agb AGB --format md|html -o FILE`; 0 when written."""
    database = open_for(options)
    try:
        practice_id = database.practices.id_for_agb(options.agb)
        if practice_id is None:
            return _fail(t("cli.plan.no_practice", agb=options.agb))
        document = document_for(database, practice_id, made_on=date.today())
        if document is None:
            name = database.practices.get(practice_id).data.name
            return _fail(t("cli.plan.no_plan", name=name, agb=options.agb))
        text = to_markdown(document) if options.format == "md" else to_html(document)
        try:
            write_private(options.output, text)
        except OSError as error:
            return _fail(t("cli.write_failed", path=options.output, error=error.strerror))
        print(t("cli.plan.written", name=document.practice_name, path=options.output))
        return 0
    finally:
        database.close()


def _fail(message: str) -> int:
    print(f"mtvdp-tui: {message}", file=sys.stderr)
    return 1
