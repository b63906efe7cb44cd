"""The lottery's seals and attempts (SPEC §13): what was shown, and why an attempt was discarded.

- `loting.pool_seal`: the poolzegel as computed and shown when the pool was frozen (lotteries
  frozen before this migration get theirs computed from their frozen inputs when read).
- `loting.first_step_at`: when the first step was shown (the protocol's time order).
- `loting.discard_reason`: why a discarded attempt was discarded, as the board said it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("loting", sa.Column("pool_seal", AutoString(length=64), nullable=True))
    op.add_column("loting", sa.Column("first_step_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("loting", sa.Column("discard_reason", AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("loting") as batch:
        batch.drop_column("discard_reason")
        batch.drop_column("first_step_at")
        batch.drop_column("pool_seal")
