"""The werkkopie's outbox (SPEC §9): every change made in a werkkopie is written here in the
transaction that makes it, to be sent to the organisation's server at the next synchronisation.

A database is a werkkopie when its `werkkopie` table has its one row (written when the copy is
made, `werkkopie_make`); the answer is kept per engine, as it never changes while a file is
open. In an ordinary database, or on the server, `record_change` writes nothing.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from mtvdp_tui.domain.practice import FieldError
from mtvdp_tui.domain.sync_values import encode
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError
from mtvdp_tui.records.sync import ChangeKind, WerkkopieInfo
from mtvdp_tui.store.audit import os_user
from mtvdp_tui.store.tables import (
    OutboxChange,
    SyncConflict,
    WerkkopieState,
    table_of,
    utc_now,
)

STATE = table_of(WerkkopieState)
OUTBOX = table_of(OutboxChange)
CONFLICTS = table_of(SyncConflict)

_known: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


class WerkkopieReadOnly(RecordError):
    """A change a werkkopie does not take (the lottery, declaration statuses, the regeling,
    deleting a practice): `str()` says why, in Dutch."""


def is_werkkopie(connection: Connection) -> bool:
    """Whether the database behind `connection` is a werkkopie (SQLite with a `werkkopie` row)."""
    engine = connection.engine
    found = _known.get(engine)
    if found is None:
        found = connection.dialect.name == "sqlite" and (
            connection.execute(select(func.count()).select_from(STATE)).scalar_one() > 0
        )
        _known[engine] = found
    return found


def forget(engine: Engine) -> None:
    """Ask again next time (after a werkkopie row was written through another engine)."""
    _known.pop(engine, None)


def refuse_in_werkkopie(connection: Connection, what: str) -> None:
    """Raise `WerkkopieReadOnly` in a werkkopie: `what` is the key of the Dutch reason
    (`werkkopie.read_only.<what>`)."""
    if is_werkkopie(connection):
        raise WerkkopieReadOnly(t(f"werkkopie.read_only.{what}"))


def record_change(
    connection: Connection,
    kind: ChangeKind,
    agb: str,
    *,
    base: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    base_version: int | None = None,
    peildatum: date | None = None,
    plan_version: int | None = None,
) -> None:
    """In a werkkopie, put one change in the outbox, in the caller's transaction: the record
    (`kind`, `agb` as the server knows the practice, `peildatum` or `plan_version`), its values
    before (`base`; None: new) and after (None: deleted). Elsewhere nothing is written."""
    if not is_werkkopie(connection):
        return
    connection.execute(
        insert(OUTBOX).values(
            change_id=str(uuid.uuid4()),
            kind=kind.value,
            agb=agb,
            peildatum=peildatum,
            plan_version=plan_version,
            base_version=base_version,
            base=encode(base),
            after=encode(after),
            made_at=utc_now(),
            made_by=os_user(),
        )
    )


def refuse_agb_change(connection: Connection, old_agb: str, new_agb: str) -> None:
    """In a werkkopie the AGB code is how the server knows a practice (SPEC §9): a practice the
    server has keeps its code offline (a correction is made online); one new here, not yet
    sent, may still get another."""
    if old_agb == new_agb or not is_werkkopie(connection):
        return
    pending = connection.execute(
        select(OUTBOX.c.id).where(
            OUTBOX.c.kind == ChangeKind.PRAKTIJK.value,
            OUTBOX.c.agb == old_agb,
            OUTBOX.c.base.is_(None),
        )
    ).first()
    if pending is None:
        raise FieldError("field.agb.werkkopie")


def werkkopie_info(connection: Connection) -> WerkkopieInfo | None:
    """What the header shows; None when this database is not a werkkopie."""
    if not is_werkkopie(connection):
        return None
    state = connection.execute(select(STATE)).mappings().one()
    waiting = connection.execute(select(func.count()).select_from(OUTBOX)).scalar_one()
    conflicts = connection.execute(
        select(func.count()).select_from(CONFLICTS).where(CONFLICTS.c.decided_at.is_(None))
    ).scalar_one()
    return WerkkopieInfo(
        server=state["server"],
        database_id=state["database_id"],
        made_at=state["made_at"],
        synced_at=state["synced_at"],
        waiting=int(waiting),
        conflicts=int(conflicts),
    )
