"""Every list at 80×24, 100×30 and 120×36: a name is never cut while its line has free cells.

The lines are read as drawn (`render_line`), every row of the list, on the demo database. A
line's free cells are the blank band at its right that no line of the list uses (header and
rows), after the one cell of padding: the last column's blanks in a row with a shorter text are
part of the table, not free.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from mtvdp_tui.widgets.audit_list import AuditList
from mtvdp_tui.widgets.columns import PADDING, name_index
from mtvdp_tui.widgets.declaration_list import DeclarationList
from mtvdp_tui.widgets.import_rows import ImportRowList
from mtvdp_tui.widgets.lottery_lists import DrawnList, PoolList
from mtvdp_tui.widgets.plan_list import PlanList
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.row_list import RowList
from tests.examples import drawn_demo
from tests.ui.helpers import make_app, settle, until
from tests.ui.test_snapshots import import_file

SIZES = [(80, 24), (100, 30), (120, 36)]
SIZE_IDS = ["80x24", "100x30", "120x36"]
SOURCES = "9319\n10 2 8 12 5\n45 9 18 26 34 41"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return drawn_demo(tmp_path_factory.mktemp("drawn") / "demo.sqlite")


async def rendered_lines(pilot: Pilot, rows: RowList) -> dict[int, str]:
    """Every line of `rows` as drawn: -1 is the header, then each row by its index."""
    lines = {-1: rows.render_line(0).text}
    visible = rows.scrollable_content_region.height - 1
    for top in range(0, rows.row_count, visible):
        rows.scroll_to(y=top, animate=False, immediate=True)
        await pilot.pause()
        for y in range(1, visible + 1):
            index = rows.scroll_offset.y + y - 1
            if index < rows.row_count:
                lines[index] = rows.render_line(y).text
    return lines


def is_cut(name: str, line: str) -> bool:
    return name not in line and any(f"{name[:k]}…" in line for k in range(len(name)))


async def assert_names_whole_or_no_free_cells(pilot: Pilot, rows: RowList) -> None:
    """No name cut while the lines have free cells, and no line wider than the list."""
    assert rows.row_count > 0 and rows.display and rows.size.width > 0
    await until(lambda: not rows.busy)  # "bezig…" in the title line is no cut title
    await pilot.pause()
    lines = await rendered_lines(pilot, rows)
    assert len(lines) == rows.row_count + 1
    free = min(len(text) - len(text.rstrip()) for text in lines.values()) - PADDING
    column = name_index(rows.COLUMNS)
    names = {index: rows.cells(rows.row_at(index))[column] for index in lines if index >= 0}
    cut = [lines[index] for index, name in names.items() if is_cut(name, lines[index])]
    assert not (cut and free > 0), f"{len(cut)} names cut with {free} free cells: {cut[0]!r}"
    assert "…" not in lines[-1], f"a title is cut (the line is too wide): {lines[-1]!r}"


Open = Callable[[Pilot], Awaitable[None]]


async def nothing(pilot: Pilot) -> None:
    await pilot.pause()


def keys(*pressed: str) -> Open:
    async def press(pilot: Pilot) -> None:
        await pilot.press(*pressed)

    return press


async def lottery_drawing(pilot: Pilot) -> None:
    await pilot.press("f5", "v", "enter")
    pilot.app.screen.query_one(TextArea).text = SOURCES
    await pilot.press("ctrl+s", "enter", *["space"] * 12)
    if pilot.app.screen.has_class("-compact"):
        await pilot.press("l")  # a projector: the steps are the other view


LISTS = {
    "register": (False, PracticeList, nothing),
    "plans": (True, PlanList, keys("f4")),
    "pool": (False, PoolList, keys("f5")),
    "drawn": (False, DrawnList, lottery_drawing),
    "declarations": (True, DeclarationList, keys("f6", *["left"] * 5)),
    "logboek": (True, AuditList, keys("f7")),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(LISTS))
async def test_no_name_is_cut_while_its_line_has_free_cells(
    name: str, size: tuple[int, int], drawn: Path, tmp_path: Path
) -> None:
    uses_drawn, kind, open_list = LISTS[name]
    if uses_drawn:
        path = tmp_path / "demo.sqlite"
        path.write_bytes(drawn.read_bytes())
        app = make_app(path)
    else:
        app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=size) as pilot:
        await open_list(pilot)
        await settle(pilot)  # on a busy machine "bezig…" stands in the title line until then
        await assert_names_whole_or_no_free_cells(pilot, app.screen.query_one(kind))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_no_import_row_name_is_cut_while_its_line_has_free_cells(
    size: tuple[int, int], tmp_path: Path, monkeypatch
) -> None:
    path = import_file(tmp_path, monkeypatch)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.press("I")
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await assert_names_whole_or_no_free_cells(pilot, app.screen.query_one(ImportRowList))


@pytest.mark.parametrize("size", [(64, 20), (80, 24)], ids=["64x20", "80x24"])
async def test_an_empty_list_says_why_in_whole_words(size: tuple[int, int], tmp_path: Path) -> None:
    """The declarations of the demo's last quarter: nobody started yet, and the message saying
    so (with what to do) wraps over lines instead of ending in "…" at 80 columns."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        rows = app.screen.query_one(DeclarationList)
        assert rows.row_count == 0 and rows.empty_text
        drawn = [rows.render_line(y).text.strip() for y in range(rows.size.height)]
        assert not any(line.endswith("…") for line in drawn), drawn
        assert " ".join(line for line in drawn[2:] if line) == rows.empty_text
