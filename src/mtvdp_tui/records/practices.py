"""The register's records: what it lists, how it is asked, and one practice for the form."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from mtvdp_tui.domain.practice import PracticeData


class SortKey(enum.StrEnum):
    AGB = "agb"
    NAME = "naam"
    REGION = "regio"
    WIJK = "wijk"
    ION = "ion"
    PREFERENCE = "voorkeur"
    STATUS = "status"


@dataclass(frozen=True)
class PracticeQuery:
    """What the register shows: search words (all must match), region, order."""

    text: str = ""
    region: str | None = None
    sort: SortKey = SortKey.NAME
    descending: bool = False


@dataclass(frozen=True)
class PracticeRow:
    """One line of the register."""

    id: int
    agb: str
    name: str
    region: str
    wijk: str
    ion: int | None
    preferred_moment: date | None
    survey_answered: bool
    excluded: bool
    start_date: date | None
    stop_date: date | None


@dataclass(frozen=True)
class RegionTotal:
    region: str
    practices: int
    ion: int


@dataclass(frozen=True)
class PracticeRecord:
    """A practice as stored, for the edit form: its data plus identity and version."""

    id: int
    version: int
    data: PracticeData
