"""The application: modes, app-wide keys, the command palette and themes. Screens do the work."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Input, TextArea

from mtvdp_tui.i18n import t, textual_texts
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.register import RegisterScreen
from mtvdp_tui.store.database import Database
from mtvdp_tui.widgets.keys import binding_display, screen_keys
from mtvdp_tui.widgets.mode_bar import ModeBar, ModeEntry

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
)


def _screen(module: str, name: str) -> Screen[None]:
    """A section's screen, its module imported on first use."""
    from importlib import import_module

    screen_class = getattr(import_module(f"mtvdp_tui.screens.{module}"), name)
    return cast("Screen[None]", screen_class())


def default_export_dir() -> Path:
    """Where documents go: an 'mtvdp' folder in the user's documents folder."""
    from platformdirs import user_documents_path

    return user_documents_path() / "mtvdp"


def default_import_folders() -> list[Path]:
    """Where practice lists usually are: the export folder, Downloads, Documents."""
    from platformdirs import user_documents_path, user_downloads_path

    return [default_export_dir(), user_downloads_path(), user_documents_path()]


class MtvdpApp(App[None]):
    """mtvdp-tui. Built by `mtvdp_tui.cli.build_app`, for the command line and the tests alike."""

    # The register shows first; the other sections are imported when first opened (start-up).
    MODES = {
        "register": RegisterScreen,
        "plans": lambda: _screen("plans", "PlansScreen"),
        "lottery": lambda: _screen("lottery", "LotteryScreen"),
        "declarations": lambda: _screen("declarations", "DeclarationsScreen"),
        "audit": lambda: _screen("audit", "AuditScreen"),
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
        # digits 1-5 are their second keys (typed, not bound, in a text field)
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
    ]
    COMMAND_PALETTE_BINDING = "ctrl+p"

    def __init__(
        self,
        database: Database,
        *,
        today: Callable[[], date] = date.today,
        export_dir: Path | None = None,
        import_folders: Sequence[Path] | None = None,
    ) -> None:
        textual_texts.apply()  # before any widget exists
        super().__init__()
        self.database = database
        self.today = today
        self.export_dir = export_dir or default_export_dir()
        # where the import looks for practice lists first: the export folder, then the usual ones
        self.import_folders = (
            list(import_folders) if import_folders is not None else default_import_folders()
        )
        self.title = t("app.title")
        self.sub_title = t(
            "app.subtitle", database=database.path.name, ruleset=database.ruleset.name
        )

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        # Start-up made ~100,000 long-lived objects (modules, styles, widgets): keep the garbage
        # collector from walking them again, which otherwise shows as 100+ ms stutters.
        self.call_after_refresh(gc.freeze)

    @property
    def sections(self) -> tuple[ModeEntry, ...]:
        """The sections this database's regeling has (no lottery where there is none)."""
        lottery = self.database.ruleset.lottery
        return tuple(e for e in MODE_ENTRIES if e.mode != "lottery" or lottery)

    def mode_bar(self, current: str) -> ModeBar:
        """The line naming the app's sections, for the screen of section `current`."""
        return ModeBar(self.sections, current)

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
        return True

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
