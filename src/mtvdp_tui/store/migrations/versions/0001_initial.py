"""The first schema: ruleset, setting, region, practice, ion_record.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ruleset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", AutoString(), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_name", AutoString(), nullable=False),
        sa.Column("toml_text", AutoString(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ruleset_code", "ruleset", ["code"])
    op.create_table(
        "setting",
        sa.Column("key", AutoString(), nullable=False),
        sa.Column("value", AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ion_official", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agb", AutoString(length=8), nullable=False),
        sa.Column("name", AutoString(length=120), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("wijk", AutoString(), nullable=False),
        sa.Column("email", AutoString(), nullable=True),
        sa.Column("ion", sa.Integer(), nullable=True),
        sa.Column("preferred_moment", sa.Date(), nullable=True),
        sa.Column("survey_answered", sa.Boolean(), nullable=False),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("excluded_reason", AutoString(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("stop_date", sa.Date(), nullable=True),
        sa.Column("notes", AutoString(), nullable=False),
        sa.Column("search_key", AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agb"),
    )
    op.create_index("ix_practice_name", "practice", ["name"])
    op.create_index("ix_practice_region_id", "practice", ["region_id"])
    op.create_table(
        "ion_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=False),
        sa.Column("ion", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["practice_id"], ["practice.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("practice_id", "peildatum"),
    )
    op.create_index("ix_ion_record_practice_id", "ion_record", ["practice_id"])


def downgrade() -> None:
    op.drop_table("ion_record")
    op.drop_table("practice")
    op.drop_table("region")
    op.drop_table("setting")
    op.drop_table("ruleset")
