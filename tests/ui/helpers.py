"""Building the app for UI tests: the same factory as the command line, on temporary files."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.cli import build_app
from tests.conftest import today

SIZE = (120, 36)


def make_app(path: Path, *, demo: bool = False, ruleset: str = "hoog-2023") -> MtvdpApp:
    argv = ["--db", str(path), "--ruleset", ruleset]
    return build_app([*argv, "--demo"] if demo else argv, today=today)


def text_of(app: MtvdpApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type as a user would: one key per character."""
    keys = ["space" if char == " " else char for char in text]
    await pilot.press(*keys)
