"""Lists order names and wijken the same on every engine and under every collation.

- `practice.name_key`, `practice.wijk_key` are new: the name and wijk with accents and case
  folded (`search_text.order_key`), filled for every practice a page at a time. The register and
  the plans overview order by them, so "Éénhoorn" comes among the E's and "de Berg" beside
  "De Berg" — before, SQLite's NOCASE folded A–Z only, and PostgreSQL's `lower(name)` followed
  the database's collation.
- On PostgreSQL both columns have the collation "C" (bytes, like SQLite's BINARY), so the order
  does not depend on how the server or database was made.
- `ix_practice_name_search` (migration 0006) is made again on `name_key`.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from mtvdp_tui.domain.search_text import order_key

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PAGE = 5000  # practices read and updated at a time: bounded memory on a large register
KEY = AutoString().with_variant(sa.String(collation="C"), "postgresql")


def upgrade() -> None:
    op.add_column("practice", sa.Column("name_key", KEY, nullable=False, server_default=""))
    op.add_column("practice", sa.Column("wijk_key", KEY, nullable=False, server_default=""))
    _fill()
    op.drop_index("ix_practice_name_search", "practice")
    op.create_index("ix_practice_name_search", "practice", ["name_key", "search_key"])


def _fill() -> None:
    connection = op.get_bind()
    practice = sa.table(
        "practice",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("wijk", sa.String),
        sa.column("name_key", sa.String),
        sa.column("wijk_key", sa.String),
    )
    update = (
        sa.update(practice)
        .where(practice.c.id == sa.bindparam("row_id"))
        .values(name_key=sa.bindparam("new_name"), wijk_key=sa.bindparam("new_wijk"))
    )
    last = None
    while True:
        query = sa.select(practice.c.id, practice.c.name, practice.c.wijk)
        query = query.order_by(practice.c.id).limit(PAGE)
        if last is not None:
            query = query.where(practice.c.id > last)
        rows = connection.execute(query).all()
        if not rows:
            return
        changes = [
            {"row_id": id_, "new_name": order_key(name or ""), "new_wijk": order_key(wijk or "")}
            for id_, name, wijk in rows
        ]
        connection.execute(update, changes)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_practice_name_search", "practice")
    if op.get_bind().dialect.name == "sqlite":  # as migration 0006 made it
        folded_name = sa.text('name COLLATE "NOCASE"')
    else:
        folded_name = sa.text("lower(name)")
    op.create_index("ix_practice_name_search", "practice", [folded_name, "search_key"])
    with op.batch_alter_table("practice") as batch:
        batch.drop_column("wijk_key")
        batch.drop_column("name_key")
