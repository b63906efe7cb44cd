"""The lottery (SPEC §5): allocation to instroommomenten in the RFC 3797 order (`lottery_rfc3797`).

Everything is integers and plain data, so anyone can recompute a draw from its protocol. The
draw is a generator of steps: the screen shows them one at a time, the protocol records them all.

Preferences: a practice without a preference gets the ruleset's default moment (marked as such).
A preference that is not one of the moments counts as the earliest moment on or after it, and a
preference after the last moment as the last moment. The pool stores that moment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from mtvdp_tui import formatting
from mtvdp_tui.domain.lottery_rfc3797 import (
    MAX_DIGITS,
    MAX_NUMBERS,
    MAX_POOL,
    rfc3797_key,
    rfc3797_order,
)
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t


class LotteryError(ValueError):
    """Inputs a lottery cannot be drawn from; `str()` is the Dutch message."""


@dataclass(frozen=True)
class Participant:
    """An eligible practice as the caller knows it (e.g. from the database)."""

    agb: str
    name: str
    ion: int | None
    preferred_moment: date | None  # None: no preference ("weet ik niet")


@dataclass(frozen=True)
class PoolEntry:
    number: int  # 1..P, by AGB ascending
    agb: str
    name: str
    ion: int
    preference: date  # always one of the moments
    preference_default: bool  # the practice gave none; this is the ruleset's default moment


@dataclass(frozen=True)
class Moment:
    date: date
    percentage: int  # cumulative % of the region's ION
    capacity: int  # C_j = (p_j * T) // 100, in ION


@dataclass(frozen=True)
class Excluded:
    """A practice of the region left out of the pool, with the reason (Dutch), for the record."""

    agb: str
    name: str
    reason: str


ION_SOURCES = ("officieel", "register", "onbekend")  # where T came from; "onbekend": old records


@dataclass(frozen=True)
class LotteryInputs:
    ruleset_id: str
    ruleset_name: str
    ruleset_version: int
    region: str
    ion_total: int  # T
    moments: tuple[Moment, ...]
    pool: tuple[PoolEntry, ...]
    sources: tuple[tuple[int, ...], ...] = ()
    ion_source: str = "register"  # one of ION_SOURCES; sealed in the poolzegel, not drawn with
    excluded: tuple[Excluded, ...] = ()  # sealed in the poolzegel, not drawn with

    @property
    def key(self) -> str:
        return rfc3797_key(self.sources)

    def with_sources(self, sources: Iterable[Iterable[int]]) -> LotteryInputs:
        return replace(self, sources=tuple(tuple(source) for source in sources))


@dataclass(frozen=True)
class Step:
    number: int  # 1..P, the order of drawing
    pool_number: int
    agb: str
    name: str
    ion: int
    preference: date
    preference_default: bool
    moment: date  # the instroommoment assigned
    doorgeschoven: bool  # assigned later than preferred
    used: tuple[int, ...]  # U_j after this step, for every moment


@dataclass(frozen=True)
class MomentTotal:
    date: date
    count: int  # practices assigned to this moment
    ion: int  # their ION
    used: int  # U_j: ION assigned to this moment or earlier
    capacity: int


@dataclass(frozen=True)
class LotteryResult:
    inputs: LotteryInputs
    key: str
    steps: tuple[Step, ...]

    def totals(self) -> tuple[MomentTotal, ...]:
        return moment_totals(self.inputs.moments, self.steps)


# --- preparing the inputs ------------------------------------------------------------------------


def lottery_moments(ruleset: Ruleset, ion_total: int) -> tuple[Moment, ...]:
    """The ruleset's moments with their capacity in ION for a region with ION `ion_total`."""
    if not ruleset.moments or any(m.capacity_percent is None for m in ruleset.moments):
        raise LotteryError(t("loting.fout.geen_capaciteit", regeling=ruleset.name))
    if ion_total < 0:
        raise LotteryError(t("loting.fout.ion_regio", waarde=ion_total))
    percentages = [(m.date, m.capacity_percent or 0) for m in ruleset.moments]
    return tuple(Moment(day, p, capacity(p, ion_total)) for day, p in percentages)


def capacity(percentage: int, ion_total: int) -> int:
    return percentage * ion_total // 100


def moment_for_preference(preferred: date, moments: Sequence[date]) -> date:
    """The earliest moment on or after `preferred`; the last moment when it is later than all."""
    return next((day for day in moments if day >= preferred), moments[-1])


