"""Every text on screen is Dutch, in every state of every screen and dialog, the help screen and
the command palette included: no English text of Textual's own is ever visible.

What counts as Textual's English is read from the installed Textual itself (every key
description and tooltip of its widgets, its palette commands, its palette texts), so a Textual
upgrade that adds or moves one is caught here.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

import textual.widgets
from textual.app import App
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Input

from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.i18n import PARTS
from mtvdp_tui.widgets.keys import screen_keys
from tests.examples import drawn_demo
from tests.ui.helpers import SIZE, make_app
from tests.ui.screen_tour import drawn_tour, tour

DUTCH = {text for part in PARTS for text in part.values()}
TEXTUAL_LITERALS = ("No matches found", "Search for commands…", "Press", "to quit the app")


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def textual_english(app: App[None]) -> set[str]:
    """Textual's own user texts: its key descriptions and tooltips, palette commands, literals."""
    assert textual.widgets.__all__  # every Textual widget class is imported (lazily) below
    for name in textual.widgets.__all__:
        getattr(textual.widgets, name)
    texts: set[str] = set(TEXTUAL_LITERALS)
    for cls in {DOMNode, *_subclasses(DOMNode)}:
        if not cls.__module__.startswith("textual."):
            continue
        for binding in cls.BINDINGS:
            if isinstance(binding, tuple):
                texts.update(str(part) for part in binding[2:3])
            else:
                texts.update((binding.description, binding.tooltip))
    for command in App.get_system_commands(app, app.screen):
        texts.update((command.title, command.help))
    return {text for text in texts if len(text) > 2 and text not in DUTCH}


def visible_text(app: App[None]) -> str:
    """The text on the terminal, line by line (read from Textual's own screenshot)."""
    svg = app.export_screenshot()
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text [^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        lines.setdefault(float(y), []).append((float(x), html.unescape(text)))
    return "\n".join(
        "".join(text for _, text in sorted(parts)).replace("\xa0", " ")
        for _, parts in sorted(lines.items())
    )


def english_in(text: str, english: set[str]) -> set[str]:
    return {phrase for phrase in english if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)}


async def sweep(
    app: MtvdpApp, pilot: Pilot[None], states: AsyncIterator[str], screens: set[str]
) -> set[tuple[str, str]]:
    """(state, English text) for every English text visible, among the keys or in the palette's
    commands, in each state of `states`; `screens` gets the name of every screen seen."""
    found: set[tuple[str, str]] = set()
    english = textual_english(app)
    assert {"Focus Next", "Scroll Left", "Quit", "No matches found"} <= english  # the probe
    async for state in states:
        await pilot.pause()
        screens.add(type(app.screen).__name__)
        found |= {(state, phrase) for phrase in english_in(visible_text(app), english)}
        # what the palette would offer here, titles and help texts, also beyond the screen
        for command in app.get_system_commands(app.screen):
            texts = f"{command.title}\n{command.help}"
            found |= {(f"{state}, palette", phrase) for phrase in english_in(texts, english)}
        for entry in screen_keys(app.screen):
            if entry.description not in DUTCH:
                found.add((f"{state}, keys", entry.description))
        if state == "palette":
            assert isinstance(app.screen, CommandPalette)
            assert app.screen.query_one(Input).placeholder == "Zoek een opdracht…"
        if state == "palette, no matches":
            assert "Geen opdracht gevonden" in visible_text(app)
    return found


async def test_no_english_anywhere(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    screens: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        assert await sweep(app, pilot, tour(app, pilot, tmp_path / "export"), screens) == set()
    assert screens == {  # the tour went everywhere
        "RegisterScreen",
        "PracticeFormScreen",
        "ConfirmScreen",
        "IonHistoryScreen",
        "AuditScreen",
        "PlanWizardScreen",
        "ImportFileScreen",
        "ImportPreviewScreen",
        "PlansScreen",
        "DeclarationsScreen",
        "LotteryScreen",
        "DiscardScreen",
        "Palette",
        "HelpScreen",
    }


async def test_no_english_in_the_declarations_after_the_draw(tmp_path: Path) -> None:
    app = make_app(drawn_demo(tmp_path / "demo.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screens: set[str] = set()
        assert await sweep(app, pilot, drawn_tour(app, pilot), screens) == set()
    assert {"StatusDialog", "IonHistoryScreen", "LotteryScreen"} <= screens


async def test_the_probe_finds_english_on_screen(tmp_path: Path) -> None:
    """The sweep can fail: Textual's own key panel, had it stayed, is seen as English."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        english = textual_english(app)
        app.action_show_help_panel()
        await pilot.pause()
        assert english_in(visible_text(app), english)
