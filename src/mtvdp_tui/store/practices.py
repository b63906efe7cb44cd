"""The practice register in the database: lists paged in SQL, and one transaction per change.

Widgets never see ORM rows: everything returned here is a small frozen dataclass.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.sql import ColumnElement

from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.domain.quarters import quarter_start
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.store import audit
from mtvdp_tui.store.audit import Action, Entity
from mtvdp_tui.store.tables import IonRecord, Practice, Region, table_of, utc_now
from mtvdp_tui.store.transactions import inserted_id, write

P = table_of(Practice)
R = table_of(Region)
ION = table_of(IonRecord)

# Tables that refer to a practice and stop it from being deleted, with the Dutch label of what
# they hold. A table not listed here still blocks deletion; it is then named by its table name.
DEPENDENT_LABELS: dict[str, str] = {
    "praktijkplan": "een praktijkplan",
    "loting_deelnemer": "een loting",
    "declaratie_status": "een declaratiestatus",
}


class RecordError(Exception):
    """A change the database refused; `str()` is the Dutch message for the user."""


class StaleRecordError(RecordError):
    """The record changed (or disappeared) since it was opened."""


class PracticeInUseError(RecordError):
    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__(t("practice.in_use", reasons=", ".join(self.reasons)))


class SortKey(enum.StrEnum):
    AGB = "agb"
    NAME = "naam"
    REGION = "regio"
    WIJK = "wijk"
    ION = "ion"
    PREFERENCE = "voorkeur"
    STATUS = "status"


@dataclass(frozen=True)
class PracticeQuery:
    """What the register shows: search words (all must match), region, order."""

    text: str = ""
    region: str | None = None
    sort: SortKey = SortKey.NAME
    descending: bool = False


@dataclass(frozen=True)
class PracticeRow:
    """One line of the register."""

    id: int
    agb: str
    name: str
    region: str
    wijk: str
    ion: int | None
    preferred_moment: date | None
    survey_answered: bool
    excluded: bool
    start_date: date | None
    stop_date: date | None


@dataclass(frozen=True)
class RegionTotal:
    region: str
    practices: int
    ion: int


@dataclass(frozen=True)
class PracticeRecord:
    """A practice as stored, for the edit form: its data plus identity and version."""

    id: int
    version: int
    data: PracticeData


ROW_COLUMNS = (
    P.c.id,
    P.c.agb,
    P.c.name,
    R.c.name.label("region"),
    P.c.wijk,
    P.c.ion,
    P.c.preferred_moment,
    P.c.survey_answered,
    P.c.excluded,
    P.c.start_date,
    P.c.stop_date,
)
DATA_FIELDS = tuple(f.name for f in fields(PracticeData) if f.name not in {"region", "ion"})


def search_key(agb: str, name: str, wijk: str) -> str:
    return f"{agb} {name} {wijk}".casefold()


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def practice_subject(name: str, agb: str) -> str:
    """How the audit trail names a practice."""
    return f"{name} ({agb})"


def _snapshot(connection: Connection, practice_id: int) -> dict[str, object] | None:
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


def practice_conditions(text: str, region: str | None) -> list[ColumnElement[bool]]:
    """Every search word in the practice's AGB, name or wijk, and the region if given."""
    conditions: list[ColumnElement[bool]] = [
        P.c.search_key.like(_like_pattern(word), escape="\\") for word in _search_words(text)
    ]
    if region:
        conditions.append(R.c.name == region)
    return conditions


def _search_words(text: str) -> list[str]:
    return text.casefold().split()


def _search_shape(query: PracticeQuery) -> tuple[int, bool]:
    """What the statement of `query` depends on: the number of search words, and a region."""
    return len(_search_words(query.text)), bool(query.region)


def _search_values(query: PracticeQuery) -> dict[str, object]:
    """The values bound into the statement of `query`'s shape: see `_search_conditions`."""
    words = _search_words(query.text)
    values: dict[str, object] = {f"word_{n}": _like_pattern(word) for n, word in enumerate(words)}
    if query.region:
        values["region"] = query.region
    return values


def _search_conditions(words: int, region: bool) -> list[ColumnElement[bool]]:
    """As `practice_conditions`, with the words and region left as bound parameters."""
    conditions: list[ColumnElement[bool]] = [
        P.c.search_key.like(bindparam(f"word_{n}"), escape="\\") for n in range(words)
    ]
    if region:
        conditions.append(R.c.name == bindparam("region"))
    return conditions


