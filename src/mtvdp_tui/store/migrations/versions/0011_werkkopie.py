"""The werkkopie (SPEC §9): working offline on a copy of the organisation database.

- `werkkopie`: in a werkkopie, the one row naming the organisation database and the sync point.
- `werkkopie_wijziging`: the outbox, the changes made in a werkkopie not yet sent.
- `werkkopie_conflict`: changes the server could not take, kept until a person decides.
- `sync_toegepast`: on the server, the change ids already applied (each is applied once).
- `setting.database_id`: every database gets its own identity (a UUID), so that a werkkopie of
  one organisation database is never synchronised with another.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

import uuid

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "werkkopie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server", AutoString(), nullable=False),
        sa.Column("database_id", AutoString(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "werkkopie_wijziging",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", AutoString(length=36), nullable=False),
        sa.Column("kind", AutoString(), nullable=False),
        sa.Column("agb", AutoString(length=8), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=True),
        sa.Column("plan_version", sa.Integer(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("base", AutoString(), nullable=True),
        sa.Column("after", AutoString(), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by", AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("change_id"),
    )
    op.create_table(
        "werkkopie_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(), nullable=False),
        sa.Column("agb", AutoString(length=8), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=True),
        sa.Column("plan_version", sa.Integer(), nullable=True),
        sa.Column("change_ids", AutoString(), nullable=False),
        sa.Column("base", AutoString(), nullable=True),
        sa.Column("mine", AutoString(), nullable=True),
        sa.Column("theirs", AutoString(), nullable=True),
        sa.Column("theirs_version", sa.Integer(), nullable=True),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sync_toegepast",
        sa.Column("change_id", AutoString(length=36), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("change_id"),
    )
    setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(setting.insert().values(key="database_id", value=str(uuid.uuid4())))


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key = 'database_id'")
    op.drop_table("sync_toegepast")
    op.drop_table("werkkopie_conflict")
    op.drop_table("werkkopie_wijziging")
    op.drop_table("werkkopie")
