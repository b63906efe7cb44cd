"""Synchronising a werkkopie with the organisation's server (SPEC §9): push, then pull.

Push. The outbox is sent in batches, oldest change first; each batch is ONE write transaction on
the server (under the write lock every writer takes, `transactions.write`). The batch reads the
records its changes are about in a few statements, decides change by change in Python — a change
applies only when the server's record still has the values the change was based on (a new
record: when it does not exist; a new practice whose AGB the server has is a conflict) — and
writes the outcome in a few more statements, recording the id of every change it applied in
`sync_toegepast`. A change whose id is there already was applied by an earlier, interrupted
synchronisation: it counts as `already` and is not applied again. Only after the server
committed does a local transaction take the sent changes out of the outbox and keep the
conflicts; an interruption in between sends them again, harmlessly.

A change that cannot apply becomes a conflict (`werkkopie_conflict`): nothing of it is applied,
mine, theirs and the base are kept until a person decides (`store.conflicts`). Changes made
later to the same record, still based on my version, join that conflict rather than fail one by
one.

Pull. Only with an empty outbox (a change made during the push is pushed first, another round):
the server's tables are read in one snapshot and the werkkopie's are made equal to them in one
local transaction, which also moves the sync point. Nothing typed is lost by it: every local
change has either reached the server or is kept in a conflict.

This module decides (push, conflicts, the rounds); `sync_server` holds the server's records
for one batch and writes them back, `sync_pull` makes the werkkopie equal to the server.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import sqlalchemy.exc
from sqlalchemy import (
    Connection,
    Engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)

from mtvdp_tui import formatting
from mtvdp_tui.domain.sync_values import AGB, decode, encode, shape_problem
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError, RecordError
from mtvdp_tui.records.sync import ChangeKind, SyncProgress, SyncReport, SyncStage
from mtvdp_tui.store import outbox, postgres
from mtvdp_tui.store.database import Database, current_revision
from mtvdp_tui.store.sync_pull import Listener
from mtvdp_tui.store.sync_pull import pull as _pull
from mtvdp_tui.store.sync_server import (
    AUDIT,
    PLAN,
    Change,
    Key,
    Refusal,
    ServerState,
    plan_normal,
)
from mtvdp_tui.store.tables import (
    AppliedChange,
    table_of,
    utc_now,
)
from mtvdp_tui.store.transactions import inserted_id, write
from mtvdp_tui.store.werkkopie_make import database_id

__all__ = ["AUDIT", "PLAN", "NotAWerkkopie", "progress_line", "summary", "synchronise"]

log = logging.getLogger(__name__)

BATCH = 250  # changes per server transaction
ROUNDS = 5  # push-and-pull rounds before giving up on a user who keeps typing meanwhile
APPLIED = table_of(AppliedChange)


class NotAWerkkopie(DatabaseError):
    """The database is not a werkkopie: there is nothing to synchronise."""


def synchronise(
    database: Database, *, server: str | None = None, progress: Listener | None = None
) -> SyncReport:
    """Push the werkkopie's outbox to its organisation database, then pull the server's state.

    `server`: the organisation database's URL (with a password, if one is needed); by default
    the one the werkkopie was made from (libpq then finds the password itself). Refused (a Dutch
    DatabaseError, nothing changed) when this is not a werkkopie, or the server is another
    organisation database than the one it was made from. A broken connection is a Dutch
    DatabaseError too: what was committed on either side stays consistent, and running it again
    finishes the job. Two synchronisations of one werkkopie at once do no harm: what one applied
    the other counts as already there, and a conflict is kept once.
    """
    tell = progress or (lambda _progress: None)
    local = database.engine
    with local.connect() as connection:
        state = connection.execute(select(outbox.STATE)).mappings().first()
    if state is None:
        raise NotAWerkkopie(t("sync.not_werkkopie", name=database.name))
    url = server or state["server"]
    report = SyncReport()
    tell(SyncProgress(SyncStage.CONNECTING))
    engine = postgres.make_engine(url)

    def count(*_args: object) -> None:
        report.round_trips += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        with engine.connect() as holding:
            _check_server(holding, local, state["database_id"], url)
        _rounds(local, engine, report, tell)
    except RecordError as error:  # the store's Dutch reason: a connection lost, a full disk
        raise DatabaseError(t("sync.failed", error=str(error).rstrip(". "))) from error
    except sqlalchemy.exc.SQLAlchemyError as error:
        raise DatabaseError(t("sync.failed", error=_first_line(error))) from error
    finally:
        engine.dispose()
    with local.connect() as connection:
        report.open_conflicts = _open_conflicts(connection)
    tell(SyncProgress(SyncStage.DONE, report.sent, report.sent))
    log.info(
        "synchronised: %d sent, %d already, %d conflicts, %d received, %d round trips",
        report.sent,
        report.already,
        report.conflicts,
        report.received,
        report.round_trips,
    )
    return report


def _rounds(local: Engine, engine: Engine, report: SyncReport, tell: Listener) -> None:
    """Push, then pull; again while changes were made meanwhile (a few times at most)."""
    for _round in range(ROUNDS):
        report.rounds += 1
        _push(local, engine, report, tell)
        if _pull(local, engine, report, tell):
            return
    report.notes.append(t("sync.still_changing"))


def progress_line(step: SyncProgress) -> str:
    """Where a synchronisation is, in Dutch: the command line's live line, the app's dialog."""
    return t(
        f"sync.stage.{step.stage.value}",
        done=formatting.number(step.done),
        total=formatting.number(step.total),
    )


def summary(report: SyncReport) -> list[str]:
    """What a synchronisation did, in Dutch: the command line prints it, the app shows it."""
    lines = [
        t(
            "sync.done.sent",
            sent=formatting.number(report.sent),
            already=formatting.number(report.already),
        )
        if report.already
        else t("sync.done.sent_only", sent=formatting.number(report.sent)),
        t("sync.done.received", received=formatting.number(report.received)),
    ]
    if report.conflicts:
        lines.append(t("sync.done.new_conflicts", count=formatting.number(report.conflicts)))
    if report.open_conflicts:
        lines.append(t("sync.done.open_conflicts", count=formatting.number(report.open_conflicts)))
    return [*lines, *report.notes]


def _check_server(connection: Connection, local: Engine, identity: str, url: str) -> None:
    """The server must be the organisation database this werkkopie was made from, on the same
    schema revision."""
    if database_id(connection) != identity:
        raise DatabaseError(t("sync.other_database", server=postgres.display_name(url)))
    server_revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if server_revision != current_revision(local):
        raise DatabaseError(t("sync.other_revision", server=postgres.display_name(url)))


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return (str(original).strip().splitlines() or [type(original).__name__])[0]


def _open_conflicts(connection: Connection) -> int:
    conflicts = outbox.CONFLICTS
    return int(
        connection.execute(
            select(func.count()).select_from(conflicts).where(conflicts.c.decided_at.is_(None))
        ).scalar_one()
    )


# --- push ------------------------------------------------------------------------------------


@dataclass
class Held:
    """A conflict: found in this push, or open since before the last pull and joined by a
    later change to the same record (the werkkopie still showed my version when it was made)."""

    key: Key
    change_ids: list[str]
    base: dict[str, Any] | None
    mine: dict[str, Any] | None
    theirs: dict[str, Any] | None
    theirs_version: int | None
    conflict_id: int | None = None  # the open conflict joined
    touched: bool = True  # a change of this batch is in it
    dependents: list[Held] = field(default_factory=list)  # a clashing practice's ION and plans
    fresh: bool = True  # found in this push: the werkkopie has not pulled since


@dataclass
class Outcome:
    """What the server did with one batch."""

    applied: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)


def _push(local: Engine, server: Engine, report: SyncReport, tell: Listener) -> None:
    with local.connect() as connection:
        total = connection.execute(select(func.count()).select_from(outbox.OUTBOX)).scalar_one()
    done = 0
    fresh: set[int] = set()  # the conflicts this push found
    tell(SyncProgress(SyncStage.SENDING, 0, total))
    while True:
        with local.connect() as connection:
            changes = _read_batch(connection)
            joinable = _joinable_conflicts(connection, fresh)
        if not changes:
            return
        outcome = write(server, partial(_apply_batch, changes=changes, joinable=joinable))
        fresh |= write(local, partial(_keep_outcome, changes=changes, outcome=outcome))
        report.sent += len(outcome.applied)
        report.already += len(outcome.already)
        report.conflicts += sum(1 for held in outcome.held if held.conflict_id is None)
        done += len(changes)
        tell(SyncProgress(SyncStage.SENDING, done, max(total, done)))


def _read_batch(connection: Connection) -> list[Change]:
    """The oldest changes in the outbox, at most a batch. A change that is not what the program
    writes (a damaged or altered file) stops the synchronisation before the batch is sent."""
    rows = connection.execute(select(outbox.OUTBOX).order_by(outbox.OUTBOX.c.id).limit(BATCH))
    changes: list[Change] = []
    for row in rows:
        try:
            changes.append(_change(row))
        except DatabaseError:
            if changes:  # the ones before it go first
                return changes
            raise
    return changes


def _change(row: Any) -> Change:
    try:
        change = Change(
            row_id=row.id,
            change_id=str(row.change_id),
            kind=ChangeKind(row.kind),
            agb=str(row.agb),
            peildatum=row.peildatum,
            plan_version=row.plan_version,
            base=decode(row.kind, row.base),
            after=decode(row.kind, row.after),
            made_by=str(row.made_by),
        )
        problem = (
            shape_problem(row.kind, change.base)
            or shape_problem(row.kind, change.after)
            or _key_problem(change)
        )
        if problem is None and change.kind is ChangeKind.PLAN:
            for values in (change.base, change.after):
                if values is not None:
                    plan_normal(values)  # a plan the program can read
    except (ValueError, TypeError, KeyError) as error:  # not JSON, a date, a kind, a plan
        problem = str(error)
    if problem is not None:
        log.warning("outbox change %s refused: %s", row.id, problem)
        raise DatabaseError(t("sync.damaged", number=row.id))
    return change


def _key_problem(change: Change) -> str | None:
    if not AGB.fullmatch(change.agb):
        return "agb is not 8 digits"
    if (change.kind is ChangeKind.ION) != (change.peildatum is not None):
        return "peildatum"
    if (change.kind is ChangeKind.PLAN) != isinstance(change.plan_version, int):
        return "plan version"
    if change.base is None and change.after is None:
        return "neither before nor after"
    return None


def _joinable_conflicts(connection: Connection, fresh: set[int]) -> dict[Key, Held]:
    """Every open conflict: a later change that continues from my version of its record (based
    on what the conflict keeps as mine) joins it. One based on the server's version, as the
    pull brought it since, is a change of its own."""
    conflicts = outbox.CONFLICTS
    rows = connection.execute(
        select(conflicts).where(conflicts.c.decided_at.is_(None)).order_by(conflicts.c.id)
    )
    found: dict[Key, Held] = {}
    for row in rows:
        key: Key = (row.kind, row.agb, row.peildatum, row.plan_version)
        held = Held(
            key=key,
            change_ids=json.loads(row.change_ids),
            base=decode(row.kind, row.base),
            mine=decode(row.kind, row.mine),
            theirs=decode(row.kind, row.theirs),
            theirs_version=row.theirs_version,
            conflict_id=row.id,
            touched=False,
            fresh=row.id in fresh,
        )
        found[key] = held
        _alias(found, held)
    return found


def _alias(held_by_key: dict[Key, Held], held: Held) -> None:
    """A new practice whose AGB I corrected is known here by its new AGB: later changes name
    that."""
    kind, agb, _, _ = held.key
    if kind == ChangeKind.PRAKTIJK.value and held.mine and held.mine.get("agb") != agb:
        held_by_key[(kind, str(held.mine["agb"]), None, None)] = held


def _continues(held: Held, change: Change) -> bool:
    """Whether `change` was made on top of the values `held` keeps as mine."""
    if change.base is None or held.mine is None:
        return change.base is None and held.mine is None
    if change.kind is ChangeKind.PLAN:
        return plan_normal(change.base) == plan_normal(held.mine)
    return change.base == held.mine


def _clash(held: Held | None) -> bool:
    """A new practice of mine whose AGB the server has (perhaps another practice altogether),
    found in this push: its ION and plan, made before the pull, are mine too."""
    return held is not None and held.fresh and held.base is None and held.theirs is not None


@dataclass
class Batch:
    """One batch being decided on the server: what applies, what is held."""

    state: ServerState
    held: dict[Key, Held]
    applied: list[Change] = field(default_factory=list)  # what is written (and audited)
    applied_ids: list[str] = field(default_factory=list)  # every change id that took effect

    def hold(self, change: Change, refusal: Refusal) -> Held:
        theirs, theirs_version = refusal
        new = Held(
            change.key, [change.change_id], change.base, change.after, theirs, theirs_version
        )
        self.held[change.key] = new
        _alias(self.held, new)
        return new

    def apply(self, change: Change, ids: Sequence[str]) -> bool:
        if self.state.apply(change) is not None:
            return False
        self.applied.append(change)
        self.applied_ids.extend(ids)
        return True

    def forget(self, held: Held) -> None:
        for key in [key for key, found in self.held.items() if found is held]:
            del self.held[key]

    def moved_to_free_code(self, held: Held, change: Change) -> bool:
        """My new practice clashed on its AGB, and this change corrects the code to one the
        server does not have: then it is simply a new practice, with all it held."""
        if not (_clash(held) and change.kind is ChangeKind.PRAKTIJK and change.after):
            return False
        code = str(change.after["agb"])
        if code == held.key[1] or code in self.state.by_agb:
            return False
        created = replace(change, agb=code, base=None)
        if not self.apply(created, [*held.change_ids, change.change_id]):
            return False
        self.forget(held)
        for dependent in held.dependents:  # its ION and plan, held while it clashed
            last = Change(
                row_id=0,
                change_id=dependent.change_ids[-1],
                kind=ChangeKind(dependent.key[0]),
                agb=code,
                peildatum=dependent.key[2],
                plan_version=dependent.key[3],
                base=None,
                after=dependent.mine,
                made_by=change.made_by,
            )
            if dependent.mine is not None and self.apply(last, dependent.change_ids):
                self.forget(dependent)
        return True


def _apply_batch(
    connection: Connection, changes: Sequence[Change], joinable: dict[Key, Held]
) -> Outcome:
    """On the server, in the caller's transaction: apply what still matches, hold the rest.
    Pure in its inputs (a serialization failure runs it again)."""
    outcome = Outcome()
    copies = {
        id(held): replace(held, change_ids=list(held.change_ids)) for held in joinable.values()
    }
    held = {key: copies[id(found)] for key, found in joinable.items()}
    ids = [change.change_id for change in changes]
    applied_before = set(
        connection.execute(
            select(APPLIED.c.change_id).where(APPLIED.c.change_id.in_(ids))
        ).scalars()
    )
    batch = Batch(ServerState.read(connection, changes), held)
    for change in changes:
        if change.change_id in applied_before:
            outcome.already.append(change.change_id)
            continue
        joined = held.get(change.key)
        if joined is not None and _continues(joined, change):
            if joined.conflict_id is None and batch.moved_to_free_code(joined, change):
                continue
            joined.change_ids.append(change.change_id)
            joined.mine = change.after
            joined.touched = True
            _alias(held, joined)
            continue
        owner = held.get((ChangeKind.PRAKTIJK.value, change.agb, None, None))
        if change.kind is not ChangeKind.PRAKTIJK and _clash(owner):
            assert owner is not None  # its ION or plan waits with it: not for their practice
            owner.dependents.append(batch.hold(change, batch.state.current(change)))
            continue
        if change.kind is ChangeKind.PLAN and any(
            key[0] == ChangeKind.PLAN.value and key[1] == change.agb and found.fresh
            for key, found in held.items()
        ):  # an earlier version of this plan is held: a later one waits with it
            batch.hold(change, batch.state.current(change))
            continue
        refusal = batch.state.apply(change)
        if refusal is None:
            batch.applied.append(change)
            batch.applied_ids.append(change.change_id)
        else:
            batch.hold(change, refusal)
    batch.state.write(connection, batch.applied)
    outcome.applied = batch.applied_ids
    if batch.applied_ids:
        now = utc_now()
        connection.execute(
            insert(APPLIED), [{"change_id": done, "applied_at": now} for done in batch.applied_ids]
        )
    unique = {id(held_one): held_one for held_one in held.values() if held_one.touched}
    outcome.held = list(unique.values())
    return outcome


def _keep_outcome(connection: Connection, changes: Sequence[Change], outcome: Outcome) -> set[int]:
    """Locally, after the server committed: the batch leaves the outbox, its conflicts stay;
    the ids of the new conflicts."""
    conflicts = outbox.CONFLICTS
    connection.execute(
        delete(outbox.OUTBOX).where(outbox.OUTBOX.c.id.in_([change.row_id for change in changes]))
    )
    now = utc_now()
    found: set[int] = set()
    # Another synchronisation of this werkkopie at the same time (the app's and the command
    # line's) may have kept the same conflict already: it is joined, never kept twice.
    stored = {
        row.id: json.loads(row.change_ids)
        for row in connection.execute(
            select(conflicts.c.id, conflicts.c.change_ids).where(conflicts.c.decided_at.is_(None))
        )
    }
    kept = {change_id: found for found, ids in stored.items() for change_id in ids}
    for held in outcome.held:
        kind = held.key[0]
        if held.conflict_id is None:
            held.conflict_id = next((kept[c] for c in held.change_ids if c in kept), None)
        if held.conflict_id is not None:
            before = stored.get(held.conflict_id, [])
            held.change_ids = [*before, *(c for c in held.change_ids if c not in before)]
        values = {
            "change_ids": json.dumps(held.change_ids),
            "mine": encode(held.mine),
        }
        if held.conflict_id is not None:
            connection.execute(
                update(conflicts).where(conflicts.c.id == held.conflict_id).values(**values)
            )
            continue
        _, agb, peildatum, plan_version = held.key
        inserted = connection.execute(
            insert(conflicts).values(
                kind=kind,
                agb=agb,
                peildatum=peildatum,
                plan_version=plan_version,
                base=encode(held.base),
                theirs=encode(held.theirs),
                theirs_version=held.theirs_version,
                found_at=now,
                **values,
            )
        )
        found.add(inserted_id(inserted))
    return found
