"""Machinery for the hostile command-line table (tests/test_cli_hostile.py): a row is arguments,
how to prepare the folder, the expected exit code and Dutch words, and which files may change.

Each row runs in a folder of its own (the working directory, so paths in a row are relative).
Before and after, every entry in the folder is listed with its kind, size, mode, owner and a hash
of its content; a refusal must leave that listing exactly as it was.

Runners: in-process `main(argv)` (fast) for most rows; rows marked `user=NOBODY` run as an
unprivileged user, since root ignores file permissions: when the suite runs as root (as CI does)
they run in a subprocess under `setpriv --reuid=65534 --regid=65534 --clear-groups` in a folder
that user owns; as a normal user they run in-process, where permissions already apply.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import io
import os
import re
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pytest

import mtvdp_tui

NOBODY = 65534
SELF = -1
SRC = Path(mtvdp_tui.__file__).resolve().parents[1]  # the package under test
Setup = Callable[[Path], None]

# Words that must never reach the user: English from Python, argparse or the OS.
ENGLISH = re.compile(
    r"Traceback|Error\b|error:|usage:|invalid choice|are required|unrecognized|"
    r"Permission denied|No such file|Is a directory|Not a directory|No space left|"
    r"expected one argument|show this help|positional arguments|\boptions:|"
    r"Read-only file system|File name too long|Too many levels"
)


@dataclass(frozen=True)
class Case:
    """One hostile input. `may_change`: glob patterns (relative to the folder) of entries that
    may appear or change; everything else must be exactly as before (by default: all)."""

    name: str
    args: tuple[str, ...]
    code: int
    says: str
    setup: tuple[Setup, ...] = ()
    may_change: tuple[str, ...] = ()
    user: int = SELF

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Outcome:
    code: int
    output: str


# --- setups: small functions that prepare the folder ---------------------------------------------


def template_database() -> Path:
    """A database with a few practices, made once per test session (copied for each row)."""
    folder = Path(tempfile.gettempdir()) / f"mtvdp-hostile-template-{os.getpid()}"
    path = folder / "template.sqlite"
    if not path.exists():
        atexit.register(shutil.rmtree, folder, True)
        from mtvdp_tui.cli import open_for, parser
        from mtvdp_tui.domain.plan import Plan
        from mtvdp_tui.domain.practice import PracticeData

        folder.mkdir(exist_ok=True)
        database = open_for(parser().parse_args(["--db", str(path), "--demo", "--size", "5"]))
        linde = PracticeData(agb="01000001", name="De Linde", region="Zutphen", ion=2500)
        database.plans.save_concept(database.practices.create(linde), Plan(), expected=None)
        database.close()
    return path


def db(name: str = "db.sqlite", change: str | None = None) -> Setup:
    """A copy of the template database at `name`, optionally changed with one SQL statement."""

    def make(folder: Path) -> None:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template_database(), target)
        if change is not None:
            connection = sqlite3.connect(target)
            connection.execute(change)
            connection.commit()
            connection.close()

    return make


def text(name: str, content: str | bytes = "") -> Setup:
    def make(folder: Path) -> None:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        target.write_bytes(data)

    return make


def corrupt(name: str = "db.sqlite") -> Setup:
    """The template with its middle pages overwritten (its header still says SQLite)."""

    def make(folder: Path) -> None:
        db(name)(folder)
        with (folder / name).open("r+b") as file:
            file.seek(4096)
            file.write(b"\xff" * 8192)

    return make


def folder(name: str) -> Setup:
    return lambda base: (base / name).mkdir(parents=True, exist_ok=True)


def fifo(name: str) -> Setup:
    return lambda base: os.mkfifo(base / name)


def unix_socket(name: str) -> Setup:
    def make(base: Path) -> None:
        with contextlib.chdir(base):  # a socket path must be short: bind relative to the folder
            server = socket.socket(socket.AF_UNIX)
            server.bind(name)
            server.close()

    return make


def device(name: str, minor: int) -> Setup:
    """A character device at `name` in the row's folder (memory devices: 3 null, 5 zero, 7
    full). As root a node of its own, never the system's: a regression that replaces its
    `--db` or `-o` would otherwise replace /dev/null for the whole machine (it happened once
    while checking these rows against the old code). Without root, a link to the system's
    device, which such a user cannot replace."""

    def make(base: Path) -> None:
        if os.geteuid() == 0:
            os.mknod(base / name, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        else:
            (base / name).symlink_to(f"/dev/{name}")

    return make


def link(name: str, target: str) -> Setup:
    return lambda base: (base / name).symlink_to(target)


def hard_link(name: str, target: str) -> Setup:
    return lambda base: (base / name).hardlink_to(base / target)


def chmod(name: str, mode: int) -> Setup:
    return lambda base: (base / name).chmod(mode)


# --- the folder before and after -----------------------------------------------------------------


def listing(base: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under `base`: kind, size, mode, owner, and a hash of a regular file's bytes
    (an unreadable file is hashed by root or not at all: its mtime stands in)."""
    found: dict[str, tuple[object, ...]] = {}
    for root, folders, files in os.walk(base, followlinks=False):
        for name in [*folders, *files]:
            path = Path(root) / name
            info = path.lstat()
            content: object = None
            if stat.S_ISREG(info.st_mode):
                try:
                    content = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    content = info.st_mtime_ns
            elif stat.S_ISLNK(info.st_mode):
                content = os.readlink(path)
            kind = stat.S_IFMT(info.st_mode)
            found[str(path.relative_to(base))] = (kind, info.st_size, info.st_mode, content)
    return found


