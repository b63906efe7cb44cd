"""Three werkkopieën of one organisation database, edited offline, synchronised in different
orders (SPEC §9): whatever the order, the server ends with every edit that did not clash, the
first of two clashing edits wins and the other is an open conflict on the copy that sent it
second, and after one more round every copy equals the server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import pytest

from mtvdp_tui.domain.plan import Plan, PlanStatus
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.sync import synchronise
from tests.conftest import TODAY, open_test_database
from tests.sync.helpers import (
    State,
    assert_same,
    create,
    edit,
    open_conflict_keys,
    outbox_size,
    save_plan,
    set_ion,
    state,
    without_plans,
)

FIRST_DAY, SECOND_DAY = date(2027, 1, 1), date(2027, 2, 1)  # after every demo peildatum
NEW, NEW_ALONE = "07000001", "07000002"


@pytest.fixture
def server(organisation: str) -> Iterator[Database]:
    database = open_test_database(organisation)
    yield database
    database.close()


@dataclass(frozen=True)
class Agbs:
    shared: str  # practice edited on a and b
    only_a: str
    only_b: str
    ion_apart: str  # ION on a and b, at different peildatums
    ion_clash: str  # ION on a and c, at the same peildatum
    plan_alone: str  # plan saved and submitted on c only
    plan_clash: str  # a first plan version on a and on c


def edit_offline(copies: dict[str, Database], region: str) -> Agbs:
    a, b, c = copies["a"], copies["b"], copies["c"]
    agbs = Agbs(*without_plans(a, 7))
    edit(a, agbs.shared, wijk="Wijk van A")
    edit(b, agbs.shared, notes="notitie van B")
    edit(a, agbs.only_a, wijk="Alleen A")
    edit(b, agbs.only_b, name="Alleen B praktijk", survey_answered=True)
    set_ion(a, agbs.ion_apart, FIRST_DAY, 1111)
    set_ion(b, agbs.ion_apart, SECOND_DAY, 2222)
    set_ion(a, agbs.ion_clash, FIRST_DAY, 3001)
    set_ion(c, agbs.ion_clash, FIRST_DAY, 3003)
    save_plan(c, agbs.plan_alone, "plan van C", submit=True)
    save_plan(a, agbs.plan_clash, "plan van A")
    save_plan(c, agbs.plan_clash, "plan van C")
    create(a, NEW, "Nieuw van A", region)
    create(c, NEW, "Nieuw van C", region)
    create(b, NEW_ALONE, "Nieuw van B", region)
    return agbs


def first(order: tuple[str, ...], *names: str) -> str:
    return next(name for name in order if name in names)


def expected_server(before: State, agbs: Agbs, order: tuple[str, ...], region: str) -> State:
    """The server's records after the copies synchronised in `order`: the initial records
    with every edit that did not clash, and of each clashing pair the first sent."""
    practices = dict(before.practices)
    ion = dict(before.ion)
    plans = dict(before.plans)
    shared = practices[agbs.shared]
    if first(order, "a", "b") == "a":
        practices[agbs.shared] = replace(shared, wijk="Wijk van A")
    else:
        practices[agbs.shared] = replace(shared, notes="notitie van B")
    practices[agbs.only_a] = replace(practices[agbs.only_a], wijk="Alleen A")
    practices[agbs.only_b] = replace(
        practices[agbs.only_b], name="Alleen B praktijk", survey_answered=True
    )
    ion[(agbs.ion_apart, FIRST_DAY)] = 1111
    ion[(agbs.ion_apart, SECOND_DAY)] = 2222
    ion[(agbs.ion_clash, FIRST_DAY)] = 3001 if first(order, "a", "c") == "a" else 3003
    for agb in (agbs.ion_apart, agbs.ion_clash):  # the practice's ION: its latest peildatum
        latest = max(day for key, day in ion if key == agb)
        practices[agb] = replace(practices[agb], ion=ion[(agb, latest)])
    plans[(agbs.plan_alone, 1)] = (
        PlanStatus.INGEDIEND.value,
        TODAY,
        Plan(reflection_practice="plan van C"),
    )
    winner = first(order, "a", "c")
    plans[(agbs.plan_clash, 1)] = (
        PlanStatus.CONCEPT.value,
        None,
        Plan(reflection_practice=f"plan van {winner.upper()}"),
    )
    practices[NEW] = PracticeData(agb=NEW, name=f"Nieuw van {winner.upper()}", region=region)
    practices[NEW_ALONE] = PracticeData(agb=NEW_ALONE, name="Nieuw van B", region=region)
    return State(practices, ion, plans)


def expected_conflicts(agbs: Agbs, order: tuple[str, ...]) -> dict[str, list[tuple]]:
    """The open conflicts on each copy: the second of every clashing pair holds one."""
    found: dict[str, list[tuple]] = {"a": [], "b": [], "c": []}
    second = {pair: next(n for n in pair if n != first(order, *pair)) for pair in ("ab", "ac")}
    found[second["ab"]].append(("praktijk", agbs.shared, None, None))
    found[second["ac"]].append(("ion", agbs.ion_clash, FIRST_DAY, None))
    found[second["ac"]].append(("praktijkplan", agbs.plan_clash, None, 1))
    found[second["ac"]].append(("praktijk", NEW, None, None))
    return {name: sorted(keys, key=str) for name, keys in found.items()}


ORDERS = [
    ("a", "b", "c"),
    ("c", "b", "a"),
    ("b", "c", "a"),
    ("a", "a", "c", "b", "c"),  # a copy synchronising twice, with nothing new the second time
]


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(order) for order in ORDERS])
def test_every_order_ends_with_the_same_server_and_the_conflicts_where_edits_clash(
    werkkopie, server, order
):
    copies = {name: werkkopie(name) for name in "abc"}
    region = _a_region(copies["a"])
    before = state(server)
    agbs = edit_offline(copies, region)

    for name in order:
        synchronise(copies[name])
        assert outbox_size(copies[name]) == 0

    wanted = expected_server(before, agbs, order, region)
    assert_same(state(server), wanted, "the expected server")
    conflicts = expected_conflicts(agbs, order)
    for name, copy in copies.items():
        found = sorted(open_conflict_keys(copy), key=str)
        assert found == conflicts[name], f"copy {name}"

    for copy in copies.values():  # one more round: each pulls what the others sent
        report = synchronise(copy)
        assert report.sent == report.conflicts == 0
    on_server = state(server)
    assert_same(on_server, wanted, "the server after the last round")
    for name, copy in copies.items():
        assert_same(state(copy), on_server, f"copy {name}")


def _a_region(database: Database) -> str:
    any_agb = sorted(database.practices.versions_by_agb())[0]
    return database.practices.versions_by_agb()[any_agb][2].region


def test_a_conflict_is_reported_only_to_the_copy_that_sent_second(werkkopie, server):
    """The check above has teeth: the first sender's edit is on the server and it has no
    conflict, the second sender's edit is not on the server and it has exactly one."""
    a, b = werkkopie("a"), werkkopie("b")
    [agb] = without_plans(a, 1)
    edit(a, agb, wijk="A")
    edit(b, agb, wijk="B")
    assert synchronise(b).conflicts == 0
    assert synchronise(a).conflicts == 1
    assert state(server).practices[agb].wijk == "B"
    assert open_conflict_keys(a) == [("praktijk", agb, None, None)]
    assert open_conflict_keys(b) == []
