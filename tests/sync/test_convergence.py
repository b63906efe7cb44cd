"""Werkkopieën converge (SPEC §9), found by hypothesis: random edits on random copies — often
the same practice, the same ION, the same plan, the same new AGB — interleaved with
synchronisations; then every open conflict is decided (at random mine, theirs or per field)
and every copy synchronises until nothing is open or waiting. Then:

- every copy equals the server (practice, ION and plan rows by AGB);
- every change a copy made was either applied on the server (once: one audit entry each) or is
  in a conflict a person decided;
- no record holds a value nobody wrote, and a record that never clashed holds its last edit.

MTVDP_SYNC_EXAMPLES (default 6) sets the number of examples: a few, as each makes its own
organisation database and three werkkopieën.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.errors import RecordError
from mtvdp_tui.records.sync import Decision
from mtvdp_tui.store import conflicts
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.outbox import CONFLICTS, OUTBOX
from mtvdp_tui.store.sync import APPLIED, AUDIT, synchronise
from mtvdp_tui.store.werkkopie_make import make_werkkopie
from tests.conftest import open_test_database
from tests.engines import PgTemplates, pg_templates  # noqa: F401 (fixture)
from tests.figures import FIGURES
from tests.sync.helpers import assert_same, practice, state, without_plans

EXAMPLES = int(os.environ.get("MTVDP_SYNC_EXAMPLES", "6"))
COPIES = "abc"
DAYS = (date(2027, 1, 1), date(2027, 3, 1))
NEW = ("07200001", "07200002")
SETTLE_ROUNDS = 8  # decide-and-synchronise rounds before the test calls it a failure
ONLY_THEIRS_FROM = 4  # from this round on every decision is "theirs": the rounds must end

Key = tuple[Any, ...]  # ("praktijk", agb) | ("ion", agb, day) | ("praktijkplan", agb, version)

copy_names = st.sampled_from(COPIES)
# two demo practices, then the two new AGB codes: mostly the first of each, so edits clash
records = st.sampled_from([0, 0, 0, 1, 2, 2, 3])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), copy_names, records, st.sampled_from(["wijk", "notes"])),
        st.tuples(st.just("ion"), copy_names, records, st.integers(0, 1)),
        st.tuples(st.just("plan"), copy_names, records, st.booleans()),
        st.tuples(st.just("create"), copy_names, st.integers(0, 1)),
        st.tuples(st.just("sync"), copy_names),
    ),
    min_size=6,
    max_size=16,
)


@dataclass
class World:
    """The copies and what the test did to them."""

    server: Database
    copies: dict[str, Database]
    agbs: list[str]
    region: str
    writes: dict[Key, list[Any]] = field(default_factory=dict)  # values written, in order
    made: dict[str, set[str]] = field(default_factory=dict)  # change ids per copy
    counter: int = 0

    def unique(self) -> int:
        self.counter += 1
        return self.counter

    def wrote(self, key: Key, value: Any) -> None:
        self.writes.setdefault(key, []).append(value)

    def collect(self, name: str) -> None:
        """The change ids waiting in a copy's outbox (taken before every synchronisation: only
        a synchronisation takes them out)."""
        with self.copies[name].engine.connect() as connection:
            self.made.setdefault(name, set()).update(
                connection.execute(select(OUTBOX.c.change_id)).scalars()
            )

    def sync(self, name: str) -> None:
        self.collect(name)
        report = synchronise(self.copies[name])
        SEEN["synchronisations"] += 1
        SEEN["conflicts found"] += report.conflicts


def record_value(database: Database, key: Key) -> Any:
    """A record's value as the test compares it (None: not there)."""
    kind, agb = key[0], key[1]
    practice_id = database.practices.id_for_agb(agb)
    if practice_id is None:
        return None
    if kind == "praktijk":
        return replace(database.practices.get(practice_id).data, ion=None)
    if kind == "ion":
        return dict(database.practices.ion_history(practice_id)).get(key[2])
    for stored in database.plans.versions(practice_id):
        if stored.version == key[2]:
            return (stored.status.value, stored.submitted_on, stored.plan)
    return None


