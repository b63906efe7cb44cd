"""The application: modes, app-wide keys, the command palette and themes. Screens do the work."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, cast

from rich.console import Group
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.worker import WorkerFailed

from mtvdp_tui.applog import crash_text
from mtvdp_tui.i18n import t, textual_texts
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.register import RegisterScreen
from mtvdp_tui.screens.werkkopie_status import WerkkopieStatus
from mtvdp_tui.settings import Settings, SettingsError, default_export_dir, save_settings
from mtvdp_tui.store.database import Database
from mtvdp_tui.widgets.keys import binding_display, screen_keys
from mtvdp_tui.widgets.mode_bar import ModeBar, ModeEntry
from mtvdp_tui.widgets.werkkopie_bar import SectionBars

HIGH_CONTRAST = Theme(
    name="mtvdp-hoog-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFD700",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    success="#00FF00",
    warning="#FFA500",
    error="#FF4040",
    dark=True,
)
log = logging.getLogger(__name__)
DEFAULT_THEME = "textual-dark"
PALETTE_SKIP = {"escape", "up", "down", "pageup", "pagedown", "home", "end"}  # not worth a command
# the palette itself; help has its own command
NOT_IN_PALETTE = {"command_palette", "help", "help_unless_typing"}
MODE_ENTRIES = (
    ModeEntry("register", "F3", t("app.register")),
    ModeEntry("plans", "F4", t("app.plans")),
    ModeEntry("lottery", "F5", t("app.lottery")),
    ModeEntry("declarations", "F6", t("app.declarations")),
    ModeEntry("audit", "F7", t("app.audit")),
    ModeEntry("monitoring", "F10", t("app.monitoring")),
)


def _screen(module: str, name: str) -> Screen[None]:
    """A section's screen, its module imported on first use."""
    from importlib import import_module

    screen_class = getattr(import_module(f"mtvdp_tui.screens.{module}"), name)
    return cast("Screen[None]", screen_class())


def default_import_folders() -> list[Path]:
    """Where practice lists usually are: the export folder, Downloads, Documents."""
    from platformdirs import user_documents_path, user_downloads_path

    return [default_export_dir(), user_downloads_path(), user_documents_path()]


class AppCrash(Exception):
    """An unexpected error, as the user sees it: the Dutch message naming the log file (Textual
    shows an exception's `__rich__` on exit instead of a traceback). The error is its cause."""

    def __init__(self, log_file: Path | None) -> None:
        self.where = str(log_file) if log_file is not None else t("crash.no_log")
        super().__init__(crash_text(log_file))

    def __rich__(self) -> Group:
        # plain text (a path with [brackets] is no markup); the path on a line of its own, only
        # folded (never cut) where it is wider than the terminal
        path = Text(self.where, overflow="fold")
        return Group(Text(t("crash.message")), path, Text(t("crash.send")))