def unexpected_changes(case: Case, before: dict, after: dict) -> list[str]:
    changed = [name for name in before.keys() | after.keys() if before.get(name) != after.get(name)]
    return sorted(
        name for name in changed if not any(fnmatch(name, pattern) for pattern in case.may_change)
    )


# --- running a row -------------------------------------------------------------------------------


def run_in_process(args: tuple[str, ...], base: Path) -> Outcome:
    """`main(args)` in `base`, output captured; SystemExit (argparse) is an exit code too. A row
    that takes over 60 s is a hang and fails."""
    from mtvdp_tui.cli import main

    out, err = io.StringIO(), io.StringIO()

    def hang(*_: object) -> None:
        raise TimeoutError("hangs")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(60)
    try:
        with (
            contextlib.chdir(base),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return Outcome(code, out.getvalue() + err.getvalue())


SETPRIV = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


@functools.cache
def nobody_runtime() -> tuple[str, str]:
    """(interpreter, PYTHONPATH) with which user 65534 runs the package under test.

    The checkout and its virtual environment may lie where that user cannot read (a clone in
    /root); then both are copied once, readable, into a temporary folder (removed at exit)."""
    probe = [*SETPRIV, sys.executable, "-c", "import mtvdp_tui.cli, sqlmodel, textual"]
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(SRC)}
    if subprocess.run(probe, cwd="/", env=environment, capture_output=True).returncode == 0:
        return sys.executable, str(SRC)
    copy = Path(tempfile.mkdtemp(prefix="mtvdp-nobody-runtime-"))
    atexit.register(shutil.rmtree, copy, True)
    shutil.copytree(sys.prefix, copy / "venv", symlinks=True)
    shutil.copytree(SRC / "mtvdp_tui", copy / "src" / "mtvdp_tui")
    subprocess.run(["chmod", "-R", "a+rX", str(copy)], check=True)
    interpreter = copy / "venv" / Path(sys.executable).relative_to(sys.prefix)
    return str(interpreter), str(copy / "src")


def run_as_nobody(args: tuple[str, ...], base: Path) -> Outcome:
    """`python -m mtvdp_tui` as user 65534 (root only), in `base`."""
    interpreter, python_path = nobody_runtime()
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": python_path,
        "HOME": str(base),
        "XDG_DATA_HOME": str(base / ".xdg"),
        "XDG_CONFIG_HOME": str(base / ".xdg" / "config"),  # the settings file
        "XDG_STATE_HOME": str(base / ".xdg" / "state"),  # the log file
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        [*SETPRIV, interpreter, "-m", "mtvdp_tui", *args],
        cwd=base,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return Outcome(done.returncode, done.stdout + done.stderr)


@contextlib.contextmanager
def row_folder(case: Case, tmp_path: Path) -> Iterator[Path]:
    """The folder a row runs in: `tmp_path`, or for an unprivileged row as root a folder in
    /tmp that user can reach (pytest's own is private to root)."""
    if case.user != NOBODY or os.geteuid() != 0:
        yield tmp_path
        return
    base = Path(tempfile.mkdtemp(prefix="mtvdp-nobody-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        for root, folders, _ in os.walk(base):
            for name in folders:
                (Path(root) / name).chmod(0o700)
        shutil.rmtree(base)


def hand_to_nobody(base: Path) -> None:
    """Everything in `base` (and `base`) belongs to the unprivileged user, except files a row
    gave to root on purpose (mode without group/other bits and a name starting `root-`)."""
    os.chown(base, NOBODY, NOBODY)
    for root, folders, files in os.walk(base):
        for name in [*folders, *files]:
            if not name.startswith("root-"):
                os.chown(Path(root) / name, NOBODY, NOBODY, follow_symlinks=False)


def run_case(case: Case, tmp_path: Path) -> tuple[Outcome, list[str]]:
    """Prepare, run, and compare: the outcome and the entries that changed unexpectedly."""
    if case.user == NOBODY and os.geteuid() != 0 and any("root-" in a for a in case.args):
        pytest.skip("a file of another user can only be made as root")
    with row_folder(case, tmp_path) as base:
        for step in case.setup:
            step(base)
        nobody = case.user == NOBODY and os.geteuid() == 0
        if nobody:
            hand_to_nobody(base)
        before = listing(base)
        outcome = run_as_nobody(case.args, base) if nobody else run_in_process(case.args, base)
        after = listing(base)
        for name in (".xdg",):  # the unprivileged run's own data dir is not the row's business
            after = {k: v for k, v in after.items() if not k.startswith(name)}
        return outcome, unexpected_changes(case, before, after)
