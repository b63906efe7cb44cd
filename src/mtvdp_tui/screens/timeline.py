"""One practice's monitoring timeline (SPEC §10): its start, its plan deadline, and every item
due — metingen, sociaal domein, praktijkplan, intervisie and jaarverslag per plan year — with its
due date, its state today and when it was done. Opened with "t" from the register; Escape goes
back to it (the practice still highlighted). Read in a worker."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.monitoring import Item, ItemKind
from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.timeline_list import TimelineList


class TimelineScreen(Screen[None]):
    CSS_PATH = "timeline.tcss"
    HELP = t("help.screen.timeline")
    BINDINGS = [
        Binding("escape", "back", t("tijdlijn.key.back"), id="tijdlijn.back"),
    ]

    mtvdp = MtvdpAppAttribute()

    def __init__(self, practice_id: int, name: str, agb: str) -> None:
        super().__init__()
        self.practice_id = practice_id
        self.practice_name, self.agb = name, agb

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("tijdlijn.title", name=self.practice_name, agb=self.agb), id="for-practice")
        yield Static(id="dates")
        yield TimelineList(today=self.mtvdp.today, id="items")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(TimelineList))
        self._read()

    @work(thread=True, exclusive=True, group="query-timeline")
    def _read(self) -> None:
        monitoring = self.mtvdp.database.monitoring
        try:
            progress = monitoring.progress(self.practice_id)
            found: list[Item] = monitoring.timeline(self.practice_id) if progress else []
        except Exception as error:  # a read changes nothing
            text = t("tijdlijn.read_failed", error=failure_text(error))
            self.app.call_from_thread(self._say, text)
            return
        self.app.call_from_thread(self._show, None if progress is None else progress.start, found)

    def _say(self, text: str) -> None:
        self.query_one("#dates", Static).update(text)
        self.notify(text, severity="error", timeout=10)

    def _show(self, start: date | None, found: list[Item]) -> None:
        items = self.query_one(TimelineList)
        dates = self.query_one("#dates", Static)
        if start is None:
            dates.update(t("tijdlijn.no_start"))
            items.empty_text = t("tijdlijn.not_started")
        else:
            plan = next((item for item in found if item.kind is ItemKind.PRAKTIJKPLAN), None)
            dates.update(
                t(
                    "tijdlijn.dates",
                    start=formatting.short_date(start),
                    deadline="—" if plan is None else formatting.short_date(plan.due),
                )
            )
            items.empty_text = t("tijdlijn.empty")
        items.show(len(found), lambda offset, limit: found[offset : offset + limit])

    def action_back(self) -> None:
        self.dismiss()
