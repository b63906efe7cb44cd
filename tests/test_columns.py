"""Column layout of the Line-API lists: the name first, optional columns dropped in their order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.widgets.columns import (
    ARROW,
    GAP,
    NAME_FLOOR,
    NAME_MIN,
    PADDING,
    Column,
    column_at,
    column_widths,
    drop_order,
    line_text,
    name_index,
)

COLUMNS = (
    Column("a", "A", 8),
    Column("naam", "Naam", name=True),
    Column("b", "B", 10, drop=2),
    Column("c", "C", 6, right=True),
    Column("d", "D", 12, drop=1),
    Column("e", "E", 20, grow=True),
)


def line_width(widths: list[int]) -> int:
    shown = [w for w in widths if w]
    return sum(shown) + GAP * (len(shown) - 1) + PADDING * 2


def test_wide_lines_show_every_column_and_the_name_whole() -> None:
    widths = column_widths(COLUMNS, 200, [8, 40, 10, 5, 12, 60])
    assert widths == [8, 40, 10, 5, 12, 60]


def test_columns_are_as_wide_as_their_widest_text_or_title() -> None:
    widths = column_widths(COLUMNS, 200, [8, 30, 4, 2, 3, 10])
    assert widths == [8, 30, 4, 3, 3, 10]  # "C ▲" needs 3


def test_unmeasured_columns_take_their_known_maximum() -> None:
    assert column_widths(COLUMNS, 200)[:5] == [8, 48, 10, 6, 12]


def test_narrow_lines_drop_optional_columns_in_their_order() -> None:
    content = [8, 40, 10, 6, 12, 20]
    assert column_widths(COLUMNS, 103, content)[1:5] == [40, 10, 6, 12]
    assert column_widths(COLUMNS, 102, content)[1:5] == [39, 10, 6, 12]  # the name: 34 or more
    assert column_widths(COLUMNS, 90, content)[1:5] == [40, 10, 6, 0]  # d (drop=1) first
    assert column_widths(COLUMNS, 70, content)[1:5] == [31, 0, 6, 0]  # then b
    assert column_widths(COLUMNS, 40, content) == [8, NAME_FLOOR, 0, 6, 0, 20]  # too narrow


def test_a_text_cut_to_its_known_maximum_gets_cells_left_over() -> None:
    content = [8, 20, 30, 6, 12, 20]  # b's texts are wider than its known 10
    assert column_widths(COLUMNS, 83, content)[1:3] == [20, 10]  # the name whole first
    assert column_widths(COLUMNS, 90, content)[2] == 17
    assert column_widths(COLUMNS, 120, content)[2] == 30


def test_grow_columns_take_what_is_left_in_a_long_list() -> None:
    widths = column_widths(COLUMNS, 200)
    assert line_width(widths) == 200 and widths[5] > 20


@st.composite
def layouts(draw: st.DrawFn) -> tuple[list[Column], list[int] | None]:
    count = draw(st.integers(0, 7))
    columns = [
        Column(
            f"k{i}",
            draw(st.text("ABC", max_size=12)),
            draw(st.integers(1, 30)),
            drop=draw(st.integers(0, 3)),
            grow=draw(st.booleans()),
        )
        for i in range(count)
    ]
    columns.insert(draw(st.integers(0, count)), Column("naam", "Naam", name=True))
    content = draw(st.none() | st.lists(st.integers(0, 80), min_size=count + 1, max_size=count + 1))
    return columns, content


def minimum_line(columns: list[Column], content: list[int] | None) -> int:
    """The narrowest line that fits: the columns never left out at their widest, the name at
    its floor (generous on purpose: their widths may grow with the cells left)."""
    kept = [i for i, c in enumerate(columns) if not c.drop and not c.name]
    widest = column_widths(columns, 10_000, content)
    return sum(widest[i] for i in kept) + (GAP + 1) * len(columns) + NAME_FLOOR + 2 * PADDING


@given(layouts(), st.integers(10, 300))
def test_a_line_never_exceeds_its_width_when_the_kept_columns_fit(layout, total: int) -> None:
    columns, content = layout
    widths = column_widths(columns, total, content)
    if total >= minimum_line(columns, content):
        assert line_width(widths) <= total


@given(layouts(), st.integers(10, 300))
def test_the_name_is_cut_only_when_no_cell_is_free(layout, total: int) -> None:
    columns, content = layout
    widths = column_widths(columns, total, content)
    name = name_index(columns)
    whole = column_widths(columns, 10_000, content)[name]  # the longest name, or the cap
    assert widths[name] <= whole
    if widths[name] < whole and widths[name] > NAME_FLOOR:
        assert line_width(widths) == total


@given(layouts(), st.integers(10, 300))
def test_columns_are_dropped_only_in_the_stated_order(layout, total: int) -> None:
    columns, content = layout
    widths = column_widths(columns, total, content)
    order = drop_order(columns)
    # a column with no title and no content has no width whether dropped or not: not counted
    empty = [not c.title and content is not None and not content[i] for i, c in enumerate(columns)]
    dropped = [widths[i] == 0 for i in order if not empty[i]]
    assert dropped == sorted(dropped, reverse=True)  # a dropped prefix, then shown ones
    assert all(widths[i] for i, c in enumerate(columns) if not c.drop and not empty[i])


@given(layouts(), st.integers(10, 300), st.integers(1, 50))
def test_a_wider_line_shows_as_much_and_widens_what_stays(layout, total: int, more: int) -> None:
    columns, content = layout
    narrow = column_widths(columns, total, content)
    wide = column_widths(columns, total + more, content)
    assert all(w for n, w in zip(narrow, wide, strict=True) if n)  # nothing disappears
    if [bool(w) for w in wide] == [bool(n) for n in narrow]:  # no column came back
        assert all(w >= n for n, w in zip(narrow, wide, strict=True))


@given(layouts(), st.integers(10, 300))
def test_an_optional_column_is_dropped_only_when_the_name_needs_its_cells(layout, total) -> None:
    columns, content = layout
    widths = column_widths(columns, total, content)
    name = name_index(columns)
    whole = column_widths(columns, 10_000, content)
    dropped = [i for i in drop_order(columns) if widths[i] == 0]
    if dropped and widths[name] < whole[name]:  # (a whole name leaves the others grown)
        last = columns[dropped[-1]]
        if last.grow:  # no known maximum: its title always keeps room for the arrow
            title = len(last.title) + ARROW if last.title else 0
        else:
            title = max(len(last.title), min(len(last.title) + ARROW, last.width))
        cells = max(title, min(whole[dropped[-1]], last.width)) + GAP  # what it would take
        assert widths[name] - cells < min(NAME_MIN, whole[name])


@given(st.integers(10, 300))
def test_a_line_is_as_wide_as_its_columns(total: int) -> None:
    widths = column_widths(COLUMNS, total)
    text = line_text(COLUMNS, ["x"] * len(COLUMNS), widths)
    shown = [w for w in widths if w]
    assert len(text) == 1 + sum(shown) + len(shown) - 1
    assert column_at(COLUMNS, widths, 1) is COLUMNS[0]


def test_a_column_without_title_or_text_is_left_out() -> None:
    columns = (Column("naam", "Naam", name=True), Column("mark", "", 13))
    assert column_widths(columns, 40, [20, 0]) == [20, 0]
    assert column_widths(columns, 40, [20, 13]) == [20, 13]


def test_an_empty_list_has_room_for_the_names_title_and_its_sort_arrow() -> None:
    """Found in tmux: a search without results showed the title as "Naa…" (its sort arrow
    did not fit in the width of the title alone)."""
    widths = column_widths(COLUMNS, 120, [0, 0, 0, 0, 0, 0])
    assert widths[1] == len("Naam") + ARROW
    assert widths[5] == len("E") + ARROW  # a grow column has no known maximum either
