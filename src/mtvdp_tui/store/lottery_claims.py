"""Who is drawing a region's lottery (SPEC §8): a claim in the database, one session at a time.

A session claims a region before it draws and releases it when done; everyone else sees
"wordt getrokken door … sinds …" and cannot claim it meanwhile. A session that died leaves its
claim: the board may take it over on purpose (`take_over=True`). Claiming is one write, so two
sessions claiming at once cannot both win (SQLite's write lock; on PostgreSQL the primary key).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, insert, select, update

from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError
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


class LotteryClaimed(RecordError):
    """Another session draws this region's lottery; the message says who and since when."""


class LotteryClaims:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def holder(self, region: str) -> Claim | None:
        """The claim on `region`, if anyone holds one."""
        statement = select(C.c.holder, C.c.since, C.c.token).join(R).where(R.c.name == region)
        with self._engine.connect() as connection:
            row = connection.execute(statement).first()
        return None if row is None else Claim(region, row.holder, row.since, row.token)

    def claim(self, region: str, *, take_over: bool = False) -> Claim:
        """Claim `region` for this session (a new token), or LotteryClaimed in Dutch."""
        token = uuid.uuid4().hex

        def body(connection: Connection) -> Claim:
            region_id = connection.execute(select(R.c.id).where(R.c.name == region)).scalar_one()
            holder = f"{os_user()}@{host_name()}"
            role = db_role(connection)
            if role:
                holder = f"{holder} ({role})"
            found = connection.execute(select(C).where(C.c.region_id == region_id)).first()
            now = utc_now()
            if found is not None and not take_over:
                since = found.since.astimezone().strftime("%d-%m-%Y %H:%M")
                raise LotteryClaimed(
                    t("loting.claimed", region=region, holder=found.holder, since=since)
                )
            if found is None:
                values = {"region_id": region_id, "holder": holder, "token": token, "since": now}
                connection.execute(insert(C).values(**values))
            else:
                connection.execute(
                    update(C)
                    .where(C.c.region_id == region_id)
                    .values(holder=holder, token=token, since=now)
                )
            return Claim(region, holder, now, token)

        return write(self._engine, body)

    def release(self, claim: Claim) -> None:
        """Give `claim` up; a claim someone took over meanwhile stays theirs."""

        def body(connection: Connection) -> None:
            region_id = select(R.c.id).where(R.c.name == claim.region).scalar_subquery()
            connection.execute(
                delete(C).where(C.c.region_id == region_id, C.c.token == claim.token)
            )

        write(self._engine, body)
