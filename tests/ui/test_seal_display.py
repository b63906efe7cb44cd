"""The seals as the room sees them: big glyphs where every hex digit has its own shape, and the
plain line under them that is read aloud."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from textual.widgets import Static, TextArea

from mtvdp_tui.store import lottery_session as session
from mtvdp_tui.widgets.seal_display import FONT, SealGlyphs, glyph_rows, plain_lines
from tests.ui.helpers import SIZE, make_app

# corners drawn square or rounded are the same stroke from the back of a room
SAME_STROKE = str.maketrans({"╭": "┌", "╮": "┐", "╰": "└", "╯": "┘"})
SEAL = "3e118763e01df9c0eb8c0f46acc58fba44205e0a9df2fa9021855bcf03ad5df7"


def strokes(character: str) -> str:
    return "".join(FONT[character]).translate(SAME_STROKE)


def test_every_hex_digit_has_its_own_shape() -> None:
    """Two hex digits differ in at least two of their nine cells even when corners are not
    told apart (in Textual's Digits, B/8 and D/0 differ in their corners only)."""
    for first, second in combinations("0123456789abcdef", 2):
        different = sum(a != b for a, b in zip(strokes(first), strokes(second), strict=True))
        assert different >= 2, (first, second)


def test_glyphs_are_three_cells_wide_and_case_does_not_matter() -> None:
    assert all(len(row) == 3 for glyph in FONT.values() for row in glyph)
    assert glyph_rows("8B0D") == glyph_rows("8b0d")
    assert [len(row) for row in glyph_rows("3e11 8763")] == [27, 27, 27]


def test_the_plain_seal_is_two_lines_of_eight_groups_in_lowercase() -> None:
    assert plain_lines(SEAL.upper()) == [
        "3e11 8763 e01d f9c0 eb8c 0f46 acc5 8fba",
        "4420 5e0a 9df2 fa90 2185 5bcf 03ad 5df7",
    ]


async def test_both_seals_show_big_glyphs_and_the_plain_line(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5", "r", "down", "enter", "v", "enter")
        screen = app.screen
        pool_seal = app.database.lotteries.active("Zutphen").pool_seal
        lines = [screen.query_one(f"#pool-seal #seal-line-{n}", SealGlyphs).value for n in (1, 4)]
        assert lines[0].replace(" ", "") == pool_seal[:16]
        assert lines[1].replace(" ", "") == pool_seal[48:]
        plain = str(screen.query_one("#pool-seal #seal-plain", Static).content)
        assert plain.replace(" ", "").replace("\n", "") == pool_seal
        screen.query_one("#sources", TextArea).text = "9319\n10 2 8 12 5"
        await pilot.press("ctrl+s", "enter", *["space"] * 32)
        draw_seal = session.draw_seal(app.database.lotteries.active("Zutphen"))
        plain = str(screen.query_one("#draw-seal #seal-plain", Static).content)
        assert plain.split("\n") == plain_lines(draw_seal)
