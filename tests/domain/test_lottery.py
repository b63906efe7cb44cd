"""The lottery engine: RFC 3797 key and order (SPEC §5.2–5.3) and the allocation (§5.4–5.5)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.lottery import (
    LotteryError,
    LotteryInputs,
    Moment,
    Participant,
    PoolEntry,
    allocate,
    build_pool,
    draw,
    draw_all,
    draw_order,
    lottery_moments,
    prepare_inputs,
    warnings,
)
from mtvdp_tui.domain.lottery_rfc3797 import (
    MAX_POOL,
    SourceError,
    _Remaining,
    parse_source,
    rfc3797_key,
)
from mtvdp_tui.domain.ruleset import Instroommoment, Ruleset
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
JUL, OKT, JAN = date(2023, 7, 1), date(2023, 10, 1), date(2024, 1, 1)
RFC_SOURCES = ((9319,), (10, 2, 8, 12, 5), (45, 9, 18, 26, 34, 41))
RFC_KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"
RFC_FIRST_TEN = [17, 7, 2, 16, 25, 23, 8, 24, 19, 13]  # RFC 3797 §6, as published
# The whole order of the 25, computed by the independent implementation below (the RFC's example
# only selects ten).
RFC_ALL = [*RFC_FIRST_TEN, 22, 5, 18, 9, 1, 4, 12, 15, 20, 14, 11, 3, 6, 21, 10]


def rfc3797_reference(pool_size: int, sources: list[list[int]]) -> tuple[str, list[int]]:
    """RFC 3797 written again from its text, on purpose by a different route than the engine."""
    key = ""
    for source in sources:
        for value in sorted(source):
            key += str(value) + "."
        key += "/"
    remaining = list(range(1, pool_size + 1))
    order = []
    for i in range(pool_size):
        two_bytes = bytes([i // 256, i % 256])
        digest = hashlib.md5(two_bytes + key.encode("ascii") + two_bytes).hexdigest()
        order.append(remaining.pop(int(digest, 16) % len(remaining)))
    return key, order


def allocation_reference(inputs: LotteryInputs, order: list[int]) -> list[date]:
    """SPEC §5.5 as literally as possible: check every i with j ≤ i < k for each candidate j."""
    capacities = [m.capacity for m in inputs.moments]
    dates = [m.date for m in inputs.moments]
    last = len(dates) - 1
    used = [0] * len(dates)
    assigned = []
    for pool_number in order:
        entry = inputs.pool[pool_number - 1]
        n = entry.ion
        for j in range(dates.index(entry.preference), last + 1):
            if j == last or all(used[i] + n <= capacities[i] for i in range(j, last)):
                break
        for i in range(j, last + 1):
            used[i] += n
        assigned.append(dates[j])
    return assigned


def participant(number: int, ion: int | None = 100, preferred: date | None = JUL) -> Participant:
    return Participant(f"{number:08d}", f"Praktijk {number}", ion, preferred)


def pool_inputs(
    entries: list[tuple[int, date]], ion_total: int, sources=RFC_SOURCES
) -> LotteryInputs:
    """Inputs with pool number i+1 having (ion, preference) = entries[i], HOOG's moments."""
    pool = tuple(
        PoolEntry(i, f"{i:08d}", f"Praktijk {i}", ion, pref, False)
        for i, (ion, pref) in enumerate(entries, start=1)
    )
    return LotteryInputs(
        "hoog-2023", "HOOG 2023", 1, "Apeldoorn", ion_total,
        lottery_moments(HOOG, ion_total), pool,
    ).with_sources(sources)  # fmt: skip


# --- sources -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("9319", (9319,)),
        ("10 2 8 12 5", (10, 2, 8, 12, 5)),
        ("45, 9,18 ,26\t34,,41", (45, 9, 18, 26, 34, 41)),
        ("  007  0 ", (7, 0)),
        ("3 3 3", (3, 3, 3)),
        ("9" * 20, (int("9" * 20),)),
        (" ".join(["1"] * 100), (1,) * 100),
    ],
)
def test_good_source_lines(text: str, numbers: tuple[int, ...]) -> None:
    assert parse_source(text) == numbers


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Lege bron: typ één of meer gehele getallen, gescheiden door spaties of komma's."),
        (" , ,\t", "Lege bron"),
        ("12a", "'12a' is geen geheel getal; gebruik alleen de cijfers 0 tot en met 9."),
        ("1 1.5", "'1.5' is geen geheel getal"),
        ("+4", "'+4' is geen geheel getal"),
        ("٣", "'٣' is geen geheel getal"),
        ("5 -3", "'-3' is negatief; negatieve getallen zijn niet toegestaan."),
        ("1" * 21, f"'{'1' * 21}' is te lang: hoogstens 20 cijfers per getal."),
        ("1" * 60, "'111111111111111111111111…' is te lang"),
        (" ".join(["1"] * 101), "Te veel getallen (101): hoogstens 100 per bron."),
    ],
)
def test_bad_source_lines_get_a_dutch_message(text: str, message: str) -> None:
    with pytest.raises(SourceError) as raised:
        parse_source(text)
    assert str(raised.value).startswith(message)


