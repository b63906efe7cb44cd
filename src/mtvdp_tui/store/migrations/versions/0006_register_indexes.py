"""Indexes for the register's search, so a keystroke does not read the whole practice table.

- `ix_practice_name_search`: the default order (name, case-insensitive, then id) with the search
  key beside it: a page of a search walks this index in order, tests the search words on it and
  stops at the page's last match, instead of reading and sorting every practice.
- `ix_practice_region_search`: region, search key and ION side by side: the totals per region of
  a search are counted from this index alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The register orders by name case-insensitively: SQLite's NOCASE collation there, lower(name)
    # on PostgreSQL (which has no NOCASE); each engine's ordering expression matches its index
    # (see store/engines.py). SQLite files migrated before keep their index as it was.
    if op.get_bind().dialect.name == "sqlite":
        folded_name = sa.text('name COLLATE "NOCASE"')
    else:
        folded_name = sa.text("lower(name)")
    op.create_index("ix_practice_name_search", "practice", [folded_name, "search_key"])
    op.create_index("ix_practice_region_search", "practice", ["region_id", "search_key", "ion"])


def downgrade() -> None:
    op.drop_index("ix_practice_region_search", "practice")
    op.drop_index("ix_practice_name_search", "practice")
