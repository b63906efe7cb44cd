"""Crash safety: the writer (tests/crash/writer.py) is killed with SIGKILL at many random points;
after every kill the file opens cleanly and every journaled (committed) action is there.

MTVDP_KILLS (default 25) and MTVDP_KILL_SEED choose how many kill points and which; a longer run
locally: `MTVDP_KILLS=200 pytest tests/crash`. The figures of the run are printed in the
"figures" section at the end of the test run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text

from mtvdp_tui.records.audit import Entity
from tests import conftest
from tests.conftest import open_test_database
from tests.crash import writer
from tests.crash.writer import Action, done, first_not_done, partly_done, read_journal, snapshot
from tests.figures import FIGURES

REPO = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("MTVDP_KILLS", "25"))
SEED = int(os.environ.get("MTVDP_KILL_SEED", "20261122"))
DELAY_MS = (20, 400)  # after the writer says it is ready (it then opens the database)
MAX_DELAY_MS = 6_400  # the latest kill when opening alone outlasts DELAY_MS (a loaded machine)
FINAL_ACTIONS = 30  # the last run is not killed: it must continue and end normally

ACTIONS = writer.script()


@dataclass
class Check:
    """What one look at the database after a kill found."""

    journaled: int = 0  # journal lines checked
    committed: int = 0  # actions found in the database (they always form a prefix)
    lost: list[str] = field(default_factory=list)  # journaled but not in the database
    problems: list[str] = field(default_factory=list)  # anything else that is wrong


def audit_entries(action: Action) -> Counter[str]:
    """The audit entries one action writes in its own transaction."""
    per_kind = {
        "create": {Entity.PRAKTIJK: 1},
        "update": {Entity.PRAKTIJK: 1},
        "import": {Entity.PRAKTIJK: len(action.targets)},
        "import-change": {Entity.PRAKTIJK: len(action.targets)},
        "ion": {Entity.ION: 1},
        "plan": {Entity.PRAKTIJKPLAN: 1},
        "declaration": {Entity.DECLARATIESTATUS: 1},
        "pool": {Entity.LOTING: 1},
        "sources": {Entity.LOTING: 1},
        "reveal": {Entity.LOTING: 1},
        "discard": {Entity.LOTING: 1},
        "final": {Entity.LOTING: 1, Entity.PRAKTIJK: action.expected_total},
    }[action.kind]
    return Counter({entity.value: count for entity, count in per_kind.items()})


def check(database_path: Path, journal_path: Path) -> Check:
    """Open the file as the app does and compare it with the journal."""
    result = Check()
    journal = read_journal(journal_path)
    result.journaled = len(journal)
    if not database_path.exists():  # killed while the file was being created
        if journal:
            result.problems.append("the database is gone, the journal is not empty")
        return result
    database = open_test_database(database_path)  # raises if the file is not clean
    try:
        with database.engine.connect() as connection:
            integrity = connection.execute(text("PRAGMA integrity_check")).scalars().all()
            foreign_keys = connection.execute(text("PRAGMA foreign_key_check")).all()
        if integrity != ["ok"]:
            result.problems.append(f"integrity_check: {integrity}")
        if foreign_keys:
            result.problems.append(f"foreign_key_check: {foreign_keys}")
        state = snapshot(database)
    finally:
        database.close()

    if [line.index for line in journal] != list(range(len(journal))):
        result.problems.append("the journal is not one line per action, in order")
    for line in journal:
        action = ACTIONS[line.index]
        if line.label != action.label:
            result.problems.append(f"journal line {line.index}: {line.label!r} ≠ {action.label!r}")
        elif not done(state, action):
            result.lost.append(f"{line.index} {line.label}")
    result.committed = first_not_done(ACTIONS, state)
    later = [a.label for a in ACTIONS[result.committed :] if done(state, a)]
    if later:
        result.problems.append(f"done after the first action not done: {later[:5]}")
    partial = [a.label for a in ACTIONS if partly_done(state, a)]
    if partial:
        result.problems.append(f"half an import stored: {partial}")
    if result.committed - len(journal) not in (0, 1):  # at most the one in flight
        result.problems.append(f"{result.committed} actions stored, {len(journal)} journaled")
    expected_audit = sum((audit_entries(a) for a in ACTIONS[: result.committed]), Counter())
    if +state.audit != expected_audit:
        result.problems.append(f"audit trail {dict(state.audit)} ≠ {dict(expected_audit)}")
    return result


_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_writer_left_running() -> Iterator[None]:
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:  # a test failed while it ran
            process.kill()
            process.wait()


def start_writer(database: Path, journal: Path, log: Path, *extra: str) -> subprocess.Popen[str]:
    paths = [str(REPO), str(REPO / "src"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    command = [sys.executable, "-m", "tests.crash.writer", str(database), str(journal), *extra]
    with log.open("a") as errors:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
    _STARTED.append(process)
    return process


def wait_until_ready(process: subprocess.Popen[str], log: Path) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line == "bereid\n", f"the writer did not start:\n{log.read_text()}"


def test_the_writer_uses_the_test_clock() -> None:
    assert writer.TODAY == conftest.TODAY
    assert len({action.label for action in ACTIONS}) == len(ACTIONS)


def test_the_check_notices_a_lost_change(tmp_path: Path) -> None:
    """The check has teeth: a journaled plan that vanished behind the app's back is reported."""
    database, journal, log = tmp_path / "db.sqlite", tmp_path / "journal", tmp_path / "log"
    process = start_writer(database, journal, log, "--actions", "200")
    assert process.wait(timeout=60) == 0, log.read_text()
    assert check(database, journal) == Check(journaled=200, committed=200)
    opened = open_test_database(database)
    with opened.engine.begin() as connection:
        connection.execute(text("DELETE FROM praktijkplan WHERE practice_id = 1"))
    opened.close()
    found = check(database, journal)
    assert found.lost and all(line.split()[1] == "plan" for line in found.lost)


