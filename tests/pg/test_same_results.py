"""The same data gives the same results on SQLite and on PostgreSQL: the lotteries (pool, steps,
start dates), the declarations of every quarter and the register's export, byte for byte."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL

from mtvdp_tui.cli import main
from mtvdp_tui.store import lottery_session as session
from tests.conftest import open_test_database
from tests.examples import drawn_demo


def _results(db: str, out: Path) -> dict[str, object]:
    out.mkdir()
    declarations, register = out / "declaraties.csv", out / "register.csv"
    argv = ["--db", db, "declaraties", "export", "--kwartaal", "all", "--format", "csv"]
    assert main([*argv, "-o", str(declarations)]) == 0
    assert main(["--db", db, "export", str(register)]) == 0
    database = open_test_database(db)
    try:
        lotteries = {}
        for region in database.ruleset.regions:
            protocol = session.protocol(database.lotteries, database.lotteries.active(region))
            lotteries[region] = {k: protocol[k] for k in ("pool", "stappen", "bronnen", "sleutel")}
        starts = sorted((row.agb, row.start_date) for row in database.declarations.practices())
    finally:
        database.close()
    return {
        "declaraties": declarations.read_bytes(),
        "register": register.read_bytes(),
        "loting": lotteries,
        "start": starts,
    }


def test_lottery_and_declarations_are_identical_on_both_engines(
    tmp_path: Path, pg_url: URL
) -> None:
    on_sqlite = drawn_demo(tmp_path / "demo.sqlite")
    on_postgres = f"postgresql://postgres@/{pg_url.database}?host={pg_url.query['host']}"
    drawn_demo(on_postgres)
    sqlite_results = _results(str(on_sqlite), tmp_path / "sqlite")
    postgres_results = _results(on_postgres, tmp_path / "postgresql")
    assert sqlite_results["loting"] == postgres_results["loting"]
    assert sqlite_results["start"] == postgres_results["start"]
    assert sqlite_results["declaraties"] == postgres_results["declaraties"]
    assert sqlite_results["register"] == postgres_results["register"]
