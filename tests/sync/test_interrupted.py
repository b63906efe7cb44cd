"""An interrupted synchronisation loses nothing and applies nothing twice (SPEC §9).

The synchronising process (tests/sync/sync_child.py, the program's own `synchronise`) is
killed with SIGKILL after a random delay, many times, each time over a werkkopie with a few
hundred changes waiting; after every kill the test looks at both sides (every change is still
waiting or applied on the server, one audit entry per applied change) and synchronises again:
the changes the server had taken before the kill count as `already`, the rest are sent, no
conflict appears, and the server and the copy end with exactly the copy's edits.

The changes show a second application: a new ION at a new peildatum (based on "none there"),
and chains of edits to one practice's notes (each based on the one before), so a change
applied again would not match its base and come back as a conflict, and each applied change
adds exactly one audit entry on the server.

Then the two breaks a kill does not make: the connection dropped after the server committed a
batch but before its reply arrived (a proxy on a Unix socket that cuts at that moment), and the
server restarted in the middle of a synchronisation.

MTVDP_SYNC_KILLS (default 20) and MTVDP_SYNC_KILL_SEED choose the number of kills and where.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.records.sync import SyncProgress, SyncStage
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.outbox import CONFLICTS, OUTBOX
from mtvdp_tui.store.sync import APPLIED, AUDIT, synchronise
from tests.conftest import open_test_database
from tests.figures import FIGURES
from tests.sync.cutting_proxy import CuttingProxy
from tests.sync.helpers import State, assert_same, edit, practice, state
from tools.latency_proxy import postgres_socket

REPO = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("MTVDP_SYNC_KILLS", "20"))
SEED = int(os.environ.get("MTVDP_SYNC_KILL_SEED", "20261122"))
CHANGES = 200  # waiting in the outbox at each kill
BATCH = 40  # changes per server transaction in the killed process: five commits per push
CHAINS = 5  # practices whose notes are edited again and again (each edit based on the last)
FIRST_DAY = date(2027, 1, 1)


@pytest.fixture
def server(organisation: str) -> Iterator[Database]:
    database = open_test_database(organisation)
    yield database
    database.close()


# --- the changes, and what both sides hold -----------------------------------------------------


def make_changes(copy: Database, round_number: int, count: int = CHANGES) -> None:
    """`count` changes in the outbox: half of them a new ION (a peildatum of this round), a
    quarter a step in a chain of notes, a quarter a change of wijk."""
    agbs = sorted(copy.practices.versions_by_agb())
    chains, others = agbs[:CHAINS], agbs[CHAINS:]
    day = FIRST_DAY + timedelta(days=round_number)
    for number in range(count):
        kind = number % 4
        if kind in (0, 1):
            practice_id, _, _ = practice(copy, others[(number // 2) % len(others)])
            copy.practices.set_ion(practice_id, day, 10_000 * round_number + number)
        elif kind == 2:
            agb = chains[(number // 4) % CHAINS]
            edit(copy, agb, notes=f"{practice(copy, agb)[1].notes} +{round_number}.{number}")
        else:
            edit(copy, others[(number // 4) % len(others)], wijk=f"ronde {round_number}.{number}")


def outbox_ids(copy: Database) -> set[str]:
    with copy.engine.connect() as connection:
        return set(connection.execute(select(OUTBOX.c.change_id)).scalars())


def conflict_count(copy: Database) -> int:
    with copy.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(CONFLICTS)).scalar_one())


@dataclass(frozen=True)
class ServerSide:
    applied: set[str]  # change ids in sync_toegepast
    audited: int  # audit entries since the test began


def server_side(server: Database, audit_before: int) -> ServerSide:
    with server.engine.connect() as connection:
        applied = set(connection.execute(select(APPLIED.c.change_id)).scalars())
        audited = connection.execute(
            select(func.count()).select_from(AUDIT).where(AUDIT.c.id > audit_before)
        ).scalar_one()
    return ServerSide(applied, int(audited))


def last_audit_id(server: Database) -> int:
    with server.engine.connect() as connection:
        return int(connection.execute(select(func.max(AUDIT.c.id))).scalar_one() or 0)


@dataclass
class Tally:
    """What the test checked, for its figures."""

    rounds: int = 0
    killed: int = 0
    changes_checked: int = 0
    sent_again_already: int = 0  # the server had committed them before the kill
    landed: Counter[str] = field(default_factory=Counter)


def check_after_break(
    copy: Database, server: Database, made: set[str], audit_before: int, expected: State
) -> tuple[int, int]:
    """Both sides after a break, then the synchronisation run again: (changes that were
    waiting, of them already on the server)."""
    waiting = outbox_ids(copy)
    before = server_side(server, audit_before)
    lost = made - waiting - before.applied
    assert not lost, f"{len(lost)} changes neither waiting nor on the server"
    assert before.applied <= made
    assert before.audited == len(before.applied), "an applied change without its one entry"
    assert conflict_count(copy) == 0
    committed_there = waiting & before.applied  # the server committed, the copy did not

    report = synchronise(copy)
    assert (report.already, report.sent) == (len(committed_there), len(waiting - before.applied))
    assert report.conflicts == report.open_conflicts == 0
    after = server_side(server, audit_before)
    assert after.applied == made and after.audited == len(made), "a change applied twice"
    assert not outbox_ids(copy) and conflict_count(copy) == 0
    assert_same(state(server), expected, "the server")
    assert_same(state(copy), expected, "the werkkopie")
    return len(waiting), len(committed_there)


# --- the killed process -------------------------------------------------------------------------

_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_child_left_running() -> Iterator[None]:
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:  # a test failed while it ran
            process.kill()
            process.wait()


def start_child(copy_path: Path, log: Path) -> subprocess.Popen[str]:
    paths = [str(REPO), str(REPO / "src"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    command = [sys.executable, "-m", "tests.sync.sync_child", str(copy_path), str(BATCH)]
    with log.open("a") as errors:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
    _STARTED.append(process)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line == "bereid\n", f"the child did not start:\n{log.read_text()}"
    return process


def where(lines: list[str]) -> str:
    """Where the child was when it was killed, by the last progress line it printed."""
    if not lines:
        return "voor verbinden"
    stage, *numbers = lines[-1].split()
    if stage == SyncStage.SENDING.value and numbers:
        done, total = (int(n) for n in numbers)
        return f"versturen {done}/{total}"
    return stage


def test_killed_at_many_points_no_change_is_lost_or_applied_twice(
    werkkopie, server, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    copy = werkkopie("a")
    copy_path = tmp_path / "a.sqlite"
    log = tmp_path / "child.log"
    chance = random.Random(SEED)
    audit_before = last_audit_id(server)
    tally = Tally()
    made: set[str] = set()
    started = time.monotonic()

    # One run not killed: how long a whole synchronisation of CHANGES takes here.
    timer = time.monotonic()
    make_changes(copy, 0)
    making = time.monotonic() - timer
    made |= outbox_ids(copy)
    expected = state(copy)
    process = start_child(copy_path, log)
    began = time.monotonic()  # from `bereid`, as the kills are timed
    assert process.stdout is not None
    timeline = []  # (seconds, the child's line): where the time goes
    for line in process.stdout:
        timeline.append((time.monotonic() - began, line.strip()))
        if line.startswith("verstuurd"):
            break
    whole = time.monotonic() - began  # until the synchronisation returned
    assert process.wait(timeout=120) == 0, log.read_text()
    first_sent = next(at for at, line in timeline if line.startswith(SyncStage.SENDING.value))
    sending = next(at for at, line in timeline if line.startswith(SyncStage.RECEIVING.value))
    check_after_break(copy, server, made, audit_before, expected)

    for round_number in range(1, KILLS + 1):
        make_changes(copy, round_number)
        made |= outbox_ids(copy)
        expected = state(copy)
        process = start_child(copy_path, log)
        assert process.stdout is not None
        seen: list[str] = []
        if round_number % 4:  # mostly while the batches go: timed from the first one
            for line in process.stdout:  # connecting varies too much on a busy machine
                seen.append(line.strip())
                if line.startswith(SyncStage.SENDING.value):
                    break
            time.sleep(chance.uniform(0, sending - first_sent))
        else:  # else anywhere
            time.sleep(chance.uniform(0, whole))
        process.send_signal(signal.SIGKILL)
        code = process.wait(timeout=30)
        assert code in (-signal.SIGKILL, 0), f"the child failed (exit {code}):\n{log.read_text()}"
        lines = seen + process.stdout.read().splitlines()
        killed = code == -signal.SIGKILL
        tally.killed += killed
        tally.landed[where(lines) if killed else "afgerond"] += 1
        _, already = check_after_break(copy, server, made, audit_before, expected)
        tally.rounds += 1
        tally.changes_checked += CHANGES
        tally.sent_again_already += already

    seconds = time.monotonic() - started
    record_property(
        FIGURES,
        f"[sync kill] kills tried: {KILLS} (killed while running: {tally.killed}); changes "
        f"checked: {tally.changes_checked} ({len(made)} in all, {CHANGES} waiting at each "
        f"kill, batches of {BATCH}); lost: 0; applied twice: 0; committed on the server but "
        f"not yet here at a kill, sent again as 'already': {tally.sent_again_already}; a "
        f"whole synchronisation {whole:.2f} s (sending {sending:.2f} s; making the changes "
        f"{making:.1f} s); {seconds:.1f} s; killed during: "
        f"{dict(tally.landed.most_common())}",
    )
    assert tally.killed >= KILLS // 2, "most runs ended before the kill: nothing was tried"
    assert any(point.startswith("versturen") for point in tally.landed), "no kill while sending"


# --- breaks a kill cannot aim at ----------------------------------------------------------------


def database_name(url: str) -> str:
    """The database a test's libpq URL names (`postgresql://postgres@/NAME?host=…`)."""
    return url.split("?")[0].rsplit("/", 1)[1]