def _order(sort: SortKey, descending: bool) -> list[ColumnElement[Any]]:
    status = case(
        (P.c.excluded, 4),
        (P.c.stop_date.is_not(None), 3),
        (P.c.start_date.is_not(None), 2),
        else_=1,
    )
    keys: dict[SortKey, list[ColumnElement[Any]]] = {
        SortKey.AGB: [P.c.agb],
        SortKey.NAME: [P.c.name.collate("NOCASE")],  # read in order from ix_practice_name_search
        SortKey.REGION: [R.c.position, P.c.name.collate("NOCASE")],
        SortKey.WIJK: [P.c.wijk.collate("NOCASE"), P.c.name.collate("NOCASE")],
        SortKey.ION: [P.c.ion.is_(None), P.c.ion],
        SortKey.PREFERENCE: [P.c.preferred_moment.is_(None), P.c.preferred_moment],
        SortKey.STATUS: [status, P.c.start_date],
    }
    chosen = keys[sort]
    if descending:
        chosen = [key.desc() for key in chosen]
    return [*chosen, P.c.id]


# The register runs these on every keystroke of a search. Built once per shape of query (and
# their compiled SQL cached by SQLAlchemy), only the values change: `_search_values`.


@lru_cache(maxsize=64)
def _page_statement(
    words: int, region: bool, sort: SortKey, descending: bool
) -> Select[*tuple[Any, ...]]:
    return (
        select(*ROW_COLUMNS)
        .select_from(P.join(R))
        .where(*_search_conditions(words, region))
        .order_by(*_order(sort, descending))
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


@lru_cache(maxsize=16)
def _totals_statement(words: int, region: bool) -> Select[*tuple[Any, ...]]:
    return (
        select(R.c.name, func.count(P.c.id), func.coalesce(func.sum(P.c.ion), 0))
        .select_from(P.join(R))
        .where(*_search_conditions(words, region))
        .group_by(R.c.name)
    )


def _agb_used(connection: Connection, agb: str, except_id: int | None) -> bool:
    """Whether a practice other than `except_id` has this AGB code."""
    statement = select(P.c.id).where(P.c.agb == agb)
    if except_id is not None:
        statement = statement.where(P.c.id != except_id)
    return connection.execute(statement).first() is not None


class PracticeRepository:
    def __init__(self, engine: Engine, ruleset: Ruleset, today: Callable[[], date]) -> None:
        self._engine = engine
        self._ruleset = ruleset
        self._today = today
        self._dependents: list[tuple[str, str]] | None = None

    # --- reading -----------------------------------------------------------------------------

    def page(self, query: PracticeQuery, offset: int, limit: int) -> list[PracticeRow]:
        statement = _page_statement(*_search_shape(query), query.sort, query.descending)
        values = {**_search_values(query), "offset": offset, "limit": limit}
        with self._engine.connect() as connection:
            rows = connection.execute(statement, values).all()
        return [PracticeRow(*row) for row in rows]

    def totals(self, query: PracticeQuery) -> list[RegionTotal]:
        """Practices and ION per region for `query`, every region of the ruleset included."""
        statement = _totals_statement(*_search_shape(query))
        with self._engine.connect() as connection:
            rows = connection.execute(statement, _search_values(query)).all()
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
        statement = select(P.c.wijk).where(P.c.wijk != "").distinct().order_by(P.c.wijk)
        with self._engine.connect() as connection:
            return list(connection.execute(statement).scalars())

    def ion_history(self, practice_id: int) -> list[tuple[date, int]]:
        statement = (
            select(ION.c.peildatum, ION.c.ion)
            .where(ION.c.practice_id == practice_id)
            .order_by(ION.c.peildatum)
        )
        with self._engine.connect() as connection:
            return [(peildatum, ion) for peildatum, ion in connection.execute(statement)]

    # --- writing: each method is one transaction ---------------------------------------------

    def create(self, data: PracticeData) -> int:
        with write(self._engine) as connection:
            return self._create(connection, data)

    def update(self, practice_id: int, data: PracticeData, *, expected_version: int) -> None:
        """Store `data`; refused when someone else changed the practice since `expected_version`."""
        with write(self._engine) as connection:
            self._update(connection, practice_id, data, expected_version)

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
        with write(self._engine) as connection:
            for data in new:
                self._create(connection, data)
            for practice_id, version, data in changed:
                self._update(connection, practice_id, data, version)

    def _create(self, connection: Connection, data: PracticeData) -> int:
        self._check_agb_free(connection, data.agb, None)
        values = self._row_values(connection, data)
        inserted = connection.execute(insert(P).values(**values, created_at=utc_now()))
        practice_id = inserted_id(inserted)
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

    def _update(
        self, connection: Connection, practice_id: int, data: PracticeData, expected_version: int
    ) -> None:
        self._check_agb_free(connection, data.agb, practice_id)
        old = _snapshot(connection, practice_id)
        current_ion = old["ion"] if old else None
        result = connection.execute(
            update(P)
            .where(P.c.id == practice_id, P.c.version == expected_version)
            .values(**self._row_values(connection, data), version=P.c.version + 1)
        )
        if result.rowcount != 1:
            raise StaleRecordError(t("practice.stale"))
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
        with write(self._engine) as connection:
            old = self._ion_at(connection, practice_id, peildatum)
            connection.execute(
                delete(ION).where(ION.c.practice_id == practice_id, ION.c.peildatum == peildatum)
            )
            connection.execute(
                insert(ION).values(
                    practice_id=practice_id, peildatum=peildatum, ion=ion, recorded_at=utc_now()
                )
            )
            self._follow_latest_ion(connection, practice_id)
            self._audit_ion(connection, practice_id, peildatum, old, ion)

    def delete_ion(self, practice_id: int, peildatum: date) -> None:
        with write(self._engine) as connection:
            old = self._ion_at(connection, practice_id, peildatum)
            connection.execute(
                delete(ION).where(ION.c.practice_id == practice_id, ION.c.peildatum == peildatum)
            )
            self._follow_latest_ion(connection, practice_id)
            self._audit_ion(connection, practice_id, peildatum, old, None)

    @staticmethod
    def _ion_at(connection: Connection, practice_id: int, peildatum: date) -> int | None:
        """The ION recorded at `peildatum` (None if none); refused if the practice is gone."""
        if connection.execute(select(P.c.id).where(P.c.id == practice_id)).first() is None:
            raise StaleRecordError(t("practice.gone"))
        return connection.execute(
            select(ION.c.ion).where(ION.c.practice_id == practice_id, ION.c.peildatum == peildatum)
        ).scalar_one_or_none()

    @staticmethod
    def _audit_ion(
        connection: Connection, practice_id: int, peildatum: date, old: int | None, new: int | None
    ) -> None:
        snapshot = _snapshot(connection, practice_id) or {}
        audit.record(
            connection,
            Entity.ION,
            Action.AANGEMAAKT
            if old is None
            else Action.VERWIJDERD
            if new is None
            else Action.GEWIJZIGD,
            practice_subject(str(snapshot.get("name")), str(snapshot.get("agb"))),
            practice_id=practice_id,
            before=None if old is None else {"peildatum": peildatum, "ion": old},
            after=None if new is None else {"peildatum": peildatum, "ion": new},
        )

    @staticmethod
    def _follow_latest_ion(connection: Connection, practice_id: int) -> None:
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

    def delete(self, practice_id: int) -> None:
        with write(self._engine) as connection:
            reasons = self._blockers(connection, practice_id)
            if reasons:
                raise PracticeInUseError(reasons)
            old = _snapshot(connection, practice_id)
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

    def blockers(self, practice_id: int) -> list[str]:
        """Why `practice_id` cannot be deleted (Dutch), empty when it can."""
        with self._engine.connect() as connection:
            return self._blockers(connection, practice_id)

    # --- helpers -----------------------------------------------------------------------------

    def _row_values(self, connection: Connection, data: PracticeData) -> dict[str, object]:
        region_id = connection.execute(
            select(R.c.id).where(R.c.name == data.region)
        ).scalar_one_or_none()
        if region_id is None:
            raise RecordError(t("field.region.unknown", region=data.region))
        values = {name: getattr(data, name) for name in DATA_FIELDS}
        return {
            **values,
            "region_id": region_id,
            "ion": data.ion,
            "search_key": search_key(data.agb, data.name, data.wijk),
            "updated_at": utc_now(),
        }

    def _check_agb_free(self, connection: Connection, agb: str, practice_id: int | None) -> None:
        if _agb_used(connection, agb, practice_id):
            raise FieldError(t("field.agb.taken", agb=agb))

    def _record_ion(self, connection: Connection, practice_id: int, ion: int | None) -> None:
        """An ION typed without a peildatum counts for the current quarter's peildatum."""
        if ion is None:
            return
        peildatum = quarter_start(self._today())
        connection.execute(
            delete(ION).where(ION.c.practice_id == practice_id, ION.c.peildatum == peildatum)
        )
        connection.execute(
            insert(ION).values(
                practice_id=practice_id, peildatum=peildatum, ion=ion, recorded_at=utc_now()
            )
        )

    def _blockers(self, connection: Connection, practice_id: int) -> list[str]:
        reasons = []
        for table, column in self._dependent_tables(connection):
            found = connection.exec_driver_sql(
                f'SELECT 1 FROM "{table}" WHERE "{column}" = ? LIMIT 1', (practice_id,)
            ).first()
            if found:
                reasons.append(DEPENDENT_LABELS.get(table, table))
        return reasons

    def _dependent_tables(self, connection: Connection) -> list[tuple[str, str]]:
        """Tables whose rows refer to a practice without being deleted along with it."""
        if self._dependents is None:
            tables = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table'"
            ).scalars()
            found = []
            for table in list(tables):
                keys = connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').mappings()
                found += [
                    (table, key["from"])
                    for key in keys
                    if key["table"] == "practice" and key["on_delete"] != "CASCADE"
                ]
            self._dependents = found
        return self._dependents
