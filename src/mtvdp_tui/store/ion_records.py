"""A practice's ION over time: one figure per peildatum, inside the caller's transaction.

The practice's current ION follows its latest peildatum; every change raises the practice's
version, so an open form elsewhere is refused rather than overwriting it, and goes on the audit
trail.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, delete, insert, select, update

from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.records.sync import ChangeKind
from mtvdp_tui.store import audit, outbox
from mtvdp_tui.store.audit import practice_subject
from mtvdp_tui.store.practice_search import P
from mtvdp_tui.store.tables import IonRecord, table_of, utc_now

ION = table_of(IonRecord)


def history(connection: Connection, practice_id: int) -> list[tuple[date, int]]:
    """(peildatum, ION), oldest first."""
    statement = (
        select(ION.c.peildatum, ION.c.ion)
        .where(ION.c.practice_id == practice_id)
        .order_by(ION.c.peildatum)
    )
    return [(peildatum, ion) for peildatum, ion in connection.execute(statement)]


def replace(connection: Connection, practice_id: int, peildatum: date, ion: int) -> None:
    """`ion` recorded at `peildatum`, replacing one recorded there; nothing else changes."""
    connection.execute(
        delete(ION).where(ION.c.practice_id == practice_id, ION.c.peildatum == peildatum)
    )
    connection.execute(
        insert(ION).values(
            practice_id=practice_id, peildatum=peildatum, ion=ion, recorded_at=utc_now()
        )
    )


def set_at(connection: Connection, practice_id: int, peildatum: date, ion: int) -> None:
    """Record the ION at `peildatum` (replacing one recorded there); the practice follows."""
    old = _at(connection, practice_id, peildatum)
    replace(connection, practice_id, peildatum, ion)
    _follow_latest(connection, practice_id)
    _audit(connection, practice_id, peildatum, old, ion)
    outbox_ion(connection, practice_id, peildatum, old, ion)


def delete_at(connection: Connection, practice_id: int, peildatum: date) -> None:
    old = _at(connection, practice_id, peildatum)
    connection.execute(
        delete(ION).where(ION.c.practice_id == practice_id, ION.c.peildatum == peildatum)
    )
    _follow_latest(connection, practice_id)
    _audit(connection, practice_id, peildatum, old, None)
    outbox_ion(connection, practice_id, peildatum, old, None)


def at(connection: Connection, practice_id: int, peildatum: date) -> int | None:
    """The ION recorded at `peildatum`, None if none."""
    return connection.execute(
        select(ION.c.ion).where(ION.c.practice_id == practice_id, ION.c.peildatum == peildatum)
    ).scalar_one_or_none()


def outbox_ion(
    connection: Connection, practice_id: int, peildatum: date, old: int | None, new: int | None
) -> None:
    """In a werkkopie, the ION change for the outbox (SPEC §9): by AGB and peildatum, based on
    the ION recorded there before (None: none)."""
    if old == new or not outbox.is_werkkopie(connection):
        return
    agb = connection.execute(select(P.c.agb).where(P.c.id == practice_id)).scalar_one()
    outbox.record_change(
        connection,
        ChangeKind.ION,
        agb,
        peildatum=peildatum,
        base=None if old is None else {"ion": old},
        after=None if new is None else {"ion": new},
    )


def _at(connection: Connection, practice_id: int, peildatum: date) -> int | None:
    """The ION recorded at `peildatum` (None if none); refused if the practice is gone."""
    if connection.execute(select(P.c.id).where(P.c.id == practice_id)).first() is None:
        raise StaleRecordError(t("practice.gone"))
    return connection.execute(
        select(ION.c.ion).where(ION.c.practice_id == practice_id, ION.c.peildatum == peildatum)
    ).scalar_one_or_none()


def _audit(
    connection: Connection, practice_id: int, peildatum: date, old: int | None, new: int | None
) -> None:
    name, agb = connection.execute(
        select(P.c.name, P.c.agb).where(P.c.id == practice_id)
    ).one()  # `_at` made sure it exists, in this transaction
    audit.record(
        connection,
        Entity.ION,
        Action.AANGEMAAKT
        if old is None
        else Action.VERWIJDERD
        if new is None
        else Action.GEWIJZIGD,
        practice_subject(name, agb),
        practice_id=practice_id,
        before=None if old is None else {"peildatum": peildatum, "ion": old},
        after=None if new is None else {"peildatum": peildatum, "ion": new},
    )


def _follow_latest(connection: Connection, practice_id: int) -> None:
    latest = connection.execute(
        select(ION.c.ion)
        .where(ION.c.practice_id == practice_id)
        .order_by(ION.c.peildatum.desc())
        .limit(1)
    ).scalar_one_or_none()
    connection.execute(
        update(P)
        .where(P.c.id == practice_id)
        .values(ion=latest, version=P.c.version + 1, updated_at=utc_now())
    )