def do(world: World, operation: tuple[Any, ...]) -> None:
    """One person's action on one copy; skipped when it makes no sense there (a practice the
    copy does not have, a new AGB it has already)."""
    kind, name = operation[0], operation[1]
    copy = world.copies[name]
    if kind == "sync":
        world.sync(name)
        return
    if kind == "create":
        agb = NEW[operation[2]]
        if copy.practices.id_for_agb(agb) is not None:
            return
        copy.practices.create(
            PracticeData(agb=agb, name=f"Nieuw {world.unique()}", region=world.region)
        )
        world.wrote(("praktijk", agb), record_value(copy, ("praktijk", agb)))
        return
    agb = world.agbs[operation[2]]
    practice_id = copy.practices.id_for_agb(agb)
    if practice_id is None:
        return
    if kind == "edit":
        _, data, version = practice(copy, agb)
        value = f"{operation[3]} {world.unique()}"
        copy.practices.update(
            practice_id, replace(data, **{operation[3]: value}), expected_version=version
        )
        world.wrote(("praktijk", agb), record_value(copy, ("praktijk", agb)))
    elif kind == "ion":
        day = DAYS[operation[3]]
        copy.practices.set_ion(practice_id, day, 1000 + world.unique())
        world.wrote(("ion", agb, day), record_value(copy, ("ion", agb, day)))
    else:
        latest = copy.plans.latest(practice_id)
        saved = copy.plans.save_concept(
            practice_id, Plan(reflection_practice=f"plan {world.unique()}"), expected=latest
        )
        key = ("praktijkplan", agb, saved.version)
        world.wrote(key, record_value(copy, key))
        if operation[3]:
            copy.plans.submit(practice_id, expected=saved)
            world.wrote(key, record_value(copy, key))


def conflict_key(conflict: conflicts.Conflict) -> Key:
    record = conflict.key
    if record.kind.value == "praktijk":
        return ("praktijk", record.agb)
    if record.kind.value == "ion":
        return ("ion", record.agb, record.peildatum)
    return ("praktijkplan", record.agb, record.plan_version)


SEEN: Counter[str] = Counter()  # what the examples did, for the figures


def decide_everything(world: World, chance: random.Random, only_theirs: bool) -> int:
    """Decide every open conflict on every copy; how many there were."""
    decided = 0
    for copy in world.copies.values():
        for conflict in conflicts.open_conflicts(copy):
            decided += 1
            decision = Decision.HUN if only_theirs else chance.choice(list(Decision))
            fields = [f.name for f in conflict.fields if chance.random() < 0.5]
            try:
                conflicts.decide(copy, conflict.id, decision, fields)
            except RecordError:  # refused (the record changed here since): keep theirs
                decision = Decision.HUN
                conflicts.decide(copy, conflict.id, decision)
            SEEN[f"decided {decision.value}"] += 1
            if decision is not Decision.HUN:
                key = conflict_key(conflict)
                world.wrote(key, record_value(copy, key))
    return decided


def waiting(world: World) -> int:
    total = 0
    for copy in world.copies.values():
        with copy.engine.connect() as connection:
            total += connection.execute(select(func.count()).select_from(OUTBOX)).scalar_one()
    return total


def settle(world: World, chance: random.Random) -> int:
    """Decide and synchronise until no conflict is open and no change waits; the rounds."""
    for rounds in range(1, SETTLE_ROUNDS + 1):
        decide_everything(world, chance, only_theirs=rounds >= ONLY_THEIRS_FROM)
        for name in COPIES:
            world.sync(name)
        if not waiting(world) and not any(
            conflicts.open_conflicts(copy) for copy in world.copies.values()
        ):
            for name in COPIES:  # each pulls what the ones after it sent
                world.sync(name)
            return rounds
    raise AssertionError(f"still open or waiting after {SETTLE_ROUNDS} rounds")


