"""Many users at once on one PostgreSQL database (SPEC §8): 8 client processes × 200 mixed
operations through the store (tests/pg/many_clients.py), and one more killed with SIGKILL inside
a write. Afterwards, from the database and the clients' logs:

- nothing lost: every write a client saw succeed is stored, and the last one is what is there;
- no silent overwrite: no two writes were accepted over the same version, every version step is
  one accepted write, and every refusal was one of the store's Dutch messages;
- writes to practices no other client touches were never refused (writes take the database's
  write lock and run one after the other: nothing is aborted for what another client did);
- the audit is complete: one entry per accepted write, none for a refused one, each with the
  database role, the OS user and the host;
- the killed client's committed writes are there, its half write is not, and no transaction of
  it is left open; the lottery claim was held by one client at a time and is released.
"""

from __future__ import annotations

import getpass
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import mtvdp_tui
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.i18n import _catalogue
from mtvdp_tui.store import transactions
from mtvdp_tui.store.database import Database, open_database
from tests.conftest import preset, today
from tests.engines import PgTemplates
from tests.figures import FIGURES
from tools.pg_server import PgServer

CLIENTS = 8
OPERATIONS = 200
OWN = 4  # practices per client that no other client touches
HOT = 3  # practices every client edits
QUARTERS = ["2026-Q1", "2026-Q2"]
ROOT = Path(__file__).resolve().parents[2]
# The refusals a client may see, as the store words them (Dutch, from the catalogue).
REFUSALS = (
    "practice.stale",
    "plan.stale",
    "plan.already_submitted",
    "declaraties.store.stale",
    "loting.claimed",
    "db.conflict",
    "import.geweigerd.intussen",
)


def dutch_refusal(message: str) -> bool:
    for key in REFUSALS:
        parts = re.split(r"\{[a-z_]+\}", _catalogue[key])
        if re.fullmatch(".*".join(re.escape(part) for part in parts), message, re.DOTALL):
            return True
    return False


@dataclass
class Setup:
    url: str
    region: str
    hot: list[int]
    own: dict[int, list[int]]  # client → its practices
    import_agbs: dict[int, list[str]]
    versions: dict[int, int] = field(default_factory=dict)  # practice → version after set-up
    audit_rows: int = 0


def _set_up(url: str, clients: int) -> Setup:
    db = open_database(url, new_ruleset=lambda: preset("hoog-2023"), today=today)
    try:
        region = db.ruleset.regions[0]

        def practice(agb: str) -> int:
            return db.practices.create(PracticeData(agb=agb, name=f"Praktijk {agb}", region=region))

        setup = Setup(
            url,
            region,
            hot=[practice(f"0100{n:04d}") for n in range(HOT)],
            own={c: [practice(f"02{c:02d}{n:04d}") for n in range(OWN)] for c in range(clients)},
            import_agbs={c: [f"03{c:02d}{n:04d}" for n in range(2)] for c in range(clients)},
        )
        for practice_id in [*setup.hot, *(p for own in setup.own.values() for p in own)]:
            setup.versions[practice_id] = db.practices.get(practice_id).version
        with db.engine.connect() as connection:
            setup.audit_rows = connection.execute(text("SELECT count(*) FROM audit")).scalar_one()
        return setup
    finally:
        db.close()


def _start(setup: Setup, client: int, operations: int, folder: Path, **extra: Any):
    spec = {
        "url": setup.url,
        "client": client,
        "seed": 1000 + client,
        "operations": operations,
        "own": setup.own[client],
        "hot": setup.hot,
        "region": setup.region,
        "quarters": QUARTERS,
        "import_agbs": setup.import_agbs[client],
        **extra,
    }
    spec_file = folder / f"client{client}.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    log = folder / f"client{client}.jsonl"
    source = Path(mtvdp_tui.__file__).resolve().parents[1]
    environment = {**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{ROOT}"}
    with open(folder / f"client{client}.err", "w", encoding="utf-8") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.pg.many_clients", str(spec_file), str(log)],
            cwd=ROOT,
            env=environment,
            stderr=errors,
        )
    return process, log


def _errors(log: Path) -> str:
    return log.with_suffix(".err").read_text(encoding="utf-8")


