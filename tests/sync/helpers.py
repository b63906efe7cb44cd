"""What the werkkopie tests compare and do: the records of a database by AGB (practice, ION
and plan rows, never a database id), and the edits a person makes, through the repositories."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select

from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.ion_records import ION
from mtvdp_tui.store.outbox import CONFLICTS, OUTBOX
from mtvdp_tui.store.plans import plan_from_json
from mtvdp_tui.store.practice_search import P
from mtvdp_tui.store.sync import PLAN


@dataclass(frozen=True)
class State:
    """A database's records as both sides know them: by AGB (and peildatum, plan version)."""

    practices: dict[str, PracticeData]
    ion: dict[tuple[str, date], int]
    plans: dict[tuple[str, int], tuple[str, date | None, Plan]]  # status, submitted on, plan

    def differences(self, other: State) -> list[str]:
        """Readable differences, for an assertion's message (empty: equal)."""
        found: list[str] = []
        for name in ("practices", "ion", "plans"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key in sorted(mine.keys() | theirs.keys(), key=str):
                if mine.get(key) != theirs.get(key):
                    found.append(f"{name}[{key}]: {mine.get(key)!r} ≠ {theirs.get(key)!r}")
        return found


def state(database: Database) -> State:
    """The practice, ION and plan rows of `database`, keyed by AGB: three statements."""
    practices = {agb: data for agb, (_, _, data) in database.practices.versions_by_agb().items()}
    with database.engine.connect() as connection:
        ion = {
            (agb, peildatum): value
            for agb, peildatum, value in connection.execute(
                select(P.c.agb, ION.c.peildatum, ION.c.ion).join(P, P.c.id == ION.c.practice_id)
            )
        }
        plans = {
            (row.agb, row.version): (row.status, row.submitted_on, plan_from_json(row.content))
            for row in connection.execute(
                select(
                    P.c.agb, PLAN.c.version, PLAN.c.status, PLAN.c.submitted_on, PLAN.c.content
                ).join(P, P.c.id == PLAN.c.practice_id)
            )
        }
    return State(practices, ion, plans)


def assert_same(copy: State, server: State, name: str) -> None:
    differences = copy.differences(server)
    assert not differences, f"{name} differs from the server: {differences[:10]}"


# --- what a person does ---------------------------------------------------------------------


def practice(database: Database, agb: str) -> tuple[int, PracticeData, int]:
    """The practice's id here, its data and version."""
    practice_id = database.practices.id_for_agb(agb)
    assert practice_id is not None, agb
    record = database.practices.get(practice_id)
    return practice_id, record.data, record.version


def edit(database: Database, agb: str, **values: Any) -> None:
    practice_id, data, version = practice(database, agb)
    database.practices.update(practice_id, replace(data, **values), expected_version=version)


def create(database: Database, agb: str, name: str, region: str) -> None:
    database.practices.create(PracticeData(agb=agb, name=name, region=region))


def set_ion(database: Database, agb: str, peildatum: date, value: int) -> None:
    practice_id, _, _ = practice(database, agb)
    database.practices.set_ion(practice_id, peildatum, value)


def save_plan(database: Database, agb: str, text: str, *, submit: bool = False) -> None:
    """Save `text` as the reflection of the practice's concept (a new version after a
    submission), and submit it when asked."""
    practice_id, _, _ = practice(database, agb)
    latest = database.plans.latest(practice_id)
    saved = database.plans.save_concept(
        practice_id, Plan(reflection_practice=text), expected=latest
    )
    if submit:
        database.plans.submit(practice_id, expected=saved)


# --- the werkkopie's own tables -------------------------------------------------------------


def outbox_size(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(OUTBOX)).scalar_one())


def open_conflict_keys(database: Database) -> list[tuple[str, str, date | None, int | None]]:
    """The open conflicts' records: kind, AGB, peildatum, plan version."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(
                CONFLICTS.c.kind, CONFLICTS.c.agb, CONFLICTS.c.peildatum, CONFLICTS.c.plan_version
            ).where(CONFLICTS.c.decided_at.is_(None))
        )
        return sorted((kind, agb, day, version) for kind, agb, day, version in rows)


def without_plans(database: Database, count: int, skip: int = 0) -> list[str]:
    """`count` AGB codes of practices that have no plan yet (sorted, after `skip` of them)."""
    with database.engine.connect() as connection:
        having = set(
            connection.execute(select(P.c.agb).join(PLAN, P.c.id == PLAN.c.practice_id)).scalars()
        )
    free = [agb for agb in sorted(database.practices.versions_by_agb()) if agb not in having]
    assert len(free) >= skip + count, "the demo has too few practices without a plan"
    return free[skip : skip + count]
