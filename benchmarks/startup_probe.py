"""One start-up, in a process of its own: build the app, run it headless, exit once it is idle.

    python benchmarks/startup_probe.py app --db PATH --rows N [--visit] [--profile FILE]
    python benchmarks/startup_probe.py bare

`app` builds mtvdp-tui as the command line does (`build_app(["--db", PATH])`) and exits as soon
as the register's practice list holds its N rows, has been drawn, and nothing is left to do
(`call_after_refresh` only runs when the message queues are empty and the screen is painted).
`bare` is a plain Textual app (Header, Static, Footer), exited the same way.
`--visit` then opens every section (F4, F5, F6) before exiting: for peak memory.

Prints one line of JSON: monotonic-clock milestones in ns (comparable with the parent's
`time.monotonic_ns()`), and the peak resident memory (VmHWM on Linux).
"""

from __future__ import annotations

import time

STARTED = time.monotonic_ns()  # before anything heavy is imported

import argparse  # noqa: E402 - after the first milestone on purpose
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (120, 36)
TODAY = date(2026, 11, 22)  # a fixed clock, as in the in-process measurements
TIMEOUT = 120.0  # seconds: a probe that never gets ready fails instead of hanging
SECTIONS = ("f4", "f5", "f6")


def bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Meer Tijd Voor De Patiënt")
            yield Footer()

    return BareApp()


def bare_ready(app: Any) -> bool:
    from textual.widgets import Static

    found = app.screen.query(Static)
    return bool(found) and found.first().is_mounted


def mtvdp_app(db: str) -> Any:
    from mtvdp_tui.cli import build_app

    return build_app(["--db", db], today=lambda: TODAY)


def list_ready(rows: int) -> Callable[[Any], bool]:
    def ready(app: Any) -> bool:
        from mtvdp_tui.widgets.practice_list import PracticeList

        found = app.screen.query(PracticeList)
        return bool(found) and found.first().is_mounted and found.first().row_count == rows

    return ready


def run(app: Any, ready: Callable[[Any], bool], marks: dict[str, int], visit: bool) -> int:
    """Run headless; `marks` gets "ready" when `ready(app)` holds after a refresh."""

    async def autopilot(pilot: Any) -> None:
        import asyncio

        done = asyncio.get_running_loop().create_future()

        def check() -> None:
            if done.done():
                return
            if ready(app):
                marks["ready"] = time.monotonic_ns()
                done.set_result(None)
            else:
                app.call_after_refresh(check)

        app.set_timer(TIMEOUT, lambda: app.exit(return_code=3))
        app.call_after_refresh(check)
        await done
        if visit:
            for key in SECTIONS:
                await pilot.press(key)
                await pilot.pause()
            marks["visited"] = time.monotonic_ns()
        app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=autopilot)
    return app.return_code or 0


def peak_kib() -> int:
    """The peak resident set of this program, in KiB.

    On Linux VmHWM: `ru_maxrss` would include the parent's pages from before the `exec`."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def main(argv: list[str]) -> int:
    options = argparse.ArgumentParser()
    options.add_argument("kind", choices=("app", "bare"))
    options.add_argument("--db")
    options.add_argument("--rows", type=int, default=0)
    options.add_argument("--visit", action="store_true")
    options.add_argument("--profile")
    arguments = options.parse_args(argv)
    profiler = None
    if arguments.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    marks = {"started": STARTED}
    if arguments.kind == "bare":
        import textual.app  # noqa: F401 - the import is what is timed here

        marks["imported"] = time.monotonic_ns()
        app, ready = bare_app(), bare_ready
    else:
        import mtvdp_tui.app  # noqa: F401 - the import is what is timed here

        marks["imported"] = time.monotonic_ns()
        app, ready = mtvdp_app(arguments.db), list_ready(arguments.rows)
    marks["built"] = time.monotonic_ns()
    code = run(app, ready, marks, arguments.visit)
    marks["exited"] = time.monotonic_ns()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(arguments.profile)
    print(json.dumps({"marks": marks, "peak_kib": peak_kib(), "code": code}))
    return code if "ready" in marks else 4


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