def build_pool(participants: Iterable[Participant], ruleset: Ruleset) -> tuple[PoolEntry, ...]:
    """The participants sorted by AGB code (as text: all are 8 digits) and numbered 1..P.
    A pool that the draw cannot take (P > MAX_POOL) is refused here, so it is never frozen."""
    ordered = sorted(participants, key=lambda p: p.agb)
    if len(ordered) > MAX_POOL:
        raise LotteryError(t("loting.fout.pool_te_groot", aantal=len(ordered), max=MAX_POOL))
    duplicates = sorted(agb for agb, n in Counter(p.agb for p in ordered).items() if n > 1)
    if duplicates:
        raise LotteryError(t("loting.fout.dubbele_agb", agb=duplicates[0]))
    moment_dates = ruleset.moment_dates()
    if not moment_dates:
        raise LotteryError(t("loting.fout.geen_momenten"))
    entries = []
    for number, p in enumerate(ordered, start=1):
        if p.ion is None or p.ion < 1:
            raise LotteryError(t("loting.fout.geen_ion", naam=p.name, agb=p.agb))
        wanted = p.preferred_moment or ruleset.default_moment
        preference = moment_for_preference(wanted, moment_dates)
        entries.append(
            PoolEntry(number, p.agb, p.name, p.ion, preference, p.preferred_moment is None)
        )
    return tuple(entries)


def prepare_inputs(
    ruleset: Ruleset,
    region: str,
    ion_total: int,
    participants: Iterable[Participant],
    sources: Iterable[Iterable[int]] = (),
    *,
    ion_source: str = "register",
    excluded: Iterable[Excluded] = (),
) -> LotteryInputs:
    """Inputs for `region`; the sources usually follow later, via `with_sources`."""
    return LotteryInputs(
        ruleset_id=ruleset.id,
        ruleset_name=ruleset.name,
        ruleset_version=ruleset.version,
        region=region,
        ion_total=ion_total,
        moments=lottery_moments(ruleset, ion_total),
        pool=build_pool(participants, ruleset),
        ion_source=ion_source,
        excluded=tuple(excluded),
    ).with_sources(sources)


def warnings(participants: Sequence[Participant], ion_total: int, ruleset: Ruleset) -> list[str]:
    """What the board should know before the pool is frozen, in Dutch."""
    if not participants:
        return [t("loting.waarschuwing.lege_pool")]
    found = []
    ordered = sorted(participants, key=lambda p: p.agb)
    for agb, n in sorted(Counter(p.agb for p in ordered).items()):
        if n > 1:
            found.append(t("loting.waarschuwing.dubbele_agb", agb=agb, aantal=n))
    moment_dates = ruleset.moment_dates()
    for p in ordered:
        if p.ion is None or p.ion < 1:
            found.append(t("loting.waarschuwing.geen_ion", naam=p.name, agb=p.agb))
        elif p.preferred_moment and moment_dates and p.preferred_moment not in moment_dates:
            moment = moment_for_preference(p.preferred_moment, moment_dates)
            found.append(
                t(
                    "loting.waarschuwing.voorkeur",
                    naam=p.name,
                    agb=p.agb,
                    voorkeur=formatting.short_date(p.preferred_moment),
                    moment=formatting.short_date(moment),
                )
            )
    pool_ion = sum(p.ion for p in participants if p.ion)
    if ion_total < pool_ion:
        found.append(
            t(
                "loting.waarschuwing.ion_regio_klein",
                regio=formatting.number(ion_total),
                pool=formatting.number(pool_ion),
            )
        )
    return found


# --- the draw ------------------------------------------------------------------------------------


def check_inputs(inputs: LotteryInputs) -> None:
    """Raise LotteryError (Dutch) when the inputs cannot be drawn from."""
    check_pool_inputs(inputs)
    _check_sources(inputs.sources)


def check_pool_inputs(inputs: LotteryInputs) -> None:
    """Raise LotteryError (Dutch) when the frozen pool and moments cannot be drawn from,
    whatever sources follow."""
    moments = inputs.moments
    if not moments:
        raise LotteryError(t("loting.fout.geen_momenten"))
    if inputs.ion_total < 0:
        raise LotteryError(t("loting.fout.ion_regio", waarde=inputs.ion_total))
    for number, (before, after) in enumerate(pairwise(moments), start=2):
        if after.date <= before.date or after.percentage < before.percentage:
            raise LotteryError(t("loting.fout.momenten_volgorde", nummer=number))
    for number, moment in enumerate(moments, start=1):
        if not 0 <= moment.percentage <= 100:
            raise LotteryError(t("loting.fout.percentage", nummer=number))
        if moment.capacity != capacity(moment.percentage, inputs.ion_total):
            raise LotteryError(t("loting.fout.capaciteit", nummer=number))
    if moments[-1].percentage != 100:
        raise LotteryError(t("loting.fout.laatste_moment"))
    _check_pool(inputs.pool, {m.date for m in moments})


