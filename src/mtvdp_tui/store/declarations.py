"""Declaration statuses in the database, and the practices as the declaration overview needs them.

A practice-quarter without a row is "te declareren". Every change is one transaction that first
checks that the rows still hold what the user saw, so two copies of the program never overwrite
each other's changes silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import (
    TE_DECLAREREN,
    DeclarationStatus,
    StatusRecord,
)
from mtvdp_tui.domain.declarations import DeclarationPractice, IonRecord, Statuses
from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.store import audit
from mtvdp_tui.store.ion_records import ION
from mtvdp_tui.store.plan_overview import PlanOverviewRepository
from mtvdp_tui.store.practice_search import P, R
from mtvdp_tui.store.tables import DeclarationStatusRecord, table_of, utc_now
from mtvdp_tui.store.transactions import write

DS = table_of(DeclarationStatusRecord)

Key = tuple[int, Quarter]
Change = tuple[StatusRecord, StatusRecord]  # (as the user saw it, as it should become)


class DeclarationRepository:
    def __init__(
        self, engine: Engine, plan_overview: PlanOverviewRepository, today: Callable[[], date]
    ) -> None:
        self._engine = engine
        self._plan_overview = plan_overview
        self._today = today

    def practices(self) -> list[DeclarationPractice]:
        """Every practice with its ION history (ascending) and whether its plan is late."""
        late = self._plan_overview.late_ids()
        history: dict[int, list[IonRecord]] = defaultdict(list)
        with self._engine.connect() as connection:
            records = connection.execute(
                select(ION.c.practice_id, ION.c.peildatum, ION.c.ion).order_by(
                    ION.c.practice_id, ION.c.peildatum
                )
            )
            for practice_id, peildatum, ion in records:
                history[practice_id].append(IonRecord(peildatum, ion))
            rows = connection.execute(
                select(
                    P.c.id,
                    P.c.agb,
                    P.c.name,
                    R.c.name,
                    P.c.start_date,
                    P.c.stop_date,
                    P.c.excluded,
                )
                .select_from(P.join(R))
                .order_by(R.c.position, P.c.name_key, P.c.id)
            ).all()
        return [
            DeclarationPractice(
                id=row[0],
                agb=row[1],
                name=row[2],
                region=row[3],
                start_date=row[4],
                stop_date=row[5],
                excluded=row[6],
                ion_records=tuple(history.get(row[0], ())),
                plan_overdue=row[0] in late,
            )
            for row in rows
        ]

    def statuses(self, quarters: Iterable[Quarter] | None = None) -> Statuses:
        statement = select(
            DS.c.practice_id,
            DS.c.quarter,
            DS.c.status,
            DS.c.declared_on,
            DS.c.paid_on,
            DS.c.rejected_on,
            DS.c.reason,
        )
        if quarters is not None:
            statement = statement.where(DS.c.quarter.in_([q.label for q in quarters]))
        with self._engine.connect() as connection:
            return {
                (practice_id, Quarter.parse(quarter)): StatusRecord(
                    DeclarationStatus(status), declared, paid, rejected, reason
                )
                for practice_id, quarter, status, declared, paid, rejected, reason in (
                    connection.execute(statement)
                )
            }

    def save(self, changes: Mapping[Key, Change]) -> None:
        """Store every change, or none: refused when any row no longer holds what was seen."""

        def body(connection: Connection) -> None:
            keys = list(changes)
            current = {
                (row.practice_id, Quarter.parse(row.quarter)): row
                for row in connection.execute(
                    select(DS).where(
                        DS.c.practice_id.in_({practice_id for practice_id, _ in keys}),
                        DS.c.quarter.in_({quarter.label for _, quarter in keys}),
                    )
                )
            }
            names = dict(
                connection.execute(
                    select(P.c.id, P.c.name + " (" + P.c.agb + ")").where(
                        P.c.id.in_({practice_id for practice_id, _ in keys})
                    )
                ).all()
            )
            for key, (seen, new) in changes.items():
                row = current.get(key)
                stored = _record(row) if row is not None else TE_DECLAREREN
                if stored != seen:
                    raise StaleRecordError(t("declaraties.store.stale"))
                before, after = audit.changed_fields(asdict(stored), asdict(new))
                audit.record(
                    connection,
                    Entity.DECLARATIESTATUS,
                    Action.GEWIJZIGD,
                    f"{names.get(key[0], key[0])} {key[1].label}",
                    practice_id=key[0],
                    before=before,
                    after=after,
                )
                values = {
                    "status": new.status.value,
                    "declared_on": new.declared_on,
                    "paid_on": new.paid_on,
                    "rejected_on": new.rejected_on,
                    "reason": new.reason,
                    "updated_at": utc_now(),
                }
                if row is None:
                    connection.execute(
                        insert(DS).values(
                            practice_id=key[0], quarter=key[1].label, row_version=1, **values
                        )
                    )
                else:
                    result = connection.execute(
                        update(DS)
                        .where(DS.c.id == row.id, DS.c.row_version == row.row_version)
                        .values(**values, row_version=DS.c.row_version + 1)
                    )
                    if result.rowcount != 1:
                        raise StaleRecordError(t("declaraties.store.stale"))

        write(self._engine, body)


def _record(row: Row[*tuple[Any, ...]]) -> StatusRecord:
    return StatusRecord(
        DeclarationStatus(row.status), row.declared_on, row.paid_on, row.rejected_on, row.reason
    )
