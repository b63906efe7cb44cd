"""Whole-process start-up and peak memory: `startup_probe.py` in fresh processes.

The wall time runs from just before the process is spawned to the moment it has exited. Peak
memory is the child's own high-water mark (VmHWM), read by the child just before it exits: the
`ru_maxrss` that `wait4` gives would include the benchmark's own pages, inherited up to `exec`.
Runs of the three kinds alternate
(bare, empty, N practices, bare, …) so that noise from a shared machine falls on all of them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROBE = Path(__file__).resolve().with_name("startup_probe.py")
LAUNCH_TIMEOUT = 300.0  # seconds: the probe gives up after 120 s itself; this if it hangs
PHASES = (  # (name, from mark, to mark); "spawn" and "end" are the parent's
    ("interpreter", "spawn", "started"),
    ("imports", "started", "imported"),
    ("build_app", "imported", "built"),
    ("first_screen", "built", "ready"),
    ("teardown", "ready", "exited"),
    ("interpreter_exit", "exited", "end"),
)


@dataclass
class Launch:
    wall_ms: float  # spawn to exit
    ready_ms: float  # spawn to "first screen drawn and idle"
    maxrss_mb: float
    phases_ms: dict[str, float] = field(default_factory=dict)
    stderr: str = ""
    round_trips: int = 0  # to the database server, when it is behind the counting proxy


class ProbeError(RuntimeError):
    pass


def child_env(xdg_data: Path) -> dict[str, str]:
    """The parent's environment with a private data folder and no Textual dev settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env["XDG_DATA_HOME"] = str(xdg_data)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def probe_args(kind: str, db: Path | None = None, rows: int = 0) -> list[str]:
    if kind == "bare":
        return ["bare"]
    assert db is not None
    return ["app", "--db", str(db), "--rows", str(rows)]


def launch(
    args: list[str], env: dict[str, str], cwd: Path, python_flags: tuple[str, ...] = ()
) -> Launch:
    import json

    command = [sys.executable, *python_flags, str(PROBE), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        spawn = time.monotonic_ns()
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd
        )
        try:
            process.wait(timeout=LAUNCH_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise ProbeError(f"{' '.join(command)} did not end in {LAUNCH_TIMEOUT:.0f} s") from None
        end = time.monotonic_ns()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise ProbeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    report = json.loads(stdout.strip().splitlines()[-1])
    marks = {"spawn": spawn, "end": end, **report["marks"]}
    phases = {
        name: (marks[b] - marks[a]) / 1e6 for name, a, b in PHASES if a in marks and b in marks
    }
    return Launch(
        wall_ms=(end - spawn) / 1e6,
        ready_ms=(marks["ready"] - spawn) / 1e6,
        maxrss_mb=report["peak_kib"] / 1024,
        phases_ms=phases,
        stderr=stderr,
    )


def startups(
    kinds: dict[str, list[str]],
    runs: int,
    env: dict[str, str],
    cwd: Path,
    warmup: int = 1,
    counters: dict[str, Callable[[], int]] | None = None,
) -> dict[str, list[Launch]]:
    """`runs` launches of every kind, interleaved, after `warmup` untimed rounds. `counters`:
    per kind whose database is behind the delaying proxy, its round-trip counter."""
    found: dict[str, list[Launch]] = defaultdict(list)
    for round_number in range(warmup + runs):
        for kind, args in kinds.items():
            counter = (counters or {}).get(kind)
            before = counter() if counter else 0
            launched = launch(args, env, cwd)
            if counter is not None:
                launched.round_trips = counter() - before
            if round_number >= warmup:
                found[kind].append(launched)
    return dict(found)


# --- python -X importtime ---------------------------------------------------------------------

_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def import_times(stderr: str, top: int = 10) -> dict[str, object]:
    """Summarise `-X importtime` output: total, and the packages and modules that cost most.

    A package's time is the sum of the self times of all its modules (so nothing is counted
    twice); its share is of the sum of all self times."""
    per_package: dict[str, int] = defaultdict(int)
    modules: list[tuple[str, int, int]] = []
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        own, cumulative, _, name = int(match[1]), int(match[2]), match[3], match[4]
        per_package[name.split(".")[0]] += own
        modules.append((name, own, cumulative))
    total = sum(per_package.values())
    packages = sorted(per_package.items(), key=lambda item: -item[1])[:top]
    slowest = sorted(modules, key=lambda item: -item[1])[:top]
    return {
        "total_ms": total / 1000,
        "modules_imported": len(modules),
        "top_packages": [
            {"package": name, "ms": us / 1000, "share": us / total if total else 0.0}
            for name, us in packages
        ],
        "top_modules_self": [
            {"module": name, "self_ms": own / 1000, "cumulative_ms": cum / 1000}
            for name, own, cum in slowest
        ],
    }


def import_profile(args: list[str], env: dict[str, str], cwd: Path) -> dict[str, object]:
    """One launch under `python -X importtime` (slower: not part of the timed runs)."""
    launched = launch(args, env, cwd, python_flags=("-X", "importtime"))
    summary = import_times(launched.stderr)
    summary["wall_ms_with_importtime"] = launched.wall_ms
    return summary
