"""Trying to break the werkkopie's synchronisation (SPEC §9): changes lost or applied twice,
copies that never converge, batches the server refuses, decisions that lose what was typed.

Each test says, in its docstring, what a user would lose or see if it failed."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from mtvdp_tui.domain.plan import Plan
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.sync_values import decode
from mtvdp_tui.records.sync import Decision, SyncReport
from mtvdp_tui.store import sync as sync_module
from mtvdp_tui.store.conflicts import decide, open_conflicts
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.outbox import CONFLICTS, OUTBOX
from mtvdp_tui.store.plans import PLAN
from mtvdp_tui.store.sync import synchronise
from tests.sync.test_sync import agbs, by_agb, register, server  # noqa: F401 (fixture)

PEILDATUM = date(2027, 1, 1)


def edit(database: Database, code: str, **values: object) -> None:
    """Change the practice with AGB `code` as the register's form does (its AGB too)."""
    practice_id, data, version = by_agb(database, code)
    database.practices.update(practice_id, replace(data, **values), expected_version=version)


def outbox_size(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(OUTBOX)).scalar_one()


def conflict_rows(database: Database) -> list[dict]:
    with database.engine.connect() as connection:
        return [
            dict(row)
            for row in connection.execute(select(CONFLICTS).order_by(CONFLICTS.c.id)).mappings()
        ]


def region_of(database: Database) -> str:
    return by_agb(database, agbs(database)[0])[1].region


def ion_at(database: Database, agb: str, peildatum: date = PEILDATUM) -> int | None:
    practice_id, _, _ = by_agb(database, agb)
    return dict(database.practices.ion_history(practice_id)).get(peildatum)


def plan_rows(database: Database, agb: str) -> list[dict]:
    practice_id, _, _ = by_agb(database, agb)
    with database.engine.connect() as connection:
        return [
            dict(row)
            for row in connection.execute(
                select(PLAN).where(PLAN.c.practice_id == practice_id).order_by(PLAN.c.version)
            ).mappings()
        ]


def without_plans(database: Database) -> list[str]:
    """AGB codes of practices with no plan version at all."""
    with database.engine.connect() as connection:
        used = set(connection.execute(select(PLAN.c.practice_id)).scalars())
    found = []
    for agb in agbs(database):
        practice_id, _, _ = by_agb(database, agb)
        if practice_id not in used:
            found.append(agb)
    return found


def decide_all(database: Database, decision: Decision) -> None:
    for conflict in open_conflicts(database):
        decide(database, conflict.id, decision)


def server_count(server: Database) -> int:  # noqa: F811
    return server.practices.count()


# --- FAILING: findings ------------------------------------------------------------------------


def test_a_new_practice_moved_to_a_free_agb_before_syncing_never_overwrites_the_other(
    werkkopie,
    server,  # noqa: F811
):
    """Copy a registers practice 06666666 and syncs. On copy b someone types the same AGB for a
    different practice, sees the mistake and corrects it to 06666667 before syncing. b's two
    changes form one conflict keyed by 06666666 whose `mine` is AGB 06666667: the user sees
    "my" practice, keeps it, and the decision RENAMES a's practice to 06666667 and overwrites
    it with b's values. a's practice is gone from the register."""
    a, b = werkkopie("a"), werkkopie("b")
    region = region_of(a)
    a.practices.create(PracticeData(agb="06666666", name="Praktijk A", region=region))
    synchronise(a)
    b_id = b.practices.create(PracticeData(agb="06666666", name="Praktijk B", region=region))
    record = b.practices.get(b_id)
    b.practices.update(b_id, replace(record.data, agb="06666667"), expected_version=record.version)
    synchronise(b)
    decide_all(b, Decision.MIJN)
    synchronise(b)
    synchronise(a)
    on_server = register(server)
    assert on_server.get("06666666") is not None and on_server["06666666"].name == "Praktijk A"
    assert on_server.get("06666667") is not None and on_server["06666667"].name == "Praktijk B"