@settings(max_examples=300)
@given(st.text())
def test_any_text_gives_numbers_or_a_source_error(text: str) -> None:
    try:
        numbers = parse_source(text)
    except SourceError as error:
        assert str(error)
    else:
        assert numbers and all(isinstance(n, int) and n >= 0 for n in numbers)


@given(st.lists(st.integers(0, 10**20 - 1), min_size=1, max_size=100), st.sampled_from(" ,\t"))
def test_numbers_written_out_read_back(numbers: list[int], separator: str) -> None:
    assert parse_source(separator.join(map(str, numbers))) == tuple(numbers)


# --- key and order (RFC 3797) --------------------------------------------------------------------


def test_rfc3797_section_6_vector() -> None:
    assert rfc3797_key(RFC_SOURCES) == RFC_KEY
    first = hashlib.md5(b"\x00\x00" + RFC_KEY.encode() + b"\x00\x00").hexdigest().upper()
    assert first == "990DD0A5692A029A98B5E01AA28F3459"
    assert list(draw_order(25, RFC_KEY))[:10] == RFC_FIRST_TEN
    assert list(draw_order(25, RFC_KEY)) == RFC_ALL


def test_reference_implementation_agrees_with_the_rfc() -> None:
    key, order = rfc3797_reference(25, [list(s) for s in RFC_SOURCES])
    assert key == RFC_KEY and order == RFC_ALL


def test_key_keeps_source_order_and_duplicates() -> None:
    assert rfc3797_key([[3, 1, 3], [0]]) == "1.3.3./0./"
    assert rfc3797_key([[0], [3, 1, 3]]) == "0./1.3.3./"


sources_strategy = st.lists(
    st.lists(st.integers(0, 10**20 - 1), min_size=1, max_size=8), min_size=1, max_size=4
)


@settings(max_examples=60)
@given(st.integers(0, 400), sources_strategy)
def test_engine_matches_independent_rfc3797(pool_size: int, sources: list[list[int]]) -> None:
    key, order = rfc3797_reference(pool_size, sources)
    assert rfc3797_key(sources) == key
    assert list(draw_order(pool_size, key)) == order


@settings(max_examples=40)
@given(st.integers(1, 200), st.integers(1, 9), sources_strategy)
def test_block_boundaries_do_not_change_the_order(
    pool_size: int, block: int, sources: list[list[int]]
) -> None:
    key, order = rfc3797_reference(pool_size, sources)
    with mock.patch.object(_Remaining, "BLOCK", block):
        assert list(draw_order(pool_size, key)) == order


def test_large_pool_matches_independent_rfc3797() -> None:
    size = 3 * _Remaining.BLOCK + 17
    key, order = rfc3797_reference(size, [[1, 2, 3], [45, 6]])
    assert list(draw_order(size, key)) == order


def test_pool_size_limit() -> None:
    assert sorted(draw_order(MAX_POOL, "1./")) == list(range(1, MAX_POOL + 1))
    with pytest.raises(LotteryError, match="hoogstens 65535"):
        draw_order(MAX_POOL + 1, "1./")


# --- pool and inputs -----------------------------------------------------------------------------


def test_pool_is_sorted_by_agb_and_numbered() -> None:
    pool = build_pool(
        [participant(30, preferred=None), participant(10), participant(20, preferred=OKT)], HOOG
    )
    assert [(e.number, e.agb) for e in pool] == [(1, "00000010"), (2, "00000020"), (3, "00000030")]
    assert [(e.preference, e.preference_default) for e in pool] == [
        (JUL, False),
        (OKT, False),
        (JAN, True),  # HOOG's default moment
    ]


@pytest.mark.parametrize(
    ("preferred", "moment"),
    [(date(2023, 1, 1), JUL), (date(2023, 7, 2), OKT), (OKT, OKT), (date(2030, 1, 1), JAN)],
)
def test_preference_between_moments_counts_as_the_next_moment(preferred: date, moment: date):
    (entry,) = build_pool([participant(1, preferred=preferred)], HOOG)
    assert entry.preference == moment and not entry.preference_default


