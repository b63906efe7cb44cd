"""The werkkopie's records (SPEC §9): what a change is about, a conflict, a synchronisation's
progress and outcome. Plain values: the screens and the command line show them, the store
fills them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


class ChangeKind(enum.StrEnum):
    """What a change in the outbox changes; the values are stored."""

    PRAKTIJK = "praktijk"  # a practice, by AGB
    ION = "ion"  # a practice's ION at a peildatum, by AGB + peildatum
    PLAN = "praktijkplan"  # one version of a practice's plan, by AGB + version


@dataclass(frozen=True, order=True)
class RecordKey:
    """The record a change is about, as both sides know it (never a database id)."""

    kind: ChangeKind
    agb: str
    peildatum: date | None = None
    plan_version: int | None = None


@dataclass(frozen=True)
class WerkkopieInfo:
    """What the werkkopie's header shows."""

    server: str  # the organisation database's URL, without a password
    database_id: str
    made_at: datetime
    synced_at: datetime  # the sync point
    waiting: int  # changes in the outbox
    conflicts: int  # conflicts no one has decided yet


class Decision(enum.StrEnum):
    MIJN = "mijn"  # keep mine: my values are sent
    HUN = "hun"  # keep theirs: nothing is sent
    PER_VELD = "per_veld"  # chosen field by field


@dataclass(frozen=True)
class ConflictField:
    """One field of a conflict: its Dutch label and the three sides, shown as text."""

    name: str
    label: str
    base: str | None  # None: the base is not known (a new record)
    mine: str
    theirs: str

    @property
    def differs(self) -> bool:
        return self.mine != self.theirs


@dataclass(frozen=True)
class Conflict:
    """An open (or decided) conflict, as the Conflicten screen and `conflicten` show it."""

    id: int
    key: RecordKey
    subject: str  # "De Linde (01000001)", "ION 01-01-2027 van De Linde (01000001)"
    reason: str  # Dutch: why the server could not take it
    found_at: datetime
    fields: tuple[ConflictField, ...]
    mine: dict[str, Any] | None  # the values, decoded (None: deleted here)
    theirs: dict[str, Any] | None  # None: not on the server
    base: dict[str, Any] | None
    theirs_version: int | None
    decided_at: datetime | None = None
    decision: Decision | None = None


class SyncStage(enum.StrEnum):
    CONNECTING = "verbinden"
    SENDING = "versturen"
    RECEIVING = "ophalen"
    DONE = "klaar"


@dataclass(frozen=True)
class SyncProgress:
    """Where a synchronisation is, for the progress shown while it runs."""

    stage: SyncStage
    done: int = 0
    total: int = 0


@dataclass
class SyncReport:
    """What a synchronisation did."""

    sent: int = 0  # changes the server took now
    already: int = 0  # changes the server had taken before (a repeated send after a break)
    conflicts: int = 0  # new conflicts
    received: int = 0  # records that changed here by the pull
    rounds: int = 0  # push-and-pull rounds (another when changes were made meanwhile)
    open_conflicts: int = 0  # conflicts open after this synchronisation
    round_trips: int = 0  # statements sent to the server (measured by the benchmark)
    notes: list[str] = field(default_factory=list)
