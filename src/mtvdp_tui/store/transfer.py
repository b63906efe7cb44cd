"""`overzetten`: a whole database copied from one engine to another, into an empty target.

The target's schema is made by the program's own migrations (so it has the same revision as the
source), then every table is copied in batches in foreign-key order, then checked table by table:
the row count and a content checksum (`transfer_checksum`), computed on the rows as the source gave
them and on the rows as the target gives them back. Only then is the target made final:

- SQLite: built under a temporary name beside the target and given its name at the very end;
- PostgreSQL: migrations, copy, sequence reset and check in one transaction (PostgreSQL's schema
  changes are transactional), committed at the end.

Any failure leaves the target as it was (no file; an empty database) and is a DatabaseError in
Dutch. The source is only read, in one snapshot.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy.exc
from sqlalchemy import JSON, Connection, Integer, Table, func, insert, select, text
from sqlmodel import SQLModel

from mtvdp_tui.files import SIDE_ROOM, publish, temporary_beside
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.records.errors import DatabaseError, RecordError
from mtvdp_tui.store import tables  # noqa: F401  (every table in the metadata)
from mtvdp_tui.store.sqlite_files import side_files
from mtvdp_tui.store.transfer_checksum import TableChecksum
from mtvdp_tui.store.transfer_ends import (
    End,
    check_postgres_target,
    check_revision,
    check_source,
    check_sqlite_target,
    driver_reason,
    end_for,
    postgres_engine,
    sqlite_reader,
)

BATCH = 2000
log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # table, rows copied so far, rows in the table
Checking = Callable[[str], None]  # the table whose copy is being checked now
# Run on a SQLite target after the check, before it gets its name: the source's read
# transaction and the target's write transaction (a werkkopie writes its sync point here).
Finish = Callable[[Connection, Connection], None]


@dataclass(frozen=True)
class Watch:
    """Who is told how far the copy is (the command line's progress lines)."""

    progress: Progress | None = None
    checking: Checking | None = None
    finish: Finish | None = None


@dataclass(frozen=True)
class TableResult:
    name: str
    rows: int
    checksum: str


@dataclass
class Report:
    source: str
    target: str
    tables: list[TableResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def copy_tables() -> Sequence[Table]:
    """The program's tables, parents before children."""
    return SQLModel.metadata.sorted_tables


def transfer(
    source_text: str,
    target_text: str,
    progress: Progress | None = None,
    checking: Checking | None = None,
    finish: Finish | None = None,
) -> Report:
    """Copy the database `source_text` names into the empty one `target_text` names; `progress`
    hears of every batch copied, `checking` of every table being checked; `finish` (SQLite
    targets only) adds to the checked copy before it gets its name."""
    watch = Watch(progress, checking, finish)
    source, target = end_for(source_text), end_for(target_text)
    if finish is not None and target.is_postgres:
        raise ValueError("finish is for a SQLite target")
    source = check_source(source)
    started = time.perf_counter()
    report = Report(source.shown, target.shown)
    try:
        with _reading(source) as reading:
            check_revision(reading, source)
            if target.is_postgres:
                _into_postgres(reading, target, report, watch)
            else:
                _into_sqlite(reading, source, target, report, watch)
    except DatabaseError as error:
        raise DatabaseError(source.scrub(target.scrub(str(error)))) from error.__cause__
    except (sqlalchemy.exc.SQLAlchemyError, RecordError) as error:
        raise DatabaseError(t("transfer.failed", error=_reason(error, source, target))) from error
    except OSError as error:
        raise DatabaseError(t("transfer.failed", error=dutch(error))) from error
    report.seconds = time.perf_counter() - started
    log.info("transferred %d rows in %d tables", report.rows, len(report.tables))
    return report


@contextmanager
def _reading(source: End) -> Iterator[Connection]:
    """One read-only transaction on the source: every table from the same snapshot."""
    engine = postgres_engine(source) if source.is_postgres else sqlite_reader(_path(source))
    try:
        connection = engine.connect()
        if source.is_postgres:
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection, connection.begin():
            yield connection
    finally:
        engine.dispose()


def _path(end: End) -> Path:
    if end.path is None:
        raise ValueError("not a SQLite end")
    return end.path


def _into_sqlite(
    reading: Connection, source: End, target: End, report: Report, watch: Watch
) -> None:
    from mtvdp_tui.store.database import make_engine, migrate

    path, existed = check_sqlite_target(target, source)
    partial = temporary_beside(path, "deel", room=SIDE_ROOM)
    for leftover in (partial, *side_files(partial)):
        leftover.unlink(missing_ok=True)
    try:
        engine = make_engine(partial)
        try:
            migrate(engine)
            with engine.begin() as writing:
                expected = _copy_all(reading, writing, report, watch.progress, to_postgres=False)
            with engine.connect() as checking:
                _verify(checking, expected, target, watch.checking)
            if watch.finish is not None:
                with engine.begin() as writing:
                    watch.finish(reading, writing)
        finally:
            engine.dispose()  # the last connection closing removes the WAL
        os.chmod(partial, 0o600)
        if existed and os.stat(path).st_size > 0:  # someone wrote it meanwhile: never replace
            raise DatabaseError(t("transfer.target_not_empty", target=target.shown))
        publish(partial, path, overwrite=existed)
    finally:
        for leftover in (partial, *side_files(partial)):
            leftover.unlink(missing_ok=True)


def _into_postgres(reading: Connection, target: End, report: Report, watch: Watch) -> None:
    engine = postgres_engine(target)
    try:
        with engine.connect() as writing, writing.begin():
            check_postgres_target(engine, writing, target)
            _migrate_on(writing)
            expected = _copy_all(reading, writing, report, watch.progress, to_postgres=True)
            reset_sequences(writing)
            _verify(writing, expected, target, watch.checking)
    finally:
        engine.dispose()


def _migrate_on(connection: Connection) -> None:
    """The program's migrations to head, inside the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _copy_all(
    reading: Connection,
    writing: Connection,
    report: Report,
    progress: Progress | None,
    *,
    to_postgres: bool,
) -> dict[str, tuple[int, str]]:
    """Copy every table; the source's (rows, checksum) per table."""
    expected: dict[str, tuple[int, str]] = {}
    failures: tuple[type[BaseException], ...] = (
        sqlalchemy.exc.SQLAlchemyError,
        RecordError,  # the store's own Dutch errors (a connection lost, a full disk)
        *driver_errors(writing),
    )
    for table in copy_tables():
        _clear(writing, table)
        total = reading.execute(select(func.count()).select_from(table)).scalar_one()
        checksum = TableChecksum(json_positions(table))
        try:
            for batch in _batches(reading, table):
                for row in batch:
                    checksum.add(row)
                insert_batch(writing, table, [for_target(table, row, to_postgres) for row in batch])
                if progress is not None:
                    progress(table.name, checksum.rows, total)
        except failures as error:
            raise DatabaseError(
                t("transfer.table_failed", table=table.name, error=_reason(error))
            ) from error
        if progress is not None and checksum.rows == 0:
            progress(table.name, 0, 0)
        expected[table.name] = (checksum.rows, checksum.hexdigest())
        report.tables.append(TableResult(table.name, checksum.rows, checksum.hexdigest()))
    return expected


def driver_errors(connection: Connection) -> tuple[type[BaseException], ...]:
    """The driver's own errors, which COPY raises without SQLAlchemy around it."""
    if connection.dialect.name != "postgresql":
        return ()
    import psycopg

    return (psycopg.Error,)


def _clear(writing: Connection, table: Table) -> None:
    """A migration that seeds rows would collide with the copied ones: the source is the truth."""
    writing.execute(table.delete())


def _batches(connection: Connection, table: Table) -> Iterator[Sequence[Any]]:
    query = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    yield from result.partitions(BATCH)


def insert_batch(writing: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert one batch (a seam for the tests' failure in the middle of a copy): on PostgreSQL
    with COPY (one stream, not a statement per row), elsewhere as one executemany."""
    if not rows:
        return
    if writing.dialect.name == "postgresql":
        _copy_into(writing, table, rows)
    else:
        writing.execute(insert(table), rows)


def _copy_into(writing: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """`COPY table (columns) FROM STDIN` on the transaction's own connection, each value made
    ready by its column's type as an INSERT would (JSON wrapped, a type's own conversion)."""
    from psycopg import sql

    columns = list(table.columns)
    ready = [column.type.bind_processor(writing.dialect) for column in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c.name) for c in columns)
    )
    driver = writing.connection.driver_connection
    if driver is None:
        raise RuntimeError("no driver connection")
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            values = [row[column.key] for column in columns]
            copy.write_row(
                [v if p is None or v is None else p(v) for v, p in zip(values, ready, strict=True)]
            )


def for_target(table: Table, row: Any, to_postgres: bool) -> dict[str, Any]:
    """The row as the target's columns take it: timestamps as UTC (naive ones are UTC)."""
    values = dict(zip(table.columns.keys(), row, strict=True))
    for key, value in values.items():
        if isinstance(value, datetime):
            if value.tzinfo is None:
                values[key] = value.replace(tzinfo=UTC) if to_postgres else value
            else:
                values[key] = value.astimezone(UTC)
    return values


def json_positions(table: Table) -> list[int]:
    return [i for i, column in enumerate(table.columns) if isinstance(column.type, JSON)]


def reset_sequences(connection: Connection) -> None:
    """After explicit ids: each serial/identity sequence continues after the highest id."""
    for table in copy_tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE(MAX("{keys[0].name}"), 0) + 1, false) FROM "{table.name}"'
            ),
            {"table": table.name, "column": keys[0].name},
        )