def test_a_plan_submitted_offline_over_a_concept_made_elsewhere_is_not_lost(
    werkkopie,
    server,  # noqa: F811
):
    """Copy a starts plan version 1 (concept) and syncs. Copy b, offline, writes its own version
    1, submits it and starts version 2. b's version 1 is a conflict, but its version 2 is
    applied: the server then has a concept v1 under a concept v2 (an older version that was
    never submitted), and "keep mine" for v1 is refused because a newer version exists. b's
    submission is lost: only "theirs" can be chosen."""
    a, b = werkkopie("a"), werkkopie("b")
    agb = without_plans(a)[0]
    a_id, _, _ = by_agb(a, agb)
    a.plans.save_concept(a_id, Plan(reflection_practice="van a"), expected=None)
    synchronise(a)
    b_id, _, _ = by_agb(b, agb)
    concept = b.plans.save_concept(b_id, Plan(reflection_practice="van b"), expected=None)
    submitted = b.plans.submit(b_id, expected=concept, without_start=True)
    b.plans.save_concept(b_id, Plan(reflection_practice="van b, vervolg"), expected=submitted)
    synchronise(b)
    versions = plan_rows(server, agb)
    assert all(row["status"] == "ingediend" for row in versions[:-1]), [
        (row["version"], row["status"]) for row in versions
    ]
    decide_all(b, Decision.MIJN)
    synchronise(b)
    submitted_b = [
        row
        for row in plan_rows(server, agb)
        if row["status"] == "ingediend" and "van b" in row["content"]
    ]
    assert submitted_b


def test_an_ion_for_a_new_practice_whose_agb_is_taken_waits_for_the_decision(
    werkkopie,
    server,  # noqa: F811
):
    """Copy a registers 06666666 and syncs. Copy b registers a practice under the same AGB (a
    typo, a different practice) with an ION. The practice becomes a conflict, but its ION is
    applied at once to a's practice: the register shows b's figure for a's practice, and even
    when b decides "theirs" (not my practice) the ION stays. The ION should wait in (or with)
    the practice's conflict."""
    a, b = werkkopie("a"), werkkopie("b")
    region = region_of(a)
    a.practices.create(PracticeData(agb="06666666", name="Praktijk A", region=region))
    synchronise(a)
    b_id = b.practices.create(PracticeData(agb="06666666", name="Praktijk B", region=region))
    b.practices.set_ion(b_id, PEILDATUM, 4321)
    synchronise(b)
    decide_all(b, Decision.HUN)
    synchronise(b)
    assert ion_at(server, "06666666") is None


def test_mine_can_be_kept_after_syncing_as_the_refusal_advises(
    werkkopie,
    server,  # noqa: F811
):
    """A conflict is found and pulled; before deciding, the user makes another (unrelated)
    edit to the same practice, which reaches the server. "Keep mine" is then refused with
    "changed here since ... synchronise first and decide again" — but synchronising never
    refreshes the conflict's `theirs`, so it is refused forever: the offline edit in the
    conflict can only be discarded ("theirs") or typed in again by hand."""
    a = werkkopie("a")
    target = agbs(a)[24]
    edit(a, target, wijk="Mijn wijk")
    edit(server, target, wijk="Hun wijk")
    synchronise(a)
    edit(a, target, email="later@praktijk.nl")
    synchronise(a)
    [conflict] = open_conflicts(a)
    decide(a, conflict.id, Decision.PER_VELD, {"wijk"})
    synchronise(a)
    data = by_agb(server, target)[1]
    assert (data.wijk, data.email) == ("Mijn wijk", "later@praktijk.nl")