def test_pool_refuses_duplicates_and_practices_without_ion() -> None:
    with pytest.raises(LotteryError, match="AGB-code 00000001 komt meer dan eens voor"):
        build_pool([participant(1), participant(2), participant(1)], HOOG)
    with pytest.raises(LotteryError) as raised:
        build_pool([participant(1), participant(2, ion=None)], HOOG)
    assert str(raised.value).startswith("Praktijk Praktijk 2 (00000002) heeft geen ION")


def test_capacities_are_integer_and_rounded_down() -> None:
    moments = lottery_moments(HOOG, 1001)
    assert [(m.percentage, m.capacity) for m in moments] == [(50, 500), (75, 750), (100, 1001)]
    assert all(type(m.capacity) is int for m in moments)


def test_a_ruleset_without_capacities_has_no_lottery() -> None:
    with pytest.raises(LotteryError, match="kent geen capaciteit"):
        lottery_moments(load_preset("roha-2023"), 1000)


def test_warnings_before_freezing() -> None:
    assert warnings([], 1000, HOOG) == ["Er zijn geen deelnemers: de pool is leeg."]
    assert warnings([participant(1), participant(2)], 200, HOOG) == []
    found = warnings(
        [participant(1, ion=None), participant(2, preferred=date(2023, 8, 1)), participant(3)],
        150,
        HOOG,
    )
    assert found == [
        "Praktijk Praktijk 1 (00000001) heeft geen ION; zonder ION kan zij niet meeloten.",
        "Praktijk Praktijk 2 (00000002) heeft als voorkeur 1 aug 2023; dat is geen "
        "instroommoment, dus telt 1 okt 2023 als voorkeur.",
        "Het ION van de regio (150) is kleiner dan het ION van alle deelnemers samen (200). "
        "Controleer het officiële cijfer.",
    ]
    assert "komt 2 keer voor" in warnings([participant(1), participant(1)], 200, HOOG)[0]


def test_inputs_that_cannot_be_drawn() -> None:
    inputs = prepare_inputs(HOOG, "Zutphen", 100, [participant(1)])
    with pytest.raises(LotteryError, match="nog geen bron"):
        draw(inputs)
    with pytest.raises(LotteryError, match="Bron 2: Lege bron"):
        draw(inputs.with_sources([[1], []]))
    too_big = replace(inputs.with_sources([[1]]), moments=(Moment(JUL, 100, 101),))
    with pytest.raises(LotteryError, match="capaciteit van instroommoment 1"):
        draw(too_big)


# --- allocation ----------------------------------------------------------------------------------

CAPACITIES = [50, 75, 100]


@pytest.mark.parametrize(
    ("preferred", "ion", "used", "expected"),
    [
        (0, 10, [0, 0, 0], 0),  # fits where preferred
        (0, 60, [0, 0, 0], 1),  # too big for the early moment
        (0, 80, [0, 0, 0], 2),  # too big for both early moments
        (0, 10, [0, 70, 70], 2),  # room at 1 jul, but not in the cumulative 1 okt capacity
        (0, 5, [45, 70, 70], 0),  # exactly full is allowed
        (1, 1, [0, 0, 0], 1),  # never earlier than preferred
        (2, 10_000, [50, 75, 100], 2),  # the last moment always accepts
        (0, 1, [50, 75, 100], 2),
    ],
)
def test_allocation(preferred: int, ion: int, used: list[int], expected: int) -> None:
    assert allocate(preferred, ion, used, CAPACITIES) == expected


def test_hand_checked_draw() -> None:
    # The RFC key draws pool numbers 17, 7, 2, 16, 25 first. T = 100: capacities 50, 75, 100.
    entries = [(1, JAN)] * 25
    entries[17 - 1] = (30, JUL)  # fits
    entries[7 - 1] = (25, JUL)  # 30 + 25 > 50: doorgeschoven to 1 okt (U = 55 ≤ 75)
    entries[2 - 1] = (10, JUL)  # smaller, later: still fits on 1 jul (40 ≤ 50, 65 ≤ 75)
    entries[16 - 1] = (40, JUL)  # fits nowhere early: the last moment
    entries[25 - 1] = (5, OKT)  # 70 ≤ 75
    steps = list(draw(pool_inputs(entries, 100)))
    assert [(s.number, s.pool_number, s.moment, s.doorgeschoven) for s in steps[:5]] == [
        (1, 17, JUL, False),
        (2, 7, OKT, True),
        (3, 2, JUL, False),
        (4, 16, JAN, True),
        (5, 25, OKT, False),
    ]
    assert [s.used for s in steps[:5]] == [
        (30, 30, 30),
        (30, 55, 55),
        (40, 65, 65),
        (40, 65, 105),
        (40, 70, 110),
    ]
    assert steps[-1].used == (40, 70, 130) and steps[-1].number == 25
    totals = draw_all(pool_inputs(entries, 100)).totals()
    assert [(m.date, m.count, m.ion, m.used, m.capacity) for m in totals] == [
        (JUL, 2, 40, 40, 50),
        (OKT, 2, 30, 70, 75),
        (JAN, 21, 60, 130, 100),
    ]


