"""Column layout of the Line-API lists: the flexible column, optional columns when narrow."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.widgets.columns import MIN_FLEX, Column, column_at, column_widths, line_text

COLUMNS = (
    Column("a", "A", 8),
    Column("naam", "Naam", 0),
    Column("b", "B", 10, optional=True),
    Column("c", "C", 6, right=True),
    Column("d", "D", 12, optional=True),
)


def test_wide_lines_show_every_column() -> None:
    assert column_widths(COLUMNS, 100) == [8, 100 - 36 - 4 - 2, 10, 6, 12]


def test_narrow_lines_drop_optional_columns_last_first() -> None:
    assert column_widths(COLUMNS, 45)[4] == 0 and column_widths(COLUMNS, 45)[2] == 10
    assert column_widths(COLUMNS, 30) == [8, MIN_FLEX, 0, 6, 0]


@given(st.integers(10, 300))
def test_a_line_is_as_wide_as_its_columns(total: int) -> None:
    widths = column_widths(COLUMNS, total)
    text = line_text(COLUMNS, ["x"] * len(COLUMNS), widths)
    shown = [w for w in widths if w]
    assert len(text) == 1 + sum(shown) + len(shown) - 1
    assert column_at(COLUMNS, widths, 1) is COLUMNS[0]
