"""The wijkgroep meetings of a wijk, and the practices that can attend one (ticked off)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.message import Message

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.records.monitoring import Meeting, WijkPractice
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList


class MeetingList(RowList[Meeting]):
    """Newest first: datum, wijk, MTVDP op de agenda (ja/nee), how many were present."""

    COLUMNS = (
        Column("held_on", t("wijkgroep.col.held_on"), 10),
        Column("wijk", t("wijkgroep.col.wijk"), name=True),
        Column("region", t("wijkgroep.col.region"), 16, drop=1),
        Column("agenda", t("wijkgroep.col.agenda"), 3),
        Column("present", t("wijkgroep.col.present"), 4, right=True),
    )

    def cells(self, row: Meeting) -> Sequence[str]:
        return (
            formatting.numeric_date(row.held_on),
            row.wijk,
            row.region,
            t("wijkgroep.yes") if row.mtvdp_on_agenda else t("wijkgroep.no"),
            formatting.number(len(row.attendees)),
        )

    def row_class(self, row: Meeting) -> str | None:
        return None if row.mtvdp_on_agenda else "row-list--muted"


class AttendanceList(RowList[WijkPractice]):
    """The practices of a wijk; Space ticks the highlighted one present (or not), "a" all.

    Its rows are in memory (a wijk has a handful of practices): `show_practices` replaces them,
    and the ticks of practices still listed are kept."""

    COLUMNS = (
        Column("present", t("wijkgroep.col.tick"), 3),
        Column("agb", t("wijkgroep.col.agb"), 8),
        Column("name", t("wijkgroep.col.name"), name=True),
    )
    BINDINGS = [
        Binding("space", "toggle_present", t("wijkgroep.key.toggle"), id="wijkgroep.toggle"),
        Binding("a", "all", t("wijkgroep.key.all"), id="wijkgroep.all"),
    ]

    class Ticked(Message):
        """The ticks changed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.practices: list[WijkPractice] = []
        self.present: set[int] = set()

    @property
    def attendees(self) -> frozenset[int]:
        """The ticked practices that are listed."""
        listed = {practice.practice_id for practice in self.practices}
        return frozenset(self.present & listed)

    def show_practices(self, practices: list[WijkPractice], present: set[int]) -> None:
        self.practices = list(practices)
        self.present = set(present)
        self.show(
            len(self.practices), lambda offset, limit: self.practices[offset : offset + limit]
        )
        self.post_message(self.Ticked())

    def cells(self, row: WijkPractice) -> Sequence[str]:
        return ("[x]" if row.practice_id in self.present else "[ ]", row.agb, row.name)

    def action_toggle_present(self) -> None:
        row = self.current_row
        if row is None:
            return
        self.present ^= {row.practice_id}
        self.refresh()
        self.post_message(self.Ticked())

    def action_all(self) -> None:
        """Tick every practice; when all were ticked already, untick them all."""
        listed = {practice.practice_id for practice in self.practices}
        self.present = set() if listed <= self.present else self.present | listed
        self.refresh()
        self.post_message(self.Ticked())