def _lines(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


def _wait_for(log: Path, op: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not any(line["op"] == op for line in _lines(log)):
        assert process.poll() is None, _errors(log)
        assert time.monotonic() < deadline, f"no '{op}' in {log.name} after {seconds} s"
        time.sleep(0.05)


@pytest.fixture
def stress_url(pg_server: PgServer) -> str:
    name = PgTemplates(pg_server).new_database("hoog-2023")
    yield pg_server.libpq_url(name)
    pg_server.drop_database(name)


def test_eight_clients_at_once_lose_nothing_and_overwrite_nothing(
    stress_url: str, tmp_path: Path, record_property
) -> None:
    victim = CLIENTS  # the ninth client: a few writes, then killed inside one
    setup = _set_up(stress_url, CLIENTS + 1)
    started = time.monotonic()
    running = [_start(setup, client, OPERATIONS, tmp_path) for client in range(CLIENTS)]
    killed, killed_log = _start(setup, victim, 20, tmp_path, pause_mid_write=True)
    try:
        _wait_for(killed_log, "paused", killed, seconds=120)
        killed.send_signal(signal.SIGKILL)
        killed.wait(30)
        for process, log in running:
            assert process.wait(timeout=300) == 0, _errors(log)
    finally:
        for process, _log in [*running, (killed, killed_log)]:
            if process.poll() is None:
                process.kill()
                process.wait()
    elapsed = time.monotonic() - started

    logs = {client: _lines(log) for client, (_process, log) in enumerate(running)}
    logs[victim] = _lines(killed_log)
    for client, lines in logs.items():
        assert lines[0]["op"] == "started"
        assert lines[-1]["op"] == ("paused" if client == victim else "finished")
    operations = [
        {**line, "client": client}
        for client, lines in logs.items()
        for line in lines
        if line["op"] not in {"started", "finished", "paused"}
    ]
    paused = logs[victim][-1]
    checks = Checks(setup, operations)
    checks.every_refusal_is_dutch_and_none_on_own_practices()
    checks.practices_hold_the_last_accepted_edit_and_every_version_step(paused)
    checks.plans_and_declarations_count_every_accepted_write()
    checks.ion_records_come_from_accepted_writes()
    checks.the_audit_has_one_entry_per_accepted_write(paused)
    checks.the_claim_was_held_by_one_client_at_a_time()
    checks.no_transaction_is_left_open()

    refused = Counter(op["op"] for op in operations if not op["ok"])
    retried: Counter[str] = Counter()
    for op in operations:
        retried[op["op"]] += op.get("retries", 0)
    given_up = sum(op.get("given_up", 0) for op in operations)
    record_property(
        FIGURES,
        f"{len(operations)} operations by {CLIENTS}+1 clients in {elapsed:.1f} s; "
        f"refused (real conflicts): {dict(refused)}; attempts run again: {dict(+retried)}; "
        f"given up after {transactions.ATTEMPTS} attempts: {given_up}",
    )


class Checks:
    def __init__(self, setup: Setup, operations: list[dict[str, Any]]) -> None:
        self.setup = setup
        self.operations = operations
        self.accepted = [op for op in operations if op["ok"]]
        self.db: Database = open_database(
            setup.url, new_ruleset=lambda: preset("hoog-2023"), today=today
        )

    def query(self, sql: str, **values: Any) -> list[Any]:
        with self.db.engine.connect() as connection:
            return list(connection.execute(text(sql), values))

    def every_refusal_is_dutch_and_none_on_own_practices(self) -> None:
        for op in self.operations:
            if op["ok"]:
                continue
            assert not op["type"].startswith("crash"), op["message"]
            assert dutch_refusal(op["message"]), op
            assert op["op"].endswith("_hot") or op["op"] == "claim", op  # own: never refused

    def _practices(self) -> list[int]:
        return [*self.setup.hot, *(p for own in self.setup.own.values() for p in own)]

    def practices_hold_the_last_accepted_edit_and_every_version_step(self, paused: dict) -> None:
        for practice_id in self._practices():
            mine = [op for op in self.accepted if op.get("practice") == practice_id]
            edits = [op for op in mine if op["op"] in {"edit_own", "edit_hot", "import"}]
            based_on = [op["expected_version"] for op in edits]
            assert len(based_on) == len(set(based_on)), f"accepted twice over one version: {edits}"
            steps = len(edits) + sum(op["op"].startswith("ion") for op in mine)
            stored = self.db.practices.get(practice_id)
            assert stored.version == self.setup.versions[practice_id] + steps
            notes = [op for op in edits if op["op"] != "import"]
            last = max(notes, key=lambda op: op["expected_version"], default=None)
            assert stored.data.notes == (last["marker"] if last else "")
            imported = [op["marker"] for op in edits if op["op"] == "import"]
            assert stored.data.wijk == (imported[0] if imported else "")
            assert stored.data.notes != paused["marker"]

    def plans_and_declarations_count_every_accepted_write(self) -> None:
        plans: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for op in self.accepted:
            if op["op"].startswith(("plan", "submit")):
                plans[(op["practice"], op["version"])].append(op)
        rows = self.query("SELECT practice_id, version, row_version, content FROM praktijkplan")
        assert {(row.practice_id, row.version) for row in rows} == set(plans)
        for row in rows:
            made = plans[(row.practice_id, row.version)]
            assert sorted(op["row_version"] for op in made) == list(range(1, row.row_version + 1))
            saves = [op for op in made if op["op"].startswith("plan")]
            last = max(saves, key=lambda op: op["row_version"])
            assert json.loads(row.content)["reflectie_praktijk"] == last["marker"]

        declared: Counter[tuple[int, str]] = Counter(
            (op["practice"], op["quarter"]) for op in self.accepted if op["op"].startswith("decl")
        )
        rows = self.query("SELECT practice_id, quarter, status, row_version FROM declaratie_status")
        assert {(row.practice_id, row.quarter): row.row_version for row in rows} == dict(declared)
        for row in rows:  # accepted changes alternate: gedeclareerd, afgewezen, gedeclareerd, …
            odd = declared[(row.practice_id, row.quarter)] % 2 == 1
            assert row.status == ("gedeclareerd" if odd else "afgewezen")

    def ion_records_come_from_accepted_writes(self) -> None:
        written: dict[tuple[int, str], set[int]] = defaultdict(set)
        for op in self.accepted:
            if op["op"].startswith("ion"):
                written[(op["practice"], op["peildatum"])].add(op["ion"])
        for row in self.query("SELECT practice_id, peildatum, ion FROM ion_record"):
            key = (row.practice_id, row.peildatum.isoformat())
            assert row.ion in written[key], f"an ION no accepted write stored: {row}"

    def the_audit_has_one_entry_per_accepted_write(self, paused: dict) -> None:
        rows = self.query(
            "SELECT entity, action, practice_id, subject, after, os_user, db_role, host "
            "FROM audit ORDER BY id OFFSET :skip",
            skip=self.setup.audit_rows,
        )
        expected: Counter[tuple[str, str | None, int | None]] = Counter()
        entities = {"edit": "praktijk", "ion": "ion", "plan": "praktijkplan",
                    "submit": "praktijkplan", "declaration": "declaratiestatus"}  # fmt: skip
        for op in self.accepted:
            kind = op["op"].split("_")[0]
            if kind in {"edit", "import"}:
                expected[("praktijk", "gewijzigd", op["practice"])] += 1
                expected[("praktijk", "aangemaakt", None)] += op.get("new", 0)
            elif kind != "claim":  # a claim is not a change of the data: not audited
                expected[(entities[kind], None, op["practice"])] += 1
        found: Counter[tuple[str, str | None, int | None]] = Counter()
        for row in rows:
            if row.entity == "praktijk":
                practice = None if row.action == "aangemaakt" else row.practice_id
                found[("praktijk", row.action, practice)] += 1
            else:
                found[(row.entity, None, row.practice_id)] += 1
            who = (row.os_user, row.db_role, row.host)
            assert who == (getpass.getuser(), "postgres", socket.gethostname())
        assert found == +expected
        afters = [json.loads(row.after or "{}") for row in rows]
        markers = [after.get("notes") or after.get("wijk") for after in afters]
        for op in self.accepted:
            if op["op"].startswith("edit") or op["op"] == "import":
                assert markers.count(op["marker"]) == 1, op
        assert paused["marker"] not in markers

    def the_claim_was_held_by_one_client_at_a_time(self) -> None:
        held = sorted(
            (op["held_from"], op["held_until"]) for op in self.accepted if op["op"] == "claim"
        )
        assert held, "no claim was ever held"
        for (_start, end), (next_start, _end) in itertools.pairwise(held):
            assert next_start >= end, "two clients held the claim at once"
        assert self.query("SELECT count(*) FROM loting_claim")[0][0] == 0

    def no_transaction_is_left_open(self) -> None:
        deadline = time.monotonic() + 10
        while True:
            open_ = self.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
            )[0][0]
            if open_ == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.db.close()
        assert open_ == 0
