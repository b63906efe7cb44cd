"""The benchmark's databases, made once per run in a temporary folder.

- `empty`: a new database, no practices;
- `demo`: N demo practices, exactly as `mtvdp-tui --demo --size N` makes them;
- `lottery`: a copy of `demo` with every practice eligible in the first region, its pool and
  sources frozen and half of the draw shown, so the lottery screen draws from a pool of N;
- `drawn`: a copy of `demo` whose lotteries are final in every region, so practices have start
  dates and the declaration overview has rows (as `tests.examples.drawn_demo`).

Measurements that write get their own copy (`copy_database`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mtvdp_tui.store.database import Database
from mtvdp_tui.store.sqlite_files import connect

TODAY = date(2026, 11, 22)  # the frozen clock of every in-process measurement
SOURCES = ((9319,), (10, 2, 8, 12, 5), (45, 9, 18, 26, 34, 41))
LOTTERY_STEPS_KEPT = 4  # steps left over beyond the measured ones


@dataclass(frozen=True)
class Databases:
    empty: Path
    demo: Path
    lottery: Path
    drawn: Path
    size: int
    region: str  # the lottery's region (the ruleset's first)
    pool: int  # practices in the lottery's pool
    revealed: int  # steps already shown when the lottery screen opens
    seconds: float  # how long making them took


def today() -> date:
    return TODAY


def open_db(path: Path | str, *extra: str) -> Database:
    """Open (or create) a database as the command line does, with the benchmark's clock."""
    from mtvdp_tui.cli import open_for, parser

    return open_for(parser().parse_args(["--db", str(path), *extra]), today)


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy (SQLite's backup API: WAL contents included)."""
    target.unlink(missing_ok=True)
    with connect(source) as origin, connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()
    return target


def make_databases(folder: Path, size: int, steps: int) -> Databases:
    """All four databases in `folder`; `steps` lottery steps must be left to show."""
    import time

    started = time.perf_counter()
    empty = folder / "empty.sqlite"
    open_db(empty).close()
    demo = folder / f"demo-{size}.sqlite"
    open_db(demo, "--demo", "--size", str(size)).close()
    region, pool, revealed = _lottery(copy_database(demo, folder / "lottery.sqlite"), steps)
    draw_everywhere(copy_database(demo, folder / "drawn.sqlite"))
    return Databases(
        empty=empty,
        demo=demo,
        lottery=folder / "lottery.sqlite",
        drawn=folder / "drawn.sqlite",
        size=size,
        region=region,
        pool=pool,
        revealed=revealed,
        seconds=time.perf_counter() - started,
    )


def _one_region(path: Path, region: str) -> None:
    """Every practice in `region`, eligible for its lottery (no exclusion, no start or stop)."""
    with connect(path) as connection:
        (region_id,) = connection.execute(
            "SELECT id FROM region WHERE name = ?", (region,)
        ).fetchone()
        connection.execute(
            "UPDATE practice SET region_id = ?, excluded = 0, excluded_reason = '',"
            " start_date = NULL, stop_date = NULL",
            (region_id,),
        )
    connection.close()


def _lottery(path: Path, steps: int) -> tuple[str, int, int]:
    """Freeze the first region's pool and sources and show half the draw (leaving `steps`)."""
    from mtvdp_tui.store import lottery_session as session

    database = open_db(path)
    try:
        region = database.ruleset.regions[0]
        database.close()
        _one_region(path, region)
        database = open_db(path)
        preparation = session.prepare(database.ruleset, database.lotteries, region)
        if preparation.inputs is None:
            raise RuntimeError(f"no lottery pool for {region}: {preparation.problem}")
        lottery = session.freeze_pool(database.lotteries, preparation)
        lottery = session.freeze_sources(database.lotteries, lottery, SOURCES)
        pool = len(preparation.inputs.pool)
        revealed = max(0, min(pool // 2, pool - steps - LOTTERY_STEPS_KEPT))
        database.lotteries.reveal(lottery, revealed, pool)
        return region, pool, revealed
    finally:
        database.close()


def draw_everywhere(path: Path | str) -> None:
    """Every region's lottery drawn and made final: the practices get their start dates."""
    from mtvdp_tui.store import lottery_session as session

    database = open_db(path)
    try:
        for region in database.ruleset.regions:
            preparation = session.prepare(database.ruleset, database.lotteries, region)
            if preparation.inputs is None:
                continue  # a region without practices: nothing to draw
            lottery = session.freeze_pool(database.lotteries, preparation)
            lottery = session.freeze_sources(database.lotteries, lottery, SOURCES)
            total = len(session.result_of(lottery).steps)
            lottery = database.lotteries.reveal(lottery, total, total)
            session.finalise(database.lotteries, database.path, lottery)
    finally:
        database.close()
