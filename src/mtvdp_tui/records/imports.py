"""A practice list's import: the preview the user judges, and what writing it did."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from mtvdp_tui.domain.practice_import import ImportPlan, RowKind


class Version(NamedTuple):
    id: int
    version: int


@dataclass(frozen=True)
class Preview:
    filename: str  # the file's name, as the user knows it
    data: bytes = field(repr=False)  # the file as read: a new preview judges the same bytes
    plan: ImportPlan
    seen: Mapping[str, Version] = field(default_factory=dict)  # AGB → the version judged against

    @property
    def to_write(self) -> int:
        counts = self.plan.counts
        return counts[RowKind.NIEUW] + counts[RowKind.GEWIJZIGD]


class Written(NamedTuple):
    new: int
    changed: int
    skipped: int  # rows in error, left out because the user chose "only the valid rows"
