"""A source database with something in every table, and what the app reads from a copy, for the
`overzetten` tests on both engines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import TE_DECLAREREN, DeclarationStatus, StatusRecord
from mtvdp_tui.records.audit import AuditQuery
from mtvdp_tui.records.plans import PlanQuery
from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.store.transfer import copy_tables, table_checksum
from tests.conftest import open_test_database
from tests.examples import add, drawn_demo, fill


def rich_source(path: Path) -> Path:
    """Final lotteries (with their pool rows and audit), plans in every state, ION history,
    declaration statuses, a practice with awkward text; closed again."""
    drawn_demo(path, size=30)
    database = open_test_database(path)
    try:
        ids = fill(database)
        declared = StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=date(2025, 4, 10))
        rejected = StatusRecord(
            DeclarationStatus.AFGEWEZEN, rejected_on=date(2025, 4, 12), reason="Fout ☹"
        )
        database.declarations.save(
            {
                (ids["late"], Quarter(2025, 1)): (TE_DECLAREREN, declared),
                (ids["submitted"], Quarter(2025, 1)): (TE_DECLAREREN, rejected),
            }
        )
        add(database, "01000099", 'Dr. "Ö\'Brien" & Zn — ☃', notes="regel 1\nregel 2\t'x'")
    finally:
        database.close()
    return path


def checksums(engine: Engine) -> dict[str, tuple[int, str]]:
    with engine.connect() as connection:
        return {table.name: table_checksum(connection, table) for table in copy_tables()}


def app_view(path: Path) -> tuple[object, ...]:
    """What the app shows of the database at `path`: the register, its totals, the plan
    overview's counts, each region's lottery and the audit's size."""
    database = open_test_database(path)
    try:
        practices = database.practices.page(PracticeQuery(), 0, 10_000)
        totals = database.practices.totals(PracticeQuery())
        plans = database.plan_overview.state_counts(PlanQuery())
        lotteries = [database.lotteries.active(r) for r in database.ruleset.regions]
        audit = database.audit.page(AuditQuery(), 0, 10_000)
        return practices, totals, plans, lotteries, [row.subject for row in audit]
    finally:
        database.close()
