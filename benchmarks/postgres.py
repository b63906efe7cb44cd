"""The PostgreSQL rows: the same app on a local throwaway server behind 50 ms of round trip.

`servers()` starts a throwaway PostgreSQL (tools/pg_server.py: a Unix socket in a temporary folder,
never a network address) and the delaying proxy (tools/latency_proxy.py: 127.0.0.1, an ephemeral
port, 25 ms each way), makes the databases with the app's own code over the socket (`demo`: N
demo practices as `--demo --size N` makes them; `drawn`: every region's lottery final, as the
SQLite `drawn`) and hands out their URLs through the proxy. Both stop when the run ends.

The measures are the SQLite ones run on those URLs (start-up to the first rows, the search
keystroke, saving a practice, a declaration quarter) and `overzetten` of the SQLite `drawn`
database into an empty PostgreSQL database and back (benchmarks/transfer.py), each under the key
`pg_<name>`, with the round trips the proxy counted under `pg_<name>_round_trips`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.databases import draw_everywhere, open_db
from benchmarks.transfer import measure_transfer
from tools.latency_proxy import HOST, LatencyProxy, postgres_socket
from tools.pg_server import SUPERUSER, PgServer, available

ONE_WAY = 0.025  # seconds each way: 50 ms of added round trip
FRAME = 1000 / 60  # ms: one frame at Textual's 60 fps cap


@dataclass(frozen=True)
class PgDatabases:
    server: PgServer
    proxy: LatencyProxy
    demo: str  # libpq URLs through the proxy
    drawn: str
    seconds: float
    version: str  # "PostgreSQL 15.x"

    def round_trips(self) -> int:
        """Round trips the proxy has carried so far (see tools/latency_proxy.py)."""
        return self.proxy.round_trips

    def new_database(self, name: str) -> str:
        """An empty database on the server, by its URL through the proxy."""
        self.server.drop_database(name)
        self.server.create_database(name)
        return proxied(self.proxy, name)


def proxied(proxy: LatencyProxy, database: str) -> str:
    """The libpq URL of `database` through the proxy (TCP on 127.0.0.1)."""
    return f"postgresql://{SUPERUSER}@{HOST}:{proxy.port}/{database}"


def unavailable() -> str | None:
    """Why the PostgreSQL rows cannot be measured here, or None."""
    if not available():
        return "PostgreSQL's initdb/pg_ctl were not found (set PG_BIN, or install it)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    return None


@contextlib.contextmanager
def servers(size: int, export: Path) -> Iterator[PgDatabases]:
    """The server, the proxy and the databases, for as long as the block runs. Raises
    Unsupported (after removing the server) when the app cannot run on PostgreSQL."""
    started = time.perf_counter()
    with (
        PgServer.started() as server,
        LatencyProxy.started(postgres_socket(server.socket_dir), ONE_WAY) as proxy,
    ):
        server.create_database("check")
        refused = app_refuses(proxied(proxy, "check"), export)
        if refused is not None:
            raise Unsupported(refused)
        for name in ("demo", "drawn"):
            server.create_database(name)
            open_db(server.libpq_url(name), "--demo", "--size", str(size)).close()
        draw_everywhere(server.libpq_url("drawn"))  # over the socket: quicker to make
        yield PgDatabases(
            server,
            proxy,
            demo=proxied(proxy, "demo"),
            drawn=proxied(proxy, "drawn"),
            seconds=time.perf_counter() - started,
            version=server_version(server),
        )


class Unsupported(RuntimeError):
    """This version of the app does not run on PostgreSQL (yet): the rows are left out."""


def app_refuses(url: str, export: Path) -> str | None:
    """Why the app cannot be built on the (empty) PostgreSQL database `url` as the command line
    builds it, or None when it can. A `--db` the command line takes for a file path is refused
    before anything is opened (it would make a file of that name)."""
    from benchmarks.interactions import build
    from mtvdp_tui.cli import parser

    if str(parser().parse_args(["--db", url]).db) != url:
        return "the app does not open a PostgreSQL database yet: --db takes the URL for a file"
    try:
        app = build(url, export)
    except Exception as error:  # reported as the reason the rows are left out
        return f"the app does not open a PostgreSQL database yet: {type(error).__name__}: {error}"
    app.database.close()  # type: ignore[attr-defined]
    return None


def server_version(server: PgServer) -> str:
    import psycopg

    with psycopg.connect(server.libpq_url()) as connection:
        (text,) = connection.execute("show server_version").fetchone() or ("?",)
    return f"PostgreSQL {str(text).split()[0]}"


def overzetten(source: Path, pg: PgDatabases, runs: int, folder: Path) -> dict[str, list[float]]:
    """`overzetten` of `source` into a new empty database through the proxy and back into a new
    file (`transfer.measure_transfer`, as the command does it, both verified): ms and round
    trips per direction, per run."""
    samples: dict[str, list[float]] = {
        key: []
        for key in (
            "pg_overzetten",
            "pg_overzetten_round_trips",
            "pg_overzetten_back",
            "pg_overzetten_back_round_trips",
        )
    }
    for run in range(runs):
        target = pg.new_database(f"copy{run}")
        back = folder / f"terug-{run}"
        back.mkdir(exist_ok=True)
        figures = measure_transfer(source, target, back, pg.round_trips)
        samples["pg_overzetten"].append(figures.to_postgres * 1000)
        samples["pg_overzetten_back"].append(figures.to_sqlite * 1000)
        samples["pg_overzetten_round_trips"].append(float(figures.round_trips_there))
        samples["pg_overzetten_back_round_trips"].append(float(figures.round_trips_back))
        pg.server.drop_database(f"copy{run}")
    return samples
