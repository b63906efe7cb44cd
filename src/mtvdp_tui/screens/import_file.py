"""Importing practices, step 1: choose the file. Typed as a path (completed as you type), or
picked from the practice lists in the usual folders (Downloads, Documents, the export folder),
newest first. Only files whose header row makes them a practice list are offered (see
`practice_import.check_list`; the declaration exports have agb, naam and regio too, but are not);
one typed that does not look like one is read only after a second Enter, and the screen says
why. The file is read and judged in a thread; a file that cannot be imported gets its Dutch
message under the field, and the screen stays so another can be chosen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mtvdp_tui.domain.import_reading import COLUMNS, REQUIRED_COLUMNS, ImportFileError
from mtvdp_tui.formatting import listing
from mtvdp_tui.i18n import t
from mtvdp_tui.reading import path_text, user_path
from mtvdp_tui.records.imports import Preview
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.store.practice_import import check_list, preview, read_file
from mtvdp_tui.widgets.columns import fit
from mtvdp_tui.widgets.form_input import FormInput
from mtvdp_tui.widgets.key_footer import KeyFooter

SUFFIXES = (".csv", ".xlsx")
MAX_FOUND = 100


@dataclass(frozen=True)
class Chosen:
    path: Path
    preview: Preview


def shown_path(path: Path) -> str:
    """`path` with the home folder written as ~."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def found_files(folders: list[Path]) -> list[Path]:
    """The CSV and Excel files directly in `folders`, newest first (at most MAX_FOUND)."""
    found: dict[Path, float] = {}
    for folder in folders:
        try:
            for entry in folder.iterdir():
                if entry.suffix.lower() in SUFFIXES and entry.is_file():
                    found[entry] = entry.stat().st_mtime
        except OSError:
            continue  # a folder that is not there (or not readable) has nothing to offer
    return sorted(found, key=lambda path: found[path], reverse=True)[:MAX_FOUND]


class PathSuggester(Suggester):
    """Completes the last part of a typed path: folders, and CSV or Excel files."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.endswith(("/", "~")):
            return None
        typed = Path(value).expanduser()
        folder, start = typed.parent, typed.name.casefold()
        try:
            names = sorted(
                entry.name + ("/" if entry.is_dir() else "")
                for entry in folder.iterdir()
                if entry.name.casefold().startswith(start)
                and not entry.name.startswith(".")
                and (entry.is_dir() or entry.suffix.lower() in SUFFIXES)
            )
        except OSError:
            return None
        if not names:
            return None
        return value + names[0][len(typed.name) :]


class ImportFileScreen(Screen[Chosen | None]):
    CSS_PATH = "import.tcss"
    HELP = t("help.screen.import_file")
    BINDINGS = [
        Binding("escape", "cancel", t("import.kies.key.cancel"), id="import.cancel"),
        # priority: the screen's own scroll binding for "down" would win otherwise; check_action
        # gives "down" back to the file list once it has the focus
        Binding(
            "down",
            "to_list",
            t("import.kies.key.list"),
            key_display="↓",
            id="import.list",
            priority=True,
        ),
    ]

    mtvdp = MtvdpAppAttribute()

    def __init__(self) -> None:
        super().__init__()
        self._doubted: Path | None = None  # typed, said not to look like a list: Enter again reads

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("import.kies.titel"), id="title")
        columns = ";".join(COLUMNS)
        required = listing(REQUIRED_COLUMNS)
        yield Static(t("import.kies.uitleg", kolommen=columns, verplicht=required), id="explain")
        with Horizontal(id="path-row"):
            yield Label(t("import.kies.label"), id="path-label")
            yield FormInput(
                placeholder=t("import.kies.placeholder"),
                suggester=PathSuggester(),
                id="path",
            )
        yield Static(id="path-message")
        yield Static(id="found-title")
        yield OptionList(id="files")
        yield KeyFooter()

    def on_mount(self) -> None:
        folders = list(dict.fromkeys(self.mtvdp.import_folders))
        shown = listing(shown_path(folder) for folder in folders)
        self.query_one("#found-title", Static).update(t("import.kies.zoeken", mappen=shown))
        self.query_one("#files", OptionList).display = False
        self.set_focus(self.query_one("#path", Input))
        self._find(folders, shown)

    @work(thread=True, exclusive=True, group="import-find")
    def _find(self, folders: list[Path], shown: str) -> None:
        """The practice lists in `folders`: each candidate's header row is read (a little of it)."""
        candidates = found_files(folders)
        lists = [path for path in candidates if check_list(path).offered]
        skipped = len(candidates) - len(lists)
        self.app.call_from_thread(self._show_found, lists, skipped, shown)

    def _show_found(self, files: list[Path], skipped: int, shown: str) -> None:
        key = "import.kies.gevonden" if files else "import.kies.niets_gevonden"
        title = t(key, mappen=shown)
        if skipped:  # said first: the title stays right above the list
            count = "een" if skipped == 1 else "meer"
            title = t(f"import.kies.overgeslagen.{count}", aantal=skipped) + "\n" + title
        self.query_one("#found-title", Static).update(title)
        options = self.query_one("#files", OptionList)
        options.add_options(Option(self._option_text(path), id=str(path)) for path in files)
        options.display = bool(files)
        self.refresh_bindings()

    @staticmethod
    def _option_text(path: Path) -> str:
        changed = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d-%m-%Y %H:%M")
        return f"{fit(path.name, 44)} {fit(shown_path(path.parent), 40)} {changed}"

    # --- choosing ----------------------------------------------------------------------------

    @on(Input.Submitted, "#path")
    def _typed(self, event: Input.Submitted) -> None:
        if not path_text(event.value):
            self._message(t("import.kies.leeg"), error=True)
            return
        self._read(user_path(event.value), typed=True)

    @on(OptionList.OptionSelected, "#files")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        path = Path(str(event.option.id))
        self.query_one("#path", Input).value = shown_path(path)
        self._read(path)

    @on(Input.Changed, "#path")
    def _changed(self) -> None:
        self._message("")

    def _message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#path-message", Static)
        message.update(text)
        message.set_class(error, "-error")
        self.query_one("#path", Input).set_class(error, "-invalid")

    @work(thread=True, exclusive=True, group="import-read")
    def _read(self, path: Path, *, typed: bool = False) -> None:
        """Read and judge the file (an Excel file of 10,000 rows takes a second or two). A typed
        file that does not look like a practice list is read after a second Enter only."""
        self.app.call_from_thread(self._message, t("import.kies.bezig", naam=path.name))
        if typed and path != self._doubted:
            doubt = check_list(path).doubt
            if doubt is not None:
                self._doubted = path
                self.app.call_from_thread(self._message, t("import.kies.toch", reden=doubt))
                return
        database = self.mtvdp.database
        try:
            result = preview(read_file(path), path.name, database.ruleset, database.practices)
        except ImportFileError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, Chosen(path, result))

    def _failed(self, message: str) -> None:
        self._message(message, error=True)
        self.set_focus(self.query_one("#path", Input))

    def action_to_list(self) -> None:
        options = self.query_one("#files", OptionList)
        if options.display and options.option_count:
            self.set_focus(options)
            if options.highlighted is None:
                options.highlighted = 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            options = self.query_one("#files", OptionList)
            has_files = options.display and options.option_count > 0
            return has_files and self.focused is self.query_one("#path", Input)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