def test_draw_is_a_generator_of_steps() -> None:
    inputs = prepare_inputs(HOOG, "Apeldoorn", 1000, [participant(n) for n in range(1, 6)])
    steps = draw(inputs.with_sources([[4, 2]]))
    first = next(steps)
    assert first.number == 1 and first.name == f"Praktijk {int(first.agb)}"
    assert len(list(steps)) == 4


# --- invariants ----------------------------------------------------------------------------------


@st.composite
def lotteries(draw_: st.DrawFn) -> tuple[Ruleset, list[Participant], int, list[list[int]]]:
    count = draw_(st.integers(1, 5))
    dates = sorted(
        draw_(
            st.sets(st.dates(date(2023, 1, 1), date(2026, 12, 31)), min_size=count, max_size=count)
        )
    )
    percentages = sorted(
        draw_(st.lists(st.integers(0, 100), min_size=count - 1, max_size=count - 1))
    )
    moments = tuple(Instroommoment(d, p) for d, p in zip(dates, [*percentages, 100], strict=True))
    ruleset = replace(HOOG, moments=moments, default_moment=draw_(st.sampled_from(dates)))
    agbs = draw_(st.sets(st.integers(10**7, 10**8 - 1), min_size=0, max_size=40))
    preference = st.none() | st.sampled_from(dates) | st.dates(date(2022, 1, 1), date(2027, 12, 31))
    participants = [
        Participant(str(agb), f"P{agb}", draw_(st.integers(1, 500)), draw_(preference))
        for agb in agbs
    ]
    ion_total = draw_(st.integers(0, 2 * sum(p.ion or 0 for p in participants) + 10))
    return ruleset, participants, ion_total, draw_(sources_strategy)


@settings(max_examples=150)
@given(lotteries(), st.randoms(use_true_random=False))
def test_draw_invariants(lottery, random) -> None:
    ruleset, participants, ion_total, sources = lottery
    inputs = prepare_inputs(ruleset, "Regio", ion_total, participants, sources)
    result = draw_all(inputs)
    steps = result.steps
    dates = [m.date for m in inputs.moments]
    capacities = [m.capacity for m in inputs.moments]

    assert capacities == [m.capacity_percent * ion_total // 100 for m in ruleset.moments]
    assert all(type(c) is int for c in capacities)
    # every participant drawn exactly once, numbered 1..P
    assert sorted(s.pool_number for s in steps) == list(range(1, len(participants) + 1))
    assert sorted(s.agb for s in steps) == sorted(p.agb for p in participants)
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    for step in steps:
        # never earlier than preferred; doorgeschoven exactly when later
        assert dates.index(step.moment) >= dates.index(step.preference)
        assert step.doorgeschoven == (step.moment > step.preference)
        # no moment but the last over capacity, after every step
        assert all(u <= c for u, c in zip(step.used[:-1], capacities[:-1], strict=True))
    # U_j is the ION assigned to moments ≤ j
    if steps:
        assert list(steps[-1].used) == [
            sum(s.ion for s in steps if s.moment <= day) for day in dates
        ]
    # the allocation as SPEC §5.5 words it, and the order as RFC 3797 does
    key, order = rfc3797_reference(len(participants), sources)
    assert result.key == key
    assert [s.pool_number for s in steps] == order
    assert [s.moment for s in steps] == allocation_reference(inputs, order)
    # same inputs, same result; the participants' order does not matter
    assert draw_all(inputs) == result
    shuffled = random.sample(participants, len(participants))
    assert draw_all(prepare_inputs(ruleset, "Regio", ion_total, shuffled, sources)) == result


def test_a_pool_over_the_rfc3797_limit_cannot_be_built() -> None:
    from mtvdp_tui.domain.lottery import Participant, prepare_inputs
    from mtvdp_tui.domain.lottery_rfc3797 import MAX_POOL

    def crowd(size: int) -> list[Participant]:
        return [Participant(f"01{n:06d}", f"P{n}", 10, None) for n in range(size)]

    assert len(prepare_inputs(HOOG, "Zutphen", 10**6, crowd(MAX_POOL)).pool) == MAX_POOL
    with pytest.raises(LotteryError, match="65536 deelnemers, hoogstens 65535"):
        prepare_inputs(HOOG, "Zutphen", 10**6, crowd(MAX_POOL + 1))