def _check_pool(pool: Sequence[PoolEntry], moment_dates: set[date]) -> None:
    if len(pool) > MAX_POOL:
        raise LotteryError(t("loting.fout.pool_te_groot", aantal=len(pool), max=MAX_POOL))
    for place, entry in enumerate(pool, start=1):
        if entry.number != place:
            raise LotteryError(t("loting.fout.pool_nummer", plaats=place, nummer=entry.number))
        if place > 1 and pool[place - 2].agb >= entry.agb:
            raise LotteryError(t("loting.fout.pool_volgorde", nummer=place, agb=entry.agb))
        if entry.ion < 1:
            raise LotteryError(t("loting.fout.geen_ion", naam=entry.name, agb=entry.agb))
        if entry.preference not in moment_dates:
            raise LotteryError(
                t("loting.fout.voorkeur", nummer=place, datum=entry.preference.isoformat())
            )


def _check_sources(sources: Sequence[Sequence[int]]) -> None:
    if not sources:
        raise LotteryError(t("loting.fout.geen_bronnen"))
    for number, source in enumerate(sources, start=1):
        problem = None
        if not source:
            problem = t("loting.bron.leeg")
        elif len(source) > MAX_NUMBERS:
            problem = t("loting.bron.te_veel", aantal=len(source), max=MAX_NUMBERS)
        elif any(not 0 <= n < 10**MAX_DIGITS for n in source):
            problem = t("loting.fout.bron_bereik", max=MAX_DIGITS)
        if problem:
            raise LotteryError(t("loting.fout.bron", nummer=number, fout=problem))


def draw_order(pool_size: int, key: str) -> Iterator[int]:
    """The pool numbers (1-based) in RFC 3797 order for `key`."""
    if not 0 <= pool_size <= MAX_POOL:
        raise LotteryError(t("loting.fout.pool_te_groot", aantal=pool_size, max=MAX_POOL))
    return rfc3797_order(pool_size, key)


def draw(inputs: LotteryInputs) -> Iterator[Step]:
    """The steps of the draw, one at a time (the inputs are checked before the first)."""
    check_inputs(inputs)
    return _steps(inputs)


def _steps(inputs: LotteryInputs) -> Iterator[Step]:
    dates = [m.date for m in inputs.moments]
    index = {day: i for i, day in enumerate(dates)}
    capacities = [m.capacity for m in inputs.moments]
    used = [0] * len(dates)
    for number, pool_number in enumerate(draw_order(len(inputs.pool), inputs.key), start=1):
        entry = inputs.pool[pool_number - 1]
        preferred = index[entry.preference]
        chosen = allocate(preferred, entry.ion, used, capacities)
        for i in range(chosen, len(used)):
            used[i] += entry.ion
        yield Step(
            number=number,
            pool_number=pool_number,
            agb=entry.agb,
            name=entry.name,
            ion=entry.ion,
            preference=entry.preference,
            preference_default=entry.preference_default,
            moment=dates[chosen],
            doorgeschoven=chosen > preferred,
            used=tuple(used),
        )


def allocate(preferred: int, ion: int, used: Sequence[int], capacities: Sequence[int]) -> int:
    """SPEC §5.5: the earliest j ≥ preferred with U_i + n ≤ C_i for all j ≤ i < k; else the last.

    Walking back from the second-to-last moment, every moment that fits extends the run of
    moments that all fit; the first one that does not fit ends it.
    """
    chosen = len(capacities) - 1
    for j in range(len(capacities) - 2, preferred - 1, -1):
        if used[j] + ion > capacities[j]:
            break
        chosen = j
    return chosen


def draw_all(inputs: LotteryInputs) -> LotteryResult:
    return LotteryResult(inputs, inputs.key, tuple(draw(inputs)))


def moment_totals(moments: Sequence[Moment], steps: Iterable[Step]) -> tuple[MomentTotal, ...]:
    """Per moment: practices and ION assigned (so far), U_j and C_j."""
    count: Counter[date] = Counter()
    ion: Counter[date] = Counter()
    used = 0
    totals = []
    for step in steps:
        count[step.moment] += 1
        ion[step.moment] += step.ion
    for moment in moments:
        used += ion[moment.date]
        totals.append(
            MomentTotal(moment.date, count[moment.date], ion[moment.date], used, moment.capacity)
        )
    return tuple(totals)
