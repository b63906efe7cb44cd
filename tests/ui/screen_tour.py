"""A walk through every screen and dialog of the app, as a user would make it, for the sweeps
that check every state (Dutch text, whole footer keys). `tour` yields each state's name with the
app showing it; the caller looks, then the walk goes on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input, TextArea

from mtvdp_tui.app import MtvdpApp
from tests.ui.helpers import type_text

HEADER = "agb;naam;regio;wijk;ion;voorkeur;vragenlijst;email;startdatum;uitgesloten"
ROWS = (
    "01234567;Huisarts De Linde;Apeldoorn;Zuid;2345;01-07-2023;ja;info@linde.nl;;",
    "1234567;Huisartsen Het Veld;Zwolle;;;;;;;",
)
SOURCES = "9319\n10 2 8 12 5\n45 9 18 26 34 41"


async def tour(app: MtvdpApp, pilot: Pilot[None], folder: Path) -> AsyncIterator[str]:
    """Every state on the demo database; `folder` is where make_app's import looks for
    files."""
    yield "register"
    await pilot.press("slash")
    yield "register, search"
    await pilot.press("escape", "r")
    yield "register, region menu"
    await pilot.press("escape", "escape", "n")
    yield "practice form"
    app.screen.query_one("#region").focus()
    await pilot.pause()
    await pilot.press("enter")
    yield "practice form, region menu"
    await pilot.press("escape")
    app.screen.query_one("#name", Input).value = "Nieuw"
    await pilot.press("escape")
    yield "practice form, discard question"
    app.screen.query_one("#yes", Button).press()  # Enter would keep the form (the safe answer)
    await pilot.pause()
    await pilot.press("d")
    yield "register, delete question"
    await pilot.press("escape", "i")
    yield "ION history"
    await pilot.press("escape", "l")
    yield "practice log"
    await pilot.press("escape", "p")
    for step in range(1, 7):
        yield f"plan wizard, step {step}"
        await pilot.press("ctrl+n")
    await pilot.press("escape")
    folder.mkdir(exist_ok=True)
    (folder / "praktijken.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    await pilot.press("I")
    yield "import, choose file"
    app.screen.query_one("#path", Input).value = str(folder / "praktijken.csv")
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    yield "import, preview"
    await pilot.press("escape")
    await pilot.press("f4")
    yield "plans overview"
    await pilot.press("f")
    yield "plans overview, state menu"
    await pilot.press("escape", "escape", "i")
    yield "plans overview, interventions"
    await pilot.press("f6")
    yield "declarations, before any draw"
    await pilot.press("f7")
    yield "logboek"
    await pilot.press("f5")
    yield "lottery, prepare"
    await pilot.press("r", "down", "enter", "v", "enter")  # Zutphen, freeze the pool
    yield "lottery, sources"
    app.screen.query_one("#sources", TextArea).text = SOURCES
    await pilot.press("ctrl+s", "enter")
    yield "lottery, draw"
    await pilot.press("space", "x")
    await type_text(pilot, "x")
    yield "lottery, discard question"
    await pilot.press("escape", "ctrl+p")
    yield "palette"
    await type_text(pilot, "qqqzzz")
    await pilot.pause(0.8)  # the palette says "no matches" after half a second
    yield "palette, no matches"
    await pilot.press("escape", "f3", "f1")
    yield "help"
    await pilot.press("f1")


async def drawn_tour(app: MtvdpApp, pilot: Pilot[None]) -> AsyncIterator[str]:
    """The declarations and their dialogs, on a database whose lotteries are final
    (tests.examples.drawn_demo)."""
    await pilot.press("f6")
    yield "declarations"
    await pilot.press("g")
    yield "declarations, status dialog"
    await pilot.press("escape", "i")
    yield "declarations, ION history"
    await pilot.press("escape", "f5")
    yield "lottery, final"
