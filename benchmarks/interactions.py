"""The in-process measurements: one key in the running app, from key press to frame.

Each function builds the app on a benchmark database with `build_app` (as the command line and
the tests do), drives it headless with `run_test`, and returns samples in milliseconds keyed by
measure name: `<name>` is the work (CPU time) and `<name>_latency` the wall time, see `frames`.
Keys go in one at a time, each after the app has been idle for more than a frame.
"""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Input, SelectionList, TextArea

from benchmarks.databases import Databases, copy_database, today
from benchmarks.frames import (
    FrameWatch,
    Profiler,
    Timing,
    call_ms,
    idle,
    key_to_frame,
    key_to_frames,
    settle,
)

RoundTrips = Callable[[], int]  # the delaying proxy's counter (benchmarks/postgres.py)
SIZE = (120, 36)
SEARCH_WORD = "berg"  # typed one letter at a time, then erased with backspace
Samples = dict[str, list[float]]


def split(name: str, timings: list[Timing], counted: RoundTrips | None = None) -> Samples:
    """Work under `name`, wall time under `name_latency`; with a round-trip counter, the round
    trips to the server under `name_round_trips`."""
    found = {
        name: [timing.work for timing in timings],
        f"{name}_latency": [timing.latency for timing in timings],
    }
    if counted is not None:
        found[f"{name}_round_trips"] = [float(timing.round_trips) for timing in timings]
    return found


def watching(app: App[Any], counted: RoundTrips | None) -> FrameWatch:
    return FrameWatch(app) if counted is None else FrameWatch(app, counted)


def build(db: Path | str, export_dir: Path | None = None) -> App[Any]:
    """The app as the command line builds it, after collecting what earlier measures left.
    `db`: a file, or a `postgresql://` URL (then `export_dir` is needed)."""
    from mtvdp_tui.cli import build_app

    gc.collect()
    export = export_dir if export_dir is not None else Path(db).parent / "export"
    return build_app(["--db", str(db)], today=today, export_dir=export)


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
    return await search_on(dbs.demo, None, runs, profiler)


async def search_on(
    db: Path | str,
    export: Path | None,
    runs: int,
    profiler: Profiler,
    name: str = "",
    counted: RoundTrips | None = None,
) -> Samples:
    """Typing SEARCH_WORD into the register's search field and erasing it, key by key: the
    frame with the list's new rows (`search_keystroke`), and the first frame that echoes the
    key in the field (`search_keystroke_echo`: wall time)."""
    from mtvdp_tui.widgets.practice_list import PracticeList

    app = build(db, export)
    async with app.run_test(size=SIZE) as pilot:
        watch = watching(app, counted)
        practices = app.screen.query_one(PracticeList)
        await idle(pilot)
        await pilot.press("slash")
        field = app.focused
        if not isinstance(field, Input):
            raise RuntimeError(f"'/' did not focus the search field but {field!r}")
        quiet_cursors(app)
        counts = [practices.row_count]  # what the list shows for each prefix of the word
        for letter in SEARCH_WORD:
            await pilot.press(letter)
            await idle(pilot)
            counts.append(practices.row_count)
        await pilot.press(*["backspace"] * len(SEARCH_WORD))
        await idle(pilot)

        def key(pressed: str, prefix: str, count: int) -> Awaitable[dict[str, Timing]]:
            return key_to_frames(
                pilot,
                watch,
                pressed,
                {
                    "echo": lambda: field.value == prefix,
                    "rows": lambda: field.value == prefix and practices.row_count == count,
                },
            )

        async def word() -> list[dict[str, Timing]]:
            samples = []
            for n, letter in enumerate(SEARCH_WORD, start=1):
                samples.append(await key(letter, SEARCH_WORD[:n], counts[n]))
            for n in range(len(SEARCH_WORD) - 1, -1, -1):
                samples.append(await key("backspace", SEARCH_WORD[:n], counts[n]))
            return samples

        samples = [ms for _ in range(runs) for ms in await word()]
        await profiler.repeat(f"{name}search_keystroke", 2, word)
    return {
        **split(f"{name}search_keystroke", [timing["rows"] for timing in samples], counted),
        f"{name}search_keystroke_echo": [timing["echo"].latency for timing in samples],
    }