def table_checksum(connection: Connection, table: Table) -> tuple[int, str]:
    """(rows, checksum) of `table` as `connection` reads it."""
    checksum = TableChecksum(json_positions(table))
    for batch in _batches(connection, table):
        for row in batch:
            checksum.add(row)
    return checksum.rows, checksum.hexdigest()


def _verify(
    connection: Connection,
    expected: dict[str, tuple[int, str]],
    target: End,
    checking: Checking | None,
) -> None:
    """Every table of the target holds what the source held: same count, same checksum."""
    for table in copy_tables():
        if checking is not None:
            checking(table.name)
        rows, checksum = table_checksum(connection, table)
        counted = connection.execute(select(func.count()).select_from(table)).scalar_one()
        want_rows, want_checksum = expected[table.name]
        if rows != want_rows or counted != want_rows:
            raise DatabaseError(
                t("transfer.count_differs", table=table.name, source=want_rows, target=counted)
            )
        if checksum != want_checksum:
            raise DatabaseError(t("transfer.checksum_differs", table=table.name))
    log.info("verified %d tables of %s", len(expected), target.shown)


def _reason(error: BaseException, *ends: End) -> str:
    """PostgreSQL's refusal or a connection's trouble in Dutch; otherwise the driver's own first
    line (never the SQL or its parameters), password scrubbed."""
    if (dutch_reason := driver_reason(error)) is not None:
        return dutch_reason
    original = getattr(error, "orig", None) or error
    first = (str(original).strip().splitlines() or [type(original).__name__])[0].rstrip(". ")
    for end in ends:
        first = end.scrub(first)
    return first
