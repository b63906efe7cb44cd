"""Search ignores accents: "dieen" finds "Dieën".

- `practice.search_key` is rebuilt for every practice with `search_text.practice_key` (accents
  and case folded; before, only case).
- `audit.search_key` is new: the entry's subject and OS user, folded the same way
  (`search_text.audit_key`), so the audit trail's search ignores accents too.

Plain SQLAlchemy Core (a select in pages by id, an executemany update), so it runs on any
database SQLAlchemy supports, not only SQLite. The keys are computed by the functions the app
itself uses, so stored keys and typed words are folded alike.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from mtvdp_tui.domain.search_text import audit_key, practice_key

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PAGE = 5000  # rows read and updated at a time: bounded memory on a large audit trail


def upgrade() -> None:
    op.add_column("audit", sa.Column("search_key", AutoString(), nullable=False, server_default=""))
    practice = sa.table(
        "practice",
        sa.column("id", sa.Integer),
        sa.column("agb", sa.String),
        sa.column("name", sa.String),
        sa.column("wijk", sa.String),
        sa.column("search_key", sa.String),
    )
    audit = sa.table(
        "audit",
        sa.column("id", sa.Integer),
        sa.column("subject", sa.String),
        sa.column("os_user", sa.String),
        sa.column("search_key", sa.String),
    )
    _rebuild(practice, (practice.c.agb, practice.c.name, practice.c.wijk), practice_key)
    _rebuild(audit, (audit.c.subject, audit.c.os_user), audit_key)


def _rebuild(
    table: sa.TableClause, sources: tuple[sa.ColumnClause[str], ...], key: Callable[..., str]
) -> None:
    """Set `search_key` of every row of `table` to `key` of its `sources`, a page at a time."""
    connection = op.get_bind()
    update = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values(search_key=sa.bindparam("new_key"))
    )
    last = None
    while True:
        query = sa.select(table.c.id, *sources).order_by(table.c.id).limit(PAGE)
        if last is not None:
            query = query.where(table.c.id > last)
        rows = connection.execute(query).all()
        if not rows:
            return
        changes = [{"row_id": row[0], "new_key": key(*(v or "" for v in row[1:]))} for row in rows]
        connection.execute(update, changes)
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("search_key")
    practice = sa.table(
        "practice",
        sa.column("id", sa.Integer),
        sa.column("agb", sa.String),
        sa.column("name", sa.String),
        sa.column("wijk", sa.String),
        sa.column("search_key", sa.String),
    )
    _rebuild(
        practice,
        (practice.c.agb, practice.c.name, practice.c.wijk),
        lambda agb, name, wijk: f"{agb} {name} {wijk}".casefold(),  # the key before 0008
    )
