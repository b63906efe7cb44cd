"""The same data shows the same on SQLite and on PostgreSQL: the register and the plans overview
in every order, both ways, and what a search finds — with the rows that differ between the
engines unless the store makes them agree: names that differ only in case or accents, no wijk,
no ION, no preference, no start date, plans in every state. On PostgreSQL both with the test
server's collation (C.UTF-8) and with a Dutch one, as an organisation's server may have: the
order must not depend on it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, text
from textual.widgets import Input

from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.records.plans import PlanSortKey
from mtvdp_tui.records.practices import SortKey
from mtvdp_tui.widgets.plan_list import PlanList
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.conftest import open_test_database
from tests.engines import DUTCH, PgTemplates
from tests.examples import add, fill
from tests.ui.helpers import SIZE, make_app, type_text

SEARCHES = ("huis", "HUIS", "de eik", "elst", "Ëlst", "0100", "laat", "zutphen")


def add_awkward_rows(db: Path | str) -> None:
    database = open_test_database(db)
    try:
        fill(database)  # 01000001…7: plans in every state
        add(database, "01000011", "de Eik", wijk="Ëlst", ion=None)
        add(database, "01000012", "De eik", "Zutphen", wijk="elst", ion=3000)
        add(database, "01000013", "Éénhoorn", wijk="", ion=0)
        add(database, "01000014", "eenhoorn", "Zutphen", preferred_moment=date(2024, 1, 1))
        add(database, "01000015", "Zwaluw", wijk="Centrum", ion=None, excluded=True)
        add(database, "01000016", "Ijsvogel", excluded=True, start_date=date(2024, 4, 1))
    finally:
        database.close()


def accents_among_letters(url: URL) -> bool:
    """Whether the database's own collation puts "É" before "F" (C.UTF-8 puts it after "z")."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text("SELECT 'É' < 'F'")).scalar())
    finally:
        engine.dispose()


async def everything_shown(app: MtvdpApp) -> dict[str, list[str]]:
    """The register's rows (their AGB codes) in every order, both ways, and per search."""
    shown: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        practices = app.screen.query_one(PracticeList)

        def rows() -> list[str]:
            return [practices.row_at(i).agb for i in range(practices.row_count)]

        for _ in SortKey:
            for direction in ("op", "af"):
                shown[f"{practices.sort} {direction}"] = rows()
                await pilot.press("S")
            await pilot.press("s")
        for words in SEARCHES:
            await pilot.press("slash")
            app.screen.query_one("#search", Input).value = ""
            await type_text(pilot, words)
            shown[f"zoek {words}"] = rows()
            await pilot.press("escape")
        await pilot.press("f4")
        plans = app.screen.query_one(PlanList)
        for _ in PlanSortKey:
            for direction in ("op", "af"):
                shown[f"plannen {plans.sort} {direction}"] = [
                    plans.row_at(i).agb for i in range(plans.row_count)
                ]
                await pilot.press("S")
            await pilot.press("s")
    return shown


@pytest.mark.parametrize("locale", [None, DUTCH], ids=["c", "nl"])
async def test_the_register_shows_the_same_rows_in_the_same_order_on_both_engines(
    tmp_path: Path, pg_templates: PgTemplates, locale: str | None
) -> None:
    on_sqlite = tmp_path / "demo.sqlite"
    make_app(on_sqlite, demo=True).database.close()
    name = pg_templates.new_database("hoog-2023", demo=True, locale=locale)
    on_postgres = pg_templates.server.libpq_url(name)
    try:
        assert accents_among_letters(pg_templates.server.url(name)) == (locale is not None)
        add_awkward_rows(on_sqlite)
        add_awkward_rows(on_postgres)
        sqlite = await everything_shown(make_app(on_sqlite, demo=True))
        postgres = await everything_shown(make_app(on_postgres, demo=True, folder=tmp_path))
    finally:
        pg_templates.server.drop_database(name)
    assert len(sqlite) == 2 * (len(SortKey) + len(PlanSortKey)) + len(SEARCHES)
    assert all(sqlite[key] for key in sqlite if not key.startswith("zoek"))
    for key in sqlite:
        assert postgres[key] == sqlite[key], key
