"""Intervisie (SPEC §10): the wijkgroep meetings of a wijk, newest first, and their attendance.

Pushed from the Monitoring section for an intervisie item (`IntervisieScreen(region, wijk)`), or
with no wijk chosen. A region and a wijk are picked above the list; "n" adds a meeting of the
chosen wijk, Enter opens the highlighted one (MeetingDialog: attendance ticked off by keyboard),
Delete removes it after a question. Every read and write runs in a worker.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Select, Static

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.monitoring import Meeting
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.meeting_dialog import MeetingDialog
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.meeting_lists import MeetingList

SEPARATOR = "\x1f"  # between region and wijk in the wijk picker's values


class IntervisieScreen(Screen[None]):
    CSS_PATH = "intervisie.tcss"
    HELP = t("help.screen.intervisie")
    BINDINGS = [
        Binding("n", "new", t("wijkgroep.key.new"), id="intervisie.new"),
        Binding("enter", "open", t("wijkgroep.key.open"), id="intervisie.open"),
        Binding("w", "pick_wijk", t("wijkgroep.key.wijk"), id="intervisie.wijk"),
        Binding("r", "pick_region", t("wijkgroep.key.region"), id="intervisie.region"),
        Binding("delete", "delete", t("wijkgroep.key.delete"), id="intervisie.delete"),
        Binding("escape", "back", t("wijkgroep.key.back"), id="intervisie.back"),
    ]

    mtvdp = MtvdpAppAttribute()

    def __init__(self, region: str | None = None, wijk: str | None = None) -> None:
        super().__init__()
        self.chosen_region = region
        self.chosen_wijk = wijk
        self._options_set = False

    def compose(self) -> ComposeResult:
        regions = self.mtvdp.database.ruleset.regions
        yield Header()
        yield Static(t("wijkgroep.screen_title"), id="for-practice")
        with Horizontal(id="filters"):
            yield Select(
                [(name, name) for name in regions],
                prompt=t("wijkgroep.region.all"),
                id="region",
                compact=True,
                value=self.chosen_region if self.chosen_region in regions else Select.NULL,
            )
            yield Select[str]([], prompt=t("wijkgroep.wijk.all"), id="wijk", compact=True)
        yield MeetingList(id="meetings")
        yield Static(id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(MeetingList))
        self._read_wijken()
        self._read_meetings()

    # --- reading -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="query-intervisie-wijken")
    def _read_wijken(self) -> None:
        try:
            found = self.mtvdp.database.monitoring.wijken(self.chosen_region)
        except Exception as error:  # a read changes nothing
            self.app.call_from_thread(self._say, failure_text(error))
            return
        self.app.call_from_thread(self._show_wijken, found)

    def _show_wijken(self, found: list[tuple[str, str]]) -> None:
        select: Select[str] = self.query_one("#wijk", Select)
        options = [
            (wijk if self.chosen_region else f"{wijk} ({region})", f"{region}{SEPARATOR}{wijk}")
            for region, wijk in found
        ]
        chosen = next(
            (
                value
                for (region, wijk), (_, value) in zip(found, options, strict=True)
                if self.chosen_wijk is not None
                and wijk.lower() == self.chosen_wijk.lower()
                and (self.chosen_region is None or region == self.chosen_region)
            ),
            None,
        )
        self._options_set = True  # the NULL the Select reports for its new options
        with self.prevent(Select.Changed):
            select.set_options(options)
            if chosen is not None:
                select.value = chosen
        self.call_after_refresh(self._options_settled)

    def _options_settled(self) -> None:
        self._options_set = False

    @work(thread=True, exclusive=True, group="query-intervisie-meetings")
    def _read_meetings(self, find: int | None = None) -> None:
        try:
            found = self.mtvdp.database.monitoring.meetings(self.chosen_region, self.chosen_wijk)
        except Exception as error:  # a read changes nothing
            self.app.call_from_thread(self._say, failure_text(error))
            return
        self.app.call_from_thread(self._show_meetings, found, find)

    def _show_meetings(self, found: list[Meeting], find: int | None) -> None:
        meetings = self.query_one(MeetingList)
        where = t("wijkgroep.where", wijk=self.chosen_wijk) if self.chosen_wijk else ""
        meetings.empty_text = t("wijkgroep.empty", where=where)
        meetings.show(len(found), lambda offset, limit: found[offset : offset + limit])
        index = next((i for i, meeting in enumerate(found) if meeting.id == find), None)
        if index is not None:
            meetings.cursor = index
        self._detail(meetings.current_row)

    def _say(self, text: str) -> None:
        self.query_one("#detail", Static).update(text)
        self.notify(text, severity="error", timeout=10)

    @on(MeetingList.Highlighted)
    def _highlighted(self, event: MeetingList.Highlighted) -> None:
        row = event.row
        self._detail(row if isinstance(row, Meeting) else None)

    def _detail(self, meeting: Meeting | None) -> None:
        if meeting is None:
            text = t("wijkgroep.detail.none") if self.chosen_wijk else t("wijkgroep.detail.pick")
        else:
            text = t(
                "wijkgroep.detail",
                day=formatting.short_date(meeting.held_on),
                wijk=meeting.wijk,
                present=len(meeting.attendees),
            )
        self.query_one("#detail", Static).update(text)

    # --- the pickers ---------------------------------------------------------------------------

    @on(Select.Changed, "#region")
    def _region_changed(self, event: Select.Changed) -> None:
        value: Any = event.value
        region = None if value is Select.NULL else str(value)
        if region == self.chosen_region:  # as chosen already (the Select set on mounting)
            return
        self.chosen_region = region
        self.chosen_wijk = None
        with self.prevent(Select.Changed):
            self.query_one("#wijk", Select).clear()
        self._read_wijken()
        self._read_meetings()
        self.set_focus(self.query_one(MeetingList))

    @on(Select.Changed, "#wijk")
    def _wijk_changed(self, event: Select.Changed) -> None:
        value: Any = event.value
        if value is Select.NULL:
            if self.chosen_wijk is None or self._options_set:
                return  # nothing changed, or the options were just replaced
            self.chosen_wijk = None
        else:
            if value == f"{self.chosen_region}{SEPARATOR}{self.chosen_wijk}":
                return
            region, self.chosen_wijk = str(value).split(SEPARATOR)
            if self.chosen_region is None:  # the wijk chose its region
                self.chosen_region = region
                with self.prevent(Select.Changed):
                    self.query_one("#region", Select).value = region
                self._read_wijken()
        self._read_meetings()
        self.set_focus(self.query_one(MeetingList))

    def action_pick_region(self) -> None:
        self._open_picker("region")

    def action_pick_wijk(self) -> None:
        self._open_picker("wijk")

    def _open_picker(self, select_id: str) -> None:
        select = self.query_one(f"#{select_id}", Select)
        self.set_focus(select)
        select.action_show_overlay()

    # --- meetings ------------------------------------------------------------------------------

    def action_new(self) -> None:
        if self.chosen_region is None or self.chosen_wijk is None:
            self.notify(t("wijkgroep.pick_first"), severity="warning")
            return
        meeting = Meeting(
            held_on=self.mtvdp.today(), wijk=self.chosen_wijk, region=self.chosen_region
        )
        self.app.push_screen(MeetingDialog(meeting), self._after_dialog)

    def action_open(self) -> None:
        meeting = self.query_one(MeetingList).current_row
        if meeting is not None:
            self.app.push_screen(MeetingDialog(meeting), self._after_dialog)

    def _after_dialog(self, stored: Meeting | None) -> None:
        if stored is not None:
            self.notify(
                t(
                    "wijkgroep.saved",
                    day=formatting.short_date(stored.held_on),
                    present=len(stored.attendees),
                )
            )
            self._read_meetings(stored.id)

    def action_delete(self) -> None:
        meeting = self.query_one(MeetingList).current_row
        if meeting is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(meeting)

        question = t(
            "wijkgroep.delete.question",
            day=formatting.short_date(meeting.held_on),
            wijk=meeting.wijk,
            present=len(meeting.attendees),
        )
        confirm = ConfirmScreen(question, confirm_label=t("wijkgroep.delete.confirm"), danger=True)
        self.app.push_screen(confirm, confirmed)

    @work(thread=True, exclusive=True, group="query-intervisie-delete")
    def _delete(self, meeting: Meeting) -> None:
        try:
            self.mtvdp.database.monitoring.delete_meeting(meeting)
        except Exception as error:  # nothing was removed
            text = t("wijkgroep.delete_failed", error=failure_text(error))
            self.app.call_from_thread(self._say, text)
            return
        self.app.call_from_thread(self._read_meetings)

    def action_back(self) -> None:
        if self.focused is not self.query_one(MeetingList):
            self.set_focus(self.query_one(MeetingList))
        else:
            self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_list = self.focused is self.query_one(MeetingList)
        if action in ("open", "delete"):
            return on_list and self.query_one(MeetingList).current_row is not None
        return True
