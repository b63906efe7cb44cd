"""The in-process measurements: one key in the running app, from key press to frame.

Each function builds the app on a benchmark database with `build_app` (as the command line and
the tests do), drives it headless with `run_test`, and returns samples in milliseconds keyed by
measure name: `<name>` is the work (CPU time) and `<name>_latency` the wall time, see `frames`.
Keys go in one at a time, each after the app has been idle for more than a frame.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Input, SelectionList, TextArea

from benchmarks.databases import Databases, copy_database, today
from benchmarks.frames import FrameWatch, Profiler, Timing, call_ms, key_to_frame, settle

SIZE = (120, 36)
SEARCH_WORD = "berg"  # typed one letter at a time, then erased with backspace
Samples = dict[str, list[float]]


def split(name: str, timings: list[Timing]) -> Samples:
    """Work under `name`, wall time under `name_latency`."""
    return {
        name: [timing.work for timing in timings],
        f"{name}_latency": [timing.latency for timing in timings],
    }


def build(db: Path) -> App[Any]:
    """The app as the command line builds it, after collecting what earlier measures left."""
    from mtvdp_tui.cli import build_app

    gc.collect()
    return build_app(["--db", str(db)], today=today, export_dir=db.parent / "export")


async def profile_opening(
    profiler: Profiler, name: str, db: Path, key: str, shown: Callable[[App[Any]], bool]
) -> None:
    """Opening a section once more, in a new app on `db`, under the profiler."""
    if not profiler.enabled:
        return
    app = build(db)
    async with app.run_test(size=SIZE) as pilot:
        watch = FrameWatch(app)
        with profiler.section(name):
            await key_to_frame(pilot, watch, key, lambda: shown(app))


def quiet_cursors(app: App[Any]) -> None:
    """No blinking cursors: a blink is a frame of its own, which could delay the measured one."""
    for widget in app.screen.query("*"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


async def search(dbs: Databases, runs: int, profiler: Profiler) -> Samples:
    """Typing SEARCH_WORD into the register's search field and erasing it, key by key."""
    from mtvdp_tui.widgets.practice_list import PracticeList

    app = build(dbs.demo)
    async with app.run_test(size=SIZE) as pilot:
        watch = FrameWatch(app)
        practices = app.screen.query_one(PracticeList)
        await pilot.press("slash")
        field = app.focused
        if not isinstance(field, Input):
            raise RuntimeError(f"'/' did not focus the search field but {field!r}")
        quiet_cursors(app)
        counts = [practices.row_count]  # what the list shows for each prefix of the word
        for letter in SEARCH_WORD:
            await pilot.press(letter)
            await settle(pilot)
            counts.append(practices.row_count)
        await pilot.press(*["backspace"] * len(SEARCH_WORD))
        await settle(pilot)

        def shows(prefix: str, count: int) -> Callable[[], bool]:
            return lambda: field.value == prefix and practices.row_count == count

        async def word() -> list[Timing]:
            samples = []
            for n, letter in enumerate(SEARCH_WORD, start=1):
                shown = shows(SEARCH_WORD[:n], counts[n])
                samples.append(await key_to_frame(pilot, watch, letter, shown))
            for n in range(len(SEARCH_WORD) - 1, -1, -1):
                shown = shows(SEARCH_WORD[:n], counts[n])
                samples.append(await key_to_frame(pilot, watch, "backspace", shown))
            return samples

        samples = [ms for _ in range(runs) for ms in await word()]
        await profiler.repeat("search_keystroke", 2, word)
    return split("search_keystroke", samples)


async def wizard_toggle(dbs: Databases, runs: int, profiler: Profiler) -> Samples:
    """Space on the first intervention of the wizard's step 3, on and off again."""
    from mtvdp_tui.widgets.rules_panel import RulesPanel

    app = build(dbs.demo)
    async with app.run_test(size=SIZE) as pilot:
        watch = FrameWatch(app)
        await pilot.press("p")
        await pilot.press("ctrl+right", "ctrl+right")
        if not isinstance(app.focused, SelectionList):
            raise RuntimeError(f"step 3 of the wizard has {app.focused!r} focused")
        panel = app.screen.query_one(RulesPanel)

        async def toggle() -> Timing:
            before = panel.outcomes
            return await key_to_frame(pilot, watch, "space", lambda: panel.outcomes != before)

        samples = [await toggle() for _ in range(2 * runs)]
        await profiler.repeat("wizard_toggle", 4, toggle)
    return split("wizard_toggle", samples)


async def lottery_step(dbs: Databases, runs: int, profiler: Profiler) -> Samples:
    """F5 opens the lottery half-way through its draw; then space shows one step at a time."""
    from mtvdp_tui.widgets.lottery_lists import DrawnList

    db = copy_database(dbs.lottery, dbs.lottery.with_name("lottery-run.sqlite"))
    app = build(db)
    async with app.run_test(size=SIZE) as pilot:
        watch = FrameWatch(app)

        def drawn() -> DrawnList | None:
            found = app.screen.query(DrawnList)
            return found.first() if found else None

        def showing(count: int) -> Callable[[], bool]:
            return lambda: (lst := drawn()) is not None and lst.row_count == count

        opened = await key_to_frame(pilot, watch, "f5", showing(dbs.revealed))
        quiet_cursors(app)
        shown = drawn()
        assert shown is not None

        async def step() -> Timing:
            return await key_to_frame(pilot, watch, "space", showing(shown.row_count + 1))

        samples = [await step() for _ in range(runs)]
        await profiler.repeat("lottery_step", 3, step)
    await profile_opening(
        profiler, "lottery_open", db, "f5", lambda app: bool(app.screen.query(DrawnList))
    )
    return {**split("lottery_step", samples), **split("lottery_open", [opened])}


async def declarations(dbs: Databases, runs: int, profiler: Profiler) -> Samples:
    """F6 opens the overview; ← and → then alternate between the last two quarters."""
    from mtvdp_tui.screens.declarations import DeclarationsScreen

    def overview_shown(app: App[Any]) -> bool:
        screen = app.screen
        return isinstance(screen, DeclarationsScreen) and screen.overview is not None

    db = copy_database(dbs.drawn, dbs.drawn.with_name("drawn-run.sqlite"))
    app = build(db)
    async with app.run_test(size=SIZE) as pilot:
        watch = FrameWatch(app)
        opened = await key_to_frame(pilot, watch, "f6", lambda: overview_shown(app))
        screen = app.screen
        assert isinstance(screen, DeclarationsScreen)
        last = screen.overview.quarter if screen.overview else None

        async def change(key: str) -> Timing:
            before = screen.overview.quarter if screen.overview else None

            def shown() -> bool:
                return screen.overview is not None and screen.overview.quarter != before

            return await key_to_frame(pilot, watch, key, shown)

        async def back_and_forth() -> list[Timing]:
            return [await change("left"), await change("right")]

        on_screen = [ms for _ in range(runs) for ms in await back_and_forth()]
        if screen.overview is None or screen.overview.quarter != last:
            raise RuntimeError("← and → did not return to the same quarter")
        await settle(pilot)
        calls = [call_ms(screen.show_quarter) for _ in range(runs)]
        await profiler.repeat("declaration_quarter", 2, back_and_forth)
    await profile_opening(profiler, "declarations_open", db, "f6", overview_shown)
    return {
        **split("declaration_quarter_screen", on_screen),
        **split("declarations_open", [opened]),
        "declaration_show_quarter": calls,
    }
