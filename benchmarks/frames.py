"""Timing one key in a running app: from the key event to the first frame that shows its effect.

A key is delivered as the terminal driver delivers it (`driver.send_message(Key)`), and the
clocks stop in `App._display`, which Textual calls with each frame the compositor has rendered
(headless, the frame is rendered but not written to a terminal). Two figures come out:

- `work`: the CPU time of the process between the two (`time.process_time`): everything the key
  costs — dispatch, handlers, queries, layout, rendering — but none of the idle waiting;
- `latency`: the wall time between the two, which adds Textual's frame-rate cap: after a frame
  (say, the search field echoing the letter) the next one waits until 1/60 s has passed.

Before each key the app is left idle for longer than one frame, so an earlier frame never
delays the measured one.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import pstats
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from textual import events
from textual.app import App
from textual.pilot import Pilot

from mtvdp_tui import compat

KEY_CHARS = {"space": " ", "enter": "\r", "backspace": "\x7f", "tab": "\t"}
FRAME_GAP = 0.025  # seconds of idleness before each key: more than one frame at 60 fps
TIMEOUT = 30.0


class Timing(NamedTuple):
    work: float  # ms of CPU time
    latency: float  # ms of wall time
    round_trips: int = 0  # to the database server, when it is behind the counting proxy


def no_round_trips() -> int:
    return 0


class FrameWatch:
    """Notes, just before each frame is displayed, when it satisfies a waiting condition.
    `round_trips`: the delaying proxy's counter, when the database is behind one."""

    def __init__(self, app: App[Any], round_trips: Callable[[], int] = no_round_trips) -> None:
        self._waiting: list[tuple[Callable[[], bool], asyncio.Future[Timing]]] = []
        self._round_trips = round_trips
        compat.on_display(app, self._frame)

    def clocks(self) -> Timing:
        """The clocks now, and the round trips so far."""
        return Timing(time.process_time() * 1000, time.perf_counter() * 1000, self._round_trips())

    def _frame(self, renderable: object | None) -> None:
        now = self.clocks()
        if renderable is not None:
            for condition, future in self._waiting:
                if not future.done() and condition():
                    future.set_result(now)
            self._waiting = [(c, f) for c, f in self._waiting if not f.done()]

    def expect(self, condition: Callable[[], bool]) -> asyncio.Future[Timing]:
        """A future set to the clocks of the first frame drawn once `condition()` holds."""
        future: asyncio.Future[Timing] = asyncio.get_running_loop().create_future()
        self._waiting.append((condition, future))
        return future


def send_key(app: App[Any], key: str) -> None:
    """Deliver `key` as the terminal driver would."""
    char = key if len(key) == 1 else KEY_CHARS.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    compat.terminal_driver(app).send_message(event)


async def settle(pilot: Pilot[Any]) -> None:
    """Let every queue empty and the screen paint, then stay idle for more than a frame."""
    await pilot.pause()
    await asyncio.sleep(FRAME_GAP)


async def idle(pilot: Pilot[Any]) -> None:
    """`settle`, and then until no worker of the app is running (a query out on a slow network)
    and the screen has painted what they brought."""
    from textual.worker import WorkerState

    await settle(pilot)
    deadline = time.monotonic() + TIMEOUT
    while any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers):
        if time.monotonic() > deadline:
            raise TimeoutError("the app's workers did not finish")
        await asyncio.sleep(0.005)
        await settle(pilot)


async def key_to_frames(
    pilot: Pilot[Any], watch: FrameWatch, key: str, shown: dict[str, Callable[[], bool]]
) -> dict[str, Timing]:
    """Per condition, work and latency from pressing `key` to the first frame drawn once it
    holds (the search field's echo, then the list's rows)."""
    await settle(pilot)
    frames = {name: watch.expect(condition) for name, condition in shown.items()}
    started = watch.clocks()
    send_key(pilot.app, key)
    found = {}
    for name, frame in frames.items():
        found[name] = since(started, await asyncio.wait_for(frame, TIMEOUT))
    return found


async def key_to_frame(
    pilot: Pilot[Any], watch: FrameWatch, key: str, shown: Callable[[], bool]
) -> Timing:
    """Work and latency from pressing `key` to the first frame drawn once `shown()` holds."""
    await settle(pilot)
    frame = watch.expect(shown)
    started = watch.clocks()
    send_key(pilot.app, key)
    return since(started, await asyncio.wait_for(frame, TIMEOUT))


def since(started: Timing, drawn: Timing) -> Timing:
    return Timing(
        drawn.work - started.work,
        drawn.latency - started.latency,
        drawn.round_trips - started.round_trips,
    )


def call_ms(function: Callable[[], object]) -> float:
    """Milliseconds of one synchronous call."""
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


class Profiler:
    """Optional cProfile pass per measure: `.prof` files and a text summary in a folder.

    Profiled repetitions come after the timed ones and are never part of the figures.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.files: dict[str, str] = {}
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    @contextlib.contextmanager
    def section(self, name: str) -> Iterator[None]:
        if self.folder is None:
            yield
            return
        profile = cProfile.Profile()
        profile.enable()
        try:
            yield
        finally:
            profile.disable()
            self.save(name, profile)

    def path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{name}.prof"

    def save(self, name: str, profile: cProfile.Profile | None = None) -> Path:
        """Write `profile` to `<name>.prof` (or use the one already there) and summarise it."""
        assert self.folder is not None
        target = self.path(name)
        if profile is not None:
            profile.dump_stats(target)
        summary = self.folder / f"{name}.txt"
        with summary.open("w", encoding="utf-8") as out:
            stats = pstats.Stats(str(target), stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
        self.files[name] = str(summary)
        return target

    async def repeat(self, name: str, times: int, action: Callable[[], Awaitable[object]]) -> None:
        """Run `action` `times` more times under the profiler (nothing when profiling is off)."""
        if self.folder is None:
            return
        with self.section(name):
            for _ in range(times):
                await action()
