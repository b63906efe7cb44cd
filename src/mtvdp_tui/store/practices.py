"""The practice register in the database: lists paged in SQL, and one transaction per change.

Widgets never see ORM rows: everything returned here is a record (`mtvdp_tui.records`). The
search statements are in `practice_search`, a practice's ION over time in `ion_records`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, fields
from datetime import date

import sqlalchemy
from sqlalchemy import Connection, Engine, delete, insert, literal, select, update

from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.domain.quarters import quarter_start
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.errors import PracticeInUseError, RecordError, StaleRecordError
from mtvdp_tui.records.practices import PracticeQuery, PracticeRecord, PracticeRow, RegionTotal
from mtvdp_tui.records.sync import ChangeKind
from mtvdp_tui.store import audit, ion_records, outbox
from mtvdp_tui.store.audit import practice_subject
from mtvdp_tui.store.practice_search import (
    P,
    R,
    derived_values,
    page_statement,
    position_statement,
    totals_statement,
)
from mtvdp_tui.store.tables import utc_now
from mtvdp_tui.store.transactions import inserted_id, write

# Tables that refer to a practice and stop it from being deleted, with the Dutch label of what
# they hold. A table not listed here still blocks deletion; it is then named by its table name.
DEPENDENT_LABELS: dict[str, str] = {
    "praktijkplan": "een praktijkplan",
    "loting_deelnemer": "een loting",
    "declaratie_status": "een declaratiestatus",
    "meting_verstuurd": "een verstuurde meting",
    "sociaal_domein": "de start met het sociaal domein",
    "jaarverslag": "een jaarverslag",
    "intervisie_aanwezig": "aanwezigheid bij intervisie",
}


DATA_FIELDS = tuple(f.name for f in fields(PracticeData) if f.name not in {"region", "ion"})


def snapshot(connection: Connection, practice_id: int) -> dict[str, object] | None:
    """The practice's user data as stored (the fields of PracticeData), or None if gone."""
    columns = [P.c[name] for name in DATA_FIELDS]
    row = (
        connection.execute(
            select(*columns, P.c.ion, R.c.name.label("region"))
            .select_from(P.join(R))
            .where(P.c.id == practice_id)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def _checked(
    connection: Connection, data: PracticeData, practice_id: int | None
) -> tuple[int, dict[str, object] | None]:
    """Before a practice is stored: its region's id, and for a change the practice as stored
    (None: gone), read in ONE statement (over a network each statement is a round trip).
    Refused, in this order: the AGB code another practice has; a region that does not exist."""
    other = P.alias("other")
    agb_taken = select(other.c.id).where(other.c.agb == data.agb)
    if practice_id is not None:
        agb_taken = agb_taken.where(other.c.id != practice_id)
    checks = (
        select(R.c.id).where(R.c.name == data.region).scalar_subquery().label("new_region_id"),
        agb_taken.exists().label("agb_taken"),
    )
    row = None
    if practice_id is not None:
        columns = [P.c[name] for name in DATA_FIELDS]
        statement = (
            select(*checks, *columns, P.c.ion, R.c.name.label("region"))
            .select_from(P.join(R))
            .where(P.c.id == practice_id)
        )
        row = connection.execute(statement).mappings().first()
    if row is None:  # a new practice, or one deleted meanwhile (its update is then refused)
        row = connection.execute(select(*checks)).mappings().one()
        old = None
    else:
        old = {
            key: value for key, value in row.items() if key not in ("new_region_id", "agb_taken")
        }
    if row["agb_taken"]:
        raise FieldError("field.agb.taken", agb=data.agb)
    if row["new_region_id"] is None:
        raise RecordError(t("field.region.unknown", region=data.region))
    return int(row["new_region_id"]), old


def _agb_used(connection: Connection, agb: str, except_id: int | None) -> bool:
    """Whether a practice other than `except_id` has this AGB code."""
    statement = select(P.c.id).where(P.c.agb == agb)
    if except_id is not None:
        statement = statement.where(P.c.id != except_id)
    return connection.execute(statement).first() is not None


def sync_values(data: PracticeData) -> dict[str, object]:
    """A practice's values as a werkkopie sends them (SPEC §9): everything a user enters but
    the ION, which travels as its own change (per peildatum)."""
    values = asdict(data)
    del values["ion"]
    return values


def _row_values(data: PracticeData, region_id: int) -> dict[str, object]:
    values = {name: getattr(data, name) for name in DATA_FIELDS}
    return {
        **values,
        "region_id": region_id,
        "ion": data.ion,
        **derived_values(data.agb, data.name, data.wijk),
        "updated_at": utc_now(),
    }


class PracticeRepository:
    def __init__(self, engine: Engine, ruleset: Ruleset, today: Callable[[], date]) -> None:
        self._engine = engine
        self._ruleset = ruleset
        self._today = today
        self._dependents: list[tuple[str, str]] | None = None

    # --- reading -----------------------------------------------------------------------------

    def page(self, query: PracticeQuery, offset: int, limit: int) -> list[PracticeRow]:
        statement, values = page_statement(query, offset, limit)
        with self._engine.connect() as connection:
            rows = connection.execute(statement, values).all()
        return [PracticeRow(*row) for row in rows]

    def totals_and_page(
        self, query: PracticeQuery, offset: int, limit: int
    ) -> tuple[list[RegionTotal], list[PracticeRow]]:
        """`totals` and one `page` of `query`: what the register shows for a search. On a
        server both are read at the same time, on two pooled connections: over a network each
        is a round trip, side by side they cost one (a SQLite file gains nothing from it)."""
        if self._engine.dialect.name == "sqlite":
            return self.totals(query), self.page(query, offset, limit)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-page") as pool:
            page = pool.submit(self.page, query, offset, limit)
            totals = self.totals(query)
            return totals, page.result()

    def position(self, query: PracticeQuery, practice_id: int) -> int | None:
        """Where `practice_id` is among `query`'s rows (from 0), or None: `query` hides it."""
        statement, values = position_statement(query, practice_id)
        with self._engine.connect() as connection:
            place = connection.execute(statement, values).scalar_one_or_none()
        return None if place is None else int(place)

    def totals(self, query: PracticeQuery) -> list[RegionTotal]:
        """Practices and ION per region for `query`, every region of the ruleset included."""
        statement, values = totals_statement(query)
        with self._engine.connect() as connection:
            rows = connection.execute(statement, values).all()
        found = {name: (count, ion) for name, count, ion in rows}
        regions = [query.region] if query.region else list(self._ruleset.regions)
        return [RegionTotal(name, *found.get(name, (0, 0))) for name in regions]

    def count(self, query: PracticeQuery | None = None) -> int:
        return sum(total.practices for total in self.totals(query or PracticeQuery()))

    def get(self, practice_id: int) -> PracticeRecord:
        statement = select(P, R.c.name.label("region_name")).select_from(P.join(R))
        with self._engine.connect() as connection:
            row = connection.execute(statement.where(P.c.id == practice_id)).mappings().first()
        if row is None:
            raise StaleRecordError(t("practice.gone"))
        data = PracticeData(
            region=row["region_name"], ion=row["ion"], **{name: row[name] for name in DATA_FIELDS}
        )
        return PracticeRecord(id=row["id"], version=row["version"], data=data)

    def id_for_agb(self, agb: str) -> int | None:
        with self._engine.connect() as connection:
            return connection.execute(select(P.c.id).where(P.c.agb == agb)).scalar_one_or_none()

    def agb_taken(self, agb: str, *, except_id: int | None = None) -> bool:
        with self._engine.connect() as connection:
            return _agb_used(connection, agb, except_id)

    def wijken(self) -> list[str]:
        """The wijken in use, in the lists' order (then as written: "Elst" before "elst")."""
        statement = select(P.c.wijk, P.c.wijk_key).where(P.c.wijk != "").distinct()
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [wijk for wijk, _key in sorted(rows, key=lambda row: (row[1], row[0]))]

    def ion_history(self, practice_id: int) -> list[tuple[date, int]]:
        with self._engine.connect() as connection:
            return ion_records.history(connection, practice_id)

    # --- writing: each method is one transaction ---------------------------------------------

    def create(self, data: PracticeData) -> int:
        return write(self._engine, lambda connection: self.create_in(connection, data))

    def update(self, practice_id: int, data: PracticeData, *, expected_version: int) -> None:
        """Store `data`; refused when someone else changed the practice since `expected_version`."""
        write(
            self._engine,
            lambda connection: self.update_in(connection, practice_id, data, expected_version),
        )

    def versions_by_agb(self) -> dict[str, tuple[int, int, PracticeData]]:
        """Every practice by AGB: (id, version, data) — what an import is compared with."""
        columns = [P.c[name] for name in DATA_FIELDS]
        statement = select(
            P.c.id, P.c.version, P.c.ion, R.c.name.label("region_name"), *columns
        ).select_from(P.join(R))
        with self._engine.connect() as connection:
            return {
                row.agb: (
                    row.id,
                    row.version,
                    PracticeData(
                        region=row.region_name,
                        ion=row.ion,
                        **{name: getattr(row, name) for name in DATA_FIELDS},
                    ),
                )
                for row in connection.execute(statement)
            }

    def save_many(
        self, new: Sequence[PracticeData], changed: Sequence[tuple[int, int, PracticeData]]
    ) -> None:
        """New practices and changes (id, expected version, data) in ONE transaction: all are
        stored, or — when any is refused (a stale version, an AGB taken meanwhile) — none."""

        def body(connection: Connection) -> None:
            for data in new:
                self.create_in(connection, data)
            for practice_id, version, data in changed:
                self.update_in(connection, practice_id, data, version)

        write(self._engine, body)

    def create_in(self, connection: Connection, data: PracticeData) -> int:
        region_id, _ = _checked(connection, data, None)
        values = _row_values(data, region_id)
        inserted = connection.execute(insert(P).values(**values, created_at=utc_now()))
        practice_id = inserted_id(inserted)
        outbox.record_change(
            connection, ChangeKind.PRAKTIJK, data.agb, base=None, after=sync_values(data)
        )
        self._record_ion(connection, practice_id, data.ion)
        audit.record(
            connection,
            Entity.PRAKTIJK,
            Action.AANGEMAAKT,
            practice_subject(data.name, data.agb),
            practice_id=practice_id,
            after=asdict(data),
        )
        return practice_id

    def update_in(
        self, connection: Connection, practice_id: int, data: PracticeData, expected_version: int
    ) -> None:
        region_id, old = _checked(connection, data, practice_id)
        if old is not None:
            outbox.refuse_agb_change(connection, str(old["agb"]), data.agb)
        current_ion = old["ion"] if old else None
        result = connection.execute(
            update(P)
            .where(P.c.id == practice_id, P.c.version == expected_version)
            .values(**_row_values(data, region_id), version=P.c.version + 1)
        )
        if result.rowcount != 1:
            raise StaleRecordError(t("practice.stale"))
        if old is not None:
            self._outbox_update(connection, old, data, expected_version)
        if data.ion != current_ion:
            self._record_ion(connection, practice_id, data.ion)
        before, after = audit.changed_fields(old or {}, asdict(data))
        if after:
            audit.record(
                connection,
                Entity.PRAKTIJK,
                Action.GEWIJZIGD,
                practice_subject(data.name, data.agb),
                practice_id=practice_id,
                before=before,
                after=after,
            )

    def set_ion(self, practice_id: int, peildatum: date, ion: int) -> None:
        """Record the ION at `peildatum` (replacing one recorded there); the practice's current
        ION follows its latest peildatum. Its version goes up, so an open form elsewhere is
        refused rather than overwriting this."""
        write(
            self._engine,
            lambda connection: ion_records.set_at(connection, practice_id, peildatum, ion),
        )

    def delete_ion(self, practice_id: int, peildatum: date) -> None:
        write(
            self._engine,
            lambda connection: ion_records.delete_at(connection, practice_id, peildatum),
        )

    def delete(self, practice_id: int) -> None:
        def body(connection: Connection) -> None:
            outbox.refuse_in_werkkopie(connection, "delete")
            reasons = self._blockers(connection, practice_id)
            if reasons:
                raise PracticeInUseError(reasons)
            old = snapshot(connection, practice_id)
            connection.execute(delete(P).where(P.c.id == practice_id))
            if old is not None:
                audit.record(
                    connection,
                    Entity.PRAKTIJK,
                    Action.VERWIJDERD,
                    practice_subject(str(old["name"]), str(old["agb"])),
                    practice_id=practice_id,
                    before=old,
                )

        write(self._engine, body)

    def blockers(self, practice_id: int) -> list[str]:
        """Why `practice_id` cannot be deleted (Dutch), empty when it can."""
        with self._engine.connect() as connection:
            return self._blockers(connection, practice_id)

    # --- helpers -----------------------------------------------------------------------------

    def _record_ion(self, connection: Connection, practice_id: int, ion: int | None) -> None:
        """An ION typed without a peildatum counts for the current quarter's peildatum."""
        if ion is not None:
            peildatum = quarter_start(self._today())
            old = ion_records.at(connection, practice_id, peildatum)
            ion_records.replace(connection, practice_id, peildatum, ion)
            ion_records.outbox_ion(connection, practice_id, peildatum, old, ion)

    @staticmethod
    def _outbox_update(
        connection: Connection, old: dict[str, object], data: PracticeData, version: int
    ) -> None:
        """In a werkkopie, the change as the server will check it: based on the practice's
        values before, known to the server by its AGB before (SPEC §9)."""
        before = {name: old[name] for name in (*DATA_FIELDS, "region")}
        after = sync_values(data)
        if before != after:
            outbox.record_change(
                connection,
                ChangeKind.PRAKTIJK,
                str(old["agb"]),
                base=before,
                after=after,
                base_version=version,
            )

    def _blockers(self, connection: Connection, practice_id: int) -> list[str]:
        reasons = []
        for table, column in self._dependent_tables(connection):
            rows = sqlalchemy.table(table, sqlalchemy.column(column))
            found = connection.execute(
                select(literal(1)).select_from(rows).where(rows.c[column] == practice_id).limit(1)
            ).first()
            if found:
                reasons.append(DEPENDENT_LABELS.get(table, table))
        return reasons

    def _dependent_tables(self, connection: Connection) -> list[tuple[str, str]]:
        """Tables whose rows refer to a practice without being deleted along with it."""
        if self._dependents is None:
            inspector = sqlalchemy.inspect(connection)
            found = []
            for table in inspector.get_table_names():
                for key in inspector.get_foreign_keys(table):
                    on_delete = (key.get("options") or {}).get("ondelete") or ""
                    if key["referred_table"] == "practice" and on_delete.upper() != "CASCADE":
                        found += [(table, column) for column in key["constrained_columns"]]
            self._dependents = found
        return self._dependents
