"""Every key description the Footer can show is Dutch, in every state of every screen."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from mtvdp_tui.i18n import PARTS
from tests.ui.helpers import SIZE, make_app

DUTCH = {text for part in PARTS for text in part.values()}


async def test_no_english_key_descriptions_anywhere(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    english: set[tuple[str, str, str]] = set()

    def collect(state: str) -> None:
        for active in app.screen.active_bindings.values():
            binding = active.binding
            if binding.show and binding.description and binding.description not in DUTCH:
                english.add((state, type(active.node).__name__, binding.description))

    async with app.run_test(size=SIZE) as pilot:
        collect("register")
        await pilot.press("slash")
        collect("search")
        await pilot.press("escape", "r")
        collect("region menu open")
        await pilot.press("escape", "escape", "n")
        for _ in range(13):  # every field of the form in turn
            collect(f"form, {app.focused.id if app.focused else '-'}")
            await pilot.press("tab")
        app.screen.query_one("#region").focus()
        await pilot.pause()
        await pilot.press("enter")
        collect("form, region menu open")
        await pilot.press("escape", "escape")
        collect("form, discard question")
        await pilot.press("escape", "escape")
        await pilot.press("d")
        collect("delete question")
        await pilot.press("escape", "p")
        for step in range(1, 7):  # the plan wizard, every step
            collect(f"wizard step {step}")
            await pilot.press("ctrl+right")
        await pilot.press("escape", "f4")
        collect("plans overview")
        await pilot.press("f")
        collect("plans overview, state menu open")
        await pilot.press("escape", "escape", "i")
        collect("plans overview, interventions")
        await pilot.press("slash")
        collect("plans overview, search")
        await pilot.press("escape", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == "Zoek een opdracht…"
    assert english == set()