def test_killed_at_many_points_nothing_committed_is_lost(
    tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    database, journal, log = tmp_path / "db.sqlite", tmp_path / "journal", tmp_path / "writer.log"
    chance = random.Random(SEED)
    started = time.monotonic()
    killed = in_flight_stored = checked = 0
    landed: Counter[str] = Counter()  # the action under way (or next) at each kill
    lost: list[str] = []
    committed_before = 0
    latest = DELAY_MS[1]  # grows while kills land before the first action (a busy machine)
    for point in range(KILLS):
        process = start_writer(database, journal, log)
        wait_until_ready(process, log)
        delay = chance.uniform(DELAY_MS[0], latest) / 1000
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        code = process.wait(timeout=30)
        assert code in (-signal.SIGKILL, 0), f"the writer failed (exit {code}):\n{log.read_text()}"
        killed += code == -signal.SIGKILL

        result = check(database, journal)
        assert not result.problems, f"kill {point} after {delay * 1000:.0f} ms: {result.problems}"
        checked += result.journaled
        landed[ACTIONS[result.journaled].kind if result.journaled else "opening"] += 1
        if not result.journaled:
            latest = min(latest * 2, MAX_DELAY_MS)
        lost += result.lost
        in_flight_stored += result.committed > result.journaled
        assert result.committed >= committed_before  # the next run continued, lost nothing
        committed_before = result.committed

    # A last run, not killed: it continues where the database is and ends normally.
    process = start_writer(database, journal, log, "--actions", str(FINAL_ACTIONS))
    assert process.wait(timeout=60) == 0, log.read_text()
    final = check(database, journal)
    assert not final.problems and not final.lost
    assert final.committed == final.journaled == committed_before + FINAL_ACTIONS

    seconds = time.monotonic() - started
    summary = (
        f"kill points tried: {KILLS} (killed while running: {killed}); journaled actions "
        f"checked: {checked} (distinct: {final.journaled}); records lost: {len(lost)}; "
        f"in-flight action found committed: {in_flight_stored}; {seconds:.1f} s; "
        f"killed during: {dict(landed.most_common())}"
    )
    record_property(FIGURES, f"[crash] {summary}")
    assert lost == []
    assert set(landed) - {"opening"}, "every kill landed before the first action: nothing tried"
    assert killed == KILLS, "the writer finished before it was killed: make the script longer"
    assert final.committed < len(ACTIONS)