async def save_practice(
    db: Path | str,
    export: Path | None,
    runs: int,
    name: str = "",
    counted: RoundTrips | None = None,
) -> Samples:
    """Enter on the register's first practice, a new wijk, ctrl+s: until the register shows the
    practice with its new wijk (the form closed, the save committed, the list read again)."""
    from mtvdp_tui.screens.practice_form import PracticeFormScreen
    from mtvdp_tui.widgets.practice_list import PracticeList

    app = build(db, export)
    samples = []
    async with app.run_test(size=SIZE) as pilot:
        watch = watching(app, counted)
        practices = app.screen.query_one(PracticeList)
        await idle(pilot)
        for run in range(runs):
            await pilot.press("enter")
            await idle(pilot)
            form = app.screen
            if not isinstance(form, PracticeFormScreen):
                raise RuntimeError(f"enter on the register opened {form!r}")
            quiet_cursors(app)
            wijk = f"Meetwijk {run}"
            form.query_one("#wijk", Input).value = wijk

            def saved(wijk: str = wijk) -> bool:
                row = practices.current_row if app.screen is practices.screen else None
                return row is not None and row.wijk == wijk

            samples.append(await key_to_frame(pilot, watch, "ctrl+s", saved))
    return split(f"{name}save_practice", samples, counted)


async def wizard_toggle(dbs: Databases, runs: int, profiler: Profiler) -> Samples:
    """Space on the first intervention of the wizard's step 3, on and off again."""
    from mtvdp_tui.widgets.rules_panel import RulesPanel

    app = build(dbs.demo)
    async with app.run_test(size=SIZE) as pilot:
        watch = FrameWatch(app)
        await idle(pilot)  # the register's first rows (read in a worker): "p" needs a row
        await pilot.press("p")
        await idle(pilot)  # the wizard opens once the practice's plan has been read
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
    db = copy_database(dbs.drawn, dbs.drawn.with_name("drawn-run.sqlite"))
    return await declarations_on(db, None, runs, profiler)


async def declarations_on(
    db: Path | str,
    export: Path | None,
    runs: int,
    profiler: Profiler,
    name: str = "",
    counted: RoundTrips | None = None,
) -> Samples:
    """F6 opens the overview; ← and → then alternate between the last two quarters."""
    from mtvdp_tui.screens.declarations import DeclarationsScreen

    def overview_shown(app: App[Any]) -> bool:
        screen = app.screen
        return isinstance(screen, DeclarationsScreen) and screen.overview is not None

    app = build(db, export)
    async with app.run_test(size=SIZE) as pilot:
        watch = watching(app, counted)
        await idle(pilot)
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
        await profiler.repeat(f"{name}declaration_quarter", 2, back_and_forth)
    if not name:
        await profile_opening(profiler, "declarations_open", Path(db), "f6", overview_shown)
    return {
        **split(f"{name}declaration_quarter_screen", on_screen, counted),
        **split(f"{name}declarations_open", [opened], counted),
        f"{name}declaration_show_quarter": calls,
    }


async def monitoring(dbs: Databases, runs: int, profiler: Profiler) -> Samples:
    """F10 opens Monitoring (`monitoring_open`: the frame with its first rows and counts);
    then SEARCH_WORD typed into its search field and erased, key by key
    (`monitoring_keystroke`: the frame with the list's new rows), as the register's search.
    In the demo a third of the practices (the last region) have started, with their history."""
    from mtvdp_tui.screens.monitoring import MonitoringScreen
    from mtvdp_tui.widgets.monitoring_counts import MonitoringCountsView
    from mtvdp_tui.widgets.monitoring_list import MonitoringList

    def section_shown(app: App[Any]) -> bool:
        screen = app.screen
        if not isinstance(screen, MonitoringScreen):
            return False
        return bool(screen.query_one(MonitoringCountsView).counts.by_region)  # read and shown

    app = build(dbs.demo)
    async with app.run_test(size=SIZE) as pilot:
        watch = watching(app, None)
        await idle(pilot)
        opened = await key_to_frame(pilot, watch, "f10", lambda: section_shown(app))
        await idle(pilot)
        items = app.screen.query_one(MonitoringList)
        await pilot.press("slash")
        field = app.focused
        if not isinstance(field, Input):
            raise RuntimeError(f"'/' did not focus the search field but {field!r}")
        quiet_cursors(app)
        counts = [items.row_count]
        for letter in SEARCH_WORD:
            await pilot.press(letter)
            await idle(pilot)
            counts.append(items.row_count)
        await pilot.press(*["backspace"] * len(SEARCH_WORD))
        await idle(pilot)

        def key(pressed: str, prefix: str, count: int) -> Awaitable[dict[str, Timing]]:
            return key_to_frames(
                pilot,
                watch,
                pressed,
                {"rows": lambda: field.value == prefix and items.row_count == count},
            )

        async def word() -> list[dict[str, Timing]]:
            samples = []
            for n, letter in enumerate(SEARCH_WORD, start=1):
                samples.append(await key(letter, SEARCH_WORD[:n], counts[n]))
            for n in range(len(SEARCH_WORD) - 1, -1, -1):
                samples.append(await key("backspace", SEARCH_WORD[:n], counts[n]))
            return samples

        samples = [ms for _ in range(runs) for ms in await word()]
        await profiler.repeat("monitoring_keystroke", 2, word)
    return {
        **split("monitoring_open", [opened]),
        **split("monitoring_keystroke", [timing["rows"] for timing in samples]),
    }
