"""Lotteries as stored, and what the board sees before a region's pool is frozen."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from mtvdp_tui.domain.lottery import LotteryInputs
from mtvdp_tui.i18n import t


class LotteryStatus(enum.StrEnum):
    POOL = "pool"
    TREKKING = "trekking"
    DEFINITIEF = "definitief"
    VERWORPEN = "verworpen"


@dataclass(frozen=True)
class StoredLottery:
    id: int
    region: str
    status: LotteryStatus
    inputs: str
    sources: str | None
    key: str | None
    revealed: int
    pool_frozen_at: datetime
    sources_frozen_at: datetime | None
    drawn_at: datetime | None
    finalised_at: datetime | None
    row_version: int
    pool_seal: str | None  # None only for lotteries frozen before the seals existed
    first_step_at: datetime | None
    discarded_at: datetime | None
    discard_reason: str | None
    attempt: int  # 1, 2, … among the region's lotteries


@dataclass(frozen=True)
class Candidate:
    """A practice of the region, as the lottery's preparation needs it."""

    id: int
    agb: str
    name: str
    ion: int | None
    preferred_moment: date | None
    excluded: bool
    excluded_reason: str
    start_date: date | None
    stop_date: date | None


@dataclass(frozen=True)
class Preparation:
    """Everything the board sees before the pool is frozen."""

    region: str
    ion_total: int  # T: the official figure if entered, else the register's sum
    ion_official: int | None
    ion_register: int
    participants: tuple[Candidate, ...]
    excluded: tuple[tuple[Candidate, str], ...]  # with the reason, in Dutch
    inputs: LotteryInputs | None  # None when the pool cannot be built (see `problem`)
    problem: str | None
    warnings: tuple[str, ...] = field(default=())

    @property
    def ion_source(self) -> str:
        return t("loting.ion.official" if self.ion_official is not None else "loting.ion.register")


@dataclass(frozen=True)
class SourceProblem:
    line: int  # 1-based line of the sources text
    message: str
