"""The benchmark of issue 7, in one command (see benchmarks/README.md):

    .venv/bin/python benchmarks/run.py [--size N] [--runs K] [--json FILE] [--profile DIR]

Makes the databases in a temporary folder, measures start-up, memory, the search keystroke, the
wizard toggle, saving a practice, the lottery and the declaration overview, prints a table and
writes JSON. The same measures on a throwaway PostgreSQL behind 50 ms of round trip (the `pg_`
rows, benchmarks/postgres.py) unless `--no-postgres` or PostgreSQL is not installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if not __package__:  # run as a script: this folder is first on sys.path; use the package instead
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    sys.path.insert(0, str(ROOT))
    try:
        import mtvdp_tui  # noqa: F401 - installed in .venv, or else taken from the clone
    except ImportError:
        sys.path.insert(1, str(ROOT / "src"))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import datetime  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks import engine, interactions, postgres, report, startup, sync  # noqa: E402
from benchmarks.databases import Databases, copy_database, make_databases  # noqa: E402
from benchmarks.frames import Profiler  # noqa: E402
from benchmarks.postgres import PgDatabases  # noqa: E402

DEFAULT_JSON = HERE / "results.json"
PROFILED_STEPS = 3  # lottery steps taken under the profiler, beyond the timed ones
MEMORY_RUNS = 3  # peak memory hardly varies: at most this many launches with every section
OVERZETTEN_RUNS = 3  # whole copies of the database: at most this many
SYNC_RUNS = 3  # werkkopieën made and synchronised both ways: at most this many


def options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="practices (default 10,000)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each measure (default 7)")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"results file (default {DEFAULT_JSON})"
    )
    parser.add_argument(
        "--profile", type=Path, help="also write cProfile results of every measure to this folder"
    )
    parser.add_argument(
        "--no-postgres", action="store_true", help="leave out the rows on a PostgreSQL server"
    )
    parsed = parser.parse_args(argv)
    if parsed.size < 10 or parsed.runs < 1:
        parser.error("--size must be at least 10 and --runs at least 1")
    return parsed


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def measure_startup(
    dbs: Databases, runs: int, folder: Path, profiler: Profiler, pg: PgDatabases | None
) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Start-up (wall and to the first screen), peak memory, start-up phases and import times;
    on PostgreSQL too (`pg`, interleaved with the others), when there is a server."""
    env, cwd = startup.child_env(folder / "xdg"), folder
    kinds = {
        "bare": startup.probe_args("bare"),
        "empty": startup.probe_args("app", dbs.empty, 0),
        "size": startup.probe_args("app", dbs.demo, dbs.size),
    }
    if pg is not None:
        kinds["pg"] = startup.probe_args("app", pg.demo, dbs.size)
    say(f"start-up: {runs} runs each of {', '.join(kinds)} (after one warm-up round)")
    counters = {} if pg is None else {"pg": pg.round_trips}
    launches = startup.startups(kinds, runs, env, cwd, counters=counters)
    samples: dict[str, list[float]] = {}
    for kind, found in launches.items():
        samples[f"startup_{kind}"] = [launch.wall_ms for launch in found]
        samples[f"ready_{kind}"] = [launch.ready_ms for launch in found]
        samples[f"memory_{kind}"] = [launch.maxrss_mb for launch in found]
        if kind in counters:
            samples[f"startup_{kind}_round_trips"] = [float(n.round_trips) for n in found]
    say("peak memory with every section opened")
    visit_db = copy_database(dbs.drawn, folder / "drawn-visit.sqlite")
    visit = [*startup.probe_args("app", visit_db, dbs.size), "--visit"]
    samples["memory_all_sections"] = [
        startup.launch(visit, env, cwd).maxrss_mb for _ in range(min(runs, MEMORY_RUNS))
    ]
    say("import times (python -X importtime)")
    extra: dict[str, Any] = {
        "phases_ms": {
            kind: {
                name: statistics.median(launch.phases_ms[name] for launch in found)
                for name in found[0].phases_ms
            }
            for kind, found in launches.items()
        },
        "imports": startup.import_profile(kinds["size"], env, cwd),
    }
    if profiler.enabled:
        say("start-up under cProfile")
        startup.launch([*kinds["size"], "--profile", str(profiler.path("startup"))], env, cwd)
        profiler.save("startup")
    return samples, extra