def test_the_reply_lost_after_the_server_committed_is_sent_again_as_already(
    werkkopie, server, organisation, pg_templates, monkeypatch
) -> None:
    copy = werkkopie("a")
    audit_before = last_audit_id(server)
    make_changes(copy, 1, 120)
    made, expected = outbox_ids(copy), state(copy)
    monkeypatch.setattr("mtvdp_tui.store.sync.BATCH", BATCH)
    target = postgres_socket(pg_templates.server.socket_dir)
    with CuttingProxy(target) as proxy:
        proxy.cut_after_commit()
        with pytest.raises(DatabaseError) as refused:
            synchronise(copy, server=proxy.url(database_name(organisation)))
        assert proxy.cuts == 1
    assert "Traceback" not in str(refused.value)
    # the first batch is on the server, and still waiting here: the reply never came
    on_server = server_side(server, audit_before)
    assert len(on_server.applied) == BATCH and on_server.applied <= outbox_ids(copy) == made
    waiting, already = check_after_break(copy, server, made, audit_before, expected)
    assert (waiting, already) == (120, BATCH)


def test_a_server_restart_in_the_middle_of_a_batch_loses_nothing(
    werkkopie, server, organisation, pg_templates, monkeypatch
) -> None:
    copy = werkkopie("a")
    audit_before = last_audit_id(server)
    make_changes(copy, 1, 120)
    made, expected = outbox_ids(copy), state(copy)
    monkeypatch.setattr("mtvdp_tui.store.sync.BATCH", BATCH)
    target = postgres_socket(pg_templates.server.socket_dir)
    with CuttingProxy(target) as proxy:
        proxy.on_applied(pg_templates.server.restart)  # the first batch's, before it commits
        with pytest.raises(DatabaseError):
            synchronise(copy, server=proxy.url(database_name(organisation)))
        assert proxy.action_done.wait(timeout=60), "the restart did not end"
        assert proxy.actions_run == 1 and not proxy.action_errors, proxy.action_errors
    assert not server_side(server, audit_before).applied  # that batch was rolled back
    waiting, already = check_after_break(copy, server, made, audit_before, expected)
    assert (waiting, already) == (120, 0)


