"""How long the UI thread is blocked while a search is typed over a slow database.

The register on an N-practice demo database, every statement 50 ms late (tools/slow_statements,
as over a network with that round trip). A burst of keys as a fast typist types them (one every
30 ms: "berg", four Backspaces, "linde") goes in as the terminal driver delivers them, while a
heartbeat on the UI thread's event loop notes every gap between its ticks: a gap longer than
50 ms is a stretch in which the screen could not take a key or draw a frame. Afterwards: the
number of such gaps, the longest, the time from the last key to the search field showing the
whole text, and to the list showing the last search's result.

    PYTHONPATH=src:. .venv/bin/python benchmarks/blocked_frames.py [--size 10000] [--db PATH]

Run with another checkout's `src` first on the path to compare ("before": queries on the UI
thread); the script only uses what both have.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.databases import open_db, today
from benchmarks.frames import send_key
from tools.slow_statements import SlowStatements

BURST = [*"berg", *["backspace"] * 4, *"linde"]
KEY_GAP = 0.03  # seconds between two keys of the burst
BLOCKED = 0.05  # a heartbeat gap longer than this is a blocked stretch
TICK = 0.005


async def measure(db: Path, delay: float) -> dict[str, Any]:
    from mtvdp_tui.cli import build_app
    from mtvdp_tui.records.practices import PracticeQuery
    from mtvdp_tui.widgets.practice_list import PracticeList

    app = build_app(["--db", str(db)], today=today, export_dir=db.parent / "export")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        field = app.focused
        practices = app.screen.query_one(PracticeList)
        expected = app.database.practices.count(PracticeQuery(text="linde"))
        gaps: list[float] = []
        running = True

        async def heartbeat() -> None:
            last = time.perf_counter()
            while running:
                await asyncio.sleep(TICK)
                now = time.perf_counter()
                gaps.append(now - last - TICK)
                last = now

        with SlowStatements(app.database.engine, delay).installed():
            beat = asyncio.create_task(heartbeat())
            started = time.perf_counter()
            for key in BURST:
                send_key(app, key)
                await asyncio.sleep(KEY_GAP)
            last_key = time.perf_counter()
            echoed = shown = None
            while shown is None or echoed is None:
                now = time.perf_counter()
                if echoed is None and getattr(field, "value", None) == "linde":
                    echoed = now
                settled = practices.row_count == expected and not getattr(practices, "busy", 0)
                if shown is None and echoed is not None and settled:
                    shown = now
                if now - started > 120:
                    break
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.2)
            running = False
            await beat
    blocked = [gap for gap in gaps if gap > BLOCKED]
    return {
        "keys": len(BURST),
        "blocked_stretches_over_50ms": len(blocked),
        "blocked_ms_total": round(sum(blocked) * 1000),
        "longest_block_ms": round(max(gaps, default=0) * 1000),
        "typing_ms": round((last_key - started) * 1000),
        "echo_after_last_key_ms": None if echoed is None else round((echoed - last_key) * 1000),
        "result_after_last_key_ms": None if shown is None else round((shown - last_key) * 1000),
        "result_rows": expected,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--db", type=Path, help="an existing demo database (else one is made)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = arguments.db
        if db is None:
            db = Path(folder) / f"demo-{arguments.size}.sqlite"
            open_db(db, "--demo", "--size", str(arguments.size)).close()
        print(json.dumps(asyncio.run(measure(db, arguments.delay)), indent=2))


if __name__ == "__main__":
    main()