def ratios(samples: dict[str, list[float]]) -> dict[str, list[float]]:
    """Ratios of medians, each kept as a one-sample list like the other figures."""

    def ratio(top: str, bottom: str) -> list[float]:
        return [statistics.median(samples[top]) / statistics.median(samples[bottom])]

    on_postgres = {}
    if "startup_pg" in samples:
        on_postgres = {
            "startup_ratio_pg": ratio("startup_pg", "startup_size"),
            "ready_ratio_pg": ratio("ready_pg", "ready_size"),
        }
    return {
        **on_postgres,
        "startup_ratio_empty": ratio("startup_size", "startup_empty"),
        "startup_ratio_bare": ratio("startup_size", "startup_bare"),
        "ready_ratio_empty": ratio("ready_size", "ready_empty"),
        "ready_ratio_bare": ratio("ready_size", "ready_bare"),
        "memory_ratio": ratio("memory_size", "memory_bare"),
        "memory_ratio_all_sections": ratio("memory_all_sections", "memory_bare"),
    }


def measure_in_process(
    dbs: Databases, runs: int, profiler: Profiler, folder: Path
) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {}
    steps: list[tuple[str, Callable[..., Any]]] = [
        ("search keystroke", interactions.search),
        ("wizard toggle", interactions.wizard_toggle),
        ("lottery step", interactions.lottery_step),
        ("declaration overview", interactions.declarations),
        ("monitoring", interactions.monitoring),
    ]
    for name, function in steps:
        say(f"in the app: {name}")
        samples.update(asyncio.run(function(dbs, runs, profiler)))
    say("in the app: saving a practice")
    saved = copy_database(dbs.demo, folder / "save.sqlite")
    samples.update(asyncio.run(interactions.save_practice(saved, None, runs)))
    return samples


def measure_postgres(
    dbs: Databases, pg: PgDatabases, runs: int, profiler: Profiler, folder: Path
) -> dict[str, list[float]]:
    """The in-process measures on PostgreSQL through the proxy (with the round trips each
    waited for), `overzetten` both ways, and synchronising a werkkopie both ways."""
    export = folder / "export-pg"
    counted = pg.round_trips
    samples: dict[str, list[float]] = {}
    say("on PostgreSQL: search keystroke")
    samples.update(
        asyncio.run(interactions.search_on(pg.demo, export, runs, profiler, "pg_", counted))
    )
    say("on PostgreSQL: saving a practice")
    samples.update(asyncio.run(interactions.save_practice(pg.demo, export, runs, "pg_", counted)))
    say("on PostgreSQL: declaration overview")
    samples.update(
        asyncio.run(interactions.declarations_on(pg.drawn, export, runs, profiler, "pg_", counted))
    )
    say(f"on PostgreSQL: overzetten of {dbs.size:,} practices, there and back")
    samples.update(postgres.overzetten(dbs.drawn, pg, min(runs, OVERZETTEN_RUNS), folder))
    say(f"on PostgreSQL: synchronising a werkkopie, {sync.CHANGES} changes each way")
    samples.update(sync.synchronisation(pg, dbs.size, min(runs, SYNC_RUNS), folder))
    return samples


