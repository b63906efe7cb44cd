"""Two copies of the program on one file: two `Database` objects, two engines, one SQLite file.

Both read and write; changes to different records are both kept; saving over a change the other
copy made since the record was read is refused with a Dutch message and changes nothing; reading
again ("Opnieuw laden") and saving then works. A copy holding the file briefly makes the other wait
(busy timeout), never lose its change.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, text

from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import TE_DECLAREREN, DeclarationStatus, StatusRecord
from mtvdp_tui.domain.plan import Plan, PlanStatus
from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError, StaleRecordError, StorageError
from mtvdp_tui.records.lotteries import LotteryStatus
from mtvdp_tui.store import lottery_session as session
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.sqlite_files import connect
from tests.conftest import open_test_database

Q = Quarter(2025, 1)
DECLARED = StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=date(2025, 4, 10))
REJECTED = StatusRecord(DeclarationStatus.AFGEWEZEN, rejected_on=date(2025, 4, 12), reason="Fout")
PAID = replace(DECLARED, status=DeclarationStatus.UITBETAALD, paid_on=date(2025, 5, 1))


@dataclass
class Copies:
    path: Path
    a: Database
    b: Database

    def dump(self) -> str:
        """Everything in the file, to show that a refusal changed nothing."""
        connection = connect(self.path)
        try:
            return "\n".join(connection.iterdump())
        finally:
            connection.close()


@pytest.fixture
def copies(tmp_path: Path) -> Iterator[Copies]:
    path = tmp_path / "gedeeld.sqlite"
    a = open_test_database(path)
    b = open_test_database(path)
    yield Copies(path, a, b)
    a.close()
    b.close()


def practice(agb: str, name: str, region: str = "Zutphen", **data: object) -> PracticeData:
    fields = {"ion": 2000, **data}
    return PracticeData(agb=agb, name=name, region=region, **fields)  # type: ignore[arg-type]


def refused(
    action: Callable[[], object], message_key: str, copies: Copies, **params: object
) -> RecordError:
    """`action` is refused with the Dutch message `message_key` and the file is unchanged."""
    before = copies.dump()
    with pytest.raises(RecordError) as caught:
        action()
    assert str(caught.value) == t(message_key, **params)
    assert copies.dump() == before
    return caught.value


# --- both copies work ----------------------------------------------------------------------------


def test_changes_to_different_records_are_all_kept(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    berk = b.practices.create(practice("01000002", "De Berk", "Apeldoorn"))
    assert a.practices.count() == b.practices.count() == 2

    for db, practice_id, name in ((a, linde, "De Linde 2"), (b, berk, "De Berk 2")):
        record = db.practices.get(practice_id)
        db.practices.update(
            practice_id, replace(record.data, name=name), expected_version=record.version
        )
    b.practices.set_ion(linde, date(2025, 1, 1), 2100)  # another record: Linde's ION history
    a.plans.save_concept(linde, Plan(reflection_practice="A"), expected=None)
    b.plans.save_concept(berk, Plan(reflection_practice="B"), expected=None)
    a.declarations.save({(linde, Q): (TE_DECLAREREN, DECLARED)})
    b.declarations.save({(berk, Q): (TE_DECLAREREN, REJECTED)})

    third = open_test_database(copies.path)  # a third copy, started afterwards, sees everything
    try:
        assert third.practices.get(linde).data.name == "De Linde 2"
        assert third.practices.get(berk).data.name == "De Berk 2"
        assert (date(2025, 1, 1), 2100) in third.practices.ion_history(linde)
        assert third.plans.latest(linde).plan.reflection_practice == "A"  # type: ignore[union-attr]
        assert third.plans.latest(berk).plan.reflection_practice == "B"  # type: ignore[union-attr]
        assert third.declarations.statuses() == {(linde, Q): DECLARED, (berk, Q): REJECTED}
    finally:
        third.close()


# --- practices -----------------------------------------------------------------------------------


@pytest.mark.parametrize("change", ["wijzigen", "ION", "import"])
def test_a_practice_changed_by_the_other_copy_is_not_overwritten(
    copies: Copies, change: str
) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    opened_in_a = a.practices.get(linde)
    opened_in_b = b.practices.get(linde)
    if change == "wijzigen":
        b.practices.update(
            linde, replace(opened_in_b.data, wijk="Noord"), expected_version=opened_in_b.version
        )
    elif change == "ION":
        b.practices.set_ion(linde, date(2025, 1, 1), 2200)
    else:
        b.practices.save_many(
            [], [(linde, opened_in_b.version, replace(opened_in_b.data, wijk="N"))]
        )
    stored = b.practices.get(linde)

    mine = replace(opened_in_a.data, name="De Linde (van A)")
    refused(
        lambda: a.practices.update(linde, mine, expected_version=opened_in_a.version),
        "practice.stale",
        copies,
    )
    refused(  # an import is refused as a whole: the new practice in it is not stored either
        lambda: a.practices.save_many(
            [practice("01000002", "De Berk")], [(linde, opened_in_a.version, mine)]
        ),
        "practice.stale",
        copies,
    )
    assert a.practices.get(linde) == stored

    reloaded = a.practices.get(linde)  # "Opnieuw laden", then save again
    a.practices.update(
        linde, replace(reloaded.data, name="De Linde (van A)"), expected_version=reloaded.version
    )
    assert b.practices.get(linde).data == replace(stored.data, name="De Linde (van A)")


def test_a_practice_deleted_by_the_other_copy_is_not_brought_back(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    opened = a.practices.get(linde)
    b.practices.delete(linde)
    changed = replace(opened.data, name="Nieuw")
    refused(
        lambda: a.practices.update(linde, changed, expected_version=opened.version),
        "practice.stale",
        copies,
    )
    refused(lambda: a.practices.set_ion(linde, date(2025, 1, 1), 1), "practice.gone", copies)
    with pytest.raises(StaleRecordError, match="bestaat niet meer"):
        a.practices.get(linde)
    assert a.practices.count() == 0


# --- plans ---------------------------------------------------------------------------------------


def test_a_plan_saved_by_the_other_copy_is_not_overwritten(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    assert a.plans.latest(linde) is None  # A opens the (empty) plan
    from_b = b.plans.save_concept(linde, Plan(reflection_practice="B"), expected=None)
    refused(
        lambda: a.plans.save_concept(linde, Plan(reflection_practice="A"), expected=None),
        "plan.stale",
        copies,
    )

    opened_in_a = a.plans.latest(linde)  # reload: A now has B's concept
    assert opened_in_a == from_b
    submitted = b.plans.submit(linde, expected=from_b)  # B submits meanwhile
    refused(
        lambda: a.plans.save_concept(linde, Plan(reflection_practice="A"), expected=opened_in_a),
        "plan.stale",
        copies,
    )
    refused(lambda: a.plans.submit(linde, expected=opened_in_a), "plan.stale", copies)
    assert a.plans.latest(linde) == submitted

    again = a.plans.latest(linde)  # reload, and save: a new concept version after the submitted
    saved = a.plans.save_concept(linde, Plan(reflection_practice="A"), expected=again)
    assert (saved.version, saved.status) == (2, PlanStatus.CONCEPT)
    assert [v.plan.reflection_practice for v in b.plans.versions(linde)] == ["B", "A"]
    assert b.plans.versions(linde)[0] == submitted  # the submitted version is as submitted


# --- lotteries -----------------------------------------------------------------------------------


@pytest.fixture
def zutphen(copies: Copies) -> list[int]:
    return [
        copies.a.practices.create(practice(f"0100000{n}", f"Praktijk {n}", ion=1000 * n))
        for n in range(1, 6)
    ]


def test_a_lottery_step_of_the_other_copy_is_not_overwritten(
    copies: Copies, zutphen: list[int]
) -> None:
    a, b = copies.a, copies.b
    prepared_in_b = session.prepare(b.ruleset, b.lotteries, "Zutphen")
    pool = session.freeze_pool(a.lotteries, session.prepare(a.ruleset, a.lotteries, "Zutphen"))
    refused(
        lambda: session.freeze_pool(b.lotteries, prepared_in_b),
        "loting.exists",
        copies,
        region="Zutphen",
    )
    assert b.lotteries.active("Zutphen") == pool

    drawing = session.freeze_sources(b.lotteries, pool, [(1, 2, 3)])
    refused(lambda: session.freeze_sources(a.lotteries, pool, [(4, 5)]), "loting.stale", copies)

    in_a = a.lotteries.active("Zutphen")  # reload
    assert in_a == drawing and in_a is not None
    total = len(session.result_of(in_a).steps)
    shown_by_b = b.lotteries.reveal(drawing, 1, total)
    refused(lambda: a.lotteries.reveal(in_a, 1, total), "loting.stale", copies)
    refused(lambda: a.lotteries.reveal(in_a, 2, total), "loting.stale", copies)
    refused(lambda: a.lotteries.discard(in_a, "test"), "loting.stale", copies)
    assert a.lotteries.active("Zutphen") == shown_by_b

    in_a = a.lotteries.active("Zutphen")  # reload, then the next step works
    assert in_a is not None
    in_a = a.lotteries.reveal(in_a, 2, total)
    assert b.lotteries.active("Zutphen").revealed == 2  # type: ignore[union-attr]

    for shown in range(3, total + 1):  # A shows the rest; B's screen still has step 1
        in_a = a.lotteries.reveal(in_a, shown, total)
    starts = {step.pool_number: step.moment for step in session.result_of(in_a).steps}
    refused(lambda: b.lotteries.finalise(shown_by_b, starts), "loting.stale", copies)
    final = session.finalise(a.lotteries, copies.path, in_a)
    assert final.status is LotteryStatus.DEFINITIEF
    refused(lambda: b.lotteries.reveal(shown_by_b, 2, total), "loting.stale", copies)
    refused(lambda: b.lotteries.discard(shown_by_b, "test"), "loting.stale", copies)


# --- declaration statuses ------------------------------------------------------------------------


def test_a_declaration_status_set_by_the_other_copy_is_not_overwritten(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    berk = a.practices.create(practice("01000002", "De Berk"))
    seen_in_a = a.declarations.statuses([Q])
    assert seen_in_a == {}
    b.declarations.save({(linde, Q): (TE_DECLAREREN, DECLARED)})

    seen = seen_in_a.get((linde, Q), TE_DECLAREREN)
    refused(
        lambda: a.declarations.save({(linde, Q): (seen, REJECTED)}),
        "declaraties.store.stale",
        copies,
    )
    refused(  # a change of several at once is all or nothing: Berk is not stored either
        lambda: a.declarations.save(
            {(berk, Q): (TE_DECLAREREN, DECLARED), (linde, Q): (seen, REJECTED)}
        ),
        "declaraties.store.stale",
        copies,
    )
    b.declarations.save({(linde, Q): (DECLARED, PAID)})
    refused(
        lambda: a.declarations.save({(linde, Q): (DECLARED, REJECTED)}),  # A saw "gedeclareerd"
        "declaraties.store.stale",
        copies,
    )

    reloaded = a.declarations.statuses([Q])  # reload, then save
    assert reloaded == {(linde, Q): PAID}
    a.declarations.save({(linde, Q): (reloaded[linde, Q], TE_DECLAREREN)})
    assert b.declarations.statuses([Q]) == {(linde, Q): TE_DECLAREREN}


# --- one copy busy while the other writes --------------------------------------------------------


def test_a_write_while_the_other_copy_reads_is_kept(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    reading = b.engine.raw_connection()  # B is in the middle of reading (a long list, a report)
    try:
        reading.execute("BEGIN")
        assert reading.execute("SELECT count(*) FROM practice").fetchone() == (1,)
        record = a.practices.get(linde)
        a.practices.update(
            linde, replace(record.data, wijk="Noord"), expected_version=record.version
        )
        a.practices.create(practice("01000002", "De Berk"))
        assert reading.execute("SELECT count(*) FROM practice").fetchone() == (1,)
        reading.execute("ROLLBACK")
    finally:
        reading.close()
    assert b.practices.count() == 2 and b.practices.get(linde).data.wijk == "Noord"


def test_a_write_waits_while_the_other_copy_writes(copies: Copies) -> None:
    """B holds the write lock for a moment (a long import); A's save waits, then both are kept."""
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    locked, release = threading.Event(), threading.Event()

    def long_write_in_b() -> None:
        connection = b.engine.raw_connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("UPDATE region SET ion_official = 9000 WHERE name = 'Zutphen'")
            locked.set()
            release.wait(5)
            connection.execute("COMMIT")
        finally:
            connection.close()

    other = threading.Thread(target=long_write_in_b)
    other.start()
    assert locked.wait(5)
    threading.Timer(0.5, release.set).start()
    waited = time.monotonic()
    record = a.practices.get(linde)
    a.practices.update(linde, replace(record.data, wijk="Noord"), expected_version=record.version)
    assert time.monotonic() - waited >= 0.3  # it did wait for B
    other.join(5)
    assert b.practices.get(linde).data.wijk == "Noord"
    assert b.lotteries.region_ion("Zutphen")[0] == 9000


