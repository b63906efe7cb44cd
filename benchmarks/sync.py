"""Synchronising a werkkopie (SPEC §9) measured through the delaying proxy (50 ms round trip).

`synchronisation()` makes an organisation database on the throwaway server (the demo with the
run's N practices, as `--demo --size N` makes it) and, per run, a werkkopie of it (both over the
server's Unix socket: setting up is not measured). Then, each timed through the proxy:

- `pg_sync_push`: 500 changes made offline in the werkkopie (a new ION at a peildatum of its
  own, and a change of a practice's notes, in turn), sent and the state pulled back;
- `pg_sync_pull`: 500 changes made on the server meanwhile (notes of practices, online), pulled
  into the werkkopie, which has nothing to send.

Each with the round trips the proxy counted (`_round_trips`) and the statements the engine
sent (`_statements`, the synchronisation's own count, `SyncReport.round_trips`). On its own:

    PYTHONPATH=src:. python -m benchmarks.sync --size 1000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mtvdp_tui.records.sync import SyncReport
    from mtvdp_tui.store.database import Database

CHANGES = 500
FIRST_DAY = date(2027, 1, 1)
KEYS = (
    "pg_sync_push",
    "pg_sync_push_round_trips",
    "pg_sync_push_statements",
    "pg_sync_pull",
    "pg_sync_pull_round_trips",
    "pg_sync_pull_statements",
)


@dataclass(frozen=True)
class SyncFigures:
    seconds: float
    round_trips: int  # counted by the proxy (0 without one)
    statements: int  # counted by the synchronisation itself
    changes: int  # sent (push) or received (pull)


def offline_changes(copy: Database, run: int, count: int = CHANGES) -> None:
    """`count` changes in the werkkopie's outbox, through the repositories as a user makes
    them: in turn a new ION at a peildatum of this run, and a practice's notes."""
    versions = copy.practices.versions_by_agb()
    ids = [practice_id for practice_id, _version, _data in versions.values()]
    for number in range(count):
        practice_id = ids[(number // 2) % len(ids)]
        if number % 2 == 0:
            day = FIRST_DAY + timedelta(days=run * (count // len(ids) + 1) + number // len(ids))
            copy.practices.set_ion(practice_id, day, 1000 + number)
        else:
            record = copy.practices.get(practice_id)
            copy.practices.update(
                practice_id,
                replace(record.data, notes=f"offline {run}.{number}"),
                expected_version=record.version,
            )


def online_changes(server: Database, run: int, count: int = CHANGES) -> None:
    """`count` changes of practices' notes on the server, as online users make them."""
    versions = server.practices.versions_by_agb()
    ids = [practice_id for practice_id, _version, _data in versions.values()]
    for number in range(count):
        practice_id = ids[number % len(ids)]
        record = server.practices.get(practice_id)
        server.practices.update(
            practice_id,
            replace(record.data, notes=f"online {run}.{number}"),
            expected_version=record.version,
        )


def timed_sync(
    copy: Database, url: str, round_trips: Callable[[], int]
) -> tuple[SyncFigures, SyncReport]:
    """One synchronisation of `copy` with the server at `url`, timed, its round trips counted."""
    from mtvdp_tui.store.sync import synchronise

    trips = round_trips()
    started = time.perf_counter()
    report = synchronise(copy, server=url)
    seconds = time.perf_counter() - started
    if report.conflicts or report.open_conflicts:
        raise RuntimeError(f"the benchmark's synchronisation found conflicts: {report}")
    changes = report.sent or report.received
    return SyncFigures(seconds, round_trips() - trips, report.round_trips, changes), report


def measure_sync(
    socket_url: str,
    proxied_url: str,
    folder: Path,
    runs: int,
    round_trips: Callable[[], int] = lambda: 0,
    changes: int = CHANGES,
) -> dict[str, list[float]]:
    """Push and pull `changes` changes `runs` times: ms, proxy round trips and statements.
    `socket_url` reaches the organisation database directly (setting up), `proxied_url`
    through the proxy (the synchronisation measured)."""
    from benchmarks.databases import open_db
    from mtvdp_tui.store.werkkopie_make import make_werkkopie

    samples: dict[str, list[float]] = {key: [] for key in KEYS}
    server = open_db(socket_url)
    try:
        for run in range(runs):
            path = folder / f"werkkopie-{run}.sqlite"
            make_werkkopie(socket_url, str(path))
            copy = open_db(path)
            try:
                offline_changes(copy, run, changes)
                push, report = timed_sync(copy, proxied_url, round_trips)
                if report.sent != changes:
                    raise RuntimeError(f"{report.sent} of {changes} changes sent")
                online_changes(server, run, changes)
                pull, report = timed_sync(copy, proxied_url, round_trips)
                if report.received == 0:
                    raise RuntimeError("the server's changes did not arrive")
            finally:
                copy.close()
            for name, figures in (("push", push), ("pull", pull)):
                samples[f"pg_sync_{name}"].append(figures.seconds * 1000)
                samples[f"pg_sync_{name}_round_trips"].append(float(figures.round_trips))
                samples[f"pg_sync_{name}_statements"].append(float(figures.statements))
    finally:
        server.close()
    return samples


def synchronisation(pg: object, size: int, runs: int, folder: Path) -> dict[str, list[float]]:
    """The rows of benchmarks/run.py: a new organisation database of `size` demo practices on
    the run's server, measured through its proxy (`benchmarks.postgres.PgDatabases`)."""
    from benchmarks.databases import open_db
    from benchmarks.postgres import PgDatabases, proxied

    assert isinstance(pg, PgDatabases)
    name = "organisatie_sync"
    pg.server.drop_database(name)
    pg.server.create_database(name)
    socket_url = pg.server.libpq_url(name)
    open_db(socket_url, "--demo", "--size", str(size)).close()
    work = folder / "sync"
    work.mkdir(exist_ok=True)
    try:
        return measure_sync(socket_url, proxied(pg.proxy, name), work, runs, pg.round_trips)
    finally:
        pg.server.drop_database(name)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.databases import open_db
    from benchmarks.postgres import ONE_WAY, proxied
    from tools.latency_proxy import LatencyProxy, postgres_socket
    from tools.pg_server import PgServer

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory() as name,
        PgServer.started() as server,
        LatencyProxy.started(postgres_socket(server.socket_dir), ONE_WAY) as proxy,
    ):
        server.create_database("organisatie")
        socket_url = server.libpq_url("organisatie")
        open_db(socket_url, "--demo", "--size", str(options.size)).close()
        samples = measure_sync(
            socket_url,
            proxied(proxy, "organisatie"),
            Path(name),
            options.runs,
            lambda: proxy.round_trips,
        )
    print(f"{options.size:,} practices, {CHANGES} changes each way, 50 ms round trip:")
    for key, values in samples.items():
        print(f"  {key}: {', '.join(f'{value:,.0f}' for value in values)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
