"""A record's values as the werkkopie's outbox and conflicts keep them: JSON text, the same on
every engine, with dates as ISO text. Pure: the store encodes before writing and decodes after
reading; nothing here knows a database."""

from __future__ import annotations

import json
import re
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


# What each kind of record's values must look like: the field names and, per field, the types
# a value may have (a werkkopie is a file on a laptop: its outbox is checked before it is sent).
_TEXT, _DAY, _FLAG = (str,), (date, type(None)), (bool,)
SHAPES: dict[str, dict[str, tuple[type, ...]]] = {
    "praktijk": {
        "agb": _TEXT,
        "name": _TEXT,
        "region": _TEXT,
        "wijk": _TEXT,
        "email": (str, type(None)),
        "preferred_moment": _DAY,
        "survey_answered": _FLAG,
        "excluded": _FLAG,
        "excluded_reason": _TEXT,
        "start_date": _DAY,
        "notes": _TEXT,
    },
    "ion": {"ion": (int,)},
    "praktijkplan": {"status": _TEXT, "submitted_on": _DAY, "content": _TEXT},
}
AGB = re.compile(r"[0-9]{8}")
LONGEST_TEXT = 100_000  # characters; the plan's reflections are the longest texts there are
LARGEST_ION = 1_000_000


def shape_problem(kind: str, values: Mapping[str, Any] | None) -> str | None:
    """Why `values` cannot be a record of `kind` (English, for the log and the Dutch message's
    detail), or None when they can. None values (a deletion) always can."""
    shape = SHAPES.get(kind)
    if shape is None:
        return f"unknown kind {kind!r}"
    if values is None:
        return None
    if set(values) != set(shape):
        return f"fields {sorted(set(values) ^ set(shape))} do not belong"
    for name, types in shape.items():
        value = values[name]
        if not isinstance(value, types) or (bool in types) != isinstance(value, bool):
            return f"{name} has the wrong type"
        if isinstance(value, str) and len(value) > LONGEST_TEXT:
            return f"{name} is too long"
    if kind == "praktijk" and not AGB.fullmatch(str(values["agb"])):
        return "agb is not 8 digits"
    if kind == "ion" and not 0 <= values["ion"] <= LARGEST_ION:
        return "ion out of range"
    if kind == "praktijkplan" and values["status"] not in ("concept", "ingediend"):
        return "unknown plan status"
    return None
