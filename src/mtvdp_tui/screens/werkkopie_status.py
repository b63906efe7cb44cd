"""What the app knows of its werkkopie (SPEC §9): the `WerkkopieInfo` its header bars show, read
again whenever a screen changes (a form saved and closed, a section left) and every few seconds
(a change made elsewhere), and the warning on start when it was long not synchronised.

The first info is read before the app runs (as the database is opened); every later one in a
worker, handed to the bars through `signal` only when it changed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Static

from mtvdp_tui.i18n import t
from mtvdp_tui.records.sync import WerkkopieInfo
from mtvdp_tui.screens.freshness import POLL_SECONDS
from mtvdp_tui.store import postgres
from mtvdp_tui.store.outbox import werkkopie_info
from mtvdp_tui.widgets.werkkopie_bar import WerkkopieBar, WerkkopieView

if TYPE_CHECKING:
    from mtvdp_tui.app import MtvdpApp
    from mtvdp_tui.store.database import Database

log = logging.getLogger(__name__)
READING = "werkkopie-header"  # the worker group (not "query…": snapshots need not wait for it)
DEFAULT_STALE_DAYS = 7
# the sections a werkkopie only shows (SPEC §9), and the key of the Dutch reason
READ_ONLY_SECTIONS = {
    "lottery": "lottery",
    "declarations": "declarations",
    "monitoring": "monitoring",
}


def read_info(database: Database) -> WerkkopieInfo | None:
    with database.engine.connect() as connection:
        return werkkopie_info(connection)


def _conninfo(server: str) -> dict[str, Any] | None:
    try:
        from psycopg.conninfo import conninfo_to_dict

        return dict(conninfo_to_dict(server))
    except Exception:
        return None


def database_name(server: str) -> str:
    """The organisation database's name in `server` (a libpq URL or conninfo string)."""
    info = _conninfo(server) or {}
    return str(info.get("dbname") or info.get("service") or "mtvdp")


def server_name(server: str) -> str:
    """The organisation database as the header names it: `dbname op host` (a socket folder on
    this computer is no name a user knows: then the database's name alone)."""
    info = _conninfo(server)
    if info is None:
        return postgres.display_name(server)
    host = str(info.get("host") or "")
    if not host or host.startswith("/") or "," in host:
        return database_name(server)
    return t("werkkopie.app.header.on_host", name=database_name(server), host=host)


class WerkkopieStatus:
    """The app's werkkopie: `info` is None when the open database is not one."""

    def __init__(self, app: MtvdpApp, *, conflicts_key: str | None = None) -> None:
        self.app = app
        self.info = read_info(app.database)
        self.signal: Signal[Any] = Signal(app, "werkkopie")
        self.conflicts_key = conflicts_key  # the key that opens the conflicts, named beside them

    @property
    def active(self) -> bool:
        """Whether the open database is a werkkopie."""
        return self.info is not None

    @staticmethod
    def read_only_reason(section: str) -> str | None:
        """Why a werkkopie does not change this section (shown on it before anyone tries);
        None for the sections it does change."""
        what = READ_ONLY_SECTIONS.get(section)
        return None if what is None else t(f"werkkopie.read_only.{what}")

    @property
    def stale_after(self) -> int:
        settings = self.app.settings
        return settings.werkkopie_stale_days if settings is not None else DEFAULT_STALE_DAYS

    def view(self) -> WerkkopieView | None:
        if self.info is None:
            return None
        return WerkkopieView(
            self.info,
            server_name(self.info.server),
            self.app.today(),
            self.stale_after,
            self.conflicts_key,
            database_name(self.info.server),
        )

    def bars(self, section: str) -> list[Widget]:
        """What goes under the section bar: the werkkopie's line, and on a section it does not
        change, why."""
        shown: list[Widget] = [WerkkopieBar(self.view, self.signal)]
        reason = self.read_only_reason(section)
        if reason is not None:
            shown.append(Static(reason, classes="werkkopie-read-only", markup=False))
        return shown

    def start(self) -> None:
        """On the app's mount: keep the info fresh, and warn when it was long not synchronised."""
        view = self.view()
        if view is None:
            return
        self.app.screen_change_signal.subscribe(self.app, lambda _screen: self.refresh())
        self.app.set_interval(POLL_SECONDS, self.refresh)
        self.refresh()  # what changed between opening the database and now
        if view.stale:
            notice = t(
                "werkkopie.app.stale_notice",
                days=view.days_since_sync,
                limit=view.stale_after,
                server=view.server,
            )
            self.app.notify(notice, severity="warning", timeout=30)

    # --- the keys: F9 synchronises, F8 opens the conflicts, W makes a werkkopie ----------------

    def synchronise(self) -> None:
        from mtvdp_tui.screens.sync_dialog import SyncDialog

        if self.active and not isinstance(self.app.screen, SyncDialog):
            self.app.push_screen(SyncDialog(), self._after)

    def open_conflicts(self) -> None:
        from mtvdp_tui.screens.conflicts import ConflictsScreen

        if self.active and not isinstance(self.app.screen, ConflictsScreen):
            self.app.push_screen(ConflictsScreen(self.app.database), self._after)

    def make_from(self, server: str) -> None:
        """Werkkopie maken of the organisation database `server` (the app's own URL)."""
        from mtvdp_tui.screens.werkkopie_dialog import WerkkopieDialog

        if not isinstance(self.app.screen, WerkkopieDialog):
            self.app.push_screen(WerkkopieDialog(server))

    def _after(self, _result: object = None) -> None:
        """After a synchronisation or deciding conflicts: the header and the section in front
        read again (the pull changed what they show)."""
        self.refresh()
        read_again = getattr(self.app.screen, "read_again", None)  # the sections that list
        if callable(read_again):
            read_again()

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the info again, in a worker; the bars change only when it did."""
        if self.info is not None:
            # the header is never worth stopping the app for: a failure is logged (`_read`)
            self.app.run_worker(
                self._read, thread=True, exclusive=True, group=READING, exit_on_error=False
            )

    def _read(self) -> None:
        try:
            info = read_info(self.app.database)
        except Exception:  # the next screen change or tick asks again
            log.warning("reading the werkkopie's state failed", exc_info=True)
            return
        self.app.call_from_thread(self._update, info)

    def _update(self, info: WerkkopieInfo | None) -> None:
        if info is not None and info != self.info:
            self.info = info
            self.signal.publish(info)
