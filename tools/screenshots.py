"""The README's screenshots, made by the app itself: `python3 dev.py screenshots`.

Every section and the practice form, at 120×36, on a fresh demo database (140 practices of the
HOOG region) with the clock frozen at 2026-11-22, as in the tests. Each is saved as SVG by
Textual (`App.save_screenshot`) and converted to PNG in `docs/` with `rsvg-convert` when that
is installed; without it the SVG files are put in `docs/` instead and the script says so.
Nothing of the user's is read or written: the database, settings and log live in a temporary
folder that is removed afterwards.

`SHOTS` must name every section of the app: `tests/test_screenshots.py` fails when a section is
added without a screenshot.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SIZE = (120, 36)
TODAY = date(2026, 11, 22)  # the tests' frozen clock: the demo data's dates read the same


@dataclass(frozen=True)
class Shot:
    name: str  # the file in docs/ (name.png)
    mode: str  # the section (a key of MtvdpApp.MODES) it shows
    keys: tuple[str, ...] = ()  # pressed in that section before the picture is taken
    caption: str = ""


SHOTS: tuple[Shot, ...] = (
    Shot("register", "register", (), "The practice register"),
    Shot("practice-form", "register", ("enter",), "A practice in the form"),
    Shot("plans", "plans", (), "The plans overview"),
    Shot("lottery", "lottery", (), "The lottery of a region"),
    Shot("declarations", "declarations", (), "The declarations of a quarter"),
    Shot("audit", "audit", (), "The logboek"),
    Shot("monitoring", "monitoring", (), "What is due: monitoring"),
)


async def take(shot: Shot, database: Path, folder: Path) -> Path:
    """The SVG screenshot of `shot`, saved in `folder`."""
    from textual.widgets import Input, TextArea

    from mtvdp_tui.cli import build_app

    export = database.parent / "export"
    app = build_app(
        ["--db", str(database), "--demo"],
        today=lambda: TODAY,
        export_dir=export,
        import_folders=[export],
    )
    async with app.run_test(size=SIZE) as pilot:
        if app.current_mode != shot.mode:
            app.switch_mode(shot.mode)
        await _settle(app, pilot)
        if shot.keys:
            await pilot.press(*shot.keys)
            await _settle(app, pilot)
        for field in app.screen.query(Input):
            field.cursor_blink = False
        for area in app.screen.query(TextArea):
            area.cursor_blink = False
        await pilot.pause()
        return Path(app.save_screenshot(filename=f"{shot.name}.svg", path=str(folder)))


async def _settle(app: object, pilot: object) -> None:
    from textual.app import App
    from textual.pilot import Pilot

    assert isinstance(app, App) and isinstance(pilot, Pilot)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def prepare(database: Path) -> None:
    """The demo database with changes a user would make, so the declarations and the logboek
    have lines: start dates for the first practices, a few corrections, an ION figure."""
    from dataclasses import replace

    from mtvdp_tui.cli import open_for, parser

    store = open_for(parser().parse_args(["--db", str(database), "--demo"]), lambda: TODAY)
    try:
        for practice_id in range(1, 41):
            stored = store.practices.get(practice_id)
            start = date(2023, 7, 1) if practice_id % 2 else date(2024, 1, 1)
            changed = replace(stored.data, start_date=start)
            store.practices.update(practice_id, changed, expected_version=stored.version)
        for practice_id, wijk in ((1, "Twello"), (2, "Brummen"), (3, "Lochem")):
            stored = store.practices.get(practice_id)
            changed = replace(stored.data, wijk=wijk, ion=(stored.data.ion or 0) + 120)
            store.practices.update(practice_id, changed, expected_version=stored.version)
        store.practices.set_ion(4, date(2026, 10, 1), 4321)
    finally:
        store.close()


def to_png(svg: Path, png: Path) -> bool:
    """Convert with rsvg-convert; False when it is not installed."""
    program = shutil.which("rsvg-convert")
    if program is None:
        return False
    subprocess.run([program, "--format=png", "--output", str(png), str(svg)], check=True)
    return True


def main(argv: Sequence[str] = ()) -> int:
    wanted = set(argv)
    unknown = wanted - {shot.name for shot in SHOTS}
    if unknown:
        print(f"unknown screenshot(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mtvdp-screenshots-") as temporary:
        work = Path(temporary)
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(work / variable.lower())
        database = work / "demo.sqlite"
        prepare(database)
        made_svg_only = []
        for shot in SHOTS:
            if wanted and shot.name not in wanted:
                continue
            svg = asyncio.run(take(shot, database, work))
            png = DOCS / f"{shot.name}.png"
            if to_png(svg, png):
                print(f"docs/{png.name}")
            else:
                shutil.copyfile(svg, DOCS / svg.name)
                made_svg_only.append(svg.name)
                print(f"docs/{svg.name}")
    if made_svg_only:
        print(
            "rsvg-convert is not installed: the screenshots are SVG files in docs/; the README "
            "shows the PNG files, which were not updated. Install librsvg (rsvg-convert) and "
            "run this again, or convert the SVG files yourself.",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
