"""Filling a new database with generated demo practices, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Engine, func, insert, select

from mtvdp_tui.domain.demo import DemoPractice
from mtvdp_tui.store.ion_records import ION
from mtvdp_tui.store.practice_search import P, R, derived_values
from mtvdp_tui.store.tables import utc_now
from mtvdp_tui.store.transactions import write


def populate_demo(engine: Engine, practices: Sequence[DemoPractice]) -> bool:
    """Insert `practices` with their ION history, only into a register that is still empty.

    Returns whether it inserted (another copy of the program may have filled it first).
    """
    now = utc_now()

    def body(connection: Connection) -> bool:
        if connection.execute(select(func.count()).select_from(P)).scalar():
            return False
        region_ids = dict(connection.execute(select(R.c.name, R.c.id)).all())
        connection.execute(insert(P), [_practice_values(p, region_ids, now) for p in practices])
        ids = dict(connection.execute(select(P.c.agb, P.c.id)).all())
        connection.execute(
            insert(ION),
            [
                {"practice_id": ids[p.agb], "peildatum": peildatum, "ion": ion, "recorded_at": now}
                for p in practices
                for peildatum, ion in p.ion_records
            ],
        )
        return True

    return write(engine, body)


def _practice_values(
    practice: DemoPractice, region_ids: dict[str, int], now: object
) -> dict[str, object]:
    latest_ion = practice.ion_records[-1][1] if practice.ion_records else None
    return {
        "agb": practice.agb,
        "name": practice.name,
        "region_id": region_ids[practice.region],
        "wijk": practice.wijk,
        "email": practice.email,
        "ion": latest_ion,
        "preferred_moment": practice.preferred_moment,
        "survey_answered": practice.survey_answered,
        "excluded": practice.excluded_reason is not None,
        "excluded_reason": practice.excluded_reason or "",
        "start_date": None,
        "stop_date": None,
        "notes": practice.notes,
        **derived_values(practice.agb, practice.name, practice.wijk),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