def test_a_laptop_clock_ahead_at_the_last_pull_does_not_split_one_records_conflict(
    werkkopie,
    server,  # noqa: F811
    monkeypatch,
):
    """The laptop's clock was an hour fast at the last synchronisation (corrected since). A
    week's work spans two batches; the first change to a practice is a conflict in batch 1,
    its later change travels in batch 2. Conflicts are joined only when found after the sync
    point by the wall clock, so the later change is not joined but becomes a second conflict;
    after keeping mine in the first, the second can only be refused or discarded: the later
    edit is lost."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from mtvdp_tui.store.outbox import STATE

    monkeypatch.setattr(sync_module, "BATCH", 10)
    a = werkkopie("a")
    with a.engine.begin() as connection:
        ahead = datetime.now(UTC) + timedelta(hours=1)
        connection.execute(update(STATE).values(synced_at=ahead))
    target = agbs(a)[28]
    edit(a, target, wijk="Eerste")
    many_edits(a, {target}, 12)
    edit(a, target, notes="laatste")
    edit(server, target, wijk="Online")
    synchronise(a)
    assert len(open_conflicts(a)) == 1


def converged(server: Database, *copies: Database) -> None:  # noqa: F811
    for copy in copies:
        assert open_conflicts(copy) == [] and outbox_size(copy) == 0
        assert register(copy) == register(server)


def test_a_new_practice_with_ion_and_plan_renamed_before_syncing(
    werkkopie,
    server,  # noqa: F811
):
    """A new practice, its ION and a submitted plan, and then its AGB corrected, all in one
    batch: it arrives once, under the corrected code, with its ION and plan."""
    a = werkkopie("a")
    new_id = a.practices.create(
        PracticeData(agb="07777770", name="Nieuw", region=region_of(a), ion=2100)
    )
    a.practices.set_ion(new_id, PEILDATUM, 2200)
    concept = a.plans.save_concept(new_id, Plan(reflection_practice="eerst"), expected=None)
    a.plans.submit(new_id, expected=concept, without_start=True)
    record = a.practices.get(new_id)
    a.practices.update(
        new_id, replace(record.data, agb="07777771"), expected_version=record.version
    )
    a.practices.set_ion(new_id, date(2027, 4, 1), 2300)
    report = synchronise(a)
    assert report.conflicts == 0 and outbox_size(a) == 0
    assert "07777770" not in register(server)
    assert ion_at(server, "07777771") == 2200
    assert ion_at(server, "07777771", date(2027, 4, 1)) == 2300
    [plan] = plan_rows(server, "07777771")
    assert plan["status"] == "ingediend"
    converged(server, a)


def many_edits(database: Database, skip: set[str], count: int) -> None:
    """`count` changes to practices not in `skip`, round-robin."""
    codes = [agb for agb in agbs(database) if agb not in skip]
    for number in range(count):
        edit(database, codes[number % len(codes)], notes=f"bezoek {number}")


def test_a_conflict_in_the_first_batch_is_joined_by_a_change_in_the_second(
    werkkopie,
    server,  # noqa: F811
    monkeypatch,
):
    """More changes than one batch: the first change to a practice is a conflict, its later
    change travels in the next batch and joins that conflict instead of being applied on top
    of the server's version."""
    monkeypatch.setattr(sync_module, "BATCH", 20)
    a = werkkopie("a")
    target = agbs(a)[40]
    edit(a, target, wijk="Eerste")
    many_edits(a, {target}, 30)
    edit(a, target, notes="laatste")
    edit(server, target, wijk="Online")
    report = synchronise(a)
    assert (report.sent, report.conflicts) == (30, 1)
    [conflict] = conflict_rows(a)
    assert len(json.loads(conflict["change_ids"])) == 2
    mine = decode("praktijk", conflict["mine"])
    assert (mine["wijk"], mine["notes"]) == ("Eerste", "laatste")
    assert by_agb(server, target)[1].wijk == "Online"
    decide(a, conflict["id"], Decision.MIJN)
    synchronise(a)
    assert by_agb(server, target)[1].notes == "laatste"
    converged(server, a)


