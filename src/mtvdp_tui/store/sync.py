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
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

import sqlalchemy.exc
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    delete,
    event,
    func,
    insert,
    select,
    update,
)

from mtvdp_tui import formatting
from mtvdp_tui.domain.search_text import audit_key
from mtvdp_tui.domain.sync_values import AGB, decode, encode, shape_problem
from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.errors import DatabaseError, RecordError
from mtvdp_tui.records.sync import ChangeKind, SyncProgress, SyncReport, SyncStage
from mtvdp_tui.store import outbox, postgres
from mtvdp_tui.store.audit import changed_fields, dumped, host_name, practice_subject, role_value
from mtvdp_tui.store.database import Database, current_revision
from mtvdp_tui.store.ion_records import ION
from mtvdp_tui.store.plans import plan_from_json, plan_to_json
from mtvdp_tui.store.practice_search import P, R, derived_values
from mtvdp_tui.store.practices import DATA_FIELDS
from mtvdp_tui.store.tables import (
    AppliedChange,
    AuditEntry,
    PlanRecord,
    UtcDateTime,
    table_of,
    utc_now,
)
from mtvdp_tui.store.transactions import inserted_id, write
from mtvdp_tui.store.transfer import copy_tables, for_target
from mtvdp_tui.store.werkkopie_make import database_id

log = logging.getLogger(__name__)

BATCH = 250  # changes per server transaction
ROUNDS = 5  # push-and-pull rounds before giving up on a user who keeps typing meanwhile
PLAN = table_of(PlanRecord)
APPLIED = table_of(AppliedChange)
AUDIT = table_of(AuditEntry)
# The werkkopie's own tables, and the server's record of applied changes: never pulled.
NOT_PULLED = frozenset({"werkkopie", "werkkopie_wijziging", "werkkopie_conflict", "sync_toegepast"})
PRACTICE_FIELDS = (*DATA_FIELDS, "region")
PLAN_FIELDS = ("status", "submitted_on", "content")

Listener = Callable[[SyncProgress], None]


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

Key = tuple[str, str, date | None, int | None]  # kind, agb, peildatum, plan version


@dataclass(frozen=True)
class Change:
    """One outbox row, decoded."""

    row_id: int
    change_id: str
    kind: ChangeKind
    agb: str
    peildatum: date | None
    plan_version: int | None
    base: dict[str, Any] | None
    after: dict[str, Any] | None
    made_by: str

    @property
    def key(self) -> Key:
        return (self.kind.value, self.agb, self.peildatum, self.plan_version)


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
                    _plan_normal(values)  # a plan the program can read
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
        return _plan_normal(change.base) == _plan_normal(held.mine)
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


# --- the server's records, as a batch sees them --------------------------------------------

Refusal = tuple[dict[str, Any] | None, int | None]  # theirs, theirs' version


@dataclass(eq=False)
class PracticeState:
    id: int | None  # None: new, inserted by this batch
    version: int | None
    original: dict[str, Any] | None  # as read (None: new)
    values: dict[str, Any]


@dataclass(eq=False)
class IonState:
    practice: PracticeState
    peildatum: date
    original: int | None
    value: int | None


@dataclass(eq=False)
class PlanState:
    practice: PracticeState
    version: int
    id: int | None
    row_version: int | None
    original: dict[str, Any] | None
    values: dict[str, Any]


