"""What the list sections share (the register, the plans overview, the logboek): a search field
and Select filters above a RowList, the list re-read from a query on every change.

Subclasses compose the filter row with `search_field` and `filter_select`, say which Select sets
which query field in `FILTERS`, and implement `read()` (the queries, run in a worker: never on the
UI thread, so keys typed while a query is out are taken in at once) and `shown()` (the result on
screen). A newer query supersedes one still out: its result is dropped. `SortedListScreen` adds
the order: `s` cycles through the sort keys, `S` reverses, a click on a column title sorts by it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Label, Select
from textual.worker import get_current_worker

from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text as read_failure  # the one mapping, for lists
from mtvdp_tui.screens.freshness import Freshness
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.form_input import FormInput
from mtvdp_tui.widgets.row_list import PAGE_SIZE, Fetch, RowList

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
    yield FormInput(placeholder=placeholder, id="search", compact=True)


def read_again_binding(binding_id: str) -> Binding:
    """ctrl+r: read the section again (another copy may have changed it), the cursor kept on
    the same row."""
    return Binding("ctrl+r", "read_again", t("list.key.read_again"), id=binding_id)


def filter_select(options: list[tuple[str, Any]], prompt: str, select_id: str) -> Select[Any]:
    """A filter above the list; its prompt means "no filter"."""
    return Select(options, prompt=prompt, id=select_id, compact=True)


@dataclass(frozen=True)
class Read:
    """What `ListScreen.read` found for a query: the row count, the page source, and whatever
    else the screen shows beside the list (totals, counts)."""

    count: int
    fetch: Fetch[Any]
    extra: object = None


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
        self._generation = 0  # bumped per reload: a result read for an older one is dropped
        self._cursor_at_reload = 0
        self.freshness = Freshness()

    def on_mount(self) -> None:
        self.freshness.watch(self, self.read_again)

    def on_screen_resume(self) -> None:
        """Back to this section (a dialog or form closed over it, another section left):
        read again when anything changed meanwhile."""
        if self.is_mounted:
            self.freshness.when_changed(self, self.read_again)

    def action_read_again(self) -> None:
        self.read_again()

    def read_again(self) -> None:
        """Read the rows again, the cursor kept on the same row (by id) where it still is."""
        current = self.query_one(self.ROWS).current_row
        self.reload(keep_cursor=True, find=None if current is None else current.id)

    def read(self, query: QueryT) -> Read:
        """The count, page source and extras for `query`. Runs in a worker thread."""
        raise NotImplementedError

    def shown(self, query: QueryT, read: Read) -> None:
        """Show what `read` found beside the list (totals, the empty text); on the UI thread."""

    def position(self, query: QueryT, row_id: int) -> int | None:
        """Where the row `row_id` is in `query`'s result (None: not in it). In a worker."""
        return None

    def reload(
        self,
        *,
        keep_cursor: bool = False,
        find: int | None = None,
        then: Callable[[int | None], object] | None = None,
        mark: bool = True,
    ) -> None:
        """Query again for `query_state` in a worker and show the result. `then(place)` runs
        once it is shown (not when a newer reload superseded this one), with the position of
        the row `find` in it (None: not asked, or not in it). `mark`: note the audit's newest id
        first (`Freshness`); a search does not (a round trip per key): a change it shows is at
        worst read once more."""
        self._generation += 1
        rows = self.query_one(self.ROWS)
        rows.start_busy()
        rows.expect_rows()
        wanted = rows.pages_around(rows.cursor if keep_cursor else 0)
        self._cursor_at_reload = rows.cursor
        mark = mark or self._generation == 1
        self._read_rows(self._generation, self.query_state, wanted, keep_cursor, find, then, mark)

    @work(thread=True, exclusive=True, group="query-list")
    def _read_rows(
        self,
        generation: int,
        query: QueryT,
        wanted: set[int],
        keep_cursor: bool,
        find: int | None,
        then: Callable[[int | None], object] | None,
        mark: bool,
    ) -> None:
        try:
            if mark:
                self.freshness.mark(self)
            found, place = self._read_and_place(query, find)
            if place is not None:
                wanted = {*wanted, place // PAGE_SIZE}
            if found.count <= 3 * PAGE_SIZE:  # short: every page, so its columns are measured
                wanted = set(range((found.count + PAGE_SIZE - 1) // PAGE_SIZE))
            pages = {n: found.fetch(n * PAGE_SIZE, PAGE_SIZE) for n in sorted(wanted)}
        except Exception as error:  # a read changes nothing: say so, keep the list, go on
            self.freshness.forget()  # the next question reads again
            message = t("list.failed", error=read_failure(error))
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._read_failed, generation, message)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(
                self._show_read, generation, query, found, pages, keep_cursor, place, then
            )

    def _read_and_place(self, query: QueryT, find: int | None) -> tuple[Read, int | None]:
        """`read(query)` and, when asked, the position of the row `find`: side by side (each
        on its own connection), so over a network they cost one round trip of waiting."""
        if find is None:
            return self.read(query), None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-position") as pool:
            placing = pool.submit(self.position, query, find)
            found = self.read(query)
            return found, placing.result()

    def _show_read(
        self,
        generation: int,
        query: QueryT,
        found: Read,
        pages: dict[int, Sequence[Any]],
        keep_cursor: bool,
        place: int | None,
        then: Callable[[int | None], object] | None,
    ) -> None:
        if generation != self._generation or not self.is_mounted:
            return  # a newer query is out: its result will be shown instead
        rows = self.query_one(self.ROWS)
        rows.stop_busy()
        moved = rows.cursor != self._cursor_at_reload  # by the user, while this was read
        self.shown(query, found)
        rows.show(found.count, found.fetch, keep_cursor=keep_cursor, remote=True, pages=pages)
        if place is not None and not (keep_cursor and moved):
            rows.cursor = place
        if then is not None:
            then(place)

    def _read_failed(self, generation: int, message: str) -> None:
        if generation != self._generation or not self.is_mounted:
            return
        self.query_one(self.ROWS).stop_busy()
        self.notify(message, severity="error", timeout=10)

    def _set_query(self, **changes: Any) -> None:
        self.query_state = replace(self.query_state, **changes)
        self.reload(mark=False)

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
