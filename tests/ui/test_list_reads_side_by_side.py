"""After a save a list reads its rows and the saved row's position: side by side, so on a
database over a network they cost one round trip of waiting, not two."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from mtvdp_tui.screens.list_screen import ListScreen, Read


@dataclass(frozen=True)
class Query:
    text: str = ""


class BothOut(ListScreen[Query]):
    """`read` and `position` each wait until the other is out too: one after the other, the
    first would wait in vain (and the barrier break)."""

    def __init__(self) -> None:
        super().__init__(Query())
        self.both_out = threading.Barrier(2, timeout=10)

    def read(self, query: Query) -> Read:
        self.both_out.wait()
        return Read(3, lambda offset, limit: [])

    def position(self, query: Query, row_id: int) -> int | None:
        self.both_out.wait()
        return 2


def test_the_rows_and_the_saved_rows_position_are_read_at_the_same_time() -> None:
    found, place = BothOut()._read_and_place(Query(), find=7)
    assert (found.count, place) == (3, 2)


def test_without_a_row_to_find_only_the_rows_are_read() -> None:
    screen = BothOut()
    screen.both_out = threading.Barrier(1)  # read alone: no position asked
    found, place = screen._read_and_place(Query(), find=None)
    assert (found.count, place) == (3, None)
