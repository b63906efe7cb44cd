"""The audit trail's records: what changed, how, and the log screen's query."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any


class Entity(enum.StrEnum):
    PRAKTIJK = "praktijk"
    ION = "ion"
    PRAKTIJKPLAN = "praktijkplan"
    LOTING = "loting"
    DECLARATIESTATUS = "declaratiestatus"
    METING = "meting"
    SOCIAAL_DOMEIN = "sociaal domein"
    JAARVERSLAG = "jaarverslag"
    INTERVISIE = "intervisie"


class Action(enum.StrEnum):
    AANGEMAAKT = "aangemaakt"
    GEWIJZIGD = "gewijzigd"
    VERWIJDERD = "verwijderd"


@dataclass(frozen=True)
class AuditQuery:
    text: str = ""  # words in the subject or the OS user
    entity: Entity | None = None
    practice_id: int | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    os_user: str
    entity: Entity
    action: Action
    practice_id: int | None
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    db_role: str = ""  # the PostgreSQL role (empty on SQLite, and before migration 0009)
    host: str = ""  # the computer the change was made on