def decided_change_ids(copy: Database) -> set[str]:
    with copy.engine.connect() as connection:
        rows = connection.execute(
            select(CONFLICTS.c.change_ids).where(CONFLICTS.c.decided_at.is_not(None))
        ).scalars()
        return {change_id for row in rows for change_id in json.loads(row)}


def clashed(world: World) -> set[Key]:
    return {
        conflict_key(conflict)
        for copy in world.copies.values()
        for conflict in conflicts.all_conflicts(copy)
    }


@contextmanager
def organisation_with_copies(templates: PgTemplates) -> Iterator[World]:
    name = templates.new_database("hoog-2023", demo=True)
    url = templates.server.libpq_url(name)
    opened: list[Database] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            server = open_test_database(url)
            opened.append(server)
            copies = {}
            for copy_name in COPIES:
                path = Path(folder) / f"{copy_name}.sqlite"
                make_werkkopie(url, str(path))
                copies[copy_name] = open_test_database(path)
                opened.append(copies[copy_name])
            agbs = [*without_plans(server, 2), *NEW]
            region = server.practices.versions_by_agb()[agbs[0]][2].region
            yield World(server, copies, agbs, region)
            for database in opened:
                database.close()
            opened.clear()
    finally:
        for database in opened:
            database.close()
        templates.server.drop_database(name)


def check_one_history(
    templates: PgTemplates, steps: list[tuple[Any, ...]], chance: random.Random
) -> None:
    SEEN["examples"] += 1
    SEEN["steps"] += len(steps)
    with organisation_with_copies(templates) as world:
        initial = {key: record_value(world.server, key) for key in _all_keys(world)}
        with world.server.engine.connect() as connection:
            audit_before = connection.execute(select(func.max(AUDIT.c.id))).scalar_one() or 0
        for step in steps:
            do(world, step)
        settle(world, chance)

        on_server = state(world.server)
        for name, copy in world.copies.items():
            assert_same(state(copy), on_server, f"copy {name}")

        with world.server.engine.connect() as connection:
            applied = set(connection.execute(select(APPLIED.c.change_id)).scalars())
            audit_added = connection.execute(
                select(func.count()).select_from(AUDIT).where(AUDIT.c.id > audit_before)
            ).scalar_one()
        assert audit_added == len(applied), "a change was applied more than once (or unaudited)"
        for name, copy in world.copies.items():
            missing = world.made.get(name, set()) - applied - decided_change_ids(copy)
            assert not missing, f"copy {name}: changes neither applied nor decided: {missing}"
        made = set().union(*world.made.values())
        assert applied <= made, "the server applied a change no copy made"
        SEEN["changes made"] += len(made)
        SEEN["changes applied"] += len(applied)

        clashes = clashed(world)
        for key, values in world.writes.items():
            final = record_value(world.server, key)
            if key not in clashes:
                assert final == values[-1], f"{key}: the last edit is not on the server"
            else:
                allowed = [initial.get(key), *values]
                assert final in allowed, f"{key}: {final!r} was never written"
        SEEN["records checked"] += len(world.writes)
        SEEN["records that clashed"] += len(clashes & world.writes.keys())


def test_copies_converge_and_every_change_is_applied_once_or_decided(
    pg_templates: PgTemplates,  # noqa: F811
    record_property: pytest.RecordProperty,
) -> None:
    SEEN.clear()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(steps=operations, chance=st.randoms(use_true_random=False))
    def histories(steps: list[tuple[Any, ...]], chance: random.Random) -> None:
        check_one_history(pg_templates, steps, chance)

    histories()
    figures = ", ".join(f"{name}: {count}" for name, count in SEEN.items())
    record_property(FIGURES, f"[sync convergence] {figures}")
    assert SEEN["synchronisations"] > 0


def _all_keys(world: World) -> list[Key]:
    keys: list[Key] = []
    for agb in world.agbs:
        keys.append(("praktijk", agb))
        keys.extend(("ion", agb, day) for day in DAYS)
        keys.extend(("praktijkplan", agb, version) for version in (1, 2, 3, 4))
    return keys
