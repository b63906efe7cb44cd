"""Keys typed at full speed act in the order they were typed, in every text field.

Textual inserts a printable key the moment it reaches the field, but runs Backspace, the arrows,
Home/End only once their key event has bubbled up to the App: keys typed right behind them were
inserted first ("abcd⌫⌫x" gave "abc"). Every text field is a FormInput, which runs its own
bindings as the key reaches it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from textual.widgets import Input

from mtvdp_tui.screens.practice_form import PracticeFormScreen
from tests.ui.helpers import SIZE, make_app, type_fast

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mtvdp_tui"


async def test_backspace_and_arrows_typed_fast_act_in_their_turn_in_the_search(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        search = app.screen.query_one("#search", Input)
        await type_fast(pilot, "/abcd<backspace><backspace>x")
        assert search.value == "abx"
        await type_fast(pilot, "<left><left>Y<end>z<home><delete>")
        assert search.value == "Ybxz"


async def test_backspace_typed_fast_acts_in_its_turn_in_the_practice_form(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_fast(pilot, "n0199<backspace><backspace>99901\nHet Vn<backspace>een")
        form = app.screen
        assert isinstance(form, PracticeFormScreen)
        assert form.query_one("#agb", Input).value == "0199901"
        assert form.query_one("#name", Input).value == "Het Veen"


def test_every_text_field_of_the_app_is_a_form_input() -> None:
    """No module makes a bare Input (or another subclass of it): it would lose the key order."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "form_input.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Call):
                names = [node.func]
            elif isinstance(node, ast.ClassDef):
                names = list(node.bases)
            for name in names:
                if (isinstance(name, ast.Name) and name.id == "Input") or (
                    isinstance(name, ast.Attribute) and name.attr == "Input"
                ):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


async def test_the_next_practice_typed_right_behind_ctrl_n_lands_in_its_fields(
    tmp_path: Path,
) -> None:
    """ctrl+n, the next AGB code, Enter and the next name in one burst: the Enter (a priority
    key) once acted before the save, and the name was lost."""
    from tests.ui.test_register import fill_new_practice

    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_practice(pilot, "01999901", "Het Veen")
        await type_fast(pilot, "<ctrl+n>01999902\nDe Linde")
        form = app.screen
        assert isinstance(form, PracticeFormScreen)
        assert form.query_one("#agb", Input).value == "01999902"
        assert form.query_one("#name", Input).value == "De Linde"
        assert app.database.practices.id_for_agb("01999901") is not None
