"""The running app as an `MtvdpApp`, typed, for screens that need its database, clock or folders.

Textual types `node.app` as `App[object]`; a screen declares `mtvdp = MtvdpAppAttribute()` once
instead of repeating a property that casts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast, overload

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from mtvdp_tui.app import MtvdpApp


def mtvdp_app(node: MessagePump) -> MtvdpApp:
    """The app `node` runs in; every screen of this program runs in an `MtvdpApp`."""
    return cast("MtvdpApp", node.app)


class MtvdpAppAttribute:
    """A read-only attribute, like a property: `screen.mtvdp` is `mtvdp_app(screen)`."""

    @overload
    def __get__(self, node: None, owner: type[object]) -> MtvdpAppAttribute: ...

    @overload
    def __get__(self, node: MessagePump, owner: type[object]) -> MtvdpApp: ...

    def __get__(
        self, node: MessagePump | None, owner: type[object]
    ) -> MtvdpApp | MtvdpAppAttribute:
        return self if node is None else mtvdp_app(node)

    def __set__(self, node: MessagePump, value: object) -> None:
        raise AttributeError("mtvdp is the running app; it cannot be replaced")
