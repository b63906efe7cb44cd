"""Alembic environment: always run by `mtvdp_tui.store.database` on a connection it provides."""

from alembic import context
from sqlmodel import SQLModel

import mtvdp_tui.store.tables  # noqa: F401  (defines the tables in SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
