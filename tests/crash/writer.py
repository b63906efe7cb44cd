"""A scripted user who keeps changing one database: the process the kill tests stop with SIGKILL.

    python -m tests.crash.writer DATABASE JOURNAL [--actions N]

The script is a fixed, long list of user actions (`script()`); each is ONE repository call, so
one transaction: create a practice or import a batch, change practices, record ION, save and
submit plans, set declaration statuses, freeze a lottery's pool and sources, show its steps one
by one, discard or finalise it. After every action that returned (so committed) one line is
appended to JOURNAL and fsynced: `<index> <label>`, e.g. `117 practice 01000017 stap 3`.

The writer is resumable: at start it reads how far the database already is (`snapshot` +
`first_not_done`) and continues there. An action that a killed run committed but could not
journal any more is journaled by the next run with the suffix ` gevonden` (found).

It prints `bereid` (ready) once its imports are done, before opening the database, so a kill
timed from that line can also land while the database is being created or opened. Its imports
include Alembic, which the program imports only when it creates the file: importing it takes
longer than most kill delays on a busy machine (tests running in parallel), so every kill would
land in creating the first file and no action would ever be tried.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

# imported before `bereid`, see above
import alembic.command
import alembic.config  # noqa: F401

from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import DeclarationStatus, StatusRecord
from mtvdp_tui.domain.plan import Plan, PlannedIntervention
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.ruleset_loader import resolve_ruleset
from mtvdp_tui.records.lotteries import StoredLottery
from mtvdp_tui.store import lottery_session as session
from mtvdp_tui.store.database import Database, NewRuleset, open_database

TODAY = date(2026, 11, 22)  # the frozen clock of tests/conftest.py (a test checks they agree)
PRESET = "hoog-2023"

REGIONS = ("Zutphen", "Apeldoorn", "Oost-Achterhoek")
BLOCK = 12  # practices per block: 4 created one by one, 2 imports of 4
BLOCKS = 60
ELIGIBLE_BLOCKS = 2  # the practices of the first blocks have no start date: lottery pools
POOL_SIZE = ELIGIBLE_BLOCKS * BLOCK // len(REGIONS)
FINAL_REGION = "Oost-Achterhoek"  # its first lottery is made final; the others are discarded
LOTTERY_EVERY = 3  # after the first blocks, every third action is a lottery step

ION_DATES = (date(2025, 1, 1), date(2025, 4, 1))
QUARTER = Quarter(2025, 1)
DECLARED = StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=date(2025, 4, 15))
PAID = replace(DECLARED, status=DeclarationStatus.UITBETAALD, paid_on=date(2025, 5, 20))
DECLARATION_STEPS = {DeclarationStatus.GEDECLAREERD.value: 1, DeclarationStatus.UITBETAALD.value: 2}
PREFERENCES = (None, date(2023, 7, 1), date(2023, 10, 1), date(2024, 1, 1))
STARTED = date(2024, 4, 1)  # the start date of practices outside the lottery pools
SUBMITTED = 3  # the plan step that submits; steps 1, 2 save a concept, step 4 a new concept
TERMINAL = 10**6  # the progress of a discarded or final lottery

Key = tuple[str, ...]


@dataclass(frozen=True)
class Action:
    index: int
    kind: str
    targets: tuple[tuple[Key, int], ...]  # each record, and the progress this action brings it to
    label: str
    expected_total: int = 0  # lottery actions: the steps of the draw


# --- the script --------------------------------------------------------------------------------


def agb(number: int) -> str:
    return f"01{number:06d}"


def region_of(number: int) -> str:
    return REGIONS[number % len(REGIONS)]


def ion_value(number: int, peildatum: date) -> int:
    return 1000 + (number * 37 + peildatum.month * 11) % 4000


def practice_data(number: int, step: int) -> PracticeData:
    """The practice as its first action creates it (step 1), or as a later import changes it."""
    eligible = number < ELIGIBLE_BLOCKS * BLOCK
    return PracticeData(
        agb=agb(number),
        name=f"Praktijk {number:04d}",
        region=region_of(number),
        wijk=f"wijk {step}",
        ion=1000 + (number * 53) % 3000,
        email=f"praktijk{number}@example.nl",
        preferred_moment=PREFERENCES[number % len(PREFERENCES)],
        survey_answered=number % 2 == 0,
        start_date=None if eligible else STARTED,
        notes=f"stap {step}",
    )


def plan_content(step: int) -> Plan:
    return Plan(
        reflection_practice=f"stap {step}",
        reflection_population="Veel ouderen in de wijk.",
        interventions=(
            PlannedIntervention("regie-op-veelgebruikers", 1, support_wanted="training"),
            PlannedIntervention("welzijn-op-recept", 2),
        ),
        intervisie_years=frozenset({1}),
    )


class _Builder:
    def __init__(self) -> None:
        self.actions: list[Action] = []

    def add(self, kind: str, targets: Sequence[tuple[Key, int]], label: str, total: int = 0):
        self.actions.append(Action(len(self.actions), kind, tuple(targets), label, total))


def _block_actions(block: int) -> list[tuple[str, list[tuple[Key, int]], str]]:
    numbers = list(range(block * BLOCK, (block + 1) * BLOCK))
    codes = [agb(n) for n in numbers]
    planned: list[tuple[str, list[tuple[Key, int]], str]] = []
    for code in codes[:4]:
        planned.append(("create", [(("practice", code), 1)], f"practice {code} stap 1"))
    for batch in (codes[4:8], codes[8:12]):
        targets = [(("practice", code), 1) for code in batch]
        planned.append(("import", targets, f"import {' '.join(batch)} stap 1"))

    def each(kind: str, key: Callable[[int, str], Key], step: int, label: str) -> None:
        for number, code in zip(numbers, codes, strict=True):
            planned.append((kind, [(key(number, code), step)], label.format(code=code, step=step)))

    practice = lambda _n, code: ("practice", code)  # noqa: E731
    plan = lambda _n, code: ("plan", code)  # noqa: E731
    declaration = lambda _n, code: ("declaration", code, QUARTER.label)  # noqa: E731

    def ion(peildatum: date) -> Callable[[int, str], Key]:
        return lambda n, code: ("ion", code, peildatum.isoformat(), str(ion_value(n, peildatum)))

    each("update", practice, 2, "practice {code} stap {step}")
    each("ion", ion(ION_DATES[0]), 1, "ion {code} " + ION_DATES[0].isoformat())
    each("plan", plan, 1, "plan {code} stap {step}")
    each("declaration", declaration, 1, "declaration {code} " + QUARTER.label + " stap {step}")
    each("plan", plan, 2, "plan {code} stap {step}")
    each("ion", ion(ION_DATES[1]), 1, "ion {code} " + ION_DATES[1].isoformat())
    each("plan", plan, SUBMITTED, "plan {code} stap {step} ingediend")
    each("update", practice, 3, "practice {code} stap {step}")
    each("declaration", declaration, 2, "declaration {code} " + QUARTER.label + " stap {step}")
    each("plan", plan, 4, "plan {code} stap {step}")
    for batch in (codes[0:4], codes[4:8], codes[8:12]):
        targets = [(("practice", code), 4) for code in batch]
        planned.append(("import-change", targets, f"import {' '.join(batch)} stap 4"))
    return planned


def _lottery_actions() -> list[tuple[str, list[tuple[Key, int]], str, int]]:
    """Lottery cycles, region after region: pool, sources, every step, then discard (or, for
    the first lottery of FINAL_REGION, finalise; that region then has no further lotteries)."""
    actions = []
    cycles: Counter[str] = Counter()
    for round_number in range(200):
        region = REGIONS[round_number % len(REGIONS)]
        if region == FINAL_REGION and cycles[region] > 0:
            continue
        cycle = cycles[region]
        cycles[region] += 1
        end = "definitief" if region == FINAL_REGION else "verworpen"
        key = ("lottery", region, str(cycle), end)
        name = f"{region} {cycle}"
        actions.append(("pool", [(key, 1)], f"pool {name}", POOL_SIZE))
        actions.append(("sources", [(key, 2)], f"sources {name}", POOL_SIZE))
        for shown in range(1, POOL_SIZE + 1):
            actions.append(("reveal", [(key, 2 + shown)], f"reveal {name} {shown}", POOL_SIZE))
        kind = "final" if end == "definitief" else "discard"
        actions.append((kind, [(key, TERMINAL)], f"{kind} {name}", POOL_SIZE))
    return actions


def script() -> list[Action]:
    """The whole deterministic list of actions, the same in every run."""
    builder = _Builder()
    lottery = iter(_lottery_actions())
    for block in range(BLOCKS):
        for kind, targets, label in _block_actions(block):
            builder.add(kind, targets, label)
            if block >= ELIGIBLE_BLOCKS and len(builder.actions) % LOTTERY_EVERY == 0:
                step = next(lottery, None)
                if step is not None:
                    builder.add(*step)
    return builder.actions


# --- how far the database is -------------------------------------------------------------------


@dataclass
class State:
    practice_ids: dict[str, int] = field(default_factory=dict)
    practice_steps: dict[str, int] = field(default_factory=dict)
    ions: dict[tuple[str, str], int] = field(default_factory=dict)
    plans: dict[str, int] = field(default_factory=dict)
    declarations: dict[tuple[str, str], int] = field(default_factory=dict)
    lotteries: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # (status, shown)
    audit: Counter[str] = field(default_factory=Counter)  # entries per entity


_STEP = re.compile(r"stap (\d+)")


def snapshot(database: Database) -> State:
    """Everything `progress` needs, read in one read transaction."""
    state = State()
    connection = database.engine.raw_connection()  # the driver's own: one explicit transaction
    try:
        connection.execute("BEGIN")  # one consistent view of the whole file
        run = lambda sql: connection.execute(sql).fetchall()  # noqa: E731
        for code, practice_id, notes in run("SELECT agb, id, notes FROM practice"):
            state.practice_ids[code] = practice_id
            found = _STEP.fullmatch(notes)
            state.practice_steps[code] = int(found[1]) if found else -1
        for code, peildatum, ion in run(
            "SELECT p.agb, i.peildatum, i.ion FROM ion_record i JOIN practice p"
            " ON p.id = i.practice_id"
        ):
            state.ions[code, str(peildatum)] = ion
        latest: dict[str, tuple[int, str, str]] = {}
        for code, version, status, content in run(
            "SELECT p.agb, v.version, v.status, v.content FROM praktijkplan v JOIN practice p"
            " ON p.id = v.practice_id"
        ):
            if code not in latest or version > latest[code][0]:
                latest[code] = (version, status, content)
        for code, (version, status, content) in latest.items():
            state.plans[code] = _plan_progress(version, status, content)
        for code, quarter, status in run(
            "SELECT p.agb, d.quarter, d.status FROM declaratie_status d JOIN practice p"
            " ON p.id = d.practice_id"
        ):
            state.declarations[code, quarter] = DECLARATION_STEPS.get(status, 0)
        lotteries: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for region, status, shown in run(
            "SELECT r.name, l.status, l.revealed FROM loting l JOIN region r"
            " ON r.id = l.region_id ORDER BY l.id"
        ):
            lotteries[region].append((status, shown))
        state.lotteries = dict(lotteries)
        for entity, count in run("SELECT entity, count(*) FROM audit GROUP BY entity"):
            state.audit[entity] = count
        connection.execute("ROLLBACK")
    finally:
        connection.close()
    return state


def _plan_progress(version: int, status: str, content: str) -> int:
    if version >= 2:
        return 4
    if status == "ingediend":
        return SUBMITTED
    found = _STEP.fullmatch(json.loads(content)["reflectie_praktijk"])
    return int(found[1]) if found else -1


def progress(state: State, key: Key) -> int:
    """How far the record `key` is, in the steps of the script (0: not there yet)."""
    kind, code, *rest = key
    if kind == "practice":
        return state.practice_steps.get(code, 0)
    if kind == "ion":
        peildatum, value = rest
        return int(state.ions.get((code, peildatum)) == int(value))
    if kind == "plan":
        return state.plans.get(code, 0)
    if kind == "declaration":
        return state.declarations.get((code, rest[0]), 0)
    if kind == "lottery":  # code is the region
        cycle, end = int(rest[0]), rest[1]
        found = state.lotteries.get(code, [])
        if cycle >= len(found):
            return 0
        status, shown = found[cycle]
        if status == "pool":
            return 1
        if status == "trekking":
            return 2 + shown
        return TERMINAL if status == end else -1
    raise ValueError(key)


def done(state: State, action: Action) -> bool:
    return all(progress(state, key) >= step for key, step in action.targets)


def partly_done(state: State, action: Action) -> bool:
    """Some but not all records of a many-record action (an import): never allowed."""
    reached = [progress(state, key) >= step for key, step in action.targets]
    return any(reached) and not all(reached)


def first_not_done(actions: Sequence[Action], state: State) -> int:
    return next((a.index for a in actions if not done(state, a)), len(actions))


# --- the journal -------------------------------------------------------------------------------

FOUND = " gevonden"
_LINE = re.compile(r"(\d+) (.+?)((?: gevonden)?)")


@dataclass(frozen=True)
class JournalLine:
    index: int
    label: str
    found: bool  # journaled by a later run: committed by a run that was killed before journaling


def read_journal(path: Path) -> list[JournalLine]:
    """The complete lines of the journal; a torn last line (no newline) is left out."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")[:-1]
    entries = []
    for line in lines:
        match = _LINE.fullmatch(line)
        if match is None:
            raise ValueError(f"onleesbare regel in het journaal: {line!r}")
        entries.append(JournalLine(int(match[1]), match[2], bool(match[3])))
    return entries


