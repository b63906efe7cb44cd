"""Help (F1, ?) per screen, the palette's commands, and the second keys that work where the
F-row or ctrl+arrows do not arrive."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Input, Static, TextArea

from mtvdp_tui.screens.help import HelpScreen
from mtvdp_tui.screens.palette import Palette
from mtvdp_tui.screens.plan_wizard import PlanWizardScreen
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.screens.register import RegisterScreen
from mtvdp_tui.widgets.keys import screen_keys
from tests.ui.helpers import SIZE, make_app
from tests.ui.screen_tour import tour


def shown_text(app) -> str:
    return "\n".join(str(static.content) for static in app.screen.query(Static))


async def test_f1_shows_the_screen_its_keys_and_the_data_and_closes_again(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        register = app.screen
        keys = screen_keys(register)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = shown_text(app)
        assert RegisterScreen.HELP in text
        for entry in keys:  # every key of the register, from its bindings
            assert entry.display in text and entry.description in text
        assert "F2 / Ctrl+L" in text and "F3 / 1" in text  # both keys of the F-row actions
        assert str(app.database.path) in text and str(app.export_dir) in text
        await pilot.press("f1")
        assert app.screen is register
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert app.screen is register
        await pilot.press("f1", "escape")
        assert app.screen is register


async def test_a_question_mark_in_a_field_is_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "question_mark")
        assert app.screen.query_one("#search", Input).value == "?"
        await pilot.press("escape", "n", "question_mark")
        assert isinstance(app.screen, PracticeFormScreen)
        assert "?" in app.focused.value
        await pilot.press("f1")  # F1 also in a form (a modal screen)
        assert isinstance(app.screen, HelpScreen)
        assert PracticeFormScreen.HELP in shown_text(app)
        assert "Ctrl+S" in shown_text(app)


async def test_help_scrolls_and_fits_a_small_terminal(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=(64, 20)) as pilot:
        await pilot.press("f1")
        body = app.screen.query_one("#help-body", VerticalScroll)
        box = app.screen.query_one("#help-box")
        assert box.region.right <= 64 and box.region.bottom <= 20
        assert app.screen.query_one("#help-close").region.bottom <= 20
        assert body.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0


async def test_the_palette_offers_help_and_each_command_once(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        async for state in tour(app, pilot, tmp_path / "export"):
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert len(titles) == len(set(titles)), state
            assert "Toetsen" not in titles, state
            assert "Help" in titles, state
        await pilot.press("escape", "ctrl+p")
        assert isinstance(app.screen, Palette)
        titles = [command.title for command in app.get_system_commands(app.screen_stack[-2])]
        assert titles.count("Hoog contrast") == 1 and titles.count("Logboek") == 1
        help_command = next(c for c in app.get_system_commands(app.screen) if c.title == "Help")
        help_command.callback()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_second_keys_for_contrast_sections_and_quitting(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        theme = app.theme
        await pilot.press("ctrl+l")
        assert app.theme == "mtvdp-hoog-contrast"
        await pilot.press("n", "ctrl+l")  # also in a form, while typing
        assert app.theme == theme
        await pilot.press("escape")
        for key, mode in (("2", "plans"), ("4", "declarations"), ("5", "audit"), ("1", "register")):
            await pilot.press(key)
            assert app.current_mode == mode
        await pilot.press("slash", "2")  # typed in the search field, not a section
        assert app.current_mode == "register"
        assert app.screen.query_one("#search", Input).value == "2"
        await pilot.press("ctrl+q")  # quits, also from a text field
    assert app.return_code == 0


async def test_wizard_steps_with_ctrl_n_and_ctrl_t_also_in_a_text_field(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        wizard = app.screen
        assert isinstance(wizard, PlanWizardScreen)
        await pilot.press("ctrl+n")
        assert wizard.step == 2
        assert isinstance(app.focused, TextArea)
        await pilot.press("ctrl+n")
        assert wizard.step == 3
        await pilot.press("ctrl+t", "ctrl+t")
        assert wizard.step == 1
        await pilot.press("f1")
        assert "Ctrl+→ / Ctrl+N" in shown_text(app)
        assert "Ctrl+← / Ctrl+T" in shown_text(app)
