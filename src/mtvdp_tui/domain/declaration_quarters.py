"""Calendar quarters of the declaration overview, and which quarters the programme runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t

_QUARTER = re.compile(r"\s*([0-9]{4})\s*-?\s*[Qq]([1-4])\s*")


class QuarterError(ValueError):
    """Text that is not a quarter; `str()` is the Dutch message."""


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    def __post_init__(self) -> None:
        if not (1 <= self.number <= 4 and 1 <= self.year <= 9999):
            raise ValueError(f"no such quarter: {self.year}-Q{self.number}")

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2024-Q1' (also '2024q1', '2024 Q1') → Quarter(2024, 1)."""
        match = _QUARTER.fullmatch(text)
        if match is None or int(match[1]) < 1:
            raise QuarterError(t("declaraties.fout.kwartaal", tekst=text.strip()))
        return cls(int(match[1]), int(match[2]))

    @property
    def first_day(self) -> date:
        """The quarter's first day, which is also its peildatum."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 3 * self.number, 31 if self.number in (1, 4) else 30)

    @property
    def label(self) -> str:
        """'2024-Q1': the form the CLI takes and exports show."""
        return f"{self.year}-Q{self.number}"

    @property
    def dutch_label(self) -> str:
        """'1e kwartaal 2024'."""
        return t("declaraties.kwartaal", nummer=self.number, jaar=self.year)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self) -> str:
        return self.label


def programme_quarters(ruleset: Ruleset) -> tuple[Quarter, ...]:
    """From the first instroommoment's quarter to the quarter where the last tariff period ends."""
    starts = [m.date for m in ruleset.moments] or [p.start for p in ruleset.tariffs]
    ends = [p.end for p in ruleset.tariffs] or [m.date for m in ruleset.moments]
    if not starts:
        return ()
    quarter, last = Quarter.containing(min(starts)), Quarter.containing(max(ends))
    quarters = [quarter]
    while quarter < last:
        quarter = quarter.next()
        quarters.append(quarter)
    return tuple(quarters)
