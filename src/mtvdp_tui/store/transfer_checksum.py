"""The content checksum of a table, computed the same way on SQLite and PostgreSQL.

Both engines hand the same row back as slightly different Python values: SQLite's `DateTime`
comes back naive (the store writes UTC), PostgreSQL's `timestamptz` aware; a JSON column may be
text on one side and parsed on the other; a float may be a `Decimal`. `normalise` maps each
value to one canonical text, so that a row that was copied correctly has the same digest on both
sides and a row that changed on the way does not.

A table's checksum is the sha256 over its rows' digests in sorted order: independent of the order
the engine returns the rows in (text primary keys sort differently under PostgreSQL's collations),
and, because every row has a unique primary key, equal exactly when the rows are equal.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

NULL = "\x00null"  # cannot be the text of any value below (those never start with NUL)


def normalise(value: object, *, is_json: bool = False) -> str:
    """One canonical text per value: datetimes as UTC ISO (a naive one is taken as UTC, as the
    store writes them), numbers without their type (`1`, `1.0` and `Decimal("1.00")` are one
    number), the parsed value of a JSON column (`is_json`; a string in it too) and any dict or
    list as JSON with sorted keys, booleans as `true`/`false`. Tagged by kind, so the text `"1"`
    and the number 1 differ."""
    if value is None:
        return NULL
    if is_json:  # SQLAlchemy's JSON type hands back the parsed value on both engines
        return "j:" + _canonical_json(value)
    if isinstance(value, bool):
        return "b:true" if value else "b:false"
    if isinstance(value, (int, float, Decimal)):
        return "n:" + _number(value)
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return "t:" + moment.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return "d:" + value.isoformat()
    if isinstance(value, time):
        return "h:" + value.isoformat(timespec="microseconds")
    if isinstance(value, str):
        return "s:" + value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "x:" + bytes(value).hex()
    if isinstance(value, (dict, list)):
        return "j:" + _canonical_json(value)
    raise TypeError(f"no canonical form for {type(value).__name__}")


def _number(value: int | float | Decimal) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    exact = Decimal(value) if not isinstance(value, Decimal) else value
    if isinstance(value, float):  # the shortest text that reads back as this float
        exact = Decimal(repr(value))
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact.normalize(), "f")


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_digest(values: Sequence[object], json_columns: frozenset[int] = frozenset()) -> bytes:
    """The sha256 of one row's normalised values (by position; `json_columns`: the positions of
    JSON columns), each preceded by its length so that no two rows run together the same way."""
    parts = []
    for position, value in enumerate(values):
        kind = type(value)
        if isinstance(value, str) and kind is str and position not in json_columns:
            text = "s:" + value  # the common cases, without normalise's chain of checks
        elif kind is int and position not in json_columns:
            text = "n:" + str(value)
        else:
            text = normalise(value, is_json=position in json_columns)
        parts.append(f"{len(text)}:{text}")
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).digest()


class TableChecksum:
    """Rows fed in any order; `hexdigest()` and `rows` once all are in."""

    def __init__(self, json_columns: Iterable[int] = ()) -> None:
        self.json_columns = frozenset(json_columns)
        self._digests: list[bytes] = []

    def add(self, values: Sequence[object]) -> None:
        self._digests.append(row_digest(values, self.json_columns))

    @property
    def rows(self) -> int:
        return len(self._digests)

    def hexdigest(self) -> str:
        total = hashlib.sha256()
        for digest in sorted(self._digests):
            total.update(digest)
        return total.hexdigest()
