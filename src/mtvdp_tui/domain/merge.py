"""Three-way merge of a form's fields: what I typed, what someone else saved meanwhile, both
measured against the version the form was opened with.

A field only I changed keeps my value; a field only they changed (or nobody) takes theirs; a
field we both changed to different values takes theirs, and my value is returned beside it so
the form can show it there and put it back on request. Nothing typed is lost: every value of
mine is either in the result or among the conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")


@dataclass(frozen=True)
class Merged(Generic[K]):
    values: dict[K, object]  # what the form shows now
    conflicts: dict[K, object]  # field → my value, where theirs replaced it


def three_way(
    base: Mapping[K, object], mine: Mapping[K, object], theirs: Mapping[K, object]
) -> Merged[K]:
    """Merge `mine` and `theirs`, both changed from `base` (the same fields in all three)."""
    values: dict[K, object] = {}
    conflicts: dict[K, object] = {}
    for field, their_value in theirs.items():
        my_value = mine[field]
        if my_value == base[field] or my_value == their_value:
            values[field] = their_value
        elif their_value == base[field]:
            values[field] = my_value
        else:
            values[field] = their_value
            conflicts[field] = my_value
    return Merged(values, conflicts)
