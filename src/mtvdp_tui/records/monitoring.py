"""Monitoring's records (SPEC §10): what its list shows, how it is asked, the counts above it,
and a wijkgroep meeting with its attendance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from mtvdp_tui.domain.monitoring import ItemKind, ItemState

ATTENTION = frozenset({ItemState.TE_LAAT, ItemState.BINNENKORT})


@dataclass(frozen=True)
class MonitoringQuery:
    """Which items the list shows: words in the practice's AGB, name or wijk, a region, one
    kind of item, and the states (by default what needs attention: te laat, binnenkort)."""

    text: str = ""
    region: str | None = None
    kind: ItemKind | None = None
    states: frozenset[ItemState] = ATTENTION


@dataclass(frozen=True)
class MonitoringRow:
    """One item of one practice, as the list shows it."""

    practice_id: int
    agb: str
    name: str
    region: str
    wijk: str
    kind: ItemKind
    year: int | None  # the plan year of an intervisie or a jaarverslag
    due: date
    done: date | None
    state: ItemState

    @property
    def label(self) -> str:
        """The `onderdeel` as shown and exported: "nulmeting", "intervisie 2"."""
        return self.kind.value if self.year is None else f"{self.kind.value} {self.year}"

    @property
    def id(self) -> int:
        """The practice (a list keeps its cursor near the practice it was on)."""
        return self.practice_id


StateCounts = Mapping[ItemState, int]


@dataclass(frozen=True)
class MonitoringCounts:
    """How many items are in each state, per region (in the regeling's order) and per kind of
    item, of the practices a query finds (its kind and states left aside)."""

    by_region: Mapping[str, StateCounts] = field(default_factory=dict)
    by_kind: Mapping[ItemKind, StateCounts] = field(default_factory=dict)

    @property
    def total(self) -> dict[ItemState, int]:
        return {
            state: sum(counts.get(state, 0) for counts in self.by_region.values())
            for state in ItemState
        }


@dataclass(frozen=True)
class Meeting:
    """A wijkgroep meeting and the practices that attended. `row_version` 0: not stored yet."""

    held_on: date
    wijk: str
    region: str
    mtvdp_on_agenda: bool = True
    attendees: frozenset[int] = frozenset()
    id: int | None = None
    row_version: int = 0


@dataclass(frozen=True)
class CohortPractice:
    """A practice of a start cohort, and when the meting asked about was sent to it (if)."""

    practice_id: int
    agb: str
    name: str
    sent_on: date | None


@dataclass(frozen=True)
class WijkPractice:
    """A practice that can attend a wijk's meeting."""

    practice_id: int
    agb: str
    name: str
    wijk: str
