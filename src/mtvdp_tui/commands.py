"""Command-line commands that do their work without the user interface."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from mtvdp_tui import formatting
from mtvdp_tui.documents.praktijkplan import document_for, to_html, to_markdown
from mtvdp_tui.files import OutputError, check_output, write_private
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.records.errors import RecordError
from mtvdp_tui.store.database import Database

OpenFor = Callable[[argparse.Namespace], Database]
PathFor = Callable[[argparse.Namespace], "Path | str"]  # the database the options name (`cli`)


def run_plan_export(options: argparse.Namespace, open_for: OpenFor) -> int:
    """`mtvdp-tui plan export --agb AGB --format md|html -o FILE`; 0 when written."""
    if (refused := _refuse_output(options.output, options.overschrijven)) is not None:
        return refused
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
        if (failed := _write(options.output, lambda: _plan_file(options, text))) is not None:
            return failed
        print(t("cli.plan.written", name=document.practice_name, path=options.output))
        return 0
    finally:
        database.close()


def run_lottery_simulate(options: argparse.Namespace, open_for: OpenFor, path_for: PathFor) -> int:
    """`mtvdp-tui loting simulate --regio R --bron "1 2" ... [-o FILE.json|FILE.html]`: the draw
    these sources would give for the region as it stands in the register. A rehearsal: nothing
    is stored in the database; with -o its protocol (marked as a rehearsal) is written."""
    from mtvdp_tui.documents.loting import draw_text, protocol_html
    from mtvdp_tui.domain.lottery import LotteryError
    from mtvdp_tui.domain.lottery_protocol import protocol_bytes, simulate
    from mtvdp_tui.domain.lottery_rfc3797 import SourceError, parse_source
    from mtvdp_tui.store.lottery_session import prepare

    sources = []
    for number, text in enumerate(options.bron, start=1):
        try:
            sources.append(parse_source(text))
        except SourceError as error:
            return _fail(t("cli.loting.bad_source", number=number, message=error))
    output = options.output
    if output is not None and output.suffix.lower() not in (".json", ".html"):
        return _fail(t("cli.loting.output_suffix", path=output))
    target = path_for(options)
    if not options.demo and isinstance(target, Path) and not target.exists():  # never made here
        return _fail(t("cli.loting.no_database", path=target))
    database = open_for(options)
    try:
        if options.regio not in database.ruleset.regions:
            regions = formatting.listing(database.ruleset.regions, alternatives=True)
            return _fail(t("cli.loting.no_region", region=options.regio, regions=regions))
        preparation = prepare(database.ruleset, database.lotteries, options.regio)
        if preparation.inputs is None:
            return _fail(preparation.problem or "")
        if not preparation.inputs.pool:
            return _fail(t("cli.loting.empty_pool", region=options.regio))
        try:
            protocol = simulate(preparation.inputs.with_sources(sources))
        except LotteryError as error:
            return _fail(str(error))
    finally:
        database.close()
    if output is not None:
        is_html = output.suffix.lower() == ".html"
        data = protocol_html(protocol) if is_html else protocol_bytes(protocol)
        if (failed := _write(output, lambda: write_private(output, data))) is not None:
            return failed
        print(t("cli.loting.written", path=output))
    elif options.json:
        print(json.dumps(protocol, ensure_ascii=False, sort_keys=True, indent=2))
    else:
        print(draw_text(protocol))
    return 0


def run_lottery_verify(options: argparse.Namespace) -> int:
    """`mtvdp-tui loting verify FILE [--poolzegel HEX] [--zegel HEX]`: recompute the draw and
    both seals from the file (JSON or the HTML page) and compare the seals with the published
    ones. Prints the seals and "klopt" (0), or the first difference (1). Needs no database."""
    from mtvdp_tui.documents.loting_check import verify_file
    from mtvdp_tui.domain.lottery_protocol import MAX_PROTOCOL_BYTES
    from mtvdp_tui.domain.lottery_verify import compare_published
    from mtvdp_tui.reading import FileRefused, read_bounded

    try:
        data = read_bounded(options.file, MAX_PROTOCOL_BYTES)
    except FileRefused as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(t("cli.loting.cannot_read", path=options.file, error=dutch(error)))
    verification = verify_file(data)
    if not verification.ok:
        return _fail(verification.message)
    problems = compare_published(verification, pool_seal=options.poolzegel, draw_seal=options.zegel)
    lines = verification.report()
    if problems:
        print("\n".join(lines[:-1]))
        return _fail("\n".join(problems))
    published = [
        t("cli.loting.seal_matches", naam=name)
        for name, given in (("poolzegel", options.poolzegel), ("trekkingszegel", options.zegel))
        if given is not None
    ]
    print("\n".join([*lines[:-1], *published, lines[-1]]))
    return 0


def run_declarations_export(options: argparse.Namespace, open_for: OpenFor) -> int:
    """`mtvdp-tui declaraties export --kwartaal 2024-Q1|all --format csv|xlsx -o FILE`."""
    from mtvdp_tui.documents.declaraties import write_csv, write_xlsx
    from mtvdp_tui.domain.declaration_quarters import Quarter, QuarterError, programme_quarters
    from mtvdp_tui.domain.declarations import quarter_overview

    if (refused := _refuse_output(options.output, options.overschrijven)) is not None:
        return refused
    database = open_for(options)
    try:
        ruleset = database.ruleset
        known = programme_quarters(ruleset)
        if options.kwartaal == "all":
            quarters = list(known)
        else:
            try:
                quarters = [Quarter.parse(options.kwartaal)]
            except QuarterError as error:
                return _fail(str(error))
            if quarters[0] not in known:
                first, last = known[0].label, known[-1].label
                return _fail(
                    t("cli.declaraties.buiten", kwartaal=options.kwartaal, van=first, tot=last)
                )
        practices = database.declarations.practices()
        statuses = database.declarations.statuses(quarters)
        overviews = [quarter_overview(ruleset, practices, q, statuses) for q in quarters]
    finally:
        database.close()
    write = write_csv if options.format == "csv" else write_xlsx
    written = _write(
        options.output, lambda: write(options.output, overviews, overwrite=options.overschrijven)
    )
    if written is not None:
        return written
    rows = sum(len(overview.rows) for overview in overviews)
    count = len(overviews)
    counted = (
        t("cli.declaraties.kwartalen.een")
        if count == 1
        else t("cli.declaraties.kwartalen.meer", aantal=count)
    )
    print(t("cli.declaraties.written", rijen=rows, kwartalen=counted, pad=options.output))
    return 0


def run_monitoring_export(options: argparse.Namespace, open_for: OpenFor) -> int:
    """`mtvdp-tui monitoring export [--peildatum JJJJ-MM-DD] [--format csv|xlsx] -o FILE`: every
    item of every monitored practice with its state on the peildatum (default today). The
    format follows the file's name (.csv/.xlsx, else csv) unless --format says; a --format that
    contradicts the name is refused. Everything is checked before the database is opened."""
    from mtvdp_tui.documents.declaraties import ExportFormat
    from mtvdp_tui.documents.monitoring_export import monitoring_rows, write_monitoring

    peildatum = date.today() if options.peildatum is None else _iso_date(options.peildatum)
    if peildatum is None:
        return _fail(t("cli.monitoring.bad_peildatum", value=options.peildatum))
    suffix = options.output.suffix.lower().lstrip(".")
    named = suffix if suffix in ("csv", "xlsx") else None
    if options.format is not None and named is not None and options.format != named:
        name = options.output.name
        return _fail(
            t("cli.monitoring.format_conflict", naam=name, soort=named, format=options.format)
        )
    kind = ExportFormat(options.format or named or "csv")
    if (refused := _refuse_output(options.output, options.overschrijven)) is not None:
        return refused
    database = open_for(options)
    try:
        rows = monitoring_rows(database, peildatum)
    finally:
        database.close()
    overwrite = options.overschrijven
    failed = _write(
        options.output, lambda: write_monitoring(options.output, rows, kind, overwrite=overwrite)
    )
    if failed is not None:
        return failed
    day = formatting.numeric_date(peildatum)
    if len(rows) == 1:
        print(t("cli.monitoring.written.een", peildatum=day, pad=options.output))
    else:
        count = formatting.number(len(rows))
        print(t("cli.monitoring.written.meer", aantal=count, peildatum=day, pad=options.output))
    return 0


def _iso_date(text: str) -> date | None:
    """`text` as a date when it is exactly YYYY-MM-DD and a real day, else None."""
    import re

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip(), flags=re.ASCII) is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def run_import(options: argparse.Namespace, open_for: OpenFor) -> int:
    """`mtvdp-tui import FILE [--dry-run] [--alleen-geldige]`: print the preview, then write the
    new and changed practices in one transaction. With rows in error nothing is written (exit 1)
    unless --alleen-geldige says to skip them."""
    from mtvdp_tui.documents.import_report import report_lines, written_text
    from mtvdp_tui.domain.import_reading import ImportFileError
    from mtvdp_tui.store.practice_import import apply, preview, read_file

    try:
        data = read_file(options.file)
    except ImportFileError as error:
        return _fail(str(error))
    database = open_for(options)
    try:
        try:
            result = preview(data, options.file.name, database.ruleset, database.practices)
        except ImportFileError as error:
            return _fail(str(error))
        print("\n".join(report_lines(result.plan, options.file.name)))
        errors = len(result.plan.error_rows)
        if errors and not options.alleen_geldige:
            return _fail(t("cli.import.niets_opgeslagen", fout=errors))
        if options.dry_run:
            print(t("cli.import.proef"))
            return 0
        if result.to_write == 0:
            print(t("import.geweigerd.niets"))
            return 0
        try:
            written = apply(result, database.practices, only_valid=options.alleen_geldige)
        except RecordError as error:
            return _fail(str(error))
    finally:
        database.close()
    print(written_text(written))
    return 0


def run_export(options: argparse.Namespace, open_for: OpenFor) -> int:
    """`mtvdp-tui export FILE.csv|FILE.xlsx`: the register in the import format, by AGB."""
    from mtvdp_tui.documents.declaraties import ExportFormat
    from mtvdp_tui.documents.register_export import write_register
    from mtvdp_tui.store.practice_import import register_data

    suffix = options.file.suffix.lower().lstrip(".")
    if suffix not in ("csv", "xlsx"):
        return _fail(t("cli.export.soort", naam=options.file.name))
    if (refused := _refuse_output(options.file, options.overschrijven)) is not None:
        return refused
    database = open_for(options)
    try:
        practices = register_data(database.practices)
    finally:
        database.close()
    kind = ExportFormat(suffix)
    written = _write(
        options.file,
        lambda: write_register(options.file, practices, kind, overwrite=options.overschrijven),
    )
    if written is not None:
        return written
    print(t("cli.export.written", aantal=formatting.number(len(practices)), pad=options.file))
    return 0


def run_backup(
    options: argparse.Namespace, path_for: PathFor, data_folder: Callable[[], Path]
) -> int:
    """`mtvdp-tui backup [-o FILE] [--overschrijven]`: a consistent copy (SQLite's backup API),
    also while the app is open; by default into the database's own backup folder (the newest
    ten kept). A chosen file is checked like every output; a failed copy leaves nothing. Of a
    PostgreSQL database: a SQLite file made by `overzetten` (see `transfer_command`), in a
    folder per database in the backup folder or else in `data_folder()`."""
    from mtvdp_tui.records.errors import DatabaseError
    from mtvdp_tui.store.backup import make_backup
    from mtvdp_tui.store.database import check_existing
    from mtvdp_tui.store.database_file import sqlite_reason
    from mtvdp_tui.transfer_command import run_postgres_backup

    target = path_for(options)
    if isinstance(target, str):  # a PostgreSQL URL (`cli_parser.db_argument`)
        return run_postgres_backup(options, target, data_folder())
    try:
        path = check_existing(target)
        copy = make_backup(path, "handmatig", options.output, overwrite=options.overschrijven)
    except DatabaseError as error:
        return _fail(str(error))
    except OutputError as error:
        return _fail(_output_text(error))
    except OSError as error:
        return _fail(t("output.failed", path=options.output or path.parent, error=dutch(error)))
    except sqlite3.Error as error:
        reason = sqlite_reason(error) or t("db.reason.unable")
        return _fail(t("output.failed", path=options.output or path.parent, error=reason))
    print(t("cli.backup.written", path=copy))
    return 0


def _plan_file(options: argparse.Namespace, text: str) -> None:
    write_private(options.output, text, overwrite=options.overschrijven)


def _refuse_output(path: Path, overwrite: bool) -> int | None:
    """Exit code 1 with the Dutch reason when `path` may not be written; checked before any
    work, so a refusal leaves everything as it was."""
    try:
        check_output(path, overwrite=overwrite)
    except OutputError as error:
        return _fail(_output_text(error))
    return None


def _write(path: Path, write: Callable[[], object]) -> int | None:
    """Run `write`; exit code 1 with a Dutch message when it was refused or failed."""
    try:
        write()
    except OutputError as error:
        return _fail(_output_text(error))
    except OSError as error:
        return _fail(t("output.failed", path=path, error=dutch(error)))
    return None


def _output_text(error: OutputError) -> str:
    return f"{error} {t('output.exists.hint')}" if error.exists else str(error)


def _fail(message: str) -> int:
    print(f"mtvdp-tui: {message}", file=sys.stderr)
    return 1
