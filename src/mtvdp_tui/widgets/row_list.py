"""A list that renders only the visible rows: the register and the plans overview use it.

Rows come from a `fetch(offset, limit)` callable (a SQL page query) and are cached per page, so
showing, scrolling and filtering cost the same for 140 or 10,000 practices. The columns are as
wide as their widest text where that is cheap: a list of at most MEASURED_ROWS rows is measured
(its pages are then in the cache anyway); a longer one uses each column's known maximum.

A list over the database (`show(..., remote=True)`) never queries on the UI thread: the screen
hands it the pages it already read in a worker, and a page scrolled to later is read in a worker
of the list's own (its lines are blank meanwhile, and the header says "bezig…"). A page that
arrives after the list was shown again (a newer search) is dropped.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from mtvdp_tui import compat
from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.widgets.columns import PADDING, Column, column_at, column_widths, fit, line_text

if TYPE_CHECKING:
    from textual.timer import Timer

PAGE_SIZE = 100
CACHED_PAGES = 32
MEASURED_ROWS = 3 * PAGE_SIZE  # measuring is ~0.05 ms a row: a filter keystroke stays quick
UNBOUNDED = 10**9  # a move to the first or the last row, whatever the count
BUSY_AFTER = 0.05  # seconds: a query that takes longer than a few frames shows "bezig…"

Row = TypeVar("Row")
Fetch = Callable[[int, int], Sequence[Row]]


class RowList(ScrollView, Generic[Row], can_focus=True):
    """A keyboard-driven list; `show()` gives it a row count and a page source.

    The first line is the column titles (the sorted one with ▲ or ▼), fixed while the rows
    scroll; header and rows are drawn at one width, so they always line up. Subclasses say
    which columns there are, the text of a row's cells and how a row stands out (`row_class`).
    """

    COMPONENT_CLASSES = {
        "row-list--header",
        "row-list--cursor",
        "row-list--muted",
        "row-list--alert",
        "row-list--notice",
        "row-list--empty",
    }
    DEFAULT_CSS = """
    RowList { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    RowList > .row-list--header { text-style: bold; background: $panel; }
    RowList > .row-list--cursor { background: $accent 30%; text-style: bold; }
    RowList:focus > .row-list--cursor { background: $accent; color: $text; }
    RowList > .row-list--muted { color: $text-muted; }
    RowList > .row-list--alert { color: $text-error; }
    RowList > .row-list--notice { color: $text-warning; text-style: bold; }
    RowList > .row-list--empty { color: $text-muted; text-style: italic; }
    """
    COLUMNS: Sequence[Column] = ()
    BINDINGS = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    busy: reactive[bool] = reactive(False)
    """A query for this list is out (shown in the header as "bezig…")."""
    sort: reactive[str] = reactive("")
    descending: reactive[bool] = reactive(False)

    class SortRequested(Message):
        """The user clicked a column title."""

        def __init__(self, key: str) -> None:
            self.key = key
            super().__init__()

    class Highlighted(Message):
        def __init__(self, row: object | None) -> None:
            self.row = row
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._count = 0
        self._fetch: Fetch[Row] = lambda _offset, _limit: []
        self._pages: OrderedDict[int, Sequence[Row]] = OrderedDict()
        self._widths: dict[int, list[int]] = {}  # the columns' widths per line width
        self._content: list[int] | None = None  # the widest text per column, if measured
        self._measured = False
        self._remote = False  # pages come from the database: read in workers
        self._loading: set[int] = set()  # page numbers being read
        self._generation = 0  # bumped by show(): pages of an older one are dropped
        self._busy_timer: Timer | None = None
        self._moves: list[int] | None = None  # cursor moves made while new rows are read
        self.empty_text = ""

    def cells(self, row: Row) -> Sequence[str]:
        """The text of each column for `row`."""
        raise NotImplementedError

    def row_class(self, row: Row) -> str | None:
        """A component class for `row` ("row-list--muted" for an excluded practice,
        "row-list--alert" for one that needs attention), or None."""
        return None

    # --- data --------------------------------------------------------------------------------

    def show(
        self,
        count: int,
        fetch: Fetch[Row],
        *,
        keep_cursor: bool = False,
        remote: bool = False,
        pages: dict[int, Sequence[Row]] | None = None,
    ) -> None:
        """Show `count` rows taken from `fetch`; the cursor returns to the top unless kept.

        `remote`: `fetch` queries the database, so it is only ever called in a worker, and
        `pages` (page number → rows) are the pages already read in one."""
        self._generation += 1
        self._count = count
        self._fetch = fetch
        self._remote = remote
        if self._loading:  # pages of the list replaced: their reads no longer count
            self._loading.clear()
            self.stop_busy()
        self._pages.clear()
        self._pages.update(pages or {})
        self._widths.clear()
        self._measured = False
        self._set_virtual_height(count + 1)
        target = min(self.cursor, count - 1) if keep_cursor else 0
        if not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self.cursor = max(0, target)
        moves, self._moves = self._moves or [], None
        if not keep_cursor:  # made on the old rows while these were read: they meant these
            for delta in moves:
                self._move(delta)
        self.refresh()

    def expect_rows(self) -> None:
        """New rows are being read: the cursor keys pressed meanwhile move through the rows
        shown now, and, when the new rows come with the cursor at the top, through those too."""
        self._moves = []

    def _set_virtual_height(self, height: int) -> None:
        """A new number of lines without a reflow of the screen: the list's own box stays the
        same; only its scrollbar changes (and that re-lays out when it appears or disappears)."""
        size = Size(self.scrollable_content_region.width, height)
        if size != self.virtual_size:
            self.set_reactive(RowList.virtual_size, size)
            compat.scroll_update(self, size)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # ScrollView compares its own virtual size with the compositor's (for a widget without
        # children: the visible area), which always differ, so any reflow on the screen — the
        # search field's, on every key — redrew the scrollbar (~1 ms). Ours is kept up to date
        # by _set_virtual_height, scrollbar included. A private Textual hook: see compat.HOOKS.
        return super()._size_updated(size, self.virtual_size, container_size, layout)

    @property
    def row_count(self) -> int:
        return self._count

    @property
    def current_row(self) -> Row | None:
        return self.row_at(self.cursor)

    def row_at(self, index: int) -> Row | None:
        if not 0 <= index < self._count:
            return None
        page_number, position = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None and self._remote:
            self._load_page(page_number)
            return None
        if page is None:
            page = self._fetch(page_number * PAGE_SIZE, PAGE_SIZE)
            self._pages[page_number] = page
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page[position] if position < len(page) else None

    def pages_around(self, index: int) -> set[int]:
        """The page numbers a worker should read for a list about to show row `index` (and
        the rows on screen now): every page when the list is short enough to be measured."""
        top = self.scroll_offset.y
        numbers = {0, index // PAGE_SIZE, top // PAGE_SIZE}
        numbers.add((top + self._visible_rows) // PAGE_SIZE)
        return numbers

    def _load_page(self, page_number: int) -> None:
        if page_number not in self._loading:
            self._loading.add(page_number)
            self.start_busy()
            self._read_page(self._generation, self._fetch, page_number)

    @work(thread=True, group="query-page")
    def _read_page(self, generation: int, fetch: Fetch[Row], page_number: int) -> None:
        try:
            rows = fetch(page_number * PAGE_SIZE, PAGE_SIZE)
        except Exception as error:  # a read changes nothing: lines stay blank, scrolling retries
            self.app.call_from_thread(self._page_failed, generation, page_number, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._page_read, generation, page_number, rows)

    def _page_failed(self, generation: int, page_number: int, error: Exception) -> None:
        if generation == self._generation:
            self._loading.discard(page_number)
            if not self._loading:
                self.stop_busy()
            self.notify(t("list.failed", error=failure_text(error)), severity="error")

    def _page_read(self, generation: int, page_number: int, rows: Sequence[Row]) -> None:
        if generation != self._generation:
            return  # read for a list shown before: a newer search replaced it
        self._loading.discard(page_number)
        self._pages[page_number] = rows
        if len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        if not self._loading:
            self.stop_busy()
        self._widths.clear()
        self.refresh()
        if self.cursor // PAGE_SIZE == page_number:
            self.post_message(self.Highlighted(self.current_row))

    def start_busy(self) -> None:
        """A query is out: say "bezig…" if it takes longer than a few frames."""
        if self._busy_timer is None:
            self._busy_timer = self.set_timer(BUSY_AFTER, self._show_busy)

    def stop_busy(self) -> None:
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        self.busy = False

    def _show_busy(self) -> None:
        self._busy_timer = None
        self.busy = True

    def watch_busy(self) -> None:
        self.refresh(Region(0, 0, self.size.width, 1))

    # --- drawing -----------------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        """How many rows fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _column_widths(self, width: int) -> list[int]:
        if not self._measured:
            self._content = self._measure()
            self._measured = True
        if width not in self._widths:
            self._widths[width] = column_widths(self.COLUMNS, width, self._content)
        return self._widths[width]

    def _measure(self) -> list[int] | None:
        """The widest text of each column over all rows, or None when there are too many."""
        if self._count > MEASURED_ROWS:
            return None
        widest = [0] * len(self.COLUMNS)
        for index in range(self._count):
            row = self.row_at(index)
            if row is None:
                continue
            for column, text in enumerate(self.cells(row)):
                widest[column] = max(widest[column], len(text))
        return widest

    def _line(self, texts: Sequence[str], style: Style, width: int) -> Strip:
        text = line_text(self.COLUMNS, texts, self._column_widths(width))
        return Strip([Segment(fit(text, width), style)], width)

    def _header_line(self, width: int) -> Strip:
        arrow = " ▼" if self.descending else " ▲"
        sorted_by = next((c for c in self.COLUMNS if c.key == self.sort), None)
        titles = [c.title + (arrow if c is sorted_by else "") for c in self.COLUMNS]
        style = self.visual_style.rich_style + self.get_component_rich_style("row-list--header")
        line = self._line(titles, style, width)
        if not self.busy:
            return line
        busy = f" {t('list.busy')} "
        text = fit(line.text[: max(0, width - len(busy))] + busy, width)
        return Strip([Segment(text, style)], width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header_line(width)
        index = self.scroll_offset.y + y - 1
        if self._count == 0:
            style = self.get_component_rich_style("row-list--empty")
            # wrapped, never cut: it says why the list is empty and what to do about it
            lines = textwrap.wrap(self.empty_text, max(1, width - 2 * PADDING))
            text = " " * PADDING + lines[y - 2] if 2 <= y < 2 + len(lines) else ""
            return Strip([Segment(fit(text, width), style)], width)
        row = self.row_at(index)
        base = self.visual_style.rich_style  # as `rich_style`, but cached by Textual
        if row is None:
            return Strip.blank(width, base)
        style = base
        row_class = self.row_class(row)
        if row_class:
            style += self.get_component_rich_style(row_class)
        if index == self.cursor:
            style += self.get_component_rich_style("row-list--cursor")
        return self._line(self.cells(row), style, width)

    def on_resize(self, event: events.Resize) -> None:
        self._set_virtual_height(self._count + 1)
        self.call_after_refresh(self._keep_cursor_visible)

    # --- the cursor --------------------------------------------------------------------------

    def watch_cursor(self, cursor: int) -> None:
        self._keep_cursor_visible()
        self.refresh()
        self.post_message(self.Highlighted(self.current_row))

    def _keep_cursor_visible(self) -> None:
        top, cursor = self.scroll_offset.y, self.cursor
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + self._visible_rows:
            self.scroll_to(y=cursor - self._visible_rows + 1, animate=False)

    def _move(self, delta: int) -> None:
        if self._count:
            self.cursor = max(0, min(self._count - 1, self.cursor + delta))

    async def _on_key(self, event: events.Key) -> None:
        """The cursor keys act the moment they reach the list (as FormInput's keys do), not
        once their key bubbled up to the App: a priority key typed right behind them (Enter, a
        key that opens a dialog) then acts on the row they moved to. A private Textual hook:
        see compat.HOOKS."""
        for binding in compat.own_bindings(self, event.key):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    def _key_move(self, delta: int) -> None:
        if self._moves is not None:
            self._moves.append(delta)
        self._move(delta)

    def action_cursor_up(self) -> None:
        self._key_move(-1)

    def action_cursor_down(self) -> None:
        self._key_move(1)

    def watch_sort(self) -> None:
        self.refresh()

    def watch_descending(self) -> None:
        self.refresh()

    def action_page_up(self) -> None:
        self._key_move(-self._visible_rows)

    def action_page_down(self) -> None:
        self._key_move(self._visible_rows)

    def action_first(self) -> None:
        self._key_move(-UNBOUNDED)

    def action_last(self) -> None:
        self._key_move(UNBOUNDED)

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            self._click_title(event.x)
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < self._count:
            self.cursor = index

    def _click_title(self, x: int) -> None:
        widths = self._column_widths(self.scrollable_content_region.width)
        column = column_at(self.COLUMNS, widths, x)
        if column is not None:
            self.post_message(self.SortRequested(column.key))
