"""The organisation server's records as one batch of a werkkopie's push sees them (SPEC §9):
read in a few statements, changed in memory change by change (a change applies only when the
record still has the values it was based on), written back in a few more statements with one
audit entry per change. `store.sync` decides what to apply and what to hold."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    insert,
    select,
    update,
)

from mtvdp_tui.domain.search_text import audit_key
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.sync import ChangeKind
from mtvdp_tui.store.audit import changed_fields, dumped, host_name, practice_subject, role_value
from mtvdp_tui.store.ion_records import ION
from mtvdp_tui.store.plans import plan_from_json, plan_to_json
from mtvdp_tui.store.practice_search import P, R, derived_values
from mtvdp_tui.store.practices import DATA_FIELDS
from mtvdp_tui.store.tables import (
    AuditEntry,
    PlanRecord,
    table_of,
    utc_now,
)

PLAN_FIELDS = ("status", "submitted_on", "content")
PRACTICE_FIELDS = (*DATA_FIELDS, "region")
PLAN = table_of(PlanRecord)
AUDIT = table_of(AuditEntry)

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
        elif found is None or not _matches(found.values, plan_normal(change.base)):
            return theirs
        after = plan_normal(change.after)
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
    return plan_normal({name: row[name] for name in PLAN_FIELDS})


def plan_normal(values: dict[str, Any]) -> dict[str, Any]:
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
