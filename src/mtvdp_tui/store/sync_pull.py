"""The pull of a synchronisation (SPEC §9): the werkkopie's data tables made equal to the
server's, read in one snapshot and written in one local transaction that also moves the sync
point and refreshes the open conflicts' "theirs"."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)

from mtvdp_tui.domain.sync_values import encode
from mtvdp_tui.records.sync import ChangeKind, SyncProgress, SyncReport, SyncStage
from mtvdp_tui.store import outbox
from mtvdp_tui.store.practices import DATA_FIELDS
from mtvdp_tui.store.sync_server import plan_values
from mtvdp_tui.store.tables import (
    UtcDateTime,
    utc_now,
)
from mtvdp_tui.store.transactions import write
from mtvdp_tui.store.transfer import copy_tables, for_target

Listener = Callable[[SyncProgress], None]

# The werkkopie's own tables, and the server's record of applied changes: never pulled.
NOT_PULLED = frozenset({"werkkopie", "werkkopie_wijziging", "werkkopie_conflict", "sync_toegepast"})


# Tables whose changed rows the report counts as received (the audit trail only follows them).
COUNTED = (
    "practice",
    "ion_record",
    "praktijkplan",
    "declaratie_status",
    "loting",
    "loting_deelnemer",
)


def pulled_tables() -> list[Table]:
    """The tables a pull makes equal to the server's, parents before children."""
    return [table for table in copy_tables() if table.name not in NOT_PULLED]


def pull(local: Engine, server: Engine, report: SyncReport, tell: Listener) -> bool:
    """Make the werkkopie's tables equal to the server's, in one local transaction, and move the
    sync point; False (nothing changed) when changes wait in the outbox: they go first."""
    tables = pulled_tables()
    tell(SyncProgress(SyncStage.RECEIVING, 0, len(tables)))
    with local.connect() as connection:
        if connection.execute(select(func.count()).select_from(outbox.OUTBOX)).scalar_one():
            return False
    theirs: dict[str, list[dict[str, Any]]] = {}
    with server.connect() as reading:
        reading.execution_options(isolation_level="REPEATABLE READ")
        with reading.begin():  # every table from one snapshot
            for done, table in enumerate(tables, start=1):
                rows = reading.execute(select(table).order_by(*table.primary_key.columns))
                theirs[table.name] = [for_target(table, row, to_postgres=False) for row in rows]
                tell(SyncProgress(SyncStage.RECEIVING, done, len(tables)))

    def body(connection: Connection) -> bool:
        if connection.execute(select(func.count()).select_from(outbox.OUTBOX)).scalar_one():
            return False  # a change made meanwhile: push it first
        received = 0
        for table in tables:
            if table.name in COUNTED:
                received += _differing(connection, table, theirs[table.name])
        for table in reversed(tables):
            connection.execute(delete(table))
        for table in tables:
            if theirs[table.name]:
                connection.execute(insert(table), theirs[table.name])
        _refresh_conflicts(connection, theirs)
        connection.execute(update(outbox.STATE).values(synced_at=utc_now()))
        report.received += received
        return True

    return write(local, body)


def _differing(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """How many of the server's rows are not the same here (new, changed or gone)."""
    keys = [column.name for column in table.primary_key.columns]
    # What a person changed, not when or which version: my own change coming back is not news.
    bookkeeping = {"version", "row_version"} | {
        column.name for column in table.columns if isinstance(column.type, UtcDateTime)
    }

    def keyed(found: Iterable[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        return {
            tuple(row[key] for key in keys): {
                name: value for name, value in row.items() if name not in bookkeeping
            }
            for row in found
        }

    ours = keyed(
        for_target(table, row, to_postgres=False)
        for row in connection.execute(select(table).order_by(*table.primary_key.columns))
    )
    server_rows = keyed(rows)
    return sum(
        1 for key in ours.keys() | server_rows.keys() if ours.get(key) != server_rows.get(key)
    )


def _refresh_conflicts(connection: Connection, pulled: dict[str, list[dict[str, Any]]]) -> None:
    """Each open conflict's "theirs" becomes what the server has now, as the werkkopie shows it
    after this pull: a decision is made, and checked, against the server's latest version."""
    conflicts = outbox.CONFLICTS
    regions = {row["id"]: row["name"] for row in pulled["region"]}
    practices = {row["agb"]: row for row in pulled["practice"]}
    ion = {(row["practice_id"], row["peildatum"]): row["ion"] for row in pulled["ion_record"]}
    plans = {(row["practice_id"], row["version"]): row for row in pulled["praktijkplan"]}
    open_rows = connection.execute(select(conflicts).where(conflicts.c.decided_at.is_(None)))
    for row in open_rows.mappings().all():
        practice = practices.get(row["agb"])
        values: dict[str, Any] | None = None
        version: int | None = None
        if practice is not None and row["kind"] == ChangeKind.PRAKTIJK.value:
            values = {name: practice[name] for name in DATA_FIELDS}
            values["region"] = regions[practice["region_id"]]
            version = practice["version"]
        elif practice is not None and row["kind"] == ChangeKind.ION.value:
            found = ion.get((practice["id"], row["peildatum"]))
            values = None if found is None else {"ion": found}
        elif practice is not None:
            plan = plans.get((practice["id"], row["plan_version"]))
            if plan is not None:
                values, version = plan_values(plan), plan["row_version"]
        text = encode(values)
        if (text, version) != (row["theirs"], row["theirs_version"]):
            connection.execute(
                update(conflicts)
                .where(conflicts.c.id == row["id"])
                .values(theirs=text, theirs_version=version)
            )
