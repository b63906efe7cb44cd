"""Building the app for UI tests: the same factory as the command line, on temporary files."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from mtvdp_tui import compat
from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.cli import build_app
from tests.conftest import today
from tests.templates import place_new_database

SIZE = (120, 36)


def make_app(
    path: Path | str,
    *,
    demo: bool = False,
    ruleset: str = "hoog-2023",
    folder: Path | None = None,
) -> MtvdpApp:
    """The app on a temporary database (a file's path, or a PostgreSQL URL: see `new_db` in
    tests/ui/conftest.py); documents go to an 'export' folder in `folder` (default: beside the
    file), and the import looks for files only there (never in the user's Downloads). A new
    file is a copy of a template made by the same code (tests/templates.py)."""
    if isinstance(path, Path):
        if not path.exists() and path.suffix == ".sqlite" and path.parent.is_dir():
            place_new_database(path, ruleset, demo=demo)
        folder = folder or path.parent
    assert folder is not None, "a database on a server needs a folder for the documents"
    argv = ["--db", str(path), "--ruleset", ruleset]
    argv = [*argv, "--demo"] if demo else argv
    export = folder / "export"
    return build_app(argv, today=today, export_dir=export, import_folders=[export])


def text_of(app: MtvdpApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type as a user would: one key per character."""
    keys = ["space" if char == " " else char for char in text]
    await pilot.press(*keys)


async def type_fast(pilot: Pilot, keys: str) -> None:
    """Queue every key at once, as a fast typist (or a paste) does: no pause between keys.

    `Pilot.press` waits for each key to be handled, which hides races between keys.
    "\n" is Enter, "\t" is Tab, and "<ctrl+s>" any named key.
    """
    from textual import events

    app = pilot.app
    for token in re.findall(r"<[a-z+]+>|.", keys, flags=re.DOTALL):
        if token.startswith("<"):
            key, char = token[1:-1], None
        else:
            key = {"/": "slash", " ": "space", "\n": "enter", "\t": "tab"}.get(token, token)
            char = "\r" if token == "\n" else token
        event = events.Key(key, char)
        event.set_sender(app)
        await compat.queue_message(app, event)  # at once, as the terminal driver delivers them
    # Every key is handled before the test goes on (or ends: a key still queued when the app
    # shuts down would meet an empty screen stack), however busy the machine is.
    while compat.messages_pending(app):
        await pilot.pause()
    await pilot.pause()


async def settle(pilot) -> None:
    """Wait until no query is out any more, nor started by what the last one brought
    (`pilot.pause()` waits for the messages queued, not for the workers)."""
    await until(lambda: not compat.queries_out(pilot.app))
    await pilot.pause()
    await until(lambda: not compat.queries_out(pilot.app))
    await pilot.pause()


async def until(condition) -> None:
    """Wait until `condition()` (a screen mounted) without waiting for the queries out."""
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("waited 10 s in vain")