def test_a_file_held_too_long_gives_a_dutch_message_and_nothing_half(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    event.listen(a.engine, "connect", lambda connection, _: _short_busy_timeout(connection))
    a.engine.dispose()  # A's next connections wait 0.2 s instead of 5 s
    record = a.practices.get(linde)
    changed = replace(record.data, wijk="Noord")
    holding = b.engine.raw_connection()
    try:
        holding.execute("BEGIN IMMEDIATE")
        before = copies.dump()
        with pytest.raises(StorageError) as caught:
            a.practices.update(linde, changed, expected_version=record.version)
        assert str(caught.value) == t("db.locked")
        holding.execute("ROLLBACK")
    finally:
        holding.close()
    assert copies.dump() == before
    a.practices.update(linde, changed, expected_version=record.version)  # "probeer het zo opnieuw"
    assert b.practices.get(linde).data.wijk == "Noord"


def _short_busy_timeout(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA busy_timeout=200")


# --- both copies save at the same moment ---------------------------------------------------------


def at_the_same_moment(
    copies: Copies, statement: str, mine: Callable[[], object], theirs: Callable[[], object]
) -> list[object]:
    """Run `mine` in copy A; the moment A is about to execute `statement`, copy B runs `theirs`
    (in a thread, given up to a second: a correct A may be holding the file). Returns what each
    returned or raised, A's first."""
    outcome: list[object] = [None, None]
    fired = threading.Event()

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            outcome[index] = action()
        except Exception as error:  # kept to be judged by the test
            outcome[index] = error

    other = threading.Thread(target=run, args=(1, theirs))

    def before_execute(_conn, _cursor, sql: str, *_args: object) -> None:
        if not fired.is_set() and sql.lstrip().upper().startswith(statement.upper()):
            fired.set()
            other.start()
            other.join(1)

    event.listen(copies.a.engine, "before_cursor_execute", before_execute)
    try:
        run(0, mine)
    finally:
        event.remove(copies.a.engine, "before_cursor_execute", before_execute)
    assert fired.is_set(), f"A never executed {statement!r}"
    other.join(10)
    return outcome


def one_saved_one_refused(outcome: list[object]) -> int:
    """Exactly one copy saved; the other got a message for the user (not a traceback).
    Returns the index of the copy that saved."""
    refusals = [isinstance(result, RecordError | FieldError) for result in outcome]
    errors = [result for result in outcome if isinstance(result, Exception)]
    assert all(isinstance(e, RecordError | FieldError) for e in errors), errors
    assert refusals.count(True) == 1, outcome
    return refusals.index(False)


def test_the_same_practice_saved_at_the_same_moment(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    in_a, in_b = a.practices.get(linde), b.practices.get(linde)
    outcome = at_the_same_moment(
        copies,
        "UPDATE practice",
        lambda: a.practices.update(
            linde, replace(in_a.data, wijk="A"), expected_version=in_a.version
        ),
        lambda: b.practices.update(
            linde, replace(in_b.data, wijk="B"), expected_version=in_b.version
        ),
    )
    winner = one_saved_one_refused(outcome)
    assert a.practices.get(linde).data.wijk == "AB"[winner]


def test_the_same_lottery_step_shown_at_the_same_moment(copies: Copies, zutphen: list[int]) -> None:
    a, b = copies.a, copies.b
    pool = session.freeze_pool(a.lotteries, session.prepare(a.ruleset, a.lotteries, "Zutphen"))
    drawing = session.freeze_sources(a.lotteries, pool, [(1, 2, 3)])
    total = len(session.result_of(drawing).steps)
    outcome = at_the_same_moment(
        copies,
        "UPDATE loting",
        lambda: a.lotteries.reveal(drawing, 1, total),
        lambda: b.lotteries.reveal(drawing, 2, total),
    )
    winner = one_saved_one_refused(outcome)
    assert a.lotteries.active("Zutphen").revealed == winner + 1  # type: ignore[union-attr]


# Races on a first insert: the check and the insert share one BEGIN IMMEDIATE transaction, so
# the second copy waits for the first and then sees what it stored.


def test_the_first_status_of_a_quarter_set_at_the_same_moment(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    outcome = at_the_same_moment(
        copies,
        "INSERT INTO declaratie_status",
        lambda: a.declarations.save({(linde, Q): (TE_DECLAREREN, REJECTED)}),
        lambda: b.declarations.save({(linde, Q): (TE_DECLAREREN, DECLARED)}),
    )
    winner = one_saved_one_refused(outcome)
    assert a.declarations.statuses([Q])[linde, Q] == (REJECTED, DECLARED)[winner]


def test_the_first_plan_concept_saved_at_the_same_moment(copies: Copies) -> None:
    a, b = copies.a, copies.b
    linde = a.practices.create(practice("01000001", "De Linde"))
    outcome = at_the_same_moment(
        copies,
        "INSERT INTO praktijkplan",
        lambda: a.plans.save_concept(linde, Plan(reflection_practice="A"), expected=None),
        lambda: b.plans.save_concept(linde, Plan(reflection_practice="B"), expected=None),
    )
    winner = one_saved_one_refused(outcome)
    assert a.plans.latest(linde).plan.reflection_practice == "AB"[winner]  # type: ignore[union-attr]


def test_the_same_new_practice_created_at_the_same_moment(copies: Copies) -> None:
    a, b = copies.a, copies.b
    outcome = at_the_same_moment(
        copies,
        "INSERT INTO practice",
        lambda: a.practices.create(practice("01000001", "De Linde (A)")),
        lambda: b.practices.create(practice("01000001", "De Linde (B)")),
    )
    winner = one_saved_one_refused(outcome)
    assert a.practices.count() == 1
    stored = a.practices.get(a.practices.id_for_agb("01000001"))  # type: ignore[arg-type]
    assert stored.data.name == ("De Linde (A)", "De Linde (B)")[winner]


def test_the_pool_frozen_at_the_same_moment(copies: Copies, zutphen: list[int]) -> None:
    a, b = copies.a, copies.b
    prepared_in_a = session.prepare(a.ruleset, a.lotteries, "Zutphen")
    prepared_in_b = session.prepare(b.ruleset, b.lotteries, "Zutphen")
    outcome = at_the_same_moment(
        copies,
        "INSERT INTO loting",
        lambda: session.freeze_pool(a.lotteries, prepared_in_a),
        lambda: session.freeze_pool(b.lotteries, prepared_in_b),
    )
    one_saved_one_refused(outcome)
    with copies.a.engine.connect() as connection:
        live = connection.execute(
            text("SELECT count(*) FROM loting WHERE status != 'verworpen'")
        ).scalar_one()
    assert live == 1
