"""The practice form and every dialog at 80×24 and 64×20: all in view, messages whole.

A widget is in view when its region on the screen lies inside the dialog's content area and
does not lie under the parts docked above and below the fields (the form's title, status and
buttons).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Static, TextArea

from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.discard_dialog import DiscardScreen
from mtvdp_tui.screens.ion_history import IonHistoryScreen
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.screens.status_dialog import StatusDialog
from tests.examples import drawn_demo
from tests.ui.helpers import make_app, type_text

SMALL = [(80, 24), (64, 20)]
SMALL_IDS = ["80x24", "64x20"]


def in_view(widget: Widget, area: Region, *covers: Widget) -> bool:
    region = widget.region
    return (
        region.area > 0
        and area.contains_region(region)
        and not any(cover.region.overlaps(region) for cover in covers)
    )


def shown_text(widget: Static) -> str:
    """The text `widget` draws, its wrapped lines joined by spaces."""
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return " ".join(line.text.strip() for line in lines if line.text.strip())


def assert_fields_in_view(screen, *names: str) -> None:
    dialog = screen.query_one("#dialog")
    covers = (screen.query_one("#title"), screen.query_one("#actions"))
    for name in names:
        for widget in (screen.query_one(f"#{name}"), screen.query_one(f"#{name}-error", Static)):
            assert in_view(widget, dialog.content_region, *covers), (name, widget.region)
        message = screen.query_one(f"#{name}-error", Static)
        assert shown_text(message) == str(message.content), f"cut: {shown_text(message)!r}"


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
async def test_the_form_keeps_each_message_whole_beside_its_field(tmp_path: Path, size) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "1", "2", "3", "ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeFormScreen)
        assert str(screen.query_one("#agb-error", Static).content)
        assert_fields_in_view(screen, "agb", "name", "region")
        screen_area = Region(0, 0, *size)
        status = screen.query_one("#status", Static)
        assert in_view(status, screen_area) and shown_text(status) == str(status.content)
        for button in screen.query(Button):
            assert in_view(button, screen.query_one("#dialog").content_region), button.id
            assert str(button.label) in shown_text(button), button.id

        screen.set_focus(screen.query_one("#start_date", Input))  # low in the form
        await type_text(pilot, "99")
        await pilot.pause()
        assert str(screen.query_one("#start_date-error", Static).content)
        assert_fields_in_view(screen, "start_date")

        screen.set_focus(screen.query_one("#notes", TextArea))  # the last one
        await pilot.pause()
        area = screen.query_one("#dialog").content_region
        assert in_view(screen.query_one("#notes"), area, screen.query_one("#actions"))


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return drawn_demo(tmp_path_factory.mktemp("drawn") / "demo.sqlite")


async def discard_a_draw(pilot: Pilot) -> None:
    await pilot.press("f5", "r", "down", "enter", "v", "enter")  # Zutphen: 32 practices
    pilot.app.screen.query_one(TextArea).text = "9319\n10 2 8 12 5"
    await pilot.press("ctrl+s", "enter", *["space"] * 32)
    if pilot.app.screen.has_class("-compact"):
        await pilot.press("l")  # a projector: discarding is in the other view
    await pilot.press("x")


DIALOGS = {
    "delete": (False, ConfirmScreen, ("d",)),
    "freeze-pool": (False, ConfirmScreen, ("f5", "v")),
    "ion-history": (False, IonHistoryScreen, ("i",)),
    "declaration-status": (True, StatusDialog, ("f6", "w")),
}


def assert_dialog_in_view(screen, size: tuple[int, int]) -> None:
    box = screen.query_one("#dialog") if screen.query("#dialog") else screen.query_one("Vertical")
    assert Region(0, 0, *size).contains_region(box.region), box.region
    for widget in [*screen.query(Button), *screen.query(Input)]:
        assert in_view(widget, box.content_region), (widget.id, widget.region, box.region)
        if isinstance(widget, Button):
            assert str(widget.label) in shown_text(widget), widget.id


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_a_dialog_fits(name: str, size, drawn: Path, tmp_path: Path) -> None:
    uses_drawn, kind, keys = DIALOGS[name]
    if uses_drawn:
        path = tmp_path / "demo.sqlite"
        path.write_bytes(drawn.read_bytes())
        app = make_app(path)
    else:
        app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, kind)
        assert_dialog_in_view(app.screen, size)


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
async def test_the_discard_dialog_fits(size, tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=size) as pilot:
        await discard_a_draw(pilot)
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen)
        assert_dialog_in_view(app.screen, size)
