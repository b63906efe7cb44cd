"""`screen.mtvdp`: the running app, typed, declared once for every screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.screens.register import RegisterScreen
from tests.ui.helpers import SIZE, make_app


async def test_every_screen_reaches_the_running_app(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE):
        screen = app.screen
        assert isinstance(screen, RegisterScreen)
        assert screen.mtvdp is app


async def test_the_app_cannot_be_replaced_through_a_screen(tmp_path: Path) -> None:
    """Read-only like the property it replaces: an assignment fails instead of shadowing it."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE):
        screen = app.screen
        assert isinstance(screen, RegisterScreen)
        with pytest.raises(AttributeError):
            screen.mtvdp = app
        assert screen.mtvdp is app


def test_on_the_class_it_is_the_attribute_itself() -> None:
    assert isinstance(RegisterScreen.mtvdp, MtvdpAppAttribute)