def test_an_interrupted_push_after_the_server_committed_a_batch_sends_nothing_twice(
    werkkopie,
    server,  # noqa: F811
    monkeypatch,
):
    """The connection drops after the server committed batch 2 (the werkkopie never heard):
    the next synchronisation counts those changes as already applied, applies nothing twice,
    and keeps the conflict of batch 1 with its later change."""
    monkeypatch.setattr(sync_module, "BATCH", 10)
    a = werkkopie("a")
    target = agbs(a)[43]
    edit(a, target, wijk="Eerste")
    many_edits(a, {target}, 15)
    edit(a, target, notes="laatste")
    edit(server, target, wijk="Online")
    original = sync_module._keep_outcome
    calls = []

    def dropped(connection, changes, outcome):
        calls.append(len(changes))
        if len(calls) == 2:
            raise sync_module.RecordError("De verbinding is verbroken.")
        return original(connection, changes, outcome)

    monkeypatch.setattr(sync_module, "_keep_outcome", dropped)
    with pytest.raises(sync_module.DatabaseError):
        synchronise(a)
    monkeypatch.setattr(sync_module, "_keep_outcome", original)
    report = synchronise(a)
    # batch 2 (six edits and the target's later change) comes again: nothing applied twice,
    # and the conflict kept by batch 1 is joined, not found anew
    assert (report.sent, report.already, report.conflicts) == (0, 6, 0)
    [conflict] = conflict_rows(a)
    assert len(json.loads(conflict["change_ids"])) == 2
    with server.engine.connect() as connection:
        applied = connection.execute(
            select(func.count()).select_from(sync_module.APPLIED)
        ).scalar_one()
    assert applied == 15
    assert outbox_size(a) == 0


def test_writes_between_push_and_pull_are_pushed_first_never_lost(
    werkkopie,
    server,  # noqa: F811
):
    """Between push and pull the app writes through its ordinary paths (practice, ION, plan):
    the pull waits, the next round sends them, nothing typed is overwritten by the pull."""
    a = werkkopie("a")
    first, second = agbs(a)[44], without_plans(a)[2]  # the second's plan is its first
    edit(a, first, notes="voor de push")
    report = SyncReport()
    sync_module._push(a.engine, server.engine, report, lambda _p: None)
    edit(a, first, wijk="tijdens")
    second_id, _, _ = by_agb(a, second)
    a.practices.set_ion(second_id, PEILDATUM, 3333)
    a.plans.save_concept(second_id, Plan(reflection_practice="tussendoor"), expected=None)
    assert sync_module._pull(a.engine, server.engine, report, lambda _p: None) is False
    assert by_agb(a, first)[1].wijk == "tijdens"
    synchronise(a)
    assert by_agb(server, first)[1].wijk == "tijdens"
    assert ion_at(server, second) == 3333
    assert "tussendoor" in plan_rows(server, second)[-1]["content"]
    converged(server, a)


def test_a_conflicted_record_edited_between_push_and_pull_joins_its_conflict(
    werkkopie,
    server,  # noqa: F811
):
    """The push found a conflict; before the pull the user edits the same practice again (the
    werkkopie still shows mine): that change joins the conflict instead of going on its own."""
    a = werkkopie("a")
    target = agbs(a)[46]
    edit(a, target, wijk="Mijn")
    edit(server, target, wijk="Hun")
    report = SyncReport()
    sync_module._push(a.engine, server.engine, report, lambda _p: None)
    edit(a, target, notes="erna")
    synchronise(a)
    [conflict] = conflict_rows(a)
    mine = decode("praktijk", conflict["mine"])
    assert (mine["wijk"], mine["notes"]) == ("Mijn", "erna")
    assert by_agb(server, target)[1].wijk == "Hun"
    decide(a, conflict["id"], Decision.PER_VELD, {"notes"})
    synchronise(a)
    assert (by_agb(server, target)[1].wijk, by_agb(server, target)[1].notes) == ("Hun", "erna")
    converged(server, a)


@pytest.mark.parametrize("deleter_first", [True, False])
def test_an_ion_deleted_on_one_copy_and_changed_on_the_other(
    werkkopie,
    server,  # noqa: F811
    deleter_first,
):
    """One copy deletes the ION at a peildatum, the other changes it: whichever syncs second
    gets a conflict; keeping mine does what that copy did, and all copies converge."""
    target = agbs(server)[47]
    server_id, _, _ = by_agb(server, target)
    server.practices.set_ion(server_id, PEILDATUM, 1000)
    a, b = werkkopie("a"), werkkopie("b")
    a_id, _, _ = by_agb(a, target)
    b_id, _, _ = by_agb(b, target)
    a.practices.delete_ion(a_id, PEILDATUM)
    b.practices.set_ion(b_id, PEILDATUM, 1200)
    first, last = (a, b) if deleter_first else (b, a)
    synchronise(first)
    assert synchronise(last).conflicts == 1
    decide_all(last, Decision.MIJN)
    synchronise(last)
    synchronise(first)
    assert ion_at(server, target) == (1200 if deleter_first else None)
    converged(server, a, b)


