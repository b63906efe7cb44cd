"""Practice plans as stored, and the plans overview's rows and query."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from mtvdp_tui.domain.plan import Plan, PlanStatus
from mtvdp_tui.domain.plan_overview import PlanState


@dataclass(frozen=True)
class StoredPlan:
    id: int
    practice_id: int
    version: int
    status: PlanStatus
    submitted_on: date | None
    plan: Plan
    row_version: int


class PlanSortKey(enum.StrEnum):
    AGB = "agb"
    NAME = "naam"
    REGION = "regio"
    START = "start"
    STATE = "status"


@dataclass(frozen=True)
class PlanQuery:
    text: str = ""
    region: str | None = None
    state: PlanState | None = None
    sort: PlanSortKey = PlanSortKey.STATE
    descending: bool = False


@dataclass(frozen=True)
class PlanOverviewRow:
    id: int
    agb: str
    name: str
    region: str
    start_date: date | None
    excluded_reason: str
    state: PlanState
    versions: int  # 0: no plan saved
    concept_version: int | None  # the newest concept version, if any
    submitted_version: int | None  # the newest submitted version, if any
    submitted_on: date | None

    @property
    def newer_concept(self) -> bool:
        """A concept saved after the latest submission (the submitted version still counts)."""
        return (
            self.submitted_version is not None
            and self.concept_version is not None
            and self.concept_version > self.submitted_version
        )


@dataclass(frozen=True)
class InterventionCount:
    """How many current plans choose an intervention in a plan year."""

    intervention: str
    year: int
    plans: int
    support_wanted: int  # of which ask the organisation for support
