"""Lotteries in the database: one transaction per change, row versions checked in every update.

A region has at most one lottery that is not discarded; every lottery of a region is an attempt
(numbered 1, 2, … by creation), and a discarded attempt stays with its time, reason and
poolzegel. Its life: "pool" (inputs frozen) →
"trekking" (sources frozen, steps being shown; `revealed` counts them) → "definitief" (the
assigned moments are the practices' start dates; never changed again). A lottery that is not
final can be discarded ("verworpen"); it is kept, without its pool rows, for the record.
Each change takes the session's `claim` on the region (SPEC §8) and is refused, in the same
transaction, when the session no longer holds it (`LotteryClaims.check`).
The inputs and sources are JSON made by `mtvdp_tui.lottery_service`; this module stores them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, Select, delete, func, insert, select, update

from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.errors import RecordError, StaleRecordError
from mtvdp_tui.records.lotteries import Candidate, LotteryStatus, StoredLottery
from mtvdp_tui.store import audit
from mtvdp_tui.store.audit import A, practice_subject
from mtvdp_tui.store.lottery_claims import Claim, LotteryClaims
from mtvdp_tui.store.practice_search import P, R
from mtvdp_tui.store.tables import Lottery, LotteryEntry, table_of, utc_now
from mtvdp_tui.store.transactions import inserted_id, write

L = table_of(Lottery)
LE = table_of(LotteryEntry)


def _stored(row: Sequence[Any]) -> StoredLottery:
    lottery_id, region, status, *rest = row
    return StoredLottery(lottery_id, region, LotteryStatus(status), *rest)


AUDITED = ("status", "key", "revealed", "discard_reason")  # fields the audit trail shows

_EARLIER = L.alias("earlier")
_ATTEMPT = (  # the attempt's number: how many lotteries of its region were made up to it
    select(func.count())
    .where(_EARLIER.c.region_id == L.c.region_id, _EARLIER.c.id <= L.c.id)
    .scalar_subquery()
)


def _audit(
    connection: Connection,
    region: str,
    action: Action,
    before: dict[str, object] | None,
    after: dict[str, object],
) -> None:
    audit.record(
        connection,
        Entity.LOTING,
        action,
        t("loting.audit.subject", region=region),
        before=before,
        after=after,
    )


class LotteryRepository:
    def __init__(self, engine: Engine, connection: Connection | None = None) -> None:
        self._engine = engine
        self._connection = connection  # reads share it (see `reading_together`)
        self.claims = LotteryClaims(engine, connection)  # who draws which region (SPEC §8)

    @contextmanager
    def reading_together(self) -> Iterator[LotteryRepository]:
        """This repository with every read on one connection: what a screen shows at once is
        read in one go (over a network a connection per read costs round trips of its own)."""
        with self._engine.connect() as connection:
            yield LotteryRepository(self._engine, connection)

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        if self._connection is not None:
            yield self._connection
        else:
            with self._engine.connect() as connection:
                yield connection

    def last_change(self) -> int:
        """The audit trail's newest id: it moves with every change anyone makes."""
        with self._reading() as connection:
            return connection.execute(select(func.max(A.c.id))).scalar_one() or 0

    # --- reading -----------------------------------------------------------------------------

    def active(self, region: str) -> StoredLottery | None:
        """The region's lottery that is not discarded (in preparation, drawing or final)."""
        with self._reading() as connection:
            return self._active(connection, region)

    def get(self, lottery_id: int) -> StoredLottery:
        with self._reading() as connection:
            return self._get(connection, lottery_id)

    def _get(self, connection: Connection, lottery_id: int) -> StoredLottery:
        row = connection.execute(self._select().where(L.c.id == lottery_id)).first()
        if row is None:
            raise StaleRecordError(t("loting.gone"))
        return _stored(row)

    def discarded_before(self, lottery: StoredLottery) -> list[StoredLottery]:
        """The region's discarded attempts made before `lottery`, oldest first."""
        statement = (
            self._select()
            .where(
                R.c.name == lottery.region,
                L.c.status == LotteryStatus.VERWORPEN.value,
                L.c.id < lottery.id,
            )
            .order_by(L.c.id)
        )
        with self._reading() as connection:
            return [_stored(row) for row in connection.execute(statement)]

    def in_progress_region(self) -> str | None:
        """The region whose lottery is frozen but not final nor discarded (the latest changed)."""
        statement = (
            select(R.c.name)
            .select_from(L.join(R))
            .where(L.c.status.in_([LotteryStatus.POOL.value, LotteryStatus.TREKKING.value]))
            .order_by(L.c.updated_at.desc(), L.c.id.desc())
            .limit(1)
        )
        with self._reading() as connection:
            return connection.execute(statement).scalar_one_or_none()

    def candidates(self, region: str) -> list[Candidate]:
        statement = (
            select(
                P.c.id,
                P.c.agb,
                P.c.name,
                P.c.ion,
                P.c.preferred_moment,
                P.c.excluded,
                P.c.excluded_reason,
                P.c.start_date,
                P.c.stop_date,
            )
            .select_from(P.join(R))
            .where(R.c.name == region)
            .order_by(P.c.agb)
        )
        with self._reading() as connection:
            return [Candidate(*row) for row in connection.execute(statement)]

    def region_ion(self, region: str) -> tuple[int | None, int]:
        """(the official ION figure if entered, the sum of ION in the register) for `region`."""
        with self._reading() as connection:
            official = connection.execute(
                select(R.c.ion_official).where(R.c.name == region)
            ).scalar_one()
            total = connection.execute(
                select(func.coalesce(func.sum(P.c.ion), 0))
                .select_from(P.join(R))
                .where(R.c.name == region)
            ).scalar_one()
        return official, total

    # --- writing -----------------------------------------------------------------------------

    def set_official_ion(self, region: str, value: int | None) -> None:
        def body(connection: Connection) -> None:
            if self._active(connection, region) is not None:
                raise RecordError(t("loting.ion_frozen"))
            connection.execute(update(R).where(R.c.name == region).values(ion_official=value))

        write(self._engine, body)

    def freeze_pool(
        self,
        region: str,
        inputs: str,
        pool: Sequence[tuple[int, int]],
        pool_seal: str,
        *,
        claim: Claim | None = None,
    ) -> StoredLottery:
        """Start the region's lottery with frozen `inputs` and their poolzegel; `pool` is
        (pool number, practice id)."""

        def body(connection: Connection) -> StoredLottery:
            self._check_claim(connection, claim)
            if self._active(connection, region) is not None:
                raise RecordError(t("loting.exists", region=region))
            region_id = connection.execute(select(R.c.id).where(R.c.name == region)).scalar_one()
            now = utc_now()
            inserted = connection.execute(
                insert(L).values(
                    region_id=region_id,
                    status=LotteryStatus.POOL.value,
                    inputs=inputs,
                    pool_seal=pool_seal,
                    revealed=0,
                    pool_frozen_at=now,
                    row_version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            lottery_id = inserted_id(inserted)
            if pool:
                connection.execute(
                    insert(LE),
                    [
                        {"lottery_id": lottery_id, "pool_number": number, "practice_id": pid}
                        for number, pid in pool
                    ],
                )
            _audit(
                connection,
                region,
                Action.AANGEMAAKT,
                None,
                {"status": LotteryStatus.POOL.value, "pool": len(pool)},
            )
            return self._get(connection, lottery_id)  # as stored, in the same round of trips

        return write(self._engine, body)

    def freeze_sources(
        self, lottery: StoredLottery, sources: str, key: str, *, claim: Claim | None = None
    ) -> StoredLottery:
        self._require(lottery, LotteryStatus.POOL)

        def body(connection: Connection) -> StoredLottery:
            self._check_claim(connection, claim)
            self._update(
                connection,
                lottery,
                status=LotteryStatus.TREKKING.value,
                sources=sources,
                key=key,
                sources_frozen_at=utc_now(),
            )
            return self._get(connection, lottery.id)

        return write(self._engine, body)

    def reveal(
        self, lottery: StoredLottery, revealed: int, total: int, *, claim: Claim | None = None
    ) -> StoredLottery:
        """Record that `revealed` steps of `total` are shown (never fewer than before)."""
        self._require(lottery, LotteryStatus.TREKKING)
        revealed = max(lottery.revealed, min(revealed, total))
        if revealed == lottery.revealed:
            return lottery
        values: dict[str, object] = {"revealed": revealed}
        if lottery.first_step_at is None:
            values["first_step_at"] = utc_now()
        if revealed == total:
            values["drawn_at"] = utc_now()

        def body(connection: Connection) -> StoredLottery:
            self._check_claim(connection, claim)
            self._update(connection, lottery, **values)
            return self._get(connection, lottery.id)

        return write(self._engine, body)

    def discard(self, lottery: StoredLottery, reason: str, *, claim: Claim | None = None) -> None:
        """Set the attempt aside, with the board's reason; it stays on record."""
        if lottery.status is LotteryStatus.DEFINITIEF:
            raise RecordError(t("loting.final_cannot_discard"))
        if not reason.strip():
            raise RecordError(t("loting.discard.no_reason"))

        def body(connection: Connection) -> None:
            self._check_claim(connection, claim)
            self._update(
                connection,
                lottery,
                status=LotteryStatus.VERWORPEN.value,
                discarded_at=utc_now(),
                discard_reason=reason.strip(),
            )
            connection.execute(delete(LE).where(LE.c.lottery_id == lottery.id))

        write(self._engine, body)

    def finalise(
        self,
        lottery: StoredLottery,
        start_dates: Mapping[int, date],
        *,
        claim: Claim | None = None,
    ) -> StoredLottery:
        """Make the lottery final and give each pool practice its start date (by pool number)."""
        self._require(lottery, LotteryStatus.TREKKING)

        def body(connection: Connection) -> StoredLottery:
            self._check_claim(connection, claim)
            self._update(
                connection, lottery, status=LotteryStatus.DEFINITIEF.value, finalised_at=utc_now()
            )
            entries = dict(
                connection.execute(
                    select(LE.c.pool_number, LE.c.practice_id).where(LE.c.lottery_id == lottery.id)
                ).all()
            )
            if set(entries) != set(start_dates):
                raise RecordError(t("loting.pool_mismatch"))
            for number, start in start_dates.items():
                practice_id = entries[number]
                name, agb, old = connection.execute(
                    select(P.c.name, P.c.agb, P.c.start_date).where(P.c.id == practice_id)
                ).one()
                connection.execute(
                    update(P)
                    .where(P.c.id == practice_id)
                    .values(start_date=start, version=P.c.version + 1, updated_at=utc_now())
                )
                audit.record(
                    connection,
                    Entity.PRAKTIJK,
                    Action.GEWIJZIGD,
                    practice_subject(name, agb),
                    practice_id=practice_id,
                    before={"start_date": old},
                    after={"start_date": start},
                )
            return self._get(connection, lottery.id)

        return write(self._engine, body)

    # --- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _select() -> Select[*tuple[Any, ...]]:
        return select(
            L.c.id,
            R.c.name,
            L.c.status,
            L.c.inputs,
            L.c.sources,
            L.c.key,
            L.c.revealed,
            L.c.pool_frozen_at,
            L.c.sources_frozen_at,
            L.c.drawn_at,
            L.c.finalised_at,
            L.c.row_version,
            L.c.pool_seal,
            L.c.first_step_at,
            L.c.discarded_at,
            L.c.discard_reason,
            _ATTEMPT,
        ).select_from(L.join(R))

    def _active(self, connection: Connection, region: str) -> StoredLottery | None:
        row = connection.execute(
            self._select()
            .where(R.c.name == region, L.c.status != LotteryStatus.VERWORPEN.value)
            .order_by(L.c.id.desc())
            .limit(1)
        ).first()
        return _stored(row) if row else None

    def _check_claim(self, connection: Connection, claim: Claim | None) -> None:
        if claim is not None:
            self.claims.check(connection, claim)

    @staticmethod
    def _require(lottery: StoredLottery, status: LotteryStatus) -> None:
        if lottery.status is not status:
            raise StaleRecordError(t("loting.stale"))

    @staticmethod
    def _update(connection: Connection, lottery: StoredLottery, **values: object) -> None:
        """Change the lottery (refused if it changed since `lottery` was read) and audit it."""
        result = connection.execute(
            update(L)
            .where(L.c.id == lottery.id, L.c.row_version == lottery.row_version)
            .values(**values, row_version=L.c.row_version + 1, updated_at=utc_now())
        )
        if result.rowcount != 1:
            raise StaleRecordError(t("loting.stale"))
        shown = {key: value for key, value in values.items() if key in AUDITED}
        before = {key: getattr(lottery, key) for key in shown}
        _audit(connection, lottery.region, Action.GEWIJZIGD, before, shown)