def test_a_server_restart_between_batches_is_survived_or_finished_by_running_it_again(
    werkkopie, server, pg_templates, monkeypatch
) -> None:
    copy = werkkopie("a")
    audit_before = last_audit_id(server)
    make_changes(copy, 1, 120)
    made, expected = outbox_ids(copy), state(copy)
    monkeypatch.setattr("mtvdp_tui.store.sync.BATCH", BATCH)
    restarts = []

    def restart_after_the_first_batch(progress: SyncProgress) -> None:
        if progress.stage is SyncStage.SENDING and progress.done == BATCH and not restarts:
            pg_templates.server.restart()
            restarts.append(progress.done)

    # A connection lost is a Dutch DatabaseError and the next run finishes; or the next batch
    # takes a new connection and it finishes now. Either way nothing is lost or done twice.
    with contextlib.suppress(DatabaseError):
        synchronise(copy, progress=restart_after_the_first_batch)
    assert restarts == [BATCH]
    check_after_break(copy, server, made, audit_before, expected)


CLI_KILLS = int(os.environ.get("MTVDP_SYNC_CLI_KILLS", "4"))


def test_the_command_killed_loses_nothing_either(
    werkkopie, server, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    """`python -m mtvdp_tui --db F synchroniseren` itself (its own batches, start-up included)
    killed at random moments: the same checks after each kill."""
    copy = werkkopie("a")
    copy_path = tmp_path / "a.sqlite"
    chance = random.Random(SEED + 1)
    audit_before = last_audit_id(server)
    made: set[str] = set()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH", "")) if p
        ),
        **{
            name: str(tmp_path / name.lower())
            for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")
        },
    }
    command = [sys.executable, "-m", "mtvdp_tui", "--db", str(copy_path), "synchroniseren"]
    landed: Counter[str] = Counter()
    whole = 0.0
    for round_number in range(CLI_KILLS + 1):
        make_changes(copy, round_number)
        made |= outbox_ids(copy)
        expected = state(copy)
        began = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        _STARTED.append(process)
        if round_number == 0:  # not killed: how long the command takes here, start-up included
            output, _ = process.communicate(timeout=120)
            assert process.returncode == 0, output
            whole = time.monotonic() - began
            landed["afgerond"] += 1
        else:
            time.sleep(chance.uniform(0, whole))
            process.send_signal(signal.SIGKILL)
            output, _ = process.communicate(timeout=30)
            assert process.returncode in (-signal.SIGKILL, 0), output
            lines = output.splitlines()
            if process.returncode == 0:
                landed["afgerond"] += 1
            else:
                landed[lines[-1][:30] if lines else "opstarten"] += 1
        check_after_break(copy, server, made, audit_before, expected)
    record_property(
        FIGURES,
        f"[sync kill, command] runs: {CLI_KILLS + 1} ({CHANGES} changes waiting each, "
        f"{len(made)} checked, lost: 0, applied twice: 0); the command took {whole:.1f} s; "
        f"ended during: {dict(landed.most_common())}",
    )
    assert sum(landed.values()) - landed["afgerond"] >= 1, "every run ended before the kill"
