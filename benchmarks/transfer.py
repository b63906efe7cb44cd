"""`overzetten` measured: a SQLite database to an empty PostgreSQL database and back again.

The one measurement of `overzetten`: `benchmarks/run.py`'s PostgreSQL rows call it through the
delaying proxy (benchmarks/postgres.py); on its own,

    PYTHONPATH=src:. python -m benchmarks.transfer --size 10000

starts a throwaway server (tools/pg_server.py) on a Unix socket and prints seconds and rows/s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TransferFigures:
    rows: int
    to_postgres: float  # seconds, SQLite → PostgreSQL
    to_sqlite: float  # seconds, PostgreSQL → SQLite
    round_trips_there: int = 0  # when the server is behind the counting proxy
    round_trips_back: int = 0

    def lines(self) -> list[str]:
        return [
            f"overzetten SQLite → PostgreSQL: {self.to_postgres:.2f} s "
            f"({self.rows / self.to_postgres:,.0f} rows/s)",
            f"overzetten PostgreSQL → SQLite: {self.to_sqlite:.2f} s "
            f"({self.rows / self.to_sqlite:,.0f} rows/s)",
            f"rows per direction: {self.rows:,}",
        ]


def measure_transfer(
    source: Path, url: str, folder: Path, round_trips: Callable[[], int] = lambda: 0
) -> TransferFigures:
    """Copy `source` into the empty database at `url` (libpq's syntax, e.g. through the delaying
    proxy: `postgresql://postgres@127.0.0.1:PORT/db`) and from there into a new file in `folder`;
    both verified, as the command does. `round_trips`: the proxy's counter, if any."""
    from mtvdp_tui.store.transfer import transfer

    trips = [round_trips()]
    started = time.perf_counter()
    there = transfer(str(source), url)
    middle = time.perf_counter()
    trips.append(round_trips())
    back = transfer(url, str(folder / "terug.sqlite"))
    ended = time.perf_counter()
    trips.append(round_trips())
    if back.rows != there.rows:
        raise RuntimeError("the round trip lost rows")
    return TransferFigures(
        there.rows, middle - started, ended - middle, trips[1] - trips[0], trips[2] - trips[1]
    )


def main(argv: list[str] | None = None) -> int:
    from benchmarks.databases import make_databases
    from tools.pg_server import PgServer

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name, PgServer.started() as server:
        folder = Path(name)
        databases = make_databases(folder, options.size, steps=1)
        server.create_database("bench")
        figures = measure_transfer(databases.drawn, server.libpq_url("bench"), folder)
        print(f"{options.size:,} practices (the 'drawn' database):")
        print("\n".join(figures.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
