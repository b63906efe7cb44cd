"""The werkkopie's conflicts (SPEC §9): the changes the server could not take, shown side by
side, and a person's decision on each.

The synchronisation writes a conflict row (`outbox.CONFLICTS`) and, by its pull, leaves the
local record showing the server's values (theirs). A decision is an ordinary write on top of
that record, through the repositories' own code, so the outbox gets the change that sends it
at the next synchronisation; the conflict is marked decided in the same transaction. Nothing
is ever deleted here: decided conflicts stay as history.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, RowMapping, select, update

from mtvdp_tui import formatting
from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.domain.sync_values import decode
from mtvdp_tui.i18n import t
from mtvdp_tui.records.conflict_fields import (
    FIELDS,
    PLAN_PARTS,
    PRACTICE_FIELDS,
    Values,
    conflict_fields,
)
from mtvdp_tui.records.errors import RecordError, StaleRecordError
from mtvdp_tui.records.sync import ChangeKind, Conflict, Decision, RecordKey
from mtvdp_tui.store import ion_records
from mtvdp_tui.store.outbox import CONFLICTS, is_werkkopie
from mtvdp_tui.store.plans import PLAN, plan_from_json, plan_to_json
from mtvdp_tui.store.plans import stored as stored_plan
from mtvdp_tui.store.plans import sync_values as plan_values
from mtvdp_tui.store.practice_search import P
from mtvdp_tui.store.practices import snapshot
from mtvdp_tui.store.tables import utc_now
from mtvdp_tui.store.transactions import write

if TYPE_CHECKING:
    from mtvdp_tui.domain.ruleset import Ruleset
    from mtvdp_tui.records.plans import StoredPlan
    from mtvdp_tui.store.database import Database


class ConflictRefused(RecordError):
    """A decision that cannot be made (already decided, the record changed since, gone)."""


# --- reading -------------------------------------------------------------------------------


def open_conflicts(database: Database) -> list[Conflict]:
    """The conflicts no one has decided yet, oldest first (none outside a werkkopie)."""
    return _read(database, undecided=True)


def all_conflicts(database: Database) -> list[Conflict]:
    """Every conflict, decided ones too (the history), oldest first."""
    return _read(database, undecided=False)


def _read(database: Database, *, undecided: bool) -> list[Conflict]:
    statement = select(CONFLICTS).order_by(CONFLICTS.c.found_at, CONFLICTS.c.id)
    if undecided:
        statement = statement.where(CONFLICTS.c.decided_at.is_(None))
    with database.engine.connect() as connection:
        if not is_werkkopie(connection):
            return []
        rows = connection.execute(statement).mappings().all()
        return [_conflict(connection, row, database.ruleset) for row in rows]


def _row(connection: Connection, conflict_id: int) -> RowMapping:
    row = connection.execute(select(CONFLICTS).where(CONFLICTS.c.id == conflict_id)).mappings()
    found = row.first()
    if found is None:
        raise ConflictRefused(t("conflicts.refused.unknown", id=conflict_id))
    return found


def _conflict(connection: Connection, row: RowMapping, ruleset: Ruleset) -> Conflict:
    kind = ChangeKind(row["kind"])
    key = RecordKey(kind, row["agb"], row["peildatum"], row["plan_version"])
    base, mine, theirs = (decode(kind.value, row[side]) for side in ("base", "mine", "theirs"))
    return Conflict(
        id=row["id"],
        key=key,
        subject=_subject(connection, key, mine, theirs),
        reason=_reason(kind, base, mine, theirs),
        found_at=row["found_at"],
        fields=conflict_fields(kind, base, mine, theirs, ruleset),
        mine=mine,
        theirs=theirs,
        base=base,
        theirs_version=row["theirs_version"],
        decided_at=row["decided_at"],
        decision=Decision(row["decision"]) if row["decision"] else None,
    )


def _subject(
    connection: Connection, key: RecordKey, mine: Values | None, theirs: Values | None
) -> str:
    names = [values["name"] for values in (theirs, mine) if values and "name" in values]
    name = names[0] if names else _local_name(connection, key.agb)
    practice = t("conflicts.subject.practice", name=name, agb=key.agb) if name else key.agb
    if key.kind is ChangeKind.ION and key.peildatum is not None:
        peildatum = formatting.numeric_date(key.peildatum)
        return t("conflicts.subject.ion", peildatum=peildatum, practice=practice)
    if key.kind is ChangeKind.PLAN:
        return t("conflicts.subject.plan", version=key.plan_version, practice=practice)
    return practice


def _local_name(connection: Connection, agb: str) -> str | None:
    found = connection.execute(select(P.c.name).where(P.c.agb == agb)).scalar_one_or_none()
    return None if found is None else str(found)


def _reason(
    kind: ChangeKind, base: Values | None, mine: Values | None, theirs: Values | None
) -> str:
    if theirs is None:
        return t("conflicts.reason.gone")
    if mine is None:
        return t("conflicts.reason.deleted_here")
    if base is None and kind is ChangeKind.PRAKTIJK:
        return t("conflicts.reason.exists")
    if base is None:
        return t("conflicts.reason.both_new")
    return t("conflicts.reason.changed")


# --- deciding ------------------------------------------------------------------------------


def decide(
    database: Database, conflict_id: int, decision: Decision, fields: Collection[str] = ()
) -> None:
    """Decide conflict `conflict_id`: MIJN keeps my values, HUN theirs, PER_VELD mine for the
    field names in `fields` and theirs for the rest. My chosen values are written on top of
    the local record (which shows theirs) through the repositories, so the outbox holds the
    change; the conflict is marked decided in the same transaction. Refused (ConflictRefused,
    nothing changes) when it was decided already, or — when something is to be written — the
    local record changed since the conflict was found."""
    write(
        database.engine,
        lambda connection: _decide(connection, database, conflict_id, decision, fields),
    )


def _decide(
    connection: Connection,
    database: Database,
    conflict_id: int,
    decision: Decision,
    fields: Collection[str],
) -> None:
    row = _row(connection, conflict_id)
    if row["decided_at"] is not None:
        raise ConflictRefused(t("conflicts.refused.decided"))
    kind = ChangeKind(row["kind"])
    mine_names = _mine_names(kind, decision, fields)
    if mine_names:
        conflict = _conflict(connection, row, database.ruleset)
        try:
            _WRITERS[kind](connection, database, conflict, mine_names)
        except FieldError as error:  # an AGB code taken meanwhile by another practice
            raise ConflictRefused(str(error)) from error
    connection.execute(
        update(CONFLICTS)
        .where(CONFLICTS.c.id == conflict_id, CONFLICTS.c.decided_at.is_(None))
        .values(decided_at=utc_now(), decision=decision.value)
    )


def _mine_names(kind: ChangeKind, decision: Decision, fields: Collection[str]) -> frozenset[str]:
    names = FIELDS[kind]
    if decision is Decision.HUN:
        return frozenset()
    if decision is Decision.MIJN:
        return frozenset(names)
    unknown = set(fields) - set(names)
    if unknown:
        raise ConflictRefused(t("conflicts.refused.field", field=", ".join(sorted(unknown))))
    return frozenset(fields)


def _chosen(conflict: Conflict, mine_names: frozenset[str]) -> Values | None:
    """The values decided on: mine for `mine_names`, theirs for the rest. When one side has
    no record at all (deleted here, not on the server) the record is chosen as a whole."""
    if conflict.mine is None or conflict.theirs is None:
        return conflict.mine
    return {
        name: conflict.mine.get(name) if name in mine_names else value
        for name, value in conflict.theirs.items()
    }


def _changed_since() -> ConflictRefused:
    return ConflictRefused(t("conflicts.refused.changed"))


def _write_practice(
    connection: Connection, database: Database, conflict: Conflict, mine_names: frozenset[str]
) -> None:
    agb = conflict.theirs["agb"] if conflict.theirs else conflict.key.agb
    practice_id = connection.execute(select(P.c.id).where(P.c.agb == agb)).scalar_one_or_none()
    current = None if practice_id is None else snapshot(connection, practice_id)
    if current is not None:
        current = {name: current[name] for name in PRACTICE_FIELDS}
    theirs = conflict.theirs
    if current != (None if theirs is None else {n: theirs.get(n) for n in PRACTICE_FIELDS}):
        raise _changed_since()
    chosen = _chosen(conflict, mine_names)
    if chosen is None or chosen == current:
        return  # deleting a practice is not done in a werkkopie; nothing differs
    values: dict[str, Any] = {name: chosen.get(name) for name in PRACTICE_FIELDS}
    if practice_id is None:
        database.practices.create_in(connection, PracticeData(**values))
        return
    record_version, ion = connection.execute(
        select(P.c.version, P.c.ion).where(P.c.id == practice_id)
    ).one()
    data = PracticeData(**values, ion=ion)
    database.practices.update_in(connection, practice_id, data, record_version)


def _write_ion(
    connection: Connection, database: Database, conflict: Conflict, mine_names: frozenset[str]
) -> None:
    peildatum = conflict.key.peildatum
    assert peildatum is not None
    practice_id = connection.execute(
        select(P.c.id).where(P.c.agb == conflict.key.agb)
    ).scalar_one_or_none()
    if practice_id is None:
        raise StaleRecordError(t("practice.gone"))
    current = ion_records.at(connection, practice_id, peildatum)
    if current != (conflict.theirs or {}).get("ion"):
        raise _changed_since()
    chosen = _chosen(conflict, mine_names)
    wanted = None if chosen is None else chosen.get("ion")
    if wanted == current:
        return
    if wanted is None:
        ion_records.delete_at(connection, practice_id, peildatum)
    else:
        ion_records.set_at(connection, practice_id, peildatum, int(wanted))


def _write_plan(
    connection: Connection, database: Database, conflict: Conflict, mine_names: frozenset[str]
) -> None:
    practice_id = connection.execute(
        select(P.c.id).where(P.c.agb == conflict.key.agb)
    ).scalar_one_or_none()
    if practice_id is None:
        raise StaleRecordError(t("practice.gone"))
    plans = database.plans
    latest = plans.latest_in(connection, practice_id)
    stored = _plan_at(connection, practice_id, conflict.key.plan_version)
    if _plan_sides(stored) != _plan_sides_of(conflict.theirs):
        raise _changed_since()
    chosen = _chosen(conflict, mine_names)
    if chosen is None:
        return  # a plan version is never deleted
    if conflict.mine is not None and conflict.theirs is not None:
        content = _merged_content(conflict, mine_names)
        chosen = {**chosen, "content": content}
        if "status" in mine_names:  # the status with its date
            chosen["submitted_on"] = conflict.mine.get("submitted_on")
    if _plan_sides_of(chosen) == _plan_sides(stored):
        return
    if stored is not None and latest is not None and stored.id != latest.id:
        raise ConflictRefused(t("conflicts.refused.plan_newer"))
    # A concept is saved over; after a submission my plan becomes the next concept version.
    saved = plans.save_concept_in(
        connection, practice_id, plan_from_json(chosen["content"]), latest
    )
    my_status = "status" in mine_names or conflict.theirs is None
    submitted_here = chosen.get("status") == PlanStatus.INGEDIEND.value
    if my_status and submitted_here and saved.status is PlanStatus.CONCEPT:
        submitted_on = chosen.get("submitted_on") or plans.today()
        plans.submit_in(connection, practice_id, saved, submitted_on)


def _plan_at(connection: Connection, practice_id: int, version: int | None) -> StoredPlan | None:
    """The local plan version the conflict is about (None: there is none)."""
    statement = select(PLAN).where(PLAN.c.practice_id == practice_id, PLAN.c.version == version)
    row = connection.execute(statement).mappings().first()
    return None if row is None else stored_plan(row)


def _plan_sides(stored: StoredPlan | None) -> tuple[object, ...] | None:
    return None if stored is None else _plan_sides_of(plan_values(stored))


def _plan_sides_of(values: Mapping[str, Any] | None) -> tuple[object, ...] | None:
    """A plan version's values in a form that compares equal when they mean the same."""
    if values is None:
        return None
    content = json.loads(values["content"])
    content.pop("formaat", None)
    return values["status"], values.get("submitted_on"), json.dumps(content, sort_keys=True)


def _merged_content(conflict: Conflict, mine_names: frozenset[str]) -> str:
    assert conflict.mine is not None and conflict.theirs is not None
    mine, theirs = json.loads(conflict.mine["content"]), json.loads(conflict.theirs["content"])
    merged = {
        **theirs,
        **{part: mine[part] for part in PLAN_PARTS if part in mine_names and part in mine},
    }
    return plan_to_json(plan_from_json(json.dumps(merged)))


_WRITERS: dict[ChangeKind, Callable[[Connection, Database, Conflict, frozenset[str]], None]] = {
    ChangeKind.PRAKTIJK: _write_practice,
    ChangeKind.ION: _write_ion,
    ChangeKind.PLAN: _write_plan,
}
