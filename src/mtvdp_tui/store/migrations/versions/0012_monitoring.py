"""Monitoring (SPEC §10): what was done of what is due.

- `meting_verstuurd`: per practice and meting, the day it was sent;
- `sociaal_domein`: per practice, the day the collaboration with the social domain started;
- `jaarverslag`: per practice and plan year, the day the jaarverslag was received;
- `wijkgroep_bijeenkomst` and `intervisie_aanwezig`: wijkgroep meetings and who attended.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _practice(unique: bool = False) -> sa.Column[int]:
    return sa.Column(
        "practice_id",
        sa.Integer(),
        sa.ForeignKey("practice.id", ondelete="RESTRICT"),
        nullable=False,
        unique=unique,
    )


def _versioned() -> list[sa.Column[object]]:
    return [
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "meting_verstuurd",
        sa.Column("id", sa.Integer(), nullable=False),
        _practice(),
        sa.Column("meting", AutoString(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("practice_id", "meting"),
    )
    op.create_index("ix_meting_verstuurd_practice_id", "meting_verstuurd", ["practice_id"])
    op.create_table(
        "sociaal_domein",
        sa.Column("id", sa.Integer(), nullable=False),
        _practice(unique=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "jaarverslag",
        sa.Column("id", sa.Integer(), nullable=False),
        _practice(),
        sa.Column("plan_year", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("practice_id", "plan_year"),
    )
    op.create_index("ix_jaarverslag_practice_id", "jaarverslag", ["practice_id"])
    op.create_table(
        "wijkgroep_bijeenkomst",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("wijk", AutoString(), nullable=False),
        sa.Column(
            "region_id",
            sa.Integer(),
            sa.ForeignKey("region.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("mtvdp_on_agenda", sa.Boolean(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_wijkgroep_bijeenkomst_held_on", "wijkgroep_bijeenkomst", ["held_on"])
    op.create_index("ix_wijkgroep_bijeenkomst_region_id", "wijkgroep_bijeenkomst", ["region_id"])
    op.create_table(
        "intervisie_aanwezig",
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("wijkgroep_bijeenkomst.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "practice_id",
            sa.Integer(),
            sa.ForeignKey("practice.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("meeting_id", "practice_id"),
    )
    op.create_index(
        "ix_intervisie_aanwezig_practice",
        "intervisie_aanwezig",
        ["practice_id", "meeting_id"],
    )


def downgrade() -> None:
    op.drop_table("intervisie_aanwezig")
    op.drop_table("wijkgroep_bijeenkomst")
    op.drop_table("jaarverslag")
    op.drop_table("sociaal_domein")
    op.drop_table("meting_verstuurd")