@dataclass
class ServerState:
    """The records a batch is about: read in a few statements, changed in memory change by
    change, written back in a few more."""

    regions: dict[str, int]
    by_agb: dict[str, PracticeState]
    ion: dict[tuple[PracticeState, date], IonState]
    plans: dict[tuple[PracticeState, int], PlanState]
    owner: dict[str, PracticeState] = field(default_factory=dict)  # change id: its practice

    @classmethod
    def read(cls, connection: Connection, changes: Iterable[Change]) -> ServerState:
        agbs: set[str] = set()
        for change in changes:
            agbs.add(change.agb)
            if change.kind is ChangeKind.PRAKTIJK and change.after:
                agbs.add(str(change.after["agb"]))
        regions = {
            name: region_id for region_id, name in connection.execute(select(R.c.id, R.c.name))
        }
        columns = [P.c[name] for name in DATA_FIELDS]
        rows = connection.execute(
            select(P.c.id, P.c.version, *columns, R.c.name.label("region"))
            .select_from(P.join(R))
            .where(P.c.agb.in_(sorted(agbs)))
        ).mappings()
        by_agb: dict[str, PracticeState] = {}
        by_id: dict[int, PracticeState] = {}
        for row in rows:
            values = {name: row[name] for name in PRACTICE_FIELDS}
            practice = PracticeState(row["id"], row["version"], dict(values), values)
            by_agb[row["agb"]] = by_id[row["id"]] = practice
        ion: dict[tuple[PracticeState, date], IonState] = {}
        plans: dict[tuple[PracticeState, int], PlanState] = {}
        if by_id:
            for practice_id, peildatum, value in connection.execute(
                select(ION.c.practice_id, ION.c.peildatum, ION.c.ion).where(
                    ION.c.practice_id.in_(sorted(by_id))
                )
            ):
                owner = by_id[practice_id]
                ion[(owner, peildatum)] = IonState(owner, peildatum, value, value)
            for row in connection.execute(
                select(PLAN).where(PLAN.c.practice_id.in_(sorted(by_id)))
            ).mappings():
                owner = by_id[row["practice_id"]]
                values = plan_values(row)
                plans[(owner, row["version"])] = PlanState(
                    owner, row["version"], row["id"], row["row_version"], values, dict(values)
                )
        return cls(regions, by_agb, ion, plans)

    def current(self, change: Change) -> Refusal:
        """What the server has for the record `change` is about (None: nothing)."""
        practice = self.by_agb.get(change.agb)
        if practice is None:
            return None, None
        if change.kind is ChangeKind.PRAKTIJK:
            return dict(practice.values), practice.version
        if change.kind is ChangeKind.ION:
            assert change.peildatum is not None
            found = self.ion.get((practice, change.peildatum))
            return (None if found is None or found.value is None else {"ion": found.value}), None
        assert change.plan_version is not None
        plan = self.plans.get((practice, change.plan_version))
        return (None, None) if plan is None else (dict(plan.values), plan.row_version)

    def apply(self, change: Change) -> Refusal | None:
        """Apply `change` in memory; None when it applied, else what the server has instead."""
        if change.kind is ChangeKind.PRAKTIJK:
            return self._practice(change)
        practice = self.by_agb.get(change.agb)
        if practice is None:
            return None, None  # the practice is not (or no longer) on the server
        if change.kind is ChangeKind.ION:
            return self._ion(practice, change)
        return self._plan(practice, change)

    def _practice(self, change: Change) -> Refusal | None:
        practice = self.by_agb.get(change.agb)
        after = change.after
        theirs: Refusal = (
            (None, None) if practice is None else (dict(practice.values), practice.version)
        )
        if after is None or str(after.get("region")) not in self.regions:
            return theirs  # a werkkopie deletes no practice; a region the server lacks
        if change.base is None:
            if practice is not None:
                return theirs  # the same AGB on the server: never a duplicate
            practice = PracticeState(None, None, None, dict(after))
            self.by_agb[str(after["agb"])] = practice
            self.owner[change.change_id] = practice
            return None
        if practice is None or not _matches(practice.values, change.base):
            return theirs
        new_agb = str(after["agb"])
        if new_agb != change.agb and new_agb in self.by_agb:
            return theirs
        del self.by_agb[change.agb]
        practice.values = {name: after.get(name) for name in PRACTICE_FIELDS}
        self.by_agb[new_agb] = practice
        self.owner[change.change_id] = practice
        return None

    def _ion(self, practice: PracticeState, change: Change) -> Refusal | None:
        assert change.peildatum is not None
        found = self.ion.get((practice, change.peildatum))
        current = None if found is None else found.value
        if current != (None if change.base is None else change.base.get("ion")):
            return (None if current is None else {"ion": current}), None
        value = None if change.after is None else change.after.get("ion")
        if found is None:
            found = IonState(practice, change.peildatum, None, None)
            self.ion[(practice, change.peildatum)] = found
        found.value = None if value is None else int(value)
        self.owner[change.change_id] = practice
        return None

    def _plan(self, practice: PracticeState, change: Change) -> Refusal | None:
        assert change.plan_version is not None
        found = self.plans.get((practice, change.plan_version))
        theirs: Refusal = (None, None) if found is None else (dict(found.values), found.row_version)
        if change.after is None:
            return theirs
        if change.base is None:
            if found is not None:
                return theirs
        elif found is None or not _matches(found.values, _plan_normal(change.base)):
            return theirs
        after = _plan_normal(change.after)
        if found is None:
            found = PlanState(practice, change.plan_version, None, None, None, after)
            self.plans[(practice, change.plan_version)] = found
        else:
            found.values = after
        self.owner[change.change_id] = practice
        return None

    def write(self, connection: Connection, applied: Sequence[Change]) -> None:
        """Write what the applied changes did, and their audit entries: a few statements."""
        if not applied:
            return
        now = utc_now()
        practices = {id(p): p for p in self.by_agb.values()}.values()
        renamed = [
            p for p in practices if p.original is not None and p.values["agb"] != p.original["agb"]
        ]
        if renamed:  # AGB codes may move between practices within a batch: out of the way first
            connection.execute(
                update(P).where(P.c.id == bindparam("p_id")).values(agb=bindparam("p_agb")),
                [{"p_id": p.id, "p_agb": f"~{p.id}"} for p in renamed],
            )
        new = [p for p in practices if p.id is None]
        if new:
            rows = [{**self._practice_row(p, now), "created_at": now, "version": 1} for p in new]
            inserted = connection.execute(
                insert(P).returning(P.c.id, P.c.agb, sort_by_parameter_order=True), rows
            )
            for practice, (practice_id, _agb) in zip(new, inserted, strict=True):
                practice.id = practice_id
        changed = [p for p in practices if p.original is not None and p.values != p.original]
        if changed:
            template: dict[str, Any] = {
                key: bindparam(f"v_{key}") for key in self._practice_row(changed[0], now)
            }
            connection.execute(
                update(P)
                .where(P.c.id == bindparam("p_id"))
                .values(**template, version=P.c.version + 1),
                [
                    {"p_id": p.id, **{f"v_{k}": v for k, v in self._practice_row(p, now).items()}}
                    for p in changed
                ],
            )
        self._write_ion(connection, now)
        self._write_plans(connection, now)
        self._write_audit(connection, applied, now)

    def _practice_row(self, practice: PracticeState, now: Any) -> dict[str, Any]:
        values = practice.values
        return {
            **{name: values.get(name) for name in DATA_FIELDS},
            "region_id": self.regions[str(values["region"])],
            **derived_values(
                str(values["agb"]), str(values["name"]), str(values.get("wijk") or "")
            ),
            "updated_at": now,
        }

    def _write_ion(self, connection: Connection, now: Any) -> None:
        moved = [state for state in self.ion.values() if state.value != state.original]
        if not moved:
            return
        gone = [s for s in moved if s.original is not None]
        if gone:
            connection.execute(
                delete(ION).where(
                    ION.c.practice_id == bindparam("p_id"), ION.c.peildatum == bindparam("p_day")
                ),
                [{"p_id": s.practice.id, "p_day": s.peildatum} for s in gone],
            )
        added = [s for s in moved if s.value is not None]
        if added:
            connection.execute(
                insert(ION),
                [
                    {
                        "practice_id": s.practice.id,
                        "peildatum": s.peildatum,
                        "ion": s.value,
                        "recorded_at": now,
                    }
                    for s in added
                ],
            )
        latest = (
            select(ION.c.ion)
            .where(ION.c.practice_id == P.c.id)
            .order_by(ION.c.peildatum.desc())
            .limit(1)
            .scalar_subquery()
        )
        owners = sorted({s.practice.id for s in moved if s.practice.id is not None})
        connection.execute(
            update(P)
            .where(P.c.id.in_(owners))
            .values(ion=latest, version=P.c.version + 1, updated_at=now)
        )

    def _write_plans(self, connection: Connection, now: Any) -> None:
        new = [s for s in self.plans.values() if s.id is None]
        if new:
            connection.execute(
                insert(PLAN),
                [
                    {
                        "practice_id": s.practice.id,
                        "version": s.version,
                        **s.values,
                        "row_version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for s in new
                ],
            )
        changed = [s for s in self.plans.values() if s.id is not None and s.values != s.original]
        if changed:
            connection.execute(
                update(PLAN)
                .where(PLAN.c.id == bindparam("p_id"))
                .values(
                    **{name: bindparam(f"v_{name}") for name in PLAN_FIELDS},
                    row_version=PLAN.c.row_version + 1,
                    updated_at=now,
                ),
                [{"p_id": s.id, **{f"v_{k}": s.values[k] for k in PLAN_FIELDS}} for s in changed],
            )

    def _write_audit(self, connection: Connection, applied: Sequence[Change], now: Any) -> None:
        """One audit entry per change applied, by the person who made it offline."""
        rows = []
        for change in applied:
            practice = self.owner[change.change_id]
            subject = practice_subject(str(practice.values["name"]), str(practice.values["agb"]))
            entity, action, before, after = _audit_facts(change)
            rows.append(
                {
                    "at": now,
                    "os_user": change.made_by,
                    "host": host_name(),
                    "entity": entity.value,
                    "action": action.value,
                    "practice_id": practice.id,
                    "subject": subject,
                    "search_key": audit_key(subject, change.made_by),
                    "before": dumped(before),
                    "after": dumped(after),
                }
            )
        if rows:
            connection.execute(insert(AUDIT).values(db_role=role_value(connection)), rows)


def _matches(current: dict[str, Any], base: dict[str, Any]) -> bool:
    """Whether the server's record still has the values the change was based on."""
    return {key: current.get(key) for key in base} == base


def plan_values(row: Any) -> dict[str, Any]:
    """A plan version's values as a werkkopie sends them (`plans.sync_values`)."""
    return _plan_normal({name: row[name] for name in PLAN_FIELDS})


def _plan_normal(values: dict[str, Any]) -> dict[str, Any]:
    """The content as the program writes it today: equal plans compare equal, however the
    text was once laid out."""
    return {**values, "content": plan_to_json(plan_from_json(str(values["content"])))}


def _audit_facts(
    change: Change,
) -> tuple[Entity, Action, dict[str, Any] | None, dict[str, Any] | None]:
    """What the audit trail keeps of an applied change, as the repositories record it."""
    base, after = change.base, change.after
    action = (
        Action.AANGEMAAKT
        if base is None
        else Action.VERWIJDERD
        if after is None
        else Action.GEWIJZIGD
    )
    if change.kind is ChangeKind.PRAKTIJK:
        if base is None:
            return Entity.PRAKTIJK, action, None, after
        before_fields, after_fields = changed_fields(base, after or {})
        return Entity.PRAKTIJK, action, before_fields, after_fields
    if change.kind is ChangeKind.ION:
        day = {"peildatum": change.peildatum}
        return (
            Entity.ION,
            action,
            None if base is None else {**day, "ion": base.get("ion")},
            None if after is None else {**day, "ion": after.get("ion")},
        )

    def facts(values: dict[str, Any] | None) -> dict[str, Any]:
        if values is None:
            return {}
        return {
            "versie": change.plan_version,
            "status": values.get("status"),
            "ingediend_op": values.get("submitted_on"),
        }

    before_facts, after_facts = changed_fields(facts(base), facts(after))
    return Entity.PRAKTIJKPLAN, action, before_facts if base else None, after_facts


# --- pull ------------------------------------------------------------------------------------

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


def _pull(local: Engine, server: Engine, report: SyncReport, tell: Listener) -> bool:
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
