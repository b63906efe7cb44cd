"""The audit trail: every create, update and delete, with before and after.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("os_user", AutoString(), nullable=False),
        sa.Column("entity", AutoString(), nullable=False),
        sa.Column("action", AutoString(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=True),
        sa.Column("subject", AutoString(), nullable=False),
        sa.Column("before", AutoString(), nullable=True),
        sa.Column("after", AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_audit_practice_id", "audit", ["practice_id"])


def downgrade() -> None:
    op.drop_table("audit")
