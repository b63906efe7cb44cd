"""Reading again only when the data changed: the audit trail's newest id tells."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from mtvdp_tui.screens.mtvdp_app import mtvdp_app


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
        return mtvdp_app(screen).database.audit.last_id()
