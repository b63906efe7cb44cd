"""Developer entry point: the README's commands.

    python3 dev.py demo         # open the app on the demo database
    python3 dev.py test         # every check: ruff, then the whole test suite in parallel
    python3 dev.py screenshots  # the README's screenshots (docs/*.png), made by the app itself
    python3 dev.py pg           # the app on a throwaway PostgreSQL filled with the demo

Each creates `.venv/` on first use and (re)installs the project with its test extras whenever
`pyproject.toml` changed, so a fresh clone needs nothing but Python 3.11+.
Extra arguments are passed on: `python3 dev.py demo --size 10000`, `python3 dev.py test -k lottery`
(to pytest; `-n 0` runs the tests serially, `-n 4` on four workers), `python3 dev.py screenshots
register plans` (only those), `python3 dev.py pg --size 10000`.
`dev.py pg` runs the machine's PostgreSQL 15+ (`initdb`, `pg_ctl`) on a Unix socket in a temporary
folder, makes the database with the app's own migrations and demo, and removes it all when the app
quits. `--latency 50` puts 50 ms of round trip in between (a proxy on 127.0.0.1); `--keep` leaves
the server running and prints its `--db` URL, `--join FOLDER` opens a second copy on it (two
wijkmanagers) and `--stop FOLDER` removes it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".mtvdp-installed"


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_environment() -> None:
    """Create the virtual environment and install the project when needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - runs before pip enforces requires-python
        sys.exit("mtvdp-tui needs Python 3.11 or newer.")
    if not _python().exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Installing mtvdp-tui and its test tools into .venv …", flush=True)
    pip = [str(_python()), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


SOURCES = ["src", "tests", "benchmarks", "tools", "dev.py"]
COMMANDS = ("demo", "test", "screenshots", "pg")
WORKERS = ["-n", "auto"]  # pytest-xdist: one worker per core; a later `-n` given by the user wins


def checks(python: str, pytest_args: list[str]) -> list[tuple[str, list[str]]]:
    """The steps of `dev.py test`, in order, as (name, command): add a check as one line here.

    Every step runs even when an earlier one failed, so one run reports every failure."""
    return [
        ("ruff check", [python, "-m", "ruff", "check", *SOURCES]),
        ("ruff format", [python, "-m", "ruff", "format", "--check", *SOURCES]),
        ("import layers", [str(BIN / "lint-imports")]),
        ("types", [python, "-m", "mypy"]),
        ("pytest", [python, "-m", "pytest", *WORKERS, *pytest_args]),
    ]


def run_checks(steps: list[tuple[str, list[str]]]) -> int:
    """Run every step; name each one that failed. 0 when all passed, else the first failure's
    exit code (1 when that code is not a positive number)."""
    failed: list[tuple[str, int]] = []
    for name, command in steps:
        print(f"== {name}", flush=True)
        code = subprocess.call(command, cwd=ROOT)
        if code != 0:
            failed.append((name, code))
    if not failed:
        print(f"== all {len(steps)} checks passed: {', '.join(name for name, _ in steps)}")
        return 0
    names = ", ".join(f"{name} (exit {code})" for name, code in failed)
    print(f"== FAILED: {names}", file=sys.stderr)
    first = failed[0][1]
    return first if first > 0 else 1


def run(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command not in COMMANDS:
        print(__doc__)
        return 2
    ensure_environment()
    if command == "demo":
        return subprocess.call([str(BIN / "mtvdp-tui"), "--demo", *rest])
    if command == "screenshots":
        return subprocess.call([str(_python()), str(ROOT / "tools" / "screenshots.py"), *rest])
    if command == "pg":
        return subprocess.call([str(_python()), str(ROOT / "tools" / "dev_pg.py"), *rest])
    return run_checks(checks(str(_python()), rest))


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
