"""What the list sections share (the register, the plans overview, the logboek): a search field
and Select filters above a RowList, the list re-read from a query on every change.

Subclasses compose the filter row with `search_field` and `filter_select`, say which Select sets
which query field in `FILTERS`, and implement `reload()`. `SortedListScreen` adds the order: `s`
cycles through the sort keys, `S` reverses, a click on a column title sorts by it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Label, Select

from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.row_list import RowList

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    class SortedQuery(DataclassInstance, Protocol):
        """A query with an order: a sort key and a direction."""

        @property
        def sort(self) -> StrEnum: ...

        @property
        def descending(self) -> bool: ...


QueryT = TypeVar("QueryT", bound="DataclassInstance")
SortedQueryT = TypeVar("SortedQueryT", bound="SortedQuery")


def search_binding(description: str, binding_id: str, *, priority: bool = True) -> Binding:
    """ "/" to the search field. Priority: the App handles "/" before routing the next key, so
    "/linde" typed at full speed lands in the search field (`check_action` lets a "/" be typed
    inside it)."""
    return Binding(
        "slash", "search", description, key_display="/", id=binding_id, priority=priority
    )


def search_field(label: str, placeholder: str) -> ComposeResult:
    """The search field's label and input (ids `search-label` and `search`)."""
    yield Label(label, id="search-label")
    yield Input(placeholder=placeholder, id="search", compact=True)


def filter_select(options: list[tuple[str, Any]], prompt: str, select_id: str) -> Select[Any]:
    """A filter above the list; its prompt means "no filter"."""
    return Select(options, prompt=prompt, id=select_id, compact=True)


class ListScreen(Screen[None], Generic[QueryT]):
    """A section listing the rows of `query_state`; every change of the search text or of a
    filter replaces the query and reloads. Enter in the search field, or a choice in a filter,
    returns the focus to the list."""

    mtvdp = MtvdpAppAttribute()

    ROWS: ClassVar[type[RowList[Any]]]
    """The list widget the screen shows its rows in."""

    FILTERS: ClassVar[dict[str, tuple[str, Callable[[Any], object]]]] = {}
    """Select id → (the query field it sets, how a chosen value becomes that field's value)."""

    def __init__(self, query: QueryT) -> None:
        super().__init__()
        self.query_state = query

    def reload(self) -> None:
        """Query again for `query_state` and show the result."""
        raise NotImplementedError

    def _set_query(self, **changes: Any) -> None:
        self.query_state = replace(self.query_state, **changes)
        self.reload()

    def _in_search(self) -> bool:
        return self.focused is self.query_one("#search")

    # --- filtering ---------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(text=event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.action_focus_list()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        if event.select.id not in self.FILTERS:
            return
        field, value_of = self.FILTERS[event.select.id]
        self._set_query(**{field: None if event.value is Select.NULL else value_of(event.value)})
        self.action_focus_list()

    def _open_filter(self, select_id: str) -> None:
        select = self.query_one(f"#{select_id}", Select)
        self.set_focus(select)
        select.action_show_overlay()

    def action_search(self) -> None:
        # set_focus, not focus(): focus() is deferred to after the keys already queued
        self.set_focus(self.query_one("#search", Input))

    def action_focus_list(self) -> None:
        self.set_focus(self.query_one(self.ROWS))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":  # a priority key: let "/" be typed in the search field
            return not self._in_search()
        return True


class SortedListScreen(ListScreen[SortedQueryT]):
    """A list section whose order the user picks: `s` cycles through `SORT`, `S` reverses, and
    a click on a column title sorts by that column (a second click reverses)."""

    SORT: ClassVar[type[StrEnum]]

    @on(RowList.SortRequested)
    def _sort_requested(self, event: RowList.SortRequested) -> None:
        key = self.SORT(event.key)
        same = key == self.query_state.sort
        self._set_query(sort=key, descending=same and not self.query_state.descending)

    def action_sort(self) -> None:
        keys = list(self.SORT)
        position = keys.index(self.query_state.sort)
        self._set_query(sort=keys[(position + 1) % len(keys)], descending=False)

    def action_reverse(self) -> None:
        self._set_query(descending=not self.query_state.descending)
