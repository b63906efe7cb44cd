"""The footer shows whole keys only: what does not fit is dropped from the end, and the line
then ends with "F1 Meer toetsen" (else "F1 Help"); never a cut word, never an overlap."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import TextArea

from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.widgets.key_footer import FooterItem, KeyFooter, fit
from tests.examples import drawn_demo
from tests.ui.helpers import make_app
from tests.ui.screen_tour import drawn_tour, tour

SIZES = ((80, 24), (120, 36))

words = st.text(alphabet="abcdefghij ", min_size=1, max_size=20).map(str.strip).filter(bool)
items = st.lists(st.builds(FooterItem, st.sampled_from(["a", "b", "ctrl+s"]), words, words))


@given(items, st.integers(min_value=20, max_value=200))
def test_fit_keeps_a_prefix_of_whole_keys_within_the_width(shown: list, width: int) -> None:
    kept, last = fit(shown, width)
    assert kept == shown[: len(kept)]
    assert 1 + sum(item.width + 2 for item in kept) + last.width + 1 <= width
    assert (last.description == "Help") == (kept == shown)


def check_footer(app: MtvdpApp, state: str) -> str | None:
    """What is wrong with the footer on screen now, or None."""
    found = app.screen.query(KeyFooter)
    if not found:
        return None  # a dialog without a footer (its keys are on its buttons)
    footer = found.first()
    line = footer.render_line(0).text
    wanted = footer.items()
    shown, last = footer.shown, footer.help
    texts = [f"{item.display} {item.description}" for item in [*shown, last]]
    parts = [part for part in re.split(r" {2,}", line.strip()) if part]
    if len(line.rstrip()) > footer.size.width:
        return f"{state}: wider than the screen: {line!r}"
    if parts != texts:
        return f"{state}: shows {parts}, not the whole keys {texts}"
    if shown != wanted[: len(shown)]:
        return f"{state}: not the first keys"
    ending = "F1 Help" if shown == wanted else "F1 Meer toetsen"
    if texts[-1] != ending:
        return f"{state}: ends with {texts[-1]!r}, not {ending!r}"
    return None


async def test_every_footer_shows_whole_keys_at_80_and_120_columns(tmp_path: Path) -> None:
    wrong: list[str] = []
    for width, height in SIZES:
        folder = tmp_path / str(width)
        folder.mkdir()
        app = make_app(folder / "demo.sqlite", demo=True)
        async with app.run_test(size=(width, height)) as pilot:
            async for state in tour(app, pilot, folder / "export"):
                await pilot.pause()
                wrong.append(check_footer(app, f"{width}x{height} {state}"))
        app = make_app(drawn_demo(folder / "drawn.sqlite"))
        async with app.run_test(size=(width, height)) as pilot:
            async for state in drawn_tour(app, pilot):
                await pilot.pause()
                wrong.append(check_footer(app, f"{width}x{height} {state}"))
    assert [problem for problem in wrong if problem] == []


async def test_the_register_footer_has_every_key_or_says_there_are_more(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        footer = app.screen.query_one(KeyFooter)
        keys = {item.display for item in footer.items()}
        assert {"n", "Enter", "/", "p", "i", "l", "I", "e", "S", "d", "r", "s"} <= keys
        assert footer.render_line(0).text.rstrip().endswith("F1 Meer toetsen")
        await pilot.resize_terminal(260, 36)
        await pilot.pause()
        assert footer.shown == footer.items()
        assert footer.render_line(0).text.rstrip().endswith("F1 Help")


async def test_the_order_is_the_screens_whatever_field_has_the_focus(tmp_path: Path) -> None:
    """In the wizard's reflection step a text field (which binds ctrl+arrows itself) has the
    focus; the footer still reads Volgende before Vorige, as on every other step."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("p")
        first = [item.description for item in app.screen.query_one(KeyFooter).items()]
        await pilot.press("ctrl+n")
        assert isinstance(app.focused, TextArea)
        second = [item.description for item in app.screen.query_one(KeyFooter).items()]
        assert second[:2] == first[:2] == ["Volgende", "Vorige"]
