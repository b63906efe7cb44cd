"""Filling a new database with generated demo practices, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, Engine, func, insert, select

from mtvdp_tui.domain.demo import DemoPractice
from mtvdp_tui.domain.demo_history import DemoHistory
from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.store.ion_records import ION
from mtvdp_tui.store.monitoring import JV, MS, PL, SD, WA, WM
from mtvdp_tui.store.plans import plan_to_json
from mtvdp_tui.store.practice_search import P, R, derived_values
from mtvdp_tui.store.tables import utc_now
from mtvdp_tui.store.transactions import inserted_id, write


def populate_demo(
    engine: Engine, practices: Sequence[DemoPractice], history: DemoHistory | None = None
) -> bool:
    """Insert `practices` with their ION history, and the `history` of the region that started
    already (start dates, what monitoring records), only into a register that is still empty.
    Like the practices, the history has no audit entries: nobody made these changes.

    Returns whether it inserted (another copy of the program may have filled it first).
    """
    now = utc_now()
    history = history or DemoHistory()

    def body(connection: Connection) -> bool:
        if connection.execute(select(func.count()).select_from(P)).scalar():
            return False
        region_ids = dict(connection.execute(select(R.c.name, R.c.id)).all())
        connection.execute(
            insert(P),
            [_practice_values(p, region_ids, now, history.started.get(p.agb)) for p in practices],
        )
        ids = dict(connection.execute(select(P.c.agb, P.c.id)).all())
        connection.execute(
            insert(ION),
            [
                {"practice_id": ids[p.agb], "peildatum": peildatum, "ion": ion, "recorded_at": now}
                for p in practices
                for peildatum, ion in p.ion_records
            ],
        )
        _insert_history(connection, history, ids, region_ids, now)
        return True

    return write(engine, body)


def _insert_history(
    connection: Connection,
    history: DemoHistory,
    ids: dict[str, int],
    region_ids: dict[str, int],
    now: object,
) -> None:
    versioned = {"row_version": 1, "updated_at": now}
    if history.sent:
        connection.execute(
            insert(MS),
            [
                {"practice_id": ids[agb], "meting": kind.value, "sent_on": day, **versioned}
                for agb, kind, day in history.sent
            ],
        )
    if history.social:
        connection.execute(
            insert(SD),
            [
                {"practice_id": ids[agb], "started_on": day, **versioned}
                for agb, day in history.social.items()
            ],
        )
    if history.jaarverslagen:
        connection.execute(
            insert(JV),
            [
                {"practice_id": ids[agb], "plan_year": year, "received_on": day, **versioned}
                for agb, year, day in history.jaarverslagen
            ],
        )
    if history.plans:
        connection.execute(
            insert(PL),
            [
                {
                    "practice_id": ids[agb],
                    "version": 1,
                    "status": (PlanStatus.INGEDIEND if submitted else PlanStatus.CONCEPT).value,
                    "submitted_on": submitted,
                    "content": plan_to_json(plan),
                    "row_version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for agb, plan, submitted in history.plans
            ],
        )
    for meeting in history.meetings:
        meeting_id = inserted_id(
            connection.execute(
                insert(WM).values(
                    held_on=meeting.held_on,
                    wijk=meeting.wijk,
                    region_id=region_ids[meeting.region],
                    mtvdp_on_agenda=meeting.mtvdp_on_agenda,
                    row_version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
        )
        if meeting.attendees:
            connection.execute(
                insert(WA),
                [{"meeting_id": meeting_id, "practice_id": ids[agb]} for agb in meeting.attendees],
            )


def _practice_values(
    practice: DemoPractice, region_ids: dict[str, int], now: object, start: date | None
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
        "start_date": start,
        "stop_date": None,
        "notes": practice.notes,
        **derived_values(practice.agb, practice.name, practice.wijk),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