class MtvdpApp(App[None]):
    """mtvdp-tui. Built by `mtvdp_tui.cli.build_app`, for the command line and the tests alike."""

    # The register shows first; the other sections are imported when first opened (start-up).
    MODES = {
        "register": RegisterScreen,
        "plans": lambda: _screen("plans", "PlansScreen"),
        "lottery": lambda: _screen("lottery", "LotteryScreen"),
        "declarations": lambda: _screen("declarations", "DeclarationsScreen"),
        "audit": lambda: _screen("audit", "AuditScreen"),
        "monitoring": lambda: _screen("monitoring", "MonitoringScreen"),
    }
    DEFAULT_MODE = "register"
    # Every action on a key that another system may take first (the F-row needs Fn on many
    # laptops; macOS takes ctrl+arrows) has a second key; the help screen lists both.
    BINDINGS = [
        Binding("q", "quit", t("app.quit"), tooltip=t("app.quit.help"), id="app.quit"),
        # Textual's own ctrl+q, with our text: it also works while typing in a field
        Binding("ctrl+q", "quit", t("app.quit"), show=False, priority=True, id="app.quit_anywhere"),
        # priority: these also work in dialogs and forms (a modal screen hides the app's keys)
        Binding(
            "f2,ctrl+l",
            "toggle_contrast",
            t("app.contrast"),
            tooltip=t("app.contrast.help"),
            priority=True,
            id="app.contrast",
        ),
        # F1 and ? open help and close it again (the footer always ends with its own F1 item)
        Binding(
            "f1",
            "help",
            t("app.help"),
            tooltip=t("app.help.help"),
            show=False,
            priority=True,
            id="app.help",
        ),
        # "?" is typed, not bound, in a text field: see check_action
        Binding(
            "question_mark",
            "help_unless_typing",
            t("app.help"),
            tooltip=t("app.help.help"),
            show=False,
            priority=True,
            id="app.help_question",
        ),
        # the sections: shown in each screen's ModeBar rather than in the crowded footer; the
        # digits 1-6 are their second keys (typed, not bound, in a text field)
        *(
            Binding(
                f"{entry.key.lower()},{number}",
                f"section('{entry.mode}')",
                entry.label,
                tooltip=t(f"app.{entry.mode}.help"),
                show=False,
                id=f"app.section.{entry.mode}",
            )
            for number, entry in enumerate(MODE_ENTRIES, start=1)
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            t("app.palette"),
            tooltip=t("app.palette.help"),
            id="app.palette",
        ),
        Binding("o", "open_document", t("app.open_document"), id="app.open_document", show=False),
        # only in a werkkopie (check_action); the F-row needs Fn on many laptops: Ctrl+Y too
        Binding(
            "f9,ctrl+y",
            "synchronise",
            t("werkkopie.app.key.sync"),
            tooltip=t("werkkopie.app.key.sync.help"),
            id="app.synchronise",
        ),
        Binding(
            "f8,ctrl+t",
            "conflicts",
            t("werkkopie.app.key.conflicts"),
            tooltip=t("werkkopie.app.key.conflicts.help"),
            id="app.conflicts",
        ),
        # only on the organisation database (PostgreSQL)
        Binding(
            "W",
            "make_werkkopie",
            t("werkkopie.app.key.make"),
            tooltip=t("werkkopie.app.key.make.help"),
            id="app.make_werkkopie",
        ),
    ]
    COMMAND_PALETTE_BINDING = "ctrl+p"

    def __init__(
        self,
        database: Database,
        *,
        today: Callable[[], date] = date.today,
        export_dir: Path | None = None,
        import_folders: Sequence[Path] | None = None,
        settings: Settings | None = None,
        notices: Sequence[str] = (),
        log_file: Path | None = None,
        database_url: str | None = None,
    ) -> None:
        textual_texts.apply()  # before any widget exists
        super().__init__()
        self.database = database
        self.today = today
        # the user's settings (None: nothing is read or remembered, as in most tests)
        self.settings = settings
        self.notices = list(notices)  # Dutch warnings from start-up, shown once the app runs
        self.log_file = log_file
        self.database_url = database_url  # the PostgreSQL URL it was opened with (werkkopie maken)
        # info None: not a werkkopie; the header names F8 beside the open conflicts
        self.werkkopie = WerkkopieStatus(self, conflicts_key="F8")
        self.last_document: Path | None = None  # the document `o` opens
        self._crashed = False
        settings_folder = settings.export_folder if settings is not None else None
        self.export_dir = export_dir or settings_folder or default_export_dir()
        # where the import looks for practice lists first: the export folder, then the usual ones
        self.import_folders = (
            list(import_folders) if import_folders is not None else default_import_folders()
        )
        self.title = t("app.title")
        self.sub_title = t("app.subtitle", database=database.name, ruleset=database.ruleset.name)

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self._apply_settings()
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=20)
        self.werkkopie.start()
        # Start-up made ~100,000 long-lived objects (modules, styles, widgets): keep the garbage
        # collector from walking them again, which otherwise shows as 100+ ms stutters.
        self.call_after_refresh(gc.freeze)

    @property
    def sections(self) -> tuple[ModeEntry, ...]:
        """The sections this database's regeling has (no lottery where there is none)."""
        lottery = self.database.ruleset.lottery
        return tuple(e for e in MODE_ENTRIES if e.mode != "lottery" or lottery)

    def mode_bar(self, current: str) -> Widget:
        """The line naming the app's sections, for the screen of section `current`; in a
        werkkopie with the werkkopie's line under it."""
        bar = ModeBar(self.sections, current)
        if not self.werkkopie.active:
            return bar
        return SectionBars(bar, *self.werkkopie.bars(current))

    def action_section(self, mode: str) -> None:
        if any(entry.mode == mode for entry in self.sections):
            self.switch_mode(mode)
        else:
            self.notify(t("app.no_lottery", ruleset=self.database.ruleset.name), timeout=8)

    def on_unmount(self) -> None:
        self.database.close()
        gc.freeze()  # the interpreter's exit then skips a full collection (~150 ms)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            from mtvdp_tui.screens.palette import Palette

            self.push_screen(Palette())

    def action_help(self) -> None:
        """Help for the screen in front (F1, ?); pressed again on the help screen, closes it."""
        from mtvdp_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_help_unless_typing(self) -> None:
        self.action_help()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "help_unless_typing":  # a priority key: let "?" be typed in a field
            return not isinstance(self.focused, (Input, TextArea))
        if action == "open_document":  # only once a document was saved
            return self.last_document is not None
        if action in ("synchronise", "conflicts"):
            return self.werkkopie.active
        if action == "make_werkkopie":  # typed, not bound, in a text field
            typing = isinstance(self.focused, (Input, TextArea))
            return self.database_url is not None and not typing
        return True

    # the werkkopie's keys: its own module does the work (screens/werkkopie_status)
    def action_synchronise(self) -> None:
        self.werkkopie.synchronise()

    def action_conflicts(self) -> None:
        self.werkkopie.open_conflicts()

    def action_make_werkkopie(self) -> None:
        if self.database_url is not None:
            self.werkkopie.make_from(self.database_url)

    def get_key_display(self, binding: Binding) -> str:
        """Keys as a Dutch keyboard names them: "Ctrl+S", "F2", "Esc" (footer, help, palette)."""
        return binding_display(binding)

    async def action_quit(self) -> None:
        """Quit, but ask first when the screen in front has changes that are not saved."""
        if not getattr(self.screen, "is_dirty", False):
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(
            ConfirmScreen(t("app.quit.unsaved"), confirm_label=t("app.quit.confirm"), danger=True),
            answered,
        )

    def _apply_settings(self) -> None:
        """The remembered theme; from now on a change of theme is remembered."""
        if self.settings is None:
            return
        theme = self.settings.theme
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        elif theme is not None:
            self.notices.append(t("settings.unknown_theme", theme=theme, path=self.settings.path))
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        settings = self.settings
        if settings is None or settings.theme == theme.name:
            return
        try:
            save_settings(settings.with_theme(theme.name))
        except SettingsError as error:
            self.notify(str(error), severity="warning", timeout=15)
            return
        self.settings = settings.with_theme(theme.name)

    def document_saved(self, path: Path, message: str, timeout: float = 10) -> None:
        """A document the user asked for was saved at `path`: say so (`message`), and let `o`
        open it. Every screen that writes a document calls this, from its worker as well."""
        self.last_document = path
        self.notify(f"{message}\n{t('app.open_document.hint')}", timeout=timeout)
        self.refresh_bindings()

    def action_open_document(self) -> None:
        """Open the last saved document with the system's viewer (browser, spreadsheet)."""
        from mtvdp_tui.opener import NoViewerError, open_document

        path = self.last_document
        if path is None:
            return
        if not path.exists():
            self.notify(t("app.open_document.gone", path=path), severity="warning")
            return
        try:
            open_document(path)
        except NoViewerError as error:
            message = t("app.open_document.no_viewer", path=path, command=error.command)
            self.notify(message, severity="warning", timeout=10)
        except OSError as error:
            message = t("app.open_document.failed", path=path, error=dutch(error))
            self.notify(message, severity="error", timeout=10)

    def _handle_exception(self, error: Exception) -> None:
        """compat hook `App._handle_exception`: an unexpected error anywhere in the app. Its
        traceback goes to the log file, the database is closed (a transaction that was not
        committed is rolled back: nothing half is stored), and Textual ends the app showing
        the Dutch `AppCrash` message instead of the traceback (exit code 1)."""
        original = error.error if isinstance(error, WorkerFailed) else error
        log.error("unexpected error", exc_info=(type(original), original, original.__traceback__))
        if self._crashed:  # a second error while stopping: logged, the message stands
            return
        self._crashed = True
        try:
            self.database.close()
        except Exception:
            log.exception("closing the database after the error failed")
        crash = AppCrash(self.log_file)
        crash.__cause__ = original
        super()._handle_exception(crash)

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key of the current screen (also those the footer has no room for), the
        app-wide ones and the theme, in Dutch; each action once, and no two with one title."""
        sections = {f"section('{entry.mode}')" for entry in self.sections}
        titles: set[str] = set()
        for entry in screen_keys(screen):
            if set(entry.keys) <= PALETTE_SKIP or entry.action in NOT_IN_PALETTE:
                continue
            if entry.action.startswith("section(") and entry.action not in sections:
                continue  # no lottery in this regeling
            title = entry.description
            if title in titles:  # two actions with one name: the key tells them apart
                title = t("app.palette.same_title", title=title, key=entry.display)
            titles.add(title)
            key = t("app.palette.key", key=entry.display)
            help_text = (
                t("app.palette.help_key", help=entry.tooltip, key=key) if entry.tooltip else key
            )
            run = partial(self.run_action, entry.action, entry.namespace)
            yield SystemCommand(title, help_text, run)
        yield SystemCommand(t("app.help"), t("app.help.help"), self.action_help)
        yield SystemCommand(t("app.theme"), t("app.theme.help"), self.action_change_theme)