def test_plan_version_1_made_on_two_copies_keep_mine(
    werkkopie,
    server,  # noqa: F811
):
    """Both copies start version 1 of the same practice's plan: the second is a conflict, and
    keeping mine saves my text over the first's concept, once."""
    a, b = werkkopie("a"), werkkopie("b")
    agb = without_plans(a)[1]
    a.plans.save_concept(by_agb(a, agb)[0], Plan(reflection_practice="van a"), expected=None)
    b.plans.save_concept(by_agb(b, agb)[0], Plan(reflection_practice="van b"), expected=None)
    synchronise(a)
    assert synchronise(b).conflicts == 1
    decide_all(b, Decision.MIJN)
    synchronise(b)
    synchronise(a)
    [plan] = plan_rows(server, agb)
    assert "van b" in plan["content"] and plan["status"] == "concept"
    converged(server, a, b)


def test_three_copies_edit_one_practice_and_converge(
    werkkopie,
    server,  # noqa: F811
):
    """Three copies change different fields of one practice; field-by-field decisions keep all
    three changes and every copy ends equal to the server."""
    a, b, c = werkkopie("a"), werkkopie("b"), werkkopie("c")
    target = agbs(a)[48]
    edit(a, target, wijk="A-wijk")
    edit(b, target, notes="B-notitie")
    edit(c, target, email="c@example.nl")
    synchronise(a)
    synchronise(b)
    synchronise(c)
    decide(b, open_conflicts(b)[0].id, Decision.PER_VELD, {"notes"})
    synchronise(b)
    # c decided on the server's version as c last saw it: b's notes came since, so c's
    # decision is itself a conflict once, and deciding it again finishes
    for _ in range(3):
        for conflict in open_conflicts(c):
            decide(c, conflict.id, Decision.PER_VELD, {"email"})
        synchronise(c)
    synchronise(a)
    synchronise(b)
    data = by_agb(server, target)[1]
    assert (data.wijk, data.notes, data.email) == ("A-wijk", "B-notitie", "c@example.nl")
    converged(server, a, b, c)


def test_three_copies_create_the_same_practice(
    werkkopie,
    server,  # noqa: F811
):
    """Three copies register the same AGB: one practice on the server, two conflicts, decided
    mine and theirs, and all copies converge on one practice."""
    a, b, c = werkkopie("a"), werkkopie("b"), werkkopie("c")
    region = region_of(a)
    for copy, name in ((a, "A"), (b, "B"), (c, "C")):
        copy.practices.create(PracticeData(agb="06666660", name=name, region=region))
    synchronise(a)
    assert synchronise(b).conflicts == 1
    assert synchronise(c).conflicts == 1
    decide_all(b, Decision.MIJN)
    synchronise(b)
    decide_all(c, Decision.HUN)
    synchronise(c)
    synchronise(a)
    assert by_agb(server, "06666660")[1].name == "B" and server_count(server) == 141
    converged(server, a, b, c)


def test_mine_then_the_server_changes_again_then_theirs(
    werkkopie,
    server,  # noqa: F811
):
    """Deciding mine, then the server changing the practice again before I sync: a new
    conflict, based on what I decided on; deciding theirs then converges."""
    a = werkkopie("a")
    target = agbs(a)[49]
    edit(a, target, wijk="Mijn")
    edit(server, target, wijk="Hun")
    synchronise(a)
    decide_all(a, Decision.MIJN)
    edit(server, target, wijk="Hun weer")
    assert synchronise(a).conflicts == 1
    decide_all(a, Decision.HUN)
    synchronise(a)
    assert by_agb(server, target)[1].wijk == "Hun weer"
    converged(server, a)


