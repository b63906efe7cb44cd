"""Reading again only when the data changed: the audit trail's newest id tells."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from mtvdp_tui.app import MtvdpApp


class Freshness:
    """Remembers the audit id a screen last read at; `changed()` says whether anyone (this
    copy or another one on the same file) has changed anything since."""

    def __init__(self) -> None:
        self._seen = -1

    def mark(self, screen: Screen[Any]) -> None:
        self._seen = self._last(screen)

    def changed(self, screen: Screen[Any]) -> bool:
        return self._last(screen) != self._seen

    @staticmethod
    def _last(screen: Screen[Any]) -> int:
        return cast("MtvdpApp", screen.app).database.audit.last_id()
