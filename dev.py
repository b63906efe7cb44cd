"""Developer entry point: the README's two commands.

    python3 dev.py demo    # open the app on the demo database
    python3 dev.py test    # lint + the whole test suite

Both create `.venv/` on first use and (re)install the project with its test extras whenever
`pyproject.toml` changed, so a fresh clone needs nothing but Python 3.11+.
Extra arguments are passed on: `python3 dev.py demo --size 10000`, `python3 dev.py test -k lottery`.
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


def run(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command not in {"demo", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    if command == "demo":
        return subprocess.call([str(BIN / "mtvdp-tui"), "--demo", *rest])
    python = str(_python())
    sources = ["src", "tests", "benchmarks", "dev.py"]
    lint = subprocess.call([python, "-m", "ruff", "check", *sources], cwd=ROOT)
    style = subprocess.call([python, "-m", "ruff", "format", "--check", *sources], cwd=ROOT)
    tests = subprocess.call([python, "-m", "pytest", *rest], cwd=ROOT)
    return tests or lint or style


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
