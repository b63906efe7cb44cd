"""The werkkopie's line under the section bar (SPEC §9): which organisation database this is a
copy of, when it last synchronised, how many changes wait to be sent and the conflicts still
open. Shown on every section while the open database is a werkkopie; shortened to fit.

The widget gets plain data (`WerkkopieInfo`, the app's clock, the stale limit); the app reads
the info and hands every new one to the bars through its signal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.cells import cell_len
from textual.containers import Vertical
from textual.content import Content
from textual.signal import Signal
from textual.widgets import Static

from mtvdp_tui.formatting import numeric_date
from mtvdp_tui.i18n import t
from mtvdp_tui.records.sync import WerkkopieInfo

SEPARATOR = " · "


@dataclass(frozen=True)
class WerkkopieView:
    """What the bar shows, worked out from a `WerkkopieInfo` for a day."""

    info: WerkkopieInfo
    server: str  # the organisation database as the user knows it (no password, no socket)
    today: date
    stale_after: int  # days without synchronising before the bar warns
    conflicts_key: str | None = None  # the key that opens the conflicts ("F8"), when it exists
    database: str = ""  # the organisation database's name alone, where `server` is too long

    @property
    def days_since_sync(self) -> int:
        return (self.today - self.info.synced_at.astimezone().date()).days

    @property
    def stale(self) -> bool:
        return self.days_since_sync > self.stale_after

    def synced(self, *, short: bool, bare: bool = False) -> str:
        moment = self.info.synced_at.astimezone()
        clock = moment.strftime("%H:%M")
        if self.stale:
            key = "werkkopie.app.header.stale" + (".short" if short else "")
            return t(key, days=self.days_since_sync)
        when = (
            t("werkkopie.app.header.today", time=clock)
            if moment.date() == self.today
            else f"{numeric_date(moment.date())} {clock}"
        )
        if bare:
            return when
        return t("werkkopie.app.header.synced" + (".short" if short else ""), when=when)

    def waiting(self, *, short: bool) -> str:
        count = self.info.waiting
        if count == 0 and short:
            return t("werkkopie.app.header.waiting.none.short")
        if short:
            return t("werkkopie.app.header.waiting.short", count=count)
        if count == 0:
            return t("werkkopie.app.header.waiting.none")
        key = "werkkopie.app.header.waiting.one" if count == 1 else "werkkopie.app.header.waiting"
        return t(key, count=count)

    def conflicts(self, *, short: bool) -> str | None:
        count = self.info.conflicts
        if count == 0:
            return None
        key = "werkkopie.app.header.conflict" + ("" if count == 1 else "s")
        text = t(key + (".short" if short else ""), count=count)
        if self.conflicts_key is None:
            return text
        return t("werkkopie.app.header.key", text=text, key=self.conflicts_key)

    def lines(self) -> list[str]:
        """The line from longest to shortest: the first that fits is shown. The database it is
        a copy of goes last (shorter words first, then the host, then the name)."""
        named = t("werkkopie.app.header.of", server=self.server)
        database = t("werkkopie.app.header.of", server=self.database or self.server)
        plain = t("werkkopie.app.header.label")
        variants = []
        for title, short in ((named, False), (named, True), (database, True), (plain, True)):
            parts = [title, self.synced(short=short), self.waiting(short=short)]
            conflicts = self.conflicts(short=short)
            parts += [conflicts] if conflicts else []
            variants.append(SEPARATOR.join(parts))
        # last: the moment without its word ("vandaag 14:05"), the counts and the key kept
        tight = [plain, self.synced(short=True, bare=True), self.waiting(short=True)]
        conflicts = self.conflicts(short=True)
        variants.append(SEPARATOR.join([*tight, conflicts] if conflicts else tight))
        return variants

    def fitting(self, width: int) -> str:
        variants = self.lines()
        return next((line for line in variants if cell_len(line) <= width), variants[-1])


class WerkkopieBar(Static):
    """One line; red-tinted while conflicts are open, amber when long not synchronised."""

    DEFAULT_CSS = """
    WerkkopieBar { height: 1; padding: 0 1; background: $secondary-muted; color: $text;
        text-wrap: nowrap; text-overflow: ellipsis; }
    WerkkopieBar.-stale { background: $warning-muted; }
    WerkkopieBar.-conflicts { background: $error-muted; }
    """

    def __init__(self, view: Callable[[], WerkkopieView | None], updates: Signal[Any]) -> None:
        super().__init__()
        self._view = view  # the newest view the app has (asked again on every update)
        self._updates = updates

    def on_mount(self) -> None:
        self._updates.subscribe(self, lambda _info: self.show_view())
        self.show_view()

    def on_resize(self) -> None:
        self.show_view()

    def show_view(self) -> None:
        view = self._view()
        if view is None:
            self.display = False
            return
        self.set_class(view.stale, "-stale")
        self.set_class(view.info.conflicts > 0, "-conflicts")
        self.update(Content(view.fitting(max(self.content_size.width, 1))))


class SectionBars(Vertical):
    """The section bar with the werkkopie's line under it (and, on a section a werkkopie does
    not change, the line saying why), as one piece of a screen's top."""

    DEFAULT_CSS = """
    SectionBars { height: auto; }
    SectionBars .werkkopie-read-only { height: auto; padding: 0 1; background: $warning-muted;
        color: $text; }
    """
