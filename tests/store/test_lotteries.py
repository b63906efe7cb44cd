"""Lotteries on temporary database files: freezing, progress, discarding, finalising."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.errors import PracticeInUseError, RecordError, StaleRecordError
from mtvdp_tui.records.lotteries import LotteryStatus

BOTH_ENGINES = True  # see tests/engines.py

SEAL = "0" * 64


@pytest.fixture
def pool(database) -> list[tuple[int, int]]:
    ids = [
        database.practices.create(
            PracticeData(agb=f"0100000{n}", name=f"Praktijk {n}", region="Zutphen", ion=1000 * n)
        )
        for n in (1, 2, 3)
    ]
    return list(enumerate(ids, start=1))


def test_freezing_the_pool_starts_the_regions_lottery(database, pool) -> None:
    lotteries = database.lotteries
    assert lotteries.active("Zutphen") is None
    lottery = lotteries.freeze_pool("Zutphen", json.dumps({"x": 1}), pool, SEAL)
    assert (lottery.status, lottery.revealed, lottery.region) == (LotteryStatus.POOL, 0, "Zutphen")
    assert lotteries.active("Zutphen") == lottery
    with pytest.raises(RecordError, match="heeft al een loting"):
        lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)


def test_a_practice_in_a_pool_cannot_be_deleted(database, pool) -> None:
    database.lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)
    with pytest.raises(PracticeInUseError, match="een loting"):
        database.practices.delete(pool[0][1])


def test_progress_is_kept_and_never_goes_back(database, pool) -> None:
    lotteries = database.lotteries
    lottery = lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)
    lottery = lotteries.freeze_sources(lottery, "[[1, 2]]", "1.2./")
    assert lottery.status is LotteryStatus.TREKKING and lottery.key == "1.2./"
    lottery = lotteries.reveal(lottery, 2, total=3)
    assert lotteries.active("Zutphen").revealed == 2
    lottery = lotteries.reveal(lottery, 1, total=3)
    assert lottery.revealed == 2 and lottery.drawn_at is None
    lottery = lotteries.reveal(lottery, 3, total=3)
    assert lottery.drawn_at is not None


def test_a_stale_copy_is_refused(database, pool) -> None:
    lotteries = database.lotteries
    opened = lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)
    lotteries.freeze_sources(opened, "[[1]]", "1./")
    with pytest.raises(StaleRecordError):
        lotteries.freeze_sources(opened, "[[2]]", "2./")
    assert lotteries.active("Zutphen").key == "1./"


def test_discarding_frees_the_region_and_the_practices(database, pool) -> None:
    lotteries = database.lotteries
    lottery = lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)
    lotteries.discard(lottery, "test")
    assert lotteries.active("Zutphen") is None
    assert lotteries.get(lottery.id).status is LotteryStatus.VERWORPEN
    database.practices.delete(pool[0][1])  # no longer held by the pool
    assert lotteries.freeze_pool("Zutphen", "{}", pool[1:], SEAL).status is LotteryStatus.POOL


def test_finalising_writes_start_dates_and_cannot_be_undone(database, pool) -> None:
    lotteries = database.lotteries
    lottery = lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)
    lottery = lotteries.freeze_sources(lottery, "[[1]]", "1./")
    lottery = lotteries.reveal(lottery, 3, total=3)
    starts = {1: date(2023, 7, 1), 2: date(2023, 10, 1), 3: date(2024, 1, 1)}
    final = lotteries.finalise(lottery, starts)
    assert final.status is LotteryStatus.DEFINITIEF and final.finalised_at is not None
    for number, practice_id in pool:
        record = database.practices.get(practice_id)
        assert record.data.start_date == starts[number]
        assert record.version == 2  # an open edit form elsewhere is now stale
    with pytest.raises(RecordError, match="definitieve"):
        lotteries.discard(final, "test")
    with pytest.raises(RecordError, match="heeft al een loting"):
        lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)


def test_finalising_with_a_wrong_pool_changes_nothing(database, pool) -> None:
    lotteries = database.lotteries
    lottery = lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)
    lottery = lotteries.freeze_sources(lottery, "[[1]]", "1./")
    with pytest.raises(RecordError):
        lotteries.finalise(lottery, {1: date(2023, 7, 1)})
    assert lotteries.active("Zutphen").status is LotteryStatus.TREKKING
    assert database.practices.get(pool[0][1]).data.start_date is None


def test_official_ion_is_kept_until_the_pool_is_frozen(database, pool) -> None:
    lotteries = database.lotteries
    assert lotteries.region_ion("Zutphen") == (None, 6000)
    lotteries.set_official_ion("Zutphen", 7500)
    assert lotteries.region_ion("Zutphen") == (7500, 6000)
    lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)
    with pytest.raises(RecordError, match="regio-ION"):
        lotteries.set_official_ion("Zutphen", 8000)


def test_every_attempt_stays_on_record_with_its_reason_and_seal(database, pool) -> None:
    """A discarded attempt keeps its number, time, reason and poolzegel; the next attempt of
    the region is number 2 and lists it."""
    lotteries = database.lotteries
    first = lotteries.freeze_pool("Zutphen", "{}", pool, "a" * 64)
    with pytest.raises(RecordError, match="reden"):
        lotteries.discard(first, "  ")
    assert lotteries.active("Zutphen").status is LotteryStatus.POOL  # nothing changed
    lotteries.discard(first, " bron verkeerd ingetypt ")
    second = lotteries.freeze_pool("Zutphen", "{}", pool, "b" * 64)
    assert (first.attempt, second.attempt) == (1, 2)
    [earlier] = lotteries.discarded_before(second)
    assert earlier.attempt == 1 and earlier.pool_seal == "a" * 64
    assert earlier.discard_reason == "bron verkeerd ingetypt" and earlier.discarded_at is not None
    assert lotteries.in_progress_region() == "Zutphen"


def test_the_first_step_is_timed(database, pool) -> None:
    lotteries = database.lotteries
    lottery = lotteries.freeze_pool("Zutphen", "{}", pool, SEAL)
    lottery = lotteries.freeze_sources(lottery, "[[1]]", "1./")
    assert lottery.first_step_at is None
    first = lotteries.reveal(lottery, 1, total=3)
    assert first.first_step_at is not None
    assert lotteries.reveal(first, 2, total=3).first_step_at == first.first_step_at
