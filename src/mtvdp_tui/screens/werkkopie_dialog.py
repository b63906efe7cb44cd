"""Werkkopie maken (W) on the organisation database (PostgreSQL): the user names the new file
(a suggestion in the documents folder is only filled in; nothing is written before Enter), an
existing file is refused at the field, and `store.werkkopie_make` copies in a worker while the
dialog shows which table it is at. It ends saying where the werkkopie is and how to open it."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.screens.werkkopie_status import database_name, server_name
from mtvdp_tui.widgets.form_input import FormInput


def suggested_path(server: str) -> Path:
    """`werkkopie-<database>.sqlite` in the user's documents folder (only a suggestion)."""
    from platformdirs import user_documents_path

    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in database_name(server))
    return user_documents_path() / f"werkkopie-{name}.sqlite"


def refusal(text: str) -> str | None:
    """Why `text` cannot be the new werkkopie's file, in Dutch; None when it can."""
    from mtvdp_tui.reading import path_text, user_path

    if not path_text(text):
        return t("output.empty")
    target = user_path(text)
    if target.exists() or target.is_symlink():
        return t("werkkopie.app.exists", path=target)
    if not target.parent.is_dir():
        return t("werkkopie.app.no_folder", folder=target.parent)
    return None


class WerkkopieDialog(ModalScreen[Path | None]):
    """Dismissed with the werkkopie's path once made, None when the user closed it before."""

    DEFAULT_CSS = """
    WerkkopieDialog { align: center middle; }
    WerkkopieDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        overflow-y: auto; border: thick $primary; background: $surface;
    }
    WerkkopieDialog #werkkopie-title { text-style: bold; margin-bottom: 1; }
    WerkkopieDialog #werkkopie-error { color: $text-error; }
    WerkkopieDialog #werkkopie-keys { margin-top: 1; color: $text-muted; }
    """
    HELP = t("werkkopie.app.make.help")
    BINDINGS = [Binding("escape", "close", t("werkkopie.app.make.close"), id="werkkopie.close")]

    def __init__(self, server: str) -> None:
        super().__init__()
        self.server = server
        self.running = False
        self.made: Path | None = None
        self.done_text = ""  # where it was written, once made

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("werkkopie.app.make.title"), id="werkkopie-title")
            yield Static(
                t("werkkopie.app.make.explain", server=server_name(self.server)),
                id="werkkopie-explain",
                markup=False,
            )
            suggestion = str(suggested_path(self.server))  # only filled in: Enter confirms it
            yield FormInput(suggestion, id="werkkopie-file", select_on_focus=False)
            yield Static(id="werkkopie-error", markup=False)
            yield Static(id="werkkopie-progress", markup=False)
            yield Static(t("werkkopie.app.make.keys"), id="werkkopie-keys")

    @on(Input.Changed, "#werkkopie-file")
    def _typed(self) -> None:
        self.query_one("#werkkopie-error", Static).update("")

    @on(Input.Submitted, "#werkkopie-file")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.running or self.made is not None:
            return
        problem = refusal(event.value)
        if problem is not None:
            self.query_one("#werkkopie-error", Static).update(problem)
            return
        from mtvdp_tui.reading import user_path

        self.running = True
        event.input.disabled = True
        self.refresh_bindings()
        self.query_one("#werkkopie-keys", Static).update(t("werkkopie.app.make.running"))
        self._make(user_path(event.value))

    @work(thread=True, exclusive=True, group="werkkopie-make")
    def _make(self, target: Path) -> None:
        from mtvdp_tui.store.werkkopie_make import make_werkkopie

        def progress(table: str, done: int, total: int) -> None:
            line = t(
                "transfer.progress",
                table=table,
                done=formatting.number(done),
                total=formatting.number(total),
            )
            self.app.call_from_thread(self._progress, line.strip())

        def checking(table: str) -> None:
            self.app.call_from_thread(self._progress, t("transfer.checking.table", table=table))

        try:
            report = make_werkkopie(self.server, str(target), progress, checking)
        except DatabaseError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, target, report.rows)

    def _progress(self, line: str) -> None:
        self.query_one("#werkkopie-progress", Static).update(line)

    def _failed(self, message: str) -> None:
        self.running = False
        field = self.query_one("#werkkopie-file", Input)
        field.disabled = False
        field.focus()
        self.query_one("#werkkopie-progress", Static).update("")
        self.query_one("#werkkopie-error", Static).update(message)
        self.query_one("#werkkopie-keys", Static).update(t("werkkopie.app.make.keys"))
        self.refresh_bindings()

    def _done(self, target: Path, rows: int) -> None:
        self.running = False
        self.made = target
        done = t(
            "werkkopie.app.made",
            path=target,
            server=server_name(self.server),
            rows=formatting.number(rows),
        )
        self.done_text = done
        self.query_one("#werkkopie-progress", Static).update(done)
        self.query_one("#werkkopie-keys", Static).update(t("werkkopie.app.make.closing"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":  # not while the copy is being made
            return not self.running
        return True

    def action_close(self) -> None:
        if self.running:
            return
        if self.made is not None:  # said once more after the dialog, where it stays a while
            self.app.notify(self.done_text, timeout=20)
        self.dismiss(self.made)
