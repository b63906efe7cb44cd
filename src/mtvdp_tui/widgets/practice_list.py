"""The practice register as a list that renders only the visible rows.

Rows come from a `fetch(offset, limit)` callable (a SQL page query) and are cached per page, so
showing, scrolling and filtering cost the same for 140 or 10,000 practices.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mtvdp_tui.store.practices import PracticeRow, SortKey
from mtvdp_tui.widgets.practice_columns import COLUMNS, GAP, PADDING, cells, column_widths, fit

PAGE_SIZE = 100
CACHED_PAGES = 32

Fetch = Callable[[int, int], list[PracticeRow]]


def _line(texts: list[str], widths: list[int], style: Style, width: int) -> Strip:
    parts = [
        fit(text, w, column.right) for text, w, column in zip(texts, widths, COLUMNS, strict=True)
    ]
    line = " " * PADDING + (" " * GAP).join(parts)
    return Strip([Segment(fit(line, width), style)], width)


class PracticeList(ScrollView, can_focus=True):
    """A keyboard-driven list of practices; `show()` gives it a row count and a page source.

    The first line is the column titles (the sorted one with ▲ or ▼), fixed while the rows
    scroll; header and rows are drawn at one width, so they always line up.
    """

    COMPONENT_CLASSES = {
        "practice-list--header",
        "practice-list--cursor",
        "practice-list--excluded",
        "practice-list--empty",
    }
    DEFAULT_CSS = """
    PracticeList { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    PracticeList > .practice-list--header { text-style: bold; background: $panel; }
    PracticeList > .practice-list--cursor { background: $accent 30%; text-style: bold; }
    PracticeList:focus > .practice-list--cursor { background: $accent; color: $text; }
    PracticeList > .practice-list--excluded { color: $text-muted; }
    PracticeList > .practice-list--empty { color: $text-muted; text-style: italic; }
    """
    BINDINGS = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    sort: reactive[SortKey] = reactive(SortKey.NAME)
    descending: reactive[bool] = reactive(False)

    class SortRequested(Message):
        """The user clicked a column title."""

        def __init__(self, key: SortKey) -> None:
            self.key = key
            super().__init__()

    class Highlighted(Message):
        def __init__(self, row: PracticeRow | None) -> None:
            self.row = row
            super().__init__()

    def __init__(self, *, today: Callable[[], date], id: str | None = None) -> None:
        super().__init__(id=id)
        self._today = today
        self._count = 0
        self._fetch: Fetch = lambda _offset, _limit: []
        self._pages: OrderedDict[int, list[PracticeRow]] = OrderedDict()
        self.empty_text = ""

    # --- data --------------------------------------------------------------------------------

    def show(self, count: int, fetch: Fetch, *, keep_cursor: bool = False) -> None:
        """Show `count` rows taken from `fetch`; the cursor returns to the top unless kept."""
        self._count = count
        self._fetch = fetch
        self._pages.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, count + 1)
        target = min(self.cursor, count - 1) if keep_cursor else 0
        if not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self.cursor = max(0, target)
        self.refresh()

    @property
    def row_count(self) -> int:
        return self._count

    @property
    def current_row(self) -> PracticeRow | None:
        return self.row_at(self.cursor)

    def row_at(self, index: int) -> PracticeRow | None:
        if not 0 <= index < self._count:
            return None
        page_number, position = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            page = self._fetch(page_number * PAGE_SIZE, PAGE_SIZE)
            self._pages[page_number] = page
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page[position] if position < len(page) else None

    # --- drawing -----------------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        """How many rows fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _header_line(self, width: int) -> Strip:
        arrow = " ▼" if self.descending else " ▲"
        titles = [c.title + (arrow if c.key == self.sort else "") for c in COLUMNS]
        style = self.rich_style + self.get_component_rich_style("practice-list--header")
        return _line(titles, column_widths(width), style, width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header_line(width)
        index = self.scroll_offset.y + y - 1
        if self._count == 0:
            style = self.get_component_rich_style("practice-list--empty")
            text = " " * PADDING + self.empty_text if y == 2 else ""
            return Strip([Segment(fit(text, width), style)], width)
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if row.excluded:
            style += self.get_component_rich_style("practice-list--excluded")
        if index == self.cursor:
            style += self.get_component_rich_style("practice-list--cursor")
        return _line(list(cells(row, self._today())), column_widths(width), style, width)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._count + 1)

    # --- the cursor --------------------------------------------------------------------------

    def watch_cursor(self, cursor: int) -> None:
        top = self.scroll_offset.y
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + self._visible_rows:
            self.scroll_to(y=cursor - self._visible_rows + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self.current_row))

    def _move(self, delta: int) -> None:
        if self._count:
            self.cursor = max(0, min(self._count - 1, self.cursor + delta))

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def watch_sort(self) -> None:
        self.refresh()

    def watch_descending(self) -> None:
        self.refresh()

    def action_page_up(self) -> None:
        self._move(-self._visible_rows)

    def action_page_down(self) -> None:
        self._move(self._visible_rows)

    def action_first(self) -> None:
        self._move(-self._count)

    def action_last(self) -> None:
        self._move(self._count)

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            self._click_title(event.x)
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < self._count:
            self.cursor = index

    def _click_title(self, x: int) -> None:
        x -= PADDING
        widths = column_widths(self.scrollable_content_region.width)
        for column, width in zip(COLUMNS, widths, strict=True):
            if 0 <= x < width + GAP:
                self.post_message(self.SortRequested(column.key))
                return
            x -= width + GAP
