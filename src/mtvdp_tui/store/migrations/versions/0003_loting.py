"""Lotteries: a region's frozen inputs, sources and progress, and the practices in its pool.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("status", AutoString(), nullable=False),
        sa.Column("inputs", AutoString(), nullable=False),
        sa.Column("sources", AutoString(), nullable=True),
        sa.Column("key", AutoString(), nullable=True),
        sa.Column("revealed", sa.Integer(), nullable=False),
        sa.Column("pool_frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sources_frozen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("discarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_loting_region_id", "loting", ["region_id"])
    op.create_table(
        "loting_deelnemer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lottery_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("pool_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lottery_id"], ["loting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["practice_id"], ["practice.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lottery_id", "pool_number"),
    )
    op.create_index("ix_loting_deelnemer_lottery_id", "loting_deelnemer", ["lottery_id"])
    op.create_index("ix_loting_deelnemer_practice_id", "loting_deelnemer", ["practice_id"])


def downgrade() -> None:
    op.drop_table("loting_deelnemer")
    op.drop_table("loting")
