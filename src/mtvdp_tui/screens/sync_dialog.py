"""Synchroniseren (F9, Ctrl+Y) in a werkkopie: the engine (`store.sync.synchronise`) runs in a
worker; the dialog shows where it is (connecting, sending n of m, receiving) and then what it
did, or why it stopped, in Dutch. Esc or Enter closes it once it is done; the app then reads
the header and the section in front again."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError, RecordError
from mtvdp_tui.records.sync import SyncProgress, SyncReport, SyncStage
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute


class SyncDialog(ModalScreen[bool]):
    """Dismissed with True when the synchronisation finished, False when it stopped."""

    DEFAULT_CSS = """
    SyncDialog { align: center middle; }
    SyncDialog > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        overflow-y: auto; border: thick $primary; background: $surface;
    }
    SyncDialog.-failed > Vertical { border: thick $error; }
    SyncDialog.-conflicts > Vertical { border: thick $warning; }
    SyncDialog #sync-title { text-style: bold; margin-bottom: 1; }
    SyncDialog #sync-keys { margin-top: 1; color: $text-muted; }
    """
    HELP = t("werkkopie.app.sync.help")
    BINDINGS = [
        Binding("escape,enter", "close", t("werkkopie.app.sync.close"), id="sync.close"),
    ]

    mtvdp = MtvdpAppAttribute()

    def __init__(self) -> None:
        super().__init__()
        self.finished: bool | None = None  # None while it runs

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("werkkopie.app.sync.title"), id="sync-title")
            yield Static(t("sync.stage.verbinden"), id="sync-progress", markup=False)
            yield Static(t("werkkopie.app.sync.running"), id="sync-keys")

    def on_mount(self) -> None:
        self._synchronise()

    @work(thread=True, exclusive=True, group="werkkopie-sync")
    def _synchronise(self) -> None:
        from mtvdp_tui.store.sync import synchronise

        def progress(step: SyncProgress) -> None:
            self.app.call_from_thread(self._progress, step)

        try:
            report = synchronise(self.mtvdp.database, progress=progress)
        except (DatabaseError, RecordError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, report)

    def _progress(self, step: SyncProgress) -> None:
        if step.stage is SyncStage.DONE or self.finished is not None:
            return
        from mtvdp_tui.store.sync import progress_line

        self.query_one("#sync-progress", Static).update(progress_line(step))

    def _done(self, report: SyncReport) -> None:
        from mtvdp_tui.store.sync import summary

        self.finished = True
        self.set_class(report.open_conflicts > 0, "-conflicts")
        lines = [t("werkkopie.app.sync.done"), *summary(report)]
        self._show("\n".join(lines))

    def _failed(self, message: str) -> None:
        self.finished = False
        self.add_class("-failed")
        self._show(message)

    def _show(self, text: str) -> None:
        self.query_one("#sync-progress", Static).update(text)
        self.query_one("#sync-keys", Static).update(t("werkkopie.app.sync.keys"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":  # not while it runs: the result must be seen
            return self.finished is not None
        return True

    def action_close(self) -> None:
        if self.finished is not None:
            self.dismiss(self.finished)
