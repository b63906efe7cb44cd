"""The audit trail: every change is written in the same transaction as the change itself.

`record` is called by the repositories; `AuditRepository` reads the trail for the log screen,
paged and filtered in SQL.
"""

from __future__ import annotations

import enum
import getpass
import json
import socket
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.sql import ColumnElement

from mtvdp_tui.domain.search_text import audit_key, search_words
from mtvdp_tui.records.audit import Action, AuditQuery, AuditRow, Entity
from mtvdp_tui.store.practice_search import like_pattern
from mtvdp_tui.store.tables import AuditEntry, table_of, utc_now
from mtvdp_tui.store.transactions import note_change

A = table_of(AuditEntry)


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some service set-ups)
        return "?"


def host_name() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return "?"


ROLE = "mtvdp_role"  # in the pooled connection's info: its role, asked once


def db_role(connection: Connection) -> str:
    """The database role of `connection` (PostgreSQL's `current_user`; SQLite has none)."""
    if connection.dialect.name == "sqlite":
        return ""
    role = connection.info.get(ROLE)
    if role is None:
        role = connection.execute(select(func.current_user())).scalar_one()
        connection.info[ROLE] = role
    return str(role)


def role_value(connection: Connection) -> Any:
    """What an INSERT stores as the role: on PostgreSQL the server's `current_user` evaluated in
    the INSERT itself (asking for it first would cost a round trip on each new connection)."""
    return "" if connection.dialect.name == "sqlite" else func.current_user()


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def practice_subject(name: str, agb: str) -> str:
    """How the audit trail names a practice."""
    return f"{name} ({agb})"


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, each side as JSON-able values."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return (
        {key: _plain(before.get(key)) for key in keys},
        {key: _plain(after.get(key)) for key in keys},
    )


def dumped(values: Mapping[str, Any] | None) -> str | None:
    """An entry's `before` or `after` as stored: JSON of the plain values (None stays None)."""
    if values is None:
        return None
    plain = {key: _plain(value) for key, value in values.items()}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)


def record(
    connection: Connection,
    entity: Entity,
    action: Action,
    subject: str,
    *,
    practice_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Write one audit entry inside the caller's transaction."""
    note_change(connection, f"{entity.value} {action.value}")
    user = os_user()
    connection.execute(
        insert(A).values(
            at=utc_now(),
            os_user=user,
            db_role=role_value(connection),
            host=host_name(),
            entity=entity.value,
            action=action.value,
            practice_id=practice_id,
            subject=subject,
            search_key=audit_key(subject, user),
            before=dumped(before),
            after=dumped(after),
        )
    )


class AuditRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def last_id(self) -> int:
        """The newest entry's id: it changes with every change anyone makes to the database,
        so a screen can tell cheaply whether it must read again."""
        with self._engine.connect() as connection:
            return connection.execute(select(func.max(A.c.id))).scalar_one() or 0

    def count(self, query: AuditQuery) -> int:
        statement = select(func.count()).select_from(A).where(*self._conditions(query))
        with self._engine.connect() as connection:
            return connection.execute(statement).scalar_one()

    def page(self, query: AuditQuery, offset: int, limit: int) -> list[AuditRow]:
        """Newest first."""
        statement = (
            select(A)
            .where(*self._conditions(query))
            .order_by(A.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        with self._engine.connect() as connection:
            return [
                AuditRow(
                    row.id,
                    row.at,
                    row.os_user,
                    Entity(row.entity),
                    Action(row.action),
                    row.practice_id,
                    row.subject,
                    json.loads(row.before) if row.before else None,
                    json.loads(row.after) if row.after else None,
                    row.db_role,
                    row.host,
                )
                for row in connection.execute(statement)
            ]

    @staticmethod
    def _conditions(query: AuditQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        for word in search_words(query.text):
            conditions.append(A.c.search_key.like(like_pattern(word), escape="\\"))
        if query.entity is not None:
            conditions.append(A.c.entity == query.entity.value)
        if query.practice_id is not None:
            conditions.append(A.c.practice_id == query.practice_id)
        return conditions
