"""A list's "bezig…" in its title line means a read for what it shows is out, and nothing else: a
list shown anew while a page of the old one was being read must not say "bezig…" for ever (on
CI's busy machine the lottery and the register kept it, and snapshots waited in vain)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from textual.app import App, ComposeResult

from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import PAGE_SIZE, RowList  # 5 pages: more than are measured
from tests.ui.helpers import until


class NumberList(RowList[int]):
    COLUMNS = (Column("n", "Nummer", name=True),)

    def cells(self, row: int) -> Sequence[str]:
        return (f"rij {row}",)


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NumberList()


async def test_a_list_shown_anew_while_a_page_is_read_is_not_busy_for_ever() -> None:
    release = threading.Event()

    def slow(offset: int, limit: int) -> Sequence[int]:
        release.wait(5)
        return range(offset, 5 * PAGE_SIZE)[:limit]

    app = ListApp()
    async with app.run_test(size=(40, 14)) as pilot:
        rows = app.query_one(NumberList)
        rows.show(5 * PAGE_SIZE, slow, remote=True, pages={0: range(PAGE_SIZE)})
        rows.focus()
        rows.action_last()  # the last page is read in a worker: slow
        await until(lambda: rows.busy)
        assert "bezig…" in rows.render_line(0).text
        rows.show(10, lambda offset, limit: range(offset, 10)[:limit])  # a new search's answer
        release.set()
        await pilot.pause()  # waits for the old page's reads too (conftest)
        assert not rows.busy
        assert "bezig…" not in rows.render_line(0).text
        assert rows.row_count == 10