def test_decided_then_edited_again_then_synchronised(
    werkkopie,
    server,  # noqa: F811
):
    """A decision followed by further edits to the same practice: both go, in order."""
    a = werkkopie("a")
    target = agbs(a)[50]
    edit(a, target, wijk="Mijn")
    edit(server, target, notes="Hun")
    synchronise(a)
    decide_all(a, Decision.MIJN)
    edit(a, target, email="na@beslissing.nl")
    report = synchronise(a)
    assert (report.sent, report.conflicts) == (2, 0)
    data = by_agb(server, target)[1]
    assert (data.wijk, data.email) == ("Mijn", "na@beslissing.nl")
    converged(server, a)


def test_a_practice_created_on_two_copies_then_edited(
    werkkopie,
    server,  # noqa: F811
):
    """The same AGB registered on two copies and then edited on the second: one conflict
    holding both changes; keeping mine makes the server's practice mine, never a second one."""
    a, b = werkkopie("a"), werkkopie("b")
    region = region_of(a)
    a.practices.create(PracticeData(agb="06666661", name="A", region=region))
    synchronise(a)
    b_id = b.practices.create(PracticeData(agb="06666661", name="B", region=region))
    record = b.practices.get(b_id)
    b.practices.update(b_id, replace(record.data, wijk="B-wijk"), expected_version=record.version)
    assert synchronise(b).conflicts == 1
    [conflict] = conflict_rows(b)
    assert len(json.loads(conflict["change_ids"])) == 2
    decide_all(b, Decision.MIJN)
    synchronise(b)
    synchronise(a)
    data = by_agb(server, "06666661")[1]
    assert (data.name, data.wijk) == ("B", "B-wijk") and server_count(server) == 141
    converged(server, a, b)


def test_an_ordinary_database_records_no_outbox_and_no_conflicts(
    server,  # noqa: F811
):
    """The organisation database itself, used online, writes nothing to the werkkopie's
    tables, whatever is changed."""
    target = agbs(server)[51]
    practice_id, _, _ = by_agb(server, target)
    edit(server, target, wijk="Online")
    server.practices.set_ion(practice_id, PEILDATUM, 1111)
    server.practices.delete_ion(practice_id, PEILDATUM)
    server.plans.save_concept(practice_id, Plan(reflection_practice="online"), expected=None)
    server.practices.create(PracticeData(agb="06666662", name="Online", region=region_of(server)))
    assert outbox_size(server) == 0 and conflict_rows(server) == []
    assert open_conflicts(server) == []


def test_new_practices_renamed_and_the_freed_agb_reused_before_syncing(
    werkkopie,
    server,  # noqa: F811
):
    """Offline: a new practice under X, corrected to Y, then another new practice under X:
    two practices arrive, in one batch, without a conflict or a unique violation."""
    a = werkkopie("a")
    region = region_of(a)
    first = a.practices.create(PracticeData(agb="07777780", name="Eerste", region=region))
    record = a.practices.get(first)
    a.practices.update(first, replace(record.data, agb="07777781"), expected_version=record.version)
    a.practices.create(PracticeData(agb="07777780", name="Tweede", region=region, ion=900))
    report = synchronise(a)
    assert (report.sent, report.conflicts) == (4, 0)
    on_server = register(server)
    assert (on_server["07777781"].name, on_server["07777780"].name) == ("Eerste", "Tweede")
    converged(server, a)


def test_a_decision_and_a_later_edit_meet_a_new_server_change_together(
    werkkopie,
    server,  # noqa: F811
):
    """I decide mine and edit again; the server changes once more before I sync: the decision
    and the edit form ONE new conflict whose mine is my latest version."""
    a = werkkopie("a")
    target = agbs(a)[52]
    edit(a, target, wijk="Mijn")
    edit(server, target, wijk="Hun")
    synchronise(a)
    decide_all(a, Decision.MIJN)
    edit(a, target, notes="daarna")
    edit(server, target, email="hun@praktijk.nl")
    report = synchronise(a)
    assert report.conflicts == 1
    [conflict] = open_conflicts(a)
    assert (conflict.mine["wijk"], conflict.mine["notes"]) == ("Mijn", "daarna")
    decide(a, conflict.id, Decision.PER_VELD, {"wijk", "notes"})
    synchronise(a)
    data = by_agb(server, target)[1]
    assert (data.wijk, data.notes, data.email) == ("Mijn", "daarna", "hun@praktijk.nl")
    converged(server, a)
