"""Who is drawing a region's lottery (SPEC §8): a claim in the database, one session at a time.

A session claims a region before it draws and releases it when done; everyone else sees
"wordt getrokken door … sinds …" and cannot claim it meanwhile. A session that died leaves its
claim: the board may take it over on purpose (`take_over=` the claim it was shown; audited).
Claiming is one write, so two sessions claiming at once cannot both win (SQLite's write lock; on
PostgreSQL the primary key). Every change of a lottery checks, in its own transaction, that the
session still holds the claim (`check`), so a session whose claim was taken over changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.errors import RecordError
from mtvdp_tui.store import audit
from mtvdp_tui.store.audit import db_role, host_name, os_user
from mtvdp_tui.store.practice_search import R
from mtvdp_tui.store.tables import LotteryClaim, table_of, utc_now
from mtvdp_tui.store.transactions import write

C = table_of(LotteryClaim)


@dataclass(frozen=True)
class Claim:
    region: str
    holder: str
    since: datetime
    token: str

    @property
    def since_text(self) -> str:
        """When it was claimed, in local time, as the screen and the messages show it."""
        return since_text(self.since)


def since_text(moment: datetime) -> str:
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


class LotteryClaimed(RecordError):
    """Another session draws this region's lottery; the message says who and since when."""


def claimed_message(region: str, holder: str, since: datetime) -> str:
    return t("loting.claimed", region=region, holder=holder, since=since_text(since))


class LotteryClaims:
    def __init__(self, engine: Engine, connection: Connection | None = None) -> None:
        self._engine = engine
        self._connection = connection  # for reads made together (`reading_together`)

    def holder(self, region: str) -> Claim | None:
        """The claim on `region`, if anyone holds one."""
        if self._connection is not None:
            return self._found(self._connection, region)
        with self._engine.connect() as connection:
            return self._found(connection, region)

    def claim(self, region: str, *, take_over: Claim | None = None) -> Claim:
        """Claim `region` for this session (a new token), or LotteryClaimed in Dutch.

        `take_over`: the claim of a session that died, as the board was shown it; it is taken
        over (and the audit trail says from whom) only while it is still that claim."""
        try:
            return self._claim(region, take_over)
        except IntegrityError:  # another session inserted its claim at the same moment
            found = self.holder(region)
            if found is None:
                raise
            raise LotteryClaimed(claimed_message(region, found.holder, found.since)) from None

    def _claim(self, region: str, take_over: Claim | None) -> Claim:
        token = uuid.uuid4().hex

        def body(connection: Connection) -> Claim:
            region_id = connection.execute(select(R.c.id).where(R.c.name == region)).scalar_one()
            holder = f"{os_user()}@{host_name()}"
            role = db_role(connection)
            if role:
                holder = f"{holder} ({role})"
            found = self._found(connection, region)
            now = utc_now()
            if found is None:
                values = {"region_id": region_id, "holder": holder, "token": token, "since": now}
                connection.execute(insert(C).values(**values))
            elif take_over is not None and found.token == take_over.token:
                connection.execute(
                    update(C)
                    .where(C.c.region_id == region_id, C.c.token == found.token)
                    .values(holder=holder, token=token, since=now)
                )
                audit.record(
                    connection,
                    Entity.LOTING,
                    Action.GEWIJZIGD,
                    t("loting.audit.subject", region=region),
                    before={"getrokken_door": t("loting.claim.audit", **_shown(found))},
                    after={"getrokken_door": holder},
                )
            else:
                raise LotteryClaimed(claimed_message(region, found.holder, found.since))
            return Claim(region, holder, now, token)

        return write(self._engine, body)

    def check(self, connection: Connection, claim: Claim) -> None:
        """Inside a write: refuse (Dutch) unless this session still holds `claim`."""
        found = self._found(connection, claim.region)
        if found is None:
            raise LotteryClaimed(t("loting.claim.lost", region=claim.region))
        if found.token != claim.token:
            raise LotteryClaimed(claimed_message(claim.region, found.holder, found.since))

    def release(self, claim: Claim) -> None:
        """Give `claim` up; a claim someone took over meanwhile stays theirs."""

        def body(connection: Connection) -> None:
            region_id = select(R.c.id).where(R.c.name == claim.region).scalar_subquery()
            connection.execute(
                delete(C).where(C.c.region_id == region_id, C.c.token == claim.token)
            )

        write(self._engine, body)

    @staticmethod
    def _found(connection: Connection, region: str) -> Claim | None:
        statement = select(C.c.holder, C.c.since, C.c.token).join(R).where(R.c.name == region)
        row = connection.execute(statement).first()
        return None if row is None else Claim(region, row.holder, row.since, row.token)


def _shown(claim: Claim) -> dict[str, str]:
    return {"holder": claim.holder, "since": claim.since_text}
