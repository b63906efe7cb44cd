"""A record's values as the werkkopie's outbox and conflicts keep them: JSON text, the same on
every engine, with dates as ISO text. Pure: the store encodes before writing and decodes after
reading; nothing here knows a database."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

# The fields holding a date, per kind of record (records.sync.ChangeKind values).
DATE_FIELDS: dict[str, frozenset[str]] = {
    "praktijk": frozenset({"preferred_moment", "start_date"}),
    "ion": frozenset(),
    "praktijkplan": frozenset({"submitted_on"}),
}


def encode(values: Mapping[str, Any] | None) -> str | None:
    """JSON text of `values` (keys sorted: equal values give equal text); None stays None."""
    if values is None:
        return None
    return json.dumps({key: _plain(value) for key, value in values.items()}, sort_keys=True)


def decode(kind: str, text: str | None) -> dict[str, Any] | None:
    """The values `encode` wrote, with the dates of `kind` as `date`s again."""
    if text is None:
        return None
    found = json.loads(text)
    if not isinstance(found, dict):
        raise ValueError("values are not a JSON object")
    dates = DATE_FIELDS.get(kind, frozenset())
    return {
        key: date.fromisoformat(value) if key in dates and isinstance(value, str) else value
        for key, value in found.items()
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
