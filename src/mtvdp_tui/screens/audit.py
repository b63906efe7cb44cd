"""The audit trail (logboek): every change, newest first, filterable; also per practice."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Select, Static

from mtvdp_tui.i18n import t
from mtvdp_tui.screens.freshness import Freshness
from mtvdp_tui.store.audit import AuditQuery, AuditRow, Entity
from mtvdp_tui.widgets.audit_list import AuditList, change_text

if TYPE_CHECKING:
    from mtvdp_tui.app import MtvdpApp


class AuditScreen(Screen[None]):
    """The whole log as a section (F7), or one practice's log pushed from the register."""

    CSS_PATH = "audit.tcss"
    BINDINGS = [
        Binding("slash", "search", t("audit.key.search"), key_display="/", id="audit.search"),
        Binding("k", "kind", t("audit.key.kind"), id="audit.kind"),
        Binding("escape", "back", t("audit.key.back"), id="audit.back"),
    ]

    def __init__(self, practice_id: int | None = None, subject: str = "") -> None:
        super().__init__()
        self.practice_id = practice_id
        self.subject = subject
        self.query_state = AuditQuery(practice_id=practice_id)
        self.freshness = Freshness()

    @property
    def mtvdp(self) -> MtvdpApp:
        return cast("MtvdpApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        if self.practice_id is None:
            yield self.mtvdp.mode_bar("audit")
        else:
            yield Static(t("audit.for_practice", subject=self.subject), id="for-practice")
        with Horizontal(id="filters"):
            yield Label(t("audit.search.label"), id="search-label")
            yield Input(placeholder=t("audit.search.placeholder"), id="search", compact=True)
            yield Select(
                [(t(f"audit.entity.{e.value}"), e.value) for e in Entity],
                prompt=t("audit.kind.all"),
                id="kind",
                compact=True,
            )
        yield AuditList(id="entries")
        yield Static(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(AuditList))

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.freshness.changed(self):
            self.reload()

    def reload(self) -> None:
        repository = self.mtvdp.database.audit
        self.freshness.mark(self)
        query = self.query_state
        entries = self.query_one(AuditList)
        entries.empty_text = t("audit.empty")
        entries.show(
            repository.count(query), lambda offset, limit: repository.page(query, offset, limit)
        )
        self._detail(entries.current_row)

    def _set_query(self, **changes: object) -> None:
        self.query_state = AuditQuery(**{**self.query_state.__dict__, **changes})
        self.reload()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(text=event.value)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.set_focus(self.query_one(AuditList))

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        entity = None if event.value is Select.NULL else Entity(str(event.value))
        self._set_query(entity=entity)
        self.set_focus(self.query_one(AuditList))

    @on(AuditList.Highlighted)
    def _highlighted(self, event: AuditList.Highlighted) -> None:
        self._detail(cast("AuditRow | None", event.row))

    def _detail(self, row: AuditRow | None) -> None:
        text = "" if row is None else f"{row.subject}: {change_text(row)}"
        self.query_one("#detail", Static).update(text)

    def action_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))

    def action_kind(self) -> None:
        select = self.query_one("#kind", Select)
        self.set_focus(select)
        select.action_show_overlay()

    def action_back(self) -> None:
        if self.focused is not self.query_one(AuditList):
            self.set_focus(self.query_one(AuditList))
        elif self.practice_id is not None:
            self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            on_list = self.focused is self.query_one(AuditList)
            return not on_list or self.practice_id is not None
        if action == "search":
            return self.focused is not self.query_one("#search")
        return True