class Journal:
    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        content = path.read_bytes()
        if content and not content.endswith(b"\n"):  # torn by a kill: drop the partial line
            os.ftruncate(self._fd, content.rfind(b"\n") + 1)
            os.fsync(self._fd)

    def write(self, action: Action, *, found: bool = False) -> None:
        line = f"{action.index} {action.label}{FOUND if found else ''}\n"
        os.write(self._fd, line.encode())
        os.fsync(self._fd)

    def close(self) -> None:
        os.close(self._fd)


# --- doing the actions -------------------------------------------------------------------------


class Writer:
    def __init__(self, database: Database) -> None:
        self.db = database
        self._totals: dict[int, int] = {}

    def perform(self, action: Action) -> None:
        getattr(self, "_" + action.kind.replace("-", "_"))(action)

    def _id(self, code: str) -> int:
        practice_id = self.db.practices.id_for_agb(code)
        assert practice_id is not None, code
        return practice_id

    @staticmethod
    def _number(code: str) -> int:
        return int(code[2:])

    def _create(self, action: Action) -> None:
        (_, code), _step = action.targets[0]
        self.db.practices.create(practice_data(self._number(code), 1))

    def _import(self, action: Action) -> None:
        new = [practice_data(self._number(key[1]), 1) for key, _ in action.targets]
        self.db.practices.save_many(new, [])

    def _import_change(self, action: Action) -> None:
        changed = []
        for (_, code), step in action.targets:
            record = self.db.practices.get(self._id(code))
            data = replace(record.data, wijk=f"wijk {step}", notes=f"stap {step}")
            changed.append((record.id, record.version, data))
        self.db.practices.save_many([], changed)

    def _update(self, action: Action) -> None:
        ((_, code), step) = action.targets[0]
        record = self.db.practices.get(self._id(code))
        data = replace(record.data, wijk=f"wijk {step}", notes=f"stap {step}")
        self.db.practices.update(record.id, data, expected_version=record.version)

    def _ion(self, action: Action) -> None:
        (_, code, peildatum, value), _ = action.targets[0]
        self.db.practices.set_ion(self._id(code), date.fromisoformat(peildatum), int(value))

    def _plan(self, action: Action) -> None:
        ((_, code), step) = action.targets[0]
        practice_id = self._id(code)
        current = self.db.plans.latest(practice_id)
        if step == SUBMITTED:
            assert current is not None
            self.db.plans.submit(practice_id, expected=current)
        else:
            self.db.plans.save_concept(practice_id, plan_content(step), expected=current)

    def _declaration(self, action: Action) -> None:
        ((_, code, quarter), step) = action.targets[0]
        key = (self._id(code), Quarter.parse(quarter))
        seen = self.db.declarations.statuses([key[1]]).get(key, StatusRecord())
        self.db.declarations.save({key: (seen, DECLARED if step == 1 else PAID)})

    def _lottery(self, action: Action) -> StoredLottery:
        region = action.targets[0][0][1]
        lottery = self.db.lotteries.active(region)
        assert lottery is not None, action.label
        return lottery

    def _pool(self, action: Action) -> None:
        region = action.targets[0][0][1]
        preparation = session.prepare(self.db.ruleset, self.db.lotteries, region)
        assert preparation.inputs is not None, preparation.problem
        assert len(preparation.inputs.pool) == action.expected_total, action.label
        session.freeze_pool(self.db.lotteries, preparation)

    def _sources(self, action: Action) -> None:
        cycle = int(action.targets[0][0][2])
        lottery = self._lottery(action)
        session.freeze_sources(self.db.lotteries, lottery, [(cycle + 1, 2, 3), (7, 11)])

    def _reveal(self, action: Action) -> None:
        (_key, step) = action.targets[0]
        lottery = self._lottery(action)
        if lottery.id not in self._totals:
            self._totals[lottery.id] = len(session.result_of(lottery).steps)
        total = self._totals[lottery.id]
        assert total == action.expected_total, (action.label, total)
        self.db.lotteries.reveal(lottery, step - 2, total)

    def _discard(self, action: Action) -> None:
        self.db.lotteries.discard(self._lottery(action), "test")

    def _final(self, action: Action) -> None:
        session.finalise(self.db.lotteries, self.db.path, self._lottery(action))


# --- the program -------------------------------------------------------------------------------


def open_writer_database(path: Path) -> Database:
    """As `tests.conftest.open_test_database` (without importing pytest: a quicker start)."""

    def new_ruleset() -> NewRuleset:
        ruleset, toml_text = resolve_ruleset(PRESET)
        return NewRuleset(ruleset, toml_text, PRESET)

    return open_database(path, new_ruleset=new_ruleset, today=lambda: TODAY)


def main(argv: Sequence[str]) -> int:
    database_path, journal_path = Path(argv[0]), Path(argv[1])
    limit = int(argv[3]) if len(argv) > 3 and argv[2] == "--actions" else None
    actions = script()
    print("bereid", flush=True)
    database = open_writer_database(database_path)
    journal = Journal(journal_path)
    try:
        start = first_not_done(actions, snapshot(database))
        journaled = read_journal(journal_path)
        last = journaled[-1].index if journaled else -1
        for action in actions[last + 1 : start]:  # committed by a killed run, not journaled
            journal.write(action, found=True)
        end = len(actions) if limit is None else min(len(actions), start + limit)
        writer = Writer(database)
        for action in actions[start:end]:
            writer.perform(action)  # one transaction; returns once committed
            journal.write(action)
    finally:
        journal.close()
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