def run(size: int, runs: int, profile: Path | None, use_postgres: bool = True) -> dict[str, Any]:
    """Every measurement; the results as written to the JSON file."""
    started = time.perf_counter()
    date = datetime.now().astimezone().isoformat(timespec="seconds")
    profiler = Profiler(profile)
    left: dict[str, str] = {}
    why_not = "left out: --no-postgres" if not use_postgres else postgres.unavailable()
    with tempfile.TemporaryDirectory(prefix="mtvdp-bench-") as name, contextlib.ExitStack() as up:
        folder = Path(name)
        previous = os.environ.get("XDG_DATA_HOME")
        os.environ["XDG_DATA_HOME"] = str(folder / "xdg")  # never the user's data folder
        try:
            say(f"making the databases ({size} practices)")
            steps_needed = runs + (PROFILED_STEPS if profiler.enabled else 0)
            dbs = make_databases(folder, size, steps_needed)
            pg = None
            if why_not is None:
                say(f"a throwaway PostgreSQL with {size} practices, behind the delaying proxy")
                try:
                    pg = up.enter_context(postgres.servers(size, folder / "export-pg"))
                except postgres.Unsupported as refused:
                    why_not = str(refused)
                    say(f"PostgreSQL rows left out: {why_not}")
            samples, extra = measure_startup(dbs, runs, folder, profiler, pg)
            samples.update(ratios(samples))
            samples.update(measure_in_process(dbs, runs, profiler, folder))
            if pg is not None:
                samples.update(measure_postgres(dbs, pg, runs, profiler, folder))
            say("the engine alone: draw_all, quarter_overview")
            lottery, pool = engine.lottery_engine(dbs, runs, profiler)
            declarations, rows = engine.declaration_engine(dbs, runs, profiler)
            samples.update(lottery)
            samples.update(declarations)
        finally:
            if previous is None:
                os.environ.pop("XDG_DATA_HOME", None)
            else:
                os.environ["XDG_DATA_HOME"] = previous
    names = {"n": f"{size:,}", "pool": f"{pool:,}", "rows": f"{rows:,}"}
    kinds = list(extra["phases_ms"])
    measures = {
        m.key: report.summary(samples[m.key], m, names) for m in report.MEASURES if m.key in samples
    }
    if why_not is not None:
        left = {m.key: why_not for m in report.MEASURES if m.key not in measures}
    return {
        "date": date,
        "machine": report.machine(date),
        "settings": {
            "size": size,
            "runs": runs,
            "lottery_region": dbs.region,
            "lottery_pool": pool,
            "lottery_revealed_before": dbs.revealed,
            "declaration_rows": rows,
            "search_word": interactions.SEARCH_WORD,
            "terminal_size": list(interactions.SIZE),
        },
        "measures": measures,
        "startup_phases_ms": extra["phases_ms"],
        "ready_ms": {kind: statistics.median(samples[f"ready_{kind}"]) for kind in kinds},
        "not_measured": left,
        "postgres": None
        if pg is None
        else {
            "server": pg.version,
            "added_round_trip_ms": pg.proxy.round_trip * 1000,
            "seconds_to_make_databases": pg.seconds,
        },
        "imports": extra["imports"],
        "profiles": profiler.files,
        "seconds": {"databases": dbs.seconds, "total": time.perf_counter() - started},
    }


def main(argv: list[str] | None = None) -> int:
    arguments = options(argv)
    results = run(arguments.size, arguments.runs, arguments.profile, not arguments.no_postgres)
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    machine = results["machine"]
    print(f"\n{machine['cpu']}, {machine['cores']} cores, {machine['os']}")
    print(f"Python {machine['python']}, Textual {machine['textual']}, {results['date']}\n")
    print(report.table(results["measures"]))
    if results["postgres"] is not None:
        print(f"\nSQLite beside {results['postgres']['server']}, behind a proxy that adds "
              f"{results['postgres']['added_round_trip_ms']:.0f} ms per round trip:\n")  # fmt: skip
        size = {"n": f"{results['settings']['size']:,}"}
        print(report.engine_table(results["measures"], size))
    reasons: dict[str, list[str]] = {}
    for key, reason in results["not_measured"].items():
        reasons.setdefault(reason, []).append(key)
    for reason, keys in reasons.items():
        print(f"\nNot measured ({reason}): {', '.join(keys)}")
    print("\nStart-up phases (median ms):\n")
    print(report.phase_table(results["startup_phases_ms"]))
    print(f"\nImports at start-up ({results['imports']['total_ms']:.0f} ms in all):\n")
    print(report.import_table(results["imports"]))
    print(f"\nWritten to {arguments.json} in {results['seconds']['total']:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
