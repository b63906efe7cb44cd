"""Many users at once (SPEC §8): who changed what from where, and who is drawing a lottery.

- `audit.db_role`: the PostgreSQL role the change was made as (SQLite has no roles: empty).
- `audit.host`: the name of the computer the program ran on.

Entries from before this migration keep both empty (nobody knows them any more).

- `loting_claim`: per region, the session drawing its lottery now (holder, since, token).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit", sa.Column("db_role", AutoString(), nullable=False, server_default=""))
    op.add_column("audit", sa.Column("host", AutoString(), nullable=False, server_default=""))
    op.create_table(
        "loting_claim",
        sa.Column("region_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("holder", AutoString(), nullable=False),
        sa.Column("token", AutoString(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"]),
        sa.PrimaryKeyConstraint("region_id"),
    )


def downgrade() -> None:
    op.drop_table("loting_claim")
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("host")
        batch.drop_column("db_role")
