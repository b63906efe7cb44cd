"""The private Textual hooks in `mtvdp_tui.compat` still exist, look the same and still work.

A Textual upgrade that renames, re-signs or stops calling one of them fails here, with the hook's
name, the Textual version and why the project uses it.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Input

from mtvdp_tui import compat
from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.compat import HOOKS, Hook
from mtvdp_tui.widgets.form_input import FormInput
from mtvdp_tui.widgets.row_list import RowList


def broken(hook: Hook, problem: str) -> str:
    return (
        f"Textual {compat.textual_version()}: the private hook {hook.label} {problem}. "
        f"It is used because: {hook.reason} Adapt mtvdp_tui.compat and its users."
    )


def hook(label: str) -> Hook:
    return next(h for h in HOOKS if h.label == label)


def parameters(function: Any) -> tuple[str, ...]:
    if isinstance(function, classmethod | staticmethod):
        function = function.__func__
    return tuple(inspect.signature(function).parameters)


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h.label)
def test_every_hook_exists_with_the_parameters_we_use(hook: Hook) -> None:
    if hook.parameters is None:  # an attribute: on the class, or set up by App.__init__
        holder: object = App() if hook.owner is App else hook.owner
        assert hasattr(holder, hook.name), broken(hook, "is gone")
        return
    try:
        member = inspect.getattr_static(hook.owner, hook.name)
    except AttributeError:
        pytest.fail(broken(hook, "is gone"))
    found = parameters(member)
    assert found == hook.parameters, broken(hook, f"now takes {found}, not {hook.parameters}")


@pytest.mark.parametrize(
    ("ours", "label"),
    [
        (RowList._size_updated, "ScrollView._size_updated"),
        (FormInput._on_key, "Input._on_key"),
        (RowList._on_key, "Widget._on_key"),
        (MtvdpApp._handle_exception, "App._handle_exception"),
    ],
)
def test_our_overrides_match_textuals_methods(ours: Any, label: str) -> None:
    hook_ = hook(label)
    theirs = inspect.getattr_static(hook_.owner, hook_.name)
    assert parameters(ours) == parameters(theirs), broken(hook_, "differs from our override")
    assert inspect.iscoroutinefunction(ours) == inspect.iscoroutinefunction(theirs), broken(
        hook_, "changed between a coroutine and a plain method"
    )


class CountingScrollView(ScrollView):
    size_updates = 0

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        CountingScrollView.size_updates += 1
        return super()._size_updated(size, virtual_size, container_size, layout)


class CountingInput(Input):
    keys: list[str] = []

    async def _on_key(self, event: events.Key) -> None:
        CountingInput.keys.append(event.key)
        await super()._on_key(event)


class Harness(App[None]):
    def compose(self) -> ComposeResult:
        yield CountingInput()
        yield CountingScrollView()


async def test_textual_still_calls_the_overridden_hooks() -> None:
    CountingScrollView.size_updates = 0
    CountingInput.keys = []
    app = Harness()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        await pilot.press("a")
    assert CountingScrollView.size_updates > 0, broken(
        hook("ScrollView._size_updated"), "is no longer called on layout"
    )
    assert CountingInput.keys == ["a"], broken(hook("Input._on_key"), "is no longer called")


class FailingApp(App[None]):
    handled: list[Exception] = []

    def _handle_exception(self, error: Exception) -> None:
        FailingApp.handled.append(error)
        super()._handle_exception(error)

    def on_mount(self) -> None:
        raise ValueError("expected")


async def test_textual_still_calls_handle_exception_for_an_unhandled_error() -> None:
    FailingApp.handled = []
    with pytest.raises(ValueError, match="expected"):
        async with FailingApp().run_test(size=(40, 10)):
            pass
    assert [type(e) for e in FailingApp.handled] == [ValueError], broken(
        hook("App._handle_exception"), "is no longer called with an unhandled error"
    )


async def test_scroll_update_shows_the_scrollbar_for_a_taller_virtual_size() -> None:
    app = Harness()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(CountingScrollView)
        await pilot.pause()
        assert not view.show_vertical_scrollbar
        view.virtual_size = Size(view.size.width, 1000)
        compat.scroll_update(view, view.virtual_size)
        assert view.show_vertical_scrollbar, broken(
            hook("Widget._scroll_update"), "no longer brings the scrollbars up to date"
        )


class Panel(Widget, can_focus=True):
    BINDINGS = [Binding("x", "first", "First")]


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Panel()


async def test_rebuild_bindings_makes_replaced_bindings_count() -> None:
    Panel.BINDINGS = [Binding("x", "first", "Eerste")]
    compat.rebuild_bindings(Panel)
    app = PanelApp()
    async with app.run_test(size=(40, 10)) as pilot:
        app.query_one(Panel).focus()
        await pilot.pause()
        active = app.screen.active_bindings["x"].binding.description
    assert active == "Eerste", broken(
        hook("SelectOverlay._merged_bindings"), "no longer holds the bindings Textual uses"
    )


async def test_driver_notifications_and_display_of_a_running_app() -> None:
    frames: list[object | None] = []
    app = Harness()
    async with app.run_test(size=(40, 10)) as pilot:
        compat.on_display(app, frames.append)
        app.notify("hallo")
        event = events.Key("b", "b")
        event.set_sender(app)
        compat.terminal_driver(app).send_message(event)
        await pilot.pause()
        assert app.query_one(CountingInput).value == "b", broken(
            hook("App._driver"), "no longer delivers keys to the app"
        )
        for key in "cd":
            queued = events.Key(key, key)
            queued.set_sender(app)
            await compat.queue_message(app, queued)
        while compat.messages_pending(app):
            await pilot.pause()
        await pilot.pause()
        assert app.query_one(CountingInput).value == "bcd", broken(
            hook("App._post_message"), "no longer queues keys for the app"
        )
        shown = [n.message for n in compat.notifications(app)]
        assert shown == ["hallo"], broken(hook("App._notifications"), "no longer lists them")
        await pilot.pause()
    assert any(frame is not None for frame in frames), broken(
        hook("App._display"), "is no longer called with each frame"
    )
