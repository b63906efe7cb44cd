"""The audit trail (logboek): every change, newest first, filterable; also per practice."""

from __future__ import annotations

from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Static

from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import AuditQuery, AuditRow, Entity
from mtvdp_tui.screens.list_screen import (
    ListScreen,
    Read,
    filter_select,
    read_again_binding,
    search_binding,
    search_field,
)
from mtvdp_tui.widgets.audit_list import AuditList, change_text
from mtvdp_tui.widgets.key_footer import KeyFooter


class AuditScreen(ListScreen[AuditQuery]):
    """The whole log as a section (F7), or one practice's log pushed from the register."""

    CSS_PATH = "audit.tcss"
    HELP = t("help.screen.audit")
    BINDINGS = [
        search_binding(t("audit.key.search"), "audit.search", priority=False),
        Binding("k", "kind", t("audit.key.kind"), id="audit.kind"),
        Binding("escape", "back", t("audit.key.back"), id="audit.back"),
        read_again_binding("audit.read_again"),
    ]
    ROWS = AuditList
    FILTERS = {"kind": ("entity", Entity)}

    def __init__(self, practice_id: int | None = None, subject: str = "") -> None:
        super().__init__(AuditQuery(practice_id=practice_id))
        self.practice_id = practice_id
        self.subject = subject

    def compose(self) -> ComposeResult:
        yield Header()
        if self.practice_id is None:
            yield self.mtvdp.mode_bar("audit")
        else:
            yield Static(t("audit.for_practice", subject=self.subject), id="for-practice")
        with Horizontal(id="filters"):
            yield from search_field(t("audit.search.label"), t("audit.search.placeholder"))
            yield filter_select(
                [(t(f"audit.entity.{e.value}"), e.value) for e in Entity],
                t("audit.kind.all"),
                "kind",
            )
        yield AuditList(id="entries")
        yield Static(id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(AuditList))

    def read(self, query: AuditQuery) -> Read:
        """The log entries for the current search and kind (in a worker)."""
        repository = self.mtvdp.database.audit
        count = repository.count(query)
        return Read(count, lambda offset, limit: repository.page(query, offset, limit))

    def shown(self, query: AuditQuery, read: Read) -> None:
        self.query_one(AuditList).empty_text = t("audit.empty")

    @on(AuditList.Highlighted)
    def _highlighted(self, event: AuditList.Highlighted) -> None:
        self._detail(cast("AuditRow | None", event.row))

    def _detail(self, row: AuditRow | None) -> None:
        text = "" if row is None else f"{row.subject}: {change_text(row)}"
        self.query_one("#detail", Static).update(text)

    def action_kind(self) -> None:
        self._open_filter("kind")

    def action_back(self) -> None:
        if self.focused is not self.query_one(AuditList):
            self.set_focus(self.query_one(AuditList))
        elif self.practice_id is not None:
            self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            on_list = self.focused is self.query_one(AuditList)
            return not on_list or self.practice_id is not None
        return super().check_action(action, parameters)
