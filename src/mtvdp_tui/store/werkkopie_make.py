"""Making a werkkopie (SPEC §9): a complete SQLite copy of the organisation database, with the
point up to which it is synchronised.

It is an `overzetten` (`transfer`) from PostgreSQL into a new SQLite file — the same checked
copy, built under a temporary name and given its name only when complete — that writes, before
the file gets its name, the `werkkopie` row: the organisation database's address (never a
password), its identity (`setting.database_id`) and the sync point. A werkkopie that does not
name a server, or a half-made one, never exists.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.store import postgres
from mtvdp_tui.store.engines import is_postgres
from mtvdp_tui.store.outbox import STATE
from mtvdp_tui.store.tables import Setting, table_of, utc_now
from mtvdp_tui.store.transfer import Checking, Progress, Report, transfer

SETTING = table_of(Setting)


def database_id(connection: Connection) -> str | None:
    """A database's identity (migration 0011 gives every database one)."""
    found = connection.execute(
        select(SETTING.c.value).where(SETTING.c.key == "database_id")
    ).scalar_one_or_none()
    return None if found is None else str(found)


def make_werkkopie(
    server: str,
    target: str,
    progress: Progress | None = None,
    checking: Checking | None = None,
) -> Report:
    """Copy the organisation database `server` (a `postgresql://` URL) into the new SQLite file
    `target` as a werkkopie. Refused (a Dutch `DatabaseError`, nothing written) when `server` is
    not a PostgreSQL database or `target` is not a file path, and as `overzetten` refuses."""
    if not is_postgres(server):
        raise DatabaseError(t("werkkopie.make.not_server", source=server))
    if is_postgres(target):
        raise DatabaseError(t("werkkopie.make.not_file", target=postgres.display_name(target)))
    address = postgres.without_password(server)

    def finish(reading: Connection, writing: Connection) -> None:
        identity = database_id(reading)
        if identity is None:
            raise DatabaseError(t("werkkopie.make.no_identity"))
        now = utc_now()
        writing.execute(
            insert(STATE).values(
                id=1, server=address, database_id=identity, made_at=now, synced_at=now
            )
        )

    return transfer(server, target, progress, checking, finish=finish)
