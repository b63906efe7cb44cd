"""`python3 dev.py pg`: the app on a throwaway PostgreSQL, filled with the demo.

    python3 dev.py pg                    # start a server, make the database, open the app on it
    python3 dev.py pg --latency 50       # … through the delaying proxy: 50 ms more per round trip
    python3 dev.py pg --keep             # leave the server running afterwards; prints its --db URL
    python3 dev.py pg --join FOLDER      # a second copy of the app on a kept server (two users)
    python3 dev.py pg --stop FOLDER      # stop a kept server and remove its folder

The server runs from the machine's PostgreSQL binaries in a temporary folder, on a Unix socket in
that folder only (tools/pg_server.py). The database `organisatie` is made by the app itself:
`mtvdp-tui --db postgresql://… --demo` runs the migrations and fills a new database with the
same demo as `--demo` does on SQLite. Other arguments go to the app (`--size 10000`).
Quitting the app (or Ctrl+C here) stops the server and removes its folder, unless `--keep`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script from dev.py: make `tools` importable
    sys.path.insert(0, str(HERE.parent))

from tools.latency_proxy import HOST, LatencyProxy, postgres_socket  # noqa: E402
from tools.pg_server import SUPERUSER, PgServer  # noqa: E402

DATABASE = "organisatie"


def app_command() -> list[str]:
    """The installed program next to this Python (the .venv's), else `python -m mtvdp_tui`."""
    installed = Path(sys.executable).with_name("mtvdp-tui")
    if installed.exists():
        return [str(installed)]
    return [sys.executable, "-m", "mtvdp_tui"]


def options(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="dev.py pg", description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the server running")
    parser.add_argument(
        "--latency", type=float, default=0.0, metavar="MS", help="added round trip in ms (proxy)"
    )
    parser.add_argument("--join", type=Path, metavar="FOLDER", help="a kept server's folder")
    parser.add_argument("--stop", type=Path, metavar="FOLDER", help="stop a kept server")
    parsed, rest = parser.parse_known_args(list(argv))
    if parsed.latency < 0:
        parser.error("--latency must be at least 0")
    return parsed, rest


def database_url(server: PgServer, proxy: LatencyProxy | None) -> str:
    """The libpq URL the app gets: over the server's socket, or over the proxy's TCP port."""
    if proxy is None:
        return server.libpq_url(DATABASE)
    return f"postgresql://{SUPERUSER}@{HOST}:{proxy.port}/{DATABASE}"


def kept_server(folder: Path) -> PgServer:
    server = PgServer(folder)
    if not (server.data / "postmaster.pid").exists():
        raise SystemExit(f"no running server in {folder} (started with `dev.py pg --keep`?)")
    return server


def run(argv: Sequence[str], command: Sequence[str] | None = None) -> int:
    """Start (or join) the server, open the app on it, clean up. `command`: the app (tests)."""
    parsed, rest = options(argv)
    if parsed.stop is not None:
        kept_server(parsed.stop).remove()
        print(f"stopped and removed {parsed.stop}")
        return 0
    program = list(command or app_command())
    with ExitStack() as cleanup:
        if parsed.join is not None:
            server = kept_server(parsed.join)
        else:
            server = PgServer().start()
            if not parsed.keep:
                cleanup.callback(server.remove)
            server.create_database(DATABASE)
        proxy = None
        if parsed.latency:
            one_way = parsed.latency / 2000
            proxy = cleanup.enter_context(
                LatencyProxy.started(postgres_socket(server.socket_dir), one_way)
            )
        url = database_url(server, proxy)
        if parsed.keep:
            announce(server, url)
        code = wait_for([*program, "--db", url, "--demo", *rest])
        if parsed.keep:
            announce(server, url)
        return code
    raise AssertionError("unreachable")  # ExitStack does not swallow exceptions


def wait_for(command: list[str]) -> int:
    """Run the app in the foreground; Ctrl+C here waits for it to end, then cleans up."""
    process = subprocess.Popen(command)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue  # the app got the same Ctrl+C (same terminal) and ends by itself


def announce(server: PgServer, url: str) -> None:
    here = Path(__file__).resolve().parent.parent / "dev.py"
    print(
        f"PostgreSQL kept running in {server.root}\n"
        f"  --db '{server.libpq_url(DATABASE)}'\n"
        f"  (the app opened '{url}')\n"
        f"  a second copy:  python3 {here} pg --join {server.root}\n"
        f"  stop it:        python3 {here} pg --stop {server.root}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
