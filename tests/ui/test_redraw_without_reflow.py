"""Widgets that redraw without re-laying out the screen (a search keystroke, a toggled
intervention) must still grow, shrink and show their scrollbar when their content needs it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult

from mtvdp_tui.domain.plan_rules import RuleOutcome, RuleStatus
from mtvdp_tui.domain.ruleset import RuleKind
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList
from mtvdp_tui.widgets.rules_panel import RulesPanel

SIZE = (40, 14)


class NumberList(RowList[int]):
    COLUMNS = (Column("n", "Nummer", name=True),)

    def cells(self, row: int) -> Sequence[str]:
        return (f"rij {row}",)


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NumberList()

    def show(self, count: int) -> None:
        self.query_one(NumberList).show(count, lambda offset, limit: range(offset, count)[:limit])


async def test_the_scrollbar_comes_and_goes_with_the_number_of_rows() -> None:
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = app.query_one(NumberList)
        app.show(100)
        await pilot.pause()
        assert rows.show_vertical_scrollbar and rows.virtual_size.height == 101
        assert rows.scrollable_content_region.width == SIZE[0] - 1

        app.show(3)  # fits: no scrollbar, and the rows take its column
        await pilot.pause()
        assert not rows.show_vertical_scrollbar and rows.virtual_size.height == 4
        assert rows.scrollable_content_region.width == SIZE[0]
        assert rows.render_line(1).cell_length == SIZE[0]

        app.show(50)
        await pilot.pause()
        assert rows.show_vertical_scrollbar and rows.max_scroll_y == 51 - rows.size.height


async def test_the_cursor_stays_visible_when_rows_disappear_below_it() -> None:
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = app.query_one(NumberList)
        app.show(100)
        await pilot.press("end")
        rows.show(60, lambda offset, limit: range(offset, 60)[:limit], keep_cursor=True)
        await pilot.pause()
        assert rows.cursor == 59
        assert rows.scroll_y == rows.max_scroll_y == 61 - rows.size.height


def outcome(number: int, detail: str = "in orde") -> RuleOutcome:
    return RuleOutcome(
        rule_id=f"regel-{number}",
        kind=RuleKind.MINIMUM,
        text=f"Regel {number}",
        status=RuleStatus.OK,
        detail=detail,
        counted=(),
        step=3,
    )


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RulesPanel()


async def test_the_rules_panel_grows_and_shrinks_with_its_lines() -> None:
    app = PanelApp()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(RulesPanel)

        async def height_after(outcomes: Sequence[RuleOutcome]) -> int:
            panel.show(outcomes)
            await pilot.pause()
            return panel.size.height

        two = await height_after([outcome(1), outcome(2)])
        assert await height_after([outcome(1), outcome(2)]) == two  # the same lines
        assert await height_after([outcome(1), outcome(2), outcome(3)]) == two + 2
        wrapping = outcome(2, "een toelichting die te lang is voor één regel van dit paneel")
        assert await height_after([outcome(1), wrapping]) > two
        assert await height_after([outcome(1), outcome(2)]) == two


async def test_rows_follow_a_resized_terminal() -> None:
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = app.query_one(NumberList)
        app.show(100)
        await pilot.press("end")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert rows.virtual_size == (59, 101)
        assert rows.render_line(1).cell_length == 59
        assert rows.cursor == 99 and rows.scroll_y == rows.max_scroll_y == 101 - 20
